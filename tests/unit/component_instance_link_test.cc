// cm::Linker::defineInstance: one component instance's exports satisfying another's imports,
// with real components: the reference tests' resource provider and client (nested components
// of resources/borrows and resources/multiple-resources, instantiated here as separate roots)
// and the committed testkit's kv app over its store component.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "component_failing_kv_host.h"
#include "component_test_files.h"
#include "sable/component.h"
#include "sable/component_linker.h"
#include "sable/component_wave.h"
#include "sable/engine.h"
#include "sable/store.h"

namespace sable::cm {
namespace {

using Bytes = std::vector<uint8_t>;

// An unsigned LEB128 at `pos`, advancing it.
uint32_t readLeb(const Bytes& bytes, size_t& pos) {
  uint32_t value = 0;
  for (int shift = 0; pos < bytes.size(); shift += 7) {
    uint8_t b = bytes[pos++];
    value |= uint32_t{b & 0x7fu} << shift;
    if ((b & 0x80) == 0) break;
  }
  return value;
}

// The component binaries nested at the top level of `outer` (its component sections, id 4),
// each a complete component.
std::vector<Bytes> nestedComponents(const Bytes& outer) {
  std::vector<Bytes> out;
  size_t pos = 8;
  while (pos < outer.size()) {
    uint8_t id = outer[pos++];
    uint32_t size = readLeb(outer, pos);
    if (id == 4) out.emplace_back(outer.begin() + pos, outer.begin() + pos + size);
    pos += size;
  }
  return out;
}

// The nested components of a reference test's first binary, or empty when absent.
std::vector<Bytes> referenceParts(const char* test) {
  auto bin = testing::componentTestsBinDir();
  if (!bin) return {};
  return nestedComponents(testing::readFileBytes(*bin / "resources" / test / "000.wasm"));
}

Component compile(const Engine& engine, const Bytes& bytes) {
  auto c = Component::compile(engine, bytes);
  EXPECT_TRUE(c.ok()) << c.error().toString();
  return *c;
}

// Instantiates `provider` as "provider", then `client` with its import "c" fed by it.
Result<ComponentInstance> linkPair(Store& store, const Component& provider,
                                   const Component& client) {
  Result<ComponentInstance> c = Linker(store.engine()).instantiate(store, provider, "provider");
  if (!c) return c.error();
  Linker linker(store.engine());
  if (Result<void> r = linker.defineInstance("c", *c, ""); !r) return r.error();
  return linker.instantiate(store, client, "client");
}

Result<std::vector<Val>> call(Store& store, const ComponentInstance& instance, const char* name) {
  auto f = instance.getFunc(name);
  if (!f) return f.error();
  return f->call(store, {});
}

// The client makes resources in the provider, lends them (one and two borrows per call), gives
// one back to be dropped there and drops the others itself: each check in the client's core
// code traps when a rep, handle index or the provider's live count is wrong.
TEST(ComponentInstanceLink, OwnAndBorrowHandlesCrossInstances) {
  std::vector<Bytes> parts = referenceParts("borrows");
  if (parts.size() != 2) GTEST_SKIP() << "component-model-tests not found (set SABLE_SHARED_DIR)";
  Engine engine;
  Component provider = compile(engine, parts[0]), client = compile(engine, parts[1]);
  Store store(engine);
  Result<ComponentInstance> providerInstance =
      Linker(engine).instantiate(store, provider, "provider");
  ASSERT_TRUE(providerInstance.ok()) << providerInstance.error().toString();
  Linker linker(engine);
  ASSERT_TRUE(linker.defineInstance("c", *providerInstance, "").ok());
  Result<ComponentInstance> instance = linker.instantiate(store, client, "client");
  ASSERT_TRUE(instance.ok()) << instance.error().toString();
  auto out = call(store, *instance, "run");
  ASSERT_TRUE(out.ok()) << out.error().toString();
  EXPECT_EQ(*out, std::vector<Val>{Val::u32(42)});
  // Every resource the client dropped ran the provider's destructor.
  auto live = call(store, *providerInstance, "num-live");
  ASSERT_TRUE(live.ok()) << live.error().toString();
  EXPECT_EQ(*live, std::vector<Val>{Val::u32(0)});
}

TEST(ComponentInstanceLink, LendingAnOwnedHandleAwayTraps) {
  std::vector<Bytes> parts = referenceParts("borrows");
  if (parts.size() != 2) GTEST_SKIP() << "component-model-tests not found (set SABLE_SHARED_DIR)";
  Engine engine;
  Store store(engine);
  auto instance = linkPair(store, compile(engine, parts[0]), compile(engine, parts[1]));
  ASSERT_TRUE(instance.ok()) << instance.error().toString();
  auto out = call(store, *instance, "lend-trap");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::Trap);
  EXPECT_NE(out.error().message.find("cannot remove owned resource while borrowed"),
            std::string::npos)
      << out.error().message;
}

// Two resource types of one provider keep their identities apart across the link.
TEST(ComponentInstanceLink, TwoResourceTypesStayDistinct) {
  std::vector<Bytes> parts = referenceParts("multiple-resources");
  if (parts.size() != 2) GTEST_SKIP() << "component-model-tests not found (set SABLE_SHARED_DIR)";
  Engine engine;
  Store store(engine);
  auto instance = linkPair(store, compile(engine, parts[0]), compile(engine, parts[1]));
  ASSERT_TRUE(instance.ok()) << instance.error().toString();
  auto out = call(store, *instance, "run");
  ASSERT_TRUE(out.ok()) << out.error().toString();
  EXPECT_EQ(*out, std::vector<Val>{Val::u32(42)});
}

// A provider lacking what the import declares: one Unlinkable line naming both sides.
TEST(ComponentInstanceLink, MissingExportNamesBothInstancesAndTheImport) {
  std::vector<Bytes> borrows = referenceParts("borrows");
  std::vector<Bytes> multiple = referenceParts("multiple-resources");
  if (borrows.size() != 2 || multiple.size() != 2) GTEST_SKIP() << "component-model-tests absent";
  Engine engine;
  Store store(engine);
  auto instance = linkPair(store, compile(engine, multiple[0]), compile(engine, borrows[1]));
  ASSERT_FALSE(instance.ok());
  EXPECT_EQ(instance.error().kind, ErrorKind::Unlinkable);
  EXPECT_NE(instance.error().message.find(
                "`client` cannot import `c` from `provider`: it does not export `R`"),
            std::string::npos)
      << instance.error().message;
}

Bytes inputBytes(const char* name) {
  return testing::readFileBytes(testing::componentInputsDir() / name);
}

// The testkit's app over its store component: the kv-store import is the store's export.
TEST(ComponentInstanceLink, KvAppCountsVisitsInTheStoreComponent) {
  Engine engine;
  Component store = compile(engine, inputBytes("store.wasm"));
  Component app = compile(engine, inputBytes("kv-app.wasm"));
  Store s(engine);
  auto storeInstance = Linker(engine).instantiate(s, store, "store");
  ASSERT_TRUE(storeInstance.ok()) << storeInstance.error().toString();
  Linker linker(engine);
  ASSERT_TRUE(
      linker.defineInstance("example:kv/kv-store", *storeInstance, "example:kv/kv-store").ok());
  auto appInstance = linker.instantiate(s, app, "app");
  ASSERT_TRUE(appInstance.ok()) << appInstance.error().toString();
  EXPECT_EQ(appInstance->name(), "app");
  for (int visit = 1; visit <= 3; ++visit) {
    auto out = call(s, *appInstance, "handle-request");
    ASSERT_TRUE(out.ok()) << out.error().toString();
    EXPECT_EQ(*out, std::vector<Val>{Val::string("visits=" + std::to_string(visit))});
  }
}

// One traced call, copied out of the tracer's view.
struct SeenCall {
  std::string caller, callee, function, args, results;
  bool failed = false;
};

std::string waveOf(std::span<const Val> values) {
  std::string out;
  for (const Val& v : values) out += (out.empty() ? "" : ", ") + toWave(v);
  return out;
}

CallTracer recordInto(std::vector<SeenCall>& seen) {
  return [&seen](const TracedCall& c) {
    seen.push_back(SeenCall{std::string(c.caller), std::string(c.callee), std::string(c.function),
                            waveOf(c.args), waveOf(c.results), c.error != nullptr});
  };
}

TEST(ComponentInstanceLink, TracerSeesCallsBetweenInstancesAndToTheHost) {
  Engine engine;
  Store s(engine);
  std::vector<SeenCall> seen;
  auto store = Linker(engine).instantiate(s, compile(engine, inputBytes("store.wasm")), "store");
  ASSERT_TRUE(store.ok()) << store.error().toString();
  Linker linker(engine);
  linker.setCallTracer(recordInto(seen));
  ASSERT_TRUE(linker.defineInstance("example:kv/kv-store", *store, "example:kv/kv-store").ok());
  auto app = linker.instantiate(s, compile(engine, inputBytes("kv-app.wasm")), "app");
  ASSERT_TRUE(app.ok()) << app.error().toString();
  ASSERT_TRUE(call(s, *app, "handle-request").ok());
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].caller, "app");
  EXPECT_EQ(seen[0].callee, "store");
  EXPECT_EQ(seen[0].function, "example:kv/kv-store#get");
  EXPECT_EQ(seen[0].args, "\"visits\"");
  EXPECT_EQ(seen[0].results, "none");
  EXPECT_EQ(seen[1].function, "example:kv/kv-store#set");
  EXPECT_EQ(seen[1].args, "\"visits\", \"1\"");

  // A host function that fails is traced with its error.
  Linker host(engine);
  seen.clear();
  host.setCallTracer(recordInto(seen));
  ASSERT_TRUE(testing::defineFailingKvStore(host).ok());
  auto direct = host.instantiate(s, compile(engine, inputBytes("kv-app.wasm")), "app");
  ASSERT_TRUE(direct.ok()) << direct.error().toString();
  EXPECT_FALSE(call(s, *direct, "handle-request").ok());
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].callee, "host");
  EXPECT_TRUE(seen[0].failed);
}

