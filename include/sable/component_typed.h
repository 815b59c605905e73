// Typed host functions for components: a C++ callable whose parameter and result types say the
// component function's type (`std::optional<std::string>(std::string_view)` is
// `func(key: string) -> option<string>`), defined into a cm::Linker with that type checked
// against the importer's at instantiation (Linker's typed definitions). The callable gets C++
// values, never a cm::Val it could misread.
//
// C++ type                         component type
//   bool, int8_t ... uint64_t      bool, s8 ... u64
//   float, double, char32_t        f32, f64, char
//   std::string                    string (std::string_view as a parameter: no copy)
//   std::vector<T>                 list<T> (std::span<const T> of a scalar T as a parameter:
//                                  a view of the lifted list, no copy)
//   std::optional<T>               option<T>
//   std::tuple<T...>               tuple<T...>
// Records, variants, enums, flags, results and resource handles have no C++ spelling here:
// define those functions with cm::Val (Linker::defineFunc with the type as text).
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "sable/component_linker.h"
#include "sable/component_val.h"
#include "sable/result.h"

namespace sable::cm {

// WitType<T>: the component type of C++ type T (`text`), and T to and from a cm::Val of that
// type (`toVal`, `fromVal`; fromVal is only given values the linker checked to be of that type).
template <typename T>
struct WitType;

namespace typed_detail {

// A scalar: its name, its Val constructor and accessor.
template <typename T, Val (*Make)(T), T (Val::*Get)() const>
struct Scalar {
  static Val toVal(T v) { return Make(v); }
  static T fromVal(const Val& v) { return (v.*Get)(); }
};

}  // namespace typed_detail

#define SABLE_WIT_SCALAR(T, NAME, MAKE, GET)                           \
  template <>                                                          \
  struct WitType<T> : typed_detail::Scalar<T, &Val::MAKE, &Val::GET> { \
    static std::string text() { return NAME; }                         \
  };
SABLE_WIT_SCALAR(bool, "bool", boolean, asBool)
SABLE_WIT_SCALAR(int8_t, "s8", s8, asS8)
SABLE_WIT_SCALAR(uint8_t, "u8", u8, asU8)
SABLE_WIT_SCALAR(int16_t, "s16", s16, asS16)
SABLE_WIT_SCALAR(uint16_t, "u16", u16, asU16)
SABLE_WIT_SCALAR(int32_t, "s32", s32, asS32)
SABLE_WIT_SCALAR(uint32_t, "u32", u32, asU32)
SABLE_WIT_SCALAR(int64_t, "s64", s64, asS64)
SABLE_WIT_SCALAR(uint64_t, "u64", u64, asU64)
SABLE_WIT_SCALAR(float, "f32", f32, asF32)
SABLE_WIT_SCALAR(double, "f64", f64, asF64)
SABLE_WIT_SCALAR(char32_t, "char", character, asChar)
#undef SABLE_WIT_SCALAR

template <>
struct WitType<std::string> {
  static std::string text() { return "string"; }
  static Val toVal(std::string v) { return Val::string(std::move(v)); }
  static std::string fromVal(const Val& v) { return std::string(v.asString()); }
};

// A parameter only: a view of the argument's text, valid during the call.
template <>
struct WitType<std::string_view> {
  static std::string text() { return "string"; }
  static std::string_view fromVal(const Val& v) { return v.asString(); }
};

template <typename T>
struct WitType<std::vector<T>> {
  static std::string text() { return "list<" + WitType<T>::text() + ">"; }
  static Val toVal(std::vector<T> v) {
    if constexpr (ScalarListType<T>) {
      return Val::listOf<T>(std::span<const T>(v));
    } else {
      std::vector<Val> elements;
      elements.reserve(v.size());
      for (T& e : v) elements.push_back(WitType<T>::toVal(std::move(e)));
      return Val::list(std::move(elements));
    }
  }
  static std::vector<T> fromVal(const Val& v) {
    if constexpr (ScalarListType<T>) {
      if (v.isCompactList()) {
        std::span<const T> elements = v.template listAs<T>();
        return std::vector<T>(elements.begin(), elements.end());
      }
    }
    std::vector<T> out;
    out.reserve(v.elements().size());
    for (const Val& e : v.elements()) out.push_back(WitType<T>::fromVal(e));
    return out;
  }
};

// A parameter only: a view of a lifted scalar list (lifting makes scalar lists compact), valid
// during the call.
template <ScalarListType T>
struct WitType<std::span<const T>> {
  static std::string text() { return "list<" + WitType<T>::text() + ">"; }
  static std::span<const T> fromVal(const Val& v) { return v.template listAs<T>(); }
};

template <typename T>
struct WitType<std::optional<T>> {
  static std::string text() { return "option<" + WitType<T>::text() + ">"; }
  static Val toVal(std::optional<T> v) {
    return v ? Val::some(WitType<T>::toVal(std::move(*v))) : Val::none();
  }
  static std::optional<T> fromVal(const Val& v) {
    if (v.payload() == nullptr) return std::nullopt;
    return WitType<T>::fromVal(*v.payload());
  }
};

template <typename... T>
struct WitType<std::tuple<T...>> {
  static std::string text() {
    std::string s = "tuple<";
    bool first = true;
    ((s += (first ? "" : ", ") + WitType<T>::text(), first = false), ...);
    return s + ">";
  }
  static Val toVal(std::tuple<T...> v) {
    return std::apply([](T&... e) { return Val::tuple({WitType<T>::toVal(std::move(e))...}); }, v);
  }
  static std::tuple<T...> fromVal(const Val& v) {
    return fromElements(v.elements(), std::index_sequence_for<T...>{});
  }

