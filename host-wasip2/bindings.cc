// Bindings: defining a context's functions and resources, and the first error of doing so.
#include "context_impl.h"

namespace sable::wasip2 {

Error guestTrap(std::string message) {
  return Error{ErrorKind::Trap, Error::kNoOffset, std::move(message)};
}

void Bindings::func(std::string_view instance, std::string_view name, cm::HostContextFunc fn) {
  // Every function is defined with its WIT type, so the linker refuses a guest that imports it
  // with another: the functions may then rely on the count and shape of what they are given.
  std::string_view type = cm::funcTypeOf(wasiFuncTypes(), instance, name);
  Result<void> r =
      type.empty()
          ? Result<void>(Error{ErrorKind::Usage, Error::kNoOffset,
                               "wasi:0.2 host: no WIT type for `" + std::string(instance) + "#" +
                                   std::string(name) + "` (scripts/gen_func_types.sh)"})
          : linker_.defineContextFunc(instance, name, type, std::move(fn));
  if (!r && first_) first_ = r;
}

cm::HostResource Bindings::resource(std::string_view instance, std::string_view name) {
  ResourceTable* table = &cx_.table;
  Result<cm::HostResource> r =
      linker_.defineResource(instance, name, [table](uint32_t rep) { return table->remove(rep); });
  if (!r) {
    if (first_) first_ = r.error();
    return {};
  }
  return *r;
}

}  // namespace sable::wasip2
