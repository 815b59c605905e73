// AArch64 (AAPCS64) engine stubs: entering wasm from C++, calling host functions from wasm,
// and unwinding traps back to the entry.
//
// The entry frame, from its frame pointer down: [fp] saved x29, [fp+8] x30, then pairs
// x19/x20 ... x27/x28 and d8/d9 ... d14/d15 (kSavedBytes in all). Wasm code may clobber every
// one of them except x19-x28 (and those only after saving), and a trap unwinds straight here,
// so the stub saves the whole AAPCS64 callee-saved set and the trap path restores it from the
// recorded entry stack pointer, which points at the lowest pair.
#include <asmjit/arm/a64assembler.h>
#include <asmjit/core.h>

#include "abi/host_call_context.h"
#include "abi/vm.h"
#include "arch/stubs.h"

namespace sable::arch {

namespace a64 = asmjit::a64;
using a64::CondCode;
using asmjit::Imm;
using asmjit::Label;

namespace {

// Context register and scratch registers, as in macro_assembler_arm64.cc.
const a64::GpX kCtx = a64::x21;
const a64::GpX kScratch = a64::x16;
const a64::GpX kScratch2 = a64::x17;

constexpr int32_t kSavedBytes = 9 * 16;  // x19-x28 and d8-d15, below the fp/lr pair

void emitEnterPrologue(a64::Assembler& a) {
  a.stp(a64::x29, a64::x30, a64::ptr_pre(a64::sp, -16));
  a.mov(a64::x29, a64::sp);
  a.stp(a64::x19, a64::x20, a64::ptr_pre(a64::sp, -16));
  a.stp(a64::x21, a64::x22, a64::ptr_pre(a64::sp, -16));
  a.stp(a64::x23, a64::x24, a64::ptr_pre(a64::sp, -16));
  a.stp(a64::x25, a64::x26, a64::ptr_pre(a64::sp, -16));
  a.stp(a64::x27, a64::x28, a64::ptr_pre(a64::sp, -16));
  a.stp(a64::d8, a64::d9, a64::ptr_pre(a64::sp, -16));
  a.stp(a64::d10, a64::d11, a64::ptr_pre(a64::sp, -16));
  a.stp(a64::d12, a64::d13, a64::ptr_pre(a64::sp, -16));
  a.stp(a64::d14, a64::d15, a64::ptr_pre(a64::sp, -16));
}

// Expects sp at the lowest saved pair (fp - kSavedBytes).
void emitEnterEpilogue(a64::Assembler& a) {
  a.ldp(a64::d14, a64::d15, a64::ptr_post(a64::sp, 16));
  a.ldp(a64::d12, a64::d13, a64::ptr_post(a64::sp, 16));
  a.ldp(a64::d10, a64::d11, a64::ptr_post(a64::sp, 16));
  a.ldp(a64::d8, a64::d9, a64::ptr_post(a64::sp, 16));
  a.ldp(a64::x27, a64::x28, a64::ptr_post(a64::sp, 16));
  a.ldp(a64::x25, a64::x26, a64::ptr_post(a64::sp, 16));
  a.ldp(a64::x23, a64::x24, a64::ptr_post(a64::sp, 16));
  a.ldp(a64::x21, a64::x22, a64::ptr_post(a64::sp, 16));
  a.ldp(a64::x19, a64::x20, a64::ptr_post(a64::sp, 16));
  a.ldp(a64::x29, a64::x30, a64::ptr_post(a64::sp, 16));
  a.ret(a64::x30);
}

// Copies `slots` (w23) 8-byte words from [from] to [to]; clobbers x16, x17.
void emitCopySlots(a64::Assembler& a, const a64::GpX& to, const a64::GpX& from) {
  Label loop = a.newLabel(), done = a.newLabel();
  a.mov(kScratch, 0);
  a.cbz(a64::w23, done);
  a.bind(loop);
  a.ldr(kScratch2, a64::ptr(from, kScratch, a64::lsl(3)));
  a.str(kScratch2, a64::ptr(to, kScratch, a64::lsl(3)));
  a.add(kScratch, kScratch, Imm(1));
  a.cmp(kScratch, a64::x23);
  a.b(CondCode::kLO, loop);
  a.bind(done);
}

}  // namespace

StubLabels emitEngineStubs(asmjit::CodeHolder& code) {
  a64::Assembler a(&code);
  StubLabels labels{a.newLabel(), a.newLabel(), a.newLabel()};

  // enter(x0 = ctx, x1 = code, x2 = area, w3 = slots). Callee-saved x19, x20, x23 keep the
  // code, the area and the slot count across the call.
  a.bind(labels.enter);
  emitEnterPrologue(a);
  a.mov(kCtx, a64::x0);
  a.mov(a64::x19, a64::x1);
  a.mov(a64::x20, a64::x2);
  a.mov(a64::w23, a64::w3);
  a.ldr(kScratch, a64::ptr(kCtx, offsetof(vm::VMContext, activation)));
  a.mov(kScratch2, a64::sp);
  a.str(kScratch2, a64::ptr(kScratch, offsetof(vm::VMActivation, entryStackPointer)));
  // Reserve the argument area, rounded up to keep sp 16-byte aligned, and copy the slots in.
  a.lsl(kScratch, a64::x23, Imm(3));
  a.add(kScratch, kScratch, Imm(15));
  a.and_(kScratch, kScratch, Imm(~uint64_t{15}));
  a.sub(a64::sp, a64::sp, kScratch);
  a.mov(a64::x24, a64::sp);
  emitCopySlots(a, a64::x24, a64::x20);
  a.blr(a64::x19);
  emitCopySlots(a, a64::x20, a64::x24);
  a.mov(a64::w0, a64::wzr);
  a.sub(a64::sp, a64::x29, Imm(kSavedBytes));
  emitEnterEpilogue(a);

  // trap(w0 = code, x1 = pc, x2 = fp), x21 = the trapping code's context. sp is wherever the
  // trap happened, always 16-byte aligned on AArch64.
  a.bind(labels.trap);
  a.mov(a64::x3, a64::x2);
  a.mov(a64::x2, a64::x1);
  a.mov(a64::w1, a64::w0);
  a.mov(a64::x0, kCtx);
  a.ldr(kScratch, a64::ptr(kCtx, offsetof(vm::VMContext, builtins)));
  a.ldr(kScratch, a64::ptr(kScratch, offsetof(vm::VMBuiltins, recordTrap)));
  a.blr(kScratch);
  // x21 is callee-saved in C, so it still holds the context.
  a.ldr(kScratch, a64::ptr(kCtx, offsetof(vm::VMContext, activation)));
  a.ldr(kScratch2, a64::ptr(kScratch, offsetof(vm::VMActivation, entryStackPointer)));
  a.mov(a64::sp, kScratch2);
  a.ldr(a64::w0, a64::ptr(kScratch, offsetof(vm::VMActivation, trapCode)));
  emitEnterEpilogue(a);

  // hostCall: x21 = HostCallContext*, the argument area at sp.
  a.bind(labels.hostCall);
  Label hostTrap = a.newLabel();
  a.stp(a64::x29, a64::x30, a64::ptr_pre(a64::sp, -16));
  a.mov(a64::x29, a64::sp);
  a.mov(a64::x0, kCtx);
  a.add(a64::x1, a64::x29, Imm(16));
  a.ldr(kScratch, a64::ptr(kCtx, offsetof(vm::HostCallContext, dispatch)));
  a.blr(kScratch);
  a.cbnz(a64::w0, hostTrap);
  a.ldp(a64::x29, a64::x30, a64::ptr_post(a64::sp, 16));
  a.ret(a64::x30);
  a.bind(hostTrap);
  a.adr(a64::x1, hostTrap);
  a.mov(a64::x2, a64::x29);
  a.b(labels.trap);
  return labels;
}

}  // namespace sable::arch
