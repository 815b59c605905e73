// platform/trap_handler (with code_range_registry, signal_context, alt_signal_stack): faults in
// registered code become redirects to the landing address; other faults reach the previous
// handler.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "child_process.h"
#include "platform/alt_signal_stack.h"
#include "platform/code_memory.h"
#include "platform/code_range_registry.h"
#include "platform/trap_handler.h"
#include "platform/virtual_memory.h"

#if defined(__x86_64__)
#include <asmjit/x86.h>
#endif

namespace sable::platform {
namespace {

using test::ChildOutcome;
using test::expectDiedOf;
using test::kSanitizerHandlesFaults;
using test::runInChild;

using vm::TrapCode;

// ---------------------------------------------------------------------------------------------
// CodeRangeRegistry on its own.

TEST(PlatformCodeRangeRegistry, FindsRegisteredRangesOnly) {
  auto registry = std::make_unique<CodeRangeRegistry>();
  EXPECT_EQ(registry->find(0x1000), 0u);
  auto a = registry->add(0x1000, 0x2000, 0xA);
  auto b = registry->add(0x3000, 0x3100, 0xB);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(registry->find(0x0FFF), 0u);
  EXPECT_EQ(registry->find(0x1000), 0xAu);
  EXPECT_EQ(registry->find(0x1FFF), 0xAu);
  EXPECT_EQ(registry->find(0x2000), 0u);  // end is exclusive
  EXPECT_EQ(registry->find(0x30FF), 0xBu);
  registry->remove(*a);
  EXPECT_EQ(registry->find(0x1000), 0u);
  EXPECT_EQ(registry->find(0x3000), 0xBu);
  // The freed slot is reused.
  auto c = registry->add(0x5000, 0x6000, 0xC);
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, *a);
  EXPECT_EQ(registry->find(0x5000), 0xCu);
}

TEST(PlatformCodeRangeRegistry, ReportsWhenFull) {
  auto registry = std::make_unique<CodeRangeRegistry>();
  std::vector<uint32_t> slots;
  for (size_t i = 0; i < CodeRangeRegistry::kCapacity; ++i) {
    auto slot = registry->add(0x10000 + i * 16, 0x10000 + i * 16 + 16, 0x1 + i);
    ASSERT_TRUE(slot) << i;
    slots.push_back(*slot);
  }
  EXPECT_FALSE(registry->add(0x1, 0x2, 0x3));
  EXPECT_EQ(registry->find(0x10000 + 100 * 16 + 3), 0x1u + 100);
  registry->remove(slots[17]);
  EXPECT_TRUE(registry->add(0x1, 0x2, 0x3));
  for (uint32_t slot : slots) {
    if (slot != slots[17]) registry->remove(slot);
  }
  EXPECT_EQ(registry->find(0x10000), 0u);
  EXPECT_EQ(registry->find(0x1), 0x3u);
}

// ---------------------------------------------------------------------------------------------
// The process-wide registration API.

TEST(PlatformTrapHandler, RegistrationIsVisibleUntilDestroyed) {
  static const uint8_t code[64] = {};
  const uintptr_t begin = reinterpret_cast<uintptr_t>(code);
  {
    auto registration = TrapHandlerRegistration::create(code, code + 64, code + 8);
    ASSERT_TRUE(registration) << registration.error().toString();
    EXPECT_TRUE(registration->active());
    EXPECT_EQ(trapLandingFor(begin + 10), begin + 8);
    TrapHandlerRegistration moved = std::move(*registration);
    EXPECT_FALSE(registration->active());
    EXPECT_EQ(trapLandingFor(begin + 63), begin + 8);
    moved.reset();
    EXPECT_EQ(trapLandingFor(begin + 10), 0u);
    auto again = TrapHandlerRegistration::create(code, code + 64, code + 8);
    ASSERT_TRUE(again);
  }
  EXPECT_EQ(trapLandingFor(begin + 10), 0u);
}

TEST(PlatformTrapHandler, RejectsEmptyRangesAndMissingLanding) {
  static const uint8_t code[16] = {};
  auto empty = TrapHandlerRegistration::create(code + 8, code + 8, code);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().kind, ErrorKind::Usage);
  EXPECT_FALSE(TrapHandlerRegistration::create(code, code + 16, nullptr));
}

