// Component Model names (Explainer.md "Import and Export Definitions", "Name Uniqueness",
// "Canonical Interface Name"): kebab-case labels, annotated plain names ([constructor],
// [method], [static]), interface names `ns:pkg/iface@version`, semantic versions and their
// canonical form, and the strong uniqueness of import and export names in one scope.
// The validator checks names through these; the linker matches imports by canonical name.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sable/result.h"

namespace sable::cm::names {

// Whether `s` is a kebab-case `label`: words of [a-z0-9] or of [A-Z0-9] joined by single '-',
// the first word starting with a letter.
bool isLabel(std::string_view s);

// Whether `s` is `words`: a label whose words are all lowercase (namespace and package names).
bool isWords(std::string_view s);

// A semantic version (semver.org 2.0), split into its parts. Views into the parsed text.
struct SemVer {
  uint64_t major = 0;
  uint64_t minor = 0;
  uint64_t patch = 0;
  std::string_view prerelease;  // after '-', without it; empty when absent
  std::string_view build;       // after '+', without it; empty when absent
};

// Parses a full semantic version `MAJOR.MINOR.PATCH(-pre)?(+build)?`. Errors (Invalid) say what
// is wrong: "empty string", "unexpected character 'x'", "unexpected end of input", "empty
// identifier segment", "invalid leading zero".
Result<SemVer> parseSemVer(std::string_view text);

// Whether `text` matches the `canonversion` production: `N` (N > 0), `0.N` (N > 0), `0.0.N`
// (N > 0) or `0.0.0`.
bool isCanonVersion(std::string_view text);

// A version split at its canonical point: `1.2.3` -> {`1`, `.2.3`}, `0.2.6-rc.1` -> {`0.2`,
// `.6-rc.1`}, `0.0.1-alpha` -> {`0.0.1`, `-alpha`}. Views into the input.
struct VersionSplit {
  std::string_view canon;
  std::string_view suffix;
};

// Splits a valid semantic version (or a canonversion, whose suffix is empty) at its canonical
// point; Invalid when `version` is neither.
Result<VersionSplit> splitCanonVersion(std::string_view version);

// What kind of `externname` a name is.
enum class NameKind : uint8_t {
  Label,        // `foo-bar`
  Constructor,  // `[constructor]R`
  Method,       // `[method]R.name`
  Static,       // `[static]R.name`
  Interface,    // `ns:pkg/iface@version`
};

// A parsed `externname`. The views point into the parsed text, which must outlive this.
struct ExternName {
  NameKind kind = NameKind::Label;
  std::string_view text;      // the whole name
  std::string_view resource;  // Constructor, Method, Static: the resource label `R`
  std::string_view label;     // Label: the label; Method, Static: the label after '.'
  // Interface names only:
  std::string_view nameSpace;  // `ns`
  std::string_view package;    // `pkg`
  std::string_view interface;  // `iface`
  std::string_view version;    // after '@'; empty when unversioned
};

// Parses an import or export name. Invalid errors quote the offending part:
// "`aBc` is not in kebab case", "`A:b/c` is not a valid extern name", "failed to find `.`
// character", "expected `/` after package name", "trailing characters found: `/qux`".
Result<ExternName> parseExternName(std::string_view text);

// Parses an `interfacename` only (the `implements` attribute's value).
Result<ExternName> parseInterfaceName(std::string_view text);

// The canonical form of a name for linking: an interface name's version is replaced by its
// canonversion (`wasi:io/streams@0.2.6` -> `wasi:io/streams@0.2`); any other name is itself.
// `name` must have parsed.
std::string canonicalName(const ExternName& name);

// Checks a `versionsuffix` attribute against the name it annotates: the name must be an
// interface name whose version is a canonversion, and version + suffix a valid semver.
Result<void> checkVersionSuffix(const ExternName& name, std::string_view suffix);

// The key under which two names collide when they are not strongly unique: lowercased,
// `[method]l.l` / `[static]l.l` become `l`, and annotations other than `[constructor]` are
// stripped. `name` must have parsed.
std::string uniquenessKey(const ExternName& name);

// The names of one scope's imports (or exports), checked for strong uniqueness as they are
// added. `what` ("import", "export") starts the error message: "import name `a` conflicts with
// previous name `A`".
class UniqueNames {
 public:
  explicit UniqueNames(std::string_view what) : what_(what) {}

  // Adds a parsed name; Invalid when it is not strongly unique among the names added so far.
  Result<void> add(const ExternName& name);

 private:
  struct Entry {
    std::string key;
    std::string text;
  };
  std::string what_;
  std::vector<Entry> entries_;  // few per scope; a linear scan keeps it simple
};

// Checks labels that must be strongly unique among themselves (record fields, variant cases,
// flags, enum cases, parameter and result names): each a kebab label, none equal to another
// ignoring case. `what` names them in messages ("field", "case", "flag", "parameter").
Result<void> checkUniqueLabels(const std::vector<std::string_view>& labels, std::string_view what);

}  // namespace sable::cm::names
