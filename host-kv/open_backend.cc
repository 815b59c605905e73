// kv::openBackend: the URI's scheme picks the store; stores this build was configured without
// (no SQLite or hiredis for the target) are Unsupported, with the reason.
#include "host-kv/backend_uri.h"
#include "host-kv/memory_backend.h"
#include "sable/kv.h"
#if SABLE_KV_SQLITE
#include "host-kv/sqlite_backend.h"
#endif
#if SABLE_KV_REDIS
#include "host-kv/redis_backend.h"
#endif

namespace sable::kv {
namespace {

[[maybe_unused]] Error notBuilt(std::string_view store, std::string_view library) {
  return Error{ErrorKind::Unsupported, Error::kNoOffset,
               std::string(store) + " stores are not available: this build of Sable has no " +
                   std::string(library)};
}

}  // namespace

Result<std::shared_ptr<Backend>> openBackend(std::string_view uri) {
  auto parsed = parseBackendUri(uri);
  if (!parsed) return parsed.error();
  switch (parsed->scheme) {
    case StoreScheme::Memory:
      return makeMemoryBackend();
    case StoreScheme::Sqlite:
#if SABLE_KV_SQLITE
      return openSqliteBackend(*parsed);
#else
      return notBuilt("sqlite:", "SQLite");
#endif
    case StoreScheme::RedisTcp:
    case StoreScheme::RedisUnix:
#if SABLE_KV_REDIS
      return openRedisBackend(*parsed);
#else
      return notBuilt("redis:", "hiredis");
#endif
  }
  return Error{ErrorKind::Usage, Error::kNoOffset, "unknown key-value store"};
}

}  // namespace sable::kv
