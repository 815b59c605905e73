// Canonical ABI facts for validation: sizes, alignment and flattening (CanonicalABI.md
// "Despecialization", "Alignment", "Element Size", "Flattening").
#include "component/format/validator_abi.h"

#include <algorithm>

namespace sable::cm::format {
namespace {

constexpr uint64_t kSizeCap = uint64_t{1} << 32;
constexpr size_t kFlatCap = kMaxFlatParams + 1;

uint64_t alignTo(uint64_t n, uint32_t align) {
  return std::min(kSizeCap, (n + align - 1) / align * align);
}

uint64_t capped(uint64_t n) { return std::min(kSizeCap, n); }

// join(a, b) of two flat types in the same variant slot.
ValType join(ValType a, ValType b) {
  if (a == b) return a;
  if ((a == ValType::I32 && b == ValType::F32) || (a == ValType::F32 && b == ValType::I32)) {
    return ValType::I32;
  }
  return ValType::I64;
}

void appendCapped(std::vector<ValType>& out, const std::vector<ValType>& more) {
  for (ValType t : more) {
    if (out.size() >= kFlatCap) return;
    out.push_back(t);
  }
}

struct Primitive {
  uint32_t size;
  ValType flat;
};

Primitive primitive(TypeKind kind) {
  switch (kind) {
    case TypeKind::Bool:
    case TypeKind::S8:
    case TypeKind::U8:
      return {1, ValType::I32};
    case TypeKind::S16:
    case TypeKind::U16:
      return {2, ValType::I32};
    case TypeKind::S64:
    case TypeKind::U64:
      return {8, ValType::I64};
    case TypeKind::F32:
      return {4, ValType::F32};
    case TypeKind::F64:
      return {8, ValType::F64};
    default:
      return {4, ValType::I32};  // s32, u32, char, own, borrow
  }
}

uint32_t discriminantSize(size_t cases) {
  if (cases <= 256) return 1;
  if (cases <= 65536) return 2;
  return 4;
}

}  // namespace

AbiFacts::AbiFacts(const TypeArena& types) : types_(types) {
  facts_.reserve(types.size());
  for (TypeId id = 0; id < types.size(); ++id) facts_.push_back(compute(types.at(id)));
}

AbiFacts::Facts AbiFacts::compute(const TypeDef& def) const {
  Facts f;
  auto fieldsAsRecord = [&](const std::vector<TypeId>& members) {
    uint64_t size = 0;
    for (TypeId m : members) {
      const Facts& mf = at(m);
      size = capped(alignTo(size, mf.align) + mf.size);
      f.align = std::max(f.align, mf.align);
      f.stringOrList |= mf.stringOrList;
      f.borrow |= mf.borrow;
      appendCapped(f.flat, mf.flat);
    }
    f.size = alignTo(size, f.align);
  };
  // A variant of cases with optional payloads (option, result and enum despecialise to one).
  auto variant = [&](const std::vector<TypeId>& payloads, size_t cases) {
    uint32_t disc = discriminantSize(cases);
    uint64_t payloadSize = 0;
    uint32_t payloadAlign = 1;
    std::vector<ValType> joined;
    for (TypeId p : payloads) {
      if (p == kNoType) continue;
      const Facts& pf = at(p);
      payloadSize = std::max(payloadSize, pf.size);
      payloadAlign = std::max(payloadAlign, pf.align);
      f.stringOrList |= pf.stringOrList;
      f.borrow |= pf.borrow;
      for (size_t i = 0; i < pf.flat.size() && i < kFlatCap; ++i) {
        if (i < joined.size()) {
          joined[i] = join(joined[i], pf.flat[i]);
        } else {
          joined.push_back(pf.flat[i]);
        }
      }
    }
    f.align = std::max(disc, payloadAlign);
    f.size = alignTo(capped(alignTo(disc, payloadAlign) + payloadSize), f.align);
    f.flat.push_back(ValType::I32);
    appendCapped(f.flat, joined);
  };
  std::vector<TypeId> members;
  for (const Field& field : def.fields) members.push_back(field.type);
  switch (def.kind) {
    case TypeKind::String:
    case TypeKind::List:
      f.size = 8;
      f.align = 4;
      f.stringOrList = true;
      f.flat = {ValType::I32, ValType::I32};
      if (def.kind == TypeKind::List) f.borrow = at(def.elem).borrow;
      return f;
    case TypeKind::Record:
    case TypeKind::Tuple:
      fieldsAsRecord(members);
      return f;
    case TypeKind::Variant:
      variant(members, members.size());
      return f;
    case TypeKind::Enum:
      variant({}, def.fields.size());
      return f;
    case TypeKind::Option:
      variant({kNoType, def.elem}, 2);
      return f;
    case TypeKind::Result:
      variant({def.elem, def.err}, 2);
      return f;
    case TypeKind::Flags: {
      size_t n = def.fields.size();
      f.size = n <= 8 ? 1 : n <= 16 ? 2 : 4;
      f.align = static_cast<uint32_t>(f.size);
      f.flat = {ValType::I32};
      return f;
    }
    case TypeKind::Borrow:
      f.borrow = true;
      [[fallthrough]];
    default:
      if (isPrimitive(def.kind) || def.kind == TypeKind::Own || def.kind == TypeKind::Borrow) {
        Primitive p = primitive(def.kind);
        f.size = p.size;
        f.align = p.size;
        f.flat = {p.flat};
      }
      return f;
  }
}

FuncType AbiFacts::flattenFunc(TypeId func, bool lift) const {
  const TypeDef& def = types_.at(func);
  std::vector<ValType> params;
  for (const Field& p : def.fields) appendCapped(params, at(p.type).flat);
  std::vector<ValType> results;
  if (def.result) results = at(*def.result).flat;
  if (params.size() > kMaxFlatParams) params = {ValType::I32};
  if (results.size() > kMaxFlatResults) {
    if (lift) {
      results = {ValType::I32};
    } else {
      params.push_back(ValType::I32);
      results.clear();
    }
  }
  return FuncType(params, results);
}

}  // namespace sable::cm::format
