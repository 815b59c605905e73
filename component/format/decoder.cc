// The component decoder: preamble, sections and definitions (Binary.md), building one
// ComponentDef per (nested) component. Types are in decode_types.cc.
#include "component/format/decoder.h"

#include <string>

#include "component/format/decoder_impl.h"
#include "component/format/name_section.h"
#include "runtime/module_impl.h"
#include "sable/module.h"

namespace sable::cm::format {
namespace {

constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6d};

std::string hex(uint32_t v) {
  static const char* kDigits = "0123456789abcdef";
  std::string s;
  do {
    s.insert(s.begin(), kDigits[v & 15]);
    v >>= 4;
  } while (v);
  return "0x" + s;
}

void failByte(BinaryReader& r, size_t at, uint8_t b, const char* what) {
  r.fail(ErrorKind::Malformed, at, "invalid leading byte (" + hex(b) + ") for " + what);
}

// The canon built-ins this build refuses, by opcode (Binary.md "Canonical Definitions").
const char* gatedCanonName(uint8_t op) {
  switch (op) {
    case 0x05:
      return "canon task.cancel";
    case 0x06:
      return "canon subtask.cancel";
    case 0x08:
      return "canon backpressure.set";
    case 0x09:
      return "canon task.return";
    case 0x0a:
      return "canon context.get";
    case 0x0b:
      return "canon context.set";
    case 0x0c:
      return "canon thread.yield";
    case 0x0d:
      return "canon subtask.drop";
    case 0x0e:
      return "canon stream.new";
    case 0x0f:
      return "canon stream.read";
    case 0x10:
      return "canon stream.write";
    case 0x11:
      return "canon stream.cancel-read";
    case 0x12:
      return "canon stream.cancel-write";
    case 0x13:
      return "canon stream.drop-readable";
    case 0x14:
      return "canon stream.drop-writable";
    case 0x15:
      return "canon future.new";
    case 0x16:
      return "canon future.read";
    case 0x17:
      return "canon future.write";
    case 0x18:
      return "canon future.cancel-read";
    case 0x19:
      return "canon future.cancel-write";
    case 0x1a:
      return "canon future.drop-readable";
    case 0x1b:
      return "canon future.drop-writable";
    case 0x1c:
      return "canon error-context.new";
    case 0x1d:
      return "canon error-context.debug-message";
    case 0x1e:
      return "canon error-context.drop";
    case 0x1f:
      return "canon waitable-set.new";
    case 0x20:
      return "canon waitable-set.wait";
    case 0x21:
      return "canon waitable-set.poll";
    case 0x22:
      return "canon waitable-set.drop";
    case 0x23:
      return "canon waitable.join";
    case 0x24:
      return "canon backpressure.inc";
    case 0x25:
      return "canon backpressure.dec";
    case 0x26:
      return "canon thread.index";
    case 0x27:
      return "canon thread.new-indirect";
    case 0x28:
      return "canon thread.resume-later";
    case 0x29:
      return "canon thread.suspend";
    case 0x2a:
      return "canon thread.suspend-then-resume";
    case 0x2b:
      return "canon thread.yield-then-resume";
    case 0x2c:
      return "canon thread.suspend-then-promote";
    case 0x2d:
      return "canon thread.yield-then-promote";
    case 0x40:
      return "canon thread.spawn-ref";
    case 0x41:
      return "canon thread.spawn-indirect";
    case 0x42:
      return "canon thread.available-parallelism";
    default:
      return nullptr;
  }
}

// The ExternDesc of the item `item` of `scope` (what an export or inline export provides).
ExternDesc describeItem(Scope& scope, SortIndex item) {
  ExternDesc desc;
  desc.sort = item.sort;
  desc.type = scope.space(item.sort)[item.index];
  return desc;
}

}  // namespace

