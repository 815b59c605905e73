// `sable kv set|get|delete|list --kv URI [--bucket B] ...`: inspect and seed a key-value store
// from the shell, in the same bucket layout a component sees through wasi:keyvalue.
#include <iostream>
#include <string>
#include <vector>

#include "cli_util.h"
#include "command.h"
#include "command_line.h"
#include "kv_options.h"
#include "sable/kv.h"
#include "sable/kv_wasi.h"

namespace sable::cli {
namespace {

constexpr std::string_view kHelp =
    R"(usage: sable kv set    --kv URI [--bucket B] KEY VALUE
       sable kv get    --kv URI [--bucket B] KEY
       sable kv delete --kv URI [--bucket B] KEY
       sable kv list   --kv URI [--bucket B] [--prefix P]

Reads and writes the key-value store URI names, as a component run with `sable run --kv URI
--kv-bucket B` sees it (wasi:keyvalue's bucket B; example:kv/kv-store uses bucket `default`):
  memory                    a fresh store in this process (useful only to try the command)
  sqlite:PATH[?sync=normal] a SQLite file, created if missing
  redis://HOST:PORT[/DB]    a Redis server over TCP (also ?timeout=MS, default 5000)
  redis+unix://PATH[?db=N]  a Redis server over a unix socket

  set      stores VALUE (its bytes as given) under KEY
  get      prints KEY's value and a newline; exit 1 with a message when there is none
  delete   removes KEY; exit 1 with a message when there was none
  list     prints the bucket's keys (those starting with P), one per line

options:
  --kv URI        the store (required)
  --bucket B      the bucket (default: default): 1 to 255 bytes, no ':' or control characters
  --prefix P      list: only keys starting with P
  -h, --help      show this help

exit status: 0 on success, 1 for a missing key or a store that cannot be reached or read (a
damaged file, a server that does not answer), 2 for a bad command line or a malformed URI.
)";

// How many keys one listKeys call fetches while listing.
constexpr uint32_t kListPage = 1000;

// The parsed command line.
struct KvCall {
  std::string action;
  std::vector<std::string> operands;
  KvRequest store;
  std::string bucket = "default";
  std::string prefix;
};

// The number of operands `action` takes, or -1 for an unknown action.
int operandCount(std::string_view action) {
  if (action == "set") return 2;
  if (action == "get" || action == "delete") return 1;
  if (action == "list") return 0;
  return -1;
}

// The usage error's message for a call that makes no sense, or nothing.
std::optional<std::string> checkCall(const KvCall& call, bool prefixGiven) {
  int count = operandCount(call.action);
  if (count < 0) return "unknown action '" + escapeText(call.action) + "' (set, get, delete, list)";
  if (call.operands.size() != static_cast<size_t>(count))
    return "kv " + call.action + " takes " + std::to_string(count) + " operand(s)";
  if (call.store.uri.empty()) return std::string("--kv URI is required");
  if (!kv::isValidBucketName(call.bucket))
    return "--bucket '" + escapeText(call.bucket) +
           "': 1 to 255 bytes, no ':' and no control characters";
  if (prefixGiven && call.action != "list") return std::string("--prefix is for kv list");
  return std::nullopt;
}

// One line on stderr for a failed store call; exit status 1.
int storeFailure(const KvCall& call, const Error& error) {
  reportError("kv " + call.action, error.message);
  return kExitFailure;
}

// A key that is not there: one line on stderr, exit status 1.
int missingKey(const KvCall& call) {
  std::cerr << "sable: kv " << call.action << ": no key '" << escapeText(call.operands[0])
            << "' in bucket '" << escapeText(call.bucket) << "'\n";
  return kExitFailure;
}

// Prints every key of the bucket that starts with the prefix, one per line.
int listKeys(kv::Backend& backend, const KvCall& call) {
  std::optional<std::string> cursor;
  do {
    auto page = backend.listKeys(call.bucket, cursor, kListPage);
    if (!page) return storeFailure(call, page.error());
    for (const std::string& key : page->keys) {
      if (key.starts_with(call.prefix)) std::cout << key << '\n';
    }
    cursor = std::move(page->cursor);
  } while (cursor);
  return kExitOk;
}

// Does what `call` asks of `backend`; the exit status.
int perform(kv::Backend& backend, const KvCall& call) {
  const std::vector<std::string>& ops = call.operands;
  if (call.action == "set") {
    auto stored = backend.set(call.bucket, ops[0], ops[1]);
    return stored ? kExitOk : storeFailure(call, stored.error());
  }
  if (call.action == "get") {
    auto value = backend.get(call.bucket, ops[0]);
    if (!value) return storeFailure(call, value.error());
    if (!*value) return missingKey(call);
    std::cout << **value << '\n';
    return kExitOk;
  }
  if (call.action == "delete") {
    auto erased = backend.erase(call.bucket, ops[0]);
    if (!erased) return storeFailure(call, erased.error());
    return *erased ? kExitOk : missingKey(call);
  }
  return listKeys(backend, call);
}

int run(Args args) {
  KvCall call;
  CommandLine line(kvCommand(), OptionPlacement::Anywhere);
  line.addValue("--kv", call.store.uri);
  line.addValue("--bucket", call.bucket);
  line.addValue("--prefix", call.prefix);
  line.addPositional("ACTION", call.action);
  line.addPositionalList("OPERANDS", call.operands);
  if (std::optional<int> status = line.parse(args)) return *status;
  if (call.action.empty()) return usageError(kvCommand(), "no action (set, get, delete, list)");
  if (std::optional<std::string> message = checkCall(call, line.given("--prefix")))
    return usageError(kvCommand(), *message);
  std::variant<std::shared_ptr<kv::Backend>, KvOpenFailure> store = openKvStore(call.store.uri);
  if (auto* failure = std::get_if<KvOpenFailure>(&store))
    return reportKvFailure(kvCommand(), *failure);
  return perform(*std::get<0>(store), call);
}

}  // namespace

const Command& kvCommand() {
  static const Command command{
      "kv",
      "read and write a key-value store (set, get, delete, list) as components see it",
      kHelp,
      run,
  };
  return command;
}

}  // namespace sable::cli
