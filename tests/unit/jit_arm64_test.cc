// Tests of the AArch64 back end: compiled functions called through the engine's entry stub
// with a hand-built VMContext, aimed at the encodings AArch64 makes awkward (immediates that
// do or do not encode, load/store offset ranges, frame sizes, explicit trap checks), each at
// and just past its boundary.
#if defined(__aarch64__)

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "jit_fixture.h"

namespace sable::test {
namespace {

using vm::TrapCode;

// Adds calling a function of 64-bit parameters for its one result.
class Arm64JitTest : public JitFixture {
 protected:
  // Calls a function of one or two 64-bit parameters and one result; returns the result.
  uint64_t run(uint32_t fn, std::vector<uint64_t> params, TrapCode expected = TrapCode::None) {
    params.push_back(0);
    EXPECT_EQ(call(fn, params), expected) << "function " << fn;
    return params.back();
  }
};

// A module of functions all of type `type` (index 0), plus `extraTypes` after it.
Bytes moduleOf(const Bytes& type, const std::vector<Bytes>& bodies, const Bytes& memory = {}) {
  ModuleBytes m;
  m.typeSection({type}).functionSection(std::vector<uint32_t>(bodies.size(), 0));
  if (!memory.empty()) m.memorySection({memory});
  return m.codeSection(bodies).bytes();
}

// --- Constants -------------------------------------------------------------------------------

const std::vector<uint64_t> kConstants64 = {
    0,
    1,
    0xffff,
    0x10000,
    0xffff0000,
    0x100000000,
    0xffff000000000000,
    0x0000567800000000,
    ~uint64_t{0},
    ~uint64_t{1},
    0xffffffff0000ffff,  // movn, one half
    0xffff1234ffffffff,  // movn at 32
    0xffff12345678ffff,  // movn + movk
    0x5555555555555555,  // logical immediates
    0x00ff00ff00ff00ff,
    0x0000ffffffff0000,
    0xffff00000000ffff,
    0x0001000000010000,
    0x8000000000000000,
    0x7fffffffffffffff,
    0x123456789abcdef0,  // movz + 3 movk
    0xfedcba9876543210,
    0x1234567800000000,
    0xaaaabbbbffffffff,
};

const std::vector<uint32_t> kConstants32 = {
    0,          1,          0xffff,     0x10000,    0xffff0000, 0xffffffff, 0xfffffffe, 0x80000000,
    0x7fffffff, 0x12345678, 0xffff1234, 0x1234ffff, 0x0f0f0f0f, 0x00ff00ff, 0xfffe0000};

TEST_F(Arm64JitTest, IntegerConstantsOfEveryEncodingShape) {
  // Per constant: returned as is (a constant store) and xor-ed with a parameter (a constant
  // materialised into a register).
  std::vector<Bytes> bodies64, bodies32;
  for (uint64_t c : kConstants64) {
    int64_t s = static_cast<int64_t>(c);
    bodies64.push_back(funcBody(i64Const(s) + Bytes{op::End}));
    bodies64.push_back(funcBody(i64Const(s) + localGet(0) + Bytes{0x85, op::End}));  // xor
  }
  compile(moduleOf(funcType({kI64}, {kI64}), bodies64));
  for (size_t k = 0; k < kConstants64.size(); ++k) {
    uint64_t c = kConstants64[k];
    EXPECT_EQ(run(static_cast<uint32_t>(2 * k), {0}), c) << std::hex << c;
    EXPECT_EQ(run(static_cast<uint32_t>(2 * k + 1), {0x0f0f}), c ^ 0x0f0f) << std::hex << c;
  }
  for (uint32_t c : kConstants32) {
    int32_t s = static_cast<int32_t>(c);
    bodies32.push_back(funcBody(i32Const(s) + Bytes{op::End}));
    // xor, then widen through i64.extend_i32_u's 64-bit view of the register.
    bodies32.push_back(funcBody(i32Const(s) + localGet(0) + Bytes{0x73, op::End}));
  }
  compile(moduleOf(funcType({kI32}, {kI32}), bodies32));
  for (size_t k = 0; k < kConstants32.size(); ++k) {
    uint32_t c = kConstants32[k];
    EXPECT_EQ(run(static_cast<uint32_t>(2 * k), {0}), c) << std::hex << c;
    EXPECT_EQ(run(static_cast<uint32_t>(2 * k + 1), {0x0f0f}), c ^ 0x0f0fu) << std::hex << c;
  }
}

TEST_F(Arm64JitTest, FloatConstantsKeepTheirBits) {
  const std::vector<uint64_t> doubles = {0,
                                         0x8000000000000000,
                                         std::bit_cast<uint64_t>(1.0),
                                         std::bit_cast<uint64_t>(-2.5),
                                         0x7ff8000000000001,  // NaN payload
                                         0xfff0000000000000,
                                         0x0000000000000001};
  std::vector<Bytes> bodies;
  for (uint64_t d : doubles) {
    // i64.reinterpret_f64 of the constant: it goes through an FP register first.
    bodies.push_back(funcBody(f64Const(std::bit_cast<double>(d)) + Bytes{0xbd, op::End}));
  }
  compile(moduleOf(funcType({}, {kI64}), bodies));
  for (size_t k = 0; k < doubles.size(); ++k) {
    EXPECT_EQ(run(static_cast<uint32_t>(k), {}), doubles[k]) << std::hex << doubles[k];
  }
}

// --- Immediate operands ----------------------------------------------------------------------

enum class BinOp {
  Add,
  Sub,
  Mul,
  And,
  Or,
  Xor,
  Shl,
  ShrS,
  ShrU,
  Rotl,
  Rotr,
  Eq,
  LtS,
  LtU,
  GeS,
  GtU
};
constexpr BinOp kBinOps[] = {BinOp::Add,  BinOp::Sub,  BinOp::Mul,  BinOp::And,
                             BinOp::Or,   BinOp::Xor,  BinOp::Shl,  BinOp::ShrS,
                             BinOp::ShrU, BinOp::Rotl, BinOp::Rotr, BinOp::Eq,
                             BinOp::LtS,  BinOp::LtU,  BinOp::GeS,  BinOp::GtU};

uint8_t opcodeOf(BinOp op, bool wide) {
  static constexpr uint8_t k32[] = {0x6a, 0x6b, 0x6c, 0x71, 0x72, 0x73, 0x74, 0x75,
                                    0x76, 0x77, 0x78, 0x46, 0x48, 0x49, 0x4e, 0x4b};
  static constexpr uint8_t k64[] = {0x7c, 0x7d, 0x7e, 0x83, 0x84, 0x85, 0x86, 0x87,
                                    0x88, 0x89, 0x8a, 0x51, 0x53, 0x54, 0x59, 0x56};
  return (wide ? k64 : k32)[static_cast<int>(op)];
}

template <typename U>
U reference(BinOp op, U a, U b) {
  using S = std::make_signed_t<U>;
  constexpr unsigned kBits = sizeof(U) * 8;
  unsigned n = static_cast<unsigned>(b) & (kBits - 1);
  switch (op) {
    case BinOp::Add:
      return a + b;
    case BinOp::Sub:
      return a - b;
    case BinOp::Mul:
      return static_cast<U>(a * b);
    case BinOp::And:
      return a & b;
    case BinOp::Or:
      return a | b;
    case BinOp::Xor:
      return a ^ b;
    case BinOp::Shl:
      return static_cast<U>(a << n);
    case BinOp::ShrS:
      return static_cast<U>(static_cast<S>(a) >> n);
    case BinOp::ShrU:
      return a >> n;
    case BinOp::Rotl:
      return std::rotl(a, static_cast<int>(n));
    case BinOp::Rotr:
      return std::rotr(a, static_cast<int>(n));
    case BinOp::Eq:
      return a == b;
    case BinOp::LtS:
      return static_cast<S>(a) < static_cast<S>(b);
    case BinOp::LtU:
      return a < b;
    case BinOp::GeS:
      return static_cast<S>(a) >= static_cast<S>(b);
    case BinOp::GtU:
      return a > b;
  }
  return 0;
}

// Immediates at and just past the add/sub (imm12, imm12 << 12) and logical-immediate limits.
const std::vector<int64_t> kImmediates = {0,
                                          1,
                                          4095,
                                          4096,
                                          4097,
                                          0xfff000,
                                          0xfff001,
                                          0x1000000,
                                          0xffffff,
                                          -1,
                                          -4095,
                                          -4096,
                                          -4097,
                                          -0xfff000,
                                          -0xfff001,
                                          31,
                                          32,
                                          33,
                                          63,
                                          64,
                                          std::numeric_limits<int32_t>::min(),
                                          std::numeric_limits<int32_t>::max(),
                                          0xffffffff,
                                          0x80000000,
                                          0x12345678,
                                          0x0f0f0f0f,
                                          0x5555555555555555,
                                          0x00ff00ff00ff00ff,
                                          0x7ffffffffffffffe,
                                          std::numeric_limits<int64_t>::min(),
                                          std::numeric_limits<int64_t>::max()};

const std::vector<uint64_t> kOperands = {0,          1,          0x80000000,         0xffffffff,
                                         0x12345678, 0xfffffffe, 0x8000000000000000, ~uint64_t{0},
                                         4096,       0xfff000};

TEST_F(Arm64JitTest, BinaryImmediatesAtEncodingBoundaries) {
  for (bool wide : {false, true}) {
    std::vector<Bytes> bodies;
    for (BinOp op : kBinOps) {
      for (int64_t imm : kImmediates) {
        Bytes c = wide ? i64Const(imm) : i32Const(static_cast<int32_t>(imm));
        bodies.push_back(funcBody(localGet(0) + c + Bytes{opcodeOf(op, wide), op::End}));
      }
    }
    uint8_t t = wide ? kI64 : kI32;
    Bytes type = funcType({t}, {t});
    // i64 comparisons return i32: widen them with i64.extend_i32_u to keep one signature.
    if (wide) {
      size_t k = 0;
      for (BinOp op : kBinOps) {
        for (int64_t imm : kImmediates) {
          if (op >= BinOp::Eq) {
            bodies[k] = funcBody(localGet(0) + i64Const(imm) +
                                 Bytes{opcodeOf(op, true), 0xad, op::End});  // extend_i32_u
          }
          ++k;
        }
      }
    }
    compile(moduleOf(type, bodies));
    uint32_t fn = 0;
    for (BinOp op : kBinOps) {
      for (int64_t imm : kImmediates) {
        for (uint64_t x : kOperands) {
          uint64_t got = run(fn, {wide ? x : static_cast<uint32_t>(x)});
          uint64_t want =
              wide ? reference<uint64_t>(op, x, static_cast<uint64_t>(imm))
                   : reference<uint32_t>(op, static_cast<uint32_t>(x), static_cast<uint32_t>(imm));
          EXPECT_EQ(got, want) << (wide ? "i64" : "i32") << " op " << static_cast<int>(op)
                               << " x=" << std::hex << x << " imm=" << imm;
        }
        ++fn;
      }
    }
  }
}

TEST_F(Arm64JitTest, I32ResultsAreZeroExtendedForMemoryIndexing) {
  // 0xffffffff + 2 wraps to 1 in 32 bits; a dirty upper half would index 4 GiB away and fault.
  Bytes load = mem(op::I32Load8U, 0);
  std::vector<Bytes> bodies = {
      funcBody(localGet(0) + localGet(1) + Bytes{0x6a} + load + Bytes{op::End}),
      funcBody(localGet(0) + i32Const(2) + Bytes{0x6a} + load + Bytes{op::End}),
      funcBody(localGet(0) + i32Const(-1) + Bytes{0x6c} + load + Bytes{op::End}),  // mul
      funcBody(localGet(0) + i32Const(1) + Bytes{0x77} + load + Bytes{op::End}),   // rotl
  };
  compile(moduleOf(funcType({kI32, kI32}, {kI32}), bodies, limits(1)));
  memory_->data()[1] = 0x5a;
  EXPECT_EQ(run(0, {0xffffffff, 2}), 0x5au);
  EXPECT_EQ(run(1, {0xffffffff, 0}), 0x5au);
  EXPECT_EQ(run(2, {0xffffffff, 0}), 0x5au);  // -1 * -1
  EXPECT_EQ(run(3, {0x80000000, 0}), 0x5au);  // rotl 0x80000000 by 1
}

// --- Division --------------------------------------------------------------------------------

TEST_F(Arm64JitTest, DivisionTrapsAndRemainderOfMinusOne) {
  std::vector<Bytes> bodies;
  for (uint8_t op : {0x6d, 0x6e, 0x6f, 0x70}) {  // i32 div_s div_u rem_s rem_u
    bodies.push_back(funcBody(localGet(0) + Bytes{op::I32WrapI64} + localGet(1) +
                              Bytes{op::I32WrapI64, op, 0xad, op::End}));
  }
  for (uint8_t op : {0x7f, 0x80, 0x81, 0x82}) {  // i64
    bodies.push_back(funcBody(localGet(0) + localGet(1) + Bytes{op, op::End}));
  }
  compile(moduleOf(funcType({kI64, kI64}, {kI64}), bodies));
  const uint64_t min32 = 0x80000000, m1_32 = 0xffffffff;
  const uint64_t min64 = 0x8000000000000000, m1_64 = ~uint64_t{0};
  for (uint32_t fn = 0; fn < 8; ++fn) run(fn, {5, 0}, TrapCode::IntegerDivideByZero);
  run(0, {min32, m1_32}, TrapCode::IntegerOverflow);
  run(4, {min64, m1_64}, TrapCode::IntegerOverflow);
  EXPECT_EQ(run(0, {min32, 1}), min32);
  EXPECT_EQ(run(0, {7, m1_32}), 0xfffffff9u);
  EXPECT_EQ(run(1, {min32, m1_32}), 0u);
  EXPECT_EQ(run(2, {min32, m1_32}), 0u);
  EXPECT_EQ(run(2, {7, m1_32}), 0u);
  EXPECT_EQ(run(2, {0xfffffff9, 2}), 0xffffffffu);  // -7 rem 2 = -1
  EXPECT_EQ(run(3, {0xfffffff9, 2}), 1u);
  EXPECT_EQ(run(4, {min64, 1}), min64);
  EXPECT_EQ(run(5, {min64, m1_64}), 0u);
  EXPECT_EQ(run(6, {min64, m1_64}), 0u);
  EXPECT_EQ(run(6, {static_cast<uint64_t>(-7), 2}), m1_64);
  EXPECT_EQ(run(7, {static_cast<uint64_t>(-7), 2}), 1u);
  EXPECT_EQ(run(4, {static_cast<uint64_t>(-7), 2}), static_cast<uint64_t>(-3));
}

// --- Truncation ------------------------------------------------------------------------------

struct Truncation {
  uint8_t opcode;  // trapping form; the saturating one is 0xfc `satIndex`
  uint32_t satIndex;
  bool fromF64, to64, isSigned;
};

constexpr Truncation kTruncations[] = {
    {0xa8, 0, false, false, true}, {0xa9, 1, false, false, false}, {0xaa, 2, true, false, true},
    {0xab, 3, true, false, false}, {0xae, 4, false, true, true},   {0xaf, 5, false, true, false},
    {0xb0, 6, true, true, true},   {0xb1, 7, true, true, false},
};

// Wasm's result for a trapping (nullopt: traps with `trap`) or saturating truncation.
std::optional<uint64_t> expectedTruncation(const Truncation& t, double v, bool saturating,
                                           TrapCode& trap) {
  const double lo = t.isSigned ? (t.to64 ? -9223372036854775808.0 : -2147483648.0) : 0.0;
  const double hiExclusive = t.isSigned ? (t.to64 ? 9223372036854775808.0 : 2147483648.0)
                                        : (t.to64 ? 18446744073709551616.0 : 4294967296.0);
  const uint64_t mask = t.to64 ? ~uint64_t{0} : 0xffffffffu;
  if (std::isnan(v)) {
    trap = TrapCode::InvalidConversionToInteger;
    return saturating ? std::optional<uint64_t>(0) : std::nullopt;
  }
  double r = std::trunc(v);
  if (r < lo || r >= hiExclusive) {
    trap = TrapCode::IntegerOverflow;
    if (!saturating) return std::nullopt;
    if (r < lo) return t.isSigned ? (static_cast<uint64_t>(static_cast<int64_t>(lo)) & mask) : 0;
    if (!t.isSigned) return mask;
    return t.to64 ? uint64_t{0x7fffffffffffffff} : uint64_t{0x7fffffff};
  }
  if (t.isSigned) return static_cast<uint64_t>(static_cast<int64_t>(r)) & mask;
  return static_cast<uint64_t>(r) & mask;
}

TEST_F(Arm64JitTest, TruncationBoundaries) {
  std::vector<Bytes> bodies;
  for (const Truncation& t : kTruncations) {
    Bytes in = localGet(0) + Bytes{static_cast<uint8_t>(t.fromF64 ? 0xbf : 0xbe)};  // reinterpret
    Bytes widen = t.to64 ? Bytes{} : Bytes{0xad};
    bodies.push_back(funcBody(in + Bytes{t.opcode} + widen + Bytes{op::End}));
    bodies.push_back(funcBody(in + miscOp(t.satIndex) + widen + Bytes{op::End}));
  }
  // Parameters are raw bits in an i64 (f32 bits in the low half), reinterpreted in the body:
  // f32 bodies reinterpret through i32, so wrap first.
  for (size_t k = 0; k < std::size(kTruncations); ++k) {
    const Truncation& t = kTruncations[k];
    if (t.fromF64) continue;
    Bytes widen = t.to64 ? Bytes{} : Bytes{0xad};
    Bytes in = localGet(0) + Bytes{op::I32WrapI64, 0xbe};
    bodies[2 * k] = funcBody(in + Bytes{t.opcode} + widen + Bytes{op::End});
    bodies[2 * k + 1] = funcBody(in + miscOp(t.satIndex) + widen + Bytes{op::End});
  }
  compile(moduleOf(funcType({kI64}, {kI64}), bodies));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const double values[] = {0.0,
                           -0.0,
                           0.9,
                           -0.9,
                           -1.0,
                           -1.5,
                           1.5,
                           2147483647.0,
                           2147483647.9,
                           2147483648.0,
                           -2147483648.0,
                           -2147483648.9,
                           -2147483649.0,
                           4294967295.0,
                           4294967295.5,
                           4294967296.0,
                           9223372036854775808.0,
                           std::nextafter(9223372036854775808.0, 0.0),
                           -9223372036854775808.0,
                           std::nextafter(-9223372036854775808.0, -inf),
                           18446744073709551616.0,
                           std::nextafter(18446744073709551616.0, 0.0),
                           inf,
                           -inf,
                           nan,
                           -nan};
  for (size_t k = 0; k < std::size(kTruncations); ++k) {
    const Truncation& t = kTruncations[k];
    for (double v : values) {
      // Inputs of f32 truncations are the nearest float; the reference works on that value.
      double in = t.fromF64 ? v : static_cast<double>(static_cast<float>(v));
      uint64_t bits =
          t.fromF64 ? std::bit_cast<uint64_t>(v) : std::bit_cast<uint32_t>(static_cast<float>(v));
      for (bool saturating : {false, true}) {
        TrapCode trap = TrapCode::None;
        std::optional<uint64_t> want = expectedTruncation(t, in, saturating, trap);
        uint32_t fn = static_cast<uint32_t>(2 * k + (saturating ? 1 : 0));
        std::vector<uint64_t> area{bits, 0};
        TrapCode got = call(fn, area);
        if (want) {
          EXPECT_EQ(got, TrapCode::None) << "fn " << fn << " v=" << in;
          EXPECT_EQ(area[1], *want) << "fn " << fn << " v=" << in;
        } else {
          EXPECT_EQ(got, trap) << "fn " << fn << " v=" << in;
        }
      }
    }
  }
}

// --- Linear memory ---------------------------------------------------------------------------

class Arm64MemoryTest : public Arm64JitTest,
                        public ::testing::WithParamInterface<vm::BoundsMode> {};

// Offsets at the edges of the scaled (imm12 * size) and unscaled (imm9) forms and beyond.
const std::vector<uint32_t> kOffsets = {0,    1,     7,     8,     255,   256,   257,   4095,  4096,
                                        4097, 32760, 32761, 32768, 65535, 65536, 98304, 131064};

TEST_P(Arm64MemoryTest, LoadsAndStoresAtOffsetBoundaries) {
  // Per offset: i64.store then i64.load at (index + offset), byte store/load, and the same with
  // a constant address folded into the offset. Memory: 2 pages.
  std::vector<Bytes> bodies;
  for (uint32_t off : kOffsets) {
    bodies.push_back(funcBody(localGet(0) + Bytes{op::I32WrapI64} + localGet(1) +
                              mem(op::I64Store, 0, off) + localGet(0) + Bytes{op::I32WrapI64} +
                              mem(op::I64Load, 0, off) + Bytes{op::End}));
    bodies.push_back(funcBody(localGet(0) + Bytes{op::I32WrapI64} + localGet(1) +
                              Bytes{op::I32WrapI64} + mem(op::I32Store8, 0, off) + localGet(0) +
                              Bytes{op::I32WrapI64} + mem(op::I32Load8U, 0, off) +
                              Bytes{0xad, op::End}));
    bodies.push_back(funcBody(i32Const(3) + localGet(1) + mem(op::I64Store, 0, off) + i32Const(3) +
                              mem(op::I64Load, 0, off) + Bytes{op::End}));
  }
  compile(moduleOf(funcType({kI64, kI64}, {kI64}), bodies, limits(2)), GetParam());
  const uint64_t size = 2 * 65536;
  for (size_t k = 0; k < kOffsets.size(); ++k) {
    uint32_t off = kOffsets[k];
    uint32_t fn = static_cast<uint32_t>(3 * k);
    for (uint64_t index : {uint64_t{0}, uint64_t{5}, uint64_t{100}}) {
      uint64_t value = 0x1122334455667788ull + index + off;
      if (index + off + 8 <= size) {
        EXPECT_EQ(run(fn, {index, value}), value) << "offset " << off << " index " << index;
        uint64_t stored;
        std::memcpy(&stored, memory_->data() + index + off, 8);
        EXPECT_EQ(stored, value) << "offset " << off << " index " << index;
      } else {
        run(fn, {index, value}, TrapCode::MemoryOutOfBounds);
      }
      if (index + off + 1 <= size) {
        EXPECT_EQ(run(fn + 1, {index, 0xa5}), 0xa5u) << "offset " << off;
        EXPECT_EQ(memory_->data()[index + off], 0xa5) << "offset " << off;
      } else {
        run(fn + 1, {index, 0xa5}, TrapCode::MemoryOutOfBounds);
      }
    }
    if (3 + off + 8 <= size) {
      EXPECT_EQ(run(fn + 2, {0, 77 + off}), 77u + off) << "constant address, offset " << off;
    } else {
      run(fn + 2, {0, 1}, TrapCode::MemoryOutOfBounds);
    }
  }
}

TEST_P(Arm64MemoryTest, AccessesNearFourGibibytesTrap) {
  std::vector<Bytes> bodies;
  for (uint32_t off : {0u, 0xfff0u, 0x10000u, 0x7fffffffu, 0xfffffff0u, 0xffffffffu}) {
    bodies.push_back(
        funcBody(localGet(0) + Bytes{op::I32WrapI64} + mem(op::I64Load, 0, off) + Bytes{op::End}));
    bodies.push_back(funcBody(localGet(0) + Bytes{op::I32WrapI64} + localGet(1) +
                              mem(op::I64Store, 0, off) + i64Const(1) + Bytes{op::End}));
  }
  compile(moduleOf(funcType({kI64, kI64}, {kI64}), bodies, limits(1)), GetParam());
  // Functions 2k load and 2k + 1 store at index + offset k. One page: 0xfff8 is the last
  // in-bounds 8-byte access.
  EXPECT_EQ(run(1, {0xfff8, 1}), 1u);
  EXPECT_EQ(run(0, {0xfff8, 0}), 1u);
  run(0, {0xfff9, 0}, TrapCode::MemoryOutOfBounds);
  run(1, {0xfff9, 1}, TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(run(2, {8, 0}), 1u);
  run(2, {9, 0}, TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(run(3, {0, 9}), 1u);
  run(4, {0, 0}, TrapCode::MemoryOutOfBounds);
  run(5, {0, 9}, TrapCode::MemoryOutOfBounds);
  for (uint32_t fn = 6; fn < 12; fn += 2) {
    run(fn, {0, 0}, TrapCode::MemoryOutOfBounds);
    run(fn, {0xffffffff, 0}, TrapCode::MemoryOutOfBounds);
    run(fn + 1, {0xfffffff8, 1}, TrapCode::MemoryOutOfBounds);
  }
  // Still usable after the faults.
  EXPECT_EQ(run(0, {0xfff8, 0}), 1u);
}

INSTANTIATE_TEST_SUITE_P(BothModes, Arm64MemoryTest,
                         ::testing::Values(vm::BoundsMode::GuardPages, vm::BoundsMode::Explicit));

// --- Frames and calls ------------------------------------------------------------------------

TEST_F(Arm64JitTest, FramesLargerThanAnImmediate) {
  // 700 i64 locals: 11 KiB of slots, so both the frame size and the slot offsets outgrow every
  // immediate form. The last local also takes a call's argument area below it.
  constexpr uint32_t kLocals = 700;
  Bytes code = localGet(0) + localSet(kLocals) + localGet(0) + i64Const(2) + Bytes{0x7e} +
               localSet(kLocals / 2) + localGet(kLocals) + localGet(kLocals / 2) +
               sable::test::call(1) + localGet(3) + Bytes{0x7c, op::End};
  Bytes callee = funcBody(localGet(0) + localGet(1) + Bytes{0x7c, op::End});
  Bytes wasm = ModuleBytes()
                   .typeSection({funcType({kI64}, {kI64}), funcType({kI64, kI64}, {kI64})})
                   .functionSection({0, 1})
                   .codeSection({funcBody({{kLocals, kI64}}, code), callee})
                   .bytes();
  compile(wasm);
  EXPECT_EQ(run(0, {21}), 63u);
}

TEST_F(Arm64JitTest, DeepRecursionHitsTheStackLimit) {
  // f(n) = n == 0 ? 0 : f(n - 1) + 1
  Bytes body = funcBody(localGet(0) + Bytes{op::I32Eqz} + if_(kI32) + i32Const(0) +
                        Bytes{op::Else} + localGet(0) + i32Const(1) + Bytes{op::I32Sub} +
                        sable::test::call(0) + i32Const(1) + Bytes{op::I32Add, op::End, op::End});
  compile(moduleOf(funcType({kI32}, {kI32}), {body}));
  EXPECT_EQ(run(0, {1000}), 1000u);
  run(0, {10000000}, TrapCode::CallStackExhausted);
  EXPECT_EQ(run(0, {10}), 10u);  // the entry stub unwound cleanly
}

TEST_F(Arm64JitTest, CallsWithManyMixedArguments) {
  // 24 parameters alternating i32, i64, f32, f64; the callee folds them into one i64.
  constexpr uint32_t kN = 24;
  const uint8_t kinds[] = {kI32, kI64, kF32, kF64};
  Bytes params;
  for (uint32_t i = 0; i < kN; ++i) params.push_back(kinds[i % 4]);
  Bytes fold = i64Const(0);
  for (uint32_t i = 0; i < kN; ++i) {
    fold += i64Const(31) + Bytes{0x7e} + localGet(i);  // acc * 31 + widen(arg)
    switch (kinds[i % 4]) {
      case kI32:
        fold += Bytes{0xad};
        break;
      case kF32:
        fold += Bytes{0xae};  // i64.trunc_f32_s
        break;
      case kF64:
        fold += Bytes{0xb0};  // i64.trunc_f64_s
        break;
      default:
        break;
    }
    fold += Bytes{0x7c};
  }
  Bytes args;
  for (uint32_t i = 0; i < kN; ++i) {
    switch (kinds[i % 4]) {
      case kI32:
        args += i32Const(static_cast<int32_t>(i) - 3);
        break;
      case kI64:
        args += i64Const(int64_t{1} << (i + 8));
        break;
      case kF32:
        args += f32Const(static_cast<float>(i) + 0.5f);
        break;
      default:
        args += f64Const(-static_cast<double>(i) * 3.0);
        break;
    }
  }
  Bytes wasm = ModuleBytes()
                   .typeSection({funcType(params, {kI64}), funcType({}, {kI64})})
                   .functionSection({0, 1})
                   .codeSection({funcBody(fold + Bytes{op::End}),
                                 funcBody(args + sable::test::call(0) + Bytes{op::End})})
                   .bytes();
  compile(wasm);
  uint64_t want = 0;
  for (uint32_t i = 0; i < kN; ++i) {
    int64_t v = 0;
    switch (kinds[i % 4]) {
      case kI32:
        v = static_cast<uint32_t>(static_cast<int32_t>(i) - 3);
        break;
      case kI64:
        v = int64_t{1} << (i + 8);
        break;
      case kF32:
        v = static_cast<int64_t>(i);
        break;
      default:
        v = -static_cast<int64_t>(i) * 3;
        break;
    }
    want = want * 31 + static_cast<uint64_t>(v);
  }
  EXPECT_EQ(run(1, {}), want);
}

TEST_F(Arm64JitTest, BrTableWithMoreTargetsThanAnImmediate) {
  // br_table over 5000 entries (entry i goes to depth i % 3), default depth 3.
  constexpr uint32_t kEntries = 5000;
  std::vector<uint32_t> depths(kEntries);
  for (uint32_t i = 0; i < kEntries; ++i) depths[i] = i % 3;
  Bytes code = block() + block() + block() + block() + localGet(0) + brTable(depths, 3) +
               Bytes{op::End} + i32Const(100) + Bytes{op::Return, op::End} + i32Const(101) +
               Bytes{op::Return, op::End} + i32Const(102) + Bytes{op::Return, op::End} +
               i32Const(103) + Bytes{op::End};
  compile(moduleOf(funcType({kI32}, {kI32}), {funcBody(code)}));
  for (uint32_t i : {0u, 1u, 2u, 3u, 4094u, 4095u, 4096u, 4999u, 5000u, 5001u, 0xffffffffu}) {
    uint32_t want = i < kEntries ? 100 + i % 3 : 103;
    EXPECT_EQ(run(0, {i}), want) << "index " << i;
  }
}

// --- Bit counting and float details -------------------------------------------------------

TEST_F(Arm64JitTest, BitCountsOfZeroAndAllOnes) {
  std::vector<Bytes> bodies;
  for (uint8_t op : {0x67, 0x68, 0x69}) {  // i32 clz ctz popcnt
    bodies.push_back(funcBody(localGet(0) + Bytes{op::I32WrapI64, op, 0xad, op::End}));
  }
  for (uint8_t op : {0x79, 0x7a, 0x7b}) {  // i64
    bodies.push_back(funcBody(localGet(0) + Bytes{op, op::End}));
  }
  compile(moduleOf(funcType({kI64}, {kI64}), bodies));
  const uint64_t ones = ~uint64_t{0};
  const uint64_t cases[] = {0, ones, 1, 0x80000000, 0x8000000000000000, 0x00f0000000000f00};
  for (uint64_t x : cases) {
    uint32_t x32 = static_cast<uint32_t>(x);
    EXPECT_EQ(run(0, {x}), static_cast<uint64_t>(std::countl_zero(x32))) << std::hex << x;
    EXPECT_EQ(run(1, {x}), static_cast<uint64_t>(std::countr_zero(x32))) << std::hex << x;
    EXPECT_EQ(run(2, {x}), static_cast<uint64_t>(std::popcount(x32))) << std::hex << x;
    EXPECT_EQ(run(3, {x}), static_cast<uint64_t>(std::countl_zero(x))) << std::hex << x;
    EXPECT_EQ(run(4, {x}), static_cast<uint64_t>(std::countr_zero(x))) << std::hex << x;
    EXPECT_EQ(run(5, {x}), static_cast<uint64_t>(std::popcount(x))) << std::hex << x;
  }
}

TEST_F(Arm64JitTest, FloatComparisonsAreFalseOnNaNExceptNe) {
  std::vector<Bytes> bodies;
  for (uint8_t op = 0x61; op <= 0x66; ++op) {  // f64 eq ne lt gt le ge
    bodies.push_back(
        funcBody(localGet(0) + Bytes{0xbf} + localGet(1) + Bytes{0xbf, op, 0xad, op::End}));
  }
  compile(moduleOf(funcType({kI64, kI64}, {kI64}), bodies));
  auto bits = [](double d) { return std::bit_cast<uint64_t>(d); };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double pairs[][2] = {{1, 2}, {2, 1}, {1, 1}, {nan, 1}, {1, nan}, {nan, nan}, {0.0, -0.0}};
  for (const auto& p : pairs) {
    double a = p[0], b = p[1];
    const bool want[] = {a == b, a != b, a<b, a> b, a <= b, a >= b};
    for (uint32_t fn = 0; fn < 6; ++fn) {
      EXPECT_EQ(run(fn, {bits(a), bits(b)}), want[fn] ? 1u : 0u) << fn << " " << a << " " << b;
    }
  }
}

TEST_F(Arm64JitTest, CopysignKeepsNaNPayloads) {
  Bytes body = funcBody(localGet(0) + Bytes{0xbf} + localGet(1) + Bytes{0xbf, 0xa6, 0xbd, op::End});
  compile(moduleOf(funcType({kI64, kI64}, {kI64}), {body}));
  const uint64_t payloadNaN = 0x7ff4000000000123;
  EXPECT_EQ(run(0, {payloadNaN, std::bit_cast<uint64_t>(-1.0)}), payloadNaN | (uint64_t{1} << 63));
  EXPECT_EQ(run(0, {std::bit_cast<uint64_t>(-2.0), 0}), std::bit_cast<uint64_t>(2.0));
}

}  // namespace
}  // namespace sable::test

#endif  // __aarch64__
