// example:kv/kv-store over a kv::Backend. Both functions keep the backend alive through the
// closures the linker holds.
#include "host-kv/kv_func_types.h"
#include "sable/kv_example.h"

namespace sable::kv {
namespace {

constexpr std::string_view kInterface = "example:kv/kv-store";

// A store failure as the trap the guest sees (the interface cannot return it).
Error trapFrom(std::string_view func, const Error& error) {
  return Error{ErrorKind::Trap, Error::kNoOffset,
               std::string(kInterface) + "#" + std::string(func) + ": " + error.message};
}

}  // namespace

Result<void> addExampleKv(cm::Linker& linker, std::shared_ptr<Backend> backend,
                          ExampleKvOptions options) {
  if (backend == nullptr)
    return Error{ErrorKind::Usage, Error::kNoOffset, "addExampleKv: no key-value store"};
  auto bucket = std::make_shared<const std::string>(std::move(options.bucket));
  auto get = [backend, bucket](std::span<const cm::Val> args,
                               std::span<cm::Val> results) -> Result<void> {
    auto value = backend->get(*bucket, args[0].asString());
    if (!value) return trapFrom("get", value.error());
    results[0] = *value ? cm::Val::some(cm::Val::string(std::move(**value))) : cm::Val::none();
    return {};
  };
  auto set = [backend, bucket](std::span<const cm::Val> args, std::span<cm::Val>) -> Result<void> {
    auto stored = backend->set(*bucket, args[0].asString(), args[1].asString());
    if (!stored) return trapFrom("set", stored.error());
    return {};
  };
  Result<std::string_view> getType = kvFuncType(kInterface, "get");
  if (!getType) return getType.error();
  Result<std::string_view> setType = kvFuncType(kInterface, "set");
  if (!setType) return setType.error();
  if (auto defined = linker.defineFunc(kInterface, "get", *getType, std::move(get)); !defined)
    return defined;
  return linker.defineFunc(kInterface, "set", *setType, std::move(set));
}

}  // namespace sable::kv
