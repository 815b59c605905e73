#include "wasi_options.h"

#include <cstdlib>

namespace sable::cli {

void WasiOptions::addTo(CommandLine& line) {
  line.addList("--dir", dirs);
  line.addList("--env", env);
  line.addValue("--argv0", argv0);
}

std::variant<WasiConfig, std::string> WasiOptions::config(
    const std::string& modulePath, const std::vector<std::string>& args) const {
  WasiConfig config;
  for (const std::string& dir : dirs) {
    const size_t separator = dir.find("::");
    std::string host = dir.substr(0, separator);
    std::string guest = separator == std::string::npos ? dir : dir.substr(separator + 2);
    if (host.empty() || guest.empty()) return std::string("--dir takes HOST[::GUEST]");
    config.preopens.push_back(WasiPreopen{std::move(host), std::move(guest)});
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
  config.args.push_back(argv0.empty() ? modulePath : argv0);
  config.args.insert(config.args.end(), args.begin(), args.end());
  return config;
}

}  // namespace sable::cli
