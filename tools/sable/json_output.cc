#include "json_output.h"

#include <iostream>

#include "cli_util.h"

namespace sable::cli {
namespace {

Json positionOrNull(uint32_t position) { return position == 0 ? Json(nullptr) : Json(position); }

}  // namespace

Json errorJson(const InputError& error) {
  return Json{{"kind", errorKindName(error.kind)},
              {"message", error.message},
              {"offset", nullptr},
              {"line", positionOrNull(error.line)},
              {"column", positionOrNull(error.column)}};
}

Json errorJson(const Error& error) {
  return Json{{"kind", errorKindName(error.kind)},
              {"message", error.message},
              {"offset", error.offset == Error::kNoOffset ? Json(nullptr) : Json(error.offset)},
              {"line", nullptr},
              {"column", nullptr}};
}

Json failureJson(const std::string& path, Json error) {
  return Json{{"file", path}, {"valid", false}, {"error", std::move(error)}};
}

Json moduleInfoJson(const ModuleInfo& info) {
  Json imports = Json::array();
  for (const Import& import : info.imports) {
    imports.push_back(Json{{"module", import.module},
                           {"name", import.name},
                           {"kind", externKindName(import.kind)},
                           {"type", importTypeString(info, import)}});
  }
  Json exports = Json::array();
  for (const Export& exp : info.exports) {
    exports.push_back(
        Json{{"name", exp.name}, {"kind", externKindName(exp.kind)}, {"index", exp.index}});
  }
  return Json{{"imports", std::move(imports)},
              {"exports", std::move(exports)},
              {"functions", info.functionTypes.size()},
              {"imported_functions", info.numImportedFunctions},
              {"defined_functions", info.numDefinedFunctions()},
              {"tables", info.tables.size()},
              {"memories", info.memories.size()},
              {"globals", info.globals.size()},
              {"start", info.startFunction ? Json(*info.startFunction) : Json(nullptr)},
              {"data_segments", info.data.size()},
              {"element_segments", info.elements.size()},
              {"code_section_bytes", info.codeSize()}};
}

void printJsonLine(const Json& object) {
  std::cout << object.dump(-1, ' ', /*ensure_ascii=*/true, Json::error_handler_t::replace) << '\n';
}

}  // namespace sable::cli
