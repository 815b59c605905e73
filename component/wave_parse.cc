// WAVE text to cm::Val against a ValShape (the parsing half of include/sable/component_wave.h).
// Recursive descent with a depth cap; every failure is an Error with the offset in the text.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "component/wave_syntax.h"
#include "sable/component_wave.h"

namespace sable::cm {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool isLabelChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}
bool isScalarValue(uint32_t c) { return c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF); }

class WaveParser {
 public:
  explicit WaveParser(std::string_view text) : text_(text) {}

  Result<Val> parseAll(const ValShape& shape) {
    Result<Val> v = value(shape, 0);
    if (!v) return v;
    skipSpace();
    if (pos_ != text_.size()) return fail("unexpected text after the value");
    return v;
  }

 private:
  Error fail(std::string message) const {
    return Error{ErrorKind::Usage, pos_, "WAVE: " + std::move(message)};
  }
  void skipSpace() {
    while (pos_ < text_.size() && isSpace(text_[pos_])) ++pos_;
  }
  bool atEnd() const { return pos_ >= text_.size(); }
  char peek() const { return atEnd() ? '\0' : text_[pos_]; }
  // Skips spaces, then consumes `c` if it is next.
  bool eat(char c) {
    skipSpace();
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  Result<void> expect(char c) {
    if (eat(c)) return {};
    return fail(std::string("expected '") + c + "'");
  }

  Result<Val> value(const ValShape& shape, uint32_t depth);
  Result<Val> scalar(const ValShape& shape);
  Result<Val> boolean();
  Result<Val> integer(ValKind kind);
  Result<Val> floating(ValKind kind);
  Result<Val> character();
  Result<Val> string();
  Result<Val> list(const ValShape& shape, uint32_t depth);
  Result<Val> tuple(const ValShape& shape, uint32_t depth);
  Result<Val> record(const ValShape& shape, uint32_t depth);
  Result<Val> flags(const ValShape& shape);
  Result<Val> variant(const ValShape& shape, uint32_t depth);
  Result<Val> enumeration(const ValShape& shape);
  Result<Val> option(const ValShape& shape, uint32_t depth);
  Result<Val> result(const ValShape& shape, uint32_t depth);
  Result<std::optional<Val>> casePayload(const ValShape::Case& c, uint32_t depth);
  Result<std::string> label();
  std::string_view word();
  Result<char32_t> escapedOrPlain(char quote);

  std::string_view text_;
  size_t pos_ = 0;
};

Result<Val> WaveParser::value(const ValShape& shape, uint32_t depth) {
  if (depth > kMaxWaveDepth) {
    return Error{ErrorKind::Limit, pos_, "WAVE: values nest deeper than the limit"};
  }
  skipSpace();
  switch (shape.kind()) {
    case ValKind::List:
      return list(shape, depth);
    case ValKind::Tuple:
      return tuple(shape, depth);
    case ValKind::Record:
      return record(shape, depth);
    case ValKind::Flags:
      return flags(shape);
    case ValKind::Variant:
      return variant(shape, depth);
    case ValKind::Enum:
      return enumeration(shape);
    case ValKind::Option:
      return option(shape, depth);
    case ValKind::Result:
      return result(shape, depth);
    case ValKind::Own:
    case ValKind::Borrow:
      return fail("resource handles have no WAVE text");
    default:
      return scalar(shape);
  }
}

Result<Val> WaveParser::scalar(const ValShape& shape) {
  switch (shape.kind()) {
    case ValKind::Bool:
      return boolean();
    case ValKind::F32:
    case ValKind::F64:
      return floating(shape.kind());
    case ValKind::Char:
      return character();
    case ValKind::String:
      return string();
    default:
      return integer(shape.kind());
  }
}

// A run of label characters (with an optional leading '-' for numbers), not consumed.
std::string_view WaveParser::word() {
  size_t end = pos_;
  if (end < text_.size() && (text_[end] == '-' || text_[end] == '+')) ++end;
  while (end < text_.size() && (isLabelChar(text_[end]) || text_[end] == '.' ||
                                ((text_[end] == '-' || text_[end] == '+') &&
                                 (text_[end - 1] == 'e' || text_[end - 1] == 'E')))) {
    ++end;
  }
  return text_.substr(pos_, end - pos_);
}

Result<Val> WaveParser::boolean() {
  std::string_view w = word();
  if (w != "true" && w != "false") return fail("expected a bool (true or false)");
  pos_ += w.size();
  return Val::boolean(w == "true");
}

template <typename Int>
std::optional<Int> parseInt(std::string_view digits) {
  if (digits.empty() || digits.front() == '+') return std::nullopt;
  Int value{};
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

Result<Val> WaveParser::integer(ValKind kind) {
  std::string_view w = word();
  std::optional<Val> v;
  switch (kind) {
    case ValKind::S8:
      if (auto i = parseInt<int8_t>(w)) v = Val::s8(*i);
      break;
    case ValKind::U8:
      if (auto i = parseInt<uint8_t>(w)) v = Val::u8(*i);
      break;
    case ValKind::S16:
      if (auto i = parseInt<int16_t>(w)) v = Val::s16(*i);
      break;
    case ValKind::U16:
      if (auto i = parseInt<uint16_t>(w)) v = Val::u16(*i);
      break;
    case ValKind::S32:
      if (auto i = parseInt<int32_t>(w)) v = Val::s32(*i);
      break;
    case ValKind::U32:
      if (auto i = parseInt<uint32_t>(w)) v = Val::u32(*i);
      break;
    case ValKind::S64:
      if (auto i = parseInt<int64_t>(w)) v = Val::s64(*i);
      break;
    default:
      if (auto i = parseInt<uint64_t>(w)) v = Val::u64(*i);
      break;
  }
  if (!v) return fail(std::string("expected a ") + valKindName(kind) + " in range");
  pos_ += w.size();
  return std::move(*v);
}

template <typename Float>
std::optional<Float> parseFloat(std::string_view text) {
  if (text == "nan") return std::numeric_limits<Float>::quiet_NaN();
  if (text == "inf") return std::numeric_limits<Float>::infinity();
  if (text == "-inf") return -std::numeric_limits<Float>::infinity();
  // Only decimal digits: from_chars would also take "infinity" and hex forms WAVE has not.
  if (text.empty() || text.front() == '+' || text.find_first_of("xXnN") != std::string_view::npos) {
    return std::nullopt;
  }
  Float value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

Result<Val> WaveParser::floating(ValKind kind) {
  std::string_view w = word();
  std::optional<Val> v;
  if (kind == ValKind::F32) {
    if (auto f = parseFloat<float>(w)) v = Val::f32(*f);
  } else if (auto d = parseFloat<double>(w)) {
    v = Val::f64(*d);
  }
  if (!v) return fail(std::string("expected a finite ") + valKindName(kind) + ", nan or inf");
  pos_ += w.size();
  return std::move(*v);
}

// Decodes the UTF-8 sequence at pos_ (which must be a valid one) into a scalar value.
Result<char32_t> decodeUtf8At(std::string_view text, size_t& pos) {
  auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  uint8_t lead = byte(pos);
  size_t length = lead < 0x80         ? 1
                  : (lead >> 5) == 6  ? 2
                  : (lead >> 4) == 14 ? 3
                  : (lead >> 3) == 30 ? 4
                                      : 0;
  if (length == 0 || pos + length > text.size()) {
    return Error{ErrorKind::Usage, pos, "WAVE: invalid UTF-8"};
  }
  char32_t c = length == 1 ? lead : lead & (0x7F >> length);
  for (size_t k = 1; k < length; ++k) {
    if ((byte(pos + k) & 0xC0) != 0x80) return Error{ErrorKind::Usage, pos, "WAVE: invalid UTF-8"};
    c = (c << 6) | (byte(pos + k) & 0x3F);
  }
  static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < kMinimum[length] || !isScalarValue(c)) {
    return Error{ErrorKind::Usage, pos, "WAVE: invalid UTF-8"};
  }
  pos += length;
  return c;
}

// One character inside a string or char literal: an escape or a UTF-8 scalar value.
Result<char32_t> WaveParser::escapedOrPlain(char quote) {
  if (atEnd()) return fail(std::string("unterminated literal, expected ") + quote);
  char c = text_[pos_];
  if (c == '\n' || c == '\r') return fail("line break inside a literal");
  if (c != '\\') return decodeUtf8At(text_, pos_);
  ++pos_;
  char e = peek();
  ++pos_;
  switch (e) {
    case 'n':
      return U'\n';
    case 'r':
      return U'\r';
    case 't':
      return U'\t';
    case '\\':
    case '\'':
    case '"':
      return static_cast<char32_t>(e);
    case 'u':
      break;
    default:
      --pos_;
      return fail("unknown escape");
  }
  if (peek() != '{') return fail("expected '{' after \\u");
  ++pos_;
  size_t start = pos_;
  while (pos_ < text_.size() && pos_ - start < 7 &&
         std::isxdigit(static_cast<uint8_t>(text_[pos_])))
    ++pos_;
  uint32_t code = 0;
  auto [end, ec] = std::from_chars(text_.data() + start, text_.data() + pos_, code, 16);
  if (pos_ == start || ec != std::errc{} || end != text_.data() + pos_ || peek() != '}') {
    return fail("expected hex digits and '}' in \\u{...}");
  }
  if (!isScalarValue(code)) return fail("\\u{...} is not a Unicode scalar value");
  ++pos_;
  return static_cast<char32_t>(code);
}

Result<Val> WaveParser::character() {
  if (peek() != '\'') return fail("expected a char literal ('c')");
  ++pos_;
  if (peek() == '\'') return fail("empty char literal");
  Result<char32_t> c = escapedOrPlain('\'');
  if (!c) return c.error();
  if (peek() != '\'') return fail("expected ' after one character");
  ++pos_;
  return Val::character(*c);
}

Result<Val> WaveParser::string() {
  if (peek() != '"') return fail("expected a string literal (\"...\")");
  ++pos_;
  std::string out;
  while (peek() != '"' || atEnd()) {  // escapedOrPlain reports the missing quote
    Result<char32_t> c = escapedOrPlain('"');
    if (!c) return c.error();
    appendUtf8(out, *c);
  }
  ++pos_;
  return Val::string(std::move(out));
}

Result<Val> WaveParser::list(const ValShape& shape, uint32_t depth) {
  if (!eat('[')) return fail("expected a list ([...])");
  std::vector<Val> elements;
  while (!eat(']')) {
    if (atEnd()) return fail("unterminated list, expected ']'");
    Result<Val> element = value(shape.children()[0], depth + 1);
    if (!element) return element;
    elements.push_back(std::move(*element));
    if (!eat(',')) {
      if (auto closed = expect(']'); !closed) return closed.error();
      break;
    }
  }
  return Val::list(std::move(elements));
}

Result<Val> WaveParser::tuple(const ValShape& shape, uint32_t depth) {
  if (!eat('(')) return fail("expected a tuple ((...))");
  std::vector<Val> elements;
  for (const ValShape& element : shape.children()) {
    Result<Val> v = value(element, depth + 1);
    if (!v) return v;
    elements.push_back(std::move(*v));
    if (elements.size() < shape.children().size()) {
      if (auto comma = expect(','); !comma) return comma.error();
    }
  }
  eat(',');
  if (!eat(')')) {
    return fail("expected ')' after " + std::to_string(shape.children().size()) +
                " tuple elements");
  }
  return Val::tuple(std::move(elements));
}

Result<std::string> WaveParser::label() {
  skipSpace();
  bool escaped = peek() == '%';
  if (escaped) ++pos_;
  size_t start = pos_;
  while (pos_ < text_.size() && isLabelChar(text_[pos_])) ++pos_;
  if (pos_ == start) return fail("expected a name");
  std::string name(text_.substr(start, pos_ - start));
  if (!escaped && isWaveKeyword(name)) {
    pos_ = start;
    return fail("'" + name + "' is a keyword here; write %" + name + " for the name");
  }
  return name;
}

size_t indexOf(const std::vector<std::string>& names, std::string_view name) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return i;
  }
  return names.size();
}

