// The canonopt immediates of canon lift / canon lower that lifting and lowering depend on.
#pragma once

#include <cstdint>
#include <optional>

#include "sable/func.h"
#include "sable/memory.h"
#include "sable/typed_func.h"

namespace sable::canon {

// string-encoding=: how strings sit in this side's linear memory.
enum class StringEncoding : uint8_t { Utf8, Utf16, Latin1Utf16 };

// realloc's wasm type: (func (param i32 i32 i32 i32) (result i32)).
using ReallocSignature = int32_t(int32_t, int32_t, int32_t, int32_t);

// The options of one canon lift or canon lower (synchronous only).
struct CanonOptions {
  StringEncoding encoding = StringEncoding::Utf8;
  std::optional<Memory> memory;
  // (func (param i32 i32 i32 i32) (result i32)): old ptr, old size, alignment, new size. Typed
  // (its type checked once, at instantiation): lowering a string or list calls it every time.
  std::optional<TypedFunc<ReallocSignature>> realloc;
  // Called with the core results after they were lifted (lift only).
  std::optional<Func> postReturn;
};

}  // namespace sable::canon
