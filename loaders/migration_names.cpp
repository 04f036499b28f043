#include "loaders/migration_names.h"

#include <vector>

#include "base/text.h"

namespace archgate {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t leading_digits(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && is_digit(s[n])) ++n;
  return n;
}

// "x.sql" -> "x" (any case of the extension).
std::string_view stem_of(std::string_view name) {
  if (name.size() >= 4 && iequals(name.substr(name.size() - 4), ".sql")) name.remove_suffix(4);
  return name;
}

bool ends_with_icase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

// Folder names that hold rollback scripts.
bool rollback_folder(std::string_view folder) {
  for (std::string_view w : {"down", "downs", "rollback", "rollbacks", "undo", "revert", "reverts"}) {
    if (iequals(folder, w)) return true;
  }
  return false;
}

// A stem that says it is a rollback: "001_init.down", "001-init_rollback", "002_undo".
bool rollback_suffix(std::string_view stem) {
  for (std::string_view w : {"down", "rollback", "undo", "revert"}) {
    for (char sep : {'.', '_', '-'}) {
      std::string suffix(1, sep);
      suffix += w;
      if (ends_with_icase(stem, suffix)) return true;
    }
  }
  return false;
}

// Flyway: V<version>__<description>, U<version>__<description>, R__<description>.
std::optional<MigrationName> flyway(std::string_view stem) {
  if (stem.size() < 4) return std::nullopt;
  char prefix = stem[0];
  std::size_t sep = stem.find("__");
  if (sep == std::string_view::npos) return std::nullopt;
  MigrationName m;
  m.layout = MigrationLayout::flyway;
  m.description = std::string(stem.substr(sep + 2));
  if ((prefix == 'R' || prefix == 'r') && sep == 1) {
    m.direction = MigrationDirection::repeatable;
    return m;
  }
  if (prefix != 'V' && prefix != 'v' && prefix != 'U' && prefix != 'u') return std::nullopt;
  std::string_view version = stem.substr(1, sep - 1);
  if (version.empty() || !is_digit(version.front()) || !is_digit(version.back())) return std::nullopt;
  for (char c : version) {
    if (!is_digit(c) && c != '.' && c != '_') return std::nullopt;
  }
  for (char c : version) m.version += c == '_' ? '.' : c;
  m.direction = (prefix == 'U' || prefix == 'u') ? MigrationDirection::down : MigrationDirection::up;
  return m;
}

// golang-migrate: <version>_<description>.up / .down
std::optional<MigrationName> golang_migrate(std::string_view stem) {
  bool up = ends_with_icase(stem, ".up");
  bool down = ends_with_icase(stem, ".down");
  if (!up && !down) return std::nullopt;
  std::string_view base = stem.substr(0, stem.size() - (up ? 3 : 5));
  std::size_t digits = leading_digits(base);
  if (digits == 0 || (digits < base.size() && base[digits] != '_')) return std::nullopt;
  MigrationName m;
  m.layout = MigrationLayout::golang_migrate;
  m.direction = up ? MigrationDirection::up : MigrationDirection::down;
  m.version = std::string(base.substr(0, digits));
  if (digits + 1 < base.size()) m.description = std::string(base.substr(digits + 1));
  return m;
}

}  // namespace

std::string normalize_version(std::string_view version) {
  std::string out;
  std::string part;
  auto flush = [&] {
    std::size_t z = 0;
    while (z + 1 < part.size() && part[z] == '0') ++z;
    if (!out.empty()) out += '.';
    out += part.substr(z);
    part.clear();
  };
  for (char c : version) {
    if (c == '.' || c == '_') {
      flush();
    } else {
      part += c;
    }
  }
  flush();
  return out;
}

MigrationName classify_migration_name(std::string_view relative) {
  std::string_view name = path_basename(relative);
  std::string_view stem = stem_of(name);
  std::string_view folder = path_basename(path_dirname(relative));
  bool in_rollback_folder = false;
  for (auto part : split(path_dirname(relative), '/')) in_rollback_folder = in_rollback_folder || rollback_folder(part);

  if (auto m = flyway(stem)) return *m;
  if (auto m = golang_migrate(stem)) return *m;

  MigrationName m;
  m.layout = MigrationLayout::plain;
  std::size_t digits = leading_digits(stem);
  if (digits > 0) {
    m.version = std::string(stem.substr(0, digits));
    std::string_view rest = stem.substr(digits);
    if (!rest.empty() && (rest[0] == '_' || rest[0] == '-' || rest[0] == '.')) rest.remove_prefix(1);
    m.description = std::string(rest);
    m.direction = in_rollback_folder || rollback_suffix(stem) ? MigrationDirection::down : MigrationDirection::up;
    return m;
  }
  // One folder per migration: 20200101000000_create_x/up.sql (diesel),
  // .../migration.sql (Prisma).
  std::size_t folder_digits = leading_digits(folder);
  if (folder_digits > 0) {
    m.version = std::string(folder.substr(0, folder_digits));
    m.description = std::string(folder);
    m.direction = iequals(stem, "down") || rollback_folder(stem) ? MigrationDirection::down : MigrationDirection::up;
    return m;
  }
  // No leading version (schema.sql, data.sql, changelog-0002.sql): in a
  // migrations folder it is still a migration, applied once, unless its name
  // or folder says it undoes one (only Flyway's R__ and Liquibase's
  // runAlways are repeatable). The name without its rollback suffix is the
  // version that pairs it with its down file (schema.sql, schema.down.sql).
  m.description = std::string(stem);
  bool down = in_rollback_folder || rollback_suffix(stem);
  std::string_view key = stem;
  if (rollback_suffix(stem)) key = stem.substr(0, key.find_last_of("._-"));
  m.version = std::string(key);
  m.direction = down ? MigrationDirection::down : MigrationDirection::up;
  return m;
}

MigrationName dbmate_name(std::string_view relative) {
  std::string_view stem = stem_of(path_basename(relative));
  MigrationName m;
  m.layout = MigrationLayout::dbmate;
  std::size_t digits = leading_digits(stem);
  m.version = std::string(stem.substr(0, digits));
  std::string_view rest = stem.substr(digits);
  if (!rest.empty() && (rest[0] == '_' || rest[0] == '-')) rest.remove_prefix(1);
  m.description = std::string(rest);
  return m;
}

}  // namespace archgate
