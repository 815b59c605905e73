// Tests of the single-pass compiler on x86-64: code it emits (read back with Zydis) and the
// behaviour of compiled functions called through the engine's entry stub with a hand-built
// VMContext, so the JIT is tested without the runtime around it.
#if defined(__x86_64__)

#include <asmjit/core.h>
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "arch/macro_assembler.h"
#include "arch/x64/disassembler.h"
#include "jit_fixture.h"

namespace sable::test {
namespace {

using arch::Reg;
using arch::RegClass;

// --- Emitted instructions --------------------------------------------------------------------

class NoTraps final : public arch::TrapLabels {
 public:
  explicit NoTraps(asmjit::CodeHolder&) {}
  asmjit::Label trapLabel(vm::TrapCode) override { return label; }
  asmjit::Label label;
};

// Emits with `emit`, then returns the disassembly of everything emitted.
template <typename Emit>
std::vector<std::string> emitted(Emit emit, arch::CodegenOptions options = {}) {
  asmjit::CodeHolder code;
  code.init(asmjit::Environment::host());
  NoTraps traps(code);
  arch::MacroAssembler masm(code, traps, options);
  traps.label = masm.newLabel();
  emit(masm);
  masm.bind(traps.label);
  code.flatten();
  code.resolveUnresolvedLinks();
  std::vector<uint8_t> bytes(code.codeSize());
  code.relocateToBase(0x1000);
  code.copyFlattenedData(bytes.data(), bytes.size());
  return arch::x64::disassemble(bytes.data(), bytes.size(), 0x1000);
}

constexpr Reg kRbx{3, RegClass::Gp};
constexpr Reg kRsi{6, RegClass::Gp};
constexpr Reg kRdi{7, RegClass::Gp};
constexpr Reg kXmm1{1, RegClass::Fp};
constexpr Reg kXmm2{2, RegClass::Fp};

TEST(X64MacroAssembler, ImmediatesFoldIntoTheInstruction) {
  auto code =
      emitted([](arch::MacroAssembler& m) { m.emitBinaryImm(Opcode::I32Add, kRbx, kRbx, 5); });
  ASSERT_EQ(code.size(), 1u);
  EXPECT_EQ(code[0], "add ebx, 0x05");
}

TEST(X64MacroAssembler, ThreeOperandFormBecomesMovePlusOp) {
  auto code =
      emitted([](arch::MacroAssembler& m) { m.emitBinary(Opcode::I64Sub, kRbx, kRsi, kRdi); });
  ASSERT_EQ(code.size(), 2u);
  EXPECT_EQ(code[0], "mov rbx, rsi");
  EXPECT_EQ(code[1], "sub rbx, rdi");
}

TEST(X64MacroAssembler, ComparisonsMaterialiseAZeroExtendedBoolean) {
  auto code =
      emitted([](arch::MacroAssembler& m) { m.emitBinaryImm(Opcode::I32LtS, kRsi, kRsi, 7); });
  ASSERT_EQ(code.size(), 3u);
  EXPECT_EQ(code[0], "cmp esi, 0x07");
  EXPECT_EQ(code[1], "setl sil");
  EXPECT_EQ(code[2], "movzx esi, sil");
}

TEST(X64MacroAssembler, SignedDivisionChecksZeroAndOverflowBeforeIdiv) {
  auto code =
      emitted([](arch::MacroAssembler& m) { m.emitBinary(Opcode::I32DivS, kRbx, kRbx, kRsi); });
  std::string all;
  for (const auto& line : code) all += line + "\n";
  EXPECT_NE(all.find("test esi, esi"), std::string::npos) << all;
  EXPECT_NE(all.find("cmp esi, 0xFFFFFFFF"), std::string::npos) << all;
  EXPECT_NE(all.find("idiv esi"), std::string::npos) << all;
}

TEST(X64MacroAssembler, FloatMoveUsesRegisterToRegisterCopy) {
  auto code = emitted([](arch::MacroAssembler& m) { m.move(ValType::F64, kXmm1, kXmm2); });
  ASSERT_EQ(code.size(), 1u);
  EXPECT_EQ(code[0], "movaps xmm1, xmm2");
}

TEST(X64MacroAssembler, GuardPageLoadsHaveNoBoundsCheck) {
  auto code = emitted([](arch::MacroAssembler& m) { m.emitLoad(Opcode::I32Load, kRbx, kRsi, 16); });
  ASSERT_EQ(code.size(), 1u);
  EXPECT_EQ(code[0], "mov ebx, [r15+rsi*1+0x10]");
}

TEST(X64MacroAssembler, ConstantAddressFoldsIntoTheDisplacement) {
  auto code =
      emitted([](arch::MacroAssembler& m) { m.emitLoad(Opcode::I64Load, kRbx, Reg{}, 0x1234); });
  ASSERT_EQ(code.size(), 1u);
  EXPECT_EQ(code[0], "mov rbx, [r15+0x1234]");
}

TEST(X64MacroAssembler, BaselineIsaAvoidsOptionalInstructions) {
  arch::CodegenOptions baseline{.explicitBoundsChecks = false, .baselineIsa = true};
  auto joined = [](const std::vector<std::string>& lines) {
    std::string all;
    for (const auto& l : lines) all += l + "\n";
    return all;
  };
  std::string code = joined(emitted(
      [](arch::MacroAssembler& m) {
        m.emitUnary(Opcode::I32Popcnt, kRbx, kRsi);
        m.emitUnary(Opcode::I64Clz, kRbx, kRsi);
        m.emitUnary(Opcode::I32Ctz, kRbx, kRsi);
        m.emitUnary(Opcode::F64Nearest, kXmm1, kXmm2);
        m.emitUnary(Opcode::F32Floor, kXmm1, kXmm2);
      },
      baseline));
  for (const char* optional : {"popcnt", "lzcnt", "tzcnt", "roundsd", "roundss"}) {
    EXPECT_EQ(code.find(optional), std::string::npos) << optional << " in:\n" << code;
  }
}

// --- Compiled functions ----------------------------------------------------------------------

// Adds reading compiled loops back with Zydis.
class JitTest : public JitFixture {
 protected:
  // The instructions of the first loop in defined function `fn`: from the target of the
  // first backward jump (the loop header) to that jump.
  std::vector<std::string> loopInstructions(uint32_t fn) const {
    const auto* code = static_cast<const uint8_t*>(compiled_->entry(fn));
    const size_t size =
        compiled_->codeSize() - (code - static_cast<const uint8_t*>(compiled_->entry(0)));
    uint64_t base = reinterpret_cast<uint64_t>(code);
    std::vector<std::string> lines = arch::x64::disassemble(code, size, base);
    std::vector<uint64_t> addresses;
    uint64_t at = base;
    for (size_t i = 0; i < lines.size(); ++i) {
      addresses.push_back(at);
      at += arch::x64::instructionLength(code + (at - base), size - (at - base));
    }
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].rfind("j", 0) != 0) continue;
      uint64_t target = std::stoull(lines[i].substr(lines[i].find("0x")), nullptr, 16);
      if (target > addresses[i]) continue;
      auto header = std::find(addresses.begin(), addresses.end(), target);
      if (header == addresses.end()) break;
      return {lines.begin() + (header - addresses.begin()), lines.begin() + i + 1};
    }
    ADD_FAILURE() << "no loop found";
    return {};
  }
};

