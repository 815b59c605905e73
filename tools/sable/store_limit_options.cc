#include "store_limit_options.h"

#include <string_view>

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
