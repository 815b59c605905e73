#include "arch/x64/disassembler.h"

#include <Zydis/Zydis.h>

namespace sable::arch::x64 {

std::vector<std::string> disassemble(const uint8_t* code, size_t size, uint64_t address) {
  std::vector<std::string> out;
  size_t offset = 0;
  while (offset < size) {
    ZydisDisassembledInstruction insn;
    if (!ZYAN_SUCCESS(ZydisDisassembleIntel(ZYDIS_MACHINE_MODE_LONG_64, address + offset,
                                            code + offset, size - offset, &insn))) {
      out.emplace_back("(bad)");
      break;
    }
    out.emplace_back(insn.text);
    offset += insn.info.length;
  }
  return out;
}

size_t instructionLength(const uint8_t* code, size_t size) {
  ZydisDisassembledInstruction insn;
  if (!ZYAN_SUCCESS(ZydisDisassembleIntel(ZYDIS_MACHINE_MODE_LONG_64, 0, code, size, &insn))) {
    return 0;
  }
  return insn.info.length;
}

}  // namespace sable::arch::x64
