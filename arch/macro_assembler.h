// The architecture-neutral macro-assembler the single-pass compiler emits through. One
// implementation per ISA (arch/x64/, arch/arm64/), selected at build time; the interface is
// shaped for both a two-operand flags machine (x86-64) and a three-operand load/store machine
// (AArch64): operations name a destination and sources and the back end picks the encoding.
//
// Register conventions the back ends guarantee:
// - the context register holds the current VMContext*, the memory-base register the base of
//   memory 0; neither is ever allocatable;
// - an i32 in a general-purpose register always has its upper 32 bits zero, so it can index
//   memory directly;
// - scratch registers (not allocatable) are free for any operation's internal use.
#pragma once

#include <asmjit/core.h>

#include <cstdint>
#include <memory>
#include <span>

#include "abi/vm.h"
#include "arch/simd_messages.h"
#include "core/opcodes.h"
#include "sable/types.h"

namespace sable::arch {

enum class RegClass : uint8_t { Gp, Fp };

// A physical register: its hardware number within its class.
struct Reg {
  uint8_t code = 0xff;
  RegClass cls = RegClass::Gp;

  bool valid() const { return code != 0xff; }
  friend bool operator==(Reg a, Reg b) { return a.code == b.code && a.cls == b.cls; }
};

inline RegClass regClassOf(ValType t) {
  return (t == ValType::F32 || t == ValType::F64 || t == ValType::V128) ? RegClass::Fp
                                                                        : RegClass::Gp;
}

// A memory operand relative to the frame pointer, the stack pointer or a register.
struct Address {
  enum class Base : uint8_t { Frame, Stack, Reg };
  Base base = Base::Frame;
  Reg reg;
  int32_t offset = 0;

  static Address frame(int32_t off) { return {Base::Frame, Reg{}, off}; }
  static Address stack(int32_t off) { return {Base::Stack, Reg{}, off}; }
  static Address at(Reg r, int32_t off) { return {Base::Reg, r, off}; }
};

enum class Condition : uint8_t {
  Equal,
  NotEqual,
  LessS,
  LessU,
  GreaterS,
  GreaterU,
  LessEqualS,
  LessEqualU,
  GreaterEqualS,
  GreaterEqualU,
};

// Out-of-line trap blocks are created by the compiler; the assembler asks for them by code.
class TrapLabels {
 public:
  virtual ~TrapLabels() = default;
  virtual asmjit::Label trapLabel(vm::TrapCode code) = 0;
};

struct CodegenOptions {
  bool explicitBoundsChecks = false;
  // Use only the architecture's baseline instruction set (x86-64: no POPCNT, LZCNT, BMI,
  // SSE4.1), whatever the CPU offers; lets tests run the fallback sequences on any machine.
  bool baselineIsa = false;
};

class MacroAssembler {
 public:
  MacroAssembler(asmjit::CodeHolder& code, TrapLabels& traps, CodegenOptions options);
  ~MacroAssembler();
  MacroAssembler(const MacroAssembler&) = delete;
  MacroAssembler& operator=(const MacroAssembler&) = delete;

  // --- Registers -------------------------------------------------------------------------
  static std::span<const Reg> allocatableGp();
  static std::span<const Reg> allocatableFp();
  // Registers that can hold a local for a whole function. The Gp ones are preserved across
  // calls (callee-saved in the wasm convention, as in C): a function saves those it uses. The
  // Fp ones are not: callers save them around calls. All are also in the allocatable sets;
  // the compiler withholds the ones it uses as homes.
  static std::span<const Reg> localHomesGp();
  static std::span<const Reg> localHomesFp();
  // Registers of the C calling convention, for calls to builtins.
  static Reg cArgGp(uint32_t index);
  static Reg cReturnGp();

  // --- Frames ----------------------------------------------------------------------------
  // Frame layout (both ISAs): [fp] saved fp, [fp+8] return address, [fp+16...] the argument
  // area of this call, [fp-8] the saved context register, below it the callee-saved registers
  // the function uses (8 bytes each), then the frame slots.
  static constexpr int32_t kArgAreaOffset = 16;
  static constexpr int32_t kSavedContextOffset = -8;
  static constexpr int32_t kFirstSavedRegisterOffset = -16;

  // Sets up the frame; its size is filled in later by setFrameSize. Checks the stack limit
  // (trap CallStackExhausted) and loads the memory base if `loadMemoryBase`.
  void prologue(bool loadMemoryBase);
  void setFrameSize(uint32_t bytes);  // a multiple of 16, at least 16
  void epilogueAndReturn();

  // --- Moves -----------------------------------------------------------------------------
  void move(ValType type, Reg dst, Reg src);
  void loadConstant(ValType type, Reg dst, uint64_t bits, uint64_t bitsHigh = 0);
  void load(ValType type, Reg dst, Address src);
  void store(ValType type, Address dst, Reg src);
  void storeConstant(ValType type, Address dst, uint64_t bits, uint64_t bitsHigh = 0);
  void copy(ValType type, Address dst, Address src);  // memory to memory, via scratch
  void loadPointer(Reg dst, Address src);
  void loadFromContext(Reg dst, int32_t offset);  // pointer-sized field of VMContext
  void addressOf(Reg dst, Address src);
  void moveContext(Reg dst);  // dst = the context register
  // dst = ((void**)base)[index] and back; `index` is a zero-extended i32.
  void loadPointerIndexed(Reg dst, Reg base, Reg index);
  void storePointerIndexed(Reg base, Reg index, Reg value);
  // Zeroes [fp + offset, fp + offset + bytes), both multiples of 8.
  void zeroFrame(int32_t offset, uint32_t bytes);
  void addPointerImmediate(Reg dst, int64_t imm);

