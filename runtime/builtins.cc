#include "runtime/builtins.h"

#include <algorithm>
#include <cstring>

#include "runtime/store_impl.h"
#include "runtime/store_objects.h"

namespace sable {

namespace {

using detail::InstanceObject;
using detail::TableObject;
using vm::TrapCode;
using vm::VMContext;

constexpr uint32_t kOk = static_cast<uint32_t>(TrapCode::None);
constexpr uint32_t kMemoryOob = static_cast<uint32_t>(TrapCode::MemoryOutOfBounds);
constexpr uint32_t kTableOob = static_cast<uint32_t>(TrapCode::TableOutOfBounds);

InstanceObject& instanceOf(VMContext* ctx) { return *static_cast<InstanceObject*>(ctx->instance); }

// [start, start + n) inside [0, size)? In 64 bits so u32 operands cannot wrap.
bool inBounds(uint64_t start, uint64_t n, uint64_t size) { return start + n <= size; }

int32_t memoryGrow(VMContext* ctx, uint32_t deltaPages) {
  InstanceObject& inst = instanceOf(ctx);
  if (inst.memories.empty()) return -1;
  return static_cast<int32_t>(inst.memories[0]->grow(deltaPages));
}

uint32_t memoryCopy(VMContext* ctx, uint32_t dst, uint32_t src, uint32_t n) {
  vm::VMMemory* mem = ctx->memory;
  if (!inBounds(src, n, mem->sizeBytes) || !inBounds(dst, n, mem->sizeBytes)) return kMemoryOob;
  std::memmove(mem->base + dst, mem->base + src, n);  // regions may overlap
  return kOk;
}

uint32_t memoryFill(VMContext* ctx, uint32_t dst, uint32_t value, uint32_t n) {
  vm::VMMemory* mem = ctx->memory;
  if (!inBounds(dst, n, mem->sizeBytes)) return kMemoryOob;
  std::memset(mem->base + dst, static_cast<int>(value & 0xFF), n);
  return kOk;
}

uint32_t memoryInit(VMContext* ctx, uint32_t segment, uint32_t dst, uint32_t src, uint32_t n) {
  std::span<const uint8_t> data = instanceOf(ctx).dataSegments[segment];
  vm::VMMemory* mem = ctx->memory;
  if (!inBounds(src, n, data.size()) || !inBounds(dst, n, mem->sizeBytes)) return kMemoryOob;
  if (n != 0) std::memcpy(mem->base + dst, data.data() + src, n);
  return kOk;
}

void dataDrop(VMContext* ctx, uint32_t segment) { instanceOf(ctx).dataSegments[segment] = {}; }

uint32_t tableInit(VMContext* ctx, uint32_t table, uint32_t segment, uint32_t dst, uint32_t src,
                   uint32_t n) {
  InstanceObject& inst = instanceOf(ctx);
  const std::vector<void*>& items = inst.elemSegments[segment];
  TableObject& t = *inst.tables[table];
  if (!inBounds(src, n, items.size()) || !inBounds(dst, n, t.size())) return kTableOob;
  std::copy_n(items.begin() + src, n, t.elements.data() + dst);
  return kOk;
}

void elemDrop(VMContext* ctx, uint32_t segment) {
  // Dropping frees the items: swap with an empty vector rather than clear() to give them back.
  std::vector<void*>().swap(instanceOf(ctx).elemSegments[segment]);
}

uint32_t tableCopy(VMContext* ctx, uint32_t dstTable, uint32_t srcTable, uint32_t dst, uint32_t src,
                   uint32_t n) {
  InstanceObject& inst = instanceOf(ctx);
  TableObject& d = *inst.tables[dstTable];
  TableObject& s = *inst.tables[srcTable];
  if (!inBounds(src, n, s.size()) || !inBounds(dst, n, d.size())) return kTableOob;
  if (n != 0) std::memmove(d.elements.data() + dst, s.elements.data() + src, n * sizeof(void*));
  return kOk;
}

int32_t tableGrow(VMContext* ctx, uint32_t table, void* init, uint32_t delta) {
  return static_cast<int32_t>(instanceOf(ctx).tables[table]->grow(delta, init));
}

uint32_t tableFill(VMContext* ctx, uint32_t table, uint32_t dst, void* value, uint32_t n) {
  TableObject& t = *instanceOf(ctx).tables[table];
  if (!inBounds(dst, n, t.size())) return kTableOob;
  std::fill_n(t.elements.data() + dst, n, value);
  return kOk;
}

void recordTrap(VMContext* ctx, uint32_t code, uintptr_t pc, uintptr_t fp) {
  vm::VMActivation* activation = ctx->activation;
  activation->trapCode = static_cast<TrapCode>(code);
  activation->trapPc = pc;
  activation->trapFramePointer = fp;
  detail::StoreImpl::fromActivation(activation).captureTrapBacktrace(pc, fp);
}

constexpr vm::VMBuiltins kBuiltins = {
    .memoryGrow = memoryGrow,
    .memoryCopy = memoryCopy,
    .memoryFill = memoryFill,
    .memoryInit = memoryInit,
    .dataDrop = dataDrop,
    .tableInit = tableInit,
    .elemDrop = elemDrop,
    .tableCopy = tableCopy,
    .tableGrow = tableGrow,
    .tableFill = tableFill,
    .recordTrap = recordTrap,
};

}  // namespace

const vm::VMBuiltins& runtimeBuiltins() { return kBuiltins; }

}  // namespace sable