bool Decoder::readPreamble(BinaryReader& r) {
  size_t at = r.offset();
  const uint8_t* p = r.readBytes(4);
  if (!p) return false;
  if (std::memcmp(p, kMagic, 4) != 0) {
    r.fail(ErrorKind::Malformed, at, "magic header not detected");
    return false;
  }
  size_t vat = r.offset();
  const uint8_t* v = r.readBytes(4);
  if (!v) return false;
  if (v[0] == 0x01 && v[1] == 0x00 && v[2] == 0x00 && v[3] == 0x00) {
    r.fail(ErrorKind::Malformed, vat, "not a component: a core module (layer 0) preamble");
    return false;
  }
  if (v[2] != 0x01 || v[3] != 0x00) {
    r.fail(ErrorKind::Malformed, vat + 2, "unknown binary layer (expected a component, layer 1)");
    return false;
  }
  if (v[0] != 0x0d || v[1] != 0x00) {
    r.fail(ErrorKind::Malformed, vat,
           "unknown component binary version " + hex(v[0] | (v[1] << 8)) +
               " (this build reads version 0xd)");
    return false;
  }
  return true;
}

std::optional<Sort> Decoder::readCoreSort(BinaryReader& r) {
  size_t at = r.offset();
  uint8_t b = r.readU8();
  if (!r.ok()) return std::nullopt;
  switch (b) {
    case 0x00:
      return Sort::CoreFunc;
    case 0x01:
      return Sort::CoreTable;
    case 0x02:
      return Sort::CoreMemory;
    case 0x03:
      return Sort::CoreGlobal;
    case 0x04:
      return Sort::CoreTag;
    case 0x10:
      return Sort::CoreType;
    case 0x11:
      return Sort::CoreModule;
    case 0x12:
      return Sort::CoreInstance;
    default:
      failByte(r, at, b, "core sort");
      return std::nullopt;
  }
}

std::optional<Sort> Decoder::readSort(BinaryReader& r) {
  size_t at = r.offset();
  uint8_t b = r.readU8();
  if (!r.ok()) return std::nullopt;
  switch (b) {
    case 0x00:
      return readCoreSort(r);
    case 0x01:
      return Sort::Func;
    case 0x02:
      return Sort::Value;
    case 0x03:
      return Sort::Type;
    case 0x04:
      return Sort::Component;
    case 0x05:
      return Sort::Instance;
    default:
      failByte(r, at, b, "sort");
      return std::nullopt;
  }
}

ExternName Decoder::readExternName(BinaryReader& r) {
  ExternName name;
  size_t at = r.offset();
  uint8_t b = r.readU8();
  if (!r.ok()) return name;
  if (b > 0x02) {
    failByte(r, at, b, "import or export name");
    return name;
  }
  name.name = r.readName();
  if (b != 0x02) return name;
  uint32_t n = r.readCount("name attributes", 16, 1);
  uint32_t seenKinds = 0;
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    size_t aat = r.offset();
    uint8_t k = r.readU8();
    std::string value = r.readName();
    // Binary.md: each kind of attribute at most once.
    if (r.ok() && k <= 0x02 && (seenKinds & (1u << k))) {
      r.fail(ErrorKind::Invalid, aat, "duplicate name attribute");
      return name;
    }
    if (k <= 0x02) seenKinds |= 1u << k;
    if (k == 0x00 && value.empty() && r.ok()) {
      // An empty `implements` would read as absent below; it is never an interface name.
      r.fail(ErrorKind::Invalid, aat, "`` is not a valid name for `implements`");
      return name;
    }
    if (k == 0x00) {
      name.implements = std::move(value);
    } else if (k == 0x01) {
      name.versionSuffix = std::move(value);
    } else if (k != 0x02 && r.ok()) {
      failByte(r, aat, k, "name attribute");
    }
  }
  return name;
}

bool Decoder::checkIndex(BinaryReader& r, Scope& scope, Sort sort, uint32_t index, size_t at) {
  if (!r.ok()) return false;
  if (index < scope.space(sort).size()) return true;
  r.fail(ErrorKind::Invalid, at,
         std::string("unknown ") + sortName(sort) + " " + std::to_string(index) + ": " +
             sortName(sort) + " index out of bounds");
  return false;
}

namespace {

// Per-section readers; each appends definitions to `def` and entries to `scope`.
struct SectionReader {
  Decoder& d;
  ComponentDef& def;
  Scope& scope;
  uint32_t depth;