Bytes oneFunction(const Bytes& type, const Bytes& body) {
  return ModuleBytes().typeSection({type}).functionSection({0}).codeSection({body}).bytes();
}

TEST_F(JitTest, MoreLiveValuesThanRegistersSpillAndReload) {
  // Twenty parameters all live at once, summed from the top: far more than 8 GP registers.
  constexpr uint32_t kN = 20;
  Bytes params(kN, kI64), code;
  for (uint32_t i = 0; i < kN; ++i) code += localGet(i);
  for (uint32_t i = 1; i < kN; ++i) code += Bytes{op::I64Add};
  compile(oneFunction(funcType(params, {kI64}), funcBody(code + Bytes{op::End})));
  std::vector<uint64_t> area(kN + 1);
  uint64_t expected = 0;
  for (uint32_t i = 0; i < kN; ++i) expected += area[i] = (uint64_t{1} << (i + 20)) + i;
  ASSERT_EQ(call(0, area), vm::TrapCode::None);
  EXPECT_EQ(area[kN], expected);
}

TEST_F(JitTest, PendingLocalReadSeesTheValueBeforeALaterSet) {
  // local.get is lazy; the set in between must not change what the earlier get produced.
  Bytes code = localGet(0) + i32Const(5) + localSet(0) + localGet(0) + Bytes{op::I32Add, op::End};
  compile(oneFunction(funcType({kI32}, {kI32}), funcBody(code)));
  std::vector<uint64_t> area{37, 0};
  ASSERT_EQ(call(0, area), vm::TrapCode::None);
  EXPECT_EQ(area[1], 42u);
}

