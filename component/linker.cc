// cm::Linker: host functions by (instance, function) name, and instantiation of a root
// component with them.
#include <string>
#include <vector>

#include "component/component_impl.h"
#include "component/host_context.h"
#include "component/instance_bridge.h"
#include "component/instantiate.h"
#include "component/interface_names.h"
#include "component/runtime_env.h"
#include "component/type_conversion.h"
#include "component/type_text.h"

namespace sable::cm {

// One defined host function: plain, or given a HostContext.
struct HostDefinition {
  std::string instance;  // "" for a root-level function
  std::string func;
  HostFunc fn;
  HostContextFunc contextFn;
  std::string type;                 // the declared type (type_text.h), or "" when not checked
  HostFuncDirect direct = nullptr;  // fn writing its result into the guest (typed definitions)
};

// One host resource type; its HostResource id is its index + 1.
struct HostResourceDefinition {
  std::string instance;
  std::string name;
  HostResourceDtor dtor;
};

struct Linker::Impl {
  Engine engine;
  std::vector<HostDefinition> defs;
  std::vector<HostResourceDefinition> resources;
  std::vector<ProvidedInstance> provided;
  CallTracer tracer;

  // The other instance that satisfies the import of instance `name`, or null.
  const ProvidedInstance* findProvided(std::string_view name) const {
    for (const ProvidedInstance& p : provided) {
      if (interfaceNamesMatch(p.import, name)) return &p;
    }
    return nullptr;
  }

  // The id of the host resource `name` of imported instance `instance`, or 0.
  uint32_t findResource(std::string_view instance, std::string_view name) const {
    for (size_t i = 0; i < resources.size(); ++i) {
      const HostResourceDefinition& r = resources[i];
      if (r.name == name && interfaceNamesMatch(r.instance, instance)) {
        return static_cast<uint32_t>(i + 1);
      }
    }
    return 0;
  }

