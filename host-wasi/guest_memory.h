// GuestMemory: bounds-checked access to the guest's linear memory for host functions. Every
// pointer and length a guest passes goes through here, so a hostile one becomes EFAULT rather
// than a host read or write outside the memory.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

namespace sable::wasi {

// A view of linear memory for the duration of one host call. Host calls cannot grow the memory,
// so the span stays valid until the call returns. Values are little-endian (wasm's byte order,
// and the host's: Sable runs on little-endian x86-64 and ARM64 only).
class GuestMemory {
 public:
  explicit GuestMemory(std::span<uint8_t> bytes) : bytes_(bytes) {}

  // [ptr, ptr + len) lies inside the memory. 64-bit arithmetic: ptr + len cannot wrap.
  bool inBounds(uint32_t ptr, uint64_t len) const { return uint64_t{ptr} + len <= bytes_.size(); }

  // The bytes [ptr, ptr + len), or nullopt if they are not all inside the memory.
  std::optional<std::span<uint8_t>> bytes(uint32_t ptr, uint64_t len) const {
    if (!inBounds(ptr, len)) return std::nullopt;
    return bytes_.subspan(ptr, static_cast<size_t>(len));
  }

  std::optional<std::string_view> string(uint32_t ptr, uint32_t len) const {
    if (!inBounds(ptr, len)) return std::nullopt;
    return std::string_view(reinterpret_cast<const char*>(bytes_.data() + ptr), len);
  }

  template <typename T>
  bool load(uint32_t ptr, T& out) const {
    static_assert(std::is_trivially_copyable_v<T>);
    if (!inBounds(ptr, sizeof(T))) return false;
    std::memcpy(&out, bytes_.data() + ptr, sizeof(T));
    return true;
  }

  template <typename T>
  bool store(uint32_t ptr, T value) const {
    static_assert(std::is_trivially_copyable_v<T>);
    if (!inBounds(ptr, sizeof(T))) return false;
    std::memcpy(bytes_.data() + ptr, &value, sizeof(T));
    return true;
  }

  uint64_t size() const { return bytes_.size(); }

 private:
  std::span<uint8_t> bytes_;
};

}  // namespace sable::wasi
