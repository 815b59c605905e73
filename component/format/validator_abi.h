// What the validator needs of the canonical ABI (CanonicalABI.md), computed once over the
// decoder's TypeArena by the rules of component/abi_layout.h (which canon/type_desc.h applies to
// the running ABI's descriptors): each value type's byte size (for the max-value-size rule), its
// flat core types (for the core signatures of canon lift/lower), and whether it holds strings,
// lists or borrows.
#pragma once

#include <cstdint>
#include <vector>

#include "component/abi_layout.h"
#include "component/format/component_def.h"
#include "sable/types.h"

namespace sable::cm::format {

// The most flat values passed as parameters / results before they go through memory.
inline constexpr size_t kMaxFlatParams = abi::kMaxFlatParams;
inline constexpr size_t kMaxFlatResults = abi::kMaxFlatResults;
// A value's byte size must stay below this (Binary.md: elem_size(t) < 2^28).
inline constexpr uint64_t kMaxValueSize = uint64_t{1} << 28;

// ABI facts of every value type of an arena. Types only refer to earlier ids, so one pass in id
// order computes them without recursion (hostile chains of nested types cannot overflow the
// stack).
class AbiFacts {
 public:
  explicit AbiFacts(const TypeArena& types);

  // elem_size(t) in memory32, saturating at 2^32.
  uint64_t size(TypeId type) const { return at(type).layout.size; }
  // Whether a value of `type` holds a string or list anywhere.
  bool hasStringOrList(TypeId type) const { return at(type).stringOrList; }
  // Whether a value of `type` holds a borrow handle anywhere.
  bool hasBorrow(TypeId type) const { return at(type).borrow; }
  // flatten_type(t): the number of flat values (capped at kMaxFlatParams + 1), and the types
  // while they fit.
  const abi::Flat& flat(TypeId type) const { return at(type).flat; }

  // flatten_functype(ft, lift or lower): the core signature canon lift expects of its core
  // function, or canon lower gives the function it makes.
  FuncType flattenFunc(TypeId func, bool lift) const;

 private:
  struct Facts {
    abi::Layout layout;
    bool stringOrList = false;
    bool borrow = false;
    abi::Flat flat;
  };
  const Facts& at(TypeId type) const {
    static const Facts kNone{};
    return type < facts_.size() ? facts_[type] : kNone;
  }
  Facts compute(const TypeDef& def) const;
  // Records and tuples; variants of `cases` cases with `payloads` (kNoType: none).
  void addRecord(Facts& f, const std::vector<TypeId>& members) const;
  void addVariant(Facts& f, const std::vector<TypeId>& payloads, size_t cases) const;

  const TypeArena& types_;
  std::vector<Facts> facts_;
};

}  // namespace sable::cm::format
