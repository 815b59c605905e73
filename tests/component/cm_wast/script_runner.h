// Runs the commands of one reference-test script against Sable's component API.
#pragma once

#include "manifest.h"
#include "results.h"
#include "sable/engine.h"

namespace sable::cmwast {

// Runs every command of `script` in order with components compiled for `engine` (a fresh store
// per script). Scripts needing gated features are skipped with the reason.
ScriptResults runScript(const Engine& engine, const ManifestScript& script);

// Why a whole script is skipped (the async/ folder, features Sable gates), or "" to run it.
std::string scriptSkipReason(const ManifestScript& script);

// Whether Sable's `actual` error message satisfies the expected one (the spec's convention:
// the expected text is a prefix or part of the actual, compared without case).
bool messageMatches(std::string_view expected, std::string_view actual);

}  // namespace sable::cmwast
