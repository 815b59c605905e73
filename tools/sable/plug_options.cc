// --plug and --grant (plug_options.h).
#include "plug_options.h"

#include <filesystem>

#include "wasi_options.h"

namespace sable::cli {
namespace {

constexpr const char* kGrantSyntax =
    "--grant takes PLUG=CAPABILITY: stdin, stdout, stderr, kv, env:NAME or dir:HOST[::GUEST]";

// Adds `capability` to `grants`; false when it is not one.
bool addCapability(const std::string& capability, PlugGrants& grants) {
  if (capability == "stdin") return grants.stdinput = true;
  if (capability == "stdout") return grants.stdoutput = true;
  if (capability == "stderr") return grants.stderror = true;
  if (capability == "kv") return grants.kv = true;
  if (capability.starts_with("env:") && capability.size() > 4) {
    grants.env.push_back(capability.substr(4));
    return true;
  }
  if (capability.starts_with("dir:")) {
    std::optional<WasiPreopen> preopen = parsePreopen(capability.substr(4));
    if (!preopen) return false;
    grants.dirs.push_back(std::move(*preopen));
    return true;
  }
  return false;
}

// Whether --grant's `name` names the plug at `path`: the path as given or its file name.
bool namesPlug(const std::string& name, const std::string& path) {
  return name == path || name == std::filesystem::path(path).filename().string();
}

}  // namespace

void PlugOptions::addTo(CommandLine& line) {
  line.addList("--plug", plugs);
  line.addList("--grant", grants);
}

std::variant<std::vector<PlugSpec>, std::string> PlugOptions::specs() const {
  std::vector<PlugSpec> out;
  for (const std::string& path : plugs) {
    if (path.empty()) return std::string("--plug takes a component file");
    out.push_back(PlugSpec{path, {}});
  }
  for (const std::string& grant : grants) {
    size_t equals = grant.find('=');
    if (equals == std::string::npos || equals == 0) return std::string(kGrantSyntax);
    std::string name = grant.substr(0, equals);
    PlugSpec* target = nullptr;
    for (PlugSpec& spec : out) {
      if (!namesPlug(name, spec.path)) continue;
      if (target) return "--grant " + name + ": names more than one --plug (give its path)";
      target = &spec;
    }
    if (!target) return "--grant " + name + ": names no --plug";
    if (!addCapability(grant.substr(equals + 1), target->grants)) return std::string(kGrantSyntax);
  }
  return out;
}

}  // namespace sable::cli