  void add(Definition definition, Sort sort, TypeId type) {
    def.definitions.push_back(std::move(definition));
    scope.space(sort).push_back(type);
  }

  bool readSortIndex(BinaryReader& r, SortIndex& out, bool coreOnly) {
    std::optional<Sort> sort = coreOnly ? d.readCoreSort(r) : d.readSort(r);
    if (!sort) return false;
    size_t at = r.offset();
    out.sort = *sort;
    out.index = r.readU32Leb();
    return d.checkIndex(r, scope, out.sort, out.index, at);
  }

  void coreModule(BinaryReader& r) {
    size_t at = r.offset();
    std::span<const uint8_t> bytes(r.pos(), r.remaining());
    r.readBytes(r.remaining());
    if (bytes.size() >= 8 && bytes[4] == 0x0d && bytes[6] == 0x01) {
      r.fail(ErrorKind::Malformed, at, "expected a version header for a module");
      return;
    }
    // Listed in the perf map once the component-name section has named the parts (component.cc).
    Result<Module> module = detail::compileModuleUnlisted(d.engine(), bytes);
    if (!module) {
      const Error& e = module.error();
      size_t where = e.offset == Error::kNoOffset ? at : at + e.offset;
      // Core proposals the core engine lacks are valid WebAssembly: refuse them as such.
      if (e.message == "multiple memories" || e.message == "malformed section id 13") {
        r.fail(ErrorKind::Unsupported, where,
               "core module: " + e.message +
                   " (multi-memory and exception handling are not supported)");
        return;
      }
      r.fail(e.kind, where, "core module: " + e.message);
      return;
    }
    scope.modules.emplace(static_cast<uint32_t>(scope.space(Sort::CoreModule).size()), *module);
    CoreModuleDef m{{at}, std::move(*module), bytes.size()};
    add(std::move(m), Sort::CoreModule, kNoType);
  }

  void coreInstances(BinaryReader& r) {
    uint32_t n = r.readCount("core instances", kMaxItemsPerVector, 2);
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      CoreInstanceDef inst;
      inst.offset = r.offset();
      uint8_t b = r.readU8();
      if (b == 0x00) {
        size_t mat = r.offset();
        uint32_t m = r.readU32Leb();
        if (!d.checkIndex(r, scope, Sort::CoreModule, m, mat)) return;
        inst.module = m;
        uint32_t na = r.readCount("instantiation arguments", kMaxItemsPerVector, 3);
        for (uint32_t a = 0; a < na && r.ok(); ++a) {
          CoreInstanceDef::Arg arg;
          arg.name = r.readName();
          size_t kat = r.offset();
          uint8_t kind = r.readU8();
          if (kind != 0x12) {
            if (r.ok()) failByte(r, kat, kind, "instantiation arg kind");
            return;
          }
          size_t iat = r.offset();
          arg.instance = r.readU32Leb();
          if (!d.checkIndex(r, scope, Sort::CoreInstance, arg.instance, iat)) return;
          inst.args.push_back(std::move(arg));
        }
      } else if (b == 0x01) {
        uint32_t ne = r.readCount("inline exports", kMaxItemsPerVector, 3);
        for (uint32_t e = 0; e < ne && r.ok(); ++e) {
          CoreInstanceDef::InlineExport ex;
          ex.name = r.readName();
          if (!readSortIndex(r, ex.item, true)) return;
          if (static_cast<uint8_t>(ex.item.sort) > static_cast<uint8_t>(Sort::CoreTag)) {
            r.fail(ErrorKind::Invalid, inst.offset,
                   std::string("a core instance cannot export a ") + sortName(ex.item.sort));
            return;
          }
          inst.exports.push_back(std::move(ex));
        }
      } else {
        if (r.ok()) failByte(r, inst.offset, b, "core instance");
        return;
      }
      if (!r.ok()) return;
      recordCoreExports(inst);
      add(std::move(inst), Sort::CoreInstance, kNoType);
    }
  }

