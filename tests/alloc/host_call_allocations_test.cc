// How many heap allocations one guest->host call makes, counted by replacing the global
// operator new in this test binary only (its own executable, so the count sees nothing else).
// A guest component's bench export loops n times over a host import; the difference between n
// = 1 and n = 1 + kCalls, divided by kCalls, is the cost of one call: what the host function
// itself allocates, plus whatever the canonical ABI's lifting and lowering add.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sable/component.h"
#include "sable/component_linker.h"
#include "sable/component_typed.h"
#include "sable/kv.h"
#include "sable/kv_wasi.h"
#include "sable/sable.h"

namespace {

// Counted while non-zero: only the measured calls.
std::atomic<bool> counting{false};
std::atomic<uint64_t> allocations{0};

}  // namespace

// GCC reads the replacements' malloc/free pairs as mismatched with new/delete.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

void* operator new(std::size_t size) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace sable {
namespace {

constexpr uint32_t kCalls = 1000;
constexpr const char* kBucket = "bench";
constexpr const char* kInterface = "example:kv/kv-store";

cm::Component compile(const Engine& engine, const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
  Result<cm::Component> c = cm::Component::compile(engine, bytes);
  EXPECT_TRUE(c) << (c ? "" : c.error().toString());
  return std::move(*c);
}

// The allocations of one call of `export` with `args` (n appended).
uint64_t allocationsOf(Store& store, const cm::ComponentInstance& instance,
                       std::string_view exportName, std::vector<cm::Val> args, uint32_t n) {
  Result<cm::ComponentFunc> f = instance.getFunc(exportName);
  EXPECT_TRUE(f);
  args.push_back(cm::Val::u32(n));
  allocations = 0;
  counting = true;
  Result<std::vector<cm::Val>> out = f->call(store, args);
  counting = false;
  EXPECT_TRUE(out) << (out ? "" : out.error().toString());
  return allocations.load();
}

// Allocations per host call: (calls of 1 + kCalls iterations) - (calls of 1), over kCalls.
double perCall(Store& store, const cm::ComponentInstance& instance, std::string_view exportName,
               const std::vector<cm::Val>& args) {
  // Warm: lazy state, first-use caches, and every key a store holds after the first run.
  allocationsOf(store, instance, exportName, args, 1 + kCalls);
  uint64_t one = allocationsOf(store, instance, exportName, args, 1);
  uint64_t many = allocationsOf(store, instance, exportName, args, 1 + kCalls);
  return static_cast<double>(many - one) / kCalls;
}

// kv-bench.wasm's bench-get calls the seed's `get: func(key: string) -> option<string>`, here
// a typed host function returning a 100-byte value it keeps: the result needs one allocation
// (the std::string the function returns), and that is all a call may make.
TEST(HostCallAllocations, TypedStringToOptionStringAllocatesOnlyTheResult) {
  Engine engine;
  Store store(engine);
  cm::Linker linker(engine);
  const std::string value(100, 'v');
  ASSERT_TRUE(cm::defineTypedFunc(linker, kInterface, "get", {"key"},
                                  [&](std::string_view key) -> std::optional<std::string> {
                                    if (key.size() != 16) return std::nullopt;
                                    return value;
                                  }));
  ASSERT_TRUE(cm::defineTypedFunc(linker, kInterface, "set", {"key", "value"},
                                  [](std::string_view, std::string_view) {}));
  auto instance = linker.instantiate(store, compile(engine, SABLE_KV_BENCH_WASM));
  ASSERT_TRUE(instance) << instance.error().toString();
  EXPECT_EQ(perCall(store, *instance, "bench-set", {}), 0.0);
  EXPECT_EQ(perCall(store, *instance, "bench-get", {}), 1.0);
}

// Allocations per call of the backend's own get/set (the same key and value size), natively.
std::pair<double, double> nativePerCall(kv::Backend& backend) {
  const std::string key = "key-000000000042", value(100, 'v');
  auto count = [&](auto op) {
    op();  // warm
    allocations = 0;
    counting = true;
    for (uint32_t i = 0; i < kCalls; ++i) op();
    counting = false;
    return static_cast<double>(allocations.load()) / kCalls;
  };
  double set = count([&] { EXPECT_TRUE(backend.set(kBucket, key, value)); });
  double get = count([&] { EXPECT_TRUE(backend.get(kBucket, key)); });
  return {set, get};
}

// kv-guest.wasm's bench-set/-get call wasi:keyvalue's `[method]bucket.set: func(self:
// borrow<bucket>, key: string, value: list<u8>) -> result<_, error>` and `[method]bucket.get:
// func(self: borrow<bucket>, key: string) -> result<option<list<u8>>, error>` on the memory
// backend. Against the backend's own allocations (natively), a set adds none (the borrow, the
// key and the value are lent, not copied) and a get adds the two cm::Val nodes of its result
// (`ok(some(..))`; the value's bytes move into the Val).
TEST(HostCallAllocations, WasiKeyvalueAddsOnlyTheResultNodes) {
  Engine engine;
  Store store(engine);
  cm::Linker linker(engine);
  Result<std::shared_ptr<kv::Backend>> backend = kv::openBackend("memory");
  ASSERT_TRUE(backend);
  ASSERT_TRUE(kv::addWasiKeyvalue(linker, *backend, {{kBucket}}));
  auto instance = linker.instantiate(store, compile(engine, SABLE_KV_GUEST_WASM));
  ASSERT_TRUE(instance) << instance.error().toString();
  std::vector<cm::Val> bucket = {cm::Val::string(kBucket)};
  double set = perCall(store, *instance, "bench-set", bucket);
  double get = perCall(store, *instance, "bench-get", bucket);
  auto [nativeSet, nativeGet] = nativePerCall(**backend);
  std::printf("allocations per call: guest set %.2f get %.2f, native set %.2f get %.2f\n", set, get,
              nativeSet, nativeGet);
  EXPECT_EQ(set - nativeSet, 0.0);
  EXPECT_EQ(get - nativeGet, 2.0);
}

}  // namespace
}  // namespace sable
