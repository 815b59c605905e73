// The compiler's model of the wasm operand stack. Each entry says where its value is right now:
// in a register, a constant not yet materialised, a local not yet read, or its canonical frame
// slot. Values stay lazy until an instruction needs them, so constants fold into immediates and
// `local.get` costs nothing until used.
#pragma once

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
};

// The operand stack's entries.
using ValueStack = ReusableStack<StackValue>;

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
