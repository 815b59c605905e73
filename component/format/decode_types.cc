// Type definitions (Binary.md "Type Definitions"): value, function, component, instance and
// resource types, core function and module types, externtypes and aliases.
#include <string>

#include "component/format/decoder.h"
#include "component/format/decoder_impl.h"
#include "component/format/resource_refs.h"

namespace sable::cm::format {
namespace {

std::string hexByte(uint8_t b) {
  static const char* kDigits = "0123456789abcdef";
  std::string s = "0x";
  if (b >= 16) s += kDigits[b >> 4];
  s += kDigits[b & 15];
  return s;
}

void failLeadingByte(BinaryReader& r, size_t at, uint8_t b, const char* what) {
  r.fail(ErrorKind::Malformed, at,
         "invalid leading byte (" + hexByte(b) + ") for " + std::string(what));
}

bool isValueTypeKind(TypeKind kind) {
  return static_cast<uint8_t>(kind) <= static_cast<uint8_t>(TypeKind::Borrow);
}

bool isResourceKind(TypeKind kind) {
  return kind == TypeKind::Resource || kind == TypeKind::AbstractResource;
}

// Whether walking `count` scopes out of `scope` leaves a component (not just a type declarator):
// outer aliases that do may not refer to resources.
bool crossesComponent(const Scope& scope, uint32_t count) {
  const Scope* s = &scope;
  for (uint32_t c = 0; c < count && s; ++c, s = s->parent) {
    if (s->kind == Scope::Kind::Component) return true;
  }
  return false;
}

// The gated value type opcodes, named for the Unsupported message.
const char* gatedValTypeName(uint8_t b) {
  switch (b) {
    case 0x67:
      return "fixed-length lists (list<T, N>)";
    case 0x66:
      return "stream types";
    case 0x65:
      return "future types";
    case 0x64:
      return "error-context types";
    case 0x63:
      return "map types";
    case 0x43:
      return "async function types";
    default:
      return nullptr;
  }
}

// A core value type (numbers, v128, funcref, externref).
bool readCoreValType(Decoder& d, BinaryReader& r, ValType& out) {
  size_t at = r.offset();
  uint8_t b = r.readU8();
  switch (b) {
    case 0x7f:
    case 0x7e:
    case 0x7d:
    case 0x7c:
    case 0x7b:
    case 0x70:
    case 0x6f:
      out = static_cast<ValType>(b);
      return true;
    case 0x63:
    case 0x64:
      d.failUnsupported(r, at, "typed function references and GC types in core types");
      return false;
    default:
      if (r.ok()) failLeadingByte(r, at, b, "core value type");
      return false;
  }
}

// The most pages a 32-bit memory may declare (core spec "Memory Types": 2^16 pages, 4 GiB).
constexpr uint64_t kMaxMemory32Pages = uint64_t{1} << 16;

// Limits of a table or memory. Memories' 32-bit page counts are bounded as in core validation.
void readLimits(BinaryReader& r, bool memory) {
  size_t at = r.offset();
  uint8_t flags = r.readU8();
  if (flags > 7) {
    failLeadingByte(r, at, flags, "limits");
    return;
  }
  bool is64 = flags & 4;
  if (is64) {
    r.readU64Leb();
    if (flags & 1) r.readU64Leb();
    return;
  }
  uint64_t min = r.readU32Leb();
  uint64_t max = (flags & 1) ? r.readU32Leb() : 0;
  if (r.ok() && memory && (min > kMaxMemory32Pages || max > kMaxMemory32Pages)) {
    r.fail(ErrorKind::Invalid, at, "memory size must be at most 65536 pages (4GiB)");
  }
}

}  // namespace

const ExternDecl* Decoder::findExport(TypeId instanceType, std::string_view name) const {
  if (instanceType == kNoType) return nullptr;
  for (const ExternDecl& e : types_->at(instanceType).exports) {
    if (e.name.name == name) return &e;
  }
  return nullptr;
}

TypeId Decoder::readValType(BinaryReader& r, Scope& scope) {
  size_t at = r.offset();
  int64_t v = r.readS33Leb();
  if (!r.ok()) return kNoType;
  if (v < 0) {
    if (v < -64) {
      r.fail(ErrorKind::Malformed, at, "invalid value type");
      return kNoType;
    }
    auto b = static_cast<uint8_t>(v + 0x80);
    if (b >= 0x73) return static_cast<TypeId>(0x7f - b);
    if (const char* gated = gatedValTypeName(b)) {
      failUnsupported(r, at, gated);
      return kNoType;
    }
    failLeadingByte(r, at, b, "value type");
    return kNoType;
  }
  auto index = static_cast<uint32_t>(v);
  if (!checkIndex(r, scope, Sort::Type, index, at)) return kNoType;
  TypeId id = typeOf(scope, Sort::Type, index);
  if (id == kNoType || !isValueTypeKind(types_->at(id).kind)) {
    r.fail(ErrorKind::Invalid, at,
           "type index " + std::to_string(index) + " is not a defined type");
    return kNoType;
  }
  return id;
}

namespace {

// The labelled value types of a record or parameter list.
std::vector<Field> readLabelledTypes(Decoder& d, BinaryReader& r, Scope& scope) {
  std::vector<Field> fields;
  uint32_t n = r.readCount("fields", kMaxItemsPerVector, 2);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    Field f;
    f.name = r.readName();
    f.type = d.readValType(r, scope);
    fields.push_back(std::move(f));
  }
  return fields;
}

std::vector<Field> readLabels(BinaryReader& r) {
  std::vector<Field> fields;
  uint32_t n = r.readCount("labels", kMaxItemsPerVector, 1);
  for (uint32_t i = 0; i < n && r.ok(); ++i) fields.push_back(Field{r.readName(), kNoType});
  return fields;
}

// <T>?: 0x00 absent, 0x01 present.
bool readPresence(BinaryReader& r, const char* what) {
  size_t at = r.offset();
  uint8_t b = r.readU8();
  if (b > 1 && r.ok()) failLeadingByte(r, at, b, what);
  return b == 1;
}

}  // namespace

