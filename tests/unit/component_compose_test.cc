// Composing real components into one binary (sable/component_compose.h): the testkit's app,
// logger and store plugged together validate, run with the state flowing through every part,
// keep their WASI imports (resources and `use`d types re-declared at the root) and merge the
// same import of two parts; plans that cannot be encoded are refused with a clear error.
#include "sable/component_compose.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "component_test_files.h"
#include "sable/component.h"
#include "sable/component_linker.h"
#include "sable/component_wave.h"
#include "sable/engine.h"
#include "sable/kv.h"
#include "sable/kv_example.h"
#include "sable/store.h"

namespace sable::test {
namespace {

class ComponentCompose : public ::testing::Test {
 protected:
  cm::CompositionPart part(const char* file, const char* name) {
    std::vector<uint8_t> bytes = testing::readFileBytes(testing::componentInputsDir() / file);
    auto c = cm::Component::compile(engine_, bytes);
    EXPECT_TRUE(c.ok()) << file << ": " << c.error().toString();
    return cm::CompositionPart{name, *c, bytes};
  }

  // Encodes `plan` and compiles the result, which must succeed.
  cm::Component composeAndCompile(const cm::CompositionPlan& plan) {
    auto bytes = cm::encodeComposition(plan);
    if (!bytes.ok()) ADD_FAILURE() << bytes.error().toString();
    auto c = cm::Component::compile(engine_, bytes.ok() ? *bytes : std::vector<uint8_t>{});
    if (!c.ok()) {
      ADD_FAILURE() << c.error().toString();
      return *cm::Component::compile(
          engine_, testing::readFileBytes(testing::componentInputsDir() / "store.wasm"));
    }
    return *c;
  }

  static std::vector<std::string> names(const std::vector<cm::ItemType>& items) {
    std::vector<std::string> out;
    for (const cm::ItemType& i : items) out.push_back(i.name);
    return out;
  }

