// Pieces of WAVE's lexical syntax shared by the printer and the parser.
#pragma once

#include <string>
#include <string_view>

#include "component/utf8.h"

namespace sable::cm {

// Words WAVE gives a meaning of their own (true, none, inf, ...): a label spelled like one is
// written with a `%` prefix.
bool isWaveKeyword(std::string_view word);

}  // namespace sable::cm
