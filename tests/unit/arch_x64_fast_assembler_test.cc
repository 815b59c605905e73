// The direct encoders of arch/x64/fast_assembler.h write exactly the bytes AsmJit's own encoder
// writes, for every register and a spread of displacements and immediates, so the machine code
// does not depend on which of the two emitted an instruction.
#if defined(__x86_64__)

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "arch/x64/fast_assembler.h"

namespace sable::test {
namespace {

namespace x86 = asmjit::x86;
using arch::x64::Alu;
using arch::x64::FastAssembler;

std::vector<uint8_t> bytesOf(const asmjit::CodeHolder& code) {
  const asmjit::CodeBuffer& b = code.textSection()->buffer();
  return std::vector<uint8_t>(b.data(), b.data() + b.size());
}

// The bytes of `direct` (which must take the direct path) and of `reference` on a plain AsmJit
// assembler.
void expectSame(const std::function<void(FastAssembler&)>& direct,
                const std::function<void(x86::Assembler&)>& reference, const std::string& what) {
  asmjit::CodeHolder fastCode;
  fastCode.init(asmjit::Environment::host());
  (void)fastCode.reserveBuffer(&fastCode.textSection()->buffer(), 256);
  FastAssembler fast(&fastCode);
  ASSERT_TRUE(fast.canEncodeDirectly()) << what;
  direct(fast);
  asmjit::CodeHolder refCode;
  refCode.init(asmjit::Environment::host());
  x86::Assembler ref(&refCode);
  reference(ref);
  EXPECT_EQ(bytesOf(fastCode), bytesOf(refCode)) << what;
  EXPECT_EQ(fast.offset(), bytesOf(refCode).size()) << what;
}

x86::Gp gp(bool wide, uint32_t code) {
  if (wide) return x86::gpq(code);
  return x86::gpd(code);
}

constexpr int32_t kDisplacements[] = {0,    1,    -1,    8,      -8,        127,       -128,
                                      128,  -129, 255,   1000,   -16384,    INT32_MAX, INT32_MIN,
                                      4096, -24,  65536, -65536, 0x12345678};
constexpr int64_t kImmediates[] = {0,         1,          -1,          5,      127,
                                   -128,      128,        -129,        500,    0x7fffffff,
                                   INT32_MIN, 0x12345678, -0x12345678, 0xffff, -65536};
constexpr Alu kAlus[] = {Alu::Add, Alu::Or, Alu::And, Alu::Sub, Alu::Xor, Alu::Cmp};

x86::Inst::Id idOf(Alu op) {
  switch (op) {
    case Alu::Add:
      return x86::Inst::kIdAdd;
    case Alu::Or:
      return x86::Inst::kIdOr;
    case Alu::And:
      return x86::Inst::kIdAnd;
    case Alu::Sub:
      return x86::Inst::kIdSub;
    case Alu::Xor:
      return x86::Inst::kIdXor;
    case Alu::Cmp:
      return x86::Inst::kIdCmp;
  }
  return x86::Inst::kIdNone;
}

TEST(X64FastAssembler, RegisterFormsMatchAsmJit) {
  for (bool wide : {false, true}) {
    for (uint32_t a = 0; a < 16; ++a) {
      for (uint32_t b = 0; b < 16; ++b) {
        const std::string what =
            std::to_string(wide) + " " + std::to_string(a) + "," + std::to_string(b);
        expectSame([&](FastAssembler& f) { f.movRR(wide, a, b); },
                   [&](x86::Assembler& r) { r.mov(gp(wide, a), gp(wide, b)); }, "mov " + what);
        expectSame([&](FastAssembler& f) { f.testRR(wide, a, b); },
                   [&](x86::Assembler& r) { r.test(gp(wide, a), gp(wide, b)); }, "test " + what);
        for (Alu op : kAlus) {
          expectSame([&](FastAssembler& f) { f.aluRR(op, wide, a, b); },
                     [&](x86::Assembler& r) { r.emit(idOf(op), gp(wide, a), gp(wide, b)); },
                     "alu " + std::to_string(static_cast<int>(op)) + " " + what);
        }
      }
    }
  }
}

TEST(X64FastAssembler, MemoryFormsMatchAsmJit) {
  for (bool wide : {false, true}) {
    for (uint32_t reg = 0; reg < 16; ++reg) {
      for (uint32_t base = 0; base < 16; ++base) {
        for (int32_t disp : kDisplacements) {
          const std::string what = std::to_string(wide) + " " + std::to_string(reg) + " [" +
                                   std::to_string(base) + "+" + std::to_string(disp) + "]";
          const x86::Mem m = x86::ptr(x86::gpq(base), disp);
          expectSame([&](FastAssembler& f) { f.load(wide, reg, base, disp); },
                     [&](x86::Assembler& r) { r.mov(gp(wide, reg), m); }, "load " + what);
          expectSame([&](FastAssembler& f) { f.store(wide, base, disp, reg); },
                     [&](x86::Assembler& r) { r.mov(m, gp(wide, reg)); }, "store " + what);
        }
      }
    }
  }
}

TEST(X64FastAssembler, ImmediateFormsMatchAsmJit) {
  for (uint32_t dst = 0; dst < 16; ++dst) {
    for (int64_t imm : kImmediates) {
      const std::string what = std::to_string(dst) + " " + std::to_string(imm);
      for (Alu op : kAlus) {
        for (bool wide : {false, true}) {
          expectSame([&](FastAssembler& f) { f.aluRI(op, wide, dst, imm); },
                     [&](x86::Assembler& r) {
                       r.emit(idOf(op), gp(wide, dst),
                              wide ? asmjit::Imm(imm) : asmjit::Imm(static_cast<int32_t>(imm)));
                     },
                     "alu " + std::to_string(static_cast<int>(op)) + " " + what);
        }
      }
      // 32-bit operations take unsigned 32-bit immediates too, as their low 32 bits.
      const int64_t u = imm & 0xffffffff;
      expectSame([&](FastAssembler& f) { f.aluRI(Alu::And, false, dst, u); },
                 [&](x86::Assembler& r) { r.and_(x86::gpd(dst), static_cast<uint32_t>(u)); },
                 "and32 unsigned " + what);
      expectSame([&](FastAssembler& f) { f.movRI32(dst, static_cast<uint32_t>(imm)); },
                 [&](x86::Assembler& r) { r.mov(x86::gpd(dst), static_cast<uint32_t>(imm)); },
                 "mov32 " + what);
      expectSame([&](FastAssembler& f) { f.movRI64(dst, static_cast<int32_t>(imm)); },
                 [&](x86::Assembler& r) {
                   r.mov(x86::gpq(dst), asmjit::Imm(int64_t{static_cast<int32_t>(imm)}));
                 },
                 "mov64 " + what);
    }
  }
}

TEST(X64FastAssembler, RegisterMemoryFormsMatchAsmJit) {
  for (bool wide : {false, true}) {
    for (uint32_t reg = 0; reg < 16; ++reg) {
      for (uint32_t base = 0; base < 16; ++base) {
        for (int32_t disp : kDisplacements) {
          for (Alu op : kAlus) {
            const std::string what = std::to_string(static_cast<int>(op)) + " " +
                                     std::to_string(wide) + " " + std::to_string(reg) + " [" +
                                     std::to_string(base) + "+" + std::to_string(disp) + "]";
            expectSame([&](FastAssembler& f) { f.aluRM(op, wide, reg, base, disp); },
                       [&](x86::Assembler& r) {
                         r.emit(idOf(op), gp(wide, reg), x86::ptr(x86::gpq(base), disp));
                       },
                       "alu " + what);
          }
        }
      }
    }
  }
}

TEST(X64FastAssembler, OtherFormsMatchAsmJit) {
  constexpr uint64_t kWide[] = {0, 1, 0xffffffff, 0x100000000, 0x7fff12345678abcd, ~uint64_t{0}};
  for (uint32_t r = 0; r < 16; ++r) {
    const std::string what = std::to_string(r);
    for (uint64_t v : kWide) {
      expectSame([&](FastAssembler& f) { f.movRI64Full(r, v); },
                 [&](x86::Assembler& a) { a.movabs(x86::gpq(r), asmjit::Imm(v)); },
                 "movabs " + what + " " + std::to_string(v));
    }
    for (int32_t disp : kDisplacements) {
      expectSame([&](FastAssembler& f) { f.leaRip(r, disp); },
                 [&](x86::Assembler& a) { a.lea(x86::gpq(r), x86::ptr(x86::rip, disp)); },
                 "lea rip " + what + " " + std::to_string(disp));
    }
    expectSame([&](FastAssembler& f) { f.pushR(r); },
               [&](x86::Assembler& a) { a.push(x86::gpq(r)); }, "push " + what);
    expectSame([&](FastAssembler& f) { f.jmpR(r); }, [&](x86::Assembler& a) { a.jmp(x86::gpq(r)); },
               "jmp " + what);
  }
  expectSame([&](FastAssembler& f) { f.leaveRet(); },
             [&](x86::Assembler& a) {
               a.leave();
               a.ret();
             },
             "leave ret");
}

// Every register-memory form the x64 MacroAssembler encodes through regMem(), against the AsmJit
// instruction it stands for.
struct RegMemCase {
  const char* name;
  uint8_t prefix;
  bool wide;
  uint16_t opcode;
  bool byteReg;
  std::function<void(x86::Assembler&, uint32_t reg, const x86::Mem&)> reference;
};

TEST(X64FastAssembler, RegisterMemoryLoadAndStoreFormsMatchAsmJit) {
  auto mem = [](x86::Mem m, uint32_t size) {
    m.setSize(size);
    return m;
  };
  const RegMemCase cases[] = {
      {"mov r32, m", 0, false, 0x8b, false,
       [](x86::Assembler& a, uint32_t r, const x86::Mem& m) { a.mov(x86::gpd(r), m); }},
      {"mov r64, m", 0, true, 0x8b, false,
       [](x86::Assembler& a, uint32_t r, const x86::Mem& m) { a.mov(x86::gpq(r), m); }},
      {"movss x, m", 0xf3, false, 0x0f10, false,
       [](x86::Assembler& a, uint32_t r, const x86::Mem& m) { a.movss(x86::xmm(r), m); }},
      {"movsd x, m", 0xf2, false, 0x0f10, false,
       [](x86::Assembler& a, uint32_t r, const x86::Mem& m) { a.movsd(x86::xmm(r), m); }},
      {"movsx r32, m8", 0, false, 0x0fbe, false,
       [&](x86::Assembler& a, uint32_t r, const x86::Mem& m) { a.movsx(x86::gpd(r), mem(m, 1)); }},
      {"movsx r64, m8", 0, true, 0x0fbe, false,
       [&](x86::Assembler& a, uint32_t r, const x86::Mem& m) { a.movsx(x86::gpq(r), mem(m, 1)); }},
      {"movzx r32, m8", 0, false, 0x0fb6, false,
       [&](x86::Assembler& a, uint32_t r, const x86::Mem& m) { a.movzx(x86::gpd(r), mem(m, 1)); }},
      {"movsx r32, m16", 0, false, 0x0fbf, false,
       [&](x86::Assembler& a, uint32_t r, const x86::Mem& m) { a.movsx(x86::gpd(r), mem(m, 2)); }},
      {"movsx r64, m16", 0, true, 0x0fbf, false,
       [&](x86::Assembler& a, uint32_t r, const x86::Mem& m) { a.movsx(x86::gpq(r), mem(m, 2)); }},
      {"movzx r32, m16", 0, false, 0x0fb7, false,
       [&](x86::Assembler& a, uint32_t r, const x86::Mem& m) { a.movzx(x86::gpd(r), mem(m, 2)); }},
      {"movsxd r64, m32", 0, true, 0x63, false,
       [&](x86::Assembler& a, uint32_t r, const x86::Mem& m) { a.movsxd(x86::gpq(r), mem(m, 4)); }},
      {"mov m, r32", 0, false, 0x89, false,
       [](x86::Assembler& a, uint32_t r, const x86::Mem& m) { a.mov(m, x86::gpd(r)); }},
      {"mov m, r64", 0, true, 0x89, false,
       [](x86::Assembler& a, uint32_t r, const x86::Mem& m) { a.mov(m, x86::gpq(r)); }},
      {"movss m, x", 0xf3, false, 0x0f11, false,
       [](x86::Assembler& a, uint32_t r, const x86::Mem& m) { a.movss(m, x86::xmm(r)); }},
      {"movsd m, x", 0xf2, false, 0x0f11, false,
       [](x86::Assembler& a, uint32_t r, const x86::Mem& m) { a.movsd(m, x86::xmm(r)); }},
      {"mov m, r8", 0, false, 0x88, true,
       [](x86::Assembler& a, uint32_t r, const x86::Mem& m) { a.mov(m, x86::gpb_lo(r)); }},
      {"mov m, r16", 0x66, false, 0x89, false,
       [](x86::Assembler& a, uint32_t r, const x86::Mem& m) { a.mov(m, x86::gpw(r)); }},
  };
  constexpr int32_t kDisp[] = {0, 1, -1, 127, 128, -129, 0x7fffffff, 4096};
  for (const RegMemCase& c : cases) {
    for (uint32_t reg = 0; reg < 16; ++reg) {
      for (uint32_t base = 0; base < 16; ++base) {
        for (uint32_t index : {arch::x64::MemRef::kNoIndex, 0u, 3u, 5u, 7u, 8u, 12u, 13u, 15u}) {
          for (int32_t disp : kDisp) {
            const arch::x64::MemRef ref{base, index, disp};
            const std::string what = std::string(c.name) + " " + std::to_string(reg) + " [" +
                                     std::to_string(base) + "+" + std::to_string(index) + "+" +
                                     std::to_string(disp) + "]";
            expectSame(
                [&](FastAssembler& f) {
                  f.regMem(c.prefix, c.wide, c.opcode, reg, ref, c.byteReg);
                },
                [&](x86::Assembler& a) { c.reference(a, reg, ref.toAsmJit(0)); }, what);
          }
        }
      }
    }
  }
}

// Every register-register form the x64 MacroAssembler encodes through regReg().
struct RegRegCase {
  const char* name;
  uint8_t prefix;
  bool wide;
  uint16_t opcode;
  bool byteRm;
  std::function<void(x86::Assembler&, uint32_t reg, uint32_t rm)> reference;
};

TEST(X64FastAssembler, RegisterRegisterSseAndByteFormsMatchAsmJit) {
  using A = x86::Assembler;
  const RegRegCase cases[] = {
      {"addss", 0xf3, false, 0x0f58, false,
       [](A& a, uint32_t r, uint32_t m) { a.addss(x86::xmm(r), x86::xmm(m)); }},
      {"subss", 0xf3, false, 0x0f5c, false,
       [](A& a, uint32_t r, uint32_t m) { a.subss(x86::xmm(r), x86::xmm(m)); }},
      {"mulss", 0xf3, false, 0x0f59, false,
       [](A& a, uint32_t r, uint32_t m) { a.mulss(x86::xmm(r), x86::xmm(m)); }},
      {"divss", 0xf3, false, 0x0f5e, false,
       [](A& a, uint32_t r, uint32_t m) { a.divss(x86::xmm(r), x86::xmm(m)); }},
      {"addsd", 0xf2, false, 0x0f58, false,
       [](A& a, uint32_t r, uint32_t m) { a.addsd(x86::xmm(r), x86::xmm(m)); }},
      {"subsd", 0xf2, false, 0x0f5c, false,
       [](A& a, uint32_t r, uint32_t m) { a.subsd(x86::xmm(r), x86::xmm(m)); }},
      {"mulsd", 0xf2, false, 0x0f59, false,
       [](A& a, uint32_t r, uint32_t m) { a.mulsd(x86::xmm(r), x86::xmm(m)); }},
      {"divsd", 0xf2, false, 0x0f5e, false,
       [](A& a, uint32_t r, uint32_t m) { a.divsd(x86::xmm(r), x86::xmm(m)); }},
      {"movaps", 0, false, 0x0f28, false,
       [](A& a, uint32_t r, uint32_t m) { a.movaps(x86::xmm(r), x86::xmm(m)); }},
      {"xorps", 0, false, 0x0f57, false,
       [](A& a, uint32_t r, uint32_t m) { a.xorps(x86::xmm(r), x86::xmm(m)); }},
      {"ucomiss", 0, false, 0x0f2e, false,
       [](A& a, uint32_t r, uint32_t m) { a.ucomiss(x86::xmm(r), x86::xmm(m)); }},
      {"ucomisd", 0x66, false, 0x0f2e, false,
       [](A& a, uint32_t r, uint32_t m) { a.ucomisd(x86::xmm(r), x86::xmm(m)); }},
      {"movq x, r64", 0x66, true, 0x0f6e, false,
       [](A& a, uint32_t r, uint32_t m) { a.movq(x86::xmm(r), x86::gpq(m)); }},
      {"movd x, r32", 0x66, false, 0x0f6e, false,
       [](A& a, uint32_t r, uint32_t m) { a.movd(x86::xmm(r), x86::gpd(m)); }},
      {"movzx r32, r8", 0, false, 0x0fb6, true,
       [](A& a, uint32_t r, uint32_t m) { a.movzx(x86::gpd(r), x86::gpb_lo(m)); }},
      {"imul r32, r32", 0, false, 0x0faf, false,
       [](A& a, uint32_t r, uint32_t m) { a.imul(x86::gpd(r), x86::gpd(m)); }},
      {"imul r64, r64", 0, true, 0x0faf, false,
       [](A& a, uint32_t r, uint32_t m) { a.imul(x86::gpq(r), x86::gpq(m)); }},
  };
  // The 0xf7 group takes its operation in ModRM.reg: div 6, idiv 7.
  for (bool wide : {false, true}) {
    for (uint32_t rm = 0; rm < 16; ++rm) {
      expectSame([&](FastAssembler& f) { f.regReg(0, wide, 0xf7, 6, rm); },
                 [&](x86::Assembler& a) { a.div(gp(wide, rm)); }, "div " + std::to_string(rm));
      expectSame([&](FastAssembler& f) { f.regReg(0, wide, 0xf7, 7, rm); },
                 [&](x86::Assembler& a) { a.idiv(gp(wide, rm)); }, "idiv " + std::to_string(rm));
    }
    expectSame([&](FastAssembler& f) { f.signExtendAxIntoDx(wide); },
               [&](x86::Assembler& a) {
                 if (wide)
                   a.cqo();
                 else
                   a.cdq();
               },
               "cdq/cqo");
  }
  for (const RegRegCase& c : cases) {
    for (uint32_t reg = 0; reg < 16; ++reg) {
      for (uint32_t rm = 0; rm < 16; ++rm) {
        expectSame(
            [&](FastAssembler& f) { f.regReg(c.prefix, c.wide, c.opcode, reg, rm, c.byteRm); },
            [&](x86::Assembler& a) { c.reference(a, reg, rm); },
            std::string(c.name) + " " + std::to_string(reg) + "," + std::to_string(rm));
      }
    }
  }
  // setcc r8: the condition in the opcode, ModRM.reg 0.
  for (uint8_t cc = 0; cc < 16; ++cc) {
    for (uint32_t rm = 0; rm < 16; ++rm) {
      expectSame([&](FastAssembler& f) { f.regReg(0, false, 0x0f90 | cc, 0, rm, true); },
                 [&](x86::Assembler& a) { a.set(static_cast<x86::CondCode>(cc), x86::gpb_lo(rm)); },
                 "setcc " + std::to_string(cc) + " " + std::to_string(rm));
    }
  }
}

TEST(X64FastAssembler, StoreImmediateMatchesAsmJit) {
  for (bool wide : {false, true}) {
    for (uint32_t base = 0; base < 16; ++base) {
      for (int32_t disp : kDisplacements) {
        for (int64_t imm : kImmediates) {
          const int32_t v = static_cast<int32_t>(imm);
          const arch::x64::MemRef ref{base, arch::x64::MemRef::kNoIndex, disp};
          expectSame([&](FastAssembler& f) { f.storeImm(wide, ref, v); },
                     [&](x86::Assembler& a) {
                       a.mov(ref.toAsmJit(wide ? 8 : 4), asmjit::Imm(int64_t{v}));
                     },
                     "store imm " + std::to_string(wide) + " " + std::to_string(base) + " " +
                         std::to_string(disp) + " " + std::to_string(v));
        }
      }
    }
  }
}

// Jumps, conditional jumps and calls, backwards to bound labels near and far and forwards to
// labels bound later, through the direct encoder and through AsmJit.
TEST(X64FastAssembler, BranchesToLabelsMatchAsmJit) {
  struct Branch {
    uint8_t shortOpcode;
    uint16_t nearOpcode;
  };
  std::vector<Branch> branches = {{0xeb, 0xe9}, {0, 0xe8}};
  for (uint8_t cc = 0; cc < 16; ++cc) {
    branches.push_back({static_cast<uint8_t>(0x70 | cc), static_cast<uint16_t>(0x0f80 | cc)});
  }
  auto viaAsmJit = [](x86::Assembler& a, const Branch& b, const asmjit::Label& l) {
    if (b.nearOpcode == 0xe8)
      a.call(l);
    else if (b.nearOpcode == 0xe9)
      a.jmp(l);
    else
      a.j(static_cast<x86::CondCode>(b.shortOpcode & 0x0f), l);
  };
  // Gaps put the backward targets at the edge of rel8 reach and beyond it.
  for (uint32_t gap : {0u, 100u, 120u, 123u, 124u, 125u, 126u, 127u, 128u, 129u, 130u, 300u}) {
    asmjit::CodeHolder fastCode;
    fastCode.init(asmjit::Environment::host());
    (void)fastCode.reserveBuffer(&fastCode.textSection()->buffer(), 1 << 16);
    FastAssembler f(&fastCode);
    asmjit::CodeHolder refCode;
    refCode.init(asmjit::Environment::host());
    x86::Assembler r(&refCode);
    const std::vector<uint8_t> filler(gap, 0x90);
    for (const Branch& b : branches) {
      asmjit::Label backF = f.newLabel(), forwardF = f.newLabel();
      asmjit::Label backR = r.newLabel(), forwardR = r.newLabel();
      f.bind(backF);
      r.bind(backR);
      f.embed(filler.data(), filler.size());
      r.embed(filler.data(), filler.size());
      ASSERT_TRUE(f.canEncodeDirectly());
      f.branchToLabel(b.shortOpcode, b.nearOpcode, backF);
      viaAsmJit(r, b, backR);
      f.branchToLabel(b.shortOpcode, b.nearOpcode, forwardF);
      viaAsmJit(r, b, forwardR);
      f.embed(filler.data(), filler.size());
      r.embed(filler.data(), filler.size());
      f.bind(forwardF);
      r.bind(forwardR);
    }
    EXPECT_EQ(bytesOf(fastCode), bytesOf(refCode)) << "gap " << gap;
    EXPECT_EQ(fastCode.unresolvedLinkCount(), 0u);
  }
}

TEST(X64FastAssembler, ShiftsAndMultiplyByImmediateMatchAsmJit) {
  const std::pair<uint8_t, x86::Inst::Id> shifts[] = {{0, x86::Inst::kIdRol},
                                                      {1, x86::Inst::kIdRor},
                                                      {4, x86::Inst::kIdShl},
                                                      {5, x86::Inst::kIdShr},
                                                      {7, x86::Inst::kIdSar}};
  for (bool wide : {false, true}) {
    for (uint32_t r = 0; r < 16; ++r) {
      for (const auto& [digit, id] : shifts) {
        for (uint8_t count : {0, 1, 2, 7, 31, 32, 63}) {
          expectSame(
              [&](FastAssembler& f) { f.shiftRI(digit, wide, r, count); },
              [&](x86::Assembler& a) { a.emit(id, gp(wide, r), asmjit::Imm(uint32_t{count})); },
              "shift " + std::to_string(digit) + " " + std::to_string(r) + " " +
                  std::to_string(count));
        }
      }
      for (uint32_t src = 0; src < 16; ++src) {
        for (int64_t imm : kImmediates) {
          const int64_t v = wide ? imm : static_cast<int32_t>(imm);
          expectSame(
              [&](FastAssembler& f) { f.imulRRI(wide, r, src, v); },
              [&](x86::Assembler& a) { a.imul(gp(wide, r), gp(wide, src), asmjit::Imm(v)); },
              "imul " + std::to_string(r) + "," + std::to_string(src) + "," + std::to_string(v));
        }
      }
    }
  }
}

TEST(X64FastAssembler, FallsBackToAsmJitWithoutRoomAndAfterAPrefix) {
  asmjit::CodeHolder code;
  code.init(asmjit::Environment::host());
  FastAssembler a(&code);
  EXPECT_FALSE(a.canEncodeDirectly());  // no buffer yet: AsmJit grows it
  a.movRR(true, 0, 1);
  a.rep();
  EXPECT_FALSE(a.canEncodeDirectly());  // the prefix belongs to AsmJit's next instruction
  a.stosq();
  EXPECT_TRUE(a.canEncodeDirectly());
  a.load(false, 2, 5, -16);
  // An immediate no 64-bit operation can encode goes to AsmJit, which reports it.
  a.aluRI(Alu::Add, true, 3, int64_t{1} << 40);
  asmjit::CodeHolder refCode;
  refCode.init(asmjit::Environment::host());
  x86::Assembler ref(&refCode);
  ref.mov(x86::rax, x86::rcx);
  ref.rep().stosq();
  ref.mov(x86::edx, x86::ptr(x86::rbp, -16));
  EXPECT_EQ(bytesOf(code), bytesOf(refCode));
}

}  // namespace
}  // namespace sable::test

#endif  // defined(__x86_64__)
