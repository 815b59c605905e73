// Compiles one function body in a single pass: the FunctionBodyDecoder validates and calls
// these hooks, and each hook emits machine code through the MacroAssembler at once.
//
// Merges at control-flow joins use one rule: every value a branch carries, and every value
// below a block's entry height, sits in its canonical frame slot (values below the entry height
// may also stay immutable constants; a loop's or if's parameters may not, since another path
// delivers them).
// A block's entry spills registers and pending local reads; a branch moves the values it carries
// into the target's slots. Registers therefore never need reconciling at a label.
#pragma once

#include <asmjit/core.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "abi/vm.h"
#include "arch/macro_assembler.h"
#include "core/function_body_decoder.h"
#include "jit/value_stack.h"

namespace sable::jit {

// Per-module facts every function's compilation needs.
struct ModuleCompileEnv {
  const ModuleInfo* module = nullptr;
  std::span<const uint32_t> sigIds;
  std::vector<vm::ArgLayout> typeLayouts;  // argument area of each type index
  const void* trapStub = nullptr;
  bool explicitBoundsChecks = false;
  bool epochChecks = false;  // see CompileOptions
  bool consumeFuel = false;
};

// The labels of the module's defined functions in one CodeHolder, created on first use: a chunk
// calls few of the module's functions, and a label for each of them in every chunk cost more than
// compiling the chunk's small functions.
class FunctionLabels {
 public:
  // Starts a new CodeHolder: its labels are not the previous one's.
  void reset(uint32_t numDefinedFunctions);
  asmjit::Label get(arch::MacroAssembler& masm, uint32_t definedIndex) {
    asmjit::Label& l = labels_[definedIndex];
    if (!l.isValid()) {
      l = masm.newLabel();
      used_.push_back(definedIndex);
    }
    return l;
  }
  // The functions given a label since reset(), in order of first use.
  std::span<const uint32_t> used() const { return used_; }
  asmjit::Label at(uint32_t definedIndex) const { return labels_[definedIndex]; }

 private:
  std::vector<asmjit::Label> labels_;
  std::vector<uint32_t> used_;
};

// The Visitor of FunctionBodyDecoder that generates code.
class FunctionCompiler : public arch::TrapLabels {
 public:
  // Per-label state: where branches to the block jump.
  struct State {
    asmjit::Label label;
    asmjit::Label elseLabel;
  };
  using Frame = ControlFrame<State>;
  using Decoder = FunctionBodyDecoder<FunctionCompiler>;

  FunctionCompiler(arch::MacroAssembler& masm, const ModuleCompileEnv& env,
                   FunctionLabels& functionLabels);

  // Prepares for defined function `definedIndex`; call before Decoder::decode.
  void begin(Decoder& decoder, uint32_t definedIndex);
  // Set when the function uses something this compiler cannot generate yet.
  const std::string& unsupported() const { return unsupported_; }
  bool ok() const { return unsupported_.empty(); }
  // Stack entries the spill scans visited in the function since begin(): work that must grow
  // linearly with the body, whatever the stack depth (tests check it).
  uint64_t stackEntriesScanned() const { return stackEntriesScanned_; }

  asmjit::Label trapLabel(vm::TrapCode code) override;

  // --- Decoder hooks ----------------------------------------------------------------------
  // Counts the instruction's fuel when the engine consumes fuel.
  void onOperator(Opcode op) {
    if (env_.consumeFuel) pendingFuel_ += fuelCost(op);
  }
  void onFunctionStart(std::span<const ValType> locals);
  void onFunctionEnd();
  void onBlock(Frame& f);
  void onLoop(Frame& f);
  void onIf(Frame& f);
  void onElse(Frame& f);
  void onEnd(Frame& f);
  void onUnreachable();
  void onBr(uint32_t depth);
  void onBrIf(uint32_t depth);
  void onBrTable(std::span<const uint32_t> depths, uint32_t defaultDepth);
  void onReturn();
  void onCall(uint32_t funcIndex);
  void onCallIndirect(uint32_t typeIndex, uint32_t tableIndex);
  void onDrop();
  void onSelect(ValType type);
  void onLocalGet(uint32_t index);
  void onLocalSet(uint32_t index);
  void onLocalTee(uint32_t index);
  void onGlobalGet(uint32_t index);
  void onGlobalSet(uint32_t index);
  void onTableGet(uint32_t table);
  void onTableSet(uint32_t table);
  void onLoad(Opcode op, const MemArg& m);
  void onStore(Opcode op, const MemArg& m);
  void onMemorySize(uint32_t memory);
  void onMemoryGrow(uint32_t memory);
  void onI32Const(int32_t v) { pushConstant(ValType::I32, static_cast<uint32_t>(v)); }
  void onI64Const(int64_t v) { pushConstant(ValType::I64, static_cast<uint64_t>(v)); }
  void onF32Const(uint32_t bits) { pushConstant(ValType::F32, bits); }
  void onF64Const(uint64_t bits) { pushConstant(ValType::F64, bits); }
  void onV128Const(const uint8_t* bytes16);
  void onSimple(Opcode op);
  void onRefNull(ValType type) { pushConstant(type, 0); }
  void onRefIsNull();
  void onRefFunc(uint32_t index);
  void onMemoryInit(uint32_t segment, uint32_t memory);
  void onDataDrop(uint32_t segment);
  void onMemoryCopy(uint32_t dst, uint32_t src);
  void onMemoryFill(uint32_t memory);
  void onTableInit(uint32_t segment, uint32_t table);
  void onElemDrop(uint32_t segment);
  void onTableCopy(uint32_t dst, uint32_t src);
  void onTableGrow(uint32_t table);
  void onTableSize(uint32_t table);
  void onTableFill(uint32_t table);
  void onSimdExtractLane(Opcode op, uint8_t lane);
  void onSimdReplaceLane(Opcode op, uint8_t lane);
  void onSimdLoadLane(Opcode op, const MemArg& m, uint8_t lane);
  void onSimdStoreLane(Opcode op, const MemArg& m, uint8_t lane);
  void onShuffle(const uint8_t* lanes);

