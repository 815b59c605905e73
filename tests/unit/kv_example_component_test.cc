// example:kv/kv-store from a kv::Backend, run by the testkit's app (tests/component/inputs/
// kv-app.wasm, jco-built): state kept in a SQLite file across separate runs, and a store
// failure trapping the app with the store's reason.
#include <gtest/gtest.h>

#include <filesystem>

#include "component_test_files.h"
#include "kv_test_stores.h"
#include "sable/component.h"
#include "sable/component_linker.h"
#include "sable/engine.h"
#include "sable/kv.h"
#include "sable/kv_example.h"
#include "sable/store.h"

namespace sable::test {
namespace {

// tests/component/inputs: __FILE__ may be relative to the build directory, which the CLI's
// path (build/<preset>/tools/sable/sable) locates.
std::filesystem::path kvAppPath() {
  std::filesystem::path self(__FILE__);
  if (self.is_relative())
    self = std::filesystem::path(SABLE_CLI_PATH).parent_path().parent_path().parent_path() / self;
  return self.parent_path() / ".." / "component" / "inputs" / "kv-app.wasm";
}

// One run of the app as `sable run --invoke 'handle-request()'` would do it: a fresh engine,
// store and instance over the store at `uri`; the string handle-request returned, or the error.
Result<std::string> runKvAppOnce(const std::string& uri) {
  auto backend = kv::openBackend(uri);
  if (!backend) return backend.error();
  Engine engine;
  auto component = cm::Component::compile(engine, sable::testing::readFileBytes(kvAppPath()));
  if (!component) return component.error();
  cm::Linker linker(engine);
  if (auto added = kv::addExampleKv(linker, *backend); !added) return added.error();
  Store store(engine);
  auto instance = linker.instantiate(store, *component);
  if (!instance) return instance.error();
  auto handle = instance->getFunc("handle-request");
  if (!handle) return handle.error();
  auto out = handle->call(store, {});
  if (!out) return out.error();
  if (out->size() != 1 || (*out)[0].kind() != cm::ValKind::String)
    return Error{ErrorKind::Usage, Error::kNoOffset, "handle-request returned no string"};
  return std::string((*out)[0].asString());
}

TEST(KvExampleComponent, TheAppCountsVisitsInTheSameSqliteFileAcrossRuns) {
  if (!SABLE_TEST_KV_SQLITE) GTEST_SKIP() << "this build has no SQLite";
  TempDir dir;
  const std::string uri = "sqlite:" + dir.path() + "/visits.db";
  for (int visit = 1; visit <= 2; ++visit) {
    auto out = runKvAppOnce(uri);
    ASSERT_TRUE(out.ok()) << out.error().toString();
    EXPECT_EQ(*out, "visits=" + std::to_string(visit));
  }
  auto kv = kv::openBackend(uri);
  ASSERT_TRUE(kv.ok());
  EXPECT_EQ(*(*kv)->get("default", "visits"), "2");
}

TEST(KvExampleComponent, TheBucketOptionChoosesWhereTheAppsKeysGo) {
  auto backend = kv::openBackend("memory");
  ASSERT_TRUE(backend.ok());
  ASSERT_TRUE((*backend)->set("tenant-a", "visits", "41").ok());
  Engine engine;
  auto component = cm::Component::compile(engine, sable::testing::readFileBytes(kvAppPath()));
  ASSERT_TRUE(component.ok()) << component.error().toString();
  cm::Linker linker(engine);
  ASSERT_TRUE(kv::addExampleKv(linker, *backend, {.bucket = "tenant-a"}).ok());
  EXPECT_EQ(kv::addExampleKv(linker, *backend).error().kind, ErrorKind::Usage);
  Store store(engine);
  auto instance = linker.instantiate(store, *component);
  ASSERT_TRUE(instance.ok()) << instance.error().toString();
  auto out = instance->getFunc("handle-request")->call(store, {});
  ASSERT_TRUE(out.ok()) << out.error().toString();
  EXPECT_EQ((*out)[0].asString(), "visits=42");
  EXPECT_EQ(*(*backend)->get("tenant-a", "visits"), "42");
  EXPECT_EQ(*(*backend)->get("default", "visits"), std::nullopt);
}

TEST(KvExampleComponent, AStoreFailureTrapsTheAppWithTheReason) {
  const std::string why = TestStore(StoreKind::Redis).unavailable();
  if (!why.empty()) GTEST_SKIP() << why;
  TempDir dir;
  RedisServer server(dir.path());
  ASSERT_TRUE(server.waitReady());
  auto backend = kv::openBackend(server.uri());
  ASSERT_TRUE(backend.ok()) << backend.error().toString();
  Engine engine;
  auto component = cm::Component::compile(engine, sable::testing::readFileBytes(kvAppPath()));
  ASSERT_TRUE(component.ok()) << component.error().toString();
  cm::Linker linker(engine);
  ASSERT_TRUE(kv::addExampleKv(linker, *backend).ok());
  Store store(engine);
  auto instance = linker.instantiate(store, *component);
  ASSERT_TRUE(instance.ok()) << instance.error().toString();
  server.kill();
  auto out = instance->getFunc("handle-request")->call(store, {});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::Trap) << out.error().toString();
  EXPECT_NE(out.error().message.find("example:kv/kv-store#get"), std::string::npos)
      << out.error().message;
  EXPECT_NE(out.error().message.find(server.uri().substr(server.uri().find("//") + 2)),
            std::string::npos)
      << out.error().message;
}

}  // namespace
}  // namespace sable::test
