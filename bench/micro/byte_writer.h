// Writers of WebAssembly binary bytes shared by the microbenchmarks that assemble their modules
// and components in code (microbench.cc, component_call.cc): LEB128 integers, names, sections.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace sable_bench {

using Bytes = std::vector<uint8_t>;

// Appends `v` as unsigned LEB128 (also the signed encoding of values below 64).
inline void leb(Bytes& out, uint32_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    out.push_back(v ? (b | 0x80) : b);
  } while (v);
}

// Appends a name: its byte length, then its bytes.
inline void name(Bytes& out, std::string_view s) {
  leb(out, static_cast<uint32_t>(s.size()));
  out.insert(out.end(), s.begin(), s.end());
}

// Appends section `id` with `body` (module and component sections have the same framing).
inline void section(Bytes& out, uint8_t id, const Bytes& body) {
  out.push_back(id);
  leb(out, static_cast<uint32_t>(body.size()));
  out.insert(out.end(), body.begin(), body.end());
}

}  // namespace sable_bench
