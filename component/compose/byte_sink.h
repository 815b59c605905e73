// ByteSink: a growing byte buffer with the binary format's primitive encodings (unsigned
// LEB128, names, length-prefixed sections), for writing component binaries.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace sable::cm::compose {

class ByteSink {
 public:
  // Appends one byte.
  void u8(uint8_t b) { bytes_.push_back(b); }
  // Appends `v` as unsigned LEB128.
  void u32(uint32_t v) {
    do {
      uint8_t b = v & 0x7f;
      v >>= 7;
      bytes_.push_back(v ? (b | 0x80) : b);
    } while (v);
  }
  // Appends a non-negative `v` as signed LEB128 (s33): how a value type names a type index.
  void s33(uint32_t v) {
    uint64_t x = v;
    while (true) {
      uint8_t b = x & 0x7f;
      x >>= 7;
      if (x == 0 && !(b & 0x40)) {
        bytes_.push_back(b);
        return;
      }
      bytes_.push_back(b | 0x80);
    }
  }
  // Appends a name: its byte length, then its bytes.
  void name(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    bytes_.insert(bytes_.end(), s.begin(), s.end());
  }
  // Appends raw bytes.
  void raw(const std::vector<uint8_t>& b) { bytes_.insert(bytes_.end(), b.begin(), b.end()); }
  // Appends `body` as a section or subsection: `id`, its byte length, then its bytes.
  void section(uint8_t id, const ByteSink& body) {
    u8(id);
    u32(static_cast<uint32_t>(body.size()));
    raw(body.bytes_);
  }

  size_t size() const { return bytes_.size(); }
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  std::vector<uint8_t> take() { return std::move(bytes_); }

 private:
  std::vector<uint8_t> bytes_;
};

}  // namespace sable::cm::compose
