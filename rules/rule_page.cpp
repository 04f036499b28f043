#include "rules/rule_page.h"

namespace archgate {

namespace {
void section(std::string& out, std::string_view title, std::string_view body) {
  if (body.empty()) return;
  out += "\n## ";
  out += title;
  out += "\n\n";
  out += body;
  if (body.back() != '\n') out += '\n';
}
}  // namespace

std::string rule_page(const RuleInfo& info) {
  std::string out;
  out += "# ";
  out += info.id;
  out += " ";
  out += info.name;
  out += "\n\n";
  out += "Default severity: **";
  out += severity_name(info.severity);
  out += "** · family: ";
  out += info.family;
  out += "\n\n";
  out += info.summary;
  out += '\n';
  if (!info.release_sentence.empty()) {
    out += "\nEnforces the release rule: \"";
    out += info.release_sentence;
    out += "\"\n";
  }
  section(out, "What it does", info.what);
  section(out, "Why it matters", info.why);
  section(out, "Example that fires", info.fires);
  section(out, "Example that does not fire", info.clean);
  section(out, "How to fix", info.fix);
  section(out, "Options", info.options.empty() ? std::string_view("None.") : info.options);
  std::string suppress = "Turn the rule off for a run with `--ignore ";
  suppress += info.id;
  suppress += "`, or select other rules with `--select`.\n";
  section(out, "How to suppress", suppress);
  return out;
}

}  // namespace archgate
