#include "cli/rules_command.h"

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>

#include "rules/rule.h"
#include "rules/rule_page.h"

namespace archgate {

ExitCode run_rules_list() {
  std::size_t name_width = 4;
  for (const auto& rule : all_rules()) name_width = std::max(name_width, rule.info.name.size());
  std::cout << std::left << std::setw(6) << "ID" << "  " << std::setw(static_cast<int>(name_width)) << "NAME"
            << "  " << std::setw(8) << "SEVERITY" << "  SUMMARY\n";
  for (const auto& rule : all_rules()) {
    const RuleInfo& i = rule.info;
    std::cout << std::left << std::setw(6) << i.id << "  " << std::setw(static_cast<int>(name_width)) << i.name
              << "  " << std::setw(8) << severity_name(i.severity) << "  " << i.summary << '\n';
    if (!i.release_sentence.empty()) {
      std::cout << std::string(6 + 2 + name_width + 2 + 8 + 2, ' ') << "enforces: \"" << i.release_sentence
                << "\"\n";
    }
  }
  return ExitCode::clean;
}

ExitCode run_explain(const std::string& id) {
  const Rule* rule = find_rule(id);
  if (!rule) {
    std::cerr << "archgate: error: no rule \"" << id << "\" (see `archgate rules`)\n";
    return ExitCode::cannot_judge;
  }
  std::cout << rule_page(rule->info);
  return ExitCode::clean;
}

ExitCode run_write_docs(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream out(std::filesystem::path(dir) / name, std::ios::binary);
    out << text;
    return static_cast<bool>(out);
  };
  bool ok = write("README.md", rule_index());
  for (const auto& rule : all_rules()) ok = write(std::string(rule.info.id) + ".md", rule_page(rule.info)) && ok;
  if (!ok) {
    std::cerr << "archgate: error: cannot write into " << dir << '\n';
    return ExitCode::cannot_judge;
  }
  return ExitCode::clean;
}

}  // namespace archgate
