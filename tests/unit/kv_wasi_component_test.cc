// wasi:keyvalue@0.2.0-draft2 served by kv::addWasiKeyvalue, driven by a real guest
// (tests/component/inputs/kv-guest.wasm, C + jco): one conformance transcript on every store,
// bucket isolation (keys, list-keys cursors, names with the separator) and grants.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "component_test_files.h"
#include "kv_test_stores.h"
#include "sable/component.h"
#include "sable/component_linker.h"
#include "sable/engine.h"
#include "sable/kv.h"
#include "sable/kv_wasi.h"
#include "sable/store.h"

namespace sable::test {
namespace {

// What the guest's conformance export writes on a fresh bucket, whatever the store.
constexpr std::string_view kConformanceTranscript = R"(open: ok
get absent: none
exists absent: false
set binary: ok
get binary: some 0001ff61
exists: true
set empty key and value: ok
get empty key: some 
delete: ok
get deleted: none
delete absent: ok
set 1 MiB: ok
get 1 MiB: same
delete 1 MiB: ok
list 250 + empty key: 251 keys, more than one page: yes
list after deleting them: 
increment absent by 5: 5
increment by -2: 3
get counter: some 33
increment text: other
cas.new absent: ok
cas.current: none
swap v1: ok
stale swap v2: cas-failed
retry's current: some 7631
retry swap v3: ok
get swapped: some 7633
cas dropped unused: some 7633
set-many: ok
get-many: x1=61 none x2=6263
delete-many: ok
exists after delete-many: false)";

// The guest instantiated over one backend with a grant; calls its exports with strings.
class KvGuest {
 public:
  KvGuest(std::shared_ptr<kv::Backend> backend, kv::KvGrant grant) : linker_(engine_) {
    auto component = cm::Component::compile(
        engine_, testing::readFileBytes(testing::componentInputsDir() / "kv-guest.wasm"));
    if (!component) {
      error_ = component.error().toString();
      return;
    }
    if (auto added = kv::addWasiKeyvalue(linker_, std::move(backend), std::move(grant)); !added) {
      error_ = added.error().toString();
      return;
    }
    auto instance = linker_.instantiate(store_, *component);
    if (!instance) {
      error_ = instance.error().toString();
      return;
    }
    instance_ = std::move(*instance);
  }

  // Why the guest could not be set up, or "".
  const std::string& error() const { return error_; }

  // The string export `name` returned for `args`, or the call's error as text.
  std::string callVals(std::string_view name, std::vector<cm::Val> args) {
    auto func = instance_->getFunc(name);
    if (!func) return "no export: " + func.error().toString();
    auto out = func->call(store_, args);
    if (!out) return "call failed: " + out.error().toString();
    return std::string((*out)[0].asString());
  }
  std::string call(std::string_view name, const std::vector<std::string>& args) {
    std::vector<cm::Val> vals;
    for (const std::string& a : args) vals.push_back(cm::Val::string(a));
    return callVals(name, std::move(vals));
  }

