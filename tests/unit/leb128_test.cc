// core/leb128.h: the binary format's LEB128 rules (spec 5.2.2 "Integers"): at most
// ceil(N/7) bytes, unused bits of the last byte zero (unsigned) or equal to the sign bit
// (signed).
#include "core/leb128.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "core/binary_reader.h"
#include "wasm_builder.h"

namespace sable {
namespace {

using test::Bytes;

template <typename T>
using Reader = LebResult<T> (*)(const uint8_t*, const uint8_t*);

template <typename T>
LebResult<T> readAll(Reader<T> reader, const Bytes& b) {
  return reader(b.data(), b.data() + b.size());
}

template <typename T>
void expectValue(Reader<T> reader, const Bytes& b, T value, uint32_t length) {
  SCOPED_TRACE(::testing::PrintToString(b));
  LebResult<T> r = readAll(reader, b);
  EXPECT_EQ(r.error, LebError::Ok);
  EXPECT_EQ(r.value, value);
  EXPECT_EQ(r.length, length);
}

template <typename T>
void expectError(Reader<T> reader, const Bytes& b, LebError error) {
  SCOPED_TRACE(::testing::PrintToString(b));
  LebResult<T> r = readAll(reader, b);
  EXPECT_EQ(r.error, error);
}

constexpr auto kI32Min = std::numeric_limits<int32_t>::min();
constexpr auto kI32Max = std::numeric_limits<int32_t>::max();
constexpr auto kI64Min = std::numeric_limits<int64_t>::min();
constexpr auto kI64Max = std::numeric_limits<int64_t>::max();
constexpr auto kU32Max = std::numeric_limits<uint32_t>::max();
constexpr auto kU64Max = std::numeric_limits<uint64_t>::max();

// ---------------------------------------------------------------------------------------------
// The test encoders themselves (the other tests rely on them).

TEST(Leb128Encoder, KnownEncodings) {
  EXPECT_EQ(test::u32(0), (Bytes{0x00}));
  EXPECT_EQ(test::u32(127), (Bytes{0x7F}));
  EXPECT_EQ(test::u32(128), (Bytes{0x80, 0x01}));
  EXPECT_EQ(test::u32(624485), (Bytes{0xE5, 0x8E, 0x26}));
  EXPECT_EQ(test::u32(kU32Max), (Bytes{0xFF, 0xFF, 0xFF, 0xFF, 0x0F}));
  EXPECT_EQ(test::s32(-1), (Bytes{0x7F}));
  EXPECT_EQ(test::s32(63), (Bytes{0x3F}));
  EXPECT_EQ(test::s32(64), (Bytes{0xC0, 0x00}));
  EXPECT_EQ(test::s32(-64), (Bytes{0x40}));
  EXPECT_EQ(test::s32(-65), (Bytes{0xBF, 0x7F}));
  EXPECT_EQ(test::s32(-123456), (Bytes{0xC0, 0xBB, 0x78}));
  EXPECT_EQ(test::s32(kI32Min), (Bytes{0x80, 0x80, 0x80, 0x80, 0x78}));
  EXPECT_EQ(test::s64(kI64Min),
            (Bytes{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F}));
  EXPECT_EQ(test::u64Padded(3, 4), (Bytes{0x83, 0x80, 0x80, 0x00}));
  EXPECT_EQ(test::s64Padded(-1, 3), (Bytes{0xFF, 0xFF, 0x7F}));
}

// ---------------------------------------------------------------------------------------------
// u32

// BinaryReader decodes one-byte encodings itself and longer ones through leb128.h: both give
// the same values, and a reader that failed keeps yielding 0.
TEST(BinaryReaderLeb, OneByteAndLongerEncodingsAgree) {
  const Bytes b = {0x00, 0x7f, 0x80, 0x01, 0xe5, 0x8e, 0x26,  // u32: 0, 127, 128, 624485
                   0x00, 0x3f, 0x40, 0x7f, 0xc0, 0x00, 0x80,
                   0x7f};  // s32: 0, 63, -64, -1, 64, -128
  BinaryReader r(b.data(), b.data() + b.size());
  EXPECT_EQ(r.readU32Leb(), 0u);
  EXPECT_EQ(r.readU32Leb(), 127u);
  EXPECT_EQ(r.readU32Leb(), 128u);
  EXPECT_EQ(r.readU32Leb(), 624485u);
  EXPECT_EQ(r.readS32Leb(), 0);
  EXPECT_EQ(r.readS32Leb(), 63);
  EXPECT_EQ(r.readS32Leb(), -64);
  EXPECT_EQ(r.readS32Leb(), -1);
  EXPECT_EQ(r.readS32Leb(), 64);
  EXPECT_EQ(r.readS32Leb(), -128);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.atEnd());
  EXPECT_EQ(r.readU32Leb(), 0u);  // past the end: fails
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.readS32Leb(), 0);
}

