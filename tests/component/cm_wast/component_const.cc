// Reference-test constant forms to cm::Val (component_const.h). Forms nest through constToVal
// only, and the s-expression reader already capped their depth.
#include "component_const.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <span>
#include <string>

namespace sable::cmwast {
namespace {

using cm::Val;
using Args = std::span<const SExpr>;

Error malformed(std::string message) {
  return Error{ErrorKind::Malformed, Error::kNoOffset, std::move(message)};
}

Result<Val> constFrom(std::string_view head, Args args);

// A wast integer: optional sign, decimal or 0x hex, '_' separators.
bool parseInteger(std::string_view text, bool& negative, uint64_t& magnitude) {
  std::string digits;
  for (char c : text) {
    if (c != '_') digits += c;
  }
  std::string_view d = digits;
  negative = !d.empty() && d.front() == '-';
  if (!d.empty() && (d.front() == '-' || d.front() == '+')) d.remove_prefix(1);
  int base = 10;
  if (d.starts_with("0x") || d.starts_with("0X")) {
    base = 16;
    d.remove_prefix(2);
  }
  auto [end, ec] = std::from_chars(d.data(), d.data() + d.size(), magnitude, base);
  return !d.empty() && ec == std::errc{} && end == d.data() + d.size();
}

Result<Val> integer(std::string_view kind, std::string_view text) {
  bool negative = false;
  uint64_t m = 0;
  if (!parseInteger(text, negative, m))
    return malformed("bad " + std::string(kind) + " " + std::string(text));
  struct Range {
    std::string_view name;
    bool isSigned;
    unsigned bits;
  };
  static constexpr Range kRanges[] = {{"s8", true, 8},    {"u8", false, 8},  {"s16", true, 16},
                                      {"u16", false, 16}, {"s32", true, 32}, {"u32", false, 32},
                                      {"s64", true, 64},  {"u64", false, 64}};
  for (const Range& r : kRanges) {
    if (r.name != kind) continue;
    uint64_t limit = r.bits == 64 ? ~0ull : (1ull << r.bits) - 1;
    uint64_t signedMax = limit >> 1;
    // Signed kinds take -2^(n-1)..2^(n-1)-1; like wast, unsigned spellings of signed bit
    // patterns (s8 255 = -1) are accepted too, and negative numbers for unsigned kinds wrap.
    if (negative ? m > signedMax + 1 : m > limit) break;
    uint64_t bits = negative ? (~m + 1) & limit : m;
    uint64_t signBit = r.bits == 64 ? 1ull << 63 : 1ull << (r.bits - 1);
    int64_t s = (r.isSigned && (bits & signBit)) ? static_cast<int64_t>(bits | ~limit)
                                                 : static_cast<int64_t>(bits);
    switch (r.bits) {
      case 8:
        return r.isSigned ? Val::s8(static_cast<int8_t>(s)) : Val::u8(static_cast<uint8_t>(bits));
      case 16:
        return r.isSigned ? Val::s16(static_cast<int16_t>(s))
                          : Val::u16(static_cast<uint16_t>(bits));
      case 32:
        return r.isSigned ? Val::s32(static_cast<int32_t>(s))
                          : Val::u32(static_cast<uint32_t>(bits));
      default:
        return r.isSigned ? Val::s64(s) : Val::u64(bits);
    }
  }
  return malformed(std::string(kind) + " out of range: " + std::string(text));
}

Result<double> floatValue(std::string_view text) {
  std::string t;
  for (char c : text) {
    if (c != '_') t += c;
  }
  std::string_view body = t;
  bool negative = body.starts_with('-');
  if (negative || body.starts_with('+')) body.remove_prefix(1);
  double magnitude = 0;
  if (body == "inf") {
    magnitude = std::numeric_limits<double>::infinity();
  } else if (body == "nan" || body.starts_with("nan:")) {
    magnitude = std::numeric_limits<double>::quiet_NaN();
  } else {
    std::string s(body);
    char* end = nullptr;
    magnitude = std::strtod(s.c_str(), &end);  // decimal and hex floats
    if (s.empty() || end != s.c_str() + s.size() || s.find_first_of("nNiI") != std::string::npos) {
      return malformed("bad float " + std::string(text));
    }
  }
  return negative ? -magnitude : magnitude;
}

// The one string argument of char.const, str.const, enum.const ...
Result<std::string> stringArg(std::string_view head, Args args, size_t index = 0) {
  if (args.size() <= index || !args[index].quoted)
    return malformed(std::string(head) + " needs a string");
  return args[index].atom;
}

Result<std::vector<Val>> values(Args args) {
  std::vector<Val> out;
  for (const SExpr& a : args) {
    Result<Val> v = constToVal(a);
    if (!v) return v.error();
    out.push_back(std::move(*v));
  }
  return out;
}

// An optional single payload: none, one form, or (inside a field) an inline head + args.
Result<std::optional<Val>> payload(std::string_view head, Args args) {
  if (args.empty()) return std::optional<Val>();
  if (args.size() == 1 && args[0].isList) {
    Result<Val> v = constToVal(args[0]);
    if (!v) return v.error();
    return std::optional<Val>(std::move(*v));
  }
  if (!args[0].isList && !args[0].quoted) {
    Result<Val> v = constFrom(args[0].atom, args.subspan(1));
    if (!v) return v.error();
    return std::optional<Val>(std::move(*v));
  }
  return malformed(std::string(head) + ": bad payload");
}

Result<char32_t> singleChar(std::string_view text) {
  auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  size_t length = text.empty()      ? 0
                  : byte(0) < 0x80  ? 1
                  : byte(0) >= 0xF0 ? 4
                  : byte(0) >= 0xE0 ? 3
                                    : 2;
  if (length == 0 || length != text.size()) return malformed("char.const needs one character");
  char32_t c = length == 1 ? byte(0) : byte(0) & (0x7F >> length);
  for (size_t k = 1; k < length; ++k) c = (c << 6) | (byte(k) & 0x3F);
  return c;
}

// (field "name" v) with v a form or an inline `u8.const 0`.
Result<std::pair<std::string, Val>> field(const SExpr& form) {
  if (form.head() != "field" || form.items.size() < 3 || !form.items[1].quoted) {
    return malformed("record.const wants (field \"name\" value)");
  }
  Args rest = Args(form.items).subspan(2);
  Result<std::optional<Val>> v = payload("field", rest);
  if (!v) return v.error();
  if (!*v) return malformed("field without a value");
  return std::pair<std::string, Val>(form.items[1].atom, std::move(**v));
}

Result<Val> record(Args args) {
  std::vector<std::pair<std::string, Val>> fields;
  for (const SExpr& f : args) {
    Result<std::pair<std::string, Val>> one = field(f);
    if (!one) return one.error();
    fields.push_back(std::move(*one));
  }
  return Val::record(std::move(fields));
}

Result<Val> flags(Args args) {
  std::vector<std::string> names;
  for (size_t i = 0; i < args.size(); ++i) {
    Result<std::string> name = stringArg("flags.const", args, i);
    if (!name) return name.error();
    names.push_back(std::move(*name));
  }
  return Val::flags(std::move(names));
}

Result<Val> caseForm(std::string_view head, Args args) {
  if (head == "option.none")
    return args.empty() ? Result<Val>(Val::none()) : malformed("option.none takes nothing");
  Args rest = head == "variant.const" ? (args.empty() ? args : args.subspan(1)) : args;
  Result<std::optional<Val>> p = payload(head, rest);
  if (!p) return p.error();
  if (head == "option.some") {
    if (!*p) return malformed("option.some needs a value");
    return Val::some(std::move(**p));
  }
  if (head == "result.ok") return Val::ok(std::move(*p));
  if (head == "result.err") return Val::err(std::move(*p));
  Result<std::string> name = stringArg(head, args);
  if (!name) return name.error();
  return Val::variant(std::move(*name), std::move(*p));
}

Result<Val> scalarForm(std::string_view head, Args args) {
  std::string_view kind = head.substr(0, head.find('.'));
  if (kind == "str" || kind == "char" || kind == "enum") {
    Result<std::string> text = stringArg(head, args);
    if (!text) return text.error();
    if (kind == "str") return Val::string(std::move(*text));
    if (kind == "enum") return Val::enumCase(std::move(*text));
    Result<char32_t> c = singleChar(*text);
    if (!c) return c.error();
    return Val::character(*c);
  }
  if (args.size() != 1 || args[0].isList || args[0].quoted)
    return malformed(std::string(head) + " needs one number");
  std::string_view text = args[0].atom;
  if (kind == "bool") {
    if (text != "true" && text != "false") return malformed("bad bool " + std::string(text));
    return Val::boolean(text == "true");
  }
  if (kind == "f32" || kind == "f64") {
    Result<double> d = floatValue(text);
    if (!d) return d.error();
    return kind == "f32" ? Val::f32(static_cast<float>(*d)) : Val::f64(*d);
  }
  return integer(kind, text);
}

Result<Val> constFrom(std::string_view head, Args args) {
  if (head == "list.const" || head == "tuple.const") {
    Result<std::vector<Val>> elements = values(args);
    if (!elements) return elements.error();
    return head == "list.const" ? Val::list(std::move(*elements))
                                : Val::tuple(std::move(*elements));
  }
  if (head == "record.const") return record(args);
  if (head == "flags.const") return flags(args);
  if (head == "variant.const" || head.starts_with("option.") || head.starts_with("result.")) {
    return caseForm(head, args);
  }
  static constexpr std::string_view kScalars[] = {
      "bool.const", "s8.const",  "u8.const",  "s16.const", "u16.const",  "s32.const", "u32.const",
      "s64.const",  "u64.const", "f32.const", "f64.const", "char.const", "str.const", "enum.const"};
  for (std::string_view s : kScalars) {
    if (s == head) return scalarForm(head, args);
  }
  return malformed("unknown component value form: " + std::string(head));
}

}  // namespace

Result<Val> constToVal(const SExpr& form) {
  if (!form.isList || form.head().empty()) return malformed("expected a component value form");
  return constFrom(form.head(), Args(form.items).subspan(1));
}

}  // namespace sable::cmwast
