#include "runtime/signature_registry.h"

namespace sable::detail {

std::string SignatureRegistry::keyOf(const FuncType& type) {
  std::string key;
  uint32_t numParams = static_cast<uint32_t>(type.params().size());
  key.reserve(4 + type.params().size() + type.results().size());
  for (int i = 0; i < 4; ++i) key.push_back(static_cast<char>((numParams >> (8 * i)) & 0xFF));
  for (ValType t : type.params()) key.push_back(static_cast<char>(t));
  for (ValType t : type.results()) key.push_back(static_cast<char>(t));
  return key;
}

uint32_t SignatureRegistry::intern(const FuncType& type) {
  std::string key = keyOf(type);
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, inserted] = ids_.try_emplace(std::move(key), 0);
  if (inserted) it->second = static_cast<uint32_t>(ids_.size());  // 1-based
  return it->second;
}

size_t SignatureRegistry::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return ids_.size();
}

}  // namespace sable::detail
