// Fuzzes the decoder and validator: Module::compile on arbitrary bytes, with an engine that has
// no code generator (so nothing is compiled), must return a module or an error, never crash,
// hang or trip a sanitizer. Accepted modules are then walked and checked against what
// module_info.h promises, so a validator that lets a bad index through is caught here rather
// than in the JIT. compile_fuzzer.cc covers the JIT.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <span>
#include <string>

#include "core/module_info.h"
#include "runtime/api_access.h"
#include "runtime/module_impl.h"
#include "sable/engine.h"
#include "sable/module.h"
#include "sable/result.h"
#include "sable/types.h"

namespace {

// A broken promise of the API (module_info.h, result.h): report it and abort, which libFuzzer
// saves as a crash.
[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "decode_validate_fuzzer: invariant violated: %s\n", what);
  std::abort();
}

#define CHECK(cond)           \
  do {                        \
    if (!(cond)) fail(#cond); \
  } while (0)

// Keeps the compiler from dropping reads whose results are otherwise unused.
size_t gSink = 0;
void touch(const std::string& s) { gSink += s.size() + (s.empty() ? 0 : s[0]); }
void touch(const char* s) { gSink += s == nullptr ? 0 : s[0]; }

void checkRange(uint64_t offset, uint64_t size, uint64_t total, const char* what) {
  if (offset > total || size > total - offset) fail(what);
}

void checkConstExpr(const sable::ModuleInfo& info, const sable::ConstExpr& e) {
  using Kind = sable::ConstExpr::Kind;
  if (e.kind == Kind::RefFunc) CHECK(e.index < info.functionTypes.size());
  if (e.kind == Kind::GlobalGet) CHECK(e.index < info.globals.size());
  touch(sable::valTypeName(e.type));
}

// How many functions, tables, memories or globals the module has (imported and defined).
size_t indexSpaceSize(const sable::ModuleInfo& info, sable::ExternKind kind) {
  switch (kind) {
    case sable::ExternKind::Func:
      return info.functionTypes.size();
    case sable::ExternKind::Table:
      return info.tables.size();
    case sable::ExternKind::Memory:
      return info.memories.size();
    case sable::ExternKind::Global:
      return info.globals.size();
  }
  fail("extern kind out of range");
}

void walk(const sable::ModuleInfo& info) {
  const uint64_t numBytes = info.bytes.size();
  const size_t numFuncs = info.functionTypes.size();

  for (const sable::FuncType& type : info.types) {
    touch(type.toString());
    for (sable::ValType t : type.params()) touch(sable::valTypeName(t));
    for (sable::ValType t : type.results()) touch(sable::valTypeName(t));
  }

  uint32_t imported[4] = {0, 0, 0, 0};
  for (const sable::Import& import : info.imports) {
    touch(import.module);
    touch(import.name);
    touch(sable::externKindName(import.kind));
    const auto kind = static_cast<uint8_t>(import.kind);
    CHECK(kind < 4);
    ++imported[kind];
    if (import.kind == sable::ExternKind::Func) CHECK(import.funcTypeIndex < info.types.size());
  }
  CHECK(imported[0] == info.numImportedFunctions);
  CHECK(imported[1] == info.numImportedTables);
  CHECK(imported[2] == info.numImportedMemories);
  CHECK(imported[3] == info.numImportedGlobals);

  CHECK(info.numImportedFunctions <= numFuncs);
  CHECK(info.numImportedTables <= info.tables.size());
  CHECK(info.numImportedMemories <= info.memories.size());
  CHECK(info.numImportedGlobals <= info.globals.size());
  for (size_t i = 0; i < numFuncs; ++i) {
    CHECK(info.functionTypes[i] < info.types.size());
    touch(info.functionType(static_cast<uint32_t>(i)).toString());
    if (const std::string* name = info.names.functionName(static_cast<uint32_t>(i))) touch(*name);
  }

  CHECK(info.bodies.size() == info.numDefinedFunctions());
  for (uint32_t i = 0; i < info.numDefinedFunctions(); ++i) {
    checkRange(info.bodies[i].offset, info.bodies[i].size, numBytes, "body within bytes");
    std::span<const uint8_t> body = info.bodyBytes(i);
    if (!body.empty()) gSink += body.front() + body.back();
  }
  gSink += info.codeSize();

  for (const sable::TableType& table : info.tables) {
    CHECK(sable::isRefType(table.elemType));
    CHECK(!table.limits.hasMax || table.limits.min <= table.limits.max);
  }
  for (const sable::MemoryType& memory : info.memories) {
    CHECK(memory.limits.min <= sable::kMaxMemoryPages);
    CHECK(!memory.limits.hasMax || memory.limits.max <= sable::kMaxMemoryPages);
    CHECK(!memory.limits.hasMax || memory.limits.min <= memory.limits.max);
  }
  for (size_t i = info.numImportedGlobals; i < info.globals.size(); ++i) {
    checkConstExpr(info, info.globals[i].init);
  }

  for (const sable::Export& exp : info.exports) {
    touch(exp.name);
    touch(sable::externKindName(exp.kind));
    CHECK(exp.index < indexSpaceSize(info, exp.kind));
  }
  if (info.startFunction) CHECK(*info.startFunction < numFuncs);

  for (const sable::ElementSegment& seg : info.elements) {
    CHECK(sable::isRefType(seg.elemType));
    if (seg.mode == sable::SegmentMode::Active) {
      CHECK(seg.tableIndex < info.tables.size());
      checkConstExpr(info, seg.offset);
    }
    for (const sable::ConstExpr& item : seg.items) checkConstExpr(info, item);
  }
  for (const sable::DataSegment& seg : info.data) {
    CHECK(seg.mode != sable::SegmentMode::Declarative);
    if (seg.mode == sable::SegmentMode::Active) {
      CHECK(seg.memoryIndex < info.memories.size());
      checkConstExpr(info, seg.offset);
    }
    checkRange(seg.dataOffset, seg.dataSize, numBytes, "data segment within bytes");
  }
  if (info.dataCount) CHECK(*info.dataCount == info.data.size());

  for (const sable::CustomSection& section : info.customSections()) {
    touch(section.name);
    checkRange(section.offset, section.size, numBytes, "custom section within bytes");
  }

  touch(info.names.moduleName);
  for (size_t i = 0; i < info.names.functionNames.size(); ++i) {
    touch(info.names.functionNames[i].second);
    if (i > 0) CHECK(info.names.functionNames[i - 1].first <= info.names.functionNames[i].first);
  }
  for (const auto& locals : info.names.localNames) {
    for (const auto& [index, name] : locals.names) touch(name);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const sable::Engine engine(sable::EngineConfig{.generateCode = false});
  sable::Result<sable::Module> module =
      sable::Module::compile(engine, std::span<const uint8_t>(data, size));
  if (!module) {
    const sable::Error& error = module.error();
    CHECK(error.kind == sable::ErrorKind::Malformed || error.kind == sable::ErrorKind::Invalid ||
          error.kind == sable::ErrorKind::Limit);
    CHECK(error.offset == sable::Error::kNoOffset || error.offset <= size);
    touch(error.toString());
    touch(sable::errorKindName(error.kind));
    return 0;
  }
  walk(*sable::ApiAccess::impl(*module).info);
  return 0;
}
