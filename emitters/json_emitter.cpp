#include "emitters/json_emitter.h"

#include <nlohmann/json.hpp>

namespace archgate {

namespace {

using ordered = nlohmann::ordered_json;

ordered location(const Span& s) {
  ordered loc;
  loc["path"] = s.path;
  loc["line"] = s.line;
  loc["column"] = s.column;
  loc["endLine"] = s.end_line ? s.end_line : s.line;
  loc["endColumn"] = s.end_column ? s.end_column : s.column;
  return loc;
}

}  // namespace

void emit_json(const Report& report, std::ostream& out) {
  ordered root;
  root["version"] = 1;
  root["tool"] = {{"name", "archgate"}, {"version", ARCHGATE_VERSION}};
  const Summary& s = report.summary;
  root["summary"] = {{"errors", s.errors},     {"warnings", s.warnings}, {"notes", s.notes},
                     {"files", s.files},       {"services", s.services}};
  if (s.live) {
    root["summary"]["requests"] = s.requests;
    if (s.requests_left_out) root["summary"]["requestsLeftOut"] = s.requests_left_out;
  }
  if (s.baseline_used) {
    root["summary"]["baseline"] = {{"matched", s.baselined}, {"stale", s.baseline_stale}};
  }
  if (s.base_used) {
    root["summary"]["base"] = {{"revision", s.base_commit}, {"preexisting", s.preexisting}, {"fixed", s.fixed}};
  }
  ordered findings = ordered::array();
  for (const auto& d : report.diagnostics) {
    ordered f;
    f["rule"] = d.rule;
    f["name"] = rule_name(d.rule);
    f["severity"] = std::string(severity_name(d.severity));
    f["message"] = d.message;
    f["service"] = d.service;
    f["location"] = location(d.span);
    if (!d.logical_path.empty()) f["logicalPath"] = d.logical_path;
    ordered related = ordered::array();
    for (const auto& r : d.related) {
      ordered rel = location(r.span);
      rel["message"] = r.message;
      related.push_back(std::move(rel));
    }
    f["related"] = std::move(related);
    if (!d.help.empty()) f["help"] = d.help;
    f["fingerprint"] = d.fingerprint;
    findings.push_back(std::move(f));
  }
  root["findings"] = std::move(findings);
  // Invalid UTF-8 from a hostile file must not make dump() throw.
  out << root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace archgate
