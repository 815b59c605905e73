// TypeArena and the names of type kinds and sorts.
#include "component/format/component_def.h"

namespace sable::cm::format {

TypeArena::TypeArena() {
  types_.reserve(64);
  for (uint32_t i = 0; i < kPrimitiveTypeCount; ++i) {
    TypeDef def;
    def.kind = static_cast<TypeKind>(i);
    types_.push_back(std::move(def));
  }
}

TypeId TypeArena::add(TypeDef def) {
  types_.push_back(std::move(def));
  return static_cast<TypeId>(types_.size() - 1);
}

TypeId TypeArena::addName(TypeId id) {
  if (id >= types_.size() || !isNominal(types_[id].kind)) return id;
  TypeDef name = types_[id];
  if (name.kind == TypeKind::Resource) {
    name.kind = TypeKind::AbstractResource;
    name.dtor.reset();
  }
  return add(std::move(name));
}

bool isNominal(TypeKind kind) {
  return kind == TypeKind::Record || kind == TypeKind::Variant || kind == TypeKind::Enum ||
         kind == TypeKind::Flags || kind == TypeKind::Resource ||
         kind == TypeKind::AbstractResource;
}

const char* typeKindName(TypeKind kind) {
  static const char* const kNames[] = {
      "bool",      "s8",       "u8",       "s16",      "u16",       "s32",        "u32",     "s64",
      "u64",       "f32",      "f64",      "char",     "string",    "record",     "variant", "list",
      "tuple",     "flags",    "enum",     "option",   "result",    "own",        "borrow",  "func",
      "component", "instance", "resource", "resource", "core func", "core module"};
  auto i = static_cast<size_t>(kind);
  return i < sizeof(kNames) / sizeof(kNames[0]) ? kNames[i] : "?";
}

const char* sortName(Sort sort) {
  static const char* const kNames[] = {"core func", "core table", "core memory", "core global",
                                       "core tag",  "core type",  "core module", "core instance",
                                       "func",      "value",      "type",        "component",
                                       "instance"};
  auto i = static_cast<size_t>(sort);
  return i < kSortCount ? kNames[i] : "?";
}

std::optional<Sort> definitionSort(const Definition& def) {
  struct Visitor {
    std::optional<Sort> operator()(const CoreModuleDef&) const { return Sort::CoreModule; }
    std::optional<Sort> operator()(const CoreInstanceDef&) const { return Sort::CoreInstance; }
    std::optional<Sort> operator()(const NestedComponentDef&) const { return Sort::Component; }
    std::optional<Sort> operator()(const InstanceDef&) const { return Sort::Instance; }
    std::optional<Sort> operator()(const AliasDef& a) const { return a.sort; }
    std::optional<Sort> operator()(const TypeDefinition& t) const {
      return t.core ? Sort::CoreType : Sort::Type;
    }
    std::optional<Sort> operator()(const CanonDef& c) const {
      return c.op == CanonDef::Op::Lift ? Sort::Func : Sort::CoreFunc;
    }
    std::optional<Sort> operator()(const ImportDef& i) const { return i.desc.sort; }
    std::optional<Sort> operator()(const ExportDef& e) const { return e.item.sort; }
    std::optional<Sort> operator()(const StartDef&) const { return std::nullopt; }
  };
  return std::visit(Visitor{}, def);
}

}  // namespace sable::cm::format
