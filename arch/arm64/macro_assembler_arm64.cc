// AArch64 implementation of the MacroAssembler, over AsmJit's a64 Assembler.
//
// Registers (AAPCS64 names):
// - x21 context, x22 memory base. Both are C callee-saved, so calls to builtins and host
//   functions keep them; wasm code never writes them except where the header allows (the
//   context around cross-instance calls, the memory base after calls). x21 is what abi/vm.h
//   documents as the arm64 context register.
// - x19 x20 x23-x28: homes of Gp locals. C callee-saved, and callee-saved in the wasm
//   convention too: a function saves the ones it uses (function_compiler stores them below the
//   saved context), the entry stub saves all of them for C++. They are not allocatable as
//   temporaries, because a function only saves the homes it assigns.
// - x0-x15: allocatable temporaries, clobbered by every call. cArgGp(i) = xi: the compiler
//   spills everything before loading builtin arguments, so sharing them is safe.
// - x16, x17: scratch (the intra-procedure-call registers; nothing else may rely on them).
//   x18 is the platform register and never touched; x29 frame pointer, x30 link register.
// - v0-v7, v24-v29 allocatable Fp temporaries; v16-v23 Fp homes, also allocatable. None of
//   them is callee-saved in C (v8-v15 are, and are left alone so builtins need no care), which
//   is what the compiler assumes: callers save Fp homes around calls. v30, v31 scratch.
//
// Frame (the layout the header fixes): `stp x29, x30, [sp, #-16]!; mov x29, sp` gives
// [fp] saved fp, [fp+8] return address, [fp+16...] the caller's argument area (the caller's sp
// at the call), [fp-8] the saved context, then the saved homes and the frame slots. The frame
// size is only known at the end of the function, so the prologue loads it with a fixed
// movz/movk pair that setFrameSize rewrites; sp stays 16-byte aligned throughout.
//
// Integer division never traps in hardware, so division by zero and INT_MIN / -1 are explicit
// branches to trap labels; FP to integer conversions saturate in hardware (exactly trunc_sat)
// and get explicit NaN and range checks when wasm wants a trap.
#include <asmjit/arm/a64assembler.h>
#include <asmjit/arm/a64utils.h>
#include <asmjit/core.h>

#include <cstring>
#include <optional>

#include "arch/arm64/simd_arm64.h"
#include "arch/macro_assembler.h"
#include "arch/wasm_operators.h"
#include "core/operator_facts.h"

namespace sable::arch {

namespace a64 = asmjit::a64;
using a64::CondCode;
using asmjit::Imm;
using asmjit::Label;
using vm::TrapCode;

namespace {

constexpr Reg kGpRegs[] = {
    {0, RegClass::Gp},  {1, RegClass::Gp},  {2, RegClass::Gp},  {3, RegClass::Gp},
    {4, RegClass::Gp},  {5, RegClass::Gp},  {6, RegClass::Gp},  {7, RegClass::Gp},
    {8, RegClass::Gp},  {9, RegClass::Gp},  {10, RegClass::Gp}, {11, RegClass::Gp},
    {12, RegClass::Gp}, {13, RegClass::Gp}, {14, RegClass::Gp}, {15, RegClass::Gp}};
// Temporaries first, so a function that has homes to spare still allocates those last.
constexpr Reg kFpRegs[] = {
    {0, RegClass::Fp},  {1, RegClass::Fp},  {2, RegClass::Fp},  {3, RegClass::Fp},
    {4, RegClass::Fp},  {5, RegClass::Fp},  {6, RegClass::Fp},  {7, RegClass::Fp},
    {24, RegClass::Fp}, {25, RegClass::Fp}, {26, RegClass::Fp}, {27, RegClass::Fp},
    {28, RegClass::Fp}, {29, RegClass::Fp}, {16, RegClass::Fp}, {17, RegClass::Fp},
    {18, RegClass::Fp}, {19, RegClass::Fp}, {20, RegClass::Fp}, {21, RegClass::Fp},
    {22, RegClass::Fp}, {23, RegClass::Fp}};
constexpr Reg kHomeGp[] = {{19, RegClass::Gp}, {20, RegClass::Gp}, {23, RegClass::Gp},
                           {24, RegClass::Gp}, {25, RegClass::Gp}, {26, RegClass::Gp},
                           {27, RegClass::Gp}, {28, RegClass::Gp}};
constexpr Reg kHomeFp[] = {{16, RegClass::Fp}, {17, RegClass::Fp}, {18, RegClass::Fp},
                           {19, RegClass::Fp}, {20, RegClass::Fp}, {21, RegClass::Fp},
                           {22, RegClass::Fp}, {23, RegClass::Fp}};

const a64::GpX kCtx = a64::x21;
const a64::GpX kMemBase = a64::x22;
const a64::GpX kScratch = a64::x16;
const a64::GpX kScratch2 = a64::x17;
constexpr uint32_t kFpScratch = 31;
constexpr uint32_t kFpScratch2 = 30;

a64::GpX X(Reg r) { return a64::x(r.code); }
a64::GpW W(Reg r) { return a64::w(r.code); }
a64::VecS S(Reg r) { return a64::s(r.code); }
a64::VecD D(Reg r) { return a64::d(r.code); }
a64::VecV Q(Reg r) { return a64::VecV(r.code); }

bool is64(ValType t) { return t != ValType::I32 && t != ValType::F32; }
bool isSimd(Opcode op) { return static_cast<uint16_t>(op) >= 0xfd00; }

uint32_t valueSize(ValType t) {
  if (t == ValType::V128) return 16;
  return is64(t) ? 8 : 4;
}

Imm cc(CondCode c) { return Imm(c); }

CondCode condCode(Condition c) {
  switch (c) {
    case Condition::Equal:
      return CondCode::kEQ;
    case Condition::NotEqual:
      return CondCode::kNE;
    case Condition::LessS:
      return CondCode::kLT;
    case Condition::LessU:
      return CondCode::kLO;
    case Condition::GreaterS:
      return CondCode::kGT;
    case Condition::GreaterU:
      return CondCode::kHI;
    case Condition::LessEqualS:
      return CondCode::kLE;
    case Condition::LessEqualU:
      return CondCode::kLS;
    case Condition::GreaterEqualS:
      return CondCode::kGE;
    case Condition::GreaterEqualU:
      return CondCode::kHS;
  }
  return CondCode::kEQ;
}

uint64_t fpBits(double v, bool wide) {
  if (wide) {
    uint64_t b;
    std::memcpy(&b, &v, 8);
    return b;
  }
  float f = static_cast<float>(v);
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

// add/sub immediates: 12 bits, optionally shifted left by 12.
bool isAddSubImm(uint64_t v) { return v < 4096 || ((v & 0xfff) == 0 && v < (uint64_t{1} << 24)); }

bool isLogicalImm(uint64_t v, bool wide) {
  return a64::Utils::isLogicalImm(wide ? v : (v & 0xffffffffu), wide ? 64 : 32);
}

// Whether [base, #offset] encodes directly for an access of `size` bytes: the scaled unsigned
// 12-bit form or the unscaled signed 9-bit one (AsmJit picks ldur/stur for the latter).
bool isDirectOffset(int64_t offset, uint32_t size) {
  if (offset >= -256 && offset <= 255) return true;
  return offset >= 0 && offset % size == 0 && offset / size <= 4095;
}

// movz/movk for the frame size, rewritten in place by setFrameSize (x16, hw 0 and 1).
constexpr uint32_t kMovzX16 = 0xd2800000u | 16u;
constexpr uint32_t kMovkX16Lsl16 = 0xf2a00000u | 16u;

}  // namespace

struct MacroAssembler::Impl {
  Impl(asmjit::CodeHolder& code, TrapLabels& traps, CodegenOptions options)
      : code(code), a(&code), traps(traps), options(options), simd(a) {}

