#include "host-kv/memory_backend.h"

#include <map>
#include <string>

#include "host-kv/decimal_counter.h"
#include "host-kv/kv_errors.h"

namespace sable::kv {
namespace {

// Buckets of ordered maps: ordered so listKeys pages by key, with the last key as the cursor.
class MemoryBackend final : public Backend {
 public:
  Result<std::optional<std::string>> get(std::string_view bucket, std::string_view key) override {
    return lookup(bucket, key);
  }

  Result<void> set(std::string_view bucket, std::string_view key, std::string_view value) override {
    buckets_[std::string(bucket)].insert_or_assign(std::string(key), std::string(value));
    return {};
  }

  Result<bool> erase(std::string_view bucket, std::string_view key) override {
    auto it = buckets_.find(bucket);
    if (it == buckets_.end()) return false;
    auto entry = it->second.find(key);
    if (entry == it->second.end()) return false;
    it->second.erase(entry);
    return true;
  }

  Result<bool> exists(std::string_view bucket, std::string_view key) override {
    const auto* map = find(bucket);
    return map != nullptr && map->find(key) != map->end();
  }

  Result<KeyPage> listKeys(std::string_view bucket, std::optional<std::string_view> cursor,
                           uint32_t limit) override {
    if (limit == 0) return usageError("list-keys: the limit must be at least 1");
    KeyPage page;
    const auto* map = find(bucket);
    if (map == nullptr) return page;
    auto it = cursor ? map->upper_bound(*cursor) : map->begin();
    for (; it != map->end() && page.keys.size() < limit; ++it) page.keys.push_back(it->first);
    if (it != map->end()) page.cursor = page.keys.back();
    return page;
  }

  Result<int64_t> increment(std::string_view bucket, std::string_view key, int64_t delta) override {
    auto& map = buckets_[std::string(bucket)];
    auto it = map.find(key);
    std::optional<std::string_view> current;
    if (it != map.end()) current = it->second;
    auto sum = addToDecimalCounter(current, delta);
    if (!sum) return sum.error();
    map.insert_or_assign(std::string(key), std::to_string(*sum));
    return *sum;
  }

  Result<bool> compareAndSwap(std::string_view bucket, std::string_view key,
                              std::optional<std::string_view> expected,
                              std::string_view value) override {
    auto& map = buckets_[std::string(bucket)];
    auto it = map.find(key);
    const bool matches = expected ? (it != map.end() && it->second == *expected) : it == map.end();
    if (!matches) return false;
    map.insert_or_assign(std::string(key), std::string(value));
    return true;
  }

  Result<std::vector<std::optional<std::string>>> getMany(
      std::string_view bucket, const std::vector<std::string>& keys) override {
    std::vector<std::optional<std::string>> values;
    values.reserve(keys.size());
    for (const auto& key : keys) values.push_back(lookup(bucket, key));
    return values;
  }

  Result<void> setMany(std::string_view bucket,
                       const std::vector<std::pair<std::string, std::string>>& pairs) override {
    auto& map = buckets_[std::string(bucket)];
    for (const auto& [key, value] : pairs) map.insert_or_assign(key, value);
    return {};
  }

  Result<void> eraseMany(std::string_view bucket, const std::vector<std::string>& keys) override {
    for (const auto& key : keys) (void)erase(bucket, key);
    return {};
  }

 private:
  using Map = std::map<std::string, std::string, std::less<>>;

  // One return path: GCC 12 at -O1 (the asan preset) takes an early `return nullopt` inside a
  // Result for a maybe-uninitialized string.
  std::optional<std::string> lookup(std::string_view bucket, std::string_view key) const {
    std::optional<std::string> value;
    if (const Map* map = find(bucket)) {
      if (auto it = map->find(key); it != map->end()) value = it->second;
    }
    return value;
  }

  const Map* find(std::string_view bucket) const {
    auto it = buckets_.find(bucket);
    return it == buckets_.end() ? nullptr : &it->second;
  }

  std::map<std::string, Map, std::less<>> buckets_;
};

}  // namespace

std::shared_ptr<Backend> makeMemoryBackend() { return std::make_shared<MemoryBackend>(); }

}  // namespace sable::kv
