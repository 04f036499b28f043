#include "loaders/migrations.h"

#include <algorithm>
#include <set>

#include "base/hash.h"
#include "base/text.h"
#include "loaders/migration_names.h"
#include "loaders/migration_sections.h"
#include "loaders/sql.h"
#include "loaders/sql_dialect_scan.h"

namespace archgate {

namespace {

constexpr std::string_view kParseHelp =
    "archgate reads migrations with the PostgreSQL grammar. If this service's scripts are written for MySQL, "
    "MariaDB, SQL Server or SQLite, set its \"dialect\" so they are scanned instead.";

bool is_sql_file(std::string_view path) {
  return path.size() > 4 && iequals(path.substr(path.size() - 4), ".sql");
}

std::string relative_to(std::string_view path, std::string_view dir) {
  if (dir.empty()) return std::string(path);
  return std::string(path.substr(std::min(path.size(), dir.size() + 1)));
}

std::string without_sql(std::string_view path) {
  return std::string(is_sql_file(path) ? path.substr(0, path.size() - 4) : path);
}

// sqitch: `dir` or its parent holds sqitch.plan, or `dir` has deploy/ and revert/.
std::string sqitch_root(const FileSource& files, std::string_view dir) {
  if (files.exists(path_join(dir, "sqitch.plan"))) return std::string(dir);
  std::string_view parent = path_dirname(dir);
  if (files.exists(path_join(parent, "sqitch.plan"))) return std::string(parent);
  if (files.is_directory(path_join(dir, "deploy")) && files.is_directory(path_join(dir, "revert"))) {
    return std::string(dir);
  }
  return {};
}

class Loader {
 public:
  Loader(const FileSource& files, std::string_view service, std::string_view dialect, Sink& sink)
      : files_(files), service_(service), dialect_(dialect), sink_(sink) {
    hash_comments_ = iequals(dialect, "mysql") || iequals(dialect, "mariadb");
  }

  void load(std::string_view dir) {
    std::set<std::string> done;
    std::string root = sqitch_root(files_, dir);
    if (!root.empty()) {
      std::string deploy = path_join(root, "deploy");
      std::string revert = path_join(root, "revert");
      for (const FileEntry* f : files_.files_under(deploy)) {
        if (!is_sql_file(f->path)) continue;
        load_file(f->path, sqitch_name(f->path, deploy, MigrationDirection::up));
        done.insert(f->path);
      }
      for (const FileEntry* f : files_.files_under(revert)) {
        if (!is_sql_file(f->path)) continue;
        load_file(f->path, sqitch_name(f->path, revert, MigrationDirection::down));
        done.insert(f->path);
      }
      for (const FileEntry* f : files_.files_under(path_join(root, "verify"))) done.insert(f->path);
    }
    for (const FileEntry* f : files_.files_under(dir)) {
      if (!is_sql_file(f->path) || done.count(f->path)) continue;
      load_file(f->path, std::nullopt, relative_to(f->path, dir));
    }
    std::stable_sort(out_.begin(), out_.end(), [](const MigrationFile& a, const MigrationFile& b) {
      return a.path != b.path ? a.path < b.path : a.start_line < b.start_line;
    });
  }

  std::vector<MigrationFile> take() { return std::move(out_); }

 private:
  static MigrationName sqitch_name(std::string_view path, std::string_view folder, MigrationDirection direction) {
    MigrationName n;
    n.layout = MigrationLayout::sqitch;
    n.direction = direction;
    n.version = without_sql(relative_to(path, folder));
    n.description = n.version;
    return n;
  }

  void load_file(const std::string& path, std::optional<MigrationName> sqitch, const std::string& relative = {}) {
    ReadResult read = files_.read(path);
    if (read.status != ReadStatus::ok) {
      unreadable(path, read);
      // A rollback script that cannot be read still exists.
      MigrationName name = sqitch ? *sqitch : classify_migration_name(relative);
      if (name.direction == MigrationDirection::down) out_.push_back(entry(path, name));
      return;
    }
    std::string_view raw = read.content;
    EncodingReport enc = inspect_encoding(raw);
    std::string_view body = strip_bom(raw);
    std::size_t bom = raw.size() - body.size();
    bool quiet = false;
    if (enc.has_nul || enc.invalid_utf8) {
      LineIndex lines(body);
      std::size_t at = (enc.has_nul && (!enc.invalid_utf8 || enc.first_nul < enc.first_invalid)) ? enc.first_nul
                                                                                                  : enc.first_invalid;
      LineColumn lc = lines.at(at >= bom ? at - bom : 0);
      report(path, lc.line, lc.column,
             enc.has_nul && at == enc.first_nul
                 ? "migration contains a NUL byte; it was read with NUL bytes as spaces"
                 : "migration is not valid UTF-8; it was read with the bad bytes replaced");
      quiet = true;  // one finding per bad file
    }
    std::string text = sanitized_copy(body);

    if (sqitch) {
      whole_file(path, text, *sqitch, quiet);
    } else if (is_liquibase_formatted(text)) {
      liquibase(path, text, quiet);
    } else if (is_dbmate(text)) {
      dbmate(path, relative, text, quiet);
    } else {
      whole_file(path, text, classify_migration_name(relative), quiet);
    }
  }

