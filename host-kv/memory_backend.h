// kv::Backend `memory`: an in-process store for development and tests.
#pragma once

#include <memory>

#include "sable/kv.h"

namespace sable::kv {

// A new, empty in-memory store.
std::shared_ptr<Backend> makeMemoryBackend();

}  // namespace sable::kv
