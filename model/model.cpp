#include "model/model.h"

#include "model/config.h"

namespace archgate {

std::string_view service_kind_name(ServiceKind kind) {
  switch (kind) {
    case ServiceKind::service: return "service";
    case ServiceKind::gateway: return "gateway";
    case ServiceKind::worker: return "worker";
    case ServiceKind::datastore: return "datastore";
    case ServiceKind::platform: return "platform";
  }
  return "service";
}

std::string_view table_access_name(TableAccess access) {
  switch (access) {
    case TableAccess::create: return "creates";
    case TableAccess::alter: return "alters";
    case TableAccess::drop: return "drops";
    case TableAccess::write: return "writes";
    case TableAccess::read: return "reads";
    case TableAccess::references: return "references";
  }
  return "uses";
}

void Inventory::index_services() {
  by_name_.clear();
  for (std::size_t i = 0; i < services.size(); ++i) by_name_.emplace(services[i].name, i);  // the first wins
}

const InventoryService* Inventory::find(std::string_view name) const {
  if (!by_name_.empty()) {
    auto it = by_name_.find(name);
    return it == by_name_.end() || it->second >= services.size() ? nullptr : &services[it->second];
  }
  for (const auto& s : services) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const ComposeService* ComposeProject::find(std::string_view name) const {
  for (const auto& s : services) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const OpenApiDocument* Model::contract_of(std::string_view service) const {
  for (const auto& c : contracts) {
    if (c.service == service) return &c;
  }
  return nullptr;
}

namespace {
bool matches(std::string_view id, const std::vector<std::string>& patterns) {
  for (const auto& p : patterns) {
    if (id.substr(0, p.size()) == p) return true;
  }
  return false;
}
}  // namespace

bool Config::rule_enabled(std::string_view id) const {
  if (!select.empty() && !matches(id, select)) return false;
  return !matches(id, ignore);
}

}  // namespace archgate
