// Finding the Component Model reference tests (../shared/component-model-tests) from unit
// tests: SABLE_SHARED_DIR in the environment, else the shared directory beside the checkout.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sable/component.h"
#include "sable/engine.h"

namespace sable::testing {

// The reference tests' bin/ directory, or nullopt when it is absent.
inline std::optional<std::filesystem::path> componentTestsBinDir() {
  namespace fs = std::filesystem;
  fs::path shared;
  if (const char* env = std::getenv("SABLE_SHARED_DIR"); env && *env) {
    shared = env;
  } else {
#ifdef SABLE_TEST_SHARED_DIR
    shared = SABLE_TEST_SHARED_DIR;
#else
    return std::nullopt;
#endif
  }
  fs::path bin = shared / "component-model-tests" / "bin";
  std::error_code ec;
  if (!fs::is_directory(bin, ec)) return std::nullopt;
  return bin;
}

// tests/component/inputs (the committed real components). __FILE__ is relative to the build
// directory when the compiler was given a relative path: then it is found from the CLI's path.
inline std::filesystem::path componentInputsDir() {
  std::filesystem::path self(__FILE__);
#ifdef SABLE_CLI_PATH
  if (self.is_relative()) {
    self = std::filesystem::path(SABLE_CLI_PATH).parent_path().parent_path().parent_path() / self;
  }
#endif
  return self.parent_path() / ".." / "component" / "inputs";
}

// A file's bytes (empty when unreadable).
inline std::vector<uint8_t> readFileBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The committed input `file` (tests/component/inputs) compiled with `engine`. A compile error
// fails the test, and the returned handle is then unusable (a call on it throws, which gtest
// reports too).
inline cm::Component compileInput(const Engine& engine, const char* file) {
  auto c = cm::Component::compile(engine, readFileBytes(componentInputsDir() / file));
  EXPECT_TRUE(c.ok()) << file << ": " << c.error().toString();
  return *c;
}

}  // namespace sable::testing
