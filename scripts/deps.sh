#!/usr/bin/env bash
# Installs the Debian 12 packages Sable's build, tests and fuzzing need, if any are missing.
# Runs apt-get only when something is missing; as root directly, otherwise through sudo.
set -euo pipefail

PACKAGES=(
  cmake ninja-build g++ ccache                 # build
  libasmjit-dev libzydis-dev libmimalloc-dev   # the runtime's libraries
  libgtest-dev libbenchmark-dev nlohmann-json3-dev
  wabt                                         # wast2json/wat2wasm for the spec tests and examples
  clang-14 lld-14 libclang-rt-14-dev           # the fuzz preset (libFuzzer, ASan runtime)
  llvm-14                                      # llvm-symbolizer: readable sanitizer reports
  wasi-libc libclang-rt-14-dev-wasm32          # building WebAssembly test programs
  gnuplot-nox                                  # bench/run.py: the results chart
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "deps: all ${#PACKAGES[@]} packages installed"
  exit 0
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "deps: missing packages (${missing[*]}) and not root, and sudo is not installed" >&2
    exit 1
  fi
  SUDO=(sudo)
fi

echo "deps: installing ${missing[*]}"
APT=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300)
"${APT[@]}" update -qq
"${APT[@]}" install -y -qq --no-install-recommends "${missing[@]}"
echo "deps: done"
