// The canonical ABI's layout and flattening rules (CanonicalABI.md "Despecialization",
// "Alignment", "Element Size", "Flattening") as pure functions of the parts of a type. The one
// place these facts are computed: the validator (format/validator_abi.h) applies them to decoded
// types, the type descriptors of the running ABI (canon/type_desc.h) to their nodes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace sable::cm::abi {

// CanonicalABI.md: flattening limits of synchronous functions.
inline constexpr uint32_t kMaxFlatParams = 16;
inline constexpr uint32_t kMaxFlatResults = 1;
// Sizes saturate here: any larger value type is invalid (elem_size must stay below 2^28), and
// saturating keeps hostile nesting from overflowing.
inline constexpr uint64_t kSizeCap = uint64_t{1} << 32;

// Core WebAssembly value types, as flattening produces them.
enum class CoreType : uint8_t { I32, I64, F32, F64 };

// A size and alignment in bytes, for one pointer width.
struct Layout {
  uint64_t size = 0;
  uint64_t align = 1;
};

// flatten_type(t), kept only while it fits the parameter limit: `count` is the number of flat
// values capped at kMaxFlatParams + 1 ("too many to pass flat"), and `types` holds them only
// when count <= kMaxFlatParams.
struct Flat {
  std::vector<CoreType> types;
  uint32_t count = 0;
  bool fits() const { return count <= kMaxFlatParams; }
};

// The layout and flattening of a primitive value type.
struct Scalar {
  Layout memory32;  // 32-bit pointers
  Layout memory64;  // 64-bit pointers (strings differ)
  Flat flat;
};

// What a primitive is, before despecialisation; handles are 32-bit indices.
enum class ScalarKind : uint8_t {
  Bool,
  S8,
  U8,
  S16,
  U16,
  S32,
  U32,
  S64,
  U64,
  F32,
  F64,
  Char,
  String,
  List,
  Handle
};

// Layout and flattening of a primitive, a string, a list (any element) or an own/borrow handle.
Scalar scalar(ScalarKind kind);

// `offset` rounded up to `align`, saturating at kSizeCap.
uint64_t alignTo(uint64_t offset, uint64_t align);

// The bytes of a variant discriminant for `caseCount` cases: 1, 2 or 4.
uint8_t discriminantSize(size_t caseCount);

// A record (or tuple) of fields with `fields` layouts; `offsets` (if given) receives where each
// field starts.
Layout recordLayout(std::span<const Layout> fields, std::vector<uint64_t>* offsets);

// A variant whose payloads have `payloads` layouts (cases without payload left out);
// `payloadOffset` (if given) receives where the payload starts.
Layout variantLayout(uint8_t discSize, std::span<const Layout> payloads, uint64_t* payloadOffset);

// Flags of `count` labels: 1, 2 or 4 bytes.
Layout flagsLayout(size_t count);

// Appends a field's flattening to a record's.
void appendFlat(Flat& record, const Flat& field);

// The flattening of a variant: the discriminant, then each payload slot joined over the cases.
// Start with variantFlat() and join every payload into it.
Flat variantFlat();
void joinFlat(Flat& variant, const Flat& payload);

// Which side of the ABI a core signature is for (flatten_functype's `context`): a lifted export
// returns a pointer to its spilled results; a lowered import receives an out-pointer instead.
enum class FlatContext : uint8_t { Lift, Lower };

// flatten_functype(opts, ft, context) for a synchronous function with 32-bit memory, given the
// flattening of its parameters as a tuple and of its result.
struct FlatSignature {
  std::vector<CoreType> params;
  std::vector<CoreType> results;
  bool paramsInMemory = false;   // the params are passed as one i32 pointer to a tuple
  bool resultsInMemory = false;  // the results go through memory (return or out-pointer)
};
FlatSignature flattenSignature(const Flat& params, const std::optional<Flat>& result,
                               FlatContext context);

}  // namespace sable::cm::abi
