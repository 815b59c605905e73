// cm::Component: a decoded, validated and compiled component binary (the Component Model).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sable/engine.h"
#include "sable/result.h"

namespace sable::cm {

// True when `bytes` start with a component preamble (magic, then version 0x0d and layer 1 in
// bytes 4..7), so tools can dispatch between components and core modules.
bool isComponentBinary(std::span<const uint8_t> bytes);

struct ComponentStructure;
struct StructureLimits;

// The kinds of things a component imports and exports.
enum class ItemKind : uint8_t { CoreModule, Func, Value, Type, Component, Instance };

// "core module", "func", "value", "type", "component" or "instance".
const char* itemKindName(ItemKind kind);

// A view of one import or export: its name, kind and type. `type` is the type in WIT-like text
// ("func(key: string) -> option<string>", "resource", "instance"); an instance or component
// lists its own exports (and a component its imports) as members.
struct ItemType {
  std::string name;  // as the binary gave it: escape it (sable/printable.h) before printing
  ItemKind kind = ItemKind::Func;
  std::string type;
  std::vector<ItemType> members;
};

// A decoded, validated and compiled component, shareable between stores and threads (a cheap
// handle: copies share everything). Its embedded core modules are compiled once, here.
class Component {
 public:
  // Decodes `bytes` (copied as needed), validates them and compiles the embedded core modules
  // with `engine`. Errors: Malformed (not a component binary, bad encoding) or Invalid, with
  // the byte offset; Unsupported naming a gated feature (async, stream, future,
  // error-context, threads, map, fixed-length lists, values, start); Limit for nesting too deep.
  static Result<Component> compile(const Engine& engine, std::span<const uint8_t> bytes);

  // What the component imports, in binary order.
  std::vector<ItemType> imports() const;
  // What the component exports, in binary order.
  std::vector<ItemType> exports() const;
  // The component's world in WIT (WIT.md): a package-less `world root { ... }` with its
  // imports and exports, then the definitions of the interfaces it names, types included
  // (`sable wit` prints it).
  std::string witText() const;
  // The component's tree: nested components and core modules with their sizes, the instances
  // each creates with what feeds their imports (aliases resolved to names), each part's
  // imports and exports, and the component-name section's names. Lists longer than `limits`
  // allow are cut, with the count of what was left out. The types are in
  // sable/component_structure.h (include it to call these).
  ComponentStructure structure() const;
  // The same with caps of the caller's choosing.
  ComponentStructure structure(const StructureLimits& limits) const;
  // The engine the component was compiled for.
  const Engine& engine() const;

  // The implementation (defined in component/component_impl.h).
  struct Impl;

 private:
  friend struct ComponentAccess;  // the component layer's way in (component/component_impl.h)
  explicit Component(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

  std::shared_ptr<const Impl> impl_;
};

}  // namespace sable::cm
