// One connection to a Redis server through hiredis, with timeouts on connecting and on every
// command (so a dead or silent server is an error, never a hang) and one reconnection when the
// connection turns out to be lost.
#pragma once

#include <hiredis/hiredis.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "host-kv/backend_uri.h"
#include "sable/result.h"

namespace sable::kv {

// A reply, freed with hiredis's freeReplyObject.
struct ReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using RedisReply = std::unique_ptr<redisReply, ReplyDeleter>;

// Whether a command may be sent again on a new connection after the old one failed: not when
// the first attempt may have taken effect (INCRBY) or relied on the connection's state (the
// commands after WATCH).
enum class Retry : bool { No, Yes };

// A connection that (re)connects on demand.
class RedisConnection {
 public:
  explicit RedisConnection(BackendUri uri) : uri_(std::move(uri)) {}
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;
  ~RedisConnection();

  // Connects now (openBackend reports an unreachable server at once).
  Result<void> connect();
  // Sends one command (binary-safe arguments) and returns its reply; a Redis error reply is an
  // Io error carrying Redis's message.
  Result<RedisReply> command(const std::vector<std::string_view>& args, Retry retry);
  // "redis://host:port" or "redis+unix://path", for messages.
  std::string describe() const;

 private:
  Result<RedisReply> attempt(const std::vector<std::string_view>& args);
  void drop();

  BackendUri uri_;
  redisContext* context_ = nullptr;
};

}  // namespace sable::kv
