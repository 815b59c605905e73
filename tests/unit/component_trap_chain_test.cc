// Traps in component instances reached through other instances (issue 16): the error and
// Store::lastTrap() name the chain of component calls, outermost first, each with its wasm
// backtrace; plugged at run time (cm::Linker::defineInstance) and nested in one composed
// binary (trap-stack.wasm); a failing host function shows the chain too. And the call tracer
// sees the calls between the nested instances of one composed binary.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "component_failing_kv_host.h"
#include "component_test_files.h"
#include "sable/component.h"
#include "sable/component_linker.h"
#include "sable/engine.h"
#include "sable/store.h"
#include "sable/trap.h"
#include "sable/wasip2.h"

namespace sable::test {
namespace {

using cm::Val;

class TrapChain : public ::testing::Test {
 protected:
  cm::Component compile(const char* file) { return testing::compileInput(engine_, file); }

  // `app` over kv-passthru.wasm (named "mw") over `provider`'s example:kv/kv-store.
  cm::ComponentInstance plugApp(const cm::ComponentInstance& provider) {
    cm::Linker mwLinker(engine_), appLinker(engine_);
    EXPECT_TRUE(
        mwLinker.defineInstance("example:kv/kv-store", provider, "example:kv/kv-store").ok());
    auto mw = mwLinker.instantiate(store_, compile("kv-passthru.wasm"), "mw");
    EXPECT_TRUE(mw.ok()) << mw.error().toString();
    EXPECT_TRUE(appLinker.defineInstance("example:kv/kv-store", *mw, "example:kv/kv-store").ok());
    auto app = appLinker.instantiate(store_, compile("kv-app.wasm"), "app");
    EXPECT_TRUE(app.ok()) << app.error().toString();
    return *app;
  }

  Result<std::vector<Val>> handleRequest(const cm::ComponentInstance& app) {
    auto func = app.getFunc("handle-request");
    EXPECT_TRUE(func.ok()) << func.error().toString();
    return func->call(store_, {});
  }

  // A WASI 0.2 context with nothing granted, for the logger in trap-stack.wasm.
  void addWasi(cm::Linker& linker) {
    wasip2::Config config;
    config.inheritStdio = false;
    config.stderrGranted = false;
    auto created = wasip2::Context::create(config);
    ASSERT_TRUE(created.ok()) << created.error().toString();
    wasi_ = std::move(*created);
    ASSERT_TRUE(wasip2::addToLinker(linker, *wasi_).ok());
  }

  // Checks lastTrap()'s chain: the instances and functions, outermost first, and that every
  // instance but the host has wasm frames.
  void expectChain(const std::vector<std::pair<std::string, std::string>>& want) {
    ASSERT_TRUE(store_.lastTrap());
    const std::vector<TrapCall>& calls = store_.lastTrap()->calls;
    ASSERT_EQ(calls.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      SCOPED_TRACE(i);
      EXPECT_EQ(calls[i].instance, want[i].first);
      EXPECT_EQ(calls[i].function, want[i].second);
      EXPECT_EQ(calls[i].frames.empty(), calls[i].instance == "host");
    }
  }

  Engine engine_;
  Store store_{engine_};
  std::unique_ptr<wasip2::Context> wasi_;
};

TEST_F(TrapChain, PluggedStoreTrapNamesAppMiddlewareAndStore) {
  auto store = cm::Linker(engine_).instantiate(store_, compile("trap-store.wasm"), "store");
  ASSERT_TRUE(store.ok()) << store.error().toString();
  cm::ComponentInstance app = plugApp(*store);
  auto out = handleRequest(app);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::Trap);
  const std::string& message = out.error().message;
  EXPECT_EQ(message.substr(0, message.find('\n')),
            "app handle-request -> mw kv-store.get -> store kv-store.get: unreachable");
  EXPECT_NE(message.find("\n  store kv-store.get\n    #0 "), std::string::npos) << message;
  expectChain({{"app", "handle-request"},
               {"mw", "example:kv/kv-store#get"},
               {"store", "example:kv/kv-store#get"}});
  EXPECT_EQ(store_.lastTrap()->kind, TrapKind::Unreachable);
  EXPECT_EQ(store_.lastTrap()->message, "unreachable");
}

TEST_F(TrapChain, ComposedStackTrapNamesTheNestedInstances) {
  cm::Linker linker(engine_);
  addWasi(linker);
  auto stack = linker.instantiate(store_, compile("trap-stack.wasm"), "trap-stack");
  ASSERT_TRUE(stack.ok()) << stack.error().toString();
  auto out = handleRequest(*stack);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::Trap);
  const std::string& message = out.error().message;
  EXPECT_EQ(message.substr(0, message.find('\n')),
            "trap-stack/a handle-request -> trap-stack/l kv-store.get -> "
            "trap-stack/s kv-store.get: unreachable")
      << message;
  expectChain({{"trap-stack/a", "handle-request"},
               {"trap-stack/l", "example:kv/kv-store#get"},
               {"trap-stack/s", "example:kv/kv-store#get"}});
  EXPECT_EQ(store_.lastTrap()->kind, TrapKind::Unreachable);
}

