#include "sable/memory.h"

#include <cstring>
#include <optional>
#include <string>

#include "runtime/store_impl.h"
#include "runtime/store_objects.h"
#include "sable/store.h"

namespace sable {

namespace detail {

namespace {

// The system could not give the memory what it needs (ENOMEM from mmap or mprotect comes back
// as ErrorKind::Limit from the platform layer): that is exhaustion, not a wasm limit.
Error exhausted(Error error, const char* what) {
  if (error.kind == ErrorKind::Limit) error.kind = ErrorKind::ResourceExhausted;
  error.message = std::string(what) + ": " + error.message;
  return error;
}

}  // namespace

Result<std::unique_ptr<platform::LinearMemory>> createLinearMemory(const Engine& engine,
                                                                   uint32_t initialPages,
                                                                   std::optional<uint32_t> max) {
  const EngineConfig& config = engine.config();
  if (config.memoryBoundsMode == MemoryBoundsMode::Explicit) {
    auto memory = platform::LinearMemory::create(initialPages, max, vm::BoundsMode::Explicit);
    if (!memory) return exhausted(memory.error(), "cannot make a linear memory");
    return memory;
  }
  auto guarded = platform::LinearMemory::create(initialPages, max, vm::BoundsMode::GuardPages, {},
                                                ApiAccess::impl(engine).memoryPool);
  if (guarded) return guarded;
  // Only a reservation refused for want of address space (ENOMEM) falls back: a bounds-checked
  // memory needs only its own size, but no other failure is one that bounds checks work around.
  if (config.guardPagesOnly || guarded.error().kind != ErrorKind::Limit) {
    return exhausted(guarded.error(),
                     "cannot reserve 8 GiB of address space for a guard-page linear memory");
  }
  auto checked = platform::LinearMemory::create(initialPages, max, vm::BoundsMode::Explicit);
  if (!checked) {
    return exhausted(checked.error(),
                     "cannot make a linear memory (no room for guard pages or for its pages)");
  }
  return checked;
}

Result<MemoryObject*> createMemory(StoreImpl& store, const MemoryType& type,
                                   const std::string& what) {
  const Limits& limits = type.limits;
  if (limits.min > kMaxMemoryPages || (limits.hasMax && limits.max > kMaxMemoryPages)) {
    return Error{ErrorKind::Limit, Error::kNoOffset, "memory size exceeds 65536 pages"};
  }
  if (limits.hasMax && limits.max < limits.min) {
    return Error{ErrorKind::Usage, Error::kNoOffset, "memory maximum below its minimum"};
  }
  const ResourceLimiter& limiter = store.limiter();
  if (Result<void> ok = limiter.checkNewMemories(what, 1); !ok) return ok.error();
  const uint64_t bytes = limits.min * platform::LinearMemory::kPageBytes;
  if (Result<void> ok = limiter.checkMemoryBytes(what, bytes); !ok) return ok.error();
  std::optional<uint32_t> max;
  if (limits.hasMax) max = static_cast<uint32_t>(limits.max);
  Result<std::unique_ptr<platform::LinearMemory>> memory =
      createLinearMemory(store.engine(), static_cast<uint32_t>(limits.min), max);
  if (!memory) return memory.error();
  return store.newMemory(std::move(memory.value()));
}

}  // namespace detail

MemoryType Memory::Object::type() const {
  MemoryType t;
  t.limits.min = memory->pages();
  if (std::optional<uint32_t> max = memory->maxPages()) {
    t.limits.hasMax = true;
    t.limits.max = *max;
  }
  return t;
}

int64_t Memory::Object::grow(uint64_t deltaPages) {
  if (deltaPages > kMaxMemoryPages) return -1;
  const uint64_t oldBytes = memory->sizeBytes();
  const uint64_t newBytes = oldBytes + deltaPages * platform::LinearMemory::kPageBytes;
  // Growing by 0 reports the size even when a lowered limit lies below it.
  if (deltaPages != 0 && !store->limiter().allowsMemoryGrowth(oldBytes, newBytes)) return -1;
  const int64_t oldPages = memory->grow(static_cast<uint32_t>(deltaPages));
  if (oldPages >= 0) store->limiter().memoryResized(oldBytes, memory->sizeBytes());
  return oldPages;
}

Result<Memory> Memory::create(Store& store, MemoryType type) {
  Result<detail::MemoryObject*> m =
      detail::createMemory(ApiAccess::impl(store), type, "Memory::create: memory");
  if (!m) return m.error();
  return ApiAccess::handle(*m);
}

MemoryType Memory::type() const { return object_->type(); }
uint64_t Memory::sizePages() const { return object_->memory->pages(); }
uint64_t Memory::sizeBytes() const { return object_->memory->sizeBytes(); }

std::span<uint8_t> Memory::data() const {
  return {object_->memory->data(), static_cast<size_t>(object_->memory->sizeBytes())};
}

Result<uint64_t> Memory::grow(uint64_t deltaPages) const {
  if (deltaPages != 0 && deltaPages <= kMaxMemoryPages) {
    const uint64_t oldBytes = sizeBytes();
    const uint64_t newBytes = oldBytes + deltaPages * platform::LinearMemory::kPageBytes;
    Result<void> ok =
        object_->store->limiter().checkMemoryGrowth("Memory::grow: memory", oldBytes, newBytes);
    if (!ok) return ok.error();
  }
  int64_t old = object_->grow(deltaPages);
  if (old < 0) {
    return Error{ErrorKind::Limit, Error::kNoOffset, "memory cannot grow by that much"};
  }
  return static_cast<uint64_t>(old);
}

Result<void> Memory::read(uint64_t offset, std::span<uint8_t> out) const {
  uint64_t size = sizeBytes();
  if (offset > size || out.size() > size - offset) {
    return Error{ErrorKind::Trap, Error::kNoOffset, "out of bounds memory access"};
  }
  if (!out.empty()) std::memcpy(out.data(), object_->memory->data() + offset, out.size());
  return {};
}

Result<void> Memory::write(uint64_t offset, std::span<const uint8_t> in) const {
  uint64_t size = sizeBytes();
  if (offset > size || in.size() > size - offset) {
    return Error{ErrorKind::Trap, Error::kNoOffset, "out of bounds memory access"};
  }
  if (!in.empty()) std::memcpy(object_->memory->data() + offset, in.data(), in.size());
  return {};
}

}  // namespace sable
