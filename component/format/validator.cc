// The validator's walk: each component's definitions in binary order, rebuilding the index
// spaces with what is known of each entry's type, and checking each definition against them.
#include "component/format/validator.h"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <variant>

#include "component/format/validator_internal.h"

namespace sable::cm::format {

std::vector<std::optional<ExternType>>* Spaces::coreItems(Sort sort) {
  return const_cast<std::vector<std::optional<ExternType>>*>(std::as_const(*this).coreItems(sort));
}

const std::vector<std::optional<ExternType>>* Spaces::coreItems(Sort sort) const {
  switch (sort) {
    case Sort::CoreFunc:
      return &coreFuncs;
    case Sort::CoreTable:
      return &coreTables;
    case Sort::CoreMemory:
      return &coreMemories;
    case Sort::CoreGlobal:
      return &coreGlobals;
    default:
      return nullptr;
  }
}

namespace {

Sort coreSortOf(ExternKind kind) {
  switch (kind) {
    case ExternKind::Func:
      return Sort::CoreFunc;
    case ExternKind::Table:
      return Sort::CoreTable;
    case ExternKind::Memory:
      return Sort::CoreMemory;
    case ExternKind::Global:
      return Sort::CoreGlobal;
  }
  return Sort::CoreFunc;
}

// One component's walk.
class ComponentWalk {
 public:
  ComponentWalk(const TypeArena& types, const AbiFacts& facts, ResourceEquivalence& resources,
                const Spaces* parent)
      : types_(types),
        facts_(facts),
        resources_(resources),
        importNames_(types, resources, "import"),
        exportNames_(types, resources, "export") {
    spaces_.parent = parent;
  }

  Result<void> run(const ComponentDef& def) {
    for (const Definition& d : def.definitions) {
      Result<void> r = std::visit([&](const auto& x) { return check(def, x); }, d);
      if (!r) {
        Error e = r.error();
        if (e.offset == Error::kNoOffset)
          e.offset = std::visit([](const auto& x) { return x.offset; }, d);
        return e;
      }
    }
    return {};
  }

 private:
  Result<void> check(const ComponentDef&, const CoreModuleDef& m) {
    CoreModuleSig sig{true, m.module.imports(), m.module.exports()};
    std::vector<std::pair<std::string_view, std::string_view>> pairs;
    for (const ImportType& i : sig.imports) pairs.emplace_back(i.module, i.name);
    if (auto r = checkCoreImportNames(pairs); !r) return r;
    spaces_.coreModules.push_back(std::move(sig));
    return {};
  }

  Result<void> check(const ComponentDef&, const CoreInstanceDef& i) {
    CoreInstanceSig sig;
    if (i.module) {
      if (*i.module >= spaces_.coreModules.size())
        return invalidError("module index out of bounds");
      const CoreModuleSig& module = spaces_.coreModules[*i.module];
      if (auto r = checkCoreInstantiate(module, i, spaces_); !r) return r;
      sig.known = module.known;
      for (const ExportType& e : module.exports) sig.exports.emplace_back(e.name, e.type);
    } else {
      sig.known = true;
      for (const auto& e : i.exports) {
        for (const auto& prior : sig.exports) {
          if (prior.first == e.name)
            return invalidError("export name `" + e.name + "` already defined");
        }
        sig.exports.emplace_back(e.name, coreItem(e.item));
      }
    }
    spaces_.coreInstances.push_back(std::move(sig));
    return {};
  }

  Result<void> check(const ComponentDef& def, const NestedComponentDef& n) {
    if (n.child >= def.components.size() || !def.components[n.child]) return {};
    const ComponentDef& child = *def.components[n.child];
    ComponentWalk walk(types_, facts_, resources_, &spaces_);
    if (auto r = walk.run(child); !r) return r;
    spaces_.components.push_back(child.type);
    return {};
  }

