// `name(arg, arg)` split into the name and argument texts (include/sable/component_wave.h).
// No recursion: brackets are counted, strings and chars skipped, so any input is linear time.
#include <string>

#include "sable/component_wave.h"

namespace sable::cm {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
  return s;
}

Error invocationError(size_t offset, std::string message) {
  return Error{ErrorKind::Usage, offset, "invocation: " + std::move(message)};
}

// Skips a "..." or '...' literal starting at text[i]; returns the index after it, or npos.
size_t skipLiteral(std::string_view text, size_t i) {
  char quote = text[i];
  for (++i; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == quote) {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// Splits the text between the call's parentheses at top-level commas; `base` is its offset.
Result<std::vector<std::string>> splitArguments(std::string_view inner, size_t base) {
  std::vector<std::string> args;
  std::string closers;  // the brackets that must close, innermost last
  size_t start = 0;
  for (size_t i = 0; i < inner.size();) {
    char c = inner[i];
    if (c == '"' || c == '\'') {
      i = skipLiteral(inner, i);
      if (i == std::string_view::npos)
        return invocationError(base + inner.size(), "unterminated literal");
      continue;
    }
    if (c == '(' || c == '[' || c == '{') closers += c == '(' ? ')' : c == '[' ? ']' : '}';
    if (c == ')' || c == ']' || c == '}') {
      if (closers.empty() || closers.back() != c)
        return invocationError(base + i, std::string("unbalanced '") + c + "'");
      closers.pop_back();
    }
    if (c == ',' && closers.empty()) {
      std::string_view arg = trim(inner.substr(start, i - start));
      if (arg.empty()) return invocationError(base + i, "empty argument");
      args.emplace_back(arg);
      start = i + 1;
    }
    ++i;
  }
  if (!closers.empty())
    return invocationError(base + inner.size(), std::string("expected '") + closers.back() + "'");
  std::string_view last = trim(inner.substr(start));
  if (!last.empty()) {
    args.emplace_back(last);
  } else if (!args.empty() && start == 0) {
    return invocationError(base, "empty argument");
  }
  return args;
}

}  // namespace

Result<WaveInvocation> parseWaveInvocation(std::string_view text) {
  size_t open = text.find('(');
  if (open == std::string_view::npos) return invocationError(text.size(), "expected NAME(ARGS...)");
  std::string_view name = trim(text.substr(0, open));
  if (name.empty()) return invocationError(0, "missing function name before '('");
  for (char c : name) {
    if (isSpace(c)) return invocationError(0, "space in the function name");
  }
  size_t close = text.find_last_of(')');
  if (close == std::string_view::npos || close < open)
    return invocationError(text.size(), "expected ')'");
  if (!trim(text.substr(close + 1)).empty())
    return invocationError(close + 1, "unexpected text after ')'");
  Result<std::vector<std::string>> args =
      splitArguments(text.substr(open + 1, close - open - 1), open + 1);
  if (!args) return args.error();
  return WaveInvocation{std::string(name), std::move(*args)};
}

}  // namespace sable::cm
