#include "host-kv/decimal_counter.h"

#include <charconv>

#include "host-kv/kv_errors.h"

namespace sable::kv {

Result<int64_t> addToDecimalCounter(std::optional<std::string_view> current, int64_t delta) {
  int64_t value = 0;
  if (current) {
    const char* end = current->data() + current->size();
    auto [ptr, ec] = std::from_chars(current->data(), end, value);
    if (current->empty() || ec != std::errc() || ptr != end)
      return usageError("increment: the value is not a decimal 64-bit integer");
  }
  int64_t sum = 0;
  if (__builtin_add_overflow(value, delta, &sum))
    return usageError("increment: the result does not fit in 64 bits");
  return sum;
}

}  // namespace sable::kv
