#include "module_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <new>
#include <span>

#include "cli_util.h"
#include "sable/module.h"

namespace sable::cli {
namespace {

// Closes a descriptor when it goes out of scope.
struct FdCloser {
  int fd;
  ~FdCloser() { ::close(fd); }
};

// The bytes read so far, in chunks that never move. Growing one block instead copies it (and a
// std::vector zero-fills it) each time it grows, which made reading a stream up to the 1 GiB
// limit several times slower, under ASan most of all. The first chunk holds a regular file
// whole (its size + 1, so that its end is seen without another chunk); a stream's chunks grow
// from 64 KiB to 16 MiB.
class ChunkedBuffer {
 public:
  explicit ChunkedBuffer(size_t sizeHint) : nextChunk_(std::max(sizeHint + 1, kFirstStreamChunk)) {}

  // The free end of the last chunk, after adding a chunk if it is full. Throws std::bad_alloc.
  std::span<uint8_t> room() {
    if (chunks_.empty() || chunks_.back().used == chunks_.back().size) {
      // Left uninitialised: read() fills it.
      chunks_.push_back(Chunk{std::unique_ptr<uint8_t[]>(new uint8_t[nextChunk_]), nextChunk_, 0});
      nextChunk_ = std::max(std::min(2 * nextChunk_, kMaxStreamChunk), kFirstStreamChunk);
    }
    Chunk& last = chunks_.back();
    return {last.data.get() + last.used, last.size - last.used};
  }
  void added(size_t n) {
    Chunk& last = chunks_.back();
    if (std::memchr(last.data.get() + last.used, 0, n) != nullptr) sawNul_ = true;
    last.used += n;
    size_ += n;
  }
  size_t size() const { return size_; }

  // Whether 4 or more bytes are in, they are not the wasm magic "\0asm" (the first chunk
  // always has room for them), and a NUL byte came, which the text format never has.
  bool cannotBeModule() const {
    static constexpr uint8_t kMagic[] = {0x00, 0x61, 0x73, 0x6d};
    return size_ >= sizeof kMagic && sawNul_ &&
           !std::equal(kMagic, kMagic + sizeof kMagic, chunks_.front().data.get());
  }

  // All the bytes, in one vector. Throws std::bad_alloc.
  std::vector<uint8_t> join() const {
    std::vector<uint8_t> bytes;
    bytes.reserve(size_);
    for (const Chunk& c : chunks_) bytes.insert(bytes.end(), c.data.get(), c.data.get() + c.used);
    return bytes;
  }

 private:
  static constexpr size_t kFirstStreamChunk = size_t{64} << 10;
  static constexpr size_t kMaxStreamChunk = size_t{16} << 20;
  struct Chunk {
    std::unique_ptr<uint8_t[]> data;
    size_t size;
    size_t used;
  };
  std::vector<Chunk> chunks_;
  size_t nextChunk_;
  size_t size_ = 0;
  bool sawNul_ = false;
};

enum class ReadEnd { Complete, NotAModule, TooLarge, Failed };

// Reads `fd` to its end, stopping once more than kMaxModuleSize bytes came or once the first
// bytes cannot start a module. Throws std::bad_alloc.
ReadEnd readAll(int fd, ChunkedBuffer& buffer) {
  for (;;) {
    const std::span<uint8_t> room = buffer.room();
    const ssize_t n = ::read(fd, room.data(), room.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ReadEnd::Failed;  // errno says why: EISDIR for a directory, EIO...
    if (n == 0) return ReadEnd::Complete;
    buffer.added(static_cast<size_t>(n));
    if (buffer.size() > kMaxModuleSize) return ReadEnd::TooLarge;
    if (buffer.cannotBeModule()) return ReadEnd::NotAModule;
  }
}

std::string limitText() {
  return std::to_string(kMaxModuleSize) + " bytes (" + std::to_string(kMaxModuleSize >> 30) +
         " GiB)";
}

}  // namespace

ReadResult readModule(const std::string& path) {
  const auto failed = [](std::string message) {
    return ReadResult{std::nullopt, InputError{ErrorKind::Io, std::move(message)}};
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return failed(std::string("cannot open: ") + std::strerror(errno));
  const FdCloser closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return failed(std::string("cannot read: ") + std::strerror(errno));
  const bool regular = S_ISREG(st.st_mode);
  if (regular && static_cast<uint64_t>(st.st_size) > kMaxModuleSize) {
    return failed("too large: " + std::to_string(st.st_size) +
                  " bytes; a module may have at most " + limitText());
  }
  try {
    ChunkedBuffer buffer(regular ? static_cast<size_t>(st.st_size) : 0);
    switch (readAll(fd, buffer)) {
      case ReadEnd::Complete:
      case ReadEnd::NotAModule:  // the decoder reports the header, at offset 0
        return ReadResult{buffer.join(), {}};
      case ReadEnd::TooLarge:
        return failed("too large: more than " + limitText() +
                      ", the most a module may have; stopped reading there");
      case ReadEnd::Failed:
        return failed(std::string("cannot read: ") + std::strerror(errno));
    }
  } catch (const std::bad_alloc&) {
    return failed("cannot read: out of memory");
  }
  return failed("cannot read");
}

}  // namespace sable::cli
