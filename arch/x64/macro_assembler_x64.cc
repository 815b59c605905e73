// x86-64 implementation of the MacroAssembler, over AsmJit's x86 Assembler.
//
// Registers: context r14, memory base r15, frame pointer rbp. Allocatable: rbx rsi rdi r8 r9
// r10 r12 r13 and xmm0-xmm13, of which rbx r12 r13 (callee-saved, as in System V) and
// xmm8-xmm13 may instead hold locals. Scratch: rax rcx rdx r11 (division, shifts and C calls
// need the first three anyway) and xmm14, xmm15.
#include <asmjit/x86.h>

#include <array>
#include <cstring>
#include <limits>
#include <optional>

#include "arch/macro_assembler.h"
#include "arch/wasm_operators.h"
#include "arch/x64/fast_assembler.h"
#include "arch/x64/simd_x64.h"
#include "core/operator_facts.h"

namespace sable::arch {

namespace x86 = asmjit::x86;
using asmjit::Label;
using vm::TrapCode;
using x64::Alu;

namespace {

// Temporaries; rbx, r12 and r13 are reserved for locals (they are callee-saved, and a
// function saves only those it uses as homes).
constexpr Reg kGpRegs[] = {
    {6, RegClass::Gp}, {7, RegClass::Gp}, {8, RegClass::Gp}, {9, RegClass::Gp}, {10, RegClass::Gp}};
constexpr Reg kFpRegs[] = {{0, RegClass::Fp},  {1, RegClass::Fp},  {2, RegClass::Fp},
                           {3, RegClass::Fp},  {4, RegClass::Fp},  {5, RegClass::Fp},
                           {6, RegClass::Fp},  {7, RegClass::Fp},  {8, RegClass::Fp},
                           {9, RegClass::Fp},  {10, RegClass::Fp}, {11, RegClass::Fp},
                           {12, RegClass::Fp}, {13, RegClass::Fp}};
constexpr Reg kHomeGp[] = {{3, RegClass::Gp}, {12, RegClass::Gp}, {13, RegClass::Gp}};
constexpr Reg kHomeFp[] = {{8, RegClass::Fp},  {9, RegClass::Fp},  {10, RegClass::Fp},
                           {11, RegClass::Fp}, {12, RegClass::Fp}, {13, RegClass::Fp}};
constexpr uint8_t kCArgs[] = {7, 6, 2, 1, 8, 9};  // rdi rsi rdx rcx r8 r9

const x86::Gp kCtx = x86::r14;
const x86::Gp kMemBase = x86::r15;
const x86::Gp kScratch = x86::r11;
const x86::Xmm kFpScratch = x86::xmm15;
const x86::Xmm kFpScratch2 = x86::xmm14;

x86::Gp q(Reg r) { return x86::gpq(r.code); }
x86::Gp d(Reg r) { return x86::gpd(r.code); }
x86::Gp w(Reg r) { return x86::gpw(r.code); }
x86::Gp b(Reg r) { return x86::gpb_lo(r.code); }
x86::Xmm x(Reg r) { return x86::xmm(r.code); }
// A register of either class, as the SIMD emitter takes operands.
x86::Reg any(Reg r) {
  if (r.cls == RegClass::Fp) return x86::xmm(r.code);
  return x86::gpq(r.code);
}
bool isSimd(Opcode op) { return static_cast<uint16_t>(op) >= 0xfd00; }

bool is64(ValType t) { return t != ValType::I32 && t != ValType::F32; }
// Held in an xmm register.
bool isFloat(ValType t) { return t == ValType::F32 || t == ValType::F64 || t == ValType::V128; }

x86::CondCode condCode(Condition c) {
  switch (c) {
    case Condition::Equal:
      return x86::CondCode::kE;
    case Condition::NotEqual:
      return x86::CondCode::kNE;
    case Condition::LessS:
      return x86::CondCode::kL;
    case Condition::LessU:
      return x86::CondCode::kB;
    case Condition::GreaterS:
      return x86::CondCode::kG;
    case Condition::GreaterU:
      return x86::CondCode::kA;
    case Condition::LessEqualS:
      return x86::CondCode::kLE;
    case Condition::LessEqualU:
      return x86::CondCode::kBE;
    case Condition::GreaterEqualS:
      return x86::CondCode::kGE;
    case Condition::GreaterEqualU:
      return x86::CondCode::kAE;
  }
  return x86::CondCode::kE;
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

}  // namespace

struct MacroAssembler::Impl {
  static constexpr auto kSse42 = asmjit::CpuFeatures::X86::kSSE4_2;
  static bool hostHas(CodegenOptions options, asmjit::CpuFeatures::X86::Id feature) {
    return !options.baselineIsa && asmjit::CpuInfo::host().hasFeature(feature);
  }

  Impl(asmjit::CodeHolder& code, TrapLabels& traps, CodegenOptions options)
      : code(code), a(&code), traps(traps), memory(options), simd(a, hostHas(options, kSse42)) {
    if (options.baselineIsa) return;
    const asmjit::CpuInfo& cpu = asmjit::CpuInfo::host();
    hasLzcnt = cpu.hasFeature(asmjit::CpuFeatures::X86::kLZCNT);
    hasTzcnt = cpu.hasFeature(asmjit::CpuFeatures::X86::kBMI);
    hasPopcnt = cpu.hasFeature(asmjit::CpuFeatures::X86::kPOPCNT);
    hasSse41 = cpu.hasFeature(asmjit::CpuFeatures::X86::kSSE4_1);
  }

  asmjit::CodeHolder& code;
  x64::FastAssembler a;
  TrapLabels& traps;
  CodegenOptions memory;
  // The imm32 operands that setFrameSize fills in: the stack check's and the frame's own.
  std::array<size_t, 2> frameSizePatches{};
  bool hasLzcnt = false, hasTzcnt = false, hasPopcnt = false, hasSse41 = false;
  x64::SimdX64 simd;  // used only when hasSse41

  Label trap(TrapCode c) { return traps.trapLabel(c); }

  void jumpIf(x86::CondCode cc, Label target) {
    const uint8_t code = static_cast<uint8_t>(cc);
    a.branchToLabel(static_cast<uint8_t>(0x70 | code), static_cast<uint16_t>(0x0f80 | code),
                    target);
  }

  static uint32_t baseCode(Address addr) {
    switch (addr.base) {
      case Address::Base::Frame:
        return x86::Gp::kIdBp;
      case Address::Base::Stack:
        return x86::Gp::kIdSp;
      case Address::Base::Reg:
        return addr.reg.code;
    }
    return x86::Gp::kIdBp;
  }

  x86::Mem mem(Address addr) const {
    switch (addr.base) {
      case Address::Base::Frame:
        return x86::ptr(x86::rbp, addr.offset);
      case Address::Base::Stack:
        return x86::ptr(x86::rsp, addr.offset);
      case Address::Base::Reg:
        return x86::ptr(q(addr.reg), addr.offset);
    }
    return x86::ptr(x86::rbp, addr.offset);
  }

  void loadImm64(x86::Gp dst, uint64_t v) {
    if (v == 0) {
      a.aluRR(Alu::Xor, false, dst.id(), dst.id());
    } else if (v <= 0xffffffffu) {
      a.movRI32(dst.id(), static_cast<uint32_t>(v));
    } else if (static_cast<int64_t>(v) >= INT32_MIN && static_cast<int64_t>(v) <= INT32_MAX) {
      a.movRI64(dst.id(), static_cast<int32_t>(v));
    } else {
      a.movRI64Full(dst.id(), v);
    }
  }

  // An SSE or other register-register instruction through the direct encoder when it can
  // (see FastAssembler::regReg), else `viaAsmJit`.
  template <typename ViaAsmJit>
  void regReg(uint8_t prefix, bool wide, uint16_t opcode, uint32_t reg, uint32_t rm,
              ViaAsmJit viaAsmJit, bool byteRm = false) {
    if (a.canEncodeDirectly())
      a.regReg(prefix, wide, opcode, reg, rm, byteRm);
    else
      viaAsmJit();
  }

