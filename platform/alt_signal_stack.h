// A per-thread alternate signal stack, so that the trap handler can run even when a fault was
// caused by (or happened near) the end of the thread's stack.
#pragma once

#include <cstddef>

#include "sable/result.h"

namespace sable::platform {

// Usable bytes of the alternate stacks ensureAltStack() installs.
inline constexpr size_t kAltSignalStackBytes = 64 * 1024;

// Installs an alternate signal stack of at least kAltSignalStackBytes for the calling thread,
// kept until the thread exits. Call on every thread before it enters wasm; after the first call
// on a thread it only reads a thread_local. A thread that already has a large enough
// alternate stack (installed by the embedder or a sanitizer) keeps it.
Result<void> ensureAltStack();

}  // namespace sable::platform
