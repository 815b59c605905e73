// cm::Val construction, accessors and equality.
#include <algorithm>
#include <bit>
#include <cmath>

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

Val Val::list(std::vector<Val> elements) {
  Val v(ValKind::List, 0);
  v.elements_ = std::move(elements);
  return v;
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

bool operator==(const Val& a, const Val& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case ValKind::F32:
      return sameFloatBits(a.bits_, b.bits_, true);
    case ValKind::F64:
      return sameFloatBits(a.bits_, b.bits_, false);
    case ValKind::Flags:
      return sameSet(a.names_, b.names_);
    default:
      return a.bits_ == b.bits_ && a.text_ == b.text_ && a.names_ == b.names_ &&
             a.elements_ == b.elements_;
  }
}

}  // namespace sable::cm
