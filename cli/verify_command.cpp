// `archgate verify`: the project opened and its model built like check's
// (analysis/analysis.h), with the verified services' contract trees kept;
// then the plan, the requests and the live rules (verify/verify.h), printed
// in check's formats.
#include "cli/verify_command.h"

#include <iostream>

#include "base/display_text.h"
#include "rules/rule.h"

namespace archgate {

ExitCode run_verify_command(const VerifyOptions& options) {
  auto targets = parse_output_targets(options.output);
  if (!targets) return ExitCode::cannot_judge;
  auto opened = open_project(options.analysis);
  if (auto* error = std::get_if<AnalysisError>(&opened)) {
    print_error(*error);
    return ExitCode::cannot_judge;
  }
  Project& project = std::get<Project>(opened);
  auto named = verify::requested_services(options.verify, project.config);
  if (auto* error = std::get_if<std::string>(&named)) {
    std::cerr << "archgate: error: " << *error << '\n';
    return ExitCode::cannot_judge;
  }
  ModelOptions model_options;
  for (const auto& [name, url] : std::get<0>(named)) model_options.contract_trees_for.push_back(name);
  auto built = build_project_model(project, model_options);
  if (auto* error = std::get_if<AnalysisError>(&built)) {
    print_error(*error);
    return ExitCode::cannot_judge;
  }
  const Model& model = std::get<ProjectModel>(built).model;
  verify::VerifyRequest request = options.verify;
  if (!request.jobs) request.jobs = project.jobs;
  auto outcome = verify::run_verify(model, project.config, request);
  if (auto* error = std::get_if<std::string>(&outcome)) {
    std::cerr << "archgate: error: " << display_escape(*error) << '\n';
    return ExitCode::cannot_judge;
  }
  auto& result = std::get<verify::VerifyOutcome>(outcome);
  if (request.dry_run) {
    std::cout << result.plan_text;
    return ExitCode::clean;
  }
  Report report;
  report.diagnostics = std::move(result.findings);
  report.summary = count(report.diagnostics);
  report.summary.live = true;
  report.summary.requests = result.live.requests_sent;
  report.summary.requests_left_out = result.plan.left_out;
  report.summary.services = result.services.size();
  report.summary.elapsed_ms = ms_since(project.started);
  report.files = project.sides.head.get();
  report.root = project.root;
  for (const auto& rule : all_rules()) {
    if (is_live_rule(rule.info) && project.config.rule_enabled(rule.info.id)) report.rules_run.emplace_back(rule.info.id);
  }
  return write_report(report, *targets, options.output);
}

}  // namespace archgate
