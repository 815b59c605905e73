// Facts about wasm operators that every back end (and the compiler's fusions) share: which
// integer comparison an opcode is, the opposite of a condition, and the ranges in which a
// float-to-integer truncation is defined. Kept in one place so the ISAs cannot drift apart.
#pragma once

#include <optional>

#include "arch/macro_assembler.h"
#include "core/opcodes.h"

namespace sable::arch {

// The condition and operand width of an integer comparison opcode (i32/i64 eq ... ge_u; not
// eqz). False for every other opcode.
inline bool integerCompareCondition(Opcode op, Condition& c, bool& wide) {
  switch (op) {
#define SABLE_CMP(o32, o64, cond) \
  case Opcode::o32:               \
    c = Condition::cond;          \
    wide = false;                 \
    return true;                  \
  case Opcode::o64:               \
    c = Condition::cond;          \
    wide = true;                  \
    return true;
    SABLE_CMP(I32Eq, I64Eq, Equal)
    SABLE_CMP(I32Ne, I64Ne, NotEqual)
    SABLE_CMP(I32LtS, I64LtS, LessS)
    SABLE_CMP(I32LtU, I64LtU, LessU)
    SABLE_CMP(I32GtS, I64GtS, GreaterS)
    SABLE_CMP(I32GtU, I64GtU, GreaterU)
    SABLE_CMP(I32LeS, I64LeS, LessEqualS)
    SABLE_CMP(I32LeU, I64LeU, LessEqualU)
    SABLE_CMP(I32GeS, I64GeS, GreaterEqualS)
    SABLE_CMP(I32GeU, I64GeU, GreaterEqualU)
#undef SABLE_CMP
    default:
      return false;
  }
}

// The condition that holds exactly when `c` does not.
inline Condition negateCondition(Condition c) {
  switch (c) {
    case Condition::Equal:
      return Condition::NotEqual;
    case Condition::NotEqual:
      return Condition::Equal;
    case Condition::LessS:
      return Condition::GreaterEqualS;
    case Condition::LessU:
      return Condition::GreaterEqualU;
    case Condition::GreaterS:
      return Condition::LessEqualS;
    case Condition::GreaterU:
      return Condition::LessEqualU;
    case Condition::LessEqualS:
      return Condition::GreaterS;
    case Condition::LessEqualU:
      return Condition::GreaterU;
    case Condition::GreaterEqualS:
      return Condition::LessS;
    case Condition::GreaterEqualU:
      return Condition::LessU;
  }
  return c;
}

// A float-to-integer truncation: its types, and the range in which it is defined,
// lo < x (lo <= x when loInclusive) and x < hi. Outside it the trapping forms trap (NaN:
// InvalidConversionToInteger, else IntegerOverflow) and the saturating forms clamp.
struct TruncSpec {
  bool fromF64, to64, isSigned, saturating;
  double lo, hi;
  bool loInclusive;
};

inline std::optional<TruncSpec> truncSpec(Opcode op) {
  constexpr double k2p31 = 2147483648.0, k2p32 = 4294967296.0, k2p63 = 9223372036854775808.0,
                   k2p64 = 18446744073709551616.0;
  switch (op) {
    case Opcode::I32TruncF32S:
      return TruncSpec{false, false, true, false, -k2p31, k2p31, true};
    case Opcode::I32TruncF64S:
      return TruncSpec{true, false, true, false, -k2p31 - 1, k2p31, false};
    case Opcode::I32TruncF32U:
      return TruncSpec{false, false, false, false, -1.0, k2p32, false};
    case Opcode::I32TruncF64U:
      return TruncSpec{true, false, false, false, -1.0, k2p32, false};
    case Opcode::I64TruncF32S:
      return TruncSpec{false, true, true, false, -k2p63, k2p63, true};
    case Opcode::I64TruncF64S:
      return TruncSpec{true, true, true, false, -k2p63, k2p63, true};
    case Opcode::I64TruncF32U:
      return TruncSpec{false, true, false, false, -1.0, k2p64, false};
    case Opcode::I64TruncF64U:
      return TruncSpec{true, true, false, false, -1.0, k2p64, false};
    case Opcode::I32TruncSatF32S:
      return TruncSpec{false, false, true, true, -k2p31, k2p31, true};
    case Opcode::I32TruncSatF64S:
      return TruncSpec{true, false, true, true, -k2p31 - 1, k2p31, false};
    case Opcode::I32TruncSatF32U:
      return TruncSpec{false, false, false, true, -1.0, k2p32, false};
    case Opcode::I32TruncSatF64U:
      return TruncSpec{true, false, false, true, -1.0, k2p32, false};
    case Opcode::I64TruncSatF32S:
      return TruncSpec{false, true, true, true, -k2p63, k2p63, true};
    case Opcode::I64TruncSatF64S:
      return TruncSpec{true, true, true, true, -k2p63, k2p63, true};
    case Opcode::I64TruncSatF32U:
      return TruncSpec{false, true, false, true, -1.0, k2p64, false};
    case Opcode::I64TruncSatF64U:
      return TruncSpec{true, true, false, true, -1.0, k2p64, false};
    default:
      return std::nullopt;
  }
}

}  // namespace sable::arch
