// Reading fields of a JSON request body without throwing: each reader checks
// presence, type and range, and the first problem becomes the 400 message.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace refsys {

// Identifiers (keys, ids, codes): 1..max_length characters of [A-Za-z0-9._:-].
bool is_identifier(std::string_view text, std::size_t max_length);

class FieldReader {
 public:
  // `where` prefixes messages, e.g. "items[2]." (empty for the top level).
  explicit FieldReader(const nlohmann::json& object, std::string where = {})
      : object_(object), where_(std::move(where)) {}

  // An identifier-like string field; nullopt (and an error) when absent or invalid.
  std::optional<std::string> identifier(std::string_view name, std::size_t max_length);
  // An integer field in [min, max]; floats, strings and booleans are errors.
  std::optional<std::int64_t> integer(std::string_view name, std::int64_t min, std::int64_t max);
  // A non-empty array field of at most max_items elements.
  const nlohmann::json* array(std::string_view name, std::size_t max_items);

  // Same checks, but absence is not an error.
  bool present(std::string_view name) const;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  void fail(std::string message);

 private:
  const nlohmann::json* field(std::string_view name);

  const nlohmann::json& object_;
  std::string where_;
  std::string error_;
};

}  // namespace refsys
