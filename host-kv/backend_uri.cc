#include "host-kv/backend_uri.h"

#include <charconv>
#include <limits>
#include <optional>

namespace sable::kv {
namespace {

Error usage(std::string_view uri, std::string_view why) {
  return Error{ErrorKind::Usage, Error::kNoOffset,
               "key-value store URI '" + std::string(uri) + "': " + std::string(why)};
}

// A whole decimal number no larger than `max`, or nullopt.
std::optional<uint32_t> parseNumber(std::string_view text, uint32_t max) {
  uint32_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value > max) return std::nullopt;
  return value;
}

// Applies one `name=value` query option to `out`.
Result<void> applyOption(std::string_view uri, std::string_view option, BackendUri& out) {
  const size_t eq = option.find('=');
  if (eq == std::string_view::npos) return usage(uri, "option without '=': " + std::string(option));
  const std::string_view name = option.substr(0, eq);
  const std::string_view value = option.substr(eq + 1);
  const bool redis = out.scheme == StoreScheme::RedisTcp || out.scheme == StoreScheme::RedisUnix;
  if (out.scheme == StoreScheme::Sqlite && name == "sync") {
    if (value != "full" && value != "normal") return usage(uri, "sync must be full or normal");
    out.synchronousFull = value == "full";
    return {};
  }
  if (redis && name == "timeout") {
    const auto ms = parseNumber(value, 3'600'000);
    if (!ms || *ms == 0) return usage(uri, "timeout must be 1 to 3600000 milliseconds");
    out.timeoutMs = *ms;
    return {};
  }
  if (redis && name == "db") {
    const auto db = parseNumber(value, std::numeric_limits<int32_t>::max());
    if (!db) return usage(uri, "db must be a database number");
    out.database = *db;
    return {};
  }
  return usage(uri, "unknown option '" + std::string(name) + "'");
}

Result<void> applyQuery(std::string_view uri, std::string_view query, BackendUri& out) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    auto applied = applyOption(uri, query.substr(0, amp), out);
    if (!applied) return applied.error();
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

// `HOST:PORT[/DB]` of a redis:// URI.
Result<void> parseRedisAuthority(std::string_view uri, std::string_view rest, BackendUri& out) {
  const size_t slash = rest.find('/');
  if (slash != std::string_view::npos) {
    const auto db = parseNumber(rest.substr(slash + 1), std::numeric_limits<int32_t>::max());
    if (!db) return usage(uri, "the part after '/' must be a database number");
    out.database = *db;
    rest = rest.substr(0, slash);
  }
  const size_t colon = rest.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return usage(uri, "expected HOST:PORT");
  const auto port = parseNumber(rest.substr(colon + 1), 65535);
  if (!port || *port == 0) return usage(uri, "the port must be 1 to 65535");
  out.host = std::string(rest.substr(0, colon));
  out.port = static_cast<uint16_t>(*port);
  return {};
}

}  // namespace

Result<BackendUri> parseBackendUri(std::string_view uri) {
  BackendUri out;
  const size_t question = uri.find('?');
  const std::string_view body = uri.substr(0, question);
  const std::string_view query =
      question == std::string_view::npos ? std::string_view() : uri.substr(question + 1);
  if (body == "memory") {
    out.scheme = StoreScheme::Memory;
  } else if (body.starts_with("sqlite:")) {
    out.scheme = StoreScheme::Sqlite;
    out.path = std::string(body.substr(7));
    if (out.path.empty()) return usage(uri, "sqlite: needs a file path");
  } else if (body.starts_with("redis://")) {
    out.scheme = StoreScheme::RedisTcp;
    auto authority = parseRedisAuthority(uri, body.substr(8), out);
    if (!authority) return authority.error();
  } else if (body.starts_with("redis+unix://")) {
    out.scheme = StoreScheme::RedisUnix;
    out.path = std::string(body.substr(13));
    if (out.path.empty()) return usage(uri, "redis+unix:// needs a socket path");
  } else {
    return usage(uri, "expected memory, sqlite:PATH, redis://HOST:PORT[/DB] or redis+unix://PATH");
  }
  if (question != std::string_view::npos && out.scheme == StoreScheme::Memory)
    return usage(uri, "memory takes no options");
  auto applied = applyQuery(uri, query, out);
  if (!applied) return applied.error();
  return out;
}

}  // namespace sable::kv
