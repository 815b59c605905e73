// SIMD128 code generation for AArch64: every 0xFD operator as NEON. Most operators are one
// instruction (a row of the direct tables); the rest are short sequences. Scratch: v30, v31,
// x16, x17 (the back end's scratch registers). Memory operands come bounds-checked from the
// MacroAssembler and may use x16/x17, so the sequences here load and store lanes through v31
// rather than through a general-purpose scratch.
//
// NEON already matches wasm where x86 needs care: fmin/fmax propagate NaNs and order -0 below
// +0, fcvtzs/fcvtzu saturate (NaN to 0), tbl zeroes out-of-range lanes, sqrdmulh is exactly
// q15mulr_sat. Shift counts are taken modulo the lane width explicitly (ushl/sshl with a
// negated count shift right).
#pragma once

#include <asmjit/arm/a64assembler.h>

#include <cstdint>

#include "core/opcodes.h"

namespace sable::arch::arm64 {

class SimdArm64 {
 public:
  explicit SimdArm64(asmjit::a64::Assembler& a) : a_(a) {}

  // dst may alias any operand unless said otherwise. Scalars come as registers of their own
  // class: the vector numbers for Fp ones, x-register numbers for Gp ones.
  void unary(Opcode op, uint32_t dst, uint32_t src);
  void binary(Opcode op, uint32_t dst, uint32_t lhs, uint32_t rhs);
  void bitselect(uint32_t dst, uint32_t a, uint32_t b, uint32_t c);
  void extractLane(Opcode op, uint32_t dst, uint32_t src, uint8_t lane);
  void replaceLane(Opcode op, uint32_t dst, uint32_t vector, uint32_t scalar, uint8_t lane);
  void shuffle(uint32_t dst, uint32_t lhs, uint32_t rhs, const uint8_t* lanes);
  void load(Opcode op, uint32_t dst, const asmjit::a64::Mem& m);
  void store(const asmjit::a64::Mem& m, uint32_t src);
  void loadLane(Opcode op, uint32_t vector, const asmjit::a64::Mem& m, uint8_t lane);
  void storeLane(Opcode op, const asmjit::a64::Mem& m, uint32_t vector, uint8_t lane);

 private:
  void move(uint32_t dst, uint32_t src);
  void loadImm64(uint64_t bits);  // into x16
  void constant(uint32_t dst, uint64_t lo, uint64_t hi);
  bool simpleUnary(Opcode op, uint32_t dst, uint32_t src);
  void toScalar(Opcode op, uint32_t dst, uint32_t src);
  void bitmask(Opcode op, uint32_t dst, uint32_t src);
  void splat(Opcode op, uint32_t dst, uint32_t src);
  void shift(Opcode op, uint32_t dst, uint32_t lhs, uint32_t count);
  bool compare(Opcode op, uint32_t dst, uint32_t lhs, uint32_t rhs);
  void special(Opcode op, uint32_t dst, uint32_t lhs, uint32_t rhs);

  asmjit::a64::Assembler& a_;
};

}  // namespace sable::arch::arm64