TEST(BinaryReaderLeb, AFailedReaderYieldsZeroEvenBeforeOneByteValues) {
  const Bytes b = {0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x05, 0x05};  // too long, then 5, 5
  BinaryReader r(b.data(), b.data() + b.size());
  EXPECT_EQ(r.readU32Leb(), 0u);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.readU32Leb(), 0u);
  EXPECT_EQ(r.readS32Leb(), 0);
}

TEST(Leb128U32, SmallValues) {
  expectValue<uint32_t>(readU32Leb, {0x00}, 0, 1);
  expectValue<uint32_t>(readU32Leb, {0x01}, 1, 1);
  expectValue<uint32_t>(readU32Leb, {0x7F}, 127, 1);
  expectValue<uint32_t>(readU32Leb, {0x80, 0x01}, 128, 2);
  expectValue<uint32_t>(readU32Leb, {0xFF, 0x7F}, 16383, 2);
  expectValue<uint32_t>(readU32Leb, {0x80, 0x80, 0x01}, 16384, 3);
  expectValue<uint32_t>(readU32Leb, {0xE5, 0x8E, 0x26}, 624485, 3);
}

TEST(Leb128U32, MaxValueAndMaxLength) {
  expectValue<uint32_t>(readU32Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, kU32Max, 5);
  expectValue<uint32_t>(readU32Leb, {0x80, 0x80, 0x80, 0x80, 0x08}, 0x80000000u, 5);
}

TEST(Leb128U32, PaddedEncodingsWithinLimitAreAccepted) {
  // Non-minimal encodings are fine as long as they fit in ceil(32/7) = 5 bytes.
  expectValue<uint32_t>(readU32Leb, {0x80, 0x00}, 0, 2);
  expectValue<uint32_t>(readU32Leb, {0x83, 0x80, 0x80, 0x80, 0x00}, 3, 5);
  expectValue<uint32_t>(readU32Leb, {0x80, 0x80, 0x80, 0x80, 0x00}, 0, 5);
  for (size_t len = 1; len <= 5; ++len) {
    expectValue<uint32_t>(readU32Leb, test::u64Padded(5, len), 5, static_cast<uint32_t>(len));
  }
}

TEST(Leb128U32, StopsAtTerminatingByte) {
  expectValue<uint32_t>(readU32Leb, {0x05, 0xFF, 0xFF}, 5, 1);
  expectValue<uint32_t>(readU32Leb, {0x80, 0x01, 0x80}, 128, 2);
}

TEST(Leb128U32, TooLong) {
  // A sixth byte is never allowed, whatever its value.
  expectError<uint32_t>(readU32Leb, {0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, LebError::TooLong);
  expectError<uint32_t>(readU32Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00}, LebError::TooLong);
  expectError<uint32_t>(readU32Leb, test::u64Padded(0, 6), LebError::TooLong);
  expectError<uint32_t>(readU32Leb, test::u64Padded(1, 10), LebError::TooLong);
  // The fifth byte has its continuation bit set: too long even though the input ends there.
  expectError<uint32_t>(readU32Leb, {0x80, 0x80, 0x80, 0x80, 0x80}, LebError::TooLong);
}

