#include "host-kv/sqlite_backend.h"

#include <sqlite3.h>

#include <array>
#include <chrono>
#include <climits>
#include <thread>

#include "host-kv/decimal_counter.h"
#include "host-kv/kv_errors.h"
#include "host-kv/sqlite_statement.h"

namespace sable::kv {
namespace {

// How long a call waits for another process's write transaction before it is an Io error.
constexpr int kBusyTimeoutMs = 10'000;

// The statements kept per connection, by what they do.
enum Sql : size_t {
  Get,
  Put,
  Delete,
  Exists,
  ListFirst,
  ListAfter,
  Begin,
  Commit,
  Rollback,
  kCount
};

constexpr std::array<const char*, kCount> kSql = {
    "SELECT value FROM kv WHERE bucket = ?1 AND key = ?2",
    "INSERT INTO kv(bucket, key, value) VALUES(?1, ?2, ?3) "
    "ON CONFLICT(bucket, key) DO UPDATE SET value = excluded.value",
    "DELETE FROM kv WHERE bucket = ?1 AND key = ?2",
    "SELECT 1 FROM kv WHERE bucket = ?1 AND key = ?2",
    "SELECT key FROM kv WHERE bucket = ?1 ORDER BY key LIMIT ?2",
    "SELECT key FROM kv WHERE bucket = ?1 AND key > ?3 ORDER BY key LIMIT ?2",
    "BEGIN IMMEDIATE",
    "COMMIT",
    "ROLLBACK",
};

// SQLite's lengths are ints; anything near that is refused before binding.
constexpr size_t kMaxBytes = INT_MAX / 2;

class SqliteBackend final : public Backend {
 public:
  SqliteBackend(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteBackend() override {
    statements_ = {};  // finalized before the connection closes
    sqlite3_close_v2(db_);
  }
  SqliteBackend(const SqliteBackend&) = delete;
  SqliteBackend& operator=(const SqliteBackend&) = delete;

  // Prepares every kept statement.
  Result<void> prepare() {
    for (size_t i = 0; i < kCount; ++i) {
      sqlite3_stmt* statement = nullptr;
      if (sqlite3_prepare_v3(db_, kSql[i], -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) !=
          SQLITE_OK)
        return failure("preparing a statement");
      statements_[i] = SqliteStatement(statement);
    }
    return {};
  }

  Result<std::optional<std::string>> get(std::string_view bucket, std::string_view key) override {
    if (auto size = checkSize(key); !size) return size.error();
    return getOne(bucket, key);
  }

  Result<void> set(std::string_view bucket, std::string_view key, std::string_view value) override {
    if (auto size = checkSize(key, value); !size) return size.error();
    return put(bucket, key, value);
  }

  Result<bool> erase(std::string_view bucket, std::string_view key) override {
    if (auto size = checkSize(key); !size) return size.error();
    StatementRun run(statements_[Delete]);
    bindKey(run, bucket, key);
    if (run.step() != SQLITE_DONE) return failure("delete");
    return sqlite3_changes(db_) > 0;
  }

  Result<bool> exists(std::string_view bucket, std::string_view key) override {
    if (auto size = checkSize(key); !size) return size.error();
    StatementRun run(statements_[Exists]);
    bindKey(run, bucket, key);
    const int rc = run.step();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return failure("exists");
    return rc == SQLITE_ROW;
  }

  Result<KeyPage> listKeys(std::string_view bucket, std::optional<std::string_view> cursor,
                           uint32_t limit) override {
    if (limit == 0) return usageError("list-keys: the limit must be at least 1");
    // One more row than asked says whether another page follows.
    const int rows = static_cast<int>(std::min<uint32_t>(limit, INT_MAX - 1)) + 1;
    StatementRun run(statements_[cursor ? ListAfter : ListFirst]);
    run.bindText(1, bucket);
    run.bindInt(2, rows);
    if (cursor) run.bindBlob(3, *cursor);
    KeyPage page;
    int rc = SQLITE_OK;
    while ((rc = run.step()) == SQLITE_ROW) {
      if (page.keys.size() == limit) {
        page.cursor = page.keys.back();
        break;
      }
      page.keys.push_back(run.blobColumn(0));
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return failure("list-keys");
    return page;
  }

  Result<int64_t> increment(std::string_view bucket, std::string_view key, int64_t delta) override {
    if (auto size = checkSize(key); !size) return size.error();
    return inTransaction<int64_t>([&]() -> Result<int64_t> {
      auto current = getOne(bucket, key);
      if (!current) return current.error();
      std::optional<std::string_view> text;
      if (*current) text = **current;
      auto sum = addToDecimalCounter(text, delta);
      if (!sum) return sum;
      if (auto stored = put(bucket, key, std::to_string(*sum)); !stored) return stored.error();
      return sum;
    });
  }

  Result<bool> compareAndSwap(std::string_view bucket, std::string_view key,
                              std::optional<std::string_view> expected,
                              std::string_view value) override {
    if (auto size = checkSize(key, value); !size) return size.error();
    return inTransaction<bool>([&]() -> Result<bool> {
      auto current = getOne(bucket, key);
      if (!current) return current.error();
      const bool matches = expected ? (*current && **current == *expected) : !*current;
      if (!matches) return false;
      if (auto stored = put(bucket, key, value); !stored) return stored.error();
      return true;
    });
  }

  Result<std::vector<std::optional<std::string>>> getMany(
      std::string_view bucket, const std::vector<std::string>& keys) override {
    std::vector<std::optional<std::string>> values;
    values.reserve(keys.size());
    for (const auto& key : keys) {
      auto value = get(bucket, key);
      if (!value) return value.error();
      values.push_back(std::move(*value));
    }
    return values;
  }

  Result<void> setMany(std::string_view bucket,
                       const std::vector<std::pair<std::string, std::string>>& pairs) override {
    auto done = inTransaction<bool>([&]() -> Result<bool> {
      for (const auto& [key, value] : pairs) {
        if (auto stored = set(bucket, key, value); !stored) return stored.error();
      }
      return true;
    });
    if (!done) return done.error();
    return {};
  }

  Result<void> eraseMany(std::string_view bucket, const std::vector<std::string>& keys) override {
    auto done = inTransaction<bool>([&]() -> Result<bool> {
      for (const auto& key : keys) {
        if (auto erased = erase(bucket, key); !erased) return erased.error();
      }
      return true;
    });
    if (!done) return done.error();
    return {};
  }

 private:
  Result<std::optional<std::string>> getOne(std::string_view bucket, std::string_view key) {
    StatementRun run(statements_[Get]);
    bindKey(run, bucket, key);
    const int rc = run.step();
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    if (rc != SQLITE_ROW) return failure("get");
    return std::optional<std::string>(run.blobColumn(0));
  }

  Result<void> put(std::string_view bucket, std::string_view key, std::string_view value) {
    StatementRun run(statements_[Put]);
    bindKey(run, bucket, key);
    run.bindBlob(3, value);
    if (run.step() != SQLITE_DONE) return failure("set");
    return {};
  }

  static void bindKey(StatementRun& run, std::string_view bucket, std::string_view key) {
    run.bindText(1, bucket);
    run.bindBlob(2, key);
  }

  static Result<void> checkSize(std::string_view key, std::string_view value = {}) {
    if (key.size() > kMaxBytes || value.size() > kMaxBytes)
      return Error{ErrorKind::Limit, Error::kNoOffset, "sqlite: key or value larger than 1 GiB"};
    return {};
  }

  // Runs `body` inside BEGIN IMMEDIATE (the write lock is taken first, so a read-modify-write
  // cannot interleave with another process's); commits when it succeeds, rolls back otherwise.
  template <typename T, typename Body>
  Result<T> inTransaction(Body&& body) {
    if (StatementRun(statements_[Begin]).step() != SQLITE_DONE)
      return failure("starting a write transaction");
    Result<T> result = body();
    if (!result) {
      (void)StatementRun(statements_[Rollback]).step();
      return result;
    }
    if (StatementRun(statements_[Commit]).step() != SQLITE_DONE) {
      Error error = failure("commit");
      (void)StatementRun(statements_[Rollback]).step();
      return error;
    }
    return result;
  }

  Error failure(std::string_view what) const {
    return ioError("sqlite:" + path_ + ": " + std::string(what) + ": " + sqlite3_errmsg(db_));
  }

  sqlite3* db_;
  std::string path_;
  std::array<SqliteStatement, kCount> statements_;
};

// Runs one statement that may return a row (PRAGMAs); the first column of the first row, or
// an error message.
Result<std::string> execute(sqlite3* db, const std::string& path, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK)
    return ioError("sqlite:" + path + ": " + sqlite3_errmsg(db));
  SqliteStatement statement(raw);
  std::string first;
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    if (first.empty() && sqlite3_column_text(raw, 0) != nullptr)
      first = reinterpret_cast<const char*>(sqlite3_column_text(raw, 0));
  }
  if (rc != SQLITE_DONE) return ioError("sqlite:" + path + ": " + sqlite3_errmsg(db));
  return first;
}

// Journal, durability and the table; the first statements read the file's header, so a file
// that is not a database fails here rather than at the first call.
Result<void> configure(sqlite3* db, const BackendUri& uri) {
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  sqlite3_extended_result_codes(db, 1);
  auto mode = execute(db, uri.path, "PRAGMA journal_mode=WAL");
  if (!mode) return mode.error();
  if (*mode != "wal")
    return ioError("sqlite:" + uri.path + ": could not switch to WAL (journal mode " + *mode + ")");
  const char* sync = uri.synchronousFull ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL";
  for (const char* sql : {sync,
                          "CREATE TABLE IF NOT EXISTS kv(bucket TEXT NOT NULL, key BLOB NOT NULL, "
                          "value BLOB NOT NULL, PRIMARY KEY(bucket, key)) WITHOUT ROWID"}) {
    if (auto done = execute(db, uri.path, sql); !done) return done.error();
  }
  // A file damaged past its header opens fine and fails at some later call; reading every page
  // once here (quick_check) makes it an error at open instead.
  auto check = execute(db, uri.path, "PRAGMA quick_check(1)");
  if (!check) return check.error();
  if (*check != "ok") return ioError("sqlite:" + uri.path + ": the database is damaged: " + *check);
  return {};
}

// Whether the last call on `db` failed because another connection held a lock.
bool lockedOut(sqlite3* db) {
  const int code = sqlite3_errcode(db) & 0xff;
  return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

// configure(), tried again while another process holds the file: the busy handler does not
// cover every step (two processes creating a new file switch its journal mode at once).
Result<void> configureWhenFree(sqlite3* db, const BackendUri& uri) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
  for (;;) {
    auto configured = configure(db, uri);
    if (configured || !lockedOut(db) || std::chrono::steady_clock::now() > deadline)
      return configured;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

Result<std::shared_ptr<Backend>> openSqliteBackend(const BackendUri& uri) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(uri.path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    Error error = ioError("sqlite:" + uri.path + ": cannot open: " +
                          (db != nullptr ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_close_v2(db);
    return error;
  }
  auto backend = std::make_shared<SqliteBackend>(db, uri.path);
  if (auto configured = configureWhenFree(db, uri); !configured) return configured.error();
  if (auto prepared = backend->prepare(); !prepared) return prepared.error();
  return std::shared_ptr<Backend>(std::move(backend));
}

}  // namespace sable::kv
