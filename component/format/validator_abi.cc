// Canonical ABI facts for validation: the rules of component/abi_layout.h applied to the
// decoder's types (CanonicalABI.md "Despecialization": tuples are records; enums, options and
// results are variants).
#include "component/format/validator_abi.h"

#include <algorithm>

namespace sable::cm::format {
namespace {

using abi::Layout;

std::optional<abi::ScalarKind> scalarKind(TypeKind kind) {
  if (isPrimitive(kind)) return static_cast<abi::ScalarKind>(kind);  // Bool..String, same order
  if (kind == TypeKind::List) return abi::ScalarKind::List;
  if (kind == TypeKind::Own || kind == TypeKind::Borrow) return abi::ScalarKind::Handle;
  return std::nullopt;
}

ValType valType(abi::CoreType t) {
  switch (t) {
    case abi::CoreType::I64:
      return ValType::I64;
    case abi::CoreType::F32:
      return ValType::F32;
    case abi::CoreType::F64:
      return ValType::F64;
    default:
      return ValType::I32;
  }
}

std::vector<ValType> valTypes(const std::vector<abi::CoreType>& types) {
  std::vector<ValType> out;
  for (abi::CoreType t : types) out.push_back(valType(t));
  return out;
}

}  // namespace

static_assert(static_cast<int>(abi::ScalarKind::String) == static_cast<int>(TypeKind::String));

AbiFacts::AbiFacts(const TypeArena& types) : types_(types) {
  facts_.reserve(types.size());
  for (TypeId id = 0; id < types.size(); ++id) facts_.push_back(compute(types.at(id)));
}

void AbiFacts::addRecord(Facts& f, const std::vector<TypeId>& members) const {
  std::vector<Layout> layouts;
  for (TypeId m : members) {
    const Facts& mf = at(m);
    layouts.push_back(mf.layout);
    f.stringOrList |= mf.stringOrList;
    f.borrow |= mf.borrow;
    abi::appendFlat(f.flat, mf.flat);
  }
  f.layout = abi::recordLayout(layouts, nullptr);
}

void AbiFacts::addVariant(Facts& f, const std::vector<TypeId>& payloads, size_t cases) const {
  std::vector<Layout> layouts;
  f.flat = abi::variantFlat();
  for (TypeId p : payloads) {
    if (p == kNoType) continue;
    const Facts& pf = at(p);
    layouts.push_back(pf.layout);
    f.stringOrList |= pf.stringOrList;
    f.borrow |= pf.borrow;
    abi::joinFlat(f.flat, pf.flat);
  }
  f.layout = abi::variantLayout(abi::discriminantSize(cases), layouts, nullptr);
}

AbiFacts::Facts AbiFacts::compute(const TypeDef& def) const {
  Facts f;
  std::vector<TypeId> members;
  for (const Field& field : def.fields) members.push_back(field.type);
  switch (def.kind) {
    case TypeKind::Record:
    case TypeKind::Tuple:
      addRecord(f, members);
      return f;
    case TypeKind::Variant:
      addVariant(f, members, members.size());
      return f;
    case TypeKind::Enum:
      addVariant(f, {}, def.fields.size());
      return f;
    case TypeKind::Option:
      addVariant(f, {kNoType, def.elem}, 2);
      return f;
    case TypeKind::Result:
      addVariant(f, {def.elem, def.err}, 2);
      return f;
    case TypeKind::Flags:
      f.layout = abi::flagsLayout(def.fields.size());
      f.flat = abi::variantFlat();  // one i32
      return f;
    default:
      break;
  }
  std::optional<abi::ScalarKind> scalar = scalarKind(def.kind);
  if (!scalar) return f;  // not a value type
  abi::Scalar s = abi::scalar(*scalar);
  f.layout = s.memory32;
  f.flat = std::move(s.flat);
  f.stringOrList = def.kind == TypeKind::String || def.kind == TypeKind::List;
  f.borrow = def.kind == TypeKind::Borrow || (def.kind == TypeKind::List && at(def.elem).borrow);
  return f;
}

FuncType AbiFacts::flattenFunc(TypeId func, bool lift) const {
  const TypeDef& def = types_.at(func);
  abi::Flat params;
  for (const Field& p : def.fields) abi::appendFlat(params, at(p.type).flat);
  std::optional<abi::Flat> result;
  if (def.result) result = at(*def.result).flat;
  abi::FlatSignature sig = abi::flattenSignature(
      params, result, lift ? abi::FlatContext::Lift : abi::FlatContext::Lower);
  return FuncType(valTypes(sig.params), valTypes(sig.results));
}

}  // namespace sable::cm::format
