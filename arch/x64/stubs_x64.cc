// x86-64 (System V) engine stubs: entering wasm from C++, calling host functions from wasm,
// and unwinding traps back to the entry.
#include <asmjit/x86.h>

#include "abi/host_call_context.h"
#include "abi/vm.h"
#include "arch/stubs.h"

namespace sable::arch {

namespace x86 = asmjit::x86;

namespace {

// The five callee-saved registers `enter` pushes after rbp, plus 8 bytes to realign.
void emitEnterEpilogue(x86::Assembler& a) {
  a.add(x86::rsp, 8);
  a.pop(x86::r15);
  a.pop(x86::r14);
  a.pop(x86::r13);
  a.pop(x86::r12);
  a.pop(x86::rbx);
  a.pop(x86::rbp);
  a.ret();
}

}  // namespace

StubLabels emitEngineStubs(asmjit::CodeHolder& code) {
  x86::Assembler a(&code);
  StubLabels labels{a.newLabel(), a.newLabel(), a.newLabel()};

  // enter(rdi = ctx, rsi = code, rdx = area, ecx = slots)
  a.bind(labels.enter);
  a.push(x86::rbp);
  a.mov(x86::rbp, x86::rsp);
  a.push(x86::rbx);
  a.push(x86::r12);
  a.push(x86::r13);
  a.push(x86::r14);
  a.push(x86::r15);
  a.sub(x86::rsp, 8);
  a.mov(x86::r14, x86::rdi);
  a.mov(x86::rbx, x86::rsi);
  a.mov(x86::r12, x86::rdx);
  a.mov(x86::r13d, x86::ecx);
  a.mov(x86::rax, x86::qword_ptr(x86::r14, offsetof(vm::VMContext, activation)));
  a.mov(x86::qword_ptr(x86::rax, offsetof(vm::VMActivation, entryStackPointer)), x86::rsp);
  // Reserve the argument area (16-byte aligned) and copy the slots in.
  a.lea(x86::rax, x86::ptr(0, x86::r13, 3, 15));
  a.and_(x86::rax, -16);
  a.sub(x86::rsp, x86::rax);
  a.mov(x86::rdi, x86::rsp);
  a.mov(x86::rsi, x86::r12);
  a.mov(x86::ecx, x86::r13d);
  a.rep().movsq();
  a.call(x86::rbx);
  a.mov(x86::rdi, x86::r12);
  a.mov(x86::rsi, x86::rsp);
  a.mov(x86::ecx, x86::r13d);
  a.rep().movsq();
  a.xor_(x86::eax, x86::eax);
  a.lea(x86::rsp, x86::ptr(x86::rbp, -48));
  emitEnterEpilogue(a);

  // trap(edi = code, rsi = pc, rdx = fp), r14 = the trapping code's context.
  a.bind(labels.trap);
  a.mov(x86::rcx, x86::rdx);
  a.mov(x86::rdx, x86::rsi);
  a.mov(x86::esi, x86::edi);
  a.mov(x86::rdi, x86::r14);
  a.and_(x86::rsp, -16);
  a.mov(x86::rax, x86::qword_ptr(x86::r14, offsetof(vm::VMContext, builtins)));
  a.call(x86::qword_ptr(x86::rax, offsetof(vm::VMBuiltins, recordTrap)));
  a.mov(x86::rcx, x86::qword_ptr(x86::r14, offsetof(vm::VMContext, activation)));
  a.mov(x86::rsp, x86::qword_ptr(x86::rcx, offsetof(vm::VMActivation, entryStackPointer)));
  a.mov(x86::eax, x86::dword_ptr(x86::rcx, offsetof(vm::VMActivation, trapCode)));
  emitEnterEpilogue(a);

  // hostCall: r14 = HostCallContext*, the argument area at [rsp + 8].
  a.bind(labels.hostCall);
  asmjit::Label hostTrap = a.newLabel();
  a.push(x86::rbp);
  a.mov(x86::rbp, x86::rsp);
  a.mov(x86::rdi, x86::r14);
  a.lea(x86::rsi, x86::ptr(x86::rbp, 16));
  a.call(x86::qword_ptr(x86::r14, offsetof(vm::HostCallContext, dispatch)));
  a.test(x86::eax, x86::eax);
  a.jnz(hostTrap);
  a.pop(x86::rbp);
  a.ret();
  a.bind(hostTrap);
  a.mov(x86::edi, x86::eax);
  a.lea(x86::rsi, x86::ptr(hostTrap));
  a.mov(x86::rdx, x86::rbp);
  a.jmp(labels.trap);
  return labels;
}

}  // namespace sable::arch