  Result<void> check(const ComponentDef&, const InstanceDef& i) {
    if (i.component) return instantiate(i);
    NameScope bag(types_, resources_, "export");
    InstanceSig sig;
    for (const auto& e : i.exports) {
      ExternDesc desc = describe(e.item);
      if (e.newType != kNoType) desc.type = nameType(e.newType, desc.type);
      if (auto r = bag.add(e.name, desc); !r) return r;
      sig.exports.push_back({e.name, desc});
      if (desc.sort == Sort::Type) sig.namedTypes.push_back(desc.type);
      if (desc.sort == Sort::Instance && e.item.index < spaces_.instances.size()) {
        const auto& nested = spaces_.instances[e.item.index].namedTypes;
        sig.namedTypes.insert(sig.namedTypes.end(), nested.begin(), nested.end());
      }
    }
    spaces_.instances.push_back(std::move(sig));
    return {};
  }

  Result<void> check(const ComponentDef&, const AliasDef& a) {
    switch (a.target) {
      case AliasDef::Target::InstanceExport:
        return aliasInstanceExport(a);
      case AliasDef::Target::CoreInstanceExport:
        return aliasCoreInstanceExport(a);
      case AliasDef::Target::Outer:
        return aliasOuter(a);
    }
    return {};
  }

  Result<void> check(const ComponentDef&, const TypeDefinition& t) {
    if (t.core) {
      spaces_.coreTypes.push_back(t.type);
      return {};
    }
    if (t.type < types_.size() && types_.at(t.type).kind == TypeKind::Resource) {
      localResources_.insert(t.type);
      if (auto r = checkDestructor(types_.at(t.type)); !r) return r;
    }
    if (auto r = checkComponentTypeVisibility(types_, t.type, resources_); !r) return r;
    spaces_.types.push_back(t.type);
    return {};
  }

  Result<void> check(const ComponentDef&, const CanonDef& c) {
    return checkCanon(types_, facts_, c, spaces_, localResources_, resources_);
  }

  Result<void> check(const ComponentDef&, const ImportDef& i) {
    if (auto r = importNames_.add(i.name, i.desc); !r) return r;
    if (auto r = checkVisibility(types_, i.desc, imported_, resources_, "import"); !r) return r;
    if (i.desc.sort == Sort::Type) imported_.insert(i.desc.type);
    if (i.desc.sort == Sort::Instance) {
      std::vector<TypeId> inner;
      collectNamedTypes(types_, i.desc.type, inner);
      imported_.insert(inner.begin(), inner.end());
      int subst = renameImportedResources(i.desc.type);
      push(i.desc);
      spaces_.instances.back().subst = subst;
      return {};
    }
    push(i.desc);
    return {};
  }

  // Each import of an instance type has resources of its own: the second and later imports of
  // one instance type give the abstract resources it declares fresh identities (the first keeps
  // the decoder's). Returns the renaming's index, or -1. The fresh ids are imported names too.
  int renameImportedResources(TypeId instanceType) {
    if (importedInstanceTypes_.insert(instanceType).second) return -1;
    ResourceSubstitution renaming;
    for (TypeId t : declaredResources(instanceType)) {
      TypeId rep = resources_.find(t);
      if (renaming.count(rep)) continue;
      renaming[rep] = resources_.fresh();
      imported_.insert(renaming[rep]);
    }
    if (renaming.empty()) return -1;
    substs_.push_back(std::move(renaming));
    return static_cast<int>(substs_.size() - 1);
  }

  Result<void> check(const ComponentDef&, const ExportDef& e) {
    ExternDesc inferred = describe(e.item);
    ExternDesc desc = inferred;
    if (e.ascribed) {
      if (auto r = checkAscription(*e.ascribed, inferred, e.item); !r) return r;
      desc = *e.ascribed;
    }
    if (auto r = exportNames_.add(e.name, desc); !r) return r;
    std::set<TypeId> named = imported_;
    named.insert(exported_.begin(), exported_.end());
    if (desc.sort == Sort::Instance && !e.ascribed && e.item.index < spaces_.instances.size()) {
      // Exporting an instance names the types it exports, and its functions may use them.
      const InstanceSig& sig = spaces_.instances[e.item.index];
      named.insert(sig.namedTypes.begin(), sig.namedTypes.end());
      exported_.insert(sig.namedTypes.begin(), sig.namedTypes.end());
      if (auto r = checkInstanceVisibility(types_, sig.exports, named, resources_, "export"); !r)
        return r;
    } else if (desc.sort == Sort::Instance) {
      std::vector<TypeId> inner;
      collectNamedTypes(types_, desc.type, inner);
      exported_.insert(inner.begin(), inner.end());
    }
    if (auto r = checkVisibility(types_, desc, named, resources_, "export"); !r) return r;
    if (desc.sort == Sort::Type && e.newType != kNoType) {
      // Ascribing `(sub resource)` hides the resource's identity from what follows.
      bool abstracted = e.ascribed && e.ascribed->bound == ExternDesc::Bound::SubResource;
      desc.type = abstracted ? e.newType : nameType(e.newType, inferred.type);
      exported_.insert(desc.type);
    }
    if (desc.sort == Sort::Instance && !e.ascribed && e.item.index < spaces_.instances.size()) {
      spaces_.instances.push_back(spaces_.instances[e.item.index]);
      return {};
    }
    push(desc);
    return {};
  }

