// Interface name matching by canonversion.
#include "component/interface_names.h"

#include <charconv>

namespace sable::cm {
namespace {

// The canonversion of semver `v` ("1.2.3" -> "1", "0.2.6" -> "0.2", "0.0.3" -> "0.0.3"); a
// prerelease or build suffix keeps the whole version.
std::string_view canonVersion(std::string_view v) {
  if (v.find_first_of("-+") != std::string_view::npos) return v;
  size_t dot1 = v.find('.');
  if (dot1 == std::string_view::npos) return v;
  size_t dot2 = v.find('.', dot1 + 1);
  std::string_view major = v.substr(0, dot1);
  std::string_view minor =
      v.substr(dot1 + 1, dot2 == std::string_view::npos ? std::string_view::npos : dot2 - dot1 - 1);
  if (major != "0") return major;
  if (minor != "0") return v.substr(0, dot2);
  return v;
}

}  // namespace

bool interfaceNamesMatch(std::string_view defined, std::string_view wanted) {
  if (defined == wanted) return true;
  size_t a = defined.find('@');
  size_t b = wanted.find('@');
  if (a == std::string_view::npos || b == std::string_view::npos) return false;
  if (defined.substr(0, a) != wanted.substr(0, b)) return false;
  return canonVersion(defined.substr(a + 1)) == canonVersion(wanted.substr(b + 1));
}

}  // namespace sable::cm
