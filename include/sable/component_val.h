// cm::Val: one Component Model value as the host sees it (arguments and results of component
// functions, values in the reference tests, WAVE text). A dynamic tree: the kind says which
// accessors apply; it is checked against a function's types when lowered, so a host mistake is
// an error value, never undefined behaviour.
#pragma once

#include <bit>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sable::cm {

// The value kinds: the Component Model's value types before despecialisation (a tuple is not a
// record, an option is not a variant), because hosts and WAVE text tell them apart.
enum class ValKind : uint8_t {
  Bool,
  S8,
  U8,
  S16,
  U16,
  S32,
  U32,
  S64,
  U64,
  F32,
  F64,
  Char,
  String,
  List,
  Record,
  Tuple,
  Variant,
  Enum,
  Option,
  Result,
  Flags,
  Own,
  Borrow,
};

// "bool", "u32", "string", "list", ... (the WIT spelling of the kind).
const char* valKindName(ValKind kind);

// A resource handle held by the host: the resource type's identity (unique in its store) and
// the index of the handle in the store's host handle table. Opaque to hosts; the canonical ABI
// gives it meaning.
struct ResourceHandle {
  uint32_t type = 0;
  uint32_t index = 0;
  friend bool operator==(const ResourceHandle&, const ResourceHandle&) = default;
};

// The C++ element types of a compact scalar list (Val::listOf / Val::listAs) and their kinds.
template <typename T>
struct ScalarListElement;
template <>
struct ScalarListElement<uint8_t> {
  static constexpr ValKind kind = ValKind::U8;
};
template <>
struct ScalarListElement<int8_t> {
  static constexpr ValKind kind = ValKind::S8;
};
template <>
struct ScalarListElement<uint16_t> {
  static constexpr ValKind kind = ValKind::U16;
};
template <>
struct ScalarListElement<int16_t> {
  static constexpr ValKind kind = ValKind::S16;
};
template <>
struct ScalarListElement<uint32_t> {
  static constexpr ValKind kind = ValKind::U32;
};
template <>
struct ScalarListElement<int32_t> {
  static constexpr ValKind kind = ValKind::S32;
};
template <>
struct ScalarListElement<uint64_t> {
  static constexpr ValKind kind = ValKind::U64;
};
template <>
struct ScalarListElement<int64_t> {
  static constexpr ValKind kind = ValKind::S64;
};
template <>
struct ScalarListElement<float> {
  static constexpr ValKind kind = ValKind::F32;
};
template <>
struct ScalarListElement<double> {
  static constexpr ValKind kind = ValKind::F64;
};
template <>
struct ScalarListElement<char32_t> {
  static constexpr ValKind kind = ValKind::Char;
};

// A C++ type a compact list can hold: the integers, float, double and char32_t, each laid out
// as the canonical ABI lays out its element (both ISAs Sable targets are little-endian).
template <typename T>
concept ScalarListType = requires {
  ScalarListElement<T>::kind;
};

// The bytes one element of a compact list of `kind` takes (its canonical ABI size); 0 when
// `kind` is not a scalar.
uint32_t scalarSize(ValKind kind);

// One value. Copyable; scalars live inline, aggregates own their elements. A list of a scalar
// type may be compact: its elements held as contiguous little-endian bytes in the canonical
// ABI's memory layout (one byte per list<u8> element, not one Val), so it crosses the ABI
// with one copy. Lifting makes every scalar list compact; Val::list makes an expanded one.
class Val {
 public:
  Val() = default;  // bool false

