// wasi:filesystem value shapes and the descriptor-method wrapper.
#include "fs_values.h"

#include <algorithm>
#include <climits>

namespace sable::wasip2 {

using wasi::Errno;

std::string_view errorCodeName(Errno e) {
  // clang-format off
  switch (e) {
    case Errno::Acces: return "access";
    case Errno::Again: return "would-block";
    case Errno::Already: return "already";
    case Errno::Badf: return "bad-descriptor";
    case Errno::Busy: return "busy";
    case Errno::Deadlk: return "deadlock";
    case Errno::Dquot: return "quota";
    case Errno::Exist: return "exist";
    case Errno::Fbig: return "file-too-large";
    case Errno::Ilseq: return "illegal-byte-sequence";
    case Errno::InProgress: return "in-progress";
    case Errno::Intr: return "interrupted";
    case Errno::Inval: return "invalid";
    case Errno::IsDir: return "is-directory";
    case Errno::Loop: return "loop";
    case Errno::Mlink: return "too-many-links";
    case Errno::MsgSize: return "message-size";
    case Errno::NameTooLong: return "name-too-long";
    case Errno::NoDev: return "no-device";
    case Errno::NoEnt: return "no-entry";
    case Errno::NoLck: return "no-lock";
    case Errno::NoMem: return "insufficient-memory";
    case Errno::NoSpc: return "insufficient-space";
    case Errno::NotDir: return "not-directory";
    case Errno::NotEmpty: return "not-empty";
    case Errno::NotRecoverable: return "not-recoverable";
    case Errno::NotSup: case Errno::NoSys: return "unsupported";
    case Errno::NoTty: return "no-tty";
    case Errno::Nxio: return "no-such-device";
    case Errno::Overflow: return "overflow";
    case Errno::Perm: case Errno::NotCapable: return "not-permitted";
    case Errno::Pipe: return "pipe";
    case Errno::Rofs: return "read-only";
    case Errno::Spipe: return "invalid-seek";
    case Errno::TxtBsy: return "text-file-busy";
    case Errno::Xdev: return "cross-device";
    default: return "io";
  }
  // clang-format on
}

Val fsError(Errno e) { return Val::err(Val::enumCase(std::string(errorCodeName(e)))); }

Val fsResult(Errno e) { return e == Errno::Success ? Val::ok() : fsError(e); }

std::string_view descriptorTypeName(mode_t mode) {
  if (S_ISREG(mode)) return "regular-file";
  if (S_ISDIR(mode)) return "directory";
  if (S_ISLNK(mode)) return "symbolic-link";
  if (S_ISCHR(mode)) return "character-device";
  if (S_ISBLK(mode)) return "block-device";
  if (S_ISFIFO(mode)) return "fifo";
  if (S_ISSOCK(mode)) return "socket";
  return "unknown";
}

namespace {

Val datetime(const struct timespec& t) {
  return Val::some(Val::record({{"seconds", Val::u64(static_cast<uint64_t>(t.tv_sec))},
                                {"nanoseconds", Val::u32(static_cast<uint32_t>(t.tv_nsec))}}));
}

// splitmix64's finaliser: a cheap, well-mixed 64-bit permutation.
uint64_t mix(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

}  // namespace

Val statVal(const struct stat& st) {
  return Val::record({
      {"type", Val::enumCase(std::string(descriptorTypeName(st.st_mode)))},
      {"link-count", Val::u64(st.st_nlink)},
      {"size", Val::u64(static_cast<uint64_t>(st.st_size))},
      {"data-access-timestamp", datetime(st.st_atim)},
      {"data-modification-timestamp", datetime(st.st_mtim)},
      {"status-change-timestamp", datetime(st.st_ctim)},
  });
}

Val metadataHashVal(const struct stat& st, const uint64_t key[2]) {
  uint64_t dev = static_cast<uint64_t>(st.st_dev), ino = static_cast<uint64_t>(st.st_ino);
  uint64_t lower = mix(mix(ino ^ key[0]) ^ dev);
  uint64_t upper = mix(mix(dev ^ key[1]) ^ ino);
  return Val::record({{"lower", Val::u64(lower)}, {"upper", Val::u64(upper)}});
}

Errno timespecOf(const Val& newTimestamp, struct timespec& out) {
  std::string_view c = newTimestamp.caseName();
  if (c == "no-change") {
    out = {0, UTIME_OMIT};
  } else if (c == "now") {
    out = {0, UTIME_NOW};
  } else {
    std::span<const Val> dt = newTimestamp.payload()->elements();
    uint64_t seconds = dt[0].asU64();
    uint32_t nanos = dt[1].asU32();
    if (nanos >= 1000000000u || seconds > static_cast<uint64_t>(LLONG_MAX)) return Errno::Inval;
    out = {static_cast<time_t>(seconds), static_cast<long>(nanos)};
  }
  return Errno::Success;
}

cm::HostContextFunc descriptorMethod(Context::Impl* cx, DescriptorBody body) {
  return [cx, body](HostContext& hcx, Args args, Results results) -> Result<void> {
    Result<uint32_t> rep = hcx.rep(cx->types.descriptor, args[0]);
    if (!rep) return rep.error();
    Descriptor* d = getAs<Descriptor>(cx->table, *rep);
    if (!d) return guestTrap("handle names no live descriptor");
    Result<Val> v = body(hcx, *cx, *d, *rep, args);
    if (!v) return v.error();
    results[0] = std::move(*v);
    return {};
  };
}

Result<Descriptor*> otherDescriptor(HostContext& hcx, Context::Impl& cx, const Val& handle) {
  return objectOf<Descriptor>(hcx, cx, cx.types.descriptor, handle);
}

bool hasFlag(const Val& flags, std::string_view name) {
  std::span<const std::string> set = flags.names();
  return std::find(set.begin(), set.end(), name) != set.end();
}

}  // namespace sable::wasip2

namespace sable::wasip2 {

bool isUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<uint8_t>(text[i]);
    size_t n = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xe ? 2 : (c >> 3) == 0x1e ? 3 : 4;
    if (n == 4 || i + n >= text.size()) return false;  // a bad lead byte, or cut short
    uint32_t cp = n == 0 ? c : c & (0x3f >> n);
    for (size_t k = 1; k <= n; ++k) {
      auto cc = static_cast<uint8_t>(text[i + k]);
      if ((cc >> 6) != 0x2) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return false;
    i += n + 1;
  }
  return true;
}

}  // namespace sable::wasip2
