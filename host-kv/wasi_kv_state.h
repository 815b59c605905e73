// What the wasi:keyvalue host functions share: the backend, the granted buckets, and the host
// objects behind the guest's bucket and cas handles.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include "host-kv/handle_slots.h"
#include "sable/component_linker.h"
#include "sable/kv.h"
#include "sable/result.h"

namespace sable::kv {

// The interface names, exactly as the draft's WIT package names them.
inline constexpr std::string_view kStoreInterface = "wasi:keyvalue/store@0.2.0-draft2";
inline constexpr std::string_view kAtomicsInterface = "wasi:keyvalue/atomics@0.2.0-draft2";
inline constexpr std::string_view kBatchInterface = "wasi:keyvalue/batch@0.2.0-draft2";

// A CAS operation: the key it watches and the value it saw (nullopt: the key was absent).
struct CasOperation {
  std::string bucket;
  std::string key;
  std::optional<std::string> seen;
};

// One linker's wasi:keyvalue state, kept alive by the closures the linker holds.
struct WasiKvState {
  std::shared_ptr<Backend> backend;
  std::set<std::string, std::less<>> granted;
  HandleSlots<std::string> buckets;  // rep -> the bucket's name
  HandleSlots<CasOperation> casOps;
  cm::HostResource bucketType;
  cm::HostResource casType;

  // The name of the bucket `handle` (an own or borrow handle of bucket) names; a Trap for a
  // handle of another type or a dropped bucket.
  Result<const std::string*> bucketOf(cm::HostContext& hcx, const cm::Val& handle);
};

using StatePtr = std::shared_ptr<WasiKvState>;

// One host function of an interface, by its name in the WIT ("[method]bucket.get").
struct HostFunction {
  std::string_view name;
  cm::HostContextFunc fn;
};

// What a bucket operation returns: the ok payload (nullopt for `result<_, error>`) or the
// store's error.
using Payload = Result<std::optional<cm::Val>>;
// An ok payload.
inline Payload payload(cm::Val v) { return std::optional<cm::Val>(std::move(v)); }
// The ok of `result<_, error>`.
inline Payload noPayload() { return std::optional<cm::Val>(); }

// An operation on a bucket: gets the backend, the bucket's name and the arguments after the
// bucket handle; returns the ok payload (nullopt for `result<_, error>`), or the store's error.
using BucketOp = std::function<Payload(Backend& backend, const std::string& bucket,
                                       std::span<const cm::Val> rest)>;

// A host function taking a bucket handle first and returning result<T, error>: a store error
// becomes error::other; a bad handle traps.
cm::HostContextFunc onBucket(const StatePtr& state, BucketOp op);

// Defines resource `name` of `interface` in `linker`, its objects kept in the state's `slots`
// (a guest's drop of an owning handle frees the slot).
template <typename T>
Result<cm::HostResource> defineSlotResource(cm::Linker& linker, std::string_view interface,
                                            std::string_view name, const StatePtr& state,
                                            HandleSlots<T> WasiKvState::*slots) {
  return linker.defineResource(interface, name, [state, slots](uint32_t rep) -> Result<void> {
    ((*state).*slots).remove(rep);
    return {};
  });
}

// Defines `functions` in `interface` of `linker`; the first error.
Result<void> defineAll(cm::Linker& linker, std::string_view interface,
                       std::vector<HostFunction> functions);

// The interfaces' functions (one file each). defineStore also defines the bucket resource,
// defineAtomics the cas resource.
Result<void> defineStore(cm::Linker& linker, const StatePtr& state);
Result<void> defineAtomics(cm::Linker& linker, const StatePtr& state);
Result<void> defineBatch(cm::Linker& linker, const StatePtr& state);

}  // namespace sable::kv