  // Scalars.
  static Val boolean(bool v) { return Val(ValKind::Bool, v ? 1 : 0); }
  static Val s8(int8_t v) { return Val(ValKind::S8, static_cast<uint64_t>(v)); }
  static Val u8(uint8_t v) { return Val(ValKind::U8, v); }
  static Val s16(int16_t v) { return Val(ValKind::S16, static_cast<uint64_t>(v)); }
  static Val u16(uint16_t v) { return Val(ValKind::U16, v); }
  static Val s32(int32_t v) { return Val(ValKind::S32, static_cast<uint64_t>(v)); }
  static Val u32(uint32_t v) { return Val(ValKind::U32, v); }
  static Val s64(int64_t v) { return Val(ValKind::S64, static_cast<uint64_t>(v)); }
  static Val u64(uint64_t v) { return Val(ValKind::U64, v); }
  // Floats keep their bits (a NaN payload survives until the canonical ABI canonicalises it).
  static Val f32(float v);
  static Val f64(double v);
  static Val f32Bits(uint32_t bits) { return Val(ValKind::F32, bits); }
  static Val f64Bits(uint64_t bits) { return Val(ValKind::F64, bits); }
  // A Unicode scalar value; whether it is one is checked when lowered.
  static Val character(char32_t c) { return Val(ValKind::Char, c); }
  // UTF-8 text.
  static Val string(std::string utf8);

  // Aggregates.
  static Val list(std::vector<Val> elements);
  // A compact list<u8>.
  static Val bytes(std::span<const uint8_t> bytes) { return scalarList(ValKind::U8, bytes); }
  // A compact list<u8> that takes `bytes` over without copying them (a host function returning
  // a value it read into a std::string).
  static Val bytesFrom(std::string bytes);
  // A string that refers to `utf8` where it is instead of copying it. `utf8` must outlive this
  // Val and every Val moved from it; a copy owns its text. The canonical ABI passes a host
  // function's string arguments so: views of the guest's memory, valid during the call.
  static Val borrowedString(std::string_view utf8);
  // A compact list of integer kind `elementKind` whose bytes stay where they are, with the
  // lifetime rule of borrowedString (bytes not aligned to the element size are copied instead).
  // Another element kind is copied as scalarList does (its bytes need normalising).
  static Val borrowedScalarList(ValKind elementKind, std::span<const uint8_t> littleEndianBytes);
  // A compact list of `T` (list<u32> from uint32_t, list<char> from char32_t, ...).
  template <ScalarListType T>
  static Val listOf(std::span<const T> elements) {
    return scalarList(ScalarListElement<T>::kind,
                      {reinterpret_cast<const uint8_t*>(elements.data()), elements.size_bytes()});
  }
  // A compact list of scalar `elementKind` from its elements' little-endian bytes (a trailing
  // partial element is dropped; bool bytes are normalised to 0/1). A Val of kind Bool when
  // `elementKind` is not a scalar kind.
  static Val scalarList(ValKind elementKind, std::span<const uint8_t> littleEndianBytes);
  static Val tuple(std::vector<Val> elements);
  // Fields in the record type's order, with their names.
  static Val record(std::vector<std::pair<std::string, Val>> fields);
  // A case by name, with its payload when the case has one.
  static Val variant(std::string caseName, std::optional<Val> payload = std::nullopt);
  static Val enumCase(std::string caseName);
  static Val some(Val payload);
  static Val none();
  // result<T, E>: ok/err with a payload when the side has a type.
  static Val ok(std::optional<Val> payload = std::nullopt);
  static Val err(std::optional<Val> payload = std::nullopt);
  // The names of the flags that are set (any order; compared as a set).
  static Val flags(std::vector<std::string> setFlags);
  // Resource handles.
  static Val own(ResourceHandle handle) { return Val(ValKind::Own, pack(handle)); }
  static Val borrow(ResourceHandle handle) { return Val(ValKind::Borrow, pack(handle)); }

  Val(const Val& other);
  Val& operator=(const Val& other);
  Val(Val&&) noexcept = default;
  Val& operator=(Val&&) noexcept = default;
  ~Val() = default;

  ValKind kind() const { return kind_; }
  // Whether this Val's text or list bytes are borrowed (borrowedString, borrowedScalarList):
  // valid only as long as their owner keeps them.
  bool isBorrowed() const { return borrowed_.data() != nullptr; }