  const HostDefinition* find(std::string_view instance, std::string_view func) const {
    for (const auto& d : defs) {
      if (d.func == func && (d.instance == instance ||
                             (!instance.empty() && interfaceNamesMatch(d.instance, instance)))) {
        return &d;
      }
    }
    return nullptr;
  }
};

Linker::Linker(const Engine& engine)
    : impl_(std::make_unique<Impl>(Impl{engine, {}, {}, {}, nullptr})) {}
Linker::~Linker() = default;
Linker::Linker(const Linker& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
Linker& Linker::operator=(const Linker& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}
Linker::Linker(Linker&&) noexcept = default;
Linker& Linker::operator=(Linker&&) noexcept = default;

namespace {

Error alreadyDefined(std::string_view instance, std::string_view name) {
  return Error{ErrorKind::Usage, Error::kNoOffset,
               "`" + std::string(instance) + "#" + std::string(name) + "` is already defined"};
}

bool funcDefined(const Linker::Impl& impl, std::string_view instance, std::string_view func) {
  for (const auto& d : impl.defs) {
    if (d.instance == instance && d.func == func) return true;
  }
  return false;
}

}  // namespace

Result<void> Linker::defineFunc(std::string_view instance, std::string_view func, HostFunc fn) {
  return defineFunc(instance, func, "", std::move(fn));
}

Result<void> Linker::defineContextFunc(std::string_view instance, std::string_view func,
                                       HostContextFunc fn) {
  return defineContextFunc(instance, func, "", std::move(fn));
}

Result<void> Linker::defineFunc(std::string_view instance, std::string_view func,
                                std::string_view type, HostFunc fn) {
  if (funcDefined(*impl_, instance, func)) return alreadyDefined(instance, func);
  impl_->defs.push_back(HostDefinition{std::string(instance), std::string(func), std::move(fn),
                                       nullptr, std::string(type)});
  return {};
}

Result<void> Linker::defineDirectFunc(std::string_view instance, std::string_view func,
                                      std::string_view type, HostFunc fn, HostFuncDirect direct) {
  if (type.empty()) {
    return Error{ErrorKind::Usage, Error::kNoOffset,
                 "defineDirectFunc `" + std::string(func) + "`: the type is required"};
  }
  if (funcDefined(*impl_, instance, func)) return alreadyDefined(instance, func);
  impl_->defs.push_back(HostDefinition{std::string(instance), std::string(func), std::move(fn),
                                       nullptr, std::string(type), std::move(direct)});
  return {};
}

Result<void> Linker::defineContextFunc(std::string_view instance, std::string_view func,
                                       std::string_view type, HostContextFunc fn) {
  if (funcDefined(*impl_, instance, func)) return alreadyDefined(instance, func);
  impl_->defs.push_back(HostDefinition{std::string(instance), std::string(func), nullptr,
                                       std::move(fn), std::string(type)});
  return {};
}

std::string_view funcTypeOf(std::span<const FuncTypeEntry> table, std::string_view instance,
                            std::string_view func) {
  for (const FuncTypeEntry& e : table) {
    if (e.func == func && interfaceNamesMatch(e.instance, instance)) return e.type;
  }
  return {};
}

Result<HostResource> Linker::defineResource(std::string_view instance, std::string_view name,
                                            HostResourceDtor dtor) {
  for (const auto& r : impl_->resources) {
    if (r.instance == instance && r.name == name) return alreadyDefined(instance, name);
  }
  impl_->resources.push_back(
      HostResourceDefinition{std::string(instance), std::string(name), std::move(dtor)});
  return HostResource{static_cast<uint32_t>(impl_->resources.size())};
}

Result<void> Linker::defineInstance(std::string_view instance, const ComponentInstance& provider,
                                    std::string_view providerExport) {
  for (const ProvidedInstance& p : impl_->provided) {
    if (p.import == instance) {
      return Error{ErrorKind::Usage, Error::kNoOffset,
                   "instance `" + std::string(instance) + "` is already defined"};
    }
  }
  impl_->provided.push_back(ProvidedInstance{
      std::string(instance), ComponentAccess::shared(provider), std::string(providerExport)});
  return {};
}

void Linker::setCallTracer(CallTracer tracer) { impl_->tracer = std::move(tracer); }

namespace {

std::string importLabel(std::string_view instance, std::string_view func) {
  return instance.empty() ? std::string(func) : std::string(instance) + "#" + std::string(func);
}

// `text` from `at` for at most `width` characters, with "..." where it was cut.
std::string excerpt(const std::string& text, size_t at, size_t width) {
  std::string s = at ? "..." : "";
  s += text.substr(at, width);
  if (at + width < text.size()) s += "...";
  return s;
}

// The import's type and the host's differ: both shown from a little before the first
// difference (whole types can run to kilobytes, and a hostile guest's to megabytes).
Error typeMismatch(const std::string& label, const std::string& declared,
                   const std::string& defined, size_t offset) {
  constexpr size_t kBefore = 40, kWidth = 160;
  size_t diff = 0;
  while (diff < declared.size() && diff < defined.size() && declared[diff] == defined[diff]) ++diff;
  size_t at = diff > kBefore ? diff - kBefore : 0;
  return Error{ErrorKind::Unlinkable, offset,
               "import `" + label + "` is declared with another type than the host's: `" +
                   excerpt(declared, at, kWidth) + "`, but the host defines `" +
                   excerpt(defined, at, kWidth) + "`"};
}

// A host function of the linker as a component function of the import's declared type.
Result<RtItem> hostFunc(RootState& root, RuntimeEnv& env, const Linker::Impl& linker,
                        std::string_view instance, const format::ExternName& name,
                        format::TypeId type, size_t offset) {
  const HostDefinition* d = linker.find(instance, name.name);
  if (!d) {
    return Error{
        ErrorKind::Unlinkable, offset,
        "missing import `" + importLabel(instance, name.name) + "` (not defined by the host)"};
  }
  if (!d->type.empty()) {
    const std::string& declared = root.typeTexts->text(*root.types, type);
    if (declared != d->type)
      return typeMismatch(importLabel(instance, name.name), declared, d->type, offset);
  }
  Result<canon::FuncTypeDesc> t = convertFuncType(root, env, type);
  if (!t) return t.error();
  auto f = std::make_shared<RtFunc>();
  f->type = std::move(*t);
  if (d->contextFn) {
    // The root outlives its functions, which live in its environments.
    RootState* rootPtr = &root;
    HostContextFunc fn = d->contextFn;
    f->host = [rootPtr, fn](std::span<const Val> args, std::span<Val> results) {
      HostContext::Impl impl{rootPtr};
      HostContext cx(impl);
      return fn(cx, args, results);
    };
  } else {
    f->host = d->fn;
    f->direct = d->direct;
  }
  f->name = importLabel(instance, name.name);
  f->fromHost = true;  // traced where it is lowered (instantiate.cc), with the caller's path
  return RtItem(std::move(f));
}

// A fresh runtime type for resource `name` of imported instance `instance`: the linker's host
// resource (with its destructor) when it defined one, else an opaque type.
canon::ResourceTypeId hostResourceType(RootState& root, const Linker::Impl& linker,
                                       const std::string& instance, const std::string& name) {
  uint32_t id = linker.findResource(instance, name);
  HostResourceDtor dtor = id ? linker.resources[id - 1].dtor : nullptr;
  canon::ResourceTypeId rid =
      root.resources.add(canon::ResourceType{nullptr, std::move(dtor), instance + "#" + name});
  if (id) root.hostResourceTypes[id] = rid;
  return rid;
}

// An imported instance made of the linker's host functions (and fresh host resource types for
// the resource types it exports).
Result<RtItem> hostInstance(RootState& root, RuntimeEnv& env, const Linker::Impl& linker,
                            const format::ImportDef& imp) {
  auto inst = std::make_shared<RtInstance>();
  const format::TypeDef& type = root.types->at(imp.desc.type);
  for (const format::ExternDecl& e : type.exports) {
    if (e.desc.sort == format::Sort::Type) {
      RtType t{e.desc.type, 0};
      if (e.desc.bound == format::ExternDesc::Bound::SubResource) {
        t.resource = hostResourceType(root, linker, imp.name.name, e.name.name);
        env.resources[e.desc.type] = t.resource;
      }
      inst->exports.emplace_back(e.name.name, t);
      continue;
    }
    if (e.desc.sort != format::Sort::Func) {
      return Error{ErrorKind::Unlinkable, imp.offset,
                   "import `" + imp.name.name +
                       "`: the host can only provide functions and resource types, not `" +
                       e.name.name + "`"};
    }
    Result<RtItem> f = hostFunc(root, env, linker, imp.name.name, e.name, e.desc.type, imp.offset);
    if (!f) return f.error();
    inst->exports.emplace_back(e.name.name, std::move(*f));
  }
  return RtItem(std::move(inst));
}

}  // namespace

Result<ComponentInstance> Linker::instantiate(Store& store, const Component& component,
                                              std::string_view name) const {
  auto root = std::make_shared<RootState>();
  root->name = std::string(name);
  root->tracer = impl_->tracer;
  std::shared_ptr<const Component::Impl> c = ComponentAccess::shared(component);
  root->types = c->decoded.types;
  root->componentKeepAlive = c;
  root->typeTexts = &c->typeTexts;
  RootState* rootPtr = root.get();
  const Impl* linker = impl_.get();
  ImportResolver resolve = [rootPtr, linker](const format::ImportDef& imp,
                                             RuntimeEnv& env) -> Result<RtItem> {
    switch (imp.desc.sort) {
      case format::Sort::Func:
        return hostFunc(*rootPtr, env, *linker, "", imp.name, imp.desc.type, imp.offset);
      case format::Sort::Instance:
        if (const ProvidedInstance* p = linker->findProvided(imp.name.name)) {
          return bridgeInstance(*rootPtr, env, *p, imp, linker->tracer);
        }
        return hostInstance(*rootPtr, env, *linker, imp);
      default:
        return Error{ErrorKind::Unlinkable, imp.offset,
                     "missing import `" + imp.name.name + "` (a " +
                         format::sortName(imp.desc.sort) + ", which the host cannot provide)"};
    }
  };
  Result<RuntimeEnv*> env =
      instantiateComponent(store, *root, *c->decoded.root, nullptr, resolve, root->name);
  if (!env) return env.error();
  auto impl =
      std::make_shared<ComponentInstance::Impl>(ComponentInstance::Impl{root, (*env)->exports});
  return ComponentAccess::makeInstance(std::move(impl));
}

}  // namespace sable::cm