  // --- Operators -------------------------------------------------------------------------
  // Whether emitBinaryImm can take this constant as the right operand.
  bool acceptsImmediate(Opcode op, int64_t imm) const;
  // Fixed-signature numeric operators (SIMD ones too, see below). Sources are left unchanged unless
  // they are `dst`. Trapping operators branch to trap labels.
  void emitUnary(Opcode op, Reg dst, Reg src);
  void emitBinary(Opcode op, Reg dst, Reg lhs, Reg rhs);
  void emitBinaryImm(Opcode op, Reg dst, Reg lhs, int64_t rhs);
  // dst = cond != 0 ? ifTrue : ifFalse. `cond` is an i32.
  void emitSelect(ValType type, Reg dst, Reg ifTrue, Reg ifFalse, Reg cond);

  // --- SIMD (v128) -----------------------------------------------------------------------
  // Whether this back end generates SIMD code at all for these options (x86-64: SSE4.1 is the
  // floor; refused with baselineIsa), and whether it generates `op` (a 0xFD operator). The
  // compiler asks before emitting, so an operator a back end lacks is Unsupported, never
  // silently wrong. Fixed-signature SIMD operators go through emitUnary/emitBinary (shifts:
  // the count is an i32 in a Gp register) and, for v128.bitselect, emitTernary.
  bool supportsSimd() const;
  bool emitsSimd(Opcode op) const;
  // dst = op(a, b, c); dst may be `a` but not `b` or `c`.
  void emitTernary(Opcode op, Reg dst, Reg a, Reg b, Reg c);
  // Lane access; `lane` is below the operator's lane count (validated).
  void emitExtractLane(Opcode op, Reg dst, Reg src, uint8_t lane);
  // dst = vector with lane `lane` replaced by `scalar`; dst may be `vector`.
  void emitReplaceLane(Opcode op, Reg dst, Reg vector, Reg scalar, uint8_t lane);
  // i8x16.shuffle: dst may be `lhs` but not `rhs`; lanes are 16 indices below 32.
  void emitShuffle(Reg dst, Reg lhs, Reg rhs, const uint8_t* lanes);
  // v128.loadN_lane: replaces lane `lane` of `vector` (in place) with memory0[index + offset].
  void emitLoadLane(Opcode op, Reg vector, Reg index, uint64_t offset, uint8_t lane);
  void emitStoreLane(Opcode op, Reg index, uint64_t offset, Reg vector, uint8_t lane);

  // --- Linear memory ---------------------------------------------------------------------
  // Loads and stores of the opcodes' widths at memory0[index + offset] (v128 forms included:
  // extending, splatting and zeroing loads); in explicit
  // mode with a bounds check against the VMMemory's current size. An invalid `index` means
  // the address is the constant `offset` alone (a constant index folded into it; < 2^33).
  void emitLoad(Opcode op, Reg dst, Reg index, uint64_t offset);
  void emitStore(Opcode op, Reg index, uint64_t offset, Reg value);
  void reloadMemoryBase();

  // --- Control ---------------------------------------------------------------------------
  asmjit::Label newLabel();
  void bind(asmjit::Label label);
  void jump(asmjit::Label target);
  // Branches when the i32 in `value` is zero / non-zero.
  void branchIfZero(Reg value, asmjit::Label target);
  void branchIfNonZero(Reg value, asmjit::Label target);
  // Compares and branches; `is64` selects the operand width.
  void branchCompare(Condition cond, bool is64, Reg lhs, Reg rhs, asmjit::Label target);
  void branchCompareImm(Condition cond, bool is64, Reg lhs, int32_t rhs, asmjit::Label target);
  // Jumps to targets[index], or to `otherwise` when index >= targets.size().
  void jumpTable(Reg index, std::span<const asmjit::Label> targets, asmjit::Label otherwise);

  // --- Calls -----------------------------------------------------------------------------
  void callLabel(asmjit::Label target);
  // Calls through a vm::FuncRef*: switches the context register to its vmctx.
  void callFuncRef(Reg funcRef);
  // Calls the VMBuiltins entry at `offset` with C arguments already in cArgGp(i).
  void callBuiltin(int32_t builtinOffset);
  void restoreContextRegister();

  // --- Interruption ----------------------------------------------------------------------
  // Traps with Interrupted when the engine's epoch has reached the store's deadline, which the
  // thread advancing the epoch signals in ctx->interruptRequested. Uses scratch registers only;
  // clobbers the flags.
  void emitInterruptCheck();
  // Subtracts `cost` from the store's fuel (activation->fuelRemaining) and traps with
  // FuelExhausted when it goes below zero. Uses scratch registers only; clobbers the flags.
  void emitFuelConsume(uint32_t cost);

  // Emits the out-of-line tail of a trap label: hands (code, pc, fp) to the engine's trap stub,
  // which records the trap and unwinds to the entry trampoline.
  void emitTrapExit(const void* trapStub, vm::TrapCode code);

  size_t offset() const;

  // The largest code size of one function for which every conditional branch inside it is
  // sure to reach its target (SIZE_MAX where conditional branches reach anywhere). A function
  // whose code comes out larger must be compiled again after setLongBranches(true).
  static size_t shortBranchFunctionBytes();
  // From here on, conditional branches to labels reach any distance within the code buffer,
  // at the cost of an extra instruction each where the ISA needs one.
  void setLongBranches(bool on);

 private:
  // Part of prologue(): traps with CallStackExhausted when the frame would reach below the
  // activation's stack limit, comparing before the frame is taken.
  void emitStackCheck();

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sable::arch
