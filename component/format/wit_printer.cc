// printWit: a component type back to WIT text. The arena keeps one TypeId per type however
// many indices alias it, so a type export (`(export "t" (type (eq n)))`) names that id, and
// every later reference to the id prints the name; an id first named by another interface is
// that interface's type, taken with `use`.
#include "component/format/wit_printer.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sable::cm::format {
namespace {

// Bounds the recursion over nested anonymous types (list<list<...>>).
constexpr int kMaxTypeDepth = 64;
// How many type references one world may print: shared subtrees (tuple<t, t> nested) would
// otherwise make the text exponential in the nesting.
constexpr size_t kTypeBudget = 100000;
constexpr std::string_view kElided = "/* ... */";

constexpr std::array<std::string_view, 13> kPrimitiveNames = {
    "bool", "s8", "u8", "s16", "u16", "s32", "u32", "s64", "u64", "f32", "f64", "char", "string"};

// WIT.md's keywords: a label spelled like one needs a `%` to be read as a name.
constexpr std::string_view kKeywords[] = {
    "as",     "async",    "bool",    "borrow",    "char",    "constructor", "enum", "error-context",
    "export", "f32",      "f64",     "flags",     "float32", "float64",     "from", "func",
    "future", "import",   "include", "interface", "list",    "option",      "own",  "package",
    "record", "resource", "result",  "s16",       "s32",     "s64",         "s8",   "static",
    "stream", "string",   "tuple",   "type",      "u16",     "u32",         "u64",  "u8",
    "use",    "variant",  "with",    "world",     "_",       "map"};

// An interface name `ns:pkg/iface@ver` split into its package (`ns:pkg@ver`) and interface.
struct InterfaceName {
  std::string package;
  std::string name;
};

std::optional<InterfaceName> splitInterfaceName(const std::string& full) {
  const size_t colon = full.find(':');
  const size_t slash = full.find('/');
  if (colon == std::string::npos || slash == std::string::npos || slash < colon) return {};
  const size_t at = full.find('@', slash);
  InterfaceName out;
  out.package = full.substr(0, slash);
  out.name = full.substr(slash + 1, at == std::string::npos ? std::string::npos : at - slash - 1);
  if (at != std::string::npos) out.package += full.substr(at);
  return out;
}

// Who named a type: the interface (full name; "" for the world) and the name it gave.
struct TypeName {
  std::string owner;
  std::string name;
};

// A resource function's annotated name, split: kind "constructor", "method" or "static".
struct ResourceFuncName {
  std::string kind;
  std::string resource;
  std::string func;  // empty for a constructor
};

std::optional<ResourceFuncName> splitResourceFuncName(const std::string& name) {
  for (std::string_view kind : {"constructor", "method", "static"}) {
    const std::string prefix = "[" + std::string(kind) + "]";
    if (!name.starts_with(prefix)) continue;
    const std::string rest = name.substr(prefix.size());
    if (kind == "constructor") return ResourceFuncName{std::string(kind), rest, ""};
    const size_t dot = rest.find('.');
    if (dot == std::string::npos) return {};
    return ResourceFuncName{std::string(kind), rest.substr(0, dot), rest.substr(dot + 1)};
  }
  return {};
}

// Lines of WIT with their relative indentation, joined once the enclosing block is known.
using Lines = std::vector<std::string>;

void appendIndented(std::string& out, const Lines& lines, int indent) {
  for (const std::string& line : lines) {
    if (!line.empty()) out += std::string(static_cast<size_t>(indent), ' ');
    out += line;
    out += '\n';
  }
}

// The printer for one world: which type ids have names, and the interface bodies so far.
class WitPrinter {
 public:
  explicit WitPrinter(const TypeArena& types) : types_(types) {}

