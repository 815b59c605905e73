// The `component-name` custom section (Binary.md "Name Section"): the component's own name
// and the names of entries of its index spaces, which wit-component and wac write (`store`,
// `logger`, `main`, `indirect-example:kv/kv-store-get`). Tools (`sable inspect`) and messages
// read them; nothing semantic depends on them.
#pragma once

#include "component/format/component_def.h"
#include "component/format/decoder.h"
#include "component/format/decoder_impl.h"
#include "core/binary_reader.h"

namespace sable::cm::format {

// Reads the section's payload (just past its "component-name" name) from `r` into `def.name`
// and `def.sortNames`. The section is advisory: a malformed subsection is skipped or ends the
// reading, never an error, and what was read before it is kept.
void readComponentNames(Decoder& d, BinaryReader& r, ComponentDef& def);

}  // namespace sable::cm::format
