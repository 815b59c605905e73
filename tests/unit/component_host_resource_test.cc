// Host resources through cm::Linker: the committed hello command (C, wrapped by the preview1
// adapter) runs against a small host that implements wasi:io/streams' output-stream and
// input-stream as host resources, creating own handles and reading borrowed ones.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "component_test_files.h"
#include "sable/component.h"
#include "sable/component_linker.h"
#include "sable/engine.h"
#include "sable/store.h"

namespace sable::cm {
namespace {

constexpr std::string_view kStreams = "wasi:io/streams@0.2.0";
constexpr std::string_view kExitMessage = "guest called exit";

// tests/component/inputs (see component_instantiate_test.cc for why SABLE_CLI_PATH).
std::filesystem::path inputsDir() {
  std::filesystem::path self(__FILE__);
  if (self.is_relative()) {
    self = std::filesystem::path(SABLE_CLI_PATH).parent_path().parent_path().parent_path() / self;
  }
  return self.parent_path() / ".." / "component" / "inputs";
}

// What the guest did to the host: bytes written per stream rep, its exit status, drops.
struct HostLog {
  std::map<uint32_t, std::string> written;
  std::optional<int> exitStatus;
  int drops = 0;
};

// Every imported function the test does not define traps when called.
void defineTrapStubs(Linker& linker, const Component& component) {
  for (const ItemType& import : component.imports()) {
    for (const ItemType& member : import.members) {
      if (member.kind != ItemKind::Func) continue;
      std::string label = import.name + "#" + member.name;
      (void)linker.defineFunc(
          import.name, member.name, [label](std::span<const Val>, std::span<Val>) -> Result<void> {
            return Error{ErrorKind::Trap, Error::kNoOffset, "unexpected call of " + label};
          });
    }
  }
}

Val stringList(std::initializer_list<const char*> items) {
  std::vector<Val> out;
  for (const char* s : items) out.push_back(Val::string(s));
  return Val::list(std::move(out));
}

// The stream functions: get-stdout/-stderr make own handles (rep 1/2), writes read the rep
// of the borrowed handle.
void defineStreams(Linker& linker, HostLog& log, HostResource out, HostResource unimported) {
  for (auto [name, rep] : {std::pair{"get-stdout", 1u}, std::pair{"get-stderr", 2u}}) {
    std::string iface = std::string("wasi:cli/") + (rep == 1 ? "stdout" : "stderr") + "@0.2.0";
    ASSERT_TRUE(linker
                    .defineContextFunc(iface, name,
                                       [out, unimported, rep](HostContext& cx, std::span<const Val>,
                                                              std::span<Val> results) {
                                         // A resource this component does not import.
                                         EXPECT_FALSE(cx.newOwn(unimported, 7).ok());
                                         Result<Val> h = cx.newOwn(out, rep);
                                         if (!h) return Result<void>(h.error());
                                         results[0] = *h;
                                         return Result<void>();
                                       })
                    .ok());
  }
  auto write = [&log, out](HostContext& cx, std::span<const Val> args,
                           std::span<Val> results) -> Result<void> {
    Result<uint32_t> rep = cx.rep(out, args[0]);
    if (!rep) return rep.error();
    for (uint8_t b : args[1].listAs<uint8_t>()) log.written[*rep].push_back(char(b));
    results[0] = Val::ok();
    return {};
  };
  ASSERT_TRUE(
      linker.defineContextFunc(kStreams, "[method]output-stream.blocking-write-and-flush", write)
          .ok());
  ASSERT_TRUE(linker.defineContextFunc(kStreams, "[method]output-stream.write", write).ok());
  ASSERT_TRUE(linker
                  .defineFunc(kStreams, "[method]output-stream.check-write",
                              [](std::span<const Val>, std::span<Val> results) -> Result<void> {
                                results[0] = Val::ok(Val::u64(4096));
                                return {};
                              })
                  .ok());
  ASSERT_TRUE(linker
                  .defineFunc(kStreams, "[method]output-stream.blocking-flush",
                              [](std::span<const Val>, std::span<Val> results) -> Result<void> {
                                results[0] = Val::ok();
                                return {};
                              })
                  .ok());
}

// Arguments, environment, no preopens, no terminals, and exit as a host error.
void defineCli(Linker& linker, HostLog& log) {
  auto value = [](Val v) {
    return [v](std::span<const Val>, std::span<Val> results) -> Result<void> {
      results[0] = v;
      return {};
    };
  };
  const std::string env = "wasi:cli/environment@0.2.0";
  ASSERT_TRUE(
      linker.defineFunc(env, "get-arguments", value(stringList({"hello.component", "a", "b"})))
          .ok());
  ASSERT_TRUE(
      linker
          .defineFunc(env, "get-environment",
                      value(Val::list({Val::tuple({Val::string("GREETING"), Val::string("hi")})})))
          .ok());
  ASSERT_TRUE(
      linker.defineFunc("wasi:filesystem/preopens@0.2.0", "get-directories", value(Val::list({})))
          .ok());
  for (const char* t : {"stdin", "stdout", "stderr"}) {
    ASSERT_TRUE(linker
                    .defineFunc(std::string("wasi:cli/terminal-") + t + "@0.2.0",
                                std::string("get-terminal-") + t, value(Val::none()))
                    .ok());
  }
  ASSERT_TRUE(
      linker
          .defineFunc("wasi:cli/exit@0.2.0", "exit",
                      [&log](std::span<const Val> args, std::span<Val>) -> Result<void> {
                        log.exitStatus = args[0].caseName() == "ok" ? 0 : 1;
                        return Error{ErrorKind::Trap, Error::kNoOffset, std::string(kExitMessage)};
                      })
          .ok());
}

TEST(ComponentHostResource, HelloCommandWritesThroughHostStreams) {
  auto bytes = testing::readFileBytes(inputsDir() / "hello.wasm");
  ASSERT_FALSE(bytes.empty());
  Engine engine;
  auto component = Component::compile(engine, bytes);
  ASSERT_TRUE(component.ok()) << component.error().toString();
  HostLog log;
  Linker linker(engine);
  auto out = linker.defineResource(kStreams, "output-stream", [&log](uint32_t) -> Result<void> {
    ++log.drops;
    return {};
  });
  ASSERT_TRUE(out.ok());
  EXPECT_FALSE(linker.defineResource(kStreams, "output-stream", nullptr).ok());  // twice
  auto unimported = linker.defineResource("wasi:sockets/tcp@0.2.0", "tcp-socket", nullptr);
  ASSERT_TRUE(unimported.ok());
  EXPECT_NE(*out, *unimported);
  auto in = linker.defineResource(kStreams, "input-stream", nullptr);
  ASSERT_TRUE(in.ok());
  ASSERT_TRUE(linker
                  .defineContextFunc("wasi:cli/stdin@0.2.0", "get-stdin",
                                     [in](HostContext& cx, std::span<const Val>,
                                          std::span<Val> results) -> Result<void> {
                                       Result<Val> h = cx.newOwn(*in, 0);
                                       if (!h) return h.error();
                                       results[0] = *h;
                                       return {};
                                     })
                  .ok());
  defineStreams(linker, log, *out, *unimported);
  defineCli(linker, log);
  defineTrapStubs(linker, *component);

  Store store(engine);
  auto instance = linker.instantiate(store, *component);
  ASSERT_TRUE(instance.ok()) << instance.error().toString();
  auto run = instance->getFunc("wasi:cli/run@0.2.0#run");
  ASSERT_TRUE(run.ok()) << run.error().toString();
  auto result = run->call(store, {});
  ASSERT_FALSE(result.ok());  // main returned 3: the adapter exits with err
  EXPECT_NE(result.error().message.find(kExitMessage), std::string::npos)
      << result.error().toString();
  EXPECT_EQ(log.exitStatus, 1);
  EXPECT_EQ(log.written[1], "hello from hello.component, 3 args\nGREETING=hi\nno /data\n");
  EXPECT_EQ(log.written.count(2), 0u);
}

}  // namespace
}  // namespace sable::cm