  Result<void> check(const ComponentDef&, const StartDef&) { return {}; }

  // --- helpers ------------------------------------------------------------------------------

  // The fresh index `name` an export gives the type `type`: the same resource, if one.
  TypeId nameType(TypeId name, TypeId type) {
    if (name != type && type != kNoType && name < types_.size() &&
        types_.at(name).kind == TypeKind::AbstractResource) {
      resources_.bind(name, type);
    }
    return name;
  }

  Result<void> instantiate(const InstanceDef& i) {
    TypeId component =
        *i.component < spaces_.components.size() ? spaces_.components[*i.component] : kNoType;
    for (size_t a = 0; a < i.args.size(); ++a) {
      for (size_t b = 0; b < a; ++b) {
        if (i.args[a].name == i.args[b].name) {
          return invalidError("instantiation argument `" + i.args[a].name +
                              "` conflicts with previous argument `" + i.args[b].name + "`");
        }
      }
    }
    if (component == kNoType || component >= types_.size()) {
      spaces_.instances.push_back({});
      return {};
    }
    const TypeDef& type = types_.at(component);
    TypeMatcher matcher(types_, resources_);
    for (const ExternDecl& imp : type.imports) {
      const InstanceDef::Arg* arg = nullptr;
      for (const auto& candidate : i.args) {
        if (candidate.name == imp.name.name) arg = &candidate;
      }
      if (!arg) return invalidError("missing import named `" + imp.name.name + "`");
      if (auto r = matchItem(matcher, imp.desc, arg->item); !r) {
        if (r.error().kind != ErrorKind::Invalid) return r;
        return invalidError("type mismatch in import `" + imp.name.name +
                            "`: " + r.error().message);
      }
    }
    InstanceSig sig{type.exports, {}};
    collectNamedTypes(types_, component, sig.namedTypes);
    sig.subst = renameOwnResources(component, sig.namedTypes);
    spaces_.instances.push_back(std::move(sig));
    return {};
  }

  // Whether the item `found` can stand where `expected` is declared.
  Result<void> matchItem(TypeMatcher& matcher, const ExternDesc& expected, const SortIndex& found) {
    matcher.substitute(nullptr, substitutionOf(found));
    if (expected.sort == Sort::Instance && found.sort == Sort::Instance &&
        expected.type < types_.size() && found.index < spaces_.instances.size()) {
      return matcher.instanceExports(types_.at(expected.type).exports,
                                     spaces_.instances[found.index].exports);
    }
    if (expected.sort == Sort::CoreModule && found.sort == Sort::CoreModule) {
      return matchCoreModule(expected.type, found.index);
    }
    return matcher.externDesc(expected, describe(found));
  }

  // A core module where a module type is expected: what it imports must be offered, what the
  // type exports it must export, of the same kinds (function signatures are not compared: the
  // module type keeps them as indices into its own type space).
  Result<void> matchCoreModule(TypeId expected, uint32_t found) {
    if (expected >= types_.size() || found >= spaces_.coreModules.size()) return {};
    const CoreModuleSig& module = spaces_.coreModules[found];
    if (!module.known) return {};
    const TypeDef& type = types_.at(expected);
    for (const ImportType& need : module.imports) {
      const CoreExternDecl* offered = nullptr;
      for (const CoreExternDecl& d : type.coreImports) {
        if (d.module == need.module && d.name == need.name) offered = &d;
      }
      std::string name = need.module + "::" + need.name;
      if (!offered) return invalidError("missing expected import `" + name + "`");
      if (offered->kind != need.type.kind())
        return invalidError("type mismatch in import `" + name + "`");
    }
    for (const CoreExternDecl& want : type.coreExports) {
      const ExportType* has = nullptr;
      for (const ExportType& e : module.exports) {
        if (e.name == want.name) has = &e;
      }
      if (!has) return invalidError("missing expected export `" + want.name + "`");
      if (has->type.kind() != want.kind)
        return invalidError("type mismatch in export `" + want.name + "`");
    }
    return {};
  }

