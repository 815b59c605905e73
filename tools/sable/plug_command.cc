// `sable plug SOCKET.wasm --plug P.wasm... -o OUT.wasm`: compose components into one file.
#include <string>
#include <vector>

#include "cli_util.h"
#include "command.h"
#include "command_line.h"
#include "composition_parts.h"
#include "sable/component_compose.h"

namespace sable::cli {
namespace {

constexpr std::string_view kHelp =
    R"(usage: sable plug SOCKET --plug PLUG [--plug PLUG]... -o OUT

Writes one component binary, OUT, in which the plugs satisfy the socket's imports: each
instance import of SOCKET comes from the first PLUG that exports that interface (any version),
and each plug's from the plugs after it, as `sable run --plug` links them at run time. So
  sable plug app.wasm --plug logger.wasm --plug store.wasm -o service.wasm
composes app <- logger <- store. Every input is embedded byte for byte as a nested component;
the imports no plug satisfies are declared by OUT with their types (the same import of two
parts becomes one, which is an error when their types differ); OUT exports what SOCKET exports.
The parts are named after their files in OUT's component-name section, so `sable inspect`,
`--trace-calls` and trap messages show paths such as service/logger. OUT is a standard
component: other Component Model runtimes (jco, wasmtime) run it too.

options:
  --plug PLUG         a component satisfying imports (repeatable, in order)
  -o, --output OUT    the file to write
  -h, --help          show this help

Use `sable compose` for shapes `plug` cannot say, such as one provider shared by two consumers.

exit status: 0 when OUT was written, 1 when an input cannot be read, is not a valid component,
a plug satisfies no import, or two parts import one name with different types, 2 for a bad
command line.
)";

int run(Args args) {
  std::string socketPath, out;
  std::vector<std::string> plugPaths;
  CommandLine line(plugCommand(), OptionPlacement::Anywhere);
  line.addList("--plug", plugPaths);
  line.addValue("-o,--output", out);
  line.addPositional("SOCKET", socketPath);
  if (std::optional<int> status = line.parse(args)) return *status;
  if (socketPath.empty()) return usageError(plugCommand(), "no socket component");
  if (plugPaths.empty()) return usageError(plugCommand(), "no --plug");
  if (out.empty()) return usageError(plugCommand(), "no output file (-o OUT)");

  const std::unique_ptr<Engine> engine = makeEngine(false);
  std::vector<std::string> names;
  std::optional<cm::CompositionPart> socket =
      loadPart(*engine, socketPath, uniquePartName(socketPath, names));
  if (!socket) return kExitFailure;
  std::vector<cm::CompositionPart> plugs;
  for (const std::string& path : plugPaths) {
    std::optional<cm::CompositionPart> plug = loadPart(*engine, path, uniquePartName(path, names));
    if (!plug) return kExitFailure;
    plugs.push_back(std::move(*plug));
  }
  Result<cm::CompositionPlan> plan =
      cm::planPlug(compositionName(out), std::move(*socket), std::move(plugs));
  if (!plan) {
    reportError(socketPath, plan.error().message);
    return kExitFailure;
  }
  return writeComposition(*engine, *plan, out);
}

}  // namespace

const Command& plugCommand() {
  static const Command command{
      "plug",
      "compose components into one: plugs satisfy the socket's imports",
      kHelp,
      run,
  };
  return command;
}

}  // namespace sable::cli
