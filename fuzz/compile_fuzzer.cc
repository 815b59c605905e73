// Fuzzes the JIT's compile path against the validator: every input goes through Module::compile
// twice, once with an engine without a code generator (decode + validate) and once with the
// default engine (decode, then validate while compiling). Besides crashes and sanitizer reports
// it flags disagreements: the JIT accepting an invalid module, or rejecting a valid one for any
// reason but "unsupported" (instructions it cannot compile yet) or an implementation limit.
// Run it with `SABLE_FUZZER=compile_fuzzer scripts/fuzz.sh`.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <span>
#include <string>

// Internal: the fuzzer checks the compiled code itself, not only the public API.
#include "jit/code_engine.h"
#include "runtime/api_access.h"
#include "runtime/module_impl.h"
#include "sable/engine.h"
#include "sable/module.h"
#include "sable/result.h"

namespace {

[[noreturn]] void disagree(const char* what, const sable::Error* error) {
  std::fprintf(stderr, "compile_fuzzer: %s%s%s\n", what, error ? ": " : "",
               error ? error->toString().c_str() : "");
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const sable::Engine validator(sable::EngineConfig{.generateCode = false});
  static const sable::Engine jit;
  if (jit.codeEngineError()) {
    std::fprintf(stderr, "compile_fuzzer: no code generator: %s\n",
                 jit.codeEngineError() ? jit.codeEngineError()->toString().c_str() : "?");
    std::abort();
  }

  const std::span<const uint8_t> bytes(data, size);
  sable::Result<sable::Module> checked = sable::Module::compile(validator, bytes);
  sable::Result<sable::Module> compiled = sable::Module::compile(jit, bytes);

  if (compiled.ok() && !checked.ok()) {
    disagree("the JIT compiled a module the validator rejects", &checked.error());
  }
  if (checked.ok() && !compiled.ok()) {
    const sable::ErrorKind kind = compiled.error().kind;
    if (kind != sable::ErrorKind::Unsupported && kind != sable::ErrorKind::Limit) {
      disagree("the JIT rejected a module the validator accepts", &compiled.error());
    }
  }
  if (compiled.ok() && compiled->notRunnableReason() == nullptr) {
    // A runnable module has code, with an entry point for every defined function.
    const sable::Module& module = compiled.value();
    const std::shared_ptr<const sable::jit::CompiledModule>& code =
        sable::ApiAccess::impl(module).compiled;
    if (code == nullptr) disagree("no code for a compiled module", nullptr);
    for (uint32_t i = 0; i < module.summary().definedFunctions; ++i) {
      if (code->entry(i) == nullptr) disagree("function without an entry", nullptr);
    }
  }
  return 0;
}
