// Module decoding (WebAssembly 2.0, chapter 5 "Binary Format") and the module-level parts of
// validation (chapter 3.4). Malformed = the spec tests' assert_malformed, Invalid =
// assert_invalid; most cases mirror test/core/binary.wast, custom.wast and the utf8-*.wast files.
#include "core/module_decoder.h"

#include <gtest/gtest.h>
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <new>
#include <string>
#include <vector>

#include "child_process.h"
#include "runtime/api_access.h"
#include "runtime/module_impl.h"
#include "test_helpers.h"
#include "wasm_builder.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SABLE_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define SABLE_TEST_SANITIZED 1
#endif
#endif

#ifdef SABLE_TEST_SANITIZED
// From the sanitizer runtime (sanitizer/allocator_interface.h, which GCC's packages lack).
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#endif

namespace sable {
namespace {

using namespace sable::test;  // NOLINT

const Bytes kVoidType = funcType({}, {});
const Bytes kEmptyBody = funcBody(Bytes{op::End});

// A module with `n` trivial functions of type 0 = [] -> [].
ModuleBytes withFunctions(size_t n) {
  ModuleBytes m;
  m.typeSection({kVoidType});
  m.functionSection(std::vector<uint32_t>(n, 0));
  return m;
}
std::vector<Bytes> emptyBodies(size_t n) { return std::vector<Bytes>(n, kEmptyBody); }

const ModuleInfo& infoOf(const Result<Module>& r) { return *ApiAccess::impl(r.value()).info; }

std::string payloadOf(const ModuleInfo& info, uint32_t offset, uint32_t size) {
  return std::string(info.bytes.begin() + offset, info.bytes.begin() + offset + size);
}

// =============================================================================================
// Header

TEST(DecoderHeader, EmptyModuleIsValid) {
  Result<Module> r = compileBytes(ModuleBytes());
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const ModuleInfo& info = infoOf(r);
  EXPECT_TRUE(info.types.empty());
  EXPECT_TRUE(info.imports.empty());
  EXPECT_TRUE(info.functionTypes.empty());
  EXPECT_TRUE(info.tables.empty());
  EXPECT_TRUE(info.memories.empty());
  EXPECT_TRUE(info.globals.empty());
  EXPECT_TRUE(info.exports.empty());
  EXPECT_FALSE(info.startFunction.has_value());
  EXPECT_TRUE(info.elements.empty());
  EXPECT_TRUE(info.data.empty());
  EXPECT_FALSE(info.dataCount.has_value());
  EXPECT_TRUE(info.bodies.empty());
  EXPECT_TRUE(info.customSections().empty());
  EXPECT_EQ(info.bytes, kHeader);
}

TEST(DecoderHeader, TruncatedHeaderIsMalformed) {
  for (const Bytes& b :
       {Bytes{}, Bytes{0x01}, Bytes{0x00, 0x61, 0x73}, Bytes{0x00, 0x61, 0x73, 0x6D},
        Bytes{0x00, 0x61, 0x73, 0x6D, 0x01}, Bytes{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00}}) {
    EXPECT_TRUE(IsMalformed(b)) << ::testing::PrintToString(b);
  }
}

TEST(DecoderHeader, BadMagicIsMalformedAtOffset0) {
  for (const Bytes& magic :
       {Bytes{'a', 's', 'm', 0x00}, Bytes{'\x7f', 'a', 's', 'm'}, Bytes{0x01, 'a', 's', 'm'},
        Bytes{0xEF, 0xBB, 0xBF, 0x00}, Bytes{'m', 's', 'a', 0x00}}) {
    Bytes b = magic + Bytes{0x01, 0x00, 0x00, 0x00};
    EXPECT_TRUE(IsMalformed(b, 0)) << ::testing::PrintToString(b);
  }
  // Upper-cased: the first differing byte is at 1; any offset inside the magic is acceptable.
  Result<Module> r = compileBytes(Bytes{0x00, 'A', 'S', 'M', 0x01, 0x00, 0x00, 0x00});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
  EXPECT_LT(r.error().offset, 4u);
}

TEST(DecoderHeader, UnknownVersionIsMalformedAtOffset4) {
  for (const Bytes& version : {Bytes{0x00, 0x00, 0x00, 0x00}, Bytes{0x02, 0x00, 0x00, 0x00},
                               Bytes{0x0D, 0x00, 0x00, 0x00}, Bytes{0x01, 0x00, 0x00, 0x01}}) {
    Bytes b = Bytes{0x00, 0x61, 0x73, 0x6D} + version;
    Result<Module> r = compileBytes(b);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
    EXPECT_GE(r.error().offset, 4u);
    EXPECT_LT(r.error().offset, 8u);
  }
  EXPECT_TRUE(IsMalformed(Bytes{0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00}, 4));
}

TEST(DecoderHeader, ConcatenatedModulesAreMalformed) {
  EXPECT_TRUE(IsMalformed(kHeader + kHeader));
}

// =============================================================================================
// Section framing: ids, order, duplicates, sizes

TEST(DecoderSections, UnknownSectionIdIsMalformed) {
  EXPECT_TRUE(IsMalformed(ModuleBytes().raw({0x0D, 0x00}), 8));  // 13: tag (not in 2.0)
  EXPECT_TRUE(IsMalformed(ModuleBytes().raw({0x0E, 0x01, 0x00}), 8));
  EXPECT_TRUE(IsMalformed(ModuleBytes().raw({0x7F, 0x01, 0x00}), 8));
  EXPECT_TRUE(IsMalformed(ModuleBytes().raw({0x80, 0x01, 0x00, 0x01, 0x01, 0x00}), 8));
  EXPECT_TRUE(IsMalformed(ModuleBytes().raw({0xFF, 0x01, 0x00, 0x01, 0x01, 0x00}), 8));
  // Unknown id after a good section: the offset is that of the bad id.
  EXPECT_TRUE(IsMalformed(ModuleBytes().typeSection({}).raw({0x0E, 0x01, 0x00}), 11));
}

TEST(DecoderSections, EmptySectionsInOrderAreValid) {
  ModuleBytes m;
  for (uint8_t id : {sec::Type, sec::Import, sec::Function, sec::Table, sec::Memory, sec::Global,
                     sec::Export, sec::Element, sec::DataCount, sec::Code, sec::Data}) {
    m.section(id, id == sec::DataCount ? u32(0) : vec({}));
  }
  EXPECT_TRUE(IsValid(m));
}

TEST(DecoderSections, OutOfOrderSectionsAreMalformed) {
  struct Case {
    const char* what;
    Bytes bytes;
  };
  const Bytes typeSec = {0x01, 0x01, 0x00}, importSec = {0x02, 0x01, 0x00},
              funcSec = {0x03, 0x01, 0x00}, tableSec = {0x04, 0x01, 0x00},
              memSec = {0x05, 0x01, 0x00}, globalSec = {0x06, 0x01, 0x00},
              exportSec = {0x07, 0x01, 0x00}, elemSec = {0x09, 0x01, 0x00},
              codeSec = {0x0A, 0x01, 0x00}, dataSec = {0x0B, 0x01, 0x00},
              dataCount0 = {0x0C, 0x01, 0x00};
  const Bytes startSetup = Bytes{0x01, 0x04, 0x01, 0x60, 0x00, 0x00} +  // type
                           Bytes{0x03, 0x02, 0x01, 0x00};               // function
  const Bytes startSec = {0x08, 0x01, 0x00};
  const Case cases[] = {
      {"import before type", importSec + typeSec},
      {"function before import", funcSec + importSec},
      {"table before function", tableSec + funcSec},
      {"memory before table", memSec + tableSec},
      {"global before memory", globalSec + memSec},
      {"export before global", exportSec + globalSec},
      {"start before export", startSetup + startSec + exportSec},
      {"element before start", startSetup + elemSec + startSec},
      {"data count before element", dataCount0 + elemSec},
      {"code before data count", codeSec + dataCount0},
      {"data before code", dataSec + codeSec},
      {"data count after data", dataSec + dataCount0},
      {"type after code", codeSec + typeSec},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(IsMalformed(kHeader + c.bytes)) << c.what;
  }
}

TEST(DecoderSections, DuplicateSectionsAreMalformed) {
  for (uint8_t id : {sec::Type, sec::Import, sec::Function, sec::Table, sec::Memory, sec::Global,
                     sec::Export, sec::Element, sec::Code, sec::Data}) {
    Bytes b = ModuleBytes().section(id, vec({})).section(id, vec({}));
    EXPECT_TRUE(IsMalformed(b)) << "section " << int(id);
  }
  EXPECT_TRUE(IsMalformed(ModuleBytes().dataCountSection(0).dataCountSection(0)));
  EXPECT_TRUE(IsMalformed(ModuleBytes().dataCountSection(1).dataCountSection(1)));
  ModuleBytes twoStarts = withFunctions(1);
  twoStarts.startSection(0).startSection(0).codeSection(emptyBodies(1));
  EXPECT_TRUE(IsMalformed(twoStarts));
  // binary.wast: two function sections adding up to the code section's count.
  ModuleBytes twoFuncSecs;
  twoFuncSecs.typeSection({kVoidType})
      .functionSection({0})
      .functionSection({0})
      .codeSection(emptyBodies(2));
  EXPECT_TRUE(IsMalformed(twoFuncSecs));
}

TEST(DecoderSections, SectionSizeBeyondEndIsMalformed) {
  EXPECT_TRUE(IsMalformed(ModuleBytes().raw({0x01, 0x05, 0x00})));
  EXPECT_TRUE(IsMalformed(ModuleBytes().raw({0x01})));        // no size at all
  EXPECT_TRUE(IsMalformed(ModuleBytes().raw({0x01, 0x80})));  // truncated size LEB
  EXPECT_TRUE(IsMalformed(ModuleBytes().raw({0x00, 0x80, 0x80, 0x80, 0x80, 0x10})));
}

TEST(DecoderSections, SectionSizeMismatchIsMalformed) {
  // Declared size smaller than the contents: the type entry runs past the section's end.
  EXPECT_TRUE(IsMalformed(
      ModuleBytes().sectionWithSize(sec::Type, 3, vec({kVoidType}))));  // 4 bytes of content
  // Declared size larger than the contents (a trailing byte the vector does not use).
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Type, vec({kVoidType}) + Bytes{0x00})));
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Function, vecU32({}) + Bytes{0x00})));
  // binary.wast: 1 type declared, 2 given.
  EXPECT_TRUE(
      IsMalformed(ModuleBytes().raw({0x01, 0x07, 0x01, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00})));
  // binary.wast: 2 types declared, 1 given.
  EXPECT_TRUE(IsMalformed(ModuleBytes().raw({0x01, 0x07, 0x02, 0x60, 0x00, 0x00})));
  // The size LEB itself may be padded (5 bytes max) but not overlong.
  EXPECT_TRUE(IsValid(ModuleBytes().raw(Bytes{sec::Type} + u64Padded(1, 5) + Bytes{0x00})));
  EXPECT_TRUE(IsMalformed(ModuleBytes().raw(Bytes{sec::Type} + u64Padded(1, 6) + Bytes{0x00})));
  // A data count section with a trailing byte.
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::DataCount, {0x00, 0x00})));
  // A start section with a trailing byte.
  ModuleBytes m = withFunctions(1);
  m.section(sec::Start, {0x00, 0x00}).codeSection(emptyBodies(1));
  EXPECT_TRUE(IsMalformed(m));
}

