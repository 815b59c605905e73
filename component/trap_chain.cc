// The chain of component calls a trap unwound through (trap_chain.h).
#include "component/trap_chain.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "runtime/store_impl.h"
#include "sable/printable.h"

namespace sable::cm {
namespace {

detail::StoreImpl& storeImpl(const Store& store) { return ApiAccess::impl(store); }

// "example:kv/kv-store@0.1.0#get" as "kv-store.get": the interface's own name, no package or
// version, as the issue's chains read; a root export's name stays as it is.
std::string shortFunctionName(std::string_view function) {
  size_t hash = function.rfind('#');
  if (hash == std::string_view::npos) return std::string(function);
  std::string_view iface = function.substr(0, hash);
  iface = iface.substr(0, iface.find('@'));
  size_t slash = iface.rfind('/');
  if (slash != std::string_view::npos) iface = iface.substr(slash + 1);
  return std::string(iface) + "." + std::string(function.substr(hash + 1));
}

std::string callLabel(const TrapCall& call) {
  return printableName(call.instance) + " " + printableName(shortFunctionName(call.function));
}

// The first line names the chain, outermost first, and the reason; then each call with the
// wasm frames of its instance, innermost first (the host has none).
std::string chainMessage(const std::vector<TrapCall>& calls, const std::string& reason) {
  std::string text;
  for (const TrapCall& call : calls) {
    if (!text.empty()) text += " -> ";
    text += callLabel(call);
  }
  text += ": " + reason + "\ncomponent calls, outermost first, each with its wasm backtrace:";
  for (const TrapCall& call : calls) {
    text += "\n  " + callLabel(call);
    if (call.frames.empty()) text += call.instance == "host" ? " (host function)" : " (no frames)";
    for (size_t i = 0; i < call.frames.size(); ++i) {
      text += "\n    #" + std::to_string(i) + " " + escapeText(call.frames[i].funcName);
    }
  }
  return text;
}

void forgetUnwinding(detail::StoreImpl& impl) {
  detail::UnwindingCalls& unwinding = impl.unwinding();
  unwinding.calls.clear();
  unwinding.reason.clear();
  unwinding.kind = TrapKind::HostError;
}

}  // namespace

UnwindMark markUnwind(const Store& store) {
  detail::StoreImpl& impl = storeImpl(store);
  return UnwindMark{impl.trapCount(), impl.unwinding().calls.size()};
}

void noteFailedCall(const Store& store, const UnwindMark& mark, const CallTarget& target,
                    const Error& error) {
  detail::StoreImpl& impl = storeImpl(store);
  detail::UnwindingCalls& unwinding = impl.unwinding();
  if (target.host && unwinding.calls.size() > mark.calls) return;
  bool trapped = impl.trapCount() != mark.traps && impl.lastTrap();
  if (unwinding.calls.empty()) {
    unwinding.reason = trapped ? impl.lastTrap()->message : error.message;
    unwinding.kind = trapped ? impl.lastTrap()->kind : TrapKind::HostError;
  }
  TrapCall call{target.instance, target.function, {}};
  if (trapped) call.frames = impl.lastTrap()->frames;
  unwinding.calls.push_back(std::move(call));
}

Error finishFailedCall(const Store& store, const UnwindMark& mark, Error error) {
  detail::StoreImpl& impl = storeImpl(store);
  if (impl.inWasm()) return error;
  detail::UnwindingCalls& unwinding = impl.unwinding();
  std::vector<TrapCall> calls(unwinding.calls.rbegin(), unwinding.calls.rend());
  std::string reason = std::move(unwinding.reason);
  TrapKind kind = unwinding.kind;
  forgetUnwinding(impl);
  if (calls.size() < 2) {
    if (impl.trapCount() != mark.traps && impl.lastTrap())
      impl.lastTrap()->calls = std::move(calls);
    return error;
  }
  error.message = chainMessage(calls, reason);
  if (impl.trapCount() != mark.traps && impl.lastTrap()) {
    Trap& trap = *impl.lastTrap();
    trap.kind = kind;
    trap.message = std::move(reason);
    trap.calls = std::move(calls);
  }
  return error;
}

UnwindMark markEmbedderCall(const Store& store) {
  detail::StoreImpl& impl = storeImpl(store);
  if (!impl.inWasm() && !impl.unwinding().calls.empty()) forgetUnwinding(impl);
  return markUnwind(store);
}

}  // namespace sable::cm
