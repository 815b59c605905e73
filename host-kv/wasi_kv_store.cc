// wasi:keyvalue/store: open a granted bucket, and the bucket's get/set/delete/exists/list-keys.
#include "host-kv/kv_vals.h"
#include "host-kv/wasi_kv_state.h"
#include "sable/kv_wasi.h"

namespace sable::kv {
namespace {

// How many keys one list-keys call returns at most: small enough for an edge device's guest.
constexpr uint32_t kKeysPerPage = 100;

// open(identifier) -> result<bucket, error>; which error when is documented in kv_wasi.h.
cm::HostContextFunc open(const StatePtr& state) {
  return [state](cm::HostContext& hcx, std::span<const cm::Val> args,
                 std::span<cm::Val> results) -> Result<void> {
    std::string_view name = args[0].asString();
    if (!isValidBucketName(name)) {
      results[0] = errCase("no-such-store");
      return {};
    }
    if (!state->granted.contains(name)) {
      results[0] = errCase("access-denied");
      return {};
    }
    uint32_t rep = state->buckets.add(std::string(name));
    Result<cm::Val> handle = hcx.newOwn(state->bucketType, rep);
    if (!handle) {
      state->buckets.remove(rep);
      return handle.error();
    }
    results[0] = cm::Val::ok(std::move(*handle));
    return {};
  };
}

Payload get(Backend& backend, const std::string& bucket, std::span<const cm::Val> rest) {
  auto value = backend.get(bucket, rest[0].asString());
  if (!value) return value.error();
  return payload(optionalBytesVal(std::move(*value)));
}

Payload set(Backend& backend, const std::string& bucket, std::span<const cm::Val> rest) {
  std::string copy;
  if (auto stored = backend.set(bucket, rest[0].asString(), bytesView(rest[1], copy)); !stored)
    return stored.error();
  return noPayload();
}

Payload erase(Backend& backend, const std::string& bucket, std::span<const cm::Val> rest) {
  if (auto erased = backend.erase(bucket, rest[0].asString()); !erased) return erased.error();
  return noPayload();
}

Payload exists(Backend& backend, const std::string& bucket, std::span<const cm::Val> rest) {
  auto found = backend.exists(bucket, rest[0].asString());
  if (!found) return found.error();
  return payload(cm::Val::boolean(*found));
}

// list-keys(cursor) -> key-response. The cursor is the backend's own, applied within this
// bucket only, so a cursor from another bucket (or made up) cannot reach other buckets' keys.
Payload listKeys(Backend& backend, const std::string& bucket, std::span<const cm::Val> rest) {
  std::optional<std::string_view> cursor;
  if (const cm::Val* given = rest[0].payload()) cursor = given->asString();
  auto page = backend.listKeys(bucket, cursor, kKeysPerPage);
  if (!page) return page.error();
  std::vector<cm::Val> keys;
  keys.reserve(page->keys.size());
  for (std::string& key : page->keys) keys.push_back(cm::Val::string(std::move(key)));
  cm::Val next =
      page->cursor ? cm::Val::some(cm::Val::string(std::move(*page->cursor))) : cm::Val::none();
  return payload(
      cm::Val::record({{"keys", cm::Val::list(std::move(keys))}, {"cursor", std::move(next)}}));
}

}  // namespace

Result<void> defineStore(cm::Linker& linker, const StatePtr& state) {
  auto type = defineSlotResource(linker, kStoreInterface, "bucket", state, &WasiKvState::buckets);
  if (!type) return type.error();
  state->bucketType = *type;
  return defineAll(linker, kStoreInterface,
                   {{"open", open(state)},
                    {"[method]bucket.get", onBucket(state, get)},
                    {"[method]bucket.set", onBucket(state, set)},
                    {"[method]bucket.delete", onBucket(state, erase)},
                    {"[method]bucket.exists", onBucket(state, exists)},
                    {"[method]bucket.list-keys", onBucket(state, listKeys)}});
}

}  // namespace sable::kv