// =============================================================================================
// Custom sections

TEST(DecoderCustomSections, KeptWithNameOffsetAndSize) {
  ModuleBytes m;
  struct Expected {
    std::string name;
    Bytes payload;
    size_t offset;
  };
  std::vector<Expected> expected;
  auto addCustom = [&](const std::string& n, const Bytes& payload) {
    size_t sectionSize = name(n).size() + payload.size();
    size_t offset = m.size() + 1 + u32(static_cast<uint32_t>(sectionSize)).size() + name(n).size();
    m.customSection(n, payload);
    expected.push_back({n, payload, offset});
  };
  addCustom("first", {1, 2, 3});
  m.typeSection({kVoidType});
  addCustom("", {});  // empty name and payload
  m.functionSection({0});
  m.memorySection({limits(1)});
  addCustom("between", Bytes(200, 0xAB));  // size LEB takes 2 bytes
  m.dataCountSection(1);
  addCustom("after datacount", {7});
  m.codeSection(emptyBodies(1));
  addCustom("after code", {8});
  m.dataSection({dataPassive({1, 2})});
  addCustom("last", {4, 5});
  addCustom("last", {6});  // names need not be unique

  Result<Module> r = compileBytes(m);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const ModuleInfo& info = infoOf(r);
  const std::vector<CustomSection> sections = info.customSections();
  ASSERT_EQ(sections.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(expected[i].name);
    const CustomSection& c = sections[i];
    EXPECT_EQ(c.name, expected[i].name);
    EXPECT_EQ(c.offset, expected[i].offset);
    EXPECT_EQ(c.size, expected[i].payload.size());
    ASSERT_LE(size_t{c.offset} + c.size, info.bytes.size());
    EXPECT_EQ(Bytes(info.bytes.begin() + c.offset, info.bytes.begin() + c.offset + c.size),
              expected[i].payload);
  }
  EXPECT_EQ(info.bytes, m.bytes());
}

TEST(DecoderCustomSections, CustomSpecModules) {
  // custom.wast, first module: odd names, a module inside a custom section.
  Bytes b = kHeader;
  auto custom = [&](const Bytes& n, const std::string& payload) {
    Bytes content = nameBytes(n) + Bytes(payload.begin(), payload.end());
    b += Bytes{0x00} + u32(static_cast<uint32_t>(content.size())) + content;
  };
  custom(Bytes{'a', ' ', 'c'}, "this is the payload");
  custom(Bytes{}, "this is payload");
  custom(Bytes{}, "");
  custom(Bytes{0x00, 0x00, 'c'}, "x");
  custom(Bytes{0xEF, 0xBB, 0xBF, 'a'}, "x");  // BOM is a valid code point
  custom(Bytes{'a', 0xE2, 0x8C, 0xA3}, "x");
  custom(Bytes{'m'}, std::string("\0asm\1\0\0\0", 8));
  Result<Module> r = compileBytes(b);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const std::vector<CustomSection> sections = infoOf(r).customSections();
  EXPECT_EQ(sections.size(), 7u);
  EXPECT_EQ(sections[3].name, std::string("\0\0c", 3));
}

TEST(DecoderCustomSections, MalformedCustomSections) {
  // No name at all / truncated name.
  EXPECT_TRUE(IsMalformed(ModuleBytes().raw({0x00, 0x00})));
  EXPECT_TRUE(IsMalformed(ModuleBytes().raw({0x00})));
  // Name length runs past the section.
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Custom, Bytes{0x05, 'a', 'b'})));
  // Name length runs past the section but not past the module.
  EXPECT_TRUE(
      IsMalformed(ModuleBytes().sectionWithSize(sec::Custom, 2, {0x05, 'a', 'b', 'c', 'd', 'e'})));
  // Section size runs past the end of the module.
  EXPECT_TRUE(IsMalformed(
      ModuleBytes().sectionWithSize(sec::Custom, 0x26, name("a custom") + Bytes{1, 2})));
  // Invalid UTF-8 in the custom section's name (utf8-custom-section-id.wast).
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Custom, nameBytes({0x80}))));
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Custom, nameBytes({0xC0, 0x80}))));
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Custom, nameBytes({0xED, 0xA0, 0x80}))));
}

// =============================================================================================
// The name section

Bytes nameSubsection(uint8_t id, const Bytes& content) {
  return Bytes{id} + u32(static_cast<uint32_t>(content.size())) + content;
}
Bytes naming(uint32_t index, std::string_view n) { return u32(index) + name(n); }

TEST(DecoderNameSection, FunctionAndLocalNamesAreDecoded) {
  ModuleBytes m;
  m.typeSection({funcType({kI32}, {}), kVoidType});
  m.functionSection({0, 1, 1});
  m.codeSection({funcBody({{1, kI64}}, {op::End}), kEmptyBody, funcBody({{2, kF32}}, {op::End})});
  Bytes names = nameSubsection(0, name("my_module")) +
                nameSubsection(1, vec({naming(0, "first"), naming(2, "third")})) +
                nameSubsection(2, vec({u32(0) + vec({naming(0, "param"), naming(1, "local")}),
                                       u32(2) + vec({naming(1, "y")})}));
  m.customSection("name", names);

  Result<Module> r = compileBytes(m);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const NameSection& n = infoOf(r).names;
  EXPECT_EQ(n.moduleName, "my_module");
  ASSERT_EQ(n.functionNames.size(), 2u);
  EXPECT_EQ(n.functionNames[0], (std::pair<uint32_t, std::string>{0, "first"}));
  EXPECT_EQ(n.functionNames[1], (std::pair<uint32_t, std::string>{2, "third"}));
  ASSERT_NE(n.functionName(0), nullptr);
  EXPECT_EQ(*n.functionName(0), "first");
  EXPECT_EQ(n.functionName(1), nullptr);
  ASSERT_NE(n.functionName(2), nullptr);
  EXPECT_EQ(*n.functionName(2), "third");
  EXPECT_EQ(n.functionName(3), nullptr);
  ASSERT_EQ(n.localNames.size(), 2u);
  EXPECT_EQ(n.localNames[0].function, 0u);
  ASSERT_EQ(n.localNames[0].names.size(), 2u);
  EXPECT_EQ(n.localNames[0].names[0], (std::pair<uint32_t, std::string>{0, "param"}));
  EXPECT_EQ(n.localNames[0].names[1], (std::pair<uint32_t, std::string>{1, "local"}));
  EXPECT_EQ(n.localNames[1].function, 2u);
  ASSERT_EQ(n.localNames[1].names.size(), 1u);
  EXPECT_EQ(n.localNames[1].names[0], (std::pair<uint32_t, std::string>{1, "y"}));
  // The name section is still a custom section.
  const std::vector<CustomSection> sections = infoOf(r).customSections();
  ASSERT_EQ(sections.size(), 1u);
  EXPECT_EQ(sections[0].name, "name");
}

TEST(DecoderNameSection, FunctionNamesOfImportedFunctions) {
  ModuleBytes m;
  m.typeSection({kVoidType});
  m.importSection({importFunc("env", "imp", 0)});
  m.functionSection({0});
  m.codeSection(emptyBodies(1));
  m.customSection("name", nameSubsection(1, vec({naming(0, "imported"), naming(1, "defined")})));
  Result<Module> r = compileBytes(m);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const NameSection& n = infoOf(r).names;
  ASSERT_NE(n.functionName(0), nullptr);
  EXPECT_EQ(*n.functionName(0), "imported");
  ASSERT_NE(n.functionName(1), nullptr);
  EXPECT_EQ(*n.functionName(1), "defined");
}

TEST(DecoderNameSection, MalformedNameSectionDoesNotFailTheModule) {
  const Bytes goodFuncNames = nameSubsection(1, vec({naming(0, "f")}));
  struct Case {
    const char* what;
    Bytes payload;
  };
  const Case cases[] = {
      {"empty", {}},
      {"truncated subsection header", {0x01}},
      {"subsection size past the end", Bytes{0x01, 0x20} + vec({naming(0, "f")})},
      {"subsection content shorter than its size",
       Bytes{0x01, 0x06} + vec({naming(0, "f")}) + Bytes{0x00, 0x00}},
      {"function name count 0xFFFFFFFF", nameSubsection(1, u32(0xFFFFFFFF))},
      {"name length 0xFFFFFFFF", nameSubsection(1, u32(1) + u32(0) + u32(0xFFFFFFFF))},
      {"invalid UTF-8 function name", nameSubsection(1, vec({u32(0) + nameBytes({0xFF})}))},
      {"invalid UTF-8 module name", nameSubsection(0, nameBytes({0xC0, 0x80}))},
      {"subsections out of order", goodFuncNames + nameSubsection(0, name("m"))},
      {"duplicate subsection", goodFuncNames + goodFuncNames},
      {"function index out of order", nameSubsection(1, vec({naming(1, "b"), naming(0, "a")}))},
      {"truncated local names", nameSubsection(2, u32(1) + u32(0) + u32(5))},
      {"overlong LEB", nameSubsection(1, u64Padded(1, 6))},
      {"unknown subsection id", nameSubsection(0x7F, {1, 2, 3})},
  };
  for (const Case& c : cases) {
    ModuleBytes m = withFunctions(1);
    m.codeSection(emptyBodies(1)).customSection("name", c.payload);
    Result<Module> r = compileBytes(m);
    EXPECT_TRUE(r.ok()) << c.what << ": " << describe(r.error());
  }
}

