// Component::structure(): the tree of a decoded component (sable/component_structure.h).
#include "sable/component_structure.h"

#include <variant>

#include "component/component_impl.h"
#include "component/item_types.h"
#include "component/structure_refs.h"

namespace sable::cm {
namespace {

using format::Sort;

// Builds the tree of one binary, spending one budget of list entries over all of it.
class StructureBuilder {
 public:
  StructureBuilder(const format::TypeArena& types, const StructureLimits& limits)
      : types_(types), limits_(limits) {}

  ComponentStructure build(const format::ComponentDef& def, uint32_t index, uint32_t depth) {
    ComponentStructure out;
    out.index = index;
    out.name = def.name;
    out.size = def.size;
    if (depth > limits_.maxDepth) {
      out.contentsOmitted = true;
      return out;
    }
    const format::TypeDef& type = types_.at(def.type);
    out.imports = describeItems(types_, type.imports, typeBudget_);
    out.exports = describeItems(types_, type.exports, typeBudget_);
    listDefinitions(def, depth, out);
    return out;
  }

 private:
  // Whether one more entry fits in a list of `size` entries and in the whole tree's budget;
  // counts it in `omitted` when not.
  bool admit(size_t size, size_t& omitted) {
    if (size >= limits_.maxListEntries || entries_ >= limits_.maxEntries) {
      ++omitted;
      return false;
    }
    ++entries_;
    return true;
  }

  // Walks the definitions in binary order, numbering each index space as the binary builds it.
  void listDefinitions(const format::ComponentDef& def, uint32_t depth, ComponentStructure& out) {
    const IndexOrigins refs(def);
    uint32_t next[format::kSortCount] = {};
    for (const format::Definition& d : def.definitions) {
      std::optional<Sort> sort = format::definitionSort(d);
      if (!sort) continue;
      const uint32_t index = next[static_cast<size_t>(*sort)]++;
      if (const auto* m = std::get_if<format::CoreModuleDef>(&d)) {
        if (admit(out.coreModules.size(), out.coreModulesOmitted)) {
          out.coreModules.push_back(module(*m, index, refs));
        }
      } else if (const auto* ci = std::get_if<format::CoreInstanceDef>(&d)) {
        if (admit(out.coreInstances.size(), out.coreInstancesOmitted)) {
          out.coreInstances.push_back(coreInstance(*ci, index, refs));
        }
      } else if (const auto* c = std::get_if<format::NestedComponentDef>(&d)) {
        if (admit(out.components.size(), out.componentsOmitted)) {
          out.components.push_back(build(*def.components[c->child], index, depth + 1));
          if (out.components.back().name.empty()) {
            out.components.back().name = refs.nameOf(*sort, index);
          }
        }
      } else if (const auto* i = std::get_if<format::InstanceDef>(&d)) {
        if (admit(out.instances.size(), out.instancesOmitted)) {
          out.instances.push_back(instance(*i, index, refs));
        }
      }
    }
  }

  static StructureModule module(const format::CoreModuleDef& def, uint32_t index,
                                const IndexOrigins& refs) {
    StructureModule out;
    out.index = index;
    out.name = refs.nameOf(Sort::CoreModule, index);
    out.size = def.size;
    out.imports = def.module.imports().size();
    out.exports = def.module.exports().size();
    return out;
  }

  static StructureInstance named(uint32_t index, const std::string& name) {
    StructureInstance out;
    out.index = index;
    out.name = name;
    return out;
  }

  StructureInstance coreInstance(const format::CoreInstanceDef& def, uint32_t index,
                                 const IndexOrigins& refs) {
    StructureInstance out = named(index, refs.nameOf(Sort::CoreInstance, index));
    out.instantiates = def.module.has_value();
    if (def.module) {
      out.of = refs.ref(Sort::CoreModule, *def.module);
      for (const auto& arg : def.args) {
        addArg(out, arg.name, refs.ref(Sort::CoreInstance, arg.instance));
      }
    } else {
      for (const auto& e : def.exports) addArg(out, e.name, refs.ref(e.item.sort, e.item.index));
    }
    return out;
  }

  StructureInstance instance(const format::InstanceDef& def, uint32_t index,
                             const IndexOrigins& refs) {
    StructureInstance out = named(index, refs.nameOf(Sort::Instance, index));
    out.instantiates = def.component.has_value();
    if (def.component) {
      out.of = refs.ref(Sort::Component, *def.component);
      for (const auto& arg : def.args) {
        addArg(out, arg.name, refs.ref(arg.item.sort, arg.item.index));
      }
    } else {
      for (const auto& e : def.exports) {
        addArg(out, e.name.name, refs.ref(e.item.sort, e.item.index));
      }
    }
    return out;
  }

  void addArg(StructureInstance& out, const std::string& name, StructureRef item) {
    if (admit(out.args.size(), out.argsOmitted)) {
      out.args.push_back(StructureArg{name, std::move(item)});
    }
  }

  const format::TypeArena& types_;
  const StructureLimits& limits_;
  size_t entries_ = 0;
  // The type nodes all parts' worlds may visit together (past it, types read "..."): one
  // world's budget for each of a few parts, so that many parts cannot multiply it.
  size_t typeBudget_ = 4 * kDescribeBudget;
};

}  // namespace

ComponentStructure Component::structure() const { return structure(StructureLimits{}); }

ComponentStructure Component::structure(const StructureLimits& limits) const {
  StructureBuilder builder(*impl_->decoded.types, limits);
  return builder.build(*impl_->decoded.root, 0, 0);
}

}  // namespace sable::cm
