#include "core/module_decoder.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <unordered_set>

#include "core/binary_reader.h"
#include "core/function_body_decoder.h"
#include "core/opcodes.h"
#include "sable/module.h"  // kMaxModuleSize
#include "sable/printable.h"

namespace sable {
namespace {

enum SectionId : uint8_t {
  kCustomSection = 0,
  kTypeSection = 1,
  kImportSection = 2,
  kFunctionSection = 3,
  kTableSection = 4,
  kMemorySection = 5,
  kGlobalSection = 6,
  kExportSection = 7,
  kStartSection = 8,
  kElementSection = 9,
  kCodeSection = 10,
  kDataSection = 11,
  kDataCountSection = 12,
};

// Position of each known section in the required order (the data count section sits between
// element and code, although its id is larger).
int sectionOrder(uint8_t id) {
  switch (id) {
    case kTypeSection:
      return 1;
    case kImportSection:
      return 2;
    case kFunctionSection:
      return 3;
    case kTableSection:
      return 4;
    case kMemorySection:
      return 5;
    case kGlobalSection:
      return 6;
    case kExportSection:
      return 7;
    case kStartSection:
      return 8;
    case kElementSection:
      return 9;
    case kDataCountSection:
      return 10;
    case kCodeSection:
      return 11;
    case kDataSection:
      return 12;
    default:
      return -1;
  }
}

// Decodes one module; an object per call so nothing is shared between decodes.
class ModuleDecoder {
 public:
  explicit ModuleDecoder(std::shared_ptr<ModuleInfo> m)
      : m_(std::move(m)), r_(m_->bytes.data(), m_->bytes.data() + m_->bytes.size()) {}

  Result<void> decode();

 private:
  void decodeSection(uint8_t id, BinaryReader& s);
  void decodeTypeSection(BinaryReader& s);
  void decodeImportSection(BinaryReader& s);
  void decodeFunctionSection(BinaryReader& s);
  void decodeTableSection(BinaryReader& s);
  void decodeMemorySection(BinaryReader& s);
  void decodeGlobalSection(BinaryReader& s);
  void decodeExportSection(BinaryReader& s);
  void decodeStartSection(BinaryReader& s);
  void decodeElementSection(BinaryReader& s);
  void decodeDataCountSection(BinaryReader& s);
  void decodeCodeSection(BinaryReader& s);
  void decodeDataSection(BinaryReader& s);
  void decodeCustomSection(BinaryReader& s);
  void decodeNameSection(BinaryReader s);

  ValType readValType(BinaryReader& s);
  ValType readRefType(BinaryReader& s);
  Limits readLimits(BinaryReader& s, uint64_t maxAllowed, const char* what);
  TableType readTableType(BinaryReader& s);
  MemoryType readMemoryType(BinaryReader& s);
  GlobalType readGlobalType(BinaryReader& s);
  ConstExpr readConstExpr(BinaryReader& s, ValType expected);
  void addMemory(BinaryReader& s, size_t at, MemoryType type);
  // Callers have checked `index` against the function index space.
  void declareFunctionRef(uint32_t index) {
    if (m_->declaredFunctionRefs.size() < m_->functionTypes.size()) {
      m_->declaredFunctionRefs.resize(m_->functionTypes.size(), false);
    }
    m_->declaredFunctionRefs[index] = true;
  }

