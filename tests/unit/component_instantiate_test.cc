// Instantiating components and calling their exports: reference-test binaries and hand-made
// components.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "component_test_files.h"
#include "sable/component.h"
#include "sable/component_linker.h"
#include "sable/engine.h"
#include "sable/store.h"

namespace sable::cm {
namespace {

// Every `component` command of values/, resources/ and linking/ (instantiated at once by the
// scripts, with no imports) instantiates; the failures are listed.
TEST(ComponentInstantiate, ReferenceComponentsInstantiate) {
  auto bin = testing::componentTestsBinDir();
  if (!bin) GTEST_SKIP() << "component-model-tests not found (set SABLE_SHARED_DIR)";
  Engine engine;
  int instantiated = 0, failed = 0;
  for (const char* folder : {"values", "resources", "linking"}) {
    for (const auto& dir : std::filesystem::directory_iterator(*bin / folder)) {
      std::ifstream in(dir.path() / "manifest.json");
      nlohmann::json manifest = nlohmann::json::parse(in);
      for (const auto& cmd : manifest) {
        if (cmd["kind"] != "component") continue;
        auto path = dir.path() / cmd["file"].get<std::string>();
        auto bytes = testing::readFileBytes(path);
        auto component = Component::compile(engine, bytes);
        if (!component) {
          if (component.error().kind != ErrorKind::Unsupported) {
            ADD_FAILURE() << path << ": " << component.error().toString();
          }
          continue;
        }
        Store store(engine);
        Linker linker(engine);
        auto instance = linker.instantiate(store, *component);
        if (instance) {
          ++instantiated;
        } else {
          ++failed;
          std::cerr << path << ": " << instance.error().toString() << "\n";
        }
      }
    }
  }
  std::cerr << instantiated << " instantiated, " << failed << " failed\n";
  EXPECT_GT(instantiated, 50);
}

}  // namespace
}  // namespace sable::cm

namespace sable::cm {
namespace {

// tests/component/inputs. __FILE__ is relative to the build directory when the compiler was
// given a relative path; the CLI's path (SABLE_CLI_PATH, build/<preset>/tools/sable/sable)
// locates that directory.
std::filesystem::path inputsDir() {
  std::filesystem::path self(__FILE__);
  if (self.is_relative()) {
    self = std::filesystem::path(SABLE_CLI_PATH).parent_path().parent_path().parent_path() / self;
  }
  return self.parent_path() / ".." / "component" / "inputs";
}

Result<std::string> callHandleRequest(Store& store, const ComponentInstance& instance) {
  auto f = instance.getFunc("handle-request");
  if (!f) return f.error();
  auto out = f->call(store, {});
  if (!out) return out.error();
  if (out->size() != 1 || (*out)[0].kind() != ValKind::String) {
    return Error{ErrorKind::Usage, Error::kNoOffset, "handle-request returned no string"};
  }
  return std::string((*out)[0].asString());
}

// The testkit's app (jco-built, committed in tests/component/inputs) with example:kv/kv-store
// from the host: visits=1, 2, 3 as jco's host printed.
TEST(ComponentInstantiate, KvAppWithAHostStore) {
  auto bytes = testing::readFileBytes(inputsDir() / "kv-app.wasm");
  ASSERT_FALSE(bytes.empty());
  Engine engine;
  auto component = Component::compile(engine, bytes);
  ASSERT_TRUE(component.ok()) << component.error().toString();
  ASSERT_EQ(component->imports().size(), 1u);
  EXPECT_EQ(component->imports()[0].name, "example:kv/kv-store");
  std::map<std::string, std::string> kv;
  Linker linker(engine);
  ASSERT_TRUE(
      linker
          .defineFunc("example:kv/kv-store", "get",
                      [&](std::span<const Val> args, std::span<Val> results) -> Result<void> {
                        auto it = kv.find(std::string(args[0].asString()));
                        results[0] =
                            it == kv.end() ? Val::none() : Val::some(Val::string(it->second));
                        return {};
                      })
          .ok());
  ASSERT_TRUE(linker
                  .defineFunc("example:kv/kv-store", "set",
                              [&](std::span<const Val> args, std::span<Val>) -> Result<void> {
                                kv[std::string(args[0].asString())] =
                                    std::string(args[1].asString());
                                return {};
                              })
                  .ok());
  Store store(engine);
  auto instance = linker.instantiate(store, *component);
  ASSERT_TRUE(instance.ok()) << instance.error().toString();
  for (int i = 1; i <= 3; ++i) {
    auto out = callHandleRequest(store, *instance);
    ASSERT_TRUE(out.ok()) << out.error().toString();
    EXPECT_EQ(*out, "visits=" + std::to_string(i));
  }
  EXPECT_EQ(kv["visits"], "3");
}

TEST(ComponentInstantiate, KvAppWithoutAStoreIsUnlinkableNamingTheImport) {
  auto bytes = testing::readFileBytes(inputsDir() / "kv-app.wasm");
  ASSERT_FALSE(bytes.empty());
  Engine engine;
  auto component = Component::compile(engine, bytes);
  ASSERT_TRUE(component.ok()) << component.error().toString();
  Store store(engine);
  auto instance = Linker(engine).instantiate(store, *component);
  ASSERT_FALSE(instance.ok());
  EXPECT_EQ(instance.error().kind, ErrorKind::Unlinkable);
  EXPECT_NE(instance.error().message.find("example:kv/kv-store"), std::string::npos);
  EXPECT_EQ(instance.error().message.find('\n'), std::string::npos);
}

// app <- store composed in one component: no imports.
TEST(ComponentInstantiate, ComposedKvAppRunsAlone) {
  auto bytes = testing::readFileBytes(inputsDir() / "kv-composed.wasm");
  ASSERT_FALSE(bytes.empty());
  Engine engine;
  auto component = Component::compile(engine, bytes);
  ASSERT_TRUE(component.ok()) << component.error().toString();
  EXPECT_TRUE(component->imports().empty());
  Store store(engine);
  auto instance = Linker(engine).instantiate(store, *component);
  ASSERT_TRUE(instance.ok()) << instance.error().toString();
  for (int i = 1; i <= 3; ++i) {
    auto out = callHandleRequest(store, *instance);
    ASSERT_TRUE(out.ok()) << out.error().toString();
    EXPECT_EQ(*out, "visits=" + std::to_string(i));
  }
}

}  // namespace
}  // namespace sable::cm