  void movaps(x86::Xmm dst, x86::Xmm src) {
    regReg(0, false, 0x0f28, dst.id(), src.id(), [&] { a.movaps(dst, src); });
  }

  void loadFpConst(x86::Xmm dst, bool wide, uint64_t bits) {
    if (bits == 0) {
      regReg(0, false, 0x0f57, dst.id(), dst.id(), [&] { a.xorps(dst, dst); });
      return;
    }
    loadImm64(kScratch, bits);
    if (wide)
      regReg(0x66, true, 0x0f6e, dst.id(), kScratch.id(), [&] { a.movq(dst, kScratch); });
    else
      regReg(0x66, false, 0x0f6e, dst.id(), kScratch.id(), [&] { a.movd(dst, kScratch.r32()); });
  }

  void zeroExtendSet(Reg dst, x86::CondCode cc) {
    const uint16_t setcc = static_cast<uint16_t>(0x0f90 | static_cast<uint8_t>(cc));
    regReg(
        0, false, setcc, 0, dst.code, [&] { a.set(cc, b(dst)); }, /*byteRm=*/true);
    regReg(
        0, false, 0x0fb6, dst.code, dst.code, [&] { a.movzx(d(dst), b(dst)); },
        /*byteRm=*/true);
  }

  // Memory operand for memory0[index + offset], after an explicit bounds check if enabled.
  x64::MemRef linearAddress(Reg index, uint64_t offset, uint32_t accessSize) {
    if (memory.explicitBoundsChecks) {
      a.load(true, kScratch.id(), kCtx.id(), offsetof(vm::VMContext, memory));
      a.load(true, kScratch.id(), kScratch.id(), offsetof(vm::VMMemory, sizeBytes));
      loadImm64(x86::rax, offset + accessSize);
      if (index.valid()) a.aluRR(Alu::Add, true, x86::Gp::kIdAx, index.code);
      a.aluRR(Alu::Cmp, true, x86::Gp::kIdAx, kScratch.id());
      jumpIf(x86::CondCode::kA, trap(TrapCode::MemoryOutOfBounds));
    }
    if (offset <= static_cast<uint64_t>(INT32_MAX)) {
      if (!index.valid())
        return {kMemBase.id(), x64::MemRef::kNoIndex, static_cast<int32_t>(offset)};
      return {kMemBase.id(), index.code, static_cast<int32_t>(offset)};
    }
    loadImm64(kScratch, offset);
    if (index.valid()) a.aluRR(Alu::Add, true, kScratch.id(), index.code);
    return {kMemBase.id(), kScratch.id(), 0};
  }

  static x64::MemRef ref(Address addr) {
    return {baseCode(addr), x64::MemRef::kNoIndex, addr.offset};
  }

