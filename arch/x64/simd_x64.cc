#include "arch/x64/simd_x64.h"

#include <optional>

#include "core/operator_facts.h"

namespace sable::arch::x64 {

namespace x86 = asmjit::x86;
using asmjit::Imm;
namespace Inst = x86::Inst;
using x86::Xmm;

namespace {

const Xmm kS1 = x86::xmm15;
const Xmm kS2 = x86::xmm14;

// cmpps/cmppd predicates.
constexpr uint32_t kCmpEq = 0, kCmpLt = 1, kCmpLe = 2, kCmpUnord = 3, kCmpNeq = 4;
// roundps/roundpd modes.
constexpr uint32_t kRoundNearest = 0, kRoundFloor = 1, kRoundCeil = 2, kRoundTrunc = 3;

// Operators that are one SSE instruction, `dst = lhs; inst dst, rhs`.
std::optional<asmjit::InstId> directBinary(Opcode op) {
  switch (op) {
    case Opcode::V128And:
      return Inst::kIdPand;
    case Opcode::V128Or:
      return Inst::kIdPor;
    case Opcode::V128Xor:
      return Inst::kIdPxor;
    case Opcode::I8x16Add:
      return Inst::kIdPaddb;
    case Opcode::I8x16AddSatS:
      return Inst::kIdPaddsb;
    case Opcode::I8x16AddSatU:
      return Inst::kIdPaddusb;
    case Opcode::I8x16Sub:
      return Inst::kIdPsubb;
    case Opcode::I8x16SubSatS:
      return Inst::kIdPsubsb;
    case Opcode::I8x16SubSatU:
      return Inst::kIdPsubusb;
    case Opcode::I8x16MinS:
      return Inst::kIdPminsb;
    case Opcode::I8x16MinU:
      return Inst::kIdPminub;
    case Opcode::I8x16MaxS:
      return Inst::kIdPmaxsb;
    case Opcode::I8x16MaxU:
      return Inst::kIdPmaxub;
    case Opcode::I8x16AvgrU:
      return Inst::kIdPavgb;
    case Opcode::I8x16NarrowI16x8S:
      return Inst::kIdPacksswb;
    case Opcode::I8x16NarrowI16x8U:
      return Inst::kIdPackuswb;
    case Opcode::I16x8Add:
      return Inst::kIdPaddw;
    case Opcode::I16x8AddSatS:
      return Inst::kIdPaddsw;
    case Opcode::I16x8AddSatU:
      return Inst::kIdPaddusw;
    case Opcode::I16x8Sub:
      return Inst::kIdPsubw;
    case Opcode::I16x8SubSatS:
      return Inst::kIdPsubsw;
    case Opcode::I16x8SubSatU:
      return Inst::kIdPsubusw;
    case Opcode::I16x8Mul:
      return Inst::kIdPmullw;
    case Opcode::I16x8MinS:
      return Inst::kIdPminsw;
    case Opcode::I16x8MinU:
      return Inst::kIdPminuw;
    case Opcode::I16x8MaxS:
      return Inst::kIdPmaxsw;
    case Opcode::I16x8MaxU:
      return Inst::kIdPmaxuw;
    case Opcode::I16x8AvgrU:
      return Inst::kIdPavgw;
    case Opcode::I16x8NarrowI32x4S:
      return Inst::kIdPackssdw;
    case Opcode::I16x8NarrowI32x4U:
      return Inst::kIdPackusdw;
    case Opcode::I32x4Add:
      return Inst::kIdPaddd;
    case Opcode::I32x4Sub:
      return Inst::kIdPsubd;
    case Opcode::I32x4Mul:
      return Inst::kIdPmulld;
    case Opcode::I32x4MinS:
      return Inst::kIdPminsd;
    case Opcode::I32x4MinU:
      return Inst::kIdPminud;
    case Opcode::I32x4MaxS:
      return Inst::kIdPmaxsd;
    case Opcode::I32x4MaxU:
      return Inst::kIdPmaxud;
    case Opcode::I32x4DotI16x8S:
      return Inst::kIdPmaddwd;
    case Opcode::I64x2Add:
      return Inst::kIdPaddq;
    case Opcode::I64x2Sub:
      return Inst::kIdPsubq;
    case Opcode::F32x4Add:
      return Inst::kIdAddps;
    case Opcode::F32x4Sub:
      return Inst::kIdSubps;
    case Opcode::F32x4Mul:
      return Inst::kIdMulps;
    case Opcode::F32x4Div:
      return Inst::kIdDivps;
    case Opcode::F64x2Add:
      return Inst::kIdAddpd;
    case Opcode::F64x2Sub:
      return Inst::kIdSubpd;
    case Opcode::F64x2Mul:
      return Inst::kIdMulpd;
    case Opcode::F64x2Div:
      return Inst::kIdDivpd;
    default:
      return std::nullopt;
  }
}

// A lane-wise integer comparison: lane size, and what it tests.
enum class Test : uint8_t { Eq, Ne, LtS, LtU, GtS, GtU, LeS, LeU, GeS, GeU };
struct IntCompare {
  uint32_t laneLog2;
  Test test;
};

std::optional<IntCompare> intCompare(Opcode op) {
  const uint16_t code = static_cast<uint16_t>(op);
  auto in = [&](Opcode first, uint32_t laneLog2) -> std::optional<IntCompare> {
    const uint16_t base = static_cast<uint16_t>(first);
    if (code < base || code >= base + 10) return std::nullopt;
    return IntCompare{laneLog2, static_cast<Test>(code - base)};
  };
  if (auto c = in(Opcode::I8x16Eq, 0)) return c;
  if (auto c = in(Opcode::I16x8Eq, 1)) return c;
  if (auto c = in(Opcode::I32x4Eq, 2)) return c;
  switch (op) {  // i64x2 has only the signed orderings
    case Opcode::I64x2Eq:
      return IntCompare{3, Test::Eq};
    case Opcode::I64x2Ne:
      return IntCompare{3, Test::Ne};
    case Opcode::I64x2LtS:
      return IntCompare{3, Test::LtS};
    case Opcode::I64x2GtS:
      return IntCompare{3, Test::GtS};
    case Opcode::I64x2LeS:
      return IntCompare{3, Test::LeS};
    case Opcode::I64x2GeS:
      return IntCompare{3, Test::GeS};
    default:
      return std::nullopt;
  }
}

constexpr asmjit::InstId kPcmpeq[] = {Inst::kIdPcmpeqb, Inst::kIdPcmpeqw, Inst::kIdPcmpeqd,
                                      Inst::kIdPcmpeqq};
constexpr asmjit::InstId kPcmpgt[] = {Inst::kIdPcmpgtb, Inst::kIdPcmpgtw, Inst::kIdPcmpgtd,
                                      Inst::kIdPcmpgtq};
constexpr asmjit::InstId kPminu[] = {Inst::kIdPminub, Inst::kIdPminuw, Inst::kIdPminud};
constexpr asmjit::InstId kPmaxu[] = {Inst::kIdPmaxub, Inst::kIdPmaxuw, Inst::kIdPmaxud};

bool isI64Ordering(Opcode op) {
  return op == Opcode::I64x2LtS || op == Opcode::I64x2GtS || op == Opcode::I64x2LeS ||
         op == Opcode::I64x2GeS;
}

}  // namespace

bool SimdX64::emits(Opcode op) const {
  if (isI64Ordering(op)) return hasSse42_;
  return true;
}

void SimdX64::move(const Xmm& dst, const Xmm& src) {
  if (dst.id() != src.id()) a_.movaps(dst, src);
}

void SimdX64::splat32(const Xmm& dst, uint32_t bits) {
  a_.mov(x86::eax, bits);
  a_.movd(dst, x86::eax);
  a_.pshufd(dst, dst, Imm(0));
}

void SimdX64::splat64(const Xmm& dst, uint64_t bits) {
  a_.mov(x86::rax, bits);
  a_.movq(dst, x86::rax);
  a_.punpcklqdq(dst, dst);
}

void SimdX64::constant(const Xmm& dst, uint64_t lo, uint64_t hi) {
  a_.mov(x86::rax, lo);
  a_.movq(dst, x86::rax);
  a_.mov(x86::rax, hi);
  a_.pinsrq(dst, x86::rax, Imm(1));
}

void SimdX64::allOnes(const Xmm& dst) { a_.pcmpeqd(dst, dst); }

// --- Unary -------------------------------------------------------------------------------------

void SimdX64::unary(Opcode op, const x86::Reg& dstReg, const x86::Reg& srcReg) {
  const Sig sig = simpleOpcodeSig(op);
  if (sig == Sig::i_v) return toScalar(op, dstReg.as<x86::Gp>(), srcReg.as<Xmm>());
  if (sig != Sig::v_v) return splat(op, dstReg.as<Xmm>(), srcReg);
  const Xmm dst = dstReg.as<Xmm>(), src = srcReg.as<Xmm>();
  if (integerUnary(op, dst, src) || floatUnary(op, dst, src)) return;
  truncSat(op, dst, src);
}

bool SimdX64::integerUnary(Opcode op, const Xmm& dst, const Xmm& src) {
  switch (op) {
    case Opcode::V128Not:
      allOnes(kS1);
      move(dst, src);
      a_.pxor(dst, kS1);
      return true;
    case Opcode::I8x16Abs:
      a_.pabsb(dst, src);
      return true;
    case Opcode::I16x8Abs:
      a_.pabsw(dst, src);
      return true;
    case Opcode::I32x4Abs:
      a_.pabsd(dst, src);
      return true;
    case Opcode::I64x2Abs:  // (x ^ sign) - sign
      a_.pshufd(kS1, src, Imm(0xf5));
      a_.psrad(kS1, 31);
      move(dst, src);
      a_.pxor(dst, kS1);
      a_.psubq(dst, kS1);
      return true;
    case Opcode::I8x16Neg:
    case Opcode::I16x8Neg:
    case Opcode::I32x4Neg:
    case Opcode::I64x2Neg: {
      static constexpr asmjit::InstId kSub[] = {Inst::kIdPsubb, Inst::kIdPsubw, Inst::kIdPsubd,
                                                Inst::kIdPsubq};
      const size_t k = op == Opcode::I8x16Neg   ? 0
                       : op == Opcode::I16x8Neg ? 1
                       : op == Opcode::I32x4Neg ? 2
                                                : 3;
      a_.pxor(kS1, kS1);
      a_.emit(kSub[k], kS1, src);
      move(dst, kS1);
      return true;
    }
    case Opcode::I8x16Popcnt:  // two nibble lookups
      splat32(kS2, 0x0f0f0f0f);
      a_.movaps(kS1, src);
      a_.psrlw(kS1, 4);
      a_.pand(kS1, kS2);
      move(dst, src);
      a_.pand(dst, kS2);
      constant(kS2, 0x0302020102010100ull, 0x0403030203020201ull);
      a_.pshufb(kS2, dst);
      constant(dst, 0x0302020102010100ull, 0x0403030203020201ull);
      a_.pshufb(dst, kS1);
      a_.paddb(dst, kS2);
      return true;
    case Opcode::I16x8ExtendLowI8x16S:
      a_.pmovsxbw(dst, src);
      return true;
    case Opcode::I16x8ExtendLowI8x16U:
      a_.pmovzxbw(dst, src);
      return true;
    case Opcode::I32x4ExtendLowI16x8S:
      a_.pmovsxwd(dst, src);
      return true;
    case Opcode::I32x4ExtendLowI16x8U:
      a_.pmovzxwd(dst, src);
      return true;
    case Opcode::I64x2ExtendLowI32x4S:
      a_.pmovsxdq(dst, src);
      return true;
    case Opcode::I64x2ExtendLowI32x4U:
      a_.pmovzxdq(dst, src);
      return true;
    case Opcode::I16x8ExtendHighI8x16S:
      a_.pshufd(dst, src, Imm(0xee));
      a_.pmovsxbw(dst, dst);
      return true;
    case Opcode::I16x8ExtendHighI8x16U:
      a_.pshufd(dst, src, Imm(0xee));
      a_.pmovzxbw(dst, dst);
      return true;
    case Opcode::I32x4ExtendHighI16x8S:
      a_.pshufd(dst, src, Imm(0xee));
      a_.pmovsxwd(dst, dst);
      return true;
    case Opcode::I32x4ExtendHighI16x8U:
      a_.pshufd(dst, src, Imm(0xee));
      a_.pmovzxwd(dst, dst);
      return true;
    case Opcode::I64x2ExtendHighI32x4S:
      a_.pshufd(dst, src, Imm(0xee));
      a_.pmovsxdq(dst, dst);
      return true;
    case Opcode::I64x2ExtendHighI32x4U:
      a_.pshufd(dst, src, Imm(0xee));
      a_.pmovzxdq(dst, dst);
      return true;
    case Opcode::I16x8ExtaddPairwiseI8x16S:  // pmaddubsw: unsigned 1s times signed bytes
      splat32(kS1, 0x01010101);
      a_.pmaddubsw(kS1, src);
      move(dst, kS1);
      return true;
    case Opcode::I16x8ExtaddPairwiseI8x16U:  // unsigned bytes times signed 1s
      splat32(kS1, 0x01010101);
      move(dst, src);
      a_.pmaddubsw(dst, kS1);
      return true;
    case Opcode::I32x4ExtaddPairwiseI16x8S:
      splat32(kS1, 0x00010001);
      move(dst, src);
      a_.pmaddwd(dst, kS1);
      return true;
    case Opcode::I32x4ExtaddPairwiseI16x8U:  // bias to signed, add the bias back (2 * 0x8000)
      splat32(kS1, 0x80008000);
      move(dst, src);
      a_.pxor(dst, kS1);
      splat32(kS1, 0x00010001);
      a_.pmaddwd(dst, kS1);
      splat32(kS1, 0x00010000);
      a_.paddd(dst, kS1);
      return true;
    default:
      return false;
  }
}

bool SimdX64::floatUnary(Opcode op, const Xmm& dst, const Xmm& src) {
  switch (op) {
    case Opcode::F32x4Abs:
    case Opcode::F64x2Abs:
      allOnes(kS1);
      if (op == Opcode::F32x4Abs)
        a_.psrld(kS1, 1);
      else
        a_.psrlq(kS1, 1);
      move(dst, src);
      a_.andps(dst, kS1);
      return true;
    case Opcode::F32x4Neg:
    case Opcode::F64x2Neg:
      allOnes(kS1);
      if (op == Opcode::F32x4Neg)
        a_.pslld(kS1, 31);
      else
        a_.psllq(kS1, 63);
      move(dst, src);
      a_.xorps(dst, kS1);
      return true;
    case Opcode::F32x4Sqrt:
      a_.sqrtps(dst, src);
      return true;
    case Opcode::F64x2Sqrt:
      a_.sqrtpd(dst, src);
      return true;
    case Opcode::F32x4Ceil:
      a_.roundps(dst, src, Imm(kRoundCeil));
      return true;
    case Opcode::F32x4Floor:
      a_.roundps(dst, src, Imm(kRoundFloor));
      return true;
    case Opcode::F32x4Trunc:
      a_.roundps(dst, src, Imm(kRoundTrunc));
      return true;
    case Opcode::F32x4Nearest:
      a_.roundps(dst, src, Imm(kRoundNearest));
      return true;
    case Opcode::F64x2Ceil:
      a_.roundpd(dst, src, Imm(kRoundCeil));
      return true;
    case Opcode::F64x2Floor:
      a_.roundpd(dst, src, Imm(kRoundFloor));
      return true;
    case Opcode::F64x2Trunc:
      a_.roundpd(dst, src, Imm(kRoundTrunc));
      return true;
    case Opcode::F64x2Nearest:
      a_.roundpd(dst, src, Imm(kRoundNearest));
      return true;
    case Opcode::F32x4DemoteF64x2Zero:
      a_.cvtpd2ps(dst, src);
      return true;
    case Opcode::F64x2PromoteLowF32x4:
      a_.cvtps2pd(dst, src);
      return true;
    case Opcode::F32x4ConvertI32x4S:
    case Opcode::F32x4ConvertI32x4U:
    case Opcode::F64x2ConvertLowI32x4S:
    case Opcode::F64x2ConvertLowI32x4U:
      convert(op, dst, src);
      return true;
    default:
      return false;
  }
}

void SimdX64::convert(Opcode op, const Xmm& dst, const Xmm& src) {
  switch (op) {
    case Opcode::F32x4ConvertI32x4S:
      a_.cvtdq2ps(dst, src);
      return;
    case Opcode::F32x4ConvertI32x4U:
      // The low 16 bits convert exactly; the high part, halved to fit a signed conversion,
      // is doubled back; one rounding happens in the final add.
      a_.pxor(kS1, kS1);
      a_.pblendw(kS1, src, Imm(0x55));
      move(dst, src);
      a_.psubd(dst, kS1);
      a_.cvtdq2ps(kS1, kS1);
      a_.psrld(dst, 1);
      a_.cvtdq2ps(dst, dst);
      a_.addps(dst, dst);
      a_.addps(dst, kS1);
      return;
    case Opcode::F64x2ConvertLowI32x4S:
      a_.cvtdq2pd(dst, src);
      return;
    case Opcode::F64x2ConvertLowI32x4U:
      // 2^52 + x as a double's bits, minus 2^52.
      splat32(kS1, 0x43300000);
      move(dst, src);
      a_.unpcklps(dst, kS1);
      splat64(kS1, 0x4330000000000000ull);
      a_.subpd(dst, kS1);
      return;
    default:
      return;
  }
}

void SimdX64::truncSat(Opcode op, const Xmm& dst, const Xmm& src) {
  switch (op) {
    case Opcode::I32x4TruncSatF32x4S:
      // NaN lanes to 0; cvttps2dq gives 0x80000000 past either end, which is right below
      // and flipped to 0x7fffffff where x >= 2^31.
      a_.movaps(kS1, src);
      a_.cmpps(kS1, kS1, Imm(kCmpEq));
      move(dst, src);
      a_.andps(dst, kS1);
      splat32(kS1, 0x4f000000);  // 2^31
      a_.cmpps(kS1, dst, Imm(kCmpLe));
      a_.cvttps2dq(dst, dst);
      a_.pxor(dst, kS1);
      return;
    case Opcode::I32x4TruncSatF32x4U:
      // x = max(x, 0) (NaN to 0); result = trunc(x) for x < 2^31, 2^31 + trunc(x - 2^31)
      // above, all ones from 2^32.
      a_.xorps(kS1, kS1);
      move(dst, src);
      a_.maxps(dst, kS1);
      splat32(kS1, 0x4f000000);  // 2^31
      a_.movaps(kS2, dst);
      a_.subps(kS2, kS1);
      a_.cmpps(kS1, dst, Imm(kCmpLe));
      a_.cvttps2dq(kS2, kS2);
      a_.pand(kS2, kS1);
      splat32(kS1, 0x4f800000);  // 2^32
      a_.cmpps(kS1, dst, Imm(kCmpLe));
      a_.cvttps2dq(dst, dst);
      a_.paddd(dst, kS2);
      a_.por(dst, kS1);
      return;
    case Opcode::I32x4TruncSatF64x2SZero:
      // Clamp above at INT32_MAX (NaN lanes clamp to 0); below, cvttpd2dq saturates itself.
      a_.movaps(kS1, src);
      a_.cmppd(kS1, kS1, Imm(kCmpEq));
      splat64(kS2, 0x41dfffffffc00000ull);  // 2147483647.0
      a_.andpd(kS1, kS2);
      move(dst, src);
      a_.minpd(dst, kS1);
      a_.cvttpd2dq(dst, dst);
      return;
    case Opcode::I32x4TruncSatF64x2UZero:
      // Clamp to [0, UINT32_MAX] (NaN to 0), truncate, and take the low words of 2^52 + x.
      a_.xorpd(kS1, kS1);
      move(dst, src);
      a_.maxpd(dst, kS1);
      splat64(kS2, 0x41efffffffe00000ull);  // 4294967295.0
      a_.minpd(dst, kS2);
      a_.roundpd(dst, dst, Imm(kRoundTrunc));
      splat64(kS2, 0x4330000000000000ull);  // 2^52
      a_.addpd(dst, kS2);
      a_.shufps(dst, kS1, Imm(0x88));
      return;
    default:
      return;
  }
}

void SimdX64::toScalar(Opcode op, const x86::Gp& dst, const Xmm& src) {
  const x86::Gp d = dst.r32();
  switch (op) {
    case Opcode::V128AnyTrue:
      a_.ptest(src, src);
      a_.setnz(dst.r8());
      a_.movzx(d, dst.r8());
      return;
    case Opcode::I8x16AllTrue:
    case Opcode::I16x8AllTrue:
    case Opcode::I32x4AllTrue:
    case Opcode::I64x2AllTrue: {
      const size_t k = op == Opcode::I8x16AllTrue   ? 0
                       : op == Opcode::I16x8AllTrue ? 1
                       : op == Opcode::I32x4AllTrue ? 2
                                                    : 3;
      a_.pxor(kS1, kS1);
      a_.emit(kPcmpeq[k], kS1, src);  // lanes that are zero
      a_.ptest(kS1, kS1);
      a_.setz(dst.r8());
      a_.movzx(d, dst.r8());
      return;
    }
    case Opcode::I8x16Bitmask:
      a_.pmovmskb(d, src);
      return;
    case Opcode::I16x8Bitmask:
      a_.movaps(kS1, src);
      a_.packsswb(kS1, kS1);
      a_.pmovmskb(d, kS1);
      a_.movzx(d, dst.r8());
      return;
    case Opcode::I32x4Bitmask:
      a_.movmskps(d, src);
      return;
    case Opcode::I64x2Bitmask:
      a_.movmskpd(d, src);
      return;
    default:
      return;
  }
}

void SimdX64::splat(Opcode op, const Xmm& dst, const x86::Reg& src) {
  switch (op) {
    case Opcode::I8x16Splat:
      a_.movd(dst, src.as<x86::Gp>().r32());
      a_.pxor(kS1, kS1);
      a_.pshufb(dst, kS1);
      return;
    case Opcode::I16x8Splat:
      a_.movd(dst, src.as<x86::Gp>().r32());
      a_.pshuflw(dst, dst, Imm(0));
      a_.punpcklqdq(dst, dst);
      return;
    case Opcode::I32x4Splat:
      a_.movd(dst, src.as<x86::Gp>().r32());
      a_.pshufd(dst, dst, Imm(0));
      return;
    case Opcode::I64x2Splat:
      a_.movq(dst, src.as<x86::Gp>().r64());
      a_.punpcklqdq(dst, dst);
      return;
    case Opcode::F32x4Splat:
      a_.pshufd(dst, src.as<Xmm>(), Imm(0));
      return;
    case Opcode::F64x2Splat:
      a_.movddup(dst, src.as<Xmm>());
      return;
    default:
      return;
  }
}

// --- Binary ------------------------------------------------------------------------------------

void SimdX64::binary(Opcode op, const Xmm& dst, const Xmm& lhs, const x86::Reg& rhsReg) {
  if (simpleOpcodeSig(op) == Sig::v_vi) return shift(op, dst, lhs, rhsReg.as<x86::Gp>());
  const Xmm rhs = rhsReg.as<Xmm>();
  if (std::optional<asmjit::InstId> inst = directBinary(op)) {
    move(dst, lhs);
    a_.emit(*inst, dst, rhs);
    return;
  }
  if (compare(op, dst, lhs, rhs)) return;
  special(op, dst, lhs, rhs);
}

void SimdX64::greaterSigned(uint32_t laneLog2, const Xmm& out, const Xmm& lhs, const Xmm& rhs) {
  a_.movaps(out, lhs);
  a_.emit(kPcmpgt[laneLog2], out, rhs);
}

bool SimdX64::compare(Opcode op, const Xmm& dst, const Xmm& lhs, const Xmm& rhs) {
  std::optional<IntCompare> c = intCompare(op);
  if (!c) return false;
  const uint32_t k = c->laneLog2;
  bool negate = false;
  switch (c->test) {
    case Test::Eq:
    case Test::Ne:
      a_.movaps(kS1, lhs);
      a_.emit(kPcmpeq[k], kS1, rhs);
      negate = c->test == Test::Ne;
      break;
    case Test::GtS:
    case Test::LeS:
      greaterSigned(k, kS1, lhs, rhs);
      negate = c->test == Test::LeS;
      break;
    case Test::LtS:
    case Test::GeS:
      greaterSigned(k, kS1, rhs, lhs);
      negate = c->test == Test::GeS;
      break;
    case Test::GeU:
    case Test::LtU:  // lhs >= rhs exactly when max(lhs, rhs) == lhs
      a_.movaps(kS1, lhs);
      a_.emit(kPmaxu[k], kS1, rhs);
      a_.emit(kPcmpeq[k], kS1, lhs);
      negate = c->test == Test::LtU;
      break;
    case Test::LeU:
    case Test::GtU:  // lhs <= rhs exactly when min(lhs, rhs) == lhs
      a_.movaps(kS1, lhs);
      a_.emit(kPminu[k], kS1, rhs);
      a_.emit(kPcmpeq[k], kS1, lhs);
      negate = c->test == Test::GtU;
      break;
  }
  if (negate) {
    allOnes(kS2);
    a_.pxor(kS1, kS2);
  }
  a_.movaps(dst, kS1);
  return true;
}

void SimdX64::floatMinMax(bool wide, bool isMin, const Xmm& dst, const Xmm& lhs, const Xmm& rhs) {
  // Both operand orders, merged: or-ing keeps -0 over +0 and any NaN (min); for max, the
  // xor finds the lanes that differ, and the subtraction turns a sign discrepancy into +0 and
  // keeps NaNs. Finally NaN lanes become a canonical NaN (the quiet bit and above only).
  const asmjit::InstId op =
      wide ? (isMin ? Inst::kIdMinpd : Inst::kIdMaxpd) : (isMin ? Inst::kIdMinps : Inst::kIdMaxps);
  a_.movaps(kS1, rhs);
  a_.emit(op, kS1, lhs);
  move(dst, lhs);
  a_.emit(op, dst, rhs);
  if (isMin) {
    a_.orps(kS1, dst);
  } else {
    a_.xorps(dst, kS1);
    a_.orps(kS1, dst);
    a_.emit(wide ? Inst::kIdSubpd : Inst::kIdSubps, kS1, dst);
  }
  a_.movaps(dst, kS1);
  a_.emit(wide ? Inst::kIdCmppd : Inst::kIdCmpps, dst, kS1, Imm(kCmpUnord));
  a_.orps(kS1, dst);
  if (wide)
    a_.psrlq(dst, 13);
  else
    a_.psrld(dst, 10);
  a_.andnps(dst, kS1);
}

bool SimdX64::special(Opcode op, const Xmm& dst, const Xmm& lhs, const Xmm& rhs) {
  auto swapped = [&](asmjit::InstId inst, uint32_t predicate = 0xff) {
    a_.movaps(kS1, rhs);
    if (predicate == 0xff)
      a_.emit(inst, kS1, lhs);
    else
      a_.emit(inst, kS1, lhs, Imm(predicate));
    a_.movaps(dst, kS1);
  };
  auto floatCompare = [&](bool wide, uint32_t predicate) {
    move(dst, lhs);
    a_.emit(wide ? Inst::kIdCmppd : Inst::kIdCmpps, dst, rhs, Imm(predicate));
  };
  switch (op) {
    case Opcode::V128AndNot:
      swapped(Inst::kIdPandn);
      return true;
    case Opcode::F32x4Eq:
      floatCompare(false, kCmpEq);
      return true;
    case Opcode::F32x4Ne:
      floatCompare(false, kCmpNeq);
      return true;
    case Opcode::F32x4Lt:
      floatCompare(false, kCmpLt);
      return true;
    case Opcode::F32x4Le:
      floatCompare(false, kCmpLe);
      return true;
    case Opcode::F32x4Gt:
      swapped(Inst::kIdCmpps, kCmpLt);
      return true;
    case Opcode::F32x4Ge:
      swapped(Inst::kIdCmpps, kCmpLe);
      return true;
    case Opcode::F64x2Eq:
      floatCompare(true, kCmpEq);
      return true;
    case Opcode::F64x2Ne:
      floatCompare(true, kCmpNeq);
      return true;
    case Opcode::F64x2Lt:
      floatCompare(true, kCmpLt);
      return true;
    case Opcode::F64x2Le:
      floatCompare(true, kCmpLe);
      return true;
    case Opcode::F64x2Gt:
      swapped(Inst::kIdCmppd, kCmpLt);
      return true;
    case Opcode::F64x2Ge:
      swapped(Inst::kIdCmppd, kCmpLe);
      return true;
    case Opcode::F32x4Min:
    case Opcode::F32x4Max:
    case Opcode::F64x2Min:
    case Opcode::F64x2Max:
      floatMinMax(op == Opcode::F64x2Min || op == Opcode::F64x2Max,
                  op == Opcode::F32x4Min || op == Opcode::F64x2Min, dst, lhs, rhs);
      return true;
    case Opcode::F32x4Pmin:  // rhs < lhs ? rhs : lhs is minps(rhs, lhs)
      swapped(Inst::kIdMinps);
      return true;
    case Opcode::F32x4Pmax:
      swapped(Inst::kIdMaxps);
      return true;
    case Opcode::F64x2Pmin:
      swapped(Inst::kIdMinpd);
      return true;
    case Opcode::F64x2Pmax:
      swapped(Inst::kIdMaxpd);
      return true;
    case Opcode::I8x16Swizzle:
      // Indices of 16 and more get the high bit (saturating add), which pshufb reads as zero.
      splat32(kS1, 0x70707070);
      a_.paddusb(kS1, rhs);
      move(dst, lhs);
      a_.pshufb(dst, kS1);
      return true;
    case Opcode::I64x2Mul:  // lo*lo + ((hi*lo + lo*hi) << 32)
      a_.movaps(kS1, lhs);
      a_.psrlq(kS1, 32);
      a_.pmuludq(kS1, rhs);
      a_.movaps(kS2, rhs);
      a_.psrlq(kS2, 32);
      a_.pmuludq(kS2, lhs);
      a_.paddq(kS1, kS2);
      a_.psllq(kS1, 32);
      move(dst, lhs);
      a_.pmuludq(dst, rhs);
      a_.paddq(dst, kS1);
      return true;
    case Opcode::I16x8Q15mulrSatS:
      move(dst, lhs);
      a_.pmulhrsw(dst, rhs);
      splat32(kS1, 0x80008000);
      a_.pcmpeqw(kS1, dst);
      a_.pxor(dst, kS1);
      return true;
    default:
      extMul(op, dst, lhs, rhs);
      return true;
  }
}

void SimdX64::extMul(Opcode op, const Xmm& dst, const Xmm& lhs, const Xmm& rhs) {
  struct Form {
    Opcode op;
    bool high;
    asmjit::InstId widen;  // pmovsx/pmovzx (i16x8, i32x4) or unused
    asmjit::InstId mul;
  };
  static constexpr Form kForms[] = {
      {Opcode::I16x8ExtmulLowI8x16S, false, Inst::kIdPmovsxbw, Inst::kIdPmullw},
      {Opcode::I16x8ExtmulHighI8x16S, true, Inst::kIdPmovsxbw, Inst::kIdPmullw},
      {Opcode::I16x8ExtmulLowI8x16U, false, Inst::kIdPmovzxbw, Inst::kIdPmullw},
      {Opcode::I16x8ExtmulHighI8x16U, true, Inst::kIdPmovzxbw, Inst::kIdPmullw},
      {Opcode::I32x4ExtmulLowI16x8S, false, Inst::kIdPmovsxwd, Inst::kIdPmulld},
      {Opcode::I32x4ExtmulHighI16x8S, true, Inst::kIdPmovsxwd, Inst::kIdPmulld},
      {Opcode::I32x4ExtmulLowI16x8U, false, Inst::kIdPmovzxwd, Inst::kIdPmulld},
      {Opcode::I32x4ExtmulHighI16x8U, true, Inst::kIdPmovzxwd, Inst::kIdPmulld},
      {Opcode::I64x2ExtmulLowI32x4S, false, Inst::kIdNone, Inst::kIdPmuldq},
      {Opcode::I64x2ExtmulHighI32x4S, true, Inst::kIdNone, Inst::kIdPmuldq},
      {Opcode::I64x2ExtmulLowI32x4U, false, Inst::kIdNone, Inst::kIdPmuludq},
      {Opcode::I64x2ExtmulHighI32x4U, true, Inst::kIdNone, Inst::kIdPmuludq},
  };
  for (const Form& f : kForms) {
    if (f.op != op) continue;
    if (f.widen == Inst::kIdNone) {
      // pmuldq/pmuludq multiply the even dwords: spread the wanted ones there.
      const uint32_t spread = f.high ? 0xfa : 0x50;
      a_.pshufd(kS1, lhs, Imm(spread));
      a_.pshufd(kS2, rhs, Imm(spread));
    } else if (f.high) {
      a_.pshufd(kS1, lhs, Imm(0xee));
      a_.emit(f.widen, kS1, kS1);
      a_.pshufd(kS2, rhs, Imm(0xee));
      a_.emit(f.widen, kS2, kS2);
    } else {
      a_.emit(f.widen, kS1, lhs);
      a_.emit(f.widen, kS2, rhs);
    }
    a_.emit(f.mul, kS1, kS2);
    a_.movaps(dst, kS1);
    return;
  }
}

void SimdX64::shift(Opcode op, const Xmm& dst, const Xmm& lhs, const x86::Gp& count) {
  if (op == Opcode::I8x16Shl || op == Opcode::I8x16ShrS || op == Opcode::I8x16ShrU) {
    return byteShift(op, dst, lhs, count);
  }
  struct Form {
    Opcode op;
    uint32_t mask;
    asmjit::InstId inst;
  };
  static constexpr Form kForms[] = {
      {Opcode::I16x8Shl, 15, Inst::kIdPsllw},  {Opcode::I16x8ShrS, 15, Inst::kIdPsraw},
      {Opcode::I16x8ShrU, 15, Inst::kIdPsrlw}, {Opcode::I32x4Shl, 31, Inst::kIdPslld},
      {Opcode::I32x4ShrS, 31, Inst::kIdPsrad}, {Opcode::I32x4ShrU, 31, Inst::kIdPsrld},
      {Opcode::I64x2Shl, 63, Inst::kIdPsllq},  {Opcode::I64x2ShrS, 63, Inst::kIdNone},
      {Opcode::I64x2ShrU, 63, Inst::kIdPsrlq},
  };
  for (const Form& f : kForms) {
    if (f.op != op) continue;
    a_.mov(x86::eax, count.r32());
    a_.and_(x86::eax, f.mask);
    a_.movd(kS1, x86::eax);
    move(dst, lhs);
    if (f.inst != Inst::kIdNone) {
      a_.emit(f.inst, dst, kS1);
      return;
    }
    // Arithmetic 64-bit shift: logical shift, then sign-extend from the shifted sign bit.
    splat64(kS2, 0x8000000000000000ull);
    a_.psrlq(kS2, kS1);
    a_.psrlq(dst, kS1);
    a_.pxor(dst, kS2);
    a_.psubq(dst, kS2);
    return;
  }
}

void SimdX64::byteShift(Opcode op, const Xmm& dst, const Xmm& lhs, const x86::Gp& count) {
  a_.mov(x86::ecx, count.r32());
  a_.and_(x86::ecx, 7);
  if (op == Opcode::I8x16ShrS) {
    // Each byte into the high half of a word, an arithmetic word shift by 8 more, repack.
    a_.add(x86::ecx, 8);
    a_.movd(kS1, x86::ecx);
    a_.movaps(kS2, lhs);
    a_.punpckhbw(kS2, kS2);
    move(dst, lhs);
    a_.punpcklbw(dst, dst);
    a_.psraw(dst, kS1);
    a_.psraw(kS2, kS1);
    a_.packsswb(dst, kS2);
    return;
  }
  // A word shift, then clear the bits that crossed from the neighbouring byte.
  a_.movd(kS1, x86::ecx);
  a_.mov(x86::eax, 0xff);
  move(dst, lhs);
  if (op == Opcode::I8x16Shl) {
    a_.shl(x86::eax, x86::cl);
    a_.psllw(dst, kS1);
  } else {
    a_.shr(x86::eax, x86::cl);
    a_.psrlw(dst, kS1);
  }
  a_.movzx(x86::eax, x86::al);
  a_.imul(x86::eax, x86::eax, 0x01010101);
  a_.movd(kS2, x86::eax);
  a_.pshufd(kS2, kS2, Imm(0));
  a_.pand(dst, kS2);
}

void SimdX64::bitselect(const Xmm& dst, const Xmm& a, const Xmm& b, const Xmm& c) {
  // ((a ^ b) & c) ^ b: a where c is set, b elsewhere.
  move(dst, a);
  a_.pxor(dst, b);
  a_.pand(dst, c);
  a_.pxor(dst, b);
}

// --- Lanes -------------------------------------------------------------------------------------

void SimdX64::extractLane(Opcode op, const x86::Reg& dstReg, const Xmm& src, uint8_t lane) {
  const Imm l(lane);
  switch (op) {
    case Opcode::I8x16ExtractLaneS:
      a_.pextrb(dstReg.as<x86::Gp>().r32(), src, l);
      a_.movsx(dstReg.as<x86::Gp>().r32(), dstReg.as<x86::Gp>().r8());
      return;
    case Opcode::I8x16ExtractLaneU:
      a_.pextrb(dstReg.as<x86::Gp>().r32(), src, l);
      return;
    case Opcode::I16x8ExtractLaneS:
      a_.pextrw(dstReg.as<x86::Gp>().r32(), src, l);
      a_.movsx(dstReg.as<x86::Gp>().r32(), dstReg.as<x86::Gp>().r16());
      return;
    case Opcode::I16x8ExtractLaneU:
      a_.pextrw(dstReg.as<x86::Gp>().r32(), src, l);
      return;
    case Opcode::I32x4ExtractLane:
      a_.pextrd(dstReg.as<x86::Gp>().r32(), src, l);
      return;
    case Opcode::I64x2ExtractLane:
      a_.pextrq(dstReg.as<x86::Gp>().r64(), src, l);
      return;
    case Opcode::F32x4ExtractLane:
      if (lane == 0)
        move(dstReg.as<Xmm>(), src);
      else
        a_.pshufd(dstReg.as<Xmm>(), src, Imm(lane));
      return;
    case Opcode::F64x2ExtractLane:
      if (lane == 0)
        move(dstReg.as<Xmm>(), src);
      else
        a_.pshufd(dstReg.as<Xmm>(), src, Imm(0xee));
      return;
    default:
      return;
  }
}

void SimdX64::replaceLane(Opcode op, const Xmm& dst, const Xmm& vector, const x86::Reg& scalar,
                          uint8_t lane) {
  const Imm l(lane);
  move(dst, vector);
  switch (op) {
    case Opcode::I8x16ReplaceLane:
      a_.pinsrb(dst, scalar.as<x86::Gp>().r32(), l);
      return;
    case Opcode::I16x8ReplaceLane:
      a_.pinsrw(dst, scalar.as<x86::Gp>().r32(), l);
      return;
    case Opcode::I32x4ReplaceLane:
      a_.pinsrd(dst, scalar.as<x86::Gp>().r32(), l);
      return;
    case Opcode::I64x2ReplaceLane:
      a_.pinsrq(dst, scalar.as<x86::Gp>().r64(), l);
      return;
    case Opcode::F32x4ReplaceLane:
      a_.insertps(dst, scalar.as<Xmm>(), Imm(lane << 4));
      return;
    case Opcode::F64x2ReplaceLane:
      if (lane == 0)
        a_.movsd(dst, scalar.as<Xmm>());
      else
        a_.movlhps(dst, scalar.as<Xmm>());
      return;
    default:
      return;
  }
}

void SimdX64::shuffle(const Xmm& dst, const Xmm& lhs, const Xmm& rhs, const uint8_t* lanes) {
  // Two pshufb, each taking its operand's lanes and zeroing (index bit 7) the other's.
  uint64_t fromLhs[2] = {}, fromRhs[2] = {};
  for (int i = 0; i < 16; ++i) {
    const uint8_t l = lanes[i];
    const uint64_t a = l < 16 ? l : 0x80, b = l >= 16 ? l - 16 : 0x80;
    fromLhs[i / 8] |= a << (8 * (i % 8));
    fromRhs[i / 8] |= b << (8 * (i % 8));
  }
  constant(kS1, fromRhs[0], fromRhs[1]);
  a_.movaps(kS2, rhs);
  a_.pshufb(kS2, kS1);
  constant(kS1, fromLhs[0], fromLhs[1]);
  move(dst, lhs);
  a_.pshufb(dst, kS1);
  a_.por(dst, kS2);
}

// --- Memory ------------------------------------------------------------------------------------

void SimdX64::load(Opcode op, const Xmm& dst, x86::Mem m) {
  switch (op) {
    case Opcode::V128Load:
      m.setSize(16);
      a_.movdqu(dst, m);
      return;
    case Opcode::V128Load8x8S:
      m.setSize(8);
      a_.pmovsxbw(dst, m);
      return;
    case Opcode::V128Load8x8U:
      m.setSize(8);
      a_.pmovzxbw(dst, m);
      return;
    case Opcode::V128Load16x4S:
      m.setSize(8);
      a_.pmovsxwd(dst, m);
      return;
    case Opcode::V128Load16x4U:
      m.setSize(8);
      a_.pmovzxwd(dst, m);
      return;
    case Opcode::V128Load32x2S:
      m.setSize(8);
      a_.pmovsxdq(dst, m);
      return;
    case Opcode::V128Load32x2U:
      m.setSize(8);
      a_.pmovzxdq(dst, m);
      return;
    case Opcode::V128Load8Splat:
      m.setSize(1);
      a_.movzx(x86::eax, m);
      a_.movd(dst, x86::eax);
      a_.pxor(kS1, kS1);
      a_.pshufb(dst, kS1);
      return;
    case Opcode::V128Load16Splat:
      m.setSize(2);
      a_.movzx(x86::eax, m);
      a_.movd(dst, x86::eax);
      a_.pshuflw(dst, dst, Imm(0));
      a_.punpcklqdq(dst, dst);
      return;
    case Opcode::V128Load32Splat:
      m.setSize(4);
      a_.movss(dst, m);
      a_.shufps(dst, dst, Imm(0));
      return;
    case Opcode::V128Load64Splat:
      m.setSize(8);
      a_.movddup(dst, m);
      return;
    case Opcode::V128Load32Zero:
      m.setSize(4);
      a_.movss(dst, m);
      return;
    case Opcode::V128Load64Zero:
      m.setSize(8);
      a_.movsd(dst, m);
      return;
    default:
      return;
  }
}

void SimdX64::store(const x86::Mem& m, const Xmm& src) {
  x86::Mem sized = m;
  sized.setSize(16);
  a_.movdqu(sized, src);
}

void SimdX64::loadLane(Opcode op, const Xmm& vector, x86::Mem m, uint8_t lane) {
  const Imm l(lane);
  switch (op) {
    case Opcode::V128Load8Lane:
      m.setSize(1);
      a_.pinsrb(vector, m, l);
      return;
    case Opcode::V128Load16Lane:
      m.setSize(2);
      a_.pinsrw(vector, m, l);
      return;
    case Opcode::V128Load32Lane:
      m.setSize(4);
      a_.pinsrd(vector, m, l);
      return;
    case Opcode::V128Load64Lane:
      m.setSize(8);
      a_.pinsrq(vector, m, l);
      return;
    default:
      return;
  }
}

void SimdX64::storeLane(Opcode op, x86::Mem m, const Xmm& vector, uint8_t lane) {
  const Imm l(lane);
  switch (op) {
    case Opcode::V128Store8Lane:
      m.setSize(1);
      a_.pextrb(m, vector, l);
      return;
    case Opcode::V128Store16Lane:
      m.setSize(2);
      a_.pextrw(m, vector, l);
      return;
    case Opcode::V128Store32Lane:
      m.setSize(4);
      a_.pextrd(m, vector, l);
      return;
    case Opcode::V128Store64Lane:
      m.setSize(8);
      a_.pextrq(m, vector, l);
      return;
    default:
      return;
  }
}

}  // namespace sable::arch::x64