  Result<void> checkAscription(const ExternDesc& ascribed, const ExternDesc& inferred,
                               const SortIndex& item) {
    TypeMatcher matcher(types_, resources_);
    // A type exported as `(sub resource)` is abstract from here on (its new index stands for a
    // resource unrelated to the one passed in); inside ascribed instance types the bound ties
    // the declared resource to the instance's, which the instance's functions then use.
    matcher.bindSubResources(ascribed.sort != Sort::Type);
    Result<void> r = ascribed.sort == Sort::Type && ascribed.bound == ExternDesc::Bound::Eq
                         ? matcher.valueType(ascribed.type, inferred.type)
                         : matchItem(matcher, ascribed, item);
    if (!r) {
      if (r.error().kind != ErrorKind::Invalid) return r;
      return invalidError("ascribed type of export is not compatible with item's type: " +
                          r.error().message);
    }
    return {};
  }

  Result<void> checkDestructor(const TypeDef& resource) {
    if (!resource.dtor) return {};
    if (*resource.dtor >= spaces_.coreFuncs.size() || !spaces_.coreFuncs[*resource.dtor]) return {};
    const FuncType* t = spaces_.coreFuncs[*resource.dtor]->func();
    ValType i32 = ValType::I32;
    if (t && !(*t == FuncType(std::span<const ValType>(&i32, 1), {}))) {
      return invalidError("wrong signature for a destructor: " + t->toString() +
                          ", expected (i32) -> ()");
    }
    return {};
  }

  Result<void> aliasInstanceExport(const AliasDef& a) {
    if (a.instance >= spaces_.instances.size()) return invalidError("instance index out of bounds");
    const InstanceSig& sig = spaces_.instances[a.instance];
    const ExternDecl* found = nullptr;
    for (const ExternDecl& e : sig.exports) {
      if (e.name.name == a.name) found = &e;
    }
    if (!found) {
      // Exports of instances made by instantiating an unknown component are unknown too.
      if (!sig.exports.empty()) {
        return invalidError("instance " + std::to_string(a.instance) + " has no export named `" +
                            a.name + "`");
      }
      push(ExternDesc{a.sort, a.type, ExternDesc::Bound::Eq});
      return {};
    }
    if (found->desc.sort != a.sort) {
      return invalidError("export `" + a.name + "` of instance " + std::to_string(a.instance) +
                          " is a " + sortName(found->desc.sort) + ", not a " + sortName(a.sort));
    }
    ExternDesc desc = found->desc;
    if (a.type != kNoType) desc.type = a.type;
    int subst = sig.subst;
    if (desc.sort == Sort::Instance) subst = renameSharedInstanceType(a, sig, found->desc.type);
    if (subst >= 0) return pushRenamed(desc, subst);
    push(desc);
    return {};
  }

  // Two exports of one instance with the same instance type are still two instances, each with
  // resources of its own: every such export after the first gets fresh identities for the
  // resources its type declares (on top of the instance's own renaming). Returns the renaming
  // to apply, or -1; aliasing the same export again gives the same renaming.
  int renameSharedInstanceType(const AliasDef& a, const InstanceSig& sig, TypeId type) {
    const ExternDecl* first = nullptr;
    for (const ExternDecl& e : sig.exports) {
      if (e.desc.sort == Sort::Instance && e.desc.type == type) {
        first = &e;
        break;
      }
    }
    if (!first || first->name.name == a.name) return sig.subst;
    auto key = std::make_pair(a.instance, a.name);
    if (auto it = sharedTypeSubst_.find(key); it != sharedTypeSubst_.end()) return it->second;
    ResourceSubstitution renaming;
    if (sig.subst >= 0) renaming = substs_[static_cast<size_t>(sig.subst)];
    for (TypeId t : declaredResources(type)) renaming[resources_.find(t)] = resources_.fresh();
    substs_.push_back(std::move(renaming));
    int index = static_cast<int>(substs_.size() - 1);
    sharedTypeSubst_[key] = index;
    return index;
  }

