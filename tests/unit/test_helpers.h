// Compiling hand-assembled modules in tests and asserting on the outcome.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "sable/engine.h"
#include "sable/module.h"
#include "sable/result.h"
#include "wasm_builder.h"

namespace sable::test {

// A decode-and-validate-only engine (no code generator), so these tests exercise the decoder
// and core/validator.cc alone. SABLE_TEST_JIT=1 uses a default engine instead, whose JIT
// validates bodies while compiling them (run the suite both ways to check both validators).
inline const Engine& testEngine() {
  static const Engine engine(
      EngineConfig{.generateCode = std::getenv("SABLE_TEST_JIT") != nullptr});
  return engine;
}

inline Result<Module> compileBytes(const Bytes& wasm) {
  return Module::compile(testEngine(), std::span<const uint8_t>(wasm.data(), wasm.size()));
}

inline const char* kindName(ErrorKind kind) { return errorKindName(kind); }

inline std::string describe(const Error& e) {
  std::string s = kindName(e.kind);
  if (e.offset != Error::kNoOffset) s += " at offset " + std::to_string(e.offset);
  s += ": " + e.message;
  return s;
}

// EXPECT_TRUE(IsValid(bytes)): the module compiles.
inline ::testing::AssertionResult IsValid(const Bytes& wasm) {
  Result<Module> r = compileBytes(wasm);
  if (r.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected a valid module, got " << describe(r.error());
}

// EXPECT_TRUE(FailsWith(bytes, ErrorKind::Invalid)) or with an exact offset too.
inline ::testing::AssertionResult FailsWith(const Bytes& wasm, ErrorKind kind,
                                            std::optional<size_t> offset = std::nullopt) {
  Result<Module> r = compileBytes(wasm);
  if (r.ok()) {
    return ::testing::AssertionFailure()
           << "expected " << kindName(kind) << ", but the module compiled";
  }
  const Error& e = r.error();
  // SABLE_TEST_VERBOSE=1 prints every expected failure, to check that each negative test fails
  // for the reason it means to.
  if (std::getenv("SABLE_TEST_VERBOSE") != nullptr) {
    const ::testing::TestInfo* t = ::testing::UnitTest::GetInstance()->current_test_info();
    std::fprintf(stderr, "[verbose] %s.%s: %s\n", t ? t->test_suite_name() : "?",
                 t ? t->name() : "?", describe(e).c_str());
  }
  if (e.kind != kind) {
    return ::testing::AssertionFailure()
           << "expected " << kindName(kind) << ", got " << describe(e);
  }
  if (offset && e.offset != *offset) {
    return ::testing::AssertionFailure()
           << "expected offset " << *offset << ", got " << describe(e);
  }
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult IsMalformed(const Bytes& wasm,
                                              std::optional<size_t> offset = std::nullopt) {
  return FailsWith(wasm, ErrorKind::Malformed, offset);
}
inline ::testing::AssertionResult IsInvalid(const Bytes& wasm,
                                            std::optional<size_t> offset = std::nullopt) {
  return FailsWith(wasm, ErrorKind::Invalid, offset);
}

}  // namespace sable::test
