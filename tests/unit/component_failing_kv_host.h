// A host `example:kv/kv-store` whose get always fails with a Trap ("store down") and whose set
// does nothing: the host end of trap-chain and tracing tests.
#pragma once

#include <span>

#include "sable/component_linker.h"

namespace sable::testing {

inline Result<void> defineFailingKvStore(cm::Linker& linker) {
  auto get = [](std::span<const cm::Val>, std::span<cm::Val>) -> Result<void> {
    return Error{ErrorKind::Trap, Error::kNoOffset, "store down"};
  };
  auto set = [](std::span<const cm::Val>, std::span<cm::Val>) { return Result<void>(); };
  if (auto r = linker.defineFunc("example:kv/kv-store", "get", get); !r) return r;
  return linker.defineFunc("example:kv/kv-store", "set", set);
}

}  // namespace sable::testing
