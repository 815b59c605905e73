// cm::Val shapes of wasi:keyvalue: byte values, results, and the store's error variant.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sable/component_val.h"
#include "sable/result.h"

namespace sable::kv {

// list<u8> holding `bytes`.
cm::Val bytesVal(std::string_view bytes);
// The bytes of a list<u8>.
std::string bytesOf(const cm::Val& list);
// The bytes of a list<u8> without a copy where it is compact (as lifted arguments are): a view
// of them, or of a copy made in `storage` for a list with a Val per byte.
std::string_view bytesView(const cm::Val& list, std::string& storage);
// option<list<u8>> of a stored value.
cm::Val optionalBytesVal(const std::optional<std::string>& value);
// option<list<u8>> taking a stored value over (no copy: get's result is not needed after).
cm::Val optionalBytesVal(std::optional<std::string>&& value);

// error::no-such-store / error::access-denied as an err.
cm::Val errCase(std::string_view caseName);
// error::other(message of `error`).
cm::Val otherError(const Error& error);
// error::other(message of `error`) as an err: how every store failure reaches the guest.
cm::Val errOther(const Error& error);

}  // namespace sable::kv
