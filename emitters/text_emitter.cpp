#include "emitters/text_emitter.h"

#include <cmath>
#include <map>
#include <memory>
#include <optional>

#include "base/display_text.h"
#include "base/text.h"
#include "sources/file_source.h"

namespace archgate {

namespace {

struct Style {
  bool on;
  std::string_view operator()(std::string_view code) const { return on ? code : std::string_view(); }
};
constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kRed = "\x1b[1;31m";
constexpr std::string_view kYellow = "\x1b[1;33m";
constexpr std::string_view kCyan = "\x1b[1;36m";
constexpr std::string_view kBlue = "\x1b[1;34m";

std::string_view severity_color(Severity s) {
  switch (s) {
    case Severity::error: return kRed;
    case Severity::warning: return kYellow;
    case Severity::note: return kCyan;
  }
  return kBold;
}

// Reads each file with findings once, for excerpts.
class Excerpts {
 public:
  explicit Excerpts(const FileSource* files) : files_(files) {}

  std::optional<std::string> line(const std::string& path, std::uint32_t line) {
    if (!files_ || line == 0) return std::nullopt;
    auto it = cache_.find(path);
    if (it == cache_.end()) {
      auto entry = std::make_unique<Entry>();
      ReadResult r = files_->read(path);
      if (r.status == ReadStatus::ok) {
        entry->text = sanitized_copy(strip_bom(r.content));
        entry->index.emplace(entry->text);
      }
      it = cache_.emplace(path, std::move(entry)).first;
    }
    const Entry& e = *it->second;
    if (!e.index || line > e.index->line_count()) return std::nullopt;
    return std::string(e.index->line_text(line));
  }

 private:
  struct Entry {
    std::string text;
    std::optional<LineIndex> index;  // views `text`; Entry never moves
  };
  const FileSource* files_;
  std::map<std::string, std::unique_ptr<Entry>> cache_;
};

std::string location(const Span& s) {
  std::string out = display_escape(s.path);
  if (s.line) {
    out += ':' + std::to_string(s.line);
    if (s.column) out += ':' + std::to_string(s.column);
  }
  return out;
}

// The line as displayed (a tab as four spaces; control characters, C1 codes,
// bidirectional overrides, zero-width characters and invalid UTF-8 shown as
// their escapes, base/display_text.h) and the caret line under
// [column, end_column), padded to match.
void print_excerpt(std::ostream& out, const Style& style, std::uint32_t line_no, std::string_view text,
                   const Span& span, Severity severity) {
  constexpr std::uint32_t kMaxShown = 240;
  std::string shown;
  std::string pad;
  std::uint32_t cp = 0;
  std::uint32_t begin = span.column ? span.column : 1;
  std::uint32_t end = (span.end_line == 0 || span.end_line == span.line) && span.end_column > begin
                          ? span.end_column
                          : begin + 1;
  for (std::size_t i = 0; i < text.size() && cp < kMaxShown;) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    ++cp;
    if (c == '\t') {
      shown += "    ";
      if (cp < begin) pad += "    ";
    } else {
      std::string_view unit = text.substr(i, len);
      std::string escaped = display_escape(unit);
      if (escaped != unit) {
        // An escaped unit: invalid UTF-8 is escaped byte by byte.
        if (escaped.starts_with("\\x")) {
          unit = unit.substr(0, 1);
          escaped = display_escape(unit);
          len = 1;
        }
        shown += escaped;
        if (cp < begin) pad += std::string(escaped.size(), ' ');
      } else {
        shown.append(unit);
        if (cp < begin) pad += ' ';
      }
    }
    i += len;
  }
  if (cp >= kMaxShown && text.size() > shown.size()) shown += " …";
  std::uint32_t line_cp = code_points(text);
  if (end > line_cp + 1) end = std::max(begin + 1, line_cp + 1);
  std::string number = std::to_string(line_no);
  std::string gutter(number.size() < 4 ? 4 - number.size() : 0, ' ');
  out << style(kBlue) << gutter << number << " | " << style(kReset) << shown << '\n';
  out << style(kBlue) << std::string(gutter.size() + number.size(), ' ') << " | " << style(kReset) << pad
      << style(severity_color(severity)) << std::string(end - begin, '^') << style(kReset) << '\n';
}

std::string plural(std::size_t n, std::string_view word) {
  return std::to_string(n) + ' ' + std::string(word) + (n == 1 ? "" : "s");
}

}  // namespace

std::string summary_line(const Summary& s) {
  std::string out;
  if (s.errors + s.warnings + s.notes == 0) {
    out = "no findings";
  } else {
    out = plural(s.errors, "error") + ", " + plural(s.warnings, "warning");
    if (s.notes) out += ", " + plural(s.notes, "note");
  }
  if (s.live) {
    out += " from " + plural(s.requests, "request") + " to " + plural(s.services, "service") + " in ";
  } else {
    out += " in " + plural(s.files, "file") + " (" + plural(s.services, "service") + ") in ";
  }
  out += std::to_string(static_cast<long long>(std::llround(s.elapsed_ms))) + " ms";
  if (s.requests_left_out) out += "; " + plural(s.requests_left_out, "request") + " left out by --max-requests";
  if (s.baseline_used) {
    out += "; " + std::to_string(s.baselined) + " known from the baseline";
    if (s.baseline_stale) {
      out += ", " + std::to_string(s.baseline_stale) +
             (s.baseline_stale == 1 ? " baseline entry no longer occurs" : " baseline entries no longer occur");
    }
  }
  if (s.base_used) {
    out += "; " + std::to_string(s.preexisting) + " already in " + s.base_label + " (not shown)";
    if (s.fixed) out += ", " + std::to_string(s.fixed) + " fixed";
  }
  return out;
}

void emit_text(const Report& report, std::ostream& out, const TextOptions& options) {
  Style style{options.color};
  Excerpts excerpts(report.files);
  for (const auto& d : report.diagnostics) {
    out << style(kBold) << location(d.span) << ": " << style(kReset) << style(severity_color(d.severity))
        << severity_name(d.severity) << '[' << d.rule;
    std::string name = rule_name(d.rule);
    if (!name.empty()) out << ' ' << name;
    out << ']' << style(kReset) << ' ' << style(kBold) << display_escape(d.message) << style(kReset) << '\n';
    if (auto text = excerpts.line(d.span.path, d.span.line)) {
      print_excerpt(out, style, d.span.line, *text, d.span, d.severity);
    }
    for (const auto& r : d.related) {
      out << "  " << location(r.span) << ": " << style(kCyan) << "note" << style(kReset) << ": "
          << display_escape(r.message) << '\n';
    }
    if (!d.help.empty()) {
      out << "  " << style(kCyan) << "help" << style(kReset) << ": " << display_escape(d.help) << '\n';
    }
  }
  if (options.summary) out << summary_line(report.summary) << '\n';
}

}  // namespace archgate
