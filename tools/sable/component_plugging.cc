// `sable run --plug` (component_plugging.h).
#include "component_plugging.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "module_reader.h"
#include "sable/component_compose.h"
#include "sable/kv.h"
#include "sable/kv_example.h"

namespace sable::cli {
namespace {

// An interface name without its version: "wasi:cli/stderr".
std::string_view unversioned(std::string_view name) { return name.substr(0, name.find('@')); }

// One instance import fed by a plug's export.
struct Feed {
  std::string import;
  size_t plug = 0;
  std::string exportName;
};

// The instance imports of `consumer` that plugs[first..] export, each from the first of them
// (the --plug rule, cm::plugFeeds).
std::vector<Feed> feedsFor(const cm::Component& consumer, const std::vector<cm::Component>& plugs,
                           size_t first) {
  std::vector<Feed> feeds;
  std::span<const cm::Component> later = std::span<const cm::Component>(plugs).subspan(first);
  for (cm::PlugFeed& f : cm::plugFeeds(consumer, later))
    feeds.push_back(Feed{std::move(f.importName), first + f.provider, std::move(f.exportName)});
  return feeds;
}

bool isFed(const std::vector<Feed>& feeds, const std::string& import) {
  return std::any_of(feeds.begin(), feeds.end(), [&](const Feed& f) { return f.import == import; });
}

bool isKvInterface(std::string_view iface) {
  return iface.starts_with("example:kv/") || iface.starts_with("wasi:keyvalue/");
}

// The grant a plug lacks to import `name` from the host, or "" when it needs none. The stdio
// streams count as one capability: the adapter of a preview 1 program imports all three, so a
// plug granted one gets the others empty (stdin) or discarding (stdout, stderr).
std::string missingGrant(std::string_view name, const PlugGrants& grants) {
  std::string_view iface = unversioned(name);
  if (!grants.anyStdio()) {
    for (const char* stream : {"stdin", "stdout", "stderr"}) {
      if (iface == std::string("wasi:cli/") + stream) return stream;
    }
  }
  if (!grants.kv && isKvInterface(iface)) return "kv";
  return "";
}

// Which missing grant to name first: the stream a middleware writes to most, then the others.
int grantRank(const std::string& grant) {
  if (grant == "stderr") return 0;
  if (grant == "stdout") return 1;
  if (grant == "stdin") return 2;
  return 3;
}

// The one-line Unlinkable error for the host import of `plug` it was not granted, if any.
std::optional<Error> ungrantedImport(const cm::Component& plug, const PlugSpec& spec,
                                     const std::vector<Feed>& feeds) {
  std::optional<std::pair<std::string, std::string>> worst;  // import, grant
  for (const cm::ItemType& import : plug.imports()) {
    if (isFed(feeds, import.name)) continue;
    std::string grant = missingGrant(import.name, spec.grants);
    if (grant.empty() || (worst && grantRank(worst->second) <= grantRank(grant))) continue;
    worst = std::make_pair(import.name, grant);
  }
  if (!worst) return std::nullopt;
  std::string plugName = std::filesystem::path(spec.path).filename().string();
  return Error{ErrorKind::Unlinkable, Error::kNoOffset,
               "import `" + worst->first + "` is not granted to this plug (--grant " + plugName +
                   "=" + worst->second + " grants it)"};
}

// The WASI grants of a plug: its path as argv[0], the granted variables, directories and
// stdio streams.
wasip2::Config plugConfig(const PlugSpec& spec) {
  wasip2::Config config;
  config.args = {spec.path};
  for (const std::string& name : spec.grants.env) {
    if (const char* value = std::getenv(name.c_str())) config.env.push_back(name + "=" + value);
  }
  config.preopens = spec.grants.dirs;
  config.inheritStdio = spec.grants.anyStdio();
  config.stdinGranted = spec.grants.stdinput;
  config.stdoutGranted = spec.grants.stdoutput;
  config.stderrGranted = spec.grants.stderror;
  return config;
}

// Whether `component` imports, from the host, an interface `matches` accepts.
template <typename Pred>
bool importsFromHost(const cm::Component& component, const std::vector<Feed>& feeds, Pred matches) {
  for (const cm::ItemType& import : component.imports()) {
    if (!isFed(feeds, import.name) && matches(unversioned(import.name))) return true;
  }
  return false;
}

// Instantiates the plugs of one run, the last first.
class Plugger {
 public:
  Plugger(Store& store, const std::vector<PlugSpec>& specs, const PlugHost& host)
      : store_(store), specs_(specs), host_(host) {}

  // Reads and compiles every plug for `engine` (the main component's).
  std::optional<PlugFailure> compileAll(const Engine& engine) {
    for (const PlugSpec& spec : specs_) {
      ReadResult read = readModule(spec.path);
      if (!read.bytes)
        return PlugFailure{spec.path, Error{read.error.kind, Error::kNoOffset, read.error.message}};
      Result<cm::Component> c = cm::Component::compile(engine, *read.bytes);
      if (!c) return PlugFailure{spec.path, c.error()};
      compiled_.push_back(std::move(*c));
    }
    return std::nullopt;
  }

