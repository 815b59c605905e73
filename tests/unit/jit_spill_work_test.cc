// The compiler's spill work grows linearly with the function, whatever the operand stack's depth
// (issue 11: compile-time denial of service). Before the fix every call, block entry and write
// to a local visited the whole operand stack, so a body of n instructions over a stack n deep
// cost n^2: 1,000-result calls kept on the stack took 110 s for a 400 KB module. The work is
// counted (FunctionCompiler::stackEntriesScanned), so the check is exact on any machine: a body
// four times as large must cost about four times the work, never sixteen.
#include <asmjit/core.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <vector>

#include "core/module_decoder.h"
#include "jit/function_compiler.h"
#include "wasm_builder.h"

namespace sable::test {
namespace {

// Function compilers call this for trap labels; any one label serves for counting work.
class OneTrapLabel final : public arch::TrapLabels {
 public:
  asmjit::Label trapLabel(vm::TrapCode) override { return label; }
  asmjit::Label label;
};

// Compiles the last defined function of `wasm` and returns the stack entries its spill scans
// visited.
uint64_t spillWorkOfLastFunction(const Bytes& wasm) {
  Result<std::shared_ptr<ModuleInfo>> info = decodeModule(wasm);
  EXPECT_TRUE(info) << info.error().toString();
  if (!info) return 0;
  const ModuleInfo& module = **info;
  std::vector<uint32_t> sigIds(module.types.size());
  std::iota(sigIds.begin(), sigIds.end(), 0u);
  jit::ModuleCompileEnv env;
  env.module = &module;
  env.sigIds = sigIds;
  for (const FuncType& t : module.types) {
    env.typeLayouts.push_back(vm::ArgLayout::of(t.params(), t.results()));
  }
  asmjit::CodeHolder code;
  EXPECT_EQ(code.init(asmjit::Environment::host()), asmjit::kErrorOk);
  OneTrapLabel traps;
  arch::MacroAssembler masm(code, traps, {});
  traps.label = masm.newLabel();
  masm.setLongBranches(true);
  jit::FunctionLabels labels;
  labels.reset(module.numDefinedFunctions());
  jit::FunctionCompiler compiler(masm, env, labels);
  jit::FunctionCompiler::Decoder decoder(module);
  const uint32_t last = module.numDefinedFunctions() - 1;
  compiler.begin(decoder, last);
  Result<void> decoded = decoder.decode(last, compiler);
  EXPECT_TRUE(decoded) << decoded.error().toString();
  EXPECT_TRUE(compiler.ok()) << compiler.unsupported();
  return compiler.stackEntriesScanned();
}

// A module whose function 0 returns `results` i32 constants and whose function 1 has `body`
// (no parameters, no results, `locals` i32 locals).
Bytes moduleWithCallee(uint32_t results, const Bytes& body, uint32_t locals = 0) {
  ModuleParts p;
  p.types = {funcType({}, Bytes(results, kI32)), funcType({}, {})};
  p.funcs = {0, 1};
  p.bodies = {funcBody(repeat(i32Const(1), results) + Bytes{op::End}),
              funcBody(Locals{{locals, kI32}}, body + Bytes{op::End})};
  return p.build();
}

// `n` constants below `n` calls of a () -> () function.
Bytes callsOverDeepStack(uint32_t n) {
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.funcs = {0, 0};
  p.bodies = {funcBody(Bytes{op::End}), funcBody(repeat(i32Const(1), n) + repeat(call(0), n) +
                                                 repeat(Bytes{op::Drop}, n) + Bytes{op::End})};
  return p.build();
}

// `n` calls of a function with 100 results, all kept on the stack: each result needs a
// register, and with all of them taken the oldest one is spilled.
Bytes multiResultCallsKept(uint32_t n) {
  return moduleWithCallee(100, repeat(call(0), n) + repeat(Bytes{op::Drop}, 100 * n));
}

// `n` constants below `n` empty blocks: each entry spills registers and pending local reads.
Bytes blocksOverDeepStack(uint32_t n) {
  return moduleWithCallee(0, repeat(i32Const(1), n) + repeat(Bytes{op::Block, kVoid, op::End}, n) +
                                 repeat(Bytes{op::Drop}, n));
}

// Reads of `n` locals left on the stack, then a write to each: a write saves the pending
// reads of its own local.
Bytes localWritesOverPendingReads(uint32_t n) {
  Bytes body;
  for (uint32_t i = 0; i < n; ++i) body += localGet(i);
  for (uint32_t i = 0; i < n; ++i) body += i32Const(7) + localSet(i);
  return moduleWithCallee(0, body + repeat(Bytes{op::Drop}, n), n);
}

// The spill work for size 4n is about four times that for n; quadratic work would be sixteen.
template <typename Generate>
void expectLinearSpillWork(Generate generate, uint32_t n) {
  const uint64_t small = spillWorkOfLastFunction(generate(n));
  const uint64_t large = spillWorkOfLastFunction(generate(4 * n));
  EXPECT_GT(small, 0u);
  EXPECT_LT(large, 6 * small) << "spill work " << small << " for n = " << n << ", " << large
                              << " for 4n";
}

TEST(JitSpillWork, CallsOverADeepStackAreLinear) {
  expectLinearSpillWork(callsOverDeepStack, 5000);
}

TEST(JitSpillWork, MultiResultCallsKeptOnTheStackAreLinear) {
  expectLinearSpillWork(multiResultCallsKept, 50);
}

TEST(JitSpillWork, BlocksOverADeepStackAreLinear) {
  expectLinearSpillWork(blocksOverDeepStack, 5000);
}

TEST(JitSpillWork, LocalWritesOverManyPendingReadsAreLinear) {
  expectLinearSpillWork(localWritesOverPendingReads, 2000);
}

}  // namespace
}  // namespace sable::test