  std::string print(TypeId componentType) {
    const TypeDef& component = types_.at(componentType);
    Lines world;
    for (const ExternDecl& e : component.imports) worldItem(world, e, "import");
    // A blank line between imports and exports, as `jco wit` prints.
    if (!world.empty() && !component.exports.empty()) world.push_back("");
    for (const ExternDecl& e : component.exports) worldItem(world, e, "export");
    std::string out = "world root {\n";
    appendIndented(out, world, 2);
    out += "}\n";
    for (const auto& [package, interfaces] : packages_) {
      out += "\npackage " + package + " {\n";
      for (size_t i = 0; i < interfaces.size(); ++i) {
        if (i) out += '\n';
        appendIndented(out, interfaces[i], 2);
      }
      out += "}\n";
    }
    return out;
  }

 private:
  void worldItem(Lines& world, const ExternDecl& e, const char* direction) {
    const std::string& name = e.name.name;
    if (e.desc.sort == Sort::Instance && e.desc.type != kNoType) {
      if (std::optional<InterfaceName> iface = splitInterfaceName(name)) {
        world.push_back(std::string(direction) + " " + name + ";");
        addInterface(*iface, name, types_.at(e.desc.type));
        return;
      }
      world.push_back(std::string(direction) + " " + witIdentifier(name) + ": interface {");
      Lines body = interfaceBody(types_.at(e.desc.type), name, "");
      for (std::string& line : body) line = line.empty() ? line : "  " + line;
      world.insert(world.end(), body.begin(), body.end());
      world.push_back("}");
      return;
    }
    if (e.desc.sort == Sort::Func && e.desc.type != kNoType) {
      world.push_back(std::string(direction) + " " + witIdentifier(name) + ": " +
                      funcText(types_.at(e.desc.type), false, 0) + ";");
      return;
    }
    if (e.desc.sort == Sort::Type) {
      Lines uses;
      Lines defs = typeExport(e, "", "", uses);
      world.insert(world.end(), uses.begin(), uses.end());
      world.insert(world.end(), defs.begin(), defs.end());
      return;
    }
    world.push_back("/* " + std::string(direction) + " " + name + ": " +
                    std::string(sortName(e.desc.sort)) + " */");
  }

  // Prints `iface`'s definition once, in its package's block (an interface both imported and
  // exported has one definition).
  void addInterface(const InterfaceName& iface, const std::string& fullName,
                    const TypeDef& instance) {
    if (std::find(defined_.begin(), defined_.end(), fullName) != defined_.end()) {
      interfaceBody(instance, fullName, iface.package);  // names its types all the same
      return;
    }
    defined_.push_back(fullName);
    Lines lines{"interface " + witIdentifier(iface.name) + " {"};
    Lines body = interfaceBody(instance, fullName, iface.package);
    for (std::string& line : body) line = line.empty() ? line : "  " + line;
    lines.insert(lines.end(), body.begin(), body.end());
    lines.push_back("}");
    auto it = std::find_if(packages_.begin(), packages_.end(),
                           [&](const auto& p) { return p.first == iface.package; });
    if (it == packages_.end()) {
      packages_.push_back({iface.package, {}});
      it = packages_.end() - 1;
    }
    it->second.push_back(std::move(lines));
  }

  // An instance type's exports as an interface body: `use`s, then types (resources with
  // their functions), then the other functions.
  Lines interfaceBody(const TypeDef& instance, const std::string& owner,
                      const std::string& package) {
    Lines uses;
    Lines types;
    Lines funcs;
    std::map<std::string, Lines> resourceFuncs;
    for (const ExternDecl& e : instance.exports) {
      if (e.desc.sort != Sort::Type) continue;
      Lines defs = typeExport(e, owner, package, uses);
      if (!types.empty() && !defs.empty()) types.push_back("");
      types.insert(types.end(), defs.begin(), defs.end());
    }
    for (const ExternDecl& e : instance.exports) {
      if (e.desc.sort != Sort::Func || e.desc.type == kNoType) continue;
      const TypeDef& f = types_.at(e.desc.type);
      if (std::optional<ResourceFuncName> rf = splitResourceFuncName(e.name.name)) {
        resourceFuncs[rf->resource].push_back(resourceFuncText(*rf, f));
        continue;
      }
      funcs.push_back(witIdentifier(e.name.name) + ": " + funcText(f, false, 0) + ";");
    }
    return joinBody(uses, placeResourceFuncs(types, resourceFuncs), funcs);
  }

