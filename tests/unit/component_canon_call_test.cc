// The call protocol: host to guest through canon lift, guest to host through canon lower (with
// real core code calling the lowered import), guest to guest, post-return, lockdown, reentrance
// and may_leave.
#include <gtest/gtest.h>

#include "component/canon/call.h"
#include "component/canon/core_funcs.h"
#include "component_canon_fixture.h"

namespace sable::canon::test {
namespace {

using K = cm::ValKind;
using cm::Val;

// A caller module: imports the lib's memory and one function `host.f` of type `importType`,
// and exports `run`, which calls it with `callArgs` (i32 constants).
Bytes callerModule(const Bytes& importType, const std::vector<int32_t>& callArgs) {
  ModuleParts p;
  p.types = {importType, funcType({}, {})};
  p.imports = {importMemory("lib", "mem", limits(1)), importFunc("host", "f", 0)};
  p.funcs = {1};
  p.exports = {exportEntry("run", kExternFunc, 1)};
  Bytes code;
  for (int32_t a : callArgs) code += i32Const(a);
  code += call(0) + Bytes{op::End};
  p.bodies = {funcBody(code)};
  return p.build();
}

class ComponentCanonCall : public CanonTest {
 protected:
  LiftedFunc lifted(const char* core, FuncTypeDesc type, InstanceState* where = nullptr) {
    return LiftedFunc{func(core), &types, std::move(type), opts, where ? where : &inst};
  }
  // Instantiates callerModule with `import` (as canon lower makes it) behind host.f; returns
  // its `run`.
  Func caller(const LoweredImport& import, const std::vector<int32_t>& callArgs) {
    Func host = lowerAsCoreFunc(store, env(), std::make_shared<LoweredImport>(import));
    Bytes params, results;
    for (ValType t : host.type().params()) params.push_back(t == ValType::I64 ? kI64 : kI32);
    for (ValType t : host.type().results()) results.push_back(t == ValType::I64 ? kI64 : kI32);
    Result<Module> m = Module::compile(engine, callerModule(funcType(params, results), callArgs));
    EXPECT_TRUE(m.ok()) << m.error().toString();
    const Extern imports[] = {*opts.memory, host};
    Result<Instance> i = Instance::create(store, *m, imports);
    EXPECT_TRUE(i.ok()) << i.error().toString();
    return *i->getFunc("run");
  }
  void writeText(uint32_t at, std::string_view s) {
    writeBytes(at, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
  }
};

TEST_F(ComponentCanonCall, HostCallsALiftedFunctionAndPostReturnRuns) {
  opts.postReturn = func("post_return");
  writeU32(kArgArea, 42);
  Result<std::optional<Val>> r = callLifted(env(), lifted("load_i32", {{}, prim(K::U32)}), {});
  ASSERT_TRUE(r.ok()) << errorOf(r);
  EXPECT_EQ(**r, Val::u32(42));
  EXPECT_EQ(readU32(kPostReturnCount), 1u);
  EXPECT_TRUE(inst.mayEnter);
  EXPECT_TRUE(inst.mayLeave);
}

TEST_F(ComponentCanonCall, ArgumentsAreLoweredWithTheCalleesRealloc) {
  FuncTypeDesc t{{{"s", prim(K::String)}}, std::nullopt};
  Val args[] = {Val::string("hey")};
  Result<std::optional<Val>> r = callLifted(env(), lifted("store_2", t), args);
  ASSERT_TRUE(r.ok()) << errorOf(r);
  EXPECT_FALSE(r->has_value());
  EXPECT_EQ(reallocLog(), (std::vector<ReallocCall>{{0, 0, 1, 3}}));
  EXPECT_EQ(readU32(kArgArea), kHeapStart);
  EXPECT_EQ(readU32(kArgArea + 4), 3u);
}

TEST_F(ComponentCanonCall, ResultsPastOneFlatValueComeThroughAPointer) {
  writeU32(kArgArea, 8200);
  writeU32(8200, 9000);
  writeU32(8204, 5);
  writeText(9000, "hello");
  LiftedFunc f = lifted("load_i32", {{}, prim(K::String)});
  Result<std::optional<Val>> r = callLifted(env(), f, {});
  ASSERT_TRUE(r.ok()) << errorOf(r);
  EXPECT_EQ(**r, Val::string("hello"));
  writeU32(kArgArea, 8201);
  EXPECT_EQ(errorOf(callLifted(env(), f, {})), "unaligned pointer");
}

TEST_F(ComponentCanonCall, MoreThan16ParametersAreSpilledIntoMemory) {
  FuncTypeDesc t;
  std::vector<Val> args;
  for (uint32_t i = 0; i < 17; ++i) {
    t.params.push_back({"p" + std::to_string(i), prim(K::U32)});
    args.push_back(Val::u32(100 + i));
  }
  Result<std::optional<Val>> r = callLifted(env(), lifted("store_1", t), args);
  ASSERT_TRUE(r.ok()) << errorOf(r);
  EXPECT_EQ(reallocLog(), (std::vector<ReallocCall>{{0, 0, 4, 68}}));
  EXPECT_EQ(readU32(kArgArea), kHeapStart);
  EXPECT_EQ(readU32(kHeapStart), 100u);
  EXPECT_EQ(readU32(kHeapStart + 64), 116u);
}

TEST_F(ComponentCanonCall, ATrapLocksTheInstanceDown) {
  Result<std::optional<Val>> r = callLifted(env(), lifted("boom", {}), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_TRUE(inst.trapped);
  EXPECT_TRUE(inst.mayEnter);
  Result<std::optional<Val>> again = callLifted(env(), lifted("load_i32", {{}, prim(K::U32)}), {});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::Trap);
  EXPECT_NE(again.error().message.find("cannot enter component instance"), std::string::npos);
}

TEST_F(ComponentCanonCall, ABadArgumentLeavesTheInstanceUsable) {
  FuncTypeDesc t{{{"n", prim(K::U32)}}, std::nullopt};
  Val wrong[] = {Val::string("not a number")};
  Result<std::optional<Val>> r = callLifted(env(), lifted("store_1", t), wrong);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Usage);
  EXPECT_FALSE(inst.trapped);
  EXPECT_EQ(callLifted(env(), lifted("store_1", t), {}).error().kind, ErrorKind::Usage);
}

TEST_F(ComponentCanonCall, ReentranceTraps) {
  inst.mayEnter = false;
  EXPECT_NE(errorOf(callLifted(env(), lifted("load_i32", {{}, prim(K::U32)}), {}))
                .find("cannot enter component instance"),
            std::string::npos);
}

TEST_F(ComponentCanonCall, CoreCodeCallsALoweredHostImport) {
  // get(key: string) -> option<string> lowers to (i32 i32 i32) -> (): key, then an out-pointer.
  std::vector<std::string> seen;
  LoweredImport import{[&](std::span<const Val> args) -> Result<std::optional<Val>> {
                         seen.emplace_back(args[0].asString());
                         return std::optional<Val>(Val::some(Val::string("value")));
                       },
                       &types,
                       {{{"key", prim(K::String)}}, type(types.option(prim(K::String)))},
                       opts,
                       &inst};
  writeText(9000, "key");
  Func run = caller(import, {9000, 3, static_cast<int32_t>(kArgArea)});
  Result<std::vector<Value>> r = run.call(store, {});
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ(seen, std::vector<std::string>{"key"});
  EXPECT_EQ(bytes()[kArgArea], 1);
  EXPECT_EQ(readU32(kArgArea + 4), kHeapStart);
  EXPECT_EQ(readU32(kArgArea + 8), 5u);
  EXPECT_EQ(reallocLog(), (std::vector<ReallocCall>{{0, 0, 1, 5}}));
}

TEST_F(ComponentCanonCall, AMisalignedOutPointerTraps) {
  LoweredImport import{[&](std::span<const Val>) -> Result<std::optional<Val>> {
                         return std::optional<Val>(Val::tuple({Val::u32(1), Val::u32(2)}));
                       },
                       &types,
                       {{}, type(types.tuple({prim(K::U32), prim(K::U32)}))},
                       opts,
                       &inst};
  Func ok = caller(import, {static_cast<int32_t>(kArgArea)});
  ASSERT_TRUE(ok.call(store, {}).ok());
  EXPECT_EQ(readU32(kArgArea + 4), 2u);
  Func bad = caller(import, {static_cast<int32_t>(kArgArea + 1)});
  Result<std::vector<Value>> r = bad.call(store, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("unaligned pointer"), std::string::npos);
}

TEST_F(ComponentCanonCall, ALoweredImportTrapsWhenTheInstanceMayNotLeave) {
  bool called = false;
  LoweredImport import{[&](std::span<const Val>) -> Result<std::optional<Val>> {
                         called = true;
                         return std::optional<Val>();
                       },
                       &types,
                       {},
                       opts,
                       &inst};
  Func run = caller(import, {});
  inst.mayLeave = false;  // as during the instance's realloc or post-return
  Result<std::vector<Value>> r = run.call(store, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("cannot leave component instance"), std::string::npos);
  EXPECT_FALSE(called);
}

TEST_F(ComponentCanonCall, GuestToGuestPassesStringsAndUsesAdapterWording) {
  InstanceState callee;
  callee.path = "callee";
  FuncTypeDesc t{{{"s", prim(K::String)}}, std::nullopt};
  LiftedFunc target = lifted("store_2", t, &callee);
  LoweredImport import{nullptr, &types, t, opts, &inst, TrapStyle::Adapter, target};
  writeText(9000, "abc");
  Func run = caller(import, {9000, 3});
  Result<std::vector<Value>> r = run.call(store, {});
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ(readU32(kArgArea + 4), 3u);  // the callee got a copy of length 3
  Func oob = caller(import, {65535, 2});
  Result<std::vector<Value>> bad = oob.call(store, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("string content out-of-bounds"), std::string::npos);
  EXPECT_FALSE(callee.trapped);  // the caller's bad pointer
}

// Guest to guest, a string keeps its source encoding until it is stored: the realloc sequence
// is the spec's for each (source, destination) pair, not the one for a UTF-8 source.
TEST_F(ComponentCanonCall, GuestToGuestStringsUseTheSpecsSequenceForTheSourceEncoding) {
  InstanceState callee;
  FuncTypeDesc t{{{"s", prim(K::String)}}, std::nullopt};
  LiftedFunc target = lifted("store_2", t, &callee);  // UTF-8 callee
  CanonOptions utf16 = opts;
  utf16.encoding = StringEncoding::Utf16;
  LoweredImport fromUtf16{nullptr, &types, t, utf16, &inst, TrapStyle::Adapter, target};
  const uint8_t aEuro[] = {'a', 0, 0xAC, 0x20};  // "a€" in UTF-16LE: 2 code units
  writeBytes(9000, aEuro);
  Result<std::vector<Value>> r = caller(fromUtf16, {9000, 2}).call(store, {});
  ASSERT_TRUE(r.ok()) << r.error().toString();
  // store_utf16_to_utf8: 1 byte per unit, then the worst case (3 per unit), then shrink.
  EXPECT_EQ(reallocLog(),
            (std::vector<ReallocCall>{{0, 0, 1, 2}, {kHeapStart, 2, 1, 6}, {kHeapStart, 6, 1, 4}}));
  EXPECT_EQ(readU32(kArgArea), kHeapStart);
  EXPECT_EQ(readU32(kArgArea + 4), 4u);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(bytes().data()) + kHeapStart, 4), "a€");
}

