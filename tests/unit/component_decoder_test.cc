// The component decoder on hand-made binaries and on every binary of the reference tests.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "component/format/component_def.h"
#include "component/format/decoder.h"
#include "component_test_files.h"
#include "sable/component.h"
#include "sable/engine.h"

namespace sable::cm {
namespace {

using format::decodeComponent;

std::vector<uint8_t> preamble() { return {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00}; }

std::vector<uint8_t> withSection(std::vector<uint8_t> bytes, uint8_t id,
                                 std::vector<uint8_t> payload) {
  bytes.push_back(id);
  bytes.push_back(static_cast<uint8_t>(payload.size()));  // small payloads only
  bytes.insert(bytes.end(), payload.begin(), payload.end());
  return bytes;
}

TEST(ComponentDecoder, EmptyComponentDecodes) {
  Engine engine;
  auto decoded = decodeComponent(engine, preamble());
  ASSERT_TRUE(decoded.ok()) << decoded.error().toString();
  EXPECT_TRUE(decoded->root->definitions.empty());
}

TEST(ComponentDecoder, CoreModulePreambleIsNotAComponent) {
  Engine engine;
  std::vector<uint8_t> module = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  auto decoded = decodeComponent(engine, module);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().kind, ErrorKind::Malformed);
  EXPECT_NE(decoded.error().message.find("not a component"), std::string::npos);
  EXPECT_FALSE(isComponentBinary(module));
  EXPECT_TRUE(isComponentBinary(preamble()));
}

TEST(ComponentDecoder, OtherVersionIsMalformed) {
  Engine engine;
  std::vector<uint8_t> bytes = {0x00, 0x61, 0x73, 0x6d, 0x0c, 0x00, 0x01, 0x00};
  auto decoded = decodeComponent(engine, bytes);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().kind, ErrorKind::Malformed);
  EXPECT_EQ(decoded.error().offset, 4u);
}

TEST(ComponentDecoder, TypesAndExportOfARecord) {
  Engine engine;
  // (type (record (field "a" u32))) (export "r" (type 0))
  auto bytes = withSection(preamble(), 7, {0x01, 0x72, 0x01, 0x01, 'a', 0x79});
  bytes = withSection(bytes, 11, {0x01, 0x00, 0x01, 'r', 0x03, 0x00, 0x00});
  auto decoded = decodeComponent(engine, bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.error().toString();
  const format::ComponentDef& c = *decoded->root;
  ASSERT_EQ(c.definitions.size(), 2u);
  ASSERT_EQ(c.exports.size(), 1u);
  EXPECT_EQ(c.exports[0].name.name, "r");
  const auto& t = std::get<format::TypeDefinition>(c.definitions[0]);
  EXPECT_EQ(decoded->types->at(t.type).kind, format::TypeKind::Record);
  EXPECT_EQ(decoded->types->at(t.type).fields[0].type,
            static_cast<format::TypeId>(format::TypeKind::U32));
  EXPECT_EQ(c.spaceSize[static_cast<size_t>(format::Sort::Type)], 2u);
}

TEST(ComponentDecoder, IndexOutOfRangeIsInvalid) {
  Engine engine;
  // (export "r" (type 3)) with no types.
  auto bytes = withSection(preamble(), 11, {0x01, 0x00, 0x01, 'r', 0x03, 0x03, 0x00});
  auto decoded = decodeComponent(engine, bytes);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().kind, ErrorKind::Invalid);
}

TEST(ComponentDecoder, GatedFeaturesAreUnsupportedByName) {
  Engine engine;
  // (type (map u32 u32))
  auto decoded = decodeComponent(engine, withSection(preamble(), 7, {0x01, 0x63, 0x79, 0x79}));
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().kind, ErrorKind::Unsupported);
  EXPECT_NE(decoded.error().message.find("map"), std::string::npos);
  // (canon task.cancel)
  decoded = decodeComponent(engine, withSection(preamble(), 8, {0x01, 0x05}));
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().kind, ErrorKind::Unsupported);
  EXPECT_NE(decoded.error().message.find("task.cancel"), std::string::npos);
}

TEST(ComponentDecoder, DeepNestingIsALimitNotACrash) {
  Engine engine;
  // 200 components, each the only section of its parent: sizes grow outward.
  std::vector<uint8_t> inner = preamble();
  for (int i = 0; i < 200; ++i) {
    std::vector<uint8_t> outer = preamble();
    outer.push_back(4);
    uint32_t size = static_cast<uint32_t>(inner.size());
    do {
      uint8_t b = size & 0x7f;
      size >>= 7;
      outer.push_back(size ? (b | 0x80) : b);
    } while (size);
    outer.insert(outer.end(), inner.begin(), inner.end());
    inner = std::move(outer);
  }
  auto decoded = decodeComponent(engine, inner);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().kind, ErrorKind::Limit);
}

TEST(ComponentDecoder, TruncationsNeverCrash) {
  auto bin = testing::componentTestsBinDir();
  if (!bin) GTEST_SKIP() << "component-model-tests not found (set SABLE_SHARED_DIR)";
  Engine engine;
  auto bytes = testing::readFileBytes(*bin / "values" / "strings" / "000.wasm");
  ASSERT_FALSE(bytes.empty());
  // A cut at a section boundary is a valid (smaller) component; most cuts are not.
  int rejected = 0, cuts = 0;
  for (size_t n = 0; n < bytes.size(); n += 7, ++cuts) {
    auto decoded = decodeComponent(engine, std::span<const uint8_t>(bytes.data(), n));
    rejected += !decoded.ok();
  }
  EXPECT_GT(rejected, cuts * 3 / 4);
}

// Every component the reference tests expect to load decodes (or is refused as Unsupported
// in the gated folders), and every assert_malformed binary is an error.
TEST(ComponentDecoder, ReferenceTestBinaries) {
  auto bin = testing::componentTestsBinDir();
  if (!bin) GTEST_SKIP() << "component-model-tests not found (set SABLE_SHARED_DIR)";
  Engine engine;
  int decodedOk = 0, malformedRejected = 0;
  for (const char* folder : {"binary", "values", "resources", "linking", "validation"}) {
    for (const auto& dir : std::filesystem::directory_iterator(*bin / folder)) {
      std::ifstream in(dir.path() / "manifest.json");
      nlohmann::json manifest = nlohmann::json::parse(in);
      for (const auto& cmd : manifest) {
        if (!cmd.contains("file")) continue;
        std::string kind = cmd["kind"];
        auto path = dir.path() / cmd["file"].get<std::string>();
        auto bytes = testing::readFileBytes(path);
        auto decoded = decodeComponent(engine, bytes);
        if (kind == "component" || kind == "component-definition") {
          bool okOrGated = decoded.ok() || decoded.error().kind == ErrorKind::Unsupported;
          EXPECT_TRUE(okOrGated) << path << ": " << decoded.error().toString();
          decodedOk += decoded.ok();
        } else if (kind == "assert_malformed") {
          EXPECT_FALSE(decoded.ok()) << path << " (expected: " << cmd.value("message", "") << ")";
          malformedRejected += !decoded.ok();
        }
      }
    }
  }
  EXPECT_GT(decodedOk, 100);
  EXPECT_GT(malformedRejected, 50);
}

}  // namespace
}  // namespace sable::cm