TEST(Leb128U32, UnusedBitsSet) {
  // Only the low 4 bits of the fifth byte may be set.
  expectError<uint32_t>(readU32Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0x1F}, LebError::UnusedBitsSet);
  expectError<uint32_t>(readU32Leb, {0x80, 0x80, 0x80, 0x80, 0x10}, LebError::UnusedBitsSet);
  expectError<uint32_t>(readU32Leb, {0x80, 0x80, 0x80, 0x80, 0x70}, LebError::UnusedBitsSet);
  expectError<uint32_t>(readU32Leb, {0x82, 0x80, 0x80, 0x80, 0x40}, LebError::UnusedBitsSet);
  expectError<uint32_t>(readU32Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, LebError::UnusedBitsSet);
}

TEST(Leb128U32, UnexpectedEnd) {
  expectError<uint32_t>(readU32Leb, {}, LebError::UnexpectedEnd);
  expectError<uint32_t>(readU32Leb, {0x80}, LebError::UnexpectedEnd);
  expectError<uint32_t>(readU32Leb, {0xFF, 0xFF}, LebError::UnexpectedEnd);
  expectError<uint32_t>(readU32Leb, {0x80, 0x80, 0x80, 0x80}, LebError::UnexpectedEnd);
}

TEST(Leb128U32, RespectsEndPointer) {
  // The bytes after `end` must not be read even though they exist in memory.
  const uint8_t buf[] = {0x80, 0x01};
  LebResult<uint32_t> r = readU32Leb(buf, buf + 1);
  EXPECT_EQ(r.error, LebError::UnexpectedEnd);
  r = readU32Leb(buf, buf);
  EXPECT_EQ(r.error, LebError::UnexpectedEnd);
}

// ---------------------------------------------------------------------------------------------
// u64

TEST(Leb128U64, BoundaryValues) {
  expectValue<uint64_t>(readU64Leb, {0x00}, 0, 1);
  expectValue<uint64_t>(readU64Leb, {0x01}, 1, 1);
  expectValue<uint64_t>(readU64Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, kU32Max, 5);
  // 2^32 is fine as u64 (it is UnusedBitsSet as u32).
  expectValue<uint64_t>(readU64Leb, {0x80, 0x80, 0x80, 0x80, 0x10}, uint64_t{1} << 32, 5);
  expectValue<uint64_t>(readU64Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01},
                        kU64Max, 10);
  expectValue<uint64_t>(readU64Leb, {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01},
                        uint64_t{1} << 63, 10);
  expectValue<uint64_t>(readU64Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F},
                        (uint64_t{1} << 63) - 1, 9);
}

TEST(Leb128U64, PaddedToTenBytes) {
  expectValue<uint64_t>(readU64Leb, test::u64Padded(0, 10), 0, 10);
  expectValue<uint64_t>(readU64Leb, test::u64Padded(42, 10), 42, 10);
}

TEST(Leb128U64, TooLong) {
  expectError<uint64_t>(readU64Leb, test::u64Padded(0, 11), LebError::TooLong);
  expectError<uint64_t>(readU64Leb, Bytes(10, 0x80), LebError::TooLong);
}

TEST(Leb128U64, UnusedBitsSet) {
  // Only bit 0 of the tenth byte is used.
  expectError<uint64_t>(readU64Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02},
                        LebError::UnusedBitsSet);
  expectError<uint64_t>(readU64Leb, {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7E},
                        LebError::UnusedBitsSet);
  expectError<uint64_t>(readU64Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F},
                        LebError::UnusedBitsSet);
}