 private:
  using Reg = arch::Reg;
  using Address = arch::Address;

  // A register an instruction reads. A local's home register is read in place rather than
  // copied, so it is not the instruction's to write or release (`owned` is false).
  struct Operand {
    Reg reg;
    bool owned = true;
  };
  // An integer comparison (or eqz) whose only consumer is the br_if or if right after it: left
  // unevaluated so that the branch becomes compare-and-branch instead of materialising 0/1 and
  // testing it. Stands for the placeholder on top of the stack until that hook pops it.
  struct PendingCompare {
    arch::Condition cond;
    bool is64 = false;
    Operand lhs;
    Operand rhs;  // unused when rhsIsImmediate
    bool rhsIsImmediate = false;
    int32_t immediate = 0;
  };
  // The condition br_if and if pop: a pending comparison or an i32 in a register.
  struct BranchCondition {
    std::optional<PendingCompare> compare;
    Operand value;
  };

  // --- Value stack ------------------------------------------------------------------------
  void pushConstant(ValType type, uint64_t bits, uint64_t bitsHigh = 0);
  void pushRegister(ValType type, Reg reg);
  void pushSlot(ValType type);
  StackValue popValue();
  // Pops the top value into a register the caller owns (in flight).
  Reg popToRegister();
  // Pops the top value into a register to read: its home register if it is a local that has one.
  Operand popOperand();
  void releaseOperand(const Operand& o) {
    if (o.owned) release(o.reg);
  }
  // For a comparison opcode followed by br_if or if: pops its operands into a PendingCompare.
  bool deferComparison(Opcode op);
  // When the next instruction is local.set or local.tee of a local with a home register that
  // `avoid` is not: the local, after reads of its old value still on the stack were saved.
  // The instruction then computes straight into that home and pushes a read of the local,
  // which the local.set / local.tee finds already in place.
  std::optional<uint32_t> resultLocal(Reg avoid);
  // The local the next instruction sets or tees, if it has a home register (no side effects).
  std::optional<uint32_t> nextSetLocal() const;
  // The register an instruction writes its result to: the home of resultLocal() if any, else
  // `reuse` when the instruction owns it and it has the result's class, else a new one.
  Reg resultRegister(arch::RegClass cls, const Operand& reuse, Reg avoid,
                     std::optional<uint32_t>& into);
  void pushResult(ValType type, Reg dst, std::optional<uint32_t> into);
  BranchCondition popCondition();
  // Branches to `target` when the condition is true (`whenTrue`) or false.
  void branchOn(const BranchCondition& c, bool whenTrue, asmjit::Label target);
  void releaseCondition(const BranchCondition& c);
  // Loads a popped value into a register of the caller's choice (must be free of owners).
  void loadValueInto(const StackValue& v, Reg dst);
  void releaseValue(const StackValue& v);
  // Writes a value to memory (slot, argument area or return area).
  void storeValue(const StackValue& v, Address dst);

  Reg allocate(arch::RegClass cls);
  void release(Reg r) { regs_.release(r); }
  void spillEntry(uint32_t index);
  // Moves every register-held value to its slot (calls clobber all registers).
  void spillRegisters();
  // Prepares for a join: registers and pending local reads go to their slots.
  void spillForJoin();
  // Moves the top `count` values, constants included, to their slots.
  void spillTop(size_t count);
  // Replaces pending reads of `local` by its current value, before the local changes.
  void materializeLocal(uint32_t local);
  // Drops entries above `height`, releasing their registers.
  void truncateStack(uint32_t height);
  void resetToSlots(uint32_t height, std::span<const ValType> types);

