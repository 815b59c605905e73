// SIMD code generation on whichever ISA the tests run on (x86-64 natively, AArch64 under
// qemu in the arm64 preset): the operators whose wasm semantics the hardware does not give for
// free, checked at their edges. NaN and signed-zero rules of f32x4/f64x2 min and max, the
// saturating truncations at and past their bounds, swizzle indices of 16 and more, shift counts
// at and past the lane width, q15mulr_sat's one overflowing product; plus v128 values through
// locals, calls, select and memory, and the baseline-ISA refusal on x86-64.
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "arch/simd_messages.h"
#include "core/opcodes.h"
#include "jit_fixture.h"

namespace sable::test {
namespace {

using V128 = std::array<uint8_t, 16>;

template <typename Lane, size_t N>
V128 lanes(const std::array<Lane, N>& values) {
  static_assert(sizeof(Lane) * N == 16);
  V128 v;
  std::memcpy(v.data(), values.data(), 16);
  return v;
}

template <typename Lane>
Lane lane(const V128& v, size_t i) {
  Lane l;
  std::memcpy(&l, v.data() + i * sizeof(Lane), sizeof(Lane));
  return l;
}

uint32_t sub(Opcode op) { return static_cast<uint16_t>(op) & 0xff; }

class SimdJitTest : public JitFixture {
 protected:
  // Compiles `(func (param v128 <second>) (result v128) local.get 0 local.get 1 <op>)`.
  void compileBinary(Opcode op, uint8_t second = kV128) {
    ModuleBytes m;
    m.typeSection({funcType({kV128, second}, {kV128})}).functionSection({0});
    compile(m.codeSection({funcBody(localGet(0) + localGet(1) + simdOp(sub(op)) + Bytes{op::End})})
                .bytes());
  }
  void compileUnary(Opcode op) {
    ModuleBytes m;
    m.typeSection({funcType({kV128}, {kV128})}).functionSection({0});
    compile(m.codeSection({funcBody(localGet(0) + simdOp(sub(op)) + Bytes{op::End})}).bytes());
  }

  static void put(std::vector<uint64_t>& area, size_t slot, const V128& v) {
    std::memcpy(&area[slot], v.data(), 16);
  }
  static V128 get(const std::vector<uint64_t>& area, size_t slot) {
    V128 v;
    std::memcpy(v.data(), &area[slot], 16);
    return v;
  }

