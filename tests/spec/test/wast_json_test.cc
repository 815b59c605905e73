#include "wast_json.h"

#include <gtest/gtest.h>

namespace sable::spec {
namespace {

// One of every command wast2json 1.0.32 emits, in its layout.
constexpr const char* kScript = R"({"source_filename": "sample.wast",
 "commands": [
  {"type": "module", "line": 1, "filename": "sample.0.wasm"},
  {"type": "module", "line": 2, "name": "$M1", "filename": "sample.1.wasm"},
  {"type": "assert_malformed", "line": 6, "filename": "sample.2.wasm",
   "text": "unexpected end", "module_type": "binary"},
  {"type": "assert_malformed", "line": 7, "filename": "sample.3.wat",
   "text": "unknown operator", "module_type": "text"},
  {"type": "assert_invalid", "line": 8, "filename": "sample.4.wasm",
   "text": "type mismatch", "module_type": "binary"},
  {"type": "assert_unlinkable", "line": 9, "filename": "sample.5.wasm",
   "text": "unknown import", "module_type": "binary"},
  {"type": "assert_uninstantiable", "line": 10, "filename": "sample.6.wasm",
   "text": "unreachable", "module_type": "binary"},
  {"type": "register", "line": 11, "name": "$M1", "as": "M"},
  {"type": "action", "line": 12,
   "action": {"type": "invoke", "field": "run", "args": []}, "expected": []},
  {"type": "assert_return", "line": 13,
   "action": {"type": "invoke", "module": "$M1", "field": "add",
              "args": [{"type": "i32", "value": "1"}, {"type": "i32", "value": "2"}]},
   "expected": [{"type": "i32", "value": "3"}]},
  {"type": "assert_return", "line": 14, "action": {"type": "get", "field": "g"},
   "expected": [{"type": "f32", "value": "nan:canonical"}]},
  {"type": "assert_trap", "line": 15,
   "action": {"type": "invoke", "field": "div", "args": [{"type": "i64", "value": "0"}]},
   "text": "integer divide by zero", "expected": [{"type": "i64"}]},
  {"type": "assert_exhaustion", "line": 16,
   "action": {"type": "invoke", "field": "loop", "args": []},
   "text": "call stack exhausted", "expected": []}
 ]})";

TEST(WastJsonTest, ReadsEveryCommandType) {
  auto script = parseSpecScript(kScript);
  ASSERT_TRUE(script.ok()) << script.error();
  EXPECT_EQ(script->sourceFilename, "sample.wast");
  const std::vector<SpecCommand>& commands = script->commands;
  ASSERT_EQ(commands.size(), 13u);
  for (const SpecCommand& command : commands) {
    EXPECT_FALSE(std::holds_alternative<UnreadableCommand>(command.body))
        << "line " << command.line << ": " << std::get<UnreadableCommand>(command.body).error;
  }

  const auto& unnamed = std::get<ModuleCommand>(commands[0].body);
  EXPECT_EQ(commands[0].line, 1u);
  EXPECT_FALSE(unnamed.name.has_value());
  EXPECT_EQ(unnamed.filename, "sample.0.wasm");
  EXPECT_EQ(std::get<ModuleCommand>(commands[1].body).name, "$M1");

  const auto& malformed = std::get<AssertModuleCommand>(commands[2].body);
  EXPECT_EQ(malformed.expectation, AssertModuleCommand::Expectation::Malformed);
  EXPECT_EQ(malformed.format, ModuleFormat::Binary);
  EXPECT_EQ(malformed.text, "unexpected end");
  EXPECT_EQ(std::get<AssertModuleCommand>(commands[3].body).format, ModuleFormat::Text);
  EXPECT_EQ(std::get<AssertModuleCommand>(commands[4].body).expectation,
            AssertModuleCommand::Expectation::Invalid);
  EXPECT_EQ(std::get<AssertModuleCommand>(commands[5].body).expectation,
            AssertModuleCommand::Expectation::Unlinkable);
  EXPECT_EQ(std::get<AssertModuleCommand>(commands[6].body).expectation,
            AssertModuleCommand::Expectation::Uninstantiable);

  const auto& registration = std::get<RegisterCommand>(commands[7].body);
  EXPECT_EQ(registration.moduleName, "$M1");
  EXPECT_EQ(registration.as, "M");

  const auto& action = std::get<ActionCommand>(commands[8].body);
  EXPECT_EQ(action.action.field, "run");
  EXPECT_FALSE(action.action.moduleName.has_value());

  const auto& add = std::get<AssertReturnCommand>(commands[9].body);
  EXPECT_EQ(add.action.kind, SpecAction::Kind::Invoke);
  EXPECT_EQ(add.action.moduleName, "$M1");
  ASSERT_EQ(add.action.args.size(), 2u);
  EXPECT_EQ(add.action.args[1].bits, 2u);
  ASSERT_EQ(add.expected.size(), 1u);
  EXPECT_EQ(add.expected[0].bits, 3u);

  const auto& get = std::get<AssertReturnCommand>(commands[10].body);
  EXPECT_EQ(get.action.kind, SpecAction::Kind::Get);
  EXPECT_EQ(get.expected[0].nan, NanPattern::Canonical);

  const auto& trap = std::get<AssertTrapCommand>(commands[11].body);
  EXPECT_EQ(trap.expectation, AssertTrapCommand::Expectation::Trap);
  EXPECT_EQ(trap.text, "integer divide by zero");
  EXPECT_EQ(trap.resultTypes, std::vector<ValType>{ValType::I64});
  EXPECT_EQ(std::get<AssertTrapCommand>(commands[12].body).expectation,
            AssertTrapCommand::Expectation::Exhaustion);
}

