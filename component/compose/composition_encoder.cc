// encodeComposition (sable/component_compose.h): the composed binary has the shape wac's
// encoder gives (design/components.md §10): the parts as nested components, byte for byte;
// then, per part in instantiation order, the root imports it is the first to need (types
// re-encoded by type_encoder.h), the aliases of its providers' exports, and its instance; then
// the re-exports and a component-name section naming each part.
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "component/component_impl.h"
#include "component/compose/byte_sink.h"
#include "component/compose/type_encoder.h"
#include "component/compose/type_equality.h"
#include "sable/component_compose.h"

namespace sable::cm {
namespace {

using compose::ByteSink;
using compose::TypeEncoder;
using compose::TypeScope;
using format::ExternDecl;
using format::ExternDesc;
using format::Sort;

constexpr uint8_t kSectionCustom = 0, kSectionComponent = 4, kSectionInstance = 5,
                  kSectionAlias = 6, kSectionImport = 10, kSectionExport = 11;

// The byte a sort is written as (Binary.md `sort`), for the component-level sorts.
std::optional<uint8_t> sortByte(Sort sort) {
  switch (sort) {
    case Sort::Func:
      return 0x01;
    case Sort::Type:
      return 0x03;
    case Sort::Component:
      return 0x04;
    case Sort::Instance:
      return 0x05;
    default:
      return std::nullopt;
  }
}

bool isResourceKind(format::TypeKind kind) {
  return kind == format::TypeKind::Resource || kind == format::TypeKind::AbstractResource;
}

// Records, variants, enums and flags: the value types an interface names for others to `use`.
bool isNamedValueType(format::TypeKind kind) {
  return format::isNominal(kind) && kind != format::TypeKind::Resource &&
         kind != format::TypeKind::AbstractResource;
}

Error planError(const std::string& message) {
  return Error{ErrorKind::Invalid, Error::kNoOffset, message};
}

// One part, as the encoder reads it.
struct PartView {
  const CompositionPart* part;
  const format::TypeArena* arena;
  const format::ComponentDef* def;

  const std::vector<ExternDecl>& exports() const { return arena->at(def->type).exports; }
  const format::ImportDef* findImport(const std::string& name) const {
    for (const format::ImportDef& i : def->imports)
      if (i.name.name == name) return &i;
    return nullptr;
  }
  const ExternDecl* findExport(const std::string& name) const {
    for (const ExternDecl& e : exports())
      if (e.name.name == name) return &e;
    return nullptr;
  }
};

// An import re-declared at the root: the first part that needed it and its index.
struct RootImport {
  size_t part;
  ExternDesc desc;
  uint32_t index;
};

class CompositionWriter {
 public:
  explicit CompositionWriter(const CompositionPlan& plan) : plan_(plan), root_(body_) {
    for (const CompositionPart& p : plan.parts) {
      const Component::Impl& impl = ComponentAccess::impl(p.component);
      parts_.push_back(PartView{&p, impl.decoded.types.get(), impl.decoded.root.get()});
    }
  }

  Result<std::vector<uint8_t>> write() {
    if (Result<void> r = checkPlan(); !r) return r.error();
    Result<std::vector<size_t>> order = instantiationOrder();
    if (!order) return order.error();
    for (const CompositionPart& p : plan_.parts) embed(p);
    componentCount_ = static_cast<uint32_t>(parts_.size());
    instanceOf_.assign(parts_.size(), 0);
    for (size_t i : *order) {
      if (Result<void> r = instantiate(i); !r) return r.error();
    }
    for (const CompositionExport& e : plan_.exports) {
      if (Result<void> r = exportItem(e); !r) return r.error();
    }
    writeNames();
    ByteSink out;
    for (uint8_t b : {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00}) out.u8(b);
    out.raw(body_.bytes());
    return out.take();
  }

 private:
  std::string partName(size_t i) const {
    return plan_.parts[i].name.empty() ? "part " + std::to_string(i) : plan_.parts[i].name;
  }

