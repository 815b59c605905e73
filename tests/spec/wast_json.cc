#include "wast_json.h"

#include <nlohmann/json.hpp>

namespace sable::spec {
namespace {

using nlohmann::json;

// Thrown while reading one command and turned into an UnreadableCommand by parseSpecCommand,
// so helpers can bail out from any depth without threading errors through every return.
struct CommandFormatError {
  std::string message;
};

const std::string& requireString(const json& object, const char* key) {
  auto field = object.find(key);
  if (field == object.end() || !field->is_string()) {
    throw CommandFormatError{std::string("missing string field \"") + key + "\""};
  }
  return field->get_ref<const std::string&>();
}

std::optional<std::string> optionalString(const json& object, const char* key) {
  auto field = object.find(key);
  if (field == object.end()) return std::nullopt;
  if (!field->is_string()) throw CommandFormatError{std::string("\"") + key + "\" not a string"};
  return field->get<std::string>();
}

const json& requireArray(const json& object, const char* key) {
  auto field = object.find(key);
  if (field == object.end() || !field->is_array()) {
    throw CommandFormatError{std::string("missing array field \"") + key + "\""};
  }
  return *field;
}

std::vector<SpecValue> readValues(const json& array, bool allowPatterns, const char* what) {
  std::vector<SpecValue> values;
  values.reserve(array.size());
  for (size_t i = 0; i < array.size(); ++i) {
    auto value = parseSpecValue(array[i], allowPatterns);
    if (!value) {
      throw CommandFormatError{std::string(what) + " " + std::to_string(i) + ": " + value.error()};
    }
    values.push_back(std::move(value).value());
  }
  return values;
}

// Trap and exhaustion assertions list result types only.
std::vector<ValType> readTypes(const json& object) {
  std::vector<ValType> types;
  auto field = object.find("expected");
  if (field == object.end()) return types;
  if (!field->is_array()) throw CommandFormatError{"\"expected\" is not an array"};
  for (const json& entry : *field) {
    auto type = parseSpecValueType(requireString(entry, "type"));
    if (!type) throw CommandFormatError{type.error()};
    types.push_back(*type);
  }
  return types;
}

SpecAction readAction(const json& command) {
  auto field = command.find("action");
  if (field == command.end() || !field->is_object()) {
    throw CommandFormatError{"missing \"action\" object"};
  }
  SpecAction action;
  const std::string& kind = requireString(*field, "type");
  if (kind == "invoke") {
    action.kind = SpecAction::Kind::Invoke;
    action.args = readValues(requireArray(*field, "args"), /*allowPatterns=*/false, "argument");
  } else if (kind == "get") {
    action.kind = SpecAction::Kind::Get;
  } else {
    throw CommandFormatError{"unknown action type \"" + kind + "\""};
  }
  action.moduleName = optionalString(*field, "module");
  action.field = requireString(*field, "field");
  return action;
}

ModuleFormat readModuleFormat(const json& command) {
  std::optional<std::string> format = optionalString(command, "module_type");
  if (!format || *format == "binary") return ModuleFormat::Binary;
  if (*format == "text") return ModuleFormat::Text;
  throw CommandFormatError{"unknown module_type \"" + *format + "\""};
}

AssertModuleCommand readAssertModule(const json& command,
                                     AssertModuleCommand::Expectation expectation) {
  AssertModuleCommand result;
  result.expectation = expectation;
  result.format = readModuleFormat(command);
  result.filename = requireString(command, "filename");
  result.text = optionalString(command, "text").value_or("");
  return result;
}

AssertTrapCommand readAssertTrap(const json& command, AssertTrapCommand::Expectation expectation) {
  AssertTrapCommand result;
  result.expectation = expectation;
  result.action = readAction(command);
  result.text = optionalString(command, "text").value_or("");
  result.resultTypes = readTypes(command);
  return result;
}

SpecCommandBody readBody(const json& command, const std::string& type) {
  using Module = AssertModuleCommand::Expectation;
  using Trap = AssertTrapCommand::Expectation;
  if (type == "module") {
    if (readModuleFormat(command) != ModuleFormat::Binary) {
      throw CommandFormatError{"module in text format"};
    }
    return ModuleCommand{optionalString(command, "name"), requireString(command, "filename")};
  }
  if (type == "assert_malformed") return readAssertModule(command, Module::Malformed);
  if (type == "assert_invalid") return readAssertModule(command, Module::Invalid);
  if (type == "assert_unlinkable") return readAssertModule(command, Module::Unlinkable);
  if (type == "assert_uninstantiable") return readAssertModule(command, Module::Uninstantiable);
  if (type == "register") {
    return RegisterCommand{optionalString(command, "name"), requireString(command, "as")};
  }
  if (type == "action") return ActionCommand{readAction(command), readTypes(command)};
  if (type == "assert_return") {
    return AssertReturnCommand{
        readAction(command),
        readValues(requireArray(command, "expected"), /*allowPatterns=*/true, "expected value")};
  }
  if (type == "assert_trap") return readAssertTrap(command, Trap::Trap);
  if (type == "assert_exhaustion") return readAssertTrap(command, Trap::Exhaustion);
  throw CommandFormatError{"unknown command type"};
}

}  // namespace

std::string_view commandTypeName(const SpecCommandBody& body) {
  struct Namer {
    std::string_view operator()(const ModuleCommand&) const { return "module"; }
    std::string_view operator()(const AssertModuleCommand& command) const {
      switch (command.expectation) {
        case AssertModuleCommand::Expectation::Malformed:
          return "assert_malformed";
        case AssertModuleCommand::Expectation::Invalid:
          return "assert_invalid";
        case AssertModuleCommand::Expectation::Unlinkable:
          return "assert_unlinkable";
        case AssertModuleCommand::Expectation::Uninstantiable:
          return "assert_uninstantiable";
      }
      return "assert_module";
    }
    std::string_view operator()(const RegisterCommand&) const { return "register"; }
    std::string_view operator()(const ActionCommand&) const { return "action"; }
    std::string_view operator()(const AssertReturnCommand&) const { return "assert_return"; }
    std::string_view operator()(const AssertTrapCommand& command) const {
      return command.expectation == AssertTrapCommand::Expectation::Trap ? "assert_trap"
                                                                         : "assert_exhaustion";
    }
    std::string_view operator()(const UnreadableCommand& command) const { return command.type; }
  };
  return std::visit(Namer{}, body);
}

SpecCommand parseSpecCommand(const json& command) {
  SpecCommand result;
  std::string type = "?";
  try {
    if (!command.is_object()) throw CommandFormatError{"command is not a JSON object"};
    auto line = command.find("line");
    if (line != command.end() && line->is_number_unsigned()) {
      result.line = line->get<uint32_t>();
    }
    type = requireString(command, "type");
    result.body = readBody(command, type);
  } catch (const CommandFormatError& error) {
    result.body = UnreadableCommand{type, error.message};
  } catch (const json::exception& error) {
    result.body = UnreadableCommand{type, error.what()};
  }
  return result;
}

ParseResult<SpecScript> parseSpecScript(std::string_view jsonText) {
  using Fail = ParseResult<SpecScript>;
  json document = json::parse(jsonText, /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return Fail::failure("not valid JSON");
  if (!document.is_object()) return Fail::failure("top level is not a JSON object");
  auto commands = document.find("commands");
  if (commands == document.end() || !commands->is_array()) {
    return Fail::failure("no \"commands\" array");
  }
  SpecScript script;
  auto source = document.find("source_filename");
  if (source != document.end() && source->is_string()) script.sourceFilename = *source;
  script.commands.reserve(commands->size());
  for (const json& command : *commands) script.commands.push_back(parseSpecCommand(command));
  return script;
}

}  // namespace sable::spec
