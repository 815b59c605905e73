// lift_flat_values and lower_flat_values for parameters and results.
#include "component/canon/flat_values.h"

#include <string>

#include "component/canon/lower.h"
#include "component/canon/trap.h"

namespace sable::canon {
namespace {

bool is32Bit(ValType t) { return t == ValType::I32 || t == ValType::F32; }

Result<void> checkArity(size_t have, size_t want, const char* what) {
  if (have == want) return {};
  return usage(std::string("expected ") + std::to_string(want) + " " + what + ", got " +
               std::to_string(have));
}

}  // namespace

FlatBuffer valuesToBits(std::span<const Value> values) {
  FlatBuffer bits;
  for (const Value& v : values) {
    bits.push(is32Bit(v.type()) ? (v.bitsLo() & 0xffffffffu) : v.bitsLo());
  }
  return bits;
}

Result<FlatBuffer> lowerParams(LiftLowerContext& cx, const FuncTypeDesc& type,
                               std::span<const cm::Val> args) {
  SABLE_CANON_CHECK(checkArity(args.size(), type.params.size(), "arguments"));
  FlatBuffer flat;
  if (cx.types.paramFlatCount(type) <= kMaxFlatParams) {
    for (size_t i = 0; i < args.size(); ++i) {
      SABLE_CANON_CHECK(lowerFlat(cx, args[i], type.params[i].type, flat));
    }
    return flat;
  }
  AbiInfo tuple = cx.types.paramTupleAbi(type);
  Result<uint32_t> ptr = allocate(cx, tuple.align, tuple.size);
  if (!ptr) return ptr.error();
  SABLE_CANON_CHECK(checkAllocation(cx, *ptr, tuple.align, tuple.size, "parameter"));
  for (size_t i = 0; i < args.size(); ++i) {
    SABLE_CANON_CHECK(store(cx, args[i], type.params[i].type, *ptr + tuple.fieldOffsets[i]));
  }
  flat.push(*ptr);
  return flat;
}

Result<void> liftParams(LiftLowerContext& cx, const FuncTypeDesc& type, FlatReader& in,
                        LiftedArgs& args) {
  args.reserve(type.params.size());
  if (cx.types.paramFlatCount(type) <= kMaxFlatParams) {
    for (const FieldDesc& p : type.params) {
      Result<cm::Val> v = liftFlat(cx, in, p.type);
      if (!v) return v.error();
      args.push(std::move(*v));
    }
    return {};
  }
  AbiInfo tuple = cx.types.paramTupleAbi(type);
  uint32_t ptr = static_cast<uint32_t>(in.next());
  SABLE_CANON_CHECK(checkRange(cx, ptr, tuple.align, tuple.size, "parameter"));
  for (size_t i = 0; i < type.params.size(); ++i) {
    Result<cm::Val> v = load(cx, ptr + uint64_t{tuple.fieldOffsets[i]}, type.params[i].type);
    if (!v) return v.error();
    args.push(std::move(*v));
  }
  return {};
}

Result<std::optional<cm::Val>> liftResult(LiftLowerContext& cx, const FuncTypeDesc& type,
                                          std::span<const uint64_t> coreResults) {
  if (!type.result) return std::optional<cm::Val>();
  const AbiInfo& abi = cx.types[*type.result].abi;
  FlatReader in(coreResults);
  Result<cm::Val> v = usage("");
  if (abi.flatCount <= kMaxFlatResults) {
    v = liftFlat(cx, in, *type.result);
  } else {
    uint32_t ptr = static_cast<uint32_t>(in.next());
    SABLE_CANON_CHECK(checkRange(cx, ptr, abi.align, abi.size, "result"));
    v = load(cx, ptr, *type.result);
  }
  if (!v) return v.error();
  return std::optional<cm::Val>(std::move(*v));
}

Result<void> lowerResult(LiftLowerContext& cx, const FuncTypeDesc& type,
                         const std::optional<cm::Val>& result, std::optional<uint32_t> outPtr,
                         FlatBuffer& out) {
  if (!type.result) {
    if (result) return usage("the function has no result, but one was given");
    return {};
  }
  if (!result) return usage("the function has a result, but none was given");
  const AbiInfo& abi = cx.types[*type.result].abi;
  if (abi.flatCount <= kMaxFlatResults) return lowerFlat(cx, *result, *type.result, out);
  if (!outPtr) return usage("a result passed in memory needs an out-pointer");
  SABLE_CANON_CHECK(checkRange(cx, *outPtr, abi.align, abi.size, "result"));
  return store(cx, *result, *type.result, *outPtr);
}

}  // namespace sable::canon
