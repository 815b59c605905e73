// wasi:cli: environment (the granted arguments and variables; the initial cwd when the config
// sets one), exit (recorded in the context, then the guest stops with an error), stdio streams
// over the host's fds 0-2, each when granted (else an empty stdin or a discarding output), and
// terminal-* (a terminal for a granted stdio fd that is a tty, none otherwise).
#include <unistd.h>

#include <string>
#include <tuple>

#include "val_util.h"

namespace sable::wasip2 {
namespace {

constexpr std::string_view kEnvironment = "wasi:cli/environment@0.2.0";
constexpr std::string_view kExit = "wasi:cli/exit@0.2.0";

// The message of the error that stops a guest calling exit.
constexpr const char* kExitMessage = "wasi:cli/exit called";

Val environment(const Config& config) {
  std::vector<Val> vars;
  for (const std::string& kv : config.env) {
    size_t eq = kv.find('=');
    std::string key = kv.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : kv.substr(eq + 1);
    vars.push_back(Val::tuple({Val::string(key), Val::string(value)}));
  }
  return Val::list(std::move(vars));
}

Val arguments(const Config& config) {
  std::vector<Val> args;
  for (const std::string& a : config.args) args.push_back(Val::string(a));
  return Val::list(std::move(args));
}

cm::HostContextFunc constant(Val v) {
  return [v](HostContext&, Args, Results results) -> Result<void> {
    results[0] = v;
    return {};
  };
}

void defineEnvironment(Bindings& b) {
  const Config& config = b.context().config;
  b.func(kEnvironment, "get-environment", constant(environment(config)));
  b.func(kEnvironment, "get-arguments", constant(arguments(config)));
  b.func(kEnvironment, "initial-cwd",
         constant(config.initialCwd ? Val::some(Val::string(*config.initialCwd)) : Val::none()));
}

void defineExit(Bindings& b) {
  Context::Impl* cx = &b.context();
  b.func(kExit, "exit", [cx](HostContext&, Args args, Results) -> Result<void> {
    cx->exitCode = args[0].caseName() == "ok" ? 0 : 1;
    return guestTrap(kExitMessage);
  });
  b.func(kExit, "exit-with-code", [cx](HostContext&, Args args, Results) -> Result<void> {
    cx->exitCode = args[0].asU8();
    return guestTrap(kExitMessage);
  });
}

// get-stdin / get-stdout / get-stderr: a new stream handle over `fd` (or an empty/discarding
// stream for a stream not granted).
void defineStdio(Bindings& b) {
  Context::Impl* cx = &b.context();
  int in = cx->config.stdinGranted ? 0 : -1;
  b.func("wasi:cli/stdin@0.2.0", "get-stdin",
         [cx, in](HostContext& hcx, Args, Results results) -> Result<void> {
           Result<Val> h = newObject(hcx, *cx, cx->types.inputStream, InputStream::reading(in));
           if (!h) return h.error();
           results[0] = std::move(*h);
           return {};
         });
  for (auto [iface, name, out] :
       {std::tuple{"wasi:cli/stdout@0.2.0", "get-stdout", cx->config.stdoutGranted ? 1 : -1},
        std::tuple{"wasi:cli/stderr@0.2.0", "get-stderr", cx->config.stderrGranted ? 2 : -1}}) {
    // clang 14 cannot capture a structured binding (a C++20 feature it lacks): copy it first.
    int fd = out;
    b.func(iface, name, [cx, fd](HostContext& hcx, Args, Results results) -> Result<void> {
      Result<Val> h = newObject(hcx, *cx, cx->types.outputStream, OutputStream::writing(fd));
      if (!h) return h.error();
      results[0] = std::move(*h);
      return {};
    });
  }
}

void defineTerminals(Bindings& b) {
  Context::Impl* cx = &b.context();
  cx->types.terminalInput = b.resource("wasi:cli/terminal-input@0.2.0", "terminal-input");
  cx->types.terminalOutput = b.resource("wasi:cli/terminal-output@0.2.0", "terminal-output");
  for (auto [t, fd, granted] : {std::tuple{"stdin", 0, cx->config.stdinGranted},
                                std::tuple{"stdout", 1, cx->config.stdoutGranted},
                                std::tuple{"stderr", 2, cx->config.stderrGranted}}) {
    const bool tty = granted && ::isatty(fd) == 1;
    const cm::HostResource* type = fd == 0 ? &cx->types.terminalInput : &cx->types.terminalOutput;
    b.func(std::string("wasi:cli/terminal-") + t + "@0.2.0", std::string("get-terminal-") + t,
           [cx, tty, type](HostContext& hcx, Args, Results results) -> Result<void> {
             if (!tty) {
               results[0] = Val::none();
               return {};
             }
             Result<Val> h = newObject(hcx, *cx, *type, Terminal{});
             if (!h) return h.error();
             results[0] = Val::some(std::move(*h));
             return {};
           });
  }
}

}  // namespace

void defineCli(Bindings& b) {
  defineEnvironment(b);
  defineExit(b);
  defineStdio(b);
  defineTerminals(b);
}

}  // namespace sable::wasip2