namespace {

TypeId readVariant(Decoder& d, BinaryReader& r, Scope& scope, TypeDef& def) {
  uint32_t n = r.readCount("cases", kMaxItemsPerVector, 3);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    Field c;
    c.name = r.readName();
    if (readPresence(r, "variant case type")) c.type = d.readValType(r, scope);
    size_t at = r.offset();
    uint8_t refines = r.readU8();
    if (refines != 0 && r.ok()) failLeadingByte(r, at, refines, "variant case refinement");
    def.fields.push_back(std::move(c));
  }
  if (r.ok() && def.fields.empty())
    r.fail(ErrorKind::Invalid, def.offset, "variant type must have at least one case");
  return r.ok() ? d.types().add(std::move(def)) : kNoType;
}

TypeId readFuncType(Decoder& d, BinaryReader& r, Scope& scope, TypeDef& def) {
  def.kind = TypeKind::Func;
  def.fields = readLabelledTypes(d, r, scope);
  size_t at = r.offset();
  uint8_t b = r.readU8();
  if (b == 0x00) {
    def.result = d.readValType(r, scope);
  } else if (b == 0x01) {
    size_t at2 = r.offset();
    uint8_t zero = r.readU8();
    if (zero != 0 && r.ok()) failLeadingByte(r, at2, zero, "component function results");
  } else if (r.ok()) {
    failLeadingByte(r, at, b, "component function results");
  }
  return r.ok() ? d.types().add(std::move(def)) : kNoType;
}

