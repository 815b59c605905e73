// Pieces of WAVE's lexical syntax shared by the printer and the parser.
#pragma once

#include <string>
#include <string_view>

namespace sable::cm {

// Words WAVE gives a meaning of their own (true, none, inf, ...): a label spelled like one is
// written with a `%` prefix.
bool isWaveKeyword(std::string_view word);

// Appends the UTF-8 encoding of the scalar value `c` to `out`.
void appendUtf8(std::string& out, char32_t c);

}  // namespace sable::cm
