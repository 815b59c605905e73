// cm::Val construction, accessors and equality.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "sable/component_val.h"

namespace sable::cm {

const char* valKindName(ValKind kind) {
  switch (kind) {
    case ValKind::Bool:
      return "bool";
    case ValKind::S8:
      return "s8";
    case ValKind::U8:
      return "u8";
    case ValKind::S16:
      return "s16";
    case ValKind::U16:
      return "u16";
    case ValKind::S32:
      return "s32";
    case ValKind::U32:
      return "u32";
    case ValKind::S64:
      return "s64";
    case ValKind::U64:
      return "u64";
    case ValKind::F32:
      return "f32";
    case ValKind::F64:
      return "f64";
    case ValKind::Char:
      return "char";
    case ValKind::String:
      return "string";
    case ValKind::List:
      return "list";
    case ValKind::Record:
      return "record";
    case ValKind::Tuple:
      return "tuple";
    case ValKind::Variant:
      return "variant";
    case ValKind::Enum:
      return "enum";
    case ValKind::Option:
      return "option";
    case ValKind::Result:
      return "result";
    case ValKind::Flags:
      return "flags";
    case ValKind::Own:
      return "own";
    case ValKind::Borrow:
      return "borrow";
  }
  return "?";
}

Val Val::f32(float v) { return f32Bits(std::bit_cast<uint32_t>(v)); }
Val Val::f64(double v) { return f64Bits(std::bit_cast<uint64_t>(v)); }
float Val::asF32() const { return std::bit_cast<float>(asF32Bits()); }
double Val::asF64() const { return std::bit_cast<double>(bits_); }

Val Val::string(std::string utf8) {
  Val v(ValKind::String, 0);
  v.text_ = std::move(utf8);
  return v;
}

Val::Val(const Val& other)
    : bits_(other.bits_),
      text_(other.textView()),
      elements_(other.elements_),
      names_(other.names_),
      kind_(other.kind_),
      compactElement_(other.compactElement_) {}

Val& Val::operator=(const Val& other) {
  if (this != &other) *this = Val(other);
  return *this;
}

Val Val::borrowedString(std::string_view utf8) {
  Val v(ValKind::String, 0);
  // A view with null data is an owned empty text; any non-null pointer marks it borrowed.
  v.borrowed_ = utf8.data() != nullptr ? utf8 : std::string_view("", 0);
  return v;
}

Val Val::borrowedScalarList(ValKind elementKind, std::span<const uint8_t> littleEndianBytes) {
  bool integer = elementKind >= ValKind::S8 && elementKind <= ValKind::U64;
  uint32_t size = scalarSize(elementKind);
  auto address = reinterpret_cast<uintptr_t>(littleEndianBytes.data());
  if (!integer || address % size != 0 || littleEndianBytes.data() == nullptr) {
    return scalarList(elementKind, littleEndianBytes);
  }
  Val v(ValKind::List, 0);
  v.compactElement_ = elementKind;
  v.borrowed_ = std::string_view(reinterpret_cast<const char*>(littleEndianBytes.data()),
                                 littleEndianBytes.size() / size * size);
  return v;
}

Val Val::list(std::vector<Val> elements) {
  Val v(ValKind::List, 0);
  v.elements_ = std::move(elements);
  return v;
}

uint32_t scalarSize(ValKind kind) {
  switch (kind) {
    case ValKind::Bool:
    case ValKind::S8:
    case ValKind::U8:
      return 1;
    case ValKind::S16:
    case ValKind::U16:
      return 2;
    case ValKind::S32:
    case ValKind::U32:
    case ValKind::F32:
    case ValKind::Char:
      return 4;
    case ValKind::S64:
    case ValKind::U64:
    case ValKind::F64:
      return 8;
    default:
      return 0;
  }
}

Val Val::bytesFrom(std::string bytes) {
  Val v(ValKind::List, 0);
  v.compactElement_ = ValKind::U8;
  v.text_ = std::move(bytes);
  return v;
}

Val Val::scalarList(ValKind elementKind, std::span<const uint8_t> littleEndianBytes) {
  uint32_t size = scalarSize(elementKind);
  if (size == 0) return Val();
  Val v(ValKind::List, 0);
  v.compactElement_ = elementKind;
  size_t whole = littleEndianBytes.size() / size * size;
  v.text_.assign(reinterpret_cast<const char*>(littleEndianBytes.data()), whole);
  if (elementKind == ValKind::Bool) {
    for (char& b : v.text_) b = b != 0 ? 1 : 0;
  }
  return v;
}

size_t Val::listSize() const {
  if (!compactElement_) return elements_.size();
  return textView().size() / scalarSize(*compactElement_);
}

// Element `i` of a compact list from its little-endian bytes.
static uint64_t compactBits(std::string_view bytes, uint32_t size, size_t i) {
  uint64_t bits = 0;
  std::memcpy(&bits, bytes.data() + i * size, size);
  return bits;
}

// The scalar Val of `kind` with the (zero-extended) bits of its memory layout.
static Val scalarFromBits(ValKind kind, uint64_t bits) {
  switch (kind) {
    case ValKind::Bool:
      return Val::boolean(bits != 0);
    case ValKind::S8:
      return Val::s8(static_cast<int8_t>(bits));
    case ValKind::U8:
      return Val::u8(static_cast<uint8_t>(bits));
    case ValKind::S16:
      return Val::s16(static_cast<int16_t>(bits));
    case ValKind::U16:
      return Val::u16(static_cast<uint16_t>(bits));
    case ValKind::S32:
      return Val::s32(static_cast<int32_t>(bits));
    case ValKind::U32:
      return Val::u32(static_cast<uint32_t>(bits));
    case ValKind::S64:
      return Val::s64(static_cast<int64_t>(bits));
    case ValKind::F32:
      return Val::f32Bits(static_cast<uint32_t>(bits));
    case ValKind::F64:
      return Val::f64Bits(bits);
    case ValKind::Char:
      return Val::character(static_cast<char32_t>(bits));
    default:
      return Val::u64(bits);
  }
}

Val Val::listElement(size_t i) const {
  if (!compactElement_) return elements_[i];
  return scalarFromBits(*compactElement_, compactBits(textView(), scalarSize(*compactElement_), i));
}

Val Val::tuple(std::vector<Val> elements) {
  Val v(ValKind::Tuple, 0);
  v.elements_ = std::move(elements);
  return v;
}

Val Val::record(std::vector<std::pair<std::string, Val>> fields) {
  Val v(ValKind::Record, 0);
  v.elements_.reserve(fields.size());
  v.names_.reserve(fields.size());
  for (auto& [name, value] : fields) {
    v.names_.push_back(std::move(name));
    v.elements_.push_back(std::move(value));
  }
  return v;
}

Val Val::variant(std::string caseName, std::optional<Val> payload) {
  Val v(ValKind::Variant, 0);
  v.text_ = std::move(caseName);
  if (payload) v.elements_.push_back(std::move(*payload));
  return v;
}

Val Val::enumCase(std::string caseName) {
  Val v(ValKind::Enum, 0);
  v.text_ = std::move(caseName);
  return v;
}

Val Val::some(Val payload) {
  Val v(ValKind::Option, 1);
  v.text_ = "some";
  v.elements_.push_back(std::move(payload));
  return v;
}

Val Val::none() {
  Val v(ValKind::Option, 0);
  v.text_ = "none";
  return v;
}

Val Val::ok(std::optional<Val> payload) {
  Val v(ValKind::Result, 0);
  v.text_ = "ok";
  if (payload) v.elements_.push_back(std::move(*payload));
  return v;
}

Val Val::err(std::optional<Val> payload) {
  Val v(ValKind::Result, 1);
  v.text_ = "err";
  if (payload) v.elements_.push_back(std::move(*payload));
  return v;
}

Val Val::flags(std::vector<std::string> setFlags) {
  Val v(ValKind::Flags, 0);
  v.names_ = std::move(setFlags);
  return v;
}

ResourceHandle Val::asResource() const {
  return ResourceHandle{static_cast<uint32_t>(bits_ >> 32), static_cast<uint32_t>(bits_)};
}

static bool sameFloatBits(uint64_t a, uint64_t b, bool isF32) {
  if (a == b) return true;
  if (isF32) {
    return std::isnan(std::bit_cast<float>(static_cast<uint32_t>(a))) &&
           std::isnan(std::bit_cast<float>(static_cast<uint32_t>(b)));
  }
  return std::isnan(std::bit_cast<double>(a)) && std::isnan(std::bit_cast<double>(b));
}

static bool sameSet(std::span<const std::string> a, std::span<const std::string> b) {
  std::vector<std::string> x(a.begin(), a.end()), y(b.begin(), b.end());
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  x.erase(std::unique(x.begin(), x.end()), x.end());
  y.erase(std::unique(y.begin(), y.end()), y.end());
  return x == y;
}

// Lists compare element by element whatever their form (a lifted compact list equals the
// expanded list a host or WAVE text wrote).
bool sameListElements(const Val& a, const Val& b) {
  if (a.compactElement_ && a.compactElement_ == b.compactElement_) {
    if (a.textView() == b.textView()) return true;
    if (*a.compactElement_ != ValKind::F32 && *a.compactElement_ != ValKind::F64) return false;
  }
  size_t n = a.listSize();
  if (n != b.listSize()) return false;
  for (size_t i = 0; i < n; ++i) {
    if (!(a.listElement(i) == b.listElement(i))) return false;
  }
  return true;
}

bool operator==(const Val& a, const Val& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case ValKind::List:
      if (a.compactElement_ || b.compactElement_) return sameListElements(a, b);
      return a.elements_ == b.elements_;
    case ValKind::F32:
      return sameFloatBits(a.bits_, b.bits_, true);
    case ValKind::F64:
      return sameFloatBits(a.bits_, b.bits_, false);
    case ValKind::Flags:
      return sameSet(a.names_, b.names_);
    default:
      return a.bits_ == b.bits_ && a.textView() == b.textView() && a.names_ == b.names_ &&
             a.elements_ == b.elements_;
  }
}

}  // namespace sable::cm
