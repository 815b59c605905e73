// wasi:keyvalue/atomics: increment, and CAS operations (cas.new reads the current value, swap
// writes only if it is still that value, on the backend's atomic compareAndSwap).
#include "host-kv/kv_vals.h"
#include "host-kv/wasi_kv_state.h"

namespace sable::kv {
namespace {

using Args = std::span<const cm::Val>;
using Results = std::span<cm::Val>;

Payload increment(Backend& backend, const std::string& bucket, Args rest) {
  auto sum = backend.increment(bucket, rest[0].asString(), rest[1].asS64());
  if (!sum) return sum.error();
  return payload(cm::Val::s64(*sum));
}

// A new own cas handle for `op`; the slot is freed again when the handle cannot be made.
Result<cm::Val> newCas(cm::HostContext& hcx, WasiKvState& state, CasOperation op) {
  uint32_t rep = state.casOps.add(std::move(op));
  Result<cm::Val> handle = hcx.newOwn(state.casType, rep);
  if (!handle) state.casOps.remove(rep);
  return handle;
}

// The CAS operation `handle` names; a Trap for a foreign or closed handle.
Result<CasOperation*> casOf(cm::HostContext& hcx, WasiKvState& state, const cm::Val& handle) {
  Result<uint32_t> rep = hcx.rep(state.casType, handle);
  if (!rep) return rep.error();
  CasOperation* op = state.casOps.get(*rep);
  if (op == nullptr)
    return Error{ErrorKind::Trap, Error::kNoOffset, "wasi:keyvalue: the cas handle is closed"};
  return op;
}

// Takes the own handle `handle` from the guest and removes its operation from the table.
Result<CasOperation> takeCas(cm::HostContext& hcx, WasiKvState& state, const cm::Val& handle) {
  Result<CasOperation*> op = casOf(hcx, state, handle);
  if (!op) return op.error();
  Result<uint32_t> rep = hcx.take(state.casType, handle);
  if (!rep) return rep.error();
  CasOperation taken = std::move(**op);
  state.casOps.remove(*rep);
  return taken;
}

// [static]cas.new(bucket, key) -> result<cas, error>: remembers the key's current value.
cm::HostContextFunc casNew(const StatePtr& state) {
  return [state](cm::HostContext& hcx, Args args, Results results) -> Result<void> {
    Result<const std::string*> bucket = state->bucketOf(hcx, args[0]);
    if (!bucket) return bucket.error();
    std::string key(args[1].asString());
    auto seen = state->backend->get(**bucket, key);
    if (!seen) {
      results[0] = errOther(seen.error());
      return {};
    }
    Result<cm::Val> handle = newCas(hcx, *state, {**bucket, std::move(key), std::move(*seen)});
    if (!handle) return handle.error();
    results[0] = cm::Val::ok(std::move(*handle));
    return {};
  };
}

// [method]cas.current() -> result<option<list<u8>>, error>: the value cas.new saw.
cm::HostContextFunc casCurrent(const StatePtr& state) {
  return [state](cm::HostContext& hcx, Args args, Results results) -> Result<void> {
    Result<CasOperation*> op = casOf(hcx, *state, args[0]);
    if (!op) return op.error();
    results[0] = cm::Val::ok(optionalBytesVal((*op)->seen));
    return {};
  };
}

// cas-error::store-error(error::other(...)) as an err.
cm::Val casStoreError(const Error& error) {
  return cm::Val::err(cm::Val::variant("store-error", otherError(error)));
}

// The value of a failed swap: cas-failed with a new handle watching the key's value now.
Result<cm::Val> casFailed(cm::HostContext& hcx, WasiKvState& state, CasOperation op) {
  auto now = state.backend->get(op.bucket, op.key);
  if (!now) return casStoreError(now.error());
  op.seen = std::move(*now);
  Result<cm::Val> handle = newCas(hcx, state, std::move(op));
  if (!handle) return handle.error();
  return cm::Val::err(cm::Val::variant("cas-failed", std::move(*handle)));
}

// swap(cas, value) -> result<_, cas-error>: consumes the handle; writes `value` only if the key
// still holds what cas.new saw.
cm::HostContextFunc swap(const StatePtr& state) {
  return [state](cm::HostContext& hcx, Args args, Results results) -> Result<void> {
    Result<CasOperation> taken = takeCas(hcx, *state, args[0]);
    if (!taken) return taken.error();
    CasOperation op = std::move(*taken);
    std::optional<std::string_view> expected;
    if (op.seen) expected = *op.seen;
    std::string copy;
    auto swapped =
        state->backend->compareAndSwap(op.bucket, op.key, expected, bytesView(args[1], copy));
    if (!swapped) {
      results[0] = casStoreError(swapped.error());
      return {};
    }
    if (*swapped) {
      results[0] = cm::Val::ok();
      return {};
    }
    Result<cm::Val> failed = casFailed(hcx, *state, std::move(op));
    if (!failed) return failed.error();
    results[0] = std::move(*failed);
    return {};
  };
}

}  // namespace

Result<void> defineAtomics(cm::Linker& linker, const StatePtr& state) {
  auto type = defineSlotResource(linker, kAtomicsInterface, "cas", state, &WasiKvState::casOps);
  if (!type) return type.error();
  state->casType = *type;
  return defineAll(linker, kAtomicsInterface,
                   {{"[static]cas.new", casNew(state)},
                    {"[method]cas.current", casCurrent(state)},
                    {"increment", onBucket(state, increment)},
                    {"swap", swap(state)}});
}

}  // namespace sable::kv
