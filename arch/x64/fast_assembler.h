// AsmJit's x86 Assembler plus direct encoders for the instruction forms the compiler emits most
// (register moves, loads and stores, integer ALU operations with a register or an immediate,
// scalar SSE arithmetic, jumps and calls to labels). AsmJit's generic encoder spends about two
// hundred instructions on each instruction, which made it the largest single cost of compiling;
// these write the same bytes in a few dozen. The bytes are exactly AsmJit's own choices (short
// forms included), so the code does not depend on which path emitted it; unit tests compare the two
// for every register pair and a spread of displacements and immediates. Anything else, and any
// instruction the buffer has no room for, goes through AsmJit.
#pragma once

#include <asmjit/x86.h>

#include <cstdint>

namespace sable::arch::x64 {

// The ModRM.reg digit of the 0x81/0x83 immediate group; the register form's opcode is
// (digit << 3) | 1 and the eax short form's (digit << 3) | 5.
enum class Alu : uint8_t { Add = 0, Or = 1, And = 4, Sub = 5, Xor = 6, Cmp = 7 };

// [base + index + disp], scale 1; index kNoIndex for none.
struct MemRef {
  static constexpr uint32_t kNoIndex = 0xff;
  uint32_t base = 0;
  uint32_t index = kNoIndex;
  int32_t disp = 0;

  asmjit::x86::Mem toAsmJit(uint32_t size) const {
    if (index == kNoIndex) return asmjit::x86::ptr(asmjit::x86::gpq(base), disp, size);
    return asmjit::x86::ptr(asmjit::x86::gpq(base), asmjit::x86::gpq(index), 0, disp, size);
  }
};

class FastAssembler : public asmjit::x86::Assembler {
 public:
  explicit FastAssembler(asmjit::CodeHolder* code) : asmjit::x86::Assembler(code) {}

  // Whether the next instruction may bypass AsmJit: room for the longest direct encoding,
  // and no pending prefix, logger or validation that AsmJit would have to apply.
  bool canEncodeDirectly() const {
    return remainingSpace() >= kMaxLength && instOptions() == asmjit::InstOptions::kNone &&
           forcedInstOptions() == asmjit::InstOptions::kNone;
  }

  // mov dst, src (32- or 64-bit general-purpose registers, by code).
  void movRR(bool wide, uint32_t dst, uint32_t src) {
    if (!canEncodeDirectly()) return (void)mov(gp(wide, dst), gp(wide, src));
    uint8_t* p = _bufferPtr;
    p = rex(p, wide, src, 0, dst);
    *p++ = 0x89;
    *p++ = static_cast<uint8_t>(0xc0 | (src & 7) << 3 | (dst & 7));
    done(p);
  }

  // mov dst, [base + disp]
  void load(bool wide, uint32_t dst, uint32_t base, int32_t disp) {
    if (!canEncodeDirectly())
      return (void)mov(gp(wide, dst), asmjit::x86::ptr(gp(true, base), disp));
    uint8_t* p = _bufferPtr;
    p = rex(p, wide, dst, 0, base);
    *p++ = 0x8b;
    done(memory(p, dst, base, disp));
  }

  // mov [base + disp], src
  void store(bool wide, uint32_t base, int32_t disp, uint32_t src) {
    if (!canEncodeDirectly())
      return (void)mov(asmjit::x86::ptr(gp(true, base), disp), gp(wide, src));
    uint8_t* p = _bufferPtr;
    p = rex(p, wide, src, 0, base);
    *p++ = 0x89;
    done(memory(p, src, base, disp));
  }

  // op dst, src
  void aluRR(Alu op, bool wide, uint32_t dst, uint32_t src) {
    if (!canEncodeDirectly()) return (void)emit(aluId(op), gp(wide, dst), gp(wide, src));
    uint8_t* p = _bufferPtr;
    p = rex(p, wide, src, 0, dst);
    *p++ = static_cast<uint8_t>(static_cast<uint8_t>(op) << 3 | 1);
    *p++ = static_cast<uint8_t>(0xc0 | (src & 7) << 3 | (dst & 7));
    done(p);
  }

