// The inside of a WasiContext: the guest's WasiState under the name the public header declares,
// and the WASI host's one way to reach it (its host functions and white-box tests).
#pragma once

#include "host-wasi/wasi_state.h"
#include "sable/wasi.h"

namespace sable {

struct WasiContext::Impl : wasi::WasiState {};

struct WasiContextAccess {
  // The state the host functions of `context` work on.
  static wasi::WasiState& state(WasiContext& context) { return *context.impl_; }
};

}  // namespace sable
