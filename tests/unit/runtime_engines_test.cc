// Several engines in one process must not interfere: no global mutable state except the trap
// handler's code-range registry, which every engine shares. Two engines with different memory
// modes run and trap on two threads at once.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "sable/sable.h"
#include "wasm_builder.h"

namespace sable::test {
namespace {

// (func "sum" (param n i32) (result i32)): stores 0..n-1 to memory and sums them back;
// (func "oob" (result i32)): loads from just past the one-page memory.
Bytes workModule() {
  Bytes sumBody = block() + loop() + localGet(1) + localGet(0) + Bytes{0x4f} /* i32.ge_u */ +
                  brIf(1) + localGet(1) + i32Const(2) + Bytes{0x74} /* i32.shl */ + localGet(1) +
                  Bytes{op::I32Store, 2, 0} + localGet(2) + localGet(1) + i32Const(2) +
                  Bytes{0x74} + Bytes{op::I32Load, 2, 0} + Bytes{op::I32Add} + localSet(2) +
                  localGet(1) + i32Const(1) + Bytes{op::I32Add} + localSet(1) + br(0) +
                  Bytes{op::End, op::End} + localGet(2) + Bytes{op::End};
  Bytes oobBody = i32Const(65536) + Bytes{op::I32Load, 2, 0, op::End};
  return ModuleBytes()
      .typeSection({funcType({kI32}, {kI32}), funcType({}, {kI32})})
      .functionSection({0, 1})
      .memorySection({limits(1)})
      .exportSection({exportEntry("sum", kExternFunc, 0), exportEntry("oob", kExternFunc, 1)})
      .codeSection({funcBody({{2, kI32}}, sumBody), funcBody(oobBody)})
      .bytes();
}

void runMany(MemoryBoundsMode mode, std::atomic<int>& failures) {
  EngineConfig config;
  config.memoryBoundsMode = mode;
  Engine engine(config);
  Bytes wasm = workModule();
  Result<Module> module = Module::compile(engine, wasm);
  if (!module) {
    ++failures;
    return;
  }
  Store store(engine);
  Linker linker;
  Result<Instance> instance = linker.instantiate(store, *module);
  if (!instance) {
    ++failures;
    return;
  }
  Func sum = *instance->getFunc("sum");
  Func oob = *instance->getFunc("oob");
  for (int i = 0; i < 300; ++i) {
    int32_t n = 100 + i;
    Result<std::vector<Value>> r = sum.call(store, std::vector<Value>{Value::i32(n)});
    if (!r || r->size() != 1 || (*r)[0].asI32() != n * (n - 1) / 2) ++failures;
    Result<std::vector<Value>> t = oob.call(store, {});
    if (t || t.error().kind != ErrorKind::Trap ||
        t.error().message.find("out of bounds memory access") != 0) {
      ++failures;
    }
  }
}

TEST(Engines, TwoEnginesRunAndTrapConcurrentlyWithoutInterfering) {
  std::atomic<int> failures{0};
  std::thread guard(runMany, MemoryBoundsMode::GuardPages, std::ref(failures));
  std::thread bounded(runMany, MemoryBoundsMode::Explicit, std::ref(failures));
  runMany(MemoryBoundsMode::GuardPages, failures);
  guard.join();
  bounded.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace sable::test
