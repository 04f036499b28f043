#include "doc/node.h"

#include "base/text.h"

namespace archgate {

DocumentProblem duplicate_key(const std::string& key, Mark second, const std::vector<Node::Key>& keys) {
  std::string message = "duplicate key \"" + key + "\"";
  for (const auto& k : keys) {
    if (k.text == key && k.mark.line != 0) {
      message += " (first at line " + std::to_string(k.mark.line) + ")";
      break;
    }
  }
  return {std::move(message), second, DocumentProblem::Kind::duplicate_key};
}

std::string_view kind_name(Node::Kind kind) {
  switch (kind) {
    case Node::Kind::null: return "null";
    case Node::Kind::scalar: return "scalar";
    case Node::Kind::sequence: return "sequence";
    case Node::Kind::map: return "mapping";
  }
  return "node";
}

namespace {
bool looks_numeric(std::string_view t) {
  if (t.empty()) return false;
  std::size_t i = 0;
  if (t[0] == '-' || t[0] == '+') i = 1;
  if (i >= t.size()) return false;
  if (t.substr(i) == ".inf" || t.substr(i) == ".Inf" || t == ".nan" || t == ".NaN") return true;
  bool digit = false;
  for (; i < t.size(); ++i) {
    char c = t[i];
    if (c >= '0' && c <= '9') digit = true;
    else if (c != '.' && c != 'e' && c != 'E' && c != '-' && c != '+' && c != '_' && c != 'x' &&
             c != 'o' && !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F'))
      return false;
  }
  return digit && (t[0] != '0' || t.size() == 1 || t[1] == '.' || t[1] == 'x' || t[1] == 'o' ||
                   t[1] == 'e' || t[1] == 'E');
}
}  // namespace

std::optional<bool> Node::as_bool() const {
  if (kind != Kind::scalar || quoted) return std::nullopt;
  static const char* yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"};
  static const char* no[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"};
  for (auto* y : yes) if (text == y) return true;
  for (auto* n : no) if (text == n) return false;
  return std::nullopt;
}

bool Node::is_string() const {
  if (kind != Kind::scalar) return false;
  if (quoted) return true;
  if (text == "true" || text == "false" || text == "True" || text == "False" || text == "TRUE" ||
      text == "FALSE")
    return false;
  return !looks_numeric(text);
}

const Node* Node::get(std::string_view key) const {
  if (kind != Kind::map) return nullptr;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].text == key) return &items[i];
  }
  return nullptr;
}

const Node::Key* Node::key_of(std::string_view key) const {
  if (kind != Kind::map) return nullptr;
  for (const auto& k : keys) {
    if (k.text == key) return &k;
  }
  return nullptr;
}

Document read_document(std::string_view path, std::string_view text, const ReadLimits& limits) {
  std::string lower = to_lower(path);
  if (lower.size() >= 5 && lower.compare(lower.size() - 5, 5, ".json") == 0) return read_json(text, limits);
  return read_yaml(text, limits);
}

}  // namespace archgate
