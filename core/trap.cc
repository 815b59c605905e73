#include "sable/trap.h"

#include "core/vm.h"

namespace sable {

const char* trapKindMessage(TrapKind kind) {
  return vm::trapCodeMessage(static_cast<vm::TrapCode>(kind));
}

std::string Trap::toString() const {
  std::string s = message;
  for (size_t i = 0; i < frames.size(); ++i) {
    s += "\n  #" + std::to_string(i) + " " + frames[i].funcName;
  }
  return s;
}

}  // namespace sable