  // A plug that feeds nothing, given what every consumer takes from the plugs.
  std::optional<PlugFailure> unusedPlug(const cm::Component& main, const std::string& mainPath) {
    std::vector<bool> used(compiled_.size());
    for (const Feed& f : feedsFor(main, compiled_, 0)) used[f.plug] = true;
    for (size_t i = 0; i < compiled_.size(); ++i) {
      for (const Feed& f : feedsFor(compiled_[i], compiled_, i + 1)) used[f.plug] = true;
    }
    for (size_t i = 0; i < used.size(); ++i) {
      if (used[i]) continue;
      return PlugFailure{specs_[i].path,
                         Error{ErrorKind::Usage, Error::kNoOffset,
                               "this plug exports none of the instances that " +
                                   instanceName(mainPath) + " or the plugs before it import"}};
    }
    return std::nullopt;
  }

  // Instantiates the plugs into `stack`, the last first: each links only to plugs after it.
  std::optional<PlugFailure> instantiateAll(PluggedStack& stack) {
    stack.plugs.resize(compiled_.size());
    stack.contexts.resize(compiled_.size());
    for (size_t i = compiled_.size(); i-- > 0;) {
      std::optional<PlugFailure> failed = instantiate(i, stack);
      if (failed) return failed;
    }
    return std::nullopt;
  }

  const std::vector<cm::Component>& compiled() const { return compiled_; }

 private:
  // Instantiates plug `i` with its feeds, its own WASI context and what it was granted.
  std::optional<PlugFailure> instantiate(size_t i, PluggedStack& stack) {
    const PlugSpec& spec = specs_[i];
    const cm::Component& plug = compiled_[i];
    std::vector<Feed> feeds = feedsFor(plug, compiled_, i + 1);
    if (std::optional<Error> e = ungrantedImport(plug, spec, feeds))
      return PlugFailure{spec.path, *e};
    cm::Linker linker(plug.engine());
    if (host_.tracer) linker.setCallTracer(host_.tracer);
    if (Result<void> r = link(linker, feeds, stack); !r) return PlugFailure{spec.path, r.error()};
    Result<std::unique_ptr<wasip2::Context>> wasi = wasip2::Context::create(plugConfig(spec));
    if (!wasi) return PlugFailure{spec.path, wasi.error()};
    if (Result<void> r = addHostInterfaces(linker, plug, feeds, spec, **wasi); !r) {
      return PlugFailure{spec.path, r.error()};
    }
    Result<cm::ComponentInstance> made = linker.instantiate(store_, plug, instanceName(spec.path));
    if (!made) return PlugFailure{spec.path, made.error()};
    stack.plugs[i] = std::move(*made);
    stack.contexts[i] = std::move(*wasi);
    return std::nullopt;
  }

  // Defines the imports the later plugs feed.
  Result<void> link(cm::Linker& linker, const std::vector<Feed>& feeds, const PluggedStack& stack) {
    for (const Feed& f : feeds) {
      Result<void> r = linker.defineInstance(f.import, *stack.plugs[f.plug], f.exportName);
      if (!r) return r;
    }
    return {};
  }

  // Defines WASI (the plug's own context) and, when granted, the --kv store.
  Result<void> addHostInterfaces(cm::Linker& linker, const cm::Component& plug,
                                 const std::vector<Feed>& feeds, const PlugSpec& spec,
                                 wasip2::Context& wasi) {
    auto isWasi = [](std::string_view iface) { return iface.starts_with("wasi:"); };
    if (importsFromHost(plug, feeds, isWasi)) {
      if (Result<void> r = wasip2::addToLinker(linker, wasi); !r) return r;
    }
    if (!spec.grants.kv || !importsFromHost(plug, feeds, isKvInterface)) return {};
    if (!host_.kvBackend) {
      return Error{ErrorKind::Usage, Error::kNoOffset, "a plug granted kv needs --kv URI"};
    }
    return defineKv(linker, host_.kvBackend, host_.kv);
  }

  Store& store_;
  const std::vector<PlugSpec>& specs_;
  const PlugHost& host_;
  std::vector<cm::Component> compiled_;
};

}  // namespace

std::string instanceName(const std::string& path) {
  std::filesystem::path p(path);
  return p.extension() == ".wasm" ? p.stem().string() : p.filename().string();
}

std::variant<PluggedStack, PlugFailure> instantiateWithPlugs(
    Store& store, const cm::Component& main, const std::string& mainPath,
    const std::vector<PlugSpec>& plugs, const PlugHost& host, cm::Linker& mainLinker) {
  PluggedStack stack;
  Plugger plugger(store, plugs, host);
  if (auto failed = plugger.compileAll(main.engine())) return *failed;
  if (auto failed = plugger.unusedPlug(main, mainPath)) return *failed;
  if (auto failed = plugger.instantiateAll(stack)) return *failed;
  for (const Feed& f : feedsFor(main, plugger.compiled(), 0)) {
    Result<void> r = mainLinker.defineInstance(f.import, *stack.plugs[f.plug], f.exportName);
    if (!r) return PlugFailure{mainPath, r.error()};
  }
  Result<cm::ComponentInstance> made = mainLinker.instantiate(store, main, instanceName(mainPath));
  if (!made) return PlugFailure{mainPath, made.error()};
  stack.main = std::move(*made);
  return stack;
}

}  // namespace sable::cli
