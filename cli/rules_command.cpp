#include "cli/rules_command.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "rules/man_page.h"
#include "rules/rule.h"
#include "rules/rule_page.h"

namespace archgate {

namespace {

void print_rules_json() {
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  for (const auto& rule : all_rules()) {
    const RuleInfo& i = rule.info;
    nlohmann::ordered_json entry;
    entry["id"] = i.id;
    entry["name"] = i.name;
    entry["severity"] = severity_name(i.severity);
    entry["family"] = i.family;
    entry["summary"] = i.summary;
    entry["releaseSentence"] = nullptr;  // null when the rule enforces no release sentence
    if (!i.release_sentence.empty()) entry["releaseSentence"] = i.release_sentence;
    entry["page"] = "docs/rules/" + std::string(i.id) + ".md";
    rules.push_back(std::move(entry));
  }
  std::cout << rules.dump(2) << '\n';
}

bool write_file(const std::string& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  out.close();
  return static_cast<bool>(out);
}

// An option as the manual shows it: its names, the value it takes, what it
// does and its default.
ManOption man_option(const CLI::Option& o) {
  ManOption m;
  for (const auto& name : o.get_lnames()) m.names += (m.names.empty() ? "--" : ", --") + name;
  for (const auto& name : o.get_snames()) m.names += (m.names.empty() ? "-" : ", -") + name;
  if (!o.get_option_text().empty()) m.value = o.get_option_text();
  else if (o.get_type_size() != 0) m.value = o.get_type_name();
  m.description = o.get_description();
  // As --help: a default next to the type, none next to a named value.
  if (o.get_option_text().empty() && !o.get_default_str().empty()) {
    m.description += " (default: " + o.get_default_str() + ")";
  }
  return m;
}

bool same(const ManOption& a, const ManOption& b) {
  return a.names == b.names && a.value == b.value && a.description == b.description;
}

// A command (or `cache clear`) of the manual, its options split into those it
// shares with check and its own.
ManCommand man_command(const CLI::App& cmd, std::string name, const std::vector<ManOption>& check_options) {
  ManCommand c;
  c.name = std::move(name);
  c.description = cmd.get_description();
  for (const CLI::Option* o : cmd.get_options()) {
    if (o == cmd.get_help_ptr() || o->get_group().empty()) continue;
    if (o->get_positional()) {
      std::string argument = o->get_name(true);
      for (char& ch : argument) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      c.arguments += (c.arguments.empty() ? "" : " ") + (o->get_required() ? argument : "[" + argument + "]");
      continue;
    }
    ManOption m = man_option(*o);
    bool shared = false;
    for (const auto& check : check_options) shared = shared || same(check, m);
    if (shared && c.name != "check") c.shared.push_back(m.names.substr(0, m.names.find(',')));
    else c.options.push_back(std::move(m));
  }
  return c;
}

}  // namespace

ExitCode run_rules_list(const std::string& format) {
  if (format == "json") {
    print_rules_json();
    return ExitCode::clean;
  }
  if (format != "text") {
    std::cerr << "archgate: error: unknown format \"" << format << "\" for `archgate rules` (available: text, json)\n";
    return ExitCode::cannot_judge;
  }
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
    return write_file((std::filesystem::path(dir) / name).string(), text);
  };
  bool ok = write("README.md", rule_index());
  for (const auto& rule : all_rules()) ok = write(std::string(rule.info.id) + ".md", rule_page(rule.info)) && ok;
  if (!ok) {
    std::cerr << "archgate: error: cannot write into " << dir << '\n';
    return ExitCode::cannot_judge;
  }
  return ExitCode::clean;
}

ExitCode run_write_man(const CLI::App& app, const std::string& file) {
  ManPage page;
  page.version = ARCHGATE_VERSION;
  const CLI::App* check = app.get_subcommand("check");
  std::vector<ManOption> check_options = man_command(*check, "check", {}).options;
  page.check_options = check_options;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    auto nested = sub->get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); });
    if (nested.empty()) page.commands.push_back(man_command(*sub, sub->get_name(), check_options));
    for (const CLI::App* inner : nested) {
      page.commands.push_back(man_command(*inner, sub->get_name() + " " + inner->get_name(), check_options));
    }
  }
  if (!write_file(file, man_page(page))) {
    std::cerr << "archgate: error: cannot write " << file << '\n';
    return ExitCode::cannot_judge;
  }
  return ExitCode::clean;
}

}  // namespace archgate
