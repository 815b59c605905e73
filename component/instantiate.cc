// The instantiation interpreter: one step per definition, in binary order.
#include "component/instantiate.h"

#include <map>
#include <string>

#include "component/call_trace.h"
#include "component/lowered_call.h"
#include "component/type_conversion.h"
#include "sable/caller.h"
#include "sable/instance.h"
#include "sable/value.h"

namespace sable::cm {
namespace {

using format::Sort;

Error unlinkable(size_t offset, std::string message) {
  return Error{ErrorKind::Unlinkable, offset, std::move(message)};
}

ValType coreValType(canon::CoreType t) {
  switch (t) {
    case canon::CoreType::I32:
      return ValType::I32;
    case canon::CoreType::I64:
      return ValType::I64;
    case canon::CoreType::F32:
      return ValType::F32;
    case canon::CoreType::F64:
      return ValType::F64;
  }
  return ValType::I32;
}

FuncType coreFuncType(const canon::FlatSignature& sig) {
  std::vector<ValType> params, results;
  for (canon::CoreType t : sig.params) params.push_back(coreValType(t));
  for (canon::CoreType t : sig.results) results.push_back(coreValType(t));
  return FuncType(params, results);
}

const char* rtItemSortName(const RtItem& item) {
  switch (item.index()) {
    case 0:
      return "func";
    case 1:
      return "type";
    case 2:
      return "instance";
    case 3:
      return "component";
    default:
      return "core module";
  }
}

// Whether `item` can fill a slot of `sort`.
bool itemMatchesSort(const RtItem& item, Sort sort) {
  switch (sort) {
    case Sort::Func:
      return item.index() == 0;
    case Sort::Type:
      return item.index() == 1;
    case Sort::Instance:
      return item.index() == 2;
    case Sort::Component:
      return item.index() == 3;
    case Sort::CoreModule:
      return item.index() == 4;
    default:
      return false;
  }
}

// Bounds one segment of an instance path: names come from the binary, and each nested
// instance's path repeats its ancestors'.
constexpr size_t kMaxPathSegment = 64;

// The path segment of instance `index` of `parent`, an instance of `child`: its name in the
// parent's component-name section, else the child component's own name, else the index.
std::string instancePathSegment(const format::ComponentDef& parent, uint32_t index,
                                const format::ComponentDef& child) {
  const auto& names = parent.sortNames[static_cast<size_t>(Sort::Instance)];
  auto it = names.find(index);
  std::string segment = it != names.end() && !it->second.empty() ? it->second : child.name;
  if (segment.empty()) return std::to_string(index);
  if (segment.size() > kMaxPathSegment) segment = segment.substr(0, kMaxPathSegment) + "...";
  return segment;
}

// Runs the definitions of one component instance.
class Instantiator {
 public:
  Instantiator(Store& store, RootState& root, RuntimeEnv& env, const ImportResolver& resolve,
               const format::ComponentDef& def)
      : store_(store), root_(root), env_(env), resolve_(resolve), def_(&def) {}

  Result<void> run() {
    for (const format::Definition& d : def_->definitions) {
      Result<void> r = std::visit([&](const auto& x) { return step(x); }, d);
      if (!r) return r;
    }
    return {};
  }

 private:
  // --- item plumbing -------------------------------------------------------------------
  // Appends `item` to the space of `sort`.
  Result<void> push(Sort sort, const RtItem& item, size_t offset) {
    if (!itemMatchesSort(item, sort)) {
      return unlinkable(offset, std::string("expected a ") + format::sortName(sort) + ", found a " +
                                    rtItemSortName(item));
    }
    switch (sort) {
      case Sort::Func:
        env_.funcs.push_back(std::get<0>(item));
        break;
      case Sort::Type:
        env_.types.push_back(std::get<1>(item));
        break;
      case Sort::Instance:
        env_.instances.push_back(std::get<2>(item));
        break;
      case Sort::Component:
        env_.components.push_back(std::get<3>(item));
        break;
      default:
        env_.coreModules.push_back(std::get<4>(item));
        break;
    }
    return {};
  }

  // The item at `idx` of a component-level space (or a core module).
  RtItem item(format::SortIndex idx) const {
    switch (idx.sort) {
      case Sort::Func:
        return env_.funcs[idx.index];
      case Sort::Type:
        return env_.types[idx.index];
      case Sort::Instance:
        return env_.instances[idx.index];
      case Sort::Component:
        return env_.components[idx.index];
      default:
        return env_.coreModules[idx.index];
    }
  }

