#include "cli_util.h"

#include <iostream>

namespace sable::cli {

std::unique_ptr<Engine> makeEngine(bool compile) {
  EngineConfig config;
  config.generateCode = compile;
  return std::make_unique<Engine>(config);
}

void reportError(std::string_view subject, std::string_view message) {
  std::cerr << "sable: " << subject << ": " << message << '\n';
}

int usageError(const Command& command, std::string_view message) {
  std::cerr << "sable: error: " << message << " (see 'sable " << command.name << " --help')\n";
  return kExitUsage;
}

int usageError(std::string_view message) {
  std::cerr << "sable: error: " << message << " (see 'sable --help')\n";
  return kExitUsage;
}

std::string limitsString(const Limits& limits) {
  std::string out = "{min " + std::to_string(limits.min);
  if (limits.hasMax) out += ", max " + std::to_string(limits.max);
  out += '}';
  return out;
}

std::string importTypeString(const ModuleInfo& info, const Import& import) {
  std::string out = externKindName(import.kind);
  switch (import.kind) {
    case ExternKind::Func:
      // The validator guarantees the index; stay robust anyway, this is a diagnostic tool.
      if (import.funcTypeIndex < info.types.size()) {
        out += ' ' + info.types[import.funcTypeIndex].toString();
      } else {
        out += " <type " + std::to_string(import.funcTypeIndex) + " out of range>";
      }
      break;
    case ExternKind::Table:
      out += std::string(" ") + valTypeName(import.table.elemType) + ' ' +
             limitsString(import.table.limits);
      break;
    case ExternKind::Memory:
      out += ' ' + limitsString(import.memory.limits);
      break;
    case ExternKind::Global:
      if (import.global.isMutable) out += " mut";
      out += std::string(" ") + valTypeName(import.global.type);
      break;
  }
  return out;
}

}  // namespace sable::cli
