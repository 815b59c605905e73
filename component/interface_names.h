// Matching an import's interface name against a name the host defined, by canonversion
// (Explainer.md: `wasi:io/streams@0.2.6` and `@0.2.1` are interchangeable, `@1.2` and `@1.3`
// too, `@0.1` and `@0.2` not).
#pragma once

#include <string_view>

namespace sable::cm {

// Whether `defined` satisfies `wanted`: equal, or equal before '@' with versions of the same
// canonversion.
bool interfaceNamesMatch(std::string_view defined, std::string_view wanted);

}  // namespace sable::cm
