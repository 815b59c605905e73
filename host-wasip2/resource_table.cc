// ResourceTable: reps reused last-freed-first, parents counting their children.
#include "resource_table.h"

namespace sable::wasip2 {

namespace {
// Bounds the table like the canonical ABI bounds a handle table.
constexpr size_t kMaxEntries = (size_t{1} << 28) - 1;
}  // namespace

Result<uint32_t> ResourceTable::add(HostObject object, std::optional<uint32_t> parent) {
  if (parent && !get(*parent)) {
    return Error{ErrorKind::Trap, Error::kNoOffset, "unknown parent resource"};
  }
  uint32_t rep;
  if (!free_.empty()) {
    rep = free_.back();
    free_.pop_back();
  } else {
    if (entries_.size() >= kMaxEntries) {
      return Error{ErrorKind::ResourceExhausted, Error::kNoOffset, "too many WASI resources"};
    }
    rep = static_cast<uint32_t>(entries_.size());
    entries_.emplace_back();
  }
  entries_[rep] = Entry{std::move(object), parent, 0};
  if (parent) ++entries_[*parent]->children;
  ++live_;
  return rep;
}

HostObject* ResourceTable::get(uint32_t rep) {
  if (rep >= entries_.size() || !entries_[rep]) return nullptr;
  return &entries_[rep]->object;
}

Result<void> ResourceTable::remove(uint32_t rep) {
  if (!get(rep)) return Error{ErrorKind::Trap, Error::kNoOffset, "unknown WASI resource"};
  if (entries_[rep]->children != 0) {
    return Error{ErrorKind::Trap, Error::kNoOffset,
                 "resource has children: drop its pollables first"};
  }
  if (std::optional<uint32_t> parent = entries_[rep]->parent; parent && entries_[*parent]) {
    --entries_[*parent]->children;
  }
  entries_[rep].reset();
  free_.push_back(rep);
  --live_;
  return {};
}

}  // namespace sable::wasip2
