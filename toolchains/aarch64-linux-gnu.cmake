# Cross-compiling Sable for 64-bit ARM Linux (an edge board) on a Debian x86-64 machine.
#
#   dpkg --add-architecture arm64 && apt-get update
#   apt-get install g++-aarch64-linux-gnu qemu-user libc6:arm64 libasmjit-dev:arm64 libzydis-dev:arm64 \
#     libmimalloc-dev:arm64 libgtest-dev:arm64 libbenchmark-dev:arm64
#   cmake -S . -B build/arm64 -G Ninja -DCMAKE_TOOLCHAIN_FILE=toolchains/aarch64-linux-gnu.cmake
#
# (scripts/deps.sh --arm64 does the installs.) Libraries come from Debian's multiarch packages
# in /usr/lib/aarch64-linux-gnu; headers are shared with the host packages. When qemu-aarch64 is
# installed it becomes the emulator, so ctest runs the cross-built tests on this machine.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(SABLE_CROSS_TRIPLE aarch64-linux-gnu)
set(CMAKE_C_COMPILER ${SABLE_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${SABLE_CROSS_TRIPLE}-g++)

# Multiarch: target libraries live under the triple's directory of the build machine's root;
# the target's own sysroot (/usr/aarch64-linux-gnu) holds its libc.
set(CMAKE_LIBRARY_ARCHITECTURE ${SABLE_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH /usr/${SABLE_CROSS_TRIPLE} /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)  # build tools (ninja, wast2json) are the host's
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# qemu-aarch64 runs the cross-built programs with the multiarch libc6:arm64 (its loader is
# /lib/ld-linux-aarch64.so.1, installed with the :arm64 libraries above). Not `-L
# /usr/aarch64-linux-gnu`: that takes the loader from the cross package but libc from
# /lib/aarch64-linux-gnu, and with such a mismatched pair every program that starts a thread
# spins forever inside the loader.
find_program(SABLE_QEMU_AARCH64 qemu-aarch64)
if(SABLE_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${SABLE_QEMU_AARCH64})
endif()