TEST_F(JitTest, BranchesCarryValuesToBlockResults) {
  // block (result i32): push 10; br_if 0 (param != 0) carrying 10; else drop and push 20.
  Bytes code = block(kI32) + i32Const(10) + localGet(0) + brIf(0) + Bytes{op::Drop} + i32Const(20) +
               Bytes{op::End} + i32Const(1) + Bytes{op::I32Add, op::End};
  compile(oneFunction(funcType({kI32}, {kI32}), funcBody(code)));
  std::vector<uint64_t> taken{1, 0}, fallthrough{0, 0};
  ASSERT_EQ(call(0, taken), vm::TrapCode::None);
  ASSERT_EQ(call(0, fallthrough), vm::TrapCode::None);
  EXPECT_EQ(taken[1], 11u);
  EXPECT_EQ(fallthrough[1], 21u);
}

TEST_F(JitTest, BrTablePicksTheTargetAndClampsToTheDefault) {
  // Nested blocks; br_table [0 1 2] default 3 returns 100 + depth reached.
  Bytes code = block() + block() + block() + block() + localGet(0) + brTable({0, 1, 2}, 3) +
               Bytes{op::End} + i32Const(100) + Bytes{op::Return, op::End} + i32Const(101) +
               Bytes{op::Return, op::End} + i32Const(102) + Bytes{op::Return, op::End} +
               i32Const(103) + Bytes{op::End};
  compile(oneFunction(funcType({kI32}, {kI32}), funcBody(code)));
  for (uint32_t i : {0u, 1u, 2u, 3u, 7u, 0xffffffffu}) {
    std::vector<uint64_t> area{i, 0};
    ASSERT_EQ(call(0, area), vm::TrapCode::None);
    EXPECT_EQ(area[1], 100u + std::min(i, 3u)) << "index " << i;
  }
}

TEST_F(JitTest, LoopsWithMultiValueParameters) {
  // Type 1: [i32 i32] -> [i32 i32]; the loop counts down the first and sums into the second.
  Bytes loopBody = loopT(1) + Bytes{op::LocalSet, 2, op::LocalSet, 1} + localGet(1) +
                   Bytes{op::I32Eqz} + if_() + localGet(1) + localGet(2) + br(2) + Bytes{op::End} +
                   localGet(1) + i32Const(1) + Bytes{op::I32Sub} + localGet(2) + localGet(1) +
                   Bytes{op::I32Add} + br(0) + Bytes{op::End};
  Bytes code = localGet(0) + i32Const(0) + blockT(1) + loopBody + Bytes{op::End} +
               Bytes{op::I32Add, op::End};
  Bytes wasm = ModuleBytes()
                   .typeSection({funcType({kI32}, {kI32}), funcType({kI32, kI32}, {kI32, kI32})})
                   .functionSection({0})
                   .codeSection({funcBody({{2, kI32}}, code)})
                   .bytes();
  compile(wasm);
  std::vector<uint64_t> area{10, 0};
  ASSERT_EQ(call(0, area), vm::TrapCode::None);
  EXPECT_EQ(area[1], 55u);  // 10 + 9 + ... + 1, plus the counter's final 0
}

