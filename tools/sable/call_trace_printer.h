// `sable run --trace-calls`: one line on stderr per call crossing a component boundary or
// reaching the host, in WAVE:
//   [kv-app -> logger] example:kv/kv-store#get("visits") -> none (41 us)
#pragma once

#include <string>

#include "sable/component_linker.h"

namespace sable::cli {

// The trace line of `call`, without the newline.
std::string formatTracedCall(const cm::TracedCall& call);

// A tracer writing formatTracedCall's lines to stderr.
cm::CallTracer stderrCallTracer();

}  // namespace sable::cli
