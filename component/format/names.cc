// Names: the lexical rules of Explainer.md "Import and Export Definitions" and semver.org 2.0.
#include "component/format/names.h"

#include <cctype>
#include <limits>
#include <utility>

namespace sable::cm::names {
namespace {

Error invalid(std::string message) {
  return Error{ErrorKind::Invalid, Error::kNoOffset, std::move(message)};
}

bool isLower(char c) { return c >= 'a' && c <= 'z'; }
bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

// One `word` ([0-9a-z]+) or `acronym` ([0-9A-Z]+); the first of a label must start with a letter.
bool isFragment(std::string_view word, bool first, bool lowercaseOnly) {
  if (word.empty()) return false;
  if (first && isDigit(word[0])) return false;
  bool lower = false;
  bool upper = false;
  for (char c : word) {
    if (isLower(c)) {
      lower = true;
    } else if (isUpper(c)) {
      upper = true;
    } else if (!isDigit(c)) {
      return false;
    }
  }
  if (lowercaseOnly && upper) return false;
  return !(lower && upper);
}

bool isKebab(std::string_view s, bool lowercaseOnly) {
  if (s.empty()) return false;
  bool first = true;
  size_t start = 0;
  while (true) {
    size_t dash = s.find('-', start);
    std::string_view word = s.substr(start, dash == std::string_view::npos ? dash : dash - start);
    if (!isFragment(word, first, lowercaseOnly)) return false;
    if (dash == std::string_view::npos) return true;
    first = false;
    start = dash + 1;
  }
}

Error notKebab(std::string_view s) {
  return invalid("`" + std::string(s) + "` is not in kebab case");
}

// A left-to-right reader over a version string, for semver's error messages.
class VersionReader {
 public:
  explicit VersionReader(std::string_view text) : text_(text) {}

  bool atEnd() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  size_t pos() const { return pos_; }
  std::string_view rest() const { return text_.substr(pos_); }

  Error unexpected() const {
    if (atEnd()) return invalid("unexpected end of input while parsing version");
    return invalid(std::string("unexpected character '") + peek() + "' while parsing version");
  }

  // A numeric identifier: digits, no leading zero unless it is "0".
  Result<uint64_t> number() {
    if (atEnd() || !isDigit(peek())) return unexpected();
    size_t start = pos_;
    uint64_t value = 0;
    while (!atEnd() && isDigit(peek())) {
      uint64_t digit = static_cast<uint64_t>(peek() - '0');
      if (value > (std::numeric_limits<uint64_t>::max() - digit) / 10) {
        return invalid("version number out of range");
      }
      value = value * 10 + digit;
      ++pos_;
    }
    if (pos_ - start > 1 && text_[start] == '0') return invalid("invalid leading zero in version");
    return value;
  }

  Result<void> expect(char c) {
    if (atEnd() || peek() != c) return unexpected();
    ++pos_;
    return {};
  }

  // Dot-separated identifiers of [0-9A-Za-z-], up to the next `stop` (or the end). In the
  // pre-release part, numeric identifiers have no leading zeros.
  Result<std::string_view> identifiers(char stop, bool numericNoLeadingZero) {
    size_t start = pos_;
    size_t segment = pos_;
    while (true) {
      bool end = atEnd() || peek() == stop || peek() == '.';
      if (end) {
        std::string_view seg = text_.substr(segment, pos_ - segment);
        if (seg.empty()) return invalid("empty identifier segment in version");
        if (numericNoLeadingZero && allDigits(seg) && seg.size() > 1 && seg[0] == '0') {
          return invalid("invalid leading zero in version pre-release");
        }
        if (atEnd() || peek() == stop) break;
        ++pos_;
        segment = pos_;
        continue;
      }
      char c = peek();
      if (!(isLower(c) || isUpper(c) || isDigit(c) || c == '-')) return unexpected();
      ++pos_;
    }
    return text_.substr(start, pos_ - start);
  }

