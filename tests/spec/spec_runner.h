// Running the commands of one converted spec script against Sable.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parse_result.h"
#include "results.h"
#include "sable/instance.h"
#include "sable/linker.h"
#include "sable/module.h"
#include "sable/store.h"
#include "sable/value.h"
#include "spec_execution.h"
#include "wast_json.h"

namespace sable::spec {

// Knobs that change how strictly results are judged.
struct RunnerOptions {
  // Treat a module rejected with the wrong error kind (invalid instead of malformed, or the
  // reverse) as a failure instead of a pass.
  bool strictErrorKinds = false;
  // Set for a validate-only file (--validate-only-prefix), with the reason execution commands
  // are skipped ("SIMD not compiled yet"). Nothing is instantiated: `module` passes when the
  // module compiles (decodes and validates; it need not be runnable), assert_malformed and
  // assert_invalid are judged as usual, assert_unlinkable and assert_uninstantiable fail when
  // the module does not compile and are skipped otherwise, and register, action, assert_return,
  // assert_trap and assert_exhaustion are skipped.
  std::optional<std::string> validateOnlyReason;
};

// Executes one script's commands in order, holding the state later commands refer to: one
// Store for the whole script, a Linker holding `spectest` and every registered instance, the
// current instance and the instances the script named. One method per command type. Used by
// one thread at a time (the Store is single-threaded); a trap leaves it usable.
class CommandRunner {
 public:
  CommandRunner(const Engine& engine, std::filesystem::path moduleDir, RunnerOptions options);
  ~CommandRunner();
  CommandRunner(const CommandRunner&) = delete;
  CommandRunner& operator=(const CommandRunner&) = delete;

  CommandResult run(const SpecCommand& command);

  CommandResult runModule(const ModuleCommand& command);
  CommandResult runAssertModule(const AssertModuleCommand& command);
  CommandResult runRegister(const RegisterCommand& command);
  CommandResult runAction(const ActionCommand& command);
  CommandResult runAssertReturn(const AssertReturnCommand& command);
  CommandResult runAssertTrap(const AssertTrapCommand& command);
  CommandResult runUnreadable(const UnreadableCommand& command);
  // The validate-only judgement of any command (see RunnerOptions::validateOnlyReason).
  CommandResult runValidateOnly(const SpecCommand& command);

 private:
  // What an action produced: its results, or the error that ended it (a trap, a missing
  // export, an argument the harness could not pass).
  struct ActionOutcome {
    std::vector<Value> results;
    std::optional<Error> error;  // set when the action did not complete
    std::optional<Trap> trap;    // the store's record of the trap, when it trapped
    std::string harnessProblem;  // set when the harness could not even run the action
  };

  // Reads `filename` (relative to the script's directory) and compiles it.
  ParseResult<std::vector<uint8_t>> readModuleFile(const std::string& filename) const;
  // Reads and compiles a module file; the error names what failed.
  ParseResult<Module> compileModuleFile(const std::string& filename) const;
  // The instance an action or register names ("$M"), or the current one.
  ParseResult<Instance> findInstance(const std::optional<std::string>& name) const;
  ActionOutcome perform(const SpecAction& action);
  // When the module an action or register names (or the current one) was refused as SIMD
  // Unsupported: the reason, for the command to be skipped with (CommandResult::skippedForSimd).
  std::optional<std::string> simdSkipOf(const std::optional<std::string>& name) const;

  const Engine& engine_;
  std::filesystem::path moduleDir_;
  RunnerOptions options_;
  Store store_;
  Linker linker_;
  std::string spectestError_;  // non-empty if `spectest` could not be defined
  HostRefTable hostRefs_;
  // The instance actions without a module name refer to; empty after a module failed.
  std::optional<Instance> currentInstance_;
  std::string currentFailure_;  // why there is no current instance
  std::map<std::string, std::optional<Instance>, std::less<>> namedInstances_;
  // Modules refused as SIMD Unsupported: the current one (empty if it was not) and named ones.
  std::string currentSimdSkip_;
  std::map<std::string, std::string, std::less<>> namedSimdSkips_;
};

// The reason to count a module refused with `error` as skipped for SIMD: the Unsupported
// message of a SIMD operator the JIT does not compile yet, or of an ISA configuration without
// SIMD. Nothing for any other error.
std::optional<std::string> simdUnsupportedReason(const Error& error);

// The module file a command names, for reports ("" for commands without one).
std::string moduleFileOf(const SpecCommandBody& body);

}  // namespace sable::spec