  V128 binary(Opcode op, const V128& a, const V128& b) {
    compileBinary(op);
    std::vector<uint64_t> area(6);
    put(area, 0, a);
    put(area, 2, b);
    EXPECT_EQ(call(0, area), vm::TrapCode::None);
    return get(area, 4);
  }
  V128 shift(Opcode op, const V128& a, uint32_t count) {
    compileBinary(op, kI32);
    std::vector<uint64_t> area(5);
    put(area, 0, a);
    area[2] = count;
    EXPECT_EQ(call(0, area), vm::TrapCode::None);
    return get(area, 3);
  }
  V128 unary(Opcode op, const V128& a) {
    compileUnary(op);
    std::vector<uint64_t> area(4);
    put(area, 0, a);
    EXPECT_EQ(call(0, area), vm::TrapCode::None);
    return get(area, 2);
  }
};

constexpr float kNanF = std::numeric_limits<float>::quiet_NaN();
constexpr double kNanD = std::numeric_limits<double>::quiet_NaN();

bool isCanonicalNan(float f) { return (std::bit_cast<uint32_t>(f) & 0x7fffffffu) == 0x7fc00000u; }
bool isCanonicalNan(double d) {
  return (std::bit_cast<uint64_t>(d) & 0x7fffffffffffffffull) == 0x7ff8000000000000ull;
}
bool isNegativeZero(double d) { return d == 0 && std::signbit(d); }
bool isPositiveZero(double d) { return d == 0 && !std::signbit(d); }

TEST_F(SimdJitTest, F32x4MinMaxPropagateNansAndOrderSignedZeros) {
  const V128 a = lanes<float, 4>({kNanF, -0.0f, 0.0f, 1.0f});
  const V128 b = lanes<float, 4>({1.0f, 0.0f, -0.0f, kNanF});
  for (bool swap : {false, true}) {
    const V128 min = binary(Opcode::F32x4Min, swap ? b : a, swap ? a : b);
    EXPECT_TRUE(isCanonicalNan(lane<float>(min, 0)));
    EXPECT_TRUE(isNegativeZero(lane<float>(min, 1)));
    EXPECT_TRUE(isNegativeZero(lane<float>(min, 2)));
    EXPECT_TRUE(isCanonicalNan(lane<float>(min, 3)));
    const V128 max = binary(Opcode::F32x4Max, swap ? b : a, swap ? a : b);
    EXPECT_TRUE(isCanonicalNan(lane<float>(max, 0)));
    EXPECT_TRUE(isPositiveZero(lane<float>(max, 1)));
    EXPECT_TRUE(isPositiveZero(lane<float>(max, 2)));
    EXPECT_TRUE(isCanonicalNan(lane<float>(max, 3)));
  }
}

TEST_F(SimdJitTest, F64x2MinMaxPropagateNansAndOrderSignedZeros) {
  const V128 a = lanes<double, 2>({kNanD, -0.0});
  const V128 b = lanes<double, 2>({-1.0, 0.0});
  for (bool swap : {false, true}) {
    const V128 min = binary(Opcode::F64x2Min, swap ? b : a, swap ? a : b);
    EXPECT_TRUE(isCanonicalNan(lane<double>(min, 0)));
    EXPECT_TRUE(isNegativeZero(lane<double>(min, 1)));
    const V128 max = binary(Opcode::F64x2Max, swap ? b : a, swap ? a : b);
    EXPECT_TRUE(isCanonicalNan(lane<double>(max, 0)));
    EXPECT_TRUE(isPositiveZero(lane<double>(max, 1)));
  }
}

TEST_F(SimdJitTest, PminPmaxReturnTheFirstOperandWhenUnordered) {
  // pmin(a, b) = b < a ? b : a: a NaN in either place keeps `a`.
  const V128 a = lanes<float, 4>({kNanF, 1.0f, -0.0f, 2.0f});
  const V128 b = lanes<float, 4>({1.0f, kNanF, 0.0f, 1.0f});
  const V128 pmin = binary(Opcode::F32x4Pmin, a, b);
  EXPECT_TRUE(std::isnan(lane<float>(pmin, 0)));
  EXPECT_EQ(lane<float>(pmin, 1), 1.0f);
  EXPECT_TRUE(isNegativeZero(lane<float>(pmin, 2)));
  EXPECT_EQ(lane<float>(pmin, 3), 1.0f);
  const V128 pmax = binary(Opcode::F32x4Pmax, a, b);
  EXPECT_TRUE(std::isnan(lane<float>(pmax, 0)));
  EXPECT_EQ(lane<float>(pmax, 1), 1.0f);
  EXPECT_TRUE(isNegativeZero(lane<float>(pmax, 2)));
  EXPECT_EQ(lane<float>(pmax, 3), 2.0f);
}

TEST_F(SimdJitTest, TruncSatF32x4ClampsAtTheBounds) {
  const float below2p31 = std::nextafter(2147483648.0f, 0.0f);  // 2147483520
  const V128 s =
      unary(Opcode::I32x4TruncSatF32x4S, lanes<float, 4>({kNanF, 3e9f, -3e9f, below2p31}));
  EXPECT_EQ(lane<int32_t>(s, 0), 0);
  EXPECT_EQ(lane<int32_t>(s, 1), INT32_MAX);
  EXPECT_EQ(lane<int32_t>(s, 2), INT32_MIN);
  EXPECT_EQ(lane<int32_t>(s, 3), 2147483520);
  const float below2p32 = std::nextafter(4294967296.0f, 0.0f);  // 4294967040
  const V128 u =
      unary(Opcode::I32x4TruncSatF32x4U, lanes<float, 4>({kNanF, -1.5f, 4.5e9f, below2p32}));
  EXPECT_EQ(lane<uint32_t>(u, 0), 0u);
  EXPECT_EQ(lane<uint32_t>(u, 1), 0u);
  EXPECT_EQ(lane<uint32_t>(u, 2), UINT32_MAX);
  EXPECT_EQ(lane<uint32_t>(u, 3), 4294967040u);
  const V128 mid = unary(Opcode::I32x4TruncSatF32x4U,
                         lanes<float, 4>({2147483648.0f, 3000000000.0f, 0.99f, 1.0f}));
  EXPECT_EQ(lane<uint32_t>(mid, 0), 2147483648u);
  EXPECT_EQ(lane<uint32_t>(mid, 1), 3000000000u);
  EXPECT_EQ(lane<uint32_t>(mid, 2), 0u);
  EXPECT_EQ(lane<uint32_t>(mid, 3), 1u);
}

TEST_F(SimdJitTest, TruncSatF64x2ZeroClampsAndZeroesTheHighLanes) {
  const V128 s = unary(Opcode::I32x4TruncSatF64x2SZero, lanes<double, 2>({kNanD, -1e10}));
  EXPECT_EQ(lane<int32_t>(s, 0), 0);
  EXPECT_EQ(lane<int32_t>(s, 1), INT32_MIN);
  EXPECT_EQ(lane<uint64_t>(s, 1), 0u);
  const V128 s2 = unary(Opcode::I32x4TruncSatF64x2SZero, lanes<double, 2>({2147483647.9, 1e10}));
  EXPECT_EQ(lane<int32_t>(s2, 0), INT32_MAX);
  EXPECT_EQ(lane<int32_t>(s2, 1), INT32_MAX);
  const V128 u = unary(Opcode::I32x4TruncSatF64x2UZero, lanes<double, 2>({-0.5, 4294967296.0}));
  EXPECT_EQ(lane<uint32_t>(u, 0), 0u);
  EXPECT_EQ(lane<uint32_t>(u, 1), UINT32_MAX);
  EXPECT_EQ(lane<uint64_t>(u, 1), 0u);
  const V128 u2 = unary(Opcode::I32x4TruncSatF64x2UZero, lanes<double, 2>({kNanD, 4294967295.5}));
  EXPECT_EQ(lane<uint32_t>(u2, 0), 0u);
  EXPECT_EQ(lane<uint32_t>(u2, 1), UINT32_MAX);
}

TEST_F(SimdJitTest, SwizzleZeroesLanesWithIndicesOfSixteenAndMore) {
  V128 table;
  for (int i = 0; i < 16; ++i) table[i] = static_cast<uint8_t>(0xa0 + i);
  const V128 indices = {0, 15, 16, 17, 31, 32, 0x70, 0x7f, 0x80, 0x8f, 0xef, 0xf0, 0xff, 1, 7, 8};
  const V128 r = binary(Opcode::I8x16Swizzle, table, indices);
  for (int i = 0; i < 16; ++i) {
    const uint8_t expected = indices[i] < 16 ? static_cast<uint8_t>(0xa0 + indices[i]) : 0;
    EXPECT_EQ(r[i], expected) << "lane " << i << " index " << int{indices[i]};
  }
}

TEST_F(SimdJitTest, ShiftCountsAreTakenModuloTheLaneWidth) {
  const V128 bytes =
      lanes<int8_t, 16>({-128, -1, 1, 0x40, 0x7f, -2, 3, 0, 5, 6, 7, 8, 9, 10, 11, 12});
  for (uint32_t count : {0u, 1u, 7u, 8u, 9u, 255u, 0xffffffffu}) {
    const uint32_t c = count % 8;
    const V128 shl = shift(Opcode::I8x16Shl, bytes, count);
    const V128 shrS = shift(Opcode::I8x16ShrS, bytes, count);
    const V128 shrU = shift(Opcode::I8x16ShrU, bytes, count);
    for (int i = 0; i < 16; ++i) {
      const int8_t x = lane<int8_t>(bytes, i);
      EXPECT_EQ(lane<uint8_t>(shl, i), static_cast<uint8_t>(static_cast<uint8_t>(x) << c)) << count;
      EXPECT_EQ(lane<int8_t>(shrS, i), static_cast<int8_t>(x >> c)) << count;
      EXPECT_EQ(lane<uint8_t>(shrU, i), static_cast<uint8_t>(static_cast<uint8_t>(x) >> c))
          << count;
    }
  }
  const V128 words = lanes<int16_t, 8>({-32768, -1, 1, 0x4000, 0x7fff, -2, 3, 0});
  for (uint32_t count : {15u, 16u, 17u, 33u}) {
    const V128 shrS = shift(Opcode::I16x8ShrS, words, count);
    const V128 shrU = shift(Opcode::I16x8ShrU, words, count);
    for (int i = 0; i < 8; ++i) {
      const int16_t x = lane<int16_t>(words, i);
      EXPECT_EQ(lane<int16_t>(shrS, i), static_cast<int16_t>(x >> (count % 16)));
      EXPECT_EQ(lane<uint16_t>(shrU, i),
                static_cast<uint16_t>(static_cast<uint16_t>(x) >> (count % 16)));
    }
  }
  const V128 dwords = lanes<int32_t, 4>({INT32_MIN, -1, 0x40000000, 5});
  for (uint32_t count : {31u, 32u, 33u}) {
    const V128 shl = shift(Opcode::I32x4Shl, dwords, count);
    const V128 shrS = shift(Opcode::I32x4ShrS, dwords, count);
    for (int i = 0; i < 4; ++i) {
      const int32_t x = lane<int32_t>(dwords, i);
      EXPECT_EQ(lane<uint32_t>(shl, i), static_cast<uint32_t>(x) << (count % 32));
      EXPECT_EQ(lane<int32_t>(shrS, i), x >> (count % 32));
    }
  }
  const V128 qwords = lanes<int64_t, 2>({INT64_MIN + 5, 0x4000000000000001});
  for (uint32_t count : {1u, 63u, 64u, 65u, 127u}) {
    const V128 shrS = shift(Opcode::I64x2ShrS, qwords, count);
    const V128 shrU = shift(Opcode::I64x2ShrU, qwords, count);
    const V128 shl = shift(Opcode::I64x2Shl, qwords, count);
    for (int i = 0; i < 2; ++i) {
      const int64_t x = lane<int64_t>(qwords, i);
      EXPECT_EQ(lane<int64_t>(shrS, i), x >> (count % 64)) << count;
      EXPECT_EQ(lane<uint64_t>(shrU, i), static_cast<uint64_t>(x) >> (count % 64)) << count;
      EXPECT_EQ(lane<uint64_t>(shl, i), static_cast<uint64_t>(x) << (count % 64)) << count;
    }
  }
}

TEST_F(SimdJitTest, Q15MulrSaturatesTheOneOverflowingProduct) {
  const V128 a = lanes<int16_t, 8>({-32768, -32768, 0x4000, 32767, -1, 1, 0x2000, -32767});
  const V128 b = lanes<int16_t, 8>({-32768, 32767, 0x4000, 32767, 1, 1, 3, -32768});
  const V128 r = binary(Opcode::I16x8Q15mulrSatS, a, b);
  for (int i = 0; i < 8; ++i) {
    const int32_t product = int32_t{lane<int16_t>(a, i)} * lane<int16_t>(b, i);
    const int32_t rounded = std::min((product + 0x4000) >> 15, 32767);
    EXPECT_EQ(lane<int16_t>(r, i), rounded) << "lane " << i;
  }
}

TEST_F(SimdJitTest, V128ValuesThroughLocalsCallsSelectAndMemory) {
  // f0(a, b, c) = select(a, b, c) stored to memory at 16 and loaded back through a local,
  // then passed to f1, which swaps its halves with a shuffle.
  ModuleBytes m;
  m.typeSection({funcType({kV128, kV128, kI32}, {kV128}), funcType({kV128}, {kV128})})
      .functionSection({0, 1})
      .memorySection({limits(1)});
  Bytes shuffle = simdOp(sub(Opcode::I8x16Shuffle));
  for (int i = 0; i < 16; ++i) shuffle.push_back(static_cast<uint8_t>((i + 8) % 16));
  const Bytes f0 = funcBody(
      Locals{{1, kV128}}, i32Const(16) + localGet(0) + localGet(1) + localGet(2) +
                              selectT({kV128}) + simdOp(sub(Opcode::V128Store)) + u32(4) + u32(0) +
                              i32Const(16) + simdOp(sub(Opcode::V128Load)) + u32(4) + u32(0) +
                              localSet(3) + localGet(3) + test::call(1) + Bytes{op::End});
  const Bytes f1 = funcBody(localGet(0) + localGet(0) + shuffle + Bytes{op::End});
  compile(m.codeSection({f0, f1}).bytes());
  const V128 a = lanes<uint64_t, 2>({0x1111111111111111ull, 0x2222222222222222ull});
  const V128 b = lanes<uint64_t, 2>({0x3333333333333333ull, 0x4444444444444444ull});
  for (uint64_t cond : {0u, 1u}) {
    std::vector<uint64_t> area(7);
    put(area, 0, a);
    put(area, 2, b);
    area[4] = cond;
    ASSERT_EQ(call(0, area), vm::TrapCode::None);
    const V128 r = get(area, 5);
    const V128& picked = cond ? a : b;
    EXPECT_EQ(lane<uint64_t>(r, 0), lane<uint64_t>(picked, 1));
    EXPECT_EQ(lane<uint64_t>(r, 1), lane<uint64_t>(picked, 0));
  }
}

TEST_F(SimdJitTest, V128LocalInARegisterKeepsBothHalvesAcrossCalls) {
  // f0(a) = f1(t) + t with t = a in a local used three times (so it gets a register home,
  // which callers save around calls); f1 swaps the halves and clobbers every vector register
  // it allocates.
  ModuleBytes m;
  m.typeSection({funcType({kV128}, {kV128})}).functionSection({0, 0});
  Bytes shuffle = simdOp(sub(Opcode::I8x16Shuffle));
  for (int i = 0; i < 16; ++i) shuffle.push_back(static_cast<uint8_t>((i + 8) % 16));
  const Bytes add = simdOp(sub(Opcode::I64x2Add));
  const Bytes f0 =
      funcBody(Locals{{1, kV128}},
               localGet(0) + localSet(1) + localGet(1) + test::call(1) + localGet(1) + add +
                   localGet(1) + simdOp(sub(Opcode::V128Xor)) + localGet(1) + add + Bytes{op::End});
  Bytes clobber;
  for (int i = 0; i < 16; ++i) clobber += v128Const(static_cast<uint8_t>(0x11 * i));
  for (int i = 0; i < 15; ++i) clobber += simdOp(sub(Opcode::V128Or));
  const Bytes f1 =
      funcBody(clobber + Bytes{op::Drop} + localGet(0) + localGet(0) + shuffle + Bytes{op::End});
  compile(m.codeSection({f0, f1}).bytes());
  const uint64_t x = 0x0102030405060708ull, y = 0x1000200030004000ull;
  std::vector<uint64_t> area = {x, y, 0, 0};
  ASSERT_EQ(call(0, area), vm::TrapCode::None);
  EXPECT_EQ(area[2], (((y + x) ^ x) + x));
  EXPECT_EQ(area[3], (((x + y) ^ y) + y));
}

TEST_F(SimdJitTest, LaneLoadsAndStoresTrapOutOfBoundsInBothModes) {
  for (vm::BoundsMode mode : {vm::BoundsMode::GuardPages, vm::BoundsMode::Explicit}) {
    // (func (param i32) (result v128) local.get 0 v128.const 0 v128.load32_lane 2)
    ModuleBytes m;
    m.typeSection({funcType({kI32}, {kV128})}).functionSection({0}).memorySection({limits(1)});
    const Bytes body = localGet(0) + v128Const(0) + simdOp(sub(Opcode::V128Load32Lane)) + u32(2) +
                       u32(0) + Bytes{2, op::End};
    compile(m.codeSection({funcBody(body)}).bytes(), mode);
    std::memcpy(memory_->vmMemory()->base + 100, "\x01\x02\x03\x04", 4);
    std::vector<uint64_t> area = {100, 0, 0};
    ASSERT_EQ(call(0, area), vm::TrapCode::None);
    EXPECT_EQ(lane<uint32_t>(get(area, 1), 2), 0x04030201u);
    EXPECT_EQ(lane<uint32_t>(get(area, 1), 0), 0u);
    area = {65533, 0, 0};
    EXPECT_EQ(call(0, area), vm::TrapCode::MemoryOutOfBounds);
  }
}

#if defined(__x86_64__)
TEST_F(SimdJitTest, BaselineIsaRefusesSimdModulesAsUnsupported) {
  auto info = decodeModule(ModuleBytes()
                               .typeSection({funcType({}, {kV128})})
                               .functionSection({0})
                               .codeSection({funcBody(v128Const(1) + Bytes{op::End})})
                               .bytes());
  ASSERT_TRUE(info.ok());
  std::vector<uint32_t> sigIds = {0};
  jit::CompileOptions options;
  options.baselineIsa = true;
  auto compiled = engine_->compile(*info.value(), sigIds, options);
  ASSERT_FALSE(compiled.ok());
  EXPECT_EQ(compiled.error().kind, ErrorKind::Unsupported);
  EXPECT_NE(compiled.error().message.find(arch::kSimdUnavailableMessage), std::string::npos)
      << compiled.error().message;
}
#endif

}  // namespace
}  // namespace sable::test
