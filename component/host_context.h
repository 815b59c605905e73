// HostContext::Impl: what a host function's HostContext reaches (the root instantiation's
// resource types and host handle table).
#pragma once

#include "component/runtime_env.h"
#include "sable/component_linker.h"

namespace sable::cm {

struct HostContext::Impl {
  RootState* root = nullptr;
};

}  // namespace sable::cm
