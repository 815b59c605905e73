// Counters stored as decimal text, the representation every backend shares (Redis INCRBY's),
// so a value written by increment reads back as "42" whichever store holds it.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "sable/result.h"

namespace sable::kv {

// `current` (absent counts as 0) plus `delta`; a current value that is not a decimal s64, or a
// sum that overflows, is a Usage error.
Result<int64_t> addToDecimalCounter(std::optional<std::string_view> current, int64_t delta);

}  // namespace sable::kv
