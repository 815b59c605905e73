// defineWasi: turns the functions of wasi_functions.h into host functions of a store and defines
// them in a linker under wasi_snapshot_preview1.
#include <string>
#include <string_view>
#include <vector>

#include "host-wasi/wasi_context_impl.h"
#include "host-wasi/wasi_functions.h"
#include "sable/func.h"
#include "sable/value.h"
#include "sable/wasi.h"

namespace sable {
namespace {

using WasiImpl = wasi::Errno (*)(wasi::WasiState&, const Value*);

FuncType wasiType(std::string_view params, bool returnsErrno) {
  std::vector<ValType> p;
  for (char c : params) p.push_back(c == 'I' ? ValType::I64 : ValType::I32);
  std::vector<ValType> r;
  if (returnsErrno) r.push_back(ValType::I32);
  return FuncType(p, r);
}

}  // namespace

Result<void> defineWasi(Linker& linker, Store& store, WasiContext& context) {
  wasi::WasiState* state = &WasiContextAccess::state(context);
  auto define = [&](std::string_view name, std::string_view params, WasiImpl impl) {
    HostFunction fn = [state, impl](std::span<const Value> args,
                                    std::span<Value> results) -> Result<void> {
      results[0] = Value::i32(static_cast<int32_t>(impl(*state, args.data())));
      return {};
    };
    linker.define(kWasiPreview1Module, name, Func::host(store, wasiType(params, true), fn));
  };
#define SABLE_WASI_DEFINE(name, params) define(#name, params, &wasi::name);
  SABLE_WASI_FUNCTIONS(SABLE_WASI_DEFINE)
#undef SABLE_WASI_DEFINE

  // proc_exit does not return: the host function records the status and fails, which unwinds
  // the guest like a trap; the embedder tells the two apart with WasiContext::exitCode().
  HostFunction exitFn = [state](std::span<const Value> args, std::span<Value>) -> Result<void> {
    uint32_t code = wasi::proc_exit_code(args.data());
    state->exitCode = code;
    return Error{ErrorKind::Trap, Error::kNoOffset, "wasi proc_exit(" + std::to_string(code) + ")"};
  };
  linker.define(kWasiPreview1Module, "proc_exit", Func::host(store, wasiType("i", false), exitFn));
  return {};
}

}  // namespace sable