  Result<void> pushCore(Sort sort, const Extern& e, size_t offset) {
    auto mismatch = [&] {
      return unlinkable(offset, std::string("expected a ") + format::sortName(sort) + ", found a " +
                                    externKindName(e.kind()));
    };
    switch (sort) {
      case Sort::CoreFunc:
        if (!e.func()) return mismatch();
        env_.coreFuncs.push_back(*e.func());
        return {};
      case Sort::CoreTable:
        if (!e.table()) return mismatch();
        env_.coreTables.push_back(*e.table());
        return {};
      case Sort::CoreMemory:
        if (!e.memory()) return mismatch();
        env_.coreMemories.push_back(*e.memory());
        return {};
      case Sort::CoreGlobal:
        if (!e.global()) return mismatch();
        env_.coreGlobals.push_back(*e.global());
        return {};
      default:
        return Error{ErrorKind::Unsupported, offset, std::string("core ") + format::sortName(sort)};
    }
  }

  std::optional<Extern> coreItem(format::SortIndex idx) const {
    switch (idx.sort) {
      case Sort::CoreFunc:
        return Extern(env_.coreFuncs[idx.index]);
      case Sort::CoreTable:
        return Extern(env_.coreTables[idx.index]);
      case Sort::CoreMemory:
        return Extern(env_.coreMemories[idx.index]);
      case Sort::CoreGlobal:
        return Extern(env_.coreGlobals[idx.index]);
      default:
        return std::nullopt;
    }
  }

  // Binds the resource types a type declaration introduces to what `item` supplies: a type
  // import to the supplied type, an instance import's type exports to the instance's.
  void bindResources(const format::ExternDesc& desc, const RtItem& supplied, uint32_t depth) {
    if (depth > kMaxInstantiationDepth || desc.type == format::kNoType) return;
    if (desc.sort == Sort::Type) {
      if (const RtType* t = std::get_if<RtType>(&supplied); t && t->resource) {
        env_.resources[desc.type] = t->resource;
      }
      return;
    }
    if (desc.sort != Sort::Instance) return;
    const auto* inst = std::get_if<std::shared_ptr<RtInstance>>(&supplied);
    if (!inst || !*inst) return;
    for (const format::ExternDecl& e : root_.types->at(desc.type).exports) {
      if (const RtItem* sub = (*inst)->find(e.name.name)) bindResources(e.desc, *sub, depth + 1);
    }
  }

  // --- definitions ---------------------------------------------------------------------
  Result<void> step(const format::CoreModuleDef& m) {
    env_.coreModules.push_back(m.module);
    return {};
  }

  Result<void> step(const format::CoreInstanceDef& d) {
    auto inst = std::make_shared<RtCoreInstance>();
    if (!d.module) {
      for (const auto& e : d.exports) {
        std::optional<Extern> x = coreItem(e.item);
        if (!x) return Error{ErrorKind::Unsupported, d.offset, "core instance export of a tag"};
        inst->exports.push_back(NamedExtern{e.name, *x});
      }
      env_.coreInstances.push_back(std::move(inst));
      return {};
    }
    const Module& module = env_.coreModules[*d.module];
    std::vector<Extern> imports;
    for (const ImportType& imp : module.imports()) {
      const RtCoreInstance* from = nullptr;
      for (const auto& a : d.args) {
        if (a.name == imp.module) from = env_.coreInstances[a.instance].get();
      }
      std::optional<Extern> x = from ? from->find(imp.name) : std::nullopt;
      if (!x) {
        return unlinkable(d.offset, "core module import `" + imp.module + "` `" + imp.name +
                                        "` is not satisfied by the instantiation's arguments");
      }
      imports.push_back(*x);
    }
    Result<Instance> created = Instance::create(store_, module, imports);
    if (!created) return created.error();
    inst->exports = created->exports();
    env_.coreInstances.push_back(std::move(inst));
    return {};
  }

  Result<void> step(const format::NestedComponentDef& d);
  Result<void> step(const format::InstanceDef& d);

