// Fuzzes the component decoder and validator: Component::compile on arbitrary bytes, with an
// engine that has no code generator (embedded core modules are decoded and validated, not
// compiled), must return a component or an error, never crash, hang or trip a sanitizer.
// Accepted components are then listed through the public API, which walks their types, and
// their tree (Component::structure(), what `sable inspect` prints) is built and walked.
// Each accepted component is also wrapped alone in a composition (cm::encodeComposition: its
// imports re-declared, its exports re-exported, what `sable plug` writes), and the result must
// be a valid component: a composition our own validator refuses is an encoder bug.
// Seeds: the reference tests' component binaries (scripts/fuzz.sh with
// SABLE_FUZZER=component_fuzzer).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "sable/component.h"
#include "sable/component_compose.h"
#include "sable/component_structure.h"
#include "sable/engine.h"
#include "sable/result.h"

namespace {

// Keeps the compiler from dropping reads whose results are otherwise unused.
size_t gSink = 0;

void touch(const std::vector<sable::cm::ItemType>& items, int depth) {
  for (const sable::cm::ItemType& item : items) {
    gSink += item.name.size() + item.type.size() + static_cast<size_t>(item.kind);
    gSink += std::string(sable::cm::itemKindName(item.kind)).size();
    if (depth < 64) touch(item.members, depth + 1);
  }
}

void touch(const sable::cm::StructureRef& ref) { gSink += ref.sort.size() + ref.source.size(); }

void touch(const std::vector<sable::cm::StructureInstance>& instances) {
  for (const sable::cm::StructureInstance& i : instances) {
    gSink += i.name.size() + i.argsOmitted;
    touch(i.of);
    for (const sable::cm::StructureArg& arg : i.args) touch(arg.item);
  }
}

void touch(const sable::cm::ComponentStructure& c) {
  gSink += c.name.size() + c.size + c.coreModulesOmitted + c.componentsOmitted;
  touch(c.imports, 0);
  touch(c.exports, 0);
  for (const sable::cm::StructureModule& m : c.coreModules) gSink += m.name.size() + m.size;
  touch(c.coreInstances);
  touch(c.instances);
  for (const sable::cm::ComponentStructure& child : c.components) touch(child);
}

// Wraps `component` (whose binary is `bytes`) alone in a composition; aborts if the encoded
// composition does not validate. Imports the encoder cannot re-declare are an error, not a bug.
void checkRewrap(const sable::Engine& engine, const sable::cm::Component& component,
                 std::span<const uint8_t> bytes) {
  sable::cm::CompositionPlan plan;
  plan.parts.push_back({"part", component, std::vector<uint8_t>(bytes.begin(), bytes.end())});
  for (const sable::cm::ItemType& e : component.exports())
    plan.exports.push_back({e.name, 0, e.name});
  auto out = sable::cm::encodeComposition(plan);
  if (!out) {
    gSink += out.error().message.size();
    return;
  }
  auto again = sable::cm::Component::compile(engine, *out);
  if (!again) {
    std::fprintf(stderr, "component_fuzzer: the re-wrapped component is invalid: %s\n",
                 again.error().toString().c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const sable::Engine engine(sable::EngineConfig{.generateCode = false});
  auto component = sable::cm::Component::compile(engine, std::span<const uint8_t>(data, size));
  if (!component) {
    const sable::Error& e = component.error();
    // A promise of result.h: every error says something.
    if (e.message.empty()) {
      std::fprintf(stderr, "component_fuzzer: error without a message (%s)\n",
                   sable::errorKindName(e.kind));
      std::abort();
    }
    gSink += e.message.size();
    return 0;
  }
  touch(component->imports(), 0);
  touch(component->exports(), 0);
  touch(component->structure());
  checkRewrap(engine, *component, std::span<const uint8_t>(data, size));
  return 0;
}
