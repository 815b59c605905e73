// The WASI 0.2 host: its resource table's parent/child rule, and the committed hello command
// run through sable/wasip2.h (exit statuses, refused grants).
#include "sable/wasip2.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "component_test_files.h"
#include "host-wasip2/resource_table.h"
#include "sable/component.h"

namespace sable::wasip2 {
namespace {

TEST(Wasip2ResourceTable, AParentWithChildrenCannotBeDropped) {
  ResourceTable table;
  auto stream = table.add(OutputStream{1});
  ASSERT_TRUE(stream.ok());
  auto pollable = table.add(Pollable{}, *stream);
  ASSERT_TRUE(pollable.ok());
  EXPECT_EQ(table.size(), 2u);
  auto early = table.remove(*stream);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().kind, ErrorKind::Trap);
  EXPECT_NE(getAs<OutputStream>(table, *stream), nullptr);  // still there
  ASSERT_TRUE(table.remove(*pollable).ok());
  ASSERT_TRUE(table.remove(*stream).ok());
  EXPECT_EQ(table.size(), 0u);
  EXPECT_FALSE(table.remove(*stream).ok());      // twice
  EXPECT_FALSE(table.add(Pollable{}, 99).ok());  // unknown parent
}

TEST(Wasip2ResourceTable, LookupsCheckTheKind) {
  ResourceTable table;
  auto stream = table.add(InputStream{0});
  ASSERT_TRUE(stream.ok());
  EXPECT_NE(getAs<InputStream>(table, *stream), nullptr);
  EXPECT_EQ(getAs<OutputStream>(table, *stream), nullptr);
  EXPECT_EQ(getAs<InputStream>(table, 0), nullptr);
  EXPECT_EQ(getAs<InputStream>(table, 1234), nullptr);
}

// tests/component/inputs (see component_instantiate_test.cc for why SABLE_CLI_PATH).
std::filesystem::path inputsDir() {
  std::filesystem::path self(__FILE__);
  if (self.is_relative()) {
    self = std::filesystem::path(SABLE_CLI_PATH).parent_path().parent_path().parent_path() / self;
  }
  return self.parent_path() / ".." / "component" / "inputs";
}

// hello.wasm's main returns 3: the adapter calls exit(err), status 1.
TEST(Wasip2Command, HelloExitsWithErr) {
  auto bytes = testing::readFileBytes(inputsDir() / "hello.wasm");
  ASSERT_FALSE(bytes.empty());
  Engine engine;
  auto component = cm::Component::compile(engine, bytes);
  ASSERT_TRUE(component.ok()) << component.error().toString();
  Config config;
  config.args = {"hello.component"};
  config.inheritStdio = false;  // the output is discarded
  auto context = Context::create(config);
  ASSERT_TRUE(context.ok()) << context.error().toString();
  cm::Linker linker(engine);
  ASSERT_TRUE(addToLinker(linker, **context).ok());
  EXPECT_FALSE(addToLinker(linker, **context).ok());  // everything is defined already
  Store store(engine);
  auto instance = linker.instantiate(store, *component);
  ASSERT_TRUE(instance.ok()) << instance.error().toString();
  auto status = runCommand(store, *instance, **context);
  ASSERT_TRUE(status.ok()) << status.error().toString();
  EXPECT_EQ(*status, 1u);
  EXPECT_EQ((*context)->exitCode(), 1u);
}

TEST(Wasip2Command, PreopensAreRefusedUntilTheFilesystemIsServed) {
  Config config;
  config.preopens.push_back(WasiPreopen{"/tmp", "/tmp"});
  auto context = Context::create(config);
  ASSERT_FALSE(context.ok());
  EXPECT_EQ(context.error().kind, ErrorKind::Unsupported);
}

}  // namespace
}  // namespace sable::wasip2
