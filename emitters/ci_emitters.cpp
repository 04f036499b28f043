#include "emitters/ci_emitters.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "base/display_text.h"
#include "rules/rule.h"

namespace archgate {

namespace {

std::string escape_data(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string escape_property(std::string_view s) {
  std::string out;
  for (char c : escape_data(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

std::string_view github_command(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "notice";
  }
  return "error";
}

std::string xml_escape(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 forbids most control characters, even escaped.
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') out += ' ';
        else out += static_cast<char>(c);
    }
  }
  return out;
}

std::string where(const Span& s, const std::string& prefix = {}) {
  return prefix + std::string(s.path) + ':' + std::to_string(s.line) + ':' + std::to_string(s.column);
}

// GitHub resolves paths against $GITHUB_WORKSPACE, archgate's are relative to
// the checked folder: when that folder sits inside the workspace (a
// monorepo's platform/), annotations and the step summary put its place in
// front, so both name the file as the repository does.
std::string workspace_prefix(const Report& report) {
  const char* workspace = std::getenv("GITHUB_WORKSPACE");
  if (!workspace || !*workspace || report.root.empty()) return {};
  std::error_code ec;
  std::string top = std::filesystem::weakly_canonical(std::filesystem::path(workspace), ec).string();
  if (ec || top.empty()) return {};
  if (top.back() != '/') top += '/';
  if (report.root.size() > top.size() && report.root.compare(0, top.size(), top) == 0) {
    return report.root.substr(top.size()) + "/";
  }
  return {};
}

// The human-readable forms (annotations, the step summary) show repository
// and server text escaped (base/display_text.h): a name holding a newline
// and `::error` or a terminal escape must not become a workflow command or
// rewrite a log. (JUnit and Code Climate are XML and JSON: their
// serialisers escape.)
std::string shown_where(const Span& s, const std::string& prefix = {}) { return display_escape(where(s, prefix)); }

}  // namespace

void emit_github(const Report& report, std::ostream& out) {
  const std::string prefix = workspace_prefix(report);
  std::vector<const Diagnostic*> ordered;
  for (const auto& d : report.diagnostics) ordered.push_back(&d);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const Diagnostic* a, const Diagnostic* b) { return a->severity > b->severity; });
  std::map<Severity, std::size_t> shown;
  std::vector<const Diagnostic*> emitted;
  for (const Diagnostic* d : ordered) {
    if (shown[d->severity]++ < kGithubAnnotationsPerKind) emitted.push_back(d);
  }
  std::size_t hidden = ordered.size() - emitted.size();
  for (std::size_t i = 0; i < emitted.size(); ++i) {
    const Diagnostic& d = *emitted[i];
    std::string message = display_escape(d.message);
    for (const auto& r : d.related) message += "\n" + shown_where(r.span, prefix) + ": " + display_escape(r.message);
    if (hidden > 0 && i + 1 == emitted.size()) {
      message += "\n(" + std::to_string(hidden) + " more finding" + (hidden == 1 ? "" : "s") +
                 " not shown as annotations: GitHub shows 10 of a kind per step; see the job summary or the SARIF "
                 "upload)";
    }
    std::string title = d.rule;
    std::string name = rule_name(d.rule);
    if (!name.empty()) title += " " + name;
    out << "::" << github_command(d.severity) << " file=" << escape_property(display_escape(prefix + std::string(d.span.path)))
        << ",line=" << std::max<std::uint32_t>(1, d.span.line)
        << ",endLine=" << std::max<std::uint32_t>(1, d.span.end_line ? d.span.end_line : d.span.line)
        << ",col=" << std::max<std::uint32_t>(1, d.span.column)
        << ",endColumn=" << std::max<std::uint32_t>(1, d.span.end_column ? d.span.end_column : d.span.column)
        << ",title=" << escape_property(title) << "::" << escape_data(message) << '\n';
  }
}

std::string github_outputs(const Report& report) {
  const Summary& s = report.summary;
  return "errors=" + std::to_string(s.errors) + "\nwarnings=" + std::to_string(s.warnings) +
         "\nnotes=" + std::to_string(s.notes) + "\nfindings=" + std::to_string(report.diagnostics.size()) +
         "\npreexisting=" + std::to_string(s.preexisting) + "\n";
}