Result<Val> WaveParser::record(const ValShape& shape, uint32_t depth) {
  if (!eat('{')) return fail("expected a record ({name: value, ...})");
  std::vector<std::optional<Val>> fields(shape.names().size());
  while (!eat('}')) {
    if (atEnd()) return fail("unterminated record, expected '}'");
    size_t at = pos_;
    Result<std::string> name = label();
    if (!name) return name.error();
    size_t index = indexOf(shape.names(), *name);
    if (index == fields.size())
      return Error{ErrorKind::Usage, at, "WAVE: no record field " + *name};
    if (fields[index]) return Error{ErrorKind::Usage, at, "WAVE: field " + *name + " given twice"};
    if (auto colon = expect(':'); !colon) return colon.error();
    Result<Val> v = value(shape.children()[index], depth + 1);
    if (!v) return v;
    fields[index] = std::move(*v);
    if (!eat(',')) {
      if (auto closed = expect('}'); !closed) return closed.error();
      break;
    }
  }
  std::vector<std::pair<std::string, Val>> out;
  for (size_t i = 0; i < fields.size(); ++i) {
    // WAVE lets a record leave out its option fields: they are none.
    if (!fields[i] && shape.children()[i].kind() == ValKind::Option) fields[i] = Val::none();
    if (!fields[i]) return fail("record field " + shape.names()[i] + " is missing");
    out.emplace_back(shape.names()[i], std::move(*fields[i]));
  }
  return Val::record(std::move(out));
}