  static Lines joinBody(const Lines& uses, const Lines& types, const Lines& funcs) {
    Lines out = uses;
    for (const Lines* part : {&types, &funcs}) {
      if (part->empty()) continue;
      if (!out.empty()) out.push_back("");
      out.insert(out.end(), part->begin(), part->end());
    }
    return out;
  }

  // `resource r;` lines become blocks holding r's functions.
  static Lines placeResourceFuncs(const Lines& types, std::map<std::string, Lines>& funcs) {
    Lines out;
    for (const std::string& line : types) {
      auto it = funcs.end();
      if (line.starts_with("resource ") && line.ends_with(";")) {
        std::string name = line.substr(9, line.size() - 10);
        if (name.starts_with('%')) name.erase(0, 1);
        it = funcs.find(name);
      }
      if (it == funcs.end()) {
        out.push_back(line);
        continue;
      }
      out.push_back(line.substr(0, line.size() - 1) + " {");
      for (const std::string& f : it->second) out.push_back("  " + f);
      out.push_back("}");
      funcs.erase(it);
    }
    return out;
  }

  std::string resourceFuncText(const ResourceFuncName& rf, const TypeDef& f) {
    if (rf.kind == "constructor") return "constructor" + paramsText(f, false, 0) + ";";
    const bool method = rf.kind == "method";
    return witIdentifier(rf.func) + ": " + (method ? "" : "static ") + funcText(f, method, 0) + ";";
  }

  // A type export's definition (or the `use` that brings it in, added to `uses`).
  Lines typeExport(const ExternDecl& e, const std::string& owner, const std::string& package,
                   Lines& uses) {
    const std::string name = witIdentifier(e.name.name);
    const TypeId id = e.desc.type;
    if (id == kNoType) return {};
    if (auto it = names_.find(id); it != names_.end()) {
      const TypeName& first = it->second;
      if (first.owner == owner) {
        return first.name == e.name.name
                   ? Lines{}
                   : Lines{"type " + name + " = " + witIdentifier(first.name) + ";"};
      }
      uses.push_back("use " + useSource(first.owner, package) + ".{" + witIdentifier(first.name) +
                     (first.name == e.name.name ? "" : " as " + name) + "};");
      return {};
    }
    const TypeDef& t = types_.at(id);
    Lines lines = definition(name, t);
    names_[id] = TypeName{owner, e.name.name};
    return lines;
  }

  // How `use` names interface `owner` from an interface of `package`.
  static std::string useSource(const std::string& owner, const std::string& package) {
    std::optional<InterfaceName> iface = splitInterfaceName(owner);
    if (iface && iface->package == package) return witIdentifier(iface->name);
    return owner.empty() ? "root" : owner;
  }

  Lines definition(const std::string& name, const TypeDef& t) {
    switch (t.kind) {
      case TypeKind::Record:
        return block("record " + name, t.fields, [&](const Field& f) {
          return witIdentifier(f.name) + ": " + typeRef(f.type, 1);
        });
      case TypeKind::Variant:
        return block("variant " + name, t.fields, [&](const Field& f) {
          return witIdentifier(f.name) + (f.type == kNoType ? "" : "(" + typeRef(f.type, 1) + ")");
        });
      case TypeKind::Enum:
        return block("enum " + name, t.fields,
                     [&](const Field& f) { return witIdentifier(f.name); });
      case TypeKind::Flags:
        return block("flags " + name, t.fields,
                     [&](const Field& f) { return witIdentifier(f.name); });
      case TypeKind::Resource:
      case TypeKind::AbstractResource:
        return {"resource " + name + ";"};
      default:
        return {"type " + name + " = " + anonymousRef(t, 0) + ";"};
    }
  }

