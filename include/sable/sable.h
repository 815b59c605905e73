// The whole embedding API in one include.
#pragma once

#include "sable/engine.h"
#include "sable/extern.h"
#include "sable/func.h"
#include "sable/global_var.h"
#include "sable/instance.h"
#include "sable/linker.h"
#include "sable/memory.h"
#include "sable/module.h"
#include "sable/module_info.h"
#include "sable/result.h"
#include "sable/store.h"
#include "sable/table.h"
#include "sable/trap.h"
#include "sable/types.h"
#include "sable/value.h"
#include "sable/wasi.h"
