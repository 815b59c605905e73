// The imported instance made of another root instantiation's exports (instance_bridge.h).
// Each root has its own resource registry and host handle table, so a handle crosses as the
// host would pass it: the importer's host table holds a handle of its stand-in type whose rep
// is the index of the provider's handle in the provider's host table.
#include "component/instance_bridge.h"

#include <string>
#include <vector>

#include "component/call_trace.h"
#include "component/canon/resource.h"
#include "component/canon/trap.h"
#include "component/component_impl.h"
#include "component/type_conversion.h"
#include "component/type_match_across.h"

namespace sable::cm {
namespace {

// The importer's side of one link: both roots, for messages and handle translation.
struct Link {
  RootState* importer;  // outlives its functions, which capture the link
  std::shared_ptr<RootState> provider;
  std::string import;

  std::string label() const {
    return "`" + importer->name + "` cannot import `" + import + "` from `" + provider->name + "`";
  }
  Error unlinkable(size_t offset, const std::string& what) const {
    return Error{ErrorKind::Unlinkable, offset, label() + ": " + what};
  }
};

// The provider's type that the importer's `type` stands for, or 0.
canon::ResourceTypeId providerType(const Link& link, canon::ResourceTypeId type) {
  auto it = link.importer->bridgedResources.find(type);
  if (it == link.importer->bridgedResources.end() || it->second.provider != link.provider) return 0;
  return it->second.type;
}

// The importer's stand-in for the provider's `type`, or 0.
canon::ResourceTypeId importerType(const Link& link, canon::ResourceTypeId type) {
  for (const auto& [mine, theirs] : link.importer->bridgedResources) {
    if (theirs.provider == link.provider && theirs.type == type) return mine;
  }
  return 0;
}

// Rewrites the handles in `v` (lifted from the importer) into the provider's host table terms:
// an own moves out of the importer's host table; a borrow stays (its call scope ends it).
Result<void> toProvider(const Link& link, Val& v) {
  if (v.kind() != ValKind::Own && v.kind() != ValKind::Borrow) {
    for (Val& element : v.elements()) {
      if (Result<void> r = toProvider(link, element); !r) return r;
    }
    return {};
  }
  ResourceHandle h = v.asResource();
  canon::ResourceTypeId theirs = providerType(link, h.type);
  if (theirs == 0)
    return canon::trap("a handle of a resource not from `" + link.provider->name + "`");
  Result<canon::HandleElem*> elem = link.importer->hostHandles.get(h.index);
  if (!elem) return elem.error();
  uint32_t providerIndex = (*elem)->rep;
  if (v.kind() == ValKind::Own) {
    (void)link.importer->hostHandles.remove(h.index);
    v = Val::own(ResourceHandle{theirs, providerIndex});
  } else {
    v = Val::borrow(ResourceHandle{theirs, providerIndex});
  }
  return {};
}

// Rewrites the owning handles in `v` (a provider's result) into the importer's host table.
Result<void> toImporter(const Link& link, Val& v) {
  if (v.kind() != ValKind::Own) {
    for (Val& element : v.elements()) {
      if (Result<void> r = toImporter(link, element); !r) return r;
    }
    return {};
  }
  ResourceHandle h = v.asResource();
  canon::ResourceTypeId mine = importerType(link, h.type);
  if (mine == 0)
    return canon::trap("a handle of a resource `" + link.import + "` does not declare");
  Result<Val> own = canon::hostResourceNew(link.importer->hostHandles, mine, h.index);
  if (!own) return own.error();
  v = std::move(*own);
  return {};
}

// The importer's function calling `provided` in the provider, as `functionName` of the import
// (the name a trap chain shows).
HostFunc callThrough(std::shared_ptr<const Link> link, std::shared_ptr<RtFunc> provided,
                     const std::string& functionName) {
  ComponentFunc callee = ComponentAccess::makeFunc(std::make_shared<ComponentFunc::Impl>(
      ComponentFunc::Impl{link->provider, std::move(provided), link->import + "#" + functionName}));
  return [link, callee](std::span<const Val> args, std::span<Val> results) -> Result<void> {
    Result<Store*> store = activeStore(*link->importer);
    if (!store) return store.error();
    std::vector<Val> in(args.begin(), args.end());
    for (Val& v : in) {
      if (Result<void> r = toProvider(*link, v); !r) return r;
    }
    Result<std::vector<Val>> out = callee.call(**store, in);
    if (!out) return out.error();
    for (size_t i = 0; i < out->size() && i < results.size(); ++i) {
      if (Result<void> r = toImporter(*link, (*out)[i]); !r) return r;
      results[i] = std::move((*out)[i]);
    }
    return {};
  };
}

// The importer's stand-in for the provider's resource type `provided`: dropping its last own
// handle drops the provider's handle, running the provider's destructor.
canon::ResourceTypeId standInResource(const std::shared_ptr<const Link>& link,
                                      canon::ResourceTypeId provided, const std::string& name) {
  canon::ResourceDtor dtor = [link, provided](uint32_t providerIndex) -> Result<void> {
    Result<Store*> store = activeStore(*link->importer);
    if (!store) return store.error();
    ActiveStoreScope active(*link->provider, **store);
    return canon::hostResourceDrop(link->provider->hostHandles, link->provider->resources,
                                   ResourceHandle{provided, providerIndex});
  };
  canon::ResourceTypeId mine = link->importer->resources.add(
      canon::ResourceType{nullptr, std::move(dtor), link->provider->name + ":" + name});
  link->importer->bridgedResources[mine] = BridgedResource{link->provider, provided};
  return mine;
}

// The exports of `def`'s provider that feed the import.
const RtInstance* providedExports(const ProvidedInstance& def) {
  const RtInstance& root = *def.provider->exports;
  return def.providerExport.empty() ? &root : findExportedInstance(root, def.providerExport);
}

// One type export of the imported instance: a resource bound to the provider's.
Result<RtType> bridgeType(const std::shared_ptr<const Link>& link, RuntimeEnv& env,
                          const format::ExternDecl& e, const RtItem& found, size_t offset) {
  RtType t{e.desc.type, 0};
  if (e.desc.bound != format::ExternDesc::Bound::SubResource) return t;
  const RtType* provided = std::get_if<RtType>(&found);
  if (!provided || provided->resource == 0) {
    return link->unlinkable(offset, "`" + e.name.name + "` is not a resource type");
  }
  t.resource = standInResource(link, provided->resource, e.name.name);
  env.resources[e.desc.type] = t.resource;
  return t;
}

// One function export of the imported instance, type-checked against the provider's.
Result<std::shared_ptr<RtFunc>> bridgeFunc(const std::shared_ptr<const Link>& link, RuntimeEnv& env,
                                           const format::ExternDecl& e, const RtItem& found,
                                           size_t offset, const CallTracer& tracer) {
  const auto* provided = std::get_if<std::shared_ptr<RtFunc>>(&found);
  if (!provided) return link->unlinkable(offset, "`" + e.name.name + "` is not a function");
  Result<canon::FuncTypeDesc> type = convertFuncType(*link->importer, env, e.desc.type);
  if (!type) return type.error();
  ResourceCorrespondence resources = [&link](canon::ResourceTypeId t) {
    return providerType(*link, t);
  };
  Result<void> match =
      matchFuncTypes(TypeSide{link->importer->canonTypes}, *type,
                     TypeSide{link->provider->canonTypes}, (*provided)->type, resources);
  if (!match) {
    return link->unlinkable(offset, "function `" + e.name.name + "`: " + match.error().message);
  }
  auto f = std::make_shared<RtFunc>();
  f->type = std::move(*type);
  f->host = callThrough(link, *provided, e.name.name);
  f->name = link->import + "#" + e.name.name;
  if (tracer) {
    f->host =
        tracedFunc(std::move(f->host), tracer, link->importer->name, link->provider->name, f->name);
  }
  return f;
}

}  // namespace

Result<RtItem> bridgeInstance(RootState& importer, RuntimeEnv& env, const ProvidedInstance& def,
                              const format::ImportDef& imp, const CallTracer& tracer) {
  auto link = std::make_shared<const Link>(Link{&importer, def.provider->root, imp.name.name});
  const RtInstance* source = providedExports(def);
  if (!source) {
    return link->unlinkable(imp.offset, "it exports no instance `" + def.providerExport + "`");
  }
  auto inst = std::make_shared<RtInstance>();
  for (const format::ExternDecl& e : importer.types->at(imp.desc.type).exports) {
    const RtItem* found = source->find(e.name.name);
    if (!found) return link->unlinkable(imp.offset, "it does not export `" + e.name.name + "`");
    if (e.desc.sort == format::Sort::Type) {
      Result<RtType> t = bridgeType(link, env, e, *found, imp.offset);
      if (!t) return t.error();
      inst->exports.emplace_back(e.name.name, *t);
      continue;
    }
    if (e.desc.sort != format::Sort::Func) {
      return link->unlinkable(
          imp.offset, "only functions and resource types can be linked, not `" + e.name.name + "`");
    }
    Result<std::shared_ptr<RtFunc>> f = bridgeFunc(link, env, e, *found, imp.offset, tracer);
    if (!f) return f.error();
    inst->exports.emplace_back(e.name.name, std::move(*f));
  }
  return RtItem(std::move(inst));
}

}  // namespace sable::cm
