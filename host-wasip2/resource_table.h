// The host's objects behind a guest's WASI 0.2 resource handles (the rep is the index here),
// with parent/child links: a pollable is a child of the stream it watches, and a parent
// cannot be dropped while children remain (the guest traps instead).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "host-wasi/path_resolver.h"
#include "sable/result.h"
#include "socket_objects.h"

namespace sable::wasip2 {

// An input stream over a host file descriptor (stdin, or a file read from `offset` on), or an
// empty, closed one. A file's stream is a child of its descriptor, which owns the fd.
struct InputStream {
  int fd = -1;                     // -1: always at end of stream
  std::optional<uint64_t> offset;  // a file: where the next read starts (pread)

  // A stream reading `fd` in sequence (stdin, a socket).
  static InputStream reading(int fd) {
    InputStream s;
    s.fd = fd;
    return s;
  }
  // A stream reading the file `fd` from `offset` on.
  static InputStream readingFileAt(int fd, uint64_t offset) {
    InputStream s = reading(fd);
    s.offset = offset;
    return s;
  }
};

// An output stream over a host file descriptor (stdout, stderr, or a file written at `offset`
// or appended to), or a sink discarding writes.
struct OutputStream {
  int fd = -1;                     // -1: discards what is written
  std::optional<uint64_t> offset;  // a file: where the next write lands (pwrite)
  bool append = false;             // a file: every write lands at its end
  bool socket = false;             // a connected socket's (non-blocking, sent without SIGPIPE)

  // A stream writing `fd` in sequence (stdout, stderr).
  static OutputStream writing(int fd) {
    OutputStream s;
    s.fd = fd;
    return s;
  }
  // A stream writing the file `fd` from `offset` on.
  static OutputStream writingFileAt(int fd, uint64_t offset) {
    OutputStream s = writing(fd);
    s.offset = offset;
    return s;
  }
  // A stream appending to the file `fd`.
  static OutputStream appendingTo(int fd) {
    OutputStream s = writing(fd);
    s.append = true;
    return s;
  }
  // A stream sending on the connected socket `fd`.
  static OutputStream sendingOn(int fd) {
    OutputStream s = writing(fd);
    s.socket = true;
    return s;
  }
};

// A wasi:filesystem descriptor: an open file or directory and what the guest may do with it.
struct Descriptor {
  wasi::UniqueFd fd;
  bool directory = false;
  bool read = false, write = false;
  bool mutateDirectory = false;  // a directory: its entries may be created, changed, removed
};

// A directory-entry-stream: the entries of a directory (without "." and ".."), read when the
// stream was made, and the next one to hand out.
struct DirectoryEntries {
  struct Entry {
    std::string name;
    std::string type;  // a descriptor-type case name
  };
  std::vector<Entry> entries;
  size_t next = 0;
};

// What a pollable waits for.
struct Pollable {
  enum class Kind : uint8_t { Ready, Deadline, FdReadable, FdWritable } kind = Kind::Ready;
  uint64_t deadlineNs = 0;  // Deadline: a monotonic-clock instant
  int fd = -1;              // FdReadable / FdWritable
};

// A wasi:io/error: the operation's failure in words.
struct IoError {
  std::string message;
  int hostErrno = 0;  // the failure's errno when it came from the OS, for filesystem-error-code
                      // and network-error-code (0: none)
};

// A terminal-input or terminal-output (no methods).
struct Terminal {};

// One host object.
using HostObject =
    std::variant<InputStream, OutputStream, Pollable, IoError, Terminal, Descriptor,
                 DirectoryEntries, Network, TcpSocket, UdpSocket, IncomingDatagramStream,
                 OutgoingDatagramStream, ResolveAddressStream>;

// The table. Index 0 is never used (reps start at 1).
class ResourceTable {
 public:
  // Adds `object`, a child of `parent` when given; returns its index (the rep).
  Result<uint32_t> add(HostObject object, std::optional<uint32_t> parent = std::nullopt);
  // The object at `rep`, or null for a free or unknown index.
  HostObject* get(uint32_t rep);
  // Removes `rep`: a Trap when it has children still (its parent loses a child).
  Result<void> remove(uint32_t rep);
  // The number of live objects.
  size_t size() const { return live_; }

 private:
  struct Entry {
    HostObject object;
    std::optional<uint32_t> parent;
    uint32_t children = 0;
  };
  std::vector<std::optional<Entry>> entries_ = std::vector<std::optional<Entry>>(1);
  std::vector<uint32_t> free_;
  size_t live_ = 0;
};

// The object at `rep` as a T, or null when it is missing or of another kind.
template <typename T>
T* getAs(ResourceTable& table, uint32_t rep) {
  HostObject* o = table.get(rep);
  return o ? std::get_if<T>(o) : nullptr;
}

}  // namespace sable::wasip2
