// The component decoder's state, shared by decoder.cc (sections and definitions) and
// decode_types.cc (type and core type definitions). Internal to component/format.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "component/format/component_def.h"
#include "core/binary_reader.h"
#include "sable/engine.h"
#include "sable/module.h"

namespace sable::cm::format {

// The index spaces of one scope (a component, a component type or an instance type) as the
// decoder builds them, with the type of each entry where instantiation or later decoding needs
// it (kNoType when unknown). Outer aliases count scopes outward through `parent`.
struct Scope {
  enum class Kind : uint8_t { Component, ComponentType, InstanceType };
  Kind kind = Kind::Component;
  Scope* parent = nullptr;
  std::vector<TypeId> spaces[kSortCount];
  // ComponentType/InstanceType: the declarations collected so far.
  std::vector<ExternDecl> imports;
  std::vector<ExternDecl> exports;

  // What the core instances of this scope export (name and sort), where known while decoding
  // (instances of modules defined in this scope, inline exports), by core instance index.
  std::map<uint32_t, std::vector<std::pair<std::string, Sort>>> coreInstanceExports;
  // The modules defined in this scope, by core module index.
  std::map<uint32_t, Module> modules;

  std::vector<TypeId>& space(Sort sort) { return spaces[static_cast<size_t>(sort)]; }
};

// Decodes one binary. Errors are the reader's sticky error; helpers return early on failure.
class Decoder {
 public:
  Decoder(const Engine& engine, std::span<const uint8_t> bytes)
      : engine_(engine), bytes_(bytes), types_(std::make_shared<TypeArena>()) {}

  Result<DecodedComponent> run();

  // --- decoder.cc --------------------------------------------------------------------------
  // A component's sections from r (just past its preamble) to r's end.
  std::unique_ptr<ComponentDef> readComponentBody(BinaryReader& r, Scope* parent, uint32_t depth);
  bool readPreamble(BinaryReader& r);
  std::optional<Sort> readSort(BinaryReader& r);
  std::optional<Sort> readCoreSort(BinaryReader& r);
  ExternName readExternName(BinaryReader& r);
  // Checks `index` is in `sort`'s space of `scope` (Invalid naming both otherwise).
  bool checkIndex(BinaryReader& r, Scope& scope, Sort sort, uint32_t index, size_t at);
  TypeId typeOf(Scope& scope, Sort sort, uint32_t index) { return scope.space(sort)[index]; }

  // --- decode_types.cc ---------------------------------------------------------------------
  // A type (deftype) in `scope`; kNoType on error.
  TypeId readDefType(BinaryReader& r, Scope& scope, uint32_t depth);
  // A core type (core:deftype) in `scope`; kNoType on error.
  TypeId readCoreType(BinaryReader& r, Scope& scope, uint32_t depth);
  // A valtype: a primitive's fixed id or a defined value type of the scope.
  TypeId readValType(BinaryReader& r, Scope& scope);
  // An externtype; the descriptor has kNoType on error.
  ExternDesc readExternDesc(BinaryReader& r, Scope& scope);
  // Adds an import/export declaration's item to `scope`'s index space.
  void declareItem(Scope& scope, const ExternDesc& desc);
  // An alias (in a definition or a type declarator) resolved against `scope`; the type it
  // adds for type sorts in alias.type.
  bool readAlias(BinaryReader& r, Scope& scope, AliasDef& alias, bool inTypeScope);
  // For an alias of a core instance's export: that the instance exports `alias.name` with the
  // alias's sort, when the instance's exports are known while decoding.
  bool checkCoreExport(BinaryReader& r, Scope& scope, const AliasDef& alias, size_t at);
  // The type of the export `name` of instance type `instanceType` (nullptr: none).
  const ExternDecl* findExport(TypeId instanceType, std::string_view name) const;

  void failUnsupported(BinaryReader& r, size_t at, const std::string& feature) {
    r.fail(ErrorKind::Unsupported, at,
           feature + " is not supported (a gated Component Model feature)");
  }
  TypeArena& types() { return *types_; }
  const Engine& engine() const { return engine_; }
  std::span<const uint8_t> bytes() const { return bytes_; }

 private:
  const Engine& engine_;
  std::span<const uint8_t> bytes_;
  std::shared_ptr<TypeArena> types_;
};

}  // namespace sable::cm::format
