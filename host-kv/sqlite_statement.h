// A prepared SQLite statement kept for the life of a connection, and a scoped use of it that
// binds blobs and resets it afterwards (so a failed step never leaves it half-run).
#pragma once

#include <sqlite3.h>

#include <optional>
#include <string>
#include <string_view>

namespace sable::kv {

// Owns one prepared statement.
class SqliteStatement {
 public:
  SqliteStatement() = default;
  explicit SqliteStatement(sqlite3_stmt* statement) : statement_(statement) {}
  SqliteStatement(SqliteStatement&& other) noexcept : statement_(other.statement_) {
    other.statement_ = nullptr;
  }
  SqliteStatement& operator=(SqliteStatement&& other) noexcept {
    std::swap(statement_, other.statement_);
    return *this;
  }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement() { sqlite3_finalize(statement_); }

  // The statement, for sqlite3_* calls.
  sqlite3_stmt* get() const { return statement_; }

 private:
  sqlite3_stmt* statement_ = nullptr;
};

// One execution of a kept statement: bind, step, read columns; reset and unbound on scope exit.
class StatementRun {
 public:
  explicit StatementRun(const SqliteStatement& statement) : statement_(statement.get()) {}
  StatementRun(const StatementRun&) = delete;
  StatementRun& operator=(const StatementRun&) = delete;
  ~StatementRun() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }

  // Binds text (the bucket) to parameter `index` (1-based); SQLITE_OK or an error code.
  int bindText(int index, std::string_view text) {
    return sqlite3_bind_text(statement_, index, nonNull(text), static_cast<int>(text.size()),
                             SQLITE_TRANSIENT);
  }
  // Binds bytes as a BLOB (an empty one too, never NULL).
  int bindBlob(int index, std::string_view bytes) {
    return sqlite3_bind_blob(statement_, index, nonNull(bytes), static_cast<int>(bytes.size()),
                             SQLITE_TRANSIENT);
  }
  int bindInt(int index, int value) { return sqlite3_bind_int(statement_, index, value); }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step() { return sqlite3_step(statement_); }
  // Column `index` of the current row as bytes.
  std::string blobColumn(int index) const {
    const void* data = sqlite3_column_blob(statement_, index);
    const int size = sqlite3_column_bytes(statement_, index);
    return data == nullptr ? std::string() : std::string(static_cast<const char*>(data), size);
  }

 private:
  // SQLite binds a null pointer as NULL; an empty key or value must stay an empty blob.
  static const char* nonNull(std::string_view bytes) {
    return bytes.data() == nullptr ? "" : bytes.data();
  }

  sqlite3_stmt* statement_;
};

}  // namespace sable::kv