  void binaryFp(Opcode op, x86::Xmm dst, x86::Xmm rhs);
  void minMax(bool wide, bool isMin, x86::Xmm dst, x86::Xmm rhs);
  void truncate(const TruncSpec& s, Reg dst, Reg src);
  void convertUnsigned64(bool toF64, x86::Xmm dst, x86::Gp src);
  void roundWithoutSse41(bool wide, uint32_t mode, x86::Xmm dst, x86::Xmm src);
  void divRem(Opcode op, Reg dst, Reg lhs, Reg rhs);
};

MacroAssembler::MacroAssembler(asmjit::CodeHolder& code, TrapLabels& traps, CodegenOptions options)
    : impl_(std::make_unique<Impl>(code, traps, options)) {}
MacroAssembler::~MacroAssembler() = default;

std::span<const Reg> MacroAssembler::allocatableGp() { return kGpRegs; }
std::span<const Reg> MacroAssembler::allocatableFp() { return kFpRegs; }
std::span<const Reg> MacroAssembler::localHomesGp() { return kHomeGp; }
std::span<const Reg> MacroAssembler::localHomesFp() { return kHomeFp; }
Reg MacroAssembler::cArgGp(uint32_t index) { return Reg{kCArgs[index], RegClass::Gp}; }
Reg MacroAssembler::cReturnGp() { return Reg{0, RegClass::Gp}; }
size_t MacroAssembler::offset() const { return impl_->a.offset(); }

// --- Frames ----------------------------------------------------------------------------------

void MacroAssembler::prologue(bool loadMemoryBase) {
  x64::FastAssembler& a = impl_->a;
  a.pushR(x86::Gp::kIdBp);
  a.movRR(true, x86::Gp::kIdBp, x86::Gp::kIdSp);
  a.pushR(kCtx.id());  // the saved context, at [rbp + kSavedContextOffset]
  emitStackCheck();
  a.aluRI(Alu::Sub, true, x86::Gp::kIdSp, 0x7fffff00);  // patched by setFrameSize (imm32 form)
  impl_->frameSizePatches[1] = a.offset() - 4;
  if (loadMemoryBase) reloadMemoryBase();
}

// Traps with CallStackExhausted unless the whole frame fits above the activation's stack limit.
// The comparison is made before the frame is taken (rsp is still just below the saved
// context), so the trap path runs on stack that exists: taking a frame of megabytes first and
// checking afterwards ran the trap stub far past the end of the thread's stack. It compares
// rsp with limit + frame rather than rsp - frame with the limit: the sum cannot wrap around.
// No stack probing, even for frames far larger than a guard page: the limit is never lower
// than kNativeStackHeadroom above the low end the thread reports (pthread_getattr_np), so a
// frame that passes this check lies wholly inside mapped (or growable main-thread) stack and
// never needs to touch the guard gap page by page. Probing would only matter if the limit could
// sit below the guard region, which callWasm rules out.
void MacroAssembler::emitStackCheck() {
  x64::FastAssembler& a = impl_->a;
  a.load(true, x86::Gp::kIdAx, kCtx.id(), offsetof(vm::VMContext, activation));
  a.load(true, x86::Gp::kIdAx, x86::Gp::kIdAx, offsetof(vm::VMActivation, stackLimit));
  a.aluRI(Alu::Add, true, x86::Gp::kIdAx, 0x7fffff00);  // patched by setFrameSize (imm32 form)
  impl_->frameSizePatches[0] = a.offset() - 4;
  a.aluRR(Alu::Cmp, true, x86::Gp::kIdSp, x86::Gp::kIdAx);
  impl_->jumpIf(x86::CondCode::kB, impl_->trap(TrapCode::CallStackExhausted));
}

void MacroAssembler::setFrameSize(uint32_t bytes) {
  // The saved context is pushed already; the rest of the frame keeps rsp 16-byte aligned.
  const uint32_t rest = bytes - 8;
  asmjit::CodeBuffer& buf = impl_->code.textSection()->buffer();
  for (size_t patch : impl_->frameSizePatches) std::memcpy(buf.data() + patch, &rest, 4);
}

void MacroAssembler::epilogueAndReturn() { impl_->a.leaveRet(); }

// --- Moves -----------------------------------------------------------------------------------

void MacroAssembler::move(ValType type, Reg dst, Reg src) {
  if (dst == src) return;
  if (dst.cls == RegClass::Fp) {
    impl_->movaps(x(dst), x(src));
  } else {
    impl_->a.movRR(type != ValType::I32, dst.code, src.code);
  }
}

void MacroAssembler::loadConstant(ValType type, Reg dst, uint64_t bits, uint64_t bitsHigh) {
  x86::Assembler& a = impl_->a;
  switch (type) {
    case ValType::I32:
      impl_->loadImm64(q(dst), static_cast<uint32_t>(bits));
      break;
    case ValType::F32:
      impl_->loadFpConst(x(dst), false, static_cast<uint32_t>(bits));
      break;
    case ValType::F64:
      impl_->loadFpConst(x(dst), true, bits);
      break;
    case ValType::V128:
      impl_->loadFpConst(x(dst), true, bits);
      impl_->loadFpConst(kFpScratch, true, bitsHigh);
      a.punpcklqdq(x(dst), kFpScratch);
      break;
    default:
      impl_->loadImm64(q(dst), bits);
      break;
  }
}

void MacroAssembler::load(ValType type, Reg dst, Address src) {
  x86::Assembler& a = impl_->a;
  if (!isFloat(type)) {
    impl_->a.load(type != ValType::I32, dst.code, Impl::baseCode(src), src.offset);
    return;
  }
  x86::Mem m = impl_->mem(src);
  switch (type) {
    case ValType::F32:
      a.movss(x(dst), m);
      break;
    case ValType::F64:
      a.movsd(x(dst), m);
      break;
    default:
      a.movdqu(x(dst), m);
      break;
  }
}

void MacroAssembler::store(ValType type, Address dst, Reg src) {
  x86::Assembler& a = impl_->a;
  if (!isFloat(type)) {
    impl_->a.store(type != ValType::I32, Impl::baseCode(dst), dst.offset, src.code);
    return;
  }
  x86::Mem m = impl_->mem(dst);
  switch (type) {
    case ValType::F32:
      a.movss(m, x(src));
      break;
    case ValType::F64:
      a.movsd(m, x(src));
      break;
    default:
      a.movdqu(m, x(src));
      break;
  }
}

void MacroAssembler::storeConstant(ValType type, Address dst, uint64_t bits, uint64_t bitsHigh) {
  x64::FastAssembler& a = impl_->a;
  const x64::MemRef m = Impl::ref(dst);
  if (!is64(type)) {
    a.storeImm(false, m, static_cast<int32_t>(static_cast<uint32_t>(bits)));
    return;
  }
  auto store64 = [&](x64::MemRef slot, uint64_t v) {
    if (static_cast<int64_t>(v) >= INT32_MIN && static_cast<int64_t>(v) <= INT32_MAX) {
      a.storeImm(true, slot, static_cast<int32_t>(v));
    } else {
      impl_->loadImm64(kScratch, v);
      a.store(true, slot.base, slot.disp, kScratch.id());
    }
  };
  store64(m, bits);
  if (type == ValType::V128) {
    x64::MemRef hi = m;
    hi.disp += 8;
    store64(hi, bitsHigh);
  }
}

void MacroAssembler::copy(ValType type, Address dst, Address src) {
  x64::FastAssembler& a = impl_->a;
  if (type == ValType::V128) {
    a.movdqu(kFpScratch, impl_->mem(src));
    a.movdqu(impl_->mem(dst), kFpScratch);
    return;
  }
  a.load(is64(type), kScratch.id(), Impl::baseCode(src), src.offset);
  a.store(is64(type), Impl::baseCode(dst), dst.offset, kScratch.id());
}

void MacroAssembler::loadPointer(Reg dst, Address src) {
  impl_->a.load(true, dst.code, Impl::baseCode(src), src.offset);
}

void MacroAssembler::loadFromContext(Reg dst, int32_t off) {
  impl_->a.load(true, dst.code, kCtx.id(), off);
}

void MacroAssembler::addressOf(Reg dst, Address src) { impl_->a.lea(q(dst), impl_->mem(src)); }

void MacroAssembler::addPointerImmediate(Reg dst, int64_t imm) {
  if (imm >= INT32_MIN && imm <= INT32_MAX) {
    impl_->a.add(q(dst), asmjit::Imm(imm));
  } else {
    impl_->loadImm64(kScratch, static_cast<uint64_t>(imm));
    impl_->a.add(q(dst), kScratch);
  }
}

void MacroAssembler::moveContext(Reg dst) { impl_->a.mov(q(dst), kCtx); }

void MacroAssembler::loadPointerIndexed(Reg dst, Reg base, Reg index) {
  impl_->a.mov(q(dst), x86::qword_ptr(q(base), q(index), 3));
}

void MacroAssembler::storePointerIndexed(Reg base, Reg index, Reg value) {
  impl_->a.mov(x86::qword_ptr(q(base), q(index), 3), q(value));
}

void MacroAssembler::zeroFrame(int32_t off, uint32_t bytes) {
  x64::FastAssembler& a = impl_->a;
  a.aluRR(Alu::Xor, false, x86::Gp::kIdAx, x86::Gp::kIdAx);
  if (bytes <= 256) {
    for (uint32_t k = 0; k < bytes; k += 8) {
      a.store(true, x86::Gp::kIdBp, off + static_cast<int32_t>(k), x86::Gp::kIdAx);
    }
    return;
  }
  // Nothing is allocated yet in the prologue, so rdi is free to use for rep stos.
  a.lea(x86::rdi, x86::ptr(x86::rbp, off));
  a.mov(x86::ecx, bytes / 8);
  a.rep().stosq();
}

// --- Operators -------------------------------------------------------------------------------

bool MacroAssembler::acceptsImmediate(Opcode op, int64_t imm) const {
  bool fits = imm >= INT32_MIN && imm <= INT32_MAX;
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
    case Opcode::I32Eq:
    case Opcode::I32Ne:
    case Opcode::I32LtS:
    case Opcode::I32LtU:
    case Opcode::I32GtS:
    case Opcode::I32GtU:
    case Opcode::I32LeS:
    case Opcode::I32LeU:
    case Opcode::I32GeS:
    case Opcode::I32GeU:
    case Opcode::I64Shl:
    case Opcode::I64ShrS:
    case Opcode::I64ShrU:
    case Opcode::I64Rotl:
    case Opcode::I64Rotr:
      return true;
    case Opcode::I64Add:
    case Opcode::I64Sub:
    case Opcode::I64Mul:
    case Opcode::I64And:
    case Opcode::I64Or:
    case Opcode::I64Xor:
    case Opcode::I64Eq:
    case Opcode::I64Ne:
    case Opcode::I64LtS:
    case Opcode::I64LtU:
    case Opcode::I64GtS:
    case Opcode::I64GtU:
    case Opcode::I64LeS:
    case Opcode::I64LeU:
    case Opcode::I64GeS:
    case Opcode::I64GeU:
      return fits;
    default:
      return false;
  }
}

void MacroAssembler::emitBinaryImm(Opcode op, Reg dst, Reg lhs, int64_t rhs) {
  x64::FastAssembler& a = impl_->a;
  Condition cond;
  bool wide;
  if (integerCompareCondition(op, cond, wide)) {
    a.aluRI(Alu::Cmp, wide, lhs.code, wide ? rhs : static_cast<int32_t>(rhs));
    impl_->zeroExtendSet(dst, condCode(cond));
    return;
  }
  bool is32 = static_cast<uint16_t>(op) <= static_cast<uint16_t>(Opcode::I32Rotr);
  if (op == Opcode::I32Mul || op == Opcode::I64Mul) {
    a.imulRRI(!is32, dst.code, lhs.code, is32 ? static_cast<int32_t>(rhs) : rhs);
    return;
  }
  if (!(dst == lhs)) a.movRR(!is32, dst.code, lhs.code);
  uint32_t shiftMask = is32 ? 31 : 63;
  const uint8_t shift = static_cast<uint8_t>(static_cast<uint32_t>(rhs) & shiftMask);
  const int64_t v = is32 ? static_cast<int32_t>(rhs) : rhs;
  switch (op) {
    case Opcode::I32Add:
    case Opcode::I64Add:
      a.aluRI(Alu::Add, !is32, dst.code, v);
      break;
    case Opcode::I32Sub:
    case Opcode::I64Sub:
      a.aluRI(Alu::Sub, !is32, dst.code, v);
      break;
    case Opcode::I32And:
    case Opcode::I64And:
      a.aluRI(Alu::And, !is32, dst.code, v);
      break;
    case Opcode::I32Or:
    case Opcode::I64Or:
      a.aluRI(Alu::Or, !is32, dst.code, v);
      break;
    case Opcode::I32Xor:
    case Opcode::I64Xor:
      a.aluRI(Alu::Xor, !is32, dst.code, v);
      break;
    case Opcode::I32Shl:
    case Opcode::I64Shl:
      a.shiftRI(4, !is32, dst.code, shift);
      break;
    case Opcode::I32ShrS:
    case Opcode::I64ShrS:
      a.shiftRI(7, !is32, dst.code, shift);
      break;
    case Opcode::I32ShrU:
    case Opcode::I64ShrU:
      a.shiftRI(5, !is32, dst.code, shift);
      break;
    case Opcode::I32Rotl:
    case Opcode::I64Rotl:
      a.shiftRI(0, !is32, dst.code, shift);
      break;
    case Opcode::I32Rotr:
    case Opcode::I64Rotr:
      a.shiftRI(1, !is32, dst.code, shift);
      break;
    default:
      break;
  }
}

void MacroAssembler::Impl::divRem(Opcode op, Reg dst, Reg lhs, Reg rhs) {
  bool wide = op == Opcode::I64DivS || op == Opcode::I64DivU || op == Opcode::I64RemS ||
              op == Opcode::I64RemU;
  bool isSigned = op == Opcode::I32DivS || op == Opcode::I64DivS || op == Opcode::I32RemS ||
                  op == Opcode::I64RemS;
  bool isRem = op == Opcode::I32RemS || op == Opcode::I32RemU || op == Opcode::I64RemS ||
               op == Opcode::I64RemU;
  Label done;
  a.testRR(wide, rhs.code, rhs.code);
  jumpIf(x86::CondCode::kZero, trap(TrapCode::IntegerDivideByZero));
  if (isSigned) {
    // INT_MIN / -1 overflows (a trap for div, 0 for rem); idiv would fault on it.
    Label normal = a.newLabel();
    a.aluRI(Alu::Cmp, wide, rhs.code, -1);
    jumpIf(x86::CondCode::kNE, normal);
    if (isRem) {
      done = a.newLabel();
      a.aluRR(Alu::Xor, false, dst.code, dst.code);
      a.branchToLabel(0xeb, 0xe9, done);
    } else {
      if (wide) {
        a.movRI64Full(kScratch.id(), static_cast<uint64_t>(std::numeric_limits<int64_t>::min()));
        a.aluRR(Alu::Cmp, true, lhs.code, kScratch.id());
      } else {
        a.aluRI(Alu::Cmp, false, lhs.code, std::numeric_limits<int32_t>::min());
      }
      jumpIf(x86::CondCode::kE, trap(TrapCode::IntegerOverflow));
    }
    a.bind(normal);
  }
  const x86::Gp r = wide ? q(rhs) : d(rhs);
  a.movRR(wide, x86::Gp::kIdAx, lhs.code);
  if (isSigned) {
    a.signExtendAxIntoDx(wide);
    regReg(0, wide, 0xf7, 7, rhs.code, [&] { a.idiv(r); });  // idiv r
  } else {
    a.aluRR(Alu::Xor, false, x86::Gp::kIdDx, x86::Gp::kIdDx);
    regReg(0, wide, 0xf7, 6, rhs.code, [&] { a.div(r); });  // div r
  }
  a.movRR(wide, dst.code, isRem ? x86::Gp::kIdDx : x86::Gp::kIdAx);
  if (done.isValid()) a.bind(done);
}

void MacroAssembler::Impl::minMax(bool wide, bool isMin, x86::Xmm dst, x86::Xmm rhs) {
  // minss/maxss get NaNs and signed zeros wrong for wasm: handle both before using them.
  Label nan = a.newLabel(), notEqual = a.newLabel(), done = a.newLabel();
  if (wide)
    a.ucomisd(dst, rhs);
  else
    a.ucomiss(dst, rhs);
  a.jp(nan);
  a.jne(notEqual);
  // Equal: only +0 vs -0 can differ; or-ing the bits picks -0 for min, and-ing +0 for max.
  if (isMin)
    a.orps(dst, rhs);
  else
    a.andps(dst, rhs);
  a.jmp(done);
  a.bind(nan);
  if (wide)
    a.addsd(dst, rhs);  // yields a quiet NaN
  else
    a.addss(dst, rhs);
  a.jmp(done);
  a.bind(notEqual);
  if (wide) {
    if (isMin)
      a.minsd(dst, rhs);
    else
      a.maxsd(dst, rhs);
  } else {
    if (isMin)
      a.minss(dst, rhs);
    else
      a.maxss(dst, rhs);
  }
  a.bind(done);
}

void MacroAssembler::Impl::binaryFp(Opcode op, x86::Xmm dst, x86::Xmm rhs) {
  switch (op) {
    case Opcode::F32Add:
      regReg(0xf3, false, 0x0f58, dst.id(), rhs.id(), [&] { a.addss(dst, rhs); });
      break;
    case Opcode::F32Sub:
      regReg(0xf3, false, 0x0f5c, dst.id(), rhs.id(), [&] { a.subss(dst, rhs); });
      break;
    case Opcode::F32Mul:
      regReg(0xf3, false, 0x0f59, dst.id(), rhs.id(), [&] { a.mulss(dst, rhs); });
      break;
    case Opcode::F32Div:
      regReg(0xf3, false, 0x0f5e, dst.id(), rhs.id(), [&] { a.divss(dst, rhs); });
      break;
    case Opcode::F64Add:
      regReg(0xf2, false, 0x0f58, dst.id(), rhs.id(), [&] { a.addsd(dst, rhs); });
      break;
    case Opcode::F64Sub:
      regReg(0xf2, false, 0x0f5c, dst.id(), rhs.id(), [&] { a.subsd(dst, rhs); });
      break;
    case Opcode::F64Mul:
      regReg(0xf2, false, 0x0f59, dst.id(), rhs.id(), [&] { a.mulsd(dst, rhs); });
      break;
    case Opcode::F64Div:
      regReg(0xf2, false, 0x0f5e, dst.id(), rhs.id(), [&] { a.divsd(dst, rhs); });
      break;
    case Opcode::F32Min:
      minMax(false, true, dst, rhs);
      break;
    case Opcode::F32Max:
      minMax(false, false, dst, rhs);
      break;
    case Opcode::F64Min:
      minMax(true, true, dst, rhs);
      break;
    case Opcode::F64Max:
      minMax(true, false, dst, rhs);
      break;
    case Opcode::F32Copysign:
      a.movd(x86::eax, dst);
      a.movd(x86::ecx, rhs);
      a.and_(x86::eax, 0x7fffffff);
      a.and_(x86::ecx, asmjit::Imm(static_cast<int32_t>(0x80000000u)));
      a.or_(x86::eax, x86::ecx);
      a.movd(dst, x86::eax);
      break;
    case Opcode::F64Copysign:
      a.movq(x86::rax, dst);
      a.movq(x86::rcx, rhs);
      a.btr(x86::rax, 63);
      a.shr(x86::rcx, 63);
      a.shl(x86::rcx, 63);
      a.or_(x86::rax, x86::rcx);
      a.movq(dst, x86::rax);
      break;
    default:
      break;
  }
}

bool MacroAssembler::supportsSimd() const { return impl_->hasSse41; }
bool MacroAssembler::emitsSimd(Opcode op) const { return impl_->hasSse41 && impl_->simd.emits(op); }

void MacroAssembler::emitTernary(Opcode /*op: v128.bitselect*/, Reg dst, Reg a, Reg b, Reg c) {
  impl_->simd.bitselect(x(dst), x(a), x(b), x(c));
}

void MacroAssembler::emitExtractLane(Opcode op, Reg dst, Reg src, uint8_t lane) {
  impl_->simd.extractLane(op, any(dst), x(src), lane);
}

void MacroAssembler::emitReplaceLane(Opcode op, Reg dst, Reg vector, Reg scalar, uint8_t lane) {
  impl_->simd.replaceLane(op, x(dst), x(vector), any(scalar), lane);
}

void MacroAssembler::emitShuffle(Reg dst, Reg lhs, Reg rhs, const uint8_t* lanes) {
  impl_->simd.shuffle(x(dst), x(lhs), x(rhs), lanes);
}

void MacroAssembler::emitLoadLane(Opcode op, Reg vector, Reg index, uint64_t off, uint8_t lane) {
  const x64::MemRef ref = impl_->linearAddress(index, off, operatorFacts(op).accessSize());
  impl_->simd.loadLane(op, x(vector), ref.toAsmJit(0), lane);
}

void MacroAssembler::emitStoreLane(Opcode op, Reg index, uint64_t off, Reg vector, uint8_t lane) {
  const x64::MemRef ref = impl_->linearAddress(index, off, operatorFacts(op).accessSize());
  impl_->simd.storeLane(op, ref.toAsmJit(0), x(vector), lane);
}

void MacroAssembler::emitBinary(Opcode op, Reg dst, Reg lhs, Reg rhs) {
  x64::FastAssembler& a = impl_->a;
  if (isSimd(op)) {
    impl_->simd.binary(op, x(dst), x(lhs), any(rhs));
    return;
  }
  Condition cond;
  bool wide;
  if (integerCompareCondition(op, cond, wide)) {
    a.aluRR(Alu::Cmp, wide, lhs.code, rhs.code);
    impl_->zeroExtendSet(dst, condCode(cond));
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
    case Opcode::F64Ge: {
      bool f64 = static_cast<uint16_t>(op) >= static_cast<uint16_t>(Opcode::F64Eq);
      auto ucomi = [&](Reg p, Reg q2) {
        if (f64)
          impl_->regReg(0x66, false, 0x0f2e, p.code, q2.code, [&] { a.ucomisd(x(p), x(q2)); });
        else
          impl_->regReg(0, false, 0x0f2e, p.code, q2.code, [&] { a.ucomiss(x(p), x(q2)); });
      };
      switch (op) {
        case Opcode::F32Eq:
        case Opcode::F64Eq:
          ucomi(lhs, rhs);
          a.sete(x86::al);
          a.setnp(x86::cl);
          a.and_(x86::al, x86::cl);
          a.movzx(d(dst), x86::al);
          return;
        case Opcode::F32Ne:
        case Opcode::F64Ne:
          ucomi(lhs, rhs);
          a.setne(x86::al);
          a.setp(x86::cl);
          a.or_(x86::al, x86::cl);
          a.movzx(d(dst), x86::al);
          return;
        // Unordered sets CF, so "above" forms are false on NaN as wasm requires.
        case Opcode::F32Lt:
        case Opcode::F64Lt:
          ucomi(rhs, lhs);
          a.seta(x86::al);
          break;
        case Opcode::F32Gt:
        case Opcode::F64Gt:
          ucomi(lhs, rhs);
          a.seta(x86::al);
          break;
        case Opcode::F32Le:
        case Opcode::F64Le:
          ucomi(rhs, lhs);
          a.setae(x86::al);
          break;
        default:
          ucomi(lhs, rhs);
          a.setae(x86::al);
          break;
      }
      a.movzx(d(dst), x86::al);
      return;
    }
    default:
      break;
  }
  if (dst.cls == RegClass::Fp) {
    x86::Xmm r = x(rhs);
    if (dst == rhs && !(dst == lhs)) {
      impl_->movaps(kFpScratch, x(rhs));
      r = kFpScratch;
    }
    if (!(dst == lhs)) impl_->movaps(x(dst), x(lhs));
    impl_->binaryFp(op, x(dst), r);
    return;
  }
  bool is32 = static_cast<uint16_t>(op) <= static_cast<uint16_t>(Opcode::I32Rotr);
  x86::Gp rd = is32 ? d(dst) : q(dst);
  x86::Gp rl = is32 ? d(lhs) : q(lhs);
  x86::Gp rr = is32 ? d(rhs) : q(rhs);
  switch (op) {
    case Opcode::I32Shl:
    case Opcode::I32ShrS:
    case Opcode::I32ShrU:
    case Opcode::I32Rotl:
    case Opcode::I32Rotr:
    case Opcode::I64Shl:
    case Opcode::I64ShrS:
    case Opcode::I64ShrU:
    case Opcode::I64Rotl:
    case Opcode::I64Rotr:
      a.mov(x86::ecx, d(rhs));
      if (!(dst == lhs)) a.mov(rd, rl);
      switch (op) {
        case Opcode::I32Shl:
        case Opcode::I64Shl:
          a.shl(rd, x86::cl);
          break;
        case Opcode::I32ShrS:
        case Opcode::I64ShrS:
          a.sar(rd, x86::cl);
          break;
        case Opcode::I32ShrU:
        case Opcode::I64ShrU:
          a.shr(rd, x86::cl);
          break;
        case Opcode::I32Rotl:
        case Opcode::I64Rotl:
          a.rol(rd, x86::cl);
          break;
        default:
          a.ror(rd, x86::cl);
          break;
      }
      return;
    default:
      break;
  }
  if (dst == rhs && !(dst == lhs)) {
    a.movRR(!is32, kScratch.id(), rhs.code);
    rr = is32 ? kScratch.r32() : kScratch;
  }
  if (!(dst == lhs)) a.movRR(!is32, dst.code, lhs.code);
  switch (op) {
    case Opcode::I32Add:
    case Opcode::I64Add:
      a.aluRR(Alu::Add, !is32, dst.code, rr.id());
      break;
    case Opcode::I32Sub:
    case Opcode::I64Sub:
      a.aluRR(Alu::Sub, !is32, dst.code, rr.id());
      break;
    case Opcode::I32Mul:
    case Opcode::I64Mul:
      impl_->regReg(0, !is32, 0x0faf, dst.code, rr.id(), [&] { a.imul(rd, rr); });
      break;
    case Opcode::I32And:
    case Opcode::I64And:
      a.aluRR(Alu::And, !is32, dst.code, rr.id());
      break;
    case Opcode::I32Or:
    case Opcode::I64Or:
      a.aluRR(Alu::Or, !is32, dst.code, rr.id());
      break;
    case Opcode::I32Xor:
    case Opcode::I64Xor:
      a.aluRR(Alu::Xor, !is32, dst.code, rr.id());
      break;
    default:
      break;
  }
}

void MacroAssembler::Impl::convertUnsigned64(bool toF64, x86::Xmm dst, x86::Gp src) {
  // cvtsi2s* is signed: halve values with the top bit set (keeping the low bit for rounding),
  // convert, then double.
  Label negative = a.newLabel(), done = a.newLabel();
  a.xorps(dst, dst);
  a.test(src, src);
  a.js(negative);
  if (toF64)
    a.cvtsi2sd(dst, src);
  else
    a.cvtsi2ss(dst, src);
  a.jmp(done);
  a.bind(negative);
  a.mov(x86::rax, src);
  a.shr(x86::rax, 1);
  a.mov(x86::rcx, src);
  a.and_(x86::ecx, 1);
  a.or_(x86::rax, x86::rcx);
  if (toF64) {
    a.cvtsi2sd(dst, x86::rax);
    a.addsd(dst, dst);
  } else {
    a.cvtsi2ss(dst, x86::rax);
    a.addss(dst, dst);
  }
  a.bind(done);
}

// Rounding for CPUs without SSE4.1 (modes as roundsd: 0 nearest, 1 floor, 2 ceil, 3 trunc).
// Values of magnitude 2^52 (f32: 2^23) and up are already integers, and NaN/infinity pass
// through (NaN quietened); below that, nearest adds and subtracts 2^52 in round-to-nearest-even,
// and the others truncate through a 64-bit integer and adjust by one. The sign of the input is
// copied onto the result, which gives -0 where wasm wants it (e.g. ceil(-0.5)).
void MacroAssembler::Impl::roundWithoutSse41(bool wide, uint32_t mode, x86::Xmm dst, x86::Xmm src) {
  Label special = a.newLabel(), done = a.newLabel();
  const x86::Xmm xv = kFpScratch, t = kFpScratch2;
  auto movToGp = [&](x86::Gp g, x86::Xmm v) {
    if (wide)
      a.movq(g, v);
    else
      a.movd(g.r32(), v);
  };
  auto movToXmm = [&](x86::Xmm v, x86::Gp g) {
    if (wide)
      a.movq(v, g);
    else
      a.movd(v, g.r32());
  };
  a.movaps(xv, src);
  movToGp(x86::rax, xv);
  if (wide)
    a.btr(x86::rax, 63);
  else
    a.and_(x86::eax, 0x7fffffff);
  loadImm64(x86::rcx, wide ? 0x4330000000000000ull : 0x4B000000u);  // 2^52 or 2^23
  // Non-negative floats order like their bit patterns; NaN and infinity compare above.
  a.cmp(x86::rax, x86::rcx);
  a.jae(special);
  if (mode == 0) {
    movToXmm(t, x86::rax);
    movToXmm(dst, x86::rcx);
    if (wide) {
      a.addsd(t, dst);
      a.subsd(t, dst);
    } else {
      a.addss(t, dst);
      a.subss(t, dst);
    }
  } else {
    a.xorps(t, t);
    if (wide) {
      a.cvttsd2si(x86::rax, xv);
      a.cvtsi2sd(t, x86::rax);
    } else {
      a.cvttss2si(x86::rax, xv);
      a.cvtsi2ss(t, x86::rax);
    }
    if (mode == 1 || mode == 2) {
      Label keep = a.newLabel();
      if (wide)
        a.ucomisd(t, xv);
      else
        a.ucomiss(t, xv);
      if (mode == 1)
        a.jbe(keep);  // floor: subtract one when truncation went up
      else
        a.jae(keep);  // ceil: add one when truncation went down
      loadImm64(x86::rcx, wide ? 0x3FF0000000000000ull : 0x3F800000u);  // 1.0
      movToXmm(dst, x86::rcx);
      if (wide) {
        if (mode == 1)
          a.subsd(t, dst);
        else
          a.addsd(t, dst);
      } else {
        if (mode == 1)
          a.subss(t, dst);
        else
          a.addss(t, dst);
      }
      a.bind(keep);
    }
  }
  // Copy the input's sign onto the result.
  movToGp(x86::rax, t);
  movToGp(x86::rcx, xv);
  if (wide) {
    a.btr(x86::rax, 63);
    a.shr(x86::rcx, 63);
    a.shl(x86::rcx, 63);
    a.or_(x86::rax, x86::rcx);
  } else {
    a.and_(x86::eax, 0x7fffffff);
    a.and_(x86::ecx, asmjit::Imm(static_cast<int32_t>(0x80000000u)));
    a.or_(x86::eax, x86::ecx);
  }
  movToXmm(dst, x86::rax);
  a.jmp(done);
  a.bind(special);
  a.movaps(dst, xv);
  a.xorps(t, t);
  if (wide)
    a.addsd(dst, t);  // quietens a NaN, leaves everything else as it is
  else
    a.addss(dst, t);
  a.bind(done);
}

void MacroAssembler::Impl::truncate(const TruncSpec& s, Reg dstReg, Reg srcReg) {
  x86::Xmm src = x(srcReg);
  x86::Gp dst = q(dstReg);
  auto ucomi = [&](x86::Xmm l, x86::Xmm r) {
    if (s.fromF64)
      a.ucomisd(l, r);
    else
      a.ucomiss(l, r);
  };
  auto cvtt = [&](x86::Gp out, x86::Xmm in) {
    if (s.fromF64)
      a.cvttsd2si(out, in);
    else
      a.cvttss2si(out, in);
  };
  Label done = a.newLabel();
  Label tooLow = s.saturating ? a.newLabel() : trap(TrapCode::IntegerOverflow);
  Label tooHigh = s.saturating ? a.newLabel() : trap(TrapCode::IntegerOverflow);
  Label nan = s.saturating ? a.newLabel() : trap(TrapCode::InvalidConversionToInteger);

  ucomi(src, src);
  a.jp(nan);
  loadFpConst(kFpScratch, s.fromF64, fpBits(s.lo, s.fromF64));
  ucomi(src, kFpScratch);
  if (s.loInclusive)
    a.jb(tooLow);
  else
    a.jbe(tooLow);
  loadFpConst(kFpScratch, s.fromF64, fpBits(s.hi, s.fromF64));
  ucomi(src, kFpScratch);
  a.jae(tooHigh);
  if (s.isSigned) {
    cvtt(s.to64 ? dst : dst.r32(), src);
  } else if (!s.to64) {
    cvtt(dst, src);  // in [0, 2^32): exact in 64 bits
    a.mov(dst.r32(), dst.r32());
  } else {
    // In [0, 2^64): values from 2^63 up are converted after subtracting 2^63.
    Label big = a.newLabel();
    loadFpConst(kFpScratch, s.fromF64, fpBits(9223372036854775808.0, s.fromF64));
    ucomi(src, kFpScratch);
    a.jae(big);
    cvtt(dst, src);
    a.jmp(done);
    a.bind(big);
    a.movaps(kFpScratch2, src);
    if (s.fromF64)
      a.subsd(kFpScratch2, kFpScratch);
    else
      a.subss(kFpScratch2, kFpScratch);
    cvtt(dst, kFpScratch2);
    a.btc(dst, 63);
  }
  if (s.saturating) {
    a.jmp(done);
    a.bind(nan);
    a.xor_(dst.r32(), dst.r32());
    a.jmp(done);
    a.bind(tooLow);
    if (!s.isSigned)
      a.xor_(dst.r32(), dst.r32());
    else if (s.to64)
      a.movabs(dst, asmjit::Imm(std::numeric_limits<int64_t>::min()));
    else
      a.mov(dst.r32(), asmjit::Imm(0x80000000u));
    a.jmp(done);
    a.bind(tooHigh);
    if (s.isSigned && s.to64)
      a.movabs(dst, asmjit::Imm(std::numeric_limits<int64_t>::max()));
    else if (s.isSigned)
      a.mov(dst.r32(), asmjit::Imm(0x7fffffff));
    else if (s.to64)
      a.mov(dst, asmjit::Imm(-1));
    else
      a.mov(dst.r32(), asmjit::Imm(0xffffffffu));
  }
  a.bind(done);
}

void MacroAssembler::emitUnary(Opcode op, Reg dst, Reg src) {
  x86::Assembler& a = impl_->a;
  if (isSimd(op)) {
    impl_->simd.unary(op, any(dst), any(src));
    return;
  }
  if (const std::optional<TruncSpec> spec = truncSpec(op)) {
    impl_->truncate(*spec, dst, src);
    return;
  }
  auto roundOp = [&](bool wide, uint32_t mode) {
    if (!impl_->hasSse41) {
      impl_->roundWithoutSse41(wide, mode, x(dst), x(src));
      return;
    }
    // mode | 8 suppresses the inexact exception.
    if (wide)
      a.roundsd(x(dst), x(src), asmjit::Imm(mode | 8));
    else
      a.roundss(x(dst), x(src), asmjit::Imm(mode | 8));
  };
  switch (op) {
    case Opcode::I32Eqz:
      a.test(d(src), d(src));
      impl_->zeroExtendSet(dst, x86::CondCode::kE);
      return;
    case Opcode::I64Eqz:
      a.test(q(src), q(src));
      impl_->zeroExtendSet(dst, x86::CondCode::kE);
      return;
    case Opcode::I32Clz:
      if (impl_->hasLzcnt) {
        a.lzcnt(d(dst), d(src));
      } else {
        a.bsr(x86::eax, d(src));
        a.mov(kScratch.r32(), 63);
        a.cmovz(x86::eax, kScratch.r32());
        a.xor_(x86::eax, 31);
        a.mov(d(dst), x86::eax);
      }
      return;
    case Opcode::I64Clz:
      if (impl_->hasLzcnt) {
        a.lzcnt(q(dst), q(src));
      } else {
        a.bsr(x86::rax, q(src));
        a.mov(kScratch.r32(), 127);
        a.cmovz(x86::eax, kScratch.r32());
        a.xor_(x86::eax, 63);
        a.mov(d(dst), x86::eax);
      }
      return;
    case Opcode::I32Ctz:
      if (impl_->hasTzcnt) {
        a.tzcnt(d(dst), d(src));
      } else {
        a.bsf(x86::eax, d(src));
        a.mov(kScratch.r32(), 32);
        a.cmovz(x86::eax, kScratch.r32());
        a.mov(d(dst), x86::eax);
      }
      return;
    case Opcode::I64Ctz:
      if (impl_->hasTzcnt) {
        a.tzcnt(q(dst), q(src));
      } else {
        a.bsf(x86::rax, q(src));
        a.mov(kScratch.r32(), 64);
        a.cmovz(x86::eax, kScratch.r32());
        a.mov(d(dst), x86::eax);
      }
      return;
    case Opcode::I32Popcnt:
    case Opcode::I64Popcnt: {
      bool wide = op == Opcode::I64Popcnt;
      if (impl_->hasPopcnt) {
        if (wide)
          a.popcnt(q(dst), q(src));
        else
          a.popcnt(d(dst), d(src));
        return;
      }
      // SWAR population count, for CPUs without POPCNT.
      x86::Gp v = wide ? x86::Gp(x86::rax) : x86::Gp(x86::eax);
      x86::Gp t = wide ? x86::Gp(x86::rcx) : x86::Gp(x86::ecx);
      x86::Gp k = wide ? kScratch : kScratch.r32();
      auto mask = [&](uint64_t m) {
        if (wide)
          a.movabs(kScratch, asmjit::Imm(m));
        else
          a.mov(kScratch.r32(), asmjit::Imm(static_cast<uint32_t>(m)));
      };
      a.mov(v, wide ? q(src) : d(src));
      a.mov(t, v);
      a.shr(t, 1);
      mask(0x5555555555555555ull);
      a.and_(t, k);
      a.sub(v, t);
      mask(0x3333333333333333ull);
      a.mov(t, v);
      a.shr(t, 2);
      a.and_(v, k);
      a.and_(t, k);
      a.add(v, t);
      a.mov(t, v);
      a.shr(t, 4);
      a.add(v, t);
      mask(0x0f0f0f0f0f0f0f0full);
      a.and_(v, k);
      mask(0x0101010101010101ull);
      a.imul(v, k);
      a.shr(v, wide ? 56 : 24);
      a.mov(d(dst), x86::eax);
      return;
    }
    case Opcode::I32Extend8S:
      a.movsx(d(dst), b(src));
      return;
    case Opcode::I32Extend16S:
      a.movsx(d(dst), w(src));
      return;
    case Opcode::I64Extend8S:
      a.movsx(q(dst), b(src));
      return;
    case Opcode::I64Extend16S:
      a.movsx(q(dst), w(src));
      return;
    case Opcode::I64Extend32S:
    case Opcode::I64ExtendI32S:
      a.movsxd(q(dst), d(src));
      return;
    case Opcode::I32WrapI64:
    case Opcode::I64ExtendI32U:
      a.mov(d(dst), d(src));
      return;
    case Opcode::F32Abs:
    case Opcode::F32Neg:
      a.movd(x86::eax, x(src));
      if (op == Opcode::F32Abs)
        a.and_(x86::eax, 0x7fffffff);
      else
        a.xor_(x86::eax, asmjit::Imm(static_cast<int32_t>(0x80000000u)));
      a.movd(x(dst), x86::eax);
      return;
    case Opcode::F64Abs:
    case Opcode::F64Neg:
      a.movq(x86::rax, x(src));
      if (op == Opcode::F64Abs)
        a.btr(x86::rax, 63);
      else
        a.btc(x86::rax, 63);
      a.movq(x(dst), x86::rax);
      return;
    case Opcode::F32Ceil:
      roundOp(false, 2);
      return;
    case Opcode::F32Floor:
      roundOp(false, 1);
      return;
    case Opcode::F32Trunc:
      roundOp(false, 3);
      return;
    case Opcode::F32Nearest:
      roundOp(false, 0);
      return;
    case Opcode::F64Ceil:
      roundOp(true, 2);
      return;
    case Opcode::F64Floor:
      roundOp(true, 1);
      return;
    case Opcode::F64Trunc:
      roundOp(true, 3);
      return;
    case Opcode::F64Nearest:
      roundOp(true, 0);
      return;
    case Opcode::F32Sqrt:
      a.sqrtss(x(dst), x(src));
      return;
    case Opcode::F64Sqrt:
      a.sqrtsd(x(dst), x(src));
      return;
    case Opcode::F32ConvertI32S:
      a.xorps(x(dst), x(dst));
      a.cvtsi2ss(x(dst), d(src));
      return;
    case Opcode::F32ConvertI32U:
      a.xorps(x(dst), x(dst));
      a.cvtsi2ss(x(dst), q(src));
      return;
    case Opcode::F32ConvertI64S:
      a.xorps(x(dst), x(dst));
      a.cvtsi2ss(x(dst), q(src));
      return;
    case Opcode::F64ConvertI32S:
      a.xorps(x(dst), x(dst));
      a.cvtsi2sd(x(dst), d(src));
      return;
    case Opcode::F64ConvertI32U:
      a.xorps(x(dst), x(dst));
      a.cvtsi2sd(x(dst), q(src));
      return;
    case Opcode::F64ConvertI64S:
      a.xorps(x(dst), x(dst));
      a.cvtsi2sd(x(dst), q(src));
      return;
    case Opcode::F32ConvertI64U:
      impl_->convertUnsigned64(false, x(dst), q(src));
      return;
    case Opcode::F64ConvertI64U:
      impl_->convertUnsigned64(true, x(dst), q(src));
      return;
    case Opcode::F32DemoteF64:
      a.cvtsd2ss(x(dst), x(src));
      return;
    case Opcode::F64PromoteF32:
      a.cvtss2sd(x(dst), x(src));
      return;
    case Opcode::I32ReinterpretF32:
      a.movd(d(dst), x(src));
      return;
    case Opcode::I64ReinterpretF64:
      a.movq(q(dst), x(src));
      return;
    case Opcode::F32ReinterpretI32:
      a.movd(x(dst), d(src));
      return;
    case Opcode::F64ReinterpretI64:
      a.movq(x(dst), q(src));
      return;
    default:
      return;
  }
}

void MacroAssembler::emitSelect(ValType type, Reg dst, Reg ifTrue, Reg ifFalse, Reg cond) {
  x86::Assembler& a = impl_->a;
  if (dst.cls == RegClass::Gp) {
    a.test(d(cond), d(cond));
    if (type == ValType::I32) {
      if (!(dst == ifTrue)) a.mov(d(dst), d(ifTrue));
      a.cmovz(d(dst), d(ifFalse));
    } else {
      if (!(dst == ifTrue)) a.mov(q(dst), q(ifTrue));
      a.cmovz(q(dst), q(ifFalse));
    }
    return;
  }
  Label done = a.newLabel();
  if (!(dst == ifTrue)) a.movaps(x(dst), x(ifTrue));
  a.test(d(cond), d(cond));
  a.jnz(done);
  a.movaps(x(dst), x(ifFalse));
  a.bind(done);
}

// --- Linear memory ---------------------------------------------------------------------------

namespace {

// How a load or store opcode is encoded against memory: the legacy prefix (or 0), REX.W, the
// opcode (one byte or 0x0fXX), and whether the register is a byte register.
struct MemoryForm {
  uint8_t prefix;
  bool wide;
  uint16_t opcode;
  bool byteReg = false;
};

// The encoding of a scalar load, from the operator's facts: width, extension, register kind.
std::optional<MemoryForm> loadForm(const OperatorFacts& f) {
  if (f.type == ValType::F32 || f.type == ValType::F64) {
    return MemoryForm{static_cast<uint8_t>(f.type == ValType::F32 ? 0xf3 : 0xf2), false, 0x0f10};
  }
  const bool sign = f.extension == Extension::Sign;
  switch (f.accessSize()) {
    case 1:
      return sign ? MemoryForm{0, f.wide, 0x0fbe} : MemoryForm{0, false, 0x0fb6};  // movsx/zx
    case 2:
      return sign ? MemoryForm{0, f.wide, 0x0fbf} : MemoryForm{0, false, 0x0fb7};
    case 4:
      return sign && f.wide ? MemoryForm{0, true, 0x63} : MemoryForm{0, false, 0x8b};  // movsxd
    case 8:
      return MemoryForm{0, true, 0x8b};
    default:
      return std::nullopt;  // v128: see SimdX64::load
  }
}

// The encoding of a scalar store: only the width matters (narrow stores truncate).
std::optional<MemoryForm> storeForm(const OperatorFacts& f) {
  if (f.type == ValType::F32 || f.type == ValType::F64) {
    return MemoryForm{static_cast<uint8_t>(f.type == ValType::F32 ? 0xf3 : 0xf2), false, 0x0f11};
  }
  switch (f.accessSize()) {
    case 1:
      return MemoryForm{0, false, 0x88, true};
    case 2:
      return MemoryForm{0x66, false, 0x89};
    case 4:
      return MemoryForm{0, false, 0x89};
    case 8:
      return MemoryForm{0, true, 0x89};
    default:
      return std::nullopt;
  }
}

}  // namespace

void MacroAssembler::emitLoad(Opcode op, Reg dst, Reg index, uint64_t off) {
  x64::FastAssembler& a = impl_->a;
  const OperatorFacts& f = operatorFacts(op);
  const x64::MemRef ref = impl_->linearAddress(index, off, f.accessSize());
  if (f.type == ValType::V128) {
    impl_->simd.load(op, x(dst), ref.toAsmJit(0));
    return;
  }
  const std::optional<MemoryForm> form = loadForm(f);
  if (!form) return;
  if (a.canEncodeDirectly()) {
    a.regMem(form->prefix, form->wide, form->opcode, dst.code, ref, form->byteReg);
    return;
  }
  x86::Mem m = ref.toAsmJit(0);
  m.setSize(f.accessSize());
  if (f.type == ValType::F32) {
    a.movss(x(dst), m);
  } else if (f.type == ValType::F64) {
    a.movsd(x(dst), m);
  } else if (f.accessSize() == 8) {
    a.mov(q(dst), m);
  } else if (f.accessSize() == 4) {
    if (f.extension == Extension::Sign && f.wide) {
      a.movsxd(q(dst), m);
    } else {
      a.mov(d(dst), m);
    }
  } else if (f.extension == Extension::Sign) {
    a.movsx(f.wide ? q(dst) : d(dst), m);
  } else {
    a.movzx(d(dst), m);  // writing the 32-bit register clears the upper half
  }
}

void MacroAssembler::emitStore(Opcode op, Reg index, uint64_t off, Reg value) {
  x64::FastAssembler& a = impl_->a;
  const OperatorFacts& f = operatorFacts(op);
  const x64::MemRef ref = impl_->linearAddress(index, off, f.accessSize());
  if (f.type == ValType::V128) {
    impl_->simd.store(ref.toAsmJit(0), x(value));
    return;
  }
  const std::optional<MemoryForm> form = storeForm(f);
  if (!form) return;
  if (a.canEncodeDirectly()) {
    a.regMem(form->prefix, form->wide, form->opcode, value.code, ref, form->byteReg);
    return;
  }
  x86::Mem m = ref.toAsmJit(0);
  if (f.type == ValType::F32) {
    a.movss(m, x(value));
  } else if (f.type == ValType::F64) {
    a.movsd(m, x(value));
  } else if (f.accessSize() == 8) {
    a.mov(m, q(value));
  } else if (f.accessSize() == 4) {
    a.mov(m, d(value));
  } else if (f.accessSize() == 2) {
    a.mov(m, w(value));
  } else {
    a.mov(m, b(value));
  }
}

void MacroAssembler::reloadMemoryBase() {
  impl_->a.load(true, kMemBase.id(), kCtx.id(), offsetof(vm::VMContext, memory));
  impl_->a.load(true, kMemBase.id(), kMemBase.id(), offsetof(vm::VMMemory, base));
}

// --- Control ---------------------------------------------------------------------------------

Label MacroAssembler::newLabel() { return impl_->a.newLabel(); }
void MacroAssembler::bind(Label label) { impl_->a.bind(label); }
void MacroAssembler::jump(Label target) { impl_->a.branchToLabel(0xeb, 0xe9, target); }

// Forward jumps to unbound labels get a rel32 and backward ones the short form only when it
// fits: every branch reaches anywhere in a function.
size_t MacroAssembler::shortBranchFunctionBytes() { return SIZE_MAX; }

void MacroAssembler::setLongBranches(bool) {}

void MacroAssembler::branchIfZero(Reg value, Label target) {
  impl_->a.testRR(false, value.code, value.code);
  impl_->jumpIf(x86::CondCode::kZero, target);
}

void MacroAssembler::branchIfNonZero(Reg value, Label target) {
  impl_->a.testRR(false, value.code, value.code);
  impl_->jumpIf(x86::CondCode::kNotZero, target);
}

void MacroAssembler::branchCompare(Condition cond, bool wide, Reg lhs, Reg rhs, Label target) {
  impl_->a.aluRR(Alu::Cmp, wide, lhs.code, rhs.code);
  impl_->jumpIf(condCode(cond), target);
}

void MacroAssembler::branchCompareImm(Condition cond, bool wide, Reg lhs, int32_t rhs,
                                      Label target) {
  impl_->a.aluRI(Alu::Cmp, wide, lhs.code, rhs);
  impl_->jumpIf(condCode(cond), target);
}

void MacroAssembler::jumpTable(Reg index, std::span<const Label> targets, Label otherwise) {
  x86::Assembler& a = impl_->a;
  a.cmp(d(index), asmjit::Imm(static_cast<uint32_t>(targets.size())));
  a.jae(otherwise);
  Label table = a.newLabel();
  a.lea(kScratch, x86::ptr(table));
  a.movsxd(x86::rax, x86::dword_ptr(kScratch, q(index), 2));
  a.add(x86::rax, kScratch);
  a.jmp(x86::rax);
  a.align(asmjit::AlignMode::kData, 4);
  a.bind(table);
  for (Label t : targets) a.embedLabelDelta(t, table, 4);
}

// --- Calls -----------------------------------------------------------------------------------

void MacroAssembler::callLabel(Label target) { impl_->a.branchToLabel(0, 0xe8, target); }

void MacroAssembler::callFuncRef(Reg funcRef) {
  impl_->a.mov(kCtx, x86::qword_ptr(q(funcRef), offsetof(vm::FuncRef, vmctx)));
  impl_->a.call(x86::qword_ptr(q(funcRef), offsetof(vm::FuncRef, code)));
}

void MacroAssembler::callBuiltin(int32_t builtinOffset) {
  impl_->a.mov(x86::rax, x86::qword_ptr(kCtx, offsetof(vm::VMContext, builtins)));
  impl_->a.call(x86::qword_ptr(x86::rax, builtinOffset));
}

void MacroAssembler::restoreContextRegister() {
  impl_->a.mov(kCtx, x86::qword_ptr(x86::rbp, kSavedContextOffset));
}

// --- Interruption ----------------------------------------------------------------------------

void MacroAssembler::emitInterruptCheck() {
  // One compare with memory: whoever advances the epoch sets the flag (runtime/epoch_registry.h).
  impl_->a.cmp(x86::dword_ptr(kCtx, offsetof(vm::VMContext, interruptRequested)), asmjit::Imm(0));
  impl_->jumpIf(x86::CondCode::kNE, impl_->trap(TrapCode::Interrupted));
}

void MacroAssembler::emitFuelConsume(uint32_t cost) {
  x64::FastAssembler& a = impl_->a;
  a.load(true, x86::Gp::kIdAx, kCtx.id(), offsetof(vm::VMContext, activation));
  x86::Mem fuel = x86::qword_ptr(x86::rax, offsetof(vm::VMActivation, fuelRemaining));
  if (cost <= static_cast<uint32_t>(INT32_MAX)) {
    a.sub(fuel, asmjit::Imm(static_cast<int32_t>(cost)));
  } else {
    a.movRI32(kScratch.id(), cost);  // zero-extended
    a.sub(fuel, kScratch);
  }
  // Signed: the fuel left went below zero (a huge budget cannot wrap around into it).
  impl_->jumpIf(x86::CondCode::kL, impl_->trap(TrapCode::FuelExhausted));
}

void MacroAssembler::emitTrapExit(const void* trapStub, TrapCode code) {
  x64::FastAssembler& a = impl_->a;
  // The pc handed over is this sequence's own start: the lea's displacement reaches back over
  // the mov (5 bytes) and itself (7).
  a.movRI32(x86::Gp::kIdDi, static_cast<uint32_t>(code));
  a.leaRip(x86::Gp::kIdSi, -12);
  a.movRR(true, x86::Gp::kIdDx, x86::Gp::kIdBp);
  a.movRI64Full(kScratch.id(), reinterpret_cast<uint64_t>(trapStub));
  a.jmpR(kScratch.id());
}

}  // namespace sable::arch
