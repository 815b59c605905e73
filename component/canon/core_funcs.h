// Core functions for canon definitions: what the instantiation puts in a core instance's
// imports for canon lower and canon resource.new/drop/rep, and the type check of canon lift.
#pragma once

#include <memory>

#include "component/canon/call.h"
#include "component/canon/resource.h"
#include "sable/func.h"
#include "sable/types.h"

namespace sable::canon {

// The core function type of a flattened signature.
FuncType coreFuncType(const FlatSignature& sig);

// canon lower: a host function of type flatten_functype(lower) whose body is callLowered.
// `env`'s store, registry and host table must outlive the function.
Func lowerAsCoreFunc(Store& store, const CallEnv& env, std::shared_ptr<const LoweredImport> import);

// canon resource.new $rt: (func (param i32) (result i32)).
Func resourceNewFunc(Store& store, InstanceState& inst, ResourceTypeId type);
// canon resource.drop $rt: (func (param i32)).
Func resourceDropFunc(Store& store, InstanceState& inst, const ResourceRegistry& registry,
                      ResourceTypeId type);
// canon resource.rep $rt: (func (param i32) (result i32)).
Func resourceRepFunc(Store& store, InstanceState& inst, const ResourceRegistry& registry,
                     ResourceTypeId type);

// A resource destructor that calls the core function `dtor` (param i32) with the rep.
ResourceDtor coreDtor(Store& store, Func dtor);

// canon lift's validation: `core` must have type flatten_functype(lift) of `type`
// (ErrorKind::Invalid naming both types otherwise).
Result<void> checkLiftedCoreType(const TypeArena& types, const FuncTypeDesc& type,
                                 const Func& core);

}  // namespace sable::canon
