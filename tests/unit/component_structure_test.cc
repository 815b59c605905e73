// Component::structure() (component/component_structure.cc): the committed composed components
// (tests/component/inputs: wac-style compositions with nested components), hand-made binaries
// for the component-name section, and the caps that bound the tree of hostile binaries.
#include "sable/component_structure.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "component_bytes.h"
#include "component_test_files.h"
#include "sable/component.h"
#include "sable/engine.h"

namespace sable::cm {
namespace {

using test::Bytes;
using test::cat;
using test::componentNameSection;
using test::kComponentPreamble;
using test::name;
using test::section;

// A component nesting an empty component and instantiating it once, then `extra` sections.
Bytes oneNestedInstance(const Bytes& extra) {
  Bytes instances = section(5, {0x01, 0x00, 0x00, 0x00});  // (instance (instantiate 0))
  return cat({kComponentPreamble, section(4, kComponentPreamble), instances, extra});
}

// `depth` components, each nested in the next.
Bytes nested(int depth) {
  Bytes c = kComponentPreamble;
  for (int i = 0; i < depth; ++i) c = cat({kComponentPreamble, section(4, c)});
  return c;
}

Result<ComponentStructure> structureOf(const Bytes& bytes, const StructureLimits& limits = {}) {
  Engine engine;
  Result<Component> component = Component::compile(engine, bytes);
  if (!component) return component.error();
  return component->structure(limits);
}

Result<ComponentStructure> structureOfInput(const char* file, const StructureLimits& limits = {}) {
  return structureOf(testing::readFileBytes(testing::componentInputsDir() / file), limits);
}

TEST(ComponentStructure, ComposedKvNamesItsPartsAndWiring) {
  Result<ComponentStructure> s = structureOfInput("kv-composed.wasm");
  ASSERT_TRUE(s) << s.error().toString();
  EXPECT_EQ(s->size, 28818u);
  EXPECT_TRUE(s->imports.empty());
  ASSERT_EQ(s->exports.size(), 1u);
  EXPECT_EQ(s->exports[0].type, "func() -> string");
  ASSERT_EQ(s->components.size(), 2u);
  EXPECT_EQ(s->components[0].name, "store");
  EXPECT_EQ(s->components[0].size, 13420u);
  EXPECT_EQ(s->components[1].name, "app");
  EXPECT_EQ(s->components[1].size, 15238u);
  ASSERT_EQ(s->components[0].coreModules.size(), 2u);
  EXPECT_EQ(s->components[0].coreModules[0].name, "main");
  EXPECT_EQ(s->components[0].coreModules[0].size, 12453u);

  ASSERT_EQ(s->instances.size(), 2u);
  const StructureInstance& store = s->instances[0];
  EXPECT_EQ(store.name, "s");
  EXPECT_TRUE(store.instantiates);
  EXPECT_EQ(store.of.source, "component store");
  const StructureInstance& app = s->instances[1];
  EXPECT_EQ(app.index, 2u);  // instance 1 is the alias of the store's export
  EXPECT_EQ(app.of.source, "component app");
  ASSERT_EQ(app.args.size(), 1u);
  EXPECT_EQ(app.args[0].name, "example:kv/kv-store");
  EXPECT_EQ(app.args[0].item.sort, "instance");
  EXPECT_EQ(app.args[0].item.index, 1u);
  EXPECT_EQ(app.args[0].item.source, "export example:kv/kv-store of instance s");
}

TEST(ComponentStructure, StackFeedsTheLoggerFromRootImports) {
  Result<ComponentStructure> s = structureOfInput("stack.wasm");
  ASSERT_TRUE(s) << s.error().toString();
  ASSERT_EQ(s->components.size(), 3u);
  EXPECT_EQ(s->components[1].name, "logger");
  std::vector<std::string> sources;
  for (const StructureInstance& i : s->instances) {
    if (i.of.source != "component logger") continue;
    for (const StructureArg& arg : i.args) sources.push_back(arg.name + " <- " + arg.item.source);
  }
  EXPECT_NE(std::find(sources.begin(), sources.end(),
                      "wasi:io/error@0.2.12 <- import wasi:io/error@0.2.12"),
            sources.end());
  EXPECT_NE(std::find(sources.begin(), sources.end(),
                      "example:kv/kv-store <- export example:kv/kv-store of instance s"),
            sources.end());
}

TEST(ComponentStructure, ListsAreCutAtTheCapsAndCounted) {
  Result<ComponentStructure> full = structureOfInput("stack.wasm");
  ASSERT_TRUE(full);
  StructureLimits one;
  one.maxListEntries = 1;
  Result<ComponentStructure> cut = structureOfInput("stack.wasm", one);
  ASSERT_TRUE(cut);
  ASSERT_EQ(cut->components.size(), 1u);
  EXPECT_EQ(cut->componentsOmitted, 2u);
  EXPECT_EQ(cut->instances.size() + cut->instancesOmitted, full->instances.size());
  for (const StructureInstance& i : cut->instances) EXPECT_LE(i.args.size(), 1u);

  StructureLimits few;
  few.maxEntries = 3;
  Result<ComponentStructure> spent = structureOfInput("stack.wasm", few);
  ASSERT_TRUE(spent);
  EXPECT_GT(spent->instancesOmitted, 0u);
}

TEST(ComponentStructure, DeepNestingStopsListingContents) {
  StructureLimits shallow;
  shallow.maxDepth = 2;
  Result<ComponentStructure> s = structureOf(nested(5), shallow);
  ASSERT_TRUE(s) << s.error().toString();
  const ComponentStructure* c = &*s;
  for (int level = 0; level < 3; ++level) {
    EXPECT_FALSE(c->contentsOmitted) << level;
    ASSERT_EQ(c->components.size(), 1u) << level;
    c = &c->components[0];
  }
  EXPECT_TRUE(c->contentsOmitted);
  EXPECT_TRUE(c->components.empty());
}

TEST(ComponentStructure, NameSectionNamesInstancesAndComponents) {
  const Bytes names = componentNameSection(cat({
      section(0x00, name("outer")),
      section(0x01, cat({{0x04, 0x01, 0x00}, name("child")})),  // component 0
      section(0x01, cat({{0x05, 0x01, 0x00}, name("inner")})),  // instance 0
  }));
  Result<ComponentStructure> s = structureOf(oneNestedInstance(names));
  ASSERT_TRUE(s) << s.error().toString();
  EXPECT_EQ(s->name, "outer");
  ASSERT_EQ(s->components.size(), 1u);
  EXPECT_EQ(s->components[0].name, "child");
  EXPECT_EQ(s->components[0].size, kComponentPreamble.size());
  ASSERT_EQ(s->instances.size(), 1u);
  EXPECT_EQ(s->instances[0].name, "inner");
  EXPECT_EQ(s->instances[0].of.source, "component child");
}

// The section is advisory: a bad sort, a count past the end or a subsection running past the
// section leave the names unset (keeping those read before) and the component valid.
TEST(ComponentStructure, MalformedNameSectionsAreIgnored) {
  const Bytes badSort = section(0x01, cat({{0x09, 0x01, 0x00}, name("x")}));
  const Bytes hugeCount = section(0x01, {0x05, 0xff, 0xff, 0xff, 0xff, 0x0f});
  const Bytes good = section(0x01, cat({{0x04, 0x01, 0x00}, name("child")}));
  const Bytes pastEnd = {0x01, 0x7f, 0x05};
  for (const Bytes& names : {badSort, hugeCount, cat({good, pastEnd})}) {
    Result<ComponentStructure> s = structureOf(oneNestedInstance(componentNameSection(names)));
    ASSERT_TRUE(s) << s.error().toString();
    ASSERT_EQ(s->instances.size(), 1u);
    EXPECT_EQ(s->instances[0].name, "");
  }
  Result<ComponentStructure> kept =
      structureOf(oneNestedInstance(componentNameSection(cat({good, pastEnd}))));
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->components[0].name, "child");
}

}  // namespace
}  // namespace sable::cm
