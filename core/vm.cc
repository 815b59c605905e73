#include "core/vm.h"

#include "sable/trap.h"

namespace sable::vm {

// The public TrapKind mirrors TrapCode so converting between them is a cast.
#define SABLE_SAME_TRAP(name) \
  static_assert(static_cast<uint32_t>(TrapKind::name) == static_cast<uint32_t>(TrapCode::name))
SABLE_SAME_TRAP(None);
SABLE_SAME_TRAP(Unreachable);
SABLE_SAME_TRAP(MemoryOutOfBounds);
SABLE_SAME_TRAP(TableOutOfBounds);
SABLE_SAME_TRAP(UndefinedElement);
SABLE_SAME_TRAP(IndirectCallToNull);
SABLE_SAME_TRAP(IndirectCallTypeMismatch);
SABLE_SAME_TRAP(NullReference);
SABLE_SAME_TRAP(IntegerDivideByZero);
SABLE_SAME_TRAP(IntegerOverflow);
SABLE_SAME_TRAP(InvalidConversionToInteger);
SABLE_SAME_TRAP(CallStackExhausted);
SABLE_SAME_TRAP(HostError);
#undef SABLE_SAME_TRAP

const char* trapCodeMessage(TrapCode code) {
  // The spec interpreter's wording, which assert_trap scripts expect.
  switch (code) {
    case TrapCode::None:
      return "no trap";
    case TrapCode::Unreachable:
      return "unreachable";
    case TrapCode::MemoryOutOfBounds:
      return "out of bounds memory access";
    case TrapCode::TableOutOfBounds:
      return "out of bounds table access";
    case TrapCode::UndefinedElement:
      return "undefined element";
    case TrapCode::IndirectCallToNull:
      return "uninitialized element";
    case TrapCode::IndirectCallTypeMismatch:
      return "indirect call type mismatch";
    case TrapCode::NullReference:
      return "null reference";
    case TrapCode::IntegerDivideByZero:
      return "integer divide by zero";
    case TrapCode::IntegerOverflow:
      return "integer overflow";
    case TrapCode::InvalidConversionToInteger:
      return "invalid conversion to integer";
    case TrapCode::CallStackExhausted:
      return "call stack exhausted";
    case TrapCode::HostError:
      return "host function error";
  }
  return "unknown trap";
}

ArgLayout ArgLayout::of(std::span<const ValType> params, std::span<const ValType> results) {
  ArgLayout layout;
  layout.paramOffsets.reserve(params.size());
  layout.resultOffsets.reserve(results.size());
  uint32_t offset = 0;
  for (ValType t : params) {
    layout.paramOffsets.push_back(offset);
    offset += t == ValType::V128 ? 16 : 8;
  }
  // Results follow the parameters rather than reusing their slots, so the callee can write a
  // result before it has read every parameter.
  for (ValType t : results) {
    layout.resultOffsets.push_back(offset);
    offset += t == ValType::V128 ? 16 : 8;
  }
  layout.sizeBytes = offset;
  return layout;
}

}  // namespace sable::vm
