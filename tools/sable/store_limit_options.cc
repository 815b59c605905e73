#include "store_limit_options.h"

#include <string_view>

#include "byte_size.h"
#include "whole_number.h"

namespace sable::cli {

namespace {

struct FieldOption {
  std::string_view field;
  std::string_view option;
};

constexpr FieldOption kFieldOptions[] = {
    {"(StoreLimits::maxMemoryBytes)", "(--max-memory-size)"},
    {"(StoreLimits::maxTableElements)", "(--max-table-elements)"},
};

}  // namespace

void StoreLimitOptions::addTo(CommandLine& line) {
  line.addValue("--max-memory-size", maxMemoryText_);
  line.addValue("--max-table-elements", maxTableText_);
}

std::optional<std::string> StoreLimitOptions::readGiven() {
  if (!maxMemoryText_.empty()) {
    const std::optional<uint64_t> bytes = parseByteSize(maxMemoryText_);
    if (!bytes) return "--max-memory-size takes BYTES (e.g. 64M)";
    maxMemoryBytes = *bytes;
  }
  if (!maxTableText_.empty()) {
    const std::optional<uint64_t> elements = parseWholeNumber(maxTableText_);
    if (!elements) return "--max-table-elements takes a whole number";
    maxTableElements = *elements;
  }
  return std::nullopt;
}

StoreLimits StoreLimitOptions::storeLimits() const {
  StoreLimits limits;
  limits.maxMemoryBytes = maxMemoryBytes;
  limits.maxTableElements = maxTableElements;
  return limits;
}

std::string nameLimitOptions(std::string message) {
  for (const FieldOption& f : kFieldOptions) {
    for (size_t at = message.find(f.field); at != std::string::npos;
         at = message.find(f.field, at + f.option.size())) {
      message.replace(at, f.field.size(), f.option);
    }
  }
  return message;
}

}  // namespace sable::cli
