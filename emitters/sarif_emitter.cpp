#include "emitters/sarif_emitter.h"

#include <map>

#include <nlohmann/json.hpp>

#include "rules/rule.h"
#include "rules/rule_page.h"

#ifndef ARCHGATE_DOCS_URL
#define ARCHGATE_DOCS_URL "https://github.com/archgate/archgate/blob/main/docs/rules/"
#endif

namespace archgate {

namespace {

using ordered = nlohmann::ordered_json;

std::string_view level(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

ordered physical(const Span& s) {
  ordered region;
  region["startLine"] = s.line ? s.line : 1;
  region["startColumn"] = s.column ? s.column : 1;
  region["endLine"] = s.end_line ? s.end_line : (s.line ? s.line : 1);
  std::uint32_t start_col = s.column ? s.column : 1;
  region["endColumn"] = s.end_column > start_col ? s.end_column : start_col + 1;
  return {{"artifactLocation", {{"uri", s.path}, {"uriBaseId", "%SRCROOT%"}}}, {"region", region}};
}

}  // namespace

std::string rule_help_uri(std::string_view id) { return std::string(ARCHGATE_DOCS_URL) + std::string(id) + ".md"; }

void emit_sarif(const Report& report, std::ostream& out) {
  ordered rules = ordered::array();
  std::map<std::string, std::size_t> index;
  for (const auto& rule : all_rules()) {
    const RuleInfo& i = rule.info;
    index[std::string(i.id)] = rules.size();
    ordered r;
    r["id"] = i.id;
    r["name"] = i.name;
    r["shortDescription"] = {{"text", i.summary}};
    r["fullDescription"] = {{"text", std::string(i.what)}};
    std::string page = rule_page(i);
    r["help"] = {{"text", page}, {"markdown", page}};
    r["helpUri"] = rule_help_uri(i.id);
    r["defaultConfiguration"] = {{"level", level(i.severity)}};
    r["properties"] = {{"tags", {std::string(i.family)}}};
    rules.push_back(std::move(r));
  }
  ordered results = ordered::array();
  for (const auto& d : report.diagnostics) {
    ordered r;
    r["ruleId"] = d.rule;
    if (auto it = index.find(d.rule); it != index.end()) r["ruleIndex"] = it->second;
    r["level"] = level(d.severity);
    r["message"] = {{"text", d.message}};
    r["locations"] = ordered::array({{{"physicalLocation", physical(d.span)}}});
    if (!d.related.empty()) {
      ordered related = ordered::array();
      int id = 1;
      for (const auto& rel : d.related) {
        related.push_back({{"id", id++}, {"physicalLocation", physical(rel.span)}, {"message", {{"text", rel.message}}}});
      }
      r["relatedLocations"] = std::move(related);
    }
    r["partialFingerprints"] = {{"archgateFingerprint/v1", d.fingerprint}};
    if (!d.service.empty()) r["properties"] = {{"service", d.service}};
    results.push_back(std::move(r));
  }
  ordered run;
  run["tool"] = {{"driver",
                  {{"name", "archgate"},
                   {"semanticVersion", ARCHGATE_VERSION},
                   {"version", ARCHGATE_VERSION},
                   {"informationUri", std::string(ARCHGATE_DOCS_URL)},
                   {"rules", std::move(rules)}}}};
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = std::move(results);
  ordered root;
  root["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  root["version"] = "2.1.0";
  root["runs"] = ordered::array({std::move(run)});
  out << root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace archgate
