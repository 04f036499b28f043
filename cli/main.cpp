// The archgate executable: argument parsing and dispatch. The work happens in
// the core library; see docs/architecture.md.
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "base/display_text.h"
#include "base/text.h"
#include "cli/check_command.h"
#include "cli/install_hook.h"
#include "cli/rules_command.h"
#include "cli/verify_command.h"
#include "emitters/formats.h"

namespace {

// Names an option's value in --help and the manual page (CLI11 would show
// its type: TEXT, UINT). CLI11 then shows no default, so the description
// says it.
CLI::Option* value_name(CLI::Option* option, std::string name) {
  if (!option->get_default_str().empty()) {
    option->description(option->get_description() + " (default: " + option->get_default_str() + ")");
  }
  return option->option_text(std::move(name));
}

}  // namespace

int main(int argc, char** argv) {
  using archgate::ExitCode;
  CLI::App app{"archgate: checks a microservice repository against its own architecture"};
  app.set_version_flag("--version", std::string("archgate ") + ARCHGATE_VERSION);
  app.require_subcommand(1);

  // Options shared by every command that analyses a repository.
  auto add_analysis_options = [](CLI::App* cmd, archgate::AnalysisRequest& o) {
    cmd->add_option("path", o.path, "repository root")->capture_default_str();
    value_name(cmd->add_option("--config", o.config_file,
                               "configuration file (default: archgate.yaml or .archgate.yaml in PATH)"),
               "FILE");
    // One value per option (commas for more), so `check --select AG301 .`
    // takes `.` as the path, as Ruff users type it.
    value_name(cmd->add_option("--select", o.select, "only these rule ids or prefixes, comma separated"), "IDS")
        ->allow_extra_args(false);
    value_name(cmd->add_option("--ignore", o.ignore, "skip these rule ids or prefixes, comma separated"), "IDS")
        ->allow_extra_args(false);
    value_name(cmd->add_option("--jobs,-j", o.jobs, "parallel workers (default: number of cores)"), "N");
    value_name(cmd->add_option("--max-file-size", o.max_file_size,
                               "files larger than this many bytes are not parsed but reported (AG001); default 8 MiB"),
               "BYTES");
    value_name(cmd->add_option("--env-file", o.env_file,
                               "variables Compose files take from the shell (KEY=VALUE lines); over archgate.yaml env:"),
               "FILE");
    auto* no_cache = cmd->add_flag("--no-cache", o.no_cache, "neither use nor update the cache of parsed files");
    value_name(cmd->add_option("--cache-dir", o.cache_dir, "cache folder (default: PATH/.archgate-cache)"), "DIR")
        ->excludes(no_cache);
  };

  // Options shared by every command that reports findings.
  auto add_output_options = [](CLI::App* cmd, archgate::OutputOptions& o) {
    std::string formats = archgate::format_names("|") + ", several allowed; FORMAT=FILE writes that format to FILE";
    value_name(cmd->add_option("--format", o.formats, formats), "FORMAT[=FILE]")
        ->take_all()
        ->allow_extra_args(false);
    value_name(cmd->add_option("--output,-o", o.output, "write the report to FILE instead of standard output"), "FILE");
    value_name(cmd->add_option("--fail-on", o.fail_on, "lowest severity that fails the run: error|warning|note|never")
                   ->capture_default_str(),
               "SEVERITY");
    cmd->add_flag("--no-color", o.no_color, "never colour the text output");
    cmd->add_flag("--quiet,-q", o.quiet, "print findings only, no summary line");
  };

  archgate::CheckOptions check;
  auto* check_cmd = app.add_subcommand("check", "check a repository (default: the current directory)");
  add_analysis_options(check_cmd, check.analysis);
  add_output_options(check_cmd, check.output);
  value_name(check_cmd->add_option("--baseline", check.baseline_file,
                                   "report only findings not recorded in this baseline file"),
             "FILE");
  auto* staged_flag = check_cmd->add_flag("--staged", check.analysis.staged,
                                          "check the git index (what would be committed); only findings new since HEAD fail");
  check_cmd->add_option("--base", check.analysis.base_rev,
                        "PR mode: compare with the merge base of REV and HEAD; only findings new since then fail")
      ->option_text("REV")
      ->excludes(staged_flag);
  check_cmd->add_flag("--timings", check.timings, "print the time of each phase on standard error");
  check_cmd->add_flag("--verbose,-v", check.verbose,
                      "print what was found for each service (folder, contract, migrations and the files of its "
                      "migrations folder that are not migrations, Compose service, code, tests) on standard error");

  archgate::VerifyOptions verify;
  auto* verify_cmd = app.add_subcommand(
      "verify", "send requests to running services and check the answers against their contracts (AG6xx)");
  add_analysis_options(verify_cmd, verify.analysis);
  add_output_options(verify_cmd, verify.output);
  value_name(verify_cmd->add_option("--service", verify.verify.services,
                                    "verify this inventory service at this origin (repeatable; also verify: services: "
                                    "in archgate.yaml)"),
             "NAME=URL")
      ->allow_extra_args(false);
  verify_cmd->add_flag("--read-only", verify.verify.read_only, "send only GET, HEAD and OPTIONS requests");
  verify_cmd->add_flag("--dry-run", verify.verify.dry_run, "print the planned requests and send nothing");
  value_name(verify_cmd->add_option("--max-requests", verify.verify.max_requests, "at most this many requests in all")
                 ->capture_default_str(),
             "N")
      ->check(CLI::PositiveNumber);
  value_name(verify_cmd->add_option("--timeout", verify.verify.timeout_seconds,
                                    "seconds one request may take, from connecting to the last byte (0.05 to 600)")
                 ->capture_default_str(),
             "SECONDS")
      ->check(CLI::Range(0.05, 600.0));
  value_name(verify_cmd->add_option("--seed", verify.verify.seed,
                                    "seed of the generated request data (same seed, same requests)")
                 ->capture_default_str(),
             "N");
  value_name(verify_cmd->add_option("--header", verify.verify.headers,
                                    "'Name: value' sent with every request (repeatable)"),
             "HEADER")
      ->allow_extra_args(false);
  value_name(verify_cmd->add_option("--operation", verify.verify.operations,
                                    "'METHOD /path' (or a path): verify only these operations (repeatable)"),
             "OPERATION")
      ->allow_extra_args(false);

  archgate::AnalysisRequest baseline;
  std::string baseline_output;
  auto* baseline_cmd = app.add_subcommand("baseline", "record the current findings so later checks report only new ones");
  add_analysis_options(baseline_cmd, baseline);
  value_name(baseline_cmd->add_option("--output,-o", baseline_output,
                                      "baseline file (default: PATH/archgate-baseline.json)"),
             "FILE");

  archgate::InstallHookOptions hook;
  auto* hook_cmd = app.add_subcommand("install-hook", "install a git pre-commit hook running `archgate check --staged`");
  hook_cmd->add_option("path", hook.path, "the folder to check (default: the current directory)");
  hook_cmd->add_flag("--force", hook.force, "replace a pre-commit hook archgate did not write (it is kept as a backup)");

  auto* cache_cmd = app.add_subcommand("cache", "manage the cache of parsed files");
  cache_cmd->require_subcommand(1);
  std::string cache_path = ".", cache_dir;
  auto* cache_clear_cmd = cache_cmd->add_subcommand("clear", "remove the cache of a repository");
  cache_clear_cmd->add_option("path", cache_path, "repository root")->capture_default_str();
  value_name(cache_clear_cmd->add_option("--cache-dir", cache_dir, "cache folder (default: PATH/.archgate-cache)"),
             "DIR");

  std::string rules_format = "text";
  auto* rules_cmd = app.add_subcommand("rules", "list the rules: id, name, severity, summary, release sentence");
  value_name(rules_cmd->add_option("--format", rules_format, "text (a table) or json (an array of the rules)")
                 ->capture_default_str(),
             "FORMAT");
  std::string explain_id;
  auto* explain_cmd = app.add_subcommand("explain", "print a rule's documentation page");
  explain_cmd->add_option("id", explain_id, "rule id (AG102) or name (foreign-table-migration)")->required();
  std::string docs_dir;
  auto* docs_cmd = app.add_subcommand("write-docs", "regenerate docs/rules/*.md from the rule metadata");
  docs_cmd->add_option("dir", docs_dir, "output folder")->required();
  docs_cmd->group("");  // a maintainer tool, not listed in --help
  std::string man_file;
  auto* man_cmd = app.add_subcommand("write-man", "write the archgate(1) manual page (roff) from the command line "
                                                  "and the rule metadata");
  man_cmd->add_option("file", man_file, "output file")->required();
  man_cmd->group("");  // used by the build (cmake/packaging.cmake)

  // A first word that names no command: say which word, and the nearest command.
  if (argc > 1 && argv[1][0] != '-') {
    std::string_view word = argv[1];
    std::vector<std::string_view> listed;
    bool known = false;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
      known = known || sub->get_name() == word;
      if (!sub->get_group().empty()) listed.push_back(sub->get_name());
    }
    if (!known) {
      std::cerr << "archgate: error: \"" << archgate::display_escape(word) << "\" is not an archgate command";
      if (auto at = archgate::nearest(word, listed, 2)) std::cerr << "; did you mean \"" << listed[*at] << "\"?";
      std::cerr << "\n  commands:";
      for (const auto& name : listed) std::cerr << ' ' << name;
      std::cerr << "\n  (see archgate --help)\n";
      return static_cast<int>(ExitCode::cannot_judge);
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    // --help and --version are successes; every usage error is exit code 2.
    return code == 0 ? 0 : static_cast<int>(ExitCode::cannot_judge);
  }

  try {
    ExitCode code = ExitCode::clean;
    if (check_cmd->parsed()) code = archgate::run_check(check);
    else if (verify_cmd->parsed()) code = archgate::run_verify_command(verify);
    else if (baseline_cmd->parsed()) code = archgate::run_baseline(baseline, baseline_output);
    else if (hook_cmd->parsed()) code = archgate::run_install_hook(hook);
    else if (cache_clear_cmd->parsed()) code = archgate::run_cache_clear(cache_path, cache_dir);
    else if (explain_cmd->parsed()) code = archgate::run_explain(explain_id);
    else if (docs_cmd->parsed()) code = archgate::run_write_docs(docs_dir);
    else if (man_cmd->parsed()) code = archgate::run_write_man(app, man_file);
    else code = archgate::run_rules_list(rules_format);
    return static_cast<int>(code);
  } catch (const std::exception& e) {
    // An internal failure never exits 0 and never prints a clean report.
    std::cerr << "archgate: internal error: " << archgate::without_library_tag(e.what()) << '\n';
    return static_cast<int>(ExitCode::cannot_judge);
  }
}
