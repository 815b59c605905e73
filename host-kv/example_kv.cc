// example:kv/kv-store over a kv::Backend. Both functions keep the backend alive through the
// closures the linker holds.
#include "sable/component_typed.h"
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
  auto get = [backend, bucket](std::string_view key) -> Result<std::optional<std::string>> {
    auto value = backend->get(*bucket, key);
    if (!value) return trapFrom("get", value.error());
    return std::move(*value);
  };
  auto set = [backend, bucket](std::string_view key, std::string_view value) -> Result<void> {
    auto stored = backend->set(*bucket, key, value);
    if (!stored) return trapFrom("set", stored.error());
    return {};
  };
  if (auto defined = cm::defineTypedFunc(linker, kInterface, "get", {"key"}, std::move(get));
      !defined)
    return defined;
  return cm::defineTypedFunc(linker, kInterface, "set", {"key", "value"}, std::move(set));
}

}  // namespace sable::kv
