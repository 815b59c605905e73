// Building and reading the cm::Val shapes the WASI 0.2 interfaces use (byte lists, results,
// stream errors).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "context_impl.h"
#include "sable/component_val.h"

namespace sable::wasip2 {

using cm::HostContext;
using cm::Val;
// The arguments and results of a host function of the WASI interfaces.
using Args = std::span<const Val>;
using Results = std::span<Val>;

// list<u8> from bytes.
cm::Val bytesVal(std::span<const uint8_t> bytes);
// The bytes of a list<u8>.
std::vector<uint8_t> bytesOf(const cm::Val& list);

// stream-error.closed as an err.
cm::Val streamClosed();
// stream-error.last-operation-failed(error) as an err: a new wasi:io/error describing errno.
Result<cm::Val> streamFailed(cm::HostContext& hcx, Context::Impl& cx, int errnoValue);

// The rep of handle `v` of `type`, checked to name a T in the table (a Trap otherwise).
template <typename T>
Result<T*> objectOf(cm::HostContext& hcx, Context::Impl& cx, cm::HostResource type,
                    const cm::Val& v) {
  Result<uint32_t> rep = hcx.rep(type, v);
  if (!rep) return rep.error();
  T* object = getAs<T>(cx.table, *rep);
  if (!object) return guestTrap("handle names no live object of the right kind");
  return object;
}

// A new own handle of `type` to a new `object` (a child of `parent` when given).
Result<cm::Val> newObject(cm::HostContext& hcx, Context::Impl& cx, cm::HostResource type,
                          HostObject object, std::optional<uint32_t> parent = std::nullopt);

}  // namespace sable::wasip2
