// The seed's `example:kv/kv-store` interface (get: func(key: string) -> option<string>,
// set: func(key: string, value: string)) served by a kv::Backend, for a component linker.
#pragma once

#include <memory>
#include <string>

#include "sable/component_linker.h"
#include "sable/kv.h"
#include "sable/result.h"

namespace sable::kv {

// Which part of the store the interface sees.
struct ExampleKvOptions {
  // The bucket every get and set goes to.
  std::string bucket = "default";
};

// Defines example:kv/kv-store's get and set in `linker`, backed by `backend` (shared by every
// instance the linker makes). The interface has no error channel, so a store error traps the
// calling component with the store's message. Usage error when the functions are already
// defined or `backend` is null.
Result<void> addExampleKv(cm::Linker& linker, std::shared_ptr<Backend> backend,
                          ExampleKvOptions options = {});

}  // namespace sable::kv
