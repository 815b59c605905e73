// Index-space entries resolved to names (structure_refs.h).
#include "component/structure_refs.h"

#include <variant>

namespace sable::cm {
namespace {

using format::Sort;

// How many aliases and re-exports one description follows: chains are as long as the binary
// makes them, and each step is a recursion.
constexpr int kMaxRefDepth = 8;

const char* canonOpName(format::CanonDef::Op op) {
  switch (op) {
    case format::CanonDef::Op::Lift:
      return "lifted";
    case format::CanonDef::Op::Lower:
      return "lowered";
    case format::CanonDef::Op::ResourceNew:
      return "resource.new";
    case format::CanonDef::Op::ResourceDrop:
      return "resource.drop";
    case format::CanonDef::Op::ResourceRep:
      return "resource.rep";
  }
  return "canon";
}

std::string indexText(Sort sort, uint32_t index) {
  return std::string(format::sortName(sort)) + " " + std::to_string(index);
}

}  // namespace

IndexOrigins::IndexOrigins(const format::ComponentDef& def) : def_(def) {
  for (const format::Definition& d : def.definitions) {
    if (std::optional<Sort> sort = format::definitionSort(d)) {
      origins_[static_cast<size_t>(*sort)].push_back(&d);
    }
  }
}

const std::string& IndexOrigins::nameOf(Sort sort, uint32_t index) const {
  static const std::string kNone;
  const auto& names = def_.sortNames[static_cast<size_t>(sort)];
  auto it = names.find(index);
  return it == names.end() ? kNone : it->second;
}

StructureRef IndexOrigins::ref(Sort sort, uint32_t index) const {
  return StructureRef{format::sortName(sort), index, source(sort, index, 0)};
}

std::string IndexOrigins::source(Sort sort, uint32_t index, int depth) const {
  const auto& origins = origins_[static_cast<size_t>(sort)];
  if (depth > kMaxRefDepth || index >= origins.size()) return indexText(sort, index);
  return sourceOf(*origins[index], sort, index, depth);
}

std::string IndexOrigins::sourceOf(const format::Definition& def, Sort sort, uint32_t index,
                                   int depth) const {
  if (const auto* import = std::get_if<format::ImportDef>(&def)) {
    return "import " + import->name.name;
  }
  if (const auto* alias = std::get_if<format::AliasDef>(&def)) {
    using Target = format::AliasDef::Target;
    if (alias->target == Target::Outer) {
      return "outer " + indexText(sort, alias->outerIndex) + " (" +
             std::to_string(alias->outerCount) + " out)";
    }
    Sort of = alias->target == Target::InstanceExport ? Sort::Instance : Sort::CoreInstance;
    return "export " + alias->name + " of " + source(of, alias->instance, depth + 1);
  }
  if (const auto* exp = std::get_if<format::ExportDef>(&def)) {
    return source(exp->item.sort, exp->item.index, depth + 1);
  }
  if (const auto* canon = std::get_if<format::CanonDef>(&def)) {
    std::string op = canonOpName(canon->op);
    if (canon->op == format::CanonDef::Op::Lift) {
      return op + " " + source(Sort::CoreFunc, canon->func, depth + 1);
    }
    if (canon->op == format::CanonDef::Op::Lower) {
      return op + " " + source(Sort::Func, canon->func, depth + 1);
    }
    return op + " of type " + std::to_string(canon->typeIndex);
  }
  // Instances, components, modules and types: named where the name section names them.
  const std::string& name = nameOf(sort, index);
  return name.empty() ? indexText(sort, index) : std::string(format::sortName(sort)) + " " + name;
}

}  // namespace sable::cm
