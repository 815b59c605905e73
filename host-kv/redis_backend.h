// kv::Backend `redis://` and `redis+unix://`: a Redis server shared by many processes and
// devices. Keys are stored as `bucket:key` (so bucket names may not contain ':').
#pragma once

#include <memory>

#include "host-kv/backend_uri.h"
#include "sable/kv.h"
#include "sable/result.h"

namespace sable::kv {

// Connects to the server of `uri` (an unreachable server is an Io error here).
Result<std::shared_ptr<Backend>> openRedisBackend(const BackendUri& uri);

}  // namespace sable::kv
