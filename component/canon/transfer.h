// Guest-to-guest value transfer (the fused adapter of a canon lower of another instance's canon
// lift): values move from one instance's flat values and memory to the other's by both sides'
// canonical ABIs at once, with no cm::Val tree in between (strings transcoded by the spec's
// store sequences for the source and destination encodings, scalar lists with one copy).
#pragma once

#include <cstdint>

#include "component/canon/context.h"
#include "component/canon/flat_buffer.h"
#include "component/canon/lift.h"

namespace sable::canon {

// Which side of a transfer an error came from (the side whose instance a trap is charged to).
enum class TransferSide : uint8_t { None, Source, Destination };

// A transfer from `src` (reading: lifting rules and traps) to `dst` (writing: realloc and
// lowering rules). Both contexts use the same type arena. `failed` records the side of the
// first error.
class Transfer {
 public:
  Transfer(LiftLowerContext& src, LiftLowerContext& dst) : src_(src), dst_(dst) {}

  // Reads the flat values of a value of type `t` from `in` and appends the destination's flat
  // values to `out`.
  Result<void> flat(FlatReader& in, TypeId t, FlatBuffer& out);
  // Moves a value of type `t` from source memory at `srcPtr` to destination memory at `dstPtr`
  // (both aligned and in bounds: the caller checked).
  Result<void> inMemory(uint64_t srcPtr, TypeId t, uint64_t dstPtr);
  // The side of the first error (None while none failed).
  TransferSide failed() const { return failed_; }

  // Tags an error with the side it came from.
  Error fromSource(Error e);
  Error fromDestination(Error e);

 private:
  const TypeNode& node(TypeId t) const { return src_.types[t]; }
  Result<std::pair<uint32_t, uint32_t>> string(uint32_t ptr, uint32_t taggedUnits);
  Result<std::pair<uint32_t, uint32_t>> list(uint32_t ptr, uint32_t length, TypeId elem);
  Result<std::pair<uint32_t, uint32_t>> scalarList(uint32_t ptr, uint32_t length, TypeId elem);
  Result<void> variantInMemory(uint64_t srcPtr, const TypeNode& n, uint64_t dstPtr);
  Result<void> variantFlat(FlatReader& in, const TypeNode& n, FlatBuffer& out);
  Result<void> scalarOrHandleInMemory(uint64_t srcPtr, TypeId t, uint64_t dstPtr);

  LiftLowerContext& src_;
  LiftLowerContext& dst_;
  TransferSide failed_ = TransferSide::None;
};

}  // namespace sable::canon
