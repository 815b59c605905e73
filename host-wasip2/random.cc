// wasi:random: random, insecure and insecure-seed, all from the kernel's getrandom (the
// insecure ones need no weaker source).
#include <sys/random.h>

#include <cerrno>
#include <cstring>

#include "val_util.h"

namespace sable::wasip2 {
namespace {

// The most bytes one call hands out: a guest asking for more traps instead of exhausting the
// host's memory.
constexpr uint64_t kMaxRandomBytes = 16 * 1024 * 1024;

Result<std::vector<uint8_t>> randomBytes(uint64_t len) {
  if (len > kMaxRandomBytes) {
    return Error{ErrorKind::Limit, Error::kNoOffset, "random bytes requested past 16 MiB"};
  }
  std::vector<uint8_t> out(len);
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::getrandom(out.data() + done, out.size() - done, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error{ErrorKind::Io, Error::kNoOffset, std::strerror(errno)};
    done += static_cast<size_t>(n);
  }
  return out;
}

Result<uint64_t> randomU64() {
  Result<std::vector<uint8_t>> b = randomBytes(8);
  if (!b) return b.error();
  uint64_t v;
  std::memcpy(&v, b->data(), 8);
  return v;
}

cm::HostContextFunc bytesFunc() {
  return [](HostContext&, Args args, Results results) -> Result<void> {
    Result<std::vector<uint8_t>> b = randomBytes(args[0].asU64());
    if (!b) return b.error();
    results[0] = bytesVal(*b);
    return {};
  };
}

cm::HostContextFunc u64Func() {
  return [](HostContext&, Args, Results results) -> Result<void> {
    Result<uint64_t> v = randomU64();
    if (!v) return v.error();
    results[0] = Val::u64(*v);
    return {};
  };
}

}  // namespace

void defineRandom(Bindings& b) {
  b.func("wasi:random/random@0.2.0", "get-random-bytes", bytesFunc());
  b.func("wasi:random/random@0.2.0", "get-random-u64", u64Func());
  b.func("wasi:random/insecure@0.2.0", "get-insecure-random-bytes", bytesFunc());
  b.func("wasi:random/insecure@0.2.0", "get-insecure-random-u64", u64Func());
  b.func("wasi:random/insecure-seed@0.2.0", "insecure-seed",
         [](HostContext&, Args, Results results) -> Result<void> {
           Result<uint64_t> a = randomU64();
           Result<uint64_t> c = randomU64();
           if (!a) return a.error();
           if (!c) return c.error();
           results[0] = Val::tuple({Val::u64(*a), Val::u64(*c)});
           return {};
         });
}

}  // namespace sable::wasip2