  // op dst, imm: a 32-bit operation takes the low 32 bits of `imm` (which must fit 32 bits,
  // signed or not); a 64-bit one sign-extends a 32-bit immediate (which `imm` must fit).
  void aluRI(Alu op, bool wide, uint32_t dst, int64_t imm) {
    const bool fits = wide ? imm >= INT32_MIN && imm <= INT32_MAX
                           : imm >= INT32_MIN && imm <= int64_t{UINT32_MAX};
    if (!fits || !canEncodeDirectly()) {
      return (void)emit(aluId(op), gp(wide, dst), asmjit::Imm(imm));
    }
    const int32_t v = static_cast<int32_t>(static_cast<uint32_t>(imm));
    const uint8_t digit = static_cast<uint8_t>(op);
    uint8_t* p = _bufferPtr;
    p = rex(p, wide, 0, 0, dst);
    if (v >= -128 && v <= 127) {
      *p++ = 0x83;
      *p++ = static_cast<uint8_t>(0xc0 | digit << 3 | (dst & 7));
      *p++ = static_cast<uint8_t>(v);
    } else {
      if (dst == 0) {
        *p++ = static_cast<uint8_t>(digit << 3 | 5);
      } else {
        *p++ = 0x81;
        *p++ = static_cast<uint8_t>(0xc0 | digit << 3 | (dst & 7));
      }
      p = imm32(p, v);
    }
    done(p);
  }

  // A register-memory instruction: [prefix] [REX] opcode ModRM [SIB] [disp], where `opcode` is
  // one byte or 0x0fXX and `prefix` 0 or a legacy prefix (0x66, 0xf2, 0xf3). `byteReg` asks for
  // the byte register of `reg` (spl..dil need an empty REX). The caller checks
  // canEncodeDirectly() first.
  void regMem(uint8_t prefix, bool wide, uint16_t opcode, uint32_t reg, const MemRef& m,
              bool byteReg = false) {
    uint8_t* p = _bufferPtr;
    if (prefix != 0) *p++ = prefix;
    const uint32_t index = m.index == MemRef::kNoIndex ? 0 : m.index;
    uint8_t* afterRex = rex(p, wide, reg, index, m.base);
    if (afterRex == p && byteReg && reg >= 4 && reg < 8) *afterRex++ = 0x40;
    p = afterRex;
    if (opcode > 0xff) *p++ = static_cast<uint8_t>(opcode >> 8);
    *p++ = static_cast<uint8_t>(opcode);
    done(m.index == MemRef::kNoIndex ? memory(p, reg, m.base, m.disp)
                                     : memoryIndexed(p, reg, m.base, m.index, m.disp));
  }

  // A register-register instruction: [prefix] [REX] opcode ModRM(11, reg, rm), `opcode` one byte
  // or 0x0fXX. `byteRm` asks for the byte register of `rm` (spl..dil need an empty REX). The
  // caller checks canEncodeDirectly() first.
  void regReg(uint8_t prefix, bool wide, uint16_t opcode, uint32_t reg, uint32_t rm,
              bool byteRm = false) {
    uint8_t* p = _bufferPtr;
    if (prefix != 0) *p++ = prefix;
    uint8_t* afterRex = rex(p, wide, reg, 0, rm);
    if (afterRex == p && byteRm && rm >= 4 && rm < 8) *afterRex++ = 0x40;
    p = afterRex;
    if (opcode > 0xff) *p++ = static_cast<uint8_t>(opcode >> 8);
    *p++ = static_cast<uint8_t>(opcode);
    *p++ = static_cast<uint8_t>(0xc0 | (reg & 7) << 3 | (rm & 7));
    done(p);
  }

  // op reg, [base + disp]
  void aluRM(Alu op, bool wide, uint32_t reg, uint32_t base, int32_t disp) {
    if (!canEncodeDirectly()) {
      return (void)emit(aluId(op), gp(wide, reg), asmjit::x86::ptr(gp(true, base), disp));
    }
    uint8_t* p = _bufferPtr;
    p = rex(p, wide, reg, 0, base);
    *p++ = static_cast<uint8_t>(static_cast<uint8_t>(op) << 3 | 3);
    done(memory(p, reg, base, disp));
  }

