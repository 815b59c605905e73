// A fixed-capacity set of code address ranges, each with a landing address, that a signal
// handler can search without locks or allocation.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>

namespace sable::platform {

// Ranges [begin, end) of generated code and where a fault inside each should resume.
//
// Writers (add/remove) serialise on a mutex; find() takes no lock, never allocates and never
// blocks, so it may run in a signal handler that interrupted anything, including a writer.
// Each slot is a seqlock: a writer makes the slot's sequence odd, rewrites the fields, then
// makes it even again; a reader that sees an odd or changed sequence ignores the slot. That
// is correct rather than merely convenient: a slot only changes while its range is being
// registered or unregistered, and code must not run (so cannot fault) in a range at that time.
// Slots are never freed, so a reader can never touch released memory.
class CodeRangeRegistry {
 public:
  // Live ranges at once: one per compiled module plus one per engine's stubs.
  static constexpr size_t kCapacity = 4096;

  constexpr CodeRangeRegistry() = default;
  CodeRangeRegistry(const CodeRangeRegistry&) = delete;
  CodeRangeRegistry& operator=(const CodeRangeRegistry&) = delete;

  // Adds a range; returns its slot index, or nullopt when all kCapacity slots are taken.
  // Requires begin < end and landing != 0.
  std::optional<uint32_t> add(uintptr_t begin, uintptr_t end, uintptr_t landing);
  // Removes the range in `slot` (as returned by add).
  void remove(uint32_t slot);
  // The landing address of the range containing `pc`, or 0. Async-signal-safe.
  uintptr_t find(uintptr_t pc) const;

 private:
  // One range. All fields are atomics so that a reader racing a writer is well defined.
  struct Slot {
    std::atomic<uint32_t> sequence{0};  // odd while a writer is changing the fields
    std::atomic<uintptr_t> begin{0};
    std::atomic<uintptr_t> end{0};  // begin == end == 0: empty
    std::atomic<uintptr_t> landing{0};
    bool inUse = false;  // writers only, under writerMutex_
  };

  void write(Slot& slot, uintptr_t begin, uintptr_t end, uintptr_t landing);

  std::mutex writerMutex_;
  // Slots at or past this index are empty, so find() scans only the prefix in use.
  std::atomic<uint32_t> slotsInUse_{0};
  std::array<Slot, kCapacity> slots_{};
};

}  // namespace sable::platform