  // An item aliased out of an instance with renamed resources: a resource type becomes its
  // fresh identity; a function or instance keeps the renaming for later matching.
  Result<void> pushRenamed(ExternDesc desc, int subst) {
    const ResourceSubstitution& renaming = substs_[static_cast<size_t>(subst)];
    if (desc.sort == Sort::Type) {
      auto it = renaming.find(resources_.find(desc.type));
      if (it != renaming.end()) desc.type = it->second;
    }
    if (desc.sort == Sort::Func) funcSubst_[static_cast<uint32_t>(spaces_.funcs.size())] = subst;
    push(desc);
    if (desc.sort == Sort::Instance) spaces_.instances.back().subst = subst;
    return {};
  }

  // The second and later instantiations of a component type give the resources it defines
  // fresh identities (the first keeps the decoder's ids, which the component's own later
  // definitions refer to). Returns the renaming's index, or -1.
  int renameOwnResources(TypeId component, const std::vector<TypeId>& exportedTypes) {
    if (instantiated_.insert(component).second) return -1;
    std::set<TypeId> imports;
    for (const ExternDecl& imp : types_.at(component).imports) {
      if (imp.desc.sort == Sort::Type) imports.insert(resources_.find(imp.desc.type));
    }
    ResourceSubstitution renaming;
    for (TypeId t : exportedTypes) {
      if (t >= types_.size()) continue;
      TypeKind kind = types_.at(t).kind;
      if (kind != TypeKind::Resource && kind != TypeKind::AbstractResource) continue;
      TypeId rep = resources_.find(t);
      if (!imports.count(rep) && !renaming.count(rep)) renaming[rep] = resources_.fresh();
    }
    if (renaming.empty()) return -1;
    substs_.push_back(std::move(renaming));
    return static_cast<int>(substs_.size() - 1);
  }

  // The abstract resources an instance type declares with `(sub resource)`, nested instances'
  // included.
  std::vector<TypeId> declaredResources(TypeId instanceType) const {
    std::vector<TypeId> out;
    std::vector<TypeId> work{instanceType};
    std::set<TypeId> seen;
    while (!work.empty()) {
      TypeId t = work.back();
      work.pop_back();
      if (t >= types_.size() || !seen.insert(t).second) continue;
      for (const ExternDecl& e : types_.at(t).exports) {
        if (e.desc.sort == Sort::Type && e.desc.bound == ExternDesc::Bound::SubResource)
          out.push_back(e.desc.type);
        if (e.desc.sort == Sort::Instance) work.push_back(e.desc.type);
      }
    }
    return out;
  }

  // The renaming an item carries, if it came out of a renamed instance.
  const ResourceSubstitution* substitutionOf(const SortIndex& item) const {
    int subst = -1;
    if (item.sort == Sort::Func) {
      auto it = funcSubst_.find(item.index);
      if (it != funcSubst_.end()) subst = it->second;
    } else if (item.sort == Sort::Instance && item.index < spaces_.instances.size()) {
      subst = spaces_.instances[item.index].subst;
    }
    return subst >= 0 ? &substs_[static_cast<size_t>(subst)] : nullptr;
  }

  Result<void> aliasCoreInstanceExport(const AliasDef& a) {
    if (a.instance >= spaces_.coreInstances.size())
      return invalidError("core instance index out of bounds");
    const CoreInstanceSig& sig = spaces_.coreInstances[a.instance];
    std::optional<ExternType> type;
    if (sig.known) {
      const std::optional<ExternType>* found = nullptr;
      for (const auto& [name, t] : sig.exports) {
        if (name == a.name) found = &t;
      }
      if (!found) {
        return invalidError("core instance " + std::to_string(a.instance) +
                            " has no export named `" + a.name + "`");
      }
      if (*found && coreSortOf((*found)->kind()) != a.sort) {
        return invalidError("export `" + a.name + "` of core instance " +
                            std::to_string(a.instance) + " is a " +
                            sortName(coreSortOf((*found)->kind())) + ", not a " + sortName(a.sort));
      }
      type = *found;
    }
    if (auto* items = spaces_.coreItems(a.sort)) {
      items->push_back(type);
    } else if (a.sort == Sort::CoreTag) {
      ++spaces_.coreTags;
    }
    return {};
  }

