// Typed host functions for components: a C++ callable whose parameter and result types say the
// component function's type (`std::optional<std::string>(std::string_view)` is
// `func(key: string) -> option<string>`), defined into a cm::Linker with that type checked
// against the importer's at instantiation (Linker's typed definitions). The callable gets C++
// values, never a cm::Val it could misread. Its result is lowered straight into the guest
// (WitType<T>::lowerFlat / store through a cm::GuestWriter, the canonical ABI's flat and memory
// forms of each C++ type): a call allocates nothing beyond what the callable itself does.
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

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
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

#include "sable/component_guest_writer.h"
#include "sable/component_linker.h"
#include "sable/component_val.h"
#include "sable/result.h"

namespace sable::cm {

// WitType<T>: the component type of C++ type T (`text`), T to and from a cm::Val of that type
// (`toVal`, `fromVal`; fromVal is only given values the linker checked to be of that type), and
// for result types the canonical ABI's layout (kSize, kAlign, kFlatCount) with the two ways to
// lower a T into the guest: `lowerFlat` (its flat values) and `store` (at an address).
template <typename T>
struct WitType;

namespace typed_detail {

constexpr uint32_t alignUp(uint32_t n, uint32_t align) { return (n + align - 1) / align * align; }

// Writes the little-endian bytes of the low `size` bytes of `bits` at `address`.
inline Result<void> writeBits(GuestWriter& w, uint32_t address, uint64_t bits, uint32_t size) {
  uint8_t bytes[8];
  std::memcpy(bytes, &bits, sizeof bytes);  // little-endian hosts only (component_val.h)
  return w.write(address, std::span<const uint8_t>(bytes, size));
}

// The canonical ABI's bits of a scalar: its flat i32/i64/f32/f64 and, in the low kSize bytes,
// its memory form. A char that is not a Unicode scalar value cannot be lowered.
template <typename T>
Result<uint64_t> scalarBits(T v) {
  if constexpr (std::is_same_v<T, bool>) {
    return uint64_t{v ? 1u : 0u};
  } else if constexpr (std::is_same_v<T, char32_t>) {
    auto c = static_cast<uint32_t>(v);
    if (c >= 0x110000 || (c >= 0xD800 && c <= 0xDFFF)) {
      return Error{ErrorKind::Usage, Error::kNoOffset, "char value is not a Unicode scalar value"};
    }
    return uint64_t{c};
  } else if constexpr (std::is_same_v<T, float>) {
    return uint64_t{std::bit_cast<uint32_t>(v)};
  } else if constexpr (std::is_same_v<T, double>) {
    return std::bit_cast<uint64_t>(v);
  } else if constexpr (std::is_signed_v<T> && sizeof(T) < 8) {
    return uint64_t{static_cast<uint32_t>(int32_t{v})};  // sign-extended to the i32
  } else {
    return static_cast<uint64_t>(v);
  }
}

// A scalar: its Val constructor and accessor, and its layout (its own size and alignment).
template <typename T, Val (*Make)(T), T (Val::*Get)() const>
struct Scalar {
  static constexpr uint32_t kSize = sizeof(T);
  static constexpr uint32_t kAlign = sizeof(T);
  static constexpr uint32_t kFlatCount = 1;
  static Val toVal(T v) { return Make(v); }
  static T fromVal(const Val& v) { return (v.*Get)(); }
  static Result<void> lowerFlat(GuestWriter& w, T v) {
    Result<uint64_t> bits = scalarBits(v);
    if (!bits) return bits.error();
    w.pushFlat(*bits);
    return {};
  }
  static Result<void> store(GuestWriter& w, T v, uint32_t address) {
    Result<uint64_t> bits = scalarBits(v);
    if (!bits) return bits.error();
    return writeBits(w, address, *bits, kSize);
  }
};

// A (pointer, length) pair: a string's or a list's place in the guest, flat or in memory.
inline Result<void> lowerPairFlat(GuestWriter& w, Result<std::pair<uint32_t, uint32_t>> pair) {
  if (!pair) return pair.error();
  w.pushFlat(pair->first);
  w.pushFlat(pair->second);
  return {};
}
inline Result<void> storePair(GuestWriter& w, Result<std::pair<uint32_t, uint32_t>> pair,
                              uint32_t address) {
  if (!pair) return pair.error();
  if (Result<void> r = writeBits(w, address, pair->first, 4); !r) return r;
  return writeBits(w, address + 4, pair->second, 4);
}

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
  static constexpr uint32_t kSize = 8;
  static constexpr uint32_t kAlign = 4;
  static constexpr uint32_t kFlatCount = 2;
  static std::string text() { return "string"; }
  static Val toVal(std::string v) { return Val::string(std::move(v)); }
  static std::string fromVal(const Val& v) { return std::string(v.asString()); }
  static Result<void> lowerFlat(GuestWriter& w, const std::string& v) {
    return typed_detail::lowerPairFlat(w, w.storeString(v));
  }
  static Result<void> store(GuestWriter& w, const std::string& v, uint32_t address) {
    return typed_detail::storePair(w, w.storeString(v), address);
  }
};

// A parameter only: a view of the argument's text, valid during the call.
template <>
struct WitType<std::string_view> {
  static std::string text() { return "string"; }
  static std::string_view fromVal(const Val& v) { return v.asString(); }
};

template <typename T>
struct WitType<std::vector<T>> {
  static constexpr uint32_t kSize = 8;
  static constexpr uint32_t kAlign = 4;
  static constexpr uint32_t kFlatCount = 2;
  static std::string text() { return "list<" + WitType<T>::text() + ">"; }
  static Result<void> lowerFlat(GuestWriter& w, const std::vector<T>& v) {
    return typed_detail::lowerPairFlat(w, storeElements(w, v));
  }
  static Result<void> store(GuestWriter& w, const std::vector<T>& v, uint32_t address) {
    return typed_detail::storePair(w, storeElements(w, v), address);
  }
  // store_list_into_range: the elements in one allocation; (address, length).
  static Result<std::pair<uint32_t, uint32_t>> storeElements(GuestWriter& w,
                                                             const std::vector<T>& v) {
    using E = WitType<T>;
    Result<uint32_t> at = w.allocate(E::kAlign, uint64_t{E::kSize} * v.size(), "list");
    if (!at) return at.error();
    if constexpr (ScalarListType<T> && !std::is_same_v<T, char32_t>) {
      // Integers and floats are laid out as the ABI lays them out: one copy.
      std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(v.data()),
                                     v.size() * sizeof(T));
      if (Result<void> r = w.write(*at, bytes); !r) return r.error();
    } else {
      for (size_t i = 0; i < v.size(); ++i) {
        if (Result<void> r = E::store(w, v[i], *at + static_cast<uint32_t>(i) * E::kSize); !r) {
          return r.error();
        }
      }
    }
    return std::pair{*at, static_cast<uint32_t>(v.size())};
  }
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
  // A discriminant byte, then the payload at its alignment.
  static constexpr uint32_t kPayloadOffset = typed_detail::alignUp(1, WitType<T>::kAlign);
  static constexpr uint32_t kAlign = std::max<uint32_t>(1, WitType<T>::kAlign);
  static constexpr uint32_t kSize =
      typed_detail::alignUp(kPayloadOffset + WitType<T>::kSize, kAlign);
  static constexpr uint32_t kFlatCount = 1 + WitType<T>::kFlatCount;
  static std::string text() { return "option<" + WitType<T>::text() + ">"; }
  static Result<void> lowerFlat(GuestWriter& w, const std::optional<T>& v) {
    w.pushFlat(v ? 1 : 0);
    if (v) return WitType<T>::lowerFlat(w, *v);
    for (uint32_t i = 0; i < WitType<T>::kFlatCount; ++i) w.pushFlat(0);  // the joined padding
    return {};
  }
  static Result<void> store(GuestWriter& w, const std::optional<T>& v, uint32_t address) {
    if (Result<void> r = typed_detail::writeBits(w, address, v ? 1 : 0, 1); !r) return r;
    if (v) return WitType<T>::store(w, *v, address + kPayloadOffset);
    return {};
  }
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
  static constexpr uint32_t kAlign = std::max<uint32_t>({1, WitType<T>::kAlign...});
  static constexpr uint32_t kFlatCount = (0 + ... + WitType<T>::kFlatCount);
  // Each element at its alignment after the one before.
  static constexpr std::array<uint32_t, sizeof...(T)> kOffsets = [] {
    std::array<uint32_t, sizeof...(T)> offsets{};
    uint32_t at = 0;
    size_t i = 0;
    ((at = typed_detail::alignUp(at, WitType<T>::kAlign), offsets[i++] = at,
      at += WitType<T>::kSize),
     ...);
    return offsets;
  }();
  static constexpr uint32_t kSize = [] {
    uint32_t at = 0;
    ((at = typed_detail::alignUp(at, WitType<T>::kAlign) + WitType<T>::kSize), ...);
    return typed_detail::alignUp(at, kAlign);
  }();
  static Result<void> lowerFlat(GuestWriter& w, const std::tuple<T...>& v) {
    Result<void> r;
    std::apply([&](const T&... e) { (void)((r = WitType<T>::lowerFlat(w, e)) && ...); }, v);
    return r;
  }
  static Result<void> store(GuestWriter& w, const std::tuple<T...>& v, uint32_t address) {
    return storeFrom(w, v, address, std::index_sequence_for<T...>{});
  }
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
  static Result<void> storeFrom(GuestWriter& w, const std::tuple<T...>& v, uint32_t address,
                                std::index_sequence<I...>) {
    Result<void> r;
    (void)((r = WitType<T>::store(w, std::get<I>(v), address + kOffsets[I])) && ...);
    return r;
  }
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

// `fn` as a HostFuncDirect: its arguments from the lifted values, its result lowered into the
// guest (flat when it has at most one flat value, else at the caller's out-pointer).
template <typename F, typename... P>
HostFuncDirect wrapDirect(F fn, std::tuple<P...>*) {
  return [fn = std::move(fn)](std::span<const Val> args, GuestWriter& out) mutable -> Result<void> {
    auto call = [&]<size_t... I>(std::index_sequence<I...>) {
      return fn(WitType<P>::fromVal(args[I])...);
    };
    using Returned = decltype(call(std::index_sequence_for<P...>{}));
    using Plain = typename Unwrapped<Returned>::Type;
    auto lower = [&out](const auto& value) -> Result<void> {
      using W = WitType<std::remove_cvref_t<decltype(value)>>;
      if constexpr (W::kFlatCount <= 1) {
        return W::lowerFlat(out, value);
      } else {
        Result<uint32_t> at = out.resultAddress();
        if (!at) return at.error();
        return W::store(out, value, *at);
      }
    };
    if constexpr (Unwrapped<Returned>::kFallible) {
      Returned r = call(std::index_sequence_for<P...>{});
      if (!r) return r.error();
      if constexpr (!std::is_void_v<Plain>) return lower(*r);
      return {};
    } else if constexpr (std::is_void_v<Plain>) {
      call(std::index_sequence_for<P...>{});
      return {};
    } else {
      return lower(call(std::index_sequence_for<P...>{}));
    }
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
  HostFuncDirect direct = typed_detail::wrapDirect(fn, static_cast<Params*>(nullptr));
  return linker.defineDirectFunc(instance, func, type,
                                 typed_detail::wrap(std::move(fn), static_cast<Params*>(nullptr)),
                                 std::move(direct));
}

}  // namespace sable::cm
