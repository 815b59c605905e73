#include "core/opcodes.h"

#include <initializer_list>

#include "core/function_body_decoder.h"
#include "core/operator_facts.h"

namespace sable {

const char* opcodeName(Opcode op) {
  switch (op) {
#define SABLE_NAME_4(name, code, a, text) \
  case Opcode::name:                      \
    return text;
#define SABLE_NAME_5(name, code, a, b, text) \
  case Opcode::name:                         \
    return text;
#define SABLE_NAME_6(name, code, a, b, c, text) \
  case Opcode::name:                            \
    return text;
    SABLE_FOREACH_SPECIAL_OPCODE(SABLE_NAME_5)
    SABLE_FOREACH_SIMPLE_OPCODE(SABLE_NAME_5)
    SABLE_FOREACH_LOAD_OPCODE(SABLE_NAME_6)
    SABLE_FOREACH_STORE_OPCODE(SABLE_NAME_6)
    SABLE_FOREACH_SIMD_EXTRACT_LANE_OPCODE(SABLE_NAME_5)
    SABLE_FOREACH_SIMD_REPLACE_LANE_OPCODE(SABLE_NAME_5)
    SABLE_FOREACH_SIMD_LOAD_LANE_OPCODE(SABLE_NAME_4)
    SABLE_FOREACH_SIMD_STORE_LANE_OPCODE(SABLE_NAME_4)
    SABLE_FOREACH_SIMD_SIMPLE_OPCODE(SABLE_NAME_5)
#undef SABLE_NAME_4
#undef SABLE_NAME_5
#undef SABLE_NAME_6
  }
  return nullptr;
}

namespace {

constexpr SigTypes makeSig(ValType result, std::initializer_list<ValType> params) {
  SigTypes s{};
  s.numParams = static_cast<uint8_t>(params.size());
  s.hasResult = true;
  s.result = result;
  uint8_t i = 0;
  for (ValType p : params) s.params[i++] = p;
  return s;
}

using enum ValType;
#define SABLE_SIG_TABLE_ENTRY(name, result, ...) makeSig(result, {__VA_ARGS__}),
constexpr SigTypes kSigTable[] = {SABLE_FOREACH_SIG(SABLE_SIG_TABLE_ENTRY)};
#undef SABLE_SIG_TABLE_ENTRY

// One-element arrays for block types written as a single value type.
constexpr ValType kSingleTypes[] = {ValType::I32,      ValType::I64,  ValType::F32,
                                    ValType::F64,      ValType::V128, ValType::FuncRef,
                                    ValType::ExternRef};

}  // namespace

const SigTypes& sigTypes(Sig sig) { return kSigTable[static_cast<size_t>(sig)]; }

Sig simpleOpcodeSig(Opcode op) { return operatorFacts(op).sig; }

ValType memoryOpcodeType(Opcode op) { return operatorFacts(op).type; }

std::span<const ValType> singleValTypeSpan(ValType type) {
  for (const ValType& t : kSingleTypes) {
    if (t == type) return {&t, 1};
  }
  return {};
}

}  // namespace sable
