// Typed host definitions: the hosts define every function with its WIT type
// (scripts/gen_func_types.sh), so a component that imports every function of WASI 0.2.12 or of
// wasi:keyvalue exactly as the WIT declares it links, and one that declares a function with a
// type of its own does not (before, the host read arguments that were not there).
#include <gtest/gtest.h>

#include <string>

#include "component_test_files.h"
#include "sable/component.h"
#include "sable/component_linker.h"
#include "sable/kv.h"
#include "sable/kv_wasi.h"
#include "sable/wasip2.h"

namespace sable {
namespace {

// Instantiates component input `file` with a linker `define` fills; the error, or "".
template <typename Define>
std::string instantiateWith(const char* file, Define define) {
  Engine engine;
  auto component =
      cm::Component::compile(engine, testing::readFileBytes(testing::componentInputsDir() / file));
  if (!component) return "compile: " + component.error().toString();
  cm::Linker linker(engine);
  if (Result<void> defined = define(linker); !defined) return defined.error().toString();
  Store store(engine);
  auto instance = linker.instantiate(store, *component);
  return instance ? "" : instance.error().toString();
}

// Adds a WASI 0.2 context with nothing granted (the context must outlive the linker's use).
Result<void> addWasi(cm::Linker& linker, std::unique_ptr<wasip2::Context>& context) {
  wasip2::Config config;
  config.inheritStdio = false;
  auto created = wasip2::Context::create(config);
  if (!created) return created.error();
  context = std::move(*created);
  return wasip2::addToLinker(linker, *context);
}

Result<void> addKv(cm::Linker& linker) {
  auto backend = kv::openBackend("memory");
  if (!backend) return backend.error();
  return kv::addKvInterfaces(linker, *backend);
}

TEST(HostFuncTypes, EveryWasi02FunctionLinksWithItsWitType) {
  std::unique_ptr<wasip2::Context> context;
  EXPECT_EQ(instantiateWith("wit-dummies/wasi-0.2.12.wasm",
                            [&](cm::Linker& l) { return addWasi(l, context); }),
            "");
}

TEST(HostFuncTypes, EveryKeyvalueFunctionLinksWithItsWitType) {
  EXPECT_EQ(instantiateWith("wit-dummies/keyvalue-0.2.0-draft2.wasm", addKv), "");
  EXPECT_EQ(instantiateWith("wit-dummies/example-kv.wasm", addKv), "");
}

TEST(HostFuncTypes, AMistypedWasiImportIsUnlinkable) {
  std::unique_ptr<wasip2::Context> context;
  std::string error =
      instantiateWith("wasi-mistyped.wasm", [&](cm::Linker& l) { return addWasi(l, context); });
  EXPECT_NE(error.find("unlinkable"), std::string::npos) << error;
  EXPECT_NE(error.find("[method]output-stream.write` is declared with another type"),
            std::string::npos)
      << error;
}

TEST(HostFuncTypes, AMistypedKvImportIsUnlinkable) {
  std::string error = instantiateWith("kv-mistyped.wasm", addKv);
  EXPECT_NE(error.find("`example:kv/kv-store#get` is declared with another type than the "
                       "host's: `func() -> u32`, but the host defines `func(key: string) -> "
                       "option<string>`"),
            std::string::npos)
      << error;
}

TEST(HostFuncTypes, TheTypeTableMatchesByCanonversion) {
  const cm::FuncTypeEntry table[] = {
      {"wasi:io/streams@0.2.12", "[method]output-stream.flush", "func(self: borrow<resource>)"}};
  EXPECT_EQ(cm::funcTypeOf(table, "wasi:io/streams@0.2.0", "[method]output-stream.flush"),
            "func(self: borrow<resource>)");
  EXPECT_EQ(cm::funcTypeOf(table, "wasi:io/streams@0.3.0", "[method]output-stream.flush"), "");
  EXPECT_EQ(cm::funcTypeOf(table, "wasi:io/streams@0.2.0", "flush"), "");
}

// A long mismatch is shown from a little before the first difference, not in full.
TEST(HostFuncTypes, TheMismatchMessageIsBounded) {
  Engine engine;
  auto component = cm::Component::compile(
      engine, testing::readFileBytes(testing::componentInputsDir() / "kv-mistyped.wasm"));
  ASSERT_TRUE(component.ok()) << component.error().toString();
  cm::Linker linker(engine);
  std::string longType = "func() -> u32" + std::string(1000, ' ');
  ASSERT_TRUE(linker
                  .defineFunc("example:kv/kv-store", "get", longType,
                              [](auto, auto) -> Result<void> { return {}; })
                  .ok());
  Store store(engine);
  auto instance = linker.instantiate(store, *component);
  ASSERT_FALSE(instance.ok());
  EXPECT_EQ(instance.error().kind, ErrorKind::Unlinkable);
  EXPECT_LT(instance.error().message.size(), 500u) << instance.error().message;
  EXPECT_NE(instance.error().message.find("..."), std::string::npos);
}

}  // namespace
}  // namespace sable
