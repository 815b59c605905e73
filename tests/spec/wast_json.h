// The command list wast2json writes for a .wast script, read into typed commands.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "parse_result.h"
#include "spec_value.h"

namespace sable::spec {

// What a script does to a module: call an exported function or read an exported global.
struct SpecAction {
  enum class Kind : uint8_t { Invoke, Get };

  Kind kind = Kind::Invoke;
  std::optional<std::string> moduleName;  // "$M" names a module; absent means the latest one
  std::string field;                      // export name (arbitrary UTF-8)
  std::vector<SpecValue> args;            // Invoke only
};

// (module ...): decode, validate and instantiate; the module becomes the current one.
struct ModuleCommand {
  std::optional<std::string> name;
  std::string filename;  // the .wasm beside the JSON
};

// How a module in an assertion is written: a binary (.wasm) or, for the text parser's tests,
// text (.wat) that Sable has no parser for.
enum class ModuleFormat : uint8_t { Binary, Text };

// The assertions that are about a module rather than an action: it must fail to decode
// (malformed), to validate (invalid), to link (unlinkable), or its start function must trap
// (uninstantiable).
struct AssertModuleCommand {
  enum class Expectation : uint8_t { Malformed, Invalid, Unlinkable, Uninstantiable };

  Expectation expectation = Expectation::Malformed;
  ModuleFormat format = ModuleFormat::Binary;
  std::string filename;
  std::string text;  // the reference interpreter's error message
};

// (register "as" $M): make a module's exports importable under the module name `as`.
struct RegisterCommand {
  std::optional<std::string> moduleName;  // absent means the latest module
  std::string as;
};

// A bare action, run for its side effects.
struct ActionCommand {
  SpecAction action;
  std::vector<ValType> resultTypes;
};

// (assert_return action expected...).
struct AssertReturnCommand {
  SpecAction action;
  std::vector<SpecValue> expected;  // may hold NaN patterns
};

// (assert_trap action "message") and (assert_exhaustion action "message"): the action must trap,
// or must exhaust the call stack.
struct AssertTrapCommand {
  enum class Expectation : uint8_t { Trap, Exhaustion };

  Expectation expectation = Expectation::Trap;
  SpecAction action;
  std::string text;
  std::vector<ValType> resultTypes;  // what the function would have returned
};

// A command the harness could not read: an unknown type or fields it did not expect. Kept in
// the list so it is reported as a failure at its line instead of aborting the whole file.
struct UnreadableCommand {
  std::string type;
  std::string error;
};

using SpecCommandBody =
    std::variant<ModuleCommand, AssertModuleCommand, RegisterCommand, ActionCommand,
                 AssertReturnCommand, AssertTrapCommand, UnreadableCommand>;

// One command with its position in the .wast script.
struct SpecCommand {
  uint32_t line = 0;
  SpecCommandBody body;
};

// A whole converted script.
struct SpecScript {
  std::string sourceFilename;  // the .wast wast2json read
  std::vector<SpecCommand> commands;
};

// The command's spelling in the JSON ("assert_malformed", ...), for reports.
std::string_view commandTypeName(const SpecCommandBody& body);

// Reads the wast2json output. Fails only when the document as a whole is unusable (not JSON,
// no command list); individual bad commands become UnreadableCommand.
ParseResult<SpecScript> parseSpecScript(std::string_view jsonText);

// Reads one element of the "commands" array.
SpecCommand parseSpecCommand(const nlohmann::json& command);

}  // namespace sable::spec