// A provider instantiated in another store than the importer's calls: the call fails with
// an error, never reaching the other store's code.
TEST(ComponentInstanceLink, ProviderInAnotherStoreFailsTheCall) {
  Engine engine;
  Store providerStore(engine), appStore(engine);
  auto provider =
      Linker(engine).instantiate(providerStore, compile(engine, inputBytes("store.wasm")), "store");
  ASSERT_TRUE(provider.ok()) << provider.error().toString();
  Linker linker(engine);
  ASSERT_TRUE(linker.defineInstance("example:kv/kv-store", *provider, "example:kv/kv-store").ok());
  auto app = linker.instantiate(appStore, compile(engine, inputBytes("kv-app.wasm")), "app");
  ASSERT_TRUE(app.ok()) << app.error().toString();
  auto out = call(appStore, *app, "handle-request");
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().message.find("another store"), std::string::npos) << out.error().message;
}

TEST(ComponentInstanceLink, ProviderWithoutTheNamedInstanceIsUnlinkable) {
  Engine engine;
  Component app = compile(engine, inputBytes("kv-app.wasm"));
  Store s(engine);
  auto provider = Linker(engine).instantiate(s, compile(engine, inputBytes("store.wasm")), "store");
  ASSERT_TRUE(provider.ok()) << provider.error().toString();
  Linker linker(engine);
  ASSERT_TRUE(linker.defineInstance("example:kv/kv-store", *provider, "example:kv/other").ok());
  EXPECT_FALSE(linker.defineInstance("example:kv/kv-store", *provider, "").ok());
  auto instance = linker.instantiate(s, app, "app");
  ASSERT_FALSE(instance.ok());
  EXPECT_EQ(instance.error().message,
            "`app` cannot import `example:kv/kv-store` from `store`: it exports no instance "
            "`example:kv/other`");
}