  // test a, b
  void testRR(bool wide, uint32_t a, uint32_t b) {
    if (!canEncodeDirectly()) return (void)test(gp(wide, a), gp(wide, b));
    uint8_t* p = _bufferPtr;
    p = rex(p, wide, b, 0, a);
    *p++ = 0x85;
    *p++ = static_cast<uint8_t>(0xc0 | (b & 7) << 3 | (a & 7));
    done(p);
  }

  // mov dst32, imm32 (zero-extends into the 64-bit register)
  void movRI32(uint32_t dst, uint32_t imm) {
    if (!canEncodeDirectly()) return (void)mov(asmjit::x86::gpd(dst), imm);
    uint8_t* p = _bufferPtr;
    p = rex(p, false, 0, 0, dst);
    *p++ = static_cast<uint8_t>(0xb8 | (dst & 7));
    done(imm32(p, static_cast<int32_t>(imm)));
  }

  // movabs dst64, imm64
  void movRI64Full(uint32_t dst, uint64_t imm) {
    if (!canEncodeDirectly()) return (void)movabs(asmjit::x86::gpq(dst), asmjit::Imm(imm));
    uint8_t* p = _bufferPtr;
    p = rex(p, true, 0, 0, dst);
    *p++ = static_cast<uint8_t>(0xb8 | (dst & 7));
    p = imm32(p, static_cast<int32_t>(static_cast<uint32_t>(imm)));
    done(imm32(p, static_cast<int32_t>(static_cast<uint32_t>(imm >> 32))));
  }

  // lea dst64, [rip + disp], disp counted from the end of this instruction
  void leaRip(uint32_t dst, int32_t disp) {
    if (!canEncodeDirectly()) {
      return (void)lea(asmjit::x86::gpq(dst), asmjit::x86::ptr(asmjit::x86::rip, disp));
    }
    uint8_t* p = _bufferPtr;
    p = rex(p, true, dst, 0, 0);
    *p++ = 0x8d;
    *p++ = static_cast<uint8_t>(0x05 | (dst & 7) << 3);
    done(imm32(p, disp));
  }

  void pushR(uint32_t r) {
    if (!canEncodeDirectly()) return (void)push(asmjit::x86::gpq(r));
    uint8_t* p = _bufferPtr;
    p = rex(p, false, 0, 0, r);
    *p++ = static_cast<uint8_t>(0x50 | (r & 7));
    done(p);
  }

  // jmp r64
  void jmpR(uint32_t r) {
    if (!canEncodeDirectly()) return (void)jmp(asmjit::x86::gpq(r));
    uint8_t* p = _bufferPtr;
    p = rex(p, false, 0, 0, r);
    *p++ = 0xff;
    *p++ = static_cast<uint8_t>(0xe0 | (r & 7));
    done(p);
  }

  // rol/ror/shl/shr/sar (ModRM.reg digit 0/1/4/5/7) r, imm8: the 0xd1 form for a count of 1.
  void shiftRI(uint8_t digit, bool wide, uint32_t r, uint8_t count) {
    if (!canEncodeDirectly()) {
      return (void)emit(shiftId(digit), gp(wide, r), asmjit::Imm(uint32_t{count}));
    }
    uint8_t* p = _bufferPtr;
    p = rex(p, wide, 0, 0, r);
    *p++ = count == 1 ? 0xd1 : 0xc1;
    *p++ = static_cast<uint8_t>(0xc0 | digit << 3 | (r & 7));
    if (count != 1) *p++ = count;
    done(p);
  }

  // imul dst, src, imm (imm8 form when it fits); a 64-bit `imm` must fit 32 bits signed.
  void imulRRI(bool wide, uint32_t dst, uint32_t src, int64_t imm) {
    if (!canEncodeDirectly() || imm < INT32_MIN || imm > INT32_MAX) {
      return (void)imul(gp(wide, dst), gp(wide, src), asmjit::Imm(imm));
    }
    const int32_t v = static_cast<int32_t>(imm);
    uint8_t* p = _bufferPtr;
    p = rex(p, wide, dst, 0, src);
    const bool short8 = v >= -128 && v <= 127;
    *p++ = short8 ? 0x6b : 0x69;
    *p++ = static_cast<uint8_t>(0xc0 | (dst & 7) << 3 | (src & 7));
    if (short8)
      *p++ = static_cast<uint8_t>(v);
    else
      p = imm32(p, v);
    done(p);
  }

