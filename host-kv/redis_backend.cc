#include "host-kv/redis_backend.h"

#include <charconv>

#include "host-kv/kv_errors.h"
#include "host-kv/redis_connection.h"

namespace sable::kv {
namespace {

// How many times a compare-and-swap starts over after another client changed the key between
// its WATCH and its EXEC, before giving up with an error.
constexpr int kCasAttempts = 10'000;

// Redis's glob syntax, escaped, so a bucket name matches only itself in SCAN's MATCH.
std::string globEscaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string_view replyText(const redisReply& reply) { return {reply.str, reply.len}; }

// A list-keys cursor: the SCAN cursor, and how many keys of that SCAN step were already given.
struct ScanPosition {
  std::string scan = "0";
  size_t skip = 0;
};

Result<ScanPosition> parseCursor(std::string_view cursor) {
  const size_t slash = cursor.find('/');
  ScanPosition position;
  uint64_t scan = 0;
  if (slash == std::string_view::npos) return usageError("list-keys: not a redis cursor");
  const char* scanEnd = cursor.data() + slash;
  const char* end = cursor.data() + cursor.size();
  auto a = std::from_chars(cursor.data(), scanEnd, scan);
  auto b = std::from_chars(scanEnd + 1, end, position.skip);
  if (slash == 0 || a.ec != std::errc() || a.ptr != scanEnd || b.ec != std::errc() || b.ptr != end)
    return usageError("list-keys: not a redis cursor");
  position.scan = std::string(cursor.substr(0, slash));
  return position;
}

class RedisBackend final : public Backend {
 public:
  explicit RedisBackend(const BackendUri& uri) : connection_(uri) {}

  Result<void> connect() { return connection_.connect(); }

  Result<std::optional<std::string>> get(std::string_view bucket, std::string_view key) override {
    auto name = fullKey(bucket, key);
    if (!name) return name.error();
    auto reply = connection_.command({"GET", *name}, Retry::Yes);
    if (!reply) return reply.error();
    return optionalText(**reply);
  }

  Result<void> set(std::string_view bucket, std::string_view key, std::string_view value) override {
    auto name = fullKey(bucket, key);
    if (!name) return name.error();
    auto reply = connection_.command({"SET", *name, value}, Retry::Yes);
    if (!reply) return reply.error();
    return {};
  }

  Result<bool> erase(std::string_view bucket, std::string_view key) override {
    auto name = fullKey(bucket, key);
    if (!name) return name.error();
    auto reply = connection_.command({"DEL", *name}, Retry::Yes);
    if (!reply) return reply.error();
    return (*reply)->integer > 0;
  }

  Result<bool> exists(std::string_view bucket, std::string_view key) override {
    auto name = fullKey(bucket, key);
    if (!name) return name.error();
    auto reply = connection_.command({"EXISTS", *name}, Retry::Yes);
    if (!reply) return reply.error();
    return (*reply)->integer > 0;
  }

  Result<KeyPage> listKeys(std::string_view bucket, std::optional<std::string_view> cursor,
                           uint32_t limit) override {
    if (limit == 0) return usageError("list-keys: the limit must be at least 1");
    auto prefix = fullKey(bucket, "");
    if (!prefix) return prefix.error();
    ScanPosition position;
    if (cursor) {
      auto parsed = parseCursor(*cursor);
      if (!parsed) return parsed.error();
      position = *parsed;
    }
    return scanPage(*prefix, position, limit);
  }

  Result<int64_t> increment(std::string_view bucket, std::string_view key, int64_t delta) override {
    auto name = fullKey(bucket, key);
    if (!name) return name.error();
    const std::string amount = std::to_string(delta);
    // Not retried: the first INCRBY may have been applied before the connection broke.
    auto reply = connection_.command({"INCRBY", *name, amount}, Retry::No);
    if (!reply) {
      if (reply.error().message.find("not an integer") != std::string::npos ||
          reply.error().message.find("overflow") != std::string::npos)
        return usageError("increment: " + reply.error().message);
      return reply.error();
    }
    return static_cast<int64_t>((*reply)->integer);
  }

  Result<bool> compareAndSwap(std::string_view bucket, std::string_view key,
                              std::optional<std::string_view> expected,
                              std::string_view value) override {
    auto name = fullKey(bucket, key);
    if (!name) return name.error();
    for (int attempt = 0; attempt < kCasAttempts; ++attempt) {
      auto outcome = casOnce(*name, expected, value);
      if (!outcome) return outcome.error();
      if (*outcome != CasOutcome::Raced) return *outcome == CasOutcome::Swapped;
    }
    return ioError(connection_.describe() + ": compare-and-swap: the key kept changing");
  }

  Result<std::vector<std::optional<std::string>>> getMany(
      std::string_view bucket, const std::vector<std::string>& keys) override {
    std::vector<std::optional<std::string>> values;
    if (keys.empty()) return values;
    auto names = fullKeys(bucket, keys);
    if (!names) return names.error();
    std::vector<std::string_view> args{"MGET"};
    args.insert(args.end(), names->begin(), names->end());
    auto reply = connection_.command(args, Retry::Yes);
    if (!reply) return reply.error();
    // One value per key is what callers index by; a server that answers otherwise is broken.
    if ((*reply)->type != REDIS_REPLY_ARRAY || (*reply)->elements != keys.size())
      return ioError(connection_.describe() + ": MGET: unexpected reply");
    for (size_t i = 0; i < (*reply)->elements; ++i)
      values.push_back(optionalText(*(*reply)->element[i]));
    return values;
  }

