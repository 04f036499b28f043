// SQLite access for one service's own database file: WAL mode, a busy
// timeout, foreign keys on, one connection guarded by a mutex (every call runs
// inside read() or transaction(), so no two threads share the connection at
// the same time), and prepared statements with typed binding.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

struct sqlite3;
struct sqlite3_stmt;

namespace refsys {

class DbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A value to bind: text, integer, or SQL NULL.
using DbValue = std::variant<std::nullptr_t, std::int64_t, std::string>;

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, const DbValue& value);  // 1-based
  template <typename... Values>
  Statement& bind_all(const Values&... values) {
    int index = 0;
    (bind(++index, DbValue(values)), ...);
    return *this;
  }

  // Advances to the next row; false when done. Throws DbError on failure.
  bool step();
  // Runs a statement that returns no rows.
  void run();

  std::string text(int column) const;  // 0-based; "" for NULL
  std::int64_t integer(int column) const;
  bool is_null(int column) const;
  std::optional<std::int64_t> optional_integer(int column) const;
  std::optional<std::string> optional_text(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Connection {
 public:
  explicit Connection(sqlite3* db) : db_(db) {}
  Statement prepare(std::string_view sql) const { return Statement(db_, sql); }
  // Runs one or more statements without parameters (migrations, pragmas).
  void exec(const std::string& sql) const;
  // Rows changed by the last INSERT/UPDATE/DELETE.
  int changes() const;

 private:
  sqlite3* db_;
};

enum class Synchronous { normal, full };

class Database {
 public:
  // Opens (creating when missing) the file and sets WAL, busy_timeout and
  // foreign_keys. Throws DbError.
  Database(const std::string& path, Synchronous synchronous);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // `work(const Connection&)` without a transaction (single reads).
  template <typename Work>
  auto read(Work&& work) {
    const std::lock_guard<std::mutex> lock(mutex_);
    return work(Connection(db_));
  }

  // `work(const Connection&)` inside BEGIN IMMEDIATE ... COMMIT; an exception
  // rolls back and propagates.
  template <typename Work>
  auto transaction(Work&& work) {
    const std::lock_guard<std::mutex> lock(mutex_);
    Connection connection(db_);
    connection.exec("BEGIN IMMEDIATE");
    try {
      if constexpr (std::is_void_v<decltype(work(connection))>) {
        work(connection);
        connection.exec("COMMIT");
      } else {
        auto result = work(connection);
        connection.exec("COMMIT");
        return result;
      }
    } catch (...) {
      rollback_quietly();
      throw;
    }
  }

 private:
  void rollback_quietly() noexcept;

  sqlite3* db_ = nullptr;
  std::mutex mutex_;
};

}  // namespace refsys
