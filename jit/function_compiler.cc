#include "jit/function_compiler.h"

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "arch/wasm_operators.h"
#include "core/operator_facts.h"
#include "core/operator_reader.h"
#include "jit/local_usage.h"

namespace sable::jit {

using arch::Address;
using arch::Condition;
using arch::Reg;
using arch::RegClass;
using arch::regClassOf;
using vm::TrapCode;

namespace {

constexpr int32_t kSlotSize = 16;
// The largest frame a function may have: far more than any thread's stack (so such a function
// could never run), and small enough for the prologue's 32-bit frame-size immediates.
constexpr uint64_t kMaxFrameBytes = uint64_t{256} << 20;

bool isIntegerType(ValType t) { return t == ValType::I32 || t == ValType::I64; }

// The condition an integer comparison computes (eqz: Equal against zero).
std::optional<Condition> comparisonCondition(Opcode op) {
  if (op == Opcode::I32Eqz || op == Opcode::I64Eqz) return Condition::Equal;
  Condition c;
  bool wide;
  if (arch::integerCompareCondition(op, c, wide)) return c;
  return std::nullopt;
}

bool isOpcode(uint32_t code, Opcode op) { return code == static_cast<uint32_t>(op); }

int32_t ctxOffset(size_t off) { return static_cast<int32_t>(off); }

}  // namespace

void FunctionLabels::reset(uint32_t numDefinedFunctions) {
  for (uint32_t i : used_) labels_[i] = asmjit::Label();
  used_.clear();
  labels_.resize(numDefinedFunctions);
}

FunctionCompiler::FunctionCompiler(arch::MacroAssembler& masm, const ModuleCompileEnv& env,
                                   FunctionLabels& functionLabels)
    : masm_(masm), env_(env), functionLabels_(functionLabels) {}

void FunctionCompiler::begin(Decoder& decoder, uint32_t definedIndex) {
  decoder_ = &decoder;
  definedIndex_ = definedIndex;
  const ModuleInfo& m = *env_.module;
  uint32_t typeIndex = m.functionTypes[m.numImportedFunctions + definedIndex];
  type_ = &m.types[typeIndex];
  layout_ = env_.typeLayouts[typeIndex];
  stack_.reset(0);
  regs_.reset();
  stackEntriesScanned_ = 0;
  maxStackDepth_ = 0;
  maxOutgoingBytes_ = 0;
  pendingFuel_ = 0;
  for (auto& l : trapLabels_) l = asmjit::Label();
}

uint32_t FunctionCompiler::fuelCost(Opcode op) {
  switch (op) {
    case Opcode::Nop:
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::Else:
    case Opcode::End:
      return 0;
    default:
      return 1;
  }
}

void FunctionCompiler::flushFuel() {
  if (!env_.consumeFuel || pendingFuel_ == 0) return;
  // A run's count fits 32 bits many times over (bodies are far smaller); split it if not.
  while (pendingFuel_ > 0) {
    uint32_t part = static_cast<uint32_t>(std::min<uint64_t>(pendingFuel_, INT32_MAX));
    masm_.emitFuelConsume(part);
    pendingFuel_ -= part;
  }
}

asmjit::Label FunctionCompiler::trapLabel(TrapCode code) {
  asmjit::Label& l = trapLabels_[static_cast<uint32_t>(code)];
  if (!l.isValid()) l = masm_.newLabel();
  return l;
}

bool FunctionCompiler::simdAvailable(Opcode op) {
  if (!masm_.supportsSimd()) {
    if (unsupported_.empty()) unsupported_ = arch::kSimdUnavailableMessage;
    return false;
  }
  if (masm_.emitsSimd(op)) return true;
  if (unsupported_.empty()) {
    const char* name = opcodeName(op);
    unsupported_ = std::string(arch::kSimdOperatorNotCompiled) + (name ? name : "?");
  }
  return false;
}

void FunctionCompiler::unsupportedOp(Opcode op) {
  if (unsupported_.empty()) {
    const char* name = opcodeName(op);
    unsupported_ = std::string("instruction ") + (name ? name : "?") +
                   " is not supported by this compiler yet";
  }
}

// --- Frame layout ----------------------------------------------------------------------------

Address FunctionCompiler::slotAddress(uint32_t stackIndex) const {
  return Address::frame(slotBase_ -
                        kSlotSize * static_cast<int32_t>(numLocalSlots_ + stackIndex + 1));
}

Address FunctionCompiler::localAddress(uint32_t local) const {
  if (isParam(local)) {
    return Address::frame(arch::MacroAssembler::kArgAreaOffset +
                          static_cast<int32_t>(layout_.paramOffsets[local]));
  }
  return Address::frame(slotBase_ - kSlotSize * static_cast<int32_t>(local - numParams_ + 1));
}

void FunctionCompiler::assignHomes() {
  size_t n = localTypes_.size();
  homes_.assign(n, Reg{});
  savedRegs_.clear();
  callerSavedHomeLocals_.clear();
  weights_.assign(n, 0);
  weightsComplete_ = weighLocalUses(decoder_->instructions(), weights_);
  std::span<const Reg> gp = arch::MacroAssembler::localHomesGp();
  std::span<const Reg> fp = arch::MacroAssembler::localHomesFp();
  // Only the few heaviest locals of each class get a register: keep those, heaviest first and
  // equal weights in index order, rather than sorting every local of every function.
  auto keepIfHeavy = [&](std::vector<uint32_t>& heaviest, size_t capacity, uint32_t local) {
    size_t at = heaviest.size();
    while (at > 0 && weights_[heaviest[at - 1]] < weights_[local]) --at;
    if (at >= capacity) return;
    heaviest.insert(heaviest.begin() + static_cast<ptrdiff_t>(at), local);
    if (heaviest.size() > capacity) heaviest.pop_back();
  };
  heaviestGp_.clear();
  for (uint32_t local = 0; local < n; ++local) {
    if (weights_[local] < 2) continue;  // a single use gains nothing from a register
    ValType t = localTypes_[local];
    if (regClassOf(t) == RegClass::Gp)
      keepIfHeavy(heaviestGp_, gp.size(), local);
    else
      keepIfHeavy(callerSavedHomeLocals_, fp.size(), local);
  }
  for (size_t k = 0; k < heaviestGp_.size(); ++k) {
    homes_[heaviestGp_[k]] = gp[k];
    savedRegs_.push_back(gp[k]);
    regs_.take(gp[k]);  // never a temporary in this function
  }
  for (size_t k = 0; k < callerSavedHomeLocals_.size(); ++k) {
    homes_[callerSavedHomeLocals_[k]] = fp[k];
    regs_.take(fp[k]);
  }
  // Header: saved context word plus the saved homes, rounded to 16 bytes.
  slotBase_ = -static_cast<int32_t>((8 + 8 * savedRegs_.size() + 15) & ~size_t{15});
}

// --- Value stack -----------------------------------------------------------------------------

void FunctionCompiler::pushConstant(ValType type, uint64_t bits, uint64_t bitsHigh) {
  StackValue v;
  v.kind = StackValue::Kind::Constant;
  v.type = type;
  v.bits = bits;
  v.bitsHigh = bitsHigh;
  stack_.push(v);
  maxStackDepth_ = std::max<uint32_t>(maxStackDepth_, static_cast<uint32_t>(stack_.size()));
}

void FunctionCompiler::pushRegister(ValType type, Reg reg) {
  StackValue v;
  v.kind = StackValue::Kind::Register;
  v.type = type;
  v.reg = reg;
  regs_.setOwner(reg, static_cast<int32_t>(stack_.size()));
  stack_.push(v);
  maxStackDepth_ = std::max<uint32_t>(maxStackDepth_, static_cast<uint32_t>(stack_.size()));
}

void FunctionCompiler::pushSlot(ValType type) {
  StackValue v;
  v.kind = StackValue::Kind::Slot;
  v.type = type;
  v.local = static_cast<uint32_t>(stack_.size());  // the slot index, for Kind::Slot
  stack_.push(v);
  maxStackDepth_ = std::max<uint32_t>(maxStackDepth_, static_cast<uint32_t>(stack_.size()));
}

StackValue FunctionCompiler::popValue() {
  StackValue v = stack_.back();
  stack_.pop();
  if (v.kind == StackValue::Kind::Register) regs_.take(v.reg);
  return v;
}

void FunctionCompiler::releaseValue(const StackValue& v) {
  if (v.kind == StackValue::Kind::Register) release(v.reg);
}

void FunctionCompiler::loadValueInto(const StackValue& v, Reg dst) {
  switch (v.kind) {
    case StackValue::Kind::Register:
      if (!(v.reg == dst)) masm_.move(v.type, dst, v.reg);
      break;
    case StackValue::Kind::Constant:
      masm_.loadConstant(v.type, dst, v.bits, v.bitsHigh);
      break;
    case StackValue::Kind::Local:
      if (homes_[v.local].valid())
        masm_.move(v.type, dst, homes_[v.local]);
      else
        masm_.load(v.type, dst, localAddress(v.local));
      break;
    case StackValue::Kind::Slot:
      masm_.load(v.type, dst, slotAddress(v.local));
      break;
  }
}

void FunctionCompiler::storeValue(const StackValue& v, Address dst) {
  switch (v.kind) {
    case StackValue::Kind::Register:
      masm_.store(v.type, dst, v.reg);
      break;
    case StackValue::Kind::Constant:
      masm_.storeConstant(v.type, dst, v.bits, v.bitsHigh);
      break;
    case StackValue::Kind::Local:
      if (homes_[v.local].valid())
        masm_.store(v.type, dst, homes_[v.local]);
      else
        masm_.copy(v.type, dst, localAddress(v.local));
      break;
    case StackValue::Kind::Slot: {
      Address src = slotAddress(v.local);
      if (src.base != dst.base || src.offset != dst.offset) masm_.copy(v.type, dst, src);
      break;
    }
  }
}

Reg FunctionCompiler::popToRegister() {
  StackValue v = popValue();
  if (v.kind == StackValue::Kind::Register) return v.reg;
  Reg r = allocate(regClassOf(v.type));
  loadValueInto(v, r);
  return r;
}

FunctionCompiler::Operand FunctionCompiler::popOperand() {
  const StackValue& top = stack_.back();
  if (top.kind == StackValue::Kind::Local && homes_[top.local].valid()) {
    Reg home = homes_[top.local];
    stack_.pop();
    return {home, false};
  }
  return {popToRegister(), true};
}

bool FunctionCompiler::deferComparison(Opcode op) {
  std::optional<Condition> cond = comparisonCondition(op);
  if (!cond) return false;
  // The next instruction, not validated yet: read with core's operator reader.
  const uint32_t consumer = peekOpcode(decoder_->upcomingBytes());
  if (!isOpcode(consumer, Opcode::BrIf) && !isOpcode(consumer, Opcode::If)) return false;
  PendingCompare c;
  c.cond = *cond;
  c.is64 = operatorFacts(op).wide;
  if (op == Opcode::I32Eqz || op == Opcode::I64Eqz) {
    c.rhsIsImmediate = true;
  } else {
    const StackValue& rhs = stack_.back();
    if (rhs.kind == StackValue::Kind::Constant) {
      int64_t imm = c.is64 ? static_cast<int64_t>(rhs.bits)
                           : static_cast<int64_t>(static_cast<int32_t>(rhs.bits));
      if (imm >= INT32_MIN && imm <= INT32_MAX) {
        c.rhsIsImmediate = true;
        c.immediate = static_cast<int32_t>(imm);
        stack_.pop();
      }
    }
    if (!c.rhsIsImmediate) c.rhs = popOperand();
  }
  c.lhs = popOperand();
  pendingCompare_ = c;
  pushConstant(ValType::I32, 0);  // the placeholder popCondition takes off
  return true;
}

std::optional<uint32_t> FunctionCompiler::nextSetLocal() const {
  ScanCursor next(decoder_->upcomingBytes());
  const uint32_t consumer = readOpcode(next);
  if (!isOpcode(consumer, Opcode::LocalSet) && !isOpcode(consumer, Opcode::LocalTee)) {
    return std::nullopt;
  }
  const uint32_t index = next.readU32Leb();
  // An invalid index fails validation of the local.set right after; nothing is emitted for it.
  if (index >= homes_.size() || !homes_[index].valid()) return std::nullopt;
  return index;
}

std::optional<uint32_t> FunctionCompiler::resultLocal(Reg avoid) {
  std::optional<uint32_t> local = nextSetLocal();
  if (!local || homes_[*local] == avoid) return std::nullopt;
  materializeLocal(*local);
  return local;
}

Reg FunctionCompiler::resultRegister(RegClass cls, const Operand& reuse, Reg avoid,
                                     std::optional<uint32_t>& into) {
  into = resultLocal(avoid);
  if (into && homes_[*into].cls == cls) return homes_[*into];
  into.reset();
  if (reuse.owned && reuse.reg.valid() && reuse.reg.cls == cls) return reuse.reg;
  return allocate(cls);
}

void FunctionCompiler::pushResult(ValType type, Reg dst, std::optional<uint32_t> into) {
  if (!into) {
    pushRegister(type, dst);
    return;
  }
  StackValue v;
  v.kind = StackValue::Kind::Local;
  v.type = type;
  v.local = *into;
  stack_.push(v);
  maxStackDepth_ = std::max<uint32_t>(maxStackDepth_, static_cast<uint32_t>(stack_.size()));
}

FunctionCompiler::BranchCondition FunctionCompiler::popCondition() {
  BranchCondition c;
  if (pendingCompare_) {
    stack_.pop();
    c.compare = pendingCompare_;
    pendingCompare_.reset();
  } else {
    c.value = popOperand();
  }
  return c;
}

void FunctionCompiler::branchOn(const BranchCondition& c, bool whenTrue, asmjit::Label target) {
  if (!c.compare) {
    if (whenTrue)
      masm_.branchIfNonZero(c.value.reg, target);
    else
      masm_.branchIfZero(c.value.reg, target);
    return;
  }
  const PendingCompare& p = *c.compare;
  Condition cond = whenTrue ? p.cond : arch::negateCondition(p.cond);
  if (p.rhsIsImmediate)
    masm_.branchCompareImm(cond, p.is64, p.lhs.reg, p.immediate, target);
  else
    masm_.branchCompare(cond, p.is64, p.lhs.reg, p.rhs.reg, target);
}

void FunctionCompiler::releaseCondition(const BranchCondition& c) {
  if (!c.compare) {
    releaseOperand(c.value);
    return;
  }
  releaseOperand(c.compare->lhs);
  if (!c.compare->rhsIsImmediate) releaseOperand(c.compare->rhs);
}

Reg FunctionCompiler::allocate(RegClass cls) {
  std::span<const Reg> candidates = cls == RegClass::Gp ? arch::MacroAssembler::allocatableGp()
                                                        : arch::MacroAssembler::allocatableFp();
  for (Reg r : candidates) {
    if (regs_.isFree(r)) {
      regs_.take(r);
      return r;
    }
  }
  // None free: spill the oldest value held in a register of this class. None lies below the
  // class's watermark, nor, once this one is spilled, below it.
  for (uint32_t i = stack_.registersFrom(cls); i < stack_.size(); ++i) {
    ++stackEntriesScanned_;
    const StackValue& v = stack_[i];
    if (v.kind == StackValue::Kind::Register && v.reg.cls == cls) {
      Reg r = v.reg;
      spillEntry(i);
      stack_.setRegistersFrom(cls, i + 1);
      regs_.take(r);
      return r;
    }
  }
  // Unreachable: at most three registers are ever in flight.
  return candidates.front();
}

void FunctionCompiler::spillEntry(uint32_t index) {
  const StackValue& v = stack_[index];
  switch (v.kind) {
    case StackValue::Kind::Register:
      masm_.store(v.type, slotAddress(index), v.reg);
      release(v.reg);
      break;
    case StackValue::Kind::Local:
    case StackValue::Kind::Constant:
      storeValue(v, slotAddress(index));
      break;
    case StackValue::Kind::Slot:
      return;
  }
  stack_.setSlot(index);
}

void FunctionCompiler::spillRegisters() {
  const uint32_t from =
      std::min(stack_.registersFrom(RegClass::Gp), stack_.registersFrom(RegClass::Fp));
  const uint32_t height = static_cast<uint32_t>(stack_.size());
  for (uint32_t i = from; i < height; ++i) {
    ++stackEntriesScanned_;
    if (stack_[i].kind == StackValue::Kind::Register) spillEntry(i);
  }
  stack_.setRegistersFrom(RegClass::Gp, height);
  stack_.setRegistersFrom(RegClass::Fp, height);
}

void FunctionCompiler::spillForJoin() {
  const uint32_t from = std::min({stack_.registersFrom(RegClass::Gp),
                                  stack_.registersFrom(RegClass::Fp), stack_.localReadsFrom()});
  const uint32_t height = static_cast<uint32_t>(stack_.size());
  // From the top down, so that each pending read spilled is the topmost of its local.
  for (uint32_t i = height; i-- > from;) {
    ++stackEntriesScanned_;
    StackValue::Kind k = stack_[i].kind;
    if (k == StackValue::Kind::Register || k == StackValue::Kind::Local) spillEntry(i);
  }
  stack_.setRegistersFrom(RegClass::Gp, height);
  stack_.setRegistersFrom(RegClass::Fp, height);
  stack_.setLocalReadsFrom(height);
}

void FunctionCompiler::materializeLocal(uint32_t local) {
  for (uint32_t i = stack_.topReadOf(local); i != ValueStack::kNone; i = stack_.topReadOf(local)) {
    ++stackEntriesScanned_;
    spillEntry(i);
  }
}

void FunctionCompiler::truncateStack(uint32_t height) {
  while (stack_.size() > height) {
    releaseValue(stack_.back());
    stack_.pop();
  }
}

void FunctionCompiler::resetToSlots(uint32_t height, std::span<const ValType> types) {
  truncateStack(height);
  for (ValType t : types) pushSlot(t);
}

// --- Control ---------------------------------------------------------------------------------

bool FunctionCompiler::topAlreadyInSlots(uint32_t height, size_t count) const {
  if (stack_.size() - count != height) return false;
  for (size_t i = height; i < stack_.size(); ++i) {
    if (stack_[i].kind != StackValue::Kind::Slot) return false;
  }
  return true;
}

void FunctionCompiler::moveTopToSlots(uint32_t height, std::span<const ValType> types) {
  // Destinations are never above their sources, so moving upwards overwrites nothing unread.
  size_t base = stack_.size() - types.size();
  for (size_t k = 0; k < types.size(); ++k) {
    storeValue(stack_[base + k], slotAddress(height + static_cast<uint32_t>(k)));
  }
}

void FunctionCompiler::emitReturn() {
  std::span<const ValType> results = type_->results();
  size_t base = stack_.size() - results.size();
  for (size_t k = 0; k < results.size(); ++k) {
    storeValue(stack_[base + k], Address::frame(arch::MacroAssembler::kArgAreaOffset +
                                                static_cast<int32_t>(layout_.resultOffsets[k])));
  }
  for (size_t k = 0; k < savedRegs_.size(); ++k) {
    masm_.load(ValType::I64, savedRegs_[k],
               Address::frame(arch::MacroAssembler::kFirstSavedRegisterOffset -
                              8 * static_cast<int32_t>(k)));
  }
  masm_.epilogueAndReturn();
}

void FunctionCompiler::emitBranchTo(Frame& target) {
  if (target.kind == ControlKind::Function) {
    emitReturn();
    return;
  }
  moveTopToSlots(target.height, target.labelTypes());
  masm_.jump(target.state.label);
}

void FunctionCompiler::onFunctionStart(std::span<const ValType> locals) {
  localTypes_.assign(locals.begin(), locals.end());
  if (!masm_.supportsSimd() &&
      std::find(locals.begin(), locals.end(), ValType::V128) != locals.end()) {
    if (unsupported_.empty()) unsupported_ = arch::kSimdUnavailableMessage;
  }
  numParams_ = static_cast<uint32_t>(type_->params().size());
  numLocalSlots_ = static_cast<uint32_t>(locals.size()) - numParams_;
  stack_.reset(static_cast<uint32_t>(locals.size()));
  assignHomes();
  masm_.prologue(!env_.module->memories.empty());
  interruptCheck();  // catches recursion without loops
  for (size_t k = 0; k < savedRegs_.size(); ++k) {
    masm_.store(ValType::I64,
                Address::frame(arch::MacroAssembler::kFirstSavedRegisterOffset -
                               8 * static_cast<int32_t>(k)),
                savedRegs_[k]);
  }
  // Zero the frame memory of locals that live there: not those with a home register (their
  // memory is only a save area) nor those the body never touches. Runs of slots are zeroed
  // together.
  auto needsZero = [&](uint32_t local) {
    return !homes_[local].valid() && (weights_[local] > 0 || !weightsComplete_);
  };
  for (uint32_t local = numParams_; local < locals.size();) {
    if (!needsZero(local)) {
      ++local;
      continue;
    }
    uint32_t end = local;
    while (end < locals.size() && needsZero(end)) ++end;
    // Local k's slot is at slotBase_ - 16 * (k - numParams_ + 1): higher locals lie lower.
    masm_.zeroFrame(slotBase_ - kSlotSize * static_cast<int32_t>(end - numParams_),
                    kSlotSize * (end - local));
    local = end;
  }
  for (uint32_t i = 0; i < locals.size(); ++i) {
    if (!homes_[i].valid()) continue;
    if (isParam(i))
      masm_.load(locals[i], homes_[i], localAddress(i));
    else
      masm_.loadConstant(locals[i], homes_[i], 0);
  }
}

void FunctionCompiler::onFunctionEnd() {
  for (uint32_t code = 0; code < std::size(trapLabels_); ++code) {
    if (!trapLabels_[code].isValid()) continue;
    masm_.bind(trapLabels_[code]);
    masm_.emitTrapExit(env_.trapStub, static_cast<TrapCode>(code));
  }
  // In 64 bits: an operand stack of millions of values (calls of a function with 1,000
  // results, a few bytes each) makes a frame past 2^31, which the prologue's 32-bit immediates
  // would have turned into a small or negative size, and the stack check would have passed.
  const uint64_t out = (uint64_t{maxOutgoingBytes_} + 15) & ~uint64_t{15};
  const uint64_t frame = static_cast<uint64_t>(-slotBase_) +
                         uint64_t{kSlotSize} * (uint64_t{numLocalSlots_} + maxStackDepth_) + out;
  if (frame > kMaxFrameBytes) {
    if (unsupported_.empty()) {
      unsupported_ = "its frame of " + std::to_string(frame) +
                     " bytes (locals and operand stack) exceeds the limit of " +
                     std::to_string(kMaxFrameBytes) + " bytes";
    }
    return;
  }
  masm_.setFrameSize(static_cast<uint32_t>((frame + 15) & ~uint64_t{15}));
}

void FunctionCompiler::onBlock(Frame& f) {
  if (!f.reachableAtEntry) return;
  spillForJoin();
  f.state.label = masm_.newLabel();
}

void FunctionCompiler::spillTop(size_t count) {
  // From the top down, so that each pending read spilled is the topmost of its local.
  for (size_t i = stack_.size(); i-- > stack_.size() - count;) {
    spillEntry(static_cast<uint32_t>(i));
  }
}

void FunctionCompiler::onLoop(Frame& f) {
  if (!f.reachableAtEntry) return;
  spillForJoin();
  spillTop(f.params.size());  // back edges deliver new parameter values into these slots
  flushFuel();
  f.state.label = masm_.newLabel();
  masm_.bind(f.state.label);
  interruptCheck();
}

void FunctionCompiler::onIf(Frame& f) {
  if (!f.reachableAtEntry) return;
  BranchCondition cond = popCondition();
  spillForJoin();
  spillTop(f.params.size());  // the else arm reads the parameters from their slots
  f.state.label = masm_.newLabel();
  f.state.elseLabel = masm_.newLabel();
  flushFuel();
  branchOn(cond, /*whenTrue=*/false, f.state.elseLabel);
  releaseCondition(cond);
}

void FunctionCompiler::onElse(Frame& f) {
  if (!f.reachableAtEntry) return;
  if (f.thenEndReachable) {
    moveTopToSlots(f.height, f.results);
    flushFuel();
    masm_.jump(f.state.label);
  }
  dropFuel();  // the else arm starts a new run (the `if` was charged before its branch)
  masm_.bind(f.state.elseLabel);
  resetToSlots(f.height, f.params);
}

void FunctionCompiler::onEnd(Frame& f) {
  bool fallthrough = decoder_->endFallthrough();
  if (f.kind == ControlKind::Function) {
    if (fallthrough) {
      flushFuel();
      emitReturn();
    }
    return;
  }
  if (!f.reachableAtEntry) return;
  switch (f.kind) {
    case ControlKind::Loop:
      break;  // nothing branches to a loop's end: values stay put
    case ControlKind::Block:
      if (!f.branchedTo) break;  // only the fallthrough arrives: no join
      if (fallthrough) moveTopToSlots(f.height, f.results);
      if (fallthrough) flushFuel();
      dropFuel();
      masm_.bind(f.state.label);
      resetToSlots(f.height, f.results);
      break;
    case ControlKind::If:
      if (fallthrough) moveTopToSlots(f.height, f.results);
      if (fallthrough) flushFuel();
      dropFuel();
      if (!f.hasElse) masm_.bind(f.state.elseLabel);
      masm_.bind(f.state.label);
      resetToSlots(f.height, f.results);
      break;
    case ControlKind::Function:
      break;
  }
}

void FunctionCompiler::onUnreachable() {
  dropFuel();
  masm_.jump(trapLabel(TrapCode::Unreachable));
}

void FunctionCompiler::onBr(uint32_t depth) {
  flushFuel();
  emitBranchTo(decoder_->frameAt(depth));
}

void FunctionCompiler::onBrIf(uint32_t depth) {
  BranchCondition cond = popCondition();
  flushFuel();
  Frame& target = decoder_->frameAt(depth);
  if (target.kind != ControlKind::Function &&
      topAlreadyInSlots(target.height, target.labelTypes().size())) {
    branchOn(cond, /*whenTrue=*/true, target.state.label);
  } else {
    asmjit::Label skip = masm_.newLabel();
    branchOn(cond, /*whenTrue=*/false, skip);
    emitBranchTo(target);
    masm_.bind(skip);
  }
  releaseCondition(cond);
}

void FunctionCompiler::onBrTable(std::span<const uint32_t> depths, uint32_t defaultDepth) {
  Reg index = popToRegister();
  flushFuel();
  // One landing per distinct target depth: it moves the carried values, then jumps.
  std::vector<std::pair<uint32_t, asmjit::Label>> landings;
  auto landingFor = [&](uint32_t depth) {
    for (auto& [d, l] : landings) {
      if (d == depth) return l;
    }
    Frame& t = decoder_->frameAt(depth);
    asmjit::Label l =
        (t.kind != ControlKind::Function && topAlreadyInSlots(t.height, t.labelTypes().size()))
            ? t.state.label
            : masm_.newLabel();
    landings.emplace_back(depth, l);
    return l;
  };
  std::vector<asmjit::Label> targets;
  targets.reserve(depths.size());
  for (uint32_t d : depths) targets.push_back(landingFor(d));
  asmjit::Label otherwise = landingFor(defaultDepth);
  masm_.jumpTable(index, targets, otherwise);
  release(index);
  for (auto& [d, l] : landings) {
    Frame& t = decoder_->frameAt(d);
    if (t.kind != ControlKind::Function && l == t.state.label) continue;
    masm_.bind(l);
    emitBranchTo(t);
  }
}

void FunctionCompiler::onReturn() {
  flushFuel();
  emitReturn();
}

// --- Calls -----------------------------------------------------------------------------------

void FunctionCompiler::storeCallArguments(const FuncType& type, const vm::ArgLayout& layout) {
  size_t n = type.params().size();
  size_t base = stack_.size() - n;
  for (size_t k = 0; k < n; ++k) {
    storeValue(stack_[base + k], Address::stack(static_cast<int32_t>(layout.paramOffsets[k])));
  }
  truncateStack(static_cast<uint32_t>(base));
  maxOutgoingBytes_ = std::max(maxOutgoingBytes_, layout.sizeBytes);
}

void FunctionCompiler::pushCallResults(const FuncType& type, const vm::ArgLayout& layout) {
  std::span<const ValType> results = type.results();
  for (size_t k = 0; k < results.size(); ++k) {
    Reg r = allocate(regClassOf(results[k]));
    masm_.load(results[k], r, Address::stack(static_cast<int32_t>(layout.resultOffsets[k])));
    pushRegister(results[k], r);
  }
}

void FunctionCompiler::prepareCall() {
  spillRegisters();
  for (uint32_t local : callerSavedHomeLocals_) {
    masm_.store(localTypes_[local], localAddress(local), homes_[local]);
  }
}

void FunctionCompiler::finishCall(bool memoryBaseKept) {
  for (uint32_t local : callerSavedHomeLocals_) {
    masm_.load(localTypes_[local], homes_[local], localAddress(local));
  }
  if (!env_.module->memories.empty() && !memoryBaseKept) masm_.reloadMemoryBase();
}

void FunctionCompiler::onCall(uint32_t funcIndex) {
  flushFuel();  // the callee's instructions are charged after the caller's
  const ModuleInfo& m = *env_.module;
  uint32_t typeIndex = m.functionTypes[funcIndex];
  const FuncType& type = m.types[typeIndex];
  const vm::ArgLayout& layout = env_.typeLayouts[typeIndex];
  // Arguments go straight to the outgoing area; only the values staying below them are spilled.
  storeCallArguments(type, layout);
  prepareCall();
  if (funcIndex >= m.numImportedFunctions) {
    masm_.callLabel(functionLabels_.get(masm_, funcIndex - m.numImportedFunctions));
    finishCall(/*memoryBaseKept=*/!env_.explicitBoundsChecks);
  } else {
    Reg f = allocate(RegClass::Gp);
    masm_.loadFromContext(f, ctxOffset(offsetof(vm::VMContext, functions)));
    masm_.loadPointer(f, Address::at(f, static_cast<int32_t>(8 * funcIndex)));
    masm_.callFuncRef(f);
    release(f);
    masm_.restoreContextRegister();
    finishCall();
  }
  pushCallResults(type, layout);
}

void FunctionCompiler::loadTablePointer(Reg dst, uint32_t table) {
  masm_.loadFromContext(dst, ctxOffset(offsetof(vm::VMContext, tables)));
  masm_.loadPointer(dst, Address::at(dst, static_cast<int32_t>(8 * table)));
}

void FunctionCompiler::checkTableIndex(Reg table, Reg index) {
  Reg size = allocate(RegClass::Gp);
  masm_.load(ValType::I32, size, Address::at(table, ctxOffset(offsetof(vm::VMTable, size))));
  masm_.branchCompare(Condition::GreaterEqualU, false, index, size,
                      trapLabel(TrapCode::TableOutOfBounds));
  release(size);
}

void FunctionCompiler::onCallIndirect(uint32_t typeIndex, uint32_t tableIndex) {
  flushFuel();
  const ModuleInfo& m = *env_.module;
  const FuncType& type = m.types[typeIndex];
  const vm::ArgLayout& layout = env_.typeLayouts[typeIndex];
  Reg index = popToRegister();
  storeCallArguments(type, layout);
  prepareCall();
  Reg f = allocate(RegClass::Gp);
  loadTablePointer(f, tableIndex);
  Reg size = allocate(RegClass::Gp);
  masm_.load(ValType::I32, size, Address::at(f, ctxOffset(offsetof(vm::VMTable, size))));
  masm_.branchCompare(Condition::GreaterEqualU, false, index, size,
                      trapLabel(TrapCode::UndefinedElement));
  masm_.loadPointer(f, Address::at(f, ctxOffset(offsetof(vm::VMTable, elements))));
  masm_.loadPointerIndexed(f, f, index);
  masm_.branchCompareImm(Condition::Equal, true, f, 0, trapLabel(TrapCode::IndirectCallToNull));
  masm_.load(ValType::I32, size, Address::at(f, ctxOffset(offsetof(vm::FuncRef, sigId))));
  masm_.branchCompareImm(Condition::NotEqual, false, size,
                         static_cast<int32_t>(env_.sigIds[typeIndex]),
                         trapLabel(TrapCode::IndirectCallTypeMismatch));
  release(size);
  release(index);
  masm_.callFuncRef(f);
  release(f);
  masm_.restoreContextRegister();
  finishCall();
  pushCallResults(type, layout);
}

void FunctionCompiler::popBuiltinArguments(uint32_t first, uint32_t count) {
  for (uint32_t k = count; k-- > 0;) {
    StackValue v = popValue();
    loadValueInto(v, arch::MacroAssembler::cArgGp(first + k));
    releaseValue(v);
  }
}

void FunctionCompiler::callBuiltinChecked(int32_t builtinOffset, TrapCode onFailure) {
  masm_.callBuiltin(builtinOffset);
  masm_.branchIfNonZero(arch::MacroAssembler::cReturnGp(), trapLabel(onFailure));
  finishCall();
}

// --- Variables -------------------------------------------------------------------------------

void FunctionCompiler::onDrop() { releaseValue(popValue()); }

void FunctionCompiler::onSelect(ValType type) {
  Reg cond = popToRegister();
  Reg ifFalse = popToRegister();
  Reg ifTrue = popToRegister();
  masm_.emitSelect(type, ifTrue, ifTrue, ifFalse, cond);
  release(ifFalse);
  release(cond);
  pushRegister(type, ifTrue);
}

void FunctionCompiler::onLocalGet(uint32_t index) {
  StackValue v;
  v.kind = StackValue::Kind::Local;
  v.type = localTypes_[index];
  v.local = index;
  stack_.push(v);
  maxStackDepth_ = std::max<uint32_t>(maxStackDepth_, static_cast<uint32_t>(stack_.size()));
}

void FunctionCompiler::onLocalSet(uint32_t index) {
  const StackValue& top = stack_.back();
  if (top.kind == StackValue::Kind::Local && top.local == index) {
    stack_.pop();  // already there: computed into the home, or `x = x`
    return;
  }
  materializeLocal(index);
  StackValue v = popValue();
  if (homes_[index].valid())
    loadValueInto(v, homes_[index]);
  else
    storeValue(v, localAddress(index));
  releaseValue(v);
}

void FunctionCompiler::onLocalTee(uint32_t index) {
  const StackValue& current = stack_.back();
  if (current.kind == StackValue::Kind::Local && current.local == index) return;
  materializeLocal(index);
  if (homes_[index].valid()) {
    loadValueInto(stack_.back(), homes_[index]);
    return;
  }
  const StackValue& top = stack_.back();
  if (top.kind == StackValue::Kind::Slot) {
    StackValue v = popValue();
    Reg r = allocate(regClassOf(v.type));
    loadValueInto(v, r);
    pushRegister(v.type, r);
  }
  storeValue(stack_.back(), localAddress(index));
}

void FunctionCompiler::onGlobalGet(uint32_t index) {
  ValType type = env_.module->globals[index].type.type;
  Reg p = allocate(RegClass::Gp);
  masm_.loadFromContext(p, ctxOffset(offsetof(vm::VMContext, globals)));
  masm_.loadPointer(p, Address::at(p, static_cast<int32_t>(8 * index)));
  Reg dst = regClassOf(type) == RegClass::Gp ? p : allocate(regClassOf(type));
  masm_.load(type, dst, Address::at(p, 0));
  if (!(dst == p)) release(p);
  pushRegister(type, dst);
}

void FunctionCompiler::onGlobalSet(uint32_t index) {
  ValType type = env_.module->globals[index].type.type;
  Reg value = popToRegister();
  Reg p = allocate(RegClass::Gp);
  masm_.loadFromContext(p, ctxOffset(offsetof(vm::VMContext, globals)));
  masm_.loadPointer(p, Address::at(p, static_cast<int32_t>(8 * index)));
  masm_.store(type, Address::at(p, 0), value);
  release(p);
  release(value);
}

// --- Tables ----------------------------------------------------------------------------------

void FunctionCompiler::onTableGet(uint32_t table) {
  Reg index = popToRegister();
  Reg t = allocate(RegClass::Gp);
  loadTablePointer(t, table);
  checkTableIndex(t, index);
  masm_.loadPointer(t, Address::at(t, ctxOffset(offsetof(vm::VMTable, elements))));
  masm_.loadPointerIndexed(t, t, index);
  release(index);
  pushRegister(env_.module->tables[table].elemType, t);
}

void FunctionCompiler::onTableSet(uint32_t table) {
  Reg value = popToRegister();
  Reg index = popToRegister();
  Reg t = allocate(RegClass::Gp);
  loadTablePointer(t, table);
  checkTableIndex(t, index);
  masm_.loadPointer(t, Address::at(t, ctxOffset(offsetof(vm::VMTable, elements))));
  masm_.storePointerIndexed(t, index, value);
  release(t);
  release(index);
  release(value);
}

void FunctionCompiler::onTableSize(uint32_t table) {
  Reg t = allocate(RegClass::Gp);
  loadTablePointer(t, table);
  masm_.load(ValType::I32, t, Address::at(t, ctxOffset(offsetof(vm::VMTable, size))));
  pushRegister(ValType::I32, t);
}

void FunctionCompiler::onTableGrow(uint32_t table) {
  prepareCall();
  popBuiltinArguments(2, 2);  // init value, delta
  masm_.loadConstant(ValType::I32, arch::MacroAssembler::cArgGp(1), table);
  masm_.moveContext(arch::MacroAssembler::cArgGp(0));
  masm_.callBuiltin(ctxOffset(offsetof(vm::VMBuiltins, tableGrow)));
  Reg r = allocate(RegClass::Gp);
  masm_.move(ValType::I32, r, arch::MacroAssembler::cReturnGp());
  finishCall();
  pushRegister(ValType::I32, r);
}

void FunctionCompiler::onTableFill(uint32_t table) {
  prepareCall();
  popBuiltinArguments(2, 3);  // destination, value, count
  masm_.loadConstant(ValType::I32, arch::MacroAssembler::cArgGp(1), table);
  masm_.moveContext(arch::MacroAssembler::cArgGp(0));
  callBuiltinChecked(ctxOffset(offsetof(vm::VMBuiltins, tableFill)), TrapCode::TableOutOfBounds);
}

void FunctionCompiler::onTableInit(uint32_t segment, uint32_t table) {
  prepareCall();
  popBuiltinArguments(3, 3);  // destination, source, count
  masm_.loadConstant(ValType::I32, arch::MacroAssembler::cArgGp(1), table);
  masm_.loadConstant(ValType::I32, arch::MacroAssembler::cArgGp(2), segment);
  masm_.moveContext(arch::MacroAssembler::cArgGp(0));
  callBuiltinChecked(ctxOffset(offsetof(vm::VMBuiltins, tableInit)), TrapCode::TableOutOfBounds);
}

void FunctionCompiler::onElemDrop(uint32_t segment) {
  prepareCall();
  masm_.loadConstant(ValType::I32, arch::MacroAssembler::cArgGp(1), segment);
  masm_.moveContext(arch::MacroAssembler::cArgGp(0));
  masm_.callBuiltin(ctxOffset(offsetof(vm::VMBuiltins, elemDrop)));
  finishCall();
}

void FunctionCompiler::onTableCopy(uint32_t dst, uint32_t src) {
  prepareCall();
  popBuiltinArguments(3, 3);  // destination, source, count
  masm_.loadConstant(ValType::I32, arch::MacroAssembler::cArgGp(1), dst);
  masm_.loadConstant(ValType::I32, arch::MacroAssembler::cArgGp(2), src);
  masm_.moveContext(arch::MacroAssembler::cArgGp(0));
  callBuiltinChecked(ctxOffset(offsetof(vm::VMBuiltins, tableCopy)), TrapCode::TableOutOfBounds);
}

void FunctionCompiler::onRefIsNull() {
  Reg v = popToRegister();
  masm_.emitUnary(Opcode::I64Eqz, v, v);
  pushRegister(ValType::I32, v);
}

void FunctionCompiler::onRefFunc(uint32_t index) {
  Reg r = allocate(RegClass::Gp);
  masm_.loadFromContext(r, ctxOffset(offsetof(vm::VMContext, functions)));
  masm_.loadPointer(r, Address::at(r, static_cast<int32_t>(8 * index)));
  pushRegister(ValType::FuncRef, r);
}

// --- Memory ----------------------------------------------------------------------------------

FunctionCompiler::Operand FunctionCompiler::popMemoryIndex(uint64_t& offset) {
  if (stack_.back().kind != StackValue::Kind::Constant) return popOperand();
  offset += static_cast<uint32_t>(popValue().bits);
  return {Reg{}, false};
}

void FunctionCompiler::onLoad(Opcode op, const MemArg& m) {
  ValType type = memoryOpcodeType(op);
  if (type == ValType::V128 && !simdAvailable(op)) return;
  uint64_t offset = m.offset;
  Operand index = popMemoryIndex(offset);
  std::optional<uint32_t> into;
  Reg dst = index.reg.valid() ? resultRegister(regClassOf(type), index, Reg{}, into)
                              : allocate(regClassOf(type));
  masm_.emitLoad(op, dst, index.reg, offset);
  if (!(dst == index.reg)) releaseOperand(index);
  pushResult(type, dst, into);
}

void FunctionCompiler::onStore(Opcode op, const MemArg& m) {
  if (memoryOpcodeType(op) == ValType::V128 && !simdAvailable(op)) return;
  Operand value = popOperand();
  uint64_t offset = m.offset;
  Operand index = popMemoryIndex(offset);
  masm_.emitStore(op, index.reg, offset, value.reg);
  releaseOperand(index);
  releaseOperand(value);
}

void FunctionCompiler::onSimdLoadLane(Opcode op, const MemArg& m, uint8_t lane) {
  if (!simdAvailable(op)) return;
  Reg vector = popToRegister();
  uint64_t offset = m.offset;
  Operand index = popMemoryIndex(offset);
  masm_.emitLoadLane(op, vector, index.reg, offset, lane);
  releaseOperand(index);
  pushRegister(ValType::V128, vector);
}

void FunctionCompiler::onSimdStoreLane(Opcode op, const MemArg& m, uint8_t lane) {
  if (!simdAvailable(op)) return;
  Operand vector = popOperand();
  uint64_t offset = m.offset;
  Operand index = popMemoryIndex(offset);
  masm_.emitStoreLane(op, index.reg, offset, vector.reg, lane);
  releaseOperand(index);
  releaseOperand(vector);
}

void FunctionCompiler::onMemorySize(uint32_t /*memory*/) {
  Reg r = allocate(RegClass::Gp);
  masm_.loadFromContext(r, ctxOffset(offsetof(vm::VMContext, memory)));
  masm_.load(ValType::I64, r, Address::at(r, ctxOffset(offsetof(vm::VMMemory, sizeBytes))));
  masm_.emitBinaryImm(Opcode::I64ShrU, r, r, 16);
  pushRegister(ValType::I32, r);
}

void FunctionCompiler::onMemoryGrow(uint32_t /*memory*/) {
  prepareCall();
  popBuiltinArguments(1, 1);
  masm_.moveContext(arch::MacroAssembler::cArgGp(0));
  masm_.callBuiltin(ctxOffset(offsetof(vm::VMBuiltins, memoryGrow)));
  Reg r = allocate(RegClass::Gp);
  masm_.move(ValType::I32, r, arch::MacroAssembler::cReturnGp());
  finishCall();
  pushRegister(ValType::I32, r);
}

void FunctionCompiler::onMemoryInit(uint32_t segment, uint32_t /*memory*/) {
  prepareCall();
  popBuiltinArguments(2, 3);  // destination, source, count
  masm_.loadConstant(ValType::I32, arch::MacroAssembler::cArgGp(1), segment);
  masm_.moveContext(arch::MacroAssembler::cArgGp(0));
  callBuiltinChecked(ctxOffset(offsetof(vm::VMBuiltins, memoryInit)), TrapCode::MemoryOutOfBounds);
}

void FunctionCompiler::onDataDrop(uint32_t segment) {
  prepareCall();
  masm_.loadConstant(ValType::I32, arch::MacroAssembler::cArgGp(1), segment);
  masm_.moveContext(arch::MacroAssembler::cArgGp(0));
  masm_.callBuiltin(ctxOffset(offsetof(vm::VMBuiltins, dataDrop)));
  finishCall();
}

void FunctionCompiler::onMemoryCopy(uint32_t /*dst*/, uint32_t /*src*/) {
  prepareCall();
  popBuiltinArguments(1, 3);
  masm_.moveContext(arch::MacroAssembler::cArgGp(0));
  callBuiltinChecked(ctxOffset(offsetof(vm::VMBuiltins, memoryCopy)), TrapCode::MemoryOutOfBounds);
}

void FunctionCompiler::onMemoryFill(uint32_t /*memory*/) {
  prepareCall();
  popBuiltinArguments(1, 3);
  masm_.moveContext(arch::MacroAssembler::cArgGp(0));
  callBuiltinChecked(ctxOffset(offsetof(vm::VMBuiltins, memoryFill)), TrapCode::MemoryOutOfBounds);
}

// --- Numeric ---------------------------------------------------------------------------------

void FunctionCompiler::onV128Const(const uint8_t* bytes16) {
  if (!simdAvailable(Opcode::V128Const)) return;
  uint64_t lo, hi;
  std::memcpy(&lo, bytes16, 8);
  std::memcpy(&hi, bytes16 + 8, 8);
  pushConstant(ValType::V128, lo, hi);
}

void FunctionCompiler::onSimdExtractLane(Opcode op, uint8_t lane) {
  if (!simdAvailable(op)) return;
  ValType type = operatorFacts(op).type;
  Operand src = popOperand();
  std::optional<uint32_t> into;
  Reg dst = resultRegister(regClassOf(type), src, Reg{}, into);
  masm_.emitExtractLane(op, dst, src.reg, lane);
  if (!(dst == src.reg)) releaseOperand(src);
  pushResult(type, dst, into);
}

void FunctionCompiler::onSimdReplaceLane(Opcode op, uint8_t lane) {
  if (!simdAvailable(op)) return;
  Operand scalar = popOperand();
  Operand vector = popOperand();
  std::optional<uint32_t> into;
  Reg dst = resultRegister(RegClass::Fp, vector, scalar.reg, into);
  masm_.emitReplaceLane(op, dst, vector.reg, scalar.reg, lane);
  if (!(dst == scalar.reg)) releaseOperand(scalar);
  if (!(dst == vector.reg)) releaseOperand(vector);
  pushResult(ValType::V128, dst, into);
}

void FunctionCompiler::onShuffle(const uint8_t* lanes) {
  if (!simdAvailable(Opcode::I8x16Shuffle)) return;
  Operand rhs = popOperand();
  Operand lhs = popOperand();
  std::optional<uint32_t> into;
  Reg dst = resultRegister(RegClass::Fp, lhs, rhs.reg, into);
  masm_.emitShuffle(dst, lhs.reg, rhs.reg, lanes);
  if (!(dst == rhs.reg)) releaseOperand(rhs);
  if (!(dst == lhs.reg)) releaseOperand(lhs);
  pushResult(ValType::V128, dst, into);
}

void FunctionCompiler::emitTernary(Opcode op, ValType resultType) {
  Operand c = popOperand();
  Operand b = popOperand();
  Operand a = popOperand();
  // Never `b` or `c` as the destination: a two-operand machine would overwrite them unread.
  Reg dst =
      (a.owned && a.reg.cls == regClassOf(resultType)) ? a.reg : allocate(regClassOf(resultType));
  masm_.emitTernary(op, dst, a.reg, b.reg, c.reg);
  releaseOperand(c);
  releaseOperand(b);
  if (!(dst == a.reg)) releaseOperand(a);
  pushRegister(resultType, dst);
}

void FunctionCompiler::onSimple(Opcode op) {
  const bool simd = static_cast<uint16_t>(op) >= 0xfd00;
  if (simd && !simdAvailable(op)) return;
  if (!simd && deferComparison(op)) return;
  const SigTypes& sig = sigTypes(simpleOpcodeSig(op));
  if (sig.numParams == 3) {
    emitTernary(op, sig.result);
    return;
  }
  RegClass resultClass = regClassOf(sig.result);
  std::optional<uint32_t> into;
  if (sig.numParams == 1) {
    Operand src = popOperand();
    Reg dst = resultRegister(resultClass, src, Reg{}, into);
    masm_.emitUnary(op, dst, src.reg);
    if (!(dst == src.reg)) releaseOperand(src);
    pushResult(sig.result, dst, into);
    return;
  }
  const StackValue& rhsValue = stack_.back();
  if (rhsValue.kind == StackValue::Kind::Constant && isIntegerType(rhsValue.type)) {
    int64_t imm = rhsValue.type == ValType::I32
                      ? static_cast<int64_t>(static_cast<int32_t>(rhsValue.bits))
                      : static_cast<int64_t>(rhsValue.bits);
    if (imm == 0 && operatorFacts(op).zeroIdentity) {
      popValue();  // x + 0, x | 0, x << 0, ...: the value stays as it is
      return;
    }
    if (masm_.acceptsImmediate(op, imm)) {
      popValue();
      Operand lhs = popOperand();
      Reg dst = resultRegister(resultClass, lhs, Reg{}, into);
      masm_.emitBinaryImm(op, dst, lhs.reg, imm);
      if (!(dst == lhs.reg)) releaseOperand(lhs);
      pushResult(sig.result, dst, into);
      return;
    }
  }
  Operand rhs = popOperand();
  Operand lhs = popOperand();
  if (operatorFacts(op).commutative) {
    // `x = y + x`: swapped, the result can still go straight into x's home.
    std::optional<uint32_t> target = nextSetLocal();
    if (target && homes_[*target] == rhs.reg && !(homes_[*target] == lhs.reg)) {
      std::swap(lhs, rhs);
    }
  }
  // The destination may be the left operand's register but never the right one's: a
  // two-operand machine would overwrite the right operand before reading it.
  Reg dst = resultRegister(resultClass, lhs, rhs.reg, into);
  masm_.emitBinary(op, dst, lhs.reg, rhs.reg);
  if (!(dst == rhs.reg)) releaseOperand(rhs);
  if (!(dst == lhs.reg)) releaseOperand(lhs);
  pushResult(sig.result, dst, into);
}

}  // namespace sable::jit