  Result<void> setMany(std::string_view bucket,
                       const std::vector<std::pair<std::string, std::string>>& pairs) override {
    if (pairs.empty()) return {};
    std::vector<std::string> names;
    for (const auto& pair : pairs) {
      auto name = fullKey(bucket, pair.first);
      if (!name) return name.error();
      names.push_back(std::move(*name));
    }
    std::vector<std::string_view> args{"MSET"};
    for (size_t i = 0; i < pairs.size(); ++i) {
      args.push_back(names[i]);
      args.push_back(pairs[i].second);
    }
    auto reply = connection_.command(args, Retry::Yes);
    if (!reply) return reply.error();
    return {};
  }

  Result<void> eraseMany(std::string_view bucket, const std::vector<std::string>& keys) override {
    if (keys.empty()) return {};
    auto names = fullKeys(bucket, keys);
    if (!names) return names.error();
    std::vector<std::string_view> args{"DEL"};
    args.insert(args.end(), names->begin(), names->end());
    auto reply = connection_.command(args, Retry::Yes);
    if (!reply) return reply.error();
    return {};
  }

 private:
  enum class CasOutcome { Swapped, Mismatch, Raced };

  // WATCH, compare, MULTI/SET/EXEC: EXEC answers nil when another client wrote the key after
  // WATCH, and the caller starts over.
  Result<CasOutcome> casOnce(const std::string& name, std::optional<std::string_view> expected,
                             std::string_view value) {
    if (auto watched = connection_.command({"WATCH", name}, Retry::Yes); !watched)
      return watched.error();
    auto current = connection_.command({"GET", name}, Retry::No);
    if (!current) return current.error();
    const auto text = optionalText(**current);
    const bool matches = expected ? (text && *text == *expected) : !text;
    if (!matches) {
      if (auto unwatched = connection_.command({"UNWATCH"}, Retry::No); !unwatched)
        return unwatched.error();
      return CasOutcome::Mismatch;
    }
    for (std::vector<std::string_view> step : {std::vector<std::string_view>{"MULTI"},
                                               std::vector<std::string_view>{"SET", name, value}}) {
      if (auto queued = connection_.command(step, Retry::No); !queued) return queued.error();
    }
    auto executed = connection_.command({"EXEC"}, Retry::No);
    if (!executed) return executed.error();
    return (*executed)->type == REDIS_REPLY_NIL ? CasOutcome::Raced : CasOutcome::Swapped;
  }

  // Keys from SCAN steps until `limit` are found or the scan ends; the cursor records the SCAN
  // step and how far into its keys this page got, so no key of a step is lost between pages.
  Result<KeyPage> scanPage(const std::string& prefix, ScanPosition position, uint32_t limit) {
    const std::string pattern = globEscaped(prefix) + "*";
    const std::string count = std::to_string(std::max<uint32_t>(limit, 10));
    KeyPage page;
    while (true) {
      auto reply = connection_.command({"SCAN", position.scan, "MATCH", pattern, "COUNT", count},
                                       Retry::Yes);
      if (!reply) return reply.error();
      const redisReply& scan = **reply;
      if (scan.type != REDIS_REPLY_ARRAY || scan.elements != 2)
        return ioError(connection_.describe() + ": SCAN: unexpected reply");
      const redisReply& keys = *scan.element[1];
      for (size_t i = position.skip; i < keys.elements; ++i) {
        if (page.keys.size() == limit) {
          page.cursor = position.scan + "/" + std::to_string(i);
          return page;
        }
        page.keys.push_back(std::string(replyText(*keys.element[i]).substr(prefix.size())));
      }
      position = ScanPosition{std::string(replyText(*scan.element[0])), 0};
      if (position.scan == "0") return page;
      if (page.keys.size() == limit) {
        page.cursor = position.scan + "/0";
        return page;
      }
    }
  }

  static std::optional<std::string> optionalText(const redisReply& reply) {
    if (reply.type != REDIS_REPLY_STRING) return std::nullopt;
    return std::string(replyText(reply));
  }

  static Result<std::string> fullKey(std::string_view bucket, std::string_view key) {
    if (bucket.find(':') != std::string_view::npos)
      return usageError("redis: a bucket name may not contain ':' (keys are bucket:key)");
    std::string name(bucket);
    name.push_back(':');
    name.append(key);
    return name;
  }

  static Result<std::vector<std::string>> fullKeys(std::string_view bucket,
                                                   const std::vector<std::string>& keys) {
    std::vector<std::string> names;
    for (const auto& key : keys) {
      auto name = fullKey(bucket, key);
      if (!name) return name.error();
      names.push_back(std::move(*name));
    }
    return names;
  }

  RedisConnection connection_;
};

}  // namespace

Result<std::shared_ptr<Backend>> openRedisBackend(const BackendUri& uri) {
  auto backend = std::make_shared<RedisBackend>(uri);
  if (auto connected = backend->connect(); !connected) return connected.error();
  return std::shared_ptr<Backend>(std::move(backend));
}

}  // namespace sable::kv
