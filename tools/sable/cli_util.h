// Helpers the subcommands share: reporting errors, describing module contents. Reading module
// files is module_reader.h.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "command.h"
#include "sable/engine.h"
#include "sable/module.h"
#include "sable/printable.h"  // printableName, escapeText: every module-controlled string
#include "sable/types.h"

namespace sable::cli {

// An engine that decodes and validates modules but does not compile them, so that a valid module
// the JIT cannot compile yet is still reported valid. With `compile`, the default engine: it also
// compiles every function (and falls back to validation alone when there is no JIT back end).
std::unique_ptr<Engine> makeEngine(bool compile);

// Prints `sable: SUBJECT: MESSAGE` to stderr: the one-line form of every error.
void reportError(std::string_view subject, std::string_view message);

// Prints the one line of a usage error, `sable: error: MESSAGE (see 'sable COMMAND --help')`,
// to stderr; returns kExitUsage.
int usageError(const Command& command, std::string_view message);

// The same for a command line that names no command: the hint is `sable --help`.
int usageError(std::string_view message);

// "{min 1, max 2}" or "{min 10}".
std::string limitsString(const Limits& limits);

// The type of an import: "func (i32 i32) -> (i32)", "memory {min 1, max 2}",
// "table funcref {min 10}", "global mut i32".
std::string importTypeString(const ImportType& import);

}  // namespace sable::cli
