#include "arch/arm64/simd_arm64.h"

#include <asmjit/arm/a64utils.h>

namespace sable::arch::arm64 {

namespace a64 = asmjit::a64;
using a64::Inst;
using a64::Vec;
using a64::VecV;
using asmjit::Imm;

namespace {

constexpr uint32_t kV31 = 31, kV30 = 30;
const a64::GpX kX16 = a64::x16, kX17 = a64::x17;

// A vector register with an arrangement.
enum class Arr : uint8_t { B16, H8, S4, D2, B8, H4, S2 };

Vec v(uint32_t n, Arr arr) {
  const VecV r(n);
  switch (arr) {
    case Arr::B16:
      return r.b16();
    case Arr::H8:
      return r.h8();
    case Arr::S4:
      return r.s4();
    case Arr::D2:
      return r.d2();
    case Arr::B8:
      return r.b8();
    case Arr::H4:
      return r.h4();
    case Arr::S2:
      return r.s2();
  }
  return r.b16();
}

// Operators that are one NEON instruction: `inst dst.<dstArr>, src(s).<srcArr>`.
struct Direct {
  Opcode op;
  asmjit::InstId inst;
  Arr dstArr, srcArr;
};

constexpr Direct kDirectBinary[] = {
    {Opcode::V128And, Inst::kIdAnd_v, Arr::B16, Arr::B16},
    {Opcode::V128Or, Inst::kIdOrr_v, Arr::B16, Arr::B16},
    {Opcode::V128Xor, Inst::kIdEor_v, Arr::B16, Arr::B16},
    {Opcode::V128AndNot, Inst::kIdBic_v, Arr::B16, Arr::B16},
    {Opcode::I8x16Swizzle, Inst::kIdTbl_v, Arr::B16, Arr::B16},
    {Opcode::I8x16Add, Inst::kIdAdd_v, Arr::B16, Arr::B16},
    {Opcode::I8x16AddSatS, Inst::kIdSqadd_v, Arr::B16, Arr::B16},
    {Opcode::I8x16AddSatU, Inst::kIdUqadd_v, Arr::B16, Arr::B16},
    {Opcode::I8x16Sub, Inst::kIdSub_v, Arr::B16, Arr::B16},
    {Opcode::I8x16SubSatS, Inst::kIdSqsub_v, Arr::B16, Arr::B16},
    {Opcode::I8x16SubSatU, Inst::kIdUqsub_v, Arr::B16, Arr::B16},
    {Opcode::I8x16MinS, Inst::kIdSmin_v, Arr::B16, Arr::B16},
    {Opcode::I8x16MinU, Inst::kIdUmin_v, Arr::B16, Arr::B16},
    {Opcode::I8x16MaxS, Inst::kIdSmax_v, Arr::B16, Arr::B16},
    {Opcode::I8x16MaxU, Inst::kIdUmax_v, Arr::B16, Arr::B16},
    {Opcode::I8x16AvgrU, Inst::kIdUrhadd_v, Arr::B16, Arr::B16},
    {Opcode::I16x8Add, Inst::kIdAdd_v, Arr::H8, Arr::H8},
    {Opcode::I16x8AddSatS, Inst::kIdSqadd_v, Arr::H8, Arr::H8},
    {Opcode::I16x8AddSatU, Inst::kIdUqadd_v, Arr::H8, Arr::H8},
    {Opcode::I16x8Sub, Inst::kIdSub_v, Arr::H8, Arr::H8},
    {Opcode::I16x8SubSatS, Inst::kIdSqsub_v, Arr::H8, Arr::H8},
    {Opcode::I16x8SubSatU, Inst::kIdUqsub_v, Arr::H8, Arr::H8},
    {Opcode::I16x8Mul, Inst::kIdMul_v, Arr::H8, Arr::H8},
    {Opcode::I16x8MinS, Inst::kIdSmin_v, Arr::H8, Arr::H8},
    {Opcode::I16x8MinU, Inst::kIdUmin_v, Arr::H8, Arr::H8},
    {Opcode::I16x8MaxS, Inst::kIdSmax_v, Arr::H8, Arr::H8},
    {Opcode::I16x8MaxU, Inst::kIdUmax_v, Arr::H8, Arr::H8},
    {Opcode::I16x8AvgrU, Inst::kIdUrhadd_v, Arr::H8, Arr::H8},
    {Opcode::I16x8Q15mulrSatS, Inst::kIdSqrdmulh_v, Arr::H8, Arr::H8},
    {Opcode::I32x4Add, Inst::kIdAdd_v, Arr::S4, Arr::S4},
    {Opcode::I32x4Sub, Inst::kIdSub_v, Arr::S4, Arr::S4},
    {Opcode::I32x4Mul, Inst::kIdMul_v, Arr::S4, Arr::S4},
    {Opcode::I32x4MinS, Inst::kIdSmin_v, Arr::S4, Arr::S4},
    {Opcode::I32x4MinU, Inst::kIdUmin_v, Arr::S4, Arr::S4},
    {Opcode::I32x4MaxS, Inst::kIdSmax_v, Arr::S4, Arr::S4},
    {Opcode::I32x4MaxU, Inst::kIdUmax_v, Arr::S4, Arr::S4},
    {Opcode::I64x2Add, Inst::kIdAdd_v, Arr::D2, Arr::D2},
    {Opcode::I64x2Sub, Inst::kIdSub_v, Arr::D2, Arr::D2},
    {Opcode::F32x4Add, Inst::kIdFadd_v, Arr::S4, Arr::S4},
    {Opcode::F32x4Sub, Inst::kIdFsub_v, Arr::S4, Arr::S4},
    {Opcode::F32x4Mul, Inst::kIdFmul_v, Arr::S4, Arr::S4},
    {Opcode::F32x4Div, Inst::kIdFdiv_v, Arr::S4, Arr::S4},
    {Opcode::F32x4Min, Inst::kIdFmin_v, Arr::S4, Arr::S4},
    {Opcode::F32x4Max, Inst::kIdFmax_v, Arr::S4, Arr::S4},
    {Opcode::F64x2Add, Inst::kIdFadd_v, Arr::D2, Arr::D2},
    {Opcode::F64x2Sub, Inst::kIdFsub_v, Arr::D2, Arr::D2},
    {Opcode::F64x2Mul, Inst::kIdFmul_v, Arr::D2, Arr::D2},
    {Opcode::F64x2Div, Inst::kIdFdiv_v, Arr::D2, Arr::D2},
    {Opcode::F64x2Min, Inst::kIdFmin_v, Arr::D2, Arr::D2},
    {Opcode::F64x2Max, Inst::kIdFmax_v, Arr::D2, Arr::D2},
    {Opcode::I16x8ExtmulLowI8x16S, Inst::kIdSmull_v, Arr::H8, Arr::B8},
    {Opcode::I16x8ExtmulHighI8x16S, Inst::kIdSmull2_v, Arr::H8, Arr::B16},
    {Opcode::I16x8ExtmulLowI8x16U, Inst::kIdUmull_v, Arr::H8, Arr::B8},
    {Opcode::I16x8ExtmulHighI8x16U, Inst::kIdUmull2_v, Arr::H8, Arr::B16},
    {Opcode::I32x4ExtmulLowI16x8S, Inst::kIdSmull_v, Arr::S4, Arr::H4},
    {Opcode::I32x4ExtmulHighI16x8S, Inst::kIdSmull2_v, Arr::S4, Arr::H8},
    {Opcode::I32x4ExtmulLowI16x8U, Inst::kIdUmull_v, Arr::S4, Arr::H4},
    {Opcode::I32x4ExtmulHighI16x8U, Inst::kIdUmull2_v, Arr::S4, Arr::H8},
    {Opcode::I64x2ExtmulLowI32x4S, Inst::kIdSmull_v, Arr::D2, Arr::S2},
    {Opcode::I64x2ExtmulHighI32x4S, Inst::kIdSmull2_v, Arr::D2, Arr::S4},
    {Opcode::I64x2ExtmulLowI32x4U, Inst::kIdUmull_v, Arr::D2, Arr::S2},
    {Opcode::I64x2ExtmulHighI32x4U, Inst::kIdUmull2_v, Arr::D2, Arr::S4},
};

constexpr Direct kDirectUnary[] = {
    {Opcode::V128Not, Inst::kIdMvn_v, Arr::B16, Arr::B16},
    {Opcode::I8x16Abs, Inst::kIdAbs_v, Arr::B16, Arr::B16},
    {Opcode::I16x8Abs, Inst::kIdAbs_v, Arr::H8, Arr::H8},
    {Opcode::I32x4Abs, Inst::kIdAbs_v, Arr::S4, Arr::S4},
    {Opcode::I64x2Abs, Inst::kIdAbs_v, Arr::D2, Arr::D2},
    {Opcode::I8x16Neg, Inst::kIdNeg_v, Arr::B16, Arr::B16},
    {Opcode::I16x8Neg, Inst::kIdNeg_v, Arr::H8, Arr::H8},
    {Opcode::I32x4Neg, Inst::kIdNeg_v, Arr::S4, Arr::S4},
    {Opcode::I64x2Neg, Inst::kIdNeg_v, Arr::D2, Arr::D2},
    {Opcode::I8x16Popcnt, Inst::kIdCnt_v, Arr::B16, Arr::B16},
    {Opcode::F32x4Abs, Inst::kIdFabs_v, Arr::S4, Arr::S4},
    {Opcode::F32x4Neg, Inst::kIdFneg_v, Arr::S4, Arr::S4},
    {Opcode::F32x4Sqrt, Inst::kIdFsqrt_v, Arr::S4, Arr::S4},
    {Opcode::F32x4Ceil, Inst::kIdFrintp_v, Arr::S4, Arr::S4},
    {Opcode::F32x4Floor, Inst::kIdFrintm_v, Arr::S4, Arr::S4},
    {Opcode::F32x4Trunc, Inst::kIdFrintz_v, Arr::S4, Arr::S4},
    {Opcode::F32x4Nearest, Inst::kIdFrintn_v, Arr::S4, Arr::S4},
    {Opcode::F64x2Abs, Inst::kIdFabs_v, Arr::D2, Arr::D2},
    {Opcode::F64x2Neg, Inst::kIdFneg_v, Arr::D2, Arr::D2},
    {Opcode::F64x2Sqrt, Inst::kIdFsqrt_v, Arr::D2, Arr::D2},
    {Opcode::F64x2Ceil, Inst::kIdFrintp_v, Arr::D2, Arr::D2},
    {Opcode::F64x2Floor, Inst::kIdFrintm_v, Arr::D2, Arr::D2},
    {Opcode::F64x2Trunc, Inst::kIdFrintz_v, Arr::D2, Arr::D2},
    {Opcode::F64x2Nearest, Inst::kIdFrintn_v, Arr::D2, Arr::D2},
    {Opcode::I16x8ExtendLowI8x16S, Inst::kIdSxtl_v, Arr::H8, Arr::B8},
    {Opcode::I16x8ExtendHighI8x16S, Inst::kIdSxtl2_v, Arr::H8, Arr::B16},
    {Opcode::I16x8ExtendLowI8x16U, Inst::kIdUxtl_v, Arr::H8, Arr::B8},
    {Opcode::I16x8ExtendHighI8x16U, Inst::kIdUxtl2_v, Arr::H8, Arr::B16},
    {Opcode::I32x4ExtendLowI16x8S, Inst::kIdSxtl_v, Arr::S4, Arr::H4},
    {Opcode::I32x4ExtendHighI16x8S, Inst::kIdSxtl2_v, Arr::S4, Arr::H8},
    {Opcode::I32x4ExtendLowI16x8U, Inst::kIdUxtl_v, Arr::S4, Arr::H4},
    {Opcode::I32x4ExtendHighI16x8U, Inst::kIdUxtl2_v, Arr::S4, Arr::H8},
    {Opcode::I64x2ExtendLowI32x4S, Inst::kIdSxtl_v, Arr::D2, Arr::S2},
    {Opcode::I64x2ExtendHighI32x4S, Inst::kIdSxtl2_v, Arr::D2, Arr::S4},
    {Opcode::I64x2ExtendLowI32x4U, Inst::kIdUxtl_v, Arr::D2, Arr::S2},
    {Opcode::I64x2ExtendHighI32x4U, Inst::kIdUxtl2_v, Arr::D2, Arr::S4},
    {Opcode::I16x8ExtaddPairwiseI8x16S, Inst::kIdSaddlp_v, Arr::H8, Arr::B16},
    {Opcode::I16x8ExtaddPairwiseI8x16U, Inst::kIdUaddlp_v, Arr::H8, Arr::B16},
    {Opcode::I32x4ExtaddPairwiseI16x8S, Inst::kIdSaddlp_v, Arr::S4, Arr::H8},
    {Opcode::I32x4ExtaddPairwiseI16x8U, Inst::kIdUaddlp_v, Arr::S4, Arr::H8},
    {Opcode::F32x4DemoteF64x2Zero, Inst::kIdFcvtn_v, Arr::S2, Arr::D2},
    {Opcode::F64x2PromoteLowF32x4, Inst::kIdFcvtl_v, Arr::D2, Arr::S2},
    {Opcode::F32x4ConvertI32x4S, Inst::kIdScvtf_v, Arr::S4, Arr::S4},
    {Opcode::F32x4ConvertI32x4U, Inst::kIdUcvtf_v, Arr::S4, Arr::S4},
    {Opcode::I32x4TruncSatF32x4S, Inst::kIdFcvtzs_v, Arr::S4, Arr::S4},
    {Opcode::I32x4TruncSatF32x4U, Inst::kIdFcvtzu_v, Arr::S4, Arr::S4},
};

const Direct* findDirect(std::span<const Direct> table, Opcode op) {
  for (const Direct& d : table) {
    if (d.op == op) return &d;
  }
  return nullptr;
}

// A lane-wise comparison: the instruction, and whether to swap the operands or negate.
struct CompareForm {
  asmjit::InstId inst;
  bool swap, negate;
};

// The integer comparisons in opcode order from eq: eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u.
constexpr CompareForm kIntCompares[] = {
    {Inst::kIdCmeq_v, false, false}, {Inst::kIdCmeq_v, false, true},
    {Inst::kIdCmgt_v, true, false},  {Inst::kIdCmhi_v, true, false},
    {Inst::kIdCmgt_v, false, false}, {Inst::kIdCmhi_v, false, false},
    {Inst::kIdCmge_v, true, false},  {Inst::kIdCmhs_v, true, false},
    {Inst::kIdCmge_v, false, false}, {Inst::kIdCmhs_v, false, false},
};
// Float comparisons in opcode order: eq ne lt gt le ge.
constexpr CompareForm kFloatCompares[] = {
    {Inst::kIdFcmeq_v, false, false}, {Inst::kIdFcmeq_v, false, true},
    {Inst::kIdFcmgt_v, true, false},  {Inst::kIdFcmgt_v, false, false},
    {Inst::kIdFcmge_v, true, false},  {Inst::kIdFcmge_v, false, false},
};
// i64x2 comparisons in opcode order: eq ne lt_s gt_s le_s ge_s.
constexpr CompareForm kI64Compares[] = {
    {Inst::kIdCmeq_v, false, false}, {Inst::kIdCmeq_v, false, true},
    {Inst::kIdCmgt_v, true, false},  {Inst::kIdCmgt_v, false, false},
    {Inst::kIdCmge_v, true, false},  {Inst::kIdCmge_v, false, false},
};

struct CompareRange {
  Opcode first;
  std::span<const CompareForm> forms;
  Arr arr;
};
const CompareRange kCompareRanges[] = {
    {Opcode::I8x16Eq, kIntCompares, Arr::B16},  {Opcode::I16x8Eq, kIntCompares, Arr::H8},
    {Opcode::I32x4Eq, kIntCompares, Arr::S4},   {Opcode::F32x4Eq, kFloatCompares, Arr::S4},
    {Opcode::F64x2Eq, kFloatCompares, Arr::D2}, {Opcode::I64x2Eq, kI64Compares, Arr::D2},
};

}  // namespace

void SimdArm64::move(uint32_t dst, uint32_t src) {
  if (dst != src) a_.mov(VecV(dst).b16(), VecV(src).b16());
}

void SimdArm64::loadImm64(uint64_t bits) {
  a_.movz(kX16, Imm(bits & 0xffff));
  for (uint32_t shift = 16; shift < 64; shift += 16) {
    const uint64_t part = (bits >> shift) & 0xffff;
    if (part != 0) a_.movk(kX16, Imm(part), Imm(shift));
  }
}

void SimdArm64::constant(uint32_t dst, uint64_t lo, uint64_t hi) {
  loadImm64(lo);
  a_.fmov(a64::VecD(dst), kX16);
  loadImm64(hi);
  a_.mov(VecV(dst).d(1), kX16);
}

// --- Unary -------------------------------------------------------------------------------------

void SimdArm64::unary(Opcode op, uint32_t dst, uint32_t src) {
  const Sig sig = simpleOpcodeSig(op);
  if (sig == Sig::i_v) return toScalar(op, dst, src);
  if (sig != Sig::v_v) return splat(op, dst, src);
  if (const Direct* d = findDirect(kDirectUnary, op)) {
    a_.emit(d->inst, v(dst, d->dstArr), v(src, d->srcArr));
    return;
  }
  simpleUnary(op, dst, src);
}

bool SimdArm64::simpleUnary(Opcode op, uint32_t dst, uint32_t src) {
  switch (op) {
    case Opcode::F64x2ConvertLowI32x4S:
      a_.sxtl(v(dst, Arr::D2), v(src, Arr::S2));
      a_.scvtf(v(dst, Arr::D2), v(dst, Arr::D2));
      return true;
    case Opcode::F64x2ConvertLowI32x4U:
      a_.uxtl(v(dst, Arr::D2), v(src, Arr::S2));
      a_.ucvtf(v(dst, Arr::D2), v(dst, Arr::D2));
      return true;
    case Opcode::I32x4TruncSatF64x2SZero:  // saturating conversion, then saturating narrow
      a_.fcvtzs(v(kV31, Arr::D2), v(src, Arr::D2));
      a_.sqxtn(v(dst, Arr::S2), v(kV31, Arr::D2));
      return true;
    case Opcode::I32x4TruncSatF64x2UZero:
      a_.fcvtzu(v(kV31, Arr::D2), v(src, Arr::D2));
      a_.uqxtn(v(dst, Arr::S2), v(kV31, Arr::D2));
      return true;
    default:
      return false;
  }
}

void SimdArm64::toScalar(Opcode op, uint32_t dst, uint32_t src) {
  const a64::GpW d = a64::w(dst);
  switch (op) {
    case Opcode::V128AnyTrue:
      a_.umaxp(v(kV31, Arr::S4), v(src, Arr::S4), v(src, Arr::S4));
      a_.fmov(kX16, a64::VecD(kV31));
      a_.cmp(kX16, Imm(0));
      a_.cset(d, Imm(a64::CondCode::kNE));
      return;
    case Opcode::I8x16AllTrue:
    case Opcode::I16x8AllTrue:
    case Opcode::I32x4AllTrue: {
      const Arr arr = op == Opcode::I8x16AllTrue   ? Arr::B16
                      : op == Opcode::I16x8AllTrue ? Arr::H8
                                                   : Arr::S4;
      const Vec lane = op == Opcode::I8x16AllTrue   ? Vec(a64::VecB(kV31))
                       : op == Opcode::I16x8AllTrue ? Vec(a64::VecH(kV31))
                                                    : Vec(a64::VecS(kV31));
      a_.uminv(lane, v(src, arr));  // the smallest lane is zero unless all are non-zero
      a_.fmov(kX16.w(), a64::VecS(kV31));
      a_.cmp(kX16.w(), Imm(0));
      a_.cset(d, Imm(a64::CondCode::kNE));
      return;
    }
    case Opcode::I64x2AllTrue:
      a_.cmeq(v(kV31, Arr::D2), v(src, Arr::D2), Imm(0));
      a_.addp(a64::VecD(kV31), v(kV31, Arr::D2));
      a_.fmov(kX16, a64::VecD(kV31));
      a_.cmp(kX16, Imm(0));
      a_.cset(d, Imm(a64::CondCode::kEQ));
      return;
    default:
      bitmask(op, dst, src);
      return;
  }
}

void SimdArm64::bitmask(Opcode op, uint32_t dst, uint32_t src) {
  // Each lane's sign as all ones, and-ed with its bit's value, summed across the lanes.
  const a64::GpW d = a64::w(dst);
  switch (op) {
    case Opcode::I8x16Bitmask:
      a_.cmlt(v(kV31, Arr::B16), v(src, Arr::B16), Imm(0));
      constant(kV30, 0x8040201008040201ull, 0x8040201008040201ull);
      a_.and_(v(kV31, Arr::B16), v(kV31, Arr::B16), v(kV30, Arr::B16));
      // Pair byte i with byte i + 8 into halfword i, then add the halfwords.
      a_.ext(v(kV30, Arr::B16), v(kV31, Arr::B16), v(kV31, Arr::B16), Imm(8));
      a_.zip1(v(kV31, Arr::B16), v(kV31, Arr::B16), v(kV30, Arr::B16));
      a_.addv(a64::VecH(kV31), v(kV31, Arr::H8));
      a_.umov(d, VecV(kV31).h(0));
      return;
    case Opcode::I16x8Bitmask:
      a_.cmlt(v(kV31, Arr::H8), v(src, Arr::H8), Imm(0));
      constant(kV30, 0x0008000400020001ull, 0x0080004000200010ull);
      a_.and_(v(kV31, Arr::B16), v(kV31, Arr::B16), v(kV30, Arr::B16));
      a_.addv(a64::VecH(kV31), v(kV31, Arr::H8));
      a_.umov(d, VecV(kV31).h(0));
      return;
    case Opcode::I32x4Bitmask:
      a_.cmlt(v(kV31, Arr::S4), v(src, Arr::S4), Imm(0));
      constant(kV30, 0x0000000200000001ull, 0x0000000800000004ull);
      a_.and_(v(kV31, Arr::B16), v(kV31, Arr::B16), v(kV30, Arr::B16));
      a_.addv(a64::VecS(kV31), v(kV31, Arr::S4));
      a_.fmov(d, a64::VecS(kV31));
      return;
    case Opcode::I64x2Bitmask:
      a_.cmlt(v(kV31, Arr::D2), v(src, Arr::D2), Imm(0));
      constant(kV30, 1, 2);
      a_.and_(v(kV31, Arr::B16), v(kV31, Arr::B16), v(kV30, Arr::B16));
      a_.addp(a64::VecD(kV31), v(kV31, Arr::D2));
      a_.fmov(a64::x(dst), a64::VecD(kV31));
      return;
    default:
      return;
  }
}

void SimdArm64::splat(Opcode op, uint32_t dst, uint32_t src) {
  switch (op) {
    case Opcode::I8x16Splat:
      a_.dup(v(dst, Arr::B16), a64::w(src));
      return;
    case Opcode::I16x8Splat:
      a_.dup(v(dst, Arr::H8), a64::w(src));
      return;
    case Opcode::I32x4Splat:
      a_.dup(v(dst, Arr::S4), a64::w(src));
      return;
    case Opcode::I64x2Splat:
      a_.dup(v(dst, Arr::D2), a64::x(src));
      return;
    case Opcode::F32x4Splat:
      a_.dup(v(dst, Arr::S4), VecV(src).s(0));
      return;
    case Opcode::F64x2Splat:
      a_.dup(v(dst, Arr::D2), VecV(src).d(0));
      return;
    default:
      return;
  }
}

// --- Binary ------------------------------------------------------------------------------------

void SimdArm64::binary(Opcode op, uint32_t dst, uint32_t lhs, uint32_t rhs) {
  if (simpleOpcodeSig(op) == Sig::v_vi) return shift(op, dst, lhs, rhs);
  if (const Direct* d = findDirect(kDirectBinary, op)) {
    a_.emit(d->inst, v(dst, d->dstArr), v(lhs, d->srcArr), v(rhs, d->srcArr));
    return;
  }
  if (compare(op, dst, lhs, rhs)) return;
  special(op, dst, lhs, rhs);
}

bool SimdArm64::compare(Opcode op, uint32_t dst, uint32_t lhs, uint32_t rhs) {
  const uint16_t code = static_cast<uint16_t>(op);
  for (const CompareRange& range : kCompareRanges) {
    const uint16_t first = static_cast<uint16_t>(range.first);
    if (code < first || code >= first + range.forms.size()) continue;
    const CompareForm& f = range.forms[code - first];
    const uint32_t a = f.swap ? rhs : lhs, b = f.swap ? lhs : rhs;
    a_.emit(f.inst, v(dst, range.arr), v(a, range.arr), v(b, range.arr));
    if (f.negate) a_.mvn(v(dst, Arr::B16), v(dst, Arr::B16));
    return true;
  }
  return false;
}

void SimdArm64::special(Opcode op, uint32_t dst, uint32_t lhs, uint32_t rhs) {
  switch (op) {
    case Opcode::F32x4Pmin:  // rhs < lhs ? rhs : lhs
    case Opcode::F32x4Pmax:  // lhs < rhs ? rhs : lhs
    case Opcode::F64x2Pmin:
    case Opcode::F64x2Pmax: {
      const Arr arr = (op == Opcode::F32x4Pmin || op == Opcode::F32x4Pmax) ? Arr::S4 : Arr::D2;
      const bool isMin = op == Opcode::F32x4Pmin || op == Opcode::F64x2Pmin;
      if (isMin)
        a_.fcmgt(v(kV31, arr), v(lhs, arr), v(rhs, arr));
      else
        a_.fcmgt(v(kV31, arr), v(rhs, arr), v(lhs, arr));
      a_.bsl(v(kV31, Arr::B16), v(rhs, Arr::B16), v(lhs, Arr::B16));
      move(dst, kV31);
      return;
    }
    case Opcode::I8x16NarrowI16x8S:
      a_.sqxtn(v(kV31, Arr::B8), v(lhs, Arr::H8));
      a_.sqxtn2(v(kV31, Arr::B16), v(rhs, Arr::H8));
      move(dst, kV31);
      return;
    case Opcode::I8x16NarrowI16x8U:
      a_.sqxtun(v(kV31, Arr::B8), v(lhs, Arr::H8));
      a_.sqxtun2(v(kV31, Arr::B16), v(rhs, Arr::H8));
      move(dst, kV31);
      return;
    case Opcode::I16x8NarrowI32x4S:
      a_.sqxtn(v(kV31, Arr::H4), v(lhs, Arr::S4));
      a_.sqxtn2(v(kV31, Arr::H8), v(rhs, Arr::S4));
      move(dst, kV31);
      return;
    case Opcode::I16x8NarrowI32x4U:
      a_.sqxtun(v(kV31, Arr::H4), v(lhs, Arr::S4));
      a_.sqxtun2(v(kV31, Arr::H8), v(rhs, Arr::S4));
      move(dst, kV31);
      return;
    case Opcode::I32x4DotI16x8S:  // widening products, then pairwise sums
      a_.smull(v(kV31, Arr::S4), v(lhs, Arr::H4), v(rhs, Arr::H4));
      a_.smull2(v(kV30, Arr::S4), v(lhs, Arr::H8), v(rhs, Arr::H8));
      a_.addp(v(dst, Arr::S4), v(kV31, Arr::S4), v(kV30, Arr::S4));
      return;
    case Opcode::I64x2Mul:  // NEON has no 64-bit lane multiply: per lane in x16/x17
      for (uint32_t lane = 0; lane < 2; ++lane) {
        a_.umov(kX16, VecV(lhs).d(lane));
        a_.umov(kX17, VecV(rhs).d(lane));
        a_.mul(kX16, kX16, kX17);
        a_.mov(VecV(kV31).d(lane), kX16);
      }
      move(dst, kV31);
      return;
    default:
      return;
  }
}

void SimdArm64::shift(Opcode op, uint32_t dst, uint32_t lhs, uint32_t count) {
  struct Form {
    Opcode op;
    Arr arr;
    uint32_t mask;
    bool right, arithmetic;
  };
  static constexpr Form kForms[] = {
      {Opcode::I8x16Shl, Arr::B16, 7, false, false}, {Opcode::I8x16ShrS, Arr::B16, 7, true, true},
      {Opcode::I8x16ShrU, Arr::B16, 7, true, false}, {Opcode::I16x8Shl, Arr::H8, 15, false, false},
      {Opcode::I16x8ShrS, Arr::H8, 15, true, true},  {Opcode::I16x8ShrU, Arr::H8, 15, true, false},
      {Opcode::I32x4Shl, Arr::S4, 31, false, false}, {Opcode::I32x4ShrS, Arr::S4, 31, true, true},
      {Opcode::I32x4ShrU, Arr::S4, 31, true, false}, {Opcode::I64x2Shl, Arr::D2, 63, false, false},
      {Opcode::I64x2ShrS, Arr::D2, 63, true, true},  {Opcode::I64x2ShrU, Arr::D2, 63, true, false},
  };
  for (const Form& f : kForms) {
    if (f.op != op) continue;
    // ushl/sshl shift left by a signed per-lane count: a negated count shifts right.
    a_.and_(kX16.w(), a64::w(count), Imm(f.mask));
    if (f.right) a_.neg(kX16.w(), kX16.w());
    // Only each lane's low byte counts (as a signed amount), so the w count serves all widths.
    if (f.arr == Arr::D2)
      a_.dup(v(kV31, f.arr), kX16);
    else
      a_.dup(v(kV31, f.arr), kX16.w());
    a_.emit(f.arithmetic ? Inst::kIdSshl_v : Inst::kIdUshl_v, v(dst, f.arr), v(lhs, f.arr),
            v(kV31, f.arr));
    return;
  }
}

void SimdArm64::bitselect(uint32_t dst, uint32_t a, uint32_t b, uint32_t c) {
  move(kV31, c);
  a_.bsl(v(kV31, Arr::B16), v(a, Arr::B16), v(b, Arr::B16));
  move(dst, kV31);
}

// --- Lanes -------------------------------------------------------------------------------------

void SimdArm64::extractLane(Opcode op, uint32_t dst, uint32_t src, uint8_t lane) {
  const VecV s(src);
  switch (op) {
    case Opcode::I8x16ExtractLaneS:
      a_.smov(a64::w(dst), s.b(lane));
      return;
    case Opcode::I8x16ExtractLaneU:
      a_.umov(a64::w(dst), s.b(lane));
      return;
    case Opcode::I16x8ExtractLaneS:
      a_.smov(a64::w(dst), s.h(lane));
      return;
    case Opcode::I16x8ExtractLaneU:
      a_.umov(a64::w(dst), s.h(lane));
      return;
    case Opcode::I32x4ExtractLane:
      a_.umov(a64::w(dst), s.s(lane));
      return;
    case Opcode::I64x2ExtractLane:
      a_.umov(a64::x(dst), s.d(lane));
      return;
    case Opcode::F32x4ExtractLane:
      a_.dup(a64::VecS(dst), s.s(lane));
      return;
    case Opcode::F64x2ExtractLane:
      a_.dup(a64::VecD(dst), s.d(lane));
      return;
    default:
      return;
  }
}

void SimdArm64::replaceLane(Opcode op, uint32_t dst, uint32_t vector, uint32_t scalar,
                            uint8_t lane) {
  move(dst, vector);
  const VecV d(dst);
  switch (op) {
    case Opcode::I8x16ReplaceLane:
      a_.mov(d.b(lane), a64::w(scalar));
      return;
    case Opcode::I16x8ReplaceLane:
      a_.mov(d.h(lane), a64::w(scalar));
      return;
    case Opcode::I32x4ReplaceLane:
      a_.mov(d.s(lane), a64::w(scalar));
      return;
    case Opcode::I64x2ReplaceLane:
      a_.mov(d.d(lane), a64::x(scalar));
      return;
    case Opcode::F32x4ReplaceLane:
      a_.mov(d.s(lane), VecV(scalar).s(0));
      return;
    case Opcode::F64x2ReplaceLane:
      a_.mov(d.d(lane), VecV(scalar).d(0));
      return;
    default:
      return;
  }
}

void SimdArm64::shuffle(uint32_t dst, uint32_t lhs, uint32_t rhs, const uint8_t* lanes) {
  // tbl over the consecutive pair v30:v31 (lhs, rhs); indices are below 32.
  uint64_t half[2] = {};
  for (int i = 0; i < 16; ++i) half[i / 8] |= uint64_t{lanes[i]} << (8 * (i % 8));
  move(kV30, lhs);
  move(kV31, rhs);
  constant(dst, half[0], half[1]);
  a_.tbl(v(dst, Arr::B16), v(kV30, Arr::B16), v(kV31, Arr::B16), v(dst, Arr::B16));
}

// --- Memory ------------------------------------------------------------------------------------

void SimdArm64::load(Opcode op, uint32_t dst, const a64::Mem& m) {
  switch (op) {
    case Opcode::V128Load:
      a_.ldr(VecV(dst), m);
      return;
    case Opcode::V128Load8x8S:
    case Opcode::V128Load8x8U:
    case Opcode::V128Load16x4S:
    case Opcode::V128Load16x4U:
    case Opcode::V128Load32x2S:
    case Opcode::V128Load32x2U: {
      const bool sign =
          op == Opcode::V128Load8x8S || op == Opcode::V128Load16x4S || op == Opcode::V128Load32x2S;
      const Arr wide = (op == Opcode::V128Load8x8S || op == Opcode::V128Load8x8U)     ? Arr::H8
                       : (op == Opcode::V128Load16x4S || op == Opcode::V128Load16x4U) ? Arr::S4
                                                                                      : Arr::D2;
      const Arr narrow = wide == Arr::H8 ? Arr::B8 : wide == Arr::S4 ? Arr::H4 : Arr::S2;
      a_.ldr(a64::VecD(dst), m);
      a_.emit(sign ? Inst::kIdSxtl_v : Inst::kIdUxtl_v, v(dst, wide), v(dst, narrow));
      return;
    }
    case Opcode::V128Load8Splat:
      a_.ldr(a64::VecB(kV31), m);
      a_.dup(v(dst, Arr::B16), VecV(kV31).b(0));
      return;
    case Opcode::V128Load16Splat:
      a_.ldr(a64::VecH(kV31), m);
      a_.dup(v(dst, Arr::H8), VecV(kV31).h(0));
      return;
    case Opcode::V128Load32Splat:
      a_.ldr(a64::VecS(kV31), m);
      a_.dup(v(dst, Arr::S4), VecV(kV31).s(0));
      return;
    case Opcode::V128Load64Splat:
      a_.ldr(a64::VecD(kV31), m);
      a_.dup(v(dst, Arr::D2), VecV(kV31).d(0));
      return;
    case Opcode::V128Load32Zero:  // scalar loads clear the rest of the register
      a_.ldr(a64::VecS(dst), m);
      return;
    case Opcode::V128Load64Zero:
      a_.ldr(a64::VecD(dst), m);
      return;
    default:
      return;
  }
}

void SimdArm64::store(const a64::Mem& m, uint32_t src) { a_.str(VecV(src), m); }

void SimdArm64::loadLane(Opcode op, uint32_t vector, const a64::Mem& m, uint8_t lane) {
  const VecV d(vector), s(kV31);
  switch (op) {
    case Opcode::V128Load8Lane:
      a_.ldr(a64::VecB(kV31), m);
      a_.mov(d.b(lane), s.b(0));
      return;
    case Opcode::V128Load16Lane:
      a_.ldr(a64::VecH(kV31), m);
      a_.mov(d.h(lane), s.h(0));
      return;
    case Opcode::V128Load32Lane:
      a_.ldr(a64::VecS(kV31), m);
      a_.mov(d.s(lane), s.s(0));
      return;
    case Opcode::V128Load64Lane:
      a_.ldr(a64::VecD(kV31), m);
      a_.mov(d.d(lane), s.d(0));
      return;
    default:
      return;
  }
}

void SimdArm64::storeLane(Opcode op, const a64::Mem& m, uint32_t vector, uint8_t lane) {
  const VecV s(vector);
  switch (op) {
    case Opcode::V128Store8Lane:
      a_.dup(a64::VecB(kV31), s.b(lane));
      a_.str(a64::VecB(kV31), m);
      return;
    case Opcode::V128Store16Lane:
      a_.dup(a64::VecH(kV31), s.h(lane));
      a_.str(a64::VecH(kV31), m);
      return;
    case Opcode::V128Store32Lane:
      a_.dup(a64::VecS(kV31), s.s(lane));
      a_.str(a64::VecS(kV31), m);
      return;
    case Opcode::V128Store64Lane:
      a_.dup(a64::VecD(kV31), s.d(lane));
      a_.str(a64::VecD(kV31), m);
      return;
    default:
      return;
  }
}

}  // namespace sable::arch::arm64
