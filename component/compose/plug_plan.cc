// planPlug (sable/component_compose.h): `sable plug`'s rule, the one `sable run --plug` follows
// at run time: the socket's instance imports come from the first plug exporting the interface
// (any version; the encoded binary's validation checks that the versions fit), a plug's from
// the plugs after it.
#include <string>
#include <string_view>

#include "component/component_impl.h"
#include "sable/component_compose.h"

namespace sable::cm {
namespace {

std::string_view unversioned(std::string_view name) { return name.substr(0, name.find('@')); }

// The instance export of `provider` for the interface of `import`, or nullptr.
const format::ExternDecl* exportFeeding(const CompositionPart& provider,
                                        const format::ImportDef& import) {
  const Component::Impl& impl = ComponentAccess::impl(provider.component);
  for (const format::ExternDecl& e : impl.decoded.types->at(impl.decoded.root->type).exports) {
    if (e.desc.sort == format::Sort::Instance &&
        unversioned(e.name.name) == unversioned(import.name.name))
      return &e;
  }
  return nullptr;
}

// Links each instance import of part `consumer` to the first of parts[first..] exporting it.
void linkImports(CompositionPlan& plan, size_t consumer, size_t first, std::vector<bool>& used) {
  const Component::Impl& impl = ComponentAccess::impl(plan.parts[consumer].component);
  for (const format::ImportDef& in : impl.decoded.root->imports) {
    if (in.desc.sort != format::Sort::Instance) continue;
    for (size_t j = first; j < plan.parts.size(); ++j) {
      if (const format::ExternDecl* out = exportFeeding(plan.parts[j], in)) {
        plan.links.push_back(CompositionLink{consumer, in.name.name, j, out->name.name});
        used[j] = true;
        break;
      }
    }
  }
}

}  // namespace

Result<CompositionPlan> planPlug(std::string name, CompositionPart socket,
                                 std::vector<CompositionPart> plugs) {
  CompositionPlan plan;
  plan.name = std::move(name);
  plan.parts.push_back(std::move(socket));
  for (CompositionPart& p : plugs) plan.parts.push_back(std::move(p));
  std::vector<bool> used(plan.parts.size(), false);
  for (size_t i = 0; i < plan.parts.size(); ++i) linkImports(plan, i, i + 1, used);
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
