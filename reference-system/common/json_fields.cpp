#include "json_fields.h"

namespace refsys {

bool is_identifier(std::string_view text, std::size_t max_length) {
  if (text.empty() || text.size() > max_length) {
    return false;
  }
  for (const char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) {
      return false;
    }
  }
  return true;
}

void FieldReader::fail(std::string message) {
  if (error_.empty()) {
    error_ = std::move(message);
  }
}

bool FieldReader::present(std::string_view name) const {
  return object_.is_object() && object_.contains(name) && !object_.at(std::string(name)).is_null();
}

const nlohmann::json* FieldReader::field(std::string_view name) {
  if (!object_.is_object()) {
    fail(where_.empty() ? "expected a JSON object" : where_.substr(0, where_.size() - 1) + " must be an object");
    return nullptr;
  }
  const auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) {
    fail(where_ + std::string(name) + " is required");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> FieldReader::identifier(std::string_view name, std::size_t max_length) {
  const nlohmann::json* value = field(name);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (!value->is_string() || !is_identifier(value->get_ref<const std::string&>(), max_length)) {
    fail(where_ + std::string(name) + " must be a string of 1 to " + std::to_string(max_length) +
         " characters from A-Z a-z 0-9 . _ : -");
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<std::int64_t> FieldReader::integer(std::string_view name, std::int64_t min,
                                                 std::int64_t max) {
  const nlohmann::json* value = field(name);
  if (value == nullptr) {
    return std::nullopt;
  }
  std::optional<std::int64_t> number;
  if (value->is_number_integer() && value->is_number_unsigned()) {
    const auto unsigned_value = value->get<std::uint64_t>();
    if (unsigned_value <= static_cast<std::uint64_t>(max)) {
      number = static_cast<std::int64_t>(unsigned_value);
    }
  } else if (value->is_number_integer()) {
    number = value->get<std::int64_t>();
  }
  if (!number || *number < min || *number > max) {
    fail(where_ + std::string(name) + " must be an integer from " + std::to_string(min) + " to " +
         std::to_string(max));
    return std::nullopt;
  }
  return number;
}

const nlohmann::json* FieldReader::array(std::string_view name, std::size_t max_items) {
  const nlohmann::json* value = field(name);
  if (value == nullptr) {
    return nullptr;
  }
  if (!value->is_array() || value->empty() || value->size() > max_items) {
    fail(where_ + std::string(name) + " must be an array of 1 to " + std::to_string(max_items) +
         " elements");
    return nullptr;
  }
  return value;
}

}  // namespace refsys
