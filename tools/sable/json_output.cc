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

Json moduleJson(const Module& module) {
  Json imports = Json::array();
  for (const ImportType& import : module.imports()) {
    imports.push_back(Json{{"module", import.module},
                           {"name", import.name},
                           {"kind", externKindName(import.type.kind())},
                           {"type", importTypeString(import)}});
  }
  Json exports = Json::array();
  for (const ExportType& exp : module.exports()) {
    exports.push_back(
        Json{{"name", exp.name}, {"kind", externKindName(exp.type.kind())}, {"index", exp.index}});
  }
  const ModuleSummary info = module.summary();
  return Json{{"imports", std::move(imports)},
              {"exports", std::move(exports)},
              {"functions", info.importedFunctions + info.definedFunctions},
              {"imported_functions", info.importedFunctions},
              {"defined_functions", info.definedFunctions},
              {"tables", info.tables},
              {"memories", info.memories},
              {"globals", info.globals},
              {"start", info.startFunction ? Json(*info.startFunction) : Json(nullptr)},
              {"data_segments", info.dataSegments},
              {"element_segments", info.elementSegments},
              {"code_section_bytes", info.codeSectionBytes}};
}

void printJsonLine(const Json& object) {
  std::cout << object.dump(-1, ' ', /*ensure_ascii=*/true, Json::error_handler_t::replace) << '\n';
}

}  // namespace sable::cli
