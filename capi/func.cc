// Functions: host functions from C callbacks, calls into functions, and their types.
#include "sable/func.h"

#include <vector>

#include "objects.h"
#include "trap_message.h"
#include "types.h"
#include "values.h"

namespace {

using sable::capi::toCValue;
using sable::capi::toValue;

// A C callback with its environment; the environment's finalizer runs when the function dies
// (with its store).
class Callback {
 public:
  Callback(wasm_func_callback_t plain, wasm_func_callback_with_env_t withEnv, void* env,
           void (*finalizer)(void*))
      : plain_(plain), withEnv_(withEnv), env_(env), finalizer_(finalizer) {}
  ~Callback() {
    if (finalizer_ != nullptr) finalizer_(env_);
  }
  Callback(const Callback&) = delete;
  Callback& operator=(const Callback&) = delete;

  wasm_trap_t* operator()(const wasm_val_vec_t* args, wasm_val_vec_t* results) const {
    return plain_ != nullptr ? plain_(args, results) : withEnv_(env_, args, results);
  }

 private:
  wasm_func_callback_t plain_;
  wasm_func_callback_with_env_t withEnv_;
  void* env_;
  void (*finalizer_)(void*);
};

void deleteValues(std::vector<wasm_val_t>& values) {
  for (wasm_val_t& val : values) wasm_val_delete(&val);
}

// Calls `callback` with C copies of `args` and converts what it leaves in its results back.
// A returned trap becomes the host error that makes the wasm caller trap with its message.
sable::Result<void> callBack(wasm_store_t* store, const Callback& callback,
                             std::span<const sable::Value> args, std::span<sable::Value> results) {
  std::vector<wasm_val_t> cArgs, cResults;
  for (const sable::Value& arg : args) cArgs.push_back(toCValue(store, arg));
  for (const sable::Value& result : results) {
    cResults.push_back(sable::capi::zeroCValue(result.type()));
  }
  wasm_val_vec_t argVec{cArgs.size(), cArgs.data()};
  wasm_val_vec_t resultVec{cResults.size(), cResults.data()};
  wasm_trap_t* trap = callback(&argVec, &resultVec);
  deleteValues(cArgs);

  sable::Result<void> outcome;
  if (trap != nullptr) {
    outcome = sable::Error{sable::ErrorKind::Trap, sable::Error::kNoOffset, trap->message()};
    wasm_trap_delete(trap);
  }
  for (size_t i = 0; i < results.size() && outcome.ok(); ++i) {
    sable::Result<sable::Value> value = toValue(cResults[i]);
    if (!value || value->type() != results[i].type()) {
      outcome = sable::Error{sable::ErrorKind::Usage, sable::Error::kNoOffset,
                             "host function result " + std::to_string(i) + " has the wrong type"};
    } else {
      results[i] = *value;
    }
  }
  deleteValues(cResults);
  return outcome;
}

wasm_func_t* newHostFunc(wasm_store_t* store, const wasm_functype_t* type,
                         std::shared_ptr<Callback> callback) {
  std::optional<sable::FuncType> funcType = sable::capi::toFuncType(*type);
  if (!funcType) return nullptr;
  sable::Func func = sable::Func::host(
      store->store, *funcType,
      [store, callback](std::span<const sable::Value> args, std::span<sable::Value> results) {
        return callBack(store, *callback, args, results);
      });
  return static_cast<wasm_func_t*>(sable::capi::newHandle(store, store->recordOf(func)));
}

}  // namespace

extern "C" {

wasm_func_t* wasm_func_new(wasm_store_t* store, const wasm_functype_t* type,
                           wasm_func_callback_t callback) {
  return newHostFunc(store, type, std::make_shared<Callback>(callback, nullptr, nullptr, nullptr));
}

wasm_func_t* wasm_func_new_with_env(wasm_store_t* store, const wasm_functype_t* type,
                                    wasm_func_callback_with_env_t callback, void* env,
                                    void (*finalizer)(void*)) {
  return newHostFunc(store, type, std::make_shared<Callback>(nullptr, callback, env, finalizer));
}

wasm_functype_t* wasm_func_type(const wasm_func_t* func) {
  return sable::capi::newFuncType(func->func().type());
}

size_t wasm_func_param_arity(const wasm_func_t* func) {
  return func->func().type().params().size();
}

size_t wasm_func_result_arity(const wasm_func_t* func) {
  return func->func().type().results().size();
}

// Results go into the caller's `results` (at least as many as the function returns), each owned
// by the caller. A trap, or arguments that do not fit, come back as a trap.
wasm_trap_t* wasm_func_call(const wasm_func_t* func, const wasm_val_vec_t* args,
                            wasm_val_vec_t* results) {
  std::vector<sable::Value> in;
  for (size_t i = 0; i < args->size; ++i) {
    sable::Result<sable::Value> value = toValue(args->data[i]);
    if (!value) return sable::capi::newTrap(value.error().message);
    in.push_back(*value);
  }
  wasm_store_t* store = func->store;
  sable::Result<std::vector<sable::Value>> out = func->func().call(store->store, in);
  if (!out) return sable::capi::newTrap(sable::capi::trapMessage(store->store, out.error()));
  if (results->size < out->size()) {
    return sable::capi::newTrap("wasm_func_call: " + std::to_string(out->size()) +
                                " results do not fit in a vector of " +
                                std::to_string(results->size));
  }
  for (size_t i = 0; i < out->size(); ++i) results->data[i] = toCValue(store, (*out)[i]);
  return nullptr;
}

}  // extern "C"