TEST_F(ComponentCanonCall, GuestToGuestLatin1StringsGrowToTwiceTheirUnitsForUtf8) {
  InstanceState callee;
  FuncTypeDesc t{{{"s", prim(K::String)}}, std::nullopt};
  LiftedFunc target = lifted("store_2", t, &callee);
  CanonOptions compact = opts;
  compact.encoding = StringEncoding::Latin1Utf16;
  LoweredImport fromLatin1{nullptr, &types, t, compact, &inst, TrapStyle::Adapter, target};
  const uint8_t eAcute[] = {'x', 0xE9};  // "xé" in Latin-1
  writeBytes(9000, eAcute);
  Result<std::vector<Value>> r = caller(fromLatin1, {9000, 2}).call(store, {});
  ASSERT_TRUE(r.ok()) << r.error().toString();
  // store_latin1_to_utf8: 1 byte per unit, then the worst case (2 per unit), then shrink.
  EXPECT_EQ(reallocLog(),
            (std::vector<ReallocCall>{{0, 0, 1, 2}, {kHeapStart, 2, 1, 4}, {kHeapStart, 4, 1, 3}}));
  EXPECT_EQ(readU32(kArgArea + 4), 3u);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(bytes().data()) + kHeapStart, 3), "xé");
}

TEST_F(ComponentCanonCall, GuestToGuestListsAreCopiedMemoryToMemory) {
  InstanceState callee;
  FuncTypeDesc t{{{"l", type(types.list(prim(K::U16)))}}, std::nullopt};
  LoweredImport import{
      nullptr, &types, t, opts, &inst, TrapStyle::Adapter, lifted("store_2", t, &callee)};
  writeU32(9000, 0x00020001);
  writeU32(9004, 0x00040003);
  ASSERT_TRUE(caller(import, {9000, 4}).call(store, {}).ok());
  EXPECT_EQ(reallocLog(), (std::vector<ReallocCall>{{0, 0, 2, 8}}));
  EXPECT_EQ(readU32(kArgArea + 4), 4u);
  EXPECT_EQ(readU32(kHeapStart + 4), 0x00040003u);
  // A bad source pointer is the caller's fault: the callee is not locked down.
  Result<std::vector<Value>> bad = caller(import, {9001, 1}).call(store, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("wasm trap: unaligned pointer"), std::string::npos);
  EXPECT_FALSE(callee.trapped);
}

