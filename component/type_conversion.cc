// Decoded value and function types -> canonical ABI descriptors.
#include "component/type_conversion.h"

#include <string>

namespace sable::cm {
namespace {

using format::TypeKind;

Result<canon::TypeId> convert(RootState& root, RuntimeEnv& env, format::TypeId id, uint32_t depth);

Result<std::optional<canon::TypeId>> convertOptional(RootState& root, RuntimeEnv& env,
                                                     format::TypeId id, uint32_t depth) {
  if (id == format::kNoType) return std::optional<canon::TypeId>();
  Result<canon::TypeId> t = convert(root, env, id, depth);
  if (!t) return t.error();
  return std::optional<canon::TypeId>(*t);
}

Result<canon::TypeId> convertDefined(RootState& root, RuntimeEnv& env, const format::TypeDef& def,
                                     uint32_t depth) {
  canon::TypeArena& arena = root.canonTypes;
  switch (def.kind) {
    case TypeKind::Record:
    case TypeKind::Tuple: {
      std::vector<canon::FieldDesc> fields;
      std::vector<canon::TypeId> elems;
      for (const format::Field& f : def.fields) {
        Result<canon::TypeId> t = convert(root, env, f.type, depth + 1);
        if (!t) return t.error();
        fields.push_back(canon::FieldDesc{f.name, *t});
        elems.push_back(*t);
      }
      return def.kind == TypeKind::Record ? arena.record(std::move(fields))
                                          : arena.tuple(std::move(elems));
    }
    case TypeKind::Variant: {
      std::vector<canon::CaseDesc> cases;
      for (const format::Field& f : def.fields) {
        auto t = convertOptional(root, env, f.type, depth + 1);
        if (!t) return t.error();
        cases.push_back(canon::CaseDesc{f.name, *t});
      }
      return arena.variant(std::move(cases));
    }
    case TypeKind::Enum:
    case TypeKind::Flags: {
      std::vector<std::string> names;
      for (const format::Field& f : def.fields) names.push_back(f.name);
      return def.kind == TypeKind::Enum ? arena.enumType(std::move(names))
                                        : arena.flags(std::move(names));
    }
    case TypeKind::List:
    case TypeKind::Option: {
      Result<canon::TypeId> t = convert(root, env, def.elem, depth + 1);
      if (!t) return t.error();
      return def.kind == TypeKind::List ? arena.list(*t) : arena.option(*t);
    }
    case TypeKind::Result: {
      auto ok = convertOptional(root, env, def.elem, depth + 1);
      if (!ok) return ok.error();
      auto err = convertOptional(root, env, def.err, depth + 1);
      if (!err) return err.error();
      return arena.result(*ok, *err);
    }
    case TypeKind::Own:
    case TypeKind::Borrow: {
      canon::ResourceTypeId rid = env.resourceOf(def.elem);
      if (rid == 0) {
        return Error{ErrorKind::Unlinkable, def.offset,
                     "a handle type names a resource type this instantiation did not bind"};
      }
      return def.kind == TypeKind::Own ? arena.own(rid) : arena.borrow(rid);
    }
    default:
      return Error{
          ErrorKind::Invalid, def.offset,
          std::string("a ") + format::typeKindName(def.kind) + " type is not a value type"};
  }
}

Result<canon::TypeId> convert(RootState& root, RuntimeEnv& env, format::TypeId id, uint32_t depth) {
  if (depth > canon::kMaxTypeDepth) {
    return Error{ErrorKind::Limit, Error::kNoOffset, "value types nested too deeply"};
  }
  if (id == format::kNoType || id >= root.types->size()) {
    return Error{ErrorKind::Invalid, Error::kNoOffset, "unknown value type"};
  }
  if (auto it = env.converted.find(id); it != env.converted.end()) return it->second;
  const format::TypeDef& def = root.types->at(id);
  Result<canon::TypeId> t = format::isPrimitive(def.kind)
                                ? root.canonTypes.primitive(static_cast<ValKind>(def.kind))
                                : convertDefined(root, env, def, depth);
  if (t) env.converted.emplace(id, *t);
  return t;
}

}  // namespace

Result<canon::TypeId> convertValType(RootState& root, RuntimeEnv& env, format::TypeId id) {
  return convert(root, env, id, 0);
}

Result<canon::FuncTypeDesc> convertFuncType(RootState& root, RuntimeEnv& env, format::TypeId id) {
  if (id == format::kNoType || root.types->at(id).kind != TypeKind::Func) {
    return Error{ErrorKind::Invalid, Error::kNoOffset, "not a function type"};
  }
  const format::TypeDef& def = root.types->at(id);
  canon::FuncTypeDesc out;
  for (const format::Field& p : def.fields) {
    Result<canon::TypeId> t = convertValType(root, env, p.type);
    if (!t) return t.error();
    out.params.push_back(canon::FieldDesc{p.name, *t});
  }
  if (def.result) {
    Result<canon::TypeId> t = convertValType(root, env, *def.result);
    if (!t) return t.error();
    out.result = *t;
  }
  return out;
}

}  // namespace sable::cm
