// kv::Backend `sqlite:PATH`: the durable, embedded store.
#pragma once

#include <memory>

#include "host-kv/backend_uri.h"
#include "sable/kv.h"
#include "sable/result.h"

namespace sable::kv {

// Opens (creating if missing) the SQLite file of `uri`: WAL journal, synchronous FULL or
// NORMAL, a busy timeout so processes can share it, one table
// kv(bucket, key, value). A file that is not a SQLite database, or is damaged where SQLite
// reads it at open, is an Io error naming the file.
Result<std::shared_ptr<Backend>> openSqliteBackend(const BackendUri& uri);

}  // namespace sable::kv
