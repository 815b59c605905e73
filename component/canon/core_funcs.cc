// Core functions made by canon lower and the resource built-ins.
#include "component/canon/core_funcs.h"

#include <vector>

#include "component/canon/trap.h"
#include "sable/value.h"

namespace sable::canon {
namespace {

ValType valType(CoreType t) {
  switch (t) {
    case CoreType::I32:
      return ValType::I32;
    case CoreType::I64:
      return ValType::I64;
    case CoreType::F32:
      return ValType::F32;
    case CoreType::F64:
      return ValType::F64;
  }
  return ValType::I32;
}

FuncType i32ToI32() {
  const ValType i32[] = {ValType::I32};
  return FuncType(i32, i32);
}

uint32_t argU32(std::span<const Value> args) { return static_cast<uint32_t>(args[0].asI32()); }

}  // namespace

FuncType coreFuncType(const FlatSignature& sig) {
  std::vector<ValType> params, results;
  for (CoreType t : sig.params) params.push_back(valType(t));
  for (CoreType t : sig.results) results.push_back(valType(t));
  return FuncType(params, results);
}

Func lowerAsCoreFunc(Store& store, const CallEnv& env,
                     std::shared_ptr<const LoweredImport> import) {
  FuncType type = coreFuncType(import->types->flatten(import->type, FlatContext::Lower));
  return Func::host(store, type,
                    [env, import](std::span<const Value> args, std::span<Value> results) {
                      return callLowered(env, *import, args, results);
                    });
}

Func resourceNewFunc(Store& store, InstanceState& inst, ResourceTypeId type) {
  return Func::host(store, i32ToI32(),
                    [&inst, type](std::span<const Value> args, std::span<Value> results) {
                      Result<uint32_t> index = resourceNew(inst, type, argU32(args));
                      if (!index) return Result<void>(index.error());
                      results[0] = Value::i32(static_cast<int32_t>(*index));
                      return Result<void>();
                    });
}

Func resourceDropFunc(Store& store, InstanceState& inst, const ResourceRegistry& registry,
                      ResourceTypeId type) {
  const ValType i32[] = {ValType::I32};
  return Func::host(store, FuncType(i32, {}),
                    [&inst, &registry, type](std::span<const Value> args, std::span<Value>) {
                      return resourceDrop(inst, registry, type, argU32(args));
                    });
}

Func resourceRepFunc(Store& store, InstanceState& inst, const ResourceRegistry& registry,
                     ResourceTypeId type) {
  return Func::host(
      store, i32ToI32(),
      [&inst, &registry, type](std::span<const Value> args, std::span<Value> results) {
        Result<uint32_t> rep = resourceRep(inst, registry, type, argU32(args));
        if (!rep) return Result<void>(rep.error());
        results[0] = Value::i32(static_cast<int32_t>(*rep));
        return Result<void>();
      });
}

ResourceDtor coreDtor(Store& store, Func dtor) {
  return [&store, dtor](uint32_t rep) -> Result<void> {
    const Value args[] = {Value::i32(static_cast<int32_t>(rep))};
    Result<std::vector<Value>> done = dtor.call(store, args);
    if (!done) return done.error();
    return {};
  };
}

Result<void> checkLiftedCoreType(const TypeArena& types, const FuncTypeDesc& type,
                                 const Func& core) {
  FuncType want = coreFuncType(types.flatten(type, FlatContext::Lift));
  if (core.type() == want) return {};
  return Error{ErrorKind::Invalid, Error::kNoOffset,
               "canon lift: core function has type " + core.type().toString() +
                   ", the component function type needs " + want.toString()};
}

}  // namespace sable::canon
