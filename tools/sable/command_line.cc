#include "command_line.h"

#include <algorithm>
#include <iostream>

#include "cli_util.h"

namespace sable::cli {
namespace {

// CLI11's message for arguments nobody took ("The following argument was not expected: ...")
// in the words of the rest of sable's errors.
std::string unexpectedArgumentMessage(const std::vector<std::string>& unexpected) {
  if (unexpected.empty()) return "unexpected argument";
  const std::string& first = unexpected.front();
  if (first.size() > 1 && first[0] == '-') return "unknown option '" + escapeText(first) + "'";
  return "unexpected argument '" + escapeText(first) + "'";
}

// CLI11's messages for an option without its value ("--env: 1 required TEXT missing") and a
// flag given one ("json was given a disallowed flag override"), in sable's words.
std::string argumentMismatchMessage(const std::string& message) {
  if (const size_t end = message.find(" was given a disallowed flag override");
      end != std::string::npos) {
    return "--" + message.substr(0, end) + " takes no value";
  }
  if (const size_t colon = message.find(':');
      colon != std::string::npos && message.find(" missing") != std::string::npos) {
    return message.substr(0, colon) + " needs a value";
  }
  return message;
}

}  // namespace

CommandLine::CommandLine(const Command& command, OptionPlacement placement)
    : command_(command), app_(std::string(command.summary), "sable " + std::string(command.name)) {
  app_.set_help_flag();  // the hand-written help (Command::help) instead of CLI11's
  app_.add_flag("-h,--help", help_);
  app_.positionals_at_end(placement == OptionPlacement::BeforePositionals);
}

void CommandLine::addValue(const std::string& name, std::string& value) {
  app_.add_option(name, value)->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
}

void CommandLine::addList(const std::string& name, std::vector<std::string>& values) {
  // Without this, `--env A=1 app.wasm` would take app.wasm as a second value.
  app_.add_option(name, values)->allow_extra_args(false);
}

void CommandLine::addFlag(const std::string& name, bool& value) {
  app_.add_flag(name, value)->disable_flag_override();
}

void CommandLine::addPositional(const std::string& name, std::string& value) {
  app_.add_option(name, value);
}

void CommandLine::addPositionalList(const std::string& name, std::vector<std::string>& values) {
  app_.add_option(name, values);
}

bool CommandLine::given(const std::string& name) const { return app_.count(name) > 0; }

std::optional<int> CommandLine::parse(Args args) {
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 pops from the back
  try {
    app_.parse(reversed);
  } catch (const CLI::ExtrasError&) {
    return usageError(command_, unexpectedArgumentMessage(app_.remaining()));
  } catch (const CLI::ArgumentMismatch& error) {
    return usageError(command_, escapeText(argumentMismatchMessage(error.what())));
  } catch (const CLI::ParseError& error) {
    return usageError(command_, escapeText(error.what()));
  }
  if (help_) {
    std::cout << command_.help;
    return kExitOk;
  }
  return std::nullopt;
}

}  // namespace sable::cli
