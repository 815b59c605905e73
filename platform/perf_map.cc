// The perf map writer.
#include "platform/perf_map.h"

#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdint>

#include "platform/system_error.h"

namespace sable::platform {

Result<std::unique_ptr<PerfMap>> PerfMap::open() {
  std::string path = "/tmp/perf-" + std::to_string(::getpid()) + ".map";
  std::FILE* file = std::fopen(path.c_str(), "a");
  if (file == nullptr) {
    Error e = systemError("fopen", errno);
    e.message = "cannot open the perf map " + path + ": " + e.message;
    return e;
  }
  return std::unique_ptr<PerfMap>(new PerfMap(file, std::move(path)));
}

PerfMap::~PerfMap() { std::fclose(file_); }

void PerfMap::add(const void* start, size_t size, std::string_view name) {
  std::string line(name);
  for (char& c : line) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  std::lock_guard<std::mutex> lock(mutex_);
  std::fprintf(file_, "%" PRIxPTR " %zx %s\n", reinterpret_cast<uintptr_t>(start), size,
               line.c_str());
  std::fflush(file_);
}

}  // namespace sable::platform
