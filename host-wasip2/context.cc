// wasip2::Context, addToLinker and runCommand.
#include <random>

#include "context_impl.h"
#include "host-wasi/path_ops.h"

namespace sable::wasip2 {

Context::Context(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Context::~Context() = default;

Result<std::unique_ptr<Context>> Context::create(const Config& config) {
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  for (const WasiPreopen& preopen : config.preopens) {
    Result<wasi::UniqueFd> fd = wasi::openPreopenDirectory(preopen.hostPath);
    if (!fd) return fd.error();
    impl->preopens.push_back(Preopen{std::move(*fd), preopen.guestPath});
  }
  std::random_device seed;
  for (uint64_t& k : impl->hashKey) k = (uint64_t{seed()} << 32) | seed();
  return std::unique_ptr<Context>(new Context(std::move(impl)));
}

std::optional<uint32_t> Context::exitCode() const { return impl_->exitCode; }

void Context::setSocketPolicy(SocketPolicy policy) { impl_->sockets.policy = std::move(policy); }

Result<void> addToLinker(cm::Linker& linker, Context& context) {
  // A failed definition must not unbind the types an earlier, successful call gave the
  // context (its functions read them at call time).
  const ResourceTypes before = context.impl().types;
  Bindings b(linker, context.impl());
  defineIo(b);
  definePoll(b);
  defineCli(b);
  defineClocks(b);
  defineRandom(b);
  defineFilesystem(b);
  defineSockets(b);
  if (!b.result()) context.impl().types = before;
  return b.result();
}

Result<uint32_t> runCommand(Store& store, const cm::ComponentInstance& instance, Context& context) {
  Result<cm::ComponentFunc> run = instance.getFunc(kRunExport);
  if (!run) return run.error();
  Result<std::vector<cm::Val>> out = run->call(store, {});
  if (std::optional<uint32_t> code = context.exitCode()) return *code;
  if (!out) return out.error();
  if (out->size() != 1) {
    return Error{ErrorKind::Usage, Error::kNoOffset, "wasi:cli/run#run returned no result"};
  }
  return (*out)[0].caseName() == "ok" ? 0u : 1u;
}

}  // namespace sable::wasip2
