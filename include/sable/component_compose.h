// Composing components into one standard component binary (`sable plug -o`, `sable compose`):
// each part is embedded byte for byte as a nested component and instantiated with its imports
// fed by other parts' exports; the imports no part feeds are re-declared at the root with
// their types (identical imports merged), and chosen exports of the parts are re-exported.
// The result is an ordinary component that any Component Model runtime accepts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sable/component.h"
#include "sable/result.h"

namespace sable::cm {

// One component of a composition.
struct CompositionPart {
  std::string name;            // a label for messages and the component-name section ("app")
  Component component;         // `bytes`, compiled: its types drive the encoding
  std::vector<uint8_t> bytes;  // embedded verbatim
};

// One import of one part fed by another part's export.
struct CompositionLink {
  size_t consumer = 0;     // the importing part
  std::string importName;  // as the consumer's binary names it
  size_t provider = 0;     // the exporting part
  std::string exportName;  // as the provider's binary names it
};

// One export of the composed component: a part's export, under a name of its own.
struct CompositionExport {
  std::string name;  // the composed component's export name
  size_t part = 0;
  std::string exportName;  // as the part's binary names it
};

// What to compose. Parts are instantiated providers first (in an order the links imply), so
// the links must not form a cycle.
struct CompositionPlan {
  std::string name;  // the composed component's name (component-name section), or ""
  std::vector<CompositionPart> parts;
  std::vector<CompositionLink> links;
  std::vector<CompositionExport> exports;
};

// Encodes `plan` as one component binary. Errors: Invalid for a plan that does not fit the
// parts (an unknown import or export name, a link whose sorts differ, a cycle), Unlinkable where
// two parts import the same name with different types, Unsupported for a root import this
// encoder cannot re-declare (values, components, core modules). The result is not validated
// here: compile it (Component::compile) to check it.
Result<std::vector<uint8_t>> encodeComposition(const CompositionPlan& plan);

// The name under which `provider` exports `name`: `name` itself when it exports that, else
// (for an interface name) its instance export of the same interface in another version; ""
// when it has neither. How `sable plug` and `sable compose` find a provider's export.
std::string matchingExport(const Component& provider, std::string_view name);

// One import the --plug rule feeds: `importName` of the consumer from export `exportName` of
// providers[provider].
struct PlugFeed {
  std::string importName;
  size_t provider = 0;
  std::string exportName;
};

// The --plug rule, the one `sable run --plug` links by at run time and `sable plug` composes
// by: each instance import of `consumer` is fed by the first of `providers` exporting an
// instance of the same interface (any version: instantiation or validation checks that the
// versions fit). Imports no provider exports are not listed.
std::vector<PlugFeed> plugFeeds(const Component& consumer, std::span<const Component> providers);

// The plan of `sable plug`: `socket` (parts[0]) with `plugs` after it, each instance import of
// the socket fed by the first plug exporting that interface (any version), each plug's by the
// plugs after it; every export of the socket is exported under its own name. Invalid when a
// plug feeds nothing (a misspelt or misordered plug would otherwise be silently left out).
Result<CompositionPlan> planPlug(std::string name, CompositionPart socket,
                                 std::vector<CompositionPart> plugs);

}  // namespace sable::cm
