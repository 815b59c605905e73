// Linux perf's map of JIT code: /tmp/perf-PID.map, one "START SIZE NAME" line (hex start and
// size) per function, which `perf report` and `perf top` read to name samples that fall in
// code no ELF file describes.
#pragma once

#include <cstddef>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "sable/result.h"

namespace sable::platform {

// An open perf map of this process, appended to by every module an engine compiles.
class PerfMap {
 public:
  // Opens /tmp/perf-<pid>.map for appending (created if absent). An Io error when it cannot.
  static Result<std::unique_ptr<PerfMap>> open();
  ~PerfMap();
  PerfMap(const PerfMap&) = delete;
  PerfMap& operator=(const PerfMap&) = delete;

  // Adds the function `name` at [start, start + size). Thread-safe; the line is flushed at
  // once, so a profiler sees it even if the process dies. Control characters and newlines in
  // `name` (a guest chooses its names) are written as '?', so each function stays one line.
  void add(const void* start, size_t size, std::string_view name);

  // The file's path.
  const std::string& path() const { return path_; }

 private:
  PerfMap(std::FILE* file, std::string path) : file_(file), path_(std::move(path)) {}

  std::mutex mutex_;
  std::FILE* file_;
  std::string path_;
};

}  // namespace sable::platform