TEST(Leb128U64, UnexpectedEnd) {
  expectError<uint64_t>(readU64Leb, {}, LebError::UnexpectedEnd);
  expectError<uint64_t>(readU64Leb, Bytes(9, 0x80), LebError::UnexpectedEnd);
}

// ---------------------------------------------------------------------------------------------
// s32

TEST(Leb128S32, SmallValues) {
  expectValue<int32_t>(readS32Leb, {0x00}, 0, 1);
  expectValue<int32_t>(readS32Leb, {0x01}, 1, 1);
  expectValue<int32_t>(readS32Leb, {0x7F}, -1, 1);
  expectValue<int32_t>(readS32Leb, {0x3F}, 63, 1);
  expectValue<int32_t>(readS32Leb, {0x40}, -64, 1);
  expectValue<int32_t>(readS32Leb, {0xC0, 0x00}, 64, 2);
  expectValue<int32_t>(readS32Leb, {0xBF, 0x7F}, -65, 2);
  expectValue<int32_t>(readS32Leb, {0x80, 0x7F}, -128, 2);
  expectValue<int32_t>(readS32Leb, {0xC0, 0xBB, 0x78}, -123456, 3);
}

TEST(Leb128S32, BoundaryValues) {
  expectValue<int32_t>(readS32Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0x07}, kI32Max, 5);
  expectValue<int32_t>(readS32Leb, {0x80, 0x80, 0x80, 0x80, 0x78}, kI32Min, 5);
  expectValue<int32_t>(readS32Leb, {0x81, 0x80, 0x80, 0x80, 0x78}, kI32Min + 1, 5);
  expectValue<int32_t>(readS32Leb, {0xFE, 0xFF, 0xFF, 0xFF, 0x07}, kI32Max - 1, 5);
}

TEST(Leb128S32, PaddedEncodingsWithinLimitAreAccepted) {
  expectValue<int32_t>(readS32Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, -1, 5);
  expectValue<int32_t>(readS32Leb, {0x80, 0x80, 0x80, 0x80, 0x00}, 0, 5);
  expectValue<int32_t>(readS32Leb, {0xFF, 0x7F}, -1, 2);
  expectValue<int32_t>(readS32Leb, {0x80, 0x00}, 0, 2);
  for (size_t len = 1; len <= 5; ++len) {
    expectValue<int32_t>(readS32Leb, test::s64Padded(-3, len), -3, static_cast<uint32_t>(len));
    expectValue<int32_t>(readS32Leb, test::s64Padded(3, len), 3, static_cast<uint32_t>(len));
  }
}

TEST(Leb128S32, TooLong) {
  expectError<int32_t>(readS32Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, LebError::TooLong);
  expectError<int32_t>(readS32Leb, {0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, LebError::TooLong);
  expectError<int32_t>(readS32Leb, test::s64Padded(-1, 6), LebError::TooLong);
  expectError<int32_t>(readS32Leb, Bytes(5, 0xFF), LebError::TooLong);
}

TEST(Leb128S32, UnusedBitsMustEqualSignBit) {
  // Fifth byte: bits 0-2 are value bits, bit 3 is the sign, bits 4-6 must copy bit 3.
  // Sign 1, unused 000:
  expectError<int32_t>(readS32Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, LebError::UnusedBitsSet);
  expectError<int32_t>(readS32Leb, {0x80, 0x80, 0x80, 0x80, 0x08}, LebError::UnusedBitsSet);
  // Sign 0, unused 111 / 100 / 010 / 001:
  expectError<int32_t>(readS32Leb, {0x80, 0x80, 0x80, 0x80, 0x70}, LebError::UnusedBitsSet);
  expectError<int32_t>(readS32Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0x47}, LebError::UnusedBitsSet);
  expectError<int32_t>(readS32Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0x27}, LebError::UnusedBitsSet);
  expectError<int32_t>(readS32Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0x17}, LebError::UnusedBitsSet);
  // Sign 1, unused 011:
  expectError<int32_t>(readS32Leb, {0x80, 0x80, 0x80, 0x80, 0x38}, LebError::UnusedBitsSet);
  // Sign 1, unused 111 and sign 0, unused 000 are the only good patterns.
  for (unsigned last = 0; last < 0x80; ++last) {
    bool sign = (last & 0x08) != 0;
    unsigned unused = last >> 4;
    bool ok = sign ? unused == 0x7 : unused == 0;
    LebResult<int32_t> r =
        readAll<int32_t>(readS32Leb, Bytes{0x80, 0x80, 0x80, 0x80, static_cast<uint8_t>(last)});
    EXPECT_EQ(r.error, ok ? LebError::Ok : LebError::UnusedBitsSet) << "last byte " << last;
    if (ok) {
      EXPECT_EQ(r.value, static_cast<int32_t>(static_cast<uint32_t>(last) << 28));
    }
  }
}

