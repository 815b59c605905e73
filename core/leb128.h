// LEB128 decoding with the binary format's exact rules: at most ceil(N/7) bytes for an N-bit
// integer, and the unused bits of the last byte must be zero (unsigned) or a sign extension
// (signed). Hot in every decoder loop, so header-only and branch-light.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace sable {

// Why a LEB128 read failed; Ok on success.
enum class LebError : uint8_t { Ok, UnexpectedEnd, TooLong, UnusedBitsSet };

template <typename T>
struct LebResult {
  T value = 0;
  uint32_t length = 0;  // bytes consumed
  LebError error = LebError::Ok;
};

// Reads an unsigned LEB128 of `Bits` bits (32 or 64) from [p, end).
template <typename T, unsigned Bits>
inline LebResult<T> readUnsignedLeb(const uint8_t* p, const uint8_t* end) {
  constexpr unsigned kMaxBytes = (Bits + 6) / 7;
  LebResult<T> r;
  T value = 0;
  for (unsigned i = 0; i < kMaxBytes; ++i) {
    if (p + i >= end) {
      r.error = LebError::UnexpectedEnd;
      return r;
    }
    uint8_t byte = p[i];
    value |= static_cast<T>(byte & 0x7F) << (7 * i);
    if ((byte & 0x80) == 0) {
      if (i == kMaxBytes - 1) {
        // Last permitted byte: only the low (Bits - 7*i) bits may carry data.
        constexpr unsigned kUsedBits = Bits - 7 * (kMaxBytes - 1);
        if ((byte >> kUsedBits) != 0) {
          r.error = LebError::UnusedBitsSet;
          return r;
        }
      }
      r.value = value;
      r.length = i + 1;
      return r;
    }
  }
  r.error = LebError::TooLong;
  return r;
}

// Reads a signed LEB128 of `Bits` bits (32, 33 or 64) from [p, end), sign-extended into T.
template <typename T, unsigned Bits>
inline LebResult<T> readSignedLeb(const uint8_t* p, const uint8_t* end) {
  using U = std::make_unsigned_t<T>;
  constexpr unsigned kMaxBytes = (Bits + 6) / 7;
  LebResult<T> r;
  U value = 0;
  for (unsigned i = 0; i < kMaxBytes; ++i) {
    if (p + i >= end) {
      r.error = LebError::UnexpectedEnd;
      return r;
    }
    uint8_t byte = p[i];
    value |= static_cast<U>(byte & 0x7F) << (7 * i);
    if ((byte & 0x80) == 0) {
      unsigned shift = 7 * (i + 1);
      if (i == kMaxBytes - 1) {
        // The bits above Bits in the last byte must all equal the sign bit.
        constexpr unsigned kUsedBits = Bits - 7 * (kMaxBytes - 1);  // incl. the sign bit
        int rest = static_cast<int8_t>(static_cast<uint8_t>(byte << 1)) >> kUsedBits;
        if (rest != 0 && rest != -1) {
          r.error = LebError::UnusedBitsSet;
          return r;
        }
      }
      if (shift < sizeof(T) * 8 && (byte & 0x40)) value |= ~U{0} << shift;
      r.value = static_cast<T>(value);
      r.length = i + 1;
      return r;
    }
  }
  r.error = LebError::TooLong;
  return r;
}

inline LebResult<uint32_t> readU32Leb(const uint8_t* p, const uint8_t* end) {
  return readUnsignedLeb<uint32_t, 32>(p, end);
}
inline LebResult<uint64_t> readU64Leb(const uint8_t* p, const uint8_t* end) {
  return readUnsignedLeb<uint64_t, 64>(p, end);
}
inline LebResult<int32_t> readS32Leb(const uint8_t* p, const uint8_t* end) {
  return readSignedLeb<int32_t, 32>(p, end);
}
// Block types are signed 33-bit values (a type index or a negative value-type code).
inline LebResult<int64_t> readS33Leb(const uint8_t* p, const uint8_t* end) {
  return readSignedLeb<int64_t, 33>(p, end);
}
inline LebResult<int64_t> readS64Leb(const uint8_t* p, const uint8_t* end) {
  return readSignedLeb<int64_t, 64>(p, end);
}

}  // namespace sable
