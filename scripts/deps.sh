#!/usr/bin/env bash
# Installs the Debian 12 packages Sable's build, tests and fuzzing need, if any are missing.
# Runs apt-get only when something is missing; as root directly, otherwise through sudo.
#   scripts/deps.sh           the native build, tests, fuzzing and benchmarks
#   scripts/deps.sh --arm64   also the AArch64 cross build (toolchains/aarch64-linux-gnu.cmake):
#                             the cross compiler, qemu-aarch64, and the :arm64 libraries
#                             (enables the arm64 architecture in dpkg if needed)
# Then the npm packages that rebuild the committed component test inputs (jco and preview2-shim
# at the versions tests/component/inputs/kit/package.json pins) into the cache the test
# `component_inputs_up_to_date` reads, if they are not there yet (install_component_kit below).
set -euo pipefail

ARM64=0
for arg in "$@"; do
  case "$arg" in
    --arm64) ARM64=1 ;;
    *) echo "usage: scripts/deps.sh [--arm64]" >&2; exit 2 ;;
  esac
done

PACKAGES=(
  cmake ninja-build g++ ccache                 # build
  libasmjit-dev libzydis-dev                   # the runtime's libraries
  libgtest-dev libbenchmark-dev nlohmann-json3-dev
  libcli11-dev                                 # the sable tool's command-line parser
  wabt                                         # wast2json/wat2wasm for the spec tests and examples,
                                               # libwabt.a for the sable tool's .wat input
  binaryen openssl                             # scripts/difffuzz.sh: wasm-opt -ttf, seeded input bytes
  clang-14 lld-14 libclang-rt-14-dev           # the fuzz preset (libFuzzer, ASan runtime)
  llvm-14                                      # llvm-symbolizer: readable sanitizer reports
  wasi-libc libclang-rt-14-dev-wasm32          # building WebAssembly test programs
  gnuplot-nox                                  # bench/run.py: the results chart
  libsqlite3-dev libhiredis-dev                # the sqlite: and redis:// key-value stores
  redis-server                                 # the redis:// store's tests start their own
)
if ((ARM64)); then
  PACKAGES+=(
    g++-aarch64-linux-gnu qemu-user              # cross compiler, and the emulator ctest uses
    libc6:arm64 libstdc++6:arm64                 # what qemu-aarch64 runs the cross build with
    libasmjit-dev:arm64 libzydis-dev:arm64
    libgtest-dev:arm64 libbenchmark-dev:arm64
    libsqlite3-dev:arm64 libhiredis-dev:arm64    # the key-value stores (host-kv/)
    # CLI11 and nlohmann-json are header-only: the native packages serve the cross build. Not
    # wabt:arm64: Debian's wabt is not Multi-Arch, so installing it would remove the native
    # wabt the tests need; the arm64 sable is built without text format input (SABLE_WAT=OFF).
  )
fi

# With multiarch, an unqualified name can match a native and an :arm64 package at once; ask for
# the native one first, then for an architecture-independent (Architecture: all) one.
NATIVE_ARCH=$(dpkg --print-architecture)
installed() {
  local status
  if [[ "$1" != *:* ]]; then
    status=$(dpkg-query -W -f='${Status}' "$1:$NATIVE_ARCH" 2>/dev/null || true)
    [[ -n "$status" ]] || status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)
  else
    status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)
  fi
  [[ "$status" == "install ok installed" ]]
}

install_debian_packages() {
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do
    installed "$pkg" || missing+=("$pkg")
  done
  # node and npm for the component kit: any install that provides both commands will do (the
  # NodeSource nodejs package bundles npm and conflicts with Debian's separate npm package).
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
  fi
  if ((${#missing[@]} == 0)); then
    echo "deps: all ${#PACKAGES[@]} packages installed"
    return
  fi

  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "deps: missing packages (${missing[*]}) and not root, and sudo is not installed" >&2
      exit 1
    fi
    sudo=(sudo)
  fi

  echo "deps: installing ${missing[*]}"
  local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300)
  if ((ARM64)) && ! dpkg --print-foreign-architectures | grep -qx arm64; then
    echo "deps: enabling the arm64 architecture for Debian's multiarch :arm64 libraries"
    "${sudo[@]}" dpkg --add-architecture arm64
  fi
  "${apt[@]}" update -qq
  "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}"
  echo "deps: done"
}

# The npm packages of tests/component/inputs/kit/package.json, installed once into the cache
# tests/component/inputs/regenerate.sh uses (same variable, same default), so that the test
# that rebuilds the committed components runs offline afterwards.
install_component_kit() {
  local root kit modules
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  kit="$root/tests/component/inputs/kit"
  modules=${SABLE_COMPONENT_KIT_MODULES:-${XDG_CACHE_HOME:-$HOME/.cache}/sable-component-kit/node_modules}
  if [[ -d $modules/@bytecodealliance/jco && -d $modules/@bytecodealliance/preview2-shim ]]; then
    echo "deps: component kit npm packages present in $modules"
    return
  fi
  echo "deps: installing the component kit's npm packages into $modules"
  local work
  work=$(mktemp -d)
  cp "$kit/package.json" "$work/package.json"
  if ! npm install --prefix "$work" --no-audit --no-fund --loglevel=error ||
     [[ ! -d $work/node_modules/@bytecodealliance/jco ]]; then
    rm -rf "$work"
    echo "deps: npm could not install the component kit's packages" >&2
    exit 1
  fi
  mkdir -p "$(dirname "$modules")"
  rm -rf "$modules"
  mv "$work/node_modules" "$modules"
  rm -rf "$work"
}

install_debian_packages
install_component_kit
