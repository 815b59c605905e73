// SIMD128 code generation for x86-64: every 0xFD operator as SSE4.1 (SSSE3 pshufb for
// shuffles, SSE4.2 pcmpgtq for the i64x2 ordered comparisons when the CPU has it). The
// MacroAssembler hands over registers and memory operands it has already bounds-checked; this
// class only knows instruction sequences. Scratch: xmm14 and xmm15, and rax, rcx (never
// allocatable, never part of a memory operand the caller passes: those use r11 at most).
//
// Where SSE and wasm disagree the sequences fix the difference: f32x4/f64x2 min and max
// propagate NaNs (canonical) and order -0 below +0, the saturating truncations map NaN to 0 and
// clamp, swizzle zeroes lanes whose index is 16 or more, shifts take the count modulo the lane
// width, and q15mulr_sat turns pmulhrsw's 0x8000 (from -1 * -1) into 0x7fff.
#pragma once

#include <asmjit/x86.h>

#include <cstdint>

#include "core/opcodes.h"

namespace sable::arch::x64 {

class SimdX64 {
 public:
  SimdX64(asmjit::x86::Assembler& a, bool hasSse42) : a_(a), hasSse42_(hasSse42) {}

  // Whether `op` (a fixed-signature, lane, shuffle or v128 memory operator) is compiled.
  bool emits(Opcode op) const;

  // dst may be src (unary) or lhs (binary), never rhs. Gp operands are given as Gp
  // registers (a shift count, a splat's scalar, an any_true result).
  void unary(Opcode op, const asmjit::x86::Reg& dst, const asmjit::x86::Reg& src);
  void binary(Opcode op, const asmjit::x86::Xmm& dst, const asmjit::x86::Xmm& lhs,
              const asmjit::x86::Reg& rhs);
  void bitselect(const asmjit::x86::Xmm& dst, const asmjit::x86::Xmm& a, const asmjit::x86::Xmm& b,
                 const asmjit::x86::Xmm& c);
  void extractLane(Opcode op, const asmjit::x86::Reg& dst, const asmjit::x86::Xmm& src,
                   uint8_t lane);
  void replaceLane(Opcode op, const asmjit::x86::Xmm& dst, const asmjit::x86::Xmm& vector,
                   const asmjit::x86::Reg& scalar, uint8_t lane);
  void shuffle(const asmjit::x86::Xmm& dst, const asmjit::x86::Xmm& lhs,
               const asmjit::x86::Xmm& rhs, const uint8_t* lanes);
  void load(Opcode op, const asmjit::x86::Xmm& dst, asmjit::x86::Mem m);
  void store(const asmjit::x86::Mem& m, const asmjit::x86::Xmm& src);
  void loadLane(Opcode op, const asmjit::x86::Xmm& vector, asmjit::x86::Mem m, uint8_t lane);
  void storeLane(Opcode op, asmjit::x86::Mem m, const asmjit::x86::Xmm& vector, uint8_t lane);

 private:
  void move(const asmjit::x86::Xmm& dst, const asmjit::x86::Xmm& src);
  // dst = the 32- or 64-bit pattern in every lane, or a 128-bit constant (via rax only).
  void splat32(const asmjit::x86::Xmm& dst, uint32_t bits);
  void splat64(const asmjit::x86::Xmm& dst, uint64_t bits);
  void constant(const asmjit::x86::Xmm& dst, uint64_t lo, uint64_t hi);
  void allOnes(const asmjit::x86::Xmm& dst);
  bool integerUnary(Opcode op, const asmjit::x86::Xmm& dst, const asmjit::x86::Xmm& src);
  bool floatUnary(Opcode op, const asmjit::x86::Xmm& dst, const asmjit::x86::Xmm& src);
  void toScalar(Opcode op, const asmjit::x86::Gp& dst, const asmjit::x86::Xmm& src);
  void splat(Opcode op, const asmjit::x86::Xmm& dst, const asmjit::x86::Reg& src);
  void shift(Opcode op, const asmjit::x86::Xmm& dst, const asmjit::x86::Xmm& lhs,
             const asmjit::x86::Gp& count);
  void byteShift(Opcode op, const asmjit::x86::Xmm& dst, const asmjit::x86::Xmm& lhs,
                 const asmjit::x86::Gp& count);
  // Writes the lane-wise comparison; true when `op` is one.
  bool compare(Opcode op, const asmjit::x86::Xmm& dst, const asmjit::x86::Xmm& lhs,
               const asmjit::x86::Xmm& rhs);
  // scratch = lhs > rhs (signed) lane-wise, lanes of `laneLog2` bytes.
  void greaterSigned(uint32_t laneLog2, const asmjit::x86::Xmm& out, const asmjit::x86::Xmm& lhs,
                     const asmjit::x86::Xmm& rhs);
  void floatMinMax(bool wide, bool isMin, const asmjit::x86::Xmm& dst, const asmjit::x86::Xmm& lhs,
                   const asmjit::x86::Xmm& rhs);
  bool special(Opcode op, const asmjit::x86::Xmm& dst, const asmjit::x86::Xmm& lhs,
               const asmjit::x86::Xmm& rhs);
  void extMul(Opcode op, const asmjit::x86::Xmm& dst, const asmjit::x86::Xmm& lhs,
              const asmjit::x86::Xmm& rhs);
  void truncSat(Opcode op, const asmjit::x86::Xmm& dst, const asmjit::x86::Xmm& src);
  void convert(Opcode op, const asmjit::x86::Xmm& dst, const asmjit::x86::Xmm& src);

  asmjit::x86::Assembler& a_;
  bool hasSse42_;
};

}  // namespace sable::arch::x64
