#include "support/spectest_module.h"

#include <cstdio>
#include <vector>

#include "sable/func.h"
#include "sable/global_var.h"
#include "sable/memory.h"
#include "sable/table.h"
#include "sable/value.h"

namespace sable {

namespace {

std::string formatValue(const Value& v) {
  char buf[64];
  switch (v.type()) {
    case ValType::I32:
      std::snprintf(buf, sizeof buf, "%d : i32", v.asI32());
      break;
    case ValType::I64:
      std::snprintf(buf, sizeof buf, "%lld : i64", static_cast<long long>(v.asI64()));
      break;
    case ValType::F32:
      std::snprintf(buf, sizeof buf, "%g : f32", v.asF32());
      break;
    case ValType::F64:
      std::snprintf(buf, sizeof buf, "%g : f64", v.asF64());
      break;
    default:
      return v.toString();
  }
  return buf;
}

}  // namespace

Result<void> defineSpectest(Linker& linker, Store& store, SpectestPrintSink sink) {
  auto definePrint = [&](const char* name, std::vector<ValType> params) {
    HostFunction fn = [sink](std::span<const Value> args, std::span<Value>) -> Result<void> {
      if (!sink) return {};
      std::string line;
      for (const Value& a : args) {
        if (!line.empty()) line += ", ";
        line += formatValue(a);
      }
      sink(line);
      return {};
    };
    linker.define("spectest", name, Func::host(store, FuncType(params, {}), std::move(fn)));
  };
  definePrint("print", {});
  definePrint("print_i32", {ValType::I32});
  definePrint("print_i64", {ValType::I64});
  definePrint("print_f32", {ValType::F32});
  definePrint("print_f64", {ValType::F64});
  definePrint("print_i32_f32", {ValType::I32, ValType::F32});
  definePrint("print_f64_f64", {ValType::F64, ValType::F64});

  struct GlobalDef {
    const char* name;
    Value value;
  };
  const GlobalDef globals[] = {
      {"global_i32", Value::i32(666)},
      {"global_i64", Value::i64(666)},
      {"global_f32", Value::f32(666.6f)},
      {"global_f64", Value::f64(666.6)},
  };
  for (const GlobalDef& g : globals) {
    Result<GlobalVar> global = GlobalVar::create(store, GlobalType{g.value.type(), false}, g.value);
    if (!global) return global.error();
    linker.define("spectest", g.name, *global);
  }

  Result<Table> table = Table::create(store, TableType{ValType::FuncRef, Limits{10, 20, true}},
                                      Value::nullRef(ValType::FuncRef));
  if (!table) return table.error();
  linker.define("spectest", "table", *table);

  Result<Memory> memory = Memory::create(store, MemoryType{Limits{1, 2, true}});
  if (!memory) return memory.error();
  linker.define("spectest", "memory", *memory);
  return {};
}

}  // namespace sable
