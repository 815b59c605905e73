// The world of a component in WIT (WIT.md): what `sable wit` and Component::witText print.
// Types exported by an imported or exported interface get their names back, a type one
// interface takes from another reads as `use`, and resource functions named by the annotated
// names ([constructor], [method], [static]) are printed inside their resource.
#pragma once

#include <string>

#include "component/format/component_def.h"

namespace sable::cm::format {

// `componentType` (a TypeKind::Component entry of `types`) as a package-less
// `world root { ... }` followed by one `package ns:pkg { interface ... }` block per package
// of the interfaces it imports or exports. Types nested deeper than the printer's limit, or
// past its size budget, print as `/* ... */` so hostile binaries give bounded text.
std::string printWit(const TypeArena& types, TypeId componentType);

// `name` with a `%` in front when it is a WIT keyword (`%record`), as WIT requires.
std::string witIdentifier(const std::string& name);

}  // namespace sable::cm::format
