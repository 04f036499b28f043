// Who owns a table: the inventory's `owns` entries matched against a table
// name as PostgreSQL folds it. Shared by the ownership rules (AG10x) and the
// gateway rules.
#pragma once

#include <optional>
#include <string_view>

#include "model/model.h"

namespace archgate {

struct Ownership {
  const InventoryService* service;
  const Located<std::string>* entry;  // the `owns` entry that matched
};

// Whether the `owns` entry as written ("stock", "inventory.stock",
// "\"Stock\"") names `table`: an entry without a schema matches the table in
// any schema; unquoted parts compare case-insensitively (they fold to lower
// case, like the SQL side), quoted parts exactly.
bool owns_entry_matches(std::string_view entry, const TableName& table);

// The first service (in inventory order) with an entry naming `table`.
std::optional<Ownership> owner_of(const Inventory& inventory, const TableName& table);

// Whether `service` lists `table` in its `owns`.
bool service_owns(const InventoryService& service, const TableName& table);

}  // namespace archgate
