// State shared by the parts of the Compose loader: the files read so far
// (every Value points into this table), the .env variables, caches of
// env files and Dockerfiles, and how problems are reported.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "loaders/compose_interpolate.h"
#include "loaders/compose_tree.h"
#include "sources/file_source.h"

namespace archgate::compose {

struct FileInfo {
  std::string path;      // the file a Value came from
  std::string base_dir;  // relative paths written in it resolve against this
};

class Context {
 public:
  Context(const FileSource& source, Sink& sink) : source_(source), sink_(sink) {}

  const FileSource& source() const { return source_; }

  std::uint32_t add_file(std::string path, std::string base_dir);
  const FileInfo& file(std::uint32_t index) const { return files_[index]; }

  Span span(std::uint32_t file, Mark mark, std::uint32_t width) const;
  Span span(const Value& value) const { return span(value.file, value.mark, value.width); }
  Span span(const Value::Key& key) const { return span(key.file, key.mark, key.width); }
  static Span file_span(const std::string& path, std::uint32_t line = 1, std::uint32_t column = 1,
                        std::uint32_t width = 0);

  void report(std::string_view rule, Span span, std::string message, std::string service = {},
              std::string logical_path = {});

  // A required variable (`${VAR:?}`) without a value: a note, not an
  // unreadable file; the value is read as empty and everything is checked.
  // One note per variable and file.
  void note_unset(Span span, std::string_view message, std::string_view variable);

  // A path written in a Compose file (extends file, env_file, build context,
  // include) resolved against `base_dir`. A URL, an absolute path or one that
  // climbs out of the root is reported as AG002 at `at` and gives nullopt.
  std::optional<std::string> resolve(std::string_view written, std::string_view base_dir, const Span& at,
                                     std::string_view what, const std::string& service);

  // Reads a file that exists. An unreadable one (too large, bad encoding,
  // I/O error, a symlink leaving the root) is reported once as AG001.
  std::optional<std::string> read(const std::string& path);

  // A dotenv file (.env or an env_file), parsed once; its problems are
  // reported once as AG001. nullopt when it cannot be read.
  const std::optional<Dotenv>& dotenv(const std::string& path, const Variables& outer);

  void note_compose_file(const std::string& path);
  void note_support_file(const std::string& path);

  Variables env;  // the project's .env
  std::vector<std::string> compose_files;
  std::vector<std::string> support_files;

 private:
  const FileSource& source_;
  Sink& sink_;
  std::vector<FileInfo> files_;
  std::map<std::string, std::optional<std::string>, std::less<>> reads_;
  std::map<std::string, std::optional<Dotenv>, std::less<>> dotenvs_;
  std::set<std::string> unset_noted_;  // "file\nVARIABLE" of the notes already given
};

}  // namespace archgate::compose