  // Remembers what a core instance exports, so aliases of its exports can be checked.
  void recordCoreExports(const CoreInstanceDef& inst) {
    auto index = static_cast<uint32_t>(scope.space(Sort::CoreInstance).size());
    std::vector<std::pair<std::string, Sort>> exports;
    if (!inst.module) {
      for (const auto& e : inst.exports) exports.emplace_back(e.name, e.item.sort);
    } else {
      auto it = scope.modules.find(*inst.module);
      if (it == scope.modules.end()) return;
      for (const ExportType& e : it->second.exports()) {
        exports.emplace_back(e.name, static_cast<Sort>(static_cast<uint8_t>(e.type.kind())));
      }
    }
    scope.coreInstanceExports.emplace(index, std::move(exports));
  }

  void coreTypes(BinaryReader& r) {
    uint32_t n = r.readCount("core types", kMaxItemsPerVector, 1);
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      TypeDefinition t;
      t.offset = r.offset();
      t.core = true;
      t.type = d.readCoreType(r, scope, depth);
      if (r.ok()) add(t, Sort::CoreType, t.type);
    }
  }

  void component(BinaryReader& r) {
    size_t at = r.offset();
    BinaryReader sub(r.pos(), r.end(), at);
    r.readBytes(r.remaining());
    if (!d.readPreamble(sub)) {
      r.adoptError(sub);
      return;
    }
    std::unique_ptr<ComponentDef> child = d.readComponentBody(sub, &scope, depth + 1);
    r.adoptError(sub);
    if (!r.ok() || !child) return;
    child->offset = at;
    child->size = r.offset() - at;
    TypeId type = child->type;
    def.components.push_back(std::move(child));
    add(NestedComponentDef{{at}, static_cast<uint32_t>(def.components.size() - 1)}, Sort::Component,
        type);
  }

  TypeId instanceTypeOf(const std::vector<ExternDecl>& exports, size_t at) {
    TypeDef t;
    t.kind = TypeKind::Instance;
    t.exports = exports;
    t.offset = at;
    return d.types().add(std::move(t));
  }

  void instances(BinaryReader& r) {
    uint32_t n = r.readCount("instances", kMaxItemsPerVector, 2);
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      InstanceDef inst;
      inst.offset = r.offset();
      uint8_t b = r.readU8();
      TypeId type = kNoType;
      if (b == 0x00) {
        size_t cat = r.offset();
        uint32_t c = r.readU32Leb();
        if (!d.checkIndex(r, scope, Sort::Component, c, cat)) return;
        inst.component = c;
        uint32_t na = r.readCount("instantiation arguments", kMaxItemsPerVector, 3);
        for (uint32_t a = 0; a < na && r.ok(); ++a) {
          InstanceDef::Arg arg;
          arg.name = r.readName();
          if (!readSortIndex(r, arg.item, false)) return;
          inst.args.push_back(std::move(arg));
        }
        TypeId ct = scope.space(Sort::Component)[c];
        if (ct != kNoType) type = instanceTypeOf(d.types().at(ct).exports, inst.offset);
      } else if (b == 0x01) {
        uint32_t ne = r.readCount("inline exports", kMaxItemsPerVector, 3);
        std::vector<ExternDecl> decls;
        for (uint32_t e = 0; e < ne && r.ok(); ++e) {
          InstanceDef::InlineExport ex;
          ex.name = d.readExternName(r);
          if (!readSortIndex(r, ex.item, false)) return;
          if (ex.item.sort < Sort::Func && ex.item.sort != Sort::CoreModule) {
            r.fail(ErrorKind::Invalid, inst.offset,
                   std::string("an instance cannot export a ") + sortName(ex.item.sort));
            return;
          }
          ExternDesc desc = describeItem(scope, ex.item);
          if (desc.sort == Sort::Type) {
            ex.newType = d.types().addName(desc.type);
            desc.type = ex.newType;
          }
          decls.push_back(ExternDecl{ex.name, desc});
          inst.exports.push_back(std::move(ex));
        }
        type = instanceTypeOf(decls, inst.offset);
      } else {
        if (r.ok()) failByte(r, inst.offset, b, "instance");
        return;
      }
      if (r.ok()) add(std::move(inst), Sort::Instance, type);
    }
  }

  void aliases(BinaryReader& r) {
    uint32_t n = r.readCount("aliases", kMaxItemsPerVector, 3);
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      AliasDef alias;
      alias.offset = r.offset();
      if (!d.readAlias(r, scope, alias, false)) return;
      if (alias.sort == Sort::Value) {
        d.failUnsupported(r, alias.offset, "values (🪙)");
        return;
      }
      Sort sort = alias.sort;
      TypeId type = alias.type;
      add(std::move(alias), sort, type);
    }
  }

  void types(BinaryReader& r) {
    uint32_t n = r.readCount("types", kMaxItemsPerVector, 1);
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      TypeDefinition t;
      t.offset = r.offset();
      t.type = d.readDefType(r, scope, depth);
      if (r.ok()) add(t, Sort::Type, t.type);
    }
  }

  bool readOptions(BinaryReader& r, CanonOptions& opts) {
    uint32_t n = r.readCount("canonical options", 64, 1);
    // Binary.md: each option at most once, and at most one string encoding.
    static const char* const kOptionNames[] = {"utf8",   "utf16",   "latin1-utf16",
                                               "memory", "realloc", "post-return"};
    uint32_t seen = 0;
    std::optional<uint8_t> encoding;
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      size_t at = r.offset();
      uint8_t b = r.readU8();
      if (r.ok() && b <= 0x05) {
        if (b <= 0x02 && encoding) {
          r.fail(ErrorKind::Invalid, at,
                 std::string("canonical encoding option `") + kOptionNames[*encoding] +
                     "` conflicts with option `" + kOptionNames[b] + "`");
          return false;
        }
        if (seen & (1u << b)) {
          r.fail(ErrorKind::Invalid, at,
                 std::string("canonical option `") + kOptionNames[b] +
                     "` is specified more than once");
          return false;
        }
        seen |= 1u << b;
        if (b <= 0x02) encoding = b;
      }
      auto index = [&](Sort sort) -> std::optional<uint32_t> {
        size_t iat = r.offset();
        uint32_t v = r.readU32Leb();
        if (!d.checkIndex(r, scope, sort, v, iat)) return std::nullopt;
        return v;
      };
      switch (b) {
        case 0x00:
          opts.encoding = CanonOptions::StringEncoding::Utf8;
          break;
        case 0x01:
          opts.encoding = CanonOptions::StringEncoding::Utf16;
          break;
        case 0x02:
          opts.encoding = CanonOptions::StringEncoding::Latin1Utf16;
          break;
        case 0x03:
          opts.memory = index(Sort::CoreMemory);
          break;
        case 0x04:
          opts.realloc = index(Sort::CoreFunc);
          break;
        case 0x05:
          opts.postReturn = index(Sort::CoreFunc);
          break;
        case 0x06:
          d.failUnsupported(r, at, "the async canonical option");
          return false;
        case 0x07:
          d.failUnsupported(r, at, "the callback canonical option (async)");
          return false;
        default:
          if (r.ok()) failByte(r, at, b, "canonical option");
          return false;
      }
    }
    return r.ok();
  }

  TypeId resourceType(BinaryReader& r, CanonDef& c) {
    size_t at = r.offset();
    c.typeIndex = r.readU32Leb();
    if (!d.checkIndex(r, scope, Sort::Type, c.typeIndex, at)) return kNoType;
    TypeId t = scope.space(Sort::Type)[c.typeIndex];
    bool resource = t != kNoType && (d.types().at(t).kind == TypeKind::Resource ||
                                     d.types().at(t).kind == TypeKind::AbstractResource);
    if (!resource) {
      r.fail(ErrorKind::Invalid, at,
             "type index " + std::to_string(c.typeIndex) + " is not a resource type");
      return kNoType;
    }
    return t;
  }

  void canons(BinaryReader& r) {
    uint32_t n = r.readCount("canonical definitions", kMaxItemsPerVector, 1);
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      CanonDef c;
      c.offset = r.offset();
      uint8_t op = r.readU8();
      if (!r.ok()) return;
      if (op == 0x00 || op == 0x01) {
        size_t sat = r.offset();
        uint8_t sort = r.readU8();
        if (sort != 0x00) {
          if (r.ok()) failByte(r, sat, sort, op == 0 ? "canon lift" : "canon lower");
          return;
        }
        size_t fat = r.offset();
        c.func = r.readU32Leb();
        if (!d.checkIndex(r, scope, op == 0 ? Sort::CoreFunc : Sort::Func, c.func, fat)) return;
        if (!readOptions(r, c.options)) return;
        if (op == 0x00) {
          c.op = CanonDef::Op::Lift;
          size_t tat = r.offset();
          c.typeIndex = r.readU32Leb();
          if (!d.checkIndex(r, scope, Sort::Type, c.typeIndex, tat)) return;
          c.type = scope.space(Sort::Type)[c.typeIndex];
          if (c.type == kNoType || d.types().at(c.type).kind != TypeKind::Func) {
            r.fail(ErrorKind::Invalid, tat,
                   "type index " + std::to_string(c.typeIndex) + " is not a function type");
            return;
          }
          TypeId ft = c.type;
          add(std::move(c), Sort::Func, ft);
        } else {
          c.op = CanonDef::Op::Lower;
          add(std::move(c), Sort::CoreFunc, kNoType);
        }
      } else if (op >= 0x02 && op <= 0x04) {
        c.op = op == 0x02 ? CanonDef::Op::ResourceNew
                          : (op == 0x03 ? CanonDef::Op::ResourceDrop : CanonDef::Op::ResourceRep);
        c.type = resourceType(r, c);
        if (!r.ok()) return;
        add(std::move(c), Sort::CoreFunc, kNoType);
      } else if (const char* name = gatedCanonName(op)) {
        d.failUnsupported(r, c.offset, name);
        return;
      } else {
        failByte(r, c.offset, op, "canonical function");
        return;
      }
    }
  }

  void imports(BinaryReader& r) {
    uint32_t n = r.readCount("imports", kMaxItemsPerVector, 3);
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      ImportDef imp;
      imp.offset = r.offset();
      imp.name = d.readExternName(r);
      imp.desc = d.readExternDesc(r, scope);
      if (!r.ok()) return;
      def.imports.push_back(imp);
      Sort sort = imp.desc.sort;
      TypeId type = imp.desc.type;
      add(std::move(imp), sort, type);
    }
  }

  void exports(BinaryReader& r) {
    uint32_t n = r.readCount("exports", kMaxItemsPerVector, 3);
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      ExportDef exp;
      exp.offset = r.offset();
      exp.name = d.readExternName(r);
      if (!readSortIndex(r, exp.item, false)) return;
      if (exp.item.sort < Sort::Func && exp.item.sort != Sort::CoreModule) {
        r.fail(ErrorKind::Invalid, exp.offset,
               std::string("a component cannot export a ") + sortName(exp.item.sort));
        return;
      }
      size_t tat = r.offset();
      uint8_t has = r.readU8();
      if (has == 0x01) {
        exp.ascribed = d.readExternDesc(r, scope);
      } else if (has != 0x00 && r.ok()) {
        failByte(r, tat, has, "optional export type");
      }
      if (!r.ok()) return;
      ExternDesc desc = describeItem(scope, exp.item);
      if (exp.ascribed && exp.ascribed->type != kNoType) desc.type = exp.ascribed->type;
      if (desc.sort == Sort::Type) {
        bool abstracted = exp.ascribed && exp.ascribed->bound == ExternDesc::Bound::SubResource;
        exp.newType = abstracted ? desc.type : d.types().addName(desc.type);
        desc.type = exp.newType;
      }
      def.exports.push_back(exp);
      add(std::move(exp), desc.sort, desc.type);
    }
  }

  void customSection(BinaryReader& r) {
    std::string name = r.readName();
    if (!r.ok() || name != "component-name") {
      r.readBytes(r.remaining());
      return;
    }
    // The name section is advisory: a malformed one is ignored, never an error.
    BinaryReader names(r.pos(), r.end(), r.offset());
    r.readBytes(r.remaining());
    readComponentNames(d, names, def);
  }
};

