// Component::Impl and ComponentAccess: the component layer's view of the public handles.
#pragma once

#include <memory>

#include "component/format/component_def.h"
#include "component/type_text.h"
#include "sable/component.h"
#include "sable/component_linker.h"
#include "sable/engine.h"

namespace sable::cm {

// A compiled component: the decoded definitions (core modules compiled) and its engine.
struct Component::Impl {
  Engine engine;
  format::DecodedComponent decoded;
  // Import types as text, for typed host definitions: rendered once per component, not per
  // instantiation.
  mutable TypeTextCache typeTexts;
};

// The component layer's way into the public handles (they befriend it).
struct ComponentAccess {
  static const Component::Impl& impl(const Component& c) { return *c.impl_; }
  static std::shared_ptr<const Component::Impl> shared(const Component& c) { return c.impl_; }
  static Component make(std::shared_ptr<const Component::Impl> impl) {
    return Component(std::move(impl));
  }
  static ComponentFunc makeFunc(std::shared_ptr<const ComponentFunc::Impl> impl) {
    return ComponentFunc(std::move(impl));
  }
  static const ComponentFunc::Impl& impl(const ComponentFunc& f) { return *f.impl_; }
  static ComponentInstance makeInstance(std::shared_ptr<ComponentInstance::Impl> impl) {
    return ComponentInstance(std::move(impl));
  }
  static ComponentInstance::Impl& impl(const ComponentInstance& i) { return *i.impl_; }
  static std::shared_ptr<ComponentInstance::Impl> shared(const ComponentInstance& i) {
    return i.impl_;
  }
};

}  // namespace sable::cm
