// Context::Impl, the resource types the host defines, and Bindings, the helper every
// interface uses to define its functions in a linker.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "resource_table.h"
#include "sable/component_linker.h"
#include "sable/wasip2.h"

namespace sable::wasip2 {

// The host resource types (names for cm::HostContext), set by addToLinker.
struct ResourceTypes {
  cm::HostResource inputStream, outputStream, pollable, error;
  cm::HostResource terminalInput, terminalOutput;
  cm::HostResource descriptor, directoryEntryStream;
  SocketTypes sockets;
};

// A granted directory: the host fd every get-directories descriptor duplicates.
struct Preopen {
  wasi::UniqueFd fd;
  std::string guestPath;
};

struct Context::Impl {
  Config config;
  ResourceTable table;
  std::optional<uint32_t> exitCode;
  ResourceTypes types;
  std::vector<Preopen> preopens;
  // How paths are resolved beneath a directory (tests run both resolvers).
  wasi::Resolver resolver = wasi::Resolver::Openat2;
  // The per-context secret of metadata-hash.
  uint64_t hashKey[2] = {0, 0};
  SocketState sockets;
};

// Interface names, at 0.2.0: the linker matches any 0.2.x import by canonversion.
namespace iface {
inline constexpr std::string_view kError = "wasi:io/error@0.2.0";
inline constexpr std::string_view kPoll = "wasi:io/poll@0.2.0";
inline constexpr std::string_view kStreams = "wasi:io/streams@0.2.0";
inline constexpr std::string_view kFsTypes = "wasi:filesystem/types@0.2.0";
inline constexpr std::string_view kFsPreopens = "wasi:filesystem/preopens@0.2.0";
}  // namespace iface

// Defines functions and resources in a linker for one context, keeping the first error.
class Bindings {
 public:
  Bindings(cm::Linker& linker, Context::Impl& cx) : linker_(linker), cx_(cx) {}

  Context::Impl& context() { return cx_; }

  // A function that may make or read handles.
  void func(std::string_view instance, std::string_view name, cm::HostContextFunc fn);
  // A resource whose objects live in the context's table (the drop removes them).
  cm::HostResource resource(std::string_view instance, std::string_view name);

  // The first error met, if any.
  Result<void> result() const { return first_; }

 private:
  cm::Linker& linker_;
  Context::Impl& cx_;
  Result<void> first_;
};

// The WIT type of every WASI 0.2 function (generated: wasi_func_types.cc).
std::span<const cm::FuncTypeEntry> wasiFuncTypes();

// A Trap error with `message` (a guest broke a rule of the interface).
Error guestTrap(std::string message);

// The interfaces' definitions (one file each).
void defineIo(Bindings& b);
void definePoll(Bindings& b);
void defineCli(Bindings& b);
void defineClocks(Bindings& b);
void defineRandom(Bindings& b);
void defineFilesystem(Bindings& b);
void defineSockets(Bindings& b);

}  // namespace sable::wasip2
