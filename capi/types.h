// The C API's type objects (valtype, functype, globaltype, tabletype, memorytype, externtype,
// importtype, exporttype) and their conversions to and from Sable's types.
#pragma once

#include <wasm.h>

#include <optional>

#include "sable/types.h"

// A value type. Sable's v128 has no wasm_valkind_t; it is described as kValKindV128.
struct wasm_valtype_t {
  wasm_valkind_t kind;
};

// The base of the four extern types; `kind` says which one it is.
struct wasm_externtype_t {
  explicit wasm_externtype_t(wasm_externkind_t kind) : kind(kind) {}
  virtual ~wasm_externtype_t() = default;
  wasm_externtype_t(const wasm_externtype_t&) = delete;
  wasm_externtype_t& operator=(const wasm_externtype_t&) = delete;
  wasm_externkind_t kind;
};

// Owns both vectors.
struct wasm_functype_t : wasm_externtype_t {
  wasm_functype_t(wasm_valtype_vec_t params, wasm_valtype_vec_t results)
      : wasm_externtype_t(WASM_EXTERN_FUNC), params(params), results(results) {}
  ~wasm_functype_t() override;
  wasm_valtype_vec_t params;
  wasm_valtype_vec_t results;
};

// Owns `content`.
struct wasm_globaltype_t : wasm_externtype_t {
  wasm_globaltype_t(wasm_valtype_t* content, wasm_mutability_t mutability)
      : wasm_externtype_t(WASM_EXTERN_GLOBAL), content(content), mutability(mutability) {}
  ~wasm_globaltype_t() override { delete content; }
  wasm_valtype_t* content;
  wasm_mutability_t mutability;
};

// Owns `element`.
struct wasm_tabletype_t : wasm_externtype_t {
  wasm_tabletype_t(wasm_valtype_t* element, wasm_limits_t limits)
      : wasm_externtype_t(WASM_EXTERN_TABLE), element(element), limits(limits) {}
  ~wasm_tabletype_t() override { delete element; }
  wasm_valtype_t* element;
  wasm_limits_t limits;
};

struct wasm_memorytype_t : wasm_externtype_t {
  explicit wasm_memorytype_t(wasm_limits_t limits)
      : wasm_externtype_t(WASM_EXTERN_MEMORY), limits(limits) {}
  wasm_limits_t limits;
};

// Owns its names and type.
struct wasm_importtype_t {
  wasm_name_t module;
  wasm_name_t name;
  wasm_externtype_t* type;
};

// Owns its name and type.
struct wasm_exporttype_t {
  wasm_name_t name;
  wasm_externtype_t* type;
};

namespace sable::capi {

// Sable's v128 value type, which wasm.h's wasm_valkind_enum lacks (Wasmtime uses 4 as well).
inline constexpr wasm_valkind_t kValKindV128 = 4;

wasm_valkind_t toValKind(ValType type);
// Null for a kind that is not a wasm.h value kind.
std::optional<ValType> toValType(wasm_valkind_t kind);

// New C type objects describing Sable types (owned by the caller).
wasm_functype_t* newFuncType(const FuncType& type);
wasm_globaltype_t* newGlobalType(const GlobalType& type);
wasm_tabletype_t* newTableType(const TableType& type);
wasm_memorytype_t* newMemoryType(const MemoryType& type);

// Sable types described by C type objects; nullopt when one of their value kinds is unknown.
std::optional<FuncType> toFuncType(const wasm_functype_t& type);
std::optional<GlobalType> toGlobalType(const wasm_globaltype_t& type);
std::optional<TableType> toTableType(const wasm_tabletype_t& type);
Limits toLimits(const wasm_limits_t& limits);

}  // namespace sable::capi
