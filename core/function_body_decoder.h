// One walk over a function body that validates it and, at the same time, tells a Visitor what
// each instruction is. Validation runs the spec's algorithm (operand stack of types with an
// "unknown" bottom after unreachable code, control stack, block types). The Visitor is a
// template parameter so the validate-only instantiation compiles down to the checks alone;
// the JIT decodes each body once this way (its pre-scan, jit/local_usage.h, steps over the
// body beforehand with core/operator_reader.h, which validates nothing). Each operator family
// of the opcode table (core/operator_facts.h) has a decoder function of its own.
//
// Visitor hooks for non-control instructions run only while code is reachable (precisely:
// after `br`, `return`, `unreachable`, or a block nobody branches out of, nothing runs until
// the next reachable label). Control hooks (block, loop, if, else, end) always run; the frame
// says whether its code is reachable. NullVisitor below lists every hook.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/binary_reader.h"
#include "core/module_info.h"
#include "core/opcodes.h"
#include "core/operator_facts.h"
#include "core/reusable_stack.h"

namespace sable {

// Implementation limits, shared with the other engines (the JS API's limits) where they
// exist, so a module valid elsewhere is valid here.
inline constexpr uint32_t kMaxFunctionLocals = 50000;
inline constexpr uint32_t kMaxBrTableSize = 65520;
// Nesting beyond this is rejected as a Limit error: it bounds the control stack's memory.
inline constexpr uint32_t kMaxControlDepth = 1u << 18;

// The alignment/offset immediate of a memory access.
struct MemArg {
  uint32_t alignLog2 = 0;
  uint32_t memoryIndex = 0;
  uint64_t offset = 0;
};

enum class ControlKind : uint8_t { Function, Block, Loop, If };

// One entry of the control stack. `State` is the visitor's per-label data (for the JIT: the
// label and where the block's values live).
template <typename State>
struct ControlFrame {
  ControlKind kind = ControlKind::Block;
  bool unreachable = false;      // validation: the rest of the block is stack-polymorphic
  bool reachableAtEntry = true;  // code generation: the block's first instruction is reachable
  bool branchedTo = false;       // code generation: a reachable branch targets this label
  bool hasElse = false;
  bool thenEndReachable = false;  // If with else: the then-arm fell through to `else`
  uint32_t height = 0;            // operand-stack height below the block's parameters
  std::span<const ValType> params;
  std::span<const ValType> results;
  State state{};

  // A branch to this label carries the loop's parameters or the block's results.
  std::span<const ValType> labelTypes() const {
    return kind == ControlKind::Loop ? params : results;
  }
};

// The validate-only visitor: every hook, doing nothing.
struct NullVisitor {
  struct State {};
  using Frame = ControlFrame<State>;

