// Comparing two parts' import types for merging (type_equality.h).
#include "component/compose/type_equality.h"

#include <set>
#include <string>
#include <utility>

namespace sable::cm::compose {

using format::ExternDecl;
using format::ExternDesc;
using format::TypeDef;
using format::TypeId;
using format::TypeKind;

namespace {

// Walks two types in step; `where` names the place being compared, for the message.
class TypeMatcher {
 public:
  TypeMatcher(const format::TypeArena& a, const format::TypeArena& b, ResourceRefs& refs)
      : a_(a), b_(b), refs_(refs) {}

  bool match(TypeId x, TypeId y, const std::string& where) {
    if (x == format::kNoType || y == format::kNoType) return expect(x == y, where);
    if (x < format::kPrimitiveTypeCount || y < format::kPrimitiveTypeCount)
      return expect(x == y, where);
    if (!seen_.insert({x, y}).second) return true;  // shared subtrees compare once
    const TypeDef& s = a_.at(x);
    const TypeDef& t = b_.at(y);
    bool resourceX = isResource(s.kind);
    if (resourceX || isResource(t.kind))
      return resourceX && isResource(t.kind) && sameResource(x, y, where);
    if (!expect(s.kind == t.kind, where)) return false;
    return fields(s.fields, t.fields, where) && match(s.elem, t.elem, where) &&
           match(s.err, t.err, where) && result(s, t, where) &&
           decls(s.imports, t.imports, where, "import") &&
           decls(s.exports, t.exports, where, "export");
  }

  const std::string& difference() const { return difference_; }

 private:
  static bool isResource(TypeKind k) {
    return k == TypeKind::Resource || k == TypeKind::AbstractResource;
  }

  bool expect(bool same, const std::string& where) {
    if (!same && difference_.empty()) difference_ = where.empty() ? "the type itself" : where;
    return same;
  }

  // A resource `b` refers to must stand for the one `a` refers to.
  bool sameResource(TypeId x, TypeId y, const std::string& where) {
    std::optional<ResourceRef> rx = refs_.find(a_, x);
    std::optional<ResourceRef> ry = refs_.find(b_, y);
    return expect(rx && ry && *rx == *ry, where);
  }

  bool result(const TypeDef& s, const TypeDef& t, const std::string& where) {
    if (!expect(s.result.has_value() == t.result.has_value(), where + " result")) return false;
    return !s.result || match(*s.result, *t.result, where + " result");
  }

  bool fields(const std::vector<format::Field>& f, const std::vector<format::Field>& g,
              const std::string& where) {
    if (!expect(f.size() == g.size(), where)) return false;
    for (size_t i = 0; i < f.size(); ++i) {
      std::string at = where + " `" + f[i].name + "`";
      if (!expect(f[i].name == g[i].name, at) || !match(f[i].type, g[i].type, at)) return false;
    }
    return true;
  }

  bool decls(const std::vector<ExternDecl>& d, const std::vector<ExternDecl>& e,
             const std::string& where, const char* what) {
    if (d.size() != e.size()) {
      // Name the first declaration one side has and the other lacks at that position.
      size_t i = 0;
      while (i < d.size() && i < e.size() && d[i].name.name == e[i].name.name) ++i;
      const std::string& name = i < d.size() ? d[i].name.name : e[i].name.name;
      return expect(false, (where.empty() ? "" : where + ", ") + what + " `" + name +
                               "` (declared by one of them only)");
    }
    for (size_t i = 0; i < d.size(); ++i) {
      std::string at = (where.empty() ? "" : where + ", ") + what + " `" + d[i].name.name + "`";
      const ExternDesc& x = d[i].desc;
      const ExternDesc& y = e[i].desc;
      if (!expect(d[i].name.name == e[i].name.name && x.sort == y.sort && x.bound == y.bound, at))
        return false;
      if (x.bound == ExternDesc::Bound::SubResource && x.sort == format::Sort::Type) {
        // Both declare a resource here: b's is a's.
        std::optional<ResourceRef> ref = refs_.find(a_, x.type);
        if (!expect(ref.has_value(), at)) return false;
        refs_.bind(b_, y.type, *ref);
        continue;
      }
      if (!match(x.type, y.type, at)) return false;
    }
    return true;
  }

  const format::TypeArena& a_;
  const format::TypeArena& b_;
  ResourceRefs& refs_;
  std::set<std::pair<TypeId, TypeId>> seen_;
  std::string difference_;
};

}  // namespace

Result<void> matchTypes(TypeInPart a, TypeInPart b, ResourceRefs& refs) {
  TypeMatcher matcher(a.arena, b.arena, refs);
  if (matcher.match(a.id, b.id, "")) return {};
  return Error{ErrorKind::Unlinkable, Error::kNoOffset,
               "the types differ at " + matcher.difference()};
}

}  // namespace sable::cm::compose