  Result<void> step(const format::AliasDef& a) {
    switch (a.target) {
      case format::AliasDef::Target::CoreInstanceExport: {
        std::optional<Extern> x = env_.coreInstances[a.instance]->find(a.name);
        if (!x) {
          return unlinkable(a.offset, "core instance " + std::to_string(a.instance) +
                                          " has no export named `" + a.name + "`");
        }
        return pushCore(a.sort, *x, a.offset);
      }
      case format::AliasDef::Target::InstanceExport: {
        const RtItem* x = env_.instances[a.instance]->find(a.name);
        if (!x) {
          return unlinkable(a.offset, "instance " + std::to_string(a.instance) +
                                          " has no export named `" + a.name + "`");
        }
        if (a.sort == Sort::Func) nameAliasedFunc(a);
        if (a.sort == Sort::Type && a.type != format::kNoType) {
          if (const RtType* t = std::get_if<RtType>(x); t && t->resource) {
            env_.resources[a.type] = t->resource;
          }
        }
        return push(a.sort, *x, a.offset);
      }
      case format::AliasDef::Target::Outer:
        return outerAlias(a);
    }
    return {};
  }

  Result<void> outerAlias(const format::AliasDef& a) {
    RuntimeEnv* target = &env_;
    for (uint32_t i = 0; i < a.outerCount && target; ++i) target = target->parent;
    if (!target) return unlinkable(a.offset, "outer alias past the outermost component");
    switch (a.sort) {
      case Sort::CoreModule:
        env_.coreModules.push_back(target->coreModules.at(a.outerIndex));
        return {};
      case Sort::CoreType:
        ++env_.coreTypes;
        return {};
      case Sort::Type: {
        RtType t = a.outerCount == 0 ? env_.types.at(a.outerIndex) : target->types.at(a.outerIndex);
        if (t.resource && a.type != format::kNoType) env_.resources[a.type] = t.resource;
        env_.types.push_back(t);
        return {};
      }
      case Sort::Component:
        env_.components.push_back(target->components.at(a.outerIndex));
        return {};
      default:
        return unlinkable(a.offset, "outer alias of a non-type sort");
    }
  }

  Result<void> step(const format::TypeDefinition& t) {
    if (t.core) {
      ++env_.coreTypes;
      return {};
    }
    RtType rt{t.type, 0};
    const format::TypeDef& def = root_.types->at(t.type);
    if (def.kind == format::TypeKind::Resource) {
      canon::ResourceType resource;
      resource.impl = env_.state;
      resource.name = "resource " + std::to_string(env_.types.size());
      if (def.dtor) {
        Func dtor = env_.coreFuncs.at(*def.dtor);
        RootState* root = &root_;
        resource.dtor = [dtor, root](uint32_t rep) -> Result<void> {
          Result<Store*> store = activeStore(*root);
          if (!store) return store.error();
          Value arg = Value::i32(static_cast<int32_t>(rep));
          auto r = dtor.call(**store, std::span<const Value>(&arg, 1));
          if (!r) return r.error();
          return {};
        };
      }
      rt.resource = root_.resources.add(std::move(resource));
      env_.resources[t.type] = rt.resource;
    }
    env_.types.push_back(rt);
    return {};
  }

  Result<canon::CanonOptions> options(const format::CanonOptions& o) {
    canon::CanonOptions out;
    out.encoding = static_cast<canon::StringEncoding>(o.encoding);
    if (o.memory) out.memory = env_.coreMemories.at(*o.memory);
    if (o.realloc) {
      auto typed = env_.coreFuncs.at(*o.realloc).typed<canon::ReallocSignature>(store_);
      if (!typed) return typed.error();  // the validator checked the type: not expected
      out.realloc = *typed;
    }
    if (o.postReturn) out.postReturn = env_.coreFuncs.at(*o.postReturn);
    return out;
  }

  Result<void> step(const format::CanonDef& c) {
    switch (c.op) {
      case format::CanonDef::Op::Lift:
        return lift(c);
      case format::CanonDef::Op::Lower:
        return lower(c);
      default:
        return resourceBuiltin(c);
    }
  }

  Result<void> lift(const format::CanonDef& c) {
    Result<canon::FuncTypeDesc> type = convertFuncType(root_, env_, c.type);
    if (!type) return type.error();
    Result<canon::CanonOptions> opts = options(c.options);
    if (!opts) return opts.error();
    auto f = std::make_shared<RtFunc>();
    f->type = *type;
    f->lifted =
        canon::LiftedFunc{env_.coreFuncs.at(c.func), &root_.canonTypes, *type, *opts, env_.state};
    env_.funcs.push_back(std::move(f));
    return {};
  }

