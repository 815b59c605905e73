#include "abi/vm.h"

namespace sable::vm {

ArgLayout ArgLayout::of(std::span<const ValType> params, std::span<const ValType> results) {
  ArgLayout layout;
  layout.paramOffsets.reserve(params.size());
  layout.resultOffsets.reserve(results.size());
  uint32_t offset = 0;
  for (ValType t : params) {
    layout.paramOffsets.push_back(offset);
    offset += t == ValType::V128 ? 16 : 8;
  }
  // Results follow the parameters rather than reusing their slots, so the callee can write a
  // result before it has read every parameter.
  for (ValType t : results) {
    layout.resultOffsets.push_back(offset);
    offset += t == ValType::V128 ? 16 : 8;
  }
  layout.sizeBytes = offset;
  return layout;
}

}  // namespace sable::vm
