// `sable run`'s options for plugging components together at run time: --plug P.wasm
// (repeatable, in order: the main component's imports come from the first plug that exports
// them, a plug's from the plugs after it, then the host) and --grant PLUG=CAPABILITY, what the
// host gives one plug beyond clocks and random.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "command_line.h"
#include "sable/wasi.h"

namespace sable::cli {

// What the host gives one plug (all off unless granted).
struct PlugGrants {
  bool stdinput = false;          // stdin: the host's stdin
  bool stdoutput = false;         // stdout: the host's stdout
  bool stderror = false;          // stderr: the host's stderr
  bool kv = false;                // kv: the --kv store's interfaces
  std::vector<std::string> env;   // env:NAME: the host's NAME, when set
  std::vector<WasiPreopen> dirs;  // dir:HOST::GUEST (or dir:PATH for both)

  // Whether any stdio stream is granted.
  bool anyStdio() const { return stdinput || stdoutput || stderror; }
};

// One --plug with the grants that name it.
struct PlugSpec {
  std::string path;
  PlugGrants grants;
};

// The plugging options as given, before they are checked.
struct PlugOptions {
  std::vector<std::string> plugs;   // --plug P.wasm, repeatable, in order
  std::vector<std::string> grants;  // --grant PLUG=CAPABILITY, repeatable

  // Adds the options to `line`.
  void addTo(CommandLine& line);

  // The plugs with their grants, or the usage error's message. A grant's PLUG is a --plug
  // value as given or its file name; naming no plug, or two, is an error.
  std::variant<std::vector<PlugSpec>, std::string> specs() const;
};

}  // namespace sable::cli