TypeId readResourceType(Decoder& d, BinaryReader& r, Scope& scope, TypeDef& def) {
  def.kind = TypeKind::Resource;
  size_t at = r.offset();
  uint8_t rep = r.readU8();
  if (rep != 0x7f && r.ok()) {
    r.fail(ErrorKind::Invalid, at, "resources can only be represented by `i32`");
    return kNoType;
  }
  if (scope.kind != Scope::Kind::Component && r.ok()) {
    r.fail(ErrorKind::Invalid, def.offset,
           "resources can only be defined within a concrete component");
    return kNoType;
  }
  if (readPresence(r, "resource destructor")) {
    size_t fat = r.offset();
    uint32_t f = r.readU32Leb();
    if (!d.checkIndex(r, scope, Sort::CoreFunc, f, fat)) return kNoType;
    def.dtor = f;
  }
  return r.ok() ? d.types().add(std::move(def)) : kNoType;
}

// The declarators of a component type (imports allowed) or an instance type.
TypeId readTypeDecls(Decoder& d, BinaryReader& r, Scope& outer, TypeDef& def, uint32_t depth) {
  bool component = def.kind == TypeKind::Component;
  Scope scope;
  scope.kind = component ? Scope::Kind::ComponentType : Scope::Kind::InstanceType;
  scope.parent = &outer;
  uint32_t n = r.readCount("declarations", kMaxItemsPerVector, 2);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    size_t at = r.offset();
    uint8_t b = r.readU8();
    if (b == 0x03 && component) {
      ExternDecl decl{d.readExternName(r), {}};
      decl.desc = d.readExternDesc(r, scope);
      if (!r.ok()) break;
      d.declareItem(scope, decl.desc);
      scope.imports.push_back(std::move(decl));
    } else if (b == 0x00) {
      TypeId t = d.readCoreType(r, scope, depth + 1);
      scope.space(Sort::CoreType).push_back(t);
    } else if (b == 0x01) {
      TypeId t = d.readDefType(r, scope, depth + 1);
      scope.space(Sort::Type).push_back(t);
    } else if (b == 0x02) {
      AliasDef alias;
      alias.offset = at;
      if (!d.readAlias(r, scope, alias, true)) break;
      scope.space(alias.sort).push_back(alias.type);
    } else if (b == 0x04) {
      ExternDecl decl{d.readExternName(r), {}};
      decl.desc = d.readExternDesc(r, scope);
      if (!r.ok()) break;
      d.declareItem(scope, decl.desc);
      scope.exports.push_back(std::move(decl));
    } else if (r.ok()) {
      failLeadingByte(r, at, b,
                      component ? "component type declaration" : "instance type declaration");
    }
  }
  if (!r.ok()) return kNoType;
  def.imports = std::move(scope.imports);
  def.exports = std::move(scope.exports);
  return d.types().add(std::move(def));
}

}  // namespace