TEST(DecoderNameSection, NameSectionBeforeOtherSectionsDoesNotFailTheModule) {
  ModuleBytes m;
  m.customSection("name", nameSubsection(1, vec({naming(0, "f")})));
  m.typeSection({kVoidType}).functionSection({0}).codeSection(emptyBodies(1));
  EXPECT_TRUE(IsValid(m));
}

// =============================================================================================
// Type section

TEST(DecoderTypeSection, FunctionTypesAreDecoded) {
  ModuleBytes m;
  m.typeSection({kVoidType, funcType({kI32, kI64}, {kF32}),
                 funcType({kV128, kFuncRef, kExternRef, kF64}, {kI32, kI64, kF64}), kVoidType});
  Result<Module> r = compileBytes(m);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const ModuleInfo& info = infoOf(r);
  ASSERT_EQ(info.types.size(), 4u);
  EXPECT_TRUE(info.types[0].params().empty());
  EXPECT_TRUE(info.types[0].results().empty());
  ASSERT_EQ(info.types[1].params().size(), 2u);
  EXPECT_EQ(info.types[1].params()[0], ValType::I32);
  EXPECT_EQ(info.types[1].params()[1], ValType::I64);
  ASSERT_EQ(info.types[1].results().size(), 1u);
  EXPECT_EQ(info.types[1].results()[0], ValType::F32);
  ASSERT_EQ(info.types[2].params().size(), 4u);
  EXPECT_EQ(info.types[2].params()[0], ValType::V128);
  EXPECT_EQ(info.types[2].params()[1], ValType::FuncRef);
  EXPECT_EQ(info.types[2].params()[2], ValType::ExternRef);
  EXPECT_EQ(info.types[2].params()[3], ValType::F64);
  ASSERT_EQ(info.types[2].results().size(), 3u);  // multi-value
  EXPECT_EQ(info.types[2].results()[2], ValType::F64);
  EXPECT_TRUE(info.types[3] == info.types[0]);
}

TEST(DecoderTypeSection, MalformedTypes) {
  // Form other than 0x60 (offset 11: header 8 + id + size + count).
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Type, {0x01, 0x61, 0x00, 0x00}), 11));
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Type, {0x01, 0x40, 0x00, 0x00}), 11));
  // Bad value types (the first param is at offset 13).
  for (uint8_t bad :
       {uint8_t{0x7A}, uint8_t{0x40}, uint8_t{0x00}, uint8_t{0x6E}, uint8_t{0x71}, uint8_t{0x80}}) {
    EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Type, {0x01, 0x60, 0x01, bad, 0x00}), 13))
        << "param type " << int(bad);
    EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Type, {0x01, 0x60, 0x00, 0x01, bad})))
        << "result type " << int(bad);
  }
  // Truncated.
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Type, {0x01, 0x60, 0x02, kI32})));
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Type, {0x01, 0x60})));
}

// =============================================================================================
// Import section

TEST(DecoderImportSection, AllKindsAreDecoded) {
  ModuleBytes m;
  m.typeSection({kVoidType, funcType({kI32}, {kI32})});
  m.importSection({importFunc("env", "f", 1), importTable("env", "t", kFuncRef, limits(1, 10)),
                   importMemory("mem", "m", limits(2)), importGlobal("env", "g", kI32, kConst),
                   importGlobal("env", "mg", kI64, kMut), importFunc("", "", 0),
                   importTable("x", "ext", kExternRef, limits(0))});
  m.functionSection({0});
  m.codeSection(emptyBodies(1));
  Result<Module> r = compileBytes(m);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const ModuleInfo& info = infoOf(r);
  ASSERT_EQ(info.imports.size(), 7u);
  EXPECT_EQ(info.imports[0].module, "env");
  EXPECT_EQ(info.imports[0].name, "f");
  EXPECT_EQ(info.imports[0].kind, ExternKind::Func);
  EXPECT_EQ(info.imports[0].funcTypeIndex, 1u);
  EXPECT_EQ(info.imports[1].kind, ExternKind::Table);
  EXPECT_EQ(info.imports[1].table.elemType, ValType::FuncRef);
  EXPECT_EQ(info.imports[1].table.limits.min, 1u);
  EXPECT_TRUE(info.imports[1].table.limits.hasMax);
  EXPECT_EQ(info.imports[1].table.limits.max, 10u);
  EXPECT_EQ(info.imports[2].module, "mem");
  EXPECT_EQ(info.imports[2].kind, ExternKind::Memory);
  EXPECT_EQ(info.imports[2].memory.limits.min, 2u);
  EXPECT_FALSE(info.imports[2].memory.limits.hasMax);
  EXPECT_EQ(info.imports[3].kind, ExternKind::Global);
  EXPECT_EQ(info.imports[3].global.type, ValType::I32);
  EXPECT_FALSE(info.imports[3].global.isMutable);
  EXPECT_EQ(info.imports[4].global.type, ValType::I64);
  EXPECT_TRUE(info.imports[4].global.isMutable);
  EXPECT_EQ(info.imports[5].module, "");
  EXPECT_EQ(info.imports[5].name, "");
  EXPECT_EQ(info.imports[6].table.elemType, ValType::ExternRef);

  EXPECT_EQ(info.numImportedFunctions, 2u);
  EXPECT_EQ(info.numImportedTables, 2u);
  EXPECT_EQ(info.numImportedMemories, 1u);
  EXPECT_EQ(info.numImportedGlobals, 2u);
  EXPECT_EQ(info.functionTypes, (std::vector<uint32_t>{1, 0, 0}));
  EXPECT_EQ(info.numDefinedFunctions(), 1u);
  ASSERT_EQ(info.tables.size(), 2u);
  EXPECT_EQ(info.tables[1].elemType, ValType::ExternRef);
  ASSERT_EQ(info.memories.size(), 1u);
  EXPECT_EQ(info.memories[0].limits.min, 2u);
  ASSERT_EQ(info.globals.size(), 2u);
  EXPECT_EQ(info.globals[1].type.type, ValType::I64);
  EXPECT_TRUE(info.globals[1].type.isMutable);
  EXPECT_EQ(info.bodies.size(), 1u);
}

TEST(DecoderImportSection, MalformedImports) {
  // binary.wast: malformed import kinds, the kind byte is at offset 13.
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Import, {0x01, 0x00, 0x00, 0x04}), 13));
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Import, {0x01, 0x00, 0x00, 0x04, 0x00}), 13));
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Import, {0x01, 0x00, 0x00, 0x05, 0x00}), 13));
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Import, {0x01, 0x00, 0x00, 0x80, 0x00}), 13));
  // Global mutability other than 0/1.
  EXPECT_TRUE(IsMalformed(ModuleBytes().importSection({importGlobal("a", "b", kI32, 0x02)})));
  EXPECT_TRUE(IsMalformed(ModuleBytes().importSection({importGlobal("a", "b", kI32, 0xFF)})));
  // Global of a non-value type.
  EXPECT_TRUE(IsMalformed(ModuleBytes().importSection({importGlobal("a", "b", 0x40, kConst)})));
  // Table of a non-reference type.
  EXPECT_TRUE(IsMalformed(ModuleBytes().importSection({importTable("a", "b", kI32, limits(0))})));
  // Limits flags other than 0/1.
  EXPECT_TRUE(IsMalformed(ModuleBytes().importSection(
      {name("a") + name("b") + Bytes{kExternMemory, 0x02, 0x00, 0x00}})));
  // Truncated.
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Import, {0x01, 0x01, 'a'})));
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Import, {0x01, 0x00, 0x00, 0x00})));
}

TEST(DecoderImportSection, InvalidImports) {
  // Function type index out of range.
  EXPECT_TRUE(IsInvalid(ModuleBytes().importSection({importFunc("a", "b", 0)})));
  EXPECT_TRUE(
      IsInvalid(ModuleBytes().typeSection({kVoidType}).importSection({importFunc("a", "b", 1)})));
  // At most one memory in 2.0.
  EXPECT_TRUE(IsInvalid(ModuleBytes().importSection(
      {importMemory("a", "m1", limits(1)), importMemory("a", "m2", limits(1))})));
  EXPECT_TRUE(IsInvalid(
      ModuleBytes().importSection({importMemory("a", "m", limits(1))}).memorySection({limits(1)})));
  // Limits of imports are validated too.
  EXPECT_TRUE(IsInvalid(ModuleBytes().importSection({importMemory("a", "m", limits(2, 1))})));
  EXPECT_TRUE(IsInvalid(ModuleBytes().importSection({importMemory("a", "m", limits(65537))})));
  EXPECT_TRUE(
      IsInvalid(ModuleBytes().importSection({importTable("a", "t", kFuncRef, limits(5, 4))})));
}

// =============================================================================================
// Function section

TEST(DecoderFunctionSection, TypeIndicesAreDecoded) {
  ModuleBytes m;
  m.typeSection({kVoidType, funcType({kI32}, {})});
  m.functionSection({1, 0, 1});
  m.codeSection({funcBody({op::End}), kEmptyBody, funcBody({op::End})});
  Result<Module> r = compileBytes(m);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  EXPECT_EQ(infoOf(r).functionTypes, (std::vector<uint32_t>{1, 0, 1}));
  EXPECT_EQ(infoOf(r).numImportedFunctions, 0u);
  EXPECT_EQ(infoOf(r).numDefinedFunctions(), 3u);
}