// A host argument that fails to lower after an own handle moved into the callee: the handle
// goes back to the host (it used to stay in the callee's table, lost to the host).
TEST_F(ComponentCanonCall, AHostArgumentFailingPartWayRollsBackMovedHandles) {
  ResourceTypeId res = resources.add(ResourceType{nullptr, nullptr, "thing"});
  uint32_t hostIndex = *hostHandles.add(HandleElem{res, 41, true, nullptr, 0});
  TypeId own = type(types.own(res));
  FuncTypeDesc t{{{"h", own}, {"n", prim(K::U32)}}, std::nullopt};
  Val args[] = {Val::own(cm::ResourceHandle{res, hostIndex}), Val::string("not a u32")};
  Result<std::optional<Val>> r = callLifted(env(), lifted("store_2", t), args);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Usage);
  EXPECT_EQ(inst.handles.liveCount(), 0u);
  ASSERT_TRUE(hostHandles.get(hostIndex).ok());
  EXPECT_EQ((*hostHandles.get(hostIndex))->rep, 41u);
  Val good[] = {args[0], Val::u32(7)};  // the host can still pass it
  ASSERT_TRUE(callLifted(env(), lifted("store_2", t), good).ok());
  EXPECT_EQ(inst.handles.liveCount(), 1u);
}

