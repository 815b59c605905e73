// FdTable: the guest's file descriptors. A guest fd is an index into this table, never a host fd,
// so the guest can only name what it was given (stdio, preopens) or opened through them.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "host-wasi/wasi_types.h"

namespace sable::wasi {

// One open guest fd: the host fd behind it, what it is, and the rights the guest holds on it.
// Owns the host fd (closes it on destruction) unless it is borrowed stdio.
class FdEntry {
 public:
  FdEntry(int hostFd, bool owned, FileType type, uint64_t base, uint64_t inheriting)
      : rightsBase(base),
        rightsInheriting(inheriting),
        hostFd_(hostFd),
        owned_(owned),
        type_(type) {}
  ~FdEntry();
  FdEntry(FdEntry&& other) noexcept;
  FdEntry& operator=(FdEntry&& other) noexcept;
  FdEntry(const FdEntry&) = delete;
  FdEntry& operator=(const FdEntry&) = delete;

  int hostFd() const { return hostFd_; }
  FileType type() const { return type_; }
  bool isDirectory() const { return type_ == FileType::Directory; }

  uint64_t rightsBase;
  uint64_t rightsInheriting;
  // Set for preopened directories: the name fd_prestat_dir_name reports.
  std::optional<std::string> preopenName;

 private:
  int hostFd_;
  bool owned_;
  FileType type_;
};

// The WASI file type of a host st_mode.
FileType fileTypeFromMode(mode_t mode);

// Guest fd -> FdEntry. New fds get the lowest free number, as POSIX does, so guests that assume
// that (wasi-libc's preopen scan) behave as on a real system.
class FdTable {
 public:
  FdEntry* get(uint32_t fd);
  uint32_t insert(FdEntry entry);
  // Puts `entry` at exactly `fd`, replacing (and closing) what was there.
  void insertAt(uint32_t fd, FdEntry entry);
  bool remove(uint32_t fd);
  // fd_renumber: moves `from` onto `to`; false if either is not open.
  bool renumber(uint32_t from, uint32_t to);

 private:
  std::map<uint32_t, FdEntry> entries_;
};

}  // namespace sable::wasi