TEST_F(JitTest, HotLoopLocalsLiveInRegisters) {
  // sum = 0; do { sum += n; n -= 1 } while (n != 0): both locals should get home registers,
  // so the loop body between its header and its back edge touches no frame memory.
  Bytes loopBody = loop() + localGet(1) + localGet(0) + Bytes{op::I32Add} + localSet(1) +
                   localGet(0) + i32Const(1) + Bytes{op::I32Sub} + localTee(0) + brIf(0) +
                   Bytes{op::End};
  compile(oneFunction(funcType({kI32}, {kI32}),
                      funcBody({{1, kI32}}, loopBody + localGet(1) + Bytes{op::End})));
  std::vector<uint64_t> area{100, 0};
  ASSERT_EQ(call(0, area), vm::TrapCode::None);
  EXPECT_EQ(area[1], 5050u);

  for (const std::string& line : loopInstructions(0)) {
    EXPECT_EQ(line.find("[rbp-"), std::string::npos) << "frame access in loop: " << line;
  }
}

TEST_F(JitTest, ResultsGoStraightIntoTheHomeOfTheLocalSetNext) {
  // The loop of HotLoopLocalsLiveInRegisters: `sum += n` and `n -= 1` each compute into the
  // local's home register, and `br_if` on the tee'd counter tests that register: four
  // instructions, no moves.
  Bytes loopBody = loop() + localGet(1) + localGet(0) + Bytes{op::I32Add} + localSet(1) +
                   localGet(0) + i32Const(1) + Bytes{op::I32Sub} + localTee(0) + brIf(0) +
                   Bytes{op::End};
  compile(oneFunction(funcType({kI32}, {kI32}),
                      funcBody({{1, kI32}}, loopBody + localGet(1) + Bytes{op::End})));
  std::vector<uint64_t> area{100, 0};
  ASSERT_EQ(call(0, area), vm::TrapCode::None);
  EXPECT_EQ(area[1], 5050u);
  std::vector<std::string> lines = loopInstructions(0);
  std::string listing;
  for (const std::string& line : lines) listing += line + "\n";
  EXPECT_EQ(lines.size(), 4u) << listing;
  EXPECT_EQ(listing.find("mov"), std::string::npos) << listing;
}

TEST_F(JitTest, ComparisonFeedingBrIfBecomesCompareAndBranch) {
  // do { i += 1 } while (i < n): the comparison is fused into the branch (no setcc/movzx).
  Bytes loopBody = loop() + localGet(1) + i32Const(1) + Bytes{op::I32Add} + localTee(1) +
                   localGet(0) + Bytes{op::I32LtS} + brIf(0) + Bytes{op::End};
  compile(oneFunction(funcType({kI32}, {kI32}),
                      funcBody({{1, kI32}}, loopBody + localGet(1) + Bytes{op::End})));
  for (uint32_t n : {0u, 1u, 7u, 1000u, 0x80000000u}) {
    std::vector<uint64_t> area{n, 0};
    ASSERT_EQ(call(0, area), vm::TrapCode::None);
    EXPECT_EQ(area[1], n == 0x80000000u ? 1u : std::max(n, 1u)) << n;  // signed: INT_MIN < 1
  }
  std::vector<std::string> lines = loopInstructions(0);
  std::string listing;
  for (const std::string& line : lines) listing += line + "\n";
  EXPECT_EQ(listing.find("set"), std::string::npos) << listing;
  EXPECT_EQ(listing.find("movzx"), std::string::npos) << listing;
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[lines.size() - 2].rfind("cmp ", 0), 0u) << listing;
  EXPECT_EQ(lines.back().rfind("jl ", 0), 0u) << listing;
}