Result<Val> WaveParser::flags(const ValShape& shape) {
  if (!eat('{')) return fail("expected flags ({a, b, ...})");
  std::vector<bool> set(shape.names().size());
  while (!eat('}')) {
    if (atEnd()) return fail("unterminated flags, expected '}'");
    size_t at = pos_;
    Result<std::string> name = label();
    if (!name) return name.error();
    size_t index = indexOf(shape.names(), *name);
    if (index == set.size()) return Error{ErrorKind::Usage, at, "WAVE: no flag " + *name};
    if (set[index]) return Error{ErrorKind::Usage, at, "WAVE: flag " + *name + " given twice"};
    set[index] = true;
    if (!eat(',')) {
      if (auto closed = expect('}'); !closed) return closed.error();
      break;
    }
  }
  std::vector<std::string> names;
  for (size_t i = 0; i < set.size(); ++i) {
    if (set[i]) names.push_back(shape.names()[i]);
  }
  return Val::flags(std::move(names));
}

// `(payload)` after a case name when the case has a payload type; nothing otherwise.
Result<std::optional<Val>> WaveParser::casePayload(const ValShape::Case& c, uint32_t depth) {
  if (c.payload.empty()) {
    skipSpace();
    if (peek() == '(') return fail("case " + c.name + " has no payload");
    return std::optional<Val>();
  }
  if (!eat('(')) return fail("case " + c.name + " needs a payload in parentheses");
  Result<Val> v = value(c.payload[0], depth + 1);
  if (!v) return v.error();
  if (auto closed = expect(')'); !closed) return closed.error();
  return std::optional<Val>(std::move(*v));
}