TEST(PlatformTrapHandler, InstallingIsIdempotentAndThreadSafe) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 100; ++j) {
        if (!installTrapHandlers()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  struct sigaction current = {};
  for (int signal : {SIGSEGV, SIGBUS, SIGFPE}) {
    ASSERT_EQ(sigaction(signal, nullptr, &current), 0);
    EXPECT_TRUE(current.sa_flags & SA_SIGINFO);
    EXPECT_TRUE(current.sa_flags & SA_ONSTACK);
    EXPECT_TRUE(current.sa_flags & SA_NODEFER);
  }
}

TEST(PlatformTrapHandler, AltStackIsInstalledOncePerThread) {
  std::thread worker([] {
    ASSERT_TRUE(ensureAltStack());
    stack_t first = {};
    ASSERT_EQ(sigaltstack(nullptr, &first), 0);
    EXPECT_FALSE(first.ss_flags & SS_DISABLE);
    EXPECT_GE(first.ss_size, kAltSignalStackBytes);
    ASSERT_TRUE(ensureAltStack());
    stack_t second = {};
    ASSERT_EQ(sigaltstack(nullptr, &second), 0);
    EXPECT_EQ(first.ss_sp, second.ss_sp);
  });
  worker.join();
}

// ---------------------------------------------------------------------------------------------
// Redirecting real faults in generated code (x86-64 only: the test code is hand-assembled).

#if defined(__x86_64__)

// What the landing code records: the three argument registers it received, plus the frame
// pointer the faulting function set up and its stack pointer at entry.
struct TrapReport {
  uint64_t code = 0;
  uint64_t pc = 0;
  uint64_t framePointer = 0;
  uint64_t framePointerAtEntry = 0;
  uint64_t stackPointerAtEntry = 0;
};

// Test functions sharing one landing address, in one registered code range:
//   uint64_t loadFrom(TrapReport*, const void* address): loads 4 bytes, returns 7.
//   uint64_t divide(TrapReport*, uint32_t divisor): returns 100 / divisor.
//   uint64_t recurse(TrapReport*): calls itself until the stack runs out.
// Each stores rbp into report->framePointerAtEntry. On a trap, the landing code stores its
// rdi/rsi/rdx into the report, restores the stack pointer saved at entry and returns rdi (the
// trap code) to the C++ caller.
class TrapTestCode {
 public:
  using LoadFrom = uint64_t (*)(TrapReport*, const void*);
  using Divide = uint64_t (*)(TrapReport*, uint32_t);
  using Recurse = uint64_t (*)(TrapReport*);

  static std::unique_ptr<TrapTestCode> build() {
    using namespace asmjit;
    using namespace asmjit::x86;
    auto result = std::unique_ptr<TrapTestCode>(new TrapTestCode());
    auto memory = CodeMemory::create();
    if (!memory) return nullptr;
    result->memory_ = std::move(*memory);

    CodeHolder holder;
    holder.init(Environment::host());
    Assembler a(&holder);
    Label loadFrom = a.newLabel(), divide = a.newLabel(), recurse = a.newLabel();
    Label recurseBody = a.newLabel(), landing = a.newLabel();
    Label loadPc = a.newLabel(), dividePc = a.newLabel();
    auto prologue = [&] {
      a.push(rbp);
      a.mov(rbp, rsp);
      a.mov(r8, rdi);  // the report; the redirect overwrites rdi, rsi, rdx only
      a.mov(qword_ptr(r8, offsetof(TrapReport, framePointerAtEntry)), rbp);
      a.mov(qword_ptr(r8, offsetof(TrapReport, stackPointerAtEntry)), rsp);
    };

    a.bind(loadFrom);
    prologue();
    a.bind(loadPc);
    a.mov(eax, dword_ptr(rsi));
    a.mov(eax, 7);
    a.pop(rbp);
    a.ret();

    a.bind(divide);
    prologue();
    a.mov(eax, 100);
    a.xor_(edx, edx);
    a.bind(dividePc);
    a.div(esi);
    a.pop(rbp);
    a.ret();

    a.bind(recurse);
    prologue();
    a.bind(recurseBody);
    a.call(recurseBody);
    a.pop(rbp);
    a.ret();

    a.bind(landing);
    a.mov(rsp, qword_ptr(r8, offsetof(TrapReport, stackPointerAtEntry)));
    a.mov(qword_ptr(r8, offsetof(TrapReport, code)), rdi);
    a.mov(qword_ptr(r8, offsetof(TrapReport, pc)), rsi);
    a.mov(qword_ptr(r8, offsetof(TrapReport, framePointer)), rdx);
    a.mov(rax, rdi);
    a.pop(rbp);
    a.ret();

    auto block = result->memory_->allocate(holder.codeSize());
    if (!block) return nullptr;
    result->block_ = std::move(*block);
    const uint8_t* base = result->block_.executable();
    if (holder.relocateToBase(reinterpret_cast<uint64_t>(base)) != kErrorOk) return nullptr;
    holder.copyFlattenedData(result->block_.writable(), result->block_.size());
    result->block_.finalize();
    auto at = [&](const Label& label) { return base + holder.labelOffsetFromBase(label); };
    result->loadFrom_ = reinterpret_cast<LoadFrom>(at(loadFrom));
    result->divide_ = reinterpret_cast<Divide>(at(divide));
    result->recurse_ = reinterpret_cast<Recurse>(at(recurse));
    result->landing_ = at(landing);
    result->loadPc_ = reinterpret_cast<uintptr_t>(at(loadPc));
    result->dividePc_ = reinterpret_cast<uintptr_t>(at(dividePc));
    return result;
  }

  Result<TrapHandlerRegistration> registerRange() const {
    return TrapHandlerRegistration::create(block_.executable(), block_.executable() + block_.size(),
                                           landing_);
  }

  LoadFrom loadFrom() const { return loadFrom_; }
  Divide divide() const { return divide_; }
  Recurse recurse() const { return recurse_; }
  uintptr_t loadPc() const { return loadPc_; }
  uintptr_t dividePc() const { return dividePc_; }

 private:
  TrapTestCode() = default;
  std::unique_ptr<CodeMemory> memory_;
  CodeBlock block_;
  LoadFrom loadFrom_ = nullptr;
  Divide divide_ = nullptr;
  Recurse recurse_ = nullptr;
  const uint8_t* landing_ = nullptr;
  uintptr_t loadPc_ = 0;
  uintptr_t dividePc_ = 0;
};

class PlatformTrapRedirect : public ::testing::Test {
 protected:
  void SetUp() override {
    code_ = TrapTestCode::build();
    ASSERT_NE(code_, nullptr);
    auto registration = code_->registerRange();
    ASSERT_TRUE(registration) << registration.error().toString();
    registration_ = std::move(*registration);
    auto guard = VirtualMemoryRegion::reserve(pageSize());
    ASSERT_TRUE(guard);
    inaccessible_ = std::move(*guard);
  }

  std::unique_ptr<TrapTestCode> code_;
  TrapHandlerRegistration registration_;
  VirtualMemoryRegion inaccessible_;  // reserved, never committed: every access faults
};

TEST_F(PlatformTrapRedirect, CodeThatDoesNotFaultRunsNormally) {
  TrapReport report;
  const uint32_t readable = 0;
  EXPECT_EQ(code_->loadFrom()(&report, &readable), 7u);
  EXPECT_EQ(code_->divide()(&report, 5), 20u);
  EXPECT_EQ(report.code, 0u);
}

TEST_F(PlatformTrapRedirect, SegvBecomesMemoryOutOfBounds) {
  TrapReport report;
  const uint64_t result = code_->loadFrom()(&report, inaccessible_.base() + 100);
  EXPECT_EQ(result, uint64_t(TrapCode::MemoryOutOfBounds));
  EXPECT_EQ(report.code, uint64_t(TrapCode::MemoryOutOfBounds));
  EXPECT_EQ(report.pc, code_->loadPc());
  EXPECT_EQ(report.framePointer, report.framePointerAtEntry);
  EXPECT_NE(report.framePointer, 0u);
  // Again, on the alternate signal stack this time.
  ASSERT_TRUE(ensureAltStack());
  TrapReport second;
  EXPECT_EQ(code_->loadFrom()(&second, inaccessible_.base()),
            uint64_t(TrapCode::MemoryOutOfBounds));
  EXPECT_EQ(second.pc, code_->loadPc());
}

TEST_F(PlatformTrapRedirect, SigfpeBecomesIntegerDivideByZero) {
  TrapReport report;
  EXPECT_EQ(code_->divide()(&report, 0), uint64_t(TrapCode::IntegerDivideByZero));
  EXPECT_EQ(report.pc, code_->dividePc());
  EXPECT_EQ(report.framePointer, report.framePointerAtEntry);
}

TEST_F(PlatformTrapRedirect, SigbusBecomesMemoryOutOfBounds) {
  // A shared mapping past the end of its (empty) file raises SIGBUS, not SIGSEGV.
  const int file = memfd_create("sable-sigbus-test", 0);
  ASSERT_GE(file, 0);
  void* mapping = mmap(nullptr, pageSize(), PROT_READ, MAP_SHARED, file, 0);
  close(file);
  ASSERT_NE(mapping, MAP_FAILED);
  TrapReport report;
  EXPECT_EQ(code_->loadFrom()(&report, mapping), uint64_t(TrapCode::MemoryOutOfBounds));
  EXPECT_EQ(report.pc, code_->loadPc());
  munmap(mapping, pageSize());
}

// Stack overflow inside generated code is only recoverable on the alternate signal stack.
TEST_F(PlatformTrapRedirect, StackOverflowIsHandledOnTheAltStack) {
  struct Run {
    TrapTestCode* code;
    bool withAltStack;
    uint64_t result = 0;
  };
  auto threadMain = [](void* argument) -> void* {
    auto* run = static_cast<Run*>(argument);
    if (run->withAltStack && !ensureAltStack()) return nullptr;
    TrapReport report;
    run->result = run->code->recurse()(&report);
    return nullptr;
  };
  auto runOnSmallStack = [&](Run& run) {
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, 256 * 1024);
    pthread_t thread;
    ASSERT_EQ(pthread_create(&thread, &attributes, +threadMain, &run), 0);
    pthread_join(thread, nullptr);
    pthread_attr_destroy(&attributes);
  };

  Run withAltStack{code_.get(), true};
  runOnSmallStack(withAltStack);
  EXPECT_EQ(withAltStack.result, uint64_t(TrapCode::MemoryOutOfBounds));

  if (kSanitizerHandlesFaults) return;  // the sanitizer gives every thread an alternate stack
  auto outcome = runInChild([&] {
    Run without{code_.get(), false};
    runOnSmallStack(without);
    return 0;  // not reached: the kernel cannot deliver SIGSEGV on the exhausted stack
  });
  expectDiedOf(outcome, SIGSEGV);
}

