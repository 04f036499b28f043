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
  std::string suppress = "Put a comment on the line of the finding or on the line above it, with the reason:\n\n```\n# archgate-ignore ";
  suppress += info.id;
  suppress += ": <why this exception is acceptable>\n```\n\nUse the file's comment syntax (`--` in SQL, `#` in YAML and "
              "Dockerfiles, `//` or `/* */` in code); it works in every file archgate reads, including files reached "
              "through `$ref` and `extends`. A comment without a reason is reported (AG003), and one that suppresses "
              "nothing is reported too (AG004). To turn the rule off for a whole run, use `--ignore ";
  suppress += info.id;
  suppress += "` or `ignore:` in `archgate.yaml`.\n";
  section(out, "How to suppress", suppress);
  return out;
}

std::string rule_index() {
  std::string out = "# Rules\n\nGenerated from the rules' metadata (`archgate write-docs docs/rules`); "
                    "`archgate rules` prints the same list and `archgate explain ID` one page.\n\n"
                    "| id | name | severity | summary |\n|---|---|---|---|\n";
  for (const auto& rule : all_rules()) {
    const RuleInfo& i = rule.info;
    out += "| [" + std::string(i.id) + "](" + std::string(i.id) + ".md) | " + std::string(i.name) + " | " +
           std::string(severity_name(i.severity)) + " | ";
    for (char ch : i.summary) out += ch == '|' ? std::string("\\|") : std::string(1, ch);
    out += " |\n";
  }
  return out;
}

}  // namespace archgate
