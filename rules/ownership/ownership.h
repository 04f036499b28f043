// Who owns a table: the inventory's `owns` entries, compared with PostgreSQL
// identifier rules (SPEC 2.4). Shared by the ownership rules (AG101-AG105).
//
// An entry is "stock", "inventory.stock" or "\"Stock\"": unquoted parts fold
// to lower case, quoted parts keep case. An entry without a schema matches the
// table in any schema, and a table named without a schema in SQL matches an
// entry of any schema (the search_path decides, and archgate does not know
// it); when several entries match, one with the same schema wins.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/model.h"

namespace archgate {

// One parsed `owns` entry.
struct OwnedTable {
  const InventoryService* service = nullptr;
  const Located<std::string>* entry = nullptr;  // as written, with its span in the inventory
  TableName table;
};

enum class OwnsMatch : std::uint8_t {
  none,
  any_schema,  // one side names no schema
  exact,       // same schema, or neither names one
};

OwnsMatch match_owned(const TableName& owned, const TableName& table);

// Every `owns` entry of the inventory, indexed by table name. Built once per
// run_rules() call and shared by its rules (RuleContext::ownership()).
class OwnershipIndex {
 public:
  explicit OwnershipIndex(const Inventory& inventory);

  // The entry that owns `table` (exact schema match first, then inventory
  // order); nullopt when no service lists it.
  std::optional<OwnedTable> owner_of(const TableName& table) const;
  // Every entry matching `table`, in inventory order.
  std::vector<OwnedTable> owners_of(const TableName& table) const;
  // Does the service called `service` list `table`?
  bool owned_by(std::string_view service, const TableName& table) const;
  // The owner of `table` when it is a service other than `service` and
  // `service` does not list the table itself.
  std::optional<OwnedTable> foreign_owner(std::string_view service, const TableName& table) const;

  const std::vector<OwnedTable>& entries() const { return entries_; }

 private:
  std::vector<OwnedTable> entries_;  // inventory order
  std::unordered_map<std::string, std::vector<std::size_t>> by_name_;
};

// Convenience for a single lookup (builds an index: O(entries)).
std::optional<OwnedTable> owner_of(const Inventory& inventory, const TableName& table);

// `"stock"` for messages: the table as it would be written.
std::string quoted_table(const TableName& table);

}  // namespace archgate