TEST(Leb128S32, UnexpectedEnd) {
  expectError<int32_t>(readS32Leb, {}, LebError::UnexpectedEnd);
  expectError<int32_t>(readS32Leb, {0xFF}, LebError::UnexpectedEnd);
  expectError<int32_t>(readS32Leb, {0x80, 0x80, 0x80, 0x80}, LebError::UnexpectedEnd);
}

// ---------------------------------------------------------------------------------------------
// s33 (block types)

TEST(Leb128S33, BlockTypeCodes) {
  expectValue<int64_t>(readS33Leb, {0x40}, -64, 1);  // empty block type
  expectValue<int64_t>(readS33Leb, {0x7F}, -1, 1);   // i32
  expectValue<int64_t>(readS33Leb, {0x7B}, -5, 1);   // v128
  expectValue<int64_t>(readS33Leb, {0x6F}, -17, 1);  // externref
  expectValue<int64_t>(readS33Leb, {0x00}, 0, 1);    // type index 0
  expectValue<int64_t>(readS33Leb, {0x3F}, 63, 1);
  expectValue<int64_t>(readS33Leb, {0xC0, 0x00}, 64, 2);  // type index 64
}

TEST(Leb128S33, BoundaryValues) {
  // 33 bits: range [-2^32, 2^32 - 1].
  expectValue<int64_t>(readS33Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, int64_t{kU32Max}, 5);
  expectValue<int64_t>(readS33Leb, {0x80, 0x80, 0x80, 0x80, 0x70}, -(int64_t{1} << 32), 5);
  expectValue<int64_t>(readS33Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0x07}, int64_t{kI32Max}, 5);
  expectValue<int64_t>(readS33Leb, {0x80, 0x80, 0x80, 0x80, 0x78}, int64_t{kI32Min}, 5);
  expectValue<int64_t>(readS33Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, -1, 5);
  expectValue<int64_t>(readS33Leb, {0x80, 0x80, 0x80, 0x80, 0x00}, 0, 5);
}

TEST(Leb128S33, UnusedBitsMustEqualSignBit) {
  // Fifth byte: bits 0-3 value, bit 4 sign, bits 5-6 must copy bit 4.
  expectError<int64_t>(readS33Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0x1F}, LebError::UnusedBitsSet);
  expectError<int64_t>(readS33Leb, {0x80, 0x80, 0x80, 0x80, 0x60}, LebError::UnusedBitsSet);
  expectError<int64_t>(readS33Leb, {0x80, 0x80, 0x80, 0x80, 0x20}, LebError::UnusedBitsSet);
  expectError<int64_t>(readS33Leb, {0x80, 0x80, 0x80, 0x80, 0x50}, LebError::UnusedBitsSet);
  for (unsigned last = 0; last < 0x80; ++last) {
    bool sign = (last & 0x10) != 0;
    unsigned unused = last >> 5;
    bool ok = sign ? unused == 0x3 : unused == 0;
    LebResult<int64_t> r =
        readAll<int64_t>(readS33Leb, Bytes{0x80, 0x80, 0x80, 0x80, static_cast<uint8_t>(last)});
    EXPECT_EQ(r.error, ok ? LebError::Ok : LebError::UnusedBitsSet) << "last byte " << last;
  }
}

