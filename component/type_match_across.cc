// Structural equality of canonical ABI types across two arenas (type_match_across.h). The
// Component Model's subtyping of value types is equality (names included); resources match by
// the correspondence the linker established.
#include "component/type_match_across.h"

#include <string>

namespace sable::cm {
namespace {

// Compares two value types, recursing into their children.
class Matcher {
 public:
  Matcher(TypeSide importer, TypeSide provider, const ResourceCorrespondence& resources)
      : a_(importer.types), b_(provider.types), resources_(resources) {}

  // The first difference between `a` (expected) and `b` (found), or "" when they are equal.
  std::string difference(canon::TypeId a, canon::TypeId b) const {
    const canon::TypeNode& x = a_[a];
    const canon::TypeNode& y = b_[b];
    if (x.kind != y.kind) return kindMismatch(x.kind, y.kind);
    switch (x.kind) {
      case cm::ValKind::List:
        return within("list element", difference(x.element, y.element));
      case cm::ValKind::Own:
      case cm::ValKind::Borrow:
        return resourceDifference(x.resource, y.resource);
      case cm::ValKind::Flags:
        return x.flagNames == y.flagNames ? "" : "the flags differ";
      default:
        break;
    }
    if (std::string d = fieldsDifference(x, y); !d.empty()) return d;
    return casesDifference(x, y);
  }

 private:
  static std::string kindMismatch(cm::ValKind expected, cm::ValKind found) {
    return std::string("expected ") + valKindName(expected) + ", found " + valKindName(found);
  }

  static std::string within(const std::string& where, const std::string& difference) {
    return difference.empty() ? "" : where + ": " + difference;
  }

  std::string resourceDifference(canon::ResourceTypeId expected,
                                 canon::ResourceTypeId found) const {
    canon::ResourceTypeId corresponding = resources_(expected);
    if (corresponding == 0) return "a handle of a resource the provider does not define";
    return corresponding == found ? "" : "a handle of a different resource type";
  }

  std::string fieldsDifference(const canon::TypeNode& x, const canon::TypeNode& y) const {
    if (x.fields.size() != y.fields.size()) {
      return "expected " + std::to_string(x.fields.size()) + " fields, found " +
             std::to_string(y.fields.size());
    }
    for (size_t i = 0; i < x.fields.size(); ++i) {
      if (x.fields[i].name != y.fields[i].name) {
        return "expected field `" + x.fields[i].name + "`, found `" + y.fields[i].name + "`";
      }
      std::string d = difference(x.fields[i].type, y.fields[i].type);
      if (!d.empty()) return within("field `" + x.fields[i].name + "`", d);
    }
    return "";
  }

  std::string casesDifference(const canon::TypeNode& x, const canon::TypeNode& y) const {
    if (x.cases.size() != y.cases.size()) {
      return "expected " + std::to_string(x.cases.size()) + " cases, found " +
             std::to_string(y.cases.size());
    }
    for (size_t i = 0; i < x.cases.size(); ++i) {
      const canon::CaseDesc& e = x.cases[i];
      const canon::CaseDesc& f = y.cases[i];
      if (e.name != f.name) return "expected case `" + e.name + "`, found `" + f.name + "`";
      if (e.type.has_value() != f.type.has_value()) {
        return "case `" + e.name + "`: " + (e.type ? "expected a payload" : "expected no payload");
      }
      if (e.type) {
        std::string d = difference(*e.type, *f.type);
        if (!d.empty()) return within("case `" + e.name + "`", d);
      }
    }
    return "";
  }

  const canon::TypeArena& a_;
  const canon::TypeArena& b_;
  const ResourceCorrespondence& resources_;
};

Error unlinkable(std::string message) {
  return Error{ErrorKind::Unlinkable, Error::kNoOffset, std::move(message)};
}

}  // namespace

Result<void> matchFuncTypes(TypeSide importer, const canon::FuncTypeDesc& expected,
                            TypeSide provider, const canon::FuncTypeDesc& provided,
                            const ResourceCorrespondence& resources) {
  Matcher m(importer, provider, resources);
  if (expected.params.size() != provided.params.size()) {
    return unlinkable("expected " + std::to_string(expected.params.size()) +
                      " parameter(s), found " + std::to_string(provided.params.size()));
  }
  for (size_t i = 0; i < expected.params.size(); ++i) {
    const canon::FieldDesc& e = expected.params[i];
    const canon::FieldDesc& f = provided.params[i];
    if (e.name != f.name) {
      return unlinkable("expected parameter `" + e.name + "`, found `" + f.name + "`");
    }
    if (std::string d = m.difference(e.type, f.type); !d.empty()) {
      return unlinkable("parameter `" + e.name + "`: " + d);
    }
  }
  if (expected.result.has_value() != provided.result.has_value()) {
    return unlinkable(expected.result ? "expected a result, found none"
                                      : "expected no result, found one");
  }
  if (expected.result) {
    if (std::string d = m.difference(*expected.result, *provided.result); !d.empty()) {
      return unlinkable("result: " + d);
    }
  }
  return {};
}

}  // namespace sable::cm
