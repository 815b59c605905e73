#!/usr/bin/env bash
# Regenerates the hosts' function-type tables from WIT, and the dummy components they come from:
#   tests/component/inputs/wit-dummies/*.wasm  components importing every function of a world
#   host-wasip2/wasi_func_types.cc              WASI 0.2.12 (cli, io, clocks, random, filesystem,
#                                               sockets; of the unstable features, only
#                                               network-error-code, which the host implements)
#   host-kv/kv_func_types.cc                    wasi:keyvalue@0.2.0-draft2 and example:kv
# The hosts define every function with its type from these tables (cm::Linker's typed
# definitions), so a guest that imports a function with another type fails to link.
#
#   scripts/gen_func_types.sh [SHARED]     (SHARED defaults to ../shared)
#
# Needs node, the npm packages scripts/deps.sh installs (jco) and a default build of sable.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "${1:-$root/../shared}" && pwd)
modules=${SABLE_COMPONENT_KIT_MODULES:-${XDG_CACHE_HOME:-$HOME/.cache}/sable-component-kit/node_modules}
sable=$root/build/default/tools/sable/sable
dummies=$root/tests/component/inputs/wit-dummies
wasi=$shared/specs/wasi-0.2/proposals

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/scripts/wit_dummy_component.mjs" "$work/"
ln -s "$modules" "$work/node_modules"
mkdir -p "$work/example-kv" "$dummies"
cp "$root/tests/component/inputs/kit/kv.wit" "$work/example-kv/"

dummy() {  # OUT WORLD PACKAGE_DIR...
  node "$work/wit_dummy_component.mjs" "$@"
}
dummy "$dummies/wasi-0.2.12.wasm" wasi:cli/imports@0.2.12 --features network-error-code "$wasi/io/wit" "$wasi/clocks/wit" \
  "$wasi/random/wit" "$wasi/filesystem/wit" "$wasi/sockets/wit" "$wasi/cli/wit"
dummy "$dummies/keyvalue-0.2.0-draft2.wasm" wasi:keyvalue/imports@0.2.0-draft2 \
  "$shared/specs/wasi-keyvalue"
dummy "$dummies/example-kv.wasm" example:kv/app "$work/example-kv"

python3 "$root/scripts/gen_func_types.py" "$sable" "$root/host-wasip2/wasi_func_types.cc" \
  sable::wasip2 wasiFuncTypes "$dummies/wasi-0.2.12.wasm"
python3 "$root/scripts/gen_func_types.py" "$sable" "$root/host-kv/kv_func_types.cc" \
  sable::kv kvFuncTypes "$dummies/keyvalue-0.2.0-draft2.wasm" "$dummies/example-kv.wasm"
