// Reading the components of `sable plug` and `sable compose`, and writing what they compose:
// both commands load files into CompositionParts, encode a plan, check the result with our own
// validator and write it.
#pragma once

#include <optional>
#include <string>

#include "sable/component_compose.h"
#include "sable/engine.h"

namespace sable::cli {

// Reads and validates the component at `path` as the part `name`. On failure, prints the
// one-line error and returns nullopt.
std::optional<cm::CompositionPart> loadPart(const Engine& engine, const std::string& path,
                                            std::string name);

// A part name for `path`: its file name without `.wasm`, made unique among `taken` (which it is
// added to) with a numeric suffix.
std::string uniquePartName(const std::string& path, std::vector<std::string>& taken);

// Encodes `plan`, validates the result and writes it to `out`; returns the exit status after
// printing any error on one line.
int writeComposition(const Engine& engine, const cm::CompositionPlan& plan, const std::string& out);

// The composed component's name for output path `out`: its file name without `.wasm`.
std::string compositionName(const std::string& out);

}  // namespace sable::cli
