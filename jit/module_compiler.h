// Compiles all defined functions of a module into one block of code memory.
#pragma once

#include <memory>
#include <span>

#include "jit/code_engine.h"
#include "platform/code_memory.h"

namespace sable::jit {

Result<std::shared_ptr<CompiledModule>> compileModule(platform::CodeMemory& codeMemory,
                                                      const void* trapStub,
                                                      const ModuleInfo& module,
                                                      std::span<const uint32_t> sigIds,
                                                      const CompileOptions& options);

}  // namespace sable::jit
