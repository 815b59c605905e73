#include "module_source.h"

#include "cli_util.h"
#include "module_reader.h"
#include "text_format.h"

namespace sable::cli {

LoadedModule loadModule(const std::string& path) {
  ReadResult read = readModule(path);
  if (!read.bytes) return {std::nullopt, false, std::move(read.error)};
  if (!isTextFormat(*read.bytes)) return {std::move(read.bytes), false, {}};
  TextConversion converted = textToBinary(path, *read.bytes);
  return {std::move(converted.binary), true, std::move(converted.error)};
}

std::optional<std::vector<uint8_t>> loadModuleOrReport(const std::string& path) {
  LoadedModule loaded = loadModule(path);
  if (!loaded.binary) reportError(path, loaded.error.message);
  return std::move(loaded.binary);
}

}  // namespace sable::cli