  // --- Frame layout -----------------------------------------------------------------------
  Address slotAddress(uint32_t stackIndex) const;
  // The local's memory location (its home when it has no register, else where a
  // caller-saved home is kept across calls).
  Address localAddress(uint32_t local) const;
  Reg homeOf(uint32_t local) const { return homes_[local]; }
  // Gives the most used locals (by the pre-scan) registers for the whole function.
  void assignHomes();
  bool isParam(uint32_t local) const { return local < numParams_; }

  // --- Control ----------------------------------------------------------------------------
  // Moves the top `types.size()` values into the slots starting at stack index `height`.
  void moveTopToSlots(uint32_t height, std::span<const ValType> types);
  bool topAlreadyInSlots(uint32_t height, size_t count) const;
  void emitBranchTo(Frame& target);
  void emitReturn();
  void unsupportedOp(Opcode op);
  // A three-operand operator (v128.bitselect) from the top of the stack.
  void emitTernary(Opcode op, ValType resultType);
  // Whether the back end compiles SIMD operator `op`; if not, records why (no SIMD on this
  // ISA configuration, or this operator not compiled yet) and returns false.
  bool simdAvailable(Opcode op);
  // Pops the memory index of a load or store: none when it is a constant, which then folds
  // into the returned offset (index + offset < 2^33, no wrap-around).
  Operand popMemoryIndex(uint64_t& offset);

  // --- Interruption -----------------------------------------------------------------------
  // The fuel an instruction costs: 1, except for those that only structure the code.
  static uint32_t fuelCost(Opcode op);
  // Ends the current straight-line run: charges the fuel it counted (traps when it runs out).
  // Called before every branch, call, return and reachable label, so every path pays exactly
  // the instructions it executes.
  void flushFuel();
  // Forgets the run's count where code stops being reachable without a flush (a trap).
  void dropFuel() { pendingFuel_ = 0; }
  // The epoch check of a function entry or loop header, when the engine wants them.
  void interruptCheck() {
    if (env_.epochChecks) masm_.emitInterruptCheck();
  }

  // --- Calls ------------------------------------------------------------------------------
  // Before any call: registers of stack values go to their slots, caller-saved homes to their
  // locals' memory. After it: the homes come back, and the memory base is reloaded unless
  // `memoryBaseKept`: a direct call within the module in guard-page mode, where the callee
  // loads the very same base (one instance, one memory that never moves).
  void prepareCall();
  void finishCall(bool memoryBaseKept = false);
  // Stores the call's arguments into the outgoing area and pops them.
  void storeCallArguments(const FuncType& type, const vm::ArgLayout& layout);
  void pushCallResults(const FuncType& type, const vm::ArgLayout& layout);
  // Pops `count` values straight into C argument registers first..first+count-1 (after all
  // registers were spilled), for builtin calls.
  void popBuiltinArguments(uint32_t first, uint32_t count);
  void callBuiltinChecked(int32_t builtinOffset, vm::TrapCode onFailure);
  void loadTablePointer(Reg dst, uint32_t table);
  void checkTableIndex(Reg table, Reg index);

  arch::MacroAssembler& masm_;
  const ModuleCompileEnv& env_;
  FunctionLabels& functionLabels_;
  Decoder* decoder_ = nullptr;
  uint32_t definedIndex_ = 0;
  const FuncType* type_ = nullptr;
  vm::ArgLayout layout_;
  std::vector<ValType> localTypes_;
  uint32_t numParams_ = 0;
  uint32_t numLocalSlots_ = 0;  // non-parameter locals, one 16-byte slot each
  std::vector<Reg> homes_;      // per local: its register for the whole function, or invalid
  std::vector<Reg> savedRegs_;  // callee-saved homes, saved in the frame header
  std::vector<uint32_t> callerSavedHomeLocals_;  // Fp homes' locals; local of fp home k at k
  std::vector<uint32_t> weights_;
  std::vector<uint32_t> heaviestGp_;  // assignHomes()'s Gp candidates, kept for reuse
  bool weightsComplete_ = false;      // the pre-scan saw the whole body
  int32_t slotBase_ = -16;            // frame offset where the local and stack slots start

  ValueStack stack_;
  std::optional<PendingCompare> pendingCompare_;
  RegisterState regs_;
  uint64_t stackEntriesScanned_ = 0;
  uint32_t maxStackDepth_ = 0;
  uint32_t maxOutgoingBytes_ = 0;
  uint64_t pendingFuel_ = 0;  // fuel of the straight-line run so far, not yet charged
  asmjit::Label trapLabels_[16];
  std::string unsupported_;
};

}  // namespace sable::jit
