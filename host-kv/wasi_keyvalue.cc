// addWasiKeyvalue and addKvInterfaces: checking the grant and defining the three interfaces.
#include "host-kv/kv_errors.h"
#include "host-kv/wasi_kv_state.h"
#include "sable/kv_example.h"
#include "sable/kv_wasi.h"

namespace sable::kv {

// The longest bucket name: far beyond any sensible name, well within every store's key limit.
constexpr size_t kMaxBucketName = 255;

bool isValidBucketName(std::string_view name) {
  if (name.empty() || name.size() > kMaxBucketName) return false;
  for (char c : name) {
    auto byte = static_cast<unsigned char>(c);
    if (c == ':' || byte < 0x20 || byte == 0x7f) return false;
  }
  return true;
}

Result<void> addWasiKeyvalue(cm::Linker& linker, std::shared_ptr<Backend> backend, KvGrant grant) {
  if (backend == nullptr) return usageError("addWasiKeyvalue: no key-value store");
  auto state = std::make_shared<WasiKvState>();
  state->backend = std::move(backend);
  for (std::string& bucket : grant.buckets) {
    if (!isValidBucketName(bucket))
      return usageError("bad bucket name '" + bucket +
                        "': 1 to 255 bytes, no ':' and no control characters");
    state->granted.insert(std::move(bucket));
  }
  if (auto defined = defineStore(linker, state); !defined) return defined;
  if (auto defined = defineAtomics(linker, state); !defined) return defined;
  return defineBatch(linker, state);
}

Result<void> addKvInterfaces(cm::Linker& linker, std::shared_ptr<Backend> backend, KvGrant grant) {
  if (grant.buckets.empty()) return usageError("addKvInterfaces: no bucket granted");
  ExampleKvOptions example{grant.buckets.front()};
  if (auto defined = addWasiKeyvalue(linker, backend, std::move(grant)); !defined) return defined;
  return addExampleKv(linker, std::move(backend), std::move(example));
}

}  // namespace sable::kv
