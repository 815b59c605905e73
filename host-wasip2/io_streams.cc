// wasi:io/error and wasi:io/streams over stdio, file and socket descriptors (a file's streams are
// a descriptor's read-, write- and append-via-stream): input streams read (or report end of
// stream), output streams write whole buffers, so check-write grants kWritePermit bytes (a
// socket's once it has room) and flushing has nothing left to do.
#include <poll.h>
#include <sys/stat.h>

#include <string>

#include "fd_io.h"
#include "val_util.h"

namespace sable::wasip2 {
namespace {

// What check-write grants, and the most blocking-write-and-flush takes (the WIT's 4096).
constexpr uint64_t kWritePermit = 4096;

// One read of `in`: a file's at its offset (which moves on), else whatever the fd has.
ReadOutcome readStream(InputStream& in, uint64_t max, bool block) {
  if (!in.offset) return readSome(in.fd, max, block);
  ReadOutcome r = readAt(in.fd, max, *in.offset);
  *in.offset += r.bytes.size();
  return r;
}

// Writes all of `bytes` to `out`: on a socket, at a file's end or offset (which moves on), or
// to the fd; 0 or the errno of the failure.
int writeStream(OutputStream& out, std::span<const uint8_t> bytes) {
  if (out.socket) return sendAll(out.fd, bytes);
  if (out.append) {
    struct stat st {};
    if (::fstat(out.fd, &st) != 0) return errno;
    return writeAllAt(out.fd, bytes, static_cast<uint64_t>(st.st_size));
  }
  if (!out.offset) return writeAll(out.fd, bytes);
  int e = writeAllAt(out.fd, bytes, *out.offset);
  if (e == 0) *out.offset += bytes.size();
  return e;
}

// The result of a read: ok(bytes), closed at end of stream, or the failure.
Result<Val> readResult(HostContext& hcx, Context::Impl& cx, const ReadOutcome& r) {
  if (r.error != 0) return streamFailed(hcx, cx, r.error);
  if (r.eof) return streamClosed();
  return Val::ok(bytesVal(r.bytes));
}

// read / blocking-read (and skip, which returns the count instead of the bytes).
cm::HostContextFunc reader(Context::Impl* cx, bool block, bool skip) {
  return [cx, block, skip](HostContext& hcx, Args args, Results results) -> Result<void> {
    Result<InputStream*> in = objectOf<InputStream>(hcx, *cx, cx->types.inputStream, args[0]);
    if (!in) return in.error();
    if ((*in)->fd < 0) {
      results[0] = streamClosed();
      return {};
    }
    ReadOutcome r = readStream(**in, args[1].asU64(), block);
    if (skip && r.error == 0 && !r.eof) {
      results[0] = Val::ok(Val::u64(r.bytes.size()));
      return {};
    }
    Result<Val> v = readResult(hcx, *cx, r);
    if (!v) return v.error();
    results[0] = std::move(*v);
    return {};
  };
}

// Writes `bytes` to the stream `handle` names; the result value (ok or a stream error).
Result<Val> writeTo(HostContext& hcx, Context::Impl& cx, const Val& handle,
                    std::span<const uint8_t> bytes) {
  Result<OutputStream*> out = objectOf<OutputStream>(hcx, cx, cx.types.outputStream, handle);
  if (!out) return out.error();
  if ((*out)->fd < 0) return Val::ok();
  if (int e = writeStream(**out, bytes); e != 0) return streamFailed(hcx, cx, e);
  return Val::ok();
}

// write / blocking-write-and-flush (the blocking one takes at most kWritePermit bytes).
cm::HostContextFunc writer(Context::Impl* cx, bool blocking) {
  return [cx, blocking](HostContext& hcx, Args args, Results results) -> Result<void> {
    std::vector<uint8_t> bytes = bytesOf(args[1]);
    if (bytes.size() > kWritePermit) {
      return guestTrap(std::string(blocking ? "blocking-write-and-flush" : "write") +
                       " of more than the 4096 bytes check-write permits");
    }
    Result<Val> v = writeTo(hcx, *cx, args[0], bytes);
    if (!v) return v.error();
    results[0] = std::move(*v);
    return {};
  };
}

// write-zeroes / blocking-write-zeroes-and-flush.
cm::HostContextFunc zeroWriter(Context::Impl* cx) {
  return [cx](HostContext& hcx, Args args, Results results) -> Result<void> {
    if (args[1].asU64() > kWritePermit) return guestTrap("write-zeroes past the write permit");
    std::vector<uint8_t> zeroes(args[1].asU64(), 0);
    Result<Val> v = writeTo(hcx, *cx, args[0], zeroes);
    if (!v) return v.error();
    results[0] = std::move(*v);
    return {};
  };
}

// splice / blocking-splice: read from the input stream, write what came to the output.
cm::HostContextFunc splicer(Context::Impl* cx, bool block) {
  return [cx, block](HostContext& hcx, Args args, Results results) -> Result<void> {
    Result<InputStream*> in = objectOf<InputStream>(hcx, *cx, cx->types.inputStream, args[1]);
    if (!in) return in.error();
    if ((*in)->fd < 0) {
      results[0] = streamClosed();
      return {};
    }
    ReadOutcome r = readStream(**in, std::min(args[2].asU64(), kWritePermit), block);
    if (r.error != 0 || r.eof) {
      Result<Val> v = readResult(hcx, *cx, r);
      if (!v) return v.error();
      results[0] = std::move(*v);
      return {};
    }
    Result<Val> w = writeTo(hcx, *cx, args[0], r.bytes);
    if (!w) return w.error();
    results[0] = w->caseName() == "ok" ? Val::ok(Val::u64(r.bytes.size())) : std::move(*w);
    return {};
  };
}

// subscribe: a pollable, a child of the stream.
cm::HostContextFunc subscriber(Context::Impl* cx, bool input) {
  return [cx, input](HostContext& hcx, Args args, Results results) -> Result<void> {
    cm::HostResource type = input ? cx->types.inputStream : cx->types.outputStream;
    Result<uint32_t> rep = hcx.rep(type, args[0]);
    if (!rep) return rep.error();
    Pollable p;
    if (InputStream* in = getAs<InputStream>(cx->table, *rep); in && in->fd >= 0) {
      p = Pollable{Pollable::Kind::FdReadable, 0, in->fd};
    }
    if (OutputStream* out = getAs<OutputStream>(cx->table, *rep); out && out->socket) {
      p = Pollable{Pollable::Kind::FdWritable, 0, out->fd};
    }
    Result<Val> h = newObject(hcx, *cx, cx->types.pollable, p, *rep);
    if (!h) return h.error();
    results[0] = std::move(*h);
    return {};
  };
}

// A function whose result is always `value`, after checking the stream handle.
cm::HostContextFunc okOutput(Context::Impl* cx, Val value) {
  return [cx, value](HostContext& hcx, Args args, Results results) -> Result<void> {
    Result<OutputStream*> out = objectOf<OutputStream>(hcx, *cx, cx->types.outputStream, args[0]);
    if (!out) return out.error();
    results[0] = value;
    return {};
  };
}

// check-write: kWritePermit, or 0 while a socket's send buffer is full.
cm::HostContextFunc writePermit(Context::Impl* cx) {
  return [cx](HostContext& hcx, Args args, Results results) -> Result<void> {
    Result<OutputStream*> out = objectOf<OutputStream>(hcx, *cx, cx->types.outputStream, args[0]);
    if (!out) return out.error();
    bool full = (*out)->socket && !fdReady((*out)->fd, POLLOUT);
    results[0] = Val::ok(Val::u64(full ? 0 : kWritePermit));
    return {};
  };
}

void defineError(Bindings& b) {
  Context::Impl* cx = &b.context();
  cx->types.error = b.resource(iface::kError, "error");
  b.func(iface::kError, "[method]error.to-debug-string",
         [cx](HostContext& hcx, Args args, Results results) -> Result<void> {
           Result<IoError*> e = objectOf<IoError>(hcx, *cx, cx->types.error, args[0]);
           if (!e) return e.error();
           results[0] = Val::string((*e)->message);
           return {};
         });
}

}  // namespace

void defineIo(Bindings& b) {
  defineError(b);
  Context::Impl* cx = &b.context();
  const std::string_view s = iface::kStreams;
  cx->types.inputStream = b.resource(s, "input-stream");
  cx->types.outputStream = b.resource(s, "output-stream");
  b.func(s, "[method]input-stream.read", reader(cx, false, false));
  b.func(s, "[method]input-stream.blocking-read", reader(cx, true, false));
  b.func(s, "[method]input-stream.skip", reader(cx, false, true));
  b.func(s, "[method]input-stream.blocking-skip", reader(cx, true, true));
  b.func(s, "[method]input-stream.subscribe", subscriber(cx, true));
  b.func(s, "[method]output-stream.check-write", writePermit(cx));
  b.func(s, "[method]output-stream.write", writer(cx, false));
  b.func(s, "[method]output-stream.blocking-write-and-flush", writer(cx, true));
  b.func(s, "[method]output-stream.flush", okOutput(cx, Val::ok()));
  b.func(s, "[method]output-stream.blocking-flush", okOutput(cx, Val::ok()));
  b.func(s, "[method]output-stream.subscribe", subscriber(cx, false));
  b.func(s, "[method]output-stream.write-zeroes", zeroWriter(cx));
  b.func(s, "[method]output-stream.blocking-write-zeroes-and-flush", zeroWriter(cx));
  b.func(s, "[method]output-stream.splice", splicer(cx, false));
  b.func(s, "[method]output-stream.blocking-splice", splicer(cx, true));
}

}  // namespace sable::wasip2
