// A small s-expression reader for the command texts of the component-model reference test
// manifests: `(assert_return (invoke "f" (u32.const 1)) (str.const "a"))`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sable/result.h"

namespace sable::cmwast {

// An atom (`u32.const`, `42`, `$i`), a string literal (text unescaped, `quoted` set) or a
// parenthesised list.
struct SExpr {
  bool isList = false;
  bool quoted = false;
  std::string atom;
  std::vector<SExpr> items;

  // True for an unquoted atom equal to `word`.
  bool is(std::string_view word) const { return !isList && !quoted && atom == word; }
  // The head atom of a list (`assert_return`), or "" when it has none.
  std::string_view head() const;
};

// How deeply lists may nest (the texts come from files: no unbounded recursion).
inline constexpr uint32_t kMaxSExprDepth = 200;

// Parses exactly one s-expression (surrounding space allowed). String escapes: \n \t \r,
// backslash, quotes, \hh and \u{...}. Errors are Malformed with the offset in `text`.
Result<SExpr> parseSExpr(std::string_view text);

}  // namespace sable::cmwast
