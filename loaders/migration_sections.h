// Line-level structure inside migration files: dbmate's `-- migrate:up` /
// `-- migrate:down` sections, Liquibase formatted SQL change sets with their
// `--rollback` lines, and `-- rollback: <how>` notes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"

namespace archgate {

// A part of the text that starts at the beginning of a line.
struct TextSection {
  std::size_t begin = 0;  // byte offsets
  std::size_t end = 0;
  std::uint32_t line = 1;  // line of `begin`
};

// `--liquibase formatted sql` as the first non-blank line.
bool is_liquibase_formatted(std::string_view text);
// A `-- migrate:up` line anywhere.
bool is_dbmate(std::string_view text);

struct DbmateSections {
  TextSection up;                   // after the `-- migrate:up` line
  std::optional<TextSection> down;  // after the `-- migrate:down` line
};
DbmateSections dbmate_sections(std::string_view text);

struct Changeset {
  std::string author;
  std::string id;
  std::uint32_t line = 1;  // the `--changeset` line
  TextSection body;        // from the `--changeset` line to the next one
  bool has_rollback = false;  // a `--rollback <sql>` line or a /* liquibase rollback */ block
  bool repeatable = false;    // runAlways:true or runOnChange:true
};
struct LiquibaseFile {
  TextSection header;  // before the first change set
  std::vector<Changeset> changesets;
};
LiquibaseFile liquibase_changesets(std::string_view text);

// The first `-- rollback: <how>` comment in `section` (also `# rollback:`
// when `hash_comments`). Span: the comment, on its line.
std::optional<Span> find_rollback_note(std::string_view text, const TextSection& section, std::string_view path,
                                       bool hash_comments);

// Whether text holds anything but whitespace and comments.
bool has_sql(std::string_view text);

}  // namespace archgate
