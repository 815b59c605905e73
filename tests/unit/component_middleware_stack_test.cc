// The benchmark components of tests/component/inputs run as the benchmarks use them, so a
// benchmark can never time a stack that computes the wrong thing: the echo stacks (caller <-
// [middleware <-] provider, nested in one component) and kv-bench.wasm linked through
// kv-passthru.wasm to the host's example:kv/kv-store (cm::Linker::defineInstance).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "component_test_files.h"
#include "sable/component.h"
#include "sable/component_linker.h"
#include "sable/engine.h"
#include "sable/kv.h"
#include "sable/kv_example.h"
#include "sable/store.h"

namespace sable::test {
namespace {

using cm::Val;

class MiddlewareStack : public ::testing::Test {
 protected:
  cm::Component compile(const char* file) { return testing::compileInput(engine_, file); }

  // Calls `name` of `instance` with one u32 and returns its u32 result.
  uint32_t callU32(const cm::ComponentInstance& instance, const char* name, uint32_t n) {
    auto func = instance.getFunc(name);
    EXPECT_TRUE(func.ok()) << func.error().toString();
    std::vector<Val> args = {Val::u32(n)};
    auto out = func->call(store_, args);
    EXPECT_TRUE(out.ok()) << out.error().toString();
    return out.ok() ? (*out)[0].asU32() : 0;
  }

  Engine engine_;
  Store store_{engine_};
};

TEST_F(MiddlewareStack, EchoStacksReturnWhatTheySent) {
  for (const char* file : {"echo-direct.wasm", "echo-middleware.wasm"}) {
    SCOPED_TRACE(file);
    auto instance = cm::Linker(engine_).instantiate(store_, compile(file));
    ASSERT_TRUE(instance.ok()) << instance.error().toString();
    EXPECT_EQ(callU32(*instance, "loop-u32", 10), 45u);  // 0 + 1 + ... + 9
    EXPECT_EQ(callU32(*instance, "loop-str", 3), 3u);
    EXPECT_EQ(callU32(*instance, "loop-list", 2), 2u);
  }
}

TEST_F(MiddlewareStack, KvBenchThroughThePassThroughMiddlewareReachesTheStore) {
  auto backend = kv::openBackend("memory");
  ASSERT_TRUE(backend.ok());
  cm::Linker hostLinker(engine_), appLinker(engine_);
  ASSERT_TRUE(kv::addExampleKv(hostLinker, *backend, {"bench"}).ok());
  auto middleware = hostLinker.instantiate(store_, compile("kv-passthru.wasm"), "mw");
  ASSERT_TRUE(middleware.ok()) << middleware.error().toString();
  ASSERT_TRUE(
      appLinker.defineInstance("example:kv/kv-store", *middleware, "example:kv/kv-store").ok());
  auto app = appLinker.instantiate(store_, compile("kv-bench.wasm"), "app");
  ASSERT_TRUE(app.ok()) << app.error().toString();
  EXPECT_EQ(callU32(*app, "bench-get", 5), 0u);  // nothing stored yet
  EXPECT_EQ(callU32(*app, "bench-set", 5), 5u);
  EXPECT_EQ(callU32(*app, "bench-get", 5), 5u);
  auto stored = (*backend)->get("bench", "key-000000000004");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ(**stored, std::string(100, 'v'));
  EXPECT_FALSE((*backend)->get("bench", "key-000000000005")->has_value());
}

}  // namespace
}  // namespace sable::test