  asmjit::CodeHolder& code;
  a64::Assembler a;
  TrapLabels& traps;
  CodegenOptions options;
  arm64::SimdArm64 simd;
  size_t frameSizePatch = 0;
  // b.cond, cbz and cbnz reach +-1 MiB. A function whose code is larger is compiled again
  // with this set: each such branch becomes the inverted branch over a `b` (+-128 MiB).
  bool longBranches = false;

  Label trap(TrapCode c) { return traps.trapLabel(c); }

  // Branches to a label that may be far away (a wasm label or a trap label).
  void bcond(CondCode cond, Label target) {
    if (!longBranches) {
      a.b(cond, target);
      return;
    }
    Label skip = a.newLabel();
    a.b(asmjit::arm::negateCond(cond), skip);
    a.b(target);
    a.bind(skip);
  }
  // cbz (ifZero) or cbnz.
  void branchOnZero(const a64::Gp& r, bool ifZero, Label target) {
    auto emit = [&](bool zero, Label to) { zero ? a.cbz(r, to) : a.cbnz(r, to); };
    if (!longBranches) {
      emit(ifZero, target);
      return;
    }
    Label skip = a.newLabel();
    emit(!ifZero, skip);
    a.b(target);
    a.bind(skip);
  }

  a64::Gp gp(Reg r, bool wide) const { return wide ? a64::Gp(X(r)) : a64::Gp(W(r)); }

  // The shortest movz/movn/orr/movk sequence for `v` (its low 32 bits when !wide; a W write
  // zero-extends, which keeps the i32 invariant).
  void movImm(const a64::Gp& dst, uint64_t v, bool wide) {
    a64::Gp r = wide ? a64::Gp(dst.x()) : a64::Gp(dst.w());
    if (!wide) v &= 0xffffffffu;
    const uint32_t halves = wide ? 4 : 2;
    uint32_t zeroHalves = 0, onesHalves = 0;
    for (uint32_t k = 0; k < halves; ++k) {
      uint32_t h = static_cast<uint32_t>(v >> (16 * k)) & 0xffff;
      zeroHalves += h == 0;
      onesHalves += h == 0xffff;
    }
    // One instruction if possible: movz, movn, or orr with a logical immediate.
    if (zeroHalves + 1 >= halves || onesHalves + 1 >= halves) {
      const bool inverted = zeroHalves + 1 < halves;
      const uint16_t skip = inverted ? 0xffff : 0;
      uint32_t k = 0;
      while (k + 1 < halves && ((v >> (16 * k)) & 0xffff) == skip) ++k;
      uint32_t h = static_cast<uint32_t>(v >> (16 * k)) & 0xffff;
      if (inverted)
        a.movn(r, Imm(~h & 0xffff), Imm(16 * k));
      else
        a.movz(r, Imm(h), Imm(16 * k));
      return;
    }
    if (isLogicalImm(v, wide)) {
      a.orr(r, wide ? a64::Gp(a64::xzr) : a64::Gp(a64::wzr), Imm(v));
      return;
    }
    // movn when more halves are all-ones than zero: the skipped halves come out as 0xffff.
    bool inverted = onesHalves > zeroHalves;
    uint16_t skip = inverted ? 0xffff : 0;
    bool first = true;
    for (uint32_t k = 0; k < halves; ++k) {
      uint32_t h = static_cast<uint32_t>(v >> (16 * k)) & 0xffff;
      if (h == skip) continue;
      if (first) {
        if (inverted)
          a.movn(r, Imm(~h & 0xffff), Imm(16 * k));
        else
          a.movz(r, Imm(h), Imm(16 * k));
        first = false;
      } else {
        a.movk(r, Imm(h), Imm(16 * k));
      }
    }
  }

  a64::Gp baseOf(const Address& addr) const {
    switch (addr.base) {
      case Address::Base::Frame:
        return a64::x29;
      case Address::Base::Stack:
        return a64::sp;
      case Address::Base::Reg:
        return X(addr.reg);
    }
    return a64::x29;
  }

  // Operand for `addr`, for an access of `size` bytes; may use x16 (never x17).
  a64::Mem mem(const Address& addr, uint32_t size) {
    a64::Gp base = baseOf(addr);
    if (isDirectOffset(addr.offset, size)) return a64::ptr(base, addr.offset);
    movImm(kScratch, static_cast<uint64_t>(static_cast<int64_t>(addr.offset)), true);
    return a64::ptr(base, kScratch);
  }

  // dst = src + imm (64-bit or 32-bit), through x16 when no add/sub immediate encodes it.
  void addImm(const a64::Gp& dst, const a64::Gp& src, uint64_t imm, bool wide) {
    uint64_t mask = wide ? ~uint64_t{0} : 0xffffffffu;
    uint64_t v = imm & mask, neg = (0 - imm) & mask;
    if (isAddSubImm(v)) {
      a.add(dst, src, Imm(v));
    } else if (isAddSubImm(neg)) {
      a.sub(dst, src, Imm(neg));
    } else {
      movImm(kScratch, v, wide);
      a.add(dst, src, wide ? a64::Gp(kScratch) : a64::Gp(kScratch.w()));
    }
  }

  // Sets the flags for lhs - imm.
  void cmpImm(const a64::Gp& lhs, uint64_t imm, bool wide) {
    uint64_t mask = wide ? ~uint64_t{0} : 0xffffffffu;
    uint64_t v = imm & mask, neg = (0 - imm) & mask;
    uint64_t signBit = wide ? uint64_t{1} << 63 : uint64_t{1} << 31;
    if (isAddSubImm(v)) {
      a.cmp(lhs, Imm(v));
    } else if (v != 0 && v != signBit && isAddSubImm(neg)) {
      // lhs + (-imm) sets the same flags as lhs - imm except for 0 and the minimum, excluded.
      a.cmn(lhs, Imm(neg));
    } else {
      movImm(kScratch, v, wide);
      a.cmp(lhs, wide ? a64::Gp(kScratch) : a64::Gp(kScratch.w()));
    }
  }

