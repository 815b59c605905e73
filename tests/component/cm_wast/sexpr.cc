// The s-expression reader (sexpr.h).
#include "sexpr.h"

#include <cctype>
#include <charconv>

namespace sable::cmwast {
namespace {

void appendUtf8(std::string& out, uint32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  Result<SExpr> readAll() {
    Result<SExpr> e = read(0);
    if (!e) return e;
    skipSpace();
    if (pos_ != text_.size()) return fail("unexpected text after the expression");
    return e;
  }

 private:
  Error fail(std::string message) const {
    return Error{ErrorKind::Malformed, pos_, std::move(message)};
  }
  void skipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<uint8_t>(text_[pos_]))) ++pos_;
  }
  bool atEnd() const { return pos_ >= text_.size(); }

  Result<SExpr> read(uint32_t depth) {
    if (depth > kMaxSExprDepth)
      return Error{ErrorKind::Limit, pos_, "s-expression nests too deeply"};
    skipSpace();
    if (atEnd()) return fail("unexpected end of text");
    char c = text_[pos_];
    if (c == '(') return list(depth);
    if (c == ')') return fail("unexpected ')'");
    if (c == '"') return string();
    return atom();
  }

  Result<SExpr> list(uint32_t depth) {
    ++pos_;
    SExpr e;
    e.isList = true;
    for (;;) {
      skipSpace();
      if (atEnd()) return fail("expected ')'");
      if (text_[pos_] == ')') break;
      Result<SExpr> item = read(depth + 1);
      if (!item) return item;
      e.items.push_back(std::move(*item));
    }
    ++pos_;
    return e;
  }

  Result<SExpr> atom() {
    size_t start = pos_;
    while (!atEnd() && !std::isspace(static_cast<uint8_t>(text_[pos_])) && text_[pos_] != '(' &&
           text_[pos_] != ')' && text_[pos_] != '"') {
      ++pos_;
    }
    SExpr e;
    e.atom = std::string(text_.substr(start, pos_ - start));
    return e;
  }

  Result<void> escape(std::string& out) {
    if (atEnd()) return fail("unterminated escape");
    char e = text_[pos_++];
    switch (e) {
      case 'n':
        out += '\n';
        return {};
      case 't':
        out += '\t';
        return {};
      case 'r':
        out += '\r';
        return {};
      case '\\':
      case '"':
      case '\'':
        out += e;
        return {};
      case 'u':
        return unicodeEscape(out);
      default:
        return hexByte(out);
    }
  }

  // \hh: one raw byte (wast allows any, the string's UTF-8 validity is the consumer's concern).
  Result<void> hexByte(std::string& out) {
    --pos_;
    uint8_t byte = 0;
    auto [end, ec] = std::from_chars(text_.data() + pos_,
                                     text_.data() + std::min(pos_ + 2, text_.size()), byte, 16);
    if (ec != std::errc{} || end != text_.data() + pos_ + 2) return fail("unknown escape");
    pos_ += 2;
    out += static_cast<char>(byte);
    return {};
  }

  Result<void> unicodeEscape(std::string& out) {
    size_t close = text_.find('}', pos_);
    if (atEnd() || text_[pos_] != '{' || close == std::string_view::npos)
      return fail("bad \\u{...}");
    uint32_t code = 0;
    auto [end, ec] = std::from_chars(text_.data() + pos_ + 1, text_.data() + close, code, 16);
    if (ec != std::errc{} || end != text_.data() + close || code > 0x10FFFF)
      return fail("bad \\u{...}");
    appendUtf8(out, code);
    pos_ = close + 1;
    return {};
  }

  Result<SExpr> string() {
    ++pos_;
    SExpr e;
    e.quoted = true;
    while (!atEnd() && text_[pos_] != '"') {
      char c = text_[pos_++];
      if (c != '\\') {
        e.atom += c;
      } else if (Result<void> escaped = escape(e.atom); !escaped) {
        return escaped.error();
      }
    }
    if (atEnd()) return fail("unterminated string");
    ++pos_;
    return e;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

std::string_view SExpr::head() const {
  if (!isList || items.empty() || items[0].isList || items[0].quoted) return {};
  return items[0].atom;
}

Result<SExpr> parseSExpr(std::string_view text) { return Reader(text).readAll(); }

}  // namespace sable::cmwast