TEST_F(PlatformTrapRedirect, SeveralThreadsTrapWhileRangesChange) {
  constexpr int kThreads = 4;
  constexpr int kTrapsPerThread = 2000;
  std::atomic<bool> done{false};
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      if (!ensureAltStack()) ++wrong;
      for (int i = 0; i < kTrapsPerThread; ++i) {
        TrapReport report;
        if (code_->loadFrom()(&report, inaccessible_.base() + i) !=
                uint64_t(TrapCode::MemoryOutOfBounds) ||
            report.pc != code_->loadPc()) {
          ++wrong;
        }
      }
    });
  }
  // Meanwhile, other "engines" come and go.
  static const uint8_t otherCode[256] = {};
  std::thread churn([&] {
    while (!done.load()) {
      std::vector<TrapHandlerRegistration> live;
      for (int i = 0; i < 16; ++i) {
        auto registration =
            TrapHandlerRegistration::create(otherCode + i * 16, otherCode + i * 16 + 16, otherCode);
        if (registration) live.push_back(std::move(*registration));
      }
    }
  });
  for (auto& thread : threads) thread.join();
  done = true;
  churn.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST_F(PlatformTrapRedirect, UnregisteredCodeIsNoLongerRedirected) {
  registration_.reset();
  auto outcome = runInChild([&] {
    TrapReport report;
    code_->loadFrom()(&report, inaccessible_.base());
    return 0;
  });
  expectDiedOf(outcome, SIGSEGV);
}

