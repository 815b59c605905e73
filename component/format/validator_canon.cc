// canon definitions (Binary.md "Canonical Definitions", CanonicalABI.md "canon lift" / "canon
// lower"): the options a function type needs (memory for strings, lists and spilled values;
// realloc where the callee side must allocate), the core signatures of realloc, post-return and
// the lifted core function, and the resource builtins' rules.
#include <string>

#include "component/format/validator_internal.h"

namespace sable::cm::format {
namespace {

const FuncType* coreFuncType(const Spaces& spaces, uint32_t index) {
  if (index >= spaces.coreFuncs.size() || !spaces.coreFuncs[index]) return nullptr;
  return spaces.coreFuncs[index]->func();
}

FuncType signature(std::initializer_list<ValType> params, std::initializer_list<ValType> results) {
  return FuncType(std::span<const ValType>(params.begin(), params.size()),
                  std::span<const ValType>(results.begin(), results.size()));
}

// What a function type needs of the options when lifted or lowered.
struct Needs {
  bool memory = false;
  bool realloc = false;
};

Needs needsOf(const TypeArena& types, const AbiFacts& facts, TypeId func, bool lift) {
  const TypeDef& def = types.at(func);
  bool paramsInMemory = false;
  size_t flatParams = 0;
  for (const Field& p : def.fields) {
    paramsInMemory |= facts.hasStringOrList(p.type);
    flatParams += facts.flat(p.type).count;
  }
  bool resultsInMemory = def.result && facts.hasStringOrList(*def.result);
  size_t flatResults = def.result ? facts.flat(*def.result).count : 0;
  Needs n;
  bool spillParams = flatParams > kMaxFlatParams;
  bool spillResults = flatResults > kMaxFlatResults;
  n.memory = paramsInMemory || resultsInMemory || spillParams || spillResults;
  n.realloc = lift ? (paramsInMemory || spillParams) : resultsInMemory;
  return n;
}

Result<void> checkOptions(const TypeArena& types, const AbiFacts& facts, const CanonOptions& o,
                          TypeId func, bool lift, const Spaces& spaces) {
  if (o.memory && *o.memory >= spaces.coreMemories.size())
    return invalidError("memory index out of bounds");
  if (o.realloc && !o.memory) {
    return invalidError("canonical option `realloc` requires `memory` to also be specified");
  }
  Needs needs = needsOf(types, facts, func, lift);
  if (needs.memory && !o.memory) return invalidError("canonical option `memory` is required");
  if (needs.realloc && !o.realloc) return invalidError("canonical option `realloc` is required");
  if (o.realloc) {
    const FuncType* t = coreFuncType(spaces, *o.realloc);
    FuncType want =
        signature({ValType::I32, ValType::I32, ValType::I32, ValType::I32}, {ValType::I32});
    if (t && !(*t == want)) {
      return invalidError(
          "canonical option `realloc` uses a core function with an incorrect signature " +
          t->toString() + " (expected " + want.toString() + ")");
    }
  }
  if (o.postReturn) {
    if (!lift)
      return invalidError("canonical option `post-return` cannot be specified for lowerings");
    const FuncType* t = coreFuncType(spaces, *o.postReturn);
    FuncType lifted = facts.flattenFunc(func, true);
    FuncType want(lifted.results(), {});
    if (t && !(*t == want)) {
      return invalidError(
          "canonical option `post-return` uses a core function with an incorrect signature " +
          t->toString() + " (expected " + want.toString() + ")");
    }
  }
  return {};
}

Result<void> checkLift(const TypeArena& types, const AbiFacts& facts, const CanonDef& c,
                       Spaces& spaces) {
  if (c.type >= types.size() || types.at(c.type).kind != TypeKind::Func) {
    return invalidError("type index " + std::to_string(c.typeIndex) + " is not a function type");
  }
  if (auto r = checkOptions(types, facts, c.options, c.type, true, spaces); !r) return r;
  const FuncType* core = coreFuncType(spaces, c.func);
  FuncType want = facts.flattenFunc(c.type, true);
  if (core && !(*core == want)) {
    return invalidError("lowered function type " + want.toString() +
                        " does not match the core function's type " + core->toString());
  }
  spaces.funcs.push_back(c.type);
  return {};
}

Result<void> checkLower(const TypeArena& types, const AbiFacts& facts, const CanonDef& c,
                        Spaces& spaces) {
  TypeId func = c.func < spaces.funcs.size() ? spaces.funcs[c.func] : kNoType;
  if (func == kNoType || func >= types.size() || types.at(func).kind != TypeKind::Func) {
    spaces.coreFuncs.push_back(std::nullopt);
    return {};
  }
  if (auto r = checkOptions(types, facts, c.options, func, false, spaces); !r) return r;
  spaces.coreFuncs.push_back(ExternType(facts.flattenFunc(func, false)));
  return {};
}

// Whether `type` is, or was bound by instantiation to, a resource this component defines.
bool isLocal(TypeId type, const std::set<TypeId>& localResources,
             const ResourceEquivalence& resources) {
  if (localResources.count(type)) return true;
  for (TypeId local : localResources) {
    if (resources.find(local) == resources.find(type)) return true;
  }
  return false;
}

Result<void> checkResourceBuiltin(const TypeArena& types, const CanonDef& c, Spaces& spaces,
                                  const std::set<TypeId>& localResources,
                                  const ResourceEquivalence& resources) {
  TypeKind kind = c.type < types.size() ? types.at(c.type).kind : TypeKind::Bool;
  if (kind != TypeKind::Resource && kind != TypeKind::AbstractResource) {
    return invalidError("type index " + std::to_string(c.typeIndex) + " is not a resource type");
  }
  bool drop = c.op == CanonDef::Op::ResourceDrop;
  if (!drop && !isLocal(c.type, localResources, resources)) {
    return invalidError("type index " + std::to_string(c.typeIndex) + " is not a local resource");
  }
  if (drop) {
    spaces.coreFuncs.push_back(ExternType(signature({ValType::I32}, {})));
  } else {
    spaces.coreFuncs.push_back(ExternType(signature({ValType::I32}, {ValType::I32})));
  }
  return {};
}

}  // namespace

Result<void> checkCanon(const TypeArena& types, const AbiFacts& facts, const CanonDef& canon,
                        Spaces& spaces, const std::set<TypeId>& localResources,
                        const ResourceEquivalence& resources) {
  switch (canon.op) {
    case CanonDef::Op::Lift:
      return checkLift(types, facts, canon, spaces);
    case CanonDef::Op::Lower:
      return checkLower(types, facts, canon, spaces);
    default:
      return checkResourceBuiltin(types, canon, spaces, localResources, resources);
  }
}

}  // namespace sable::cm::format
