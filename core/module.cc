#include "sable/module.h"

#include "core/module_decoder.h"
#include "core/validator.h"

namespace sable {

Result<Module> Module::compile(const Engine& /*engine*/, std::span<const uint8_t> wasm) {
  Result<std::shared_ptr<ModuleInfo>> decoded = decodeModule(wasm);
  if (!decoded) return decoded.error();
  Result<void> valid = validateFunctionBodies(**decoded);
  if (!valid) return valid.error();
  return Module(std::move(decoded.value()));
}

}  // namespace sable