 private:
  Engine engine_;
  Store store_{engine_};
  cm::Linker linker_;
  std::optional<cm::ComponentInstance> instance_;
  std::string error_;
};

using KvWasiComponent = KvStoreTest;

TEST_P(KvWasiComponent, TheConformanceScriptGivesTheSameTranscript) {
  KvGuest guest(kv_, {{"conformance"}});
  ASSERT_EQ(guest.error(), "");
  EXPECT_EQ(guest.call("conformance", {"conformance"}), kConformanceTranscript);
}

TEST_P(KvWasiComponent, BucketsAreSeparateNamespaces) {
  KvGuest guest(kv_, {{"a", "b"}});
  ASSERT_EQ(guest.error(), "");
  EXPECT_EQ(guest.call("put", {"a", "k", "in a"}), "ok");
  EXPECT_EQ(guest.call("put", {"a", "b:k", "a's key with the separator"}), "ok");
  EXPECT_EQ(guest.call("fetch", {"b", "k"}), "none");
  EXPECT_EQ(guest.call("fetch", {"b", "b:k"}), "none");
  EXPECT_EQ(guest.call("put", {"b", "k", "in b"}), "ok");
  EXPECT_EQ(guest.call("fetch", {"a", "k"}), "some:in a");
  EXPECT_EQ(guest.call("fetch", {"b", "k"}), "some:in b");
  EXPECT_EQ(guest.callVals("keys", {cm::Val::string("a"), cm::Val::none()}), "b:k,k");
  EXPECT_EQ(guest.callVals("keys", {cm::Val::string("b"), cm::Val::none()}), "k");
  // What the host sees is what the guest wrote, bucket by bucket.
  EXPECT_EQ(*kv_->get("a", "k"), "in a");
  EXPECT_EQ(*kv_->get("b", "k"), "in b");
}

TEST_P(KvWasiComponent, ACursorFromAnotherBucketListsOnlyThisBucket) {
  KvGuest guest(kv_, {{"big", "small"}});
  ASSERT_EQ(guest.error(), "");
  for (int i = 0; i < 300; ++i)
    ASSERT_TRUE(kv_->set("big", "key" + std::to_string(1000 + i), "v").ok());
  ASSERT_TRUE(kv_->set("small", "zz", "v").ok());
  std::string cursor = guest.call("first-cursor", {"big"});
  ASSERT_FALSE(cursor.empty()) << "300 keys should take more than one page";
  std::string seen =
      guest.callVals("keys", {cm::Val::string("small"), cm::Val::some(cm::Val::string(cursor))});
  EXPECT_TRUE(seen.empty() || seen == "zz") << seen;
}

TEST_P(KvWasiComponent, OnlyGrantedBucketsOpen) {
  ASSERT_TRUE(kv_->set("secret", "k", "v").ok());
  KvGuest guest(kv_, {{"mine"}});
  ASSERT_EQ(guest.error(), "");
  EXPECT_EQ(guest.call("try-open", {"mine"}), "ok");
  EXPECT_EQ(guest.call("try-open", {"secret"}), "access-denied");
  EXPECT_EQ(guest.call("try-open", {"never-used"}), "access-denied");
  EXPECT_EQ(guest.call("try-open", {""}), "no-such-store");
  EXPECT_EQ(guest.call("try-open", {"mine:secret"}), "no-such-store");
  EXPECT_EQ(guest.call("try-open", {std::string(256, 'x')}), "no-such-store");
  EXPECT_EQ(guest.call("fetch", {"secret", "k"}), "access-denied");
}

TEST_P(KvWasiComponent, IncrementCountsVisitsInTheDefaultBucket) {
  KvGuest guest(kv_, {});
  ASSERT_EQ(guest.error(), "");
  EXPECT_EQ(guest.call("handle-request", std::vector<std::string>{}), "visits=1");
  EXPECT_EQ(guest.call("handle-request", std::vector<std::string>{}), "visits=2");
  EXPECT_EQ(*kv_->get("default", "visits"), "2");
}

INSTANTIATE_TEST_SUITE_P(AllStores, KvWasiComponent,
                         ::testing::Values(StoreKind::Memory, StoreKind::Sqlite, StoreKind::Redis),
                         [](const auto& info) { return storeKindName(info.param); });

TEST(KvWasi, AGrantOfAnInvalidBucketNameIsAUsageError) {
  Engine engine;
  cm::Linker linker(engine);
  auto backend = kv::openBackend("memory");
  ASSERT_TRUE(backend.ok());
  auto added = kv::addWasiKeyvalue(linker, *backend, {{"ok", "a:b"}});
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.error().kind, ErrorKind::Usage);
  EXPECT_NE(added.error().message.find("a:b"), std::string::npos) << added.error().message;
  EXPECT_EQ(kv::addWasiKeyvalue(linker, nullptr).error().kind, ErrorKind::Usage);
  EXPECT_EQ(kv::addKvInterfaces(linker, *backend, {{}}).error().kind, ErrorKind::Usage);
}

TEST(KvWasi, ALostRedisServerIsTheOtherErrorNotATrap) {
  const std::string why = TestStore(StoreKind::Redis).unavailable();
  if (!why.empty()) GTEST_SKIP() << why;
  TempDir dir;
  RedisServer server(dir.path());
  ASSERT_TRUE(server.waitReady());
  auto backend = kv::openBackend(server.uri() + "?timeout=500");
  ASSERT_TRUE(backend.ok()) << backend.error().toString();
  KvGuest guest(*backend, {});
  ASSERT_EQ(guest.error(), "");
  EXPECT_EQ(guest.call("put", {"default", "k", "v"}), "ok");
  server.kill();
  std::string failed = guest.call("fetch", {"default", "k"});
  EXPECT_TRUE(failed.starts_with("other:")) << failed;
}

TEST(KvWasi, TheGuestAndTheExampleInterfaceShareTheFirstBucket) {
  auto backend = kv::openBackend("memory");
  ASSERT_TRUE(backend.ok());
  Engine engine;
  Store store(engine);
  cm::Linker linker(engine);
  ASSERT_TRUE(kv::addKvInterfaces(linker, *backend, {{"tenant", "other"}}).ok());
  auto app = cm::Component::compile(
      engine, testing::readFileBytes(testing::componentInputsDir() / "kv-app.wasm"));
  ASSERT_TRUE(app.ok()) << app.error().toString();
  auto instance = linker.instantiate(store, *app);
  ASSERT_TRUE(instance.ok()) << instance.error().toString();
  auto out = instance->getFunc("handle-request")->call(store, {});
  ASSERT_TRUE(out.ok()) << out.error().toString();
  EXPECT_EQ((*out)[0].asString(), "visits=1");
  EXPECT_EQ(*(*backend)->get("tenant", "visits"), "1");
}

}  // namespace
}  // namespace sable::test