  void loadFpConst(uint32_t vec, bool wide, uint64_t bits) {
    if (bits == 0) {
      if (wide)
        a.fmov(a64::d(vec), a64::xzr);
      else
        a.fmov(a64::s(vec), a64::wzr);
      return;
    }
    movImm(kScratch, bits, wide);
    if (wide)
      a.fmov(a64::d(vec), kScratch);
    else
      a.fmov(a64::s(vec), kScratch.w());
  }

  // Memory operand for memory0[index + offset], after the explicit bounds check if enabled.
  a64::Mem linearAddress(Reg index, uint64_t offset, uint32_t size) {
    if (options.explicitBoundsChecks) {
      a.ldr(kScratch, a64::ptr(kCtx, offsetof(vm::VMContext, memory)));
      a.ldr(kScratch, a64::ptr(kScratch, offsetof(vm::VMMemory, sizeBytes)));
      movImm(kScratch2, offset + size, true);
      if (index.valid()) a.add(kScratch2, kScratch2, X(index));
      a.cmp(kScratch2, kScratch);
      bcond(CondCode::kHI, trap(TrapCode::MemoryOutOfBounds));
    }
    if (!index.valid()) {
      if (offset < 4096 * uint64_t{size} && isDirectOffset(static_cast<int64_t>(offset), size)) {
        return a64::ptr(kMemBase, static_cast<int32_t>(offset));
      }
      movImm(kScratch, offset, true);
      return a64::ptr(kMemBase, kScratch);
    }
    if (offset == 0) return a64::ptr(kMemBase, X(index));
    a.add(kScratch, kMemBase, X(index));
    if (offset < 4096 * uint64_t{size} && isDirectOffset(static_cast<int64_t>(offset), size)) {
      return a64::ptr(kScratch, static_cast<int32_t>(offset));
    }
    movImm(kScratch2, offset, true);
    return a64::ptr(kScratch, kScratch2);
  }