  Engine engine_;
  Store store_{engine_};
};

TEST_F(ComponentCompose, AppPluggedWithTheStoreRunsWithoutImports) {
  auto plan = cm::planPlug("service", part("kv-app.wasm", "app"), {part("store.wasm", "store")});
  ASSERT_TRUE(plan.ok()) << plan.error().toString();
  cm::Component composed = composeAndCompile(*plan);
  EXPECT_TRUE(composed.imports().empty());
  EXPECT_EQ(names(composed.exports()), std::vector<std::string>{"handle-request"});
  auto instance = cm::Linker(engine_).instantiate(store_, composed);
  ASSERT_TRUE(instance.ok()) << instance.error().toString();
  auto handle = instance->getFunc("handle-request");
  ASSERT_TRUE(handle.ok());
  for (const char* expected : {"visits=1", "visits=2", "visits=3"}) {
    auto out = handle->call(store_, {});
    ASSERT_TRUE(out.ok()) << out.error().toString();
    EXPECT_EQ((*out)[0].asString(), expected);
  }
}

TEST_F(ComponentCompose, ChainedMiddlewareLeavesTheLastImportToTheHost) {
  // app <- passthru <- passthru: the second passthru's kv-store import is re-declared at the
  // root and served by the host's store.
  auto plan = cm::planPlug("chain", part("kv-bench.wasm", "app"),
                           {part("kv-passthru.wasm", "a"), part("kv-passthru.wasm", "b")});
  ASSERT_TRUE(plan.ok()) << plan.error().toString();
  cm::Component composed = composeAndCompile(*plan);
  EXPECT_EQ(names(composed.imports()), std::vector<std::string>{"example:kv/kv-store"});
  auto backend = kv::openBackend("memory");
  ASSERT_TRUE(backend.ok());
  cm::Linker linker(engine_);
  ASSERT_TRUE(kv::addExampleKv(linker, *backend, {"bench"}).ok());
  auto instance = linker.instantiate(store_, composed);
  ASSERT_TRUE(instance.ok()) << instance.error().toString();
  auto set = instance->getFunc("bench-set");
  ASSERT_TRUE(set.ok());
  std::vector<cm::Val> three = {cm::Val::u32(3)};
  auto out = set->call(store_, three);
  ASSERT_TRUE(out.ok()) << out.error().toString();
  auto stored = (*backend)->get("bench", "key-000000000002");
  ASSERT_TRUE(stored.ok() && stored->has_value());
}

TEST_F(ComponentCompose, WasiImportsOfTwoPartsAreDeclaredOnceWithTheirResources) {
  // The logger imports nine WASI interfaces whose types `use` each other's resources and
  // records (streams uses error's `error`, filesystem types uses wall-clock's `datetime`); the
  // app plugged twice through it needs them declared once, in order.
  auto plan = cm::planPlug("stack", part("kv-app.wasm", "app"),
                           {part("logger.wasm", "logger"), part("store.wasm", "store")});
  ASSERT_TRUE(plan.ok()) << plan.error().toString();
  cm::Component composed = composeAndCompile(*plan);
  std::vector<std::string> imports = names(composed.imports());
  EXPECT_EQ(imports.size(), 8u);
  EXPECT_TRUE(std::all_of(imports.begin(), imports.end(),
                          [](const std::string& n) { return n.starts_with("wasi:"); }));
  EXPECT_EQ(names(composed.exports()), std::vector<std::string>{"handle-request"});
  // The same import of two parts: logger and a second logger share one root import each.
  cm::CompositionPlan twoLoggers;
  twoLoggers.parts = {part("logger.wasm", "a"), part("logger.wasm", "b")};
  twoLoggers.exports = {{"example:kv/kv-store", 0, "example:kv/kv-store"}};
  cm::Component merged = composeAndCompile(twoLoggers);
  EXPECT_EQ(names(merged.imports()).size(), 9u);  // kv-store + 8 WASI, each once
}

TEST_F(ComponentCompose, OneProviderSharedByTwoConsumersHoldsOneState) {
  // store feeds both the app and a pass-through middleware; what the app stores, the
  // middleware's exported get sees.
  cm::CompositionPlan plan;
  plan.parts = {part("store.wasm", "store"), part("kv-passthru.wasm", "mw"),
                part("kv-app.wasm", "app")};
  plan.links = {{1, "example:kv/kv-store", 0, "example:kv/kv-store"},
                {2, "example:kv/kv-store", 0, "example:kv/kv-store"}};
  plan.exports = {{"handle-request", 2, "handle-request"},
                  {"example:kv/kv-store", 1, "example:kv/kv-store"}};
  cm::Component composed = composeAndCompile(plan);
  EXPECT_TRUE(composed.imports().empty());
  auto instance = cm::Linker(engine_).instantiate(store_, composed);
  ASSERT_TRUE(instance.ok()) << instance.error().toString();
  auto handle = instance->getFunc("handle-request");
  auto get = instance->getFunc("example:kv/kv-store#get");
  ASSERT_TRUE(handle.ok() && get.ok());
  ASSERT_TRUE(handle->call(store_, {}).ok());
  ASSERT_TRUE(handle->call(store_, {}).ok());
  std::vector<cm::Val> key = {cm::Val::string("visits")};
  auto seen = get->call(store_, key);
  ASSERT_TRUE(seen.ok()) << seen.error().toString();
  EXPECT_EQ(cm::toWave((*seen)[0]), "some(\"2\")");
}

TEST_F(ComponentCompose, AResourceImportedUnderASecondNameStaysTheSameResource) {
  cm::CompositionPlan plan;
  plan.parts = {part("eq-resource-import.wasm", "part")};
  plan.exports = {{"g", 0, "g"}};
  cm::Component composed = composeAndCompile(plan);
  EXPECT_EQ(names(composed.imports()), (std::vector<std::string>{"r", "r2", "f"}));
  EXPECT_EQ(names(composed.exports()), std::vector<std::string>{"g"});
}

TEST_F(ComponentCompose, TheSameImportWithDifferentTypesIsAnError) {
  cm::CompositionPlan plan;
  plan.parts = {part("kv-app.wasm", "app"), part("kv-mistyped.wasm", "mistyped")};
  plan.exports = {{"handle-request", 0, "handle-request"}};
  auto bytes = cm::encodeComposition(plan);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().kind, ErrorKind::Unlinkable);
  EXPECT_NE(bytes.error().message.find(
                "app and mistyped both import `example:kv/kv-store` with different types"),
            std::string::npos)
      << bytes.error().message;
}

TEST_F(ComponentCompose, BadPlansAreRefused) {
  auto expectInvalid = [&](const cm::CompositionPlan& plan, const std::string& message) {
    auto bytes = cm::encodeComposition(plan);
    ASSERT_FALSE(bytes.ok());
    EXPECT_EQ(bytes.error().kind, ErrorKind::Invalid);
    EXPECT_NE(bytes.error().message.find(message), std::string::npos) << bytes.error().message;
  };
  cm::CompositionPlan cycle;
  cycle.parts = {part("kv-passthru.wasm", "a"), part("kv-passthru.wasm", "b")};
  cycle.links = {{0, "example:kv/kv-store", 1, "example:kv/kv-store"},
                 {1, "example:kv/kv-store", 0, "example:kv/kv-store"}};
  expectInvalid(cycle, "the links form a cycle");
  cm::CompositionPlan unknown;
  unknown.parts = {part("kv-app.wasm", "app"), part("store.wasm", "store")};
  unknown.links = {{0, "example:kv/kv-stor", 1, "example:kv/kv-store"}};
  expectInvalid(unknown, "app has no import `example:kv/kv-stor`");
  unknown.links = {{0, "example:kv/kv-store", 1, "handle-request"}};
  expectInvalid(unknown, "store has no export `handle-request`");
  unknown.links = {};
  unknown.exports = {{"x", 0, "handle-request"}, {"x", 0, "handle-request"}};
  expectInvalid(unknown, "`x` is exported twice");
  auto unused = cm::planPlug("s", part("kv-app.wasm", "app"),
                             {part("store.wasm", "store"), part("kv-passthru.wasm", "extra")});
  ASSERT_FALSE(unused.ok());
  EXPECT_NE(unused.error().message.find("plug extra feeds no import"), std::string::npos);
}

TEST_F(ComponentCompose, EncodingIsDeterministicAndNamesTheParts) {
  auto plan = cm::planPlug("service", part("kv-app.wasm", "app"), {part("store.wasm", "store")});
  ASSERT_TRUE(plan.ok());
  auto first = cm::encodeComposition(*plan);
  auto second = cm::encodeComposition(*plan);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, *second);
  // The composed binary embeds each part byte for byte.
  for (const cm::CompositionPart& p : plan->parts) {
    EXPECT_NE(std::search(first->begin(), first->end(), p.bytes.begin(), p.bytes.end()),
              first->end())
        << p.name;
  }
}

}  // namespace
}  // namespace sable::test