  // Every link and export names a part and an item it has, with matching sorts.
  Result<void> checkPlan() const {
    std::set<std::pair<size_t, std::string>> linked;
    for (const CompositionLink& l : plan_.links) {
      if (l.consumer >= parts_.size() || l.provider >= parts_.size())
        return planError("a link names a part that does not exist");
      const format::ImportDef* in = parts_[l.consumer].findImport(l.importName);
      if (!in) return planError(partName(l.consumer) + " has no import `" + l.importName + "`");
      const ExternDecl* out = parts_[l.provider].findExport(l.exportName);
      if (!out) return planError(partName(l.provider) + " has no export `" + l.exportName + "`");
      if (in->desc.sort != out->desc.sort)
        return planError(partName(l.provider) + "'s export `" + l.exportName + "` is a " +
                         format::sortName(out->desc.sort) + ", but " + partName(l.consumer) +
                         " imports `" + l.importName + "` as a " + format::sortName(in->desc.sort));
      if (!linked.insert({l.consumer, l.importName}).second)
        return planError(partName(l.consumer) + "'s import `" + l.importName + "` is linked twice");
    }
    std::set<std::string> names;
    for (const CompositionExport& e : plan_.exports) {
      if (e.part >= parts_.size()) return planError("an export names a part that does not exist");
      const ExternDecl* item = parts_[e.part].findExport(e.exportName);
      if (!item) return planError(partName(e.part) + " has no export `" + e.exportName + "`");
      if (!sortByte(item->desc.sort))
        return Error{ErrorKind::Unsupported, Error::kNoOffset,
                     std::string("cannot re-export a ") + format::sortName(item->desc.sort)};
      if (!names.insert(e.name).second) return planError("`" + e.name + "` is exported twice");
    }
    return {};
  }

  // The parts, each after the parts that feed it (depth first, in plan order otherwise).
  Result<std::vector<size_t>> instantiationOrder() const {
    std::vector<int> state(parts_.size(), 0);  // 0 new, 1 on the path, 2 placed
    std::vector<size_t> order;
    std::function<Result<void>(size_t)> visit = [&](size_t i) -> Result<void> {
      if (state[i] == 2) return {};
      if (state[i] == 1) return planError("the links form a cycle through " + partName(i));
      state[i] = 1;
      for (const CompositionLink& l : plan_.links) {
        if (l.consumer != i) continue;
        if (Result<void> r = visit(l.provider); !r) return r;
      }
      state[i] = 2;
      order.push_back(i);
      return {};
    };
    for (size_t i = 0; i < parts_.size(); ++i) {
      if (Result<void> r = visit(i); !r) return r.error();
    }
    return order;
  }

  void embed(const CompositionPart& p) {
    ByteSink bytes;
    bytes.raw(p.bytes);
    body_.section(kSectionComponent, bytes);
  }

  // (alias export instance "name" (sort)): returns the new index in `sort`'s space.
  uint32_t aliasExport(uint32_t instance, const std::string& name, Sort sort) {
    ByteSink alias;
    alias.u32(1);
    alias.u8(*sortByte(sort));
    alias.u8(0x00);
    alias.u32(instance);
    alias.name(name);
    body_.section(kSectionAlias, alias);
    return nextIndex(sort);
  }

  uint32_t nextIndex(Sort sort) {
    switch (sort) {
      case Sort::Func:
        return funcCount_++;
      case Sort::Instance:
        return instanceCount_++;
      case Sort::Type:
        return root_.addRootTypeIndex();
      default:
        return componentCount_++;
    }
  }

  // Binds the resources `type` (an instance type of part `p`) declares to the root aliases of
  // instance `instance`'s exports of the same names; with `named`, also the records, variants,
  // enums and flags it exports, so that later imports `use` them and later exports name them.
  void bindInstanceTypes(const PartView& p, format::TypeId type, uint32_t instance, bool named) {
    TypeEncoder encoder(*p.arena, refs_);
    for (const ExternDecl& e : p.arena->at(type).exports) {
      if (e.desc.sort == Sort::Instance && named) {  // its types are reachable names too
        bindInstanceTypes(p, e.desc.type, aliasExport(instance, e.name.name, Sort::Instance), true);
        continue;
      }
      if (e.desc.sort != Sort::Type) continue;
      bool resource = isResourceKind(p.arena->at(e.desc.type).kind);
      if (e.desc.bound == ExternDesc::Bound::SubResource ||
          (resource && !refs_.find(*p.arena, e.desc.type))) {
        root_.bindResource(encoder.resourceRef(e.desc.type),
                           aliasExport(instance, e.name.name, Sort::Type));
      } else if (named && isNamedValueType(p.arena->at(e.desc.type).kind)) {
        uint32_t index = aliasExport(instance, e.name.name, Sort::Type);
        root_.bindNamedType(*p.arena, e.desc.type, index);
        root_.valueTypes()[{p.arena, e.desc.type}] = index;
      }
    }
  }