// (component (core module (func (export "f") (result i32) i32.const 42)) (core instance ...)
//   (canon lift (core func "f") (type (func (result u32)))) (export "get") (export "set"))
Bytes getAndSetReturningU32() {
  auto section = [](uint8_t id, Bytes payload) {
    Bytes out{id, static_cast<uint8_t>(payload.size())};
    out.insert(out.end(), payload.begin(), payload.end());
    return out;
  };
  Bytes module{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  for (Bytes s : {section(1, {0x01, 0x60, 0x00, 0x01, 0x7f}), section(3, {0x01, 0x00}),
                  section(7, {0x01, 0x01, 'f', 0x00, 0x00}),
                  section(10, {0x01, 0x04, 0x00, 0x41, 0x2a, 0x0b})}) {
    module.insert(module.end(), s.begin(), s.end());
  }
  Bytes out{0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  for (Bytes s : {section(1, module), section(2, {0x01, 0x00, 0x00, 0x00}),
                  section(6, {0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 'f'}),
                  section(7, {0x01, 0x40, 0x00, 0x00, 0x79}),
                  section(8, {0x01, 0x00, 0x00, 0x00, 0x00, 0x00}),
                  section(11, {0x02, 0x00, 0x03, 'g', 'e', 't', 0x01, 0x00, 0x00, 0x00, 0x03, 's',
                               'e', 't', 0x01, 0x00, 0x00})}) {
    out.insert(out.end(), s.begin(), s.end());
  }
  return out;
}

TEST(ComponentInstanceLink, FunctionTypeMismatchSaysWhatDiffers) {
  Engine engine;
  Component app = compile(engine, inputBytes("kv-app.wasm"));
  Store s(engine);
  auto provider = Linker(engine).instantiate(s, compile(engine, getAndSetReturningU32()), "fake");
  ASSERT_TRUE(provider.ok()) << provider.error().toString();
  Linker linker(engine);
  ASSERT_TRUE(linker.defineInstance("example:kv/kv-store", *provider, "").ok());
  auto instance = linker.instantiate(s, app, "app");
  ASSERT_FALSE(instance.ok());
  EXPECT_EQ(instance.error().kind, ErrorKind::Unlinkable);
  EXPECT_NE(instance.error().message.find("`app` cannot import `example:kv/kv-store` from `fake`: "
                                          "function `get`: expected 1 parameter(s), found 0"),
            std::string::npos)
      << instance.error().message;
}

}  // namespace
}  // namespace sable::cm
