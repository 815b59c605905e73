// The wasi:keyvalue host state and the helpers every interface's functions use.
#include "host-kv/wasi_kv_state.h"

#include "host-kv/kv_func_types.h"
#include "host-kv/kv_vals.h"

namespace sable::kv {

Result<const std::string*> WasiKvState::bucketOf(cm::HostContext& hcx, const cm::Val& handle) {
  Result<uint32_t> rep = hcx.rep(bucketType, handle);
  if (!rep) return rep.error();
  const std::string* name = buckets.get(*rep);
  if (name == nullptr)
    return Error{ErrorKind::Trap, Error::kNoOffset, "wasi:keyvalue: the bucket handle is closed"};
  return name;
}

cm::HostContextFunc onBucket(const StatePtr& state, BucketOp op) {
  return [state, op = std::move(op)](cm::HostContext& hcx, std::span<const cm::Val> args,
                                     std::span<cm::Val> results) -> Result<void> {
    Result<const std::string*> bucket = state->bucketOf(hcx, args[0]);
    if (!bucket) return bucket.error();
    Payload value = op(*state->backend, **bucket, args.subspan(1));
    results[0] = value ? cm::Val::ok(std::move(*value)) : errOther(value.error());
    return {};
  };
}

Result<void> defineAll(cm::Linker& linker, std::string_view interface,
                       std::vector<HostFunction> functions) {
  for (HostFunction& f : functions) {
    Result<std::string_view> type = kvFuncType(interface, f.name);
    if (!type) return type.error();
    if (auto defined = linker.defineContextFunc(interface, f.name, *type, std::move(f.fn));
        !defined)
      return defined;
  }
  return {};
}

Result<std::string_view> kvFuncType(std::string_view interface, std::string_view func) {
  std::string_view type = cm::funcTypeOf(kvFuncTypes(), interface, func);
  if (type.empty()) {
    return Error{ErrorKind::Usage, Error::kNoOffset,
                 "host-kv: no WIT type for `" + std::string(interface) + "#" + std::string(func) +
                     "` (scripts/gen_func_types.sh)"};
  }
  return type;
}

}  // namespace sable::kv