TEST(DecoderFunctionSection, TypeIndexOutOfRangeIsInvalid) {
  ModuleBytes m;
  m.typeSection({kVoidType}).functionSection({1}).codeSection(emptyBodies(1));
  EXPECT_TRUE(IsInvalid(m));
  ModuleBytes noTypes;
  noTypes.functionSection({0}).codeSection(emptyBodies(1));
  EXPECT_TRUE(IsInvalid(noTypes));
}

TEST(DecoderFunctionSection, FunctionAndCodeCountMismatchIsMalformed) {
  // binary.wast: all four shapes.
  EXPECT_TRUE(IsMalformed(withFunctions(2)));  // no code section
  EXPECT_TRUE(IsMalformed(ModuleBytes().typeSection({kVoidType}).codeSection(emptyBodies(1))));
  EXPECT_TRUE(IsMalformed(withFunctions(2).codeSection(emptyBodies(1))));
  EXPECT_TRUE(IsMalformed(withFunctions(1).codeSection(emptyBodies(2))));
  // Zero counts may be left out on either side.
  EXPECT_TRUE(IsValid(ModuleBytes().functionSection({})));
  EXPECT_TRUE(IsValid(ModuleBytes().codeSection({})));
}

// =============================================================================================
// Table and memory sections, limits

TEST(DecoderTableSection, TablesAreDecoded) {
  ModuleBytes m;
  m.tableSection({tableType(kFuncRef, limits(0)), tableType(kExternRef, limits(1, 5)),
                  tableType(kFuncRef, limits(0xFFFFFFFF))});
  Result<Module> r = compileBytes(m);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const ModuleInfo& info = infoOf(r);
  ASSERT_EQ(info.tables.size(), 3u);  // several tables are fine in 2.0
  EXPECT_EQ(info.tables[0].elemType, ValType::FuncRef);
  EXPECT_EQ(info.tables[0].limits.min, 0u);
  EXPECT_FALSE(info.tables[0].limits.hasMax);
  EXPECT_EQ(info.tables[1].elemType, ValType::ExternRef);
  EXPECT_EQ(info.tables[1].limits.min, 1u);
  EXPECT_TRUE(info.tables[1].limits.hasMax);
  EXPECT_EQ(info.tables[1].limits.max, 5u);
  EXPECT_EQ(info.tables[2].limits.min, 0xFFFFFFFFu);
  EXPECT_EQ(info.numImportedTables, 0u);
}

TEST(DecoderTableSection, MalformedAndInvalidTables) {
  // Element type must be a reference type.
  EXPECT_TRUE(IsMalformed(ModuleBytes().tableSection({tableType(kI32, limits(0))})));
  EXPECT_TRUE(IsMalformed(ModuleBytes().tableSection({tableType(0x40, limits(0))})));
  // binary.wast: malformed limits flags.
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Table, {0x01, kFuncRef, 0x02})));
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Table, {0x01, kFuncRef, 0x08, 0x00})));
  EXPECT_TRUE(
      IsMalformed(ModuleBytes().section(sec::Table, {0x01, kFuncRef, 0x81, 0x00, 0x00, 0x00})));
  // Limits are u32: 2^32 is malformed.
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(
      sec::Table, Bytes{0x01, kFuncRef, 0x00} + Bytes{0x80, 0x80, 0x80, 0x80, 0x10})));
  // min > max.
  EXPECT_TRUE(IsInvalid(ModuleBytes().tableSection({tableType(kFuncRef, limits(2, 1))})));
  EXPECT_TRUE(IsValid(ModuleBytes().tableSection({tableType(kFuncRef, limits(2, 2))})));
}

TEST(DecoderMemorySection, MemoryIsDecoded) {
  Result<Module> r = compileBytes(ModuleBytes().memorySection({limits(1, 2)}));
  ASSERT_TRUE(r.ok()) << describe(r.error());
  ASSERT_EQ(infoOf(r).memories.size(), 1u);
  EXPECT_EQ(infoOf(r).memories[0].limits.min, 1u);
  EXPECT_TRUE(infoOf(r).memories[0].limits.hasMax);
  EXPECT_EQ(infoOf(r).memories[0].limits.max, 2u);
  EXPECT_EQ(infoOf(r).numImportedMemories, 0u);
}

TEST(DecoderMemorySection, Limits) {
  EXPECT_TRUE(IsValid(ModuleBytes().memorySection({limits(0)})));
  EXPECT_TRUE(IsValid(ModuleBytes().memorySection({limits(0, 0)})));
  EXPECT_TRUE(IsValid(ModuleBytes().memorySection({limits(65536)})));
  EXPECT_TRUE(IsValid(ModuleBytes().memorySection({limits(0, 65536)})));
  EXPECT_TRUE(IsValid(ModuleBytes().memorySection({limits(65536, 65536)})));
  // memory.wast: "memory size must be at most 65536 pages (4GiB)".
  EXPECT_TRUE(IsInvalid(ModuleBytes().memorySection({limits(65537)})));
  EXPECT_TRUE(IsInvalid(ModuleBytes().memorySection({limits(0, 65537)})));
  EXPECT_TRUE(IsInvalid(ModuleBytes().memorySection({limits(0xFFFFFFFF)})));
  EXPECT_TRUE(IsInvalid(ModuleBytes().memorySection({limits(0, 0xFFFFFFFF)})));
  // "size minimum must not be greater than maximum".
  EXPECT_TRUE(IsInvalid(ModuleBytes().memorySection({limits(2, 1)})));
  // At most one memory.
  EXPECT_TRUE(IsInvalid(ModuleBytes().memorySection({limits(1), limits(1)})));
  // binary.wast: malformed limits flags (0x02 is `shared`, not in 2.0).
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Memory, {0x01, 0x02})));
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Memory, {0x01, 0x10, 0x00})));
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Memory, {0x01, 0x81, 0x00, 0x00, 0x00})));
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Memory, {0x01, 0x03, 0x00, 0x00})));
  // u32 limits: 2^32 and 6-byte LEBs are malformed, not invalid.
  EXPECT_TRUE(IsMalformed(
      ModuleBytes().section(sec::Memory, Bytes{0x01, 0x00} + Bytes{0x80, 0x80, 0x80, 0x80, 0x10})));
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Memory, Bytes{0x01, 0x00} + u64Padded(0, 6))));
  // Truncated.
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Memory, {0x01, 0x01, 0x00})));
}

// =============================================================================================
// Global section

TEST(DecoderGlobalSection, GlobalsAreDecoded) {
  ModuleBytes m;
  m.typeSection({kVoidType});
  m.importSection({importGlobal("env", "g", kI32, kConst)});
  m.functionSection({0});
  m.globalSection({
      global(kI32, kConst, expr(i32Const(42))),
      global(kI64, kMut, expr(i64Const(-1))),
      global(kF32, kConst, expr(f32Const(1.5f))),
      global(kF64, kMut, expr(f64Const(-2.25))),
      global(kFuncRef, kConst, expr(refNull(kFuncRef))),
      global(kFuncRef, kConst, expr(refFunc(0))),
      global(kExternRef, kMut, expr(refNull(kExternRef))),
      global(kV128, kConst,
             expr(simdOp(simd::V128Const) +
                  Bytes{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})),
      global(kI32, kConst, expr(globalGet(0))),
      global(kI32, kConst, expr(i32Const(std::numeric_limits<int32_t>::min()))),
  });
  m.codeSection(emptyBodies(1));
  Result<Module> r = compileBytes(m);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const ModuleInfo& info = infoOf(r);
  ASSERT_EQ(info.globals.size(), 11u);
  EXPECT_EQ(info.numImportedGlobals, 1u);
  const auto& g = info.globals;
  EXPECT_EQ(g[0].type.type, ValType::I32);  // the import
  EXPECT_FALSE(g[0].type.isMutable);

  EXPECT_EQ(g[1].type.type, ValType::I32);
  EXPECT_EQ(g[1].init.kind, ConstExpr::Kind::I32);
  EXPECT_EQ(g[1].init.type, ValType::I32);
  EXPECT_EQ(static_cast<uint32_t>(g[1].init.bits), 42u);

  EXPECT_TRUE(g[2].type.isMutable);
  EXPECT_EQ(g[2].init.kind, ConstExpr::Kind::I64);
  EXPECT_EQ(g[2].init.bits, ~uint64_t{0});

  EXPECT_EQ(g[3].init.kind, ConstExpr::Kind::F32);
  EXPECT_EQ(static_cast<uint32_t>(g[3].init.bits), 0x3FC00000u);

  EXPECT_EQ(g[4].init.kind, ConstExpr::Kind::F64);
  EXPECT_EQ(g[4].init.bits, 0xC002000000000000ull);

  EXPECT_EQ(g[5].init.kind, ConstExpr::Kind::RefNull);
  EXPECT_EQ(g[5].init.type, ValType::FuncRef);

  EXPECT_EQ(g[6].init.kind, ConstExpr::Kind::RefFunc);
  EXPECT_EQ(g[6].init.index, 0u);
  EXPECT_EQ(g[6].init.type, ValType::FuncRef);

  EXPECT_EQ(g[7].init.kind, ConstExpr::Kind::RefNull);
  EXPECT_EQ(g[7].init.type, ValType::ExternRef);

  EXPECT_EQ(g[8].init.kind, ConstExpr::Kind::V128);
  EXPECT_EQ(g[8].init.bits, 0x0807060504030201ull);
  EXPECT_EQ(g[8].init.bitsHigh, 0x100F0E0D0C0B0A09ull);

  EXPECT_EQ(g[9].init.kind, ConstExpr::Kind::GlobalGet);
  EXPECT_EQ(g[9].init.index, 0u);
  EXPECT_EQ(g[9].init.type, ValType::I32);

  EXPECT_EQ(static_cast<uint32_t>(g[10].init.bits), 0x80000000u);
}