TypeId Decoder::readDefType(BinaryReader& r, Scope& scope, uint32_t depth) {
  size_t at = r.offset();
  if (depth > kMaxNestingDepth) {
    r.fail(ErrorKind::Limit, at,
           "types nested too deeply (limit " + std::to_string(kMaxNestingDepth) + ")");
    return kNoType;
  }
  uint8_t b = r.peekU8();
  if (b >= 0x73 && b <= 0x7f) return readValType(r, scope);
  r.readU8();
  if (!r.ok()) return kNoType;
  TypeDef def;
  def.offset = at;
  switch (b) {
    case 0x72: {
      def.kind = TypeKind::Record;
      def.fields = readLabelledTypes(*this, r, scope);
      if (r.ok() && def.fields.empty())
        r.fail(ErrorKind::Invalid, at, "record type must have at least one field");
      break;
    }
    case 0x71:
      def.kind = TypeKind::Variant;
      return readVariant(*this, r, scope, def);
    case 0x70:
      def.kind = TypeKind::List;
      def.elem = readValType(r, scope);
      break;
    case 0x6f: {
      def.kind = TypeKind::Tuple;
      uint32_t n = r.readCount("tuple elements", kMaxItemsPerVector, 1);
      for (uint32_t i = 0; i < n && r.ok(); ++i)
        def.fields.push_back(Field{"", readValType(r, scope)});
      if (r.ok() && def.fields.empty())
        r.fail(ErrorKind::Invalid, at, "tuple type must have at least one type");
      break;
    }
    case 0x6e:
      def.kind = TypeKind::Flags;
      def.fields = readLabels(r);
      if (r.ok() && def.fields.empty())
        r.fail(ErrorKind::Invalid, at, "flags must have at least one entry");
      if (r.ok() && def.fields.size() > 32)
        r.fail(ErrorKind::Invalid, at, "cannot have more than 32 flags");
      break;
    case 0x6d:
      def.kind = TypeKind::Enum;
      def.fields = readLabels(r);
      if (r.ok() && def.fields.empty())
        r.fail(ErrorKind::Invalid, at, "enum type must have at least one variant");
      break;
    case 0x6b:
      def.kind = TypeKind::Option;
      def.elem = readValType(r, scope);
      break;
    case 0x6a:
      def.kind = TypeKind::Result;
      if (readPresence(r, "result ok type")) def.elem = readValType(r, scope);
      if (readPresence(r, "result error type")) def.err = readValType(r, scope);
      break;
    case 0x69:
    case 0x68: {
      def.kind = b == 0x69 ? TypeKind::Own : TypeKind::Borrow;
      size_t iat = r.offset();
      uint32_t index = r.readU32Leb();
      if (!checkIndex(r, scope, Sort::Type, index, iat)) return kNoType;
      def.elem = typeOf(scope, Sort::Type, index);
      if (def.elem == kNoType || !isResourceKind(types_->at(def.elem).kind)) {
        r.fail(ErrorKind::Invalid, iat,
               "type index " + std::to_string(index) + " is not a resource type");
      }
      break;
    }
    case 0x40:
      return readFuncType(*this, r, scope, def);
    case 0x41:
      def.kind = TypeKind::Component;
      return readTypeDecls(*this, r, scope, def, depth);
    case 0x42:
      def.kind = TypeKind::Instance;
      return readTypeDecls(*this, r, scope, def, depth);
    case 0x3f:
      return readResourceType(*this, r, scope, def);
    default:
      if (const char* gated = gatedValTypeName(b)) {
        failUnsupported(r, at, gated);
      } else {
        failLeadingByte(r, at, b, "component defined type");
      }
      return kNoType;
  }
  return r.ok() ? types_->add(std::move(def)) : kNoType;
}

namespace {

// A core externtype inside a module type: kinds and (for functions) the type index checked.
bool readCoreExternType(Decoder& d, BinaryReader& r, const std::vector<TypeId>& coreTypes,
                        CoreExternDecl& decl) {
  size_t at = r.offset();
  uint8_t b = r.readU8();
  switch (b) {
    case 0x00: {
      size_t iat = r.offset();
      decl.kind = ExternKind::Func;
      decl.funcType = r.readU32Leb();
      if (r.ok() && (decl.funcType >= coreTypes.size() || coreTypes[decl.funcType] == kNoType ||
                     d.types().at(coreTypes[decl.funcType]).kind != TypeKind::CoreFunc)) {
        r.fail(ErrorKind::Invalid, iat,
               "type index " + std::to_string(decl.funcType) + " is not a function type");
      }
      return r.ok();
    }
    case 0x01: {
      decl.kind = ExternKind::Table;
      ValType t;
      if (!readCoreValType(d, r, t)) return false;
      readLimits(r, false);
      return r.ok();
    }
    case 0x02:
      decl.kind = ExternKind::Memory;
      readLimits(r, true);
      return r.ok();
    case 0x03: {
      decl.kind = ExternKind::Global;
      ValType t;
      if (!readCoreValType(d, r, t)) return false;
      size_t mat = r.offset();
      uint8_t mut = r.readU8();
      if (mut > 1 && r.ok()) failLeadingByte(r, mat, mut, "global mutability");
      return r.ok();
    }
    case 0x04:
      d.failUnsupported(r, at, "exception tags in core module types");
      return false;
    default:
      if (r.ok()) failLeadingByte(r, at, b, "core external type");
      return false;
  }
}

TypeId readCoreFuncType(Decoder& d, BinaryReader& r, size_t at) {
  std::vector<ValType> params, results;
  uint32_t np = r.readCount("parameters", 1000, 1);
  for (uint32_t i = 0; i < np && r.ok(); ++i) {
    ValType t;
    if (readCoreValType(d, r, t)) params.push_back(t);
  }
  uint32_t nr = r.readCount("results", 1000, 1);
  for (uint32_t i = 0; i < nr && r.ok(); ++i) {
    ValType t;
    if (readCoreValType(d, r, t)) results.push_back(t);
  }
  if (!r.ok()) return kNoType;
  TypeDef def;
  def.kind = TypeKind::CoreFunc;
  def.offset = at;
  def.coreFunc = FuncType(params, results);
  return d.types().add(std::move(def));
}

}  // namespace

