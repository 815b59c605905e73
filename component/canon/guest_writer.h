// The canonical ABI's cm::GuestWriter: a typed host function's result lowered into the calling
// instance (its memory, realloc and string encoding) and the call's flat results.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

#include "component/canon/context.h"
#include "component/canon/flat_buffer.h"
#include "component/canon/type_desc.h"
#include "sable/component_guest_writer.h"

namespace sable::canon {

class CanonGuestWriter final : public cm::GuestWriter {
 public:
  // Writes the result of a call of `type` into `cx`'s instance: flat into `flat`, or at
  // `outPtr` when it travels in memory.
  CanonGuestWriter(LiftLowerContext& cx, const FuncTypeDesc& type, std::optional<uint32_t> outPtr,
                   FlatBuffer& flat)
      : cx_(cx), type_(type), outPtr_(outPtr), flat_(flat) {}

  void pushFlat(uint64_t bits) override { flat_.push(bits); }
  Result<uint32_t> allocate(uint32_t align, uint64_t size, std::string_view what) override;
  Result<void> write(uint32_t address, std::span<const uint8_t> bytes) override;
  Result<std::pair<uint32_t, uint32_t>> storeString(std::string_view utf8) override;
  Result<uint32_t> resultAddress() override;

 private:
  LiftLowerContext& cx_;
  const FuncTypeDesc& type_;
  std::optional<uint32_t> outPtr_;
  FlatBuffer& flat_;
};

}  // namespace sable::canon
