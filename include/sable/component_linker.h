// cm::Linker, cm::ComponentInstance and cm::ComponentFunc: instantiating components with the
// imports the host gives them, and calling their exports with dynamic values (cm::Val).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sable/component.h"
#include "sable/component_guest_writer.h"
#include "sable/component_val.h"
#include "sable/engine.h"
#include "sable/result.h"
#include "sable/store.h"

namespace sable::cm {

// A host function: args lifted from the guest, results to be lowered (pre-sized to the
// function's result count). An Error traps the calling guest.
using HostFunc = std::function<Result<void>(std::span<const Val> args, std::span<Val> results)>;

// A resource type the host implements, as Linker::defineResource named it. The same value
// names that type in every instantiation of the linker (each instantiation binds it afresh).
struct HostResource {
  uint32_t id = 0;
  friend bool operator==(const HostResource&, const HostResource&) = default;
};

// A host resource's destructor: called with the rep (the host's index of its object) when the
// guest drops the last owning handle. An Error traps the guest that dropped it.
using HostResourceDtor = std::function<Result<void>(uint32_t rep)>;

// What a host function may do with resource handles during one call of the instantiation that
// called it: make owning handles to its own objects, and see which object a handle names.
class HostContext {
 public:
  // A new owning handle to the host's object `rep` of `resource`, to return to the guest
  // (the guest's drop later runs the resource's destructor). Usage error when this
  // instantiation does not import `resource`.
  Result<Val> newOwn(HostResource resource, uint32_t rep);
  // The rep of an own or borrow handle of `resource` that the host holds (an argument). A Trap
  // for a handle of another type or an unknown handle.
  Result<uint32_t> rep(HostResource resource, const Val& handle) const;
  // Removes an owning handle the guest gave the host, returning its rep: the host now owns the
  // object and no destructor runs. A Trap when it is a borrow or is lent out.
  Result<uint32_t> take(HostResource resource, const Val& handle);

  // The instantiation's state (defined in component/host_context.cc).
  struct Impl;
  explicit HostContext(Impl& impl) : impl_(&impl) {}

 private:
  Impl* impl_;
};

// A host function that also gets the call's HostContext (for functions taking or returning
// handles of host resources).
using HostContextFunc =
    std::function<Result<void>(HostContext& cx, std::span<const Val> args, std::span<Val> results)>;

class ComponentInstance;

// A function exported by a component instance.
class ComponentFunc {
 public:
  // Calls an exported function with host values (checked against its parameter types: Usage
  // errors for a mismatch). Trap errors carry the spec's message ("unaligned pointer", ...).
  Result<std::vector<Val>> call(Store& store, std::span<const Val> args) const;

  // The implementation (defined in component/runtime_func.h).
  struct Impl;

