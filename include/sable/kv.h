// sable::kv: the key-value store behind the key-value capability (example:kv/kv-store and
// wasi:keyvalue), one interface over swappable real stores chosen by URI: `memory`,
// `sqlite:PATH[?sync=normal]`, `redis://HOST:PORT[/DB]` and `redis+unix://PATH[?db=N]`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sable/result.h"

namespace sable::kv {

// One page of keys from Backend::listKeys, and where the next page starts.
struct KeyPage {
  // The keys of this page (at most the limit asked for).
  std::vector<std::string> keys;
  // An opaque cursor to pass to the next listKeys call; empty when the listing is complete.
  std::optional<std::string> cursor;
};

// A key-value store: buckets are namespaces in one store, keys and values are arbitrary bytes
// (empty ones included). Thread-compatible: one thread at a time per Backend object; several
// processes may share a durable store. Every call may fail with ErrorKind::Io and a message
// (the store is unreachable or broken); Usage errors mean the request itself is wrong.
class Backend {
 public:
  virtual ~Backend() = default;

  // The value of `key`, or nullopt when there is none.
  virtual Result<std::optional<std::string>> get(std::string_view bucket, std::string_view key) = 0;
  // Sets `key` to `value`; once it returns, the value is stored (durably, for durable stores).
  virtual Result<void> set(std::string_view bucket, std::string_view key,
                           std::string_view value) = 0;
  // Removes `key`; whether it was there.
  virtual Result<bool> erase(std::string_view bucket, std::string_view key) = 0;
  // Whether `key` has a value.
  virtual Result<bool> exists(std::string_view bucket, std::string_view key) = 0;
  // Up to `limit` (at least 1) keys of `bucket`, starting where `cursor` (from the previous
  // page) says, or at the beginning. Every key present during the whole listing is returned at
  // least once; memory and sqlite return each once, in byte order.
  virtual Result<KeyPage> listKeys(std::string_view bucket, std::optional<std::string_view> cursor,
                                   uint32_t limit) = 0;
  // Atomically adds `delta` to the decimal integer stored at `key` (absent counts as 0) and
  // returns the new value; a value that is not a decimal s64, or overflow, is a Usage error.
  virtual Result<int64_t> increment(std::string_view bucket, std::string_view key,
                                    int64_t delta) = 0;
  // Atomically sets `key` to `value` if its current value is `expected` (nullopt: if it has
  // none); whether it did.
  virtual Result<bool> compareAndSwap(std::string_view bucket, std::string_view key,
                                      std::optional<std::string_view> expected,
                                      std::string_view value) = 0;
  // The values of `keys`, in order (nullopt for absent ones).
  virtual Result<std::vector<std::optional<std::string>>> getMany(
      std::string_view bucket, const std::vector<std::string>& keys) = 0;
  // Sets every pair (key, value), all or none where the store allows it.
  virtual Result<void> setMany(std::string_view bucket,
                               const std::vector<std::pair<std::string, std::string>>& pairs) = 0;
  // Removes every key of `keys` (absent ones are no error).
  virtual Result<void> eraseMany(std::string_view bucket, const std::vector<std::string>& keys) = 0;
};

// Opens the store `uri` names:
//   memory                        a fresh in-process store (for development and tests)
//   sqlite:PATH[?sync=normal]     a SQLite file (created if missing; WAL; synchronous=FULL
//                                 unless sync=normal); a file that is not a SQLite database is
//                                 an Io error here
//   redis://HOST:PORT[/DB]        a Redis server over TCP; keys stored as `bucket:key`
//   redis+unix://PATH[?db=N]      a Redis server over a unix socket
// Redis URIs also take `timeout=MS` (connect and per-command timeout, default 5000). A URI this
// build does not understand is a Usage error; a store compiled out of this build is Unsupported.
Result<std::shared_ptr<Backend>> openBackend(std::string_view uri);

}  // namespace sable::kv
