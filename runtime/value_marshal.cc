#include "runtime/value_marshal.h"

#include <string>

#include "runtime/store_impl.h"
#include "runtime/store_objects.h"

namespace sable::detail {

void* refToRaw(const Value& value) {
  if (value.type() == ValType::FuncRef) {
    std::optional<Func> f = value.asFuncref();
    return f ? &ApiAccess::object(*f)->ref : nullptr;
  }
  return value.asExternref();
}

Value rawToRef(StoreImpl& store, ValType type, void* raw) {
  if (raw == nullptr) return Value::nullRef(type);
  if (type == ValType::FuncRef) {
    FuncObject* f = store.funcFromRef(static_cast<const vm::FuncRef*>(raw));
    return f ? Value::funcref(ApiAccess::handle(f)) : Value::nullRef(type);
  }
  return Value::externref(raw);
}

void valueToSlots(const Value& value, uint64_t* slot) {
  if (isRefType(value.type())) {
    slot[0] = reinterpret_cast<uintptr_t>(refToRaw(value));
  } else if (value.type() == ValType::V128) {
    slot[0] = value.bitsLo();
    slot[1] = value.bitsHi();
  } else {
    slot[0] = value.bitsLo();
  }
}

Value slotsToValue(StoreImpl& store, ValType type, const uint64_t* slot) {
  switch (type) {
    case ValType::I32:
      return Value::i32(static_cast<int32_t>(static_cast<uint32_t>(slot[0])));
    case ValType::F32:
      return Value::f32Bits(static_cast<uint32_t>(slot[0]));
    case ValType::I64:
    case ValType::F64:
      return Value::fromBits(type, slot[0], 0);
    case ValType::V128:
      return Value::fromBits(type, slot[0], slot[1]);
    case ValType::FuncRef:
    case ValType::ExternRef:
      return rawToRef(store, type, reinterpret_cast<void*>(static_cast<uintptr_t>(slot[0])));
  }
  return Value();
}

void valueToGlobal(const Value& value, vm::VMGlobal& cell) {
  uint64_t slots[2] = {0, 0};
  valueToSlots(value, slots);
  cell.lo = slots[0];
  cell.hi = slots[1];
}

Value globalToValue(StoreImpl& store, ValType type, const vm::VMGlobal& cell) {
  const uint64_t slots[2] = {cell.lo, cell.hi};
  return slotsToValue(store, type, slots);
}

Result<void> checkValue(const StoreImpl& store, const Value& value, ValType expected,
                        const char* what) {
  if (value.type() != expected) {
    return Error{ErrorKind::Usage, Error::kNoOffset,
                 std::string(what) + " has type " + valTypeName(value.type()) + ", expected " +
                     valTypeName(expected)};
  }
  if (std::optional<Func> f = value.type() == ValType::FuncRef ? value.asFuncref() : std::nullopt;
      f && ApiAccess::object(*f)->store != &store) {
    return Error{ErrorKind::Usage, Error::kNoOffset,
                 std::string(what) + " is a function of another store"};
  }
  return {};
}

}  // namespace sable::detail
