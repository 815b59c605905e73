// The canonical ABI's cm::GuestWriter (guest_writer.h).
#include "component/canon/guest_writer.h"

#include <cstring>
#include <string>

#include "component/canon/strings.h"
#include "component/canon/trap.h"

namespace sable::canon {

Result<uint32_t> CanonGuestWriter::allocate(uint32_t align, uint64_t size, std::string_view what) {
  if (size > kMaxByteLength) {
    return usage(std::string(what) + " value is larger than 2^28 - 1 bytes");
  }
  Result<uint32_t> ptr = canon::allocate(cx_, align, static_cast<uint32_t>(size));
  if (!ptr) return ptr.error();
  SABLE_CANON_CHECK(checkAllocation(cx_, *ptr, align, size, what));
  return ptr;
}

Result<void> CanonGuestWriter::write(uint32_t address, std::span<const uint8_t> bytes) {
  Result<std::span<uint8_t>> memory = memoryBytes(cx_);
  if (!memory) return memory.error();
  // The templates only write inside what they allocated or the checked result area; a write
  // elsewhere is a bug to report, never to perform.
  if (uint64_t{address} + bytes.size() > memory->size()) {
    return usage("a typed result was written out of bounds of memory");
  }
  if (!bytes.empty()) std::memcpy(memory->data() + address, bytes.data(), bytes.size());
  return {};
}

Result<std::pair<uint32_t, uint32_t>> CanonGuestWriter::storeString(std::string_view utf8) {
  return storeStringIntoRange(cx_, utf8);
}

Result<uint32_t> CanonGuestWriter::resultAddress() {
  if (!type_.result) return usage("the function has no result");
  if (!outPtr_) return usage("a result passed in memory needs an out-pointer");
  const AbiInfo& abi = cx_.types[*type_.result].abi;
  SABLE_CANON_CHECK(checkRange(cx_, *outPtr_, abi.align, abi.size, "result"));
  return *outPtr_;
}

}  // namespace sable::canon
