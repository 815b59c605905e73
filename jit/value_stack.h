// The compiler's model of the wasm operand stack. Each entry says where its value is right now:
// in a register, a constant not yet materialised, a local not yet read, or its canonical frame
// slot. Values stay lazy until an instruction needs them, so constants fold into immediates and
// `local.get` costs nothing until used.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "arch/macro_assembler.h"
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
};

// The operand stack's entries. A vector under the hood, but push is inline and reuses the
// storage of earlier functions: std::vector::push_back stayed an out-of-line call on the
// compiler's hottest path (3% of compiling a large module).
class ValueStack {
 public:
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  StackValue& operator[](size_t i) { return entries_[i]; }
  const StackValue& operator[](size_t i) const { return entries_[i]; }
  StackValue& back() { return entries_[size_ - 1]; }
  const StackValue& back() const { return entries_[size_ - 1]; }
  void push_back(const StackValue& v) {
    if (size_ == entries_.size()) [[unlikely]]
      grow();
    entries_[size_++] = v;
  }
  void pop_back() { --size_; }
  void clear() { size_ = 0; }

 private:
  void grow() { entries_.resize(entries_.empty() ? 64 : 2 * entries_.size()); }

  std::vector<StackValue> entries_;  // [0, size_) are the stack; the rest is spare
  size_t size_ = 0;
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
