#include "wasi_options.h"

#include <cstdlib>

namespace sable::cli {

std::optional<WasiPreopen> parsePreopen(const std::string& spec) {
  const size_t separator = spec.find("::");
  std::string host = spec.substr(0, separator);
  std::string guest = separator == std::string::npos ? spec : spec.substr(separator + 2);
  if (host.empty() || guest.empty()) return std::nullopt;
  return WasiPreopen{std::move(host), std::move(guest)};
}

void WasiOptions::addTo(CommandLine& line) {
  line.addList("--dir", dirs);
  line.addList("--env", env);
  line.addValue("--argv0", argv0);
  line.addValue("--cwd", cwd);
}

std::variant<WasiConfig, std::string> WasiOptions::config(
    const std::string& modulePath, const std::vector<std::string>& args) const {
  WasiConfig config;
  for (const std::string& dir : dirs) {
    std::optional<WasiPreopen> preopen = parsePreopen(dir);
    if (!preopen) return std::string("--dir takes HOST[::GUEST]");
    config.preopens.push_back(std::move(*preopen));
  }
  for (const std::string& variable : env) {
    const size_t equals = variable.find('=');
    if (variable.empty() || equals == 0) return std::string("--env takes NAME=VALUE or NAME");
    if (equals != std::string::npos) {
      config.env.push_back(variable);
    } else if (const char* hostValue = std::getenv(variable.c_str())) {
      config.env.push_back(variable + "=" + hostValue);
    }
  }
  // A guest path, given to the guest as text: it opens nothing, so it needs no check beyond
  // being a path at all (a preopen still decides what the guest reaches).
  if (!cwd.empty()) config.initialCwd = cwd;
  config.args.push_back(argv0.empty() ? modulePath : argv0);
  config.args.insert(config.args.end(), args.begin(), args.end());
  return config;
}

}  // namespace sable::cli
