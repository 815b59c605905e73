// ParseResult: what the harness's readers (JSON scripts, values, command lines) return.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <variant>

namespace sable::spec {

// Either a parsed value or a message saying why the input was rejected. sable::Result is not
// used because its ErrorKind vocabulary describes modules, and a bad test script is neither a
// malformed nor an invalid module.
template <typename T>
class [[nodiscard]] ParseResult {
 public:
  ParseResult(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit

  static ParseResult failure(std::string message) {
    return ParseResult(std::in_place_index<1>, std::move(message));
  }

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const T* operator->() const { return &value(); }
  const T& operator*() const& { return value(); }

  const std::string& error() const { return std::get<1>(state_); }

 private:
  template <size_t Index, typename Arg>
  ParseResult(std::in_place_index_t<Index> index, Arg&& arg)
      : state_(index, std::forward<Arg>(arg)) {}

  std::variant<T, std::string> state_;
};

}  // namespace sable::spec
