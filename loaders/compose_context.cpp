#include "loaders/compose_context.h"

#include <algorithm>

#include "base/text.h"
#include "loaders/path_checks.h"

namespace archgate::compose {

std::uint32_t Context::add_file(std::string path, std::string base_dir) {
  files_.push_back({std::move(path), std::move(base_dir)});
  return static_cast<std::uint32_t>(files_.size() - 1);
}

Span Context::span(std::uint32_t file, Mark mark, std::uint32_t width) const {
  const std::string& path = file < files_.size() ? files_[file].path : std::string();
  if (mark.line == 0) return file_span(path);
  return file_span(path, mark.line, mark.column == 0 ? 1 : mark.column, width);
}

Span Context::file_span(const std::string& path, std::uint32_t line, std::uint32_t column,
                        std::uint32_t width) {
  Span s;
  s.path = path;
  s.line = line;
  s.column = column;
  if (width > 0) {
    s.end_line = line;
    s.end_column = column + width;
  }
  return s;
}

void Context::report(std::string_view rule, Span span, std::string message, std::string service,
                     std::string logical_path) {
  Diagnostic d;
  d.rule = std::string(rule);
  d.severity = Severity::error;
  d.message = std::move(message);
  d.service = std::move(service);
  d.span = std::move(span);
  d.logical_path = std::move(logical_path);
  sink_.report(std::move(d));
}

void Context::note_unset(Span span, std::string_view message, std::string_view variable) {
  // One note per variable and file, at its first use: the fix is the same.
  if (!unset_noted_.insert(span.path.str() + "\n" + std::string(variable)).second) return;
  Diagnostic d;
  d.rule = "AG001";
  d.severity = Severity::note;
  d.assumption = true;
  d.message = std::string(message) + " (archgate read it as empty)";
  d.span = std::move(span);
  d.help = "Compose takes " + std::string(variable) + " from the environment it runs in. Give archgate the value with `env: {" +
           std::string(variable) + ": ...}` in archgate.yaml or a dotenv file passed as `--env-file FILE`.";
  sink_.report(std::move(d));
}

std::optional<std::string> Context::resolve(std::string_view written, std::string_view base_dir,
                                            const Span& at, std::string_view what,
                                            const std::string& service) {
  std::string shown(written);
  if (is_url_reference(written)) {
    report("AG002", at, std::string(what) + " \"" + shown + "\" is a URL; archgate reads only files in the repository",
           service);
    return std::nullopt;
  }
  if (is_absolute_reference(written)) {
    report("AG002", at, std::string(what) + " \"" + shown + "\" is an absolute path; use a path relative to the repository",
           service);
    return std::nullopt;
  }
  std::optional<std::string> path = normalize_relative(path_join(base_dir, written));
  if (!path) {
    report("AG002", at, std::string(what) + " \"" + shown + "\" points outside the repository", service);
  }
  return path;
}

std::optional<std::string> Context::read(const std::string& path) {
  if (auto it = reads_.find(path); it != reads_.end()) return it->second;
  std::optional<std::string>& slot = reads_[path];
  ReadResult r = source_.read(path);
  if (r.status != ReadStatus::ok) {
    if (r.status != ReadStatus::not_found) {
      std::string why = r.detail.empty() ? "cannot be read" : r.detail;
      report("AG001", file_span(path), "cannot read " + path + ": " + why);
    }
    return slot;
  }
  std::string_view body = strip_bom(r.content);
  EncodingReport enc = inspect_encoding(body);
  if (enc.has_nul || enc.invalid_utf8) {
    std::size_t offset = enc.has_nul ? enc.first_nul : enc.first_invalid;
    if (enc.has_nul && enc.invalid_utf8) offset = std::min(enc.first_nul, enc.first_invalid);
    bool nul = enc.has_nul && offset == enc.first_nul;
    LineIndex lines(body);
    LineColumn at = lines.at(offset);
    report("AG001", file_span(path, at.line, at.column, 1),
           path + (nul ? " contains a NUL byte" : " is not valid UTF-8") + " (line " + std::to_string(at.line) + ")");
    return slot;
  }
  slot = std::move(r.content);
  return slot;
}

const std::optional<Dotenv>& Context::dotenv(const std::string& path, const Variables& outer) {
  if (auto it = dotenvs_.find(path); it != dotenvs_.end()) return it->second;
  std::optional<std::string> text = read(path);
  std::optional<Dotenv>& slot = dotenvs_[path];
  if (!text) return slot;
  note_support_file(path);
  slot = parse_dotenv(*text, outer);
  for (const DotenvProblem& p : slot->problems) {
    if (p.unset_variable.empty()) report("AG001", file_span(path, p.line, p.column), path + ": " + p.message);
    else note_unset(file_span(path, p.line, p.column), path + ": " + p.message, p.unset_variable);
  }
  return slot;
}

void Context::note_compose_file(const std::string& path) {
  if (std::find(compose_files.begin(), compose_files.end(), path) == compose_files.end())
    compose_files.push_back(path);
}

void Context::note_support_file(const std::string& path) {
  if (std::find(support_files.begin(), support_files.end(), path) == support_files.end())
    support_files.push_back(path);
}

}  // namespace archgate::compose
