// The key-value options of the `sable` tool: `--kv URI` and `--kv-bucket NAME` for `sable run`,
// and opening the store a URI names with one-line errors, shared with `sable kv`.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "command_line.h"
#include "sable/component_linker.h"
#include "sable/kv.h"
#include "sable/kv_wasi.h"

namespace sable::cli {

// What `--kv URI [--kv-bucket NAME]...` asked for: the store and the buckets a component may
// open (`default` when none is named; example:kv/kv-store uses the first).
struct KvRequest {
  std::string uri;                   // "" when --kv was not given
  std::vector<std::string> buckets;  // --kv-bucket, in order

  // Registers --kv and --kv-bucket in `line`.
  void addTo(CommandLine& line);
  // The usage error's message when --kv-bucket came without --kv or names no valid bucket.
  std::optional<std::string> check() const;
  // The grant the buckets make.
  kv::KvGrant grant() const;
};

// An open store, or how opening failed: a usage error (a malformed URI: exit 2) or a store
// error (unreachable server, damaged file: exit 1), as one line.
struct KvOpenFailure {
  bool usage = false;
  std::string message;
};
std::variant<std::shared_ptr<kv::Backend>, KvOpenFailure> openKvStore(const std::string& uri);

// Reports `failure` on stderr in one line; the exit status (2 for a malformed URI, else 1).
int reportKvFailure(const Command& command, const KvOpenFailure& failure);

// Gives `linker` the key-value interfaces `request` grants over `backend`: wasi:keyvalue with
// the granted buckets and example:kv/kv-store over the first (what `--kv` gives the main
// component; the plug/grant code calls it per granted component).
Result<void> defineKv(cm::Linker& linker, const std::shared_ptr<kv::Backend>& backend,
                      const KvRequest& request);

}  // namespace sable::cli
