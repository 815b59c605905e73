// cm::ComponentStructure: the tree of a component binary as Component::structure() gives it
// (`sable inspect` prints it): nested components and core modules with their sizes, the
// instances each component creates and what feeds each instance's imports, every part's world,
// and the names of the `component-name` section. A plain value: no handles into the component.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sable/component.h"

namespace sable::cm {

// What an instantiation argument or an inline export refers to: one entry of an index space of
// the enclosing component, resolved to names. Names are as the binary gave them: escape them
// (sable/printable.h) before printing.
struct StructureRef {
  std::string sort;    // the index space: "instance", "func", "core instance", "core func", ...
  uint32_t index = 0;  // the entry in that space
  // The entry resolved through aliases to what provides it: "import wasi:io/error@0.2.12",
  // "export example:kv/kv-store of instance store", "core instance main",
  // "lowered export get of import example:kv/kv-store". Bounded in depth: a chain deeper than
  // the resolver follows ends in "<sort> <index>".
  std::string source;
};

// One `with` argument of an instantiation, or one export of an instance made of inline exports.
struct StructureArg {
  std::string name;  // the import the argument satisfies, or the inline export's name
  StructureRef item;
};

// A component instance or core instance that a component creates.
struct StructureInstance {
  uint32_t index = 0;  // in the enclosing component's (core) instance space
  std::string name;    // from the component-name section, or ""
  // Whether it instantiates a component (a core module, for core instances) or bundles
  // inline exports.
  bool instantiates = false;
  StructureRef of;                 // instantiates: the component or core module, resolved to a name
  std::vector<StructureArg> args;  // instantiates: the `with` arguments; else the exports
  size_t argsOmitted = 0;          // arguments past the listing's caps
};

// A core module embedded in a component.
struct StructureModule {
  uint32_t index = 0;  // in the component's core module space
  std::string name;    // from the component-name section, or ""
  uint64_t size = 0;   // bytes of its encoding
  size_t imports = 0;  // how many imports it declares
  size_t exports = 0;  // how many exports it declares
};

// A component: the root or one nested in it (not an imported component: those are imports).
struct ComponentStructure {
  uint32_t index = 0;             // in the enclosing component's component space (0 for the root)
  std::string name;               // from the component-name section, or ""
  uint64_t size = 0;              // bytes of its encoding, preamble included
  std::vector<ItemType> imports;  // its world, as Component::imports() lists the root's
  std::vector<ItemType> exports;
  std::vector<StructureModule> coreModules;
  std::vector<StructureInstance> coreInstances;
  std::vector<ComponentStructure> components;  // nested components, in binary order
  std::vector<StructureInstance> instances;
  // Entries of each list past the listing's caps (too many in one list, or the whole tree's
  // budget spent): counted here, not listed.
  size_t coreModulesOmitted = 0;
  size_t coreInstancesOmitted = 0;
  size_t componentsOmitted = 0;
  size_t instancesOmitted = 0;
  // Nested deeper than the listing follows: only index, name and size are filled in.
  bool contentsOmitted = false;
};

// The caps that keep a structure (and what prints it) bounded for hostile binaries.
struct StructureLimits {
  size_t maxListEntries = 256;  // per list (modules, instances, components, arguments)
  uint32_t maxDepth = 16;       // nested components whose contents are listed
  size_t maxEntries = 20000;    // list entries in the whole tree
};

}  // namespace sable::cm
