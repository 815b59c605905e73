// cm::Linker: host functions by (instance, function) name, and instantiation of a root
// component with them.
#include <string>
#include <vector>

#include "component/component_impl.h"
#include "component/instantiate.h"
#include "component/interface_names.h"
#include "component/runtime_env.h"
#include "component/type_conversion.h"

namespace sable::cm {

// One defined host function.
struct HostDefinition {
  std::string instance;  // "" for a root-level function
  std::string func;
  HostFunc fn;
};

struct Linker::Impl {
  Engine engine;
  std::vector<HostDefinition> defs;

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

Linker::Linker(const Engine& engine) : impl_(std::make_unique<Impl>(Impl{engine, {}})) {}
Linker::~Linker() = default;
Linker::Linker(const Linker& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
Linker& Linker::operator=(const Linker& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}
Linker::Linker(Linker&&) noexcept = default;
Linker& Linker::operator=(Linker&&) noexcept = default;

Result<void> Linker::defineFunc(std::string_view instance, std::string_view func, HostFunc fn) {
  for (const auto& d : impl_->defs) {
    if (d.instance == instance && d.func == func) {
      return Error{ErrorKind::Usage, Error::kNoOffset,
                   "`" + std::string(instance) + "#" + std::string(func) + "` is already defined"};
    }
  }
  impl_->defs.push_back(HostDefinition{std::string(instance), std::string(func), std::move(fn)});
  return {};
}

namespace {

std::string importLabel(std::string_view instance, std::string_view func) {
  return instance.empty() ? std::string(func) : std::string(instance) + "#" + std::string(func);
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
  Result<canon::FuncTypeDesc> t = convertFuncType(root, env, type);
  if (!t) return t.error();
  auto f = std::make_shared<RtFunc>();
  f->type = std::move(*t);
  f->host = d->fn;
  f->name = importLabel(instance, name.name);
  return RtItem(std::move(f));
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
        t.resource =
            root.resources.add(canon::ResourceType{nullptr, {}, imp.name.name + "#" + e.name.name});
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

Result<ComponentInstance> Linker::instantiate(Store& store, const Component& component) const {
  auto root = std::make_shared<RootState>();
  std::shared_ptr<const Component::Impl> c = ComponentAccess::shared(component);
  root->types = c->decoded.types;
  root->componentKeepAlive = c;
  RootState* rootPtr = root.get();
  const Impl* linker = impl_.get();
  ImportResolver resolve = [rootPtr, linker](const format::ImportDef& imp,
                                             RuntimeEnv& env) -> Result<RtItem> {
    switch (imp.desc.sort) {
      case format::Sort::Func:
        return hostFunc(*rootPtr, env, *linker, "", imp.name, imp.desc.type, imp.offset);
      case format::Sort::Instance:
        return hostInstance(*rootPtr, env, *linker, imp);
      default:
        return Error{ErrorKind::Unlinkable, imp.offset,
                     "missing import `" + imp.name.name + "` (a " +
                         format::sortName(imp.desc.sort) + ", which the host cannot provide)"};
    }
  };
  Result<RuntimeEnv*> env =
      instantiateComponent(store, *root, *c->decoded.root, nullptr, resolve, "root");
  if (!env) return env.error();
  auto impl =
      std::make_shared<ComponentInstance::Impl>(ComponentInstance::Impl{root, (*env)->exports});
  return ComponentAccess::makeInstance(std::move(impl));
}

}  // namespace sable::cm
