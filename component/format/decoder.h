// decodeComponent: component binary bytes -> DecodedComponent (component_def.h). Checks the
// encoding, that every index is in range and of the right sort, and refuses gated features
// (async, stream, future, error-context, threads, map, fixed-length lists, values, start) as
// Unsupported naming them. Embedded core modules are compiled with the engine here, once.
#pragma once

#include <cstdint>
#include <span>

#include "component/format/component_def.h"
#include "sable/engine.h"
#include "sable/result.h"

namespace sable::cm::format {

// How deeply components, component types and instance types may nest (Limit beyond it).
inline constexpr uint32_t kMaxNestingDepth = 100;
// Caps on counts, so a hostile count cannot drive a large reservation.
inline constexpr uint32_t kMaxItemsPerVector = 1000000;

// Decodes a whole component binary (preamble included).
Result<DecodedComponent> decodeComponent(const Engine& engine, std::span<const uint8_t> bytes);

}  // namespace sable::cm::format
