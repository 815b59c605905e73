// Instantiating components and calling their exports: reference-test binaries and hand-made
// components.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "component_test_files.h"
#include "sable/component.h"
#include "sable/component_linker.h"
#include "sable/engine.h"
#include "sable/store.h"

namespace sable::cm {
namespace {

// Every `component` command of values/, resources/ and linking/ (instantiated at once by the
// scripts, with no imports) instantiates; the failures are listed.
TEST(ComponentInstantiate, ReferenceComponentsInstantiate) {
  auto bin = testing::componentTestsBinDir();
  if (!bin) GTEST_SKIP() << "component-model-tests not found (set SABLE_SHARED_DIR)";
  Engine engine;
  int instantiated = 0, failed = 0;
  for (const char* folder : {"values", "resources", "linking"}) {
    for (const auto& dir : std::filesystem::directory_iterator(*bin / folder)) {
      std::ifstream in(dir.path() / "manifest.json");
      nlohmann::json manifest = nlohmann::json::parse(in);
      for (const auto& cmd : manifest) {
        if (cmd["kind"] != "component") continue;
        auto path = dir.path() / cmd["file"].get<std::string>();
        auto bytes = testing::readFileBytes(path);
        auto component = Component::compile(engine, bytes);
        if (!component) {
          if (component.error().kind != ErrorKind::Unsupported) {
            ADD_FAILURE() << path << ": " << component.error().toString();
          }
          continue;
        }
        Store store(engine);
        Linker linker(engine);
        auto instance = linker.instantiate(store, *component);
        if (instance) {
          ++instantiated;
        } else {
          ++failed;
          std::cerr << path << ": " << instance.error().toString() << "\n";
        }
      }
    }
  }
  std::cerr << instantiated << " instantiated, " << failed << " failed\n";
  EXPECT_GT(instantiated, 50);
}

}  // namespace
}  // namespace sable::cm
