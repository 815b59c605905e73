// StoreLimits: how much one Store may hold, chosen by the embedder (the counterpart of
// wasmtime's StoreLimits). A process hosting untrusted guests bounds each guest's memory and
// table space with these, rather than learning about exhaustion from the operating system.
#pragma once

#include <cstdint>
#include <optional>

namespace sable {

// Limits on everything a Store creates: instances, and the memories and tables that
// instantiation, Memory::create and Table::create make. An unset field means "no limit beyond
// the implementation's own" (65536 pages per memory, 10,000,000 elements per table).
//
// Creating something past a limit fails with ErrorKind::ResourceExhausted and a message naming
// the limit (e.g. "(StoreLimits::maxMemoryBytes)"); instantiation checks every limit before it
// creates anything, so a refused instantiation leaves no trace in the store. Growing past a
// limit fails the wasm way: `memory.grow` and `table.grow` return -1 and the guest carries on;
// Memory::grow and Table::grow return ErrorKind::ResourceExhausted. Lowering a limit below what
// the store already holds keeps what exists and refuses further creation and growth.
struct StoreLimits {
  // Bytes one linear memory may have (a multiple of 64 KiB is meaningful: memories grow by
  // whole pages, and a page that would cross the limit is refused).
  std::optional<uint64_t> maxMemoryBytes;
  // Bytes all of the store's linear memories may have together.
  std::optional<uint64_t> maxTotalMemoryBytes;
  // Elements one table may have.
  std::optional<uint64_t> maxTableElements;
  // Instances the store may create (successful or not: a failed instantiation that got as far
  // as running segments or the start function still holds its instance).
  std::optional<uint64_t> maxInstances;
  // Tables the store may create, imported ones counted where they were created.
  std::optional<uint64_t> maxTables;
  // Linear memories the store may create, imported ones counted where they were created.
  std::optional<uint64_t> maxMemories;
};

// What a Store holds now, in the units of StoreLimits (Store::usage()).
struct StoreUsage {
  uint64_t memoryBytes = 0;  // the current size of all memories together
  uint64_t instances = 0;    // instances created
  uint64_t tables = 0;       // tables created
  uint64_t memories = 0;     // memories created
};

}  // namespace sable
