// The chain of component calls a trap unwound through (issue 16): "stack/app handle-request ->
// stack/logger kv-store.get -> stack/store kv-store.get: unreachable", each call with the wasm
// backtrace of its instance's part of the stack. Built only while a failure unwinds: a call
// that returns pays for two integer reads (markUnwind), nothing more.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sable/result.h"
#include "sable/store.h"

namespace sable::cm {

// Where the store's trap record stood before a call crossed into another instance or the host.
struct UnwindMark {
  uint64_t traps = 0;  // traps the store had turned into errors
  size_t calls = 0;    // component calls noted as unwinding
};

// The mark to take before a cross-instance call.
UnwindMark markUnwind(const Store& store);

// Who a cross-instance call calls: an instance path ("stack/store", "logger") or "host", and
// the function ("example:kv/kv-store#get").
struct CallTarget {
  std::string instance;
  std::string function;
  bool host = false;  // a host function: a nested component call inside it names itself
};

// Notes that the call to `target` taken at `mark` failed with `error`, with the wasm frames of
// the trap its own code raised (when it raised one). A host function's failure is noted only
// when no component call inside it was (a host function that called another component instance,
// as a run-time plug does, has the callee named already).
void noteFailedCall(const Store& store, const UnwindMark& mark, const CallTarget& target,
                    const Error& error);

// At the embedder's call (no wasm on the store's stack): turns the noted calls into
// Store::lastTrap()->calls, outermost first, and, when the failure crossed at least one
// instance boundary, into `error`'s message (chainMessage). Inside a nested call, `error`.
Error finishFailedCall(const Store& store, const UnwindMark& mark, Error error);

// markUnwind for a call made from C++ (ComponentFunc::call): at the embedder's own call (no
// wasm on the stack), also forgets calls noted by failures nobody finished (a host function
// that swallowed a component call's error).
UnwindMark markEmbedderCall(const Store& store);

}  // namespace sable::cm
