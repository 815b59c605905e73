// Differential fuzzing driver: runs a module made by binaryen's `wasm-opt -ttf` the way
// binaryen's `--fuzz-exec-before` does (every exported function in export order, zero arguments,
// the "hangLimitInitializer" export called before each, "fuzzing-support" imports logging their
// arguments) and compares what Sable does, line by line, with binaryen's output.
//
//   sable-difffuzz MODULE.wasm REFERENCE.txt
// Exit status: 0 same behaviour, 1 mismatch (both transcripts printed), 2 usage or I/O error,
// 3 skipped (the module uses something this build cannot run, or binaryen hit one of its own
// limits first, see below).
//
// How lines compare (see README "Differential fuzzing"):
// - Numbers compare by value: binaryen prints f32 values widened to f64, so both sides are
//   parsed as doubles. Any NaN equals any NaN of the same line position: the spec lets arithmetic
//   produce any NaN payload and sign, and x86-64, AArch64 and binaryen's interpreter differ.
// - A trap equals a trap; the messages differ between the two implementations (binaryen says
//   "i32.div_s by 0", Sable "integer divide by zero"), so only the fact of trapping compares.
// - binaryen's interpreter stops deep recursion at its own depth ("[trap stack limit]") and
//   gives up on huge allocations ("[host limit ...]"); Sable's limits are elsewhere, so the
//   comparison ends there and the module counts as skipped.
#include <cerrno>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "sable/engine.h"
#include "sable/extern.h"
#include "sable/func.h"
#include "sable/instance.h"
#include "sable/linker.h"
#include "sable/module.h"
#include "sable/store.h"
#include "sable/value.h"

namespace {

// A float as binaryen prints it: a NaN with its payload, else the value's digits.
std::string formatFloat(double value, bool isNan, bool negative, uint64_t payload) {
  char buf[64];
  if (isNan) {
    std::snprintf(buf, sizeof buf, "%snan:0x%" PRIx64, negative ? "-" : "", payload);
  } else {
    std::snprintf(buf, sizeof buf, "%.17g", value);
  }
  return buf;
}

// One value in binaryen's notation (i64 as one number; the logger splits it itself).
std::string formatValue(const sable::Value& v) {
  switch (v.type()) {
    case sable::ValType::I32:
      return std::to_string(v.asI32());
    case sable::ValType::I64:
      return std::to_string(v.asI64());
    case sable::ValType::F32: {
      const uint32_t bits = v.asF32Bits();
      return formatFloat(v.asF32(), std::isnan(v.asF32()), bits >> 31, bits & 0x7fffff);
    }
    case sable::ValType::F64: {
      const uint64_t bits = v.asF64Bits();
      return formatFloat(v.asF64(), std::isnan(v.asF64()), bits >> 63, bits & 0xfffffffffffffULL);
    }
    case sable::ValType::V128: {
      // binaryen's notation: four i32 lanes in hexadecimal, lane 0 first.
      const sable::V128 bytes = v.asV128();
      std::string text = "i32x4";
      for (int lane = 0; lane < 4; ++lane) {
        uint32_t bits;
        std::memcpy(&bits, bytes.data() + 4 * lane, 4);
        char word[16];
        std::snprintf(word, sizeof word, " 0x%08" PRIx32, bits);
        text += word;
      }
      return text;
    }
    case sable::ValType::FuncRef:
      return "funcref";
    case sable::ValType::ExternRef:
      return "externref";
    default:
      return "?";
  }
}

// The words of an output line; separators (space , ( ) ]) are words of their own.
std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (c == ' ' || c == ',' || c == '(' || c == ')' || c == ']') {
      out.push_back(std::string(1, c));
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

bool isNanWord(const std::string& w) { return w.rfind("nan", 0) == 0 || w.rfind("-nan", 0) == 0; }

// Whether two words of the same position mean the same value. Two integers (i32, i64, halves of
// logged i64s) must be equal exactly. Anything else that reads as a number is a float: binaryen
// prints some integral floats as integers ("-9223372036854775808", and 2^64 as
// "18446744073709551615"), so they compare as doubles, which is exact for f64 and for f32
// widened to f64 except binaryen's saturated 2^64 (same double either way). Any NaN equals any NaN.
bool sameWord(const std::string& a, const std::string& b) {
  if (a == b) return true;
  auto asInt = [](const std::string& w, bool& ok) {
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(w.c_str(), &end, 10);
    ok = !w.empty() && end && *end == '\0' && errno == 0;
    return v;
  };
  bool aInt = false, bInt = false;
  asInt(a, aInt);
  asInt(b, bInt);
  if (aInt && bInt) return false;  // different strings, so different integers
  if (isNanWord(a) || isNanWord(b)) return isNanWord(a) && isNanWord(b);
  auto asDouble = [](const std::string& w, bool& ok) {
    char* end = nullptr;
    const double v = std::strtod(w.c_str(), &end);
    ok = !w.empty() && end && *end == '\0';
    return v;
  };
  bool aNum = false, bNum = false;
  const double x = asDouble(a, aNum);
  const double y = asDouble(b, bNum);
  return aNum && bNum && (x == y && std::signbit(x) == std::signbit(y));
}

// Whether two transcript lines agree (see the file comment): traps match traps.
bool sameLine(const std::string& expected, const std::string& actual) {
  if (expected.rfind("[trap", 0) == 0 || actual.rfind("[trap", 0) == 0) {
    return expected.rfind("[trap", 0) == 0 && actual.rfind("[trap", 0) == 0;
  }
  const std::vector<std::string> a = words(expected), b = words(actual);
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!sameWord(a[i], b[i])) return false;
  }
  return true;
}

