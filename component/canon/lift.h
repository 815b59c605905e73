// Lifting: core values and linear memory to cm::Val (CanonicalABI.md "Loading", "Flat
// Lifting"). Flat values travel as uint64_t bit patterns (i32 and f32 in the low 32 bits), so
// the spec's coercions between joined variant types are plain truncations.
#pragma once

#include <cstdint>
#include <span>

#include "component/canon/context.h"
#include "sable/component_val.h"

namespace sable::canon {

// The longest list of non-scalar elements lifted into cm::Val elements (ErrorKind::Limit
// beyond): such a list of 2^28 - 1 bytes is valid, but as one cm::Val per element it would take
// GiBs of host memory. Scalar lists are lifted compact, whatever their length.
inline constexpr uint32_t kMaxLiftedListLength = uint32_t{1} << 22;

// Reads flat values in order (CoreValueIter). Reading past the end yields 0: signatures are
// matched before values flow, so that never happens with well-typed calls.
class FlatReader {
 public:
  explicit FlatReader(std::span<const uint64_t> values) : values_(values) {}
  uint64_t next() { return pos_ < values_.size() ? values_[pos_++] : 0; }
  size_t position() const { return pos_; }
  void skipTo(size_t position) { pos_ = position; }

 private:
  std::span<const uint64_t> values_;
  size_t pos_ = 0;
};

// The lifting rules that look at the values of a scalar list of `kind` held as its memory
// bytes, applied in place: bools become 0/1, NaNs canonical; a Trap for an invalid char.
// Integers are left as they are.
Result<void> normaliseScalarList(cm::ValKind kind, std::span<uint8_t> bytes);

// lift_flat: one value of type `t` from `in`.
Result<cm::Val> liftFlat(LiftLowerContext& cx, FlatReader& in, TypeId t);
// load: one value of type `t` at `ptr` (aligned and in bounds: the caller checked).
Result<cm::Val> load(LiftLowerContext& cx, uint64_t ptr, TypeId t);

}  // namespace sable::canon
