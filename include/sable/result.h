// Errors as values: every fallible public entry point returns Result<T>.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace sable {

// Why an operation failed. The spec's categories come first because embedders and the spec
// harness dispatch on them (assert_malformed vs assert_invalid vs assert_unlinkable ...).
enum class ErrorKind : uint8_t {
  Malformed,          // the bytes are not a WebAssembly binary (decoding failed)
  Invalid,            // well-formed but rejected by validation
  Unlinkable,         // imports could not be resolved or have the wrong type
  Trap,               // execution trapped
  Limit,              // an implementation limit was exceeded (sizes, counts, nesting)
  Unsupported,        // valid WebAssembly that this build cannot run yet
  Io,                 // the host could not read or write something
  Usage,              // the caller passed arguments that make no sense
  ResourceExhausted,  // the system ran out of memory or address space, or a store limit was hit
};

// "malformed", "invalid", ... (the kind as a word).
const char* errorKindName(ErrorKind kind);

// An error with the byte offset in the module where it was detected (kNoOffset when the error
// is not tied to module bytes).
struct Error {
  static constexpr size_t kNoOffset = static_cast<size_t>(-1);

  ErrorKind kind = ErrorKind::Usage;
  size_t offset = kNoOffset;
  std::string message;

  // "malformed at offset 0x1c: unexpected end" style, for humans.
  std::string toString() const;
};

// Either a value or an Error. Deliberately tiny: C++20 has no std::expected.
template <typename T>
class [[nodiscard]] Result {
 public:
  // A success holding `value`, or a failure holding `error`.
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  // Whether it holds a value rather than an error.
  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // The value (only when ok()).
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // The error (only when !ok()).
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// Result for operations that produce nothing but can fail.
template <>
class [[nodiscard]] Result<void> {
 public:
  // A success, or a failure holding `error`.
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  // Whether it succeeded; error() is meaningful only when not.
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace sable
