// Text format input through wabt (Debian's libwabt.a): parse, check, write the binary, as
// `wat2wasm` does. Built when CMake finds wabt (SABLE_WAT); text_format_unavailable.cc otherwise.
#include <wabt/binary-writer.h>
#include <wabt/error.h>
#include <wabt/feature.h>
#include <wabt/ir.h>
#include <wabt/stream.h>
#include <wabt/validator.h>
#include <wabt/wast-lexer.h>
#include <wabt/wast-parser.h>

#include "sable/printable.h"
#include "text_format.h"

namespace sable::cli {
namespace {

// The first of wabt's errors, as one line: "malformed text at 3:5: unexpected token ...",
// with "(and N more errors)" when there were more.
InputError firstError(const wabt::Errors& errors, ErrorKind kind) {
  InputError error{kind, std::string(errorKindName(kind)) + " text", 0, 0};
  if (errors.empty()) return error;
  const wabt::Error& first = errors.front();
  error.line = static_cast<uint32_t>(std::max(first.loc.line, 0));
  error.column = static_cast<uint32_t>(std::max(first.loc.first_column, 0));
  error.message += " at " + std::to_string(error.line) + ':' + std::to_string(error.column) + ": " +
                   escapeText(first.message);
  if (errors.size() > 1) {
    error.message += " (and " + std::to_string(errors.size() - 1) + " more)";
  }
  return error;
}

}  // namespace

bool textFormatAvailable() { return true; }

TextConversion textToBinary(const std::string& path, std::span<const uint8_t> text) {
  wabt::Errors errors;
  std::unique_ptr<wabt::WastLexer> lexer =
      wabt::WastLexer::CreateBufferLexer(path, text.data(), text.size(), &errors);
  // wabt's default features are WebAssembly 2.0's, the language Sable implements.
  const wabt::Features features;
  wabt::WastParseOptions parseOptions(features);
  std::unique_ptr<wabt::Module> module;
  if (wabt::Failed(wabt::ParseWatModule(lexer.get(), &module, &errors, &parseOptions))) {
    return {std::nullopt, firstError(errors, ErrorKind::Malformed)};
  }
  // Checked here, where errors still have a line and column, and because wabt's writer expects
  // a valid module. Sable's validator checks the binary again.
  const wabt::ValidateOptions validateOptions(features);
  if (wabt::Failed(wabt::ValidateModule(module.get(), &errors, validateOptions))) {
    return {std::nullopt, firstError(errors, ErrorKind::Invalid)};
  }
  wabt::MemoryStream stream;
  const wabt::WriteBinaryOptions writeOptions(features, /*canonicalize_lebs=*/true,
                                              /*relocatable=*/false, /*write_debug_names=*/true);
  if (wabt::Failed(wabt::WriteBinaryModule(&stream, module.get(), writeOptions))) {
    return {std::nullopt,
            InputError{ErrorKind::Malformed, "cannot write the text format as binary"}};
  }
  return {std::move(stream.output_buffer().data), {}};
}

}  // namespace sable::cli