  Result<void> lower(const format::CanonDef& c) {
    std::shared_ptr<RtFunc> callee = env_.funcs.at(c.func);
    Result<canon::CanonOptions> opts = options(c.options);
    if (!opts) return opts.error();
    auto import = std::make_shared<canon::LoweredImport>();
    import->types = &root_.canonTypes;
    import->type = callee->type;
    import->opts = *opts;
    import->instance = env_.state;
    CallTarget target{"host", funcName(c.func), !callee->lifted};
    if (callee->lifted) {
      target.instance = callee->lifted->instance->path;
      import->style = canon::TrapStyle::Adapter;
      if (root_.tracer) {
        import->callee = tracedLiftedCallee(&root_, *callee->lifted, env_.state, target.function);
      } else {
        import->direct = callee->lifted;
      }
    } else if (root_.tracer && callee->fromHost) {
      import->callee = hostCallee(
          callee, tracedFunc(callee->host, root_.tracer, env_.state->path, "host", callee->name));
    } else if (callee->direct) {
      import->hostDirect = callee->direct;
    } else {
      import->callee = hostCallee(callee, callee->host);
    }
    FuncType flat = coreFuncType(root_.canonTypes.flatten(callee->type, canon::FlatContext::Lower));
    env_.coreFuncs.push_back(Func::hostWithCaller(
        store_, flat, loweredCallBody(&root_, std::move(import), std::move(target))));
    return {};
  }

  // The name function `index` was imported or aliased by ("example:kv/kv-store#get"), for trap
  // chains and traces.
  std::string funcName(uint32_t index) const {
    auto it = funcNames_.find(index);
    if (it != funcNames_.end()) return it->second;
    const std::string& name = env_.funcs.at(index)->name;
    return name.empty() ? "func " + std::to_string(index) : name;
  }

  // A lowered import's callee when the function is the host's.
  static canon::ComponentCallable hostCallee(std::shared_ptr<RtFunc> callee, HostFunc host) {
    return
        [callee, host = std::move(host)](std::span<const Val> args) -> Result<std::optional<Val>> {
          Val result;  // on the stack: a component function has at most one result
          std::span<Val> results(&result, callee->type.result ? 1 : 0);
          Result<void> r = host(args, results);
          if (!r) return r.error();
          if (results.empty()) return std::optional<Val>();
          return std::optional<Val>(std::move(result));
        };
  }

  Result<void> resourceBuiltin(const format::CanonDef& c) {
    canon::ResourceTypeId rid = env_.resourceOf(c.type);
    if (rid == 0) rid = env_.types.at(c.typeIndex).resource;
    if (rid == 0) return unlinkable(c.offset, "resource type is not bound in this instantiation");
    canon::InstanceState* inst = env_.state;
    RootState* root = &root_;
    std::vector<ValType> i32{ValType::I32};
    switch (c.op) {
      case format::CanonDef::Op::ResourceNew:
        env_.coreFuncs.push_back(Func::host(
            store_, FuncType(i32, i32),
            [inst, rid](std::span<const Value> a, std::span<Value> r) -> Result<void> {
              auto h = canon::resourceNew(*inst, rid, static_cast<uint32_t>(a[0].asI32()));
              if (!h) return h.error();
              r[0] = Value::i32(static_cast<int32_t>(*h));
              return {};
            }));
        return {};
      case format::CanonDef::Op::ResourceRep:
        env_.coreFuncs.push_back(Func::host(
            store_, FuncType(i32, i32),
            [inst, rid, root](std::span<const Value> a, std::span<Value> r) -> Result<void> {
              auto rep = canon::resourceRep(*inst, root->resources, rid,
                                            static_cast<uint32_t>(a[0].asI32()));
              if (!rep) return rep.error();
              r[0] = Value::i32(static_cast<int32_t>(*rep));
              return {};
            }));
        return {};
      default:
        // A drop may run a destructor, which needs the store of this call.
        env_.coreFuncs.push_back(
            Func::hostWithCaller(store_, FuncType(i32, {}),
                                 [inst, rid, root](Caller& caller, std::span<const Value> a,
                                                   std::span<Value>) -> Result<void> {
                                   ActiveStoreScope active(*root, caller.store());
                                   return canon::resourceDrop(*inst, root->resources, rid,
                                                              static_cast<uint32_t>(a[0].asI32()));
                                 }));
        return {};
    }
  }

