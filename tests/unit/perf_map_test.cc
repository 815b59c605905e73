// The perf map (EngineConfig::perfMap): every compiled function is one line of
// /tmp/perf-<pid>.map with its start, size and backtrace name; a guest's control characters
// never break a line.
#include "platform/perf_map.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "component_test_files.h"
#include "sable/component.h"
#include "sable/engine.h"
#include "sable/module.h"
#include "wasm_builder.h"

namespace sable::test {
namespace {

std::string perfMapPath() { return "/tmp/perf-" + std::to_string(::getpid()) + ".map"; }

std::vector<std::string> perfMapLines() {
  std::ifstream in(perfMapPath());
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Removes this process's map before and after a test (perf reads it only after a run).
class PerfMapTest : public ::testing::Test {
 protected:
  void SetUp() override { std::remove(perfMapPath().c_str()); }
  void TearDown() override { std::remove(perfMapPath().c_str()); }
};

TEST_F(PerfMapTest, EveryCompiledFunctionIsOneLine) {
  Bytes wasm = ModuleBytes()
                   .typeSection({funcType({}, {kI32})})
                   .functionSection({0, 0})
                   .codeSection({funcBody(i32Const(1) + Bytes{op::End}),
                                 funcBody(i32Const(2) + Bytes{op::End})})
                   .bytes();
  Result<Engine> engine = Engine::create(EngineConfig{.perfMap = true});
  ASSERT_TRUE(engine.ok()) << engine.error().toString();
  Result<Module> module = Module::compile(*engine, wasm);
  ASSERT_TRUE(module.ok()) << module.error().toString();
  std::vector<std::string> lines = perfMapLines();
  ASSERT_EQ(lines.size(), 2u);
  size_t total = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::istringstream fields(lines[i]);
    std::string start, size, name;
    fields >> start >> size >> name;
    EXPECT_EQ(name, "<module>!func[" + std::to_string(i) + "]") << lines[i];
    EXPECT_GT(std::stoull(start, nullptr, 16), 0u) << lines[i];
    total += std::stoull(size, nullptr, 16);
  }
  EXPECT_EQ(total, module->machineCodeSize());
}

TEST_F(PerfMapTest, ComponentFunctionsAreNamedByThePathOfTheirPart) {
  // stack.wasm nests store, logger and app, each with a core module named `main`: the map must
  // tell them apart by the part's name from the component-name section.
  Result<Engine> engine = Engine::create(EngineConfig{.perfMap = true});
  ASSERT_TRUE(engine.ok()) << engine.error().toString();
  auto c = cm::Component::compile(
      *engine, testing::readFileBytes(testing::componentInputsDir() / "stack.wasm"));
  ASSERT_TRUE(c.ok()) << c.error().toString();
  std::vector<std::string> lines = perfMapLines();
  ASSERT_FALSE(lines.empty());
  size_t perPart[3] = {};
  for (const std::string& line : lines) {
    std::istringstream fields(line);
    std::string start, size, name;
    fields >> start >> size >> name;
    const char* parts[] = {"store/", "logger/", "app/"};
    bool named = false;
    for (size_t i = 0; i < 3; ++i) {
      if (name.rfind(parts[i], 0) == 0) {
        ++perPart[i];
        named = true;
      }
    }
    EXPECT_TRUE(named) << line;
  }
  for (size_t n : perPart) EXPECT_GT(n, 0u);
  bool loggerMain = false;
  for (const std::string& line : lines)
    loggerMain |= line.find(" logger/main!func[") != std::string::npos;
  EXPECT_TRUE(loggerMain);
}

TEST_F(PerfMapTest, AnEngineWithoutItWritesNothing) {
  Bytes wasm = ModuleBytes()
                   .typeSection({funcType({}, {})})
                   .functionSection({0})
                   .codeSection({funcBody(Bytes{op::End})})
                   .bytes();
  Result<Engine> engine = Engine::create();
  ASSERT_TRUE(engine.ok());
  ASSERT_TRUE(Module::compile(*engine, wasm).ok());
  EXPECT_TRUE(perfMapLines().empty());
}

TEST_F(PerfMapTest, ControlCharactersInNamesStayOnOneLine) {
  auto map = platform::PerfMap::open();
  ASSERT_TRUE(map.ok()) << map.error().toString();
  int anchor = 0;
  (*map)->add(&anchor, 16, std::string("evil\nff 10 forged\0name", 23));
  std::vector<std::string> lines = perfMapLines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find(" 10 evil?ff 10 forged?name"), std::string::npos) << lines[0];
}

}  // namespace
}  // namespace sable::test