// Runs the module as binaryen's fuzz-exec does and returns the transcript; `skipped` is set
// when the module cannot run in this build.
std::vector<std::string> runSable(const std::vector<uint8_t>& wasm, std::string& skipped) {
  std::vector<std::string> lines;
  sable::Engine engine;
  sable::Result<sable::Module> module = sable::Module::compile(engine, wasm);
  if (!module.ok()) {
    skipped = "does not compile: " + module.error().toString();
    return lines;
  }
  if (const sable::Error* why = module->notRunnableReason()) {
    skipped = "not runnable: " + why->toString();
    return lines;
  }
  sable::Store store(engine);
  sable::Linker linker;
  for (const sable::ImportType& import : module->imports()) {
    if (import.module != "fuzzing-support" || import.type.kind() != sable::ExternKind::Func) {
      continue;
    }
    const sable::FuncType& type = *import.type.func();
    linker.define(import.module, import.name,
                  sable::Func::host(store, type,
                                    [&lines](std::span<const sable::Value> args,
                                             std::span<sable::Value>) -> sable::Result<void> {
                                      std::string line = "[LoggingExternalInterface logging";
                                      for (const sable::Value& a : args) {
                                        if (a.type() == sable::ValType::I64) {
                                          // binaryen logs an i64 as its low and high i32 halves.
                                          const uint64_t bits = static_cast<uint64_t>(a.asI64());
                                          line += " " + std::to_string(static_cast<int32_t>(bits));
                                          line += " " +
                                                  std::to_string(static_cast<int32_t>(bits >> 32));
                                        } else {
                                          line += " " + formatValue(a);
                                        }
                                      }
                                      lines.push_back(line + "]");
                                      return {};
                                    }));
  }
  sable::Result<sable::Instance> instance = linker.instantiate(store, module.value());
  if (!instance.ok()) {
    if (store.lastTrap()) {
      lines.push_back("[trap " + store.lastTrap()->message + "]");
    } else {
      skipped = "does not instantiate: " + instance.error().toString();
    }
    return lines;
  }
  const std::optional<sable::Func> hangReset = instance->getFunc("hangLimitInitializer");
  for (const sable::NamedExtern& e : instance->exports()) {
    const std::optional<sable::Func> func = e.value.func();
    if (!func) continue;
    lines.push_back("[fuzz-exec] calling " + e.name);
    if (hangReset && !hangReset->call(store, {}).ok()) {
      lines.push_back("[trap hangLimitInitializer]");
      continue;
    }
    std::vector<sable::Value> args;
    for (sable::ValType t : func->type().params()) args.push_back(sable::Value::zero(t));
    sable::Result<std::vector<sable::Value>> results = func->call(store, args);
    if (!results.ok()) {
      lines.push_back("[trap " +
                      (store.lastTrap() ? store.lastTrap()->message : results.error().toString()) +
                      "]");
      continue;
    }
    if (results->empty()) continue;
    std::string text;
    if (results->size() == 1) {
      text = formatValue((*results)[0]);
    } else {
      text = "(";
      for (size_t i = 0; i < results->size(); ++i) {
        text += (i ? ", " : "") + formatValue((*results)[i]);
      }
      text += ")";
    }
    lines.push_back("[fuzz-exec] note result: " + e.name + " => " + text);
  }
  return lines;
}

// binaryen's transcript: the lines of its fuzz-exec output, up to the first of its own limits.
std::vector<std::string> readReference(const std::string& path, bool& hitLimit) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("[fuzz-exec]", 0) != 0 && line.rfind("[trap", 0) != 0 &&
        line.rfind("[LoggingExternalInterface", 0) != 0 && line.rfind("[host limit", 0) != 0) {
      continue;
    }
    if (line.rfind("[host limit", 0) == 0 || line == "[trap stack limit]") {
      hitLimit = true;
      break;
    }
    lines.push_back(line);
  }
  return lines;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: sable-difffuzz MODULE.wasm REFERENCE.txt\n");
    return 2;
  }
  std::ifstream file(argv[1], std::ios::binary);
  if (!file) {
    std::fprintf(stderr, "sable-difffuzz: cannot read %s\n", argv[1]);
    return 2;
  }
  const std::vector<uint8_t> wasm((std::istreambuf_iterator<char>(file)),
                                  std::istreambuf_iterator<char>());
  bool hitLimit = false;
  const std::vector<std::string> expected = readReference(argv[2], hitLimit);
  std::string skipped;
  std::vector<std::string> actual = runSable(wasm, skipped);
  if (!skipped.empty()) {
    std::printf("skipped: %s\n", skipped.c_str());
    return 3;
  }
  // Past binaryen's own limit its transcript ends early: compare the common prefix only.
  if (hitLimit && actual.size() > expected.size()) actual.resize(expected.size());
  size_t first = 0;
  while (first < expected.size() && first < actual.size() &&
         sameLine(expected[first], actual[first])) {
    ++first;
  }
  if (first == expected.size() && first == actual.size()) {
    if (hitLimit) {
      std::printf("skipped: binaryen's interpreter hit its own limit after %zu lines\n", first);
      return 3;
    }
    std::printf("same: %zu lines\n", first);
    return 0;
  }
  std::printf("MISMATCH at line %zu\n  binaryen: %s\n  sable:    %s\n", first + 1,
              first < expected.size() ? expected[first].c_str() : "(end)",
              first < actual.size() ? actual[first].c_str() : "(end)");
  std::printf("---- sable transcript ----\n");
  for (const std::string& l : actual) std::printf("%s\n", l.c_str());
  return 1;
}