 private:
  friend struct ComponentAccess;
  explicit ComponentFunc(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

// An instantiated component. A cheap handle sharing the instance's state, which lives as long
// as any handle (and the store it was created in must outlive every call).
class ComponentInstance {
 public:
  // "f" (root export), "iface#f" or "ns:pkg/iface#f" (function of an exported instance); an
  // interface name matches any version compatible by canonversion. Usage error naming `name`
  // when there is no such function.
  Result<ComponentFunc> getFunc(std::string_view name) const;

  // The name Linker::instantiate gave the instance ("root" by default), used in messages.
  const std::string& name() const;

  // The implementation (defined in component/runtime_env.h).
  struct Impl;

 private:
  friend struct ComponentAccess;
  explicit ComponentInstance(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<Impl> impl_;
};

// One call that crossed from a component instance to another or to the host, reported to a
// CallTracer when it has returned or failed.
struct TracedCall {
  std::string_view caller;    // the calling instance's name (Linker::instantiate's `name`)
  std::string_view callee;    // the called instance's name, or "host"
  std::string_view function;  // "example:kv/kv-store#get", or a root function's name
  std::span<const Val> args;
  std::span<const Val> results;  // empty when the call failed
  const Error* error = nullptr;  // the failure, or null
  std::chrono::nanoseconds duration{0};
};

// Sees every traced call; it must not call into the instances.
using CallTracer = std::function<void(const TracedCall& call)>;

// One function of an interface and its type, as Linker's typed definitions take it: a row of
// a table a host generates from WIT.
struct FuncTypeEntry {
  std::string_view instance;  // "wasi:io/streams@0.2.12"
  std::string_view func;      // "[method]output-stream.write"
  std::string_view type;      // "func(self: borrow<resource>, contents: list<u8>) -> ..."
};

// The type of function `func` of interface `instance` in `table`, the interface matched by
// canonversion ("wasi:io/streams@0.2.0" finds a row of "@0.2.12"); empty when absent.
std::string_view funcTypeOf(std::span<const FuncTypeEntry> table, std::string_view instance,
                            std::string_view func);

// The imports one instantiation gets.
class Linker {
 public:
  // An empty linker for components of `engine`.
  explicit Linker(const Engine& engine);
  ~Linker();
  Linker(const Linker&);
  Linker& operator=(const Linker&);
  Linker(Linker&&) noexcept;
  Linker& operator=(Linker&&) noexcept;

  // Defines function `func` of imported instance `instance` ("example:kv/kv-store", any
  // version matched by canonversion), or a root-level function import when instance is "".
  // Usage error when it is already defined.
  Result<void> defineFunc(std::string_view instance, std::string_view func, HostFunc fn);

  // Like defineFunc, for a function that makes or reads handles of host resources.
  Result<void> defineContextFunc(std::string_view instance, std::string_view func,
                                 HostContextFunc fn);

  // Typed definitions: like defineFunc and defineContextFunc, with the function's type as
  // `sable validate` and ItemType::type print it (named types written out, resources as
  // `resource`: "func(self: borrow<resource>, len: u64) -> result<list<u8>, ...>"; see
  // funcTypeOf for tables of them). Instantiate refuses an import of the function declared
  // with any other type (Unlinkable, naming both types), so `fn` only ever sees arguments and
  // results of that type: a guest cannot make the host read past its arguments or misread a
  // value by importing the function with a type of its own. Handles still name resources of
  // the guest's choosing: HostContext::rep checks them. Hosts that face untrusted guests
  // should define every function so.
  Result<void> defineFunc(std::string_view instance, std::string_view func, std::string_view type,
                          HostFunc fn);
  Result<void> defineContextFunc(std::string_view instance, std::string_view func,
                                 std::string_view type, HostContextFunc fn);

  // A typed definition (as the typed defineFunc) whose calls write the result straight into
  // the guest through `direct`, with no cm::Val of it; `fn` is the same function returning a
  // cm::Val, used where a Val of the result is needed (a call tracer sees it). defineTypedFunc
  // (component_typed.h) makes both from one C++ callable.
  Result<void> defineDirectFunc(std::string_view instance, std::string_view func,
                                std::string_view type, HostFunc fn, HostFuncDirect direct);

  // Defines resource type `name` ("output-stream") of imported instance `instance`
  // ("wasi:io/streams@0.2.0", any version matched by canonversion) as implemented by the host,
  // with the destructor that a guest's drop of an owning handle (canon resource.drop of the
  // imported type) calls. The result names the type for HostContext. Usage error when it is
  // already defined. Resource types of imported instances that the host did not define stay
  // opaque types without a destructor.
  Result<HostResource> defineResource(std::string_view instance, std::string_view name,
                                      HostResourceDtor dtor);

  // Satisfies the import of instance `instance` (any version matched by canonversion) with an
  // instance another component instance exports: `providerExport` names it (by canonversion
  // too), or "" takes `provider`'s root exports as the instance. Calls go through the
  // canonical ABI, lifted out of the provider and lowered into the importer, in the importer's
  // store; own and borrow handles of the provider's resource types pass both ways and the
  // provider's destructor runs when the importer drops its last handle. Instantiate checks the
  // types (equal value types, the provider's resources): Unlinkable naming the importer, the
  // import, the provider and what differs. Usage error when `instance` is already defined so.
  // The provider must outlive the importer's calls and live in the store they are made in (a
  // call from another store fails with a Usage error). A provider is instantiated before its
  // importers, so links cannot form a cycle.
  Result<void> defineInstance(std::string_view instance, const ComponentInstance& provider,
                              std::string_view providerExport);

  // Reports to `tracer` every call that the instances this linker makes from now on make to
  // the host's functions or to linked instances (defineInstance), after it returns. Null
  // stops tracing.
  void setCallTracer(CallTracer tracer);

  // Instantiates `component` in `store` as `name` (its instance path in messages).
  // Unlinkable errors name the missing import in one line.
  Result<ComponentInstance> instantiate(Store& store, const Component& component,
                                        std::string_view name = "root") const;

  // The definitions (defined in component/linker_impl.h).
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace sable::cm