  // False stops decoding (a compiler that cannot continue); constant true costs nothing.
  static constexpr bool ok() { return true; }
  // Before each reachable instruction's own hook (or in place of one: nop), with its opcode.
  void onOperator(Opcode) {}
  void onFunctionStart(std::span<const ValType> /*locals*/) {}
  void onFunctionEnd() {}
  void onBlock(Frame&) {}
  void onLoop(Frame&) {}
  void onIf(Frame&) {}
  void onElse(Frame&) {}
  void onEnd(Frame&) {}
  void onUnreachable() {}
  void onBr(uint32_t /*depth*/) {}
  void onBrIf(uint32_t /*depth*/) {}
  void onBrTable(std::span<const uint32_t> /*depths*/, uint32_t /*defaultDepth*/) {}
  void onReturn() {}
  void onCall(uint32_t /*funcIndex*/) {}
  void onCallIndirect(uint32_t /*typeIndex*/, uint32_t /*tableIndex*/) {}
  void onDrop() {}
  void onSelect(ValType /*type*/) {}
  void onLocalGet(uint32_t) {}
  void onLocalSet(uint32_t) {}
  void onLocalTee(uint32_t) {}
  void onGlobalGet(uint32_t) {}
  void onGlobalSet(uint32_t) {}
  void onTableGet(uint32_t) {}
  void onTableSet(uint32_t) {}
  void onLoad(Opcode, const MemArg&) {}
  void onStore(Opcode, const MemArg&) {}
  void onMemorySize(uint32_t) {}
  void onMemoryGrow(uint32_t) {}
  void onI32Const(int32_t) {}
  void onI64Const(int64_t) {}
  void onF32Const(uint32_t /*bits*/) {}
  void onF64Const(uint64_t /*bits*/) {}
  void onV128Const(const uint8_t* /*bytes16*/) {}
  void onSimple(Opcode) {}
  void onRefNull(ValType) {}
  void onRefIsNull() {}
  void onRefFunc(uint32_t) {}
  void onMemoryInit(uint32_t /*segment*/, uint32_t /*memory*/) {}
  void onDataDrop(uint32_t) {}
  void onMemoryCopy(uint32_t /*dst*/, uint32_t /*src*/) {}
  void onMemoryFill(uint32_t) {}
  void onTableInit(uint32_t /*segment*/, uint32_t /*table*/) {}
  void onElemDrop(uint32_t) {}
  void onTableCopy(uint32_t /*dst*/, uint32_t /*src*/) {}
  void onTableGrow(uint32_t) {}
  void onTableSize(uint32_t) {}
  void onTableFill(uint32_t) {}
  void onSimdExtractLane(Opcode, uint8_t) {}
  void onSimdReplaceLane(Opcode, uint8_t) {}
  void onSimdLoadLane(Opcode, const MemArg&, uint8_t) {}
  void onSimdStoreLane(Opcode, const MemArg&, uint8_t) {}
  void onShuffle(const uint8_t* /*lanes16*/) {}
};

// The bottom type of the spec's validation algorithm: popped from an empty polymorphic stack.
inline constexpr ValType kUnknownType = static_cast<ValType>(0);

// Reads a value type byte; anything else is malformed.
inline bool isValTypeByte(uint8_t b) { return (b >= 0x7B && b <= 0x7F) || b == 0x70 || b == 0x6F; }

// Decodes and validates function bodies of one module. Reusable across bodies so the stacks'
// storage is allocated once per module, not once per function.
template <typename Visitor>
class FunctionBodyDecoder {
 public:
  using State = typename Visitor::State;
  using Frame = ControlFrame<State>;

  explicit FunctionBodyDecoder(const ModuleInfo& module) : module_(module) {}

  // Decodes defined function `definedIndex`; on failure the error has the module offset.
  Result<void> decode(uint32_t definedIndex, Visitor& visitor);

  // For visitors: the operand types currently on the validation stack, and reachability.
  std::span<const ValType> operandTypes() const { return stack_.items(); }
  bool codeReachable() const { return codeReachable_; }
  // During onEnd: whether the block's last instruction falls through to its end.
  bool endFallthrough() const { return endFallthrough_; }
  std::span<const ValType> localTypes() const { return locals_; }
  // The body's instruction bytes (after the local declarations), valid from onFunctionStart.
  std::span<const uint8_t> instructions() const { return instructions_; }
  const std::vector<Frame>& controlStack() const { return control_; }
  // During a hook: the bytes from the next instruction to the end of the body (not validated).
  // Lets a visitor fuse an instruction with the one that consumes its result: the next hook
  // called is that instruction's, unless decoding fails first (and then the function is
  // rejected).
  std::span<const uint8_t> upcomingBytes() const {
    if (!reader_) return {};
    return {reader_->pos(), reader_->end()};
  }
  Frame& frameAt(uint32_t depth) { return control_[control_.size() - 1 - depth]; }

