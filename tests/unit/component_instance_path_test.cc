// Instance paths (component/instantiate.cc): a component instance nested in a composed binary
// is named in messages by its path from the root, each segment its name in the component-name
// section, else its component's own name, else its index.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "component_bytes.h"
#include "sable/component.h"
#include "sable/component_linker.h"
#include "sable/engine.h"
#include "sable/store.h"

namespace sable::cm {
namespace {

using test::Bytes;
using test::cat;
using test::componentNameSection;
using test::kComponentPreamble;
using test::name;
using test::section;

// A component exporting `boom: func()`, lifted from a core function that is `unreachable`.
Bytes trappingComponent(const Bytes& extra) {
  const Bytes module = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,  // preamble
                        0x01, 0x04, 0x01, 0x60, 0x00, 0x00,              // type () -> ()
                        0x03, 0x02, 0x01, 0x00,                          // func 0
                        0x07, 0x08, 0x01, 0x04, 'b',  'o',  'o',  'm',  0x00,
                        0x00, 0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b};  // unreachable
  return cat({kComponentPreamble, section(1, module), section(2, {0x01, 0x00, 0x00, 0x00}),
              section(6, cat({{0x01, 0x00, 0x00, 0x01, 0x00}, name("boom")})),
              section(7, {0x01, 0x40, 0x00, 0x01, 0x00}),
              section(8, {0x01, 0x00, 0x00, 0x00, 0x00, 0x00}),
              section(11, cat({{0x01, 0x00}, name("boom"), {0x01, 0x00, 0x00}})), extra});
}

// The trapping component nested (with `childExtra` appended to it), instantiated once and its
// `boom` re-exported; `extra` appended to the outer component.
Bytes composed(const Bytes& childExtra, const Bytes& extra) {
  return cat({kComponentPreamble, section(4, trappingComponent(childExtra)),
              section(5, {0x01, 0x00, 0x00, 0x00}),
              section(6, cat({{0x01, 0x01, 0x00, 0x00}, name("boom")})),
              section(11, cat({{0x01, 0x00}, name("boom"), {0x01, 0x00, 0x00}})), extra});
}

// Calls `boom` twice in one instance named "stack" and returns the second call's error: the
// first traps, so the second finds the nested instance locked down and names its path.
std::string secondCallError(const Bytes& bytes) {
  Engine engine;
  Result<Component> c = Component::compile(engine, bytes);
  if (!c) return "compile: " + c.error().toString();
  Store store(engine);
  Result<ComponentInstance> instance = Linker(engine).instantiate(store, *c, "stack");
  if (!instance) return "instantiate: " + instance.error().toString();
  Result<ComponentFunc> boom = instance->getFunc("boom");
  if (!boom) return "getFunc: " + boom.error().toString();
  if (boom->call(store, {})) return "the first call did not trap";
  Result<std::vector<Val>> again = boom->call(store, {});
  return again ? "the second call did not trap" : again.error().message;
}

TEST(ComponentInstancePath, NamedByTheNameSection) {
  const Bytes instanceName =
      componentNameSection(section(0x01, cat({{0x05, 0x01, 0x00}, name("logger")})));
  EXPECT_NE(secondCallError(composed({}, instanceName))
                .find("cannot enter component instance stack/logger "),
            std::string::npos)
      << secondCallError(composed({}, instanceName));
}

TEST(ComponentInstancePath, NamedByItsComponentWithoutAnInstanceName) {
  const Bytes componentName = componentNameSection(section(0x00, name("store")));
  EXPECT_NE(secondCallError(composed(componentName, {}))
                .find("cannot enter component instance stack/store "),
            std::string::npos)
      << secondCallError(composed(componentName, {}));
}

TEST(ComponentInstancePath, NumberedWithoutNames) {
  EXPECT_NE(secondCallError(composed({}, {})).find("cannot enter component instance stack/0 "),
            std::string::npos)
      << secondCallError(composed({}, {}));
}

TEST(ComponentInstancePath, LongNamesAreCut) {
  const std::string longName(100, 'x');
  const Bytes instanceName =
      componentNameSection(section(0x01, cat({{0x05, 0x01, 0x00}, name(longName)})));
  EXPECT_NE(
      secondCallError(composed({}, instanceName)).find("stack/" + std::string(64, 'x') + "... "),
      std::string::npos)
      << secondCallError(composed({}, instanceName));
}

}  // namespace
}  // namespace sable::cm
