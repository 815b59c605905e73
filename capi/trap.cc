// Traps and frames. Sable's traps carry no code offsets yet, so a trap has no origin and an
// empty trace (wasm.h allows both) rather than frames with made-up offsets.
#include <cstring>

#include "objects.h"
#include "trap_message.h"

namespace sable::capi {

std::string trapMessage(const Store& store, const Error& error) {
  if (error.kind == ErrorKind::Trap && store.lastTrap()) return store.lastTrap()->message;
  return error.toString();
}

}  // namespace sable::capi

// A frame of a trap's trace. None are created yet (see above); the type exists for the API.
struct wasm_frame_t {
  wasm_instance_t* instance;
  uint32_t funcIndex;
  size_t funcOffset;
  size_t moduleOffset;
};

extern "C" {

// `message` is null-terminated, as wasm.h's wasm_message_t; the terminator is not kept.
wasm_trap_t* wasm_trap_new(wasm_store_t*, const wasm_message_t* message) {
  size_t size = message->size;
  if (size > 0 && message->data[size - 1] == '\0') --size;
  return sable::capi::newTrap(std::string(message->data, size));
}

void wasm_trap_message(const wasm_trap_t* trap, wasm_message_t* out) {
  const std::string& message = trap->message();
  wasm_byte_vec_new(out, message.size() + 1, message.c_str());
}

wasm_frame_t* wasm_trap_origin(const wasm_trap_t*) { return nullptr; }

void wasm_trap_trace(const wasm_trap_t*, wasm_frame_vec_t* out) { wasm_frame_vec_new_empty(out); }

wasm_frame_t* wasm_frame_copy(const wasm_frame_t* frame) {
  return frame ? new wasm_frame_t(*frame) : nullptr;
}
void wasm_frame_delete(wasm_frame_t* frame) { delete frame; }
wasm_instance_t* wasm_frame_instance(const wasm_frame_t* frame) { return frame->instance; }
uint32_t wasm_frame_func_index(const wasm_frame_t* frame) { return frame->funcIndex; }
size_t wasm_frame_func_offset(const wasm_frame_t* frame) { return frame->funcOffset; }
size_t wasm_frame_module_offset(const wasm_frame_t* frame) { return frame->moduleOffset; }

}  // extern "C"