TEST_F(TrapChain, FailingHostFunctionEndsTheChain) {
  cm::Linker host(engine_);
  ASSERT_TRUE(testing::defineFailingKvStore(host).ok());
  auto kv = host.instantiate(store_, compile("kv-passthru.wasm"), "mw");
  ASSERT_TRUE(kv.ok()) << kv.error().toString();
  cm::Linker appLinker(engine_);
  ASSERT_TRUE(appLinker.defineInstance("example:kv/kv-store", *kv, "example:kv/kv-store").ok());
  auto app = appLinker.instantiate(store_, compile("kv-app.wasm"), "app");
  ASSERT_TRUE(app.ok()) << app.error().toString();
  auto out = handleRequest(*app);
  ASSERT_FALSE(out.ok());
  const std::string& message = out.error().message;
  EXPECT_EQ(message.substr(0, message.find('\n')),
            "app handle-request -> mw kv-store.get -> host kv-store.get: store down");
  EXPECT_NE(message.find("\n  host kv-store.get (host function)"), std::string::npos) << message;
  expectChain({{"app", "handle-request"},
               {"mw", "example:kv/kv-store#get"},
               {"host", "example:kv/kv-store#get"}});
}

TEST_F(TrapChain, TrapInOneComponentKeepsItsPlainBacktrace) {
  auto store = cm::Linker(engine_).instantiate(store_, compile("trap-store.wasm"), "store");
  ASSERT_TRUE(store.ok()) << store.error().toString();
  auto get = store->getFunc("example:kv/kv-store#get");
  ASSERT_TRUE(get.ok()) << get.error().toString();
  std::vector<Val> args = {Val::string("visits")};
  auto out = get->call(store_, args);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().message.substr(0, out.error().message.find('\n')), "unreachable");
  expectChain({{"store", "example:kv/kv-store#get"}});
  // A key that is not poisoned still works in a fresh instance.
  auto fresh = cm::Linker(engine_).instantiate(store_, compile("trap-store.wasm"), "store2");
  ASSERT_TRUE(fresh.ok());
  std::vector<Val> other = {Val::string("other")};
  auto none = fresh->getFunc("example:kv/kv-store#get")->call(store_, other);
  ASSERT_TRUE(none.ok()) << none.error().toString();
}

// One traced call's instances and function.
struct SeenCall {
  std::string caller, callee, function;
};

TEST_F(TrapChain, TracerSeesCallsBetweenNestedInstances) {
  std::vector<SeenCall> seen;
  cm::Linker linker(engine_);
  addWasi(linker);
  linker.setCallTracer([&seen](const cm::TracedCall& c) {
    seen.push_back(SeenCall{std::string(c.caller), std::string(c.callee), std::string(c.function)});
  });
  auto stack = linker.instantiate(store_, compile("stack.wasm"), "stack");
  ASSERT_TRUE(stack.ok()) << stack.error().toString();
  auto out = handleRequest(*stack);
  ASSERT_TRUE(out.ok()) << out.error().toString();
  EXPECT_EQ(*out, std::vector<Val>{Val::string("visits=1")});
  auto count = [&seen](const std::string& caller, const std::string& callee,
                       const std::string& function) {
    size_t n = 0;
    for (const SeenCall& c : seen)
      n += c.caller == caller && c.callee == callee && c.function == function;
    return n;
  };
  // stack.wasm names its instances a (app), l (logger) and s (store).
  EXPECT_EQ(count("stack/a", "stack/l", "example:kv/kv-store#get"), 1u);
  EXPECT_EQ(count("stack/a", "stack/l", "example:kv/kv-store#set"), 1u);
  EXPECT_EQ(count("stack/l", "stack/s", "example:kv/kv-store#get"), 1u);
  EXPECT_EQ(count("stack/l", "stack/s", "example:kv/kv-store#set"), 1u);
}

}  // namespace
}  // namespace sable::test
