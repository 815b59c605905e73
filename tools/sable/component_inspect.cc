// The text and JSON renderings of a component's tree (component_inspect.h).
#include "component_inspect.h"

#include <string>

#include "cli_util.h"
#include "component_items.h"

namespace sable::cli {
namespace {

std::string pad(int indent) { return std::string(static_cast<size_t>(indent), ' '); }

// "[3] \"name\"" or "[3]" for an entry without a name.
std::string entryLabel(uint32_t index, const std::string& name) {
  std::string label = "[" + std::to_string(index) + "]";
  return name.empty() ? label : label + " " + printableName(name);
}

void printOmitted(std::ostream& out, size_t omitted, int indent) {
  if (omitted) out << pad(indent) << "... " << omitted << " more\n";
}

void printItems(std::ostream& out, const char* title, const std::vector<cm::ItemType>& items,
                int indent) {
  out << pad(indent) << title << ": " << items.size() << '\n';
  for (const cm::ItemType& item : items) printItem(out, item, indent + 2);
}

void printModules(std::ostream& out, const cm::ComponentStructure& c, int indent) {
  if (c.coreModules.empty() && !c.coreModulesOmitted) return;
  out << pad(indent) << "core modules: " << c.coreModules.size() + c.coreModulesOmitted << '\n';
  for (const cm::StructureModule& m : c.coreModules) {
    out << pad(indent + 2) << entryLabel(m.index, m.name) << ": " << m.size << " bytes, "
        << m.imports << " imports, " << m.exports << " exports\n";
  }
  printOmitted(out, c.coreModulesOmitted, indent + 2);
}

void printInstances(std::ostream& out, const char* title,
                    const std::vector<cm::StructureInstance>& instances, size_t omitted,
                    int indent) {
  if (instances.empty() && !omitted) return;
  out << pad(indent) << title << ": " << instances.size() + omitted << '\n';
  for (const cm::StructureInstance& i : instances) {
    out << pad(indent + 2) << entryLabel(i.index, i.name) << " = "
        << (i.instantiates ? "instantiate " + escapeText(i.of.source) : "exports") << '\n';
    for (const cm::StructureArg& arg : i.args) {
      out << pad(indent + 6) << printableName(arg.name) << " <- " << escapeText(arg.item.source)
          << '\n';
    }
    printOmitted(out, i.argsOmitted, indent + 6);
  }
  printOmitted(out, omitted, indent + 2);
}

void printComponents(std::ostream& out, const cm::ComponentStructure& c, int indent) {
  if (c.components.empty() && !c.componentsOmitted) return;
  out << pad(indent) << "components: " << c.components.size() + c.componentsOmitted << '\n';
  for (const cm::ComponentStructure& child : c.components) {
    out << pad(indent + 2) << entryLabel(child.index, child.name) << ": " << child.size
        << " bytes\n";
    printStructure(out, child, indent + 4);
  }
  printOmitted(out, c.componentsOmitted, indent + 2);
}

Json refJson(const cm::StructureRef& ref) {
  return Json{{"sort", ref.sort}, {"index", ref.index}, {"source", ref.source}};
}

Json instancesJson(const std::vector<cm::StructureInstance>& instances) {
  Json list = Json::array();
  for (const cm::StructureInstance& i : instances) {
    Json args = Json::array();
    for (const cm::StructureArg& arg : i.args) {
      Json a = refJson(arg.item);
      a["name"] = arg.name;
      args.push_back(std::move(a));
    }
    list.push_back(Json{{"index", i.index},
                        {"name", i.name},
                        {"instantiates", i.instantiates ? refJson(i.of) : Json(nullptr)},
                        {"args", std::move(args)},
                        {"args_omitted", i.argsOmitted}});
  }
  return list;
}

Json modulesJson(const std::vector<cm::StructureModule>& modules) {
  Json list = Json::array();
  for (const cm::StructureModule& m : modules) {
    list.push_back(Json{{"index", m.index},
                        {"name", m.name},
                        {"size", m.size},
                        {"imports", m.imports},
                        {"exports", m.exports}});
  }
  return list;
}

}  // namespace

void printStructure(std::ostream& out, const cm::ComponentStructure& c, int indent) {
  if (c.contentsOmitted) {
    out << pad(indent) << "(nested too deeply: contents not listed)\n";
    return;
  }
  printItems(out, "imports", c.imports, indent);
  printItems(out, "exports", c.exports, indent);
  printModules(out, c, indent);
  printInstances(out, "core instances", c.coreInstances, c.coreInstancesOmitted, indent);
  printComponents(out, c, indent);
  printInstances(out, "instances", c.instances, c.instancesOmitted, indent);
}

Json structureJson(const cm::ComponentStructure& c) {
  Json components = Json::array();
  for (const cm::ComponentStructure& child : c.components) {
    components.push_back(structureJson(child));
  }
  return Json{{"index", c.index},
              {"name", c.name},
              {"size", c.size},
              {"contents_omitted", c.contentsOmitted},
              {"imports", itemsJson(c.imports)},
              {"exports", itemsJson(c.exports)},
              {"core_modules", modulesJson(c.coreModules)},
              {"core_modules_omitted", c.coreModulesOmitted},
              {"core_instances", instancesJson(c.coreInstances)},
              {"core_instances_omitted", c.coreInstancesOmitted},
              {"components", std::move(components)},
              {"components_omitted", c.componentsOmitted},
              {"instances", instancesJson(c.instances)},
              {"instances_omitted", c.instancesOmitted}};
}

}  // namespace sable::cli
