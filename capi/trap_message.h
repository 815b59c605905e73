// What a wasm_trap_t says about a failed call into wasm.
#pragma once

#include <string>

#include "sable/result.h"
#include "sable/store.h"

namespace sable::capi {

// For a trap, the trap's own message ("unreachable", or what a host function's trap said);
// for any other error, the error as a sentence.
std::string trapMessage(const Store& store, const Error& error);

}  // namespace sable::capi
