// Decodes a module binary's sections into a ModuleInfo and checks every module-level rule
// (index spaces, limits, constant expressions, exports, start). Function bodies are only
// delimited here; FunctionBodyDecoder validates them (and the JIT compiles them) afterwards.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "core/module_info.h"
#include "sable/result.h"

namespace sable {

// Implementation limits on counts, as in the JS API so modules portable elsewhere load here.
inline constexpr uint32_t kMaxTypes = 1000000;
inline constexpr uint32_t kMaxFunctions = 1000000;
inline constexpr uint32_t kMaxImports = 100000;
inline constexpr uint32_t kMaxExports = 100000;
inline constexpr uint32_t kMaxGlobals = 1000000;
inline constexpr uint32_t kMaxTables = 100000;
inline constexpr uint32_t kMaxDataSegments = 100000;
inline constexpr uint32_t kMaxElementSegments = 10000000;
inline constexpr uint32_t kMaxTableInitSize = 10000000;
inline constexpr uint32_t kMaxFunctionParams = 1000;
inline constexpr uint32_t kMaxFunctionResults = 1000;
inline constexpr uint32_t kMaxFunctionSize = 7654321;

Result<std::shared_ptr<ModuleInfo>> decodeModule(std::span<const uint8_t> bytes);

}  // namespace sable