  template <typename Item>
  static Lines block(const std::string& head, const std::vector<Field>& fields, Item item) {
    Lines lines{head + " {"};
    for (const Field& f : fields) lines.push_back("  " + item(f) + ",");
    lines.push_back("}");
    return lines;
  }

  std::string funcText(const TypeDef& f, bool skipSelf, int depth) {
    std::string s = "func" + paramsText(f, skipSelf, depth);
    if (f.result) s += " -> " + typeRef(*f.result, depth + 1);
    return s;
  }

  std::string paramsText(const TypeDef& f, bool skipSelf, int depth) {
    std::string s = "(";
    bool first = true;
    for (size_t i = skipSelf ? 1 : 0; i < f.fields.size(); ++i) {
      if (!first) s += ", ";
      first = false;
      s += witIdentifier(f.fields[i].name) + ": " + typeRef(f.fields[i].type, depth + 1);
    }
    return s + ")";
  }

  // How a use of type `id` reads: its name when it has one, else its structure.
  std::string typeRef(TypeId id, int depth) {
    if (id == kNoType || id >= types_.size()) return "?";
    if (id < kPrimitiveTypeCount) return std::string(kPrimitiveNames[id]);
    if (auto it = names_.find(id); it != names_.end()) return witIdentifier(it->second.name);
    if (depth > kMaxTypeDepth || budget_ == 0) return std::string(kElided);
    --budget_;
    return anonymousRef(types_.at(id), depth);
  }

  std::string anonymousRef(const TypeDef& t, int depth) {
    auto sub = [&](TypeId x) { return typeRef(x, depth + 1); };
    switch (t.kind) {
      case TypeKind::List:
        return "list<" + sub(t.elem) + ">";
      case TypeKind::Option:
        return "option<" + sub(t.elem) + ">";
      case TypeKind::Own:
        return sub(t.elem);
      case TypeKind::Borrow:
        return "borrow<" + sub(t.elem) + ">";
      case TypeKind::Tuple: {
        std::string s = "tuple<";
        for (size_t i = 0; i < t.fields.size(); ++i) s += (i ? ", " : "") + sub(t.fields[i].type);
        return s + ">";
      }
      case TypeKind::Result:
        return resultRef(t, depth);
      default:
        if (isPrimitive(t.kind)) return std::string(kPrimitiveNames[static_cast<size_t>(t.kind)]);
        // A record, variant, ... no export named: WIT has no spelling for it.
        return "/* unnamed " + std::string(typeKindName(t.kind)) + " */";
    }
  }

  std::string resultRef(const TypeDef& t, int depth) {
    if (t.elem == kNoType && t.err == kNoType) return "result";
    const std::string ok = t.elem == kNoType ? "_" : typeRef(t.elem, depth + 1);
    if (t.err == kNoType) return "result<" + ok + ">";
    return "result<" + ok + ", " + typeRef(t.err, depth + 1) + ">";
  }

  const TypeArena& types_;
  std::unordered_map<TypeId, TypeName> names_;
  std::vector<std::string> defined_;
  std::vector<std::pair<std::string, std::vector<Lines>>> packages_;
  size_t budget_ = kTypeBudget;
};

}  // namespace

std::string witIdentifier(const std::string& name) {
  const bool keyword =
      std::find(std::begin(kKeywords), std::end(kKeywords), name) != std::end(kKeywords);
  return keyword ? "%" + name : name;
}

std::string printWit(const TypeArena& types, TypeId componentType) {
  if (componentType == kNoType || componentType >= types.size() ||
      types.at(componentType).kind != TypeKind::Component) {
    return "";
  }
  return WitPrinter(types).print(componentType);
}

}  // namespace sable::cm::format