  void whole_file(const std::string& path, const std::string& text, const MigrationName& name, bool quiet) {
    MigrationFile m = entry(path, name);
    m.digest = text_digest(text);
    TextSection all{0, text.size(), 1};
    m.rollback_note = find_rollback_note(text, all, path, hash_comments_);
    auto statements = parse(path, text, all, quiet);
    if (m.direction != MigrationDirection::down) m.statements = std::move(statements);
    out_.push_back(std::move(m));
  }

  void dbmate(const std::string& path, const std::string& relative, const std::string& text, bool quiet) {
    MigrationFile m = entry(path, dbmate_name(relative));
    m.digest = text_digest(text);
    DbmateSections sections = dbmate_sections(text);
    m.has_down_section =
        sections.down && has_sql(std::string_view(text).substr(sections.down->begin, sections.down->end - sections.down->begin));
    m.rollback_note = find_rollback_note(text, {0, text.size(), 1}, path, hash_comments_);
    m.statements = parse(path, text, sections.up, quiet);
    out_.push_back(std::move(m));
  }

  void liquibase(const std::string& path, const std::string& text, bool quiet) {
    LiquibaseFile file = liquibase_changesets(text);
    auto header_note = find_rollback_note(text, file.header, path, hash_comments_);
    if (file.changesets.empty()) {
      MigrationName name;
      name.layout = MigrationLayout::liquibase;
      name.direction = MigrationDirection::repeatable;
      MigrationFile m = entry(path, name);
      m.digest = text_digest(text);
      m.rollback_note = header_note;
      m.statements = parse(path, text, {0, text.size(), 1}, quiet);
      out_.push_back(std::move(m));
      return;
    }
    for (const Changeset& c : file.changesets) {
      MigrationName name;
      name.layout = MigrationLayout::liquibase;
      name.direction = c.repeatable ? MigrationDirection::repeatable : MigrationDirection::up;
      name.version = c.id;
      name.description = c.author;
      MigrationFile m = entry(path, name);
      m.start_line = c.line;
      m.digest = text_digest(std::string_view(text).substr(c.body.begin, c.body.end - c.body.begin));
      m.has_down_section = c.has_rollback;
      m.rollback_note = find_rollback_note(text, c.body, path, hash_comments_);
      if (!m.rollback_note) m.rollback_note = header_note;
      m.statements = parse(path, text, c.body, quiet);
      out_.push_back(std::move(m));
    }
  }

  std::vector<SqlStatement> parse(const std::string& path, const std::string& text, const TextSection& section,
                                  bool quiet) {
    std::string_view part = std::string_view(text).substr(section.begin, section.end - section.begin);
    // SQL for another database, told by its marks, is read with the table
    // scanner: one note per file instead of an error per statement.
    std::string dialect = dialect_;
    if (is_postgres_dialect(dialect_)) {
      if (std::optional<DialectGuess> guess = guess_sql_dialect(part, section.line)) {
        dialect = guess->dialect;
        if (!quiet && noted_.insert(path).second) note_dialect(path, *guess);
      }
    }
    SqlParse parsed = parse_sql_dialect(part, path, dialect, section.line, 1);
    if (!quiet) {
      for (const SqlProblem& p : parsed.problems) {
        report(path, p.line, p.column, "SQL does not parse: " + p.message,
               is_postgres_dialect(dialect) ? std::string(kParseHelp) : std::string());
      }
    }
    return std::move(parsed.statements);
  }

  void note_dialect(const std::string& path, const DialectGuess& guess) {
    Diagnostic d;
    d.rule = "AG001";
    d.severity = Severity::note;
    d.assumption = true;
    d.message = "written for " + dialect_label(guess.dialect) + " (" + guess.evidence + " at line " +
                std::to_string(guess.line) + "), not PostgreSQL: its tables are found by the table scanner";
    d.help = "Say so in service-inventory.json (\"dialect\": \"" + guess.dialect + "\" for " +
             (service_.empty() ? std::string("the service") : service_) +
             ", or `dialect:` in archgate.yaml for every service) to remove this note.";
    d.service = service_;
    d.span.path = path;
    d.span.line = guess.line;
    d.span.column = 1;
    sink_.report(std::move(d));
  }

