// Module-controlled text in diagnostics: escapeText and friends, and every error message the
// library builds from names a module chose (imports, exports, name section), which must reach
// a terminal or a log without their control characters.
#include <gtest/gtest.h>

#include "sable/sable.h"
#include "wasm_builder.h"

namespace sable::test {
namespace {

using namespace std::string_literals;

// A name that would clear the line and forge one of sable's own when printed raw.
const std::string kForging = "\x1b[2K\rsable: ok\n";
const std::string kForgingEscaped = "\\x1b[2K\\x0dsable: ok\\x0a";

// Whether `text` holds a byte a terminal acts on (C0, DEL) other than the newlines in `allowed`.
bool hasControlBytes(std::string_view text, size_t allowedNewlines = 0) {
  size_t newlines = 0;
  for (unsigned char c : text) {
    if (c == '\n') {
      ++newlines;
    } else if (c < 0x20 || c == 0x7f) {
      return true;
    }
  }
  return newlines != allowedNewlines;
}

TEST(EscapeText, KeepsPrintableTextAndUtf8) {
  EXPECT_EQ(escapeText("fd_write"), "fd_write");
  EXPECT_EQ(escapeText("core::fmt::write<T>(&mut T) -> usize"),
            "core::fmt::write<T>(&mut T) -> usize");
  EXPECT_EQ(escapeText("h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x98\x80"),
            "h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x98\x80");
  EXPECT_EQ(escapeText(""), "");
}

TEST(EscapeText, EscapesControlsQuotesAndBackslashes) {
  EXPECT_EQ(escapeText(kForging), kForgingEscaped);
  EXPECT_EQ(escapeText("a\0b\x7f"s), "a\\x00b\\x7f");
  EXPECT_EQ(escapeText("say \"hi\" \\ bye"), "say \\\"hi\\\" \\\\ bye");
  // One-to-one: the text "\x1b" and the byte ESC print differently.
  EXPECT_EQ(escapeText("\\x1b"), "\\\\x1b");
  EXPECT_NE(escapeText("\\x1b"), escapeText("\x1b"));
}

TEST(EscapeText, EscapesC1ControlsSeparatorsAndBidiControls) {
  EXPECT_EQ(escapeText("\xc2\x9b"
                       "31m"),
            "\\u{9b}31m");                       // CSI, UTF-8 encoded
  EXPECT_EQ(escapeText("\xc2\x85"), "\\u{85}");  // NEL
  EXPECT_EQ(escapeText("a\xe2\x80\xa8"
                       "b"),
            "a\\u{2028}b");
  EXPECT_EQ(escapeText("\xe2\x80\xae"
                       "txt.exe"),
            "\\u{202e}txt.exe");  // right-to-left override
  EXPECT_EQ(escapeText("\xe2\x81\xa6x\xe2\x81\xa9"), "\\u{2066}x\\u{2069}");
  EXPECT_EQ(escapeText("\xe2\x80\x8f"), "\\u{200f}");
  EXPECT_EQ(escapeText("\xc2\xa0"), "\xc2\xa0");  // NO-BREAK SPACE is text
}

TEST(EscapeText, EscapesBytesThatAreNotUtf8) {
  EXPECT_EQ(escapeText("\x9b"
                       "31m"),
            "\\x9b31m");  // a raw C1 byte
  EXPECT_EQ(escapeText("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(escapeText("\xe2\x80"), "\\xe2\\x80");                    // truncated
  EXPECT_EQ(escapeText("\xc0\xaf"), "\\xc0\\xaf");                    // overlong '/'
  EXPECT_EQ(escapeText("\xed\xa0\x80"), "\\xed\\xa0\\x80");           // surrogate
  EXPECT_EQ(escapeText("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // beyond U+10FFFF
}

TEST(PrintableName, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(printableName("memory"), "memory");
  EXPECT_EQ(printableName("h\xc3\xa9"), "h\xc3\xa9");
  EXPECT_EQ(printableName(""), "\"\"");
  EXPECT_EQ(printableName("two words"), "\"two words\"");
  EXPECT_EQ(printableName("a\"b"), "\"a\\\"b\"");
  EXPECT_EQ(printableName(kForging), "\"" + kForgingEscaped + "\"");
  EXPECT_EQ(quotedName("memory"), "\"memory\"");
}

class HostileNamesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Engine> e = Engine::create();
    ASSERT_TRUE(e.ok()) << e.error().toString();
    engine = *e;
    store.emplace(*engine);
  }

  Result<Module> compile(const Bytes& wasm) {
    return Module::compile(*engine, std::span<const uint8_t>(wasm.data(), wasm.size()));
  }

  std::optional<Engine> engine;
  std::optional<Store> store;
  Linker linker;
};

TEST_F(HostileNamesTest, UnknownImportIsEscaped) {
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.imports = {importFunc("env\n", kForging, 0)};
  Result<Module> m = compile(p.build());
  ASSERT_TRUE(m.ok()) << m.error().toString();
  Result<Instance> inst = linker.instantiate(*store, *m);
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().message, "unknown import: \"env\\x0a\".\"" + kForgingEscaped + "\"");
}

TEST_F(HostileNamesTest, IncompatibleImportIsEscaped) {
  linker.define("env\x1b", kForging,
                Func::host(*store, FuncType(std::vector<ValType>{ValType::I32}, {}),
                           [](auto, auto) -> Result<void> { return {}; }));
  ModuleParts p;
  p.types = {funcType({kI64}, {})};
  p.imports = {importFunc("env\x1b", kForging, 0)};
  Result<Module> m = compile(p.build());
  ASSERT_TRUE(m.ok()) << m.error().toString();
  Result<Instance> inst = linker.instantiate(*store, *m);
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().kind, ErrorKind::Unlinkable);
  EXPECT_NE(inst.error().message.find("\"env\\x1b\".\"" + kForgingEscaped + "\""),
            std::string::npos)
      << inst.error().message;
  EXPECT_FALSE(hasControlBytes(inst.error().message)) << inst.error().message;
}

TEST_F(HostileNamesTest, DuplicateExportIsEscaped) {
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.funcs = {0};
  p.exports = {exportEntry(kForging, kExternFunc, 0), exportEntry(kForging, kExternFunc, 0)};
  p.bodies = {funcBody(Bytes{op::End})};
  Result<Module> m = compile(p.build());
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(m.error().message, "duplicate export name \"" + kForgingEscaped + "\"");
}

// The name section's function and module names in a trap's backtrace: the message and
// Trap::toString escape them; the structured frames keep them as the module gave them.
TEST_F(HostileNamesTest, BacktraceNamesAreEscaped) {
  const std::string moduleName = "m\xc2\x9b";
  Bytes moduleSub = name(moduleName);
  Bytes funcSub = vec({u32(0) + name(kForging)});
  Bytes names = Bytes{0x00} + u32(static_cast<uint32_t>(moduleSub.size())) + moduleSub +
                Bytes{0x01} + u32(static_cast<uint32_t>(funcSub.size())) + funcSub;
  Bytes wasm = ModuleBytes()
                   .typeSection({funcType({}, {})})
                   .functionSection({0, 0})
                   .exportSection({exportEntry("run", kExternFunc, 1)})
                   .codeSection({funcBody(Bytes{op::Unreachable, op::End}),
                                 funcBody(call(0) + Bytes{op::End})})
                   .customSection("name", names)
                   .bytes();
  Result<Module> m = compile(wasm);
  ASSERT_TRUE(m.ok()) << m.error().toString();
  Result<Instance> inst = linker.instantiate(*store, *m);
  ASSERT_TRUE(inst.ok()) << inst.error().toString();
  Result<std::vector<Value>> r = inst->getFunc("run")->call(*store, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "unreachable\nwasm backtrace:\n  #0 " + kForgingEscaped + "\n  #1 m\\u{9b}!func[1]");
  ASSERT_TRUE(store->lastTrap());
  const Trap& trap = *store->lastTrap();
  ASSERT_EQ(trap.frames.size(), 2u);
  EXPECT_EQ(trap.frames[0].funcName, kForging);
  EXPECT_EQ(trap.frames[1].moduleName, moduleName);
  EXPECT_EQ(trap.toString(), "unreachable\n  #0 " + kForgingEscaped + "\n  #1 m\\u{9b}!func[1]");
  EXPECT_FALSE(hasControlBytes(trap.toString(), 2));
}

}  // namespace
}  // namespace sable::test
