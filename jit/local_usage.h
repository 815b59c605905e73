// A quick pre-scan of a function body, before code generation, that weighs how much each local
// is used (uses inside loops count more). The compiler gives the heaviest locals registers for
// the whole function. The scan only skips immediates, without validating: a body it cannot
// follow just ends the scan early, which affects only which locals get registers.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace sable::jit {

// `body` starts at the instructions (after the local declarations). `weights` must have one
// entry per local (parameters first); they are incremented. Returns whether the scan reached
// the function's final `end`: only then does a weight of zero mean "never used".
bool weighLocalUses(std::span<const uint8_t> body, std::vector<uint32_t>& weights);

}  // namespace sable::jit
