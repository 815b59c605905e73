// Typed host functions and calls: Func::wrap deduces a host function's wasm type from a C++
// callable, and TypedFunc calls a wasm function with C++ arguments and results, its signature
// checked once when it is made (Func::typed) instead of on every call.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "sable/caller.h"
#include "sable/func.h"
#include "sable/result.h"
#include "sable/store.h"
#include "sable/types.h"
#include "sable/value.h"

namespace sable {

// How C++ types map to wasm value types (the machinery behind Func::wrap and TypedFunc).
namespace typing {

// The wasm value type of a C++ parameter or result type, and the conversions. Only the four
// number types have one; other types fail to compile with "incomplete type WasmType<...>".
template <typename T>
struct WasmType;

template <>
struct WasmType<int32_t> {
  static constexpr ValType kType = ValType::I32;
  static Value toValue(int32_t v) { return Value::i32(v); }
  static int32_t fromValue(const Value& v) { return v.asI32(); }
};
template <>
struct WasmType<uint32_t> {
  static constexpr ValType kType = ValType::I32;
  static Value toValue(uint32_t v) { return Value::i32(static_cast<int32_t>(v)); }
  static uint32_t fromValue(const Value& v) { return static_cast<uint32_t>(v.asI32()); }
};
template <>
struct WasmType<int64_t> {
  static constexpr ValType kType = ValType::I64;
  static Value toValue(int64_t v) { return Value::i64(v); }
  static int64_t fromValue(const Value& v) { return v.asI64(); }
};
template <>
struct WasmType<uint64_t> {
  static constexpr ValType kType = ValType::I64;
  static Value toValue(uint64_t v) { return Value::i64(static_cast<int64_t>(v)); }
  static uint64_t fromValue(const Value& v) { return static_cast<uint64_t>(v.asI64()); }
};
template <>
struct WasmType<float> {
  static constexpr ValType kType = ValType::F32;
  static Value toValue(float v) { return Value::f32(v); }
  static float fromValue(const Value& v) { return v.asF32(); }
};
template <>
struct WasmType<double> {
  static constexpr ValType kType = ValType::F64;
  static Value toValue(double v) { return Value::f64(v); }
  static double fromValue(const Value& v) { return v.asF64(); }
};

// A result type R (void, one value or a std::tuple of values) as wasm results.
template <typename R>
struct Results {
  static std::vector<ValType> types() { return {WasmType<R>::kType}; }
  static constexpr size_t kCount = 1;
  static void store(const R& value, std::span<Value> out) { out[0] = WasmType<R>::toValue(value); }
  static R load(std::span<const Value> in) { return WasmType<R>::fromValue(in[0]); }
};
template <>
struct Results<void> {
  static std::vector<ValType> types() { return {}; }
  static constexpr size_t kCount = 0;
};
template <typename... Ts>
struct Results<std::tuple<Ts...>> {
  static std::vector<ValType> types() { return {WasmType<Ts>::kType...}; }
  static constexpr size_t kCount = sizeof...(Ts);
  static void store(const std::tuple<Ts...>& values, std::span<Value> out) {
    storeEach(values, out, std::index_sequence_for<Ts...>{});
  }
  static std::tuple<Ts...> load(std::span<const Value> in) {
    return loadEach(in, std::index_sequence_for<Ts...>{});
  }

