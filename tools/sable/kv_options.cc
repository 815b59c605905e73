// --kv and --kv-bucket (kv_options.h).
#include "kv_options.h"

#include <iostream>

#include "cli_util.h"

namespace sable::cli {

void KvRequest::addTo(CommandLine& line) {
  line.addValue("--kv", uri);
  line.addList("--kv-bucket", buckets);
}

std::optional<std::string> KvRequest::check() const {
  if (uri.empty() && !buckets.empty()) return "--kv-bucket needs --kv URI";
  for (const std::string& bucket : buckets) {
    if (!kv::isValidBucketName(bucket))
      return "--kv-bucket '" + bucket + "': 1 to 255 bytes, no ':' and no control characters";
  }
  return std::nullopt;
}

kv::KvGrant KvRequest::grant() const {
  if (buckets.empty()) return kv::KvGrant{};
  return kv::KvGrant{buckets};
}

std::variant<std::shared_ptr<kv::Backend>, KvOpenFailure> openKvStore(const std::string& uri) {
  Result<std::shared_ptr<kv::Backend>> backend = kv::openBackend(uri);
  if (backend) return std::move(*backend);
  const Error& error = backend.error();
  return KvOpenFailure{error.kind == ErrorKind::Usage, "--kv '" + uri + "': " + error.message};
}

int reportKvFailure(const Command& command, const KvOpenFailure& failure) {
  if (failure.usage) return usageError(command, failure.message);
  std::cerr << "sable: " << failure.message << '\n';
  return kExitFailure;
}

Result<void> defineKv(cm::Linker& linker, const std::shared_ptr<kv::Backend>& backend,
                      const KvRequest& request) {
  return kv::addKvInterfaces(linker, backend, request.grant());
}

}  // namespace sable::cli
