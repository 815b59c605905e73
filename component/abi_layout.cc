// The canonical ABI's layout and flattening rules (abi_layout.h).
#include "component/abi_layout.h"

#include <algorithm>

namespace sable::cm::abi {
namespace {

CoreType join(CoreType a, CoreType b) {
  if (a == b) return a;
  auto isI32OrF32 = [](CoreType t) { return t == CoreType::I32 || t == CoreType::F32; };
  if (isI32OrF32(a) && isI32OrF32(b)) return CoreType::I32;
  return CoreType::I64;
}

Scalar sized(uint64_t bytes, CoreType flat) {
  return {{bytes, bytes}, {bytes, bytes}, {{flat}, 1}};
}

}  // namespace

Scalar scalar(ScalarKind kind) {
  switch (kind) {
    case ScalarKind::Bool:
    case ScalarKind::S8:
    case ScalarKind::U8:
      return sized(1, CoreType::I32);
    case ScalarKind::S16:
    case ScalarKind::U16:
      return sized(2, CoreType::I32);
    case ScalarKind::S64:
    case ScalarKind::U64:
      return sized(8, CoreType::I64);
    case ScalarKind::F32:
      return sized(4, CoreType::F32);
    case ScalarKind::F64:
      return sized(8, CoreType::F64);
    case ScalarKind::String:
    case ScalarKind::List:
      // A pointer and a length.
      return {{8, 4}, {16, 8}, {{CoreType::I32, CoreType::I32}, 2}};
    default:
      return sized(4, CoreType::I32);  // s32, u32, char, handles
  }
}

uint64_t alignTo(uint64_t offset, uint64_t align) {
  return std::min(kSizeCap, (offset + align - 1) / align * align);
}

uint8_t discriminantSize(size_t caseCount) {
  if (caseCount <= 0x100) return 1;
  if (caseCount <= 0x10000) return 2;
  return 4;
}

Layout recordLayout(std::span<const Layout> fields, std::vector<uint64_t>* offsets) {
  Layout out;
  for (const Layout& f : fields) {
    out.size = alignTo(out.size, f.align);
    if (offsets) offsets->push_back(out.size);
    out.size = std::min(kSizeCap, out.size + f.size);
    out.align = std::max(out.align, f.align);
  }
  out.size = alignTo(out.size, out.align);
  return out;
}

Layout variantLayout(uint8_t discSize, std::span<const Layout> payloads, uint64_t* payloadOffset) {
  uint64_t caseAlign = 1;
  uint64_t caseSize = 0;
  for (const Layout& p : payloads) {
    caseAlign = std::max(caseAlign, p.align);
    caseSize = std::max(caseSize, p.size);
  }
  uint64_t offset = alignTo(discSize, caseAlign);
  if (payloadOffset) *payloadOffset = offset;
  Layout out{std::min(kSizeCap, offset + caseSize), std::max<uint64_t>(discSize, caseAlign)};
  out.size = alignTo(out.size, out.align);
  return out;
}

Layout flagsLayout(size_t count) {
  uint64_t bytes = count <= 8 ? 1 : count <= 16 ? 2 : 4;
  return {bytes, bytes};
}

void appendFlat(Flat& record, const Flat& field) {
  record.count = std::min(record.count + field.count, kMaxFlatParams + 1);
  if (!record.fits()) {
    record.types.clear();
    return;
  }
  record.types.insert(record.types.end(), field.types.begin(), field.types.end());
}

Flat variantFlat() { return {{CoreType::I32}, 1}; }

void joinFlat(Flat& variant, const Flat& payload) {
  if (!payload.fits() || 1 + payload.count > kMaxFlatParams) variant.count = kMaxFlatParams + 1;
  if (!variant.fits()) {
    variant.types.clear();
    return;
  }
  for (size_t i = 0; i < payload.types.size(); ++i) {
    if (1 + i < variant.types.size()) {
      variant.types[1 + i] = join(variant.types[1 + i], payload.types[i]);
    } else {
      variant.types.push_back(payload.types[i]);
    }
  }
  variant.count = static_cast<uint32_t>(variant.types.size());
}

FlatSignature flattenSignature(const Flat& params, const std::optional<Flat>& result,
                               FlatContext context) {
  FlatSignature sig;
  if (params.fits()) {
    sig.params = params.types;
  } else {
    sig.params = {CoreType::I32};
    sig.paramsInMemory = true;
  }
  if (!result) return sig;
  if (result->count <= kMaxFlatResults) {
    sig.results = result->types;
    return sig;
  }
  sig.resultsInMemory = true;
  if (context == FlatContext::Lift) {
    sig.results = {CoreType::I32};
  } else {
    sig.params.push_back(CoreType::I32);
  }
  return sig;
}

}  // namespace sable::cm::abi