  MigrationFile entry(const std::string& path, const MigrationName& name) const {
    MigrationFile m;
    m.path = path;
    m.service = service_;
    m.layout = name.layout;
    m.direction = name.direction;
    m.version = name.version;
    m.description = name.description;
    return m;
  }

  void unreadable(const std::string& path, const ReadResult& read) {
    std::string message;
    switch (read.status) {
      case ReadStatus::too_large:
        message = "migration is " + std::to_string(read.size) + " bytes, over the " +
                  std::to_string(files_.max_file_size()) + "-byte limit; it was not read";
        break;
      case ReadStatus::outside_root:
        message = "migration is a link that leaves the repository; it was not read";
        break;
      default:
        message = "migration cannot be read" + (read.detail.empty() ? std::string() : ": " + read.detail);
        break;
    }
    report(path, 1, 1, message);
  }

  void report(const std::string& path, std::uint32_t line, std::uint32_t column, std::string message,
              std::string help = {}) {
    Diagnostic d;
    d.rule = "AG001";
    d.severity = Severity::error;
    d.message = std::move(message);
    d.help = std::move(help);
    d.service = service_;
    d.span.path = path;
    d.span.line = line;
    d.span.column = column;
    sink_.report(std::move(d));
  }

  const FileSource& files_;
  std::string service_;
  std::string dialect_;
  Sink& sink_;
  bool hash_comments_ = false;
  std::vector<MigrationFile> out_;
  std::set<std::string> noted_;  // files whose dialect was guessed and said
};

std::string_view basename_of(const MigrationFile& m) { return path_basename(m.path); }

}  // namespace

std::vector<MigrationFile> load_migrations(const FileSource& files, std::string_view service, std::string_view dir,
                                           std::string_view dialect, Sink& findings) {
  if (dir.empty() || !files.is_directory(dir)) return {};
  Loader loader(files, service, dialect, findings);
  loader.load(dir);
  return loader.take();
}

RollbackIndex::RollbackIndex(const std::vector<MigrationFile>& all) {
  for (const auto& m : all) {
    if (m.direction != MigrationDirection::down) continue;
    if (m.layout == MigrationLayout::sqitch) {
      sqitch_.emplace(m.service, m.version);
    } else if ((m.layout == MigrationLayout::flyway || m.layout == MigrationLayout::golang_migrate ||
                m.layout == MigrationLayout::plain) &&
               !m.version.empty()) {
      versions_.emplace(m.service, normalize_version(m.version));
    }
  }
}

bool RollbackIndex::has_rollback(const MigrationFile& up) const {
  if (up.direction != MigrationDirection::up) return true;
  if (up.has_down_section || up.rollback_note) return true;
  switch (up.layout) {
    case MigrationLayout::dbmate:
    case MigrationLayout::liquibase:
      return false;
    case MigrationLayout::sqitch:
      return sqitch_.count({up.service, up.version}) > 0;
    default:
      break;
  }
  return !up.version.empty() && versions_.count({up.service, normalize_version(up.version)}) > 0;
}

bool has_rollback(const MigrationFile& up, const std::vector<MigrationFile>& all) {
  return RollbackIndex(all).has_rollback(up);
}

std::string expected_rollback(const MigrationFile& up) {
  std::string name(basename_of(up));
  switch (up.layout) {
    case MigrationLayout::flyway: {
      std::string undo = name;
      if (!undo.empty()) undo[0] = undo[0] == 'v' ? 'u' : 'U';
      return "undo file " + undo;
    }
    case MigrationLayout::golang_migrate: {
      std::string stem = without_sql(name);
      if (stem.size() >= 3 && iequals(std::string_view(stem).substr(stem.size() - 3), ".up")) stem.resize(stem.size() - 3);
      return "down file " + stem + ".down.sql";
    }
    case MigrationLayout::dbmate:
      return "\"-- migrate:down\" section with SQL";
    case MigrationLayout::liquibase:
      return "\"--rollback\" line";
    case MigrationLayout::sqitch:
      return "revert script revert/" + up.version + ".sql";
    case MigrationLayout::plain:
      if (iequals(name, "up.sql") || iequals(name, "migration.sql")) return "down.sql beside it";
      return "down file " + without_sql(name) + ".down.sql";
  }
  return "rollback";
}

std::string_view migration_layout_name(MigrationLayout layout) {
  switch (layout) {
    case MigrationLayout::flyway: return "Flyway";
    case MigrationLayout::golang_migrate: return "golang-migrate";
    case MigrationLayout::dbmate: return "dbmate";
    case MigrationLayout::liquibase: return "Liquibase";
    case MigrationLayout::sqitch: return "sqitch";
    case MigrationLayout::plain: return "plain";
  }
  return "plain";
}

}  // namespace archgate
