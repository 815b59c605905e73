// Parallel compilation (jit/module_compiler.cc, platform/worker_pool.h): any thread count gives
// the same machine code, calls between chunks land where they should, and errors are the ones a
// sequential compile reports.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

#include "arch/macro_assembler.h"
#include "core/module_decoder.h"
#include "jit/code_engine.h"
#include "jit/function_compiler.h"
#include "jit/module_compiler.h"
#include "platform/worker_pool.h"
#include "runtime/api_access.h"
#include "runtime/engine_impl.h"
#include "runtime/module_impl.h"
#include "sable/sable.h"
#include "wasm_builder.h"

namespace sable::test {
namespace {

constexpr uint32_t kChain = 60;  // functions per call chain

// About 1.3 KB of code that leaves local 0 as it was, with a jump table (whose alignment is
// the part of a function's code that depends on where the function starts).
Bytes padding() {
  Bytes one = localGet(0) + i32Const(0) + Bytes{op::I32Add} + localSet(0);
  Bytes table = block() + block() + block() + localGet(0) + i32Const(3) +
                Bytes{0x71 /* i32.and */} + brTable({0, 1, 2}, 0) +
                Bytes{op::End, op::End, op::End};
  return repeat(one, 180) + table;
}

// Two chains of (i32) -> i32 functions, kChain each, big enough to span several default-size
// chunks: up(x) = f0 -> f1 -> ... (forward calls), each adding 1; down(x) = g_last -> ... -> g0
// (backward calls), each adding 2.
Bytes chainsModule(bool invalidTwice = false) {
  ModuleParts p;
  p.types = {funcType({kI32}, {kI32})};
  for (uint32_t i = 0; i < 2 * kChain; ++i) p.funcs.push_back(0);
  for (uint32_t i = 0; i < kChain; ++i) {
    Bytes body = padding();
    if (i + 1 < kChain) {
      body += localGet(0) + i32Const(1) + Bytes{op::I32Add} + call(i + 1);
    } else {
      body += localGet(0);
    }
    p.bodies.push_back(funcBody(body + Bytes{op::End}));
  }
  for (uint32_t j = 0; j < kChain; ++j) {
    Bytes body = padding();
    if (j > 0) {
      body += localGet(0) + i32Const(2) + Bytes{op::I32Add} + call(kChain + j - 1);
    } else {
      body += localGet(0);
    }
    p.bodies.push_back(funcBody(body + Bytes{op::End}));
  }
  if (invalidTwice) {
    // Type errors (i64.add on i32 values) in two functions far apart.
    p.bodies[10] = funcBody(localGet(0) + localGet(0) + Bytes{0x7C, op::End});
    p.bodies[100] = funcBody(localGet(0) + localGet(0) + Bytes{0x7C, op::End});
  }
  p.exports = {exportEntry("up", kExternFunc, 0), exportEntry("down", kExternFunc, 2 * kChain - 1)};
  return p.build();
}

std::optional<Engine> makeEngine(uint32_t threads) {
  EngineConfig config;
  config.compileThreads = threads;
  Result<Engine> e = Engine::create(config);
  EXPECT_TRUE(e.ok()) << e.error().toString();
  if (!e.ok()) return std::nullopt;
  return *e;
}

std::vector<uint8_t> machineCode(const jit::CompiledModule& compiled) {
  const uint8_t* begin = static_cast<const uint8_t*>(compiled.entry(0));
  return std::vector<uint8_t>(begin, begin + compiled.codeSize());
}

TEST(JitParallelCompile, CallsAcrossChunksWorkForAnyThreadCount) {
  const Bytes wasm = chainsModule();
  ASSERT_GT(wasm.size(), 2 * jit::CompileOptions::kDefaultChunkBytes);  // really split
  for (uint32_t threads : {1u, 2u, 4u, 0u}) {
    SCOPED_TRACE(threads);
    std::optional<Engine> engine = makeEngine(threads);
    ASSERT_TRUE(engine);
    Result<Module> module = Module::compile(*engine, wasm);
    ASSERT_TRUE(module.ok()) << module.error().toString();
    Store store(*engine);
    Linker linker;
    Result<Instance> inst = linker.instantiate(store, *module);
    ASSERT_TRUE(inst.ok()) << inst.error().toString();
    const Value arg[] = {Value::i32(1000)};
    Result<std::vector<Value>> up = inst->getFunc("up")->call(store, arg);
    ASSERT_TRUE(up.ok()) << up.error().toString();
    EXPECT_EQ((*up)[0], Value::i32(1000 + kChain - 1));
    Result<std::vector<Value>> down = inst->getFunc("down")->call(store, arg);
    ASSERT_TRUE(down.ok()) << down.error().toString();
    EXPECT_EQ((*down)[0], Value::i32(1000 + 2 * (kChain - 1)));
  }
}

TEST(JitParallelCompile, MachineCodeDoesNotDependOnTheThreadCount) {
  std::optional<Engine> engine = makeEngine(1);
  ASSERT_TRUE(engine);
  Result<Module> module = Module::compile(*engine, chainsModule());
  ASSERT_TRUE(module.ok()) << module.error().toString();
  const jit::CodeEngine& code = *ApiAccess::impl(*engine).codeEngine;
  // Chunk sizes from one function per chunk up to the default; each against 1 thread.
  for (uint32_t chunkBytes : {1u, 3000u, 20000u, 0u}) {
    SCOPED_TRACE(chunkBytes);
    jit::CompileOptions options;
    options.chunkBytes = chunkBytes;
    options.threads = 1;
    auto sequential = code.compile(*ApiAccess::impl(*module).info,
                                   ApiAccess::impl(*module).signatureIds, options);
    ASSERT_TRUE(sequential.ok()) << sequential.error().toString();
    const std::vector<uint8_t> expected = machineCode(**sequential);
    for (uint32_t threads : {2u, 3u, 8u}) {
      options.threads = threads;
      auto parallel = code.compile(*ApiAccess::impl(*module).info,
                                   ApiAccess::impl(*module).signatureIds, options);
      ASSERT_TRUE(parallel.ok()) << parallel.error().toString();
      EXPECT_TRUE(machineCode(**parallel) == expected) << threads << " threads";
      for (uint32_t f = 0; f < 2 * kChain; ++f) {
        ASSERT_EQ(static_cast<const uint8_t*>((*parallel)->entry(f)) -
                      static_cast<const uint8_t*>((*parallel)->entry(0)),
                  static_cast<const uint8_t*>((*sequential)->entry(f)) -
                      static_cast<const uint8_t*>((*sequential)->entry(0)));
      }
    }
  }
}

TEST(JitParallelCompile, ReportsTheFirstInvalidFunctionLikeASequentialCompile) {
  const Bytes wasm = chainsModule(/*invalidTwice=*/true);
  std::optional<Error> first;
  for (uint32_t threads : {1u, 4u}) {
    std::optional<Engine> engine = makeEngine(threads);
    ASSERT_TRUE(engine);
    Result<Module> module = Module::compile(*engine, wasm);
    ASSERT_FALSE(module.ok());
    EXPECT_EQ(module.error().kind, ErrorKind::Invalid);
    if (!first) {
      first = module.error();
    } else {
      EXPECT_EQ(module.error().toString(), first->toString());
    }
  }
}

class NoTrapLabels final : public arch::TrapLabels {
 public:
  asmjit::Label trapLabel(vm::TrapCode) override { return asmjit::Label(); }
};

TEST(JitParallelCompile, FunctionLabelsAreCreatedOnFirstUseAndPerCodeHolder) {
  jit::FunctionLabels labels;
  NoTrapLabels traps;
  asmjit::CodeHolder first;
  first.init(asmjit::Environment::host());
  arch::MacroAssembler masm(first, traps, {});
  labels.reset(10000);
  EXPECT_TRUE(labels.used().empty());
  EXPECT_EQ(first.labelCount(), 0u);  // no label for functions nobody calls
  const asmjit::Label seven = labels.get(masm, 7);
  EXPECT_TRUE(seven.isValid());
  EXPECT_EQ(labels.get(masm, 7).id(), seven.id());
  labels.get(masm, 3);
  EXPECT_EQ(first.labelCount(), 2u);
  EXPECT_EQ(labels.used().size(), 2u);
  EXPECT_EQ(labels.used()[0], 7u);  // in order of first use
  EXPECT_EQ(labels.used()[1], 3u);
  EXPECT_EQ(labels.at(3).id(), labels.get(masm, 3).id());

  // A new CodeHolder starts with no labels: none of the first one's may leak into it.
  asmjit::CodeHolder second;
  second.init(asmjit::Environment::host());
  arch::MacroAssembler masm2(second, traps, {});
  labels.reset(10000);
  EXPECT_TRUE(labels.used().empty());
  EXPECT_FALSE(labels.at(7).isValid());
  EXPECT_FALSE(labels.at(3).isValid());
  EXPECT_TRUE(labels.get(masm2, 3).isValid());
  EXPECT_EQ(second.labelCount(), 1u);
}

// A module of `functions` copies of the padding function (about 1.3 KB of code each).
Bytes paddedModule(uint32_t functions) {
  ModuleParts p;
  p.types = {funcType({kI32}, {kI32})};
  for (uint32_t i = 0; i < functions; ++i) {
    p.funcs.push_back(0);
    p.bodies.push_back(funcBody(padding() + localGet(0) + Bytes{op::End}));
  }
  return p.build();
}

TEST(JitParallelCompile, HelpersStartOnlyForModulesWorthThem) {
  Result<std::unique_ptr<platform::CodeMemory>> memory = platform::CodeMemory::create();
  ASSERT_TRUE(memory.ok()) << memory.error().toString();
  auto compile = [&](platform::WorkerPool& pool, const Bytes& wasm, uint32_t threads) {
    Result<std::shared_ptr<ModuleInfo>> info = decodeModule(wasm);
    ASSERT_TRUE(info.ok()) << info.error().toString();
    std::vector<uint32_t> sigIds((*info)->types.size(), 0);
    jit::CompileOptions options;
    options.threads = threads;
    static const uint8_t trapStub = 0;  // never reached: nothing runs
    auto compiled = jit::compileModule(**memory, pool, &trapStub, **info, sigIds, options);
    ASSERT_TRUE(compiled.ok()) << compiled.error().toString();
  };
  const Bytes small = paddedModule(10);  // about 13 KB of code: two default chunks
  const Bytes large = paddedModule(60);  // about 80 KB

  // The default (0, one thread per core): no thread for the small module, helpers for the
  // large one on a machine with more than one core.
  platform::WorkerPool pool;
  compile(pool, small, 0);
  EXPECT_EQ(pool.threadCount(), 0u);
  compile(pool, large, 0);
  const uint32_t cores = std::thread::hardware_concurrency();
  if (cores > 1) {
    EXPECT_GE(pool.threadCount(), 1u);
  }
  compile(pool, small, 0);  // helpers running: used whatever the size

  // Asked for explicitly, helpers start whatever the size.
  platform::WorkerPool explicitPool;
  compile(explicitPool, small, 2);
  EXPECT_EQ(explicitPool.threadCount(), 1u);
}

TEST(PlatformWorkerPool, EveryItemRunsOnceWhateverTheHelpers) {
  platform::WorkerPool pool;
  for (uint32_t helpers : {0u, 1u, 3u, 2u}) {
    constexpr size_t kItems = 1000;
    std::vector<std::atomic<int>> done(kItems);
    std::atomic<size_t> next{0};
    pool.run(helpers, [&] {
      for (size_t i = next.fetch_add(1); i < kItems; i = next.fetch_add(1)) done[i].fetch_add(1);
    });
    for (size_t i = 0; i < kItems; ++i) ASSERT_EQ(done[i].load(), 1) << i;
  }
  EXPECT_EQ(pool.threadCount(), 3u);  // started lazily, kept for later jobs
}

TEST(PlatformWorkerPool, ConcurrentRunsBothComplete) {
  platform::WorkerPool pool;
  std::atomic<int> total{0};
  auto job = [&] {
    std::atomic<int> next{0};
    pool.run(2, [&] {
      while (next.fetch_add(1) < 500) total.fetch_add(1);
    });
  };
  std::thread other(job);
  job();
  other.join();
  EXPECT_EQ(total.load(), 1000);
}

}  // namespace
}  // namespace sable::test