 private:
  static bool allDigits(std::string_view s) {
    for (char c : s) {
      if (!isDigit(c)) return false;
    }
    return true;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

// `words ':' words '/' label ('@' version)?`, the text after the namespace's ':' included.
Result<ExternName> parseInterface(std::string_view text) {
  ExternName name;
  name.kind = NameKind::Interface;
  name.text = text;
  size_t colon = text.find(':');
  name.nameSpace = text.substr(0, colon);
  if (!isLabel(name.nameSpace)) return notKebab(name.nameSpace);
  std::string_view rest = text.substr(colon + 1);
  size_t slash = rest.find('/');
  size_t nestedColon = rest.find(':');
  if (nestedColon != std::string_view::npos && nestedColon < slash) {
    return invalid("expected `/` after package name in `" + std::string(text) + "`");
  }
  name.package = rest.substr(0, slash);
  if (!isLabel(name.package)) return notKebab(name.package);
  if (!isWords(name.nameSpace) || !isWords(name.package)) {
    return invalid("`" + std::string(text) + "` is not a valid extern name");
  }
  if (slash == std::string_view::npos) {
    return invalid("expected `/` after package name in `" + std::string(text) + "`");
  }
  rest = rest.substr(slash + 1);
  size_t at = rest.find('@');
  name.interface = rest.substr(0, at);
  size_t trailing = name.interface.find('/');
  if (trailing != std::string_view::npos) {
    return invalid("trailing characters found: `" + std::string(rest.substr(trailing)) + "`");
  }
  if (!isLabel(name.interface)) return notKebab(name.interface);
  if (at == std::string_view::npos) return name;
  name.version = rest.substr(at + 1);
  if (!isCanonVersion(name.version)) {
    if (auto v = parseSemVer(name.version); !v) return v.error();
  }
  return name;
}

// `[constructor]R`, `[method]R.l`, `[static]R.l` or a plain label.
Result<ExternName> parsePlain(std::string_view text) {
  ExternName name;
  name.text = text;
  static constexpr std::pair<std::string_view, NameKind> kAnnotations[] = {
      {"[constructor]", NameKind::Constructor},
      {"[method]", NameKind::Method},
      {"[static]", NameKind::Static},
  };
  for (const auto& [prefix, kind] : kAnnotations) {
    if (!text.starts_with(prefix)) continue;
    name.kind = kind;
    std::string_view rest = text.substr(prefix.size());
    if (kind == NameKind::Constructor) {
      if (!isLabel(rest)) return notKebab(rest);
      name.resource = rest;
      return name;
    }
    size_t dot = rest.find('.');
    if (dot == std::string_view::npos) {
      return invalid("failed to find `.` character in `" + std::string(text) + "`");
    }
    name.resource = rest.substr(0, dot);
    name.label = rest.substr(dot + 1);
    if (!isLabel(name.resource)) return notKebab(name.resource);
    if (!isLabel(name.label)) return notKebab(name.label);
    return name;
  }
  if (!isLabel(text)) return notKebab(text);
  name.label = text;
  return name;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool isLabel(std::string_view s) { return isKebab(s, false); }

bool isWords(std::string_view s) { return isKebab(s, true); }

Result<SemVer> parseSemVer(std::string_view text) {
  if (text.empty()) return invalid("empty string, expected a semver version");
  VersionReader r(text);
  SemVer v;
  auto major = r.number();
  if (!major) return major.error();
  if (auto dot = r.expect('.'); !dot) return dot.error();
  auto minor = r.number();
  if (!minor) return minor.error();
  if (auto dot = r.expect('.'); !dot) return dot.error();
  auto patch = r.number();
  if (!patch) return patch.error();
  v.major = *major;
  v.minor = *minor;
  v.patch = *patch;
  if (!r.atEnd() && r.peek() == '-') {
    if (auto dash = r.expect('-'); !dash) return dash.error();
    auto pre = r.identifiers('+', true);
    if (!pre) return pre.error();
    v.prerelease = *pre;
  }
  if (!r.atEnd() && r.peek() == '+') {
    if (auto plus = r.expect('+'); !plus) return plus.error();
    auto build = r.identifiers('\0', false);
    if (!build) return build.error();
    v.build = *build;
  }
  if (!r.atEnd()) return r.unexpected();
  return v;
}

bool isCanonVersion(std::string_view text) {
  // One to three dot-separated numbers without leading zeros, all leading ones zero, the last
  // nonzero unless there are three (`0.0.0` is allowed).
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t dot = text.find('.', start);
    parts.push_back(text.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (parts.size() > 3) return false;
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string_view p = parts[i];
    if (p.empty()) return false;
    for (char c : p) {
      if (!isDigit(c)) return false;
    }
    bool last = i + 1 == parts.size();
    if (!last && p != "0") return false;
    if (last && p[0] == '0' && !(p == "0" && parts.size() == 3)) return false;
  }
  return true;
}

Result<VersionSplit> splitCanonVersion(std::string_view version) {
  if (isCanonVersion(version)) return VersionSplit{version, {}};
  auto v = parseSemVer(version);
  if (!v) return v.error();
  // Split after the first nonzero of major, minor; else after patch.
  size_t firstDot = version.find('.');
  size_t secondDot = version.find('.', firstDot + 1);
  size_t cut = version.size() - v->prerelease.size() - v->build.size();
  if (!v->prerelease.empty()) --cut;  // the '-'
  if (!v->build.empty()) --cut;       // the '+'
  if (v->major > 0) {
    cut = firstDot;
  } else if (v->minor > 0) {
    cut = secondDot;
  }
  return VersionSplit{version.substr(0, cut), version.substr(cut)};
}

Result<ExternName> parseExternName(std::string_view text) {
  if (text.find(':') != std::string_view::npos) return parseInterface(text);
  return parsePlain(text);
}

Result<ExternName> parseInterfaceName(std::string_view text) {
  if (text.empty()) return invalid("`` is not a valid name");
  if (text.find(':') == std::string_view::npos) {
    return invalid("`" + std::string(text) + "` must be an interface name");
  }
  return parseInterface(text);
}

std::string canonicalName(const ExternName& name) {
  if (name.kind != NameKind::Interface || name.version.empty()) return std::string(name.text);
  auto split = splitCanonVersion(name.version);
  if (!split) return std::string(name.text);
  std::string_view head = name.text.substr(0, name.text.size() - name.version.size());
  return std::string(head) + std::string(split->canon);
}

Result<void> checkVersionSuffix(const ExternName& name, std::string_view suffix) {
  if (name.kind != NameKind::Interface || name.version.empty() || !isCanonVersion(name.version)) {
    return invalid("`versionsuffix` on `" + std::string(name.text) +
                   "`, which has no canonical interface version");
  }
  std::string full = std::string(name.version) + std::string(suffix);
  auto split = splitCanonVersion(full);
  if (!split || split->canon != name.version) {
    return invalid("version `" + full + "` (from `" + std::string(name.text) +
                   "` and its versionsuffix) is not a valid semver with that canonical version");
  }
  return {};
}

std::string uniquenessKey(const ExternName& name) {
  switch (name.kind) {
    case NameKind::Label:
    case NameKind::Interface:
      return lowercase(name.text);
    case NameKind::Constructor:
      return "[constructor]" + lowercase(name.resource);
    case NameKind::Method:
    case NameKind::Static: {
      std::string resource = lowercase(name.resource);
      std::string label = lowercase(name.label);
      if (resource == label) return label;
      return resource + "." + label;
    }
  }
  return lowercase(name.text);
}

Result<void> UniqueNames::add(const ExternName& name) {
  std::string key = uniquenessKey(name);
  for (const Entry& e : entries_) {
    if (e.key == key) {
      return invalid(what_ + " name `" + std::string(name.text) +
                     "` conflicts with previous name `" + e.text + "`");
    }
  }
  entries_.push_back({std::move(key), std::string(name.text)});
  return {};
}

Result<void> checkUniqueLabels(const std::vector<std::string_view>& labels, std::string_view what) {
  std::vector<std::string> keys;
  keys.reserve(labels.size());
  for (std::string_view label : labels) {
    if (!isLabel(label)) return notKebab(label);
    std::string key = lowercase(label);
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == key) {
        return invalid(std::string(what) + " name `" + std::string(label) +
                       "` conflicts with previous " + std::string(what) + " name `" +
                       std::string(labels[i]) + "`");
      }
    }
    keys.push_back(std::move(key));
  }
  return {};
}

}  // namespace sable::cm::names
