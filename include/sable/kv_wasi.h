// The standard wasi:keyvalue@0.2.0-draft2 interfaces (store, atomics, batch) served by a
// kv::Backend to a component linker, with the buckets a component was granted.
//
// Buckets are namespaces inside the one backend (the backend keeps them apart: a bucket column
// in SQLite, one map per bucket in memory, `bucket:key` in Redis where a bucket name may not
// contain ':'), so a guest that opened bucket A can never read, list or change a key of B.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sable/component_linker.h"
#include "sable/kv.h"
#include "sable/result.h"

namespace sable::kv {

// The buckets a component may open with wasi:keyvalue/store.open.
struct KvGrant {
  // The granted bucket names (each a valid bucket name: see isValidBucketName).
  std::vector<std::string> buckets = {"default"};
};

// Whether `name` can name a bucket: 1 to 255 bytes, none of them ':' (Redis keeps buckets
// apart as `bucket:key`) or a control character.
bool isValidBucketName(std::string_view name);

// Defines every function and resource of wasi:keyvalue/store, /atomics and /batch
// @0.2.0-draft2 in `linker`, backed by `backend` (shared by every instance the linker makes).
// `open(identifier)` returns:
//   - a bucket when `identifier` is one of grant.buckets;
//   - error::no-such-store when `identifier` cannot name a bucket (isValidBucketName is false);
//   - error::access-denied for a well-formed name that was not granted (whether or not it holds
//     data: a guest learns nothing about buckets it may not open).
// A store failure is error::other with the store's message. Usage error when `backend` is null,
// a granted name is not a valid bucket name, or the interfaces are already defined.
Result<void> addWasiKeyvalue(cm::Linker& linker, std::shared_ptr<Backend> backend,
                             KvGrant grant = {});

// Both key-value interfaces a run gives a component: wasi:keyvalue with `grant`, and the seed's
// example:kv/kv-store over the first granted bucket (the tools' `--kv` and `--kv-bucket`).
// Errors as addWasiKeyvalue; Usage error when grant.buckets is empty.
Result<void> addKvInterfaces(cm::Linker& linker, std::shared_ptr<Backend> backend,
                             KvGrant grant = {});

}  // namespace sable::kv
