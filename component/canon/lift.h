// Lifting: core values and linear memory to cm::Val (CanonicalABI.md "Loading", "Flat
// Lifting"). Flat values travel as uint64_t bit patterns (i32 and f32 in the low 32 bits), so
// the spec's coercions between joined variant types are plain truncations.
#pragma once

#include <cstdint>
#include <span>

#include "component/canon/context.h"
#include "sable/component_val.h"

namespace sable::canon {

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

// lift_flat: one value of type `t` from `in`.
Result<cm::Val> liftFlat(LiftLowerContext& cx, FlatReader& in, TypeId t);
// load: one value of type `t` at `ptr` (aligned and in bounds: the caller checked).
Result<cm::Val> load(LiftLowerContext& cx, uint64_t ptr, TypeId t);

}  // namespace sable::canon
