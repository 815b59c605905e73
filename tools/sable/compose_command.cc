// `sable compose DESCRIPTION.json -o OUT.wasm`: compose components as a description says.
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "cli_util.h"
#include "command.h"
#include "command_line.h"
#include "composition_parts.h"
#include "sable/component.h"
#include "sable/component_compose.h"

namespace sable::cli {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kHelp =
    R"(usage: sable compose DESCRIPTION -o OUT

Writes one component binary, OUT, composed as the JSON file DESCRIPTION says: which components
it contains, which part feeds which import, and what OUT exports. For example, one store shared
by two consumers:
  {
    "components": {
      "store": "store.wasm",
      "log":   {"file": "logger.wasm", "imports": {"example:kv/kv-store": "store"}},
      "app":   {"file": "app.wasm",    "imports": {"example:kv/kv-store": "store"}}
    },
    "exports": {"handle-request": "app"}
  }
"components" maps part names to files (paths relative to DESCRIPTION), with "imports" mapping
import names to the part that feeds them: "PART" takes PART's export of the same interface (any
version), {"from": "PART", "export": "NAME"} names the export. "exports" maps OUT's export names
the same way. An optional "name" names OUT in its component-name section (default: OUT's file
name). Imports no part feeds are declared by OUT, as `sable plug` does (see its help).

options:
  -o, --output OUT    the file to write
  -h, --help          show this help

exit status: 0 when OUT was written, 1 when the description or a component is wrong or
unreadable, 2 for a bad command line.
)";

// A description error, reported as `sable: DESCRIPTION: message`.
struct DescriptionError {
  std::string message;
};

// "PART" or {"from": "PART", "export": "NAME"}: the part and the export it names ("" for the
// one matching `wanted`).
std::pair<std::string, std::string> reference(const Json& value, const std::string& what) {
  if (value.is_string()) return {value.get<std::string>(), ""};
  if (value.is_object() && value.contains("from") && value["from"].is_string() &&
      (!value.contains("export") || value["export"].is_string()))
    return {value["from"].get<std::string>(), value.value("export", "")};
  throw DescriptionError{what +
                         ": expected \"PART\" or {\"from\": \"PART\", \"export\": \"NAME\"}"};
}

// The export of `part` that `wanted` names (cm::matchingExport).
std::string exportMatching(const cm::Component& part, const std::string& wanted,
                           const std::string& partName) {
  std::string name = cm::matchingExport(part, wanted);
  if (name.empty()) throw DescriptionError{partName + " exports nothing named `" + wanted + "`"};
  return name;
}

class DescriptionReader {
 public:
  DescriptionReader(const Engine& engine, std::filesystem::path dir)
      : engine_(engine), dir_(std::move(dir)) {}

  // The plan, or nullopt after reporting why a component could not be loaded.
  std::optional<cm::CompositionPlan> read(const Json& doc, const std::string& out) {
    if (!doc.is_object() || !doc.contains("components") || !doc["components"].is_object() ||
        doc["components"].empty())
      throw DescriptionError{"expected an object with a non-empty \"components\" object"};
    cm::CompositionPlan plan;
    plan.name = doc.contains("name") ? doc["name"].get<std::string>() : compositionName(out);
    for (const auto& [name, spec] : doc["components"].items()) {
      std::optional<cm::CompositionPart> part = loadPart(engine_, fileOf(name, spec), name);
      if (!part) return std::nullopt;
      index_[name] = plan.parts.size();
      plan.parts.push_back(std::move(*part));
    }
    for (const auto& [name, spec] : doc["components"].items()) {
      if (spec.is_object() && spec.contains("imports")) links(plan, name, spec["imports"]);
    }
    if (!doc.contains("exports") || !doc["exports"].is_object() || doc["exports"].empty())
      throw DescriptionError{"expected a non-empty \"exports\" object"};
    for (const auto& [name, value] : doc["exports"].items()) {
      auto [from, exportName] = reference(value, "export `" + name + "`");
      size_t part = partIndex(from);
      if (exportName.empty()) exportName = exportMatching(plan.parts[part].component, name, from);
      plan.exports.push_back(cm::CompositionExport{name, part, exportName});
    }
    return plan;
  }

 private:
  std::string fileOf(const std::string& name, const Json& spec) const {
    const Json* file = spec.is_string() ? &spec : nullptr;
    if (spec.is_object() && spec.contains("file") && spec["file"].is_string()) file = &spec["file"];
    if (!file) throw DescriptionError{"component `" + name + "`: expected a file name"};
    return (dir_ / file->get<std::string>()).string();
  }

  size_t partIndex(const std::string& name) const {
    auto it = index_.find(name);
    if (it == index_.end()) throw DescriptionError{"no component named `" + name + "`"};
    return it->second;
  }

  void links(cm::CompositionPlan& plan, const std::string& consumer, const Json& imports) {
    if (!imports.is_object())
      throw DescriptionError{"component `" + consumer + "`: \"imports\" must be an object"};
    for (const auto& [importName, value] : imports.items()) {
      auto [from, exportName] = reference(value, "import `" + importName + "` of " + consumer);
      size_t provider = partIndex(from);
      if (exportName.empty())
        exportName = exportMatching(plan.parts[provider].component, importName, from);
      plan.links.push_back(
          cm::CompositionLink{partIndex(consumer), importName, provider, exportName});
    }
  }

  const Engine& engine_;
  std::filesystem::path dir_;
  std::map<std::string, size_t> index_;
};

int run(Args args) {
  std::string descriptionPath, out;
  CommandLine line(composeCommand(), OptionPlacement::Anywhere);
  line.addValue("-o,--output", out);
  line.addPositional("DESCRIPTION", descriptionPath);
  if (std::optional<int> status = line.parse(args)) return *status;
  if (descriptionPath.empty()) return usageError(composeCommand(), "no description file");
  if (out.empty()) return usageError(composeCommand(), "no output file (-o OUT)");

  std::ifstream file(descriptionPath);
  if (!file) {
    reportError(descriptionPath, "cannot read the file");
    return kExitFailure;
  }
  const std::unique_ptr<Engine> engine = makeEngine(false);
  std::optional<cm::CompositionPlan> plan;
  try {
    Json doc = Json::parse(file);
    DescriptionReader reader(*engine, std::filesystem::path(descriptionPath).parent_path());
    plan = reader.read(doc, out);
  } catch (const Json::exception& e) {
    reportError(descriptionPath, e.what());
    return kExitFailure;
  } catch (const DescriptionError& e) {
    reportError(descriptionPath, e.message);
    return kExitFailure;
  }
  if (!plan) return kExitFailure;
  return writeComposition(*engine, *plan, out);
}

}  // namespace

const Command& composeCommand() {
  static const Command command{
      "compose",
      "compose components into one as a JSON description says",
      kHelp,
      run,
  };
  return command;
}

}  // namespace sable::cli