TypeId Decoder::readCoreType(BinaryReader& r, Scope& scope, uint32_t depth) {
  size_t at = r.offset();
  uint8_t b = r.readU8();
  if (!r.ok()) return kNoType;
  if (b == 0x60) return readCoreFuncType(*this, r, at);
  if (b != 0x50) {
    if (b == 0x4e || b == 0x4f || b == 0x00 || b == 0x5f || b == 0x5e) {
      failUnsupported(r, at, "GC types (rec, sub, struct, array) in core types");
    } else {
      failLeadingByte(r, at, b, "core type");
    }
    return kNoType;
  }
  if (depth > kMaxNestingDepth) {
    r.fail(ErrorKind::Limit, at, "types nested too deeply");
    return kNoType;
  }
  // A module type: its own core type space; outer aliases reach `scope` and beyond.
  std::vector<TypeId> local;
  TypeDef def;
  def.kind = TypeKind::CoreModule;
  def.offset = at;
  uint32_t n = r.readCount("module type declarations", kMaxItemsPerVector, 2);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    size_t dat = r.offset();
    uint8_t k = r.readU8();
    if (k == 0x00) {
      CoreExternDecl decl;
      decl.module = r.readName();
      decl.name = r.readName();
      if (readCoreExternType(*this, r, local, decl)) def.coreImports.push_back(std::move(decl));
    } else if (k == 0x01) {
      size_t tat = r.offset();
      if (r.peekU8() == 0x50) {
        r.fail(ErrorKind::Invalid, tat, "a module type cannot declare a module type");
        break;
      }
      local.push_back(readCoreType(r, scope, depth + 1));
    } else if (k == 0x02) {
      size_t sat = r.offset();
      uint8_t sort = r.readU8();
      uint8_t target = r.readU8();
      if ((sort != 0x10 || target != 0x01) && r.ok()) {
        failLeadingByte(r, sat, sort, "core module type alias");
        break;
      }
      uint32_t count = r.readU32Leb();
      size_t iat = r.offset();
      uint32_t index = r.readU32Leb();
      if (!r.ok()) break;
      if (count == 0) {
        if (index >= local.size()) {
          r.fail(ErrorKind::Invalid, iat, "type index out of bounds");
          break;
        }
        local.push_back(local[index]);
        continue;
      }
      Scope* target_scope = &scope;
      for (uint32_t c = 1; c < count && target_scope; ++c) target_scope = target_scope->parent;
      if (!target_scope) {
        r.fail(ErrorKind::Invalid, iat, "invalid outer alias count of " + std::to_string(count));
        break;
      }
      if (!checkIndex(r, *target_scope, Sort::CoreType, index, iat)) break;
      local.push_back(typeOf(*target_scope, Sort::CoreType, index));
    } else if (k == 0x03) {
      CoreExternDecl decl;
      decl.name = r.readName();
      if (readCoreExternType(*this, r, local, decl)) def.coreExports.push_back(std::move(decl));
    } else if (r.ok()) {
      failLeadingByte(r, dat, k, "module type declaration");
    }
  }
  return r.ok() ? types_->add(std::move(def)) : kNoType;
}

