#include "values.h"

#include "types.h"

namespace sable::capi {

namespace {

Error usage(std::string message) {
  return Error{ErrorKind::Usage, Error::kNoOffset, std::move(message)};
}

}  // namespace

Result<Value> toRefValue(const wasm_ref_t* ref, ValType refType) {
  if (ref == nullptr) return Value::nullRef(refType);
  if (ref->store == nullptr) return usage("modules and traps cannot be wasm references");
  if (refType == ValType::FuncRef) {
    if (ref->kind != RefKind::Func) return usage("a funcref must refer to a function");
    return Value::funcref(static_cast<const wasm_func_t*>(ref)->func());
  }
  return Value::externref(&ref->storeObject());
}

Result<Value> toValue(const wasm_val_t& val) {
  switch (val.kind) {
    case WASM_I32:
      return Value::i32(val.of.i32);
    case WASM_I64:
      return Value::i64(val.of.i64);
    case WASM_F32:
      return Value::f32(val.of.f32);
    case WASM_F64:
      return Value::f64(val.of.f64);
    case WASM_FUNCREF:
      return toRefValue(val.of.ref, ValType::FuncRef);
    case WASM_EXTERNREF:
      return toRefValue(val.of.ref, ValType::ExternRef);
    default:
      return usage("unknown wasm_valkind_t " + std::to_string(val.kind));
  }
}

wasm_val_t toCValue(wasm_store_t* store, const Value& value) {
  wasm_val_t val = zeroCValue(value.type());
  switch (value.type()) {
    case ValType::I32:
      val.of.i32 = value.asI32();
      break;
    case ValType::I64:
      val.of.i64 = value.asI64();
      break;
    case ValType::F32:
      val.of.f32 = value.asF32();
      break;
    case ValType::F64:
      val.of.f64 = value.asF64();
      break;
    case ValType::FuncRef:
      if (std::optional<Func> func = value.asFuncref()) {
        val.of.ref = newHandle(store, store->recordOf(*func));
      }
      break;
    case ValType::ExternRef:
      if (void* object = value.asExternref()) {
        val.of.ref = newHandle(store, *static_cast<StoreObject*>(object));
      }
      break;
    case ValType::V128:  // no wasm_val_t holds one; callers reject v128 signatures first
      break;
  }
  return val;
}

wasm_val_t zeroCValue(ValType type) {
  wasm_val_t val;
  val.kind = toValKind(type);
  val.of.i64 = 0;
  if (isRefType(type)) val.of.ref = nullptr;
  return val;
}

}  // namespace sable::capi

extern "C" {

void wasm_val_delete(wasm_val_t* val) {
  if (wasm_valkind_is_ref(val->kind) && val->of.ref != nullptr) {
    wasm_ref_delete(val->of.ref);
    val->of.ref = nullptr;
  }
}

void wasm_val_copy(wasm_val_t* out, const wasm_val_t* val) {
  *out = *val;
  if (wasm_valkind_is_ref(val->kind)) out->of.ref = sable::capi::copyHandle(val->of.ref);
}

}  // extern "C"
