#include "host-wasi/fd_table.h"

#include <sys/stat.h>
#include <unistd.h>

#include <utility>

namespace sable::wasi {

FdEntry::~FdEntry() {
  if (owned_ && hostFd_ >= 0) ::close(hostFd_);
}

FdEntry::FdEntry(FdEntry&& other) noexcept
    : rightsBase(other.rightsBase),
      rightsInheriting(other.rightsInheriting),
      preopenName(std::move(other.preopenName)),
      hostFd_(std::exchange(other.hostFd_, -1)),
      owned_(other.owned_),
      type_(other.type_) {}

FdEntry& FdEntry::operator=(FdEntry&& other) noexcept {
  if (this != &other) {
    if (owned_ && hostFd_ >= 0) ::close(hostFd_);
    rightsBase = other.rightsBase;
    rightsInheriting = other.rightsInheriting;
    preopenName = std::move(other.preopenName);
    hostFd_ = std::exchange(other.hostFd_, -1);
    owned_ = other.owned_;
    type_ = other.type_;
  }
  return *this;
}

FileType fileTypeFromMode(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFREG:
      return FileType::RegularFile;
    case S_IFDIR:
      return FileType::Directory;
    case S_IFLNK:
      return FileType::SymbolicLink;
    case S_IFCHR:
      return FileType::CharacterDevice;
    case S_IFBLK:
      return FileType::BlockDevice;
    case S_IFSOCK:
      return FileType::SocketStream;
    default:
      return FileType::Unknown;  // FIFOs have no preview 1 file type
  }
}

FdEntry* FdTable::get(uint32_t fd) {
  auto it = entries_.find(fd);
  return it == entries_.end() ? nullptr : &it->second;
}

uint32_t FdTable::insert(FdEntry entry) {
  uint32_t fd = 0;
  for (const auto& [used, _] : entries_) {
    if (used != fd) break;
    ++fd;
  }
  entries_.emplace(fd, std::move(entry));
  return fd;
}

void FdTable::insertAt(uint32_t fd, FdEntry entry) {
  entries_.erase(fd);
  entries_.emplace(fd, std::move(entry));
}

bool FdTable::remove(uint32_t fd) { return entries_.erase(fd) != 0; }

bool FdTable::renumber(uint32_t from, uint32_t to) {
  auto it = entries_.find(from);
  if (it == entries_.end() || entries_.find(to) == entries_.end()) return false;
  if (from == to) return true;
  FdEntry moved = std::move(it->second);
  entries_.erase(it);
  insertAt(to, std::move(moved));
  return true;
}

}  // namespace sable::wasi
