// Imports and exports of a component (cm::ItemType) as `sable validate` and `sable inspect`
// print them: one indented line per item, or JSON objects.
#pragma once

#include <ostream>
#include <vector>

#include "json_output.h"
#include "sable/component.h"

namespace sable::cli {

// "<indent>name: func(key: string) -> option<string>" (a func or type) or "<indent>name:
// instance", with an instance's or component's members indented two more below. Names and
// types are escaped.
void printItem(std::ostream& out, const cm::ItemType& item, int indent);

// {"name", "kind", "type"} and, when it has any, "members".
Json itemJson(const cm::ItemType& item);

// The items as a JSON array of itemJson objects.
Json itemsJson(const std::vector<cm::ItemType>& items);

}  // namespace sable::cli
