#include "runtime/instantiate.h"

#include <cstring>
#include <string>

#include "runtime/resource_errors.h"
#include "runtime/store_impl.h"
#include "runtime/store_objects.h"
#include "runtime/value_marshal.h"
#include "sable/printable.h"
#include "sable/store.h"

namespace sable::detail {

namespace {

Error unlinkable(const Import& import, const std::string& what) {
  return Error{ErrorKind::Unlinkable, Error::kNoOffset,
               what + ": " + quotedName(import.module) + "." + quotedName(import.name)};
}

std::string limitsToString(const Limits& l) {
  std::string s = std::to_string(l.min);
  if (l.hasMax) s += ".." + std::to_string(l.max);
  return s;
}

// The spec's limits subtyping: `actual` may be used where `declared` is expected.
bool limitsMatch(const Limits& actual, const Limits& declared) {
  if (actual.min < declared.min) return false;
  if (declared.hasMax && (!actual.hasMax || actual.max > declared.max)) return false;
  return true;
}

Error incompatible(const Import& import, const std::string& expected, const std::string& got) {
  return Error{ErrorKind::Unlinkable, Error::kNoOffset,
               "incompatible import type: " + quotedName(import.module) + "." +
                   quotedName(import.name) + " (expected " + expected + ", got " + got + ")"};
}

std::string globalTypeToString(const GlobalType& t) {
  return std::string(t.isMutable ? "mut " : "") + valTypeName(t.type);
}

// Checks one import against what the linker resolved it to and wires it into `inst`.
Result<void> linkImport(StoreImpl& store, InstanceObject& inst, const Import& import,
                        const Extern& value) {
  const ModuleInfo& info = *ApiAccess::impl(inst.module).info;
  if (value.kind() != import.kind) {
    return incompatible(import, externKindName(import.kind), externKindName(value.kind()));
  }
  switch (import.kind) {
    case ExternKind::Func: {
      FuncObject* f = ApiAccess::object(*value.func());
      if (f->store != &store) return unlinkable(import, "import from another store");
      uint32_t expected = ApiAccess::impl(inst.module).signatureIds[import.funcTypeIndex];
      if (f->ref.sigId != expected) {
        return incompatible(import, "func " + info.types[import.funcTypeIndex].toString(),
                            "func " + f->type->toString());
      }
      inst.funcObjects.push_back(f);
      inst.functions.push_back(&f->ref);
      return {};
    }
    case ExternKind::Table: {
      TableObject* t = ApiAccess::object(*value.table());
      if (t->store != &store) return unlinkable(import, "import from another store");
      if (t->type.elemType != import.table.elemType ||
          !limitsMatch(t->type.limits, import.table.limits)) {
        return incompatible(import,
                            std::string("table ") + valTypeName(import.table.elemType) + " " +
                                limitsToString(import.table.limits),
                            std::string("table ") + valTypeName(t->type.elemType) + " " +
                                limitsToString(t->type.limits));
      }
      inst.tables.push_back(t);
      return {};
    }
    case ExternKind::Memory: {
      MemoryObject* m = ApiAccess::object(*value.memory());
      if (m->store != &store) return unlinkable(import, "import from another store");
      MemoryType actual = m->type();
      if (!limitsMatch(actual.limits, import.memory.limits)) {
        return incompatible(import, "memory " + limitsToString(import.memory.limits),
                            "memory " + limitsToString(actual.limits));
      }
      inst.memories.push_back(m);
      return {};
    }
    case ExternKind::Global: {
      GlobalObject* g = ApiAccess::object(*value.global());
      if (g->store != &store) return unlinkable(import, "import from another store");
      if (g->type.type != import.global.type || g->type.isMutable != import.global.isMutable) {
        return incompatible(import, "global " + globalTypeToString(import.global),
                            "global " + globalTypeToString(g->type));
      }
      inst.globals.push_back(g);
      return {};
    }
  }
  return {};
}

// A constant expression's value as raw VM bits (lo, hi). Only imported globals and functions
// of this instance can be referenced, and both are in place before any expression runs.
vm::VMGlobal evaluate(const InstanceObject& inst, const ConstExpr& expr) {
  vm::VMGlobal v;
  switch (expr.kind) {
    case ConstExpr::Kind::I32:
    case ConstExpr::Kind::I64:
    case ConstExpr::Kind::F32:
    case ConstExpr::Kind::F64:
      v.lo = expr.bits;
      break;
    case ConstExpr::Kind::V128:
      v.lo = expr.bits;
      v.hi = expr.bitsHigh;
      break;
    case ConstExpr::Kind::RefNull:
      break;
    case ConstExpr::Kind::RefFunc:
      v.lo = reinterpret_cast<uintptr_t>(inst.functions[expr.index]);
      break;
    case ConstExpr::Kind::GlobalGet:
      v = inst.globals[expr.index]->cell;
      break;
  }
  return v;
}

uint32_t evaluateU32(const InstanceObject& inst, const ConstExpr& expr) {
  return static_cast<uint32_t>(evaluate(inst, expr).lo);
}

// Whether the store's limits leave room for one instance of `info` with its own memories and
// tables at their minimum sizes. Checked before anything is created, so a refusal leaves the
// store as it was.
Result<void> checkStoreLimits(const ResourceLimiter& limiter, const ModuleInfo& info) {
  const std::string what = "instantiation:";
  if (Result<void> ok = limiter.checkNewInstances(what, 1); !ok) return ok;
  const uint64_t memories = info.memories.size() - info.numImportedMemories;
  if (Result<void> ok = limiter.checkNewMemories(what, memories); !ok) return ok;
  const uint64_t tables = info.tables.size() - info.numImportedTables;
  if (Result<void> ok = limiter.checkNewTables(what, tables); !ok) return ok;
  uint64_t pendingBytes = 0;  // of this instance's earlier memories
  for (size_t i = info.numImportedMemories; i < info.memories.size(); ++i) {
    const uint64_t bytes = info.memories[i].limits.min * platform::LinearMemory::kPageBytes;
    Result<void> ok =
        limiter.checkMemoryBytes("instantiation: memory " + std::to_string(i), bytes, pendingBytes);
    if (!ok) return ok;
    pendingBytes += bytes;
  }
  for (size_t i = info.numImportedTables; i < info.tables.size(); ++i) {
    Result<void> ok = limiter.checkTableElements("instantiation: table " + std::to_string(i),
                                                 info.tables[i].limits.min);
    if (!ok) return ok;
  }
  return {};
}

// The code an instance with `memories` (imported and defined) must run. Guard-page code leaves
// accesses unchecked and keeps a memory's base in a register across calls, so one memory
// without guard pages (a fallback, or imported from such an instance) needs code that checks
// every access and reloads the base; that code is right for guard-page memories too.
Result<std::shared_ptr<const jit::CompiledModule>> codeFor(
    const Module& module, const std::vector<MemoryObject*>& memories) {
  for (const MemoryObject* m : memories) {
    if (m->memory->boundsMode() == vm::BoundsMode::Explicit)
      return ApiAccess::impl(module).explicitBoundsCode();
  }
  return ApiAccess::impl(module).compiled;
}

// Builds the index spaces and the VMContext. Imports are already in place.
Result<void> allocate(StoreImpl& store, InstanceObject& inst) {
  const Module& module = inst.module;
  const ModuleInfo& info = *ApiAccess::impl(module).info;
  const jit::CompiledModule* compiled = ApiAccess::impl(module).compiled.get();
  if (const Error* reason = module.notRunnableReason()) return *reason;
  if (compiled == nullptr && info.numDefinedFunctions() > 0) {
    std::string why =
        store.engine().codeEngineError() ? store.engine().codeEngineError()->message : "";
    return Error{ErrorKind::Usage, Error::kNoOffset,
                 "the module was compiled without a code generator: " + why};
  }

  // Memories first: which code the functions run depends on them.
  for (size_t i = info.numImportedMemories; i < info.memories.size(); ++i) {
    Result<MemoryObject*> m =
        createMemory(store, info.memories[i], "instantiation: memory " + std::to_string(i));
    if (!m) return m.error();
    inst.memories.push_back(*m);
  }
  Result<std::shared_ptr<const jit::CompiledModule>> code = codeFor(module, inst.memories);
  if (!code) return code.error();
  inst.code = std::move(code.value());

  // Functions: each defined one gets its canonical FuncRef in its own record.
  inst.functions.reserve(info.functionTypes.size());
  inst.funcObjects.reserve(info.functionTypes.size());
  if (info.numDefinedFunctions() > 0) {
    inst.typeLayouts.reserve(info.types.size());
    for (const FuncType& t : info.types) {
      inst.typeLayouts.push_back(vm::ArgLayout::of(t.params(), t.results()));
    }
    FuncObject* defined = store.newWasmFuncs(&inst, *inst.code);
    for (uint32_t i = 0; i < info.numDefinedFunctions(); ++i) {
      inst.funcObjects.push_back(&defined[i]);
      inst.functions.push_back(&defined[i].ref);
    }
  }

  // Globals, in order: an initialiser may read imported globals.
  for (size_t i = info.numImportedGlobals; i < info.globals.size(); ++i) {
    GlobalObject* g = store.newGlobal(info.globals[i].type);
    g->cell = evaluate(inst, info.globals[i].init);
    inst.globals.push_back(g);
  }
  for (GlobalObject* g : inst.globals) inst.globalCells.push_back(&g->cell);

  for (size_t i = info.numImportedTables; i < info.tables.size(); ++i) {
    const TableType& type = info.tables[i];
    if (type.limits.min > kMaxTableElements) {
      return Error{ErrorKind::Limit, Error::kNoOffset,
                   "table size exceeds the implementation limit"};
    }
    Result<TableObject*> table =
        store.newTable(type, nullptr, "instantiation: table " + std::to_string(i));
    if (!table) return table.error();
    inst.tables.push_back(*table);
  }
  for (TableObject* t : inst.tables) inst.tableRecords.push_back(&t->vm);

  // Segments, evaluated now as the spec does (ref.func and global.get of imports).
  inst.elemSegments.resize(info.elements.size());
  for (size_t i = 0; i < info.elements.size(); ++i) {
    const ElementSegment& seg = info.elements[i];
    if (seg.mode == SegmentMode::Declarative) continue;  // dropped straight away
    std::vector<void*>& items = inst.elemSegments[i];
    items.reserve(seg.items.size());
    for (const ConstExpr& item : seg.items) {
      items.push_back(reinterpret_cast<void*>(static_cast<uintptr_t>(evaluate(inst, item).lo)));
    }
  }
  inst.dataSegments.resize(info.data.size());
  for (size_t i = 0; i < info.data.size(); ++i) {
    inst.dataSegments[i] = {info.bytes.data() + info.data[i].dataOffset, info.data[i].dataSize};
  }

  vm::VMContext& ctx = inst.ctx;
  ctx.memory = inst.memories.empty() ? nullptr : inst.memories[0]->vm();
  ctx.activation = store.activation();
  ctx.globals = inst.globalCells.data();
  ctx.tables = inst.tableRecords.data();
  ctx.functions = inst.functions.data();
  ctx.sigIds = ApiAccess::impl(module).signatureIds.data();
  ctx.builtins = store.engineImpl().builtins.get();
  ctx.instance = &inst;
  store.addInstanceContext(&ctx);

  // Exports.
  for (const Export& e : info.exports) {
    std::optional<Extern> value;
    switch (e.kind) {
      case ExternKind::Func:
        value = Extern(ApiAccess::handle(inst.funcObjects[e.index]));
        break;
      case ExternKind::Table:
        value = Extern(ApiAccess::handle(inst.tables[e.index]));
        break;
      case ExternKind::Memory:
        value = Extern(ApiAccess::handle(inst.memories[e.index]));
        break;
      case ExternKind::Global:
        value = Extern(ApiAccess::handle(inst.globals[e.index]));
        break;
    }
    inst.exportIndex.emplace(e.name, inst.exports.size());
    inst.exports.push_back(NamedExtern{e.name, *value});
  }
  return {};
}

// For an instance whose allocation failed: it is never returned but stays in the store, and
// its evaluated segments can be most of what it holds (three million passive element segments
// take 170 MB). Kept, they would leave a process that ran out of memory unable to even report it.
void releaseSegments(InstanceObject& inst) {
  std::vector<std::vector<void*>>().swap(inst.elemSegments);
  std::vector<std::span<const uint8_t>>().swap(inst.dataSegments);
}

// Applies active segments in order and drops active and declarative ones (2.0 semantics:
// table.init / memory.init per segment, bounds-checked as a whole before writing).
Result<void> initializeSegments(StoreImpl& store, InstanceObject& inst) {
  const ModuleInfo& info = *ApiAccess::impl(inst.module).info;
  for (size_t i = 0; i < info.elements.size(); ++i) {
    const ElementSegment& seg = info.elements[i];
    if (seg.mode == SegmentMode::Passive) continue;
    if (seg.mode == SegmentMode::Active) {
      TableObject& table = *inst.tables[seg.tableIndex];
      uint64_t offset = evaluateU32(inst, seg.offset);
      const std::vector<void*>& items = inst.elemSegments[i];
      if (offset + items.size() > table.size()) {
        return store.trapOutsideWasm(TrapKind::TableOutOfBounds);
      }
      std::copy(items.begin(), items.end(), table.elements.data() + offset);
    }
    std::vector<void*>().swap(inst.elemSegments[i]);
  }
  for (size_t i = 0; i < info.data.size(); ++i) {
    const DataSegment& seg = info.data[i];
    if (seg.mode != SegmentMode::Active) continue;
    vm::VMMemory* memory = inst.memories[seg.memoryIndex]->vm();
    uint64_t offset = evaluateU32(inst, seg.offset);
    std::span<const uint8_t> bytes = inst.dataSegments[i];
    if (offset + bytes.size() > memory->sizeBytes) {
      return store.trapOutsideWasm(TrapKind::MemoryOutOfBounds);
    }
    if (!bytes.empty()) std::memcpy(memory->base + offset, bytes.data(), bytes.size());
    inst.dataSegments[i] = {};
  }
  return {};
}

}  // namespace

Result<Instance> instantiate(Store& store, const Module& module, std::span<const Extern> imports) {
  StoreImpl& s = ApiAccess::impl(store);
  const ModuleInfo& info = *ApiAccess::impl(module).info;
  if (module.engine() != s.engine()) {
    return Error{ErrorKind::Usage, Error::kNoOffset,
                 "the module was compiled for another engine than the store's"};
  }
  if (imports.size() != info.imports.size()) {
    return Error{ErrorKind::Usage, Error::kNoOffset,
                 "expected " + std::to_string(info.imports.size()) + " imports, got " +
                     std::to_string(imports.size())};
  }
  s.clearLastTrap();

  // Check every import before creating anything, so a link error leaves no trace in the store.
  // The instance record itself is created afterwards.
  InstanceObject probe(module);
  probe.store = &s;
  for (size_t i = 0; i < imports.size(); ++i) {
    Result<void> ok = linkImport(s, probe, info.imports[i], imports[i]);
    if (!ok) return ok.error();
  }
  if (Result<void> ok = checkStoreLimits(s.limiter(), info); !ok) return ok.error();

  InstanceObject& inst = *s.newInstance(module);
  inst.functions = std::move(probe.functions);
  inst.funcObjects = std::move(probe.funcObjects);
  inst.globals = std::move(probe.globals);
  inst.tables = std::move(probe.tables);
  inst.memories = std::move(probe.memories);

  // Out of memory is caught here, not only at the API boundary, to release what was made.
  Result<void> ok = errorOnExhaustion([&] { return allocate(s, inst); });
  if (!ok) {
    releaseSegments(inst);
    return ok.error();
  }
  // From here on the instance stays in the store even if instantiation fails: its functions
  // may already sit in imported tables.
  ok = initializeSegments(s, inst);
  if (!ok) return ok.error();

  if (info.startFunction) {
    Result<std::vector<Value>> started =
        ApiAccess::handle(inst.funcObjects[*info.startFunction]).call(store, {});
    if (!started) return started.error();
  }
  return ApiAccess::handle(&inst);
}

}  // namespace sable::detail
