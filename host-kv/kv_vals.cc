// cm::Val shapes of wasi:keyvalue.
#include "host-kv/kv_vals.h"

#include <vector>

namespace sable::kv {

cm::Val bytesVal(std::string_view bytes) {
  std::vector<cm::Val> out;
  out.reserve(bytes.size());
  for (char b : bytes) out.push_back(cm::Val::u8(static_cast<uint8_t>(b)));
  return cm::Val::list(std::move(out));
}

std::string bytesOf(const cm::Val& list) {
  std::string out;
  out.reserve(list.elements().size());
  for (const cm::Val& b : list.elements()) out.push_back(static_cast<char>(b.asU8()));
  return out;
}

cm::Val optionalBytesVal(const std::optional<std::string>& value) {
  return value ? cm::Val::some(bytesVal(*value)) : cm::Val::none();
}

cm::Val errCase(std::string_view caseName) {
  return cm::Val::err(cm::Val::variant(std::string(caseName)));
}

cm::Val otherError(const Error& error) {
  return cm::Val::variant("other", cm::Val::string(error.message));
}

cm::Val errOther(const Error& error) { return cm::Val::err(otherError(error)); }

}  // namespace sable::kv
