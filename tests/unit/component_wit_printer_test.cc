// Component::witText (component/format/wit_printer.cc): hand-made components whose exact WIT is
// known, and the committed testkit components (tests/component/inputs) whose worlds `jco wit`
// printed.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "component_test_files.h"
#include "sable/component.h"
#include "sable/engine.h"

namespace sable::cm {
namespace {

using Bytes = std::vector<uint8_t>;

// `s` as a Binary.md name: its length, then its bytes.
Bytes name(const std::string& s) {
  Bytes out;
  out.reserve(s.size() + 1);
  out.push_back(static_cast<uint8_t>(s.size()));
  for (char c : s) out.push_back(static_cast<uint8_t>(c));
  return out;
}

Bytes join(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) {
    for (uint8_t b : p) out.push_back(b);
  }
  return out;
}

// A section: its id, size and contents (sizes here stay below 128: one LEB byte).
Bytes section(uint8_t id, const Bytes& contents) {
  return join({{id, static_cast<uint8_t>(contents.size())}, contents});
}

// A component importing one instance `a:b/c` whose type is the instance declarations `decls`
// (`count` of them).
Bytes componentImportingInterface(uint8_t count, const Bytes& decls) {
  Bytes preamble{0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  Bytes types = section(7, join({{0x01, 0x42, count}, decls}));
  Bytes imports = section(10, join({{0x01, 0x00}, name("a:b/c"), {0x05, 0x00}}));
  return join({preamble, types, imports});
}

std::string witOf(const Bytes& bytes) {
  Engine engine;
  Result<Component> component = Component::compile(engine, bytes);
  if (!component) return "error: " + component.error().toString();
  return component->witText();
}

// Labels spelled like WIT keywords get a `%`; a type export names its type wherever it is used.
TEST(ComponentWit, KeywordsAreEscaped) {
  const Bytes decls = join({
      join({{0x01, 0x6d, 0x01}, name("record")}),                   // type 0: enum { record }
      join({{0x04, 0x00}, name("flags"), {0x03, 0x00, 0x00}}),      // export flags = type 0
      join({{0x01, 0x40, 0x01}, name("use"), {0x01, 0x01, 0x00}}),  // func(use: flags)
      join({{0x04, 0x00}, name("func"), {0x01, 0x02}}),             // export func
  });
  EXPECT_EQ(witOf(componentImportingInterface(4, decls)),
            "world root {\n"
            "  import a:b/c;\n"
            "}\n"
            "\n"
            "package a:b {\n"
            "  interface c {\n"
            "    enum %flags {\n"
            "      %record,\n"
            "    }\n"
            "\n"
            "    %func: func(%use: %flags);\n"
            "  }\n"
            "}\n");
}

// A resource's constructor, methods and static functions print inside it; own<r> reads `r`.
TEST(ComponentWit, ResourceFunctionsGoInsideTheResource) {
  const Bytes decls = join({
      join({{0x04, 0x00}, name("r"), {0x03, 0x01}}),                 // export r: resource
      {0x01, 0x68, 0x00},                                            // type 1: borrow<r>
      join({{0x01, 0x40, 0x01}, name("self"), {0x01, 0x00, 0x79}}),  // func(self) -> u32
      join({{0x04, 0x00}, name("[method]r.size"), {0x01, 0x02}}),
      {0x01, 0x69, 0x00},              // type 3: own<r>
      {0x01, 0x40, 0x00, 0x00, 0x03},  // type 4: func() -> own<r>
      join({{0x04, 0x00}, name("[constructor]r"), {0x01, 0x04}}),
      join({{0x01, 0x40, 0x01}, name("other"), {0x01, 0x01, 0x00}}),  // func(other: borrow<r>)
      join({{0x04, 0x00}, name("[static]r.peek"), {0x01, 0x05}}),
      join({{0x04, 0x00}, name("make"), {0x01, 0x04}}),
  });
  EXPECT_EQ(witOf(componentImportingInterface(10, decls)),
            "world root {\n"
            "  import a:b/c;\n"
            "}\n"
            "\n"
            "package a:b {\n"
            "  interface c {\n"
            "    resource r {\n"
            "      size: func() -> u32;\n"
            "      constructor();\n"
            "      peek: static func(other: borrow<r>);\n"
            "    }\n"
            "\n"
            "    make: func() -> r;\n"
            "  }\n"
            "}\n");
}

std::filesystem::path inputsDir() {
  std::filesystem::path self(__FILE__);
  if (self.is_relative()) {
    self = std::filesystem::path(SABLE_CLI_PATH).parent_path().parent_path().parent_path() / self;
  }
  return self.parent_path() / ".." / "component" / "inputs";
}

std::string witOfInput(const char* file) {
  Bytes bytes = testing::readFileBytes(inputsDir() / file);
  if (bytes.empty()) return std::string("cannot read ") + file;
  return witOf(bytes);
}

constexpr const char* kKvStore =
    "package example:kv {\n"
    "  interface kv-store {\n"
    "    get: func(key: string) -> option<string>;\n"
    "    set: func(key: string, value: string);\n"
    "  }\n"
    "}\n";

TEST(ComponentWit, KvApp) {
  EXPECT_EQ(witOfInput("kv-app.wasm"), std::string("world root {\n"
                                                   "  import example:kv/kv-store;\n"
                                                   "\n"
                                                   "  export handle-request: func() -> string;\n"
                                                   "}\n"
                                                   "\n") +
                                           kKvStore);
}

TEST(ComponentWit, Store) {
  EXPECT_EQ(witOfInput("store.wasm"), std::string("world root {\n"
                                                  "  export example:kv/kv-store;\n"
                                                  "}\n"
                                                  "\n") +
                                          kKvStore);
}

TEST(ComponentWit, KvComposedHasNoImports) {
  EXPECT_EQ(witOfInput("kv-composed.wasm"),
            "world root {\n"
            "  export handle-request: func() -> string;\n"
            "}\n");
}

}  // namespace
}  // namespace sable::cm