 private:
  template <size_t... I>
  static std::tuple<T...> fromElements(std::span<const Val> e, std::index_sequence<I...>) {
    return {WitType<T>::fromVal(e[I])...};
  }
};

namespace typed_detail {

// R(Args...) of a callable, through std::function's deduction guides.
template <typename F>
struct Signature : Signature<decltype(std::function{std::declval<F>()})> {};
template <typename R, typename... Args>
struct Signature<std::function<R(Args...)>> {
  using Result = R;
  using Params = std::tuple<std::remove_cvref_t<Args>...>;
};

// R of a callable's return type `Result<R>`, or the type itself.
template <typename R>
struct Unwrapped {
  using Type = R;
  static constexpr bool kFallible = false;
};
template <typename R>
struct Unwrapped<sable::Result<R>> {
  using Type = R;
  static constexpr bool kFallible = true;
};

// "func(a: u32, b: string) -> option<string>" for parameter types P... named `names`.
template <typename R, typename... P>
std::string funcText([[maybe_unused]] std::span<const std::string_view> names) {
  std::string s = "func(";
  [[maybe_unused]] size_t i = 0;
  ((s += (i ? ", " : "") + std::string(names[i]) + ": " + WitType<P>::text(), ++i), ...);
  s += ")";
  if constexpr (!std::is_void_v<R>) s += " -> " + WitType<R>::text();
  return s;
}

// `fn` as a HostFunc: its arguments from the lifted values, its result (if any) into results[0].
template <typename F, typename... P>
HostFunc wrap(F fn, std::tuple<P...>*) {
  return [fn = std::move(fn)](std::span<const Val> args,
                              std::span<Val> results) mutable -> Result<void> {
    auto call = [&]<size_t... I>(std::index_sequence<I...>) {
      return fn(WitType<P>::fromVal(args[I])...);
    };
    using Returned = decltype(call(std::index_sequence_for<P...>{}));
    using Plain = typename Unwrapped<Returned>::Type;
    if constexpr (Unwrapped<Returned>::kFallible) {
      Returned r = call(std::index_sequence_for<P...>{});
      if (!r) return r.error();
      if constexpr (!std::is_void_v<Plain>) results[0] = WitType<Plain>::toVal(std::move(*r));
    } else if constexpr (std::is_void_v<Plain>) {
      call(std::index_sequence_for<P...>{});
    } else {
      results[0] = WitType<Plain>::toVal(call(std::index_sequence_for<P...>{}));
    }
    return {};
  };
}

// funcText with the parameter types of a tuple.
template <typename R, typename... P>
std::string funcTextOf(std::span<const std::string_view> names, std::tuple<P...>*) {
  return funcText<R, P...>(names);
}

}  // namespace typed_detail

// Defines function `func` of imported instance `instance` (as Linker::defineFunc) as `fn`, a
// callable whose parameter types (by value or const reference) and return type (`R`, or
// `Result<R>` whose error traps the caller; `void` for no result) are in the table above;
// `paramNames` names its parameters as the WIT does (they are part of the type). Usage error
// when the count of names differs from the count of parameters, or as Linker::defineFunc.
template <typename F>
Result<void> defineTypedFunc(Linker& linker, std::string_view instance, std::string_view func,
                             std::initializer_list<std::string_view> paramNames, F fn) {
  using Sig = typed_detail::Signature<F>;
  using Params = typename Sig::Params;
  using Plain = typename typed_detail::Unwrapped<typename Sig::Result>::Type;
  if (paramNames.size() != std::tuple_size_v<Params>) {
    return Error{ErrorKind::Usage, Error::kNoOffset,
                 "defineTypedFunc `" + std::string(func) +
                     "`: " + std::to_string(paramNames.size()) + " parameter names for " +
                     std::to_string(std::tuple_size_v<Params>) + " parameters"};
  }
  std::span<const std::string_view> names(paramNames.begin(), paramNames.size());
  std::string type = typed_detail::funcTextOf<Plain>(names, static_cast<Params*>(nullptr));
  return linker.defineFunc(instance, func, type,
                           typed_detail::wrap(std::move(fn), static_cast<Params*>(nullptr)));
}

}  // namespace sable::cm
