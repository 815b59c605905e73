// `--json` output of `sable validate` and `sable compile`: one JSON object per module file, each
// on its own line (JSON Lines), so that a script reads one line per file and never scrapes
// text. The fields are documented in docs/cli.md ("JSON output"); they are only ever added to.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "input_error.h"
#include "sable/module.h"
#include "sable/result.h"

namespace sable::cli {

using Json = nlohmann::ordered_json;  // keeps the documented field order

// {"kind": "malformed", "message": "malformed text at 3:5: ...", "offset": null, "line": 3,
// "column": 5}: why a file gave no module (line and column for text format errors, null
// otherwise). kind is errorKindName's word.
Json errorJson(const InputError& error);

// The same for a module the runtime rejected: kind is errorKindName's word, offset the byte
// offset in the binary module (null when the error has none).
Json errorJson(const Error& error);

// {"file": PATH, "valid": false, "error": ERROR}: the whole report of a file that failed.
Json failureJson(const std::string& path, Json error);

// What `sable validate` reports of a valid module: imports, exports, counts.
Json moduleJson(const Module& module);

// Prints `object` as one line on stdout. Text that is not UTF-8 (a file name) is replaced,
// not thrown on; everything outside ASCII is escaped, so no module-controlled text reaches the
// terminal raw.
void printJsonLine(const Json& object);

}  // namespace sable::cli