 private:
  bool readLocals(BinaryReader& r, const FuncType& type);
  void decodeInstructions(BinaryReader& r, Visitor& v);
  // One operator, by the family column of the opcode table. Each family's function (and the
  // helpers for its larger members) reads the immediates, validates, and calls the visitor; it
  // returns whether decoding goes on (false after an error or the function's final `end`).
  bool decodeOperator(BinaryReader& r, Visitor& v, Opcode op, const OperatorFacts& facts,
                      bool live);
  bool decodeControl(BinaryReader& r, Visitor& v, Opcode op, bool live);
  bool decodeBlockStart(BinaryReader& r, Visitor& v, Opcode op);
  bool decodeElse(BinaryReader& r, Visitor& v);
  bool decodeEnd(BinaryReader& r, Visitor& v);
  // Whether code after the `end` of `f` is reachable, given whether its last instruction
  // falls through.
  static bool reachableAfterEnd(const Frame& f, bool fallsThrough);
  bool decodeBr(BinaryReader& r, Visitor& v, bool live);
  bool decodeBrIf(BinaryReader& r, Visitor& v, bool live);
  bool decodeBrTable(BinaryReader& r, Visitor& v, bool live);
  bool decodeCall(BinaryReader& r, Visitor& v, bool live);
  bool decodeCallIndirect(BinaryReader& r, Visitor& v, bool live);
  bool decodeParametric(BinaryReader& r, Visitor& v, Opcode op, bool live);
  // The operands of select / select t*: pops them and returns the result type.
  ValType popSelectOperands(BinaryReader& r);
  ValType popTypedSelectOperands(BinaryReader& r);
  bool decodeLocal(BinaryReader& r, Visitor& v, Opcode op, bool live);
  bool decodeGlobal(BinaryReader& r, Visitor& v, Opcode op, bool live);
  bool decodeTable(BinaryReader& r, Visitor& v, Opcode op, bool live);
  // table.get, table.set, table.grow, table.size, table.fill: one table index.
  bool decodeTableAccess(BinaryReader& r, Visitor& v, Opcode op, bool live);
  bool decodeTableInit(BinaryReader& r, Visitor& v, bool live);
  bool decodeElemDrop(BinaryReader& r, Visitor& v, bool live);
  bool decodeTableCopy(BinaryReader& r, Visitor& v, bool live);
  bool decodeMemory(BinaryReader& r, Visitor& v, Opcode op, const OperatorFacts& facts, bool live);
  bool decodeMemorySizeOrGrow(BinaryReader& r, Visitor& v, Opcode op, bool live);
  bool decodeBulkMemory(BinaryReader& r, Visitor& v, Opcode op, bool live);
  // memory.init and data.drop: a data segment index.
  bool decodeDataSegmentOp(BinaryReader& r, Visitor& v, Opcode op, bool live);
  bool decodeConstant(BinaryReader& r, Visitor& v, Opcode op, bool live);
  bool decodeReference(BinaryReader& r, Visitor& v, Opcode op, bool live);
  bool decodeRefFunc(BinaryReader& r, Visitor& v, bool live);
  bool decodeSimdLane(BinaryReader& r, Visitor& v, Opcode op, const OperatorFacts& facts,
                      bool live);
  bool decodeShuffle(BinaryReader& r, Visitor& v, bool live);

  // Validation primitives, following the spec's appendix algorithm.
  void push(ValType t) { stack_.push(t); }
  ValType pop(BinaryReader& r);
  ValType pop(BinaryReader& r, ValType expected);
  void popAll(BinaryReader& r, std::span<const ValType> types);
  void pushAll(std::span<const ValType> types) { stack_.pushAll(types); }
  // Checks the top of the stack against `types` without consuming it (br_if, br_table).
  void checkTop(BinaryReader& r, std::span<const ValType> types, bool refine);
  void setUnreachable() {
    Frame& f = control_.back();
    stack_.truncate(f.height);
    f.unreachable = true;
    codeReachable_ = false;
  }
  void pushFrame(BinaryReader& r, ControlKind kind, std::span<const ValType> params,
                 std::span<const ValType> results);
  void endFrameResults(BinaryReader& r, const Frame& f);
  bool readBlockType(BinaryReader& r, std::span<const ValType>& params,
                     std::span<const ValType>& results);
  bool readMemArg(BinaryReader& r, uint32_t naturalLog2, MemArg& out);
  bool readLabel(BinaryReader& r, uint32_t& depth);
  // A SIMD lane-index immediate, which must be below `lanes`.
  bool readLane(BinaryReader& r, uint32_t lanes, size_t opOffset, uint8_t& lane);
  bool checkMemory(BinaryReader& r, uint32_t index, size_t at);
  bool checkTable(BinaryReader& r, uint32_t index, size_t at);
  bool readZeroByte(BinaryReader& r);
  void applySig(BinaryReader& r, Sig sig);
  // Pops `n` i32 operands (the bulk memory and table operators' addresses and counts).
  void popI32s(BinaryReader& r, uint32_t n);
  void typeMismatch(BinaryReader& r, ValType expected, ValType actual);

  const ModuleInfo& module_;
  std::vector<ValType> locals_;
  OperandTypeStack stack_;
  std::vector<Frame> control_;
  std::vector<uint32_t> brTargets_;
  std::vector<ValType> popped_;
  std::vector<std::pair<uint32_t, ValType>> localDecls_;
  bool codeReachable_ = true;
  bool endFallthrough_ = false;
  const BinaryReader* reader_ = nullptr;  // the body's reader while decoding instructions
  size_t opOffset_ = 0;  // module offset of the instruction being decoded, for errors
  std::span<const uint8_t> instructions_;
};

// A single value type as a span, for block types written as one value type.
std::span<const ValType> singleValTypeSpan(ValType type);

}  // namespace sable

#include "core/function_body_decoder-inl.h"