namespace sable::test {
namespace {

// Every valid component of the Component Model reference tests, wrapped alone in a composition
// (all its imports re-declared at the root, all its exports re-exported), must encode into a
// valid component with the same import and export names: the type encoder's round trip over
// every shape of type the reference tests declare (resources, nested instances, uses, ...).
TEST(ComponentComposeReference, EveryValidComponentRewrapsIntoAValidComponent) {
  auto bin = testing::componentTestsBinDir();
  if (!bin) GTEST_SKIP() << "the Component Model reference tests are absent (../shared)";
  Engine engine;
  size_t wrapped = 0, unsupported = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(*bin)) {
    if (entry.path().extension() != ".wasm") continue;
    std::vector<uint8_t> bytes = testing::readFileBytes(entry.path());
    auto c = cm::Component::compile(engine, bytes);
    if (!c.ok()) continue;
    cm::CompositionPlan plan;
    plan.parts.push_back(cm::CompositionPart{"part", *c, bytes});
    for (const cm::ItemType& e : c->exports()) plan.exports.push_back({e.name, 0, e.name});
    auto out = cm::encodeComposition(plan);
    if (!out.ok()) {
      // Only imports this encoder cannot re-declare (components, core modules, values).
      EXPECT_EQ(out.error().kind, ErrorKind::Unsupported)
          << entry.path() << ": " << out.error().toString();
      ++unsupported;
      continue;
    }
    auto composed = cm::Component::compile(engine, *out);
    ASSERT_TRUE(composed.ok()) << entry.path() << ": " << composed.error().toString();
    std::vector<std::string> in, again;
    for (const cm::ItemType& i : c->imports()) in.push_back(i.name);
    for (const cm::ItemType& i : composed->imports()) again.push_back(i.name);
    EXPECT_EQ(in, again) << entry.path();
    EXPECT_EQ(composed->exports().size(), c->exports().size()) << entry.path();
    ++wrapped;
  }
  EXPECT_GT(wrapped, 100u);
  std::printf("re-wrapped %zu reference components; %zu have imports that cannot be re-declared\n",
              wrapped, unsupported);
}

}  // namespace
}  // namespace sable::test