TEST(Leb128S33, TooLongAndUnexpectedEnd) {
  expectError<int64_t>(readS33Leb, {0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, LebError::TooLong);
  expectError<int64_t>(readS33Leb, test::s64Padded(-64, 6), LebError::TooLong);
  expectError<int64_t>(readS33Leb, {}, LebError::UnexpectedEnd);
  expectError<int64_t>(readS33Leb, {0xC0}, LebError::UnexpectedEnd);
}

// ---------------------------------------------------------------------------------------------
// s64

TEST(Leb128S64, BoundaryValues) {
  expectValue<int64_t>(readS64Leb, {0x00}, 0, 1);
  expectValue<int64_t>(readS64Leb, {0x01}, 1, 1);
  expectValue<int64_t>(readS64Leb, {0x7F}, -1, 1);
  expectValue<int64_t>(readS64Leb, {0x40}, -64, 1);
  expectValue<int64_t>(readS64Leb, {0x80, 0x7F}, -128, 2);
  expectValue<int64_t>(readS64Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0x07}, int64_t{kI32Max}, 5);
  expectValue<int64_t>(readS64Leb, {0x80, 0x80, 0x80, 0x80, 0x78}, int64_t{kI32Min}, 5);
  expectValue<int64_t>(readS64Leb, {0x80, 0x80, 0x80, 0x80, 0x10}, int64_t{1} << 32, 5);
  expectValue<int64_t>(readS64Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, int64_t{kU32Max}, 5);
  expectValue<int64_t>(readS64Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00},
                       kI64Max, 10);
  expectValue<int64_t>(readS64Leb, {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F},
                       kI64Min, 10);
  expectValue<int64_t>(readS64Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, -1,
                       10);
  expectValue<int64_t>(readS64Leb, test::s64Padded(0, 10), 0, 10);
  // 9 bytes carry 63 bits: the sign bit is bit 6 of the ninth byte.
  expectValue<int64_t>(readS64Leb, {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40},
                       -(int64_t{1} << 62), 9);
}

TEST(Leb128S64, UnusedBitsMustEqualSignBit) {
  // Tenth byte: bit 0 is the sign; bits 1-6 must copy it.
  expectError<int64_t>(readS64Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01},
                       LebError::UnusedBitsSet);
  expectError<int64_t>(readS64Leb, {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7E},
                       LebError::UnusedBitsSet);
  expectError<int64_t>(readS64Leb, {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02},
                       LebError::UnusedBitsSet);
  expectError<int64_t>(readS64Leb, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x41},
                       LebError::UnusedBitsSet);
}

TEST(Leb128S64, TooLongAndUnexpectedEnd) {
  expectError<int64_t>(readS64Leb, test::s64Padded(-1, 11), LebError::TooLong);
  expectError<int64_t>(readS64Leb, test::s64Padded(0, 11), LebError::TooLong);
  expectError<int64_t>(readS64Leb, Bytes(10, 0x80), LebError::TooLong);
  expectError<int64_t>(readS64Leb, {}, LebError::UnexpectedEnd);
  expectError<int64_t>(readS64Leb, Bytes(9, 0xFF), LebError::UnexpectedEnd);
}

// ---------------------------------------------------------------------------------------------
// Round trips against the test encoders, minimal and padded.