TEST(WastJsonTest, CommandTypeNamesMatchTheJsonSpelling) {
  auto script = parseSpecScript(kScript);
  ASSERT_TRUE(script.ok());
  std::vector<std::string_view> names;
  for (const SpecCommand& command : script->commands) {
    names.push_back(commandTypeName(command.body));
  }
  EXPECT_EQ(names, (std::vector<std::string_view>{
                       "module", "module", "assert_malformed", "assert_malformed", "assert_invalid",
                       "assert_unlinkable", "assert_uninstantiable", "register", "action",
                       "assert_return", "assert_return", "assert_trap", "assert_exhaustion"}));
}

TEST(WastJsonTest, BadCommandsBecomeUnreadableWithoutLosingTheRest) {
  auto script = parseSpecScript(R"({"commands": [
    {"type": "assert_return", "line": 3,
     "action": {"type": "invoke", "field": "f",
                "args": [{"type": "i32", "value": "nan:canonical"}]},
     "expected": []},
    {"type": "assert_either", "line": 4},
    {"type": "module", "line": 5},
    {"type": "assert_return", "line": 6, "action": {"type": "call", "field": "f"}, "expected": []},
    {"type": "module", "line": 7, "filename": "ok.wasm"}
  ]})");
  ASSERT_TRUE(script.ok()) << script.error();
  ASSERT_EQ(script->commands.size(), 5u);
  for (size_t i = 0; i < 4; ++i) {
    const auto* unreadable = std::get_if<UnreadableCommand>(&script->commands[i].body);
    ASSERT_NE(unreadable, nullptr) << "command " << i;
    EXPECT_FALSE(unreadable->error.empty());
  }
  EXPECT_EQ(script->commands[0].line, 3u);
  EXPECT_EQ(std::get<UnreadableCommand>(script->commands[1].body).type, "assert_either");
  EXPECT_EQ(commandTypeName(script->commands[1].body), "assert_either");
  EXPECT_TRUE(std::holds_alternative<ModuleCommand>(script->commands[4].body));
}

TEST(WastJsonTest, RejectsDocumentsWithoutCommands) {
  EXPECT_FALSE(parseSpecScript("").ok());
  EXPECT_FALSE(parseSpecScript("{\"commands\": [").ok());
  EXPECT_FALSE(parseSpecScript("[]").ok());
  EXPECT_FALSE(parseSpecScript(R"({"source_filename": "x.wast"})").ok());
  auto empty = parseSpecScript(R"({"commands": []})");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->commands.empty());
}

}  // namespace
}  // namespace sable::spec
