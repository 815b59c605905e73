// `sable validate` for a component (the binary's preamble says which): decode, validate and
// compile it, then print its imports and exports with their types.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "sable/engine.h"

namespace sable::cli {

// Validates the component in `bytes` and prints the report (`json`: one JSON line) unless
// `quiet`; `first` says whether a report was printed before (for the blank line between).
// Returns whether the component is valid; errors are printed as `sable: PATH: ...`.
bool validateComponent(const Engine& engine, const std::string& path,
                       std::span<const uint8_t> bytes, bool quiet, bool json, bool& first);

}  // namespace sable::cli
