// Frames larger than the stack that is left: the prologue must trap with "call stack exhausted"
// before it takes the frame, whatever thread the call comes from (issue 11, defect 2). Before
// the fix, the frame was taken first and the trap path then ran past the end of the stack, so
// each of these killed the process with SIGSEGV.
#include <gtest/gtest.h>
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <vector>

#include "sable/sable.h"
#include "wasm_builder.h"

namespace sable::test {
namespace {

// A module exporting "run": () -> () with `locals` i64 locals in its frame (16 bytes of frame
// each) that calls itself forever when `recursive`, or else returns.
Bytes functionWithLocals(uint32_t locals, bool recursive = true) {
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.funcs = {0};
  p.exports = {exportEntry("run", kExternFunc, 0)};
  p.bodies = {funcBody(Locals{{locals, kI64}}, (recursive ? call(0) : Bytes{}) + Bytes{op::End})};
  return p.build();
}

// A module exporting "run": () -> i32 that pushes `count` constants before adding them up: an
// operand stack (and so a frame) of count * 16 bytes.
Bytes hugeOperandStack(uint32_t count) {
  Bytes code;
  for (uint32_t i = 0; i < count; ++i) code += i32Const(1);
  for (uint32_t i = 1; i < count; ++i) code += Bytes{op::I32Add};
  code += Bytes{op::End};
  ModuleParts p;
  p.types = {funcType({}, {kI32})};
  p.funcs = {0};
  p.exports = {exportEntry("run", kExternFunc, 0)};
  p.bodies = {funcBody(code)};
  return p.build();
}

// Compiles `wasm`, calls its "run" and returns the error (expected: a trap).
Error callRun(const EngineConfig& config, const Bytes& wasm) {
  Result<Engine> engine = Engine::create(config);
  if (!engine) return engine.error();
  Result<Module> module = Module::compile(*engine, std::span(wasm.data(), wasm.size()));
  if (!module) return module.error();
  Store store(*engine);
  Linker linker;
  Result<Instance> instance = linker.instantiate(store, *module);
  if (!instance) return instance.error();
  Result<std::vector<Value>> result = instance->getFunc("run")->call(store, {});
  if (result) return Error{ErrorKind::Usage, Error::kNoOffset, "run returned"};
  return result.error();
}

// Runs `job` on a thread of its own with a stack of `stackBytes`, as embedders' threads are.
void onThreadWithStack(size_t stackBytes, std::function<void()> job) {
  pthread_attr_t attr;
  ASSERT_EQ(pthread_attr_init(&attr), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&attr, stackBytes), 0);
  pthread_t thread;
  auto run = [](void* arg) -> void* {
    (*static_cast<std::function<void()>*>(arg))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attr, run, &job), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
}

void expectStackExhausted(const Error& error) {
  EXPECT_EQ(error.kind, ErrorKind::Trap) << error.toString();
  EXPECT_EQ(error.message.rfind("call stack exhausted", 0), 0u) << error.toString();
}

TEST(StackExhaustion, OperandStackLargerThanTheWasmStackTraps) {
  // 540,000 constants: a frame of over 8 MiB, more than the whole default native stack.
  expectStackExhausted(callRun({}, hugeOperandStack(540000)));
}

TEST(StackExhaustion, FrameLargerThanASmallThreadStackTraps) {
  // 20,000 locals (320 KB of frame) on a 256 KiB thread: the first frame does not fit.
  Error error;
  onThreadWithStack(256 * 1024, [&] { error = callRun({}, functionWithLocals(20000)); });
  expectStackExhausted(error);
}

TEST(StackExhaustion, RecursionWithLargeFramesOnASmallThreadStackTraps) {
  // 2,000 locals (32 KB of frame) a call: a few calls use up a 256 KiB thread's stack.
  Error error;
  onThreadWithStack(256 * 1024, [&] { error = callRun({}, functionWithLocals(2000)); });
  expectStackExhausted(error);
}

TEST(StackExhaustion, CallFromATinyThreadStackTraps) {
  // An embedder's thread with a 64 KiB stack (or the system's minimum where that is larger:
  // 128 KiB on AArch64 glibc, for 64 KiB pages): no more than the headroom kept for host code and
  // the trap path, so wasm gets no stack at all there. Everything but the call is set up on this
  // thread, as an embedder would; the call itself must trap, not run off the thread's stack.
  Result<Engine> engine = Engine::create({});
  ASSERT_TRUE(engine) << engine.error().toString();
  const Bytes wasm = functionWithLocals(8000);  // 128 KB frames: more than the thread has
  Result<Module> module = Module::compile(*engine, std::span(wasm.data(), wasm.size()));
  ASSERT_TRUE(module) << module.error().toString();
  Store store(*engine);
  Linker linker;
  Result<Instance> instance = linker.instantiate(store, *module);
  ASSERT_TRUE(instance) << instance.error().toString();
  Error error{ErrorKind::Usage, Error::kNoOffset, "not called"};
  const size_t tiny = std::max<size_t>(64 * 1024, sysconf(_SC_THREAD_STACK_MIN));
  onThreadWithStack(tiny, [&] {
    Result<std::vector<Value>> result = instance->getFunc("run")->call(store, {});
    if (!result) error = result.error();
  });
  expectStackExhausted(error);
  // The same store still works from a thread with a normal stack afterwards: the recursion
  // runs until the budget is used up and traps the same way.
  Result<std::vector<Value>> again = instance->getFunc("run")->call(store, {});
  ASSERT_FALSE(again);
  expectStackExhausted(again.error());
}

// A module exporting "answer": () -> i32, which calls a function that calls the host import
// env.h and returns 42, and "recurse": () -> (), which calls itself forever.
Bytes shallowAndRecursiveCalls() {
  ModuleParts p;
  p.types = {funcType({}, {}), funcType({}, {kI32})};
  p.imports = {importFunc("env", "h", 0)};
  p.funcs = {1, 1, 0};
  p.exports = {exportEntry("answer", kExternFunc, 1), exportEntry("recurse", kExternFunc, 3)};
  p.bodies = {funcBody(call(2) + Bytes{op::End}), funcBody(call(0) + i32Const(42) + Bytes{op::End}),
              funcBody(call(3) + Bytes{op::End})};
  return p.build();
}

// Calls "answer" and then "recurse" from a thread with a stack of `stackBytes`, everything else
// being set up on this thread as an embedder would: the shallow call and its host function run,
// and the recursion traps (before the fix, the fixed 128 KiB of headroom kept below the wasm
// stack limit was all such a thread had, so every call trapped at once).
void expectShallowCallsRunAndRecursionTraps(size_t stackBytes) {
  Result<Engine> engine = Engine::create({});
  ASSERT_TRUE(engine) << engine.error().toString();
  const Bytes wasm = shallowAndRecursiveCalls();
  Result<Module> module = Module::compile(*engine, std::span(wasm.data(), wasm.size()));
  ASSERT_TRUE(module) << module.error().toString();
  Store store(*engine);
  Linker linker;
  int hostCalls = 0;
  linker.define("env", "h", Func::host(store, FuncType(), [&](auto, auto) -> Result<void> {
                  ++hostCalls;
                  return {};
                }));
  Result<Instance> instance = linker.instantiate(store, *module);
  ASSERT_TRUE(instance) << instance.error().toString();
  std::optional<Result<std::vector<Value>>> answer;
  std::optional<Result<std::vector<Value>>> recursion;
  onThreadWithStack(stackBytes, [&] {
    answer = instance->getFunc("answer")->call(store, {});
    recursion = instance->getFunc("recurse")->call(store, {});
  });
  ASSERT_TRUE(answer && recursion);
  ASSERT_TRUE(*answer) << answer->error().toString();
  ASSERT_EQ((*answer)->size(), 1u);
  EXPECT_EQ((*answer)->at(0).asI32(), 42);
  EXPECT_EQ(hostCalls, 1);
  ASSERT_FALSE(*recursion);
  expectStackExhausted(recursion->error());
}

TEST(StackExhaustion, ShallowCallsRunOnA64KiBThreadStack) {
  // Or the system's minimum where that is larger (128 KiB on AArch64 glibc).
  expectShallowCallsRunAndRecursionTraps(
      std::max<size_t>(64 * 1024, sysconf(_SC_THREAD_STACK_MIN)));
}

TEST(StackExhaustion, ShallowCallsRunOnA32KiBThreadStack) {
  if (sysconf(_SC_THREAD_STACK_MIN) > 32 * 1024) {
    GTEST_SKIP() << "threads need at least " << sysconf(_SC_THREAD_STACK_MIN)
                 << " bytes of stack here";
  }
  expectShallowCallsRunAndRecursionTraps(32 * 1024);
}

TEST(StackExhaustion, MaxWasmStackBoundsOneLargeFrame) {
  // 64 KiB of wasm stack cannot hold one frame of 8,000 locals (128 KB).
  EngineConfig config;
  config.maxWasmStackBytes = 64 * 1024;
  expectStackExhausted(callRun(config, functionWithLocals(8000)));
}

TEST(StackExhaustion, LargeFrameWithinTheBudgetRuns) {
  // The same frame fits the default budget (1 MiB): no trap when it does not recurse.
  const Error error = callRun({}, functionWithLocals(8000, /*recursive=*/false));
  EXPECT_EQ(error.message, "run returned");
}

}  // namespace
}  // namespace sable::test