Result<Val> WaveParser::variant(const ValShape& shape, uint32_t depth) {
  size_t at = pos_;
  Result<std::string> name = label();
  if (!name) return name.error();
  for (const ValShape::Case& c : shape.cases()) {
    if (c.name != *name) continue;
    Result<std::optional<Val>> payload = casePayload(c, depth);
    if (!payload) return payload.error();
    return Val::variant(std::move(*name), std::move(*payload));
  }
  return Error{ErrorKind::Usage, at, "WAVE: no variant case " + *name};
}

Result<Val> WaveParser::enumeration(const ValShape& shape) {
  size_t at = pos_;
  Result<std::string> name = label();
  if (!name) return name.error();
  if (indexOf(shape.names(), *name) == shape.names().size()) {
    return Error{ErrorKind::Usage, at, "WAVE: no enum case " + *name};
  }
  return Val::enumCase(std::move(*name));
}

Result<Val> WaveParser::option(const ValShape& shape, uint32_t depth) {
  std::string_view w = text_.substr(pos_, std::min<size_t>(4, text_.size() - pos_));
  if (w == "none" && (pos_ + 4 == text_.size() || !isLabelChar(text_[pos_ + 4]))) {
    pos_ += 4;
    return Val::none();
  }
  if (!text_.substr(pos_).starts_with("some")) return fail("expected some(...) or none");
  pos_ += 4;
  Result<std::optional<Val>> payload = casePayload({"some", {shape.children()[0]}}, depth);
  if (!payload) return payload.error();
  return Val::some(std::move(**payload));
}

