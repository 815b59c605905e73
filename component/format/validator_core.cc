// Core instantiation inside a component (Binary.md "Instance Definitions"): the arguments name
// core instances whose exports must satisfy the module's imports, as core WebAssembly's import
// matching requires (kinds, function and global types, table and memory limits).
#include <string>

#include "component/format/validator_internal.h"

namespace sable::cm::format {
namespace {

bool limitsMatch(const Limits& found, const Limits& expected) {
  if (found.min < expected.min) return false;
  if (!expected.hasMax) return true;
  return found.hasMax && found.max <= expected.max;
}

Result<void> externMatches(const ExternType& found, const ExternType& expected) {
  if (found.kind() != expected.kind()) {
    return invalidError(std::string("expected ") + externKindName(expected.kind()) + ", found " +
                        externKindName(found.kind()));
  }
  switch (expected.kind()) {
    case ExternKind::Func:
      if (*found.func() == *expected.func()) return {};
      return invalidError("type mismatch: expected func " + expected.func()->toString() +
                          ", found " + found.func()->toString());
    case ExternKind::Global:
      if (found.global()->type != expected.global()->type) {
        return invalidError(std::string("expected global type ") +
                            valTypeName(expected.global()->type) + ", found " +
                            valTypeName(found.global()->type));
      }
      if (found.global()->isMutable != expected.global()->isMutable) {
        return invalidError("mismatch in global mutability");
      }
      return {};
    case ExternKind::Table:
      if (found.table()->elemType != expected.table()->elemType) {
        return invalidError(std::string("expected table element type ") +
                            valTypeName(expected.table()->elemType) + ", found " +
                            valTypeName(found.table()->elemType));
      }
      if (!limitsMatch(found.table()->limits, expected.table()->limits)) {
        return invalidError("mismatch in table limits");
      }
      return {};
    case ExternKind::Memory:
      if (!limitsMatch(found.memory()->limits, expected.memory()->limits)) {
        return invalidError("mismatch in memory limits");
      }
      return {};
  }
  return {};
}

const CoreInstanceDef::Arg* findArg(const CoreInstanceDef& def, const std::string& name) {
  for (const auto& a : def.args) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

}  // namespace

Result<void> checkCoreInstantiate(const CoreModuleSig& module, const CoreInstanceDef& def,
                                  const Spaces& spaces) {
  for (size_t i = 0; i < def.args.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (def.args[i].name == def.args[j].name) {
        return invalidError("duplicate module instantiation argument named `" + def.args[i].name +
                            "`");
      }
    }
  }
  if (!module.known) return {};
  for (const ImportType& imp : module.imports) {
    const CoreInstanceDef::Arg* arg = findArg(def, imp.module);
    if (!arg)
      return invalidError("missing module instantiation argument named `" + imp.module + "`");
    if (arg->instance >= spaces.coreInstances.size())
      return invalidError("core instance index out of bounds");
    const CoreInstanceSig& inst = spaces.coreInstances[arg->instance];
    if (!inst.known) continue;
    const std::optional<ExternType>* found = nullptr;
    for (const auto& [name, type] : inst.exports) {
      if (name == imp.name) found = &type;
    }
    if (!found) {
      return invalidError("module instantiation argument `" + imp.module +
                          "` does not export an item named `" + imp.name + "`");
    }
    if (!*found) continue;
    if (auto r = externMatches(**found, imp.type); !r) {
      return invalidError("type mismatch for export `" + imp.name +
                          "` of module instantiation argument `" + imp.module +
                          "`: " + r.error().message);
    }
  }
  return {};
}

}  // namespace sable::cm::format
