// Extern: any of the four things a module imports or exports.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "sable/func.h"
#include "sable/global_var.h"
#include "sable/memory.h"
#include "sable/table.h"
#include "sable/types.h"

namespace sable {

// A function, table, memory or global handle.
class Extern {
 public:
  // An Extern holding the handle.
  Extern(Func f) : value_(f) {}       // NOLINT: implicit by design
  Extern(Table t) : value_(t) {}      // NOLINT: implicit by design
  Extern(Memory m) : value_(m) {}     // NOLINT: implicit by design
  Extern(GlobalVar g) : value_(g) {}  // NOLINT: implicit by design

  // Which of the four handles it holds.
  ExternKind kind() const { return static_cast<ExternKind>(value_.index()); }

  // The handle if it is of that kind.
  std::optional<Func> func() const { return get<Func>(); }
  std::optional<Table> table() const { return get<Table>(); }
  std::optional<Memory> memory() const { return get<Memory>(); }
  std::optional<GlobalVar> global() const { return get<GlobalVar>(); }

  // True when both hold the same object.
  friend bool operator==(const Extern& a, const Extern& b) { return a.value_ == b.value_; }

 private:
  template <typename T>
  std::optional<T> get() const {
    if (const T* p = std::get_if<T>(&value_)) return *p;
    return std::nullopt;
  }
  // Alternative order matches ExternKind's encoding so kind() is the index.
  std::variant<Func, Table, Memory, GlobalVar> value_;
};

// One export of an instance.
struct NamedExtern {
  std::string name;
  Extern value;
};

}  // namespace sable
