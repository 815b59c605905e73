// WASI 0.2 for components (wasi:cli, wasi:io, wasi:clocks, wasi:random, wasi:filesystem) for
// embedders: a capability-based host, like the preview 1 host (sable/wasi.h), over the
// component API. The guest reaches only what its Config grants. Each component instance gets
// its own Context.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "sable/component_linker.h"
#include "sable/result.h"
#include "sable/store.h"
#include "sable/wasi.h"

namespace sable::wasip2 {

// What a guest may reach: arguments (argv[0] included), "KEY=VALUE" variables, preopened
// directories and which of the host's stdio streams it gets. The grants of preview 1
// (WasiConfig, whose inheritStdio sets all three streams), with each stream granted on its own
// (a plug granted only stderr). A stream not granted reads as empty or discards what is written.
struct Config : WasiConfig {
  Config() = default;
  // The preview 1 grants; each stream follows `base.inheritStdio`.
  Config(const WasiConfig& base)  // NOLINT(google-explicit-constructor): same grants
      : WasiConfig(base),
        stdinGranted(base.inheritStdio),
        stdoutGranted(base.inheritStdio),
        stderrGranted(base.inheritStdio) {}
  bool stdinGranted = true;
  bool stdoutGranted = true;
  bool stderrGranted = true;
};

// An IP address (4 bytes for IPv4, 16 for IPv6, network order) and a port.
struct SocketAddress {
  bool ipv6 = false;
  std::array<uint8_t, 16> ip{};  // IPv4 uses the first 4 bytes
  uint16_t port = 0;
  friend bool operator==(const SocketAddress&, const SocketAddress&) = default;
};

// What wasi:sockets may reach. Nothing by default: instance-network exists, but every
// operation returns access-denied before reaching the OS. A grant names an address exactly
// (loopback is not special); a grant with port 0 admits any port of that address.
struct SocketPolicy {
  bool inheritNetwork = false;            // everything below, for every address
  std::vector<SocketAddress> tcpConnect;  // tcp start-connect to these
  std::vector<SocketAddress> tcpListen;   // tcp start-bind (then listen/accept) to these
  std::vector<SocketAddress> udp;         // udp bind to, stream to and send to these
  bool ipNameLookup = false;              // ip-name-lookup resolve-addresses
  uint32_t maxSockets = 256;              // open sockets at once (new-socket-limit past it)
};

// The addresses "HOST:PORT" names ("[::1]:80", "127.0.0.1:0", "localhost:8080", which the
// host resolves now): a Usage error naming what is wrong.
Result<std::vector<SocketAddress>> resolveSocketGrant(std::string_view hostPort);

// The WASI state of one component instance: its resources (streams, pollables, ...), its
// arguments and environment, and how it exited. It must outlive every call into the instance.
// Give every instance its own: components linked together (cm::Linker::defineInstance) each
// get a Context with their own grants, added to the linker that instantiates that component.
class Context {
 public:
  // A context granting `config`: opens its preopened directories (an Io error naming one that
  // cannot be opened), which wasi:filesystem's get-directories then lists.
  static Result<std::unique_ptr<Context>> create(const Config& config);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  // Set once the guest called wasi:cli/exit: 0 for exit(ok), 1 for exit(err), N for
  // exit-with-code(N). The call that reached exit returns an error (so the guest stops):
  // check this first to tell an exit from a trap.
  std::optional<uint32_t> exitCode() const;

  // What the guest's wasi:sockets may reach (set before instantiating; denies all until set).
  void setSocketPolicy(SocketPolicy policy);

  // The guest's state (defined in host-wasip2/context_impl.h).
  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  explicit Context(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Defines every function and resource of the wasi:cli, wasi:io, wasi:clocks, wasi:random and
// wasi:filesystem 0.2 interfaces in `linker` (imports of any 0.2.x version link), working on
// `context`, which must outlive every instance the linker makes.
Result<void> addToLinker(cm::Linker& linker, Context& context);

// The name of a command's export: `wasi:cli/run@0.2.0#run` matches any 0.2.x version.
inline constexpr const char* kRunExport = "wasi:cli/run@0.2.0#run";

// Runs a command instance (its wasi:cli/run export): the exit status 0 for ok, 1 for err, or
// the status the guest gave wasi:cli/exit. An error for a trap or a missing run export.
Result<uint32_t> runCommand(Store& store, const cm::ComponentInstance& instance, Context& context);

}  // namespace sable::wasip2