TEST(DecoderGlobalSection, MalformedGlobals) {
  // Mutability byte.
  EXPECT_TRUE(IsMalformed(ModuleBytes().globalSection({global(kI32, 0x02, expr(i32Const(0)))})));
  // Value type.
  EXPECT_TRUE(IsMalformed(ModuleBytes().globalSection({global(0x40, kConst, expr(i32Const(0)))})));
  // binary.wast: init expression without `end` (the section ends first).
  EXPECT_TRUE(IsMalformed(ModuleBytes().globalSection({global(kI32, kConst, i32Const(0))})));
  // Overlong i32.const immediate.
  EXPECT_TRUE(IsMalformed(ModuleBytes().globalSection(
      {global(kI32, kConst, expr(Bytes{op::I32Const} + s64Padded(0, 6)))})));
  // i32.const immediate with unused bits not matching the sign.
  EXPECT_TRUE(IsMalformed(ModuleBytes().globalSection(
      {global(kI32, kConst, expr(Bytes{op::I32Const, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F}))})));
  // Unknown opcode.
  EXPECT_TRUE(IsMalformed(ModuleBytes().globalSection({global(kI32, kConst, {0x27, op::End})})));
}

TEST(DecoderGlobalSection, InvalidGlobals) {
  // Type mismatch.
  EXPECT_TRUE(IsInvalid(ModuleBytes().globalSection({global(kI64, kConst, expr(i32Const(0)))})));
  EXPECT_TRUE(IsInvalid(
      ModuleBytes().globalSection({global(kExternRef, kConst, expr(refNull(kFuncRef)))})));
  // Empty expression.
  EXPECT_TRUE(IsInvalid(ModuleBytes().globalSection({global(kI32, kConst, {op::End})})));
  // Two values.
  EXPECT_TRUE(IsInvalid(
      ModuleBytes().globalSection({global(kI32, kConst, expr(i32Const(0) + i32Const(1)))})));
}

// =============================================================================================
// Export section

TEST(DecoderExportSection, ExportsAreDecoded) {
  ModuleBytes m;
  m.typeSection({kVoidType});
  m.importSection({importFunc("env", "f", 0)});
  m.functionSection({0});
  m.tableSection({tableType(kFuncRef, limits(1))});
  m.memorySection({limits(1)});
  m.globalSection({global(kI32, kMut, expr(i32Const(0)))});
  m.exportSection({exportEntry("imported", kExternFunc, 0), exportEntry("defined", kExternFunc, 1),
                   exportEntry("table", kExternTable, 0), exportEntry("memory", kExternMemory, 0),
                   exportEntry("global", kExternGlobal, 0), exportEntry("", kExternFunc, 1)});
  m.codeSection(emptyBodies(1));
  Result<Module> r = compileBytes(m);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const auto& e = infoOf(r).exports;
  ASSERT_EQ(e.size(), 6u);
  EXPECT_EQ(e[0].name, "imported");
  EXPECT_EQ(e[0].kind, ExternKind::Func);
  EXPECT_EQ(e[0].index, 0u);
  EXPECT_EQ(e[1].name, "defined");
  EXPECT_EQ(e[1].index, 1u);
  EXPECT_EQ(e[2].kind, ExternKind::Table);
  EXPECT_EQ(e[3].kind, ExternKind::Memory);
  EXPECT_EQ(e[4].kind, ExternKind::Global);
  EXPECT_EQ(e[5].name, "");
}

TEST(DecoderExportSection, MalformedAndInvalidExports) {
  ModuleBytes base = withFunctions(1);
  auto withExports = [&](const Bytes& exportPayload) {
    ModuleBytes m = base;
    m.section(sec::Export, exportPayload).codeSection(emptyBodies(1));
    return m;
  };
  // Export kind 0x04 (tag, not 2.0).
  EXPECT_TRUE(IsMalformed(withExports(vec({name("x") + Bytes{0x04, 0x00}}))));
  // Index out of range.
  EXPECT_TRUE(IsInvalid(withExports(vec({exportEntry("f", kExternFunc, 1)}))));
  EXPECT_TRUE(IsInvalid(withExports(vec({exportEntry("t", kExternTable, 0)}))));
  EXPECT_TRUE(IsInvalid(withExports(vec({exportEntry("m", kExternMemory, 0)}))));
  EXPECT_TRUE(IsInvalid(withExports(vec({exportEntry("g", kExternGlobal, 0)}))));
  // Duplicate names, even across kinds.
  EXPECT_TRUE(IsInvalid(
      withExports(vec({exportEntry("a", kExternFunc, 0), exportEntry("a", kExternFunc, 0)}))));
  ModuleBytes dupAcrossKinds = withFunctions(1);
  dupAcrossKinds.memorySection({limits(0)})
      .exportSection({exportEntry("a", kExternFunc, 0), exportEntry("a", kExternMemory, 0)})
      .codeSection(emptyBodies(1));
  EXPECT_TRUE(IsInvalid(dupAcrossKinds));
  // Same function under two names is fine.
  EXPECT_TRUE(IsValid(
      withExports(vec({exportEntry("a", kExternFunc, 0), exportEntry("b", kExternFunc, 0)}))));
}

// =============================================================================================
// Start section

TEST(DecoderStartSection, StartFunctionIsDecoded) {
  ModuleBytes m = withFunctions(2);
  m.startSection(1).codeSection(emptyBodies(2));
  Result<Module> r = compileBytes(m);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  ASSERT_TRUE(infoOf(r).startFunction.has_value());
  EXPECT_EQ(*infoOf(r).startFunction, 1u);
}

TEST(DecoderStartSection, InvalidStart) {
  ModuleBytes outOfRange = withFunctions(1);
  outOfRange.startSection(1).codeSection(emptyBodies(1));
  EXPECT_TRUE(IsInvalid(outOfRange));

  ModuleBytes withParams;
  withParams.typeSection({funcType({kI32}, {})})
      .functionSection({0})
      .startSection(0)
      .codeSection(emptyBodies(1));
  EXPECT_TRUE(IsInvalid(withParams));

  ModuleBytes withResults;
  withResults.typeSection({funcType({}, {kI32})})
      .functionSection({0})
      .startSection(0)
      .codeSection({funcBody(expr(i32Const(0)))});
  EXPECT_TRUE(IsInvalid(withResults));

  // An imported start function is fine.
  ModuleBytes imported;
  imported.typeSection({kVoidType}).importSection({importFunc("a", "b", 0)}).startSection(0);
  EXPECT_TRUE(IsValid(imported));
}

// =============================================================================================
// Element section: all eight encodings

TEST(DecoderElementSection, AllEightFlagFormsAreDecoded) {
  ModuleBytes m = withFunctions(3);
  m.tableSection({tableType(kFuncRef, limits(10)), tableType(kFuncRef, limits(10))});
  m.elementSection({
      // 0: active, table 0, offset, vec(funcidx)
      Bytes{0x00} + expr(i32Const(1)) + vecU32({0, 1}),
      // 1: passive, elemkind, vec(funcidx)
      Bytes{0x01, 0x00} + vecU32({2}),
      // 2: active, table index, offset, elemkind, vec(funcidx)
      Bytes{0x02} + u32(1) + expr(i32Const(2)) + Bytes{0x00} + vecU32({1, 2, 0}),
      // 3: declarative, elemkind, vec(funcidx)
      Bytes{0x03, 0x00} + vecU32({0}),
      // 4: active, table 0, offset, vec(expr)
      Bytes{0x04} + expr(i32Const(3)) + vec({expr(refFunc(1)), expr(refNull(kFuncRef))}),
      // 5: passive, reftype, vec(expr)
      Bytes{0x05, kExternRef} + vec({expr(refNull(kExternRef))}),
      // 6: active, table index, offset, reftype, vec(expr)
      Bytes{0x06} + u32(1) + expr(i32Const(4)) + Bytes{kFuncRef} + vec({expr(refFunc(2))}),
      // 7: declarative, reftype, vec(expr)
      Bytes{0x07, kFuncRef} + vec({expr(refFunc(0)), expr(refNull(kFuncRef))}),
  });
  m.codeSection(emptyBodies(3));
  Result<Module> r = compileBytes(m);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const auto& el = infoOf(r).elements;
  ASSERT_EQ(el.size(), 8u);

  auto expectFuncItems = [](const ElementSegment& seg, std::vector<uint32_t> funcs) {
    ASSERT_EQ(seg.items.size(), funcs.size());
    for (size_t i = 0; i < funcs.size(); ++i) {
      EXPECT_EQ(seg.items[i].kind, ConstExpr::Kind::RefFunc) << i;
      EXPECT_EQ(seg.items[i].index, funcs[i]) << i;
    }
  };

  EXPECT_EQ(el[0].mode, SegmentMode::Active);
  EXPECT_EQ(el[0].tableIndex, 0u);
  EXPECT_EQ(el[0].elemType, ValType::FuncRef);
  EXPECT_EQ(el[0].offset.kind, ConstExpr::Kind::I32);
  EXPECT_EQ(el[0].offset.bits, 1u);
  expectFuncItems(el[0], {0, 1});

  EXPECT_EQ(el[1].mode, SegmentMode::Passive);
  EXPECT_EQ(el[1].elemType, ValType::FuncRef);
  expectFuncItems(el[1], {2});

  EXPECT_EQ(el[2].mode, SegmentMode::Active);
  EXPECT_EQ(el[2].tableIndex, 1u);
  EXPECT_EQ(el[2].offset.bits, 2u);
  expectFuncItems(el[2], {1, 2, 0});

  EXPECT_EQ(el[3].mode, SegmentMode::Declarative);
  EXPECT_EQ(el[3].elemType, ValType::FuncRef);
  expectFuncItems(el[3], {0});

  EXPECT_EQ(el[4].mode, SegmentMode::Active);
  EXPECT_EQ(el[4].tableIndex, 0u);
  EXPECT_EQ(el[4].elemType, ValType::FuncRef);
  EXPECT_EQ(el[4].offset.bits, 3u);
  ASSERT_EQ(el[4].items.size(), 2u);
  EXPECT_EQ(el[4].items[0].kind, ConstExpr::Kind::RefFunc);
  EXPECT_EQ(el[4].items[0].index, 1u);
  EXPECT_EQ(el[4].items[1].kind, ConstExpr::Kind::RefNull);

  EXPECT_EQ(el[5].mode, SegmentMode::Passive);
  EXPECT_EQ(el[5].elemType, ValType::ExternRef);
  ASSERT_EQ(el[5].items.size(), 1u);
  EXPECT_EQ(el[5].items[0].kind, ConstExpr::Kind::RefNull);
  EXPECT_EQ(el[5].items[0].type, ValType::ExternRef);

  EXPECT_EQ(el[6].mode, SegmentMode::Active);
  EXPECT_EQ(el[6].tableIndex, 1u);
  EXPECT_EQ(el[6].offset.bits, 4u);
  EXPECT_EQ(el[6].elemType, ValType::FuncRef);
  expectFuncItems(el[6], {2});

  EXPECT_EQ(el[7].mode, SegmentMode::Declarative);
  EXPECT_EQ(el[7].elemType, ValType::FuncRef);
  ASSERT_EQ(el[7].items.size(), 2u);
  EXPECT_EQ(el[7].items[0].kind, ConstExpr::Kind::RefFunc);
  EXPECT_EQ(el[7].items[1].kind, ConstExpr::Kind::RefNull);

  const auto& declared = infoOf(r).declaredFunctionRefs;
  ASSERT_GE(declared.size(), 3u);
  EXPECT_TRUE(declared[0]);
  EXPECT_TRUE(declared[1]);
  EXPECT_TRUE(declared[2]);
}