  Result<uint32_t> linkedItem(const CompositionLink& l, const format::ImportDef& in) {
    if (!sortByte(in.desc.sort) || in.desc.sort == Sort::Component)
      return Error{ErrorKind::Unsupported, Error::kNoOffset,
                   std::string("cannot link a ") + format::sortName(in.desc.sort) + " import"};
    uint32_t index = aliasExport(instanceOf_[l.provider], l.exportName, in.desc.sort);
    if (in.desc.sort == Sort::Instance)
      bindInstanceTypes(parts_[l.consumer], in.desc.type, index, false);
    if (in.desc.sort == Sort::Type && in.desc.bound == ExternDesc::Bound::SubResource) {
      TypeEncoder encoder(*parts_[l.consumer].arena, refs_);
      root_.bindResource(encoder.resourceRef(in.desc.type), index);
    }
    return index;
  }

  // The root import `in` of part `i` maps to: the one already declared under its name (the
  // types must match), or a new one.
  Result<uint32_t> rootImport(size_t i, const format::ImportDef& in) {
    auto known = rootImports_.find(in.name.name);
    if (known != rootImports_.end()) return mergeImport(i, in, known->second);
    Result<uint32_t> index = declareImport(parts_[i], in);
    if (!index) return index.error();
    rootImports_.emplace(in.name.name, RootImport{i, in.desc, *index});
    return index;
  }

  Result<uint32_t> mergeImport(size_t i, const format::ImportDef& in, const RootImport& first) {
    const PartView& a = parts_[first.part];
    Result<void> same =
        first.desc.sort != in.desc.sort || first.desc.bound != in.desc.bound
            ? Result<void>(Error{ErrorKind::Unlinkable, Error::kNoOffset, "their sorts differ"})
            : compose::matchTypes({*a.arena, first.desc.type}, {*parts_[i].arena, in.desc.type},
                                  refs_);
    if (!same)
      return Error{ErrorKind::Unlinkable, Error::kNoOffset,
                   partName(first.part) + " and " + partName(i) + " both import `" + in.name.name +
                       "` with different types: " + same.error().message};
    return first.index;
  }

  Result<uint32_t> declareImport(const PartView& p, const format::ImportDef& in) {
    TypeEncoder encoder(*p.arena, refs_);
    ByteSink desc;
    Result<uint32_t> type = 0u;
    switch (in.desc.sort) {
      case Sort::Instance:
        type = encoder.instanceType(root_, in.desc.type);
        desc.u8(0x05);
        break;
      case Sort::Func:
        type = encoder.funcType(root_, in.desc.type);
        desc.u8(0x01);
        break;
      case Sort::Type:
        desc.u8(0x03);
        if (in.desc.bound ==
            ExternDesc::Bound::Eq) {  // a resource by another name, or a value type
          type = isResourceKind(p.arena->at(in.desc.type).kind)
                     ? encoder.resourceIndex(root_, in.desc.type)
                     : encoder.definedValueType(root_, in.desc.type);
          desc.u8(0x00);
        }
        break;
      default:
        return Error{ErrorKind::Unsupported, Error::kNoOffset,
                     std::string("cannot re-declare the ") + format::sortName(in.desc.sort) +
                         " import `" + in.name.name + "` of " + p.part->name};
    }
    if (!type) return type.error();
    if (in.desc.sort == Sort::Type && in.desc.bound == ExternDesc::Bound::SubResource) {
      desc.u8(0x01);
    } else {
      desc.u32(*type);
    }
    ByteSink section;
    section.u32(1);
    compose::writeExternName(section, in.name.name);
    section.raw(desc.bytes());
    body_.section(kSectionImport, section);
    uint32_t index = nextIndex(in.desc.sort);
    if (in.desc.sort == Sort::Instance) bindInstanceTypes(p, in.desc.type, index, true);
    if (in.desc.sort == Sort::Type && in.desc.bound == ExternDesc::Bound::SubResource)
      root_.bindResource(encoder.resourceRef(in.desc.type), index);
    return index;
  }