ExternDesc Decoder::readExternDesc(BinaryReader& r, Scope& scope) {
  ExternDesc desc;
  size_t at = r.offset();
  uint8_t b = r.readU8();
  auto typed = [&](Sort sort, Sort space, TypeKind want, const char* what) {
    desc.sort = sort;
    size_t iat = r.offset();
    uint32_t index = r.readU32Leb();
    if (!checkIndex(r, scope, space, index, iat)) return;
    TypeId t = typeOf(scope, space, index);
    if (t == kNoType || types_->at(t).kind != want) {
      r.fail(ErrorKind::Invalid, iat,
             "type index " + std::to_string(index) + " is not a " + what + " type");
      return;
    }
    desc.type = t;
  };
  switch (b) {
    case 0x00: {
      size_t kat = r.offset();
      uint8_t k = r.readU8();
      if (k != 0x11) {
        if (r.ok()) failLeadingByte(r, kat, k, "core module external type");
        break;
      }
      typed(Sort::CoreModule, Sort::CoreType, TypeKind::CoreModule, "module");
      break;
    }
    case 0x01:
      typed(Sort::Func, Sort::Type, TypeKind::Func, "function");
      break;
    case 0x02:
      failUnsupported(r, at, "value imports and exports (🪙)");
      break;
    case 0x03: {
      desc.sort = Sort::Type;
      size_t bat = r.offset();
      uint8_t bound = r.readU8();
      if (bound == 0x00) {
        size_t iat = r.offset();
        uint32_t index = r.readU32Leb();
        if (checkIndex(r, scope, Sort::Type, index, iat))
          desc.type = typeOf(scope, Sort::Type, index);
      } else if (bound == 0x01) {
        desc.bound = ExternDesc::Bound::SubResource;
        TypeDef def;
        def.kind = TypeKind::AbstractResource;
        def.offset = at;
        desc.type = types_->add(std::move(def));
      } else if (r.ok()) {
        failLeadingByte(r, bat, bound, "type bound");
      }
      break;
    }
    case 0x04:
      typed(Sort::Component, Sort::Type, TypeKind::Component, "component");
      break;
    case 0x05:
      typed(Sort::Instance, Sort::Type, TypeKind::Instance, "instance");
      break;
    default:
      if (r.ok()) failLeadingByte(r, at, b, "external type");
  }
  if (!r.ok()) desc.type = kNoType;
  return desc;
}

void Decoder::declareItem(Scope& scope, const ExternDesc& desc) {
  scope.space(desc.sort).push_back(desc.type);
}

bool Decoder::checkCoreExport(BinaryReader& r, Scope& scope, const AliasDef& alias, size_t at) {
  auto it = scope.coreInstanceExports.find(alias.instance);
  if (it == scope.coreInstanceExports.end()) return true;  // known only at instantiation
  for (const auto& [name, sort] : it->second) {
    if (name != alias.name) continue;
    if (sort == alias.sort) return true;
    r.fail(ErrorKind::Invalid, at,
           "export `" + alias.name + "` for core instance " + std::to_string(alias.instance) +
               " is not a " + std::string(sortName(alias.sort)).substr(5));
    return false;
  }
  r.fail(ErrorKind::Invalid, at,
         "core instance " + std::to_string(alias.instance) + " has no export named `" + alias.name +
             "`");
  return false;
}

