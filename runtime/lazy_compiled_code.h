// A second compilation of a module, made the first time something needs it and then shared by
// every copy of the Module: the explicit-bounds code of a guard-page module, for instances whose
// memory had to do without guard pages.
#pragma once

#include <memory>
#include <mutex>

#include "jit/code_engine.h"
#include "sable/result.h"

namespace sable::detail {

// Holds the code once made. Thread-safe: concurrent first users compile it once, the others
// wait for it. A failed compilation (out of memory, typically) is not remembered, so a later
// instantiation with more memory to spare may succeed.
class LazyCompiledCode {
 public:
  // The code, compiling it with `compile` (returning Result<std::shared_ptr<CompiledModule>>)
  // if no earlier call succeeded.
  template <typename Compile>
  Result<std::shared_ptr<const jit::CompiledModule>> get(Compile&& compile) {
    std::lock_guard lock(mutex_);
    if (code_ == nullptr) {
      Result<std::shared_ptr<jit::CompiledModule>> compiled = compile();
      if (!compiled) return compiled.error();
      code_ = std::move(compiled.value());
    }
    return code_;
  }

  // The code, if it was made already (for tests and diagnostics).
  std::shared_ptr<const jit::CompiledModule> ifMade() const {
    std::lock_guard lock(mutex_);
    return code_;
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const jit::CompiledModule> code_;
};

}  // namespace sable::detail
