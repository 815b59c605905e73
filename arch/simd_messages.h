// The Unsupported messages of SIMD code generation. The spec harness counts modules refused
// with them apart from passes and failures (see tests/spec), so they are spelled once, here,
// in a header with no dependencies.
#pragma once

namespace sable::arch {

// The ISA configuration has no SIMD code generation (x86-64 without SSE4.1, or the
// baseline-ISA option).
inline constexpr const char* kSimdUnavailableMessage =
    "SIMD code generation is unavailable: it needs SSE4.1, which this CPU or the baseline-ISA "
    "configuration lacks";
// The back end does not compile this SIMD operator yet; the operator's text name follows.
inline constexpr const char* kSimdOperatorNotCompiled = "SIMD operator not compiled: ";

}  // namespace sable::arch