#endif  // defined(__x86_64__)

// ---------------------------------------------------------------------------------------------
// Faults outside generated code go to the previous disposition (SIG_DFL in the test binary).

TEST(PlatformTrapHandlerChaining, SegvOutsideRegisteredCodeKillsTheProcess) {
  ASSERT_TRUE(installTrapHandlers());
  auto page = VirtualMemoryRegion::reserve(pageSize());
  ASSERT_TRUE(page);
  auto outcome = runInChild([&] {
    *reinterpret_cast<volatile uint8_t*>(page->base()) = 1;
    return 0;
  });
  expectDiedOf(outcome, SIGSEGV);
}

// AArch64 integer division never faults (x / 0 is 0), so there is no SIGFPE to chain there.
#if defined(__x86_64__)
TEST(PlatformTrapHandlerChaining, SigfpeOutsideRegisteredCodeKillsTheProcess) {
  ASSERT_TRUE(installTrapHandlers());
  auto outcome = runInChild([] {
    // Both volatile: GCC turns `1 / x` into a comparison, which never faults.
    volatile int dividend = 100;
    volatile int zero = 0;
    volatile int quotient = dividend / zero;
    return quotient;
  });
  expectDiedOf(outcome, SIGFPE);
}
#endif

TEST(PlatformTrapHandlerChaining, SentSignalsAreNotTraps) {
  ASSERT_TRUE(installTrapHandlers());
  auto outcome = runInChild([] {
    raise(SIGBUS);
    return 0;
  });
  expectDiedOf(outcome, SIGBUS);
}

}  // namespace
}  // namespace sable::platform
