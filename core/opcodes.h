// Every WebAssembly 2.0 opcode, as X-macro tables: the single source of what each operator is.
// core/operator_facts.h folds their columns into one constexpr table of facts (family,
// immediate kind, access size, ...) that the decoder, the pre-scans, the compiler and the back
// ends read; a new operator (SIMD code generation, issue 17) is a row here, not a switch case
// elsewhere. An Opcode is the byte for one-byte opcodes and (prefix << 8 | sub-opcode) for the
// 0xFC (misc) and 0xFD (SIMD) prefixes.
#pragma once

#include <cstdint>

#include "sable/types.h"

namespace sable {

// The tables below are aligned by hand.
// clang-format off

// Operand and result types of the opcodes that take no immediates and pop/push fixed types.
// Named result_params: i = i32, l = i64, f = f32, d = f64, v = v128, x = nothing.
#define SABLE_FOREACH_SIG(V)                                                               \
  V(i_i, I32, I32) V(i_ii, I32, I32, I32) V(i_l, I32, I64) V(i_ll, I32, I64, I64)          \
  V(i_f, I32, F32) V(i_ff, I32, F32, F32) V(i_d, I32, F64) V(i_dd, I32, F64, F64)          \
  V(l_l, I64, I64) V(l_ll, I64, I64, I64) V(l_i, I64, I32) V(l_f, I64, F32)                \
  V(l_d, I64, F64) V(f_f, F32, F32) V(f_ff, F32, F32, F32) V(f_i, F32, I32)                \
  V(f_l, F32, I64) V(f_d, F32, F64) V(d_d, F64, F64) V(d_dd, F64, F64, F64)                \
  V(d_i, F64, I32) V(d_l, F64, I64) V(d_f, F64, F32) V(v_v, V128, V128)                    \
  V(v_vv, V128, V128, V128) V(v_vvv, V128, V128, V128, V128) V(i_v, I32, V128)             \
  V(v_vi, V128, V128, I32) V(v_i, V128, I32) V(v_l, V128, I64) V(v_f, V128, F32)           \
  V(v_d, V128, F64)

enum class Sig : uint8_t {
#define SABLE_SIG_ENUM(name, ...) name,
  SABLE_FOREACH_SIG(SABLE_SIG_ENUM)
#undef SABLE_SIG_ENUM
};

// Fixed-signature operators: V(Name, opcode, Sig, traits, "text"). Traits, used by the
// compiler's constant folding: C = commutative, Z = `x op 0` is x, _ = neither.
#define SABLE_FOREACH_SIMPLE_OPCODE(V)                                                     \
  V(I32Eqz, 0x45, i_i, _, "i32.eqz")                                                       \
  V(I32Eq, 0x46, i_ii, C, "i32.eq")                                                        \
  V(I32Ne, 0x47, i_ii, C, "i32.ne")                                                        \
  V(I32LtS, 0x48, i_ii, _, "i32.lt_s")                                                     \
  V(I32LtU, 0x49, i_ii, _, "i32.lt_u")                                                     \
  V(I32GtS, 0x4a, i_ii, _, "i32.gt_s")                                                     \
  V(I32GtU, 0x4b, i_ii, _, "i32.gt_u")                                                     \
  V(I32LeS, 0x4c, i_ii, _, "i32.le_s")                                                     \
  V(I32LeU, 0x4d, i_ii, _, "i32.le_u")                                                     \
  V(I32GeS, 0x4e, i_ii, _, "i32.ge_s")                                                     \
  V(I32GeU, 0x4f, i_ii, _, "i32.ge_u")                                                     \
  V(I64Eqz, 0x50, i_l, _, "i64.eqz")                                                       \
  V(I64Eq, 0x51, i_ll, C, "i64.eq")                                                        \
  V(I64Ne, 0x52, i_ll, C, "i64.ne")                                                        \
  V(I64LtS, 0x53, i_ll, _, "i64.lt_s")                                                     \
  V(I64LtU, 0x54, i_ll, _, "i64.lt_u")                                                     \
  V(I64GtS, 0x55, i_ll, _, "i64.gt_s")                                                     \
  V(I64GtU, 0x56, i_ll, _, "i64.gt_u")                                                     \
  V(I64LeS, 0x57, i_ll, _, "i64.le_s")                                                     \
  V(I64LeU, 0x58, i_ll, _, "i64.le_u")                                                     \
  V(I64GeS, 0x59, i_ll, _, "i64.ge_s")                                                     \
  V(I64GeU, 0x5a, i_ll, _, "i64.ge_u")                                                     \
  V(F32Eq, 0x5b, i_ff, _, "f32.eq")                                                        \
  V(F32Ne, 0x5c, i_ff, _, "f32.ne")                                                        \
  V(F32Lt, 0x5d, i_ff, _, "f32.lt")                                                        \
  V(F32Gt, 0x5e, i_ff, _, "f32.gt")                                                        \
  V(F32Le, 0x5f, i_ff, _, "f32.le")                                                        \
  V(F32Ge, 0x60, i_ff, _, "f32.ge")                                                        \
  V(F64Eq, 0x61, i_dd, _, "f64.eq")                                                        \
  V(F64Ne, 0x62, i_dd, _, "f64.ne")                                                        \
  V(F64Lt, 0x63, i_dd, _, "f64.lt")                                                        \
  V(F64Gt, 0x64, i_dd, _, "f64.gt")                                                        \
  V(F64Le, 0x65, i_dd, _, "f64.le")                                                        \
  V(F64Ge, 0x66, i_dd, _, "f64.ge")                                                        \
  V(I32Clz, 0x67, i_i, _, "i32.clz")                                                       \
  V(I32Ctz, 0x68, i_i, _, "i32.ctz")                                                       \
  V(I32Popcnt, 0x69, i_i, _, "i32.popcnt")                                                 \
  V(I32Add, 0x6a, i_ii, CZ, "i32.add")                                                     \
  V(I32Sub, 0x6b, i_ii, Z, "i32.sub")                                                      \
  V(I32Mul, 0x6c, i_ii, C, "i32.mul")                                                      \
  V(I32DivS, 0x6d, i_ii, _, "i32.div_s")                                                   \
  V(I32DivU, 0x6e, i_ii, _, "i32.div_u")                                                   \
  V(I32RemS, 0x6f, i_ii, _, "i32.rem_s")                                                   \
  V(I32RemU, 0x70, i_ii, _, "i32.rem_u")                                                   \
  V(I32And, 0x71, i_ii, C, "i32.and")                                                      \
  V(I32Or, 0x72, i_ii, CZ, "i32.or")                                                       \
  V(I32Xor, 0x73, i_ii, CZ, "i32.xor")                                                     \
  V(I32Shl, 0x74, i_ii, Z, "i32.shl")                                                      \
  V(I32ShrS, 0x75, i_ii, Z, "i32.shr_s")                                                   \
  V(I32ShrU, 0x76, i_ii, Z, "i32.shr_u")                                                   \
  V(I32Rotl, 0x77, i_ii, Z, "i32.rotl")                                                    \
  V(I32Rotr, 0x78, i_ii, Z, "i32.rotr")                                                    \
  V(I64Clz, 0x79, l_l, _, "i64.clz")                                                       \
  V(I64Ctz, 0x7a, l_l, _, "i64.ctz")                                                       \
  V(I64Popcnt, 0x7b, l_l, _, "i64.popcnt")                                                 \
  V(I64Add, 0x7c, l_ll, CZ, "i64.add")                                                     \
  V(I64Sub, 0x7d, l_ll, Z, "i64.sub")                                                      \
  V(I64Mul, 0x7e, l_ll, C, "i64.mul")                                                      \
  V(I64DivS, 0x7f, l_ll, _, "i64.div_s")                                                   \
  V(I64DivU, 0x80, l_ll, _, "i64.div_u")                                                   \
  V(I64RemS, 0x81, l_ll, _, "i64.rem_s")                                                   \
  V(I64RemU, 0x82, l_ll, _, "i64.rem_u")                                                   \
  V(I64And, 0x83, l_ll, C, "i64.and")                                                      \
  V(I64Or, 0x84, l_ll, CZ, "i64.or")                                                       \
  V(I64Xor, 0x85, l_ll, CZ, "i64.xor")                                                     \
  V(I64Shl, 0x86, l_ll, Z, "i64.shl")                                                      \
  V(I64ShrS, 0x87, l_ll, Z, "i64.shr_s")                                                   \
  V(I64ShrU, 0x88, l_ll, Z, "i64.shr_u")                                                   \
  V(I64Rotl, 0x89, l_ll, Z, "i64.rotl")                                                    \
  V(I64Rotr, 0x8a, l_ll, Z, "i64.rotr")                                                    \
  V(F32Abs, 0x8b, f_f, _, "f32.abs")                                                       \
  V(F32Neg, 0x8c, f_f, _, "f32.neg")                                                       \
  V(F32Ceil, 0x8d, f_f, _, "f32.ceil")                                                     \
  V(F32Floor, 0x8e, f_f, _, "f32.floor")                                                   \
  V(F32Trunc, 0x8f, f_f, _, "f32.trunc")                                                   \
  V(F32Nearest, 0x90, f_f, _, "f32.nearest")                                               \
  V(F32Sqrt, 0x91, f_f, _, "f32.sqrt")                                                     \
  V(F32Add, 0x92, f_ff, _, "f32.add")                                                      \
  V(F32Sub, 0x93, f_ff, _, "f32.sub")                                                      \
  V(F32Mul, 0x94, f_ff, _, "f32.mul")                                                      \
  V(F32Div, 0x95, f_ff, _, "f32.div")                                                      \
  V(F32Min, 0x96, f_ff, _, "f32.min")                                                      \
  V(F32Max, 0x97, f_ff, _, "f32.max")                                                      \
  V(F32Copysign, 0x98, f_ff, _, "f32.copysign")                                            \
  V(F64Abs, 0x99, d_d, _, "f64.abs")                                                       \
  V(F64Neg, 0x9a, d_d, _, "f64.neg")                                                       \
  V(F64Ceil, 0x9b, d_d, _, "f64.ceil")                                                     \
  V(F64Floor, 0x9c, d_d, _, "f64.floor")                                                   \
  V(F64Trunc, 0x9d, d_d, _, "f64.trunc")                                                   \
  V(F64Nearest, 0x9e, d_d, _, "f64.nearest")                                               \
  V(F64Sqrt, 0x9f, d_d, _, "f64.sqrt")                                                     \
  V(F64Add, 0xa0, d_dd, _, "f64.add")                                                      \
  V(F64Sub, 0xa1, d_dd, _, "f64.sub")                                                      \
  V(F64Mul, 0xa2, d_dd, _, "f64.mul")                                                      \
  V(F64Div, 0xa3, d_dd, _, "f64.div")                                                      \
  V(F64Min, 0xa4, d_dd, _, "f64.min")                                                      \
  V(F64Max, 0xa5, d_dd, _, "f64.max")                                                      \
  V(F64Copysign, 0xa6, d_dd, _, "f64.copysign")                                            \
  V(I32WrapI64, 0xa7, i_l, _, "i32.wrap_i64")                                              \
  V(I32TruncF32S, 0xa8, i_f, _, "i32.trunc_f32_s")                                         \
  V(I32TruncF32U, 0xa9, i_f, _, "i32.trunc_f32_u")                                         \
  V(I32TruncF64S, 0xaa, i_d, _, "i32.trunc_f64_s")                                         \
  V(I32TruncF64U, 0xab, i_d, _, "i32.trunc_f64_u")                                         \
  V(I64ExtendI32S, 0xac, l_i, _, "i64.extend_i32_s")                                       \
  V(I64ExtendI32U, 0xad, l_i, _, "i64.extend_i32_u")                                       \
  V(I64TruncF32S, 0xae, l_f, _, "i64.trunc_f32_s")                                         \
  V(I64TruncF32U, 0xaf, l_f, _, "i64.trunc_f32_u")                                         \
  V(I64TruncF64S, 0xb0, l_d, _, "i64.trunc_f64_s")                                         \
  V(I64TruncF64U, 0xb1, l_d, _, "i64.trunc_f64_u")                                         \
  V(F32ConvertI32S, 0xb2, f_i, _, "f32.convert_i32_s")                                     \
  V(F32ConvertI32U, 0xb3, f_i, _, "f32.convert_i32_u")                                     \
  V(F32ConvertI64S, 0xb4, f_l, _, "f32.convert_i64_s")                                     \
  V(F32ConvertI64U, 0xb5, f_l, _, "f32.convert_i64_u")                                     \
  V(F32DemoteF64, 0xb6, f_d, _, "f32.demote_f64")                                          \
  V(F64ConvertI32S, 0xb7, d_i, _, "f64.convert_i32_s")                                     \
  V(F64ConvertI32U, 0xb8, d_i, _, "f64.convert_i32_u")                                     \
  V(F64ConvertI64S, 0xb9, d_l, _, "f64.convert_i64_s")                                     \
  V(F64ConvertI64U, 0xba, d_l, _, "f64.convert_i64_u")                                     \
  V(F64PromoteF32, 0xbb, d_f, _, "f64.promote_f32")                                        \
  V(I32ReinterpretF32, 0xbc, i_f, _, "i32.reinterpret_f32")                                \
  V(I64ReinterpretF64, 0xbd, l_d, _, "i64.reinterpret_f64")                                \
  V(F32ReinterpretI32, 0xbe, f_i, _, "f32.reinterpret_i32")                                \
  V(F64ReinterpretI64, 0xbf, d_l, _, "f64.reinterpret_i64")                                \
  V(I32Extend8S, 0xc0, i_i, _, "i32.extend8_s")                                            \
  V(I32Extend16S, 0xc1, i_i, _, "i32.extend16_s")                                          \
  V(I64Extend8S, 0xc2, l_l, _, "i64.extend8_s")                                            \
  V(I64Extend16S, 0xc3, l_l, _, "i64.extend16_s")                                          \
  V(I64Extend32S, 0xc4, l_l, _, "i64.extend32_s")                                          \
  V(I32TruncSatF32S, 0xfc00, i_f, _, "i32.trunc_sat_f32_s")                                \
  V(I32TruncSatF32U, 0xfc01, i_f, _, "i32.trunc_sat_f32_u")                                \
  V(I32TruncSatF64S, 0xfc02, i_d, _, "i32.trunc_sat_f64_s")                                \
  V(I32TruncSatF64U, 0xfc03, i_d, _, "i32.trunc_sat_f64_u")                                \
  V(I64TruncSatF32S, 0xfc04, l_f, _, "i64.trunc_sat_f32_s")                                \
  V(I64TruncSatF32U, 0xfc05, l_f, _, "i64.trunc_sat_f32_u")                                \
  V(I64TruncSatF64S, 0xfc06, l_d, _, "i64.trunc_sat_f64_s")                                \
  V(I64TruncSatF64U, 0xfc07, l_d, _, "i64.trunc_sat_f64_u")

// Loads and stores: V(Name, opcode, value type, log2 of the access size, extension, text).
// Extension of a narrow access (or of each lane of v128.loadNxM): S = sign, U = zero, _ = the
// access is as wide as the value (or a store, which truncates).
#define SABLE_FOREACH_LOAD_OPCODE(V)                                                       \
  V(I32Load, 0x28, I32, 2, _, "i32.load")                                                  \
  V(I64Load, 0x29, I64, 3, _, "i64.load")                                                  \
  V(F32Load, 0x2a, F32, 2, _, "f32.load")                                                  \
  V(F64Load, 0x2b, F64, 3, _, "f64.load")                                                  \
  V(I32Load8S, 0x2c, I32, 0, S, "i32.load8_s")                                             \
  V(I32Load8U, 0x2d, I32, 0, U, "i32.load8_u")                                             \
  V(I32Load16S, 0x2e, I32, 1, S, "i32.load16_s")                                           \
  V(I32Load16U, 0x2f, I32, 1, U, "i32.load16_u")                                           \
  V(I64Load8S, 0x30, I64, 0, S, "i64.load8_s")                                             \
  V(I64Load8U, 0x31, I64, 0, U, "i64.load8_u")                                             \
  V(I64Load16S, 0x32, I64, 1, S, "i64.load16_s")                                           \
  V(I64Load16U, 0x33, I64, 1, U, "i64.load16_u")                                           \
  V(I64Load32S, 0x34, I64, 2, S, "i64.load32_s")                                           \
  V(I64Load32U, 0x35, I64, 2, U, "i64.load32_u")                                           \
  V(V128Load, 0xfd00, V128, 4, _, "v128.load")                                             \
  V(V128Load8x8S, 0xfd01, V128, 3, S, "v128.load8x8_s")                                    \
  V(V128Load8x8U, 0xfd02, V128, 3, U, "v128.load8x8_u")                                    \
  V(V128Load16x4S, 0xfd03, V128, 3, S, "v128.load16x4_s")                                  \
  V(V128Load16x4U, 0xfd04, V128, 3, U, "v128.load16x4_u")                                  \
  V(V128Load32x2S, 0xfd05, V128, 3, S, "v128.load32x2_s")                                  \
  V(V128Load32x2U, 0xfd06, V128, 3, U, "v128.load32x2_u")                                  \
  V(V128Load8Splat, 0xfd07, V128, 0, _, "v128.load8_splat")                                \
  V(V128Load16Splat, 0xfd08, V128, 1, _, "v128.load16_splat")                              \
  V(V128Load32Splat, 0xfd09, V128, 2, _, "v128.load32_splat")                              \
  V(V128Load64Splat, 0xfd0a, V128, 3, _, "v128.load64_splat")                              \
  V(V128Load32Zero, 0xfd5c, V128, 2, _, "v128.load32_zero")                                \
  V(V128Load64Zero, 0xfd5d, V128, 3, _, "v128.load64_zero")

#define SABLE_FOREACH_STORE_OPCODE(V)                                                      \
  V(I32Store, 0x36, I32, 2, _, "i32.store")                                                \
  V(I64Store, 0x37, I64, 3, _, "i64.store")                                                \
  V(F32Store, 0x38, F32, 2, _, "f32.store")                                                \
  V(F64Store, 0x39, F64, 3, _, "f64.store")                                                \
  V(I32Store8, 0x3a, I32, 0, _, "i32.store8")                                              \
  V(I32Store16, 0x3b, I32, 1, _, "i32.store16")                                            \
  V(I64Store8, 0x3c, I64, 0, _, "i64.store8")                                              \
  V(I64Store16, 0x3d, I64, 1, _, "i64.store16")                                            \
  V(I64Store32, 0x3e, I64, 2, _, "i64.store32")                                            \
  V(V128Store, 0xfd0b, V128, 4, _, "v128.store")

// SIMD lane access: V(Name, opcode, lane count, scalar type, text).
#define SABLE_FOREACH_SIMD_EXTRACT_LANE_OPCODE(V)                                          \
  V(I8x16ExtractLaneS, 0xfd15, 16, I32, "i8x16.extract_lane_s")                            \
  V(I8x16ExtractLaneU, 0xfd16, 16, I32, "i8x16.extract_lane_u")                            \
  V(I16x8ExtractLaneS, 0xfd18, 8, I32, "i16x8.extract_lane_s")                             \
  V(I16x8ExtractLaneU, 0xfd19, 8, I32, "i16x8.extract_lane_u")                             \
  V(I32x4ExtractLane, 0xfd1b, 4, I32, "i32x4.extract_lane")                                \
  V(I64x2ExtractLane, 0xfd1d, 2, I64, "i64x2.extract_lane")                                \
  V(F32x4ExtractLane, 0xfd1f, 4, F32, "f32x4.extract_lane")                                \
  V(F64x2ExtractLane, 0xfd21, 2, F64, "f64x2.extract_lane")

#define SABLE_FOREACH_SIMD_REPLACE_LANE_OPCODE(V)                                          \
  V(I8x16ReplaceLane, 0xfd17, 16, I32, "i8x16.replace_lane")                               \
  V(I16x8ReplaceLane, 0xfd1a, 8, I32, "i16x8.replace_lane")                                \
  V(I32x4ReplaceLane, 0xfd1c, 4, I32, "i32x4.replace_lane")                                \
  V(I64x2ReplaceLane, 0xfd1e, 2, I64, "i64x2.replace_lane")                                \
  V(F32x4ReplaceLane, 0xfd20, 4, F32, "f32x4.replace_lane")                                \
  V(F64x2ReplaceLane, 0xfd22, 2, F64, "f64x2.replace_lane")

// v128.loadN_lane / storeN_lane: V(Name, opcode, log2 access size (= 4 - log2 lanes), text).
#define SABLE_FOREACH_SIMD_LOAD_LANE_OPCODE(V)                                             \
  V(V128Load8Lane, 0xfd54, 0, "v128.load8_lane")                                           \
  V(V128Load16Lane, 0xfd55, 1, "v128.load16_lane")                                         \
  V(V128Load32Lane, 0xfd56, 2, "v128.load32_lane")                                         \
  V(V128Load64Lane, 0xfd57, 3, "v128.load64_lane")

#define SABLE_FOREACH_SIMD_STORE_LANE_OPCODE(V)                                            \
  V(V128Store8Lane, 0xfd58, 0, "v128.store8_lane")                                         \
  V(V128Store16Lane, 0xfd59, 1, "v128.store16_lane")                                       \
  V(V128Store32Lane, 0xfd5a, 2, "v128.store32_lane")                                       \
  V(V128Store64Lane, 0xfd5b, 3, "v128.store64_lane")

// Fixed-signature SIMD operators: V(Name, opcode, Sig, traits, text), traits as above.
#define SABLE_FOREACH_SIMD_SIMPLE_OPCODE(V)                                                \
  V(I8x16Swizzle, 0xfd0e, v_vv, _, "i8x16.swizzle")                                        \
  V(I8x16Splat, 0xfd0f, v_i, _, "i8x16.splat")                                             \
  V(I16x8Splat, 0xfd10, v_i, _, "i16x8.splat")                                             \
  V(I32x4Splat, 0xfd11, v_i, _, "i32x4.splat")                                             \
  V(I64x2Splat, 0xfd12, v_l, _, "i64x2.splat")                                             \
  V(F32x4Splat, 0xfd13, v_f, _, "f32x4.splat")                                             \
  V(F64x2Splat, 0xfd14, v_d, _, "f64x2.splat")                                             \
  V(I8x16Eq, 0xfd23, v_vv, _, "i8x16.eq")                                                  \
  V(I8x16Ne, 0xfd24, v_vv, _, "i8x16.ne")                                                  \
  V(I8x16LtS, 0xfd25, v_vv, _, "i8x16.lt_s")                                               \
  V(I8x16LtU, 0xfd26, v_vv, _, "i8x16.lt_u")                                               \
  V(I8x16GtS, 0xfd27, v_vv, _, "i8x16.gt_s")                                               \
  V(I8x16GtU, 0xfd28, v_vv, _, "i8x16.gt_u")                                               \
  V(I8x16LeS, 0xfd29, v_vv, _, "i8x16.le_s")                                               \
  V(I8x16LeU, 0xfd2a, v_vv, _, "i8x16.le_u")                                               \
  V(I8x16GeS, 0xfd2b, v_vv, _, "i8x16.ge_s")                                               \
  V(I8x16GeU, 0xfd2c, v_vv, _, "i8x16.ge_u")                                               \
  V(I16x8Eq, 0xfd2d, v_vv, _, "i16x8.eq")                                                  \
  V(I16x8Ne, 0xfd2e, v_vv, _, "i16x8.ne")                                                  \
  V(I16x8LtS, 0xfd2f, v_vv, _, "i16x8.lt_s")                                               \
  V(I16x8LtU, 0xfd30, v_vv, _, "i16x8.lt_u")                                               \
  V(I16x8GtS, 0xfd31, v_vv, _, "i16x8.gt_s")                                               \
  V(I16x8GtU, 0xfd32, v_vv, _, "i16x8.gt_u")                                               \
  V(I16x8LeS, 0xfd33, v_vv, _, "i16x8.le_s")                                               \
  V(I16x8LeU, 0xfd34, v_vv, _, "i16x8.le_u")                                               \
  V(I16x8GeS, 0xfd35, v_vv, _, "i16x8.ge_s")                                               \
  V(I16x8GeU, 0xfd36, v_vv, _, "i16x8.ge_u")                                               \
  V(I32x4Eq, 0xfd37, v_vv, _, "i32x4.eq")                                                  \
  V(I32x4Ne, 0xfd38, v_vv, _, "i32x4.ne")                                                  \
  V(I32x4LtS, 0xfd39, v_vv, _, "i32x4.lt_s")                                               \
  V(I32x4LtU, 0xfd3a, v_vv, _, "i32x4.lt_u")                                               \
  V(I32x4GtS, 0xfd3b, v_vv, _, "i32x4.gt_s")                                               \
  V(I32x4GtU, 0xfd3c, v_vv, _, "i32x4.gt_u")                                               \
  V(I32x4LeS, 0xfd3d, v_vv, _, "i32x4.le_s")                                               \
  V(I32x4LeU, 0xfd3e, v_vv, _, "i32x4.le_u")                                               \
  V(I32x4GeS, 0xfd3f, v_vv, _, "i32x4.ge_s")                                               \
  V(I32x4GeU, 0xfd40, v_vv, _, "i32x4.ge_u")                                               \
  V(F32x4Eq, 0xfd41, v_vv, _, "f32x4.eq")                                                  \
  V(F32x4Ne, 0xfd42, v_vv, _, "f32x4.ne")                                                  \
  V(F32x4Lt, 0xfd43, v_vv, _, "f32x4.lt")                                                  \
  V(F32x4Gt, 0xfd44, v_vv, _, "f32x4.gt")                                                  \
  V(F32x4Le, 0xfd45, v_vv, _, "f32x4.le")                                                  \
  V(F32x4Ge, 0xfd46, v_vv, _, "f32x4.ge")                                                  \
  V(F64x2Eq, 0xfd47, v_vv, _, "f64x2.eq")                                                  \
  V(F64x2Ne, 0xfd48, v_vv, _, "f64x2.ne")                                                  \
  V(F64x2Lt, 0xfd49, v_vv, _, "f64x2.lt")                                                  \
  V(F64x2Gt, 0xfd4a, v_vv, _, "f64x2.gt")                                                  \
  V(F64x2Le, 0xfd4b, v_vv, _, "f64x2.le")                                                  \
  V(F64x2Ge, 0xfd4c, v_vv, _, "f64x2.ge")                                                  \
  V(V128Not, 0xfd4d, v_v, _, "v128.not")                                                   \
  V(V128And, 0xfd4e, v_vv, _, "v128.and")                                                  \
  V(V128AndNot, 0xfd4f, v_vv, _, "v128.andnot")                                            \
  V(V128Or, 0xfd50, v_vv, _, "v128.or")                                                    \
  V(V128Xor, 0xfd51, v_vv, _, "v128.xor")                                                  \
  V(V128Bitselect, 0xfd52, v_vvv, _, "v128.bitselect")                                     \
  V(V128AnyTrue, 0xfd53, i_v, _, "v128.any_true")                                          \
  V(F32x4DemoteF64x2Zero, 0xfd5e, v_v, _, "f32x4.demote_f64x2_zero")                       \
  V(F64x2PromoteLowF32x4, 0xfd5f, v_v, _, "f64x2.promote_low_f32x4")                       \
  V(I8x16Abs, 0xfd60, v_v, _, "i8x16.abs")                                                 \
  V(I8x16Neg, 0xfd61, v_v, _, "i8x16.neg")                                                 \
  V(I8x16Popcnt, 0xfd62, v_v, _, "i8x16.popcnt")                                           \
  V(I8x16AllTrue, 0xfd63, i_v, _, "i8x16.all_true")                                        \
  V(I8x16Bitmask, 0xfd64, i_v, _, "i8x16.bitmask")                                         \
  V(I8x16NarrowI16x8S, 0xfd65, v_vv, _, "i8x16.narrow_i16x8_s")                            \
  V(I8x16NarrowI16x8U, 0xfd66, v_vv, _, "i8x16.narrow_i16x8_u")                            \
  V(F32x4Ceil, 0xfd67, v_v, _, "f32x4.ceil")                                               \
  V(F32x4Floor, 0xfd68, v_v, _, "f32x4.floor")                                             \
  V(F32x4Trunc, 0xfd69, v_v, _, "f32x4.trunc")                                             \
  V(F32x4Nearest, 0xfd6a, v_v, _, "f32x4.nearest")                                         \
  V(I8x16Shl, 0xfd6b, v_vi, _, "i8x16.shl")                                                \
  V(I8x16ShrS, 0xfd6c, v_vi, _, "i8x16.shr_s")                                             \
  V(I8x16ShrU, 0xfd6d, v_vi, _, "i8x16.shr_u")                                             \
  V(I8x16Add, 0xfd6e, v_vv, _, "i8x16.add")                                                \
  V(I8x16AddSatS, 0xfd6f, v_vv, _, "i8x16.add_sat_s")                                      \
  V(I8x16AddSatU, 0xfd70, v_vv, _, "i8x16.add_sat_u")                                      \
  V(I8x16Sub, 0xfd71, v_vv, _, "i8x16.sub")                                                \
  V(I8x16SubSatS, 0xfd72, v_vv, _, "i8x16.sub_sat_s")                                      \
  V(I8x16SubSatU, 0xfd73, v_vv, _, "i8x16.sub_sat_u")                                      \
  V(F64x2Ceil, 0xfd74, v_v, _, "f64x2.ceil")                                               \
  V(F64x2Floor, 0xfd75, v_v, _, "f64x2.floor")                                             \
  V(I8x16MinS, 0xfd76, v_vv, _, "i8x16.min_s")                                             \
  V(I8x16MinU, 0xfd77, v_vv, _, "i8x16.min_u")                                             \
  V(I8x16MaxS, 0xfd78, v_vv, _, "i8x16.max_s")                                             \
  V(I8x16MaxU, 0xfd79, v_vv, _, "i8x16.max_u")                                             \
  V(F64x2Trunc, 0xfd7a, v_v, _, "f64x2.trunc")                                             \
  V(I8x16AvgrU, 0xfd7b, v_vv, _, "i8x16.avgr_u")                                           \
  V(I16x8ExtaddPairwiseI8x16S, 0xfd7c, v_v, _, "i16x8.extadd_pairwise_i8x16_s")            \
  V(I16x8ExtaddPairwiseI8x16U, 0xfd7d, v_v, _, "i16x8.extadd_pairwise_i8x16_u")            \
  V(I32x4ExtaddPairwiseI16x8S, 0xfd7e, v_v, _, "i32x4.extadd_pairwise_i16x8_s")            \
  V(I32x4ExtaddPairwiseI16x8U, 0xfd7f, v_v, _, "i32x4.extadd_pairwise_i16x8_u")            \
  V(I16x8Abs, 0xfd80, v_v, _, "i16x8.abs")                                                 \
  V(I16x8Neg, 0xfd81, v_v, _, "i16x8.neg")                                                 \
  V(I16x8Q15mulrSatS, 0xfd82, v_vv, _, "i16x8.q15mulr_sat_s")                              \
  V(I16x8AllTrue, 0xfd83, i_v, _, "i16x8.all_true")                                        \
  V(I16x8Bitmask, 0xfd84, i_v, _, "i16x8.bitmask")                                         \
  V(I16x8NarrowI32x4S, 0xfd85, v_vv, _, "i16x8.narrow_i32x4_s")                            \
  V(I16x8NarrowI32x4U, 0xfd86, v_vv, _, "i16x8.narrow_i32x4_u")                            \
  V(I16x8ExtendLowI8x16S, 0xfd87, v_v, _, "i16x8.extend_low_i8x16_s")                      \
  V(I16x8ExtendHighI8x16S, 0xfd88, v_v, _, "i16x8.extend_high_i8x16_s")                    \
  V(I16x8ExtendLowI8x16U, 0xfd89, v_v, _, "i16x8.extend_low_i8x16_u")                      \
  V(I16x8ExtendHighI8x16U, 0xfd8a, v_v, _, "i16x8.extend_high_i8x16_u")                    \
  V(I16x8Shl, 0xfd8b, v_vi, _, "i16x8.shl")                                                \
  V(I16x8ShrS, 0xfd8c, v_vi, _, "i16x8.shr_s")                                             \
  V(I16x8ShrU, 0xfd8d, v_vi, _, "i16x8.shr_u")                                             \
  V(I16x8Add, 0xfd8e, v_vv, _, "i16x8.add")                                                \
  V(I16x8AddSatS, 0xfd8f, v_vv, _, "i16x8.add_sat_s")                                      \
  V(I16x8AddSatU, 0xfd90, v_vv, _, "i16x8.add_sat_u")                                      \
  V(I16x8Sub, 0xfd91, v_vv, _, "i16x8.sub")                                                \
  V(I16x8SubSatS, 0xfd92, v_vv, _, "i16x8.sub_sat_s")                                      \
  V(I16x8SubSatU, 0xfd93, v_vv, _, "i16x8.sub_sat_u")                                      \
  V(F64x2Nearest, 0xfd94, v_v, _, "f64x2.nearest")                                         \
  V(I16x8Mul, 0xfd95, v_vv, _, "i16x8.mul")                                                \
  V(I16x8MinS, 0xfd96, v_vv, _, "i16x8.min_s")                                             \
  V(I16x8MinU, 0xfd97, v_vv, _, "i16x8.min_u")                                             \
  V(I16x8MaxS, 0xfd98, v_vv, _, "i16x8.max_s")                                             \
  V(I16x8MaxU, 0xfd99, v_vv, _, "i16x8.max_u")                                             \
  V(I16x8AvgrU, 0xfd9b, v_vv, _, "i16x8.avgr_u")                                           \
  V(I16x8ExtmulLowI8x16S, 0xfd9c, v_vv, _, "i16x8.extmul_low_i8x16_s")                     \
  V(I16x8ExtmulHighI8x16S, 0xfd9d, v_vv, _, "i16x8.extmul_high_i8x16_s")                   \
  V(I16x8ExtmulLowI8x16U, 0xfd9e, v_vv, _, "i16x8.extmul_low_i8x16_u")                     \
  V(I16x8ExtmulHighI8x16U, 0xfd9f, v_vv, _, "i16x8.extmul_high_i8x16_u")                   \
  V(I32x4Abs, 0xfda0, v_v, _, "i32x4.abs")                                                 \
  V(I32x4Neg, 0xfda1, v_v, _, "i32x4.neg")                                                 \
  V(I32x4AllTrue, 0xfda3, i_v, _, "i32x4.all_true")                                        \
  V(I32x4Bitmask, 0xfda4, i_v, _, "i32x4.bitmask")                                         \
  V(I32x4ExtendLowI16x8S, 0xfda7, v_v, _, "i32x4.extend_low_i16x8_s")                      \
  V(I32x4ExtendHighI16x8S, 0xfda8, v_v, _, "i32x4.extend_high_i16x8_s")                    \
  V(I32x4ExtendLowI16x8U, 0xfda9, v_v, _, "i32x4.extend_low_i16x8_u")                      \
  V(I32x4ExtendHighI16x8U, 0xfdaa, v_v, _, "i32x4.extend_high_i16x8_u")                    \
  V(I32x4Shl, 0xfdab, v_vi, _, "i32x4.shl")                                                \
  V(I32x4ShrS, 0xfdac, v_vi, _, "i32x4.shr_s")                                             \
  V(I32x4ShrU, 0xfdad, v_vi, _, "i32x4.shr_u")                                             \
  V(I32x4Add, 0xfdae, v_vv, _, "i32x4.add")                                                \
  V(I32x4Sub, 0xfdb1, v_vv, _, "i32x4.sub")                                                \
  V(I32x4Mul, 0xfdb5, v_vv, _, "i32x4.mul")                                                \
  V(I32x4MinS, 0xfdb6, v_vv, _, "i32x4.min_s")                                             \
  V(I32x4MinU, 0xfdb7, v_vv, _, "i32x4.min_u")                                             \
  V(I32x4MaxS, 0xfdb8, v_vv, _, "i32x4.max_s")                                             \
  V(I32x4MaxU, 0xfdb9, v_vv, _, "i32x4.max_u")                                             \
  V(I32x4DotI16x8S, 0xfdba, v_vv, _, "i32x4.dot_i16x8_s")                                  \
  V(I32x4ExtmulLowI16x8S, 0xfdbc, v_vv, _, "i32x4.extmul_low_i16x8_s")                     \
  V(I32x4ExtmulHighI16x8S, 0xfdbd, v_vv, _, "i32x4.extmul_high_i16x8_s")                   \
  V(I32x4ExtmulLowI16x8U, 0xfdbe, v_vv, _, "i32x4.extmul_low_i16x8_u")                     \
  V(I32x4ExtmulHighI16x8U, 0xfdbf, v_vv, _, "i32x4.extmul_high_i16x8_u")                   \
  V(I64x2Abs, 0xfdc0, v_v, _, "i64x2.abs")                                                 \
  V(I64x2Neg, 0xfdc1, v_v, _, "i64x2.neg")                                                 \
  V(I64x2AllTrue, 0xfdc3, i_v, _, "i64x2.all_true")                                        \
  V(I64x2Bitmask, 0xfdc4, i_v, _, "i64x2.bitmask")                                         \
  V(I64x2ExtendLowI32x4S, 0xfdc7, v_v, _, "i64x2.extend_low_i32x4_s")                      \
  V(I64x2ExtendHighI32x4S, 0xfdc8, v_v, _, "i64x2.extend_high_i32x4_s")                    \
  V(I64x2ExtendLowI32x4U, 0xfdc9, v_v, _, "i64x2.extend_low_i32x4_u")                      \
  V(I64x2ExtendHighI32x4U, 0xfdca, v_v, _, "i64x2.extend_high_i32x4_u")                    \
  V(I64x2Shl, 0xfdcb, v_vi, _, "i64x2.shl")                                                \
  V(I64x2ShrS, 0xfdcc, v_vi, _, "i64x2.shr_s")                                             \
  V(I64x2ShrU, 0xfdcd, v_vi, _, "i64x2.shr_u")                                             \
  V(I64x2Add, 0xfdce, v_vv, _, "i64x2.add")                                                \
  V(I64x2Sub, 0xfdd1, v_vv, _, "i64x2.sub")                                                \
  V(I64x2Mul, 0xfdd5, v_vv, _, "i64x2.mul")                                                \
  V(I64x2Eq, 0xfdd6, v_vv, _, "i64x2.eq")                                                  \
  V(I64x2Ne, 0xfdd7, v_vv, _, "i64x2.ne")                                                  \
  V(I64x2LtS, 0xfdd8, v_vv, _, "i64x2.lt_s")                                               \
  V(I64x2GtS, 0xfdd9, v_vv, _, "i64x2.gt_s")                                               \
  V(I64x2LeS, 0xfdda, v_vv, _, "i64x2.le_s")                                               \
  V(I64x2GeS, 0xfddb, v_vv, _, "i64x2.ge_s")                                               \
  V(I64x2ExtmulLowI32x4S, 0xfddc, v_vv, _, "i64x2.extmul_low_i32x4_s")                     \
  V(I64x2ExtmulHighI32x4S, 0xfddd, v_vv, _, "i64x2.extmul_high_i32x4_s")                   \
  V(I64x2ExtmulLowI32x4U, 0xfdde, v_vv, _, "i64x2.extmul_low_i32x4_u")                     \
  V(I64x2ExtmulHighI32x4U, 0xfddf, v_vv, _, "i64x2.extmul_high_i32x4_u")                   \
  V(F32x4Abs, 0xfde0, v_v, _, "f32x4.abs")                                                 \
  V(F32x4Neg, 0xfde1, v_v, _, "f32x4.neg")                                                 \
  V(F32x4Sqrt, 0xfde3, v_v, _, "f32x4.sqrt")                                               \
  V(F32x4Add, 0xfde4, v_vv, _, "f32x4.add")                                                \
  V(F32x4Sub, 0xfde5, v_vv, _, "f32x4.sub")                                                \
  V(F32x4Mul, 0xfde6, v_vv, _, "f32x4.mul")                                                \
  V(F32x4Div, 0xfde7, v_vv, _, "f32x4.div")                                                \
  V(F32x4Min, 0xfde8, v_vv, _, "f32x4.min")                                                \
  V(F32x4Max, 0xfde9, v_vv, _, "f32x4.max")                                                \
  V(F32x4Pmin, 0xfdea, v_vv, _, "f32x4.pmin")                                              \
  V(F32x4Pmax, 0xfdeb, v_vv, _, "f32x4.pmax")                                              \
  V(F64x2Abs, 0xfdec, v_v, _, "f64x2.abs")                                                 \
  V(F64x2Neg, 0xfded, v_v, _, "f64x2.neg")                                                 \
  V(F64x2Sqrt, 0xfdef, v_v, _, "f64x2.sqrt")                                               \
  V(F64x2Add, 0xfdf0, v_vv, _, "f64x2.add")                                                \
  V(F64x2Sub, 0xfdf1, v_vv, _, "f64x2.sub")                                                \
  V(F64x2Mul, 0xfdf2, v_vv, _, "f64x2.mul")                                                \
  V(F64x2Div, 0xfdf3, v_vv, _, "f64x2.div")                                                \
  V(F64x2Min, 0xfdf4, v_vv, _, "f64x2.min")                                                \
  V(F64x2Max, 0xfdf5, v_vv, _, "f64x2.max")                                                \
  V(F64x2Pmin, 0xfdf6, v_vv, _, "f64x2.pmin")                                              \
  V(F64x2Pmax, 0xfdf7, v_vv, _, "f64x2.pmax")                                              \
  V(I32x4TruncSatF32x4S, 0xfdf8, v_v, _, "i32x4.trunc_sat_f32x4_s")                        \
  V(I32x4TruncSatF32x4U, 0xfdf9, v_v, _, "i32x4.trunc_sat_f32x4_u")                        \
  V(F32x4ConvertI32x4S, 0xfdfa, v_v, _, "f32x4.convert_i32x4_s")                           \
  V(F32x4ConvertI32x4U, 0xfdfb, v_v, _, "f32x4.convert_i32x4_u")                           \
  V(I32x4TruncSatF64x2SZero, 0xfdfc, v_v, _, "i32x4.trunc_sat_f64x2_s_zero")               \
  V(I32x4TruncSatF64x2UZero, 0xfdfd, v_v, _, "i32x4.trunc_sat_f64x2_u_zero")               \
  V(F64x2ConvertLowI32x4S, 0xfdfe, v_v, _, "f64x2.convert_low_i32x4_s")                    \
  V(F64x2ConvertLowI32x4U, 0xfdff, v_v, _, "f64x2.convert_low_i32x4_u")

// Opcodes with immediates or type rules of their own: V(Name, opcode, family, immediate, text).
// The family (OperatorFamily) picks the decoder function that validates the operator, the
// immediate (Immediate) says what follows the opcode.
#define SABLE_FOREACH_SPECIAL_OPCODE(V)                                                    \
  V(Unreachable, 0x00, Control, None, "unreachable")                                       \
  V(Nop, 0x01, Control, None, "nop")                                                       \
  V(Block, 0x02, Control, BlockType, "block")                                              \
  V(Loop, 0x03, Control, BlockType, "loop")                                                \
  V(If, 0x04, Control, BlockType, "if")                                                    \
  V(Else, 0x05, Control, None, "else")                                                     \
  V(End, 0x0b, Control, None, "end")                                                       \
  V(Br, 0x0c, Control, Label, "br")                                                        \
  V(BrIf, 0x0d, Control, Label, "br_if")                                                   \
  V(BrTable, 0x0e, Control, BrTable, "br_table")                                           \
  V(Return, 0x0f, Control, None, "return")                                                 \
  V(Call, 0x10, Control, Function, "call")                                                 \
  V(CallIndirect, 0x11, Control, TypeAndTable, "call_indirect")                            \
  V(Drop, 0x1a, Parametric, None, "drop")                                                  \
  V(Select, 0x1b, Parametric, None, "select")                                              \
  V(SelectTyped, 0x1c, Parametric, SelectTypes, "select")                                  \
  V(LocalGet, 0x20, Local, Local, "local.get")                                          \
  V(LocalSet, 0x21, Local, Local, "local.set")                                          \
  V(LocalTee, 0x22, Local, Local, "local.tee")                                          \
  V(GlobalGet, 0x23, Global, Global, "global.get")                                       \
  V(GlobalSet, 0x24, Global, Global, "global.set")                                       \
  V(TableGet, 0x25, Table, Table, "table.get")                                             \
  V(TableSet, 0x26, Table, Table, "table.set")                                             \
  V(MemorySize, 0x3f, Memory, MemoryByte, "memory.size")                                   \
  V(MemoryGrow, 0x40, Memory, MemoryByte, "memory.grow")                                   \
  V(I32Const, 0x41, Constant, I32, "i32.const")                                            \
  V(I64Const, 0x42, Constant, I64, "i64.const")                                            \
  V(F32Const, 0x43, Constant, F32, "f32.const")                                            \
  V(F64Const, 0x44, Constant, F64, "f64.const")                                            \
  V(RefNull, 0xd0, Reference, RefType, "ref.null")                                         \
  V(RefIsNull, 0xd1, Reference, None, "ref.is_null")                                       \
  V(RefFunc, 0xd2, Reference, Function, "ref.func")                                        \
  V(MemoryInit, 0xfc08, BulkMemory, DataAndMemory, "memory.init")                          \
  V(DataDrop, 0xfc09, BulkMemory, Segment, "data.drop")                                    \
  V(MemoryCopy, 0xfc0a, BulkMemory, TwoMemoryBytes, "memory.copy")                         \
  V(MemoryFill, 0xfc0b, BulkMemory, MemoryByte, "memory.fill")                             \
  V(TableInit, 0xfc0c, Table, SegmentAndTable, "table.init")                               \
  V(ElemDrop, 0xfc0d, Table, Segment, "elem.drop")                                         \
  V(TableCopy, 0xfc0e, Table, TwoTables, "table.copy")                                     \
  V(TableGrow, 0xfc0f, Table, Table, "table.grow")                                         \
  V(TableSize, 0xfc10, Table, Table, "table.size")                                         \
  V(TableFill, 0xfc11, Table, Table, "table.fill")                                         \
  V(V128Const, 0xfd0c, Constant, V128, "v128.const")                                       \
  V(I8x16Shuffle, 0xfd0d, SimdLane, Shuffle, "i8x16.shuffle")

// Every row of every table above, for expansions that need only the name and the code
// (V(Name, code, ...)).
#define SABLE_FOREACH_OPCODE(V)                                                            \
  SABLE_FOREACH_SPECIAL_OPCODE(V)                                                          \
  SABLE_FOREACH_SIMPLE_OPCODE(V)                                                           \
  SABLE_FOREACH_LOAD_OPCODE(V)                                                             \
  SABLE_FOREACH_STORE_OPCODE(V)                                                            \
  SABLE_FOREACH_SIMD_EXTRACT_LANE_OPCODE(V)                                                \
  SABLE_FOREACH_SIMD_REPLACE_LANE_OPCODE(V)                                                \
  SABLE_FOREACH_SIMD_LOAD_LANE_OPCODE(V)                                                   \
  SABLE_FOREACH_SIMD_STORE_LANE_OPCODE(V)                                                  \
  SABLE_FOREACH_SIMD_SIMPLE_OPCODE(V)

// clang-format on

// One WebAssembly 2.0 operator.
enum class Opcode : uint16_t {
#define SABLE_OPCODE_ENUM(name, code, ...) name = code,
  SABLE_FOREACH_OPCODE(SABLE_OPCODE_ENUM)
#undef SABLE_OPCODE_ENUM
};

inline constexpr uint16_t kMiscPrefix = 0xfc;
inline constexpr uint16_t kSimdPrefix = 0xfd;

// The text-format name, or nullptr for a code that is no 2.0 opcode.
const char* opcodeName(Opcode op);

// Operand and result types of a fixed signature.
struct SigTypes {
  uint8_t numParams;
  bool hasResult;
  ValType result;
  ValType params[3];
};
const SigTypes& sigTypes(Sig sig);
// The signature of a fixed-signature (SIMPLE or SIMD_SIMPLE) opcode.
Sig simpleOpcodeSig(Opcode op);
// The value type a load produces / a store consumes.
ValType memoryOpcodeType(Opcode op);

}  // namespace sable
