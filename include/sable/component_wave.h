// WAVE (the WebAssembly Value Encoding, what `wasmtime run --invoke` reads and prints): cm::Val
// as text and back. Printing needs only the value; parsing needs the expected shape, because
// WAVE text alone does not say which integer width `1` is, or whether `{a, b}` is flags.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sable/component_val.h"
#include "sable/result.h"

namespace sable::cm {

// The type a WAVE text is parsed against: a value kind with its cases, fields or elements.
// Enough of a Component Model value type to resolve WAVE's ambiguities, nothing more.
class ValShape {
 public:
  // bool, the integers, floats, char and string.
  static ValShape scalar(ValKind kind);
  static ValShape list(ValShape element);
  static ValShape tuple(std::vector<ValShape> elements);
  // Fields in the record type's order.
  static ValShape record(std::vector<std::pair<std::string, ValShape>> fields);
  // One case of a variant (or the ok/err side of a result).
  struct Case {
    std::string name;
    std::vector<ValShape> payload;  // empty or one shape
  };
  // A variant's cases in type order.
  static ValShape variant(std::vector<Case> cases);
  static ValShape enumeration(std::vector<std::string> cases);
  static ValShape option(ValShape payload);
  // result<ok, err>: pass an empty vector for a side without a type.
  static ValShape result(std::vector<ValShape> ok, std::vector<ValShape> err);
  static ValShape flags(std::vector<std::string> names);

  ValKind kind() const { return kind_; }
  // List: the element. Tuple: the elements. Record: field shapes. Option: the payload.
  const std::vector<ValShape>& children() const { return children_; }
  // Record: field names. Enum, flags: case or flag names.
  const std::vector<std::string>& names() const { return names_; }
  // Variant: the cases. Result: "ok" and "err" with their payloads.
  const std::vector<Case>& cases() const { return cases_; }

 private:
  explicit ValShape(ValKind kind) : kind_(kind) {}

  std::vector<ValShape> children_;
  std::vector<std::string> names_;
  std::vector<Case> cases_;
  ValKind kind_ = ValKind::Bool;
};

// The WAVE text of `value`: `"str"`, `'c'`, `[1, 2]`, `{a: 1, b: "x"}`, `(1, 2)`, `some(x)`,
// `none`, `ok(x)`, `err`, `case(x)`, `{a, b}` for flags, floats as their shortest round-trip
// decimal or `nan`/`inf`/`-inf`. Resource handles print as `own<T#I>` / `borrow<T#I>`, which
// WAVE itself cannot express.
std::string toWave(const Val& value);

// Parses WAVE `text` as a value of `shape`. Errors are ErrorKind::Usage, with the offset in
// the text and what was expected there; nesting deeper than kMaxWaveDepth is ErrorKind::Limit.
Result<Val> parseWave(std::string_view text, const ValShape& shape);

// How deeply WAVE values may nest before parsing gives up (text is often attacker-controlled).
inline constexpr uint32_t kMaxWaveDepth = 100;

// Parses a value type as cm::Component::imports()/exports() write it ("u32", "list<string>",
// "record { a: u32, b: option<string> }", "variant { a: u8, b }", "enum { x, y }",
// "flags { r, w }", "tuple<u8, char>", "result", "result<_, u8>", "own<resource>") into the
// shape WAVE text of that type is parsed against. Errors are Usage; nesting is capped.
Result<ValShape> parseValShape(std::string_view typeText);

// The parameter shapes of a function type as those views write it: "func(a: u32, b: string)",
// optionally followed by " -> RESULT".
Result<std::vector<ValShape>> parseFuncParamShapes(std::string_view funcTypeText);

// A function call in WAVE, as `sable run --invoke 'name(arg, arg)'` takes it.
struct WaveInvocation {
  std::string name;               // the function name, e.g. "handle-request" or "ns:pkg/i#f"
  std::vector<std::string> args;  // each argument's WAVE text, to parse against its type
};

// Splits `name(arg, ...)` into the name and the text of each argument (commas inside brackets,
// strings and chars do not split). The parentheses are required.
Result<WaveInvocation> parseWaveInvocation(std::string_view text);

}  // namespace sable::cm
