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

namespace sable::cm {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// A section: id, size (one byte: these payloads are small), payload.
Bytes section(uint8_t id, const Bytes& payload) {
  Bytes out{id, static_cast<uint8_t>(payload.size())};
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

const Bytes kCorePreamble = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
const Bytes kComponentPreamble = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};

// (component (core module (func (export "f") (result i32) i32.const 42)) (core instance ...)
//   (canon lift (core func "f") (type (func (result u32)))) (export "f" (func 0)))
TEST(ComponentInstantiate, LiftedCoreFunctionReturnsU32) {
  Bytes module = concat({kCorePreamble, section(1, {0x01, 0x60, 0x00, 0x01, 0x7f}),
                         section(3, {0x01, 0x00}), section(7, {0x01, 0x01, 'f', 0x00, 0x00}),
                         section(10, {0x01, 0x04, 0x00, 0x41, 0x2a, 0x0b})});
  Bytes component = concat(
      {kComponentPreamble, section(1, module), section(2, {0x01, 0x00, 0x00, 0x00}),
       section(6, {0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 'f'}),
       section(7, {0x01, 0x40, 0x00, 0x00, 0x79}), section(8, {0x01, 0x00, 0x00, 0x00, 0x00, 0x00}),
       section(11, {0x01, 0x00, 0x01, 'f', 0x01, 0x00, 0x00})});
  Engine engine;
  auto c = Component::compile(engine, component);
  ASSERT_TRUE(c.ok()) << c.error().toString();
  ASSERT_EQ(c->exports().size(), 1u);
  EXPECT_EQ(c->exports()[0].type, "func() -> u32");
  Store store(engine);
  auto instance = Linker(engine).instantiate(store, *c);
  ASSERT_TRUE(instance.ok()) << instance.error().toString();
  auto f = instance->getFunc("f");
  ASSERT_TRUE(f.ok()) << f.error().toString();
  auto out = f->call(store, {});
  ASSERT_TRUE(out.ok()) << out.error().toString();
  ASSERT_EQ(out->size(), 1u);
  EXPECT_EQ((*out)[0], Val::u32(42));
  EXPECT_FALSE(instance->getFunc("g").ok());
}

// (component (import "double" (func (param "x" u32) (result u32))) ... a core module whose
// "run" calls the lowered import with 21 ... (export "run" (func (result u32)))).
Bytes doublingComponent() {
  Bytes module = concat(
      {kCorePreamble, section(1, {0x02, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7f}),
       section(2, {0x01, 0x01, 'm', 0x06, 'd', 'o', 'u', 'b', 'l', 'e', 0x00, 0x00}),
       section(3, {0x01, 0x01}), section(7, {0x01, 0x03, 'r', 'u', 'n', 0x00, 0x01}),
       section(10, {0x01, 0x06, 0x00, 0x41, 0x15, 0x10, 0x00, 0x0b})});
  Bytes component =
      concat({kComponentPreamble,
              section(7, {0x02, 0x40, 0x01, 0x01, 'x', 0x79, 0x00, 0x79, 0x40, 0x00, 0x00, 0x79}),
              section(10, {0x01, 0x00, 0x06, 'd', 'o', 'u', 'b', 'l', 'e', 0x01, 0x00}),
              section(8, {0x01, 0x01, 0x00, 0x00, 0x00}),
              section(2, {0x01, 0x01, 0x01, 0x06, 'd', 'o', 'u', 'b', 'l', 'e', 0x00, 0x00}),
              section(1, module), section(2, {0x01, 0x00, 0x00, 0x01, 0x01, 'm', 0x12, 0x00}),
              section(6, {0x01, 0x00, 0x00, 0x01, 0x01, 0x03, 'r', 'u', 'n'}),
              section(8, {0x01, 0x00, 0x00, 0x01, 0x00, 0x01}),
              section(11, {0x01, 0x00, 0x03, 'r', 'u', 'n', 0x01, 0x01, 0x00})});
  return component;
}

// A host import lowered into a core module: run() calls double(21) through the canonical ABI.
TEST(ComponentInstantiate, LoweredHostImportIsCalledWithLiftedArguments) {
  Bytes component = doublingComponent();
  Engine engine;
  auto c = Component::compile(engine, component);
  ASSERT_TRUE(c.ok()) << c.error().toString();
  Linker linker(engine);
  uint32_t seen = 0;
  ASSERT_TRUE(
      linker
          .defineFunc("", "double",
                      [&](std::span<const Val> args, std::span<Val> results) -> Result<void> {
                        seen = args[0].asU32();
                        results[0] = Val::u32(seen * 2);
                        return {};
                      })
          .ok());
  EXPECT_FALSE(linker.defineFunc("", "double", nullptr).ok());  // defined twice
  Store store(engine);
  auto instance = linker.instantiate(store, *c);
  ASSERT_TRUE(instance.ok()) << instance.error().toString();
  auto out = instance->getFunc("run")->call(store, {});
  ASSERT_TRUE(out.ok()) << out.error().toString();
  EXPECT_EQ(seen, 21u);
  EXPECT_EQ((*out)[0], Val::u32(42));
}

// A host error traps the guest, and the error reaches the embedder.
TEST(ComponentInstantiate, HostErrorTrapsTheCaller) {
  Bytes component = doublingComponent();
  Engine engine;
  auto c = Component::compile(engine, component);
  ASSERT_TRUE(c.ok()) << c.error().toString();
  Linker linker(engine);
  ASSERT_TRUE(linker
                  .defineFunc("", "double",
                              [](std::span<const Val>, std::span<Val>) -> Result<void> {
                                return Error{ErrorKind::Io, Error::kNoOffset, "disk on fire"};
                              })
                  .ok());
  Store store(engine);
  auto instance = linker.instantiate(store, *c);
  ASSERT_TRUE(instance.ok()) << instance.error().toString();
  auto out = instance->getFunc("run")->call(store, {});
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().message.find("disk on fire"), std::string::npos);
}

}  // namespace
}  // namespace sable::cm
