// planPlug (sable/component_compose.h): `sable plug`'s rule, the one `sable run --plug` follows
// at run time: the socket's instance imports come from the first plug exporting the interface
// (any version; the encoded binary's validation checks that the versions fit), a plug's from
// the plugs after it.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "component/component_impl.h"
#include "sable/component_compose.h"

namespace sable::cm {
namespace {

std::string_view unversioned(std::string_view name) { return name.substr(0, name.find('@')); }

}  // namespace

std::string matchingExport(const Component& provider, std::string_view name) {
  const Component::Impl& impl = ComponentAccess::impl(provider);
  const auto& exports = impl.decoded.types->at(impl.decoded.root->type).exports;
  for (const format::ExternDecl& e : exports)
    if (e.name.name == name) return e.name.name;
  if (name.find(':') == std::string_view::npos) return "";  // not an interface name
  for (const format::ExternDecl& e : exports) {
    if (e.desc.sort == format::Sort::Instance && unversioned(e.name.name) == unversioned(name))
      return e.name.name;
  }
  return "";
}

std::vector<PlugFeed> plugFeeds(const Component& consumer, std::span<const Component> providers) {
  std::vector<PlugFeed> feeds;
  for (const format::ImportDef& in : ComponentAccess::impl(consumer).decoded.root->imports) {
    if (in.desc.sort != format::Sort::Instance) continue;
    for (size_t j = 0; j < providers.size(); ++j) {
      std::string out = matchingExport(providers[j], in.name.name);
      if (!out.empty()) {
        feeds.push_back(PlugFeed{in.name.name, j, std::move(out)});
        break;
      }
    }
  }
  return feeds;
}

Result<CompositionPlan> planPlug(std::string name, CompositionPart socket,
                                 std::vector<CompositionPart> plugs) {
  CompositionPlan plan;
  plan.name = std::move(name);
  plan.parts.push_back(std::move(socket));
  for (CompositionPart& p : plugs) plan.parts.push_back(std::move(p));
  std::vector<Component> components;
  for (const CompositionPart& p : plan.parts) components.push_back(p.component);
  std::vector<bool> used(plan.parts.size(), false);
  for (size_t i = 0; i < plan.parts.size(); ++i) {
    std::span<const Component> later = std::span<const Component>(components).subspan(i + 1);
    for (const PlugFeed& f : plugFeeds(components[i], later)) {
      plan.links.push_back(CompositionLink{i, f.importName, i + 1 + f.provider, f.exportName});
      used[i + 1 + f.provider] = true;
    }
  }
  for (size_t j = 1; j < plan.parts.size(); ++j) {
    if (!used[j])
      return Error{ErrorKind::Invalid, Error::kNoOffset,
                   "plug " + plan.parts[j].name +
                       " feeds no import of the socket or of the plugs before it"};
  }
  const Component::Impl& socketImpl = ComponentAccess::impl(plan.parts[0].component);
  for (const format::ExportDef& e : socketImpl.decoded.root->exports)
    plan.exports.push_back(CompositionExport{e.name.name, 0, e.name.name});
  return plan;
}

}  // namespace sable::cm
