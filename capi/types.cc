#include "types.h"

#include <algorithm>
#include <vector>

wasm_functype_t::~wasm_functype_t() {
  wasm_valtype_vec_delete(&params);
  wasm_valtype_vec_delete(&results);
}

namespace sable::capi {

namespace {

wasm_limits_t toCLimits(const Limits& limits) {
  // wasm.h's limits are 32-bit; a larger 64-bit memory limit is shown as the largest.
  auto clamp = [](uint64_t v) { return static_cast<uint32_t>(std::min<uint64_t>(v, 0xffffffff)); };
  return wasm_limits_t{clamp(limits.min),
                       limits.hasMax ? clamp(limits.max) : wasm_limits_max_default};
}

wasm_valtype_vec_t newValTypeVec(std::span<const ValType> types) {
  wasm_valtype_vec_t vec;
  wasm_valtype_vec_new_uninitialized(&vec, types.size());
  for (size_t i = 0; i < types.size(); ++i) vec.data[i] = wasm_valtype_new(toValKind(types[i]));
  return vec;
}

std::optional<std::vector<ValType>> toValTypes(const wasm_valtype_vec_t& vec) {
  std::vector<ValType> types;
  for (size_t i = 0; i < vec.size; ++i) {
    std::optional<ValType> type = toValType(vec.data[i]->kind);
    if (!type) return std::nullopt;
    types.push_back(*type);
  }
  return types;
}

}  // namespace

wasm_valkind_t toValKind(ValType type) {
  switch (type) {
    case ValType::I32:
      return WASM_I32;
    case ValType::I64:
      return WASM_I64;
    case ValType::F32:
      return WASM_F32;
    case ValType::F64:
      return WASM_F64;
    case ValType::V128:
      return kValKindV128;
    case ValType::FuncRef:
      return WASM_FUNCREF;
    case ValType::ExternRef:
      return WASM_EXTERNREF;
  }
  return WASM_I32;
}

std::optional<ValType> toValType(wasm_valkind_t kind) {
  switch (kind) {
    case WASM_I32:
      return ValType::I32;
    case WASM_I64:
      return ValType::I64;
    case WASM_F32:
      return ValType::F32;
    case WASM_F64:
      return ValType::F64;
    case kValKindV128:
      return ValType::V128;
    case WASM_FUNCREF:
      return ValType::FuncRef;
    case WASM_EXTERNREF:
      return ValType::ExternRef;
    default:
      return std::nullopt;
  }
}

Limits toLimits(const wasm_limits_t& limits) {
  bool hasMax = limits.max != wasm_limits_max_default;
  return Limits{limits.min, hasMax ? limits.max : 0, hasMax};
}

wasm_functype_t* newFuncType(const FuncType& type) {
  return new wasm_functype_t(newValTypeVec(type.params()), newValTypeVec(type.results()));
}

wasm_globaltype_t* newGlobalType(const GlobalType& type) {
  return new wasm_globaltype_t(wasm_valtype_new(toValKind(type.type)),
                               type.isMutable ? WASM_VAR : WASM_CONST);
}

wasm_tabletype_t* newTableType(const TableType& type) {
  return new wasm_tabletype_t(wasm_valtype_new(toValKind(type.elemType)), toCLimits(type.limits));
}

wasm_memorytype_t* newMemoryType(const MemoryType& type) {
  return new wasm_memorytype_t(toCLimits(type.limits));
}

std::optional<FuncType> toFuncType(const wasm_functype_t& type) {
  std::optional<std::vector<ValType>> params = toValTypes(type.params);
  std::optional<std::vector<ValType>> results = toValTypes(type.results);
  if (!params || !results) return std::nullopt;
  return FuncType(*params, *results);
}

std::optional<GlobalType> toGlobalType(const wasm_globaltype_t& type) {
  std::optional<ValType> content = toValType(type.content->kind);
  if (!content) return std::nullopt;
  return GlobalType{*content, type.mutability == WASM_VAR};
}

std::optional<TableType> toTableType(const wasm_tabletype_t& type) {
  std::optional<ValType> element = toValType(type.element->kind);
  if (!element || !isRefType(*element)) return std::nullopt;
  return TableType{*element, toLimits(type.limits)};
}

}  // namespace sable::capi

namespace {

wasm_externtype_t* copyExternType(const wasm_externtype_t* type) {
  switch (type->kind) {
    case WASM_EXTERN_FUNC:
      return wasm_functype_copy(static_cast<const wasm_functype_t*>(type));
    case WASM_EXTERN_GLOBAL:
      return wasm_globaltype_copy(static_cast<const wasm_globaltype_t*>(type));
    case WASM_EXTERN_TABLE:
      return wasm_tabletype_copy(static_cast<const wasm_tabletype_t*>(type));
    default:
      return wasm_memorytype_copy(static_cast<const wasm_memorytype_t*>(type));
  }
}

}  // namespace

// The casts between an extern type and its specific type (WASM_DECLARE_TYPE's
// wasm_*_as_externtype and wasm_externtype_as_*): down only for the matching kind.
#define SABLE_CAPI_EXTERNTYPE_CASTS(name, KIND)                                             \
  wasm_externtype_t* wasm_##name##_as_externtype(wasm_##name##_t* type) { return type; }    \
  const wasm_externtype_t* wasm_##name##_as_externtype_const(const wasm_##name##_t* type) { \
    return type;                                                                            \
  }                                                                                         \
  wasm_##name##_t* wasm_externtype_as_##name(wasm_externtype_t* type) {                     \
    return type->kind == KIND ? static_cast<wasm_##name##_t*>(type) : nullptr;              \
  }                                                                                         \
  const wasm_##name##_t* wasm_externtype_as_##name##_const(const wasm_externtype_t* type) { \
    return type->kind == KIND ? static_cast<const wasm_##name##_t*>(type) : nullptr;        \
  }