TEST(DecoderElementSection, ActiveSegmentOffsetFromImportedGlobal) {
  ModuleBytes m;
  m.typeSection({kVoidType});
  m.importSection({importGlobal("env", "base", kI32, kConst)});
  m.functionSection({0});
  m.tableSection({tableType(kFuncRef, limits(1))});
  m.elementSection({Bytes{0x00} + expr(globalGet(0)) + vecU32({0})});
  m.codeSection(emptyBodies(1));
  Result<Module> r = compileBytes(m);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  ASSERT_EQ(infoOf(r).elements.size(), 1u);
  EXPECT_EQ(infoOf(r).elements[0].offset.kind, ConstExpr::Kind::GlobalGet);
  EXPECT_EQ(infoOf(r).elements[0].offset.index, 0u);
}

TEST(DecoderElementSection, MalformedElements) {
  auto module = [](const Bytes& segment) {
    ModuleBytes m = withFunctions(1);
    m.tableSection({tableType(kFuncRef, limits(1))})
        .elementSection({segment})
        .codeSection(emptyBodies(1));
    return m;
  };
  // Flags beyond 7.
  EXPECT_TRUE(IsMalformed(module(Bytes{0x08} + expr(i32Const(0)) + vecU32({0}))));
  EXPECT_TRUE(IsMalformed(module(Bytes{0x80, 0x01} + expr(i32Const(0)) + vecU32({0}))));
  // Element kind other than 0x00 (funcref).
  EXPECT_TRUE(IsMalformed(module(Bytes{0x01, 0x01} + vecU32({0}))));
  EXPECT_TRUE(IsMalformed(module(Bytes{0x03, 0x70} + vecU32({0}))));
  // binary.wast: reference type other than funcref/externref.
  EXPECT_TRUE(IsMalformed(module(Bytes{0x05, kI32} + vec({expr(refFunc(0))}))));
  // binary.wast: illegal opcode in an element expression.
  EXPECT_TRUE(IsMalformed(module(Bytes{0x05, kFuncRef, 0x01, 0xF3, 0x00, op::End})));
  // Truncated.
  EXPECT_TRUE(IsMalformed(module(Bytes{0x01, 0x00, 0x02, 0x00})));
}

TEST(DecoderElementSection, InvalidElements) {
  auto module = [](const Bytes& segment) {
    ModuleBytes m = withFunctions(1);
    m.tableSection({tableType(kFuncRef, limits(1)), tableType(kExternRef, limits(1))})
        .elementSection({segment})
        .codeSection(emptyBodies(1));
    return m;
  };
  // Table index out of range.
  EXPECT_TRUE(
      IsInvalid(module(Bytes{0x02} + u32(2) + expr(i32Const(0)) + Bytes{0x00} + vecU32({0}))));
  // Function index out of range.
  EXPECT_TRUE(IsInvalid(module(Bytes{0x01, 0x00} + vecU32({1}))));
  EXPECT_TRUE(IsInvalid(module(Bytes{0x05, kFuncRef} + vec({expr(refFunc(1))}))));
  // Offset of the wrong type.
  EXPECT_TRUE(IsInvalid(module(Bytes{0x00} + expr(i64Const(0)) + vecU32({0}))));
  // funcref segment into an externref table and vice versa.
  EXPECT_TRUE(
      IsInvalid(module(Bytes{0x02} + u32(1) + expr(i32Const(0)) + Bytes{0x00} + vecU32({0}))));
  EXPECT_TRUE(IsInvalid(module(Bytes{0x06} + u32(0) + expr(i32Const(0)) + Bytes{kExternRef} +
                               vec({expr(refNull(kExternRef))}))));
  // Item expression of the wrong type.
  EXPECT_TRUE(IsInvalid(module(Bytes{0x05, kExternRef} + vec({expr(refFunc(0))}))));
  EXPECT_TRUE(IsInvalid(module(Bytes{0x05, kFuncRef} + vec({expr(refNull(kExternRef))}))));
  EXPECT_TRUE(IsInvalid(module(Bytes{0x05, kFuncRef} + vec({expr(i32Const(0))}))));
  // Active segment with no table at all.
  ModuleBytes noTable = withFunctions(1);
  noTable.elementSection({Bytes{0x00} + expr(i32Const(0)) + vecU32({0})})
      .codeSection(emptyBodies(1));
  EXPECT_TRUE(IsInvalid(noTable));
}

// =============================================================================================
// Data count, code and data sections

TEST(DecoderDataSection, SegmentsAreDecoded) {
  ModuleBytes m;
  m.memorySection({limits(1)});
  m.dataCountSection(3);
  size_t dataSectionStart = m.size();
  m.dataSection({dataActive(expr(i32Const(16)), {'a', 'b', 'c'}), dataPassive({'x', 'y'}),
                 dataActiveMem(0, expr(i32Const(0)), {})});
  Result<Module> r = compileBytes(m);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const ModuleInfo& info = infoOf(r);
  ASSERT_TRUE(info.dataCount.has_value());
  EXPECT_EQ(*info.dataCount, 3u);
  ASSERT_EQ(info.data.size(), 3u);

  EXPECT_EQ(info.data[0].mode, SegmentMode::Active);
  EXPECT_EQ(info.data[0].memoryIndex, 0u);
  EXPECT_EQ(info.data[0].offset.kind, ConstExpr::Kind::I32);
  EXPECT_EQ(info.data[0].offset.bits, 16u);
  EXPECT_EQ(info.data[0].dataSize, 3u);
  // id, size, count, flags, i32.const 16 end, length: the bytes start 8 bytes in.
  EXPECT_EQ(info.data[0].dataOffset, dataSectionStart + 8);
  EXPECT_EQ(payloadOf(info, info.data[0].dataOffset, info.data[0].dataSize), "abc");

  EXPECT_EQ(info.data[1].mode, SegmentMode::Passive);
  EXPECT_EQ(payloadOf(info, info.data[1].dataOffset, info.data[1].dataSize), "xy");

  EXPECT_EQ(info.data[2].mode, SegmentMode::Active);
  EXPECT_EQ(info.data[2].memoryIndex, 0u);
  EXPECT_EQ(info.data[2].dataSize, 0u);
}

TEST(DecoderDataSection, DataCountMismatchIsMalformed) {
  // binary.wast.
  EXPECT_TRUE(IsMalformed(
      ModuleBytes().dataCountSection(3).dataSection({dataPassive({}), dataPassive({})})));
  EXPECT_TRUE(IsMalformed(
      ModuleBytes().dataCountSection(1).dataSection({dataPassive({}), dataPassive({})})));
  EXPECT_TRUE(IsMalformed(ModuleBytes().memorySection({limits(1)}).dataCountSection(1)));
  EXPECT_TRUE(IsValid(ModuleBytes().dataCountSection(0)));
  EXPECT_TRUE(IsMalformed(ModuleBytes().dataCountSection(0).dataSection({dataPassive({})})));
  // Without a data count section any number of segments is fine.
  EXPECT_TRUE(IsValid(ModuleBytes().dataSection({dataPassive({}), dataPassive({})})));
}

TEST(DecoderDataSection, MalformedAndInvalidData) {
  // Flags other than 0, 1, 2.
  EXPECT_TRUE(IsMalformed(
      ModuleBytes().memorySection({limits(1)}).dataSection({Bytes{0x03} + vecBytes({1})})));
  EXPECT_TRUE(IsMalformed(ModuleBytes()
                              .memorySection({limits(1)})
                              .dataSection({Bytes{0x04} + expr(i32Const(0)) + vecBytes({1})})));
  // binary.wast: data segment size with inconsistent lengths.
  EXPECT_TRUE(IsMalformed(ModuleBytes()
                              .memorySection({limits(1)})
                              .section(sec::Data, Bytes{0x01, 0x01, 0x07} + Bytes(6, 'x'))));
  EXPECT_TRUE(IsMalformed(ModuleBytes()
                              .memorySection({limits(1)})
                              .section(sec::Data, Bytes{0x01, 0x01, 0x05} + Bytes(6, 'x'))));
  // Active data without a memory ("unknown memory").
  EXPECT_TRUE(IsInvalid(ModuleBytes().dataSection({dataActive(expr(i32Const(0)), {1})})));
  // Memory index 1 in 2.0.
  EXPECT_TRUE(IsInvalid(ModuleBytes()
                            .memorySection({limits(1)})
                            .dataSection({dataActiveMem(1, expr(i32Const(0)), {1})})));
  // Offset of the wrong type.
  EXPECT_TRUE(IsInvalid(
      ModuleBytes().memorySection({limits(1)}).dataSection({dataActive(expr(i64Const(0)), {1})})));
  // Passive data needs no memory.
  EXPECT_TRUE(IsValid(ModuleBytes().dataSection({dataPassive({1, 2, 3})})));
}

