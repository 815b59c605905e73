// Running out of memory while instantiating (issue 11, defect 3): the error is a value, and what
// the failed instance had allocated is given back. Three million passive element segments under
// `ulimit -v 400000` used to leave `sable run` unable to allocate even the line reporting the
// failure (it printed only "sable: out of memory", from its last-resort handler).
//
// The test runs in a forked child that sets RLIMIT_AS on itself: it skips under qemu-user, which
// does not pass the limit on, and under AddressSanitizer, whose allocator quarantines freed
// memory instead of reusing it at once.
#include <gtest/gtest.h>
#include <malloc.h>

#include <memory>
#include <new>
#include <string>
#include <vector>

#include "child_process.h"
#include "sable/sable.h"
#include "wasm_builder.h"

namespace sable::test {
namespace {

TEST(OutOfMemory, FailedInstantiationGivesBackWhatItAllocated) {
  if (kSanitizerHandlesFaults) {
    GTEST_SKIP() << "AddressSanitizer's allocator keeps freed memory in quarantine: what the "
                    "failed instantiation gives back is not reusable at once";
  }
  if (!addressSpaceLimitIsEnforced()) {
    GTEST_SKIP() << "RLIMIT_AS is not enforced here (qemu-user ignores it): cannot run short "
                    "of memory";
  }
  const ChildOutcome outcome = runInChild([] {
    // No helper threads: their malloc arenas would add free memory the cap does not see.
    EngineConfig config;
    config.compileThreads = 1;
    Engine engine(config);
    const Bytes wasm = passiveElementSegments(3000000);
    Result<Module> module = Module::compile(engine, std::span(wasm.data(), wasm.size()));
    if (!module) return 10;
    Store store(engine);
    // What earlier tests freed stays mapped and would be room the cap does not count.
    malloc_trim(0);
    // Room for the instance's segment list (72 MB) but not for the segments' items (96 MB).
    if (!capAddressSpace(size_t{96} << 20)) return 11;
    Result<Instance> instance = Linker().instantiate(store, *module);
    if (instance) return 12;
    if (instance.error().kind != ErrorKind::ResourceExhausted) return 13;
    // Half a million small allocations and a 4 MB one: they fit only in what the failed
    // instantiation gave back.
    try {
      std::vector<std::unique_ptr<uint64_t>> blocks;
      blocks.reserve(500000);
      for (int i = 0; i < 500000; ++i) blocks.push_back(std::make_unique<uint64_t>(i));
      if (instance.error().toString().find("resource exhausted") == std::string::npos) return 14;
    } catch (const std::bad_alloc&) {
      return 15;
    }
    return 0;
  });
  EXPECT_TRUE(outcome.exited) << "child killed by signal " << outcome.signal;
  EXPECT_EQ(outcome.exitCode, 0) << "the check returning this code failed (15: memory was kept)";
}

}  // namespace
}  // namespace sable::test
