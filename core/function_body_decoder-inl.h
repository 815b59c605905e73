// Implementation of FunctionBodyDecoder (a template, so it lives in a header).
#pragma once

#include "core/function_body_decoder.h"
#include "core/operator_facts.h"

namespace sable {

// The families of the most frequent operators are separate functions for reading, but are
// compiled into the decoding loop: as calls they cost about a tenth of the compile time of
// small modules (callgrind, bench/programs).
#define SABLE_DECODER_INLINE [[gnu::always_inline]] inline

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
void FunctionBodyDecoder<Visitor>::popI32s(BinaryReader& r, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) pop(r, ValType::I32);
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
    opOffset_ = r.offset();
    uint32_t code = r.readU8();
    if (code == kMiscPrefix || code == kSimdPrefix) {
      const uint32_t sub = r.readU32Leb();
      if (!r.ok()) return;
      if (sub > 0xff) {
        r.fail(ErrorKind::Malformed, opOffset_, "illegal opcode");
        return;
      }
      code = (code << 8) | sub;
    }
    const bool live = codeReachable_;
    if (live) v.onOperator(static_cast<Opcode>(code));
    if (!decodeOperator(r, v, static_cast<Opcode>(code), operatorFacts(code), live)) return;
  }
}

template <typename Visitor>
SABLE_DECODER_INLINE bool FunctionBodyDecoder<Visitor>::decodeOperator(BinaryReader& r, Visitor& v,
                                                                       Opcode op,
                                                                       const OperatorFacts& facts,
                                                                       bool live) {
  switch (facts.family) {
    case OperatorFamily::Control:
      return decodeControl(r, v, op, live);
    case OperatorFamily::Parametric:
      return decodeParametric(r, v, op, live);
    case OperatorFamily::Local:
      return decodeLocal(r, v, op, live);
    case OperatorFamily::Global:
      return decodeGlobal(r, v, op, live);
    case OperatorFamily::Table:
      return decodeTable(r, v, op, live);
    case OperatorFamily::Memory:
      return decodeMemory(r, v, op, facts, live);
    case OperatorFamily::BulkMemory:
      return decodeBulkMemory(r, v, op, live);
    case OperatorFamily::Constant:
      return decodeConstant(r, v, op, live);
    case OperatorFamily::Numeric:
      applySig(r, facts.sig);
      if (live && r.ok()) v.onSimple(op);
      return r.ok();
    case OperatorFamily::Reference:
      return decodeReference(r, v, op, live);
    case OperatorFamily::SimdLane:
      return decodeSimdLane(r, v, op, facts, live);
    case OperatorFamily::Invalid:
      break;
  }
  r.fail(ErrorKind::Malformed, opOffset_, "illegal opcode");
  return false;
}

// --- Control ---------------------------------------------------------------------------------