TEST(DecoderCodeSection, BodiesAreLocated) {
  ModuleBytes m;
  m.typeSection({kVoidType, funcType({kI32}, {kI32})});
  m.functionSection({0, 1});
  Bytes body0 = funcBody({{2, kI64}, {1, kF32}}, Bytes{op::Nop, op::End});
  Bytes body1 = funcBody(expr(localGet(0)));
  size_t codeStart = m.size();
  m.codeSection({body0, body1});
  Result<Module> r = compileBytes(m);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const ModuleInfo& info = infoOf(r);
  ASSERT_EQ(info.bodies.size(), 2u);
  // id, section size, count, body size, then the body.
  EXPECT_EQ(info.bodies[0].offset, codeStart + 4);
  EXPECT_EQ(info.bodies[0].size, body0.size());
  EXPECT_EQ(info.bodies[1].offset, codeStart + 4 + body0.size() + 1);
  EXPECT_EQ(info.bodies[1].size, body1.size());
  auto span0 = info.bodyBytes(0);
  EXPECT_EQ(Bytes(span0.begin(), span0.end()), body0);
  auto span1 = info.bodyBytes(1);
  EXPECT_EQ(Bytes(span1.begin(), span1.end()), body1);
}

TEST(DecoderCodeSection, MalformedBodies) {
  auto module = [](const Bytes& body) {
    ModuleBytes m = withFunctions(1);
    m.codeSection({body});
    return m;
  };
  // binary.wast: too many locals (sum over 2^32 - 1).
  EXPECT_TRUE(IsMalformed(
      module(Bytes{0x02} + u32(0xFFFFFFFF) + Bytes{kI32} + u32(2) + Bytes{kI64, op::End})));
  EXPECT_TRUE(IsMalformed(module(Bytes{0x04} + u32(0x40000000) + Bytes{kI32} + u32(0x40000000) +
                                 Bytes{kI64} + u32(0x40000000) + Bytes{kF32} + u32(0x40000000) +
                                 Bytes{kF64, op::End})));
  // binary.wast: local count LEB beyond u32.
  EXPECT_TRUE(
      IsMalformed(module(Bytes{0x02, 0x80, 0x80, 0x80, 0x80, 0x10, kI32, 0x02, kI64, op::End})));
  // Bad local type.
  EXPECT_TRUE(IsMalformed(module(Bytes{0x01, 0x01, 0x40, op::End})));
  // Missing `end` (body ends first).
  EXPECT_TRUE(IsMalformed(module(Bytes{0x00, op::I32Const, 0x01, op::Drop})));
  // Bytes after the final `end`.
  EXPECT_TRUE(IsMalformed(module(Bytes{0x00, op::End, op::Nop})));
  EXPECT_TRUE(IsMalformed(module(Bytes{0x00, op::End, op::End})));
  // Empty body (no local count).
  EXPECT_TRUE(IsMalformed(module(Bytes{})));
  // Body size running past the code section.
  ModuleBytes pastSection = withFunctions(1);
  pastSection.section(sec::Code, Bytes{0x01, 0x05, 0x00, op::End});
  EXPECT_TRUE(IsMalformed(pastSection));
  // binary.wast: missing end between two functions.
  ModuleBytes between;
  between.typeSection({kVoidType})
      .functionSection({0, 0})
      .section(sec::Code, Bytes{0x02, 0x04, 0x00, op::I32Const, 0x01, op::Drop, 0x05, 0x00,
                                op::I32Const, 0x01, op::Drop, op::End});
  EXPECT_TRUE(IsMalformed(between));
  // Local count zero entries are fine.
  EXPECT_TRUE(IsValid(module(Bytes{0x03, 0x00, kI32, 0x00, kI64, 0x02, kF32, op::End})));
}

TEST(DecoderCodeSection, ManyLocalsAreWellFormed) {
  // 100,000 locals is far below 2^32: well-formed and valid. A runtime may refuse it as an
  // implementation limit, but it is not malformed.
  ModuleBytes m = withFunctions(1);
  m.codeSection({funcBody({{60000, kI32}, {40000, kI64}}, {op::End})});
  Result<Module> r = compileBytes(m);
  EXPECT_TRUE(r.ok() || r.error().kind == ErrorKind::Limit) << describe(r.error());
}

// =============================================================================================
// UTF-8 names (utf8-import-field.wast, utf8-import-module.wast, utf8-invalid-encoding.wast)

const std::vector<Bytes>& invalidUtf8() {
  static const std::vector<Bytes> cases = {
      {0x80},                          // lone continuation byte
      {0xBF},                          // lone continuation byte
      {0xC2},                          // truncated 2-byte sequence
      {0xC2, 0x41},                    // bad continuation
      {0xC0, 0x80},                    // overlong NUL
      {0xC1, 0xBF},                    // overlong 2-byte
      {0xE0, 0x80, 0x80},              // overlong 3-byte
      {0xE0, 0x9F, 0xBF},              // overlong 3-byte
      {0xED, 0xA0, 0x80},              // surrogate U+D800
      {0xED, 0xBF, 0xBF},              // surrogate U+DFFF
      {0xE2, 0x82},                    // truncated 3-byte
      {0xF0, 0x80, 0x80, 0x80},        // overlong 4-byte
      {0xF0, 0x8F, 0xBF, 0xBF},        // overlong 4-byte
      {0xF4, 0x90, 0x80, 0x80},        // > U+10FFFF
      {0xF5, 0x80, 0x80, 0x80},        // > U+10FFFF
      {0xF0, 0x9F, 0x98},              // truncated 4-byte
      {0xF8, 0x88, 0x80, 0x80, 0x80},  // 5-byte form
      {0xFE},
      {0xFF},
      {'a', 0x80, 'b'},
  };
  return cases;
}

const std::vector<Bytes>& validUtf8() {
  static const std::vector<Bytes> cases = {
      {},
      {0x00},
      {'a', 'b', 'c'},
      {0x7F},
      {0xC2, 0x80},              // U+0080
      {0xC3, 0xA9},              // é
      {0xDF, 0xBF},              // U+07FF
      {0xE0, 0xA0, 0x80},        // U+0800
      {0xE2, 0x82, 0xAC},        // €
      {0xED, 0x9F, 0xBF},        // U+D7FF
      {0xEE, 0x80, 0x80},        // U+E000
      {0xEF, 0xBF, 0xBF},        // U+FFFF
      {0xEF, 0xBB, 0xBF},        // BOM
      {0xF0, 0x90, 0x80, 0x80},  // U+10000
      {0xF0, 0x9F, 0x98, 0x80},  // 😀
      {0xF4, 0x8F, 0xBF, 0xBF},  // U+10FFFF
  };
  return cases;
}

TEST(DecoderNames, InvalidUtf8IsMalformed) {
  for (const Bytes& bad : invalidUtf8()) {
    SCOPED_TRACE(::testing::PrintToString(bad));
    ModuleBytes importModule;
    importModule.typeSection({kVoidType})
        .importSection({nameBytes(bad) + name("f") + Bytes{kExternFunc, 0x00}});
    EXPECT_TRUE(IsMalformed(importModule));

    ModuleBytes importField;
    importField.typeSection({kVoidType})
        .importSection({name("m") + nameBytes(bad) + Bytes{kExternFunc, 0x00}});
    EXPECT_TRUE(IsMalformed(importField));

    ModuleBytes exportName = withFunctions(1);
    exportName.exportSection({nameBytes(bad) + Bytes{kExternFunc, 0x00}})
        .codeSection(emptyBodies(1));
    EXPECT_TRUE(IsMalformed(exportName));

    EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Custom, nameBytes(bad))));
  }
}

TEST(DecoderNames, ValidUtf8IsKeptExactly) {
  for (const Bytes& good : validUtf8()) {
    SCOPED_TRACE(::testing::PrintToString(good));
    ModuleBytes m;
    m.typeSection({kVoidType});
    m.importSection({nameBytes(good) + nameBytes(good) + Bytes{kExternFunc, 0x00}});
    m.exportSection({nameBytes(good) + Bytes{kExternFunc, 0x00}});
    m.section(sec::Custom, nameBytes(good));
    Result<Module> r = compileBytes(m);
    ASSERT_TRUE(r.ok()) << describe(r.error());
    std::string expected(good.begin(), good.end());
    EXPECT_EQ(infoOf(r).imports[0].module, expected);
    EXPECT_EQ(infoOf(r).imports[0].name, expected);
    EXPECT_EQ(infoOf(r).exports[0].name, expected);
    EXPECT_EQ(infoOf(r).customSections().at(0).name, expected);
  }
}

TEST(DecoderNames, NameLengthPastSectionIsMalformed) {
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Import, Bytes{0x01, 0x10, 'a', 'b'})));
  // The name's length runs past the section but the module has bytes left.
  EXPECT_TRUE(IsMalformed(ModuleBytes()
                              .sectionWithSize(sec::Import, 4, Bytes{0x01, 0x05, 'a', 'b'})
                              .customSection("padding", Bytes(16, 0))));
}

// =============================================================================================
// Huge declared counts: rejected cleanly, quickly, without allocating for the declared count.

struct HugeCase {
  const char* what;
  Bytes bytes;
  bool mayBeValid = false;  // spec-valid but may hit an implementation limit
};

