// The files of one OpenAPI contract and the $refs between them: each file is
// read and parsed at most once, each distinct $ref resolved once, and a $ref
// that is a URL, absolute, leaves the root or names nothing is reported
// (AG002) at the $ref and never read. Internal to loaders/openapi.cpp, but
// for the JSON pointer helpers, which verify/ uses too.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/diagnostic.h"
#include "base/hash.h"
#include "doc/node.h"
#include "loaders/literal_span.h"
#include "model/model.h"
#include "sources/file_source.h"

namespace archgate {

// "%7B" -> "{"; malformed escapes stay as written.
std::string percent_decode(std::string_view text);
// The reference tokens of a JSON pointer ("/a~1b/c" -> {"a/b", "c"}); nullopt
// when it does not start with '/' (and is not empty).
std::optional<std::vector<std::string>> json_pointer_tokens(std::string_view pointer);
// "paths" -> "paths", "/orders" -> "~1orders".
std::string json_pointer_escape(std::string_view token);

class ContractFiles {
 public:
  struct Target {
    std::size_t file = 0;
    const Node* node = nullptr;
    // A readable name of the target: "#/components/schemas/Order",
    // "services/a/common.yaml#/components/schemas/Error", "services/a/order.yaml".
    const std::string* label = nullptr;
  };

  ContractFiles(const FileSource& source, Sink& findings, OpenApiDocument& doc);

  // Reads the root file; nullopt (after an AG001) when it cannot be used.
  std::optional<std::size_t> load_root(std::string_view path);

  // One hop: the target of `ref` (a `$ref` value) found in `file`.
  std::optional<Target> follow(std::size_t file, const Node& ref);
  // Follows a chain of $refs from `node` to the first node that is not a
  // reference (a chain that loops is reported at the $ref closing the loop).
  std::optional<Target> deref(std::size_t file, const Node* node);

  const Node& root(std::size_t file) const { return doc_.files[file]->doc.root; }
  const SharedPath& path(std::size_t file) const { return doc_.files[file]->path; }
  const LiteralSpans& spans(std::size_t file) const { return *spans_[file]; }

 private:
  enum class Status : std::uint8_t { ok, missing, outside, unreadable };
  struct Resolution {
    std::optional<Target> target;
    std::string label;
    std::string problem;  // why it failed, "" when it failed silently (file already reported)
  };

  std::pair<Status, std::size_t> load(const std::string& path);
  Resolution resolve(std::size_t file, const std::string& ref);
  void note_schema_name(std::size_t file, const std::vector<std::string>& tokens, const Node& parent);
  void report(std::string rule, const Span& span, std::string message);
  void unreadable(const std::string& path, Mark mark, std::string message);

  const FileSource& source_;
  Sink& findings_;
  OpenApiDocument& doc_;
  std::vector<std::unique_ptr<LiteralSpans>> spans_;        // parallel to doc_.files
  std::unordered_map<std::string, std::pair<Status, std::size_t>> loaded_;  // path -> status, index
  // Per file index: $ref text -> result, looked up by view (a contract
  // follows tens of thousands of $refs to a few dozen targets).
  std::vector<std::unordered_map<std::string, Resolution, StringHash, std::equal_to<>>> resolved_;
  std::set<std::pair<std::size_t, const Node*>> reported_;  // $ref nodes already reported
  std::set<std::pair<std::size_t, std::string>> named_;     // external schema names recorded
};

}  // namespace archgate