bool Decoder::readAlias(BinaryReader& r, Scope& scope, AliasDef& alias, bool inTypeScope) {
  std::optional<Sort> sort = readSort(r);
  if (!sort) return false;
  alias.sort = *sort;
  size_t at = r.offset();
  uint8_t target = r.readU8();
  if (!r.ok()) return false;
  if (target == 0x00 || target == 0x01) {
    bool core = target == 0x01;
    alias.target = core ? AliasDef::Target::CoreInstanceExport : AliasDef::Target::InstanceExport;
    size_t iat = r.offset();
    alias.instance = r.readU32Leb();
    alias.name = r.readName();
    if (!r.ok()) return false;
    // Core instances export core items; component instances export component items and core
    // modules.
    bool fromCore = static_cast<uint8_t>(*sort) <= static_cast<uint8_t>(Sort::CoreTag);
    bool fromComponent = *sort == Sort::CoreModule ||
                         static_cast<uint8_t>(*sort) >= static_cast<uint8_t>(Sort::Func);
    if (core ? !fromCore : !fromComponent) {
      r.fail(ErrorKind::Invalid, at,
             std::string("cannot alias a ") + sortName(*sort) + " from a " +
                 (core ? "core instance" : "component instance"));
      return false;
    }
    if (inTypeScope && *sort != Sort::Type && *sort != Sort::Instance) {
      r.fail(ErrorKind::Invalid, at,
             std::string("aliases in types may only refer to types or instances, not ") +
                 sortName(*sort));
      return false;
    }
    Sort space = core ? Sort::CoreInstance : Sort::Instance;
    if (!checkIndex(r, scope, space, alias.instance, iat)) return false;
    if (core) return checkCoreExport(r, scope, alias, iat);
    TypeId instanceType = typeOf(scope, Sort::Instance, alias.instance);
    if (instanceType == kNoType) return true;  // known only at instantiation
    const ExternDecl* e = findExport(instanceType, alias.name);
    if (!e) {
      r.fail(ErrorKind::Invalid, iat,
             "instance " + std::to_string(alias.instance) + " has no export named `" + alias.name +
                 "`");
      return false;
    }
    if (e->desc.sort != *sort) {
      r.fail(ErrorKind::Invalid, iat,
             "export `" + alias.name + "` of instance " + std::to_string(alias.instance) +
                 " is a " + sortName(e->desc.sort) + ", not a " + sortName(*sort));
      return false;
    }
    alias.type = e->desc.type;
    return true;
  }
  if (target != 0x02) {
    failLeadingByte(r, at, target, "alias");
    return false;
  }
  alias.target = AliasDef::Target::Outer;
  if (*sort != Sort::CoreModule && *sort != Sort::CoreType && *sort != Sort::Type &&
      *sort != Sort::Component) {
    r.fail(ErrorKind::Malformed, at,
           std::string("invalid leading byte for component outer alias kind (") + sortName(*sort) +
               ")");
    return false;
  }
  size_t cat = r.offset();
  alias.outerCount = r.readU32Leb();
  size_t iat = r.offset();
  alias.outerIndex = r.readU32Leb();
  if (!r.ok()) return false;
  Scope* target_scope = &scope;
  for (uint32_t c = 0; c < alias.outerCount && target_scope; ++c)
    target_scope = target_scope->parent;
  if (!target_scope) {
    r.fail(ErrorKind::Invalid, cat,
           "invalid outer alias count of " + std::to_string(alias.outerCount));
    return false;
  }
  if (inTypeScope && *sort != Sort::Type && *sort != Sort::CoreType) {
    // Binary.md: aliases in component and instance types may only refer to types or instances.
    r.fail(ErrorKind::Invalid, at,
           std::string("outer aliases in types may only refer to types or instances, not ") +
               sortName(*sort));
    return false;
  }
  if (!checkIndex(r, *target_scope, *sort, alias.outerIndex, iat)) return false;
  alias.type = typeOf(*target_scope, *sort, alias.outerIndex);
  if (*sort == Sort::Type && crossesComponent(scope, alias.outerCount) &&
      refersToForeignResources(*types_, alias.type)) {
    r.fail(ErrorKind::Invalid, at,
           "cannot alias outer type which transitively refers to resources not defined in the "
           "current component");
    return false;
  }
  return true;
}

}  // namespace sable::cm::format