TypeId componentTypeOf(Decoder& d, ComponentDef& def, Scope& scope) {
  TypeDef t;
  t.kind = TypeKind::Component;
  t.offset = def.offset;
  for (const ImportDef& imp : def.imports) t.imports.push_back(ExternDecl{imp.name, imp.desc});
  for (const ExportDef& exp : def.exports) {
    ExternDesc desc = describeItem(scope, exp.item);
    if (exp.ascribed && exp.ascribed->type != kNoType) desc = *exp.ascribed;
    if (exp.newType != kNoType) desc.type = exp.newType;
    t.exports.push_back(ExternDecl{exp.name, desc});
  }
  return d.types().add(std::move(t));
}

}  // namespace

std::unique_ptr<ComponentDef> Decoder::readComponentBody(BinaryReader& r, Scope* parent,
                                                         uint32_t depth) {
  if (depth > kMaxNestingDepth) {
    r.fail(ErrorKind::Limit, r.offset(),
           "components nested too deeply (limit " + std::to_string(kMaxNestingDepth) + ")");
    return nullptr;
  }
  auto def = std::make_unique<ComponentDef>();
  Scope scope;
  scope.kind = Scope::Kind::Component;
  scope.parent = parent;
  SectionReader sections{*this, *def, scope, depth};
  while (r.ok() && !r.atEnd()) {
    size_t at = r.offset();
    uint8_t id = r.readU8();
    uint32_t size = r.readU32Leb();
    if (!r.ok()) break;
    if (size > r.remaining()) {
      r.fail(ErrorKind::Malformed, r.offset(),
             "unexpected end-of-file (section size " + std::to_string(size) + " past the end)");
      break;
    }
    size_t payloadAt = r.offset();
    BinaryReader sub(r.pos(), r.pos() + size, payloadAt);
    r.readBytes(size);
    switch (id) {
      case 0:
        sections.customSection(sub);
        break;
      case 1:
        sections.coreModule(sub);
        break;
      case 2:
        sections.coreInstances(sub);
        break;
      case 3:
        sections.coreTypes(sub);
        break;
      case 4:
        sections.component(sub);
        break;
      case 5:
        sections.instances(sub);
        break;
      case 6:
        sections.aliases(sub);
        break;
      case 7:
        sections.types(sub);
        break;
      case 8:
        sections.canons(sub);
        break;
      case 9:
        failUnsupported(sub, at, "start definitions (🪙 values)");
        break;
      case 10:
        sections.imports(sub);
        break;
      case 11:
        sections.exports(sub);
        break;
      case 12:
        failUnsupported(sub, at, "value definitions (🪙)");
        break;
      default:
        sub.fail(ErrorKind::Malformed, at, "malformed section id " + std::to_string(id));
    }
    if (sub.ok() && !sub.atEnd()) {
      sub.fail(ErrorKind::Malformed, sub.offset(), "unexpected content after last item in section");
    }
    r.adoptError(sub);
  }
  if (!r.ok()) return nullptr;
  for (size_t s = 0; s < kSortCount; ++s) {
    def->spaceSize[s] = static_cast<uint32_t>(scope.spaces[s].size());
  }
  def->type = componentTypeOf(*this, *def, scope);
  return def;
}

Result<DecodedComponent> Decoder::run() {
  BinaryReader r(bytes_.data(), bytes_.data() + bytes_.size(), 0);
  if (!readPreamble(r)) return r.error();
  std::unique_ptr<ComponentDef> root = readComponentBody(r, nullptr, 0);
  if (!r.ok()) return r.error();
  root->size = bytes_.size();
  return DecodedComponent{types_, std::move(root)};
}

Result<DecodedComponent> decodeComponent(const Engine& engine, std::span<const uint8_t> bytes) {
  return Decoder(engine, bytes).run();
}

}  // namespace sable::cm::format