std::string github_step_summary(const Report& report, std::size_t limit) {
  const Summary& s = report.summary;
  const std::string prefix = workspace_prefix(report);
  std::string md = "## archgate\n\n";
  md += "| errors | warnings | notes | files | services |\n|---:|---:|---:|---:|---:|\n";
  md += "| " + std::to_string(s.errors) + " | " + std::to_string(s.warnings) + " | " + std::to_string(s.notes) +
        " | " + std::to_string(s.files) + " | " + std::to_string(s.services) + " |\n\n";
  if (s.base_used) {
    md += std::to_string(s.preexisting) + " finding" + (s.preexisting == 1 ? "" : "s") + " already in " +
          s.base_label + " (`" + s.base_commit.substr(0, 12) + "`) " + (s.preexisting == 1 ? "is" : "are") +
          " not counted";
    if (s.fixed) md += "; " + std::to_string(s.fixed) + " fixed by this change";
    md += ".\n\n";
  }
  if (report.diagnostics.empty()) return md + "No findings.\n";
  md += "| severity | rule | location | message |\n|---|---|---|---|\n";
  auto cell = [](std::string_view text) {
    std::string out;
    for (char c : text) {
      if (c == '|') out += "\\|";
      else if (c == '\n' || c == '\r') out += ' ';
      else out += c;
    }
    return out;
  };
  // GitHub refuses a step summary over 1 MiB: the rows stop short of it, and
  // the findings left out are counted.
  const std::size_t room = limit > 512 ? limit - 512 : 0;
  std::size_t left_out = 0;
  for (const auto& d : report.diagnostics) {
    std::string row = "| " + std::string(severity_name(d.severity)) + " | " + d.rule + " " + rule_name(d.rule) +
                      " | `" + cell(shown_where(d.span, prefix)) + "` | " + cell(display_escape(d.message)) + " |\n";
    if (left_out > 0 || md.size() + row.size() > room) {
      ++left_out;
      continue;
    }
    md += row;
  }
  if (left_out > 0) {
    md += "\n" + std::to_string(left_out) + " more finding" + (left_out == 1 ? " is" : "s are") +
          " not listed: GitHub's job summary holds 1 MiB. The annotations, the SARIF upload and "
          "`--format json` have them all.\n";
  }
  return md;
}

void emit_junit(const Report& report, std::ostream& out) {
  std::map<std::string, std::vector<const Diagnostic*>> by_rule;
  for (const auto& d : report.diagnostics) by_rule[d.rule].push_back(&d);
  std::vector<const RuleInfo*> ran;
  for (const auto& id : report.rules_run) {
    if (const Rule* rule = find_rule(id)) ran.push_back(&rule->info);
  }
  std::size_t tests = ran.size();
  std::size_t failing = 0;
  for (const RuleInfo* info : ran) {
    if (by_rule.count(std::string(info->id))) ++failing;
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"archgate\" tests=\"" << tests << "\" failures=\"" << failing << "\">\n";
  out << "  <testsuite name=\"archgate\" tests=\"" << tests << "\" failures=\"" << failing
      << "\" errors=\"0\" skipped=\"0\">\n";
  for (const RuleInfo* info : ran) {
    const RuleInfo& i = *info;
    out << "    <testcase classname=\"archgate." << xml_escape(i.family) << "\" name=\"" << xml_escape(i.id) << ' '
        << xml_escape(i.name) << "\"";
    auto it = by_rule.find(std::string(i.id));
    if (it == by_rule.end()) {
      out << "/>\n";
      continue;
    }
    out << ">\n";
    for (const Diagnostic* d : it->second) {
      // Test viewers show these as text: repository content escaped as in the text format.
      std::string message = display_escape(d->message);
      out << "      <failure type=\"" << severity_name(d->severity) << "\" message=\"" << xml_escape(message)
          << "\">" << xml_escape(shown_where(d->span) + ": " + message);
      for (const auto& r : d->related) {
        out << xml_escape("\n  " + shown_where(r.span) + ": " + display_escape(r.message));
      }
      out << "</failure>\n";
    }
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
}

void emit_codeclimate(const Report& report, std::ostream& out) {
  nlohmann::ordered_json issues = nlohmann::ordered_json::array();
  for (const auto& d : report.diagnostics) {
    nlohmann::ordered_json issue;
    issue["type"] = "issue";
    issue["check_name"] = d.rule + " " + rule_name(d.rule);
    issue["description"] = d.message;
    issue["categories"] = {"Bug Risk"};
    issue["severity"] = d.severity == Severity::error ? "major" : d.severity == Severity::warning ? "minor" : "info";
    issue["fingerprint"] = d.fingerprint;
    std::uint32_t line = std::max<std::uint32_t>(1, d.span.line);
    issue["location"] = {{"path", d.span.path},
                         {"positions",
                          {{"begin", {{"line", line}, {"column", std::max<std::uint32_t>(1, d.span.column)}}},
                           {"end",
                            {{"line", d.span.end_line ? d.span.end_line : line},
                             {"column", std::max<std::uint32_t>(1, d.span.end_column ? d.span.end_column
                                                                                        : d.span.column)}}}}}};
    issues.push_back(std::move(issue));
  }
  out << issues.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace archgate
