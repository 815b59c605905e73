// WasiContext: builds a guest's initial fd table from a WasiConfig. Destroying it puts back the
// stdio flags the guest changed (wasi_state.h, saved_stdio_flags.h).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "host-wasi/path_ops.h"
#include "host-wasi/wasi_context_impl.h"
#include "sable/wasi.h"

namespace sable {

using wasi::FdEntry;
using wasi::FileType;
namespace rights = wasi::rights;

WasiContext::WasiContext(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WasiContext::~WasiContext() = default;

Result<std::unique_ptr<WasiContext>> WasiContext::create(const WasiConfig& config) {
  auto state = std::make_unique<Impl>();
  state->args = config.args;
  state->env = config.env;
  // Fds 0-2 exist even without stdio so that preopens start at 3, where wasi-libc looks.
  for (int fd = 0; fd < 3; ++fd) {
    struct stat st {};
    bool usable = config.inheritStdio && ::fstat(fd, &st) == 0;
    FileType type = usable ? wasi::fileTypeFromMode(st.st_mode) : FileType::Unknown;
    // Streams only, never seekable (which is also what makes wasi-libc's isatty(), "a character
    // device without seek/tell", true for a terminal).
    uint64_t base = !usable ? 0 : fd == 0 ? rights::kStdinBase : rights::kStdoutBase;
    if (usable) state->stdioFlags.save(fd);
    state->fds.insertAt(static_cast<uint32_t>(fd),
                        FdEntry(usable ? fd : -1, /*owned=*/false, type, base, 0));
  }
  for (const WasiPreopen& preopen : config.preopens) {
    Result<wasi::UniqueFd> fd = wasi::openPreopenDirectory(preopen.hostPath);
    if (!fd) return fd.error();
    FdEntry entry(fd->release(), /*owned=*/true, FileType::Directory, rights::kDirectoryBase,
                  rights::kAll);
    entry.preopenName = preopen.guestPath;
    state->fds.insert(std::move(entry));
  }
  return std::unique_ptr<WasiContext>(new WasiContext(std::move(state)));
}

void WasiContext::bindMemory(Memory memory) { impl_->memory = memory; }

std::optional<uint32_t> WasiContext::exitCode() const { return impl_->exitCode; }

}  // namespace sable
