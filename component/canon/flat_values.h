// Parameters and results across the flattening limits (CanonicalABI.md lift_flat_values,
// lower_flat_values): past 16 flat parameters or 1 flat result the values travel in memory as a
// tuple. Also the conversions between flat bit patterns and sable::Value.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "component/canon/context.h"
#include "component/canon/flat_buffer.h"
#include "component/canon/lift.h"
#include "component/canon/lifted_args.h"
#include "sable/component_val.h"
#include "sable/value.h"

namespace sable::canon {

// Core values as bit patterns (i32 and f32 zero-extended).
// At most FlatBuffer::kCapacity values are converted (the most a lowered import receives).
FlatBuffer valuesToBits(std::span<const Value> values);

// Lowers the arguments of a call into a lifted function: flat, or into memory allocated with
// the callee's realloc (one pointer).
Result<FlatBuffer> lowerParams(LiftLowerContext& cx, const FuncTypeDesc& type,
                               std::span<const cm::Val> args);
// Lifts the arguments a lowered import received into `args`: flat, or from the tuple its
// pointer points to.
Result<void> liftParams(LiftLowerContext& cx, const FuncTypeDesc& type, FlatReader& in,
                        LiftedArgs& args);
// Lifts the result of a lifted function from its core results (a pointer past 1 flat value).
Result<std::optional<cm::Val>> liftResult(LiftLowerContext& cx, const FuncTypeDesc& type,
                                          std::span<const uint64_t> coreResults);
// Lowers the result of a lowered import: into `out` (flat) or at the caller's out-pointer.
Result<void> lowerResult(LiftLowerContext& cx, const FuncTypeDesc& type,
                         const std::optional<cm::Val>& result, std::optional<uint32_t> outPtr,
                         FlatBuffer& out);

}  // namespace sable::canon
