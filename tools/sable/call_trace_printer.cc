// --trace-calls lines (call_trace_printer.h).
#include "call_trace_printer.h"

#include <iostream>

#include "sable/component_wave.h"
#include "sable/printable.h"

namespace sable::cli {
namespace {

std::string waveList(std::span<const cm::Val> values) {
  std::string out;
  for (const cm::Val& v : values) {
    if (!out.empty()) out += ", ";
    out += cm::toWave(v);
  }
  return out;
}

}  // namespace

std::string formatTracedCall(const cm::TracedCall& call) {
  std::string line = "[" + printableName(call.caller) + " -> " + printableName(call.callee) + "] " +
                     printableName(call.function) + "(" + waveList(call.args) + ")";
  if (call.error) {
    line += " -> error: " + call.error->message;
  } else if (!call.results.empty()) {
    line += " -> " + waveList(call.results);
  }
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(call.duration).count();
  return line + " (" + std::to_string(micros) + " us)";
}

cm::CallTracer stderrCallTracer() {
  return [](const cm::TracedCall& call) { std::cerr << formatTracedCall(call) << '\n'; };
}

}  // namespace sable::cli
