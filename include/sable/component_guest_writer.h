// cm::GuestWriter: where a typed host function's result goes (the calling instance's memory,
// realloc and flat results), so that the typed definitions of component_typed.h lower C++
// results straight into the guest without building a cm::Val. Hosts do not call it themselves:
// defineTypedFunc's templates do, in the canonical ABI's order.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <utility>

#include "sable/component_val.h"
#include "sable/result.h"

namespace sable::cm {

class GuestWriter {
 public:
  virtual ~GuestWriter() = default;

  // Appends one flat result value (an i32 or f32 in the low bits).
  virtual void pushFlat(uint64_t bits) = 0;
  // `size` bytes aligned to `align` from the guest's realloc, checked as the canonical ABI
  // checks an allocation of `what` ("list"): their address. A Usage error past 2^28 - 1 bytes.
  virtual Result<uint32_t> allocate(uint32_t align, uint64_t size, std::string_view what) = 0;
  // Copies `bytes` to guest memory at `address` (inside an allocation or the result area).
  virtual Result<void> write(uint32_t address, std::span<const uint8_t> bytes) = 0;
  // Stores UTF-8 text in the guest's string encoding: (address, tagged code units). A Usage
  // error when `utf8` is not UTF-8.
  virtual Result<std::pair<uint32_t, uint32_t>> storeString(std::string_view utf8) = 0;
  // Where a result passed in memory goes (the caller's out-pointer, checked).
  virtual Result<uint32_t> resultAddress() = 0;
};

// A host function that writes its result through a GuestWriter (as defineTypedFunc makes).
using HostFuncDirect = std::function<Result<void>(std::span<const Val> args, GuestWriter& result)>;

}  // namespace sable::cm
