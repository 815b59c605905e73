// Moving spec-script values in and out of the embedding API, and judging what an execution
// returned: the pieces of the execution stage that need no engine, so they are unit-tested.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parse_result.h"
#include "sable/value.h"
#include "spec_value.h"

namespace sable::spec {

// The host references a script creates with `ref.extern N`. Each N gets its own opaque,
// non-null pointer (the address of a cell this table owns), so an externref passed into wasm
// and returned from it can be mapped back to N and compared by identity. One table per script.
class HostRefTable {
 public:
  HostRefTable() = default;
  HostRefTable(const HostRefTable&) = delete;
  HostRefTable& operator=(const HostRefTable&) = delete;

  // The pointer standing for `ref.extern hostValue`; the same one every time.
  void* pointerFor(uint64_t hostValue);
  // The N a pointer stands for, or nullopt for a pointer this table never handed out.
  std::optional<uint64_t> hostValueOf(const void* pointer) const;

 private:
  std::deque<uint64_t> cells_;  // stable addresses: the pointers handed out
  std::map<uint64_t, void*> byValue_;
  std::map<const void*, uint64_t> byPointer_;
};

// An argument for Func::call. Fails for values a script cannot pass (NaN patterns, non-null
// funcrefs, which no script can name).
ParseResult<Value> toApiValue(const SpecValue& value, HostRefTable& hostRefs);

// A result as a concrete SpecValue, so SpecValue::matches can judge it. Fails for an externref
// whose pointer the script never created (the engine invented or corrupted a reference).
ParseResult<SpecValue> fromApiValue(const Value& value, const HostRefTable& hostRefs);

// Compares an action's results with an assert_return's expectations: count, then each value.
// Returns "" when they match, else a description such as
// "result 0: expected i32:1 (0x1), got i32:2 (0x2)".
std::string compareResults(std::span<const SpecValue> expected, std::span<const Value> actual,
                           const HostRefTable& hostRefs);

// "[i32:1 (0x1), f32:nan:canonical]" for expectations and "[i32:2 (0x2)]" for results.
std::string describeValues(std::span<const SpecValue> values);
std::string describeValues(std::span<const Value> values, const HostRefTable& hostRefs);

// Whether a trap message agrees with the one the reference interpreter gives (the script's
// text). Loose: the script's text is often a prefix ("uninitialized element" for
// "uninitialized element 2") and engines word a few traps differently, so either text may
// contain the other. Only used to annotate passes; any trap passes an assert_trap.
bool trapMessageAgrees(std::string_view expected, std::string_view actual);

}  // namespace sable::spec
