// service-inventory.json -> Inventory (SPEC 2.1).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/diagnostic.h"
#include "model/config.h"
#include "model/model.h"
#include "sources/file_source.h"

namespace archgate {

// An inventory that cannot be used stops the run (exit 2).
struct InventoryError {
  std::string path;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string message;
};

struct InventoryLoad {
  Inventory inventory;
  std::optional<InventoryError> error;
};

inline constexpr std::string_view kInventoryFile = "service-inventory.json";

// Parses the file and validates types, required fields, duplicate and empty
// names. Unknown keys are allowed (forward compatibility).
InventoryLoad parse_inventory(std::string_view path, std::string_view text);

// Fills the defaults that depend on the repository (kind, path, openapi,
// migrations, compose; SPEC 2.1 table, or the conventions of archgate.yaml). An explicit field that names
// something missing, absolute or outside the root is AG002 on that field.
void resolve_inventory_defaults(Inventory& inventory, const FileSource& files, Sink& findings,
                                const PathConventions& conventions = {});

}  // namespace archgate
