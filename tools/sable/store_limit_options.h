// The store limits `sable run` puts on the program (--max-memory-size, --max-table-elements),
// their defaults, and how its messages name them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "command_line.h"
#include "sable/store_limits.h"

namespace sable::cli {

// What the options ask for. The defaults refuse no valid program's memory (a 32-bit memory
// has at most 4 GiB) and keep each table to 8 MB of pointers, far above what compilers emit
// (one element per address-taken function).
struct StoreLimitOptions {
  static constexpr uint64_t kDefaultMaxMemoryBytes = uint64_t{4} << 30;
  static constexpr uint64_t kDefaultMaxTableElements = 1'000'000;

  uint64_t maxMemoryBytes = kDefaultMaxMemoryBytes;      // --max-memory-size, per memory
  uint64_t maxTableElements = kDefaultMaxTableElements;  // --max-table-elements, per table

  // Adds --max-memory-size BYTES and --max-table-elements N to `line`.
  void addTo(CommandLine& line);

  // Reads the values given to the options into the fields above; the usage error's message
  // when one is not a size or a count.
  std::optional<std::string> readGiven();

  StoreLimits storeLimits() const;

 private:
  std::string maxMemoryText_;  // as given, empty when not
  std::string maxTableText_;
};

// `message` with each StoreLimits field the options set ("(StoreLimits::maxMemoryBytes)")
// named by its option instead ("(--max-memory-size)"), so the user knows what to raise.
std::string nameLimitOptions(std::string message);

}  // namespace sable::cli
