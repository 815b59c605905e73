#include "host-kv/redis_connection.h"

#include <sys/time.h>

#include "host-kv/kv_errors.h"
#include "host-kv/sigpipe_guard.h"

namespace sable::kv {
namespace {

timeval toTimeval(uint32_t ms) {
  return timeval{static_cast<time_t>(ms / 1000), static_cast<suseconds_t>((ms % 1000) * 1000)};
}

}  // namespace

RedisConnection::~RedisConnection() { drop(); }

void RedisConnection::drop() {
  if (context_ != nullptr) redisFree(context_);
  context_ = nullptr;
}

std::string RedisConnection::describe() const {
  if (uri_.scheme == StoreScheme::RedisUnix) return "redis+unix://" + uri_.path;
  return "redis://" + uri_.host + ":" + std::to_string(uri_.port);
}

Result<void> RedisConnection::connect() {
  drop();
  SigpipeGuard guard;
  const timeval timeout = toTimeval(uri_.timeoutMs);
  context_ = uri_.scheme == StoreScheme::RedisUnix
                 ? redisConnectUnixWithTimeout(uri_.path.c_str(), timeout)
                 : redisConnectWithTimeout(uri_.host.c_str(), uri_.port, timeout);
  if (context_ == nullptr) return ioError(describe() + ": out of memory connecting");
  if (context_->err != 0) {
    Error error = ioError(describe() + ": cannot connect: " + context_->errstr);
    drop();
    return error;
  }
  if (redisSetTimeout(context_, timeout) != REDIS_OK) {
    drop();
    return ioError(describe() + ": cannot set the command timeout");
  }
  if (uri_.database != 0) {
    const std::string db = std::to_string(uri_.database);
    auto selected = attempt({"SELECT", db});
    if (!selected) {
      drop();
      return selected.error();
    }
  }
  return {};
}

Result<RedisReply> RedisConnection::attempt(const std::vector<std::string_view>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  for (std::string_view arg : args) {
    argv.push_back(arg.data() == nullptr ? "" : arg.data());
    lengths.push_back(arg.size());
  }
  SigpipeGuard guard;
  RedisReply reply(static_cast<redisReply*>(
      redisCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data())));
  if (reply == nullptr) {
    // hiredis cannot use a context after an I/O or protocol error; the next call reconnects.
    Error error = ioError(describe() + ": " + std::string(args[0]) + ": " +
                          (context_->err != 0 ? context_->errstr : "no reply"));
    drop();
    return error;
  }
  if (reply->type == REDIS_REPLY_ERROR)
    return ioError(describe() + ": " + std::string(args[0]) + ": " +
                   std::string(reply->str, reply->len));
  return reply;
}

Result<RedisReply> RedisConnection::command(const std::vector<std::string_view>& args,
                                            Retry retry) {
  const bool wasConnected = context_ != nullptr;
  if (!wasConnected) {
    if (auto connected = connect(); !connected) return connected.error();
  }
  auto reply = attempt(args);
  // A connection that worked before may have been closed by a restarted server: once more on
  // a fresh one, when sending the command twice cannot do harm.
  if (!reply && context_ == nullptr && wasConnected && retry == Retry::Yes) {
    if (auto connected = connect(); !connected) return connected.error();
    reply = attempt(args);
  }
  return reply;
}

}  // namespace sable::kv
