// The parts of a key-value store URI (kv::openBackend's argument), checked.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sable/result.h"

namespace sable::kv {

// Which store a URI names.
enum class StoreScheme : uint8_t { Memory, Sqlite, RedisTcp, RedisUnix };

// A parsed store URI; only the fields of its scheme mean anything.
struct BackendUri {
  StoreScheme scheme = StoreScheme::Memory;
  std::string path;             // sqlite file, or redis unix socket
  std::string host;             // redis over TCP
  uint16_t port = 0;            // redis over TCP
  uint32_t database = 0;        // redis SELECT index
  bool synchronousFull = true;  // sqlite: synchronous=FULL (false: NORMAL)
  uint32_t timeoutMs = 5000;    // redis: connect and per-command timeout
};

// Parses `uri`; a malformed one is a Usage error naming what is wrong.
Result<BackendUri> parseBackendUri(std::string_view uri);

}  // namespace sable::kv
