#include "rules/ownership/ownership.h"

#include <vector>

#include "base/text.h"

namespace archgate {
namespace {

// "inventory.\"Stock\"" -> {"inventory", "Stock"}: unquoted parts lower-cased,
// quoted parts kept ("" doubles a quote).
std::vector<std::string> name_parts(std::string_view written) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (std::size_t i = 0; i < written.size(); ++i) {
    char c = written[i];
    if (quoted) {
      if (c == '"' && i + 1 < written.size() && written[i + 1] == '"') {
        parts.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        parts.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == '.') {
      parts.emplace_back();
    } else if (c != ' ' && c != '\t') {
      parts.back() += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  return parts;
}

}  // namespace

bool owns_entry_matches(std::string_view entry, const TableName& table) {
  auto parts = name_parts(trim(entry));
  if (parts.empty() || parts.back().empty()) return false;
  if (parts.back() != table.name) return false;
  if (parts.size() == 1) return true;
  return parts[parts.size() - 2] == table.schema;
}

std::optional<Ownership> owner_of(const Inventory& inventory, const TableName& table) {
  for (const auto& service : inventory.services) {
    for (const auto& entry : service.owns) {
      if (owns_entry_matches(entry.value, table)) return Ownership{&service, &entry};
    }
  }
  return std::nullopt;
}

bool service_owns(const InventoryService& service, const TableName& table) {
  for (const auto& entry : service.owns) {
    if (owns_entry_matches(entry.value, table)) return true;
  }
  return false;
}

}  // namespace archgate
