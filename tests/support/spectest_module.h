// The `spectest` host module that the WebAssembly spec test scripts import.
#pragma once

#include <functional>
#include <string>

#include "sable/linker.h"
#include "sable/result.h"
#include "sable/store.h"

namespace sable {

// Receives one line per print_* call ("42 : i32"); null discards them.
using SpectestPrintSink = std::function<void(const std::string& line)>;

// Defines "spectest" in `linker` with objects created in `store`: print, print_i32, print_i64,
// print_f32, print_f64, print_i32_f32, print_f64_f64; global_i32 = 666, global_i64 = 666,
// global_f32 = 666.6, global_f64 = 666.6 (immutable); table (10 funcref, max 20); memory
// (1 page, max 2).
Result<void> defineSpectest(Linker& linker, Store& store, SpectestPrintSink sink = nullptr);

}  // namespace sable
