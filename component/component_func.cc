// ComponentInstance::getFunc and ComponentFunc::call.
#include <string>

#include "component/component_impl.h"
#include "component/interface_names.h"
#include "component/runtime_env.h"
#include "component/trap_chain.h"

namespace sable::cm {
namespace {

Error noSuchFunc(std::string_view name) {
  return Error{ErrorKind::Usage, Error::kNoOffset,
               "the component instance exports no function `" + std::string(name) + "`"};
}

// A failed call of the lifted function `f` (called by `name`): noted in the chain of component
// calls, which the embedder's own call then finishes.
Error failedCall(const Store& store, const UnwindMark& mark, const RtFunc& f,
                 const std::string& name, const Error& error) {
  CallTarget target{f.lifted->instance->path, name.empty() ? f.name : name, false};
  noteFailedCall(store, mark, target, error);
  return finishFailedCall(store, mark, error);
}

}  // namespace

const RtInstance* findExportedInstance(const RtInstance& exports, std::string_view name) {
  const RtItem* item = exports.find(name);
  if (!item) {
    for (const auto& [n, x] : exports.exports) {
      if (interfaceNamesMatch(n, name) || interfaceNamesMatch(name, n)) item = &x;
    }
  }
  if (!item) return nullptr;
  const auto* inst = std::get_if<std::shared_ptr<RtInstance>>(item);
  return inst ? inst->get() : nullptr;
}

namespace {

// An exported instance whose name ends with "/iface" or "iface@..." for a short name.
const RtInstance* findInstanceByShortName(const RtInstance& exports, std::string_view iface) {
  for (const auto& [n, x] : exports.exports) {
    std::string_view name = n;
    name = name.substr(0, name.find('@'));
    size_t slash = name.rfind('/');
    if (slash != std::string_view::npos && name.substr(slash + 1) == iface) {
      if (const auto* inst = std::get_if<std::shared_ptr<RtInstance>>(&x)) return inst->get();
    }
  }
  return nullptr;
}

}  // namespace

Result<ComponentFunc> ComponentInstance::getFunc(std::string_view name) const {
  const RtInstance* scope = impl_->exports.get();
  std::string_view func = name;
  size_t hash = name.rfind('#');
  if (hash != std::string_view::npos) {
    std::string_view iface = name.substr(0, hash);
    func = name.substr(hash + 1);
    const RtInstance* inst = findExportedInstance(*scope, iface);
    if (!inst) inst = findInstanceByShortName(*scope, iface);
    if (!inst) return noSuchFunc(name);
    scope = inst;
  }
  const RtItem* item = scope->find(func);
  if (!item) return noSuchFunc(name);
  const auto* f = std::get_if<std::shared_ptr<RtFunc>>(item);
  if (!f) return noSuchFunc(name);
  return ComponentAccess::makeFunc(std::make_shared<ComponentFunc::Impl>(
      ComponentFunc::Impl{impl_->root, *f, std::string(name)}));
}

const std::string& ComponentInstance::name() const { return impl_->root->name; }

Result<std::vector<Val>> ComponentFunc::call(Store& store, std::span<const Val> args) const {
  const RtFunc& f = *impl_->func;
  RootState& root = *impl_->root;
  std::vector<Val> results;
  ActiveStoreScope active(root, store);
  if (f.lifted) {
    canon::CallEnv env{store, root.resources, root.hostHandles};
    UnwindMark mark = markEmbedderCall(store);
    Result<std::optional<Val>> r = canon::callLifted(env, *f.lifted, args);
    if (!r) return failedCall(store, mark, f, impl_->name, r.error());
    if (*r) results.push_back(std::move(**r));
    return results;
  }
  if (args.size() != f.type.params.size()) {
    return Error{ErrorKind::Usage, Error::kNoOffset,
                 "expected " + std::to_string(f.type.params.size()) + " arguments, got " +
                     std::to_string(args.size())};
  }
  results.resize(f.type.result ? 1 : 0);
  Result<void> r = f.host(args, results);
  if (!r) return r.error();
  return results;
}

}  // namespace sable::cm