 private:
  template <size_t... I>
  static void storeEach(const std::tuple<Ts...>& values, std::span<Value> out,
                        std::index_sequence<I...>) {
    ((out[I] = WasmType<Ts>::toValue(std::get<I>(values))), ...);
  }
  template <size_t... I>
  static std::tuple<Ts...> loadEach(std::span<const Value> in, std::index_sequence<I...>) {
    return std::tuple<Ts...>(WasmType<Ts>::fromValue(in[I])...);
  }
};

// A callable's return type without Result<>: what the wasm results are made of.
template <typename R>
struct Unwrapped {
  using Type = R;
};
template <typename R>
struct Unwrapped<Result<R>> {
  using Type = R;
};

// The parameter and return types of a callable: lambdas (mutable too), function objects and
// function pointers.
template <typename F>
struct Signature : Signature<decltype(&std::remove_cvref_t<F>::operator())> {};
template <typename R, typename... A>
struct Signature<R (*)(A...)> {
  using Return = R;
  using Params = std::tuple<A...>;
};
template <typename R, typename... A>
struct Signature<R(A...)> : Signature<R (*)(A...)> {};
template <typename C, typename R, typename... A>
struct Signature<R (C::*)(A...) const> : Signature<R (*)(A...)> {};
template <typename C, typename R, typename... A>
struct Signature<R (C::*)(A...)> : Signature<R (*)(A...)> {};

// The wasm parameters of a callable's parameter list: all of it, or all after a Caller&.
template <typename Params>
struct HostParams;
template <typename... A>
struct HostParams<std::tuple<A...>> {
  static constexpr bool kTakesCaller = false;
  using Wasm = std::tuple<std::remove_cvref_t<A>...>;
};
template <typename... A>
struct HostParams<std::tuple<Caller&, A...>> {
  static constexpr bool kTakesCaller = true;
  using Wasm = std::tuple<std::remove_cvref_t<A>...>;
};

template <typename Tuple>
struct ParamTypes;
template <typename... A>
struct ParamTypes<std::tuple<A...>> {
  static std::vector<ValType> types() { return {WasmType<A>::kType...}; }
};

// Calls `fn` with the converted `args` (and the Caller if it takes one).
template <bool kTakesCaller, typename... A, typename F, size_t... I>
decltype(auto) callWith(F& fn, Caller& caller, std::span<const Value> args,
                        std::index_sequence<I...>) {
  if constexpr (kTakesCaller) {
    return fn(caller, WasmType<A>::fromValue(args[I])...);
  } else {
    (void)caller;
    return fn(WasmType<A>::fromValue(args[I])...);
  }
}

// Runs a wrapped callable for one call from wasm or the host: converts the arguments, calls,
// and stores the results or passes on the error.
template <typename F, typename Traits = Signature<F>>
Result<void> invokeWrapped(F& fn, Caller& caller, std::span<const Value> args,
                           std::span<Value> results) {
  using Params = HostParams<typename Traits::Params>;
  using Return = typename Traits::Return;
  using Values = typename Unwrapped<Return>::Type;
  constexpr bool kFallible = !std::is_same_v<Return, Values>;
  auto call = [&]<typename... A>(std::tuple<A...>*) -> decltype(auto) {
    return callWith<Params::kTakesCaller, A...>(fn, caller, args, std::index_sequence_for<A...>{});
  };
  using Wasm = typename Params::Wasm;
  if constexpr (std::is_void_v<Return>) {
    call(static_cast<Wasm*>(nullptr));
    return {};
  } else if constexpr (kFallible && std::is_void_v<Values>) {
    return call(static_cast<Wasm*>(nullptr));
  } else if constexpr (kFallible) {
    Return outcome = call(static_cast<Wasm*>(nullptr));
    if (!outcome) return outcome.error();
    Results<Values>::store(outcome.value(), results);
    return {};
  } else {
    Results<Values>::store(call(static_cast<Wasm*>(nullptr)), results);
    return {};
  }
}

}  // namespace typing

template <typename F>
Func Func::wrap(Store& store, F&& fn) {
  using Stored = std::decay_t<F>;  // what the host function keeps: the object or a pointer
  using Traits = typing::Signature<Stored>;
  using Params = typing::HostParams<typename Traits::Params>;
  using Values = typename typing::Unwrapped<typename Traits::Return>::Type;
  const std::vector<ValType> params = typing::ParamTypes<typename Params::Wasm>::types();
  const std::vector<ValType> results = typing::Results<Values>::types();
  return hostWithCaller(
      store, FuncType(params, results),
      [fn = Stored(std::forward<F>(fn))](Caller& caller, std::span<const Value> args,
                                         std::span<Value> out) mutable -> Result<void> {
        return typing::invokeWrapped<Stored, Traits>(fn, caller, args, out);
      });
}

// A function with a C++ signature, checked against its wasm type once (Func::typed), so calls
// convert arguments and results without checking their types. `Signature` is R(A...): the
// parameters and results as for Func::wrap (R void, one value or a std::tuple). A cheap,
// copyable handle, valid as long as the function's store.
template <typename Signature>
class TypedFunc;

template <typename R, typename... A>
class TypedFunc<R(A...)> {
 public:
  // Calls the function; traps and host errors are returned as by Func::call.
  Result<R> call(Store& store, A... args) const {
    const std::array<Value, sizeof...(A)> in{typing::WasmType<A>::toValue(args)...};
    std::array<Value, typing::Results<R>::kCount> out{};
    Result<void> ok = func_.callUnchecked(store, in, out);
    if (!ok) return ok.error();
    if constexpr (std::is_void_v<R>) {
      return {};
    } else {
      return typing::Results<R>::load(out);
    }
  }

  // The untyped function.
  Func func() const { return func_; }

  // The wasm type `R(A...)` stands for.
  static FuncType wasmType() {
    return FuncType(typing::ParamTypes<std::tuple<A...>>::types(), typing::Results<R>::types());
  }

 private:
  friend class Func;
  explicit TypedFunc(Func func) : func_(func) {}

  Func func_;
};

template <typename Signature>
Result<TypedFunc<Signature>> Func::typed(const Store& store) const {
  if (!belongsTo(store)) {
    return Error{ErrorKind::Usage, Error::kNoOffset, "the function belongs to another store"};
  }
  const FuncType wanted = TypedFunc<Signature>::wasmType();
  if (!(type() == wanted)) {
    return Error{ErrorKind::Usage, Error::kNoOffset,
                 "function type mismatch: the function is " + type().toString() +
                     ", the typed call wants " + wanted.toString()};
  }
  return TypedFunc<Signature>(*this);
}

}  // namespace sable
