// Fuzzes the WAVE text parsers (include/sable/component_wave.h): arbitrary text parsed against
// one of a few shapes, as a type text and as an invocation must give a value or an error, never
// crash, hang or trip a sanitizer; a parsed value must print to text that parses back to it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "sable/component_wave.h"

namespace {

using sable::cm::ValKind;
using sable::cm::ValShape;

// Shapes covering every kind WAVE text can have.
std::vector<ValShape> makeShapes() {
  ValShape point =
      ValShape::record({{"x", ValShape::scalar(ValKind::S32)},
                        {"name", ValShape::option(ValShape::scalar(ValKind::String))}});
  ValShape cases = ValShape::variant({{"none", {}}, {"num", {ValShape::scalar(ValKind::F64)}}});
  std::vector<ValShape> shapes;
  for (ValKind k : {ValKind::Bool, ValKind::S8, ValKind::U16, ValKind::S64, ValKind::U64,
                    ValKind::F32, ValKind::F64, ValKind::Char, ValKind::String}) {
    shapes.push_back(ValShape::scalar(k));
  }
  shapes.push_back(ValShape::list(ValShape::list(ValShape::scalar(ValKind::U8))));
  shapes.push_back(ValShape::tuple({point, cases, ValShape::enumeration({"a", "true"})}));
  shapes.push_back(ValShape::list(
      ValShape::result({ValShape::flags({"r", "w", "x"})}, {ValShape::scalar(ValKind::Char)})));
  return shapes;
}

[[noreturn]] void fail(const char* what, std::string_view text) {
  std::fprintf(stderr, "wave_fuzzer: %s: %.*s\n", what, static_cast<int>(text.size()), text.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<ValShape> shapes = makeShapes();
  if (size == 0) return 0;
  const ValShape& shape = shapes[data[0] % shapes.size()];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (sable::Result<sable::cm::Val> v = sable::cm::parseWave(text, shape)) {
    std::string printed = sable::cm::toWave(*v);
    sable::Result<sable::cm::Val> again = sable::cm::parseWave(printed, shape);
    if (!again) fail("printed value does not parse", printed);
    if (!(*again == *v)) fail("printed value parses to another value", printed);
  } else if (v.error().offset > text.size()) {
    fail("error offset past the end", text);
  }
  (void)sable::cm::parseWaveInvocation(text);
  (void)sable::cm::parseValShape(text);
  (void)sable::cm::parseFuncParamShapes(text);
  return 0;
}
