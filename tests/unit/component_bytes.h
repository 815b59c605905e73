// Hand-assembling component binaries (Binary.md) in unit tests, over wasm_builder.h's byte
// helpers (Bytes, cat, u32, name): the preamble, sections and the component-name section.
#pragma once

#include <cstdint>

#include "wasm_builder.h"

namespace sable::test {

// `\0asm`, version 0x0d, layer 1.
inline const Bytes kComponentPreamble{0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};

// A section (or a name subsection): its id, size and contents.
inline Bytes section(uint8_t id, const Bytes& contents) {
  return Bytes{id} + u32(static_cast<uint32_t>(contents.size())) + contents;
}

// A component-name custom section holding `subsections` (each made by section()).
inline Bytes componentNameSection(const Bytes& subsections) {
  return section(0, name("component-name") + subsections);
}

}  // namespace sable::test
