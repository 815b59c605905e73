#include "sable/trap.h"

#include "sable/printable.h"

namespace sable {

const char* trapKindMessage(TrapKind kind) {
  // The spec interpreter's wording, which assert_trap scripts expect.
  switch (kind) {
    case TrapKind::None:
      return "no trap";
    case TrapKind::Unreachable:
      return "unreachable";
    case TrapKind::MemoryOutOfBounds:
      return "out of bounds memory access";
    case TrapKind::TableOutOfBounds:
      return "out of bounds table access";
    case TrapKind::UndefinedElement:
      return "undefined element";
    case TrapKind::IndirectCallToNull:
      return "uninitialized element";
    case TrapKind::IndirectCallTypeMismatch:
      return "indirect call type mismatch";
    case TrapKind::NullReference:
      return "null reference";
    case TrapKind::IntegerDivideByZero:
      return "integer divide by zero";
    case TrapKind::IntegerOverflow:
      return "integer overflow";
    case TrapKind::InvalidConversionToInteger:
      return "invalid conversion to integer";
    case TrapKind::CallStackExhausted:
      return "call stack exhausted";
    case TrapKind::HostError:
      return "host function error";
    case TrapKind::Interrupted:
      return "interrupted";
    case TrapKind::FuelExhausted:
      return "fuel exhausted";
  }
  return "unknown trap";
}

std::string Trap::toString() const {
  std::string s = message;
  for (size_t i = 0; i < frames.size(); ++i) {
    s += "\n  #" + std::to_string(i) + " " + escapeText(frames[i].funcName);
  }
  return s;
}

}  // namespace sable
