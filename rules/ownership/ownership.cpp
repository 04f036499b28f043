#include "rules/ownership/ownership.h"

#include "loaders/sql.h"

namespace archgate {

OwnsMatch match_owned(const TableName& owned, const TableName& table) {
  if (owned.name != table.name) return OwnsMatch::none;
  if (owned.schema == table.schema) return OwnsMatch::exact;
  if (owned.schema.empty() || table.schema.empty()) return OwnsMatch::any_schema;
  return OwnsMatch::none;
}

OwnershipIndex::OwnershipIndex(const Inventory& inventory) {
  for (const auto& service : inventory.services) {
    for (const auto& entry : service.owns) {
      auto table = parse_table_name(entry.value);
      if (!table) continue;
      by_name_[table->name].push_back(entries_.size());
      entries_.push_back({&service, &entry, std::move(*table)});
    }
  }
}

std::vector<OwnedTable> OwnershipIndex::owners_of(const TableName& table) const {
  std::vector<OwnedTable> out;
  auto it = by_name_.find(table.name);
  if (it == by_name_.end()) return out;
  for (std::size_t i : it->second) {
    if (match_owned(entries_[i].table, table) != OwnsMatch::none) out.push_back(entries_[i]);
  }
  return out;
}

std::optional<OwnedTable> OwnershipIndex::owner_of(const TableName& table) const {
  std::optional<OwnedTable> best;
  for (const auto& o : owners_of(table)) {
    if (match_owned(o.table, table) == OwnsMatch::exact) return o;
    if (!best) best = o;
  }
  return best;
}

bool OwnershipIndex::owned_by(std::string_view service, const TableName& table) const {
  for (const auto& o : owners_of(table)) {
    if (o.service->name == service) return true;
  }
  return false;
}

std::optional<OwnedTable> OwnershipIndex::foreign_owner(std::string_view service, const TableName& table) const {
  if (owned_by(service, table)) return std::nullopt;
  auto owner = owner_of(table);
  if (!owner || owner->service->name == service) return std::nullopt;
  return owner;
}

std::optional<OwnedTable> owner_of(const Inventory& inventory, const TableName& table) {
  return OwnershipIndex(inventory).owner_of(table);
}

std::string quoted_table(const TableName& table) { return "\"" + table.display() + "\""; }

}  // namespace archgate