  const CompositionLink* linkFor(size_t consumer, const std::string& import) const {
    for (const CompositionLink& l : plan_.links)
      if (l.consumer == consumer && l.importName == import) return &l;
    return nullptr;
  }

  Result<void> instantiate(size_t i) {
    ByteSink args;
    uint32_t count = 0;
    for (const format::ImportDef& in : parts_[i].def->imports) {
      const CompositionLink* link = linkFor(i, in.name.name);
      Result<uint32_t> item = link ? linkedItem(*link, in) : rootImport(i, in);
      if (!item) return item.error();
      args.name(in.name.name);
      args.u8(*sortByte(in.desc.sort));
      args.u32(*item);
      ++count;
    }
    ByteSink section;
    section.u32(1);
    section.u8(0x00);
    section.u32(static_cast<uint32_t>(i));  // part i is nested component i
    section.u32(count);
    section.raw(args.bytes());
    body_.section(kSectionInstance, section);
    instanceOf_[i] = instanceCount_++;
    return {};
  }

  // Re-exports a part's export. A function gets its type ascribed, written at the root, so it
  // names the types exported before it (Binary.md: everything an export's type uses must be
  // imported or exported) rather than the part instance's; an exported type becomes the root
  // type that later ascriptions name.
  Result<void> exportItem(const CompositionExport& e) {
    const PartView& p = parts_[e.part];
    const ExternDecl& decl = *p.findExport(e.exportName);
    Sort sort = decl.desc.sort;
    uint32_t index = aliasExport(instanceOf_[e.part], e.exportName, sort);
    TypeEncoder encoder(*p.arena, refs_);
    ByteSink ascription;
    if (sort == Sort::Func) {
      Result<uint32_t> type = encoder.funcType(root_, decl.desc.type);
      if (!type) return type.error();
      ascription.u8(0x01);
      ascription.u8(0x01);
      ascription.u32(*type);
    } else {
      ascription.u8(0x00);
    }
    ByteSink section;
    section.u32(1);
    compose::writeExternName(section, e.name);
    section.u8(*sortByte(sort));
    section.u32(index);
    section.raw(ascription.bytes());
    body_.section(kSectionExport, section);
    uint32_t exported = nextIndex(sort);  // an export adds an index too
    if (sort == Sort::Instance) {
      // Its types are exported names now: functions exported after it may use them.
      bindInstanceTypes(p, decl.desc.type, exported, true);
    } else if (sort == Sort::Type && isResourceKind(p.arena->at(decl.desc.type).kind)) {
      root_.bindResource(encoder.resourceRef(decl.desc.type), exported);
    } else if (sort == Sort::Type) {
      root_.valueTypes()[{p.arena, decl.desc.type}] = exported;
    }
    return {};
  }

  // component-name: the composition's name, and each part's name for its nested component
  // and its instance, so instance paths read `service/logger`.
  void writeNames() {
    ByteSink names;
    names.name("component-name");
    if (!plan_.name.empty()) {
      ByteSink own;
      own.name(plan_.name);
      names.section(0x00, own);
    }
    ByteSink components, instances;
    components.u8(*sortByte(Sort::Component));
    components.u32(static_cast<uint32_t>(parts_.size()));
    instances.u8(*sortByte(Sort::Instance));
    instances.u32(static_cast<uint32_t>(parts_.size()));
    std::map<uint32_t, size_t> byInstance;
    for (size_t i = 0; i < parts_.size(); ++i) byInstance[instanceOf_[i]] = i;
    for (size_t i = 0; i < parts_.size(); ++i) {
      components.u32(static_cast<uint32_t>(i));
      components.name(partName(i));
    }
    for (const auto& [instance, part] : byInstance) {  // namemap indices ascend
      instances.u32(instance);
      instances.name(partName(part));
    }
    names.section(0x01, components);
    names.section(0x01, instances);
    body_.section(kSectionCustom, names);
  }

  const CompositionPlan& plan_;
  std::vector<PartView> parts_;
  ByteSink body_;
  TypeScope root_;
  compose::ResourceRefs refs_;
  std::map<std::string, RootImport> rootImports_;
  std::vector<uint32_t> instanceOf_;
  uint32_t funcCount_ = 0, instanceCount_ = 0, componentCount_ = 0;
};

}  // namespace

Result<std::vector<uint8_t>> encodeComposition(const CompositionPlan& plan) {
  return CompositionWriter(plan).write();
}

}  // namespace sable::cm