TEST(Leb128RoundTrip, EdgeAndRandomValues) {
  std::vector<uint64_t> unsignedValues = {0,
                                          1,
                                          63,
                                          64,
                                          127,
                                          128,
                                          255,
                                          256,
                                          16383,
                                          16384,
                                          0x7FFFFFFF,
                                          0x80000000,
                                          kU32Max,
                                          uint64_t{1} << 32,
                                          uint64_t{1} << 63,
                                          kU64Max};
  std::vector<int64_t> signedValues = {0,
                                       1,
                                       -1,
                                       63,
                                       64,
                                       -64,
                                       -65,
                                       127,
                                       128,
                                       -128,
                                       -129,
                                       kI32Max,
                                       kI32Min,
                                       int64_t{kU32Max},
                                       -(int64_t{1} << 32),
                                       kI64Max,
                                       kI64Min};
  std::mt19937_64 rng(0x5AB1E);
  for (int i = 0; i < 2000; ++i) {
    uint64_t v = rng() >> (rng() % 64);
    unsignedValues.push_back(v);
    signedValues.push_back(static_cast<int64_t>(v));
    signedValues.push_back(-static_cast<int64_t>(v >> 1));
  }

  for (uint64_t v : unsignedValues) {
    Bytes b = test::u64(v);
    LebResult<uint64_t> r64 = readAll<uint64_t>(readU64Leb, b);
    ASSERT_EQ(r64.error, LebError::Ok) << v;
    EXPECT_EQ(r64.value, v);
    EXPECT_EQ(r64.length, b.size());
    LebResult<uint32_t> r32 = readAll<uint32_t>(readU32Leb, b);
    if (v <= kU32Max) {
      EXPECT_EQ(r32.error, LebError::Ok) << v;
      EXPECT_EQ(r32.value, v);
      EXPECT_EQ(r32.length, b.size());
      LebResult<uint32_t> padded = readAll<uint32_t>(readU32Leb, test::u64Padded(v, 5));
      EXPECT_EQ(padded.error, LebError::Ok) << v;
      EXPECT_EQ(padded.value, v);
      EXPECT_EQ(padded.length, 5u);
    } else {
      EXPECT_NE(r32.error, LebError::Ok) << v;
    }
  }

  for (int64_t v : signedValues) {
    Bytes b = test::s64(v);
    LebResult<int64_t> r64 = readAll<int64_t>(readS64Leb, b);
    ASSERT_EQ(r64.error, LebError::Ok) << v;
    EXPECT_EQ(r64.value, v);
    EXPECT_EQ(r64.length, b.size());
    LebResult<int64_t> padded64 = readAll<int64_t>(readS64Leb, test::s64Padded(v, 10));
    EXPECT_EQ(padded64.error, LebError::Ok) << v;
    EXPECT_EQ(padded64.value, v);

    bool fits32 = v >= kI32Min && v <= kI32Max;
    LebResult<int32_t> r32 = readAll<int32_t>(readS32Leb, b);
    if (fits32) {
      EXPECT_EQ(r32.error, LebError::Ok) << v;
      EXPECT_EQ(r32.value, v);
      EXPECT_EQ(r32.length, b.size());
      LebResult<int32_t> padded = readAll<int32_t>(readS32Leb, test::s64Padded(v, 5));
      EXPECT_EQ(padded.error, LebError::Ok) << v;
      EXPECT_EQ(padded.value, v);
    } else {
      EXPECT_NE(r32.error, LebError::Ok) << v;
    }

    bool fits33 = v >= -(int64_t{1} << 32) && v < (int64_t{1} << 32);
    LebResult<int64_t> r33 = readAll<int64_t>(readS33Leb, b);
    if (fits33) {
      EXPECT_EQ(r33.error, LebError::Ok) << v;
      EXPECT_EQ(r33.value, v);
      EXPECT_EQ(r33.length, b.size());
      LebResult<int64_t> padded = readAll<int64_t>(readS33Leb, test::s64Padded(v, 5));
      EXPECT_EQ(padded.error, LebError::Ok) << v;
      EXPECT_EQ(padded.value, v);
    } else {
      EXPECT_NE(r33.error, LebError::Ok) << v;
    }
  }
}

}  // namespace
}  // namespace sable
