#include "verify/verify.h"

#include <algorithm>
#include <thread>

#include "base/text.h"
#include "loaders/openapi.h"
#include "rules/rule.h"
#include "verify/run.h"

namespace archgate::verify {

std::variant<std::vector<std::pair<std::string, std::string>>, std::string> requested_services(
    const VerifyRequest& request, const Config& config) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& spec : request.services) {
    auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
      return "--service " + spec + ": expected NAME=URL (e.g. order-service=http://127.0.0.1:8080)";
    }
    std::string name = spec.substr(0, eq);
    if (std::any_of(out.begin(), out.end(), [&](const auto& s) { return s.first == name; })) {
      return "--service " + name + " is given twice";
    }
    out.emplace_back(name, spec.substr(eq + 1));
  }
  for (const auto& [name, url] : config.verify_services) {
    if (std::none_of(out.begin(), out.end(), [&](const auto& s) { return s.first == name; })) out.emplace_back(name, url);
  }
  if (out.empty()) return "no service to verify: name one with --service NAME=URL (or verify: services: in archgate.yaml)";
  return out;
}

std::variant<VerifyOutcome, std::string> run_verify(const Model& model, const Config& config,
                                                    const VerifyRequest& request) {
  auto named = requested_services(request, config);
  if (auto* error = std::get_if<std::string>(&named)) return *error;
  VerifyOutcome outcome;
  for (const auto& [name, url] : std::get<0>(named)) {
    const InventoryService* entry = model.inventory.find(name);
    if (!entry) return "\"" + name + "\" is not a service of " + model.inventory.path;
    std::string why;
    auto origin = parse_origin(url, why);
    if (!origin) return "the URL of " + name + " (" + url + "): " + why;
    const OpenApiDocument* contract = nullptr;
    for (const auto& doc : model.contracts) {
      if (doc.service == name) contract = &doc;
    }
    if (!contract || entry->openapi.empty()) return name + " has no OpenAPI contract to verify against (see AG405)";
    if (!contract->readable || contract->files.empty() || !has_trees(*contract)) {
      return name + "'s contract " + entry->openapi + " could not be read (run `archgate check` to see why)";
    }
    VerifiedService service;
    service.name = name;
    service.gateway = entry->kind == ServiceKind::gateway;
    service.origin = *origin;
    service.contract = contract;
    service.entry = entry->entry;
    outcome.services.push_back(std::move(service));
  }
  // In inventory order, whatever the order of the options.
  std::stable_sort(outcome.services.begin(), outcome.services.end(), [&](const auto& a, const auto& b) {
    return model.inventory.find(a.name) < model.inventory.find(b.name);
  });

  PlanOptions plan_options;
  plan_options.read_only = request.read_only;
  plan_options.max_requests = request.max_requests;
  plan_options.seed = request.seed;
  plan_options.operations = request.operations;
  plan_options.request_id_header = config.correlation_header;
  for (const auto& header : request.headers) {
    auto colon = header.find(':');
    if (colon == std::string::npos || colon == 0) return "--header " + header + ": expected 'Name: value'";
    plan_options.headers.emplace_back(std::string(trim(std::string_view(header).substr(0, colon))),
                                      std::string(trim(std::string_view(header).substr(colon + 1))));
  }
  outcome.plan = make_plan(outcome.services, plan_options);
  if (request.dry_run) {
    outcome.plan_text = describe_plan(outcome.plan, outcome.services);
    return outcome;
  }
  outcome.live.services = outcome.services;
  outcome.live.request_id_header = config.correlation_header;
  RunOptions run_options;
  auto timeout = std::chrono::milliseconds(static_cast<long>(request.timeout_seconds * 1000));
  run_options.limits.deadline = timeout;
  run_options.limits.connect_timeout = std::min(timeout, run_options.limits.connect_timeout);
  run_options.limits.read_timeout = std::min(timeout, run_options.limits.read_timeout);
  run_plan(outcome.plan, outcome.live, run_options);
  unsigned jobs = request.jobs ? request.jobs : std::max(1u, std::thread::hardware_concurrency());
  outcome.findings = run_rules(model, config, nullptr, jobs, &outcome.live);
  finalize_diagnostics(outcome.findings);
  return outcome;
}

}  // namespace archgate::verify
