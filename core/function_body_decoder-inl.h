// Implementation of FunctionBodyDecoder (a template, so it lives in a header).
#pragma once

#include "core/function_body_decoder.h"

namespace sable {

template <typename Visitor>
Result<void> FunctionBodyDecoder<Visitor>::decode(uint32_t definedIndex, Visitor& visitor) {
  const FunctionBody& body = module_.bodies[definedIndex];
  const uint8_t* begin = module_.bytes.data() + body.offset;
  BinaryReader r(begin, begin + body.size, body.offset);
  const FuncType& type =
      module_.types[module_.functionTypes[module_.numImportedFunctions + definedIndex]];

  locals_.clear();
  stack_.clear();
  control_.clear();
  codeReachable_ = true;
  if (!readLocals(r, type)) return r.error();
  instructions_ = {r.pos(), r.end()};

  visitor.onFunctionStart(locals_);
  Frame fn;
  fn.kind = ControlKind::Function;
  fn.params = {};
  fn.results = type.results();
  control_.push_back(fn);
  reader_ = &r;
  decodeInstructions(r, visitor);
  reader_ = nullptr;
  if (!r.ok()) return r.error();
  return {};
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::readLocals(BinaryReader& r, const FuncType& type) {
  // Read every declaration before expanding any: a total of 2^32 or more locals is malformed,
  // which takes precedence over this implementation's (smaller) limit.
  size_t declsAt = r.offset();
  uint32_t groups = r.readCount("local declarations", kMaxFunctionLocals, 2);
  localDecls_.clear();
  uint64_t total = type.params().size();
  for (uint32_t i = 0; i < groups && r.ok(); ++i) {
    uint32_t n = r.readU32Leb();
    size_t typeAt = r.offset();
    uint8_t t = r.readU8();
    if (!r.ok()) return false;
    if (!isValTypeByte(t)) {
      r.fail(ErrorKind::Malformed, typeAt, "malformed value type");
      return false;
    }
    total += n;
    localDecls_.emplace_back(n, static_cast<ValType>(t));
  }
  if (!r.ok()) return false;
  if (total > UINT32_MAX) {
    r.fail(ErrorKind::Malformed, declsAt, "too many locals");
    return false;
  }
  if (total > kMaxFunctionLocals) {
    r.fail(ErrorKind::Limit, declsAt,
           "too many locals (limit " + std::to_string(kMaxFunctionLocals) + ")");
    return false;
  }
  locals_.assign(type.params().begin(), type.params().end());
  for (const auto& [n, t] : localDecls_) locals_.insert(locals_.end(), n, t);
  return true;
}

template <typename Visitor>
void FunctionBodyDecoder<Visitor>::typeMismatch(BinaryReader& r, ValType expected, ValType actual) {
  std::string msg = "type mismatch: expected ";
  msg += expected == kUnknownType ? "a value" : valTypeName(expected);
  msg += ", found ";
  msg += actual == kUnknownType ? "nothing" : valTypeName(actual);
  r.fail(ErrorKind::Invalid, opOffset_, std::move(msg));
}

template <typename Visitor>
ValType FunctionBodyDecoder<Visitor>::pop(BinaryReader& r) {
  const Frame& f = control_.back();
  if (stack_.size() == f.height) {
    if (!f.unreachable) typeMismatch(r, kUnknownType, kUnknownType);
    return kUnknownType;
  }
  ValType t = stack_.back();
  stack_.pop();
  return t;
}

template <typename Visitor>
ValType FunctionBodyDecoder<Visitor>::pop(BinaryReader& r, ValType expected) {
  const Frame& f = control_.back();
  if (stack_.size() == f.height) {
    if (!f.unreachable) typeMismatch(r, expected, kUnknownType);
    return kUnknownType;
  }
  ValType t = stack_.back();
  stack_.pop();
  if (t != expected && t != kUnknownType && expected != kUnknownType) typeMismatch(r, expected, t);
  return t;
}

template <typename Visitor>
void FunctionBodyDecoder<Visitor>::popAll(BinaryReader& r, std::span<const ValType> types) {
  for (size_t i = types.size(); i-- > 0;) pop(r, types[i]);
}

template <typename Visitor>
void FunctionBodyDecoder<Visitor>::checkTop(BinaryReader& r, std::span<const ValType> types,
                                            bool refine) {
  // The spec's push_vals(pop_vals(types)) (br_table) or push_vals(types) after pop_vals (br_if).
  popped_.resize(types.size());
  for (size_t i = types.size(); i-- > 0;) popped_[i] = pop(r, types[i]);
  if (refine) {
    pushAll(types);
  } else {
    stack_.pushAll(popped_);
  }
}

template <typename Visitor>
void FunctionBodyDecoder<Visitor>::pushFrame(BinaryReader& r, ControlKind kind,
                                             std::span<const ValType> params,
                                             std::span<const ValType> results) {
  if (control_.size() >= kMaxControlDepth) {
    r.fail(ErrorKind::Limit, r.offset(), "blocks nested too deeply");
    return;
  }
  popAll(r, params);
  Frame f;
  f.kind = kind;
  f.height = static_cast<uint32_t>(stack_.size());
  f.params = params;
  f.results = results;
  f.reachableAtEntry = codeReachable_;
  control_.push_back(f);
  pushAll(params);
}

template <typename Visitor>
void FunctionBodyDecoder<Visitor>::endFrameResults(BinaryReader& r, const Frame& f) {
  popAll(r, f.results);
  if (r.ok() && stack_.size() != f.height) {
    r.fail(ErrorKind::Invalid, opOffset_,
           "type mismatch: values remaining on stack at end of block");
  }
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::readBlockType(BinaryReader& r, std::span<const ValType>& params,
                                                 std::span<const ValType>& results) {
  uint8_t b = r.peekU8();
  if (b == 0x40) {
    r.readU8();
    params = {};
    results = {};
    return true;
  }
  if (isValTypeByte(b)) {
    r.readU8();
    params = {};
    results = singleValTypeSpan(static_cast<ValType>(b));
    return true;
  }
  size_t at = r.offset();
  int64_t index = r.readS33Leb();
  if (!r.ok()) return false;
  if (index < 0) {
    r.fail(ErrorKind::Malformed, at, "malformed block type");
    return false;
  }
  if (static_cast<uint64_t>(index) >= module_.types.size()) {
    r.fail(ErrorKind::Invalid, at, "unknown type " + std::to_string(index));
    return false;
  }
  const FuncType& ft = module_.types[static_cast<size_t>(index)];
  params = ft.params();
  results = ft.results();
  return true;
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::checkMemory(BinaryReader& r, uint32_t index, size_t at) {
  if (index >= module_.memories.size()) {
    r.fail(ErrorKind::Invalid, at, "unknown memory " + std::to_string(index));
    return false;
  }
  return true;
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::checkTable(BinaryReader& r, uint32_t index, size_t at) {
  if (index >= module_.tables.size()) {
    r.fail(ErrorKind::Invalid, at, "unknown table " + std::to_string(index));
    return false;
  }
  return true;
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::readZeroByte(BinaryReader& r) {
  size_t at = r.offset();
  uint8_t b = r.readU8();
  if (r.ok() && b != 0) r.fail(ErrorKind::Malformed, at, "zero byte expected");
  return r.ok();
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::readMemArg(BinaryReader& r, uint32_t naturalLog2, MemArg& out) {
  size_t at = r.offset();
  out.alignLog2 = r.readU32Leb();
  out.offset = r.readU32Leb();
  out.memoryIndex = 0;
  if (!r.ok()) return false;
  if (out.alignLog2 >= 32) {
    // Bit 6 would select a memory in multi-memory binaries; in 2.0 such flags are malformed.
    r.fail(ErrorKind::Malformed, at, "malformed memop flags");
    return false;
  }
  if (!checkMemory(r, 0, at)) return false;
  if (out.alignLog2 > naturalLog2) {
    r.fail(ErrorKind::Invalid, at, "alignment must not be larger than natural");
    return false;
  }
  return true;
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::readLabel(BinaryReader& r, uint32_t& depth) {
  size_t at = r.offset();
  depth = r.readU32Leb();
  if (!r.ok()) return false;
  if (depth >= control_.size()) {
    r.fail(ErrorKind::Invalid, at, "unknown label " + std::to_string(depth));
    return false;
  }
  return true;
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::readLane(BinaryReader& r, uint32_t lanes, size_t opOffset,
                                            uint8_t& lane) {
  lane = r.readU8();
  if (!r.ok()) return false;
  if (lane >= lanes) {
    r.fail(ErrorKind::Invalid, opOffset, "invalid lane index");
    return false;
  }
  return true;
}

template <typename Visitor>
void FunctionBodyDecoder<Visitor>::applySig(BinaryReader& r, Sig sig) {
  const SigTypes& s = sigTypes(sig);
  for (uint32_t i = s.numParams; i-- > 0;) pop(r, s.params[i]);
  if (s.hasResult) push(s.result);
}

template <typename Visitor>
void FunctionBodyDecoder<Visitor>::decodeInstructions(BinaryReader& r, Visitor& v) {
  while (r.ok()) {
    if (!v.ok()) {
      r.fail(ErrorKind::Unsupported, r.offset(), "the compiler stopped");
      return;
    }
    if (r.atEnd()) {
      r.fail(ErrorKind::Malformed, r.offset(),
             "unexpected end of function body (END opcode expected)");
      return;
    }
    size_t opOffset = r.offset();
    opOffset_ = opOffset;
    uint32_t code = r.readU8();
    if (code == kMiscPrefix || code == kSimdPrefix) {
      uint32_t sub = r.readU32Leb();
      if (!r.ok()) return;
      if (sub > 0xff) {
        r.fail(ErrorKind::Malformed, opOffset, "illegal opcode");
        return;
      }
      code = (code << 8) | sub;
    }
    const bool live = codeReachable_;
    if (live) v.onOperator(static_cast<Opcode>(code));
    switch (static_cast<Opcode>(code)) {
      case Opcode::Unreachable:
        if (live) v.onUnreachable();
        setUnreachable();
        break;
      case Opcode::Nop:
        break;
      case Opcode::Block:
      case Opcode::Loop:
      case Opcode::If: {
        std::span<const ValType> params, results;
        if (!readBlockType(r, params, results)) return;
        Opcode op = static_cast<Opcode>(code);
        if (op == Opcode::If) pop(r, ValType::I32);
        pushFrame(r,
                  op == Opcode::Block  ? ControlKind::Block
                  : op == Opcode::Loop ? ControlKind::Loop
                                       : ControlKind::If,
                  params, results);
        if (!r.ok()) return;
        Frame& f = control_.back();
        if (op == Opcode::Block)
          v.onBlock(f);
        else if (op == Opcode::Loop)
          v.onLoop(f);
        else
          v.onIf(f);
        break;
      }
      case Opcode::Else: {
        Frame& f = control_.back();
        if (f.kind != ControlKind::If || f.hasElse) {
          r.fail(ErrorKind::Malformed, opOffset, "else without matching if");
          return;
        }
        endFrameResults(r, f);
        if (!r.ok()) return;
        f.hasElse = true;
        f.thenEndReachable = codeReachable_;
        f.unreachable = false;
        pushAll(f.params);
        codeReachable_ = f.reachableAtEntry;
        v.onElse(f);
        break;
      }
      case Opcode::End: {
        Frame& f = control_.back();
        if (f.kind == ControlKind::If && !f.hasElse &&
            !std::equal(f.params.begin(), f.params.end(), f.results.begin(), f.results.end())) {
          r.fail(ErrorKind::Invalid, opOffset,
                 "type mismatch: if without else must not change the stack types");
          return;
        }
        endFrameResults(r, f);
        if (!r.ok()) return;
        bool fallsThrough = codeReachable_;
        endFallthrough_ = fallsThrough;
        switch (f.kind) {
          case ControlKind::Loop:
            codeReachable_ = fallsThrough;
            break;
          case ControlKind::If:
            codeReachable_ = fallsThrough || f.branchedTo ||
                             (f.hasElse ? f.thenEndReachable : f.reachableAtEntry);
            break;
          default:
            codeReachable_ = fallsThrough || f.branchedTo;
            break;
        }
        v.onEnd(f);
        if (control_.size() == 1) {
          if (!r.atEnd()) {
            r.fail(ErrorKind::Malformed, r.offset(),
                   "section size mismatch: operators after the end of the function");
            return;
          }
          v.onFunctionEnd();
          return;
        }
        std::span<const ValType> results = f.results;
        control_.pop_back();
        pushAll(results);
        break;
      }
      case Opcode::Br: {
        uint32_t depth;
        if (!readLabel(r, depth)) return;
        Frame& target = frameAt(depth);
        popAll(r, target.labelTypes());
        if (!r.ok()) return;  // visitors may rely on the operands being there
        if (live) {
          target.branchedTo = true;
          v.onBr(depth);
        }
        setUnreachable();
        break;
      }
      case Opcode::BrIf: {
        uint32_t depth;
        if (!readLabel(r, depth)) return;
        pop(r, ValType::I32);
        Frame& target = frameAt(depth);
        checkTop(r, target.labelTypes(), /*refine=*/true);
        if (live && r.ok()) {
          target.branchedTo = true;
          v.onBrIf(depth);
        }
        break;
      }
      case Opcode::BrTable: {
        uint32_t count = r.readCount("br_table targets", kMaxBrTableSize);
        brTargets_.clear();
        for (uint32_t i = 0; i <= count && r.ok(); ++i) {
          uint32_t depth;
          if (!readLabel(r, depth)) return;
          brTargets_.push_back(depth);
        }
        if (!r.ok()) return;
        pop(r, ValType::I32);
        uint32_t defaultDepth = brTargets_.back();
        size_t arity = frameAt(defaultDepth).labelTypes().size();
        for (uint32_t i = 0; i < count && r.ok(); ++i) {
          std::span<const ValType> types = frameAt(brTargets_[i]).labelTypes();
          if (types.size() != arity) {
            r.fail(ErrorKind::Invalid, opOffset,
                   "type mismatch: br_table targets have different arities");
            return;
          }
          checkTop(r, types, /*refine=*/false);
        }
        popAll(r, frameAt(defaultDepth).labelTypes());
        if (live && r.ok()) {
          for (uint32_t d : brTargets_) frameAt(d).branchedTo = true;
          v.onBrTable(std::span<const uint32_t>(brTargets_.data(), count), defaultDepth);
        }
        setUnreachable();
        break;
      }
      case Opcode::Return:
        popAll(r, control_.front().results);
        if (live && r.ok()) v.onReturn();
        setUnreachable();
        break;
      case Opcode::Call: {
        size_t at = r.offset();
        uint32_t index = r.readU32Leb();
        if (!r.ok()) return;
        if (index >= module_.functionTypes.size()) {
          r.fail(ErrorKind::Invalid, at, "unknown function " + std::to_string(index));
          return;
        }
        const FuncType& ft = module_.functionType(index);
        popAll(r, ft.params());
        pushAll(ft.results());
        if (live && r.ok()) v.onCall(index);
        break;
      }
      case Opcode::CallIndirect: {
        size_t at = r.offset();
        uint32_t typeIndex = r.readU32Leb();
        size_t tableAt = r.offset();
        uint32_t tableIndex = r.readU32Leb();
        if (!r.ok()) return;
        if (typeIndex >= module_.types.size()) {
          r.fail(ErrorKind::Invalid, at, "unknown type " + std::to_string(typeIndex));
          return;
        }
        if (!checkTable(r, tableIndex, tableAt)) return;
        if (module_.tables[tableIndex].elemType != ValType::FuncRef) {
          r.fail(ErrorKind::Invalid, tableAt,
                 "type mismatch: call_indirect on a table of externref");
          return;
        }
        pop(r, ValType::I32);
        const FuncType& ft = module_.types[typeIndex];
        popAll(r, ft.params());
        pushAll(ft.results());
        if (live && r.ok()) v.onCallIndirect(typeIndex, tableIndex);
        break;
      }
      case Opcode::Drop:
        pop(r);
        if (live && r.ok()) v.onDrop();
        break;
      case Opcode::Select: {
        pop(r, ValType::I32);
        ValType t1 = pop(r);
        ValType t2 = pop(r);
        if (!r.ok()) return;
        if ((t1 != kUnknownType && !isNumType(t1) && t1 != ValType::V128) ||
            (t2 != kUnknownType && !isNumType(t2) && t2 != ValType::V128)) {
          r.fail(ErrorKind::Invalid, opOffset,
                 "type mismatch: select without a type needs numeric or vector operands");
          return;
        }
        if (t1 != t2 && t1 != kUnknownType && t2 != kUnknownType) {
          typeMismatch(r, t1, t2);
          return;
        }
        ValType t = t1 == kUnknownType ? t2 : t1;
        push(t);
        if (live) v.onSelect(t);
        break;
      }
      case Opcode::SelectTyped: {
        size_t at = r.offset();
        uint32_t n = r.readCount("typed select types", kMaxBrTableSize);
        ValType t = kUnknownType;
        for (uint32_t k = 0; k < n && r.ok(); ++k) {
          size_t typeAt = r.offset();
          uint8_t tb = r.readU8();
          if (r.ok() && !isValTypeByte(tb)) {
            r.fail(ErrorKind::Malformed, typeAt, "malformed value type");
          }
          t = static_cast<ValType>(tb);
        }
        if (!r.ok()) return;
        if (n != 1) {
          r.fail(ErrorKind::Invalid, at, "invalid result arity for typed select");
          return;
        }
        pop(r, ValType::I32);
        pop(r, t);
        pop(r, t);
        push(t);
        if (live && r.ok()) v.onSelect(t);
        break;
      }
      case Opcode::LocalGet:
      case Opcode::LocalSet:
      case Opcode::LocalTee: {
        size_t at = r.offset();
        uint32_t index = r.readU32Leb();
        if (!r.ok()) return;
        if (index >= locals_.size()) {
          r.fail(ErrorKind::Invalid, at, "unknown local " + std::to_string(index));
          return;
        }
        ValType t = locals_[index];
        Opcode op = static_cast<Opcode>(code);
        if (op == Opcode::LocalGet) {
          push(t);
          if (live) v.onLocalGet(index);
        } else if (op == Opcode::LocalSet) {
          pop(r, t);
          if (live && r.ok()) v.onLocalSet(index);
        } else {
          pop(r, t);
          push(t);
          if (live && r.ok()) v.onLocalTee(index);
        }
        break;
      }
      case Opcode::GlobalGet:
      case Opcode::GlobalSet: {
        size_t at = r.offset();
        uint32_t index = r.readU32Leb();
        if (!r.ok()) return;
        if (index >= module_.globals.size()) {
          r.fail(ErrorKind::Invalid, at, "unknown global " + std::to_string(index));
          return;
        }
        const GlobalType& g = module_.globals[index].type;
        if (static_cast<Opcode>(code) == Opcode::GlobalGet) {
          push(g.type);
          if (live) v.onGlobalGet(index);
        } else {
          if (!g.isMutable) {
            r.fail(ErrorKind::Invalid, at, "global is immutable");
            return;
          }
          pop(r, g.type);
          if (live && r.ok()) v.onGlobalSet(index);
        }
        break;
      }
      case Opcode::TableGet:
      case Opcode::TableSet: {
        size_t at = r.offset();
        uint32_t index = r.readU32Leb();
        if (!r.ok() || !checkTable(r, index, at)) return;
        ValType et = module_.tables[index].elemType;
        if (static_cast<Opcode>(code) == Opcode::TableGet) {
          pop(r, ValType::I32);
          push(et);
          if (live && r.ok()) v.onTableGet(index);
        } else {
          pop(r, et);
          pop(r, ValType::I32);
          if (live && r.ok()) v.onTableSet(index);
        }
        break;
      }
#define SABLE_LOAD_CASE(name, opcode, type, log2, text) \
  case Opcode::name: {                                  \
    MemArg m;                                           \
    if (!readMemArg(r, log2, m)) return;                \
    pop(r, ValType::I32);                               \
    push(ValType::type);                                \
    if (live && r.ok()) v.onLoad(Opcode::name, m);      \
    break;                                              \
  }
        SABLE_FOREACH_LOAD_OPCODE(SABLE_LOAD_CASE)
#undef SABLE_LOAD_CASE
#define SABLE_STORE_CASE(name, opcode, type, log2, text) \
  case Opcode::name: {                                   \
    MemArg m;                                            \
    if (!readMemArg(r, log2, m)) return;                 \
    pop(r, ValType::type);                               \
    pop(r, ValType::I32);                                \
    if (live && r.ok()) v.onStore(Opcode::name, m);      \
    break;                                               \
  }
        SABLE_FOREACH_STORE_OPCODE(SABLE_STORE_CASE)
#undef SABLE_STORE_CASE
      case Opcode::MemorySize:
      case Opcode::MemoryGrow: {
        if (!readZeroByte(r) || !checkMemory(r, 0, opOffset)) return;
        if (static_cast<Opcode>(code) == Opcode::MemorySize) {
          push(ValType::I32);
          if (live) v.onMemorySize(0);
        } else {
          pop(r, ValType::I32);
          push(ValType::I32);
          if (live && r.ok()) v.onMemoryGrow(0);
        }
        break;
      }
      case Opcode::I32Const: {
        int32_t value = r.readS32Leb();
        push(ValType::I32);
        if (live && r.ok()) v.onI32Const(value);
        break;
      }
      case Opcode::I64Const: {
        int64_t value = r.readS64Leb();
        push(ValType::I64);
        if (live && r.ok()) v.onI64Const(value);
        break;
      }
      case Opcode::F32Const: {
        uint32_t bits = r.readFixedU32();
        push(ValType::F32);
        if (live && r.ok()) v.onF32Const(bits);
        break;
      }
      case Opcode::F64Const: {
        uint64_t bits = r.readFixedU64();
        push(ValType::F64);
        if (live && r.ok()) v.onF64Const(bits);
        break;
      }
      case Opcode::V128Const: {
        const uint8_t* bytes = r.readBytes(16);
        if (!bytes) return;
        push(ValType::V128);
        if (live) v.onV128Const(bytes);
        break;
      }
      case Opcode::I8x16Shuffle: {
        const uint8_t* lanes = r.readBytes(16);
        if (!lanes) return;
        for (int i = 0; i < 16; ++i) {
          if (lanes[i] >= 32) {
            r.fail(ErrorKind::Invalid, opOffset, "invalid lane index");
            return;
          }
        }
        pop(r, ValType::V128);
        pop(r, ValType::V128);
        push(ValType::V128);
        if (live && r.ok()) v.onShuffle(lanes);
        break;
      }
#define SABLE_SIMPLE_CASE(name, opcode, sig, text) \
  case Opcode::name:                               \
    applySig(r, Sig::sig);                         \
    if (live && r.ok()) v.onSimple(Opcode::name);  \
    break;
        SABLE_FOREACH_SIMPLE_OPCODE(SABLE_SIMPLE_CASE)
        SABLE_FOREACH_SIMD_SIMPLE_OPCODE(SABLE_SIMPLE_CASE)
#undef SABLE_SIMPLE_CASE
#define SABLE_EXTRACT_CASE(name, opcode, lanes, type, text)      \
  case Opcode::name: {                                           \
    uint8_t lane;                                                \
    if (!readLane(r, lanes, opOffset, lane)) return;             \
    pop(r, ValType::V128);                                       \
    push(ValType::type);                                         \
    if (live && r.ok()) v.onSimdExtractLane(Opcode::name, lane); \
    break;                                                       \
  }
        SABLE_FOREACH_SIMD_EXTRACT_LANE_OPCODE(SABLE_EXTRACT_CASE)
#undef SABLE_EXTRACT_CASE
#define SABLE_REPLACE_CASE(name, opcode, lanes, type, text)      \
  case Opcode::name: {                                           \
    uint8_t lane;                                                \
    if (!readLane(r, lanes, opOffset, lane)) return;             \
    pop(r, ValType::type);                                       \
    pop(r, ValType::V128);                                       \
    push(ValType::V128);                                         \
    if (live && r.ok()) v.onSimdReplaceLane(Opcode::name, lane); \
    break;                                                       \
  }
        SABLE_FOREACH_SIMD_REPLACE_LANE_OPCODE(SABLE_REPLACE_CASE)
#undef SABLE_REPLACE_CASE
#define SABLE_LOAD_LANE_CASE(name, opcode, log2, text)           \
  case Opcode::name: {                                           \
    MemArg m;                                                    \
    if (!readMemArg(r, log2, m)) return;                         \
    uint8_t lane;                                                \
    if (!readLane(r, (16 >> log2), opOffset, lane)) return;      \
    pop(r, ValType::V128);                                       \
    pop(r, ValType::I32);                                        \
    push(ValType::V128);                                         \
    if (live && r.ok()) v.onSimdLoadLane(Opcode::name, m, lane); \
    break;                                                       \
  }
        SABLE_FOREACH_SIMD_LOAD_LANE_OPCODE(SABLE_LOAD_LANE_CASE)
#undef SABLE_LOAD_LANE_CASE
#define SABLE_STORE_LANE_CASE(name, opcode, log2, text)           \
  case Opcode::name: {                                            \
    MemArg m;                                                     \
    if (!readMemArg(r, log2, m)) return;                          \
    uint8_t lane;                                                 \
    if (!readLane(r, (16 >> log2), opOffset, lane)) return;       \
    pop(r, ValType::V128);                                        \
    pop(r, ValType::I32);                                         \
    if (live && r.ok()) v.onSimdStoreLane(Opcode::name, m, lane); \
    break;                                                        \
  }
        SABLE_FOREACH_SIMD_STORE_LANE_OPCODE(SABLE_STORE_LANE_CASE)
#undef SABLE_STORE_LANE_CASE
      case Opcode::RefNull: {
        uint8_t tb = r.readU8();
        if (!r.ok()) return;
        if (tb != static_cast<uint8_t>(ValType::FuncRef) &&
            tb != static_cast<uint8_t>(ValType::ExternRef)) {
          r.fail(ErrorKind::Malformed, opOffset + 1, "malformed reference type");
          return;
        }
        push(static_cast<ValType>(tb));
        if (live) v.onRefNull(static_cast<ValType>(tb));
        break;
      }
      case Opcode::RefIsNull: {
        ValType t = pop(r);
        if (!r.ok()) return;
        if (t != kUnknownType && !isRefType(t)) {
          r.fail(ErrorKind::Invalid, opOffset,
                 std::string("type mismatch: ref.is_null on ") + valTypeName(t));
          return;
        }
        push(ValType::I32);
        if (live) v.onRefIsNull();
        break;
      }
      case Opcode::RefFunc: {
        size_t at = r.offset();
        uint32_t index = r.readU32Leb();
        if (!r.ok()) return;
        if (index >= module_.functionTypes.size()) {
          r.fail(ErrorKind::Invalid, at, "unknown function " + std::to_string(index));
          return;
        }
        if (!module_.declaredFunctionRefs[index]) {
          r.fail(ErrorKind::Invalid, at, "undeclared function reference");
          return;
        }
        push(ValType::FuncRef);
        if (live) v.onRefFunc(index);
        break;
      }
      case Opcode::MemoryInit:
      case Opcode::DataDrop: {
        size_t at = r.offset();
        uint32_t segment = r.readU32Leb();
        if (!r.ok()) return;
        if (!module_.dataCount) {
          r.fail(ErrorKind::Malformed, opOffset, "data count section required");
          return;
        }
        bool init = static_cast<Opcode>(code) == Opcode::MemoryInit;
        if (init && (!readZeroByte(r) || !checkMemory(r, 0, opOffset))) return;
        if (segment >= *module_.dataCount) {
          r.fail(ErrorKind::Invalid, at, "unknown data segment " + std::to_string(segment));
          return;
        }
        if (init) {
          pop(r, ValType::I32);
          pop(r, ValType::I32);
          pop(r, ValType::I32);
          if (live && r.ok()) v.onMemoryInit(segment, 0);
        } else if (live) {
          v.onDataDrop(segment);
        }
        break;
      }
      case Opcode::MemoryCopy: {
        if (!readZeroByte(r) || !readZeroByte(r) || !checkMemory(r, 0, opOffset)) return;
        pop(r, ValType::I32);
        pop(r, ValType::I32);
        pop(r, ValType::I32);
        if (live && r.ok()) v.onMemoryCopy(0, 0);
        break;
      }
      case Opcode::MemoryFill: {
        if (!readZeroByte(r) || !checkMemory(r, 0, opOffset)) return;
        pop(r, ValType::I32);
        pop(r, ValType::I32);
        pop(r, ValType::I32);
        if (live && r.ok()) v.onMemoryFill(0);
        break;
      }
      case Opcode::TableInit: {
        size_t at = r.offset();
        uint32_t segment = r.readU32Leb();
        size_t tableAt = r.offset();
        uint32_t table = r.readU32Leb();
        if (!r.ok()) return;
        if (!checkTable(r, table, tableAt)) return;
        if (segment >= module_.elements.size()) {
          r.fail(ErrorKind::Invalid, at, "unknown elem segment " + std::to_string(segment));
          return;
        }
        if (module_.elements[segment].elemType != module_.tables[table].elemType) {
          r.fail(ErrorKind::Invalid, at, "type mismatch: table.init element types differ");
          return;
        }
        pop(r, ValType::I32);
        pop(r, ValType::I32);
        pop(r, ValType::I32);
        if (live && r.ok()) v.onTableInit(segment, table);
        break;
      }
      case Opcode::ElemDrop: {
        size_t at = r.offset();
        uint32_t segment = r.readU32Leb();
        if (!r.ok()) return;
        if (segment >= module_.elements.size()) {
          r.fail(ErrorKind::Invalid, at, "unknown elem segment " + std::to_string(segment));
          return;
        }
        if (live) v.onElemDrop(segment);
        break;
      }
      case Opcode::TableCopy: {
        size_t dstAt = r.offset();
        uint32_t dst = r.readU32Leb();
        size_t srcAt = r.offset();
        uint32_t src = r.readU32Leb();
        if (!r.ok() || !checkTable(r, dst, dstAt) || !checkTable(r, src, srcAt)) return;
        if (module_.tables[dst].elemType != module_.tables[src].elemType) {
          r.fail(ErrorKind::Invalid, dstAt, "type mismatch: table.copy element types differ");
          return;
        }
        pop(r, ValType::I32);
        pop(r, ValType::I32);
        pop(r, ValType::I32);
        if (live && r.ok()) v.onTableCopy(dst, src);
        break;
      }
      case Opcode::TableGrow:
      case Opcode::TableSize:
      case Opcode::TableFill: {
        size_t at = r.offset();
        uint32_t table = r.readU32Leb();
        if (!r.ok() || !checkTable(r, table, at)) return;
        ValType et = module_.tables[table].elemType;
        Opcode op = static_cast<Opcode>(code);
        if (op == Opcode::TableGrow) {
          pop(r, ValType::I32);
          pop(r, et);
          push(ValType::I32);
          if (live && r.ok()) v.onTableGrow(table);
        } else if (op == Opcode::TableSize) {
          push(ValType::I32);
          if (live) v.onTableSize(table);
        } else {
          pop(r, ValType::I32);
          pop(r, et);
          pop(r, ValType::I32);
          if (live && r.ok()) v.onTableFill(table);
        }
        break;
      }
      default:
        r.fail(ErrorKind::Malformed, opOffset, "illegal opcode");
        return;
    }
  }
}

}  // namespace sable