extern "C" {

wasm_valtype_t* wasm_valtype_new(wasm_valkind_t kind) { return new wasm_valtype_t{kind}; }
wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t* type) { return type->kind; }
wasm_valtype_t* wasm_valtype_copy(const wasm_valtype_t* type) {
  return type ? new wasm_valtype_t{*type} : nullptr;
}
void wasm_valtype_delete(wasm_valtype_t* type) { delete type; }

wasm_functype_t* wasm_functype_new(wasm_valtype_vec_t* params, wasm_valtype_vec_t* results) {
  return new wasm_functype_t(*params, *results);
}
const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t* type) {
  return &type->params;
}
const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t* type) {
  return &type->results;
}
wasm_functype_t* wasm_functype_copy(const wasm_functype_t* type) {
  if (type == nullptr) return nullptr;
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_copy(&params, &type->params);
  wasm_valtype_vec_copy(&results, &type->results);
  return new wasm_functype_t(params, results);
}
void wasm_functype_delete(wasm_functype_t* type) { delete type; }

wasm_globaltype_t* wasm_globaltype_new(wasm_valtype_t* content, wasm_mutability_t mutability) {
  return new wasm_globaltype_t(content, mutability);
}
const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t* type) {
  return type->content;
}
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t* type) {
  return type->mutability;
}
wasm_globaltype_t* wasm_globaltype_copy(const wasm_globaltype_t* type) {
  if (type == nullptr) return nullptr;
  return new wasm_globaltype_t(wasm_valtype_copy(type->content), type->mutability);
}
void wasm_globaltype_delete(wasm_globaltype_t* type) { delete type; }

wasm_tabletype_t* wasm_tabletype_new(wasm_valtype_t* element, const wasm_limits_t* limits) {
  return new wasm_tabletype_t(element, *limits);
}
const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t* type) { return type->element; }
const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t* type) { return &type->limits; }
wasm_tabletype_t* wasm_tabletype_copy(const wasm_tabletype_t* type) {
  if (type == nullptr) return nullptr;
  return new wasm_tabletype_t(wasm_valtype_copy(type->element), type->limits);
}
void wasm_tabletype_delete(wasm_tabletype_t* type) { delete type; }

wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t* limits) {
  return new wasm_memorytype_t(*limits);
}
const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t* type) { return &type->limits; }
wasm_memorytype_t* wasm_memorytype_copy(const wasm_memorytype_t* type) {
  return type ? new wasm_memorytype_t(type->limits) : nullptr;
}
void wasm_memorytype_delete(wasm_memorytype_t* type) { delete type; }

wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t* type) { return type->kind; }
wasm_externtype_t* wasm_externtype_copy(const wasm_externtype_t* type) {
  return type ? copyExternType(type) : nullptr;
}
void wasm_externtype_delete(wasm_externtype_t* type) { delete type; }

SABLE_CAPI_EXTERNTYPE_CASTS(functype, WASM_EXTERN_FUNC)
SABLE_CAPI_EXTERNTYPE_CASTS(globaltype, WASM_EXTERN_GLOBAL)
SABLE_CAPI_EXTERNTYPE_CASTS(tabletype, WASM_EXTERN_TABLE)
SABLE_CAPI_EXTERNTYPE_CASTS(memorytype, WASM_EXTERN_MEMORY)

wasm_importtype_t* wasm_importtype_new(wasm_name_t* module, wasm_name_t* name,
                                       wasm_externtype_t* type) {
  return new wasm_importtype_t{*module, *name, type};
}
const wasm_name_t* wasm_importtype_module(const wasm_importtype_t* type) { return &type->module; }
const wasm_name_t* wasm_importtype_name(const wasm_importtype_t* type) { return &type->name; }
const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t* type) { return type->type; }
wasm_importtype_t* wasm_importtype_copy(const wasm_importtype_t* type) {
  if (type == nullptr) return nullptr;
  auto* copy = new wasm_importtype_t{{}, {}, wasm_externtype_copy(type->type)};
  wasm_byte_vec_copy(&copy->module, &type->module);
  wasm_byte_vec_copy(&copy->name, &type->name);
  return copy;
}
void wasm_importtype_delete(wasm_importtype_t* type) {
  if (type == nullptr) return;
  wasm_byte_vec_delete(&type->module);
  wasm_byte_vec_delete(&type->name);
  delete type->type;
  delete type;
}

wasm_exporttype_t* wasm_exporttype_new(wasm_name_t* name, wasm_externtype_t* type) {
  return new wasm_exporttype_t{*name, type};
}
const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t* type) { return &type->name; }
const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t* type) { return type->type; }
wasm_exporttype_t* wasm_exporttype_copy(const wasm_exporttype_t* type) {
  if (type == nullptr) return nullptr;
  auto* copy = new wasm_exporttype_t{{}, wasm_externtype_copy(type->type)};
  wasm_byte_vec_copy(&copy->name, &type->name);
  return copy;
}
void wasm_exporttype_delete(wasm_exporttype_t* type) {
  if (type == nullptr) return;
  wasm_byte_vec_delete(&type->name);
  delete type->type;
  delete type;
}

}  // extern "C"
