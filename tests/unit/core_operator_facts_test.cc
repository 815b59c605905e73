// The operator facts table (core/operator_facts.h) against sources that do not read it: the
// text-format names of the memory operators (access size, extension, width), and the full body
// decoder over every module of the core spec suite (the immediate kinds: stepping over a body
// with skipOperator must land on every instruction boundary the decoder reports).
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/function_body_decoder.h"
#include "core/module_decoder.h"
#include "core/operator_facts.h"
#include "core/operator_reader.h"
#include "wast_converter.h"

namespace sable::test {
namespace {

namespace fs = std::filesystem;

// Every opcode of the tables, once.
std::vector<Opcode> allOpcodes() {
  return {
#define SABLE_TEST_OPCODE(name, code, ...) Opcode::name,
      SABLE_FOREACH_OPCODE(SABLE_TEST_OPCODE)
#undef SABLE_TEST_OPCODE
  };
}

uint32_t bitsOfType(const std::string& type) {
  if (type == "v128") return 128;
  return type == "i64" || type == "f64" ? 64 : 32;
}

// The bits a load or store accesses, read off its name: `i64.load16_s` 16, `v128.load8x8_u` 64,
// `v128.load32_lane` 32, `f64.store` 64 (the type's width when the name gives none).
uint32_t accessBitsFromName(const std::string& name) {
  const size_t dot = name.find('.');
  const std::string type = name.substr(0, dot);
  size_t at = dot + 1;
  if (name.compare(at, 4, "load") == 0) {
    at += 4;
  } else if (name.compare(at, 5, "store") == 0) {
    at += 5;
  } else {
    return 0;
  }
  // Digits right after load/store: the access (or lane) width; "xM" multiplies it.
  auto readNumber = [&] {
    uint32_t n = 0;
    while (at < name.size() && name[at] >= '0' && name[at] <= '9') n = n * 10 + (name[at++] - '0');
    return n;
  };
  const uint32_t bits = readNumber();
  if (bits == 0) return bitsOfType(type);
  if (at < name.size() && name[at] == 'x') {
    ++at;
    return bits * readNumber();
  }
  return bits;
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

TEST(CoreOperatorFacts, MemoryAccessesAgreeWithTheirNames) {
  int checked = 0;
  for (Opcode op : allOpcodes()) {
    const OperatorFacts& f = operatorFacts(op);
    if (f.access == MemoryAccess::None) continue;
    const std::string name = opcodeName(op);
    SCOPED_TRACE(name);
    EXPECT_EQ(f.accessSize() * 8, accessBitsFromName(name));
    const bool isLoad = name.find(".load") != std::string::npos;
    EXPECT_EQ(f.access, isLoad ? MemoryAccess::Load : MemoryAccess::Store);
    const bool lane = endsWith(name, "_lane");
    const Extension ext = lane || !isLoad        ? Extension::None
                          : endsWith(name, "_s") ? Extension::Sign
                          : endsWith(name, "_u") ? Extension::Zero
                                                 : Extension::None;
    EXPECT_EQ(f.extension, ext);
    EXPECT_EQ(f.immediate, lane ? Immediate::MemArgLane : Immediate::MemArg);
    if (lane) {
      EXPECT_EQ(f.lanes * f.accessSize(), 16u);
    }
    const std::string type = name.substr(0, name.find('.'));
    EXPECT_EQ(f.wide, type == "i64" || type == "f64");
    ++checked;
  }
  EXPECT_EQ(checked, 23 + 13 + 1 + 4 + 4);  // scalar, v128 loads, v128.store, lane loads/stores
}

// Every table row is found again under its own code, and nothing else is.
TEST(CoreOperatorFacts, EveryOpcodeHasAFamilyAndOtherCodesNone) {
  std::set<uint32_t> codes;
  for (Opcode op : allOpcodes()) {
    SCOPED_TRACE(opcodeName(op));
    EXPECT_NE(operatorFacts(op).family, OperatorFamily::Invalid);
    EXPECT_TRUE(codes.insert(static_cast<uint32_t>(op)).second) << "code listed twice";
  }
  for (uint32_t prefix : {0u, uint32_t{kMiscPrefix}, uint32_t{kSimdPrefix}}) {
    for (uint32_t sub = 0; sub < 256; ++sub) {
      const uint32_t code = prefix == 0 ? sub : (prefix << 8) | sub;
      if (codes.count(code)) continue;
      EXPECT_EQ(operatorFacts(code).family, OperatorFamily::Invalid) << std::hex << code;
    }
  }
  EXPECT_EQ(operatorFacts(0x1234u).family, OperatorFamily::Invalid);
}

// Where the full decoder says instructions begin and end, in one function body.
class BoundaryRecorder : public NullVisitor {
 public:
  using Decoder = FunctionBodyDecoder<BoundaryRecorder>;

  void attach(const Decoder* decoder) { decoder_ = decoder; }
  void onFunctionStart(std::span<const ValType>) { instructions_ = decoder_->instructions(); }
  // Called right after the opcode: the upcoming bytes start at its immediates.
  void onOperator(Opcode op) { afterOpcode[here()] = static_cast<uint32_t>(op); }
  void onBlock(Frame&) { afterImmediates.insert(here()); }
  void onLoop(Frame&) { afterImmediates.insert(here()); }
  void onIf(Frame&) { afterImmediates.insert(here()); }
  void onElse(Frame&) { afterImmediates.insert(here()); }
  void onEnd(Frame&) { afterImmediates.insert(here()); }

  std::span<const uint8_t> instructions() const { return instructions_; }
  std::map<size_t, uint32_t> afterOpcode;  // offset in the instructions -> opcode
  std::set<size_t> afterImmediates;

 private:
  size_t here() const {
    return static_cast<size_t>(decoder_->upcomingBytes().data() - instructions_.data());
  }
  const Decoder* decoder_ = nullptr;
  std::span<const uint8_t> instructions_;
};

// The same boundaries, found by stepping over the body with core's immediate skipper.
struct SkippedBoundaries {
  std::map<size_t, uint32_t> afterOpcode;
  std::set<size_t> afterImmediates;
  bool reachedEnd = false;
};

SkippedBoundaries skipThrough(std::span<const uint8_t> instructions) {
  SkippedBoundaries out;
  ScanCursor c(instructions);
  auto offset = [&] { return static_cast<size_t>(c.pos() - instructions.data()); };
  while (!c.atEnd()) {
    const uint32_t code = readOpcode(c);
    const OperatorFacts& facts = operatorFacts(code);
    if (facts.family == OperatorFamily::Invalid) return out;
    out.afterOpcode[offset()] = code;
    skipImmediates(c, facts.immediate);
    out.afterImmediates.insert(offset());
  }
  // Reads past the end stop at the end: only a last boundary exactly there is a clean finish.
  out.reachedEnd =
      !out.afterImmediates.empty() && *out.afterImmediates.rbegin() == instructions.size();
  return out;
}

// Checks every valid body of one module; returns how many bodies were compared.
int compareBodies(const std::vector<uint8_t>& bytes, const std::string& what) {
  Result<std::shared_ptr<ModuleInfo>> module = decodeModule(bytes);
  if (!module.ok()) return 0;
  BoundaryRecorder::Decoder decoder(**module);
  int compared = 0;
  for (uint32_t i = 0; i < (*module)->numDefinedFunctions(); ++i) {
    BoundaryRecorder recorder;
    recorder.attach(&decoder);
    if (!decoder.decode(i, recorder).ok()) continue;  // invalid: the suite's assert_invalid
    const SkippedBoundaries skipped = skipThrough(recorder.instructions());
    SCOPED_TRACE(what + ", defined function " + std::to_string(i));
    EXPECT_TRUE(skipped.reachedEnd);
    for (const auto& [at, code] : recorder.afterOpcode) {
      auto found = skipped.afterOpcode.find(at);
      if (found == skipped.afterOpcode.end()) {
        ADD_FAILURE() << "no instruction at +" << at;
        break;  // the skipper lost step: every later boundary would fail too
      }
      EXPECT_EQ(found->second, code) << "at +" << at;
    }
    for (size_t at : recorder.afterImmediates) {
      EXPECT_TRUE(skipped.afterImmediates.count(at)) << "no instruction ends at +" << at;
    }
    ++compared;
  }
  return compared;
}

std::vector<uint8_t> readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(CoreOperatorFacts, SkippingImmediatesFindsTheDecodersBoundariesInTheSpecSuite) {
  const fs::path suite = fs::path(SABLE_TEST_SHARED_DIR) / "wasm-testsuite" / "core";
  if (!fs::is_directory(suite)) GTEST_SKIP() << suite << " is not there";
  const spec::WastConverter converter(SABLE_SPEC_WAST2JSON, SABLE_TEST_OPERATOR_FACTS_CACHE);
  int bodies = 0, scripts = 0;
  std::set<uint32_t> opcodesSeen;
  for (const fs::directory_entry& e : fs::directory_iterator(suite)) {
    if (e.path().extension() != ".wast") continue;
    const spec::Conversion c = converter.convert(e.path());
    if (c.status == spec::Conversion::Status::Failed) continue;  // the known-unparseable files
    ++scripts;
    for (const fs::directory_entry& m : fs::directory_iterator(c.jsonPath.parent_path())) {
      if (m.path().extension() != ".wasm") continue;
      bodies += compareBodies(readFile(m.path()), m.path().filename().string());
    }
  }
  // The suite has about 150 scripts and over 6,000 valid function bodies.
  EXPECT_GT(scripts, 100);
  EXPECT_GT(bodies, 5000);
}

}  // namespace
}  // namespace sable::test