TEST_F(JitTest, EqzFeedingIfBranchesOnTheValueItself) {
  // if (x == 0) 10 else 20, for x in a register and x as a 64-bit value.
  Bytes code32 = localGet(0) + Bytes{op::I32Eqz} + if_(kI32) + i32Const(10) + Bytes{op::Else} +
                 i32Const(20) + Bytes{op::End, op::End};
  compile(oneFunction(funcType({kI32}, {kI32}), funcBody(code32)));
  for (uint64_t x : {0ull, 1ull, 0xffffffffull}) {
    std::vector<uint64_t> area{x, 0};
    ASSERT_EQ(call(0, area), vm::TrapCode::None);
    EXPECT_EQ(area[1], x == 0 ? 10u : 20u) << x;
  }
  Bytes code64 = localGet(0) + Bytes{op::I64Eqz} + if_(kI32) + i32Const(10) + Bytes{op::Else} +
                 i32Const(20) + Bytes{op::End, op::End};
  compile(oneFunction(funcType({kI64}, {kI32}), funcBody(code64)));
  for (uint64_t x : {0ull, 1ull << 40, 0xffffffff00000000ull}) {
    std::vector<uint64_t> area{x, 0};
    ASSERT_EQ(call(0, area), vm::TrapCode::None);
    EXPECT_EQ(area[1], x == 0 ? 10u : 20u) << x;
  }
}

TEST_F(JitTest, CallArgumentsAreStoredWithoutASpillSlot) {
  // f(x) = g(x + 1) + 1 with g(y) = y * 2: x + 1 goes straight to the outgoing argument area.
  Bytes f = localGet(0) + i32Const(1) + Bytes{op::I32Add} + test::call(1) + i32Const(1) +
            Bytes{op::I32Add, op::End};
  Bytes g = localGet(0) + i32Const(2) + Bytes{op::I32Mul, op::End};
  compile(ModuleBytes()
              .typeSection({funcType({kI32}, {kI32})})
              .functionSection({0, 0})
              .codeSection({funcBody(f), funcBody(g)})
              .bytes());
  std::vector<uint64_t> area{20, 0};
  ASSERT_EQ(call(0, area), vm::TrapCode::None);
  EXPECT_EQ(area[1], 43u);
  const auto* code = static_cast<const uint8_t*>(compiled_->entry(0));
  std::vector<std::string> lines =
      arch::x64::disassemble(code, static_cast<const uint8_t*>(compiled_->entry(1)) - code, 0);
  size_t callAt = 0;
  while (callAt < lines.size() && lines[callAt].rfind("call", 0) != 0) ++callAt;
  ASSERT_LT(callAt, lines.size());
  ASSERT_GE(callAt, 1u);
  EXPECT_EQ(lines[callAt - 1].rfind("mov [rsp]", 0), 0u) << lines[callAt - 1];
  for (size_t i = 0; i < callAt; ++i) {
    EXPECT_EQ(lines[i].find("r11"), std::string::npos) << "copied through a slot: " << lines[i];
  }
}

TEST_F(JitTest, InvalidBranchIsRejectedBeforeCodeGeneration) {
  // Regression: `br 0` without the label's value used to reach the compiler and crash it.
  auto info = decodeModule(oneFunction(funcType({}, {kI32}), funcBody(br(0) + Bytes{op::End})));
  ASSERT_TRUE(info.ok());
  std::vector<uint32_t> sigIds{0};
  auto compiled = engine_->compile(*info.value(), sigIds, {});
  ASSERT_FALSE(compiled.ok());
  EXPECT_EQ(compiled.error().kind, ErrorKind::Invalid);
}

