// Trap: why and where wasm execution stopped, in structured form.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sable {

// The reasons wasm code traps. Same values as the runtime's own trap codes.
enum class TrapKind : uint32_t {
  None = 0,
  Unreachable,
  MemoryOutOfBounds,
  TableOutOfBounds,
  UndefinedElement,  // call_indirect index beyond the table
  IndirectCallToNull,
  IndirectCallTypeMismatch,
  NullReference,
  IntegerDivideByZero,
  IntegerOverflow,
  InvalidConversionToInteger,
  CallStackExhausted,
  HostError,  // a host function returned an error
  // Interruption (sable/store.h): the store's epoch deadline passed (Engine::incrementEpoch).
  Interrupted,
  // The store's fuel (Store::setFuel) ran out.
  FuelExhausted,
};

// The spec's wording for the trap ("out of bounds memory access", ...).
const char* trapKindMessage(TrapKind kind);

// One wasm function on the stack when the trap happened.
struct TrapFrame {
  uint32_t funcIndex = 0;  // in its module's function index space
  // As the module gave them, control characters included: pass them through escapeText
  // (sable/printable.h) before printing them.
  std::string moduleName;  // from the name section, or ""
  std::string funcName;    // name section name, else "<module>!func[N]"
};

// One component function call a trap unwound through (Component Model: component instances
// calling each other or the host), with the wasm frames that instance had on the stack.
struct TrapCall {
  std::string instance;           // the instance path ("stack/logger"), or "host"
  std::string function;           // "example:kv/kv-store#get", or a root export's name
  std::vector<TrapFrame> frames;  // innermost first; empty for the host
};

// A trap with its backtrace, innermost frame first.
struct Trap {
  TrapKind kind = TrapKind::None;
  std::string message;  // trapKindMessage, or the host function's error message
  std::vector<TrapFrame> frames;
  // For a trap in a component function call: the chain of component calls that led to it,
  // outermost first (the root export the embedder called, then each call into another
  // instance or the host); `frames` are then the outermost part's. Empty for core calls.
  std::vector<TrapCall> calls;

  // The message followed by one "  #i name" line per frame, names escaped (escapeText).
  std::string toString() const;
};

}  // namespace sable
