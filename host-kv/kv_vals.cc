// cm::Val shapes of wasi:keyvalue.
#include "host-kv/kv_vals.h"

#include <cstdint>
#include <span>
#include <vector>

namespace sable::kv {

cm::Val bytesVal(std::string_view bytes) {
  return cm::Val::bytes({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
}

std::string bytesOf(const cm::Val& list) {
  // Lifted lists of u8 are compact (one copy); a host-made Val::list holds a Val per byte.
  if (list.isCompactList()) {
    std::span<const uint8_t> compact = list.listAs<uint8_t>();
    return {reinterpret_cast<const char*>(compact.data()), compact.size()};
  }
  std::string out;
  out.reserve(list.elements().size());
  for (const cm::Val& b : list.elements()) out.push_back(static_cast<char>(b.asU8()));
  return out;
}

std::string_view bytesView(const cm::Val& list, std::string& storage) {
  if (list.isCompactList()) {
    std::span<const uint8_t> compact = list.listAs<uint8_t>();
    return {reinterpret_cast<const char*>(compact.data()), compact.size()};
  }
  storage = bytesOf(list);
  return storage;
}

cm::Val optionalBytesVal(const std::optional<std::string>& value) {
  return value ? cm::Val::some(bytesVal(*value)) : cm::Val::none();
}

cm::Val optionalBytesVal(std::optional<std::string>&& value) {
  return value ? cm::Val::some(cm::Val::bytesFrom(std::move(*value))) : cm::Val::none();
}

cm::Val errCase(std::string_view caseName) {
  return cm::Val::err(cm::Val::variant(std::string(caseName)));
}

cm::Val otherError(const Error& error) {
  return cm::Val::variant("other", cm::Val::string(error.message));
}

cm::Val errOther(const Error& error) { return cm::Val::err(otherError(error)); }

}  // namespace sable::kv
