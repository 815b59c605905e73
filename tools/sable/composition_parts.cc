// Loading, composing and writing components (composition_parts.h).
#include "composition_parts.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include "cli_util.h"
#include "component_plugging.h"  // instanceName
#include "module_source.h"
#include "sable/component.h"

namespace sable::cli {

std::optional<cm::CompositionPart> loadPart(const Engine& engine, const std::string& path,
                                            std::string name) {
  LoadedModule loaded = loadModule(path);
  if (!loaded.binary) {
    reportError(path, loaded.error.message);
    return std::nullopt;
  }
  if (!cm::isComponentBinary(*loaded.binary)) {
    reportError(path, "not a component (a core module)");
    return std::nullopt;
  }
  Result<cm::Component> component = cm::Component::compile(engine, *loaded.binary);
  if (!component) {
    reportError(path, component.error().toString());
    return std::nullopt;
  }
  return cm::CompositionPart{std::move(name), std::move(*component), std::move(*loaded.binary)};
}

std::string uniquePartName(const std::string& path, std::vector<std::string>& taken) {
  std::string base = instanceName(path);
  std::string name = base;
  for (int n = 2; std::find(taken.begin(), taken.end(), name) != taken.end(); ++n)
    name = base + "-" + std::to_string(n);
  taken.push_back(name);
  return name;
}

std::string compositionName(const std::string& out) { return instanceName(out); }

int writeComposition(const Engine& engine, const cm::CompositionPlan& plan,
                     const std::string& out) {
  Result<std::vector<uint8_t>> bytes = cm::encodeComposition(plan);
  if (!bytes) {
    reportError(out, bytes.error().toString());
    return kExitFailure;
  }
  // What we write must be a valid component: a composition our own validator refuses is a bug
  // here or a type mismatch between the parts that only validation sees (a version too new).
  if (Result<cm::Component> check = cm::Component::compile(engine, *bytes); !check) {
    reportError(out, "the composed component is invalid: " + check.error().toString());
    return kExitFailure;
  }
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  file.write(reinterpret_cast<const char*>(bytes->data()),
             static_cast<std::streamsize>(bytes->size()));
  file.close();
  if (!file) {
    reportError(out, std::string("cannot write: ") + std::strerror(errno));
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace sable::cli
