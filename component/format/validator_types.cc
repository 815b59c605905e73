// Rules on every type of the arena that hold wherever the type is used (Binary.md "Type
// Definitions"): labels are kebab-case and strongly unique, values stay below 2^28 bytes,
// function results hold no borrows, and component and instance types' names follow the import
// and export rules.
#include <string>
#include <vector>

#include "component/format/validator_internal.h"

namespace sable::cm::format {
namespace {

bool isDefinedValueType(TypeKind k) {
  return static_cast<uint8_t>(k) >= static_cast<uint8_t>(TypeKind::Record) &&
         static_cast<uint8_t>(k) <= static_cast<uint8_t>(TypeKind::Borrow);
}

// What the labels of `kind` are called in messages, or nullptr when it has none.
const char* labelNoun(TypeKind kind) {
  switch (kind) {
    case TypeKind::Record:
      return "record field";
    case TypeKind::Variant:
      return "variant case";
    case TypeKind::Flags:
      return "flag";
    case TypeKind::Enum:
      return "enum tag";
    case TypeKind::Func:
      return "function parameter";
    default:
      return nullptr;
  }
}

Result<void> checkLabels(const TypeDef& def) {
  const char* noun = labelNoun(def.kind);
  if (!noun) return {};
  std::vector<std::string_view> labels;
  for (const Field& f : def.fields) {
    if (f.name.empty()) return invalidError(std::string(noun) + " name cannot be empty");
    labels.push_back(f.name);
  }
  return names::checkUniqueLabels(labels, noun);
}

Result<void> checkDeclNames(const TypeArena& types, const TypeDef& def,
                            ResourceEquivalence& resources) {
  NameScope imports(types, resources, "import");
  for (const ExternDecl& d : def.imports) {
    if (auto r = imports.add(d.name, d.desc); !r) return r;
  }
  NameScope exports(types, resources, "export");
  for (const ExternDecl& d : def.exports) {
    if (auto r = exports.add(d.name, d.desc); !r) return r;
  }
  return {};
}

// A core module type: unique export names and unique two-level import names.
Result<void> checkCoreModuleType(const TypeDef& def) {
  std::vector<std::pair<std::string_view, std::string_view>> imports;
  for (const CoreExternDecl& i : def.coreImports) imports.emplace_back(i.module, i.name);
  if (auto r = checkCoreImportNames(imports); !r) return r;
  for (size_t a = 0; a < def.coreExports.size(); ++a) {
    for (size_t b = 0; b < a; ++b) {
      if (def.coreExports[a].name == def.coreExports[b].name) {
        return invalidError("export name `" + def.coreExports[a].name + "` already defined");
      }
    }
  }
  return {};
}

Result<void> checkOne(const TypeArena& types, const AbiFacts& facts, TypeId id,
                      ResourceEquivalence& resources) {
  const TypeDef& def = types.at(id);
  if (auto r = checkLabels(def); !r) return r;
  if (isDefinedValueType(def.kind) && facts.size(id) >= kMaxValueSize) {
    return invalidError("value type exceeds maximum byte size (" + std::to_string(facts.size(id)) +
                        " bytes, the limit is 2^28)");
  }
  if (def.kind == TypeKind::Func && def.result && facts.hasBorrow(*def.result)) {
    return invalidError("function result cannot contain a `borrow` type");
  }
  if (def.kind == TypeKind::CoreModule) return checkCoreModuleType(def);
  if (def.kind == TypeKind::Component || def.kind == TypeKind::Instance) {
    return checkDeclNames(types, def, resources);
  }
  return {};
}

}  // namespace

Result<void> checkCoreImportNames(
    const std::vector<std::pair<std::string_view, std::string_view>>& imports) {
  std::set<std::pair<std::string_view, std::string_view>> seen;
  for (const auto& pair : imports) {
    if (!seen.insert(pair).second) {
      return invalidError("duplicate import name `" + std::string(pair.first) + ":" +
                          std::string(pair.second) + "`");
    }
  }
  return {};
}

Result<void> checkArenaTypes(const TypeArena& types, const AbiFacts& facts,
                             ResourceEquivalence& resources) {
  for (TypeId id = kPrimitiveTypeCount; id < types.size(); ++id) {
    if (auto r = checkOne(types, facts, id, resources); !r) {
      Error e = r.error();
      if (e.offset == Error::kNoOffset) e.offset = types.at(id).offset;
      return e;
    }
  }
  return {};
}

}  // namespace sable::cm::format