  Result<void> aliasOuter(const AliasDef& a) {
    const Spaces* target = &spaces_;
    for (uint32_t c = 0; c < a.outerCount && target; ++c) target = target->parent;
    if (!target)
      return invalidError("invalid outer alias count of " + std::to_string(a.outerCount));
    switch (a.sort) {
      case Sort::CoreType:
        spaces_.coreTypes.push_back(a.type);
        return {};
      case Sort::Type:
        // The decoder refused outer aliases of types that refer to resources.
        spaces_.types.push_back(a.type);
        return {};
      case Sort::CoreModule:
        spaces_.coreModules.push_back(a.outerIndex < target->coreModules.size()
                                          ? target->coreModules[a.outerIndex]
                                          : CoreModuleSig{});
        return {};
      case Sort::Component:
        spaces_.components.push_back(
            a.outerIndex < target->components.size() ? target->components[a.outerIndex] : kNoType);
        return {};
      default:
        return invalidError(
            std::string("outer aliases may only refer to types, modules or components, not ") +
            sortName(a.sort));
    }
  }

  std::optional<ExternType> coreItem(const SortIndex& item) const {
    const auto* items = spaces_.coreItems(item.sort);
    if (!items || item.index >= items->size()) return std::nullopt;
    return (*items)[item.index];
  }

  ExternDesc describe(const SortIndex& item) const {
    ExternDesc d;
    d.sort = item.sort;
    auto pick = [&](const std::vector<TypeId>& space) {
      return item.index < space.size() ? space[item.index] : kNoType;
    };
    switch (item.sort) {
      case Sort::Func:
        d.type = pick(spaces_.funcs);
        break;
      case Sort::Type:
        d.type = pick(spaces_.types);
        break;
      case Sort::Component:
        d.type = pick(spaces_.components);
        break;
      default:
        break;  // instances are matched by their export lists; core modules are not compared
    }
    return d;
  }

  void push(const ExternDesc& desc) {
    switch (desc.sort) {
      case Sort::Func:
        spaces_.funcs.push_back(desc.type);
        break;
      case Sort::Type:
        spaces_.types.push_back(desc.type);
        break;
      case Sort::Component:
        spaces_.components.push_back(desc.type);
        break;
      case Sort::Instance: {
        InstanceSig sig;
        if (desc.type < types_.size()) {
          sig.exports = types_.at(desc.type).exports;
          collectNamedTypes(types_, desc.type, sig.namedTypes);
        }
        spaces_.instances.push_back(std::move(sig));
        break;
      }
      case Sort::CoreModule:
        spaces_.coreModules.push_back({});
        break;
      case Sort::Value:
        ++spaces_.values;
        break;
      default:
        if (auto* items = spaces_.coreItems(desc.sort)) items->push_back(std::nullopt);
        break;
    }
  }

  const TypeArena& types_;
  const AbiFacts& facts_;
  ResourceEquivalence& resources_;
  Spaces spaces_;
  NameScope importNames_;
  NameScope exportNames_;
  std::set<TypeId> imported_;               // types imported so far (named for imports and exports)
  std::set<TypeId> exported_;               // types exported so far (named for exports)
  std::set<TypeId> localResources_;         // resource types this component defines
  std::set<TypeId> instantiated_;           // component types instantiated so far
  std::set<TypeId> importedInstanceTypes_;  // instance types imported so far
  // Renamings of instance exports that share their instance type (renameSharedInstanceType).
  std::map<std::pair<uint32_t, std::string>, int> sharedTypeSubst_;
  std::vector<ResourceSubstitution> substs_;     // renamings of instances (InstanceSig::subst)
  std::unordered_map<uint32_t, int> funcSubst_;  // func index -> its renaming
};

}  // namespace

Result<void> validateComponent(const DecodedComponent& decoded) {
  if (!decoded.types || !decoded.root) return {};
  const TypeArena& types = *decoded.types;
  AbiFacts facts(types);
  ResourceEquivalence resources;
  if (auto r = checkArenaTypes(types, facts, resources); !r) return r;
  ComponentWalk walk(types, facts, resources, nullptr);
  return walk.run(*decoded.root);
}

}  // namespace sable::cm::format
