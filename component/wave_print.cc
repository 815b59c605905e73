// cm::Val to WAVE text (the printing half of include/sable/component_wave.h).
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

#include "component/wave_syntax.h"
#include "sable/component_wave.h"

namespace sable::cm {
namespace {

void appendHexEscape(std::string& out, uint32_t c) {
  std::array<char, 16> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "\\u{%x}", c);
  out += buffer.data();
}

// One character of a string or char literal; `quote` is the delimiter that needs escaping.
void appendEscaped(std::string& out, char32_t c, char quote) {
  switch (c) {
    case '\\':
      out += "\\\\";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      break;
  }
  if (c == static_cast<char32_t>(quote)) {
    out += '\\';
    out += quote;
  } else if (c < 0x20 || c == 0x7F || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    appendHexEscape(out, c);
  } else {
    appendUtf8(out, c);
  }
}

// Decodes one UTF-8 sequence at `text[i]`, advancing i; invalid bytes come back as themselves
// (0x80..0xFF), so a bad string still prints (escaped) instead of failing.
char32_t nextCodePoint(std::string_view text, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  uint8_t lead = byte(i);
  size_t length = lead < 0x80         ? 1
                  : (lead >> 5) == 6  ? 2
                  : (lead >> 4) == 14 ? 3
                  : (lead >> 3) == 30 ? 4
                                      : 0;
  if (length == 0 || i + length > text.size()) {
    ++i;
    return lead;
  }
  char32_t c = length == 1 ? lead : lead & (0x7F >> length);
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return lead;
    }
    c = (c << 6) | (byte(i + k) & 0x3F);
  }
  i += length;
  return c;
}

void appendString(std::string& out, std::string_view text) {
  out += '"';
  for (size_t i = 0; i < text.size();) appendEscaped(out, nextCodePoint(text, i), '"');
  out += '"';
}

template <typename Float>
void appendFloat(std::string& out, Float v) {
  if (std::isnan(v)) {
    out += "nan";
  } else if (std::isinf(v)) {
    out += v < 0 ? "-inf" : "inf";
  } else {
    // Shortest round-trip digits without an exponent, as Rust's Display (wasm-wave) prints.
    std::array<char, 512> buffer{};
    auto [end, ec] =
        std::to_chars(buffer.data(), buffer.data() + buffer.size(), v, std::chars_format::fixed);
    out.append(buffer.data(), ec == std::errc{} ? end : buffer.data());
  }
}

template <typename Int>
void appendInt(std::string& out, Int v) {
  std::array<char, 24> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v);
  out.append(buffer.data(), ec == std::errc{} ? end : buffer.data());
}

// A label; keywords (true, none, inf, ...) get WAVE's `%` prefix so they read back as labels.
void appendLabel(std::string& out, std::string_view name) {
  if (isWaveKeyword(name)) out += '%';
  out += name;
}

void appendValue(std::string& out, const Val& v);

void appendSequence(std::string& out, std::span<const Val> elements, char open, char close) {
  out += open;
  for (size_t i = 0; i < elements.size(); ++i) {
    if (i > 0) out += ", ";
    appendValue(out, elements[i]);
  }
  out += close;
}

// A list in either form (a compact list's elements are made one at a time, as scalars).
void appendList(std::string& out, const Val& v) {
  if (!v.isCompactList()) return appendSequence(out, v.elements(), '[', ']');
  out += '[';
  for (size_t i = 0; i < v.listSize(); ++i) {
    if (i > 0) out += ", ";
    appendValue(out, v.listElement(i));
  }
  out += ']';
}

void appendRecord(std::string& out, const Val& v) {
  out += '{';
  for (size_t i = 0; i < v.elements().size(); ++i) {
    if (i > 0) out += ", ";
    appendLabel(out, i < v.names().size() ? std::string_view(v.names()[i]) : "?");
    out += ": ";
    appendValue(out, v.elements()[i]);
  }
  out += '}';
}

void appendFlags(std::string& out, const Val& v) {
  out += '{';
  for (size_t i = 0; i < v.names().size(); ++i) {
    if (i > 0) out += ", ";
    appendLabel(out, v.names()[i]);
  }
  out += '}';
}

// some(x), none, ok(x), err, case(x): the case name (a keyword for option and result), then
// the payload in parentheses when there is one.
void appendCase(std::string& out, const Val& v, bool keyword) {
  if (keyword) {
    out += v.caseName();
  } else {
    appendLabel(out, v.caseName());
  }
  if (const Val* payload = v.payload()) {
    out += '(';
    appendValue(out, *payload);
    out += ')';
  }
}

void appendResource(std::string& out, const Val& v, const char* kind) {
  out += kind;
  out += '<';
  appendInt(out, v.asResource().type);
  out += '#';
  appendInt(out, v.asResource().index);
  out += '>';
}

void appendScalar(std::string& out, const Val& v) {
  switch (v.kind()) {
    case ValKind::Bool:
      out += v.asBool() ? "true" : "false";
      return;
    case ValKind::S8:
      return appendInt(out, int{v.asS8()});
    case ValKind::U8:
      return appendInt(out, unsigned{v.asU8()});
    case ValKind::S16:
      return appendInt(out, int{v.asS16()});
    case ValKind::U16:
      return appendInt(out, unsigned{v.asU16()});
    case ValKind::S32:
      return appendInt(out, v.asS32());
    case ValKind::U32:
      return appendInt(out, v.asU32());
    case ValKind::S64:
      return appendInt(out, v.asS64());
    case ValKind::U64:
      return appendInt(out, v.asU64());
    case ValKind::F32:
      return appendFloat(out, v.asF32());
    case ValKind::F64:
      return appendFloat(out, v.asF64());
    case ValKind::Char:
      out += '\'';
      appendEscaped(out, v.asChar(), '\'');
      out += '\'';
      return;
    case ValKind::String:
      return appendString(out, v.asString());
    default:
      return;
  }
}

void appendValue(std::string& out, const Val& v) {
  switch (v.kind()) {
    case ValKind::List:
      return appendList(out, v);
    case ValKind::Tuple:
      return appendSequence(out, v.elements(), '(', ')');
    case ValKind::Record:
      return appendRecord(out, v);
    case ValKind::Flags:
      return appendFlags(out, v);
    case ValKind::Variant:
    case ValKind::Enum:
      return appendCase(out, v, false);
    case ValKind::Option:
    case ValKind::Result:
      return appendCase(out, v, true);
    case ValKind::Own:
      return appendResource(out, v, "own");
    case ValKind::Borrow:
      return appendResource(out, v, "borrow");
    default:
      return appendScalar(out, v);
  }
}

}  // namespace

std::string toWave(const Val& value) {
  std::string out;
  appendValue(out, value);
  return out;
}

}  // namespace sable::cm
