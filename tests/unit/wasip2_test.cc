// The WASI 0.2 host: its resource table's parent/child rule, the committed hello command run
// through sable/wasip2.h (exit statuses), preopens, and the filesystem's value shapes. The
// filesystem itself is tested through real components (tests/wasi: the wrapped test suite and
// the hostile guest).
#include "sable/wasip2.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "component_test_files.h"
#include "host-wasip2/fs_values.h"
#include "host-wasip2/resource_table.h"
#include "sable/component.h"

namespace sable::wasip2 {
namespace {

TEST(Wasip2ResourceTable, AParentWithChildrenCannotBeDropped) {
  ResourceTable table;
  auto stream = table.add(OutputStream::writing(1));
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
  auto stream = table.add(InputStream::reading(0));
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

TEST(Wasip2Context, OpensItsPreopensAndNamesOneThatCannotBeOpened) {
  Config config;
  config.preopens.push_back(WasiPreopen{"/tmp", "/tmp"});
  auto context = Context::create(config);
  ASSERT_TRUE(context.ok()) << context.error().toString();
  ASSERT_EQ((*context)->impl().preopens.size(), 1u);
  EXPECT_EQ((*context)->impl().preopens[0].guestPath, "/tmp");
  config.preopens.push_back(WasiPreopen{"/nonexistent-sable-dir", "x"});
  auto missing = Context::create(config);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::Io);
  EXPECT_NE(missing.error().message.find("/nonexistent-sable-dir"), std::string::npos);
}

TEST(Wasip2Filesystem, ErrorCodesAreTheWitNames) {
  EXPECT_EQ(errorCodeName(wasi::Errno::NoEnt), "no-entry");
  EXPECT_EQ(errorCodeName(wasi::Errno::Perm), "not-permitted");
  EXPECT_EQ(errorCodeName(wasi::Errno::NotCapable), "not-permitted");
  EXPECT_EQ(errorCodeName(wasi::Errno::Loop), "loop");
  EXPECT_EQ(errorCodeName(wasi::Errno::Spipe), "invalid-seek");
  EXPECT_EQ(errorCodeName(wasi::Errno::NoSys), "unsupported");
  EXPECT_EQ(errorCodeName(wasi::Errno::Child), "io");  // nothing closer in the WIT
}

TEST(Wasip2Filesystem, StringsCrossOnlyAsUtf8) {
  EXPECT_TRUE(isUtf8("plain"));
  EXPECT_TRUE(isUtf8("caf\xc3\xa9 \xf0\x9f\x98\x80"));
  EXPECT_FALSE(isUtf8("\xff"));
  EXPECT_FALSE(isUtf8("\xc3"));              // cut short
  EXPECT_FALSE(isUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(isUtf8("\xed\xa0\x80"));      // a surrogate
  EXPECT_FALSE(isUtf8("\xf4\x90\x80\x80"));  // past U+10FFFF
}

TEST(Wasip2Filesystem, NewTimestampsBecomeUtimensatTimes) {
  timespec t{};
  EXPECT_EQ(timespecOf(Val::variant("now"), t), wasi::Errno::Success);
  EXPECT_EQ(t.tv_nsec, UTIME_NOW);
  EXPECT_EQ(timespecOf(Val::variant("no-change"), t), wasi::Errno::Success);
  EXPECT_EQ(t.tv_nsec, UTIME_OMIT);
  auto at = [](uint64_t s, uint32_t ns) {
    return Val::variant("timestamp",
                        Val::record({{"seconds", Val::u64(s)}, {"nanoseconds", Val::u32(ns)}}));
  };
  EXPECT_EQ(timespecOf(at(5, 6), t), wasi::Errno::Success);
  EXPECT_EQ(t.tv_sec, 5);
  EXPECT_EQ(t.tv_nsec, 6);
  EXPECT_EQ(timespecOf(at(5, 1000000000), t), wasi::Errno::Inval);
  EXPECT_EQ(timespecOf(at(~uint64_t{0}, 0), t), wasi::Errno::Inval);
}

}  // namespace
}  // namespace sable::wasip2
