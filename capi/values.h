// Converting values between wasm_val_t and sable::Value. An externref made by the C API carries
// the address of its object's record in the store (sable::capi::StoreObject), so the handle
// created when the reference comes back out of wasm refers to the same object.
#pragma once

#include <wasm.h>

#include "objects.h"
#include "sable/result.h"
#include "sable/value.h"

namespace sable::capi {

// `val` as a Sable value (ErrorKind::Usage for an unknown kind, or a module or trap passed as a
// reference: only objects of a store can be).
Result<Value> toValue(const wasm_val_t& val);
// `ref` (null allowed) as a reference of type `refType`.
Result<Value> toRefValue(const wasm_ref_t* ref, ValType refType);
// `value` as a C value of `store`, owned by the caller (a reference is a new handle).
wasm_val_t toCValue(wasm_store_t* store, const Value& value);
// The zero value of `type` as the C API shows it (references null).
wasm_val_t zeroCValue(ValType type);

}  // namespace sable::capi
