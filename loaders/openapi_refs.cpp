#include "loaders/openapi_refs.h"

#include <algorithm>
#include <functional>

#include "base/text.h"
#include "loaders/path_checks.h"

namespace archgate {

namespace {

constexpr std::size_t kMaxRefChain = 64;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string short_ref(std::string_view ref) {
  return ref.size() <= 120 ? std::string(ref) : std::string(ref.substr(0, 117)) + "...";
}

}  // namespace

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::optional<std::vector<std::string>> json_pointer_tokens(std::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  if (pointer.front() != '/') return std::nullopt;
  for (auto part : split(pointer.substr(1), '/')) {
    std::string token;
    token.reserve(part.size());
    for (std::size_t i = 0; i < part.size(); ++i) {
      if (part[i] == '~' && i + 1 < part.size() && (part[i + 1] == '0' || part[i + 1] == '1')) {
        token += part[i + 1] == '0' ? '~' : '/';
        ++i;
      } else {
        token += part[i];
      }
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

std::string json_pointer_escape(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

ContractFiles::ContractFiles(const FileSource& source, Sink& findings, OpenApiDocument& doc)
    : source_(source), findings_(findings), doc_(doc) {}

void ContractFiles::report(std::string rule, const Span& span, std::string message) {
  Diagnostic d;
  d.rule = std::move(rule);
  d.severity = Severity::error;
  d.span = span;
  d.message = std::move(message);
  findings_.report(std::move(d));
}

void ContractFiles::unreadable(const std::string& path, Mark mark, std::string message) {
  Span span;
  span.path = path;
  span.line = mark.line == 0 ? 1 : mark.line;
  span.column = mark.column == 0 ? 1 : mark.column;
  report("AG001", span, std::move(message));
}

std::pair<ContractFiles::Status, std::size_t> ContractFiles::load(const std::string& path) {
  auto cached = loaded_.find(path);
  if (cached != loaded_.end()) return cached->second;
  auto remember = [&](Status status, std::size_t index = 0) {
    loaded_.emplace(path, std::make_pair(status, index));
    return std::make_pair(status, index);
  };

  ReadResult read = source_.read(path);
  switch (read.status) {
    case ReadStatus::ok: {
      std::hash<std::string_view> h;
      doc_.digest = (doc_.digest * 0x100000001b3ULL) ^ h(path);
      doc_.digest = (doc_.digest * 0x100000001b3ULL) ^ h(read.content);
      break;
    }
    case ReadStatus::not_found: return remember(Status::missing);
    case ReadStatus::outside_root: return remember(Status::outside);
    case ReadStatus::too_large:
    case ReadStatus::not_a_file:
    case ReadStatus::io_error:
      unreadable(path, {}, "cannot read OpenAPI file: " + (read.detail.empty() ? std::string("unreadable")
                                                                                : read.detail));
      return remember(Status::unreadable);
  }

  EncodingReport encoding = inspect_encoding(read.content);
  if (encoding.has_nul || encoding.invalid_utf8) {
    std::string_view body = strip_bom(read.content);
    std::size_t bom = read.content.size() - body.size();
    bool nul_first = encoding.has_nul && (!encoding.invalid_utf8 || encoding.first_nul < encoding.first_invalid);
    std::size_t at = nul_first ? encoding.first_nul : encoding.first_invalid;
    LineIndex lines(body);
    LineColumn lc = lines.at(at >= bom ? at - bom : 0);
    unreadable(path, {lc.line, lc.column},
               nul_first ? "OpenAPI file contains a NUL byte" : "OpenAPI file is not valid UTF-8");
    return remember(Status::unreadable);
  }

  Document parsed = read_document(path, read.content);
  if (parsed.error) {
    bool json = to_lower(path_basename(path)).ends_with(".json");
    unreadable(path, parsed.error->mark,
               std::string("cannot parse OpenAPI file as ") + (json ? "JSON" : "YAML") + ": " + parsed.error->message);
    return remember(Status::unreadable);
  }

  // A duplicate key is read as its first value, but OpenAPI tools refuse the
  // file, so it is reported where the second one is.
  for (const auto& w : parsed.warnings) {
    unreadable(path, w.mark,
               w.kind == DocumentProblem::Kind::duplicate_key
                   ? w.message + ": OpenAPI tools reject this file (archgate reads the first value)"
                   : w.message);
  }
  auto file = std::make_unique<OpenApiDocument::File>();
  file->path = path;
  file->doc = std::move(parsed);
  file->doc.warnings.clear();
  file->doc.warnings.shrink_to_fit();
  std::size_t index = doc_.files.size();
  doc_.files.push_back(std::move(file));
  spans_.push_back(std::make_unique<LiteralSpans>(path, std::move(read.content)));
  return remember(Status::ok, index);
}

std::optional<std::size_t> ContractFiles::load_root(std::string_view path) {
  auto [status, index] = load(std::string(path));
  switch (status) {
    case Status::ok: return index;
    case Status::missing: unreadable(std::string(path), {}, "cannot read OpenAPI file: no such file"); break;
    case Status::outside:
      unreadable(std::string(path), {}, "cannot read OpenAPI file: it is a link that leaves the repository");
      break;
    case Status::unreadable: break;
  }
  return std::nullopt;
}

void ContractFiles::note_schema_name(std::size_t file, const std::vector<std::string>& tokens, const Node& parent) {
  // Named schemas of other files (`common.yaml#/components/schemas/Error`)
  // belong to the contract too; the root file's are listed by the loader.
  if (file == 0) return;
  bool named = (tokens.size() == 3 && tokens[0] == "components" && tokens[1] == "schemas") ||
               (tokens.size() == 2 && tokens[0] == "definitions");
  if (!named || !named_.emplace(file, tokens.back()).second) return;
  if (const Node::Key* key = parent.key_of(tokens.back())) {
    doc_.schema_names.push_back({tokens.back(), spans(file).key(*key)});
  }
}

ContractFiles::Resolution ContractFiles::resolve(std::size_t file, const std::string& ref) {
  Resolution r;
  std::string quoted = "$ref \"" + short_ref(ref) + "\"";
  if (is_url_reference(ref)) {
    r.problem = quoted + " is a URL; archgate never fetches URLs (copy the file into the repository)";
    return r;
  }
  std::size_t hash = ref.find('#');
  std::string file_part = percent_decode(std::string_view(ref).substr(0, hash));
  std::string fragment = hash == std::string::npos ? std::string() : percent_decode(std::string_view(ref).substr(hash + 1));

  std::size_t target_file = file;
  if (!file_part.empty()) {
    if (is_absolute_reference(file_part)) {
      r.problem = quoted + " is an absolute path; $refs must be relative to the referring file";
      return r;
    }
    auto normal = normalize_relative(path_join(path_dirname(path(file)), file_part));
    if (!normal || normal->empty()) {
      r.problem = quoted + " leaves the repository";
      return r;
    }
    if (!source_.exists(*normal)) {
      r.problem = quoted + " names " + *normal + ", which does not exist";
      return r;
    }
    auto [status, index] = load(*normal);
    if (status == Status::missing) {
      r.problem = quoted + " names " + *normal + ", which cannot be read";
      return r;
    }
    if (status == Status::outside) {
      r.problem = quoted + " names " + *normal + ", a link that leaves the repository";
      return r;
    }
    if (status == Status::unreadable) return r;  // reported once, at the file itself
    target_file = index;
  }

  auto tokens = json_pointer_tokens(fragment);
  if (!tokens) {
    // A plain-name fragment (`#Order`, a 3.1 $anchor): not resolved, and not
    // reported either, since it can be legal.
    return r;
  }
  const Node* node = &root(target_file);
  const Node* parent = nullptr;
  for (std::size_t i = 0; i < tokens->size() && node; ++i) {
    const std::string& token = (*tokens)[i];
    parent = node;
    if (node->is_map()) {
      node = node->get(token);
    } else if (node->is_sequence() && !token.empty() &&
               std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
               token.size() < 10 && std::stoul(token) < node->size()) {
      node = &node->items[std::stoul(token)];
    } else {
      node = nullptr;
    }
  }
  if (!node) {
    r.problem = quoted + ": " + path(target_file) + " has nothing at #" + fragment;
    return r;
  }
  if (parent) note_schema_name(target_file, *tokens, *parent);
  r.label = (target_file == 0 && file_part.empty() ? std::string() : path(target_file).str()) +
            (fragment.empty() ? std::string() : "#" + fragment);
  if (target_file == 0 && r.label.empty()) r.label = "#";
  r.target = Target{target_file, node, nullptr};
  return r;
}

std::optional<ContractFiles::Target> ContractFiles::follow(std::size_t file, const Node& ref) {
  if (!ref.is_scalar()) return std::nullopt;
  if (resolved_.size() <= file) resolved_.resize(file + 1);
  auto it = resolved_[file].find(std::string_view(ref.text));
  if (it == resolved_[file].end()) {
    Resolution r = resolve(file, ref.text);  // may load files: resolved_ is indexed again below
    it = resolved_[file].emplace(ref.text, std::move(r)).first;
  }
  Resolution& r = it->second;
  if (!r.target) {
    if (!r.problem.empty() && reported_.emplace(file, &ref).second) {
      report("AG002", spans(file).value(ref), r.problem);
    }
    return std::nullopt;
  }
  Target t = *r.target;
  t.label = &r.label;
  return t;
}

std::optional<ContractFiles::Target> ContractFiles::deref(std::size_t file, const Node* node) {
  static const std::string kInline;
  Target current{file, node, &kInline};
  std::vector<const Node*> chain;
  while (current.node && current.node->is_map()) {
    const Node* ref = current.node->get("$ref");
    if (!ref || !ref->is_scalar()) return current;
    if (std::find(chain.begin(), chain.end(), ref) != chain.end() || chain.size() >= kMaxRefChain) {
      if (reported_.emplace(current.file, ref).second) {
        report("AG002", spans(current.file).value(*ref),
               "$ref \"" + short_ref(ref->text) + "\" is part of a cycle of $refs that never reaches a definition");
      }
      return std::nullopt;
    }
    chain.push_back(ref);
    auto next = follow(current.file, *ref);
    if (!next) return std::nullopt;
    current = *next;
  }
  if (!current.node) return std::nullopt;
  return current;
}

}  // namespace archgate