TEST_F(JitTest, TrapsReportTheirCodeAndFunction) {
  Bytes divide = funcBody(localGet(0) + localGet(1) + Bytes{0x6d, op::End});  // div_s
  Bytes unreachable = funcBody(Bytes{op::Unreachable, op::End});
  Bytes recurse = funcBody(sable::test::call(2) + Bytes{op::End});
  Bytes wasm = ModuleBytes()
                   .typeSection({funcType({kI32, kI32}, {kI32}), funcType({}, {})})
                   .functionSection({0, 1, 1})
                   .codeSection({divide, unreachable, recurse})
                   .bytes();
  compile(wasm);
  std::vector<uint64_t> byZero{7, 0, 0};
  EXPECT_EQ(call(0, byZero), vm::TrapCode::IntegerDivideByZero);
  EXPECT_EQ(compiled_->definedFunctionAt(activation_.trapPc), 0u);
  std::vector<uint64_t> overflow{0x80000000u, 0xffffffffu, 0};
  EXPECT_EQ(call(0, overflow), vm::TrapCode::IntegerOverflow);
  std::vector<uint64_t> none;
  EXPECT_EQ(call(1, none), vm::TrapCode::Unreachable);
  EXPECT_EQ(compiled_->definedFunctionAt(activation_.trapPc), 1u);
  EXPECT_EQ(call(2, none), vm::TrapCode::CallStackExhausted);
  std::vector<uint64_t> fine{-7 & 0xffffffffu, 2, 0};
  EXPECT_EQ(call(0, fine), vm::TrapCode::None);
  EXPECT_EQ(static_cast<int32_t>(fine[2]), -3);
}

TEST_F(JitTest, FloatMinMaxFollowWasmForZerosAndNaN) {
  Bytes minBody = funcBody(localGet(0) + localGet(1) + Bytes{0xa4, op::End});  // f64.min
  Bytes maxBody = funcBody(localGet(0) + localGet(1) + Bytes{0xa5, op::End});  // f64.max
  compile(ModuleBytes()
              .typeSection({funcType({kF64, kF64}, {kF64})})
              .functionSection({0, 0})
              .codeSection({minBody, maxBody})
              .bytes());
  auto run = [&](uint32_t fn, double a, double b) {
    std::vector<uint64_t> area{std::bit_cast<uint64_t>(a), std::bit_cast<uint64_t>(b), 0};
    EXPECT_EQ(call(fn, area), vm::TrapCode::None);
    return std::bit_cast<double>(area[2]);
  };
  EXPECT_TRUE(std::signbit(run(0, 0.0, -0.0)));
  EXPECT_TRUE(std::signbit(run(0, -0.0, 0.0)));
  EXPECT_FALSE(std::signbit(run(1, -0.0, 0.0)));
  EXPECT_TRUE(std::isnan(run(0, 1.0, std::nan(""))));
  EXPECT_TRUE(std::isnan(run(1, std::nan(""), 1.0)));
  EXPECT_EQ(run(0, -2.5, 3.0), -2.5);
  EXPECT_EQ(run(1, -2.5, 3.0), 3.0);
}

TEST_F(JitTest, TruncationTrapsOnNaNAndOverflowAndSaturates) {
  Bytes trapping = funcBody(localGet(0) + Bytes{0xaa, op::End});                 // i32.trunc_f64_s
  Bytes saturating = funcBody(localGet(0) + Bytes{op::MiscPrefix, 2, op::End});  // trunc_sat
  compile(ModuleBytes()
              .typeSection({funcType({kF64}, {kI32})})
              .functionSection({0, 0})
              .codeSection({trapping, saturating})
              .bytes());
  auto run = [&](uint32_t fn, double v, vm::TrapCode expected) {
    std::vector<uint64_t> area{std::bit_cast<uint64_t>(v), 0};
    EXPECT_EQ(call(fn, area), expected) << v;
    return static_cast<int32_t>(area[1]);
  };
  EXPECT_EQ(run(0, -2147483648.9, vm::TrapCode::None), std::numeric_limits<int32_t>::min());
  run(0, -2147483649.0, vm::TrapCode::IntegerOverflow);
  run(0, 2147483648.0, vm::TrapCode::IntegerOverflow);
  run(0, std::nan(""), vm::TrapCode::InvalidConversionToInteger);
  EXPECT_EQ(run(1, 1e300, vm::TrapCode::None), std::numeric_limits<int32_t>::max());
  EXPECT_EQ(run(1, -1e300, vm::TrapCode::None), std::numeric_limits<int32_t>::min());
  EXPECT_EQ(run(1, std::nan(""), vm::TrapCode::None), 0);
}

}  // namespace
}  // namespace sable::test

#endif  // __x86_64__
