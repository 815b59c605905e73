#include "core/validator.h"

#include "core/function_body_decoder.h"

namespace sable {

Result<void> validateFunctionBodies(const ModuleInfo& module) {
  NullVisitor visitor;
  FunctionBodyDecoder<NullVisitor> decoder(module);
  for (uint32_t i = 0; i < module.numDefinedFunctions(); ++i) {
    Result<void> r = decoder.decode(i, visitor);
    if (!r) return r;
  }
  return {};
}

}  // namespace sable
