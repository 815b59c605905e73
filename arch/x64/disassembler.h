// Disassembles generated x86-64 code (Zydis, Intel syntax), for tests and debugging output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sable::arch::x64 {

// One decoded instruction per entry, e.g. "add ebx, 0x05". Stops at the first byte sequence
// that does not decode (and adds "(bad)").
std::vector<std::string> disassemble(const uint8_t* code, size_t size, uint64_t address = 0);

// Length in bytes of the instruction at `code` (0 if it does not decode).
size_t instructionLength(const uint8_t* code, size_t size);

}  // namespace sable::arch::x64