TEST_F(ComponentCanonCall, AGuestCalleesTrapLocksOnlyTheCalleeDown) {
  InstanceState callee;
  LiftedFunc target = lifted("boom", {}, &callee);
  LoweredImport import{nullptr, &types, {}, opts, &inst, TrapStyle::Adapter, target};
  Func run = caller(import, {});
  ASSERT_FALSE(run.call(store, {}).ok());
  EXPECT_TRUE(callee.trapped);
  EXPECT_FALSE(inst.trapped);  // the host-level call into inst would mark it
}

TEST_F(ComponentCanonCall, AChildMayBeCalledFromItsParentButNotReentered) {
  InstanceState parent;
  InstanceState child;
  child.parent = &parent;
  LiftedFunc inChild = lifted("load_i32", {{}, prim(K::U32)}, &child);
  parent.mayEnter = false;  // the parent is running
  EXPECT_TRUE(callLifted(env(), inChild, {}, &parent, TrapStyle::Adapter).ok());
  EXPECT_FALSE(callLifted(env(), inChild, {}, nullptr).ok());  // from the host: enters the parent
}

TEST_F(ComponentCanonCall, LiftedCoreTypesAreChecked) {
  EXPECT_TRUE(checkLiftedCoreType(types, {{}, prim(K::String)}, func("load_i32")).ok());
  Result<void> r = checkLiftedCoreType(types, {{}, prim(K::U64)}, func("load_i32"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_NE(r.error().message.find("(i64)"), std::string::npos) << r.error().message;
}

// Core code using canon resource.new / rep / drop: run() { h = new(77); r = rep(h); drop(h);
// return h * 1000 + r }.
TEST_F(ComponentCanonCall, CoreCodeUsesTheResourceBuiltins) {
  std::vector<uint32_t> destroyed;
  ResourceTypeId t = resources.add(ResourceType{&inst,
                                                [&](uint32_t rep) -> Result<void> {
                                                  destroyed.push_back(rep);
                                                  return {};
                                                },
                                                "res"});
  ModuleParts p;
  p.types = {funcType({kI32}, {kI32}), funcType({kI32}, {}), funcType({}, {kI32})};
  p.imports = {importFunc("r", "new", 0), importFunc("r", "rep", 0), importFunc("r", "drop", 1)};
  p.funcs = {2};
  p.exports = {exportEntry("run", kExternFunc, 3)};
  p.bodies = {funcBody({{1, kI32}}, i32Const(77) + call(0) + localSet(0) + localGet(0) + call(1) +
                                        localGet(0) + call(2) + localGet(0) + i32Const(1000) +
                                        Bytes{op::I32Mul, op::I32Add, op::End})};
  Result<Module> m = Module::compile(engine, p.build());
  ASSERT_TRUE(m.ok()) << m.error().toString();
  const Extern imports[] = {resourceNewFunc(store, inst, t),
                            resourceRepFunc(store, inst, resources, t),
                            resourceDropFunc(store, inst, resources, t)};
  Result<Instance> i = Instance::create(store, *m, imports);
  ASSERT_TRUE(i.ok()) << i.error().toString();
  Result<std::vector<Value>> r = i->getFunc("run")->call(store, {});
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ((*r)[0].asI32(), 1077);
  EXPECT_EQ(destroyed, std::vector<uint32_t>{77});
  // The second run reuses slot 1.
  ASSERT_TRUE(i->getFunc("run")->call(store, {}).ok());
  EXPECT_EQ(destroyed, (std::vector<uint32_t>{77, 77}));
}

TEST_F(ComponentCanonCall, ACoreDestructorRunsWithTheRep) {
  // post_return (i32) counts its calls: reuse it as a destructor.
  ResourceTypeId t = resources.add(ResourceType{&inst, coreDtor(store, func("post_return")), "r"});
  uint32_t h = *resourceNew(inst, t, 5);
  ASSERT_TRUE(resourceDrop(inst, resources, t, h).ok());
  EXPECT_EQ(readU32(kPostReturnCount), 1u);
}

}  // namespace
}  // namespace sable::canon::test
