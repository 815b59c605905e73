// SavedStdioFlags: the status flags of the host's stdio descriptors as the guest received them.
// A guest changes them with fd_fdstat_set_flags (O_APPEND, O_NONBLOCK), and they belong to open
// file descriptions the host shares with other processes (the shell's terminal, the other end of
// a pipe): left on, O_NONBLOCK breaks the shell that started `sable run`. They are put back when
// the guest's state is destroyed.
#pragma once

#include <array>

namespace sable::wasi {

class SavedStdioFlags {
 public:
  SavedStdioFlags() = default;
  // Puts back the saved flags of every saved descriptor that still differs.
  ~SavedStdioFlags();
  SavedStdioFlags(const SavedStdioFlags&) = delete;
  SavedStdioFlags& operator=(const SavedStdioFlags&) = delete;

  // Records the flags of host descriptor `fd` (0, 1 or 2) and keeps a duplicate of it, so that
  // the restoration reaches the same open file description even if the embedder reuses `fd`
  // meanwhile. Nothing is recorded if `fd` is not open.
  void save(int fd);

 private:
  struct Saved {
    int duplicate = -1;
    int flags = 0;
  };
  std::array<Saved, 3> saved_{};
};

}  // namespace sable::wasi