  std::shared_ptr<ModuleInfo> m_;
  BinaryReader r_;
  uint32_t declaredFunctionCount_ = 0;  // from the function section
  bool sawFunctionSection_ = false;
  bool sawCodeSection_ = false;
  bool sawDataSection_ = false;
};

Result<void> ModuleDecoder::decode() {
  BinaryReader& r = r_;
  const size_t prefix = std::min<size_t>(r.remaining(), 4);
  if (prefix > 0 && std::memcmp(r.pos(), "\0asm", prefix) != 0) {
    return Error{ErrorKind::Malformed, 0, "magic header not detected"};
  }
  if (prefix < 4) return Error{ErrorKind::Malformed, prefix, "unexpected end: no magic header"};
  r.readBytes(4);
  const uint8_t* version = r.readBytes(4);
  if (!version) return Error{ErrorKind::Malformed, 4, "unexpected end: no version"};
  if (std::memcmp(version, "\1\0\0\0", 4) != 0) {
    return Error{ErrorKind::Malformed, 4, "unknown binary version"};
  }

  int lastOrder = 0;
  while (r.ok() && !r.atEnd()) {
    size_t idAt = r.offset();
    uint8_t id = r.readU8();
    uint32_t size = r.readU32Leb();
    if (!r.ok()) break;
    if (size > r.remaining()) {
      r.fail(ErrorKind::Malformed, idAt,
             "section size mismatch: length out of bounds (unexpected end)");
      break;
    }
    if (id != kCustomSection) {
      int order = sectionOrder(id);
      if (order < 0) {
        r.fail(ErrorKind::Malformed, idAt, "malformed section id " + std::to_string(id));
        break;
      }
      if (order <= lastOrder) {
        r.fail(ErrorKind::Malformed, idAt,
               "unexpected content after last section (section out of order or duplicated)");
        break;
      }
      lastOrder = order;
    }
    size_t start = r.offset();
    const uint8_t* p = r.readBytes(size);
    BinaryReader s(p, p + size, start);
    decodeSection(id, s);
    if (!s.ok()) {
      r.adoptError(s);
      break;
    }
    if (!s.atEnd()) {
      r.fail(ErrorKind::Malformed, s.offset(), "section size mismatch");
      break;
    }
  }
  if (!r.ok()) return r.error();

  if (declaredFunctionCount_ != 0 && !sawCodeSection_) {
    return Error{ErrorKind::Malformed, r.offset(),
                 "function and code section have inconsistent lengths"};
  }
  if (m_->dataCount && *m_->dataCount != 0 && !sawDataSection_) {
    return Error{ErrorKind::Malformed, r.offset(),
                 "data count and data section have inconsistent lengths"};
  }
  return {};
}

void ModuleDecoder::decodeSection(uint8_t id, BinaryReader& s) {
  switch (id) {
    case kCustomSection:
      decodeCustomSection(s);
      break;
    case kTypeSection:
      decodeTypeSection(s);
      break;
    case kImportSection:
      decodeImportSection(s);
      break;
    case kFunctionSection:
      decodeFunctionSection(s);
      break;
    case kTableSection:
      decodeTableSection(s);
      break;
    case kMemorySection:
      decodeMemorySection(s);
      break;
    case kGlobalSection:
      decodeGlobalSection(s);
      break;
    case kExportSection:
      decodeExportSection(s);
      break;
    case kStartSection:
      decodeStartSection(s);
      break;
    case kElementSection:
      decodeElementSection(s);
      break;
    case kCodeSection:
      decodeCodeSection(s);
      break;
    case kDataSection:
      decodeDataSection(s);
      break;
    case kDataCountSection:
      decodeDataCountSection(s);
      break;
    default:
      break;
  }
}

ValType ModuleDecoder::readValType(BinaryReader& s) {
  size_t at = s.offset();
  uint8_t b = s.readU8();
  if (s.ok() && !isValTypeByte(b)) s.fail(ErrorKind::Malformed, at, "malformed value type");
  return static_cast<ValType>(b);
}

ValType ModuleDecoder::readRefType(BinaryReader& s) {
  size_t at = s.offset();
  uint8_t b = s.readU8();
  if (s.ok() && b != static_cast<uint8_t>(ValType::FuncRef) &&
      b != static_cast<uint8_t>(ValType::ExternRef)) {
    s.fail(ErrorKind::Malformed, at, "malformed reference type");
  }
  return static_cast<ValType>(b);
}

Limits ModuleDecoder::readLimits(BinaryReader& s, uint64_t maxAllowed, const char* what) {
  Limits l;
  size_t at = s.offset();
  uint8_t flags = s.readU8();
  if (!s.ok()) return l;
  if (flags > 1) {
    s.fail(ErrorKind::Malformed, at, "integer too large: malformed limits flags");
    return l;
  }
  size_t minAt = s.offset();
  l.min = s.readU32Leb();
  size_t maxAt = s.offset();
  if (flags == 1) {
    l.hasMax = true;
    l.max = s.readU32Leb();
  }
  if (!s.ok()) return l;
  if (l.min > maxAllowed) {
    s.fail(ErrorKind::Invalid, minAt, std::string(what));
  } else if (l.hasMax && l.max > maxAllowed) {
    s.fail(ErrorKind::Invalid, maxAt, std::string(what));
  } else if (l.hasMax && l.min > l.max) {
    s.fail(ErrorKind::Invalid, minAt, "size minimum must not be greater than maximum");
  }
  return l;
}

TableType ModuleDecoder::readTableType(BinaryReader& s) {
  TableType t;
  t.elemType = readRefType(s);
  t.limits = readLimits(s, UINT32_MAX, "table size must be at most 2^32-1");
  return t;
}

MemoryType ModuleDecoder::readMemoryType(BinaryReader& s) {
  MemoryType t;
  t.limits = readLimits(s, kMaxMemoryPages, "memory size must be at most 65536 pages (4GiB)");
  return t;
}

GlobalType ModuleDecoder::readGlobalType(BinaryReader& s) {
  GlobalType g;
  g.type = readValType(s);
  size_t at = s.offset();
  uint8_t mut = s.readU8();
  if (s.ok() && mut > 1) s.fail(ErrorKind::Malformed, at, "malformed mutability");
  g.isMutable = mut == 1;
  return g;
}

void ModuleDecoder::addMemory(BinaryReader& s, size_t at, MemoryType type) {
  if (!m_->memories.empty()) {
    s.fail(ErrorKind::Invalid, at, "multiple memories");
    return;
  }
  m_->memories.push_back(type);
}

// WebAssembly 2.0 constant expressions: one constant, ref.null, ref.func or global.get of an
// imported immutable global, then `end`. Anything else is "constant expression required"; a
// sequence leaving the wrong number or type of values is a type mismatch.
ConstExpr ModuleDecoder::readConstExpr(BinaryReader& s, ValType expected) {
  ConstExpr e;
  uint32_t produced = 0;
  ValType lastType = ValType::I32;
  while (s.ok()) {
    size_t at = s.offset();
    uint8_t op = s.readU8();
    if (!s.ok()) return e;
    if (op == static_cast<uint8_t>(Opcode::End)) break;
    switch (op) {
      case static_cast<uint8_t>(Opcode::I32Const):
        e.kind = ConstExpr::Kind::I32;
        e.type = ValType::I32;
        e.bits = static_cast<uint32_t>(s.readS32Leb());
        break;
      case static_cast<uint8_t>(Opcode::I64Const):
        e.kind = ConstExpr::Kind::I64;
        e.type = ValType::I64;
        e.bits = static_cast<uint64_t>(s.readS64Leb());
        break;
      case static_cast<uint8_t>(Opcode::F32Const):
        e.kind = ConstExpr::Kind::F32;
        e.type = ValType::F32;
        e.bits = s.readFixedU32();
        break;
      case static_cast<uint8_t>(Opcode::F64Const):
        e.kind = ConstExpr::Kind::F64;
        e.type = ValType::F64;
        e.bits = s.readFixedU64();
        break;
      case static_cast<uint8_t>(Opcode::RefNull):
        e.kind = ConstExpr::Kind::RefNull;
        e.type = readRefType(s);
        break;
      case static_cast<uint8_t>(Opcode::RefFunc): {
        size_t idxAt = s.offset();
        e.kind = ConstExpr::Kind::RefFunc;
        e.type = ValType::FuncRef;
        e.index = s.readU32Leb();
        if (!s.ok()) return e;
        if (e.index >= m_->functionTypes.size()) {
          s.fail(ErrorKind::Invalid, idxAt, "unknown function " + std::to_string(e.index));
          return e;
        }
        declareFunctionRef(e.index);
        break;
      }
      case static_cast<uint8_t>(Opcode::GlobalGet): {
        size_t idxAt = s.offset();
        e.kind = ConstExpr::Kind::GlobalGet;
        e.index = s.readU32Leb();
        if (!s.ok()) return e;
        if (e.index >= m_->numImportedGlobals) {
          s.fail(ErrorKind::Invalid, idxAt, "unknown global " + std::to_string(e.index));
          return e;
        }
        const GlobalType& g = m_->globals[e.index].type;
        if (g.isMutable) {
          s.fail(ErrorKind::Invalid, idxAt,
                 "constant expression required: global.get of a mutable global");
          return e;
        }
        e.type = g.type;
        break;
      }
      case kSimdPrefix: {
        uint32_t sub = s.readU32Leb();
        if (s.ok() && sub != (static_cast<uint16_t>(Opcode::V128Const) & 0xff)) {
          s.fail(ErrorKind::Invalid, at, "constant expression required");
          return e;
        }
        e.kind = ConstExpr::Kind::V128;
        e.type = ValType::V128;
        e.bits = s.readFixedU64();
        e.bitsHigh = s.readFixedU64();
        break;
      }
      default:
        if (opcodeName(static_cast<Opcode>(op)) == nullptr && op != kMiscPrefix) {
          s.fail(ErrorKind::Malformed, at, "illegal opcode");
        } else {
          s.fail(ErrorKind::Invalid, at, "constant expression required");
        }
        return e;
    }
    ++produced;
    lastType = e.type;
  }
  if (!s.ok()) return e;
  if (produced != 1 || lastType != expected) {
    s.fail(ErrorKind::Invalid, s.offset() - 1,
           std::string("type mismatch: constant expression must produce one ") +
               valTypeName(expected));
  }
  return e;
}

void ModuleDecoder::decodeTypeSection(BinaryReader& s) {
  uint32_t n = s.readCount("types", kMaxTypes, 3);
  m_->types.reserve(n);
  std::vector<ValType> params, results;
  for (uint32_t i = 0; i < n && s.ok(); ++i) {
    size_t at = s.offset();
    uint8_t form = s.readU8();
    if (s.ok() && form != 0x60) {
      s.fail(ErrorKind::Malformed, at,
             "integer representation too long: malformed function type (expected 0x60)");
      return;
    }
    params.clear();
    results.clear();
    uint32_t np = s.readCount("function parameters", kMaxFunctionParams);
    for (uint32_t k = 0; k < np && s.ok(); ++k) params.push_back(readValType(s));
    uint32_t nr = s.readCount("function results", kMaxFunctionResults);
    for (uint32_t k = 0; k < nr && s.ok(); ++k) results.push_back(readValType(s));
    m_->types.emplace_back(params, results);
  }
}

void ModuleDecoder::decodeImportSection(BinaryReader& s) {
  uint32_t n = s.readCount("imports", kMaxImports, 3);
  m_->imports.reserve(n);
  for (uint32_t i = 0; i < n && s.ok(); ++i) {
    Import imp;
    imp.module = s.readName();
    imp.name = s.readName();
    size_t kindAt = s.offset();
    uint8_t kind = s.readU8();
    if (!s.ok()) return;
    switch (kind) {
      case 0: {
        size_t at = s.offset();
        imp.kind = ExternKind::Func;
        imp.funcTypeIndex = s.readU32Leb();
        if (s.ok() && imp.funcTypeIndex >= m_->types.size()) {
          s.fail(ErrorKind::Invalid, at, "unknown type " + std::to_string(imp.funcTypeIndex));
          return;
        }
        if (m_->functionTypes.size() >= kMaxFunctions) {
          s.fail(ErrorKind::Limit, at, "too many functions");
          return;
        }
        m_->functionTypes.push_back(imp.funcTypeIndex);
        m_->numImportedFunctions++;
        break;
      }
      case 1:
        imp.kind = ExternKind::Table;
        imp.table = readTableType(s);
        if (m_->tables.size() >= kMaxTables) {
          s.fail(ErrorKind::Limit, kindAt, "too many tables");
          return;
        }
        m_->tables.push_back(imp.table);
        m_->numImportedTables++;
        break;
      case 2:
        imp.kind = ExternKind::Memory;
        imp.memory = readMemoryType(s);
        if (s.ok()) addMemory(s, kindAt, imp.memory);
        m_->numImportedMemories = static_cast<uint32_t>(m_->memories.size());
        break;
      case 3:
        imp.kind = ExternKind::Global;
        imp.global = readGlobalType(s);
        if (m_->globals.size() >= kMaxGlobals) {
          s.fail(ErrorKind::Limit, kindAt, "too many globals");
          return;
        }
        m_->globals.push_back(Global{imp.global, ConstExpr{}});
        m_->numImportedGlobals++;
        break;
      default:
        s.fail(ErrorKind::Malformed, kindAt, "malformed import kind");
        return;
    }
    m_->imports.push_back(std::move(imp));
  }
}

void ModuleDecoder::decodeFunctionSection(BinaryReader& s) {
  sawFunctionSection_ = true;
  uint32_t n = s.readCount("functions", kMaxFunctions);
  if (!s.ok()) return;
  if (static_cast<uint64_t>(n) + m_->functionTypes.size() > kMaxFunctions) {
    s.fail(ErrorKind::Limit, s.offset(), "too many functions");
    return;
  }
  declaredFunctionCount_ = n;
  m_->functionTypes.reserve(m_->functionTypes.size() + n);
  for (uint32_t i = 0; i < n && s.ok(); ++i) {
    size_t at = s.offset();
    uint32_t typeIndex = s.readU32Leb();
    if (s.ok() && typeIndex >= m_->types.size()) {
      s.fail(ErrorKind::Invalid, at, "unknown type " + std::to_string(typeIndex));
      return;
    }
    m_->functionTypes.push_back(typeIndex);
  }
}

void ModuleDecoder::decodeTableSection(BinaryReader& s) {
  uint32_t n = s.readCount("tables", kMaxTables, 3);
  if (static_cast<uint64_t>(n) + m_->tables.size() > kMaxTables) {
    s.fail(ErrorKind::Limit, s.offset(), "too many tables");
    return;
  }
  for (uint32_t i = 0; i < n && s.ok(); ++i) m_->tables.push_back(readTableType(s));
}

void ModuleDecoder::decodeMemorySection(BinaryReader& s) {
  uint32_t n = s.readCount("memories", kMaxTables, 2);
  for (uint32_t i = 0; i < n && s.ok(); ++i) {
    size_t at = s.offset();
    MemoryType t = readMemoryType(s);
    if (s.ok()) addMemory(s, at, t);
  }
}

void ModuleDecoder::decodeGlobalSection(BinaryReader& s) {
  uint32_t n = s.readCount("globals", kMaxGlobals, 3);
  if (static_cast<uint64_t>(n) + m_->globals.size() > kMaxGlobals) {
    s.fail(ErrorKind::Limit, s.offset(), "too many globals");
    return;
  }
  m_->globals.reserve(m_->globals.size() + n);
  for (uint32_t i = 0; i < n && s.ok(); ++i) {
    Global g;
    g.type = readGlobalType(s);
    if (!s.ok()) return;
    g.init = readConstExpr(s, g.type.type);
    m_->globals.push_back(g);
  }
}

void ModuleDecoder::decodeExportSection(BinaryReader& s) {
  uint32_t n = s.readCount("exports", kMaxExports, 3);
  m_->exports.reserve(n);
  std::unordered_set<std::string_view> names;
  names.reserve(n);
  for (uint32_t i = 0; i < n && s.ok(); ++i) {
    Export e;
    size_t nameAt = s.offset();
    e.name = s.readName();
    size_t kindAt = s.offset();
    uint8_t kind = s.readU8();
    size_t indexAt = s.offset();
    e.index = s.readU32Leb();
    if (!s.ok()) return;
    size_t limit = 0;
    switch (kind) {
      case 0:
        e.kind = ExternKind::Func;
        limit = m_->functionTypes.size();
        break;
      case 1:
        e.kind = ExternKind::Table;
        limit = m_->tables.size();
        break;
      case 2:
        e.kind = ExternKind::Memory;
        limit = m_->memories.size();
        break;
      case 3:
        e.kind = ExternKind::Global;
        limit = m_->globals.size();
        break;
      default:
        s.fail(ErrorKind::Malformed, kindAt, "malformed export kind");
        return;
    }
    if (e.index >= limit) {
      static constexpr const char* kWhat[] = {"function", "table", "memory", "global"};
      s.fail(ErrorKind::Invalid, indexAt,
             std::string("unknown ") + kWhat[kind] + " " + std::to_string(e.index));
      return;
    }
    if (e.kind == ExternKind::Func) declareFunctionRef(e.index);
    m_->exports.push_back(std::move(e));
    if (!names.insert(m_->exports.back().name).second) {
      s.fail(ErrorKind::Invalid, nameAt,
             "duplicate export name " + quotedName(m_->exports.back().name));
      return;
    }
  }
}

void ModuleDecoder::decodeStartSection(BinaryReader& s) {
  size_t at = s.offset();
  uint32_t index = s.readU32Leb();
  if (!s.ok()) return;
  if (index >= m_->functionTypes.size()) {
    s.fail(ErrorKind::Invalid, at, "unknown function " + std::to_string(index));
    return;
  }
  const FuncType& t = m_->functionType(index);
  if (!t.params().empty() || !t.results().empty()) {
    s.fail(ErrorKind::Invalid, at, "start function must have type [] -> []");
    return;
  }
  m_->startFunction = index;
}

void ModuleDecoder::decodeElementSection(BinaryReader& s) {
  uint32_t n = s.readCount("element segments", kMaxElementSegments);
  m_->elements.reserve(n);
  for (uint32_t i = 0; i < n && s.ok(); ++i) {
    ElementSegment seg;
    size_t flagsAt = s.offset();
    uint32_t flags = s.readU32Leb();
    if (!s.ok()) return;
    if (flags > 7) {
      s.fail(ErrorKind::Malformed, flagsAt, "malformed elements segment kind");
      return;
    }
    // Bit 0: passive or declarative; bit 1: explicit table index (active) or declarative;
    // bit 2: items are expressions rather than function indices.
    const bool passiveOrDeclarative = flags & 1;
    const bool explicitTableOrDeclarative = flags & 2;
    const bool usesExpressions = flags & 4;
    if (passiveOrDeclarative) {
      seg.mode = explicitTableOrDeclarative ? SegmentMode::Declarative : SegmentMode::Passive;
    } else {
      seg.mode = SegmentMode::Active;
      size_t tableAt = s.offset();
      if (explicitTableOrDeclarative) seg.tableIndex = s.readU32Leb();
      if (!s.ok()) return;
      if (seg.tableIndex >= m_->tables.size()) {
        s.fail(ErrorKind::Invalid, tableAt, "unknown table " + std::to_string(seg.tableIndex));
        return;
      }
      seg.offset = readConstExpr(s, ValType::I32);
    }
    // Forms 0 and 4 have neither element kind nor type: funcref.
    if (passiveOrDeclarative || explicitTableOrDeclarative) {
      if (usesExpressions) {
        seg.elemType = readRefType(s);
      } else {
        size_t kindAt = s.offset();
        uint8_t elemKind = s.readU8();
        if (s.ok() && elemKind != 0) {
          s.fail(ErrorKind::Malformed, kindAt, "malformed element kind");
          return;
        }
        seg.elemType = ValType::FuncRef;
      }
    }
    if (!s.ok()) return;
    if (seg.mode == SegmentMode::Active && m_->tables[seg.tableIndex].elemType != seg.elemType) {
      s.fail(ErrorKind::Invalid, flagsAt,
             "type mismatch: element segment type differs from the table's");
      return;
    }
    uint32_t count = s.readCount("elements in a segment", kMaxTableInitSize);
    seg.items.reserve(count);
    for (uint32_t k = 0; k < count && s.ok(); ++k) {
      if (usesExpressions) {
        seg.items.push_back(readConstExpr(s, seg.elemType));
      } else {
        size_t at = s.offset();
        ConstExpr e;
        e.kind = ConstExpr::Kind::RefFunc;
        e.type = ValType::FuncRef;
        e.index = s.readU32Leb();
        if (!s.ok()) return;
        if (e.index >= m_->functionTypes.size()) {
          s.fail(ErrorKind::Invalid, at, "unknown function " + std::to_string(e.index));
          return;
        }
        declareFunctionRef(e.index);
        seg.items.push_back(e);
      }
    }
    m_->elements.push_back(std::move(seg));
  }
}

void ModuleDecoder::decodeDataCountSection(BinaryReader& s) {
  uint32_t n = s.readU32Leb();
  if (!s.ok()) return;
  if (n > kMaxDataSegments) {
    s.fail(ErrorKind::Limit, s.offset(), "too many data segments");
    return;
  }
  m_->dataCount = n;
}

void ModuleDecoder::decodeCodeSection(BinaryReader& s) {
  sawCodeSection_ = true;
  size_t at = s.offset();
  uint32_t n = s.readCount("function bodies", kMaxFunctions);
  if (!s.ok()) return;
  if (n != declaredFunctionCount_) {
    s.fail(ErrorKind::Malformed, at, "function and code section have inconsistent lengths");
    return;
  }
  m_->bodies.reserve(n);
  for (uint32_t i = 0; i < n && s.ok(); ++i) {
    size_t sizeAt = s.offset();
    uint32_t size = s.readU32Leb();
    if (!s.ok()) return;
    if (size > kMaxFunctionSize) {
      s.fail(ErrorKind::Limit, sizeAt, "function body too large");
      return;
    }
    size_t bodyAt = s.offset();
    if (!s.readBytes(size)) return;
    if (size == 0) {
      s.fail(ErrorKind::Malformed, bodyAt, "unexpected end: empty function body");
      return;
    }
    m_->bodies.push_back(FunctionBody{static_cast<uint32_t>(bodyAt), size});
  }
}

void ModuleDecoder::decodeDataSection(BinaryReader& s) {
  sawDataSection_ = true;
  size_t at = s.offset();
  uint32_t n = s.readCount("data segments", kMaxDataSegments);
  if (!s.ok()) return;
  if (m_->dataCount && *m_->dataCount != n) {
    s.fail(ErrorKind::Malformed, at, "data count and data section have inconsistent lengths");
    return;
  }
  m_->data.reserve(n);
  for (uint32_t i = 0; i < n && s.ok(); ++i) {
    DataSegment seg;
    size_t flagsAt = s.offset();
    uint32_t flags = s.readU32Leb();
    if (!s.ok()) return;
    if (flags > 2) {
      s.fail(ErrorKind::Malformed, flagsAt, "malformed data segment kind");
      return;
    }
    if (flags == 1) {
      seg.mode = SegmentMode::Passive;
    } else {
      size_t memAt = s.offset();
      if (flags == 2) seg.memoryIndex = s.readU32Leb();
      if (!s.ok()) return;
      if (seg.memoryIndex >= m_->memories.size()) {
        s.fail(ErrorKind::Invalid, memAt, "unknown memory " + std::to_string(seg.memoryIndex));
        return;
      }
      seg.offset = readConstExpr(s, ValType::I32);
    }
    uint32_t size = s.readU32Leb();
    size_t dataAt = s.offset();
    if (!s.readBytes(size)) return;
    seg.dataOffset = static_cast<uint32_t>(dataAt);
    seg.dataSize = size;
    m_->data.push_back(seg);
  }
}

void ModuleDecoder::decodeCustomSection(BinaryReader& s) {
  // Only the name section is decoded; ModuleInfo::customSections() finds the others again in
  // the bytes when asked, so that their number costs no memory here.
  const std::string name = s.readName();
  if (!s.ok()) return;
  const size_t offset = s.offset();
  const size_t size = s.remaining();
  s.readBytes(size);
  if (name == "name") {
    const uint8_t* p = m_->bytes.data() + offset;
    decodeNameSection(BinaryReader(p, p + size, offset));
  }
}

// The name section is advisory: a malformed one is dropped entirely instead of failing.
void ModuleDecoder::decodeNameSection(BinaryReader s) {
  NameSection names;
  int lastId = -1;
  auto readNameMap = [&](BinaryReader& r, std::vector<std::pair<uint32_t, std::string>>& out) {
    uint32_t n = r.readCount("names", kMaxFunctions, 2);
    out.reserve(n);
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      uint32_t index = r.readU32Leb();
      std::string name = r.readName();
      if (!r.ok()) return;
      if (!out.empty() && index <= out.back().first) {
        r.failMalformed("name map indices out of order");
        return;
      }
      out.emplace_back(index, std::move(name));
    }
  };
  while (s.ok() && !s.atEnd()) {
    uint8_t id = s.readU8();
    uint32_t size = s.readU32Leb();
    const uint8_t* p = s.readBytes(size);
    if (!s.ok()) return;
    if (static_cast<int>(id) <= lastId) return;
    lastId = id;
    BinaryReader sub(p, p + size, s.offsetOf(p));
    switch (id) {
      case 0:
        names.moduleName = sub.readName();
        break;
      case 1:
        readNameMap(sub, names.functionNames);
        break;
      case 2: {
        uint32_t n = sub.readCount("local name maps", kMaxFunctions, 2);
        uint32_t lastFunction = 0;
        for (uint32_t i = 0; i < n && sub.ok(); ++i) {
          NameSection::LocalNames ln;
          ln.function = sub.readU32Leb();
          if (i > 0 && ln.function <= lastFunction) return;
          lastFunction = ln.function;
          readNameMap(sub, ln.names);
          names.localNames.push_back(std::move(ln));
        }
        break;
      }
      default:
        sub.readBytes(sub.remaining());
        break;  // later subsections: ignored
    }
    if (!sub.ok() || !sub.atEnd()) return;
  }
  if (s.ok()) m_->names = std::move(names);
}

}  // namespace

Result<std::shared_ptr<ModuleInfo>> decodeModule(std::span<const uint8_t> bytes) {
  if (bytes.size() > kMaxModuleSize) {
    return Error{ErrorKind::Limit, 0, "module larger than 1 GiB"};
  }
  auto info = std::make_shared<ModuleInfo>();
  info->bytes.assign(bytes.begin(), bytes.end());
  ModuleDecoder decoder(info);
  Result<void> r = decoder.decode();
  if (!r) return r.error();
  if (info->declaredFunctionRefs.size() != info->functionTypes.size()) {
    info->declaredFunctionRefs.resize(info->functionTypes.size(), false);
  }
  return info;
}

}  // namespace sable
