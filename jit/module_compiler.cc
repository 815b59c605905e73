#include "jit/module_compiler.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "arch/macro_assembler.h"
#include "jit/function_compiler.h"
#include "platform/trap_handler.h"

namespace sable::jit {

namespace {

// Where each chunk starts in the module's code. Any alignment of at least the largest one the
// assembler uses inside a function (jump tables: 4) keeps a function's bytes independent of
// which chunk it is in; 16 also suits instruction fetch.
constexpr size_t kChunkAlignment = 16;

// Executable code of one module: the code block, its trap-handler registration, and where
// each function starts (sorted, for mapping a pc back to a function).
class CompiledModuleImpl final : public CompiledModule {
 public:
  CompiledModuleImpl(platform::CodeBlock block, std::vector<uint32_t> offsets)
      : block_(std::move(block)), offsets_(std::move(offsets)) {}
  ~CompiledModuleImpl() override { registration_.reset(); }

  const void* entry(uint32_t definedIndex) const override {
    return block_.executable() + offsets_[definedIndex];
  }

  std::optional<uint32_t> definedFunctionAt(uintptr_t pc) const override {
    uintptr_t begin = reinterpret_cast<uintptr_t>(block_.executable());
    if (offsets_.empty() || pc < begin || pc >= begin + block_.size()) return std::nullopt;
    uint32_t off = static_cast<uint32_t>(pc - begin);
    auto it = std::upper_bound(offsets_.begin(), offsets_.end(), off);
    if (it == offsets_.begin()) return std::nullopt;
    return static_cast<uint32_t>(it - offsets_.begin() - 1);
  }

  std::span<const uint8_t> functionCode(uint32_t definedIndex) const override {
    size_t end = definedIndex + 1 < offsets_.size() ? offsets_[definedIndex + 1] : block_.size();
    return {block_.executable() + offsets_[definedIndex], end - offsets_[definedIndex]};
  }

  uint32_t functionCount() const override { return static_cast<uint32_t>(offsets_.size()); }

  size_t codeSize() const override { return block_.size(); }

  void setRegistration(platform::TrapHandlerRegistration r) { registration_ = std::move(r); }
  const platform::CodeBlock& block() const { return block_; }

 private:
  platform::CodeBlock block_;
  std::vector<uint32_t> offsets_;  // function starts; functions are laid out in order
  platform::TrapHandlerRegistration registration_;
};

// Breaks the construction cycle between the assembler (which needs trap labels) and the
// function compiler (which needs the assembler and provides the labels).
class TrapLabelsProxy final : public arch::TrapLabels {
 public:
  arch::TrapLabels* target = nullptr;
  asmjit::Label trapLabel(vm::TrapCode code) override { return target->trapLabel(code); }
};

// A call from one chunk to a function of another. AsmJit keeps it as a link of the callee's
// label, which is never bound in the caller's CodeHolder; the layout step patches it.
struct ExternalCall {
  size_t site;   // the link's offset in the chunk's text section
  intptr_t rel;  // AsmJit's addend: displacement = target - site + rel
  asmjit::OffsetFormat format;
  uint32_t callee;  // defined function index
};

// A run of consecutive functions compiled into one CodeHolder, and what came out.
struct Chunk {
  Chunk(uint32_t b, uint32_t e) : begin(b), end(e) {}
  uint32_t begin;  // defined function indices [begin, end)
  uint32_t end;
  std::unique_ptr<asmjit::CodeHolder> code;
  std::vector<uint32_t> offsets;  // function starts within the chunk
  std::vector<ExternalCall> calls;
  std::optional<Error> error;
  size_t base = 0;  // where the chunk lands in the module's code
};

// Splits the functions into chunks of about `chunkBytes` body bytes. Depends on the module and
// `chunkBytes` only, so the layout (and the code) is the same for any number of threads.
std::vector<Chunk> partition(const ModuleInfo& module, uint32_t chunkBytes) {
  const uint32_t n = module.numDefinedFunctions();
  std::vector<Chunk> chunks;
  uint64_t bytes = 0;
  uint32_t begin = 0;
  for (uint32_t i = 0; i < n; ++i) {
    bytes += module.bodies[i].size;
    if (bytes >= chunkBytes) {
      chunks.emplace_back(begin, i + 1);
      begin = i + 1;
      bytes = 0;
    }
  }
  if (begin < n || chunks.empty()) chunks.emplace_back(begin, n);
  return chunks;
}

// Per-chunk costs (a CodeHolder, an assembler, the scan for calls to other chunks) are small but
// add up: big modules get bigger chunks, at most kMaxChunks of them, still enough to keep a few
// threads busy to the end.
constexpr uint64_t kMaxChunks = 32;

// With the default thread count, the first helper threads start only for a module with at
// least this much code. Starting one (its stack, its malloc arena) cost about as much as it
// saved on hello_wasi.wasm (30 KB): `sable compile --repeat 1` took 2.9 ms mean with one thread
// and 3.6 ms with two in a fresh process. Once started, helpers are cheap to wake, so later
// modules of any size use them.
constexpr uint64_t kCodeBytesWorthStartingHelpers = 64 * 1024;

uint32_t chunkBytesFor(const ModuleInfo& module, const CompileOptions& options) {
  if (options.chunkBytes != 0) return options.chunkBytes;
  return static_cast<uint32_t>(std::max<uint64_t>(
      CompileOptions::kDefaultChunkBytes, (module.codeSize() + kMaxChunks - 1) / kMaxChunks));
}

// One compiling thread's reusable state.
struct Worker {
  Worker(const ModuleInfo& module, const ModuleCompileEnv& shared) : env(shared), decoder(module) {}
  const ModuleCompileEnv& env;
  FunctionLabels labels;  // of the chunk being compiled
  FunctionBodyDecoder<FunctionCompiler> decoder;
};

// Keeps the first error AsmJit reports while a chunk is assembled (out of memory for the code
// buffer, an operand it cannot encode), so that no error is dropped: without a handler the
// emitter only returns the code, which the macro-assembler's many emit calls do not look at.
class FirstAsmJitError : public asmjit::ErrorHandler {
 public:
  void handleError(asmjit::Error err, const char* message, asmjit::BaseEmitter*) override {
    if (error_ != asmjit::kErrorOk) return;
    error_ = err;
    message_ = message;
  }
  bool failed() const { return error_ != asmjit::kErrorOk; }
  // The error as Sable reports it: running out of memory is ResourceExhausted.
  Error toError() const {
    const bool memory = error_ == asmjit::kErrorOutOfMemory;
    return Error{memory ? ErrorKind::ResourceExhausted : ErrorKind::Limit, Error::kNoOffset,
                 std::string("code generation failed: ") + message_};
  }