template <typename Visitor>
SABLE_DECODER_INLINE bool FunctionBodyDecoder<Visitor>::decodeControl(BinaryReader& r, Visitor& v,
                                                                      Opcode op, bool live) {
  switch (op) {
    case Opcode::Unreachable:
      if (live) v.onUnreachable();
      setUnreachable();
      return true;
    case Opcode::Nop:
      return true;
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If:
      return decodeBlockStart(r, v, op);
    case Opcode::Else:
      return decodeElse(r, v);
    case Opcode::End:
      return decodeEnd(r, v);
    case Opcode::Br:
      return decodeBr(r, v, live);
    case Opcode::BrIf:
      return decodeBrIf(r, v, live);
    case Opcode::BrTable:
      return decodeBrTable(r, v, live);
    case Opcode::Return:
      popAll(r, control_.front().results);
      if (live && r.ok()) v.onReturn();
      setUnreachable();
      return r.ok();
    case Opcode::Call:
      return decodeCall(r, v, live);
    case Opcode::CallIndirect:
      return decodeCallIndirect(r, v, live);
    default:
      r.fail(ErrorKind::Malformed, opOffset_, "illegal opcode");
      return false;
  }
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::decodeBlockStart(BinaryReader& r, Visitor& v, Opcode op) {
  std::span<const ValType> params, results;
  if (!readBlockType(r, params, results)) return false;
  if (op == Opcode::If) pop(r, ValType::I32);
  const ControlKind kind = op == Opcode::Block  ? ControlKind::Block
                           : op == Opcode::Loop ? ControlKind::Loop
                                                : ControlKind::If;
  pushFrame(r, kind, params, results);
  if (!r.ok()) return false;
  Frame& f = control_.back();
  if (kind == ControlKind::Block) {
    v.onBlock(f);
  } else if (kind == ControlKind::Loop) {
    v.onLoop(f);
  } else {
    v.onIf(f);
  }
  return true;
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::decodeElse(BinaryReader& r, Visitor& v) {
  Frame& f = control_.back();
  if (f.kind != ControlKind::If || f.hasElse) {
    r.fail(ErrorKind::Malformed, opOffset_, "else without matching if");
    return false;
  }
  endFrameResults(r, f);
  if (!r.ok()) return false;
  f.hasElse = true;
  f.thenEndReachable = codeReachable_;
  f.unreachable = false;
  pushAll(f.params);
  codeReachable_ = f.reachableAtEntry;
  v.onElse(f);
  return true;
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::decodeEnd(BinaryReader& r, Visitor& v) {
  Frame& f = control_.back();
  if (f.kind == ControlKind::If && !f.hasElse &&
      !std::equal(f.params.begin(), f.params.end(), f.results.begin(), f.results.end())) {
    r.fail(ErrorKind::Invalid, opOffset_,
           "type mismatch: if without else must not change the stack types");
    return false;
  }
  endFrameResults(r, f);
  if (!r.ok()) return false;
  endFallthrough_ = codeReachable_;
  codeReachable_ = reachableAfterEnd(f, codeReachable_);
  v.onEnd(f);
  if (control_.size() == 1) {
    if (!r.atEnd()) {
      r.fail(ErrorKind::Malformed, r.offset(),
             "section size mismatch: operators after the end of the function");
      return false;
    }
    v.onFunctionEnd();
    return false;  // the function's end: nothing follows
  }
  std::span<const ValType> results = f.results;
  control_.pop_back();
  pushAll(results);
  return true;
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::reachableAfterEnd(const Frame& f, bool fallsThrough) {
  switch (f.kind) {
    case ControlKind::Loop:
      return fallsThrough;  // a branch to a loop goes back to its start, not past its end
    case ControlKind::If:
      return fallsThrough || f.branchedTo || (f.hasElse ? f.thenEndReachable : f.reachableAtEntry);
    default:
      return fallsThrough || f.branchedTo;
  }
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::decodeBr(BinaryReader& r, Visitor& v, bool live) {
  uint32_t depth;
  if (!readLabel(r, depth)) return false;
  Frame& target = frameAt(depth);
  popAll(r, target.labelTypes());
  if (!r.ok()) return false;  // visitors may rely on the operands being there
  if (live) {
    target.branchedTo = true;
    v.onBr(depth);
  }
  setUnreachable();
  return true;
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::decodeBrIf(BinaryReader& r, Visitor& v, bool live) {
  uint32_t depth;
  if (!readLabel(r, depth)) return false;
  pop(r, ValType::I32);
  Frame& target = frameAt(depth);
  checkTop(r, target.labelTypes(), /*refine=*/true);
  if (live && r.ok()) {
    target.branchedTo = true;
    v.onBrIf(depth);
  }
  return r.ok();
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::decodeBrTable(BinaryReader& r, Visitor& v, bool live) {
  uint32_t count = r.readCount("br_table targets", kMaxBrTableSize);
  brTargets_.clear();
  for (uint32_t i = 0; i <= count && r.ok(); ++i) {
    uint32_t depth;
    if (!readLabel(r, depth)) return false;
    brTargets_.push_back(depth);
  }
  if (!r.ok()) return false;
  pop(r, ValType::I32);
  uint32_t defaultDepth = brTargets_.back();
  size_t arity = frameAt(defaultDepth).labelTypes().size();
  for (uint32_t i = 0; i < count && r.ok(); ++i) {
    std::span<const ValType> types = frameAt(brTargets_[i]).labelTypes();
    if (types.size() != arity) {
      r.fail(ErrorKind::Invalid, opOffset_,
             "type mismatch: br_table targets have different arities");
      return false;
    }
    checkTop(r, types, /*refine=*/false);
  }
  popAll(r, frameAt(defaultDepth).labelTypes());
  if (live && r.ok()) {
    for (uint32_t d : brTargets_) frameAt(d).branchedTo = true;
    v.onBrTable(std::span<const uint32_t>(brTargets_.data(), count), defaultDepth);
  }
  setUnreachable();
  return r.ok();
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::decodeCall(BinaryReader& r, Visitor& v, bool live) {
  size_t at = r.offset();
  uint32_t index = r.readU32Leb();
  if (!r.ok()) return false;
  if (index >= module_.functionTypes.size()) {
    r.fail(ErrorKind::Invalid, at, "unknown function " + std::to_string(index));
    return false;
  }
  const FuncType& ft = module_.functionType(index);
  popAll(r, ft.params());
  pushAll(ft.results());
  if (live && r.ok()) v.onCall(index);
  return r.ok();
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::decodeCallIndirect(BinaryReader& r, Visitor& v, bool live) {
  size_t at = r.offset();
  uint32_t typeIndex = r.readU32Leb();
  size_t tableAt = r.offset();
  uint32_t tableIndex = r.readU32Leb();
  if (!r.ok()) return false;
  if (typeIndex >= module_.types.size()) {
    r.fail(ErrorKind::Invalid, at, "unknown type " + std::to_string(typeIndex));
    return false;
  }
  if (!checkTable(r, tableIndex, tableAt)) return false;
  if (module_.tables[tableIndex].elemType != ValType::FuncRef) {
    r.fail(ErrorKind::Invalid, tableAt, "type mismatch: call_indirect on a table of externref");
    return false;
  }
  pop(r, ValType::I32);
  const FuncType& ft = module_.types[typeIndex];
  popAll(r, ft.params());
  pushAll(ft.results());
  if (live && r.ok()) v.onCallIndirect(typeIndex, tableIndex);
  return r.ok();
}

// --- Parametric and variable instructions ----------------------------------------------------

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::decodeParametric(BinaryReader& r, Visitor& v, Opcode op,
                                                    bool live) {
  if (op == Opcode::Drop) {
    pop(r);
    if (live && r.ok()) v.onDrop();
    return r.ok();
  }
  const ValType t = op == Opcode::Select ? popSelectOperands(r) : popTypedSelectOperands(r);
  if (!r.ok()) return false;
  push(t);
  if (live) v.onSelect(t);
  return true;
}

template <typename Visitor>
ValType FunctionBodyDecoder<Visitor>::popSelectOperands(BinaryReader& r) {
  pop(r, ValType::I32);
  ValType t1 = pop(r);
  ValType t2 = pop(r);
  if (!r.ok()) return kUnknownType;
  if ((t1 != kUnknownType && !isNumType(t1) && t1 != ValType::V128) ||
      (t2 != kUnknownType && !isNumType(t2) && t2 != ValType::V128)) {
    r.fail(ErrorKind::Invalid, opOffset_,
           "type mismatch: select without a type needs numeric or vector operands");
    return kUnknownType;
  }
  if (t1 != t2 && t1 != kUnknownType && t2 != kUnknownType) {
    typeMismatch(r, t1, t2);
    return kUnknownType;
  }
  return t1 == kUnknownType ? t2 : t1;
}

template <typename Visitor>
ValType FunctionBodyDecoder<Visitor>::popTypedSelectOperands(BinaryReader& r) {
  size_t at = r.offset();
  uint32_t n = r.readCount("typed select types", kMaxBrTableSize);
  ValType t = kUnknownType;
  for (uint32_t k = 0; k < n && r.ok(); ++k) {
    size_t typeAt = r.offset();
    uint8_t tb = r.readU8();
    if (r.ok() && !isValTypeByte(tb)) r.fail(ErrorKind::Malformed, typeAt, "malformed value type");
    t = static_cast<ValType>(tb);
  }
  if (!r.ok()) return kUnknownType;
  if (n != 1) {
    r.fail(ErrorKind::Invalid, at, "invalid result arity for typed select");
    return kUnknownType;
  }
  pop(r, ValType::I32);
  pop(r, t);
  pop(r, t);
  return t;
}

template <typename Visitor>
SABLE_DECODER_INLINE bool FunctionBodyDecoder<Visitor>::decodeLocal(BinaryReader& r, Visitor& v,
                                                                    Opcode op, bool live) {
  size_t at = r.offset();
  uint32_t index = r.readU32Leb();
  if (!r.ok()) return false;
  if (index >= locals_.size()) {
    r.fail(ErrorKind::Invalid, at, "unknown local " + std::to_string(index));
    return false;
  }
  ValType t = locals_[index];
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
  return r.ok();
}

template <typename Visitor>
SABLE_DECODER_INLINE bool FunctionBodyDecoder<Visitor>::decodeGlobal(BinaryReader& r, Visitor& v,
                                                                     Opcode op, bool live) {
  size_t at = r.offset();
  uint32_t index = r.readU32Leb();
  if (!r.ok()) return false;
  if (index >= module_.globals.size()) {
    r.fail(ErrorKind::Invalid, at, "unknown global " + std::to_string(index));
    return false;
  }
  const GlobalType& g = module_.globals[index].type;
  if (op == Opcode::GlobalGet) {
    push(g.type);
    if (live) v.onGlobalGet(index);
    return true;
  }
  if (!g.isMutable) {
    r.fail(ErrorKind::Invalid, at, "global is immutable");
    return false;
  }
  pop(r, g.type);
  if (live && r.ok()) v.onGlobalSet(index);
  return r.ok();
}

// --- Tables ----------------------------------------------------------------------------------

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::decodeTable(BinaryReader& r, Visitor& v, Opcode op, bool live) {
  switch (op) {
    case Opcode::TableInit:
      return decodeTableInit(r, v, live);
    case Opcode::ElemDrop:
      return decodeElemDrop(r, v, live);
    case Opcode::TableCopy:
      return decodeTableCopy(r, v, live);
    default:
      return decodeTableAccess(r, v, op, live);
  }
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::decodeTableAccess(BinaryReader& r, Visitor& v, Opcode op,
                                                     bool live) {
  size_t at = r.offset();
  uint32_t table = r.readU32Leb();
  if (!r.ok() || !checkTable(r, table, at)) return false;
  const ValType et = module_.tables[table].elemType;
  switch (op) {
    case Opcode::TableGet:
      pop(r, ValType::I32);
      push(et);
      if (live && r.ok()) v.onTableGet(table);
      break;
    case Opcode::TableSet:
      pop(r, et);
      pop(r, ValType::I32);
      if (live && r.ok()) v.onTableSet(table);
      break;
    case Opcode::TableGrow:
      pop(r, ValType::I32);
      pop(r, et);
      push(ValType::I32);
      if (live && r.ok()) v.onTableGrow(table);
      break;
    case Opcode::TableSize:
      push(ValType::I32);
      if (live) v.onTableSize(table);
      break;
    default:  // table.fill
      pop(r, ValType::I32);
      pop(r, et);
      pop(r, ValType::I32);
      if (live && r.ok()) v.onTableFill(table);
      break;
  }
  return r.ok();
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::decodeTableInit(BinaryReader& r, Visitor& v, bool live) {
  size_t at = r.offset();
  uint32_t segment = r.readU32Leb();
  size_t tableAt = r.offset();
  uint32_t table = r.readU32Leb();
  if (!r.ok()) return false;
  if (!checkTable(r, table, tableAt)) return false;
  if (segment >= module_.elements.size()) {
    r.fail(ErrorKind::Invalid, at, "unknown elem segment " + std::to_string(segment));
    return false;
  }
  if (module_.elements[segment].elemType != module_.tables[table].elemType) {
    r.fail(ErrorKind::Invalid, at, "type mismatch: table.init element types differ");
    return false;
  }
  popI32s(r, 3);
  if (live && r.ok()) v.onTableInit(segment, table);
  return r.ok();
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::decodeElemDrop(BinaryReader& r, Visitor& v, bool live) {
  size_t at = r.offset();
  uint32_t segment = r.readU32Leb();
  if (!r.ok()) return false;
  if (segment >= module_.elements.size()) {
    r.fail(ErrorKind::Invalid, at, "unknown elem segment " + std::to_string(segment));
    return false;
  }
  if (live) v.onElemDrop(segment);
  return true;
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::decodeTableCopy(BinaryReader& r, Visitor& v, bool live) {
  size_t dstAt = r.offset();
  uint32_t dst = r.readU32Leb();
  size_t srcAt = r.offset();
  uint32_t src = r.readU32Leb();
  if (!r.ok() || !checkTable(r, dst, dstAt) || !checkTable(r, src, srcAt)) return false;
  if (module_.tables[dst].elemType != module_.tables[src].elemType) {
    r.fail(ErrorKind::Invalid, dstAt, "type mismatch: table.copy element types differ");
    return false;
  }
  popI32s(r, 3);
  if (live && r.ok()) v.onTableCopy(dst, src);
  return r.ok();
}

// --- Memory ----------------------------------------------------------------------------------

template <typename Visitor>
SABLE_DECODER_INLINE bool FunctionBodyDecoder<Visitor>::decodeMemory(BinaryReader& r, Visitor& v,
                                                                     Opcode op,
                                                                     const OperatorFacts& facts,
                                                                     bool live) {
  if (facts.access == MemoryAccess::None) return decodeMemorySizeOrGrow(r, v, op, live);
  MemArg m;
  if (!readMemArg(r, facts.accessLog2, m)) return false;
  if (facts.access == MemoryAccess::Load) {
    pop(r, ValType::I32);
    push(facts.type);
    if (live && r.ok()) v.onLoad(op, m);
  } else {
    pop(r, facts.type);
    pop(r, ValType::I32);
    if (live && r.ok()) v.onStore(op, m);
  }
  return r.ok();
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::decodeMemorySizeOrGrow(BinaryReader& r, Visitor& v, Opcode op,
                                                          bool live) {
  if (!readZeroByte(r) || !checkMemory(r, 0, opOffset_)) return false;
  if (op == Opcode::MemorySize) {
    push(ValType::I32);
    if (live) v.onMemorySize(0);
    return true;
  }
  pop(r, ValType::I32);
  push(ValType::I32);
  if (live && r.ok()) v.onMemoryGrow(0);
  return r.ok();
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::decodeBulkMemory(BinaryReader& r, Visitor& v, Opcode op,
                                                    bool live) {
  if (op == Opcode::MemoryInit || op == Opcode::DataDrop)
    return decodeDataSegmentOp(r, v, op, live);
  if (!readZeroByte(r)) return false;
  if (op == Opcode::MemoryCopy && !readZeroByte(r)) return false;
  if (!checkMemory(r, 0, opOffset_)) return false;
  popI32s(r, 3);
  if (live && r.ok()) {
    if (op == Opcode::MemoryCopy) {
      v.onMemoryCopy(0, 0);
    } else {
      v.onMemoryFill(0);
    }
  }
  return r.ok();
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::decodeDataSegmentOp(BinaryReader& r, Visitor& v, Opcode op,
                                                       bool live) {
  size_t at = r.offset();
  uint32_t segment = r.readU32Leb();
  if (!r.ok()) return false;
  if (!module_.dataCount) {
    r.fail(ErrorKind::Malformed, opOffset_, "data count section required");
    return false;
  }
  const bool init = op == Opcode::MemoryInit;
  if (init && (!readZeroByte(r) || !checkMemory(r, 0, opOffset_))) return false;
  if (segment >= *module_.dataCount) {
    r.fail(ErrorKind::Invalid, at, "unknown data segment " + std::to_string(segment));
    return false;
  }
  if (init) {
    popI32s(r, 3);
    if (live && r.ok()) v.onMemoryInit(segment, 0);
  } else if (live) {
    v.onDataDrop(segment);
  }
  return r.ok();
}

// --- Constants and references ----------------------------------------------------------------

template <typename Visitor>
SABLE_DECODER_INLINE bool FunctionBodyDecoder<Visitor>::decodeConstant(BinaryReader& r, Visitor& v,
                                                                       Opcode op, bool live) {
  switch (op) {
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
    default: {  // v128.const
      const uint8_t* bytes = r.readBytes(16);
      if (!bytes) return false;
      push(ValType::V128);
      if (live) v.onV128Const(bytes);
      break;
    }
  }
  return r.ok();
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::decodeReference(BinaryReader& r, Visitor& v, Opcode op,
                                                   bool live) {
  if (op == Opcode::RefFunc) return decodeRefFunc(r, v, live);
  if (op == Opcode::RefNull) {
    uint8_t tb = r.readU8();
    if (!r.ok()) return false;
    if (tb != static_cast<uint8_t>(ValType::FuncRef) &&
        tb != static_cast<uint8_t>(ValType::ExternRef)) {
      r.fail(ErrorKind::Malformed, opOffset_ + 1, "malformed reference type");
      return false;
    }
    push(static_cast<ValType>(tb));
    if (live) v.onRefNull(static_cast<ValType>(tb));
    return true;
  }
  ValType t = pop(r);  // ref.is_null
  if (!r.ok()) return false;
  if (t != kUnknownType && !isRefType(t)) {
    r.fail(ErrorKind::Invalid, opOffset_,
           std::string("type mismatch: ref.is_null on ") + valTypeName(t));
    return false;
  }
  push(ValType::I32);
  if (live) v.onRefIsNull();
  return true;
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::decodeRefFunc(BinaryReader& r, Visitor& v, bool live) {
  size_t at = r.offset();
  uint32_t index = r.readU32Leb();
  if (!r.ok()) return false;
  if (index >= module_.functionTypes.size()) {
    r.fail(ErrorKind::Invalid, at, "unknown function " + std::to_string(index));
    return false;
  }
  if (!module_.declaredFunctionRefs[index]) {
    r.fail(ErrorKind::Invalid, at, "undeclared function reference");
    return false;
  }
  push(ValType::FuncRef);
  if (live) v.onRefFunc(index);
  return true;
}

// --- SIMD lanes ------------------------------------------------------------------------------

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::decodeSimdLane(BinaryReader& r, Visitor& v, Opcode op,
                                                  const OperatorFacts& facts, bool live) {
  if (op == Opcode::I8x16Shuffle) return decodeShuffle(r, v, live);
  MemArg m;
  if (facts.access != MemoryAccess::None && !readMemArg(r, facts.accessLog2, m)) return false;
  uint8_t lane;
  if (!readLane(r, facts.lanes, opOffset_, lane)) return false;
  switch (facts.laneOperation) {
    case LaneOperation::Load:
      pop(r, ValType::V128);
      pop(r, ValType::I32);
      push(ValType::V128);
      if (live && r.ok()) v.onSimdLoadLane(op, m, lane);
      break;
    case LaneOperation::Store:
      pop(r, ValType::V128);
      pop(r, ValType::I32);
      if (live && r.ok()) v.onSimdStoreLane(op, m, lane);
      break;
    case LaneOperation::Extract:
      pop(r, ValType::V128);
      push(facts.type);
      if (live && r.ok()) v.onSimdExtractLane(op, lane);
      break;
    case LaneOperation::Replace:
      pop(r, facts.type);
      pop(r, ValType::V128);
      push(ValType::V128);
      if (live && r.ok()) v.onSimdReplaceLane(op, lane);
      break;
  }
  return r.ok();
}

template <typename Visitor>
bool FunctionBodyDecoder<Visitor>::decodeShuffle(BinaryReader& r, Visitor& v, bool live) {
  const uint8_t* lanes = r.readBytes(16);
  if (!lanes) return false;
  for (int i = 0; i < 16; ++i) {
    if (lanes[i] >= 32) {
      r.fail(ErrorKind::Invalid, opOffset_, "invalid lane index");
      return false;
    }
  }
  pop(r, ValType::V128);
  pop(r, ValType::V128);
  push(ValType::V128);
  if (live && r.ok()) v.onShuffle(lanes);
  return r.ok();
}

}  // namespace sable

#undef SABLE_DECODER_INLINE
