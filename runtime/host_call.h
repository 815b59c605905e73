// The bridge from wasm into a host function: what the engine's host-call stub invokes.
#pragma once

#include <cstdint>
#include <span>

#include "abi/host_call_context.h"
#include "runtime/api_access.h"
#include "sable/caller.h"
#include "sable/result.h"
#include "sable/value.h"

namespace sable::detail {

using FuncObject = ApiAccess::FuncObject;

// Runs host function `func`, turning exceptions into errors (they must never unwind through
// generated code) and checking that the results have the declared types.
Result<void> invokeHostFunction(FuncObject& func, Caller& caller, std::span<const Value> args,
                                std::span<Value> results);

// HostCallContext::dispatch for every host function: unmarshals the parameters from `area`,
// runs the std::function, checks and marshals the results back. Returns TrapCode::HostError
// (with the error parked in the store) when the function fails, throws or returns values of
// the wrong types; exceptions never cross into generated code.
// The Caller of the call comes from the frame record every back end's stub puts right below
// the argument area (abi/host_call_context.h).
uint32_t dispatchHostCall(vm::HostCallContext* self, uint64_t* area);

}  // namespace sable::detail
