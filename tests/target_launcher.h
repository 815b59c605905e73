// The command prefix that runs a program built for the target architecture: empty natively;
// in a cross build, the emulator (qemu-aarch64). ctest runs the test
// programs themselves through CMAKE_CROSSCOMPILING_EMULATOR, but a test program that starts
// another target program (the spec harness's worker processes, the WASI runner's `sable run`)
// must add it itself, since there is no binfmt_misc registration to rely on. CMake passes it in
// SABLE_TEST_LAUNCHER, words separated by spaces.
#pragma once

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace sable::test {

inline std::vector<std::string> targetLauncher() {
  std::vector<std::string> words;
  const char* value = std::getenv("SABLE_TEST_LAUNCHER");
  if (value == nullptr) return words;
  std::istringstream in(value);
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

// `argv` of a target program, prefixed with the launcher.
inline std::vector<std::string> withTargetLauncher(std::vector<std::string> argv) {
  std::vector<std::string> full = targetLauncher();
  full.insert(full.end(), argv.begin(), argv.end());
  return full;
}

}  // namespace sable::test
