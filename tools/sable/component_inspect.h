// `sable inspect`'s two renderings of a component's tree (cm::ComponentStructure): indented
// text for a reader and one JSON object for tools.
#pragma once

#include <ostream>

#include "json_output.h"
#include "sable/component_structure.h"

namespace sable::cli {

// The tree as indented text: the component's size, imports and exports, then its core modules,
// core instances, nested components (recursively, indented) and instances, each instance with
// the arguments that feed its imports ("\"example:kv/kv-store\" <- export example:kv/kv-store
// of instance store"). Lists cut by the structure's caps end in "... N more". Every
// binary-controlled string is escaped.
void printStructure(std::ostream& out, const cm::ComponentStructure& component, int indent);

// The tree as JSON (the fields are documented in docs/cli.md, "sable inspect").
Json structureJson(const cm::ComponentStructure& component);

}  // namespace sable::cli