  // Scalar accessors: call the one matching kind().
  bool asBool() const { return bits_ != 0; }
  int8_t asS8() const { return static_cast<int8_t>(bits_); }
  uint8_t asU8() const { return static_cast<uint8_t>(bits_); }
  int16_t asS16() const { return static_cast<int16_t>(bits_); }
  uint16_t asU16() const { return static_cast<uint16_t>(bits_); }
  int32_t asS32() const { return static_cast<int32_t>(bits_); }
  uint32_t asU32() const { return static_cast<uint32_t>(bits_); }
  int64_t asS64() const { return static_cast<int64_t>(bits_); }
  uint64_t asU64() const { return bits_; }
  float asF32() const;
  double asF64() const;
  uint32_t asF32Bits() const { return static_cast<uint32_t>(bits_); }
  uint64_t asF64Bits() const { return bits_; }
  char32_t asChar() const { return static_cast<char32_t>(bits_); }
  // String: the text. Variant/Enum: the case name.
  std::string_view asString() const { return textView(); }
  ResourceHandle asResource() const;

  // List/Tuple: the elements. Record: the field values (names in fieldNames()).
  // Variant/Option/Result: zero or one payload. Empty for a compact list: read those with
  // listSize()/listElement() or, without a Val per element, listBytes()/listAs().
  std::span<const Val> elements() const { return elements_; }
  std::span<Val> elements() { return elements_; }
  // Record: the field names, parallel to elements(). Flags: the set flags.
  std::span<const std::string> names() const { return names_; }
  // Variant, Enum: the case name. Option: "none"/"some". Result: "ok"/"err".
  std::string_view caseName() const { return textView(); }
  // Variant/Option/Result: the payload, or null when the case has none.
  const Val* payload() const { return elements_.empty() ? nullptr : &elements_[0]; }

  // List: whether the elements are held compactly, and then their kind.
  bool isCompactList() const { return compactElement_.has_value(); }
  std::optional<ValKind> compactElementKind() const { return compactElement_; }
  // List: the number of elements, and element `i` (a copy; either form).
  size_t listSize() const;
  Val listElement(size_t i) const;
  // Compact list: the elements' bytes in the canonical ABI layout.
  std::span<const uint8_t> listBytes() const {
    std::string_view bytes = textView();
    return {reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()};
  }
  // Compact list of `T` (compactElementKind() == ScalarListElement<T>::kind): the elements.
  // Empty when the list is not a compact list of T.
  template <ScalarListType T>
  std::span<const T> listAs() const {
    if (compactElement_ != ScalarListElement<T>::kind) return {};
    std::string_view bytes = textView();
    return {reinterpret_cast<const T*>(bytes.data()), bytes.size() / sizeof(T)};
  }

  // Structural equality: floats by bits except that any two NaNs are equal (the canonical ABI
  // canonicalises them), flags as sets.
  friend bool operator==(const Val& a, const Val& b);

 private:
  Val(ValKind kind, uint64_t bits) : bits_(bits), kind_(kind) {}
  friend bool sameListElements(const Val& a, const Val& b);
  static uint64_t pack(ResourceHandle h) { return (uint64_t{h.type} << 32) | h.index; }
  std::string_view textView() const { return isBorrowed() ? borrowed_ : std::string_view(text_); }

  uint64_t bits_ = 0;
  // String text; variant/enum case name; a compact list's element bytes (a std::string's
  // buffer is allocated with operator new, so suitably aligned for every scalar).
  std::string text_;
  // Borrowed text or list bytes in place of text_ (non-null data when borrowed).
  std::string_view borrowed_;
  std::vector<Val> elements_;
  std::vector<std::string> names_;
  ValKind kind_ = ValKind::Bool;
  std::optional<ValKind> compactElement_;
};

static_assert(std::endian::native == std::endian::little,
              "compact lists hold the canonical ABI's little-endian layout");

}  // namespace sable::cm