  // Names the function alias `a` adds: "instance#func" when the instance was imported.
  void nameAliasedFunc(const format::AliasDef& a) {
    auto it = importedInstanceNames_.find(a.instance);
    std::string instance = it != importedInstanceNames_.end() ? it->second : "";
    funcNames_[static_cast<uint32_t>(env_.funcs.size())] =
        instance.empty() ? a.name : instance + "#" + a.name;
  }

  Result<void> step(const format::ImportDef& imp) {
    Result<RtItem> supplied = resolve_(imp, env_);
    if (!supplied) return supplied.error();
    if (imp.desc.sort == Sort::Instance) {
      importedInstanceNames_[static_cast<uint32_t>(env_.instances.size())] = imp.name.name;
    } else if (imp.desc.sort == Sort::Func) {
      funcNames_[static_cast<uint32_t>(env_.funcs.size())] = imp.name.name;
    }
    bindResources(imp.desc, *supplied, 0);
    return push(imp.desc.sort, *supplied, imp.offset);
  }

  Result<void> step(const format::ExportDef& e) {
    RtItem x = item(e.item);
    env_.exports->exports.emplace_back(e.name.name, x);
    if (e.newType != format::kNoType) {
      // The export's new type index stands for the same resource.
      if (const RtType* t = std::get_if<RtType>(&x); t && t->resource) {
        env_.resources[e.newType] = t->resource;
      }
    }
    return push(e.item.sort, x, e.offset);
  }

  Result<void> step(const format::StartDef& s) {
    return Error{ErrorKind::Unsupported, s.offset, "start definitions (🪙 values)"};
  }

  Store& store_;
  RootState& root_;
  RuntimeEnv& env_;
  const ImportResolver& resolve_;
  const format::ComponentDef* def_;
  // Names of imported instances and of imported or aliased functions, by index (for messages).
  std::map<uint32_t, std::string> importedInstanceNames_;
  std::map<uint32_t, std::string> funcNames_;
};  // namespace sable::cm

Result<void> Instantiator::step(const format::NestedComponentDef& d) {
  env_.components.push_back(RtComponent{def_->components.at(d.child).get(), &env_});
  return {};
}

Result<void> Instantiator::step(const format::InstanceDef& d) {
  if (!d.component) {
    auto inst = std::make_shared<RtInstance>();
    for (const auto& e : d.exports) inst->exports.emplace_back(e.name.name, item(e.item));
    env_.instances.push_back(std::move(inst));
    return {};
  }
  const RtComponent& child = env_.components.at(*d.component);
  std::vector<std::pair<std::string, RtItem>> args;
  for (const auto& a : d.args) args.emplace_back(a.name, item(a.item));
  ImportResolver fromArgs = [&args, &d](const format::ImportDef& imp,
                                        RuntimeEnv&) -> Result<RtItem> {
    for (const auto& [name, x] : args) {
      if (name == imp.name.name) return x;
    }
    return unlinkable(d.offset, "missing instantiation argument `" + imp.name.name + "`");
  };
  std::string path =
      env_.state->path + "/" +
      instancePathSegment(*def_, static_cast<uint32_t>(env_.instances.size()), *child.def);
  Result<RuntimeEnv*> made =
      instantiateComponent(store_, root_, *child.def, child.env, fromArgs, std::move(path));
  if (!made) return made.error();
  env_.instances.push_back((*made)->exports);
  return {};
}

}  // namespace

Result<RuntimeEnv*> instantiateComponent(Store& store, RootState& root,
                                         const format::ComponentDef& def, RuntimeEnv* parent,
                                         const ImportResolver& resolveImport, std::string path) {
  uint32_t depth = parent ? parent->depth + 1 : 0;
  if (depth > kMaxInstantiationDepth || root.envs.size() >= kMaxInstancesPerRoot) {
    return Error{
        ErrorKind::Limit, def.offset,
        "component instantiation nested too deeply or creating too many instances (limits " +
            std::to_string(kMaxInstantiationDepth) + " deep, " +
            std::to_string(kMaxInstancesPerRoot) + " instances)"};
  }
  canon::InstanceState& state = root.instanceStates.emplace_back();
  state.parent = parent ? parent->state : nullptr;
  state.path = std::move(path);
  RuntimeEnv& env = root.envs.emplace_back();
  env.parent = parent;
  env.state = &state;
  env.depth = depth;
  Instantiator run(store, root, env, resolveImport, def);
  Result<void> r = run.run();
  if (!r) return r.error();
  return &env;
}

}  // namespace sable::cm
