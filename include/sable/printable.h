// Module-controlled text made safe for diagnostics. Import and export names, name-section names
// and anything else a module chooses can hold ESC, newlines and other control characters; printed
// raw, a module could recolour or clear a terminal, or forge whole lines of a log ("sable: ...").
// Every error message the library builds passes such text through these functions, and so does
// the `sable` tool for what it prints itself, so the escaping is the same everywhere: a daemon
// that logs Error::message gets text that is already safe.
#pragma once

#include <string>
#include <string_view>

namespace sable {

// `text` with every character that could act on a terminal or split a line written as an escape:
// C0 controls and DEL as \xNN, C1 controls (U+0080..U+009F), the line and paragraph separators
// (U+2028, U+2029) and the bidirectional formatting characters as \u{NNNN}, bytes that are not
// UTF-8 as \xNN, and `\` and `"` as \\ and \". Other printable text, UTF-8 included, is kept, so
// the result reads as the original. The mapping is one-to-one: distinct texts stay distinct.
std::string escapeText(std::string_view text);

// `name` quoted and escaped: "\"" + escapeText(name) + "\"".
std::string quotedName(std::string_view name);

// `name` as it can stand alone in a line: as-is when it is not empty and escaping changes nothing
// and it holds no space; otherwise quotedName(name).
std::string printableName(std::string_view name);

}  // namespace sable
