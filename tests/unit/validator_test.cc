// Function-body and constant-expression validation, WebAssembly 2.0 (spec 3.3 "Instructions",
// the validation algorithm of appendix A.3, and the core spec tests unreached-valid.wast,
// unreached-invalid.wast, br_table.wast, select.wast, ref_func.wast, align.wast, simd_lane.wast,
// binary.wast). Invalid = assert_invalid, Malformed = assert_malformed.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <vector>

#include "test_helpers.h"
#include "wasm_builder.h"

namespace sable {
namespace {

using namespace sable::test;  // NOLINT

const Bytes kVoidType = funcType({}, {});

// A module with one function (type index 0 = `types[0]`) whose body is `code` (which must end
// with the function's `end`). Further types are there for block types and call_indirect.
ModuleParts fnParts(const std::vector<Bytes>& types, const Bytes& code, const Locals& locals = {}) {
  ModuleParts m;
  m.types = types;
  m.funcs = {0};
  m.bodies = {funcBody(locals, code)};
  return m;
}
Bytes fn(const Bytes& type, const Bytes& code, const Locals& locals = {}) {
  return fnParts({type}, code, locals).build();
}
Bytes fnTypes(const std::vector<Bytes>& types, const Bytes& code, const Locals& locals = {}) {
  return fnParts(types, code, locals).build();
}
// The same with one memory of one page.
Bytes fnMem(const Bytes& type, const Bytes& code) {
  ModuleParts m = fnParts({type}, code);
  m.memories = {limits(1)};
  return m.build();
}

const Bytes kI32Result = funcType({}, {kI32});

// =============================================================================================
// Operand stack polymorphism after unreachable / br / return

TEST(ValidatorPolymorphism, UnreachableThenBinaryOpThenDrop) {
  EXPECT_TRUE(IsValid(fn(kVoidType, {op::Unreachable, op::I32Add, op::Drop, op::End})));
  EXPECT_TRUE(IsValid(fn(kVoidType, {op::Unreachable, op::I32Add, op::I32Add, op::Drop, op::End})));
  EXPECT_TRUE(IsValid(
      fn(kVoidType, cat({{op::Unreachable}, i32Const(1), {op::I32Add, op::Drop, op::End}}))));
  EXPECT_TRUE(IsValid(fn(kVoidType, {op::Unreachable, op::Drop, op::Drop, op::Drop, op::End})));
  EXPECT_TRUE(IsValid(fn(kVoidType, cat({{op::Unreachable},
                                         simdOp(simd::I32x4Add),
                                         simdOp(simd::V128AnyTrue),
                                         {op::Drop, op::End}}))));
}

TEST(ValidatorPolymorphism, KnownOperandsAreStillChecked) {
  // An i64 above the polymorphic base is still an i64.
  EXPECT_TRUE(IsInvalid(
      fn(kVoidType, cat({{op::Unreachable}, i64Const(1), {op::I32Add, op::Drop, op::End}}))));
  // unreached-invalid.wast type-unconsumed-*: values left at the end.
  EXPECT_TRUE(IsInvalid(fn(kVoidType, {op::Unreachable, op::I32Add, op::End})));
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({{op::Unreachable}, i32Const(0), {op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(kVoidType, {op::Unreachable, op::I32Eqz, op::End})));
  // Wrong result type produced after unreachable.
  EXPECT_TRUE(IsInvalid(fn(kI32Result, cat({{op::Unreachable}, i64Const(0), {op::End}}))));
  EXPECT_TRUE(IsInvalid(
      fn(kI32Result, {op::Unreachable, op::I64Eqz, op::I32WrapI64, op::I64Eqz, op::End})));
}

TEST(ValidatorPolymorphism, ResultsFromNothing) {
  EXPECT_TRUE(IsValid(fn(kI32Result, {op::Unreachable, op::End})));
  EXPECT_TRUE(IsValid(
      fn(funcType({}, {kI32, kI64, kV128, kFuncRef, kExternRef}), {op::Unreachable, op::End})));
  EXPECT_TRUE(
      IsValid(fn(kVoidType, cat({block(kI32), {op::Unreachable, op::End, op::Drop, op::End}}))));
  EXPECT_TRUE(IsValid(fn(kI32Result, cat({{op::Unreachable}, i32Const(0), {op::End}}))));
}

TEST(ValidatorPolymorphism, AfterBrReturnAndBrTable) {
  EXPECT_TRUE(
      IsValid(fn(kVoidType, cat({block(), br(0), {op::I32Add, op::Drop, op::End, op::End}}))));
  EXPECT_TRUE(
      IsValid(fn(kI32Result, cat({i32Const(1), {op::Return, op::I64Add, op::Drop, op::End}}))));
  EXPECT_TRUE(IsValid(fn(kI32Result, cat({i32Const(1), {op::Return}, i32Const(2), {op::End}}))));
  EXPECT_TRUE(IsValid(
      fn(kVoidType,
         cat({block(), i32Const(0), brTable({}, 0), {op::F64Add, op::Drop, op::End, op::End}}))));
  // return / br still check their own operands.
  EXPECT_TRUE(IsInvalid(fn(kI32Result, cat({i64Const(1), {op::Return, op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(kI32Result, {op::Return, op::End})));
  EXPECT_TRUE(IsInvalid(
      fn(kVoidType, cat({block(kI32), i64Const(0), br(0), {op::End, op::Drop, op::End}}))));
  // br after unreachable: the label's operand comes from the polymorphic stack.
  EXPECT_TRUE(IsValid(
      fn(kVoidType, cat({block(kI32), {op::Unreachable}, br(0), {op::End, op::Drop, op::End}}))));
}

TEST(ValidatorPolymorphism, DoesNotLeakIntoNestedBlocks) {
  // unreached-invalid.wast type-unary-num-vs-void-after-break.
  EXPECT_TRUE(IsInvalid(
      fn(kVoidType,
         cat({block(), br(0), block(), {op::I32Eqz, op::Drop, op::End, op::End, op::End}}))));
  // type-block-value-nested-unreachable-num-vs-void: the outer block still has an extra i32.
  EXPECT_TRUE(IsInvalid(
      fn(kVoidType,
         cat({block(), i32Const(3), block(), {op::Unreachable, op::End, op::End, op::End}}))));
  // Stack-polymorphic inside a block does not allow popping the outer block's values.
  EXPECT_TRUE(IsInvalid(
      fn(kVoidType, cat({i32Const(1), block(), {op::Drop, op::End, op::Drop, op::End}}))));
  // ... but unreachable inside the block does make its own bottom polymorphic.
  EXPECT_TRUE(IsValid(
      fn(kVoidType,
         cat({i32Const(1), block(), {op::Unreachable, op::Drop, op::End, op::Drop, op::End}}))));
}

TEST(ValidatorPolymorphism, BrIfAfterUnreachablePushesLabelTypes) {
  // unreached-invalid.wast type-br_if-after-unreachable: br_if leaves the label's types (i64
  // here), known, even though it popped unknowns.
  EXPECT_TRUE(IsInvalid(fn(funcType({}, {kI64}), {op::Unreachable, op::BrIf, 0x00,
                                                  0xAD /* i64.extend_i32_u */, op::End})));
  EXPECT_TRUE(IsValid(fn(funcType({}, {kI64}), {op::Unreachable, op::BrIf, 0x00, op::End})));
  // unreached-invalid.wast br_if-unreachable: the pushed i32 is left in a [] block.
  EXPECT_TRUE(IsInvalid(fn(kI32Result, cat({block(kI32),
                                            block(),
                                            {op::Unreachable},
                                            i32Const(0),
                                            brIf(1),
                                            {op::End},
                                            i32Const(0),
                                            {op::End, op::End}}))));
  // unreached-invalid.wast type-br_if-cond-num-vs-num-after-unreachable.
  EXPECT_TRUE(IsInvalid(
      fn(kVoidType, cat({block(), {op::Unreachable}, f32Const(0), brIf(0), {op::End, op::End}}))));
}

TEST(ValidatorPolymorphism, EndsAtTheEndOfTheBlock) {
  // After the block that contained `unreachable` ends, the outer stack is not polymorphic.
  EXPECT_TRUE(IsInvalid(
      fn(kVoidType, cat({block(), {op::Unreachable, op::End, op::I32Add, op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({i32Const(1),
                                           if_(),
                                           {op::Unreachable, op::Else},
                                           {op::I32Add, op::Drop, op::End, op::End}}))));
  // The else branch of an if starts reachable even if the then branch ended unreachable.
  EXPECT_TRUE(IsInvalid(
      fn(kVoidType,
         cat({i32Const(1), if_(), {op::Unreachable, op::Else, op::Drop, op::End, op::End}}))));
}

// =============================================================================================
// select

TEST(ValidatorSelect, UnknownOperandsAfterUnreachable) {
  EXPECT_TRUE(IsValid(fn(kVoidType, {op::Unreachable, op::Select, op::Drop, op::End})));
  EXPECT_TRUE(IsValid(fn(kI32Result, {op::Unreachable, op::Select, op::End})));
  EXPECT_TRUE(IsValid(fn(funcType({}, {kF64}), {op::Unreachable, op::Select, op::End})));
  EXPECT_TRUE(IsValid(fn(funcType({}, {kV128}), {op::Unreachable, op::Select, op::End})));
  // unreached-invalid.wast type-unconsumed-poly0/1/2.
  EXPECT_TRUE(IsInvalid(fn(kVoidType, {op::Unreachable, op::Select, op::End})));
  EXPECT_TRUE(
      IsInvalid(fn(kVoidType, cat({{op::Unreachable}, i32Const(0), {op::Select, op::End}}))));
  // One known operand decides the result type.
  EXPECT_TRUE(IsValid(fn(kVoidType, cat({{op::Unreachable},
                                         i64Const(0),
                                         i32Const(1),
                                         {op::Select, op::I64Eqz, op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({{op::Unreachable},
                                           i64Const(0),
                                           i32Const(1),
                                           {op::Select, op::I32Eqz, op::Drop, op::End}}))));
  // unreached-invalid.wast type-poly-num-vs-num and type-poly-transitive-num-vs-num.
  EXPECT_TRUE(IsInvalid(
      fn(kI32Result, cat({{op::Unreachable}, i64Const(0), i32Const(0), {op::Select, op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(kI32Result, cat({{op::Unreachable},
                                            i64Const(0),
                                            i32Const(0),
                                            {op::Select},
                                            i32Const(0),
                                            i32Const(0),
                                            {op::Select, op::End}}))));
  // The condition must be i32 even in unreachable code.
  EXPECT_TRUE(IsInvalid(
      fn(kVoidType, cat({{op::Unreachable}, i64Const(0), {op::Select, op::Drop, op::End}}))));
  // Both known operands must agree.
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({{op::Unreachable},
                                           i32Const(1),
                                           i64Const(1),
                                           i32Const(1),
                                           {op::Select, op::Drop, op::End}}))));
  // An untyped select may not produce a reference, even with one unknown operand.
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({{op::Unreachable},
                                           refNull(kExternRef),
                                           i32Const(1),
                                           {op::Select, op::Drop, op::End}}))));
}

TEST(ValidatorSelect, UntypedSelectOnReferenceTypesIsInvalid) {
  // select.wast type-externref-implicit.
  EXPECT_TRUE(
      IsInvalid(fn(funcType({kExternRef}, {}),
                   cat({localGet(0), localGet(0), i32Const(1), {op::Select, op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(
      kVoidType,
      cat({refNull(kFuncRef), refNull(kFuncRef), i32Const(1), {op::Select, op::Drop, op::End}}))));
  // Numeric and vector operands are fine.
  EXPECT_TRUE(IsValid(fn(
      kVoidType, cat({f64Const(1), f64Const(2), i32Const(1), {op::Select, op::Drop, op::End}}))));
  EXPECT_TRUE(IsValid(fn(
      kVoidType, cat({v128Const(), v128Const(1), i32Const(1), {op::Select, op::Drop, op::End}}))));
  // select.wast type-num-vs-num.
  EXPECT_TRUE(IsInvalid(fn(
      kVoidType, cat({i32Const(1), i64Const(1), i32Const(1), {op::Select, op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(
      kVoidType, cat({i32Const(1), f32Const(1), i32Const(1), {op::Select, op::Drop, op::End}}))));
  // Missing operands.
  EXPECT_TRUE(
      IsInvalid(fn(kVoidType, cat({i32Const(0), i32Const(0), {op::Select, op::Drop, op::End}}))));
}

TEST(ValidatorSelect, TypedSelect) {
  EXPECT_TRUE(IsValid(fn(kVoidType, cat({refNull(kFuncRef),
                                         refNull(kFuncRef),
                                         i32Const(1),
                                         selectT({kFuncRef}),
                                         {op::Drop, op::End}}))));
  EXPECT_TRUE(IsValid(
      fn(funcType({kExternRef}, {kExternRef}),
         cat({localGet(0), refNull(kExternRef), i32Const(1), selectT({kExternRef}), {op::End}}))));
  EXPECT_TRUE(IsValid(fn(kVoidType, cat({i64Const(1),
                                         i64Const(2),
                                         i32Const(1),
                                         selectT({kI64}),
                                         {op::I64Eqz, op::Drop, op::End}}))));
  EXPECT_TRUE(IsValid(fn(kI32Result, cat({{op::Unreachable}, selectT({kI32}), {op::End}}))));
  // The declared type is the result type.
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({i64Const(1),
                                           i64Const(2),
                                           i32Const(1),
                                           selectT({kI64}),
                                           {op::I32Eqz, op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(
      fn(kVoidType, cat({{op::Unreachable}, selectT({kI64}), {op::I32Eqz, op::Drop, op::End}}))));
  // Operands must match the declared type.
  EXPECT_TRUE(IsInvalid(
      fn(kVoidType,
         cat({i32Const(1), i32Const(2), i32Const(1), selectT({kI64}), {op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({refNull(kExternRef),
                                           refNull(kExternRef),
                                           i32Const(1),
                                           selectT({kFuncRef}),
                                           {op::Drop, op::End}}))));
  // select.wast: "invalid result arity" for zero or two types.
  EXPECT_TRUE(IsInvalid(fn(
      kVoidType, cat({i32Const(1), i32Const(2), i32Const(1), selectT({}), {op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(funcType({}, {kI32, kI32}), cat({i32Const(0),
                                                            i32Const(0),
                                                            i32Const(0),
                                                            i32Const(0),
                                                            i32Const(1),
                                                            selectT({kI32, kI32}),
                                                            {op::End}}))));
  // A non-value type in the vector is malformed.
  EXPECT_TRUE(IsMalformed(
      fn(kVoidType,
         cat({i32Const(1), i32Const(2), i32Const(1), selectT({0x40}), {op::Drop, op::End}}))));
}

// =============================================================================================
// br_table

TEST(ValidatorBrTable, TargetsWithDifferentAritiesAreInvalid) {
  // block (result i32) block  i32.const 0 i32.const 0 br_table 0 1  end i32.const 0 end drop
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({block(kI32),
                                           block(),
                                           i32Const(0),
                                           i32Const(0),
                                           brTable({0}, 1),
                                           {op::End},
                                           i32Const(0),
                                           {op::End, op::Drop, op::End}}))));
  // unreached-invalid.wast type-br_table-label-num-vs-label-void-after-unreachable: arities are
  // compared even when the operands are unknown.
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({block(),
                                           block(kF32),
                                           {op::Unreachable},
                                           i32Const(1),
                                           brTable({0, 1}, 0),
                                           {op::End, op::Drop, op::End, op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({block(),
                                           block(kF32),
                                           {op::Unreachable},
                                           brTable({1}, 0),
                                           {op::End, op::Drop, op::End, op::End}}))));
}

TEST(ValidatorBrTable, UnknownOperandsMeetAllTargets) {
  // unreached-valid.wast meet-bottom: labels of types [f32] and [f64] fed from an unknown
  // operand.
  EXPECT_TRUE(IsValid(fn(kVoidType, cat({block(kF64),
                                         block(kF32),
                                         {op::Unreachable},
                                         i32Const(1),
                                         brTable({0, 1}, 1),
                                         {op::End, op::Drop},
                                         f64Const(0),
                                         {op::End, op::Drop, op::End}}))));
  // The index itself may be unknown.
  EXPECT_TRUE(IsValid(
      fn(kVoidType, cat({block(), {op::Unreachable}, brTable({0}, 0), {op::End, op::End}}))));
  EXPECT_TRUE(IsValid(
      fn(kVoidType, cat({block(kI32),
                         block(kI64),
                         {op::Unreachable},
                         brTable({0}, 0),
                         {op::End, op::Drop, op::Unreachable, op::End, op::Drop, op::End}}))));
  // unreached-invalid.wast type-br_table-label-num-vs-num-after-unreachable: a known operand
  // must match the labels.
  EXPECT_TRUE(IsInvalid(fn(kI32Result, cat({block(kI32),
                                            {op::Unreachable},
                                            f32Const(0),
                                            i32Const(1),
                                            brTable({}, 0),
                                            {op::End, op::End}}))));
}

TEST(ValidatorBrTable, KnownOperandsAndIndices) {
  // A known f32 cannot go to both an [f32] and an [f64] label.
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({block(kF64),
                                           block(kF32),
                                           f32Const(0),
                                           i32Const(0),
                                           brTable({0}, 1),
                                           {op::End, op::Drop},
                                           f64Const(0),
                                           {op::End, op::Drop, op::End}}))));
  // Same types: fine.
  EXPECT_TRUE(IsValid(fn(kVoidType, cat({block(kI32),
                                         block(kI32),
                                         i32Const(7),
                                         i32Const(0),
                                         brTable({0, 1, 0}, 1),
                                         {op::End},
                                         {op::End, op::Drop, op::End}}))));
  // Index must be i32.
  EXPECT_TRUE(
      IsInvalid(fn(kVoidType, cat({block(), i64Const(0), brTable({}, 0), {op::End, op::End}}))));
  // Label out of range.
  EXPECT_TRUE(
      IsInvalid(fn(kVoidType, cat({block(), i32Const(0), brTable({2}, 0), {op::End, op::End}}))));
  EXPECT_TRUE(
      IsInvalid(fn(kVoidType, cat({block(), i32Const(0), brTable({0}, 2), {op::End, op::End}}))));
  // Loop labels take the loop's parameters (none here), block labels its results (none).
  EXPECT_TRUE(IsValid(
      fn(kVoidType,
         cat({block(), loop(), i32Const(0), brTable({0, 1}, 1), {op::End, op::End, op::End}}))));
  // Function-level label (depth 1 here) has the function's results.
  EXPECT_TRUE(IsValid(
      fn(kI32Result,
         cat({block(kI32), i32Const(3), i32Const(0), brTable({0}, 1), {op::End, op::End}}))));
}

// =============================================================================================
// if / else / end, block types

TEST(ValidatorIf, IfWithoutElseNeedsResultsEqualToParams) {
  EXPECT_TRUE(IsInvalid(
      fn(kVoidType, cat({i32Const(1), if_(kI32), i32Const(1), {op::End, op::Drop, op::End}}))));
  // Even when the then-branch is unreachable, the implicit else produces nothing.
  EXPECT_TRUE(IsInvalid(fn(
      kVoidType, cat({i32Const(1), if_(kI32), {op::Unreachable}, {op::End, op::Drop, op::End}}))));
  // [i32] -> [i32] by type index: the implicit else passes the parameter through.
  std::vector<Bytes> types = {kVoidType, funcType({kI32}, {kI32}), funcType({kI32}, {kI64}),
                              funcType({kI32, kI64}, {kI32, kI64})};
  EXPECT_TRUE(IsValid(
      fnTypes(types, cat({i32Const(5), i32Const(1), ifT(1), {op::End, op::Drop, op::End}}))));
  EXPECT_TRUE(IsValid(fnTypes(types, cat({i32Const(5),
                                          i32Const(1),
                                          ifT(1),
                                          i32Const(1),
                                          {op::I32Add, op::End, op::Drop, op::End}}))));
  EXPECT_TRUE(IsValid(fnTypes(types, cat({i32Const(5),
                                          i64Const(6),
                                          i32Const(1),
                                          ifT(3),
                                          {op::End, op::Drop, op::Drop, op::End}}))));
  // [i32] -> [i64] without else.
  EXPECT_TRUE(IsInvalid(fnTypes(types, cat({i32Const(5),
                                            i32Const(1),
                                            ifT(2),
                                            {op::Drop},
                                            i64Const(0),
                                            {op::End, op::Drop, op::End}}))));
  // The else branch gets the parameters again.
  EXPECT_TRUE(IsValid(fnTypes(types, cat({i32Const(5),
                                          i32Const(1),
                                          ifT(1),
                                          i32Const(1),
                                          {op::I32Add, op::Else},
                                          i32Const(2),
                                          {op::I32Mul, op::End, op::Drop, op::End}}))));
  // With an else it is fine.
  EXPECT_TRUE(IsValid(fnTypes(types, cat({i32Const(5),
                                          i32Const(1),
                                          ifT(2),
                                          {op::Drop},
                                          i64Const(0),
                                          {op::Else, op::Drop},
                                          i64Const(1),
                                          {op::End, op::Drop, op::End}}))));
}

TEST(ValidatorIf, BranchTypesAndCondition) {
  EXPECT_TRUE(IsValid(
      fn(kI32Result,
         cat({i32Const(1), if_(kI32), i32Const(1), {op::Else}, i32Const(2), {op::End, op::End}}))));
  EXPECT_TRUE(IsInvalid(
      fn(kI32Result,
         cat({i32Const(1), if_(kI32), i32Const(1), {op::Else}, i64Const(2), {op::End, op::End}}))));
  EXPECT_TRUE(IsInvalid(
      fn(kI32Result, cat({i32Const(1), if_(kI32), i32Const(1), {op::Else, op::End, op::End}}))));
  EXPECT_TRUE(IsInvalid(
      fn(kI32Result, cat({i32Const(1), if_(kI32), {op::Else}, i32Const(2), {op::End, op::End}}))));
  // Missing or non-i32 condition.
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({if_(), {op::End, op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({i64Const(1), if_(), {op::End, op::End}}))));
  // The else branch starts from the if's parameters (none): it cannot pop outer values.
  EXPECT_TRUE(
      IsInvalid(fn(kVoidType, cat({i32Const(9),
                                   i32Const(1),
                                   if_(),
                                   i32Const(1),
                                   {op::Drop, op::Else, op::Drop, op::End, op::Drop, op::End}}))));
  // The then branch may not leave extra values at `else`.
  EXPECT_TRUE(IsInvalid(
      fn(kVoidType, cat({i32Const(1), if_(), i32Const(1), {op::Else, op::End, op::End}}))));
}

TEST(ValidatorBlockTypes, MultiValueByTypeIndex) {
  std::vector<Bytes> types = {kVoidType, funcType({kI32, kI32}, {kI32}),  // 1
                              funcType({}, {kI32, kI64}),                 // 2
                              funcType({kI32}, {}),                       // 3
                              funcType({kI32}, {kI32})};                  // 4
  // Parameters are consumed from the enclosing stack.
  EXPECT_TRUE(IsValid(fnTypes(
      types,
      cat({i32Const(1), i32Const(2), blockT(1), {op::I32Add, op::End, op::Drop, op::End}}))));
  EXPECT_TRUE(IsValid(fnTypes(
      types, cat({i32Const(1), i32Const(2), loopT(1), {op::I32Add, op::End, op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(
      fnTypes(types, cat({i32Const(1), blockT(1), {op::I32Add, op::End, op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(fnTypes(
      types,
      cat({i64Const(1), i32Const(2), blockT(1), {op::I32Add, op::End, op::Drop, op::End}}))));
  // Multiple results.
  EXPECT_TRUE(IsValid(fnTypes(
      types, cat({blockT(2), i32Const(1), i64Const(2), {op::End, op::Drop, op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(fnTypes(
      types, cat({blockT(2), i64Const(2), i32Const(1), {op::End, op::Drop, op::Drop, op::End}}))));
  EXPECT_TRUE(IsValid(fnTypes(
      types,
      cat({blockT(2), i32Const(1), i64Const(2), br(0), {op::End, op::Drop, op::Drop, op::End}}))));
  EXPECT_TRUE(IsValid(fnTypes(types, cat({i32Const(1),
                                          ifT(2),
                                          i32Const(1),
                                          i64Const(2),
                                          {op::Else},
                                          i32Const(3),
                                          i64Const(4),
                                          {op::End, op::Drop, op::Drop, op::End}}))));
  // Only the parameters are visible inside the block.
  EXPECT_TRUE(IsValid(fnTypes(types, cat({i32Const(1), blockT(3), {op::Drop, op::End, op::End}}))));
  EXPECT_TRUE(IsInvalid(fnTypes(types, cat({i32Const(1),
                                            i32Const(2),
                                            blockT(3),
                                            {op::Drop, op::Drop, op::End, op::Drop, op::End}}))));
  // A loop's label carries its parameters.
  EXPECT_TRUE(
      IsValid(fnTypes(types, cat({i32Const(0), loopT(4), br(0), {op::End, op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(fnTypes(
      types, cat({i32Const(0), loopT(4), i64Const(0), br(0), {op::End, op::Drop, op::End}}))));
  // Type index out of range.
  EXPECT_TRUE(IsInvalid(fnTypes(types, cat({blockT(5), {op::End, op::End}}))));
  EXPECT_TRUE(IsInvalid(fnTypes(types, cat({blockT(1000), {op::End, op::End}}))));
  // v128 block type.
  EXPECT_TRUE(
      IsValid(fn(kVoidType, cat({block(kV128), v128Const(), {op::End, op::Drop, op::End}}))));
  // Negative codes that are no value type are malformed.
  EXPECT_TRUE(IsMalformed(fn(kVoidType, cat({block(0x7A), {op::End, op::End}}))));
  EXPECT_TRUE(IsMalformed(fn(kVoidType, cat({block(0x6E), {op::End, op::End}}))));
}

TEST(ValidatorStructure, ElseAndEndMismatchesAreMalformed) {
  // `else` is only part of the `if` production; elsewhere the bytes do not decode.
  EXPECT_TRUE(IsMalformed(fn(kVoidType, cat({block(), {op::Else, op::End, op::End}}))));
  EXPECT_TRUE(IsMalformed(fn(kVoidType, cat({loop(), {op::Else, op::End, op::End}}))));
  EXPECT_TRUE(IsMalformed(fn(kVoidType, {op::Else, op::End})));
  EXPECT_TRUE(IsMalformed(
      fn(kVoidType, cat({i32Const(1), if_(), {op::Else, op::Else, op::End, op::End}}))));
  // Missing `end`s.
  EXPECT_TRUE(IsMalformed(fn(kVoidType, cat({block(), {op::End}}))));
  EXPECT_TRUE(IsMalformed(fn(kVoidType, cat({i32Const(1), if_(), {op::Else, op::End}}))));
  EXPECT_TRUE(IsMalformed(fn(kVoidType, {})));
  // One `end` too many.
  EXPECT_TRUE(IsMalformed(fn(kVoidType, cat({block(), {op::End, op::End, op::End}}))));
}

TEST(ValidatorStructure, StackHeightAtEnd) {
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({block(), i32Const(1), {op::End, op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({block(kI32), {op::End, op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(
      fn(kVoidType, cat({block(kI32), i32Const(1), i32Const(2), {op::End, op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(kI32Result, {op::End})));
  EXPECT_TRUE(IsInvalid(fn(kVoidType, {op::Drop, op::End})));
  EXPECT_TRUE(IsValid(fn(funcType({}, {kI32, kI64}), cat({i32Const(1), i64Const(2), {op::End}}))));
  EXPECT_TRUE(
      IsInvalid(fn(funcType({}, {kI32, kI64}), cat({i64Const(2), i32Const(1), {op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(kI32Result, cat({i32Const(1), i32Const(2), {op::End}}))));
}

TEST(ValidatorStructure, BrAndBrIf) {
  EXPECT_TRUE(IsValid(
      fn(kVoidType,
         cat({block(kI32), i32Const(1), i32Const(0), brIf(0), {op::End, op::Drop, op::End}}))));
  // br_if passes its operands through with the label's types.
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({block(kI32),
                                           i64Const(1),
                                           i32Const(0),
                                           brIf(0),
                                           {op::Drop},
                                           i32Const(0),
                                           {op::End, op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({block(), i64Const(0), brIf(0), {op::End, op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({block(), br(2), {op::End, op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({i32Const(0), brIf(1), {op::End}}))));
  EXPECT_TRUE(IsValid(fn(kI32Result, cat({i32Const(0), br(0), {op::End}}))));
}

// =============================================================================================
// Locals and globals

TEST(ValidatorLocals, IndexOutOfRange) {
  const Bytes type = funcType({kI32}, {});
  const Locals locals = {{1, kI64}};
  EXPECT_TRUE(
      IsValid(fn(type, cat({localGet(0), {op::Drop}, localGet(1), {op::Drop, op::End}}), locals)));
  EXPECT_TRUE(IsInvalid(fn(type, cat({localGet(2), {op::Drop, op::End}}), locals)));
  EXPECT_TRUE(IsInvalid(fn(type, cat({i32Const(0), localSet(2), {op::End}}), locals)));
  EXPECT_TRUE(IsInvalid(fn(type, cat({i32Const(0), localTee(2), {op::Drop, op::End}}), locals)));
  EXPECT_TRUE(IsInvalid(fn(type, cat({localGet(0xFFFFFFFF), {op::Drop, op::End}}), locals)));
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({localGet(0), {op::Drop, op::End}}))));
  // Types.
  EXPECT_TRUE(IsInvalid(fn(type, cat({localGet(1), {op::I32Eqz, op::Drop, op::End}}), locals)));
  EXPECT_TRUE(IsInvalid(fn(type, cat({i64Const(0), localSet(0), {op::End}}), locals)));
  EXPECT_TRUE(
      IsValid(fn(type, cat({i64Const(0), localTee(1), {op::I64Eqz, op::Drop, op::End}}), locals)));
  EXPECT_TRUE(IsInvalid(
      fn(type, cat({i64Const(0), localTee(1), {op::I32Eqz, op::Drop, op::End}}), locals)));
  // Locals of every type, including v128 and references.
  EXPECT_TRUE(IsValid(fn(kVoidType,
                         cat({localGet(0),
                              {op::Drop},
                              localGet(1),
                              {op::Drop},
                              localGet(2),
                              {op::RefIsNull, op::Drop, op::End}}),
                         {{1, kV128}, {1, kF64}, {1, kExternRef}})));
}

TEST(ValidatorGlobals, SetOfImmutableGlobalIsInvalid) {
  auto module = [](const Bytes& code) {
    ModuleParts m = fnParts({kVoidType}, code);
    m.imports = {importGlobal("env", "c", kI32, kConst), importGlobal("env", "m", kI64, kMut)};
    m.globals = {global(kI32, kConst, expr(i32Const(0))), global(kF32, kMut, expr(f32Const(0)))};
    return m.build();
  };
  EXPECT_TRUE(IsInvalid(module(cat({i32Const(1), globalSet(0), {op::End}}))));
  EXPECT_TRUE(IsInvalid(module(cat({i32Const(1), globalSet(2), {op::End}}))));
  EXPECT_TRUE(IsValid(module(cat({i64Const(1), globalSet(1), {op::End}}))));
  EXPECT_TRUE(IsValid(module(cat({f32Const(1), globalSet(3), {op::End}}))));
  EXPECT_TRUE(IsInvalid(module(cat({i32Const(1), globalSet(3), {op::End}}))));
  EXPECT_TRUE(IsInvalid(module(cat({i32Const(1), globalSet(4), {op::End}}))));
  EXPECT_TRUE(IsInvalid(module(cat({globalGet(4), {op::Drop, op::End}}))));
  EXPECT_TRUE(IsValid(
      module(cat({globalGet(1), {op::I64Eqz, op::Drop}, globalGet(2), {op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(module(cat({globalGet(0), {op::I64Eqz, op::Drop, op::End}}))));
}

// =============================================================================================
// ref.func and the declared-references set C.refs

TEST(ValidatorRefFunc, DeclarationsFromGlobalsExportsAndElements) {
  // ref_func.wast "Reference declaration": six ways to declare a function reference.
  ModuleParts m;
  m.types = {kVoidType};
  m.funcs = {0, 0, 0, 0, 0, 0, 0};
  m.tables = {tableType(kFuncRef, limits(1))};
  m.globals = {global(kFuncRef, kConst, expr(refFunc(0)))};
  m.exports = {exportEntry("f", kExternFunc, 1)};
  m.elems = {
      Bytes{0x00} + expr(i32Const(0)) + vecU32({2}),              // active, func
      Bytes{0x04} + expr(i32Const(0)) + vec({expr(refFunc(3))}),  // active, expr
      Bytes{0x01, 0x00} + vecU32({4}),                            // passive, func
      Bytes{0x05, kFuncRef} + vec({expr(refFunc(5))}),            // passive, expr
  };
  Bytes body;
  for (uint32_t f = 0; f < 6; ++f) body += refFunc(f) + Bytes{op::Drop};
  body += Bytes{op::End};
  m.bodies = std::vector<Bytes>(6, funcBody({op::End}));
  m.bodies.push_back(funcBody(body));
  EXPECT_TRUE(IsValid(m.build()));

  // Declarative segments, both encodings.
  ModuleParts d = fnParts({kVoidType}, cat({refFunc(0), {op::Drop, op::End}}));
  d.elems = {Bytes{0x03, 0x00} + vecU32({0})};
  EXPECT_TRUE(IsValid(d.build()));
  d.elems = {Bytes{0x07, kFuncRef} + vec({expr(refFunc(0))})};
  EXPECT_TRUE(IsValid(d.build()));

  // An exported import.
  ModuleParts imp = fnParts({kVoidType}, cat({refFunc(0), {op::Drop, op::End}}));
  imp.imports = {importFunc("env", "f", 0)};
  imp.exports = {exportEntry("f", kExternFunc, 0)};
  EXPECT_TRUE(IsValid(imp.build()));
}

TEST(ValidatorRefFunc, UndeclaredReferenceIsInvalid) {
  // ref_func.wast: (func $f (drop (ref.func $f))) and the same with (start $f).
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({refFunc(0), {op::Drop, op::End}}))));
  ModuleParts withStart = fnParts({kVoidType}, cat({refFunc(0), {op::Drop, op::End}}));
  withStart.start = 0;
  EXPECT_TRUE(IsInvalid(withStart.build()));
  // Mentioned only in another function's body.
  ModuleParts two;
  two.types = {kVoidType};
  two.funcs = {0, 0};
  two.bodies = {funcBody(cat({refFunc(1), {op::Drop, op::End}})),
                funcBody(cat({refFunc(0), {op::Drop, op::End}}))};
  EXPECT_TRUE(IsInvalid(two.build()));
  // Declared function 0 does not declare function 1.
  ModuleParts partly = two;
  partly.exports = {exportEntry("f0", kExternFunc, 0)};
  EXPECT_TRUE(IsInvalid(partly.build()));
  partly.exports.push_back(exportEntry("f1", kExternFunc, 1));
  EXPECT_TRUE(IsValid(partly.build()));
  // Out of range.
  ModuleParts oob = fnParts({kVoidType}, cat({refFunc(1), {op::Drop, op::End}}));
  oob.exports = {exportEntry("f", kExternFunc, 0)};
  EXPECT_TRUE(IsInvalid(oob.build()));
}

// =============================================================================================
// Bulk memory and the data count section

TEST(ValidatorBulkMemory, MemoryInitAndDataDropNeedDataCount) {
  auto module = [](const Bytes& code, bool withDataCount, bool withMemory = true) {
    ModuleParts m = fnParts({kVoidType}, code);
    if (withMemory) m.memories = {limits(1)};
    if (withDataCount) m.dataCount = 1;
    m.data = {dataPassive({1, 2, 3})};
    return m.build();
  };
  const Bytes memoryInit =
      cat({i32Const(0), i32Const(0), i32Const(0), miscOp(misc::MemoryInit), {0x00, 0x00, op::End}});
  const Bytes dataDrop = cat({miscOp(misc::DataDrop), {0x00, op::End}});
  // binary.wast: "data count section required".
  EXPECT_TRUE(IsMalformed(module(memoryInit, false)));
  EXPECT_TRUE(IsMalformed(module(dataDrop, false)));
  EXPECT_TRUE(IsValid(module(memoryInit, true)));
  EXPECT_TRUE(IsValid(module(dataDrop, true)));
  // Segment index out of range.
  EXPECT_TRUE(IsInvalid(module(cat({miscOp(misc::DataDrop), {0x01, op::End}}), true)));
  EXPECT_TRUE(IsInvalid(module(
      cat({i32Const(0), i32Const(0), i32Const(0), miscOp(misc::MemoryInit), {0x01, 0x00, op::End}}),
      true)));
  // memory.init needs a memory; data.drop does not.
  EXPECT_TRUE(IsInvalid(module(memoryInit, true, false)));
  EXPECT_TRUE(IsValid(module(dataDrop, true, false)));
  // Operand types.
  EXPECT_TRUE(IsInvalid(module(
      cat({i32Const(0), i64Const(0), i32Const(0), miscOp(misc::MemoryInit), {0x00, 0x00, op::End}}),
      true)));
}

TEST(ValidatorBulkMemory, CopyFillAndReservedBytes) {
  const Bytes three = cat({i32Const(0), i32Const(0), i32Const(0)});
  EXPECT_TRUE(
      IsValid(fnMem(kVoidType, cat({three, miscOp(misc::MemoryCopy), {0x00, 0x00, op::End}}))));
  EXPECT_TRUE(IsValid(fnMem(kVoidType, cat({three, miscOp(misc::MemoryFill), {0x00, op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({three, miscOp(misc::MemoryFill), {0x00, op::End}}))));
  // binary.wast: memory.size / memory.grow reserved byte must be a single zero byte.
  EXPECT_TRUE(IsValid(fnMem(kVoidType, {op::MemorySize, 0x00, op::Drop, op::End})));
  EXPECT_TRUE(IsMalformed(fnMem(kVoidType, {op::MemorySize, 0x01, op::Drop, op::End})));
  EXPECT_TRUE(
      IsMalformed(fnMem(kVoidType, cat({i32Const(0), {op::MemoryGrow, 0x01, op::Drop, op::End}}))));
  EXPECT_TRUE(IsMalformed(
      fnMem(kVoidType, cat({i32Const(0), {op::MemoryGrow, 0x80, 0x00, op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(kVoidType, {op::MemorySize, 0x00, op::Drop, op::End})));
}

// =============================================================================================
// Memory access alignment

TEST(ValidatorAlignment, LargerThanNaturalIsInvalid) {
  auto load = [](uint8_t opcode, uint32_t align) {
    return fnMem(kVoidType, cat({i32Const(0), mem(opcode, align), {op::Drop, op::End}}));
  };
  EXPECT_TRUE(IsValid(load(op::I32Load, 0)));
  EXPECT_TRUE(IsValid(load(op::I32Load, 2)));
  EXPECT_TRUE(IsInvalid(load(op::I32Load, 3)));
  EXPECT_TRUE(IsValid(load(op::I32Load8U, 0)));
  EXPECT_TRUE(IsInvalid(load(op::I32Load8U, 1)));
  EXPECT_TRUE(IsValid(load(op::I32Load16S, 1)));
  EXPECT_TRUE(IsInvalid(load(op::I32Load16S, 2)));
  EXPECT_TRUE(IsValid(load(op::I64Load, 3)));
  EXPECT_TRUE(IsInvalid(load(op::I64Load, 4)));
  EXPECT_TRUE(IsValid(load(op::I64Load32U, 2)));
  EXPECT_TRUE(IsInvalid(load(op::I64Load32U, 3)));
  EXPECT_TRUE(IsInvalid(load(op::F32Load, 3)));
  EXPECT_TRUE(IsValid(load(op::F64Load, 3)));
  // align.wast: 2**31 is invalid, 2**32 and beyond are malformed memop flags.
  EXPECT_TRUE(IsInvalid(load(op::I32Load, 31)));
  EXPECT_TRUE(IsMalformed(load(op::I32Load, 32)));
  EXPECT_TRUE(IsMalformed(load(op::I32Load, 64)));

  auto store = [](uint8_t opcode, uint32_t align, const Bytes& value) {
    return fnMem(kVoidType, cat({i32Const(0), value, mem(opcode, align), {op::End}}));
  };
  EXPECT_TRUE(IsValid(store(op::I32Store, 2, i32Const(0))));
  EXPECT_TRUE(IsInvalid(store(op::I32Store, 3, i32Const(0))));
  EXPECT_TRUE(IsInvalid(store(op::I32Store8, 1, i32Const(0))));
  EXPECT_TRUE(IsValid(store(op::I64Store32, 2, i64Const(0))));
  EXPECT_TRUE(IsInvalid(store(op::I64Store32, 3, i64Const(0))));
  EXPECT_TRUE(IsInvalid(store(op::I64Store, 3, i32Const(0))));  // value type

  // SIMD.
  EXPECT_TRUE(IsValid(
      fnMem(kVoidType, cat({i32Const(0), simdOp(simd::V128Load), {4, 0}, {op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(
      fnMem(kVoidType, cat({i32Const(0), simdOp(simd::V128Load), {5, 0}, {op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(fnMem(kVoidType, cat({i32Const(0),
                                              v128Const(),
                                              simdOp(simd::V128Load8Lane),
                                              {1, 0, 0},
                                              {op::Drop, op::End}}))));
  EXPECT_TRUE(IsValid(fnMem(kVoidType, cat({i32Const(0),
                                            v128Const(),
                                            simdOp(simd::V128Load64Lane),
                                            {3, 0, 1},
                                            {op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(fnMem(kVoidType, cat({i32Const(0),
                                              v128Const(),
                                              simdOp(simd::V128Load64Lane),
                                              {4, 0, 1},
                                              {op::Drop, op::End}}))));

  // No memory at all.
  EXPECT_TRUE(
      IsInvalid(fn(kVoidType, cat({i32Const(0), mem(op::I32Load, 2), {op::Drop, op::End}}))));
}

// =============================================================================================
// Calls

TEST(ValidatorCalls, CallIndirect) {
  const Bytes sig = funcType({kI32}, {kI32});
  auto module = [&](const Bytes& code, std::vector<Bytes> tables) {
    ModuleParts m = fnParts({kVoidType, sig}, code);
    m.tables = std::move(tables);
    return m.build();
  };
  const Bytes goodCall = cat({i32Const(5), i32Const(0), callIndirect(1, 0), {op::Drop, op::End}});
  const Bytes funcTable = tableType(kFuncRef, limits(1));
  EXPECT_TRUE(IsValid(module(goodCall, {funcTable})));
  // No table.
  EXPECT_TRUE(IsInvalid(module(goodCall, {})));
  // Table index out of range.
  EXPECT_TRUE(IsInvalid(module(
      cat({i32Const(5), i32Const(0), callIndirect(1, 1), {op::Drop, op::End}}), {funcTable})));
  // Table 1 of two is fine.
  EXPECT_TRUE(
      IsValid(module(cat({i32Const(5), i32Const(0), callIndirect(1, 1), {op::Drop, op::End}}),
                     {funcTable, funcTable})));
  // externref table.
  EXPECT_TRUE(IsInvalid(module(goodCall, {tableType(kExternRef, limits(1))})));
  // Type index out of range.
  EXPECT_TRUE(IsInvalid(module(
      cat({i32Const(5), i32Const(0), callIndirect(2, 0), {op::Drop, op::End}}), {funcTable})));
  // Operand types: argument and the i32 table index.
  EXPECT_TRUE(IsInvalid(module(
      cat({i64Const(5), i32Const(0), callIndirect(1, 0), {op::Drop, op::End}}), {funcTable})));
  EXPECT_TRUE(IsInvalid(module(
      cat({i32Const(5), i64Const(0), callIndirect(1, 0), {op::Drop, op::End}}), {funcTable})));
}

TEST(ValidatorCalls, DirectCalls) {
  ModuleParts m;
  m.types = {kVoidType, funcType({kI32, kI64}, {kF32})};
  m.funcs = {0, 1};
  m.bodies = {funcBody(cat({i32Const(1), i64Const(2), call(1), {op::Drop, op::End}})),
              funcBody(cat({f32Const(0), {op::End}}))};
  EXPECT_TRUE(IsValid(m.build()));
  m.bodies[0] = funcBody(cat({i64Const(2), i32Const(1), call(1), {op::Drop, op::End}}));
  EXPECT_TRUE(IsInvalid(m.build()));
  m.bodies[0] = funcBody(cat({i32Const(1), i64Const(2), call(1), {op::I32Eqz, op::Drop, op::End}}));
  EXPECT_TRUE(IsInvalid(m.build()));
  m.bodies[0] = funcBody(cat({call(2), {op::End}}));
  EXPECT_TRUE(IsInvalid(m.build()));
}

// =============================================================================================
// Module-level rules the brief calls out (also covered in module_decoder_test.cc)

TEST(ValidatorModule, StartFunctionWithParamsIsInvalid) {
  ModuleParts m = fnParts({funcType({kI32}, {})}, {op::End});
  m.start = 0;
  EXPECT_TRUE(IsInvalid(m.build()));
  ModuleParts ok = fnParts({kVoidType}, {op::End});
  ok.start = 0;
  EXPECT_TRUE(IsValid(ok.build()));
}

TEST(ValidatorModule, DuplicateExportNamesAreInvalid) {
  ModuleParts m = fnParts({kVoidType}, {op::End});
  m.globals = {global(kI32, kConst, expr(i32Const(0)))};
  m.exports = {exportEntry("x", kExternFunc, 0), exportEntry("x", kExternGlobal, 0)};
  EXPECT_TRUE(IsInvalid(m.build()));
  m.exports = {exportEntry("x", kExternFunc, 0), exportEntry("y", kExternGlobal, 0)};
  EXPECT_TRUE(IsValid(m.build()));
}

// =============================================================================================
// Constant expressions (2.0: t.const, ref.null, ref.func, global.get of an imported immutable
// global; nothing else)

TEST(ValidatorConstExpr, GlobalGetRules) {
  auto module = [](std::vector<Bytes> imports, std::vector<Bytes> globals) {
    ModuleParts m;
    m.imports = std::move(imports);
    m.globals = std::move(globals);
    return m.build();
  };
  const Bytes importedConst = importGlobal("env", "c", kI32, kConst);
  const Bytes importedMut = importGlobal("env", "m", kI32, kMut);
  EXPECT_TRUE(IsValid(module({importedConst}, {global(kI32, kConst, expr(globalGet(0)))})));
  EXPECT_TRUE(IsValid(module({importedConst}, {global(kI32, kMut, expr(globalGet(0)))})));
  // global.wast / data.wast: mutable imported global.
  EXPECT_TRUE(IsInvalid(module({importedMut}, {global(kI32, kConst, expr(globalGet(0)))})));
  // A module-defined global, even an earlier immutable one ("unknown global" in 2.0).
  EXPECT_TRUE(IsInvalid(module(
      {}, {global(kI32, kConst, expr(i32Const(0))), global(kI32, kConst, expr(globalGet(0)))})));
  EXPECT_TRUE(IsInvalid(module({importedConst}, {global(kI32, kConst, expr(i32Const(0))),
                                                 global(kI32, kConst, expr(globalGet(1)))})));
  // Self-reference / out of range.
  EXPECT_TRUE(IsInvalid(module({}, {global(kI32, kConst, expr(globalGet(0)))})));
  EXPECT_TRUE(IsInvalid(module({importedConst}, {global(kI32, kConst, expr(globalGet(5)))})));
  // Type of the referenced global.
  EXPECT_TRUE(IsInvalid(module({importedConst}, {global(kI64, kConst, expr(globalGet(0)))})));
  // global.get of an imported funcref global in an element expression.
  ModuleParts e;
  e.imports = {importGlobal("env", "r", kFuncRef, kConst)};
  e.tables = {tableType(kFuncRef, limits(1))};
  e.elems = {Bytes{0x04} + expr(i32Const(0)) + vec({expr(globalGet(0))})};
  EXPECT_TRUE(IsValid(e.build()));
}

TEST(ValidatorConstExpr, NonConstantInstructionsAreInvalid) {
  auto g = [](const Bytes& init, uint8_t type = kI32) {
    ModuleParts m;
    m.globals = {global(type, kConst, init)};
    return m.build();
  };
  // Extended constant expressions are not in 2.0.
  EXPECT_TRUE(IsInvalid(g(expr(cat({i32Const(1), i32Const(2), {op::I32Add}})))));
  EXPECT_TRUE(IsInvalid(g(expr(cat({i64Const(1), i64Const(2), {op::I64Add}})), kI64)));
  EXPECT_TRUE(IsInvalid(g(expr(cat({i32Const(1), {op::I32Eqz}})))));
  EXPECT_TRUE(IsInvalid(g(expr(Bytes{op::Nop} + i32Const(0)))));
  EXPECT_TRUE(IsInvalid(g(expr(i32Const(0) + Bytes{op::Nop}))));
  EXPECT_TRUE(IsInvalid(g(expr(Bytes{op::Unreachable}))));
  EXPECT_TRUE(IsInvalid(g(expr(localGet(0)))));
  EXPECT_TRUE(IsInvalid(g(expr(cat({block(kI32), i32Const(0), {op::End}})))));
  EXPECT_TRUE(IsInvalid(g(expr(cat({i32Const(0), i32Const(1), {op::Drop}})))));
  // data.wast / elem.wast: offsets.
  ModuleParts d;
  d.memories = {limits(1)};
  d.data = {dataActive(expr(cat({i32Const(0), {0x68}})), {1})};  // i32.ctz
  EXPECT_TRUE(IsInvalid(d.build()));
  d.data = {dataActive(expr(Bytes{op::Nop} + i32Const(0)), {1})};
  EXPECT_TRUE(IsInvalid(d.build()));
  ModuleParts e;
  e.tables = {tableType(kFuncRef, limits(1))};
  e.elems = {Bytes{0x00} + expr(cat({i32Const(0), {op::Nop}})) + vecU32({})};
  EXPECT_TRUE(IsInvalid(e.build()));
  e.elems = {Bytes{0x05, kFuncRef} +
             vec({expr(cat({refNull(kFuncRef), {op::Drop}}) + refNull(kFuncRef))})};
  EXPECT_TRUE(IsInvalid(e.build()));
}

// =============================================================================================
// SIMD

TEST(ValidatorSimd, ShuffleLaneIndices) {
  auto shuffle = [](const Bytes& lanes) {
    return fn(
        kVoidType,
        cat({v128Const(), v128Const(), simdOp(simd::I8x16Shuffle), lanes, {op::Drop, op::End}}));
  };
  Bytes lanes(16, 0);
  for (uint8_t i = 0; i < 16; ++i) lanes[i] = static_cast<uint8_t>(31 - i);
  EXPECT_TRUE(IsValid(shuffle(lanes)));
  lanes[7] = 32;
  EXPECT_TRUE(IsInvalid(shuffle(lanes)));
  lanes[7] = 255;
  EXPECT_TRUE(IsInvalid(shuffle(lanes)));
  // Operands are two v128s.
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({v128Const(),
                                           i32Const(0),
                                           simdOp(simd::I8x16Shuffle),
                                           Bytes(16, 0),
                                           {op::Drop, op::End}}))));
}

TEST(ValidatorSimd, ExtractAndReplaceLaneIndices) {
  struct LaneOp {
    uint32_t opcode;
    uint8_t lanes;
    uint8_t resultType;  // extract: the scalar type; replace: kV128
    Bytes scalar;        // replace: the scalar operand; extract: empty
  };
  const LaneOp ops[] = {
      {simd::I8x16ExtractLaneS, 16, kI32, {}},
      {simd::I8x16ExtractLaneU, 16, kI32, {}},
      {simd::I16x8ExtractLaneS, 8, kI32, {}},
      {simd::I16x8ExtractLaneU, 8, kI32, {}},
      {simd::I32x4ExtractLane, 4, kI32, {}},
      {simd::I64x2ExtractLane, 2, kI64, {}},
      {simd::F32x4ExtractLane, 4, kF32, {}},
      {simd::F64x2ExtractLane, 2, kF64, {}},
      {simd::I8x16ReplaceLane, 16, kV128, i32Const(1)},
      {simd::I16x8ReplaceLane, 8, kV128, i32Const(1)},
      {simd::I32x4ReplaceLane, 4, kV128, i32Const(1)},
      {simd::I64x2ReplaceLane, 2, kV128, i64Const(1)},
      {simd::F32x4ReplaceLane, 4, kV128, f32Const(1)},
      {simd::F64x2ReplaceLane, 2, kV128, f64Const(1)},
  };
  for (const LaneOp& o : ops) {
    SCOPED_TRACE(o.opcode);
    auto body = [&](uint8_t lane) {
      return fn(funcType({}, {o.resultType}),
                cat({v128Const(), o.scalar, simdOp(o.opcode), {lane, op::End}}));
    };
    EXPECT_TRUE(IsValid(body(0)));
    EXPECT_TRUE(IsValid(body(static_cast<uint8_t>(o.lanes - 1))));
    EXPECT_TRUE(IsInvalid(body(o.lanes)));
    EXPECT_TRUE(IsInvalid(body(255)));
  }
  // Lane loads/stores too.
  auto laneLoad = [](uint32_t opcode, uint8_t align, uint8_t lane) {
    return fnMem(
        kVoidType,
        cat({i32Const(0), v128Const(), simdOp(opcode), {align, 0, lane}, {op::Drop, op::End}}));
  };
  EXPECT_TRUE(IsValid(laneLoad(simd::V128Load8Lane, 0, 15)));
  EXPECT_TRUE(IsInvalid(laneLoad(simd::V128Load8Lane, 0, 16)));
  EXPECT_TRUE(IsValid(laneLoad(simd::V128Load32Lane, 2, 3)));
  EXPECT_TRUE(IsInvalid(laneLoad(simd::V128Load32Lane, 2, 4)));
  EXPECT_TRUE(IsInvalid(
      fnMem(kVoidType,
            cat({i32Const(0), v128Const(), simdOp(simd::V128Store8Lane), {0, 0, 16}, {op::End}}))));
}

TEST(ValidatorSimd, OperandTypes) {
  // i32x4.add takes two v128s and gives a v128.
  EXPECT_TRUE(IsValid(fn(funcType({}, {kV128}),
                         cat({v128Const(), v128Const(), simdOp(simd::I32x4Add), {op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(funcType({}, {kV128}),
                           cat({i32Const(0), i32Const(0), simdOp(simd::I32x4Add), {op::End}}))));
  EXPECT_TRUE(IsInvalid(
      fn(kI32Result, cat({v128Const(), v128Const(), simdOp(simd::I32x4Add), {op::End}}))));
  // Splats take the lane's scalar type.
  EXPECT_TRUE(
      IsValid(fn(kVoidType, cat({i32Const(1), simdOp(simd::I8x16Splat), {op::Drop, op::End}}))));
  EXPECT_TRUE(
      IsInvalid(fn(kVoidType, cat({i64Const(1), simdOp(simd::I8x16Splat), {op::Drop, op::End}}))));
  EXPECT_TRUE(
      IsValid(fn(kVoidType, cat({i64Const(1), simdOp(simd::I64x2Splat), {op::Drop, op::End}}))));
  EXPECT_TRUE(
      IsValid(fn(kVoidType, cat({f32Const(1), simdOp(simd::F32x4Splat), {op::Drop, op::End}}))));
  EXPECT_TRUE(
      IsInvalid(fn(kVoidType, cat({i32Const(1), simdOp(simd::F32x4Splat), {op::Drop, op::End}}))));
  // Extract-lane results and any_true give scalars.
  EXPECT_TRUE(IsValid(fn(
      kVoidType, cat({v128Const(), simdOp(simd::V128AnyTrue), {op::I32Eqz, op::Drop, op::End}}))));
  EXPECT_TRUE(IsValid(fn(kVoidType, cat({v128Const(),
                                         simdOp(simd::F32x4ExtractLane),
                                         {0},
                                         f32Const(1),
                                         {op::F32Add, op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(
      kVoidType,
      cat({v128Const(), simdOp(simd::I64x2ExtractLane), {0}, {op::I32Eqz, op::Drop, op::End}}))));
  // Ternary bitselect; swizzle; not.
  EXPECT_TRUE(IsValid(fn(kVoidType, cat({v128Const(),
                                         v128Const(),
                                         v128Const(),
                                         simdOp(simd::V128Bitselect),
                                         simdOp(simd::V128Not),
                                         {op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(kVoidType, cat({v128Const(),
                                           v128Const(),
                                           i32Const(0),
                                           simdOp(simd::V128Bitselect),
                                           {op::Drop, op::End}}))));
  // v128 values in locals, params, results and globals.
  EXPECT_TRUE(IsValid(fn(funcType({kV128}, {kV128}),
                         cat({localGet(0), localGet(1), simdOp(simd::I8x16Swizzle), {op::End}}),
                         {{1, kV128}})));
  // v128.const is 16 immediate bytes: a truncated one is malformed.
  EXPECT_TRUE(IsMalformed(fn(kVoidType, cat({simdOp(simd::V128Const), Bytes(15, 0)}))));
}

// =============================================================================================
// Misc opcodes and tables

TEST(ValidatorMisc, UnknownOpcodesAreMalformed) {
  EXPECT_TRUE(IsMalformed(fn(kVoidType, {0x27, op::End})));
  EXPECT_TRUE(IsMalformed(fn(kVoidType, {0x06, op::End})));  // try (exceptions, not 2.0)
  EXPECT_TRUE(IsMalformed(fn(kVoidType, {0xC5, op::End})));
  EXPECT_TRUE(IsMalformed(fn(kVoidType, {0xFF, op::End})));
  EXPECT_TRUE(IsMalformed(fn(kVoidType, cat({miscOp(18), {op::End}}))));
  EXPECT_TRUE(IsMalformed(fn(kVoidType, cat({miscOp(0xFFFFFFFF), {op::End}}))));
  // return_call (tail calls, not 2.0).
  EXPECT_TRUE(IsMalformed(fn(kVoidType, cat({Bytes{0x12}, u32(0), {op::End}}))));
}

TEST(ValidatorMisc, References) {
  EXPECT_TRUE(IsValid(fn(kI32Result, cat({refNull(kFuncRef), {op::RefIsNull, op::End}}))));
  EXPECT_TRUE(IsInvalid(fn(kI32Result, cat({i32Const(0), {op::RefIsNull, op::End}}))));
  EXPECT_TRUE(IsMalformed(fn(kVoidType, cat({refNull(kI32), {op::Drop, op::End}}))));
  // ref.is_null on an unknown operand is fine.
  EXPECT_TRUE(IsValid(fn(kI32Result, {op::Unreachable, op::RefIsNull, op::End})));
}

TEST(ValidatorMisc, TableInstructions) {
  auto module = [](const Bytes& code) {
    ModuleParts m = fnParts({kVoidType}, code);
    m.tables = {tableType(kFuncRef, limits(1)), tableType(kExternRef, limits(1))};
    m.elems = {Bytes{0x01, 0x00} + vecU32({0})};  // passive funcref, declares function 0
    return m.build();
  };
  EXPECT_TRUE(IsValid(module(cat({i32Const(0), {op::TableGet, 0x00, op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(module(cat({i32Const(0), {op::TableGet, 0x02, op::Drop, op::End}}))));
  EXPECT_TRUE(
      IsValid(module(cat({i32Const(0), refNull(kExternRef), {op::TableSet, 0x01, op::End}}))));
  EXPECT_TRUE(
      IsInvalid(module(cat({i32Const(0), refNull(kExternRef), {op::TableSet, 0x00, op::End}}))));
  // table.init 0 into table 0 (funcref) is fine; into table 1 (externref) is a type mismatch.
  const Bytes three = cat({i32Const(0), i32Const(0), i32Const(0)});
  EXPECT_TRUE(IsValid(module(cat({three, miscOp(misc::TableInit), {0x00, 0x00, op::End}}))));
  EXPECT_TRUE(IsInvalid(module(cat({three, miscOp(misc::TableInit), {0x00, 0x01, op::End}}))));
  EXPECT_TRUE(IsInvalid(module(cat({three, miscOp(misc::TableInit), {0x01, 0x00, op::End}}))));
  EXPECT_TRUE(IsValid(module(cat({miscOp(misc::ElemDrop), {0x00, op::End}}))));
  EXPECT_TRUE(IsInvalid(module(cat({miscOp(misc::ElemDrop), {0x01, op::End}}))));
  // table.copy dst=0 src=0 fine; between funcref and externref tables invalid.
  EXPECT_TRUE(IsValid(module(cat({three, miscOp(misc::TableCopy), {0x00, 0x00, op::End}}))));
  EXPECT_TRUE(IsInvalid(module(cat({three, miscOp(misc::TableCopy), {0x00, 0x01, op::End}}))));
  EXPECT_TRUE(IsValid(module(cat(
      {refNull(kExternRef), i32Const(1), miscOp(misc::TableGrow), {0x01, op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(module(cat(
      {refNull(kExternRef), i32Const(1), miscOp(misc::TableGrow), {0x00, op::Drop, op::End}}))));
  EXPECT_TRUE(IsValid(module(cat({miscOp(misc::TableSize), {0x01, op::Drop, op::End}}))));
  EXPECT_TRUE(IsInvalid(module(cat({miscOp(misc::TableSize), {0x02, op::Drop, op::End}}))));
  EXPECT_TRUE(IsValid(module(
      cat({i32Const(0), refFunc(0), i32Const(1), miscOp(misc::TableFill), {0x00, op::End}}))));
}

// =============================================================================================
// Deep nesting must not crash the validator (recursion / unbounded stacks).

Bytes nested(const Bytes& open, size_t depth, const Bytes& inner, const Bytes& close) {
  Bytes code;
  code.reserve(depth * (open.size() + close.size()) + inner.size() + 1);
  for (size_t i = 0; i < depth; ++i) code += open;
  code += inner;
  for (size_t i = 0; i < depth; ++i) code += close;
  code.push_back(op::End);
  return code;
}

::testing::AssertionResult ValidOrLimit(const Bytes& wasm) {
  auto start = std::chrono::steady_clock::now();
  Result<Module> r = compileBytes(wasm);
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (seconds > 10) return ::testing::AssertionFailure() << "took " << seconds << " s";
  if (r.ok() || r.error().kind == ErrorKind::Limit) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << describe(r.error());
}

::testing::AssertionResult FailsCleanly(const Bytes& wasm, ErrorKind expected) {
  Result<Module> r = compileBytes(wasm);
  if (r.ok()) return ::testing::AssertionFailure() << "compiled";
  if (r.error().kind == expected || r.error().kind == ErrorKind::Limit) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << describe(r.error());
}

TEST(ValidatorDeepNesting, HundredThousandBlocks) {
  EXPECT_TRUE(ValidOrLimit(fn(kVoidType, nested(block(), 100000, {}, {op::End}))));
  EXPECT_TRUE(ValidOrLimit(fn(kVoidType, nested(loop(), 100000, {}, {op::End}))));
  EXPECT_TRUE(ValidOrLimit(fn(kI32Result, nested(block(kI32), 100000, i32Const(7), {op::End}))));
  EXPECT_TRUE(
      ValidOrLimit(fn(kVoidType, nested(i32Const(1) + if_(), 100000, {}, {op::Else, op::End}))));
}

TEST(ValidatorDeepNesting, MillionBlocks) {
  EXPECT_TRUE(ValidOrLimit(fn(kVoidType, nested(block(), 1000000, {}, {op::End}))));
}

TEST(ValidatorDeepNesting, ErrorsDeepInside) {
  // Type error at the bottom of 100,000 blocks.
  EXPECT_TRUE(FailsCleanly(fn(kVoidType, nested(block(), 100000, {op::I32Add}, {op::End})),
                           ErrorKind::Invalid));
  // Never closed.
  Bytes unclosed;
  for (int i = 0; i < 100000; ++i) unclosed += block();
  EXPECT_TRUE(FailsCleanly(fn(kVoidType, unclosed), ErrorKind::Malformed));
  // br out of 100,000 blocks to the function level, with a bad depth.
  EXPECT_TRUE(ValidOrLimit(fn(kVoidType, nested(block(), 100000, br(100000), {op::End}))));
  EXPECT_TRUE(FailsCleanly(fn(kVoidType, nested(block(), 100000, br(100001), {op::End})),
                           ErrorKind::Invalid));
}

}  // namespace
}  // namespace sable
