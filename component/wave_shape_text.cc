// Type text (as the component type views print it) to ValShape (include/sable/component_wave.h).
#include <optional>
#include <string>
#include <utility>

#include "sable/component_wave.h"

namespace sable::cm {
namespace {

bool isNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

class TypeTextParser {
 public:
  explicit TypeTextParser(std::string_view text) : text_(text) {}

  Result<ValShape> wholeType() {
    Result<ValShape> shape = type(0);
    if (!shape) return shape;
    if (Result<void> end = expectEnd(); !end) return end.error();
    return shape;
  }

  Result<std::vector<ValShape>> funcParams() {
    if (word() != "func") return fail("expected func(...)");
    if (Result<void> open = expect('('); !open) return open.error();
    std::vector<ValShape> params;
    while (!eat(')')) {
      if (!params.empty()) {
        if (Result<void> comma = expect(','); !comma) return comma.error();
      }
      if (word().empty()) return fail("expected a parameter name");
      if (Result<void> colon = expect(':'); !colon) return colon.error();
      Result<ValShape> shape = type(0);
      if (!shape) return shape.error();
      params.push_back(std::move(*shape));
    }
    return params;  // the result type, if any, does not matter for the arguments
  }

 private:
  Error fail(std::string message) const {
    return Error{ErrorKind::Usage, pos_, "type text: " + std::move(message)};
  }
  void skipSpace() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }
  bool eat(char c) {
    skipSpace();
    if (pos_ >= text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  Result<void> expect(char c) {
    if (eat(c)) return {};
    return fail(std::string("expected '") + c + "'");
  }
  Result<void> expectEnd() {
    skipSpace();
    if (pos_ != text_.size()) return fail("unexpected text after the type");
    return {};
  }
  std::string_view word() {
    skipSpace();
    size_t start = pos_;
    while (pos_ < text_.size() && isNameChar(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  Result<ValShape> type(uint32_t depth);
  Result<ValShape> generic(std::string_view name, uint32_t depth);
  Result<std::vector<std::vector<ValShape>>> typeArgs(uint32_t depth);
  Result<std::vector<ValShape::Case>> namedList(bool typesRequired, uint32_t depth);
  Result<ValShape> braced(std::string_view name, uint32_t depth);

  std::string_view text_;
  size_t pos_ = 0;
};

std::optional<ValKind> scalarKind(std::string_view name) {
  static constexpr std::pair<std::string_view, ValKind> kScalars[] = {
      {"bool", ValKind::Bool},    {"s8", ValKind::S8},   {"u8", ValKind::U8},
      {"s16", ValKind::S16},      {"u16", ValKind::U16}, {"s32", ValKind::S32},
      {"u32", ValKind::U32},      {"s64", ValKind::S64}, {"u64", ValKind::U64},
      {"f32", ValKind::F32},      {"f64", ValKind::F64}, {"char", ValKind::Char},
      {"string", ValKind::String}};
  for (const auto& [word, kind] : kScalars) {
    if (word == name) return kind;
  }
  return std::nullopt;
}

Result<ValShape> TypeTextParser::type(uint32_t depth) {
  if (depth > kMaxWaveDepth) return Error{ErrorKind::Limit, pos_, "type text: nests too deeply"};
  size_t at = pos_;
  std::string_view name = word();
  if (std::optional<ValKind> kind = scalarKind(name)) return ValShape::scalar(*kind);
  if (name == "record" || name == "variant" || name == "enum" || name == "flags") {
    return braced(name, depth);
  }
  if (name == "list" || name == "option" || name == "tuple" || name == "result" || name == "own" ||
      name == "borrow") {
    return generic(name, depth);
  }
  pos_ = at;
  return fail(name.empty() ? "expected a type" : "unknown type " + std::string(name));
}

// `<T, U, ...>`: each slot holds its type, or nothing for `_` (result<_, E>).
Result<std::vector<std::vector<ValShape>>> TypeTextParser::typeArgs(uint32_t depth) {
  std::vector<std::vector<ValShape>> args;
  do {
    args.emplace_back();
    if (eat('_')) continue;
    Result<ValShape> t = type(depth + 1);
    if (!t) return t.error();
    args.back().push_back(std::move(*t));
  } while (eat(','));
  if (Result<void> close = expect('>'); !close) return close.error();
  return args;
}

Result<ValShape> TypeTextParser::generic(std::string_view name, uint32_t depth) {
  if (name == "own" || name == "borrow") {
    if (!eat('<') || word().empty() || !eat('>'))
      return fail("expected " + std::string(name) + "<T>");
    return ValShape::scalar(name == "own" ? ValKind::Own : ValKind::Borrow);
  }
  if (!eat('<')) {
    if (name == "result") return ValShape::result({}, {});
    return fail("expected '<' after " + std::string(name));
  }
  Result<std::vector<std::vector<ValShape>>> args = typeArgs(depth);
  if (!args) return args.error();
  std::vector<std::vector<ValShape>>& a = *args;
  if (name == "result" && a.size() <= 2) {
    return ValShape::result(std::move(a[0]),
                            a.size() == 2 ? std::move(a[1]) : std::vector<ValShape>{});
  }
  std::vector<ValShape> types;
  for (std::vector<ValShape>& slot : a) {
    if (slot.empty()) return fail("'_' only stands for a missing result type");
    types.push_back(std::move(slot[0]));
  }
  if (name == "tuple") return ValShape::tuple(std::move(types));
  if (types.size() != 1) return fail(std::string(name) + " takes one type");
  return name == "list" ? ValShape::list(std::move(types[0]))
                        : ValShape::option(std::move(types[0]));
}

// `name: T, name, ...` up to '}'.
Result<std::vector<ValShape::Case>> TypeTextParser::namedList(bool typesRequired, uint32_t depth) {
  std::vector<ValShape::Case> entries;
  while (!eat('}')) {
    if (!entries.empty()) {
      if (Result<void> comma = expect(','); !comma) return comma.error();
    }
    std::string_view name = word();
    if (name.empty()) return fail("expected a name");
    ValShape::Case entry{std::string(name), {}};
    if (eat(':')) {
      Result<ValShape> t = type(depth + 1);
      if (!t) return t.error();
      entry.payload.push_back(std::move(*t));
    } else if (typesRequired) {
      return fail("expected ':' after " + entry.name);
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

Result<ValShape> TypeTextParser::braced(std::string_view name, uint32_t depth) {
  if (Result<void> open = expect('{'); !open) return open.error();
  Result<std::vector<ValShape::Case>> entries = namedList(name == "record", depth);
  if (!entries) return entries.error();
  if (name == "variant") return ValShape::variant(std::move(*entries));
  if (name == "record") {
    std::vector<std::pair<std::string, ValShape>> fields;
    for (ValShape::Case& e : *entries)
      fields.emplace_back(std::move(e.name), std::move(e.payload[0]));
    return ValShape::record(std::move(fields));
  }
  std::vector<std::string> names;
  for (ValShape::Case& e : *entries) {
    if (!e.payload.empty()) return fail(std::string(name) + " cases have no types");
    names.push_back(std::move(e.name));
  }
  return name == "enum" ? ValShape::enumeration(std::move(names))
                        : ValShape::flags(std::move(names));
}

}  // namespace

Result<ValShape> parseValShape(std::string_view typeText) {
  return TypeTextParser(typeText).wholeType();
}

Result<std::vector<ValShape>> parseFuncParamShapes(std::string_view funcTypeText) {
  return TypeTextParser(funcTypeText).funcParams();
}

}  // namespace sable::cm
