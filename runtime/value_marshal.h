// Converting between public Values and the raw representations generated code uses: 8-byte
// argument slots (two for v128), VMGlobal cells and table elements. The only difference that
// matters is funcref: a Value holds the store's FuncObject*, the VM holds its FuncRef*.
#pragma once

#include <cstdint>

#include "abi/vm.h"
#include "sable/result.h"
#include "sable/value.h"

namespace sable::detail {

class StoreImpl;

// A reference Value as a table element / slot payload (FuncRef* or host pointer; null = 0).
void* refToRaw(const Value& value);
// The Value of a raw reference of type `type` read from wasm state of `store`.
Value rawToRef(StoreImpl& store, ValType type, void* raw);

// Writes `value` to slot(s) starting at `slot`.
void valueToSlots(const Value& value, uint64_t* slot);
Value slotsToValue(StoreImpl& store, ValType type, const uint64_t* slot);

void valueToGlobal(const Value& value, vm::VMGlobal& cell);
Value globalToValue(StoreImpl& store, ValType type, const vm::VMGlobal& cell);

// ErrorKind::Usage unless `value` has type `expected` and, if a funcref, belongs to `store`.
// `what` names the value in the message ("argument 2").
Result<void> checkValue(const StoreImpl& store, const Value& value, ValType expected,
                        const char* what);

}  // namespace sable::detail
