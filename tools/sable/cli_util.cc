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

std::string importTypeString(const ImportType& import) { return import.type.toString(); }

}  // namespace sable::cli