Result<Val> WaveParser::result(const ValShape& shape, uint32_t depth) {
  size_t start = pos_;
  while (pos_ < text_.size() && isLabelChar(text_[pos_])) ++pos_;
  std::string_view w = text_.substr(start, pos_ - start);
  for (const ValShape::Case& side : shape.cases()) {
    if (side.name != w) continue;
    Result<std::optional<Val>> payload = casePayload(side, depth);
    if (!payload) return payload.error();
    return w == "ok" ? Val::ok(std::move(*payload)) : Val::err(std::move(*payload));
  }
  pos_ = start;
  return fail("expected ok, ok(...), err or err(...)");
}

}  // namespace

ValShape ValShape::scalar(ValKind kind) { return ValShape(kind); }

ValShape ValShape::list(ValShape element) {
  ValShape s(ValKind::List);
  s.children_.push_back(std::move(element));
  return s;
}

ValShape ValShape::tuple(std::vector<ValShape> elements) {
  ValShape s(ValKind::Tuple);
  s.children_ = std::move(elements);
  return s;
}

ValShape ValShape::record(std::vector<std::pair<std::string, ValShape>> fields) {
  ValShape s(ValKind::Record);
  for (auto& [name, shape] : fields) {
    s.names_.push_back(std::move(name));
    s.children_.push_back(std::move(shape));
  }
  return s;
}

ValShape ValShape::variant(std::vector<Case> cases) {
  ValShape s(ValKind::Variant);
  s.cases_ = std::move(cases);
  return s;
}

ValShape ValShape::enumeration(std::vector<std::string> cases) {
  ValShape s(ValKind::Enum);
  s.names_ = std::move(cases);
  return s;
}

ValShape ValShape::option(ValShape payload) {
  ValShape s(ValKind::Option);
  s.children_.push_back(std::move(payload));
  return s;
}

ValShape ValShape::result(std::vector<ValShape> ok, std::vector<ValShape> err) {
  ValShape s(ValKind::Result);
  ok.resize(std::min<size_t>(ok.size(), 1), ValShape(ValKind::Bool));
  err.resize(std::min<size_t>(err.size(), 1), ValShape(ValKind::Bool));
  s.cases_.push_back({"ok", std::move(ok)});
  s.cases_.push_back({"err", std::move(err)});
  return s;
}

ValShape ValShape::flags(std::vector<std::string> names) {
  ValShape s(ValKind::Flags);
  s.names_ = std::move(names);
  return s;
}

Result<Val> parseWave(std::string_view text, const ValShape& shape) {
  return WaveParser(text).parseAll(shape);
}

}  // namespace sable::cm
