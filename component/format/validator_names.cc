// Import and export names in validation: syntax and attributes (Binary.md "Import and Export
// Definitions"), strong uniqueness, and the `[constructor]` / `[method]` / `[static]` rules.
#include <string>

#include "component/format/validator_internal.h"

namespace sable::cm::format {
namespace {

bool isResourceKind(TypeKind k) {
  return k == TypeKind::Resource || k == TypeKind::AbstractResource;
}

}  // namespace

Result<void> checkExternName(const ExternName& name, Sort sort) {
  auto parsed = names::parseExternName(name.name);
  if (!parsed) return parsed.error();
  if (!name.implements.empty()) {
    if (sort != Sort::Instance) {
      return invalidError("only instances can have an `implements` attribute (`" + name.name +
                          "`)");
    }
    if (parsed->kind != names::NameKind::Label) {
      return invalidError("name `" + name.name + "` is not valid with `implements`");
    }
    if (auto iface = names::parseInterfaceName(name.implements); !iface) return iface.error();
  }
  if (!name.versionSuffix.empty()) {
    if (auto v = names::checkVersionSuffix(*parsed, name.versionSuffix); !v) return v;
  }
  return {};
}

Result<void> NameScope::add(const ExternName& name, const ExternDesc& desc) {
  if (auto syntax = checkExternName(name, desc.sort); !syntax) return syntax;
  auto parsed = names::parseExternName(name.name);
  if (parsed->kind != names::NameKind::Label && parsed->kind != names::NameKind::Interface) {
    if (auto r = checkAnnotated(*parsed, desc); !r) return r;
  }
  // Recorded only once the name is otherwise valid, so a rejected name leaves no trace.
  if (auto unique = unique_.add(*parsed); !unique) return unique;
  if (desc.sort == Sort::Type && desc.type < types_.size() &&
      isResourceKind(types_.at(desc.type).kind) && parsed->kind == names::NameKind::Label) {
    resourceNames_.emplace_back(name.name, desc.type);
  }
  return {};
}

const std::string* NameScope::nameOfResource(TypeId resource) const {
  for (const auto& [label, type] : resourceNames_) {
    if (namesType(types_, resources_, type, resource)) return &label;
  }
  return nullptr;
}

Result<void> NameScope::checkResourceNamed(TypeId resource, std::string_view expected) {
  const std::string* label = nameOfResource(resource);
  if (!label) return invalidError("resource used in function does not have a name in this context");
  if (*label != expected) {
    return invalidError("function does not match expected resource name `" + *label + "`");
  }
  return {};
}

Result<void> NameScope::checkAnnotated(const names::ExternName& name, const ExternDesc& desc) {
  if (desc.sort != Sort::Func)
    return invalidError("`" + std::string(name.text) + "` is not a func");
  if (desc.type >= types_.size()) return {};
  const TypeDef& func = types_.at(desc.type);
  switch (name.kind) {
    case names::NameKind::Constructor: {
      if (!func.result) return invalidError("function should return one value");
      const TypeDef* result = &types_.at(*func.result);
      if (result->kind == TypeKind::Result && result->elem != kNoType)
        result = &types_.at(result->elem);
      if (result->kind != TypeKind::Own) {
        return invalidError("function should return `(own $T)` or `(result (own $T))`");
      }
      return checkResourceNamed(result->elem, name.resource);
    }
    case names::NameKind::Method: {
      if (func.fields.empty()) return invalidError("function should have at least one argument");
      if (func.fields[0].name != "self") {
        return invalidError("function should have a first argument called `self`");
      }
      const TypeDef& self = types_.at(func.fields[0].type);
      if (self.kind != TypeKind::Borrow) {
        return invalidError("function should take a first argument of `(borrow $T)`");
      }
      return checkResourceNamed(self.elem, name.resource);
    }
    case names::NameKind::Static:
      for (const auto& entry : resourceNames_) {
        if (entry.first == name.resource) return {};
      }
      return invalidError("static resource name is not known in this context");
    default:
      return {};
  }
}

}  // namespace sable::cm::format
