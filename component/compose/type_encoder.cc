// Re-encoding a part's types in a composed component (type_encoder.h). Binary.md "Type
// Definitions" gives the encodings.
#include "component/compose/type_encoder.h"

#include <string>

namespace sable::cm::compose {

using format::ExternDecl;
using format::ExternDesc;
using format::Sort;
using format::TypeDef;
using format::TypeId;
using format::TypeKind;

namespace {

constexpr uint8_t kInstanceTypeDecl = 0x01;  // instancedecl: a type
constexpr uint8_t kAliasDecl = 0x02;         // instancedecl: an alias
constexpr uint8_t kExportDecl = 0x04;        // instancedecl: an export
constexpr uint8_t kSortType = 0x03;
constexpr uint8_t kAliasOuter = 0x02;

bool isResource(TypeKind kind) {
  return kind == TypeKind::Resource || kind == TypeKind::AbstractResource;
}

Error unsupported(const std::string& what) {
  return Error{ErrorKind::Unsupported, Error::kNoOffset,
               "cannot re-declare " + what + " in a composition"};
}

}  // namespace

std::optional<ResourceRef> ResourceRefs::find(const format::TypeArena& arena, TypeId id) const {
  auto it = refs_.find({&arena, id});
  if (it == refs_.end()) return std::nullopt;
  return it->second;
}

uint32_t TypeScope::defineType(const ByteSink& deftype) {
  if (sections_) {
    ByteSink body;
    body.u32(1);
    body.raw(deftype.bytes());
    sections_->section(0x07, body);  // type section
  } else {
    decls_.u8(kInstanceTypeDecl);
    decls_.raw(deftype.bytes());
    ++declCount_;
  }
  return typeCount_++;
}

uint32_t TypeScope::declareExport(const ByteSink& decl, bool addsType) {
  decls_.u8(kExportDecl);
  decls_.raw(decl.bytes());
  ++declCount_;
  return addsType ? typeCount_++ : 0;
}

uint32_t TypeScope::aliasOuter(uint32_t depth, uint32_t index) {
  // (alias outer depth index (type)): only instance types reach out; the root has no parent.
  decls_.u8(kAliasDecl);
  decls_.u8(kSortType);
  decls_.u8(kAliasOuter);
  decls_.u32(depth);
  decls_.u32(index);
  ++declCount_;
  return typeCount_++;
}

std::optional<uint32_t> TypeScope::resourceIndex(ResourceRef ref) {
  if (auto it = resources_.find(ref); it != resources_.end()) return it->second;
  uint32_t depth = 1;
  for (TypeScope* outer = parent_; outer; outer = outer->parent_, ++depth) {
    auto it = outer->resources_.find(ref);
    if (it == outer->resources_.end()) continue;
    uint32_t index = aliasOuter(depth, it->second);
    resources_[ref] = index;
    return index;
  }
  return std::nullopt;
}

std::optional<uint32_t> TypeScope::namedTypeIndex(const format::TypeArena& arena, TypeId id) {
  uint32_t depth = 1;
  for (TypeScope* outer = parent_; outer; outer = outer->parent_, ++depth) {
    auto it = outer->named_.find({&arena, id});
    if (it == outer->named_.end()) continue;
    uint32_t index = aliasOuter(depth, it->second);
    valueTypes_[{&arena, id}] = index;
    return index;
  }
  return std::nullopt;
}

ByteSink TypeScope::instanceTypeBody() const {
  ByteSink body;
  body.u32(declCount_);
  body.raw(decls_.bytes());
  return body;
}

void writeExternName(ByteSink& out, const std::string& name) {
  out.u8(0x00);
  out.name(name);
}

ResourceRef TypeEncoder::resourceRef(TypeId id) {
  if (std::optional<ResourceRef> ref = refs_.find(arena_, id)) return *ref;
  ResourceRef ref = refs_.fresh();
  refs_.bind(arena_, id, ref);
  return ref;
}

Result<uint32_t> TypeEncoder::resourceIndex(TypeScope& scope, TypeId id) {
  std::optional<ResourceRef> ref = refs_.find(arena_, id);
  std::optional<uint32_t> index = ref ? scope.resourceIndex(*ref) : std::nullopt;
  if (!index) {
    // Cannot happen for a valid part: imports are re-declared in binary order, so a resource
    // an import refers to was declared by an earlier one.
    return Error{ErrorKind::Invalid, Error::kNoOffset,
                 "a resource type is used before the import that declares it"};
  }
  return *index;
}

Result<void> TypeEncoder::valType(TypeScope& scope, TypeId id, ByteSink& out) {
  if (id < format::kPrimitiveTypeCount) {
    out.u8(static_cast<uint8_t>(0x7f - id));
    return {};
  }
  Result<uint32_t> index = definedValueType(scope, id);
  if (!index) return index.error();
  out.s33(*index);
  return {};
}

Result<void> TypeEncoder::optionalValType(TypeScope& scope, TypeId id, ByteSink& out) {
  if (id == format::kNoType) {
    out.u8(0x00);
    return {};
  }
  out.u8(0x01);
  return valType(scope, id, out);
}

Result<void> TypeEncoder::labelledTypes(TypeScope& scope, const std::vector<format::Field>& fields,
                                        ByteSink& out) {
  out.u32(static_cast<uint32_t>(fields.size()));
  for (const format::Field& f : fields) {
    out.name(f.name);
    if (Result<void> r = valType(scope, f.type, out); !r) return r;
  }
  return {};
}

Result<uint32_t> TypeEncoder::definedValueType(TypeScope& scope, TypeId id) {
  auto known = scope.valueTypes().find({&arena_, id});
  if (known != scope.valueTypes().end()) return known->second;
  const TypeDef& t = arena_.at(id);
  ByteSink def;
  Result<void> r;
  if (id < format::kPrimitiveTypeCount) {  // a type export naming a primitive (`filesize`)
    r = valType(scope, id, def);
  } else {
    r = definedValue(scope, t, def);
  }
  if (!r) return r.error();
  uint32_t index = scope.defineType(def);
  scope.valueTypes()[{&arena_, id}] = index;
  return index;
}

Result<void> TypeEncoder::definedValue(TypeScope& scope, const TypeDef& t, ByteSink& def) {
  Result<void> r;
  switch (t.kind) {
    case TypeKind::Record:
      def.u8(0x72);
      r = labelledTypes(scope, t.fields, def);
      break;
    case TypeKind::Variant:
      def.u8(0x71);
      def.u32(static_cast<uint32_t>(t.fields.size()));
      for (const format::Field& c : t.fields) {
        def.name(c.name);
        if (r = optionalValType(scope, c.type, def); !r) break;
        def.u8(0x00);  // no `refines`
      }
      break;
    case TypeKind::List:
      def.u8(0x70);
      r = valType(scope, t.elem, def);
      break;
    case TypeKind::Tuple:
      def.u8(0x6f);
      def.u32(static_cast<uint32_t>(t.fields.size()));
      for (const format::Field& f : t.fields) {
        if (r = valType(scope, f.type, def); !r) break;
      }
      break;
    case TypeKind::Flags:
    case TypeKind::Enum:
      def.u8(t.kind == TypeKind::Flags ? 0x6e : 0x6d);
      def.u32(static_cast<uint32_t>(t.fields.size()));
      for (const format::Field& f : t.fields) def.name(f.name);
      break;
    case TypeKind::Option:
      def.u8(0x6b);
      r = valType(scope, t.elem, def);
      break;
    case TypeKind::Result:
      def.u8(0x6a);
      if (r = optionalValType(scope, t.elem, def); r) r = optionalValType(scope, t.err, def);
      break;
    case TypeKind::Own:
    case TypeKind::Borrow: {
      Result<uint32_t> resource = resourceIndex(scope, t.elem);
      if (!resource) return resource.error();
      def.u8(t.kind == TypeKind::Own ? 0x69 : 0x68);
      def.u32(*resource);
      break;
    }
    default:
      return unsupported(std::string("a ") + format::typeKindName(t.kind) + " as a value type");
  }
  return r;
}

Result<uint32_t> TypeEncoder::funcType(TypeScope& scope, TypeId id) {
  const TypeDef& t = arena_.at(id);
  ByteSink def;
  def.u8(0x40);
  if (Result<void> r = labelledTypes(scope, t.fields, def); !r) return r.error();
  if (t.result) {
    def.u8(0x00);
    if (Result<void> r = valType(scope, *t.result, def); !r) return r.error();
  } else {
    def.u8(0x01);
    def.u8(0x00);
  }
  return scope.defineType(def);
}

Result<void> TypeEncoder::exportDecl(TypeScope& inner, const ExternDecl& decl) {
  ByteSink out;
  writeExternName(out, decl.name.name);
  const ExternDesc& desc = decl.desc;
  switch (desc.sort) {
    case Sort::Func: {
      Result<uint32_t> type = funcType(inner, desc.type);
      if (!type) return type.error();
      out.u8(0x01);
      out.u32(*type);
      inner.declareExport(out, false);
      return {};
    }
    case Sort::Instance: {
      Result<uint32_t> type = instanceType(inner, desc.type);
      if (!type) return type.error();
      out.u8(0x05);
      out.u32(*type);
      inner.declareExport(out, false);
      return {};
    }
    case Sort::Type:
      break;
    default:
      return unsupported(std::string("an instance's ") + format::sortName(desc.sort) + " export `" +
                         decl.name.name + "`");
  }
  out.u8(kSortType);
  if (desc.bound == ExternDesc::Bound::SubResource) {
    out.u8(0x01);
    inner.bindResource(resourceRef(desc.type), inner.declareExport(out, true));
    return {};
  }
  bool resource = isResource(arena_.at(desc.type).kind);
  std::optional<uint32_t> used =
      resource ? std::nullopt : inner.namedTypeIndex(arena_, desc.type);  // a `use`
  Result<uint32_t> bound = resource ? resourceIndex(inner, desc.type)
                           : used   ? Result<uint32_t>(*used)
                                    : definedValueType(inner, desc.type);
  if (!bound) return bound.error();
  out.u8(0x00);
  out.u32(*bound);
  uint32_t index = inner.declareExport(out, true);
  // Later declarations refer to the exported name, as the type's own definition did.
  if (resource) {
    inner.bindResource(*refs_.find(arena_, desc.type), index);
  } else {
    inner.valueTypes()[{&arena_, desc.type}] = index;
  }
  return {};
}

Result<uint32_t> TypeEncoder::instanceType(TypeScope& scope, TypeId id) {
  const TypeDef& t = arena_.at(id);
  TypeScope inner(scope);
  for (const ExternDecl& decl : t.exports) {
    if (Result<void> r = exportDecl(inner, decl); !r) return r.error();
  }
  ByteSink def;
  def.u8(0x42);
  def.raw(inner.instanceTypeBody().bytes());
  return scope.defineType(def);
}

}  // namespace sable::cm::compose
