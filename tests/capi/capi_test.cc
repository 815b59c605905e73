// The C API's rules that the upstream examples do not pin down: deep vector copies, handle
// identity and host info across copies, when finalizers run, link errors reported as traps, and
// import reflection. Run under the asan preset, double frees and leaks fail these too.
#include <gtest/gtest.h>
#include <wasm.h>

#include <string>

#include "wasm_builder.h"

namespace sable::test {
namespace {

struct EngineAndStore {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  ~EngineAndStore() {
    wasm_store_delete(store);
    wasm_engine_delete(engine);
  }
};

wasm_module_t* compile(wasm_store_t* store, const Bytes& bytes) {
  wasm_byte_vec_t binary;
  wasm_byte_vec_new(&binary, bytes.size(), reinterpret_cast<const wasm_byte_t*>(bytes.data()));
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  return module;
}

std::string messageOf(const wasm_trap_t* trap) {
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  std::string text(message.data, message.size);
  wasm_byte_vec_delete(&message);
  return text;
}

void countFinalization(void* counter) { ++*static_cast<int*>(counter); }

TEST(CApi, VectorCopiesAreDeep) {
  wasm_valtype_t* types[] = {wasm_valtype_new_i32(), wasm_valtype_new_f64()};
  wasm_valtype_vec_t original, copy;
  wasm_valtype_vec_new(&original, 2, types);
  wasm_valtype_vec_copy(&copy, &original);
  ASSERT_EQ(copy.size, 2u);
  EXPECT_NE(copy.data[0], original.data[0]);
  EXPECT_EQ(wasm_valtype_kind(copy.data[1]), WASM_F64);
  wasm_valtype_vec_delete(&original);
  EXPECT_EQ(original.data, nullptr);
  EXPECT_EQ(wasm_valtype_kind(copy.data[0]), WASM_I32);  // still alive
  wasm_valtype_vec_delete(&copy);
}

TEST(CApi, HandleCopiesShareIdentityAndHostInfo) {
  EngineAndStore s;
  wasm_foreign_t* a = wasm_foreign_new(s.store);
  wasm_foreign_t* b = wasm_foreign_new(s.store);
  wasm_foreign_t* aCopy = wasm_foreign_copy(a);
  EXPECT_TRUE(wasm_foreign_same(a, aCopy));
  EXPECT_FALSE(wasm_foreign_same(a, b));
  wasm_foreign_set_host_info(aCopy, &s);
  EXPECT_EQ(wasm_foreign_get_host_info(a), &s);
  EXPECT_EQ(wasm_foreign_get_host_info(b), nullptr);
  EXPECT_EQ(wasm_ref_as_foreign(wasm_foreign_as_ref(a)), a);
  EXPECT_EQ(wasm_ref_as_func(wasm_foreign_as_ref(a)), nullptr);
  wasm_foreign_delete(a);
  wasm_foreign_delete(b);
  wasm_foreign_delete(aCopy);
}

// A store object lives as long as its store, so its finalizer runs then and only then; host
// info that is replaced is finalized at once.
TEST(CApi, FinalizersRunWhenTheObjectDies) {
  int finalized = 0;
  int replaced = 0;
  {
    EngineAndStore s;
    wasm_foreign_t* foreign = wasm_foreign_new(s.store);
    wasm_foreign_set_host_info_with_finalizer(foreign, &replaced, countFinalization);
    wasm_foreign_set_host_info_with_finalizer(foreign, &finalized, countFinalization);
    EXPECT_EQ(replaced, 1);
    wasm_foreign_t* copy = wasm_foreign_copy(foreign);
    wasm_foreign_delete(foreign);
    wasm_foreign_delete(copy);
    EXPECT_EQ(finalized, 0);  // handles are gone, the object is not
  }
  EXPECT_EQ(finalized, 1);
  EXPECT_EQ(replaced, 1);
}

wasm_trap_t* returnNothing(void*, const wasm_val_vec_t*, wasm_val_vec_t*) { return nullptr; }

TEST(CApi, HostFunctionEnvironmentIsFinalizedWithItsStore) {
  int finalized = 0;
  {
    EngineAndStore s;
    wasm_functype_t* type = wasm_functype_new_0_0();
    wasm_func_t* func =
        wasm_func_new_with_env(s.store, type, returnNothing, &finalized, countFinalization);
    wasm_functype_delete(type);
    wasm_func_delete(func);
    EXPECT_EQ(finalized, 0);
  }
  EXPECT_EQ(finalized, 1);
}

Bytes importingModule() {
  ModuleParts p;
  p.types = {funcType({kI32}, {})};
  p.imports = {importFunc("env", "f", 0), importGlobal("env", "g", kI64, kMut)};
  return p.build();
}

TEST(CApi, ModuleImportsDescribeEachImport) {
  EngineAndStore s;
  wasm_module_t* module = compile(s.store, importingModule());
  ASSERT_NE(module, nullptr);
  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  ASSERT_EQ(imports.size, 2u);
  const wasm_name_t* name = wasm_importtype_name(imports.data[1]);
  EXPECT_EQ(std::string(name->data, name->size), "g");
  const wasm_globaltype_t* global =
      wasm_externtype_as_globaltype_const(wasm_importtype_type(imports.data[1]));
  ASSERT_NE(global, nullptr);
  EXPECT_EQ(wasm_valtype_kind(wasm_globaltype_content(global)), WASM_I64);
  EXPECT_EQ(wasm_globaltype_mutability(global), WASM_VAR);
  const wasm_functype_t* func =
      wasm_externtype_as_functype_const(wasm_importtype_type(imports.data[0]));
  ASSERT_NE(func, nullptr);
  EXPECT_EQ(wasm_functype_params(func)->size, 1u);
  wasm_importtype_vec_delete(&imports);
  wasm_module_delete(module);
}

TEST(CApi, LinkErrorsComeBackAsTraps) {
  EngineAndStore s;
  wasm_module_t* module = compile(s.store, importingModule());
  ASSERT_NE(module, nullptr);
  wasm_functype_t* wrongType = wasm_functype_new_0_0();
  wasm_func_t* func = wasm_func_new_with_env(s.store, wrongType, returnNothing, nullptr, nullptr);
  wasm_functype_delete(wrongType);
  wasm_val_t zero = WASM_I64_VAL(0);
  wasm_globaltype_t* globalType = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  wasm_global_t* global = wasm_global_new(s.store, globalType, &zero);
  wasm_globaltype_delete(globalType);

  wasm_extern_t* externs[] = {wasm_func_as_extern(func), wasm_global_as_extern(global)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_trap_t* trap = nullptr;
  EXPECT_EQ(wasm_instance_new(s.store, module, &imports, &trap), nullptr);
  ASSERT_NE(trap, nullptr);
  EXPECT_NE(messageOf(trap).find("incompatible import type"), std::string::npos);
  EXPECT_EQ(messageOf(trap).back(), '\0');  // wasm_message_t is null-terminated
  wasm_trap_delete(trap);
  wasm_func_delete(func);
  wasm_global_delete(global);
  wasm_module_delete(module);
}

TEST(CApi, ExternrefsComeBackAsTheSameObject) {
  EngineAndStore s;
  wasm_globaltype_t* type = wasm_globaltype_new(wasm_valtype_new_externref(), WASM_VAR);
  wasm_val_t null = WASM_REF_VAL(nullptr);
  wasm_global_t* global = wasm_global_new(s.store, type, &null);
  wasm_globaltype_delete(type);
  ASSERT_NE(global, nullptr);

  wasm_foreign_t* foreign = wasm_foreign_new(s.store);
  wasm_foreign_set_host_info(foreign, &s);
  wasm_val_t in = WASM_REF_VAL(wasm_foreign_as_ref(foreign));
  wasm_global_set(global, &in);
  wasm_val_t out;
  wasm_global_get(global, &out);
  ASSERT_EQ(out.kind, WASM_EXTERNREF);
  ASSERT_NE(out.of.ref, nullptr);
  EXPECT_NE(out.of.ref, wasm_foreign_as_ref(foreign));                   // a new handle ...
  EXPECT_TRUE(wasm_ref_same(out.of.ref, wasm_foreign_as_ref(foreign)));  // ... of that object
  EXPECT_EQ(wasm_ref_get_host_info(out.of.ref), &s);
  wasm_val_delete(&out);
  wasm_foreign_delete(foreign);
  wasm_global_delete(global);
}

}  // namespace
}  // namespace sable::test
