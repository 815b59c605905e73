// wasi:keyvalue/batch: get-many, set-many and delete-many on the backend's batch calls.
#include "host-kv/kv_vals.h"
#include "host-kv/wasi_kv_state.h"

namespace sable::kv {
namespace {

using Args = std::span<const cm::Val>;

// The strings of a list<string>.
std::vector<std::string> stringsOf(const cm::Val& list) {
  std::vector<std::string> out;
  out.reserve(list.elements().size());
  for (const cm::Val& s : list.elements()) out.emplace_back(s.asString());
  return out;
}

// get-many -> list<option<tuple<string, list<u8>>>>: each present key with its value.
Payload getMany(Backend& backend, const std::string& bucket, Args rest) {
  std::vector<std::string> keys = stringsOf(rest[0]);
  auto values = backend.getMany(bucket, keys);
  if (!values) return values.error();
  std::vector<cm::Val> out;
  out.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    const std::optional<std::string>& value = (*values)[i];
    out.push_back(value ? cm::Val::some(cm::Val::tuple(
                              {cm::Val::string(std::move(keys[i])), bytesVal(*value)}))
                        : cm::Val::none());
  }
  return payload(cm::Val::list(std::move(out)));
}

Payload setMany(Backend& backend, const std::string& bucket, Args rest) {
  std::vector<std::pair<std::string, std::string>> pairs;
  pairs.reserve(rest[0].elements().size());
  for (const cm::Val& pair : rest[0].elements())
    pairs.emplace_back(pair.elements()[0].asString(), bytesOf(pair.elements()[1]));
  if (auto stored = backend.setMany(bucket, pairs); !stored) return stored.error();
  return noPayload();
}

Payload deleteMany(Backend& backend, const std::string& bucket, Args rest) {
  if (auto erased = backend.eraseMany(bucket, stringsOf(rest[0])); !erased) return erased.error();
  return noPayload();
}

}  // namespace

Result<void> defineBatch(cm::Linker& linker, const StatePtr& state) {
  return defineAll(linker, kBatchInterface,
                   {{"get-many", onBucket(state, getMany)},
                    {"set-many", onBucket(state, setMany)},
                    {"delete-many", onBucket(state, deleteMany)}});
}

}  // namespace sable::kv
