// cm::Val helpers for the WASI 0.2 host.
#include "val_util.h"

#include <cstring>

namespace sable::wasip2 {

cm::Val bytesVal(std::span<const uint8_t> bytes) {
  std::vector<cm::Val> out;
  out.reserve(bytes.size());
  for (uint8_t b : bytes) out.push_back(cm::Val::u8(b));
  return cm::Val::list(std::move(out));
}

std::vector<uint8_t> bytesOf(const cm::Val& list) {
  std::vector<uint8_t> out;
  out.reserve(list.elements().size());
  for (const cm::Val& b : list.elements()) out.push_back(b.asU8());
  return out;
}

cm::Val streamClosed() { return cm::Val::err(cm::Val::variant("closed")); }

Result<cm::Val> streamFailed(cm::HostContext& hcx, Context::Impl& cx, int errnoValue) {
  Result<cm::Val> e = newObject(hcx, cx, cx.types.error, IoError{std::strerror(errnoValue), errnoValue});
  if (!e) return e.error();
  return cm::Val::err(cm::Val::variant("last-operation-failed", std::move(*e)));
}

Result<cm::Val> newObject(cm::HostContext& hcx, Context::Impl& cx, cm::HostResource type,
                          HostObject object, std::optional<uint32_t> parent) {
  Result<uint32_t> rep = cx.table.add(std::move(object), parent);
  if (!rep) return rep.error();
  Result<cm::Val> h = hcx.newOwn(type, *rep);
  if (!h) (void)cx.table.remove(*rep);
  return h;
}

}  // namespace sable::wasip2