  // cdq (32-bit) or cqo (64-bit): sign-extends eax/rax into edx/rdx.
  void signExtendAxIntoDx(bool wide) {
    if (!canEncodeDirectly()) return (void)(wide ? cqo() : cdq());
    uint8_t* p = _bufferPtr;
    if (wide) *p++ = 0x48;
    *p++ = 0x99;
    done(p);
  }

  void leaveRet() {
    if (!canEncodeDirectly()) {
      leave();
      ret();
      return;
    }
    uint8_t* p = _bufferPtr;
    *p++ = 0xc9;
    *p++ = 0xc3;
    done(p);
  }

  // jmp (shortOpcode 0xeb, nearOpcode 0xe9), jcc (0x70 | cc, 0x0f80 | cc) or call (0, 0xe8) to
  // a label, in AsmJit's form: rel8 for a bound label within reach when there is a short form,
  // else rel32, recorded as a link of the label while it is unbound.
  void branchToLabel(uint8_t shortOpcode, uint16_t nearOpcode, const asmjit::Label& label) {
    asmjit::LabelEntry* entry = canEncodeDirectly() ? _code->labelEntry(label) : nullptr;
    if (entry == nullptr) return branchThroughAsmJit(shortOpcode, nearOpcode, label);
    uint8_t* p = _bufferPtr;
    const int64_t length = nearOpcode > 0xff ? 6 : 5;
    if (entry->isBoundTo(_section)) {
      const int64_t distance =
          static_cast<int64_t>(entry->offset()) - static_cast<int64_t>(offset());
      if (shortOpcode != 0 && distance - 2 >= -128 && distance - 2 <= 127) {
        *p++ = shortOpcode;
        *p++ = static_cast<uint8_t>(distance - 2);
        return done(p);
      }
      if (distance - length < INT32_MIN || distance - length > INT32_MAX) {
        return branchThroughAsmJit(shortOpcode, nearOpcode, label);
      }
      if (nearOpcode > 0xff) *p++ = static_cast<uint8_t>(nearOpcode >> 8);
      *p++ = static_cast<uint8_t>(nearOpcode);
      return done(imm32(p, static_cast<int32_t>(distance - length)));
    }
    if (nearOpcode > 0xff) *p++ = static_cast<uint8_t>(nearOpcode >> 8);
    *p++ = static_cast<uint8_t>(nearOpcode);
    asmjit::OffsetFormat format;
    format.resetToSimpleValue(asmjit::OffsetType::kSignedOffset, 4);
    if (_code->newLabelLink(entry, _section->id(), static_cast<size_t>(p - _bufferData), -4,
                            format) == nullptr) {
      return branchThroughAsmJit(shortOpcode, nearOpcode, label);  // reports the failure
    }
    return done(imm32(p, 0));
  }

  // mov dword/qword [m], imm32 (sign-extended for qword)
  void storeImm(bool wide, const MemRef& m, int32_t imm) {
    if (!canEncodeDirectly()) {
      return (void)mov(m.toAsmJit(wide ? 8 : 4), asmjit::Imm(int64_t{imm}));
    }
    regMem(0, wide, 0xc7, 0, m);
    done(imm32(_bufferPtr, imm));
  }

  // mov dst64, sign-extended imm32
  void movRI64(uint32_t dst, int32_t imm) {
    if (!canEncodeDirectly()) return (void)mov(asmjit::x86::gpq(dst), asmjit::Imm(int64_t{imm}));
    uint8_t* p = _bufferPtr;
    p = rex(p, true, 0, 0, dst);
    *p++ = 0xc7;
    *p++ = static_cast<uint8_t>(0xc0 | (dst & 7));
    done(imm32(p, imm));
  }

 private:
  static constexpr size_t kMaxLength = 16;

  static asmjit::x86::Gp gp(bool wide, uint32_t code) {
    if (wide) return asmjit::x86::gpq(code);
    return asmjit::x86::gpd(code);
  }
  static asmjit::x86::Inst::Id aluId(Alu op) {
    switch (op) {
      case Alu::Add:
        return asmjit::x86::Inst::kIdAdd;
      case Alu::Or:
        return asmjit::x86::Inst::kIdOr;
      case Alu::And:
        return asmjit::x86::Inst::kIdAnd;
      case Alu::Sub:
        return asmjit::x86::Inst::kIdSub;
      case Alu::Xor:
        return asmjit::x86::Inst::kIdXor;
      case Alu::Cmp:
        return asmjit::x86::Inst::kIdCmp;
    }
    return asmjit::x86::Inst::kIdNone;
  }

