// Service source code scanned as text (SPEC 2.5): string literals per
// language, SQL in them (through loaders/sql.h), URLs and host names, request
// paths, computation sites (for AG202) and correlation header mentions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace archgate {

// The language of a file by its name, or "" when it is not source code.
std::string_view source_language(std::string_view path);

struct ScanOptions {
  std::string correlation_header = "x-request-id";
  bool computations = false;  // collect ComputationSites (gateway code only)
};

SourceFile scan_source(std::string_view path, std::string_view text, const ScanOptions& options);

// One string literal as found in the code, with its decoded value.
struct StringLiteral {
  std::string value;       // escapes decoded; template `${...}` kept as written
  std::uint32_t line = 0;  // of the opening quote
  std::uint32_t column = 0;
  std::uint32_t value_line = 0;  // of the first character of the value
  std::uint32_t value_column = 0;
  bool is_template = false;  // JS template literal, f-string, interpolated string
};
std::vector<StringLiteral> extract_literals(std::string_view language, std::string_view text);

}  // namespace archgate
