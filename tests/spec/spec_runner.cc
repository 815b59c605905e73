#include "spec_runner.h"

#include <fstream>
#include <iterator>
#include <utility>

#include "arch/simd_messages.h"
#include "support/spectest_module.h"

namespace sable::spec {
namespace {

constexpr const char* kTextFormat = "text-format module (Sable has no text parser)";

ErrorKind expectedErrorKind(AssertModuleCommand::Expectation expectation) {
  return expectation == AssertModuleCommand::Expectation::Malformed ? ErrorKind::Malformed
                                                                    : ErrorKind::Invalid;
}

std::string inQuotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string firstLine(std::string_view text) {
  return std::string(text.substr(0, text.find('\n')));
}

// An error as one line: the kind and the message without the backtrace.
std::string errorText(const Error& error) { return firstLine(error.toString()); }

// "out of bounds memory access (in $f)": a trap's message and its innermost frame.
std::string trapText(const Trap& trap) {
  std::string text = trap.message;
  if (!trap.frames.empty()) text += " (in " + trap.frames.front().funcName + ")";
  return text;
}

std::string actionText(const SpecAction& action) {
  std::string text = action.kind == SpecAction::Kind::Invoke ? "invoke " : "get ";
  if (action.moduleName) text += *action.moduleName + ' ';
  text += inQuotes(action.field);
  return text;
}

}  // namespace

std::optional<std::string> simdUnsupportedReason(const Error& error) {
  if (error.kind != ErrorKind::Unsupported) return std::nullopt;
  const std::string message = firstLine(error.message);
  for (const char* marker : {arch::kSimdOperatorNotCompiled, arch::kSimdUnavailableMessage}) {
    const size_t at = message.find(marker);
    if (at != std::string::npos) return message.substr(at);
  }
  return std::nullopt;
}

std::string moduleFileOf(const SpecCommandBody& body) {
  if (const auto* module = std::get_if<ModuleCommand>(&body)) return module->filename;
  if (const auto* assertion = std::get_if<AssertModuleCommand>(&body)) return assertion->filename;
  return {};
}

CommandRunner::CommandRunner(const Engine& engine, std::filesystem::path moduleDir,
                             RunnerOptions options)
    : engine_(engine),
      moduleDir_(std::move(moduleDir)),
      options_(std::move(options)),
      store_(engine) {
  currentFailure_ = "no module has been defined yet";
  if (options_.validateOnlyReason) return;  // nothing will be instantiated or linked
  Result<void> defined = defineSpectest(linker_, store_);
  if (!defined) spectestError_ = "cannot define spectest: " + errorText(defined.error());
}

CommandRunner::~CommandRunner() = default;

CommandResult CommandRunner::run(const SpecCommand& command) {
  if (options_.validateOnlyReason) return runValidateOnly(command);
  struct Dispatch {
    CommandRunner& runner;
    CommandResult operator()(const ModuleCommand& c) { return runner.runModule(c); }
    CommandResult operator()(const AssertModuleCommand& c) { return runner.runAssertModule(c); }
    CommandResult operator()(const RegisterCommand& c) { return runner.runRegister(c); }
    CommandResult operator()(const ActionCommand& c) { return runner.runAction(c); }
    CommandResult operator()(const AssertReturnCommand& c) { return runner.runAssertReturn(c); }
    CommandResult operator()(const AssertTrapCommand& c) { return runner.runAssertTrap(c); }
    CommandResult operator()(const UnreadableCommand& c) { return runner.runUnreadable(c); }
  };
  return std::visit(Dispatch{*this}, command.body);
}

ParseResult<std::vector<uint8_t>> CommandRunner::readModuleFile(const std::string& filename) const {
  std::ifstream in(moduleDir_ / filename, std::ios::binary);
  if (!in) {
    return ParseResult<std::vector<uint8_t>>::failure("cannot read " +
                                                      (moduleDir_ / filename).string());
  }
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

ParseResult<Module> CommandRunner::compileModuleFile(const std::string& filename) const {
  auto bytes = readModuleFile(filename);
  if (!bytes) return ParseResult<Module>::failure(bytes.error());
  Result<Module> module = Module::compile(engine_, *bytes);
  if (!module) return ParseResult<Module>::failure("compile failed: " + errorText(module.error()));
  return std::move(module).value();
}

ParseResult<Instance> CommandRunner::findInstance(const std::optional<std::string>& name) const {
  if (!name) {
    if (currentInstance_) return *currentInstance_;
    return ParseResult<Instance>::failure("no current instance (" + currentFailure_ + ")");
  }
  auto it = namedInstances_.find(*name);
  if (it == namedInstances_.end()) {
    return ParseResult<Instance>::failure("no module named " + *name);
  }
  if (!it->second) {
    return ParseResult<Instance>::failure("module " + *name + " failed to instantiate earlier");
  }
  return *it->second;
}

CommandRunner::ActionOutcome CommandRunner::perform(const SpecAction& action) {
  ActionOutcome outcome;
  ParseResult<Instance> instance = findInstance(action.moduleName);
  if (!instance) {
    outcome.harnessProblem = instance.error();
    return outcome;
  }
  if (action.kind == SpecAction::Kind::Get) {
    std::optional<GlobalVar> global = instance->getGlobal(action.field);
    if (!global) {
      outcome.harnessProblem = "no exported global " + inQuotes(action.field);
      return outcome;
    }
    outcome.results.push_back(global->get());
    return outcome;
  }

  std::optional<Func> func = instance->getFunc(action.field);
  if (!func) {
    outcome.harnessProblem = "no exported function " + inQuotes(action.field);
    return outcome;
  }
  std::vector<Value> args;
  args.reserve(action.args.size());
  for (const SpecValue& arg : action.args) {
    ParseResult<Value> value = toApiValue(arg, hostRefs_);
    if (!value) {
      outcome.harnessProblem = "argument " + std::to_string(args.size()) + ": " + value.error();
      return outcome;
    }
    args.push_back(*value);
  }
  Result<std::vector<Value>> results = func->call(store_, args);
  if (!results) {
    outcome.error = results.error();
    if (results.error().kind == ErrorKind::Trap && store_.lastTrap()) {
      outcome.trap = *store_.lastTrap();
    }
    return outcome;
  }
  outcome.results = std::move(results).value();
  return outcome;
}

CommandResult CommandRunner::runModule(const ModuleCommand& command) {
  currentInstance_.reset();
  if (command.name) namedInstances_.insert_or_assign(*command.name, std::nullopt);
  currentFailure_ = "module " + command.filename + " failed";
  if (!spectestError_.empty()) return CommandResult::failed(spectestError_);

  currentSimdSkip_.clear();
  if (command.name) namedSimdSkips_.erase(*command.name);
  auto bytes = readModuleFile(command.filename);
  if (!bytes) return CommandResult::failed(bytes.error());
  // Code may be generated when the module compiles or when it is instantiated (lazily):
  // either can refuse it as SIMD Unsupported.
  auto skipForSimd = [&](const Error& error) -> std::optional<CommandResult> {
    std::optional<std::string> reason = simdUnsupportedReason(error);
    if (!reason) return std::nullopt;
    currentSimdSkip_ = *reason;
    if (command.name) namedSimdSkips_.insert_or_assign(*command.name, *reason);
    return CommandResult::skippedForSimd(*reason);
  };
  Result<Module> module = Module::compile(engine_, *bytes);
  if (!module) {
    if (std::optional<CommandResult> skip = skipForSimd(module.error())) return *skip;
    return CommandResult::failed("compile failed: " + errorText(module.error()));
  }
  Result<Instance> instance = linker_.instantiate(store_, *module);
  if (!instance) {
    if (std::optional<CommandResult> skip = skipForSimd(instance.error())) return *skip;
    std::string detail = "instantiation failed: " + errorText(instance.error());
    if (instance.error().kind == ErrorKind::Trap && store_.lastTrap()) {
      detail += " [trap: " + trapText(*store_.lastTrap()) + "]";
    }
    return CommandResult::failed(std::move(detail));
  }
  if (command.name) namedInstances_.insert_or_assign(*command.name, *instance);
  currentInstance_ = *instance;
  return CommandResult::passed();
}

CommandResult CommandRunner::runAssertModule(const AssertModuleCommand& command) {
  using Expectation = AssertModuleCommand::Expectation;
  if (command.format == ModuleFormat::Text) return CommandResult::skipped(kTextFormat);
  auto bytes = readModuleFile(command.filename);
  if (!bytes) return CommandResult::failed(bytes.error());
  Result<Module> module = Module::compile(engine_, *bytes);
  if (!module) {
    // Refused before it was fully checked: nothing can be said about the assertion.
    if (std::optional<std::string> reason = simdUnsupportedReason(module.error())) {
      return CommandResult::skippedForSimd(*reason);
    }
  }

  if (command.expectation == Expectation::Unlinkable ||
      command.expectation == Expectation::Uninstantiable) {
    // The module itself must be valid; it is linking or instantiating it that must fail.
    if (!module) {
      return CommandResult::failed("compile failed (the module should be valid): " +
                                   errorText(module.error()));
    }
    if (!spectestError_.empty()) return CommandResult::failed(spectestError_);
    Result<Instance> instance = linker_.instantiate(store_, *module);
    if (!instance) {
      if (std::optional<std::string> reason = simdUnsupportedReason(instance.error())) {
        return CommandResult::skippedForSimd(*reason);
      }
    }
    const bool unlinkable = command.expectation == Expectation::Unlinkable;
    const char* wantedText = unlinkable ? "fail to link" : "trap while instantiating";
    if (instance) {
      return CommandResult::failed("instantiated, but should " + std::string(wantedText) + " (" +
                                   inQuotes(command.text) + ")");
    }
    const Error& error = instance.error();
    const ErrorKind wanted = unlinkable ? ErrorKind::Unlinkable : ErrorKind::Trap;
    if (error.kind != wanted) {
      return CommandResult::failed("should " + std::string(wantedText) + " (" +
                                   inQuotes(command.text) + "), but failed with " +
                                   errorText(error));
    }
    std::string actual = firstLine(error.message);
    std::string detail = "expected " + inQuotes(command.text) + ", got " + inQuotes(actual);
    if (!unlinkable && !trapMessageAgrees(command.text, actual)) {
      detail = "trap message differs: " + detail;
    }
    return CommandResult::passed(std::move(detail));
  }

  const ErrorKind wanted = expectedErrorKind(command.expectation);
  if (module) {
    return CommandResult::failed(std::string("compiled, but should be ") +
                                 (wanted == ErrorKind::Malformed ? "malformed" : "invalid") + " (" +
                                 inQuotes(command.text) + ")");
  }
  const Error& error = module.error();
  std::string detail = "expected " + inQuotes(command.text) + ", got " + errorText(error);
  if (error.kind == wanted) return CommandResult::passed(std::move(detail));
  if (error.kind != ErrorKind::Malformed && error.kind != ErrorKind::Invalid) {
    // Unsupported (or a limit) stops compilation before the module was fully checked, so it
    // says nothing about whether the module is malformed or invalid.
    return CommandResult::failed("rejected for another reason: " + detail);
  }
  CommandResult result = options_.strictErrorKinds
                             ? CommandResult::failed("wrong error kind: " + detail)
                             : CommandResult::passed("wrong error kind: " + detail);
  result.wrongErrorKind = true;
  return result;
}

std::optional<std::string> CommandRunner::simdSkipOf(const std::optional<std::string>& name) const {
  if (!name) {
    if (currentSimdSkip_.empty()) return std::nullopt;
    return currentSimdSkip_;
  }
  auto it = namedSimdSkips_.find(*name);
  if (it == namedSimdSkips_.end()) return std::nullopt;
  return it->second;
}

CommandResult CommandRunner::runRegister(const RegisterCommand& command) {
  if (std::optional<std::string> reason = simdSkipOf(command.moduleName)) {
    return CommandResult::skippedForSimd(*reason);
  }
  ParseResult<Instance> instance = findInstance(command.moduleName);
  if (!instance)
    return CommandResult::failed("cannot register " + inQuotes(command.as) + ": " +
                                 instance.error());
  linker_.defineInstance(command.as, *instance);
  return CommandResult::passed();
}

CommandResult CommandRunner::runAction(const ActionCommand& command) {
  if (std::optional<std::string> reason = simdSkipOf(command.action.moduleName)) {
    return CommandResult::skippedForSimd(*reason);
  }
  ActionOutcome outcome = perform(command.action);
  const std::string what = actionText(command.action);
  if (!outcome.harnessProblem.empty()) {
    return CommandResult::failed(what + ": " + outcome.harnessProblem);
  }
  if (outcome.error) {
    if (outcome.trap) return CommandResult::failed(what + ": trapped: " + trapText(*outcome.trap));
    return CommandResult::failed(what + ": failed: " + errorText(*outcome.error));
  }
  return CommandResult::passed();
}

CommandResult CommandRunner::runAssertReturn(const AssertReturnCommand& command) {
  if (std::optional<std::string> reason = simdSkipOf(command.action.moduleName)) {
    return CommandResult::skippedForSimd(*reason);
  }
  ActionOutcome outcome = perform(command.action);
  const std::string what = actionText(command.action);
  if (!outcome.harnessProblem.empty()) {
    return CommandResult::failed(what + ": " + outcome.harnessProblem);
  }
  if (outcome.error) {
    std::string got = outcome.trap ? "trapped: " + trapText(*outcome.trap)
                                   : "failed: " + errorText(*outcome.error);
    return CommandResult::failed(what + ": expected " + describeValues(command.expected) + ", " +
                                 got);
  }
  std::string mismatch = compareResults(command.expected, outcome.results, hostRefs_);
  if (!mismatch.empty()) return CommandResult::failed(what + ": " + mismatch);
  return CommandResult::passed();
}

CommandResult CommandRunner::runAssertTrap(const AssertTrapCommand& command) {
  if (std::optional<std::string> reason = simdSkipOf(command.action.moduleName)) {
    return CommandResult::skippedForSimd(*reason);
  }
  const bool exhaustion = command.expectation == AssertTrapCommand::Expectation::Exhaustion;
  ActionOutcome outcome = perform(command.action);
  const std::string what = actionText(command.action);
  if (!outcome.harnessProblem.empty()) {
    return CommandResult::failed(what + ": " + outcome.harnessProblem);
  }
  const std::string expected = "expected trap " + inQuotes(command.text);
  if (!outcome.error) {
    return CommandResult::failed(what + ": " + expected + ", returned " +
                                 describeValues(outcome.results, hostRefs_));
  }
  if (!outcome.trap) {
    return CommandResult::failed(what + ": " + expected +
                                 ", failed without trapping: " + errorText(*outcome.error));
  }
  const Trap& trap = *outcome.trap;
  std::string detail = expected + ", got " + inQuotes(trapText(trap));
  if (exhaustion && trap.kind != TrapKind::CallStackExhausted) {
    return CommandResult::failed(what + ": " + detail);
  }
  if (!trapMessageAgrees(command.text, trap.message)) detail = "trap message differs: " + detail;
  return CommandResult::passed(std::move(detail));
}

CommandResult CommandRunner::runValidateOnly(const SpecCommand& command) {
  const std::string reason = options_.validateOnlyReason.value_or("validate only");
  struct Dispatch {
    CommandRunner& runner;
    const std::string& reason;
    CommandResult operator()(const ModuleCommand& c) {
      // Decoded and validated is all that is asked; a module the JIT cannot run yet still
      // compiles, with notRunnableReason() saying why.
      ParseResult<Module> module = runner.compileModuleFile(c.filename);
      if (!module) return CommandResult::failed(module.error());
      if (const Error* notRunnable = module->notRunnableReason()) {
        return CommandResult::passed("validated; not runnable here: " + errorText(*notRunnable));
      }
      return CommandResult::passed("validated; not instantiated (" + reason + ")");
    }
    CommandResult operator()(const AssertModuleCommand& c) {
      using Expectation = AssertModuleCommand::Expectation;
      if (c.expectation == Expectation::Malformed || c.expectation == Expectation::Invalid) {
        return runner.runAssertModule(c);  // never instantiates
      }
      // The module must be valid; whether linking or instantiating it fails is not checked.
      if (c.format == ModuleFormat::Text) return CommandResult::skipped(kTextFormat);
      ParseResult<Module> module = runner.compileModuleFile(c.filename);
      if (!module) {
        return CommandResult::failed("the module should be valid, but: " + module.error());
      }
      return CommandResult::skipped("module validated, not instantiated (" + reason + ")");
    }
    CommandResult operator()(const RegisterCommand&) { return CommandResult::skipped(reason); }
    CommandResult operator()(const ActionCommand&) { return CommandResult::skipped(reason); }
    CommandResult operator()(const AssertReturnCommand&) { return CommandResult::skipped(reason); }
    CommandResult operator()(const AssertTrapCommand&) { return CommandResult::skipped(reason); }
    CommandResult operator()(const UnreadableCommand& c) { return runner.runUnreadable(c); }
  };
  return std::visit(Dispatch{*this, reason}, command.body);
}

CommandResult CommandRunner::runUnreadable(const UnreadableCommand& command) {
  return CommandResult::failed("harness cannot read this command: " + command.error);
}

}  // namespace sable::spec
