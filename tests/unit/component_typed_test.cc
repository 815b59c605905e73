// Typed C++ host functions (sable/component_typed.h): their types as text, and calls through a
// component that re-exports them (typed-host-calls.wasm: lowered, then lifted again), with
// lists, strings, options, tuples, no result, a failing function and a mismatched type.
#include "sable/component_typed.h"

#include <gtest/gtest.h>

#include <numeric>

#include "component_test_files.h"
#include "sable/component.h"

namespace sable::cm {
namespace {

constexpr std::string_view kHost = "test:typed/host";

// The host's four functions, the list taken as `List` (a span view or a vector copy).
template <typename List>
Result<void> defineHost(Linker& linker, int& nothingCalls) {
  auto sum = [](List values) -> Result<uint64_t> {
    if (values.empty()) return Error{ErrorKind::Trap, Error::kNoOffset, "nothing to sum"};
    return std::accumulate(values.begin(), values.end(), uint64_t{0});
  };
  auto greet = [](std::string_view name, uint8_t times) -> std::optional<std::string> {
    if (times == 0) return std::nullopt;
    std::string s;
    for (uint8_t i = 0; i < times; ++i) s += name;
    return s;
  };
  auto swap = [](const std::tuple<uint32_t, std::string>& p) {
    return std::tuple<std::string, uint32_t>(std::get<1>(p), std::get<0>(p));
  };
  if (auto r = defineTypedFunc(linker, kHost, "sum", {"values"}, sum); !r) return r;
  if (auto r = defineTypedFunc(linker, kHost, "greet", {"name", "times"}, greet); !r) return r;
  if (auto r = defineTypedFunc(linker, kHost, "swap", {"p"}, swap); !r) return r;
  return defineTypedFunc(linker, kHost, "nothing", {}, [&nothingCalls] { ++nothingCalls; });
}

class ComponentTyped : public ::testing::Test {
 protected:
  // Instantiates typed-host-calls.wasm with the host's functions; the error, or "".
  template <typename List>
  std::string instantiate() {
    auto component = Component::compile(
        engine_, testing::readFileBytes(testing::componentInputsDir() / "typed-host-calls.wasm"));
    if (!component) return component.error().toString();
    Linker linker(engine_);
    if (auto defined = defineHost<List>(linker, nothingCalls_); !defined)
      return defined.error().toString();
    auto instance = linker.instantiate(store_, *component);
    if (!instance) return instance.error().toString();
    instance_ = *instance;
    return "";
  }

  Result<std::vector<Val>> call(std::string_view name, std::vector<Val> args) {
    auto f = instance_->getFunc(name);
    if (!f) return f.error();
    return f->call(store_, args);
  }

  Engine engine_;
  Store store_{engine_};
  std::optional<ComponentInstance> instance_;
  int nothingCalls_ = 0;
};

TEST_F(ComponentTyped, ListsStringsOptionsTuplesAndNoResult) {
  ASSERT_EQ(instantiate<std::span<const uint32_t>>(), "");
  uint32_t values[] = {1, 2, 3, 0xffffffff};
  auto sum = call("sum", {Val::listOf<uint32_t>(values)});
  ASSERT_TRUE(sum.ok()) << sum.error().toString();
  EXPECT_EQ((*sum)[0], Val::u64(6 + uint64_t{0xffffffff}));

  auto greet = call("greet", {Val::string("ab"), Val::u8(3)});
  ASSERT_TRUE(greet.ok()) << greet.error().toString();
  EXPECT_EQ((*greet)[0], Val::some(Val::string("ababab")));
  auto none = call("greet", {Val::string("ab"), Val::u8(0)});
  ASSERT_TRUE(none.ok()) << none.error().toString();
  EXPECT_EQ((*none)[0], Val::none());

  auto swap = call("swap", {Val::tuple({Val::u32(7), Val::string("seven")})});
  ASSERT_TRUE(swap.ok()) << swap.error().toString();
  EXPECT_EQ((*swap)[0], Val::tuple({Val::string("seven"), Val::u32(7)}));

  ASSERT_TRUE(call("nothing", {}).ok());
  ASSERT_TRUE(call("nothing", {}).ok());
  EXPECT_EQ(nothingCalls_, 2);
}

TEST_F(ComponentTyped, AVectorParameterCopiesTheList) {
  ASSERT_EQ(instantiate<std::vector<uint32_t>>(), "");
  uint32_t values[] = {40, 2};
  auto sum = call("sum", {Val::listOf<uint32_t>(values)});
  ASSERT_TRUE(sum.ok()) << sum.error().toString();
  EXPECT_EQ((*sum)[0], Val::u64(42));
}

TEST_F(ComponentTyped, AnErrorFromTheFunctionTrapsTheCaller) {
  ASSERT_EQ(instantiate<std::span<const uint32_t>>(), "");
  auto sum = call("sum", {Val::listOf<uint32_t>(std::span<const uint32_t>())});
  ASSERT_FALSE(sum.ok());
  EXPECT_EQ(sum.error().kind, ErrorKind::Trap);
  EXPECT_NE(sum.error().message.find("nothing to sum"), std::string::npos) << sum.error().message;
}

TEST(ComponentTypedText, TypesAreSpelledAsTheImportsPrintThem) {
  using Environment = std::vector<std::tuple<std::string, std::string>>;
  EXPECT_EQ(WitType<Environment>::text(), "list<tuple<string, string>>");
  EXPECT_EQ(WitType<std::optional<std::vector<uint8_t>>>::text(), "option<list<u8>>");
  EXPECT_EQ(WitType<std::span<const char32_t>>::text(), "list<char>");
  std::string_view names[] = {"a", "b"};
  EXPECT_EQ((typed_detail::funcText<std::optional<std::string>, std::string_view, double>(names)),
            "func(a: string, b: f64) -> option<string>");
  EXPECT_EQ(typed_detail::funcText<void>({}), "func()");
}

TEST(ComponentTypedLink, AMismatchedParameterNameOrTypeIsUnlinkable) {
  Engine engine;
  auto component = Component::compile(
      engine, testing::readFileBytes(testing::componentInputsDir() / "typed-host-calls.wasm"));
  ASSERT_TRUE(component.ok()) << component.error().toString();
  for (bool wrongName : {true, false}) {
    Linker mistyped(engine);
    auto sum = [](std::span<const uint32_t> v) { return static_cast<uint64_t>(v.size()); };
    auto sumOfU8 = [](std::span<const uint8_t> v) { return static_cast<uint64_t>(v.size()); };
    ASSERT_TRUE((wrongName ? defineTypedFunc(mistyped, kHost, "sum", {"numbers"}, sum)
                           : defineTypedFunc(mistyped, kHost, "sum", {"values"}, sumOfU8))
                    .ok());
    Store store(engine);
    auto instance = mistyped.instantiate(store, *component);
    ASSERT_FALSE(instance.ok());
    EXPECT_EQ(instance.error().kind, ErrorKind::Unlinkable);
    EXPECT_NE(instance.error().message.find("declared with another type"), std::string::npos)
        << instance.error().message;
  }
}

TEST(ComponentTypedLink, NamesMustCountTheParameters) {
  Engine engine;
  Linker linker(engine);
  auto defined = defineTypedFunc(linker, kHost, "greet", {"name"},
                                 [](std::string_view, uint8_t) { return std::string(); });
  ASSERT_FALSE(defined.ok());
  EXPECT_EQ(defined.error().kind, ErrorKind::Usage);
  EXPECT_NE(defined.error().message.find("1 parameter names for 2 parameters"), std::string::npos)
      << defined.error().message;
}

}  // namespace
}  // namespace sable::cm
