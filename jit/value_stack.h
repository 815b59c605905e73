// The compiler's model of the wasm operand stack. Each entry says where its value is right now:
// in a register, a constant not yet materialised, a local not yet read, or its canonical frame
// slot. Values stay lazy until an instruction needs them, so constants fold into immediates and
// `local.get` costs nothing until used.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "arch/macro_assembler.h"
#include "core/reusable_stack.h"
#include "sable/types.h"

namespace sable::jit {

// Where one operand-stack value lives.
struct StackValue {
  enum class Kind : uint8_t { Register, Constant, Local, Slot };

  Kind kind = Kind::Slot;
  ValType type = ValType::I32;
  arch::Reg reg;          // Kind::Register
  uint32_t local = 0;     // Kind::Local
  uint64_t bits = 0;      // Kind::Constant (low 64 bits)
  uint64_t bitsHigh = 0;  // Kind::Constant, v128 high half
  // Kind::Local: the index of the next pending read of the same local below this one, or
  // ValueStack::kNone. Kept by ValueStack.
  uint32_t previousRead = 0;
};

// The operand stack's entries, with what lets the compiler find the entries it must spill
// without visiting the whole stack: a call or a block entry with thousands of values below it
// would otherwise cost time proportional to the depth, and a module of many of them compile in
// quadratic time (issue 11). Two facts are kept:
// - per register class, a watermark below which no entry holds a register of that class, and
//   one below which no entry is a pending local read: what was spilled is not visited again;
// - per local, the chain of the stack's pending reads of it (Kind::Local entries), topmost
//   first, so that a write to the local visits only its own reads.
// Entries change kind only by being pushed, popped or spilled (setSlot), which keep both.
class ValueStack {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // Empties the stack for a function with `numLocals` locals.
  void reset(uint32_t numLocals) {
    entries_.clear();
    topRead_.assign(numLocals, kNone);
    for (uint32_t& w : registersFrom_) w = 0;
    localReadsFrom_ = 0;
  }
  size_t size() const { return entries_.size(); }
  const StackValue& operator[](size_t i) const { return entries_[i]; }
  const StackValue& back() const { return entries_.back(); }

  void push(StackValue v) {
    if (v.kind == StackValue::Kind::Local) {
      v.previousRead = topRead_[v.local];
      topRead_[v.local] = static_cast<uint32_t>(entries_.size());
    }
    entries_.push(v);
  }
  void pop() {
    const StackValue& top = entries_.back();
    // The top entry is the topmost read of its local.
    if (top.kind == StackValue::Kind::Local) topRead_[top.local] = top.previousRead;
    entries_.pop();
    const uint32_t height = static_cast<uint32_t>(entries_.size());
    for (uint32_t& w : registersFrom_) w = std::min(w, height);
    localReadsFrom_ = std::min(localReadsFrom_, height);
  }
  // Records that entry `index` now lives in its canonical slot. A pending local read must be
  // the topmost read of its local (spill reads from the top down).
  void setSlot(uint32_t index) {
    StackValue& v = entries_[index];
    if (v.kind == StackValue::Kind::Local) topRead_[v.local] = v.previousRead;
    v.kind = StackValue::Kind::Slot;
    v.local = index;
  }

  // No entry below this index holds a register of class `cls`.
  uint32_t registersFrom(arch::RegClass cls) const { return registersFrom_[static_cast<int>(cls)]; }
  // Records that no entry below `index` holds a register of class `cls`.
  void setRegistersFrom(arch::RegClass cls, uint32_t index) {
    registersFrom_[static_cast<int>(cls)] = index;
  }
  // No entry below this index is a pending local read.
  uint32_t localReadsFrom() const { return localReadsFrom_; }
  // Records that no entry below `index` is a pending local read.
  void setLocalReadsFrom(uint32_t index) { localReadsFrom_ = index; }
  // The index of the topmost pending read of `local`, or kNone; the next one down is its
  // previousRead.
  uint32_t topReadOf(uint32_t local) const { return topRead_[local]; }

 private:
  ReusableStack<StackValue> entries_;
  std::vector<uint32_t> topRead_;   // per local
  uint32_t registersFrom_[2] = {};  // per RegClass
  uint32_t localReadsFrom_ = 0;
};

// Which registers are free, and which stack entry (if any) owns each busy one. A register
// taken by an instruction but not yet pushed is "in flight": busy with no owner, so it is
// never spilled from under the instruction.
class RegisterState {
 public:
  static constexpr int32_t kNoOwner = -1;
  static constexpr uint32_t kMaxRegs = 32;

  RegisterState() { reset(); }
  void reset() {
    for (auto& cls : owner_) {
      for (auto& o : cls) o = kFree;
    }
  }
  bool isFree(arch::Reg r) const { return slot(r) == kFree; }
  void take(arch::Reg r) { slot(r) = kNoOwner; }
  void setOwner(arch::Reg r, int32_t stackIndex) { slot(r) = stackIndex; }
  int32_t owner(arch::Reg r) const { return slot(r); }
  void release(arch::Reg r) { slot(r) = kFree; }

 private:
  static constexpr int32_t kFree = -2;
  int32_t& slot(arch::Reg r) { return owner_[static_cast<int>(r.cls)][r.code]; }
  int32_t slot(arch::Reg r) const { return owner_[static_cast<int>(r.cls)][r.code]; }

  int32_t owner_[2][kMaxRegs] = {};
};

}  // namespace sable::jit
