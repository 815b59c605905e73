// Compiles all defined functions of a module into one block of code memory.
#pragma once

#include <memory>
#include <span>

#include "jit/code_engine.h"
#include "platform/code_memory.h"
#include "platform/worker_pool.h"

namespace sable::jit {

// Functions are compiled in chunks (runs of consecutive functions, chosen from the module and
// options.chunkBytes alone), each into its own CodeHolder, on `pool`'s threads and the calling
// thread; the chunks are then laid out in order, each 16-byte aligned, and calls between chunks
// patched. The code is therefore identical for any thread count.
Result<std::shared_ptr<CompiledModule>> compileModule(
    platform::CodeMemory& codeMemory, platform::WorkerPool& pool, const void* trapStub,
    const ModuleInfo& module, std::span<const uint32_t> sigIds, const CompileOptions& options);

}  // namespace sable::jit
