#include "sable/types.h"

namespace sable {

const char* valTypeName(ValType type) {
  switch (type) {
    case ValType::I32:
      return "i32";
    case ValType::I64:
      return "i64";
    case ValType::F32:
      return "f32";
    case ValType::F64:
      return "f64";
    case ValType::V128:
      return "v128";
    case ValType::FuncRef:
      return "funcref";
    case ValType::ExternRef:
      return "externref";
  }
  return "unknown";
}

bool isRefType(ValType type) { return type == ValType::FuncRef || type == ValType::ExternRef; }

bool isNumType(ValType type) {
  return type == ValType::I32 || type == ValType::I64 || type == ValType::F32 ||
         type == ValType::F64;
}

uint32_t valTypeSize(ValType type) {
  switch (type) {
    case ValType::I32:
    case ValType::F32:
      return 4;
    case ValType::V128:
      return 16;
    default:
      return 8;
  }
}

FuncType::FuncType(std::span<const ValType> params, std::span<const ValType> results)
    : numParams_(static_cast<uint32_t>(params.size())) {
  types_.reserve(params.size() + results.size());
  types_.insert(types_.end(), params.begin(), params.end());
  types_.insert(types_.end(), results.begin(), results.end());
}

std::string FuncType::toString() const {
  std::string s = "(";
  for (size_t i = 0; i < params().size(); ++i) {
    if (i) s += ' ';
    s += valTypeName(params()[i]);
  }
  s += ") -> (";
  for (size_t i = 0; i < results().size(); ++i) {
    if (i) s += ' ';
    s += valTypeName(results()[i]);
  }
  s += ')';
  return s;
}

const char* externKindName(ExternKind kind) {
  switch (kind) {
    case ExternKind::Func:
      return "func";
    case ExternKind::Table:
      return "table";
    case ExternKind::Memory:
      return "memory";
    case ExternKind::Global:
      return "global";
  }
  return "unknown";
}

}  // namespace sable

namespace {

std::string limitsText(const sable::Limits& limits) {
  std::string out = "{min " + std::to_string(limits.min);
  if (limits.hasMax) out += ", max " + std::to_string(limits.max);
  out += '}';
  return out;
}

}  // namespace

namespace sable {

std::string ExternType::toString() const {
  std::string out = externKindName(kind());
  if (const FuncType* f = func()) {
    out += ' ' + f->toString();
  } else if (const TableType* t = table()) {
    out += std::string(" ") + valTypeName(t->elemType) + ' ' + limitsText(t->limits);
  } else if (const MemoryType* m = memory()) {
    out += ' ' + limitsText(m->limits);
  } else if (const GlobalType* g = global()) {
    if (g->isMutable) out += " mut";
    out += std::string(" ") + valTypeName(g->type);
  }
  return out;
}

}  // namespace sable