std::vector<HugeCase> hugeCountCases() {
  const Bytes kHuge = u32(0xFFFFFFFF);
  std::vector<HugeCase> cases = {
      {"type count", ModuleBytes().section(sec::Type, kHuge + kVoidType)},
      {"param count", ModuleBytes().section(sec::Type, Bytes{0x01, 0x60} + kHuge + Bytes{kI32})},
      {"result count", ModuleBytes().section(sec::Type, Bytes{0x01, 0x60, 0x00} + kHuge)},
      {"import count", ModuleBytes().section(sec::Import, kHuge + importFunc("a", "b", 0))},
      {"import name length", ModuleBytes().section(sec::Import, Bytes{0x01} + kHuge + Bytes{'a'})},
      {"function count",
       ModuleBytes().typeSection({kVoidType}).section(sec::Function, kHuge + Bytes{0x00})},
      {"table count", ModuleBytes().section(sec::Table, kHuge + tableType(kFuncRef, limits(0)))},
      {"memory count", ModuleBytes().section(sec::Memory, kHuge + limits(0))},
      {"global count",
       ModuleBytes().section(sec::Global, kHuge + global(kI32, kConst, expr(i32Const(0))))},
      {"export count", ModuleBytes().section(sec::Export, kHuge + exportEntry("a", 0, 0))},
      {"element count", ModuleBytes().section(sec::Element, kHuge + Bytes{0x01, 0x00, 0x00})},
      {"element item count (funcidx)",
       ModuleBytes().section(sec::Element, Bytes{0x01, 0x01, 0x00} + kHuge + Bytes{0x00})},
      {"element item count (expr)",
       ModuleBytes().section(sec::Element, Bytes{0x01, 0x05, kFuncRef} + kHuge)},
      {"code count", withFunctions(1).section(sec::Code, kHuge + Bytes{0x02, 0x00, op::End})},
      {"body size", withFunctions(1).section(sec::Code, Bytes{0x01} + kHuge + Bytes{0x00})},
      {"local declaration count",
       withFunctions(1).section(sec::Code, Bytes{0x01, 0x07} + kHuge + Bytes{0x01, kI32})},
      {"br_table target count",
       withFunctions(1).codeSection(
           {funcBody(Bytes{op::I32Const, 0x00, op::BrTable} + kHuge + Bytes{0x00, op::End})})},
      {"typed select count",
       withFunctions(1).codeSection({funcBody(Bytes{op::SelectT} + kHuge + Bytes{kI32, op::End})})},
      {"data count", ModuleBytes().section(sec::Data, kHuge + dataPassive({1}))},
      {"data byte count", ModuleBytes().section(sec::Data, Bytes{0x01, 0x01} + kHuge + Bytes{1})},
      {"data count section", ModuleBytes().dataCountSection(0xFFFFFFFF)},
      {"custom section name length", ModuleBytes().section(sec::Custom, kHuge + Bytes{'a'})},
      {"section size", ModuleBytes().raw(Bytes{sec::Type} + kHuge + Bytes{0x00})},
  };
  // 2^32 - 1 locals in one declaration is well-formed; a runtime may reject it as a Limit but
  // must not try to materialise it.
  cases.push_back({"2^32-1 locals",
                   withFunctions(1).codeSection({funcBody({{0xFFFFFFFF, kI32}}, {op::End})}),
                   true});
  // A malformed name section with a huge count is ignored, not allocated for.
  cases.push_back({"name section function count",
                   withFunctions(1)
                       .codeSection(emptyBodies(1))
                       .customSection("name", nameSubsection(1, kHuge + naming(0, "f"))),
                   true});
  return cases;
}

// A count that cannot fit in the remaining bytes is malformed; a runtime may equally report it
// as exceeding one of its implementation limits (counts larger than the JS API's limits).
bool acceptableHugeOutcome(const HugeCase& c, const Result<Module>& r) {
  if (r.ok()) return c.mayBeValid;
  if (r.error().kind == ErrorKind::Limit) return true;
  return !c.mayBeValid && r.error().kind == ErrorKind::Malformed;
}

TEST(DecoderHugeCounts, RejectedCleanlyAndQuickly) {
  for (const HugeCase& c : hugeCountCases()) {
    auto start = std::chrono::steady_clock::now();
    Result<Module> r = compileBytes(c.bytes);
    auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_TRUE(acceptableHugeOutcome(c, r))
        << c.what << ": " << (r.ok() ? std::string("compiled") : describe(r.error()));
    EXPECT_LT(elapsed, std::chrono::seconds(2)) << c.what;
  }
}

TEST(DecoderHugeCountsDeathTest, NoAllocationForDeclaredCounts) {
#ifdef SABLE_TEST_SANITIZED
  GTEST_SKIP() << "RLIMIT_AS does not work with sanitizer shadow memory";
#else
  if (!addressSpaceLimitIsEnforced()) {
    GTEST_SKIP() << "RLIMIT_AS is not enforced here (qemu-user ignores it): the cap that makes "
                    "a 2^32 allocation fail cannot be set";
  }
#ifdef GTEST_FLAG_SET
  GTEST_FLAG_SET(death_test_style, "threadsafe");
#else
  ::testing::FLAGS_gtest_death_test_style = "threadsafe";
#endif
  for (const HugeCase& c : hugeCountCases()) {
    EXPECT_EXIT(
        {
          // The cap makes allocating for a declared count of 2^32 fail with bad_alloc instead
          // of "succeeding" lazily on an overcommitting kernel.
          if (!capAddressSpace(size_t{512} << 20)) std::_Exit(12);
          int code = 3;
          try {
            // The outcome itself is checked by RejectedCleanlyAndQuickly; here only that
            // compile returns at all under the address-space cap.
            Result<Module> r = compileBytes(c.bytes);
            static_cast<void>(r.ok());
            code = 0;
          } catch (const std::bad_alloc&) {
            code = 4;
          }
          std::_Exit(code);
        },
        ::testing::ExitedWithCode(0), "")
        << c.what << " (exit 4: bad_alloc, other: crash)";
  }
#endif
}

// =============================================================================================
// Exact error offsets for a few unambiguous cases.

TEST(DecoderErrorOffsets, PointAtTheOffendingByte) {
  // Header: magic at 0, version at 4, section id at 8.
  EXPECT_TRUE(IsMalformed(Bytes{0x01, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}, 0));
  EXPECT_TRUE(IsMalformed(Bytes{0x00, 'a', 's', 'm', 0x02, 0x00, 0x00, 0x00}, 4));
  EXPECT_TRUE(IsMalformed(ModuleBytes().raw({0x0E, 0x00}), 8));

  // Type section `01 05 01 60 01 XX 00`: the bad value type is at 13.
  EXPECT_TRUE(IsMalformed(ModuleBytes().section(sec::Type, {0x01, 0x60, 0x01, 0x7A, 0x00}), 13));
  // Second type's form byte: `01 07 02 60 00 00 5F 00 00` -> offset 14.
  EXPECT_TRUE(IsMalformed(
      ModuleBytes().section(sec::Type, {0x02, 0x60, 0x00, 0x00, 0x5F, 0x00, 0x00}), 14));

  // Code: header(8) + type section(6) + function section(4) = 18; code section id 18, size 19,
  // count 20, body size 21, local count 22, first instruction at 23.
  auto body = [](const Bytes& code) {
    ModuleBytes m = withFunctions(1);
    m.codeSection({funcBody(code)});
    return m;
  };
  ASSERT_EQ(withFunctions(1).size(), 18u);
  // An unknown opcode (0x27 is unassigned).
  EXPECT_TRUE(IsMalformed(body({op::Nop, 0x27, op::End}), 24));
  // i32.add with one operand: the i32.add itself (at 25) is the offending instruction.
  EXPECT_TRUE(IsInvalid(body({op::I32Const, 0x00, op::I32Add, op::Drop, op::End}), 25));
  // i64.eqz on an i32.
  EXPECT_TRUE(IsInvalid(body({op::Nop, op::I32Const, 0x00, op::I64Eqz, op::Drop, op::End}), 26));
}

// Regression (found by the fuzzer): a ref.func index whose LEB128 is malformed used to skip the
// range check and still mark that index (read as 0) as declared, writing out of bounds when the
// module has no functions at all.
TEST(DecoderFuzzRegressions, MalformedRefFuncIndexInConstantExpression) {
  Bytes overlong = {op::RefFunc, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, op::End};
  Bytes wasm = ModuleBytes().globalSection({Bytes{kFuncRef, kConst} + overlong}).bytes();
  EXPECT_TRUE(IsMalformed(wasm));
}

TEST(DecoderFuzzRegressions, MalformedFunctionIndexInElementSegment) {
  // Passive segment, element kind 0, one function index with an overlong LEB128.
  Bytes segment = {0x01, 0x00, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  Bytes wasm = ModuleBytes().elementSection({segment}).bytes();
  EXPECT_TRUE(IsMalformed(wasm));
}

// Bytes the heap has handed out and not yet taken back (the sanitizers' allocator replaces
// malloc's arenas, so mallinfo2 would not see them there).
size_t heapBytesInUse() {
#ifdef SABLE_TEST_SANITIZED
  return __sanitizer_get_current_allocated_bytes();
#else
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
#endif
}

TEST(DecoderCustomSections, MillionEmptyOnesTakeMemoryOfTheirSize) {
  // 3 bytes each. Before the fix each was kept in a list entry of 40 bytes (its name a
  // std::string), 20 times the module's size with the list's growth: 10 million of them took
  // more memory than many hosts have. Now the decoded module holds its bytes and little more.
  constexpr uint32_t kCount = 1'000'000;
  Bytes wasm = kHeader;
  wasm.reserve(kHeader.size() + 3 * kCount);
  for (uint32_t i = 0; i < kCount; ++i) wasm += Bytes{0x00, 0x01, 0x00};
  const size_t before = heapBytesInUse();
  Result<std::shared_ptr<ModuleInfo>> info = decodeModule(wasm);
  const size_t after = heapBytesInUse();
  ASSERT_TRUE(info) << describe(info.error());
  const size_t used = after > before ? after - before : 0;
  EXPECT_LE(used, 2 * wasm.size()) << "decoding a module of " << wasm.size() << " bytes";
  // The sections are still all there for whoever asks.
  const std::vector<CustomSection> sections = (*info)->customSections();
  ASSERT_EQ(sections.size(), kCount);
  EXPECT_EQ(sections.back().name, "");
  EXPECT_EQ(sections.back().offset, wasm.size());
  EXPECT_EQ(sections.back().size, 0u);
}

}  // namespace
}  // namespace sable