  static asmjit::x86::Inst::Id shiftId(uint8_t digit) {
    switch (digit) {
      case 0:
        return asmjit::x86::Inst::kIdRol;
      case 1:
        return asmjit::x86::Inst::kIdRor;
      case 4:
        return asmjit::x86::Inst::kIdShl;
      case 5:
        return asmjit::x86::Inst::kIdShr;
      default:
        return asmjit::x86::Inst::kIdSar;
    }
  }

  void branchThroughAsmJit(uint8_t shortOpcode, uint16_t nearOpcode, const asmjit::Label& label) {
    if (nearOpcode == 0xe8) {
      call(label);
    } else if (nearOpcode == 0xe9) {
      jmp(label);
    } else {
      j(static_cast<asmjit::x86::CondCode>(shortOpcode & 0x0f), label);
    }
  }

  // A REX prefix when the operation is 64-bit or names r8-r15 (ModRM.reg, SIB.index, ModRM.rm
  // or SIB.base); none otherwise, as AsmJit.
  static uint8_t* rex(uint8_t* p, bool wide, uint32_t reg, uint32_t index, uint32_t rm) {
    const uint8_t bits =
        static_cast<uint8_t>((wide ? 8 : 0) | (reg & 8) >> 1 | (index & 8) >> 2 | (rm & 8) >> 3);
    if (bits != 0) *p++ = static_cast<uint8_t>(0x40 | bits);
    return p;
  }

  static uint8_t* imm32(uint8_t* p, int32_t v) {
    const uint32_t u = static_cast<uint32_t>(v);
    p[0] = static_cast<uint8_t>(u);
    p[1] = static_cast<uint8_t>(u >> 8);
    p[2] = static_cast<uint8_t>(u >> 16);
    p[3] = static_cast<uint8_t>(u >> 24);
    return p + 4;
  }

  // The ModRM mod bits for a displacement from base register number `b` (low three bits): none
  // when it is zero and the base allows (rbp and r13 do not), else disp8 when it fits, else
  // disp32.
  static uint8_t displacementMode(uint8_t b, int32_t disp) {
    if (disp == 0 && b != 5) return 0x00;
    return disp >= -128 && disp <= 127 ? 0x40 : 0x80;
  }

  // ModRM (and SIB) for [base + disp]; rsp and r12 as base need a SIB byte.
  static uint8_t* memory(uint8_t* p, uint32_t reg, uint32_t base, int32_t disp) {
    const uint8_t r = static_cast<uint8_t>((reg & 7) << 3);
    const uint8_t b = static_cast<uint8_t>(base & 7);
    const uint8_t mod = displacementMode(b, disp);
    *p++ = static_cast<uint8_t>(mod | r | b);
    if (b == 4) *p++ = 0x24;
    if (mod == 0x40) *p++ = static_cast<uint8_t>(disp);
    if (mod == 0x80) p = imm32(p, disp);
    return p;
  }

  // ModRM and SIB for [base + index + disp], scale 1: as memory() but the ModRM names a SIB.
  static uint8_t* memoryIndexed(uint8_t* p, uint32_t reg, uint32_t base, uint32_t index,
                                int32_t disp) {
    const uint8_t b = static_cast<uint8_t>(base & 7);
    const uint8_t mod = displacementMode(b, disp);
    *p++ = static_cast<uint8_t>(mod | (reg & 7) << 3 | 4);
    *p++ = static_cast<uint8_t>((index & 7) << 3 | b);
    if (mod == 0x40) *p++ = static_cast<uint8_t>(disp);
    if (mod == 0x80) p = imm32(p, disp);
    return p;
  }

  void done(uint8_t* p) {
    _bufferPtr = p;
    asmjit::CodeBuffer& buffer = _section->buffer();
    const size_t size = static_cast<size_t>(p - _bufferData);
    if (buffer._size < size) buffer._size = size;
  }
};

}  // namespace sable::arch::x64
