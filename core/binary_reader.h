// A cursor over module bytes with a sticky error. After the first failure every read returns
// zero and the cursor sits at the end, so decoding loops need no error check per read: they test
// ok() where it matters (loop heads) and the first error is what gets reported.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/leb128.h"
#include "sable/result.h"

namespace sable {

class BinaryReader {
 public:
  // `base` is the offset of `begin` within the module, so errors report module offsets.
  BinaryReader(const uint8_t* begin, const uint8_t* end, size_t base = 0)
      : begin_(begin), pos_(begin), end_(end), base_(base) {}

  bool ok() const { return !failed_; }
  bool atEnd() const { return pos_ >= end_; }
  size_t remaining() const { return static_cast<size_t>(end_ - pos_); }
  const uint8_t* pos() const { return pos_; }
  const uint8_t* end() const { return end_; }
  // Offset in the module of the next byte.
  size_t offset() const { return base_ + static_cast<size_t>(pos_ - begin_); }
  size_t offsetOf(const uint8_t* p) const { return base_ + static_cast<size_t>(p - begin_); }

  // Records the first error (kind, module offset, message) and stops the cursor.
  void fail(ErrorKind kind, size_t offset, std::string message) {
    if (failed_) return;
    failed_ = true;
    error_ = Error{kind, offset, std::move(message)};
    pos_ = end_;
  }
  void failMalformed(std::string message) {
    fail(ErrorKind::Malformed, offset(), std::move(message));
  }
  void failInvalid(std::string message) { fail(ErrorKind::Invalid, offset(), std::move(message)); }
  const Error& error() const { return error_; }
  // Moves the error out of another reader (a sub-reader over a section or body).
  void adoptError(const BinaryReader& other) {
    if (!other.ok()) fail(other.error_.kind, other.error_.offset, other.error_.message);
  }

  uint8_t readU8() {
    if (pos_ >= end_) {
      failUnexpectedEnd();
      return 0;
    }
    return *pos_++;
  }
  uint8_t peekU8() const { return pos_ < end_ ? *pos_ : 0; }

  // Indices, counts and most constants fit one byte: those skip the general decoder. (A failed
  // reader's cursor is at the end, so it still yields 0.)
  uint32_t readU32Leb() {
    if (pos_ < end_ && *pos_ < 0x80) return *pos_++;
    return readU32LebSlow();
  }
  uint64_t readU64Leb() { return take(sable::readU64Leb(pos_, end_), "integer"); }
  int32_t readS32Leb() {
    if (pos_ < end_ && *pos_ < 0x80) {
      const int32_t b = *pos_++;
      return b < 0x40 ? b : b - 0x80;  // bit 6 is the sign
    }
    return readS32LebSlow();
  }
  int64_t readS33Leb() { return take(sable::readS33Leb(pos_, end_), "integer"); }
  int64_t readS64Leb() { return take(sable::readS64Leb(pos_, end_), "integer"); }

  uint32_t readFixedU32() {
    uint32_t v = 0;
    if (remaining() < 4) {
      failUnexpectedEnd();
      return 0;
    }
    std::memcpy(&v, pos_, 4);
    pos_ += 4;
    return v;
  }
  uint64_t readFixedU64() {
    uint64_t v = 0;
    if (remaining() < 8) {
      failUnexpectedEnd();
      return 0;
    }
    std::memcpy(&v, pos_, 8);
    pos_ += 8;
    return v;
  }

  // Returns a pointer to `n` bytes and skips them, or nullptr at end of input.
  const uint8_t* readBytes(size_t n) {
    if (remaining() < n) {
      failUnexpectedEnd();
      return nullptr;
    }
    const uint8_t* p = pos_;
    pos_ += n;
    return p;
  }

  // A vector count: also checks that at least `minBytesPerItem` bytes per item remain, so a
  // hostile count never drives a large reservation.
  uint32_t readCount(const char* what, uint32_t limit, size_t minBytesPerItem = 1) {
    size_t at = offset();
    uint32_t n = readU32Leb();
    if (!ok()) return 0;
    if (n > limit) {
      fail(ErrorKind::Limit, at,
           std::string("too many ") + what + " (" + std::to_string(n) + ", limit " +
               std::to_string(limit) + ")");
      return 0;
    }
    if (static_cast<uint64_t>(n) * minBytesPerItem > remaining()) {
      // Not enough bytes for that many items: the input ends early.
      pos_ = end_;
      failUnexpectedEnd();
      return 0;
    }
    return n;
  }

  // A UTF-8 name. Invalid UTF-8 is malformed.
  std::string readName();

  void failUnexpectedEnd() { fail(ErrorKind::Malformed, offset(), "unexpected end"); }

 private:
  // The general decoders, out of line so the one-byte fast paths above stay small enough to
  // inline into the decoding loops.
  [[gnu::noinline]] uint32_t readU32LebSlow() {
    return take(sable::readU32Leb(pos_, end_), "integer");
  }
  [[gnu::noinline]] int32_t readS32LebSlow() {
    return take(sable::readS32Leb(pos_, end_), "integer");
  }

  template <typename T>
  T take(LebResult<T> r, const char* /*what*/) {
    if (r.error != LebError::Ok) {
      switch (r.error) {
        case LebError::UnexpectedEnd:
          failUnexpectedEnd();
          break;
        case LebError::TooLong:
          failMalformed("integer representation too long");
          break;
        case LebError::UnusedBitsSet:
          failMalformed("integer too large");
          break;
        case LebError::Ok:
          break;
      }
      return 0;
    }
    pos_ += r.length;
    return r.value;
  }

  const uint8_t* begin_;
  const uint8_t* pos_;
  const uint8_t* end_;
  size_t base_;
  bool failed_ = false;
  Error error_;
};

// True when [p, p+n) is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF).
bool isValidUtf8(const uint8_t* p, size_t n);

}  // namespace sable
