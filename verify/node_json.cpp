#include "verify/node_json.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace archgate::verify {

namespace {

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// [-+]?digits(.digits)?([eE][-+]?digits)? or .inf/.nan are not taken.
bool looks_float(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  std::size_t digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    std::size_t exponent = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++exponent;
    if (exponent == 0) return false;
  }
  return i == text.size();
}

nlohmann::json scalar(const Node& node) {
  const std::string& t = node.text;
  if (node.quoted) return t;
  if (t.empty() || t == "null" || t == "~" || t == "Null" || t == "NULL") return nullptr;
  if (t == "true" || t == "True" || t == "TRUE") return true;
  if (t == "false" || t == "False" || t == "FALSE") return false;
  std::string_view digits = t;
  bool negative = !digits.empty() && (digits.front() == '-' || digits.front() == '+');
  if (negative) digits.remove_prefix(1);
  if (all_digits(digits)) {
    errno = 0;
    if (t.front() == '-') {
      long long v = std::strtoll(t.c_str(), nullptr, 10);
      if (errno == 0) return v;
    } else {
      unsigned long long v = std::strtoull(t.c_str() + (t.front() == '+' ? 1 : 0), nullptr, 10);
      if (errno == 0) return v;
    }
    return t;  // beyond 64 bits
  }
  if (looks_float(t)) {
    errno = 0;
    double v = std::strtod(t.c_str(), nullptr);
    if (errno == 0 && std::isfinite(v)) return v;
  }
  return t;
}

}  // namespace

nlohmann::json node_to_json(const Node& node, int max_depth) {
  if (max_depth <= 0) return nullptr;
  switch (node.kind) {
    case Node::Kind::null:
      return nullptr;
    case Node::Kind::scalar:
      return scalar(node);
    case Node::Kind::sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const Node& item : node.items) out.push_back(node_to_json(item, max_depth - 1));
      return out;
    }
    case Node::Kind::map: {
      nlohmann::json out = nlohmann::json::object();
      for (std::size_t i = 0; i < node.keys.size(); ++i) {
        if (out.contains(node.keys[i].text)) continue;  // the first of duplicate keys, as Node::get
        out[node.keys[i].text] = node_to_json(node.items[i], max_depth - 1);
      }
      return out;
    }
  }
  return nullptr;
}

}  // namespace archgate::verify