 private:
  asmjit::Error error_ = asmjit::kErrorOk;
  std::string message_;
};

// Compiles the chunk's functions, those listed in `longBranchFunctions` (sorted) with long
// branches. Returns false when a function's code came out too large for the back end's short
// conditional branches; it is then appended to the list and the chunk must be compiled again.
bool compileChunkOnce(Chunk& chunk, Worker& worker, const CompileOptions& options,
                      std::vector<uint32_t>& longBranchFunctions) {
  const ModuleInfo& module = *worker.env.module;
  chunk.offsets.clear();
  chunk.calls.clear();
  chunk.code = std::make_unique<asmjit::CodeHolder>();
  asmjit::CodeHolder& code = *chunk.code;
  if (asmjit::Error err = code.init(asmjit::Environment::host()); err != asmjit::kErrorOk) {
    chunk.error =
        Error{ErrorKind::ResourceExhausted, Error::kNoOffset,
              std::string("code generation failed: ") + asmjit::DebugUtils::errorAsString(err)};
    return true;
  }
  FirstAsmJitError asmjitErrors;
  code.setErrorHandler(&asmjitErrors);
  // The CodeHolder outlives this call (layout flattens and relocates it): it must not keep a
  // pointer to the handler, whichever way the function returns.
  struct ResetHandler {
    asmjit::CodeHolder& code;
    ~ResetHandler() { code.resetErrorHandler(); }
  } resetHandler{code};
  // Machine code is about 2.5 times the wasm body size: reserve it once rather than growing by
  // repeated copies.
  uint64_t bodyBytes = 0;
  for (uint32_t i = chunk.begin; i < chunk.end; ++i) bodyBytes += module.bodies[i].size;
  (void)code.reserveBuffer(&code.textSection()->buffer(),
                           static_cast<size_t>(std::min<uint64_t>(bodyBytes * 3, 64u << 20)));
  TrapLabelsProxy proxy;
  arch::MacroAssembler masm(code, proxy,
                            {options.boundsMode == vm::BoundsMode::Explicit, options.baselineIsa});
  // Labels of other chunks' functions stay unbound and collect the calls to patch.
  FunctionLabels& labels = worker.labels;
  labels.reset(module.numDefinedFunctions());

  FunctionCompiler compiler(masm, worker.env, labels);
  proxy.target = &compiler;
  chunk.offsets.reserve(chunk.end - chunk.begin);
  const size_t known = longBranchFunctions.size();
  for (uint32_t i = chunk.begin; i < chunk.end; ++i) {
    masm.bind(labels.get(masm, i));
    const size_t start = masm.offset();
    chunk.offsets.push_back(static_cast<uint32_t>(start));
    const bool longBranches =
        std::binary_search(longBranchFunctions.begin(), longBranchFunctions.begin() + known, i);
    masm.setLongBranches(longBranches);
    compiler.begin(worker.decoder, i);
    Result<void> r = worker.decoder.decode(i, compiler);
    if (!compiler.unsupported().empty()) {
      chunk.error = Error{ErrorKind::Unsupported, module.bodies[i].offset,
                          "function " + std::to_string(module.numImportedFunctions + i) + ": " +
                              compiler.unsupported()};
      return true;
    }
    if (!r) {
      chunk.error = r.error();
      return true;
    }
    // Some branch of this function may not have reached (the assembler's complaint about it
    // went nowhere): its code is thrown away with the chunk's. The rest of the chunk still
    // compiles, so that one more pass finds every such function.
    if (!longBranches && masm.offset() - start > arch::MacroAssembler::shortBranchFunctionBytes()) {
      longBranchFunctions.push_back(i);
    }
  }
  // A chunk compiled again starts from a fresh CodeHolder, so the out-of-range branches that
  // made it necessary are no error; any other complaint of the assembler fails the chunk.
  if (longBranchFunctions.size() != known) return false;
  if (asmjitErrors.failed()) {
    chunk.error = asmjitErrors.toError();
    return true;
  }

  // Only labels of called functions exist, and AsmJit counts the links of unbound ones: stop
  // once all are found.
  const size_t external = code.unresolvedLinkCount();
  chunk.calls.reserve(external);
  for (uint32_t callee : labels.used()) {
    if (chunk.calls.size() >= external) break;
    if (callee >= chunk.begin && callee < chunk.end) continue;
    const asmjit::LabelEntry* entry = code.labelEntry(labels.at(callee));
    for (const asmjit::LabelLink* link = entry->links(); link != nullptr; link = link->next) {
      if (link->relocId != asmjit::Globals::kInvalidId) {
        chunk.error = Error{ErrorKind::Limit, Error::kNoOffset, "unexpected relocated call"};
        return true;
      }
      chunk.calls.push_back(ExternalCall{link->offset, link->rel, link->format, callee});
    }
  }
  return true;
}

void compileChunk(Chunk& chunk, Worker& worker, const CompileOptions& options) {
  std::vector<uint32_t> longBranchFunctions;
  while (!compileChunkOnce(chunk, worker, options, longBranchFunctions)) {
  }
}

// Writes a displacement the way AsmJit would have had the callee been in the same CodeHolder
// (CodeWriterUtils::writeOffset, for the signed-offset formats calls use).
bool patchCall(uint8_t* region, int64_t displacement, const asmjit::OffsetFormat& format) {
  if (format.type() != asmjit::OffsetType::kSignedOffset || format.valueSize() != 4) return false;
  const uint32_t discard = format.immDiscardLsb();
  if (discard != 0) {
    if ((displacement & ((int64_t{1} << discard) - 1)) != 0) return false;
    displacement >>= discard;
  }
  const uint32_t bits = format.immBitCount();
  if (bits == 0 || bits > 32) return false;
  const int64_t limit = int64_t{1} << (bits - 1);
  if (displacement < -limit || displacement >= limit) return false;
  const uint32_t mask = static_cast<uint32_t>((uint64_t{1} << bits) - 1);
  const uint32_t value = (static_cast<uint32_t>(displacement) & mask) << format.immBitShift();
  uint8_t* dst = region + format.valueOffset();
  uint32_t word;
  std::memcpy(&word, dst, 4);
  word |= value;
  std::memcpy(dst, &word, 4);
  return true;
}

size_t alignUp(size_t value, size_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

}  // namespace

Result<std::shared_ptr<CompiledModule>> compileModule(
    platform::CodeMemory& codeMemory, platform::WorkerPool& pool, const void* trapStub,
    const ModuleInfo& module, std::span<const uint32_t> sigIds, const CompileOptions& options) {
  ModuleCompileEnv shared;
  shared.module = &module;
  shared.sigIds = sigIds;
  shared.trapStub = trapStub;
  shared.explicitBoundsChecks = options.boundsMode == vm::BoundsMode::Explicit;
  shared.epochChecks = options.epochChecks;
  shared.consumeFuel = options.consumeFuel;
  shared.typeLayouts.reserve(module.types.size());
  for (const FuncType& t : module.types) {
    shared.typeLayouts.push_back(vm::ArgLayout::of(t.params(), t.results()));
  }

  std::vector<Chunk> chunks = partition(module, chunkBytesFor(module, options));
  // A chunk that fails stops the chunks after it from starting: the error reported is the
  // first function's in module order, as in a sequential compile, and nothing later matters.
  std::atomic<size_t> next{0};
  std::atomic<size_t> firstFailed{chunks.size()};
  auto job = [&] {
    std::optional<Worker> worker;
    for (size_t c = next.fetch_add(1); c < chunks.size(); c = next.fetch_add(1)) {
      if (c > firstFailed.load(std::memory_order_relaxed)) break;
      // Nothing may escape a pool job: running out of memory is this chunk's error.
      try {
        if (!worker) worker.emplace(module, shared);
        compileChunk(chunks[c], *worker, options);
      } catch (const std::bad_alloc&) {
        chunks[c].code.reset();
        chunks[c].error =
            Error{ErrorKind::ResourceExhausted, Error::kNoOffset, "out of memory while compiling"};
      }
      if (chunks[c].error) {
        size_t seen = firstFailed.load();
        while (c < seen && !firstFailed.compare_exchange_weak(seen, c)) {
        }
      }
    }
  };
  uint32_t threads = 1;
  if (options.threads != 0) {
    threads = options.threads;
  } else if (chunks.size() > 1 &&
             (pool.threadCount() > 0 || module.codeSize() >= kCodeBytesWorthStartingHelpers)) {
    // Resolved only here: a module too small to split never asks the system for its core count.
    threads = std::max(1u, std::thread::hardware_concurrency());
  }
  threads = static_cast<uint32_t>(std::min<size_t>(threads, chunks.size()));
  if (threads > 1) {
    // AsmJit detects the host CPU on first use without a lock; do it before the helpers start.
    (void)asmjit::CpuInfo::host();
    pool.run(threads - 1, job);
  } else {
    job();
  }
  for (const Chunk& chunk : chunks) {
    if (chunk.error) return *chunk.error;
  }

  // Layout: chunks in order, each aligned; function offsets become module offsets.
  std::vector<uint32_t> offsets;
  offsets.reserve(module.numDefinedFunctions());
  size_t size = 0;
  for (Chunk& chunk : chunks) {
    // One section, so every link inside the chunk was resolved when its label was bound
    // (resolveUnresolvedLinks would only walk all the labels to find that out); the ones left
    // are the calls to other chunks, patched below.
    if (chunk.code->flatten() != asmjit::kErrorOk) {
      return Error{ErrorKind::Limit, Error::kNoOffset, "code generation failed to link"};
    }
    chunk.base = alignUp(size, kChunkAlignment);
    for (uint32_t off : chunk.offsets) offsets.push_back(static_cast<uint32_t>(chunk.base + off));
    size = chunk.base + chunk.code->codeSize();
  }
  if (size > UINT32_MAX) return Error{ErrorKind::Limit, Error::kNoOffset, "module code too large"};
  size = std::max<size_t>(size, 1);
  Result<platform::CodeBlock> block = codeMemory.allocate(size);
  if (!block) return block.error();
  uint8_t* out = block->writable();
  const uint64_t executable = reinterpret_cast<uint64_t>(block->executable());
  size_t written = 0;
  for (Chunk& chunk : chunks) {
    // Alignment gaps hold zeros; nothing jumps there.
    std::memset(out + written, 0, chunk.base - written);
    const size_t chunkSize = chunk.code->codeSize();
    if (chunk.code->relocateToBase(executable + chunk.base) != asmjit::kErrorOk) {
      return Error{ErrorKind::Limit, Error::kNoOffset, "code relocation failed"};
    }
    chunk.code->copyFlattenedData(out + chunk.base, chunkSize,
                                  asmjit::CopySectionFlags::kPadTargetBuffer);
    for (const ExternalCall& call : chunk.calls) {
      const size_t site = chunk.base + call.site;
      const int64_t displacement = static_cast<int64_t>(offsets[call.callee]) -
                                   static_cast<int64_t>(site) + static_cast<int64_t>(call.rel);
      if (!patchCall(out + site, displacement, call.format)) {
        return Error{ErrorKind::Limit, Error::kNoOffset, "call between chunks out of range"};
      }
    }
    written = chunk.base + chunkSize;
    chunk.code.reset();  // the code is copied: give the assembler's memory back early
  }
  if (written < size) std::memset(out + written, 0, size - written);
  block->finalize();

  auto compiled =
      std::make_shared<CompiledModuleImpl>(std::move(block.value()), std::move(offsets));
  const uint8_t* begin = compiled->block().executable();
  Result<platform::TrapHandlerRegistration> reg =
      platform::TrapHandlerRegistration::create(begin, begin + size, trapStub);
  if (!reg) return reg.error();
  compiled->setRegistration(std::move(reg.value()));
  return std::shared_ptr<CompiledModule>(std::move(compiled));
}

}  // namespace sable::jit
