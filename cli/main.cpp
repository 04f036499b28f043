// The archgate executable: argument parsing and dispatch. The work happens in
// the core library; see docs/architecture.md.
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/check_command.h"
#include "cli/install_hook.h"
#include "cli/rules_command.h"
#include "emitters/formats.h"

int main(int argc, char** argv) {
  using archgate::ExitCode;
  CLI::App app{"archgate: checks a microservice repository against its own architecture"};
  app.set_version_flag("--version", std::string("archgate ") + ARCHGATE_VERSION);
  app.require_subcommand(1);

  // Options shared by every command that analyses a repository.
  auto add_analysis_options = [](CLI::App* cmd, archgate::AnalysisRequest& o) {
    cmd->add_option("path", o.path, "repository root")->capture_default_str();
    cmd->add_option("--config", o.config_file, "configuration file (default: archgate.yaml or .archgate.yaml in PATH)");
    cmd->add_option("--select", o.select, "only these rule ids or prefixes, comma separated");
    cmd->add_option("--ignore", o.ignore, "skip these rule ids or prefixes, comma separated");
    cmd->add_option("--jobs,-j", o.jobs, "parallel workers (default: number of cores)");
    cmd->add_option("--max-file-size", o.max_file_size,
                    "files larger than this many bytes are not parsed but reported (AG001); default 8 MiB");
    auto* no_cache = cmd->add_flag("--no-cache", o.no_cache, "neither use nor update the cache of parsed files");
    cmd->add_option("--cache-dir", o.cache_dir, "cache folder (default: PATH/.archgate-cache)")->excludes(no_cache);
  };

  archgate::CheckOptions check;
  auto* check_cmd = app.add_subcommand("check", "check a repository (default: the current directory)");
  add_analysis_options(check_cmd, check.analysis);
  check_cmd->add_option("--format", check.output.formats,
                        archgate::format_names("|") + ", several allowed; FORMAT=FILE writes that format to FILE")
      ->take_all()
      ->allow_extra_args(false);
  check_cmd->add_option("--output,-o", check.output.output, "write the report to FILE instead of standard output");
  check_cmd->add_option("--baseline", check.baseline_file, "report only findings not recorded in this baseline file");
  auto* staged_flag = check_cmd->add_flag("--staged", check.analysis.staged,
                                          "check the git index (what would be committed); only findings new since HEAD fail");
  check_cmd->add_option("--base", check.analysis.base_rev,
                        "PR mode: compare with the merge base of REV and HEAD; only findings new since then fail")
      ->option_text("REV")
      ->excludes(staged_flag);
  check_cmd->add_option("--fail-on", check.output.fail_on, "lowest severity that fails the run: error|warning|note|never")
      ->capture_default_str();
  check_cmd->add_flag("--no-color", check.output.no_color, "never colour the text output");
  check_cmd->add_flag("--quiet,-q", check.output.quiet, "print findings only, no summary line");
  check_cmd->add_flag("--timings", check.timings, "print the time of each phase on standard error");

  archgate::AnalysisRequest baseline;
  std::string baseline_output;
  auto* baseline_cmd = app.add_subcommand("baseline", "record the current findings so later checks report only new ones");
  add_analysis_options(baseline_cmd, baseline);
  baseline_cmd->add_option("--output,-o", baseline_output, "baseline file (default: PATH/archgate-baseline.json)");

  archgate::InstallHookOptions hook;
  auto* hook_cmd = app.add_subcommand("install-hook", "install a git pre-commit hook running `archgate check --staged`");
  hook_cmd->add_option("path", hook.path, "the folder to check (default: the current directory)");
  hook_cmd->add_flag("--force", hook.force, "replace a pre-commit hook archgate did not write (it is kept as a backup)");

  auto* cache_cmd = app.add_subcommand("cache", "manage the cache of parsed files");
  cache_cmd->require_subcommand(1);
  std::string cache_path = ".", cache_dir;
  auto* cache_clear_cmd = cache_cmd->add_subcommand("clear", "remove the cache of a repository");
  cache_clear_cmd->add_option("path", cache_path, "repository root")->capture_default_str();
  cache_clear_cmd->add_option("--cache-dir", cache_dir, "cache folder (default: PATH/.archgate-cache)");

  app.add_subcommand("rules", "list the rules: id, name, severity, summary, release sentence");
  std::string explain_id;
  auto* explain_cmd = app.add_subcommand("explain", "print a rule's documentation page");
  explain_cmd->add_option("id", explain_id, "rule id (AG102) or name (foreign-table-migration)")->required();
  std::string docs_dir;
  auto* docs_cmd = app.add_subcommand("write-docs", "regenerate docs/rules/*.md from the rule metadata");
  docs_cmd->add_option("dir", docs_dir, "output folder")->required();
  docs_cmd->group("");  // a maintainer tool, not listed in --help

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
    else if (baseline_cmd->parsed()) code = archgate::run_baseline(baseline, baseline_output);
    else if (hook_cmd->parsed()) code = archgate::run_install_hook(hook);
    else if (cache_clear_cmd->parsed()) code = archgate::run_cache_clear(cache_path, cache_dir);
    else if (explain_cmd->parsed()) code = archgate::run_explain(explain_id);
    else if (docs_cmd->parsed()) code = archgate::run_write_docs(docs_dir);
    else code = archgate::run_rules_list();
    return static_cast<int>(code);
  } catch (const std::exception& e) {
    // An internal failure never exits 0 and never prints a clean report.
    std::cerr << "archgate: internal error: " << e.what() << '\n';
    return static_cast<int>(ExitCode::cannot_judge);
  }
}
