#!/usr/bin/env bash
# Rebuilds the committed component test inputs from kit/ (a copy of shared/components-testkit:
# C guests built with clang-14 for wasm32-wasi, made components with jco 1.35.0), or checks that
# the committed files are what the kit builds today.
#
#   regenerate.sh           rebuild; copy the components, reference outputs and SHA256SUMS here
#                           (runs `npm install` once into the package cache below)
#   regenerate.sh --check   rebuild in a scratch directory and compare with SHA256SUMS;
#                           exit 77 (skipped) when node, npm, clang-14 or the packages are missing
#
# Needs: clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32, node >= 18, npm. The npm packages
# are kept in $SABLE_COMPONENT_KIT_MODULES (default ~/.cache/sable-component-kit/node_modules)
# so the check never needs the network.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
modules=${SABLE_COMPONENT_KIT_MODULES:-${XDG_CACHE_HOME:-$HOME/.cache}/sable-component-kit/node_modules}
check=0
if [[ ${1:-} == --check ]]; then check=1; fi

# committed name <- kit output name
outputs=(
  "kv-app.wasm app.component.wasm"
  "store.wasm store.component.wasm"
  "logger.wasm logger.component.wasm"
  "kv-composed.wasm composed.wasm"
  "stack.wasm stack.wasm"
  "trap-store.wasm trap-store.component.wasm"
  "trap-stack.wasm trap-stack.wasm"
  "hello.wasm hello.component.wasm"
  "kv-guest.wasm kvguest.component.wasm"
  "kv-bench.wasm kvbench.component.wasm"
  "kv-passthru.wasm passthru.component.wasm"
  "echo-direct.wasm echo-direct.wasm"
  "echo-middleware.wasm echo-middleware.wasm"
)
references=(app.stdout.txt composed.stdout.txt stack.stdout.txt stack.stderr.txt
            hello.stdout.txt hello.status.txt app.wit.txt store.wit.txt logger.wit.txt
            stack.wit.txt kvguest.wit.txt echo-middleware.wit.txt)

missing=""
for tool in node npm clang-14; do
  command -v "$tool" > /dev/null || missing+=" $tool"
done
if [[ $check == 1 && ! -d $modules/@bytecodealliance/jco ]]; then
  missing+=" the npm packages (run scripts/deps.sh or regenerate.sh once, or set SABLE_COMPONENT_KIT_MODULES)"
fi
if [[ -n $missing ]]; then
  if [[ $check == 1 ]]; then
    echo "SKIPPED: cannot rebuild the component inputs, missing:$missing"
    exit 77
  fi
  echo "regenerate.sh: missing:$missing" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/kit"
if [[ -d $modules/@bytecodealliance/jco ]]; then ln -s "$modules" "$work/kit/node_modules"; fi
if ! bash "$here/kit/build.sh" "$work" > "$work/build.log" 2>&1; then
  tail -n 30 "$work/build.log"
  echo "regenerate.sh: kit/build.sh failed" >&2
  exit 1
fi

if [[ $check == 1 ]]; then
  status=0
  for pair in "${outputs[@]}"; do
    read -r committed built <<< "$pair"
    want=$(grep " $committed\$" "$here/SHA256SUMS" | cut -d' ' -f1)
    got=$(sha256sum < "$work/$built" | cut -d' ' -f1)
    if [[ $want != "$got" ]]; then
      echo "OUT OF DATE: $committed (committed $want, the kit builds $got)"
      status=1
    fi
  done
  if [[ $status == 0 ]]; then echo "up to date: ${#outputs[@]} components match SHA256SUMS"; fi
  exit $status
fi

if [[ ! -d $modules/@bytecodealliance/jco ]]; then
  mkdir -p "$(dirname "$modules")"
  cp -r "$work/kit/node_modules" "$modules"
fi
: > "$here/SHA256SUMS"
for pair in "${outputs[@]}"; do
  read -r committed built <<< "$pair"
  cp "$work/$built" "$here/$committed"
  (cd "$here" && sha256sum "$committed" >> SHA256SUMS)
done
mkdir -p "$here/reference"
for f in "${references[@]}"; do cp "$work/$f" "$here/reference/$f"; done
echo "regenerated: ${#outputs[@]} components and their reference outputs in $here"
