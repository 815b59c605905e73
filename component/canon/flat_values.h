// Parameters and results across the flattening limits (CanonicalABI.md lift_flat_values,
// lower_flat_values): past 16 flat parameters or 1 flat result the values travel in memory as a
// tuple. Also the conversions between flat bit patterns and sable::Value.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "component/canon/context.h"
#include "component/canon/lift.h"
#include "sable/component_val.h"
#include "sable/value.h"

namespace sable::canon {

// Core values as bit patterns (i32 and f32 zero-extended) and back, typed by `types`.
std::vector<uint64_t> valuesToBits(std::span<const Value> values);
std::vector<Value> bitsToValues(std::span<const uint64_t> bits, std::span<const CoreType> types);

// Lowers the arguments of a call into a lifted function: flat, or into memory allocated with
// the callee's realloc (one pointer).
Result<std::vector<uint64_t>> lowerParams(LiftLowerContext& cx, const FuncTypeDesc& type,
                                          std::span<const cm::Val> args);
// Lifts the arguments a lowered import received: flat, or from the tuple its pointer points to.
Result<std::vector<cm::Val>> liftParams(LiftLowerContext& cx, const FuncTypeDesc& type,
                                        FlatReader& in);
// Lifts the result of a lifted function from its core results (a pointer past 1 flat value).
Result<std::optional<cm::Val>> liftResult(LiftLowerContext& cx, const FuncTypeDesc& type,
                                          std::span<const uint64_t> coreResults);
// Lowers the result of a lowered import: into `out` (flat) or at the caller's out-pointer.
Result<void> lowerResult(LiftLowerContext& cx, const FuncTypeDesc& type,
                         const std::optional<cm::Val>& result, std::optional<uint32_t> outPtr,
                         std::vector<uint64_t>& out);

}  // namespace sable::canon