  void fpCompareSet(Opcode op, Reg dst, Reg lhs, Reg rhs);
  void divRem(Opcode op, Reg dst, Reg lhs, Reg rhs);
  void truncate(const TruncSpec& s, Reg dst, Reg src);
};

MacroAssembler::MacroAssembler(asmjit::CodeHolder& code, TrapLabels& traps, CodegenOptions options)
    : impl_(std::make_unique<Impl>(code, traps, options)) {}
MacroAssembler::~MacroAssembler() = default;

std::span<const Reg> MacroAssembler::allocatableGp() { return kGpRegs; }
std::span<const Reg> MacroAssembler::allocatableFp() { return kFpRegs; }
std::span<const Reg> MacroAssembler::localHomesGp() { return kHomeGp; }
std::span<const Reg> MacroAssembler::localHomesFp() { return kHomeFp; }
Reg MacroAssembler::cArgGp(uint32_t index) {
  return Reg{static_cast<uint8_t>(index), RegClass::Gp};
}
Reg MacroAssembler::cReturnGp() { return Reg{0, RegClass::Gp}; }
size_t MacroAssembler::offset() const { return impl_->a.offset(); }

// --- Frames ----------------------------------------------------------------------------------

void MacroAssembler::prologue(bool loadMemoryBase) {
  a64::Assembler& a = impl_->a;
  a.stp(a64::x29, a64::x30, a64::ptr_pre(a64::sp, -16));
  a.mov(a64::x29, a64::sp);
  // The saved context at [fp + kSavedContextOffset] (and a zero pad), pushed before the check
  // so that a trap in it finds the context where every frame keeps it.
  a.stp(a64::xzr, kCtx, a64::ptr_pre(a64::sp, -16));
  impl_->frameSizePatch = a.offset();
  a.movz(kScratch, Imm(0));  // both rewritten by setFrameSize: the frame minus those 16 bytes
  a.movk(kScratch, Imm(0), Imm(16));
  emitStackCheck();
  a.sub(a64::sp, a64::sp, kScratch);
  if (loadMemoryBase) reloadMemoryBase();
}

// Traps with CallStackExhausted unless the rest of the frame (x16) fits above the activation's
// stack limit, before sp moves: checking after taking a frame of megabytes ran the trap path
// far past the end of the thread's stack. Compares sp with limit + frame, which cannot wrap.
// No stack probing, even for frames far larger than a guard page: the limit is never lower
// than kNativeStackHeadroom above the low end the thread reports (pthread_getattr_np), so a
// frame that passes this check lies wholly inside mapped (or growable main-thread) stack and
// never needs to touch the guard gap page by page. Probing would only matter if the limit could
// sit below the guard region, which callWasm rules out.
void MacroAssembler::emitStackCheck() {
  a64::Assembler& a = impl_->a;
  a.ldr(kScratch2, a64::ptr(kCtx, offsetof(vm::VMContext, activation)));
  a.ldr(kScratch2, a64::ptr(kScratch2, offsetof(vm::VMActivation, stackLimit)));
  a.add(kScratch2, kScratch2, kScratch);
  a.cmp(a64::sp, kScratch2);
  impl_->bcond(CondCode::kLO, impl_->trap(TrapCode::CallStackExhausted));
}

void MacroAssembler::setFrameSize(uint32_t bytes) {
  bytes -= 16;  // the saved context and its pad are pushed already
  asmjit::CodeBuffer& buf = impl_->code.textSection()->buffer();
  const uint32_t words[2] = {kMovzX16 | ((bytes & 0xffff) << 5),
                             kMovkX16Lsl16 | ((bytes >> 16) << 5)};
  std::memcpy(buf.data() + impl_->frameSizePatch, words, sizeof(words));
}

void MacroAssembler::epilogueAndReturn() {
  a64::Assembler& a = impl_->a;
  a.mov(a64::sp, a64::x29);
  a.ldp(a64::x29, a64::x30, a64::ptr_post(a64::sp, 16));
  a.ret(a64::x30);
}

// --- Moves -----------------------------------------------------------------------------------

void MacroAssembler::move(ValType type, Reg dst, Reg src) {
  if (dst == src) return;
  a64::Assembler& a = impl_->a;
  if (dst.cls == RegClass::Fp) {
    a.mov(Q(dst).b16(), Q(src).b16());
  } else if (type == ValType::I32) {
    a.mov(W(dst), W(src));
  } else {
    a.mov(X(dst), X(src));
  }
}

void MacroAssembler::loadConstant(ValType type, Reg dst, uint64_t bits, uint64_t bitsHigh) {
  a64::Assembler& a = impl_->a;
  switch (type) {
    case ValType::I32:
      impl_->movImm(X(dst), bits, false);
      break;
    case ValType::F32:
      impl_->loadFpConst(dst.code, false, static_cast<uint32_t>(bits));
      break;
    case ValType::F64:
      impl_->loadFpConst(dst.code, true, bits);
      break;
    case ValType::V128:
      impl_->loadFpConst(dst.code, true, bits);
      impl_->movImm(kScratch, bitsHigh, true);
      a.mov(Q(dst).d(1), kScratch);
      break;
    default:
      impl_->movImm(X(dst), bits, true);
      break;
  }
}

void MacroAssembler::load(ValType type, Reg dst, Address src) {
  a64::Assembler& a = impl_->a;
  a64::Mem m = impl_->mem(src, valueSize(type));
  switch (type) {
    case ValType::I32:
      a.ldr(W(dst), m);
      break;
    case ValType::F32:
      a.ldr(S(dst), m);
      break;
    case ValType::F64:
      a.ldr(D(dst), m);
      break;
    case ValType::V128:
      a.ldr(a64::VecV(dst.code), m);
      break;
    default:
      a.ldr(X(dst), m);
      break;
  }
}

void MacroAssembler::store(ValType type, Address dst, Reg src) {
  a64::Assembler& a = impl_->a;
  a64::Mem m = impl_->mem(dst, valueSize(type));
  switch (type) {
    case ValType::I32:
      a.str(W(src), m);
      break;
    case ValType::F32:
      a.str(S(src), m);
      break;
    case ValType::F64:
      a.str(D(src), m);
      break;
    case ValType::V128:
      a.str(a64::VecV(src.code), m);
      break;
    default:
      a.str(X(src), m);
      break;
  }
}

void MacroAssembler::storeConstant(ValType type, Address dst, uint64_t bits, uint64_t bitsHigh) {
  a64::Assembler& a = impl_->a;
  auto store = [&](Address at, uint64_t v, bool wide) {
    a64::Gp value = wide ? a64::Gp(a64::xzr) : a64::Gp(a64::wzr);
    if ((wide ? v : (v & 0xffffffffu)) != 0) {
      impl_->movImm(kScratch2, v, wide);
      value = wide ? a64::Gp(kScratch2) : a64::Gp(kScratch2.w());
    }
    a.str(value, impl_->mem(at, wide ? 8 : 4));
  };
  if (!is64(type)) {
    store(dst, bits, false);
    return;
  }
  store(dst, bits, true);
  if (type == ValType::V128) {
    Address hi = dst;
    hi.offset += 8;
    store(hi, bitsHigh, true);
  }
}

void MacroAssembler::copy(ValType type, Address dst, Address src) {
  a64::Assembler& a = impl_->a;
  if (type == ValType::V128) {
    a.ldr(a64::VecV(kFpScratch), impl_->mem(src, 16));
    a.str(a64::VecV(kFpScratch), impl_->mem(dst, 16));
  } else if (is64(type)) {
    a.ldr(kScratch2, impl_->mem(src, 8));
    a.str(kScratch2, impl_->mem(dst, 8));
  } else {
    a.ldr(kScratch2.w(), impl_->mem(src, 4));
    a.str(kScratch2.w(), impl_->mem(dst, 4));
  }
}

void MacroAssembler::loadPointer(Reg dst, Address src) { impl_->a.ldr(X(dst), impl_->mem(src, 8)); }

void MacroAssembler::loadFromContext(Reg dst, int32_t off) {
  impl_->a.ldr(X(dst), impl_->mem(Address{Address::Base::Reg, Reg{21, RegClass::Gp}, off}, 8));
}

void MacroAssembler::addressOf(Reg dst, Address src) {
  impl_->addImm(X(dst), impl_->baseOf(src), static_cast<uint64_t>(static_cast<int64_t>(src.offset)),
                true);
}

void MacroAssembler::addPointerImmediate(Reg dst, int64_t imm) {
  impl_->addImm(X(dst), X(dst), static_cast<uint64_t>(imm), true);
}

void MacroAssembler::moveContext(Reg dst) { impl_->a.mov(X(dst), kCtx); }

void MacroAssembler::loadPointerIndexed(Reg dst, Reg base, Reg index) {
  impl_->a.ldr(X(dst), a64::ptr(X(base), X(index), a64::lsl(3)));
}

void MacroAssembler::storePointerIndexed(Reg base, Reg index, Reg value) {
  impl_->a.str(X(value), a64::ptr(X(base), X(index), a64::lsl(3)));
}

void MacroAssembler::zeroFrame(int32_t off, uint32_t bytes) {
  a64::Assembler& a = impl_->a;
  // stp reaches [-512, 504] from fp; beyond that, or for many slots, a loop over a pointer.
  if (bytes <= 256 && off >= -512 && off + static_cast<int32_t>(bytes) <= 512) {
    uint32_t k = 0;
    for (; k + 16 <= bytes; k += 16) {
      a.stp(a64::xzr, a64::xzr, a64::ptr(a64::x29, off + static_cast<int32_t>(k)));
    }
    if (k < bytes) a.str(a64::xzr, a64::ptr(a64::x29, off + static_cast<int32_t>(k)));
    return;
  }
  impl_->addImm(kScratch, a64::x29, static_cast<uint64_t>(static_cast<int64_t>(off)), true);
  if (bytes >= 16) {
    Label loop = a.newLabel();
    impl_->movImm(kScratch2, bytes / 16, true);
    a.bind(loop);
    a.stp(a64::xzr, a64::xzr, a64::ptr_post(kScratch, 16));
    a.subs(kScratch2, kScratch2, Imm(1));
    a.b(CondCode::kNE, loop);
  }
  if (bytes % 16 != 0) a.str(a64::xzr, a64::ptr(kScratch));
}

// --- Operators -------------------------------------------------------------------------------

bool MacroAssembler::acceptsImmediate(Opcode op, int64_t /*imm*/) const {
  // Every integer constant is accepted: what does not encode goes through x16, which costs
  // no allocatable register.
  Condition c;
  bool wide;
  if (integerCompareCondition(op, c, wide)) return true;
  switch (op) {
    case Opcode::I32Add:
    case Opcode::I32Sub:
    case Opcode::I32Mul:
    case Opcode::I32And:
    case Opcode::I32Or:
    case Opcode::I32Xor:
    case Opcode::I32Shl:
    case Opcode::I32ShrS:
    case Opcode::I32ShrU:
    case Opcode::I32Rotl:
    case Opcode::I32Rotr:
    case Opcode::I64Add:
    case Opcode::I64Sub:
    case Opcode::I64Mul:
    case Opcode::I64And:
    case Opcode::I64Or:
    case Opcode::I64Xor:
    case Opcode::I64Shl:
    case Opcode::I64ShrS:
    case Opcode::I64ShrU:
    case Opcode::I64Rotl:
    case Opcode::I64Rotr:
      return true;
    default:
      return false;
  }
}

void MacroAssembler::emitBinaryImm(Opcode op, Reg dst, Reg lhs, int64_t rhs) {
  a64::Assembler& a = impl_->a;
  Condition cond;
  bool wide;
  if (integerCompareCondition(op, cond, wide)) {
    impl_->cmpImm(impl_->gp(lhs, wide), static_cast<uint64_t>(rhs), wide);
    a.cset(W(dst), cc(condCode(cond)));
    return;
  }
  wide = static_cast<uint16_t>(op) > static_cast<uint16_t>(Opcode::I32Rotr);
  a64::Gp r = impl_->gp(dst, wide), l = impl_->gp(lhs, wide);
  a64::Gp scratch = wide ? a64::Gp(kScratch) : a64::Gp(kScratch.w());
  const uint64_t v = wide ? static_cast<uint64_t>(rhs) : static_cast<uint32_t>(rhs);
  const uint32_t width = wide ? 64 : 32;
  const uint32_t shift = static_cast<uint32_t>(rhs) & (width - 1);
  switch (op) {
    case Opcode::I32Add:
    case Opcode::I64Add:
      impl_->addImm(r, l, v, wide);
      return;
    case Opcode::I32Sub:
    case Opcode::I64Sub:
      impl_->addImm(r, l, 0 - v, wide);
      return;
    case Opcode::I32Mul:
    case Opcode::I64Mul:
      impl_->movImm(kScratch, v, wide);
      a.mul(r, l, scratch);
      return;
    case Opcode::I32And:
    case Opcode::I64And:
    case Opcode::I32Or:
    case Opcode::I64Or:
    case Opcode::I32Xor:
    case Opcode::I64Xor: {
      bool encodable = isLogicalImm(v, wide);
      if (!encodable) impl_->movImm(kScratch, v, wide);
      if (op == Opcode::I32And || op == Opcode::I64And) {
        if (encodable)
          a.and_(r, l, Imm(v));
        else
          a.and_(r, l, scratch);
      } else if (op == Opcode::I32Or || op == Opcode::I64Or) {
        if (encodable)
          a.orr(r, l, Imm(v));
        else
          a.orr(r, l, scratch);
      } else {
        if (encodable)
          a.eor(r, l, Imm(v));
        else
          a.eor(r, l, scratch);
      }
      return;
    }
    case Opcode::I32Shl:
    case Opcode::I64Shl:
      a.lsl(r, l, Imm(shift));
      return;
    case Opcode::I32ShrS:
    case Opcode::I64ShrS:
      a.asr(r, l, Imm(shift));
      return;
    case Opcode::I32ShrU:
    case Opcode::I64ShrU:
      a.lsr(r, l, Imm(shift));
      return;
    case Opcode::I32Rotl:
    case Opcode::I64Rotl:
      a.ror(r, l, Imm((width - shift) & (width - 1)));
      return;
    case Opcode::I32Rotr:
    case Opcode::I64Rotr:
      a.ror(r, l, Imm(shift));
      return;
    default:
      return;
  }
}

void MacroAssembler::Impl::divRem(Opcode op, Reg dst, Reg lhs, Reg rhs) {
  bool wide = op == Opcode::I64DivS || op == Opcode::I64DivU || op == Opcode::I64RemS ||
              op == Opcode::I64RemU;
  bool isSigned = op == Opcode::I32DivS || op == Opcode::I64DivS || op == Opcode::I32RemS ||
                  op == Opcode::I64RemS;
  bool isRem = op == Opcode::I32RemS || op == Opcode::I32RemU || op == Opcode::I64RemS ||
               op == Opcode::I64RemU;
  a64::Gp d = gp(dst, wide), l = gp(lhs, wide), r = gp(rhs, wide);
  a64::Gp q = wide ? a64::Gp(kScratch) : a64::Gp(kScratch.w());
  branchOnZero(r, true, trap(TrapCode::IntegerDivideByZero));
  if (isRem) {
    // sdiv gives INT_MIN for INT_MIN / -1 without trapping, and msub then yields 0, which is
    // what rem_s wants: no special case for -1.
    if (isSigned)
      a.sdiv(q, l, r);
    else
      a.udiv(q, l, r);
    a.msub(d, q, r, l);
    return;
  }
  if (isSigned) {
    // INT_MIN / -1 overflows: lhs - 1 overflows exactly when lhs is INT_MIN.
    Label normal = a.newLabel();
    a.cmn(r, Imm(1));
    a.b(CondCode::kNE, normal);
    a.cmp(l, Imm(1));
    bcond(CondCode::kVS, trap(TrapCode::IntegerOverflow));
    a.bind(normal);
    a.sdiv(d, l, r);
  } else {
    a.udiv(d, l, r);
  }
}

void MacroAssembler::Impl::fpCompareSet(Opcode op, Reg dst, Reg lhs, Reg rhs) {
  bool f64 = static_cast<uint16_t>(op) >= static_cast<uint16_t>(Opcode::F64Eq);
  if (f64)
    a.fcmp(D(lhs), D(rhs));
  else
    a.fcmp(S(lhs), S(rhs));
  // Unordered sets C and V: eq/mi/ls/gt/ge are false on it and ne true, as wasm requires.
  CondCode c = CondCode::kEQ;
  switch (op) {
    case Opcode::F32Eq:
    case Opcode::F64Eq:
      c = CondCode::kEQ;
      break;
    case Opcode::F32Ne:
    case Opcode::F64Ne:
      c = CondCode::kNE;
      break;
    case Opcode::F32Lt:
    case Opcode::F64Lt:
      c = CondCode::kMI;
      break;
    case Opcode::F32Gt:
    case Opcode::F64Gt:
      c = CondCode::kGT;
      break;
    case Opcode::F32Le:
    case Opcode::F64Le:
      c = CondCode::kLS;
      break;
    default:
      c = CondCode::kGE;
      break;
  }
  a.cset(W(dst), cc(c));
}

void MacroAssembler::emitBinary(Opcode op, Reg dst, Reg lhs, Reg rhs) {
  a64::Assembler& a = impl_->a;
  if (isSimd(op)) {
    impl_->simd.binary(op, dst.code, lhs.code, rhs.code);
    return;
  }
  Condition cond;
  bool wide;
  if (integerCompareCondition(op, cond, wide)) {
    a.cmp(impl_->gp(lhs, wide), impl_->gp(rhs, wide));
    a.cset(W(dst), cc(condCode(cond)));
    return;
  }
  switch (op) {
    case Opcode::I32DivS:
    case Opcode::I32DivU:
    case Opcode::I32RemS:
    case Opcode::I32RemU:
    case Opcode::I64DivS:
    case Opcode::I64DivU:
    case Opcode::I64RemS:
    case Opcode::I64RemU:
      impl_->divRem(op, dst, lhs, rhs);
      return;
    case Opcode::F32Eq:
    case Opcode::F32Ne:
    case Opcode::F32Lt:
    case Opcode::F32Gt:
    case Opcode::F32Le:
    case Opcode::F32Ge:
    case Opcode::F64Eq:
    case Opcode::F64Ne:
    case Opcode::F64Lt:
    case Opcode::F64Gt:
    case Opcode::F64Le:
    case Opcode::F64Ge:
      impl_->fpCompareSet(op, dst, lhs, rhs);
      return;
      // fmin/fmax already propagate NaN and order -0 below +0, as wasm requires.
#define SABLE_FP_BINARY(o32, o64, insn) \
  case Opcode::o32:                     \
    a.insn(S(dst), S(lhs), S(rhs));     \
    return;                             \
  case Opcode::o64:                     \
    a.insn(D(dst), D(lhs), D(rhs));     \
    return;
      SABLE_FP_BINARY(F32Add, F64Add, fadd)
      SABLE_FP_BINARY(F32Sub, F64Sub, fsub)
      SABLE_FP_BINARY(F32Mul, F64Mul, fmul)
      SABLE_FP_BINARY(F32Div, F64Div, fdiv)
      SABLE_FP_BINARY(F32Min, F64Min, fmin)
      SABLE_FP_BINARY(F32Max, F64Max, fmax)
#undef SABLE_FP_BINARY
    case Opcode::F32Copysign:
      // Integer bit moves, so NaN payloads pass through unchanged.
      a.fmov(kScratch.w(), S(lhs));
      a.fmov(kScratch2.w(), S(rhs));
      a.bfxil(kScratch2.w(), kScratch.w(), Imm(0), Imm(31));
      a.fmov(S(dst), kScratch2.w());
      return;
    case Opcode::F64Copysign:
      a.fmov(kScratch, D(lhs));
      a.fmov(kScratch2, D(rhs));
      a.bfxil(kScratch2, kScratch, Imm(0), Imm(63));
      a.fmov(D(dst), kScratch2);
      return;
    default:
      break;
  }
  wide = static_cast<uint16_t>(op) > static_cast<uint16_t>(Opcode::I32Rotr);
  a64::Gp d = impl_->gp(dst, wide), l = impl_->gp(lhs, wide), r = impl_->gp(rhs, wide);
  switch (op) {
    case Opcode::I32Add:
    case Opcode::I64Add:
      a.add(d, l, r);
      return;
    case Opcode::I32Sub:
    case Opcode::I64Sub:
      a.sub(d, l, r);
      return;
    case Opcode::I32Mul:
    case Opcode::I64Mul:
      a.mul(d, l, r);
      return;
    case Opcode::I32And:
    case Opcode::I64And:
      a.and_(d, l, r);
      return;
    case Opcode::I32Or:
    case Opcode::I64Or:
      a.orr(d, l, r);
      return;
    case Opcode::I32Xor:
    case Opcode::I64Xor:
      a.eor(d, l, r);
      return;
    // Shifts by register use the amount modulo the width, as wasm does.
    case Opcode::I32Shl:
    case Opcode::I64Shl:
      a.lsl(d, l, r);
      return;
    case Opcode::I32ShrS:
    case Opcode::I64ShrS:
      a.asr(d, l, r);
      return;
    case Opcode::I32ShrU:
    case Opcode::I64ShrU:
      a.lsr(d, l, r);
      return;
    case Opcode::I32Rotr:
    case Opcode::I64Rotr:
      a.ror(d, l, r);
      return;
    case Opcode::I32Rotl:
    case Opcode::I64Rotl: {
      a64::Gp n = wide ? a64::Gp(kScratch) : a64::Gp(kScratch.w());
      a.neg(n, r);
      a.ror(d, l, n);
      return;
    }
    default:
      return;
  }
}

void MacroAssembler::Impl::truncate(const TruncSpec& s, Reg dstReg, Reg srcReg) {
  a64::Gp dst = gp(dstReg, s.to64);
  a64::Vec src = s.fromF64 ? a64::Vec(D(srcReg)) : a64::Vec(S(srcReg));
  if (!s.saturating) {
    a64::Vec bound = s.fromF64 ? a64::Vec(a64::d(kFpScratch)) : a64::Vec(a64::s(kFpScratch));
    a.fcmp(src, src);
    bcond(CondCode::kVS, trap(TrapCode::InvalidConversionToInteger));
    loadFpConst(kFpScratch, s.fromF64, fpBits(s.lo, s.fromF64));
    a.fcmp(src, bound);
    bcond(s.loInclusive ? CondCode::kLO : CondCode::kLS, trap(TrapCode::IntegerOverflow));
    loadFpConst(kFpScratch, s.fromF64, fpBits(s.hi, s.fromF64));
    a.fcmp(src, bound);
    bcond(CondCode::kGE, trap(TrapCode::IntegerOverflow));
  }
  // In range, or saturating: fcvtz* rounds toward zero, saturates, and gives 0 for NaN.
  if (s.isSigned)
    a.fcvtzs(dst, src);
  else
    a.fcvtzu(dst, src);
}

void MacroAssembler::emitUnary(Opcode op, Reg dst, Reg src) {
  a64::Assembler& a = impl_->a;
  if (isSimd(op)) {
    impl_->simd.unary(op, dst.code, src.code);
    return;
  }
  if (const std::optional<TruncSpec> spec = truncSpec(op)) {
    impl_->truncate(*spec, dst, src);
    return;
  }
  switch (op) {
    case Opcode::I32Eqz:
      a.cmp(W(src), Imm(0));
      a.cset(W(dst), cc(CondCode::kEQ));
      return;
    case Opcode::I64Eqz:
      a.cmp(X(src), Imm(0));
      a.cset(W(dst), cc(CondCode::kEQ));
      return;
    case Opcode::I32Clz:
      a.clz(W(dst), W(src));
      return;
    case Opcode::I64Clz:
      a.clz(X(dst), X(src));
      return;
    case Opcode::I32Ctz:
      a.rbit(kScratch.w(), W(src));
      a.clz(W(dst), kScratch.w());
      return;
    case Opcode::I64Ctz:
      a.rbit(kScratch, X(src));
      a.clz(X(dst), kScratch);
      return;
    case Opcode::I32Popcnt:
    case Opcode::I64Popcnt: {
      // No scalar popcount before FEAT_CSSC: count bits per byte in a vector, then add.
      a64::VecV v = a64::VecV(kFpScratch);
      if (op == Opcode::I64Popcnt)
        a.fmov(a64::d(kFpScratch), X(src));
      else
        a.fmov(a64::s(kFpScratch), W(src));
      a.cnt(v.b8(), v.b8());
      a.addv(a64::VecB(kFpScratch), v.b8());
      a.fmov(W(dst), a64::s(kFpScratch));
      return;
    }
    case Opcode::I32Extend8S:
      a.sxtb(W(dst), W(src));
      return;
    case Opcode::I32Extend16S:
      a.sxth(W(dst), W(src));
      return;
    case Opcode::I64Extend8S:
      a.sxtb(X(dst), W(src));
      return;
    case Opcode::I64Extend16S:
      a.sxth(X(dst), W(src));
      return;
    case Opcode::I64Extend32S:
    case Opcode::I64ExtendI32S:
      a.sxtw(X(dst), W(src));
      return;
    case Opcode::I32WrapI64:
    case Opcode::I64ExtendI32U:
      a.mov(W(dst), W(src));
      return;
    // Sign-bit operations on the FP registers never touch NaN payloads.
    case Opcode::F32Abs:
      a.fabs(S(dst), S(src));
      return;
    case Opcode::F64Abs:
      a.fabs(D(dst), D(src));
      return;
    case Opcode::F32Neg:
      a.fneg(S(dst), S(src));
      return;
    case Opcode::F64Neg:
      a.fneg(D(dst), D(src));
      return;
    case Opcode::F32Ceil:
      a.frintp(S(dst), S(src));
      return;
    case Opcode::F64Ceil:
      a.frintp(D(dst), D(src));
      return;
    case Opcode::F32Floor:
      a.frintm(S(dst), S(src));
      return;
    case Opcode::F64Floor:
      a.frintm(D(dst), D(src));
      return;
    case Opcode::F32Trunc:
      a.frintz(S(dst), S(src));
      return;
    case Opcode::F64Trunc:
      a.frintz(D(dst), D(src));
      return;
    case Opcode::F32Nearest:
      a.frintn(S(dst), S(src));
      return;
    case Opcode::F64Nearest:
      a.frintn(D(dst), D(src));
      return;
    case Opcode::F32Sqrt:
      a.fsqrt(S(dst), S(src));
      return;
    case Opcode::F64Sqrt:
      a.fsqrt(D(dst), D(src));
      return;
    case Opcode::F32ConvertI32S:
      a.scvtf(S(dst), W(src));
      return;
    case Opcode::F32ConvertI32U:
      a.ucvtf(S(dst), W(src));
      return;
    case Opcode::F32ConvertI64S:
      a.scvtf(S(dst), X(src));
      return;
    case Opcode::F32ConvertI64U:
      a.ucvtf(S(dst), X(src));
      return;
    case Opcode::F64ConvertI32S:
      a.scvtf(D(dst), W(src));
      return;
    case Opcode::F64ConvertI32U:
      a.ucvtf(D(dst), W(src));
      return;
    case Opcode::F64ConvertI64S:
      a.scvtf(D(dst), X(src));
      return;
    case Opcode::F64ConvertI64U:
      a.ucvtf(D(dst), X(src));
      return;
    case Opcode::F32DemoteF64:
      a.fcvt(S(dst), D(src));
      return;
    case Opcode::F64PromoteF32:
      a.fcvt(D(dst), S(src));
      return;
    case Opcode::I32ReinterpretF32:
      a.fmov(W(dst), S(src));
      return;
    case Opcode::I64ReinterpretF64:
      a.fmov(X(dst), D(src));
      return;
    case Opcode::F32ReinterpretI32:
      a.fmov(S(dst), W(src));
      return;
    case Opcode::F64ReinterpretI64:
      a.fmov(D(dst), X(src));
      return;
    default:
      return;
  }
}

void MacroAssembler::emitSelect(ValType type, Reg dst, Reg ifTrue, Reg ifFalse, Reg cond) {
  a64::Assembler& a = impl_->a;
  a.cmp(W(cond), Imm(0));
  switch (type) {
    case ValType::I32:
      a.csel(W(dst), W(ifTrue), W(ifFalse), cc(CondCode::kNE));
      return;
    case ValType::F32:
      a.fcsel(S(dst), S(ifTrue), S(ifFalse), cc(CondCode::kNE));
      return;
    case ValType::F64:
      a.fcsel(D(dst), D(ifTrue), D(ifFalse), cc(CondCode::kNE));
      return;
    case ValType::V128: {
      Label done = a.newLabel(), takeFalse = a.newLabel();
      a.b(CondCode::kEQ, takeFalse);
      move(type, dst, ifTrue);
      a.b(done);
      a.bind(takeFalse);
      move(type, dst, ifFalse);
      a.bind(done);
      return;
    }
    default:
      a.csel(X(dst), X(ifTrue), X(ifFalse), cc(CondCode::kNE));
      return;
  }
}

// --- SIMD ------------------------------------------------------------------------------------

bool MacroAssembler::supportsSimd() const { return true; }  // NEON is part of ARMv8-A
bool MacroAssembler::emitsSimd(Opcode) const { return true; }

void MacroAssembler::emitTernary(Opcode /*op: v128.bitselect*/, Reg dst, Reg a, Reg b, Reg c) {
  impl_->simd.bitselect(dst.code, a.code, b.code, c.code);
}

void MacroAssembler::emitExtractLane(Opcode op, Reg dst, Reg src, uint8_t lane) {
  impl_->simd.extractLane(op, dst.code, src.code, lane);
}

void MacroAssembler::emitReplaceLane(Opcode op, Reg dst, Reg vector, Reg scalar, uint8_t lane) {
  impl_->simd.replaceLane(op, dst.code, vector.code, scalar.code, lane);
}

void MacroAssembler::emitShuffle(Reg dst, Reg lhs, Reg rhs, const uint8_t* lanes) {
  impl_->simd.shuffle(dst.code, lhs.code, rhs.code, lanes);
}

void MacroAssembler::emitLoadLane(Opcode op, Reg vector, Reg index, uint64_t off, uint8_t lane) {
  const a64::Mem m = impl_->linearAddress(index, off, operatorFacts(op).accessSize());
  impl_->simd.loadLane(op, vector.code, m, lane);
}

void MacroAssembler::emitStoreLane(Opcode op, Reg index, uint64_t off, Reg vector, uint8_t lane) {
  const a64::Mem m = impl_->linearAddress(index, off, operatorFacts(op).accessSize());
  impl_->simd.storeLane(op, m, vector.code, lane);
}

// --- Linear memory ---------------------------------------------------------------------------

void MacroAssembler::emitLoad(Opcode op, Reg dst, Reg index, uint64_t off) {
  a64::Assembler& a = impl_->a;
  const OperatorFacts& f = operatorFacts(op);
  a64::Mem m = impl_->linearAddress(index, off, f.accessSize());
  const bool sign = f.extension == Extension::Sign;
  if (f.type == ValType::F32) {
    a.ldr(S(dst), m);
  } else if (f.type == ValType::F64) {
    a.ldr(D(dst), m);
  } else if (f.type == ValType::V128) {
    impl_->simd.load(op, dst.code, m);
  } else if (f.accessSize() == 8) {
    a.ldr(X(dst), m);
  } else if (f.accessSize() == 4) {
    if (sign && f.wide) {
      a.ldrsw(X(dst), m);
    } else {
      a.ldr(W(dst), m);  // writing W clears the upper half
    }
  } else if (f.accessSize() == 2) {
    if (sign) {
      a.ldrsh(impl_->gp(dst, f.wide), m);
    } else {
      a.ldrh(W(dst), m);
    }
  } else if (sign) {
    a.ldrsb(impl_->gp(dst, f.wide), m);
  } else {
    a.ldrb(W(dst), m);
  }
}

void MacroAssembler::emitStore(Opcode op, Reg index, uint64_t off, Reg value) {
  a64::Assembler& a = impl_->a;
  const OperatorFacts& f = operatorFacts(op);
  a64::Mem m = impl_->linearAddress(index, off, f.accessSize());
  if (f.type == ValType::F32) {
    a.str(S(value), m);
  } else if (f.type == ValType::F64) {
    a.str(D(value), m);
  } else if (f.type == ValType::V128) {
    impl_->simd.store(m, value.code);
  } else if (f.accessSize() == 8) {
    a.str(X(value), m);
  } else if (f.accessSize() == 4) {
    a.str(W(value), m);
  } else if (f.accessSize() == 2) {
    a.strh(W(value), m);
  } else {
    a.strb(W(value), m);
  }
}

void MacroAssembler::reloadMemoryBase() {
  impl_->a.ldr(kMemBase, a64::ptr(kCtx, offsetof(vm::VMContext, memory)));
  impl_->a.ldr(kMemBase, a64::ptr(kMemBase, offsetof(vm::VMMemory, base)));
}

// --- Control ---------------------------------------------------------------------------------

Label MacroAssembler::newLabel() { return impl_->a.newLabel(); }
void MacroAssembler::bind(Label label) { impl_->a.bind(label); }
void MacroAssembler::jump(Label target) { impl_->a.b(target); }

// b.cond, cbz and cbnz encode a 19-bit word offset: -1 MiB to 1 MiB - 4.
size_t MacroAssembler::shortBranchFunctionBytes() { return (size_t{1} << 20) - 4; }

void MacroAssembler::setLongBranches(bool on) { impl_->longBranches = on; }

void MacroAssembler::branchIfZero(Reg value, Label target) {
  impl_->branchOnZero(W(value), true, target);
}

void MacroAssembler::branchIfNonZero(Reg value, Label target) {
  impl_->branchOnZero(W(value), false, target);
}

void MacroAssembler::branchCompare(Condition cond, bool wide, Reg lhs, Reg rhs, Label target) {
  impl_->a.cmp(impl_->gp(lhs, wide), impl_->gp(rhs, wide));
  impl_->bcond(condCode(cond), target);
}

void MacroAssembler::branchCompareImm(Condition cond, bool wide, Reg lhs, int32_t rhs,
                                      Label target) {
  impl_->cmpImm(impl_->gp(lhs, wide), static_cast<uint64_t>(static_cast<int64_t>(rhs)), wide);
  impl_->bcond(condCode(cond), target);
}

void MacroAssembler::jumpTable(Reg index, std::span<const Label> targets, Label otherwise) {
  a64::Assembler& a = impl_->a;
  impl_->cmpImm(W(index), targets.size(), false);
  impl_->bcond(CondCode::kHS, otherwise);
  // A table of branches, entered at table + 4 * index (the index is zero-extended).
  Label table = a.newLabel();
  a.adr(kScratch, table);
  a.add(kScratch, kScratch, X(index), a64::lsl(2));
  a.br(kScratch);
  a.bind(table);
  for (Label t : targets) a.b(t);
}

// --- Calls -----------------------------------------------------------------------------------

void MacroAssembler::callLabel(Label target) { impl_->a.bl(target); }

void MacroAssembler::callFuncRef(Reg funcRef) {
  impl_->a.ldr(kCtx, a64::ptr(X(funcRef), offsetof(vm::FuncRef, vmctx)));
  impl_->a.ldr(kScratch, a64::ptr(X(funcRef), offsetof(vm::FuncRef, code)));
  impl_->a.blr(kScratch);
}

void MacroAssembler::callBuiltin(int32_t builtinOffset) {
  impl_->a.ldr(kScratch, a64::ptr(kCtx, offsetof(vm::VMContext, builtins)));
  impl_->a.ldr(kScratch, a64::ptr(kScratch, builtinOffset));
  impl_->a.blr(kScratch);
}

void MacroAssembler::restoreContextRegister() {
  impl_->a.ldr(kCtx, a64::ptr(a64::x29, kSavedContextOffset));
}

// --- Interruption ----------------------------------------------------------------------------

void MacroAssembler::emitInterruptCheck() {
  // One load and branch: whoever advances the epoch sets the flag (runtime/epoch_registry.h).
  const a64::GpW flag = kScratch.w();
  impl_->a.ldr(flag, a64::ptr(kCtx, offsetof(vm::VMContext, interruptRequested)));
  impl_->branchOnZero(flag, /*ifZero=*/false, impl_->trap(TrapCode::Interrupted));
}

void MacroAssembler::emitFuelConsume(uint32_t cost) {
  a64::Assembler& a = impl_->a;
  a.ldr(kScratch, a64::ptr(kCtx, offsetof(vm::VMContext, activation)));
  a.ldr(kScratch2, a64::ptr(kScratch, offsetof(vm::VMActivation, fuelRemaining)));
  if (cost < 4096) {
    a.subs(kScratch2, kScratch2, Imm(cost));
    a.str(kScratch2, a64::ptr(kScratch, offsetof(vm::VMActivation, fuelRemaining)));
  } else {
    // Both scratch registers are taken: the cost goes through the context-relative activation
    // pointer's register after it has been used for the load.
    impl_->movImm(kScratch, cost, true);
    a.subs(kScratch2, kScratch2, kScratch);
    a.ldr(kScratch, a64::ptr(kCtx, offsetof(vm::VMContext, activation)));
    a.str(kScratch2, a64::ptr(kScratch, offsetof(vm::VMActivation, fuelRemaining)));
  }
  // Signed: the fuel left went below zero (the str leaves the flags alone).
  impl_->bcond(CondCode::kLT, impl_->trap(TrapCode::FuelExhausted));
}

void MacroAssembler::emitTrapExit(const void* trapStub, TrapCode code) {
  a64::Assembler& a = impl_->a;
  Label here = a.newLabel();
  a.bind(here);
  a.movz(a64::w0, Imm(static_cast<uint32_t>(code)));
  a.adr(a64::x1, here);
  a.mov(a64::x2, a64::x29);
  impl_->movImm(kScratch, reinterpret_cast<uint64_t>(trapStub), true);
  a.br(kScratch);
}

}  // namespace sable::arch
