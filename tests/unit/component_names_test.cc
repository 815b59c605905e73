// Component Model names: the cases of validation/kebab.wast, extern-names.wast and
// annotated-names.wast, plus canonversion splitting and strong uniqueness.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "component/format/names.h"

namespace sable::cm::names {
namespace {

bool parses(std::string_view name) { return parseExternName(name).ok(); }

std::string errorOf(std::string_view name) {
  auto r = parseExternName(name);
  return r.ok() ? std::string("(parsed)") : r.error().message;
}

TEST(ComponentNames, KebabLabelsFromTheExplainer) {
  for (std::string_view ok : {"a", "a-b-c", "a1-2-3", "A", "A-B-C", "A1-2-3", "a11-w0rds",
                              "A11-4CR0NYMS", "m1x3d-4CR0NYMS", "a11-B11-123-ABC-abc"}) {
    EXPECT_TRUE(isLabel(ok)) << ok;
  }
  for (std::string_view bad : {"", "1", "1-a", "a-", "a--", "-a", "aBc", "a_b", "a b", "é"}) {
    EXPECT_FALSE(isLabel(bad)) << bad;
  }
  EXPECT_TRUE(isWords("wasi-http"));
  EXPECT_FALSE(isWords("A"));
}

TEST(ComponentNames, PlainAndInterfaceNamesParse) {
  auto plain = parseExternName("get-JSON");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->kind, NameKind::Label);

  auto iface = parseExternName("ns-1-a:b-1-c/D-2@1.2.3-rc.1+build.5");
  ASSERT_TRUE(iface.ok()) << iface.error().message;
  EXPECT_EQ(iface->kind, NameKind::Interface);
  EXPECT_EQ(iface->nameSpace, "ns-1-a");
  EXPECT_EQ(iface->package, "b-1-c");
  EXPECT_EQ(iface->interface, "D-2");
  EXPECT_EQ(iface->version, "1.2.3-rc.1+build.5");

  for (std::string_view ok : {"wasi:http/types", "a-b:c-d/e-f@123456.7890.488", "a:b/c@0.0.0+abcd",
                              "a:b/c@0.0.0-abcd.1.2+efg.4.ee.5", "a:b/c@0.2", "a:b/c@1"}) {
    EXPECT_TRUE(parses(ok)) << ok << ": " << errorOf(ok);
  }
}

TEST(ComponentNames, BadNamesSayWhatIsWrong) {
  EXPECT_EQ(errorOf("aBc"), "`aBc` is not in kebab case");
  EXPECT_EQ(errorOf("wasi:http/TyPeS"), "`TyPeS` is not in kebab case");
  EXPECT_EQ(errorOf("WaSi:http/types"), "`WaSi` is not in kebab case");
  EXPECT_EQ(errorOf("wasi:HtTp/types"), "`HtTp` is not in kebab case");
  EXPECT_EQ(errorOf("wasi/http"), "`wasi/http` is not in kebab case");
  EXPECT_EQ(errorOf("wasi:"), "`` is not in kebab case");
  EXPECT_EQ(errorOf(":/"), "`` is not in kebab case");
  EXPECT_NE(errorOf("A:b/c").find("is not a valid extern name"), std::string::npos);
  EXPECT_NE(errorOf("ns:pkg-A/b").find("is not a valid extern name"), std::string::npos);
  EXPECT_NE(errorOf("foo:bar:baz/qux").find("expected `/` after package name"), std::string::npos);
  EXPECT_EQ(errorOf("foo:bar/baz/qux"), "trailing characters found: `/qux`");
}

TEST(ComponentNames, MalformedVersionsAreRejected) {
  EXPECT_NE(errorOf("a:b/c@").find("empty string"), std::string::npos);
  EXPECT_NE(errorOf("a:b/c@.").find("unexpected character '.'"), std::string::npos);
  EXPECT_NE(errorOf("a:b/c@1.").find("unexpected end of input"), std::string::npos);
  EXPECT_NE(errorOf("a:b/c@a.2").find("unexpected character 'a'"), std::string::npos);
  EXPECT_NE(errorOf("a:b/c@2.b").find("unexpected character 'b'"), std::string::npos);
  EXPECT_NE(errorOf("a:b/c@2.0x0").find("unexpected character 'x'"), std::string::npos);
  EXPECT_NE(errorOf("a:b/c@2.0.0+").find("empty identifier segment"), std::string::npos);
  EXPECT_NE(errorOf("a:b/c@2.0.0-").find("empty identifier segment"), std::string::npos);
  EXPECT_FALSE(parses("a:b/c@01.0.0"));
  EXPECT_FALSE(parses("a:b/c@1.0.0-01"));
  EXPECT_FALSE(parses("a:b/c@99999999999999999999.0.0"));
}

TEST(ComponentNames, AnnotatedNames) {
  auto ctor = parseExternName("[constructor]a");
  ASSERT_TRUE(ctor.ok());
  EXPECT_EQ(ctor->kind, NameKind::Constructor);
  EXPECT_EQ(ctor->resource, "a");
  auto method = parseExternName("[method]my-res.do-it");
  ASSERT_TRUE(method.ok());
  EXPECT_EQ(method->kind, NameKind::Method);
  EXPECT_EQ(method->resource, "my-res");
  EXPECT_EQ(method->label, "do-it");
  EXPECT_EQ(parseExternName("[static]a.b")->kind, NameKind::Static);

  EXPECT_NE(errorOf("[constructor]").find("not in kebab case"), std::string::npos);
  EXPECT_NE(errorOf("[method]").find("failed to find `.` character"), std::string::npos);
  EXPECT_NE(errorOf("[static]a").find("failed to find `.` character"), std::string::npos);
  for (std::string_view bad : {"[method]a.", "[method].a", "[method]a.b.c", "[static]a.b.c",
                               "[async]f", "[constructor]a.b"}) {
    EXPECT_NE(errorOf(bad).find("not in kebab case"), std::string::npos) << bad;
  }
}

TEST(ComponentNames, CanonVersionSplitsAtTheFirstNonzeroPart) {
  auto split = [](std::string_view v) {
    auto s = splitCanonVersion(v);
    return s.ok() ? std::string(s->canon) + "|" + std::string(s->suffix) : std::string("error");
  };
  EXPECT_EQ(split("1.2.3"), "1|.2.3");
  EXPECT_EQ(split("0.2.6"), "0.2|.6");
  EXPECT_EQ(split("0.2.6-rc.1"), "0.2|.6-rc.1");
  EXPECT_EQ(split("0.0.1"), "0.0.1|");
  EXPECT_EQ(split("0.0.1-alpha"), "0.0.1|-alpha");
  EXPECT_EQ(split("0.0.0+b"), "0.0.0|+b");
  EXPECT_EQ(split("0.2"), "0.2|");
  EXPECT_EQ(split("1.x"), "error");

  EXPECT_TRUE(isCanonVersion("1"));
  EXPECT_TRUE(isCanonVersion("0.2"));
  EXPECT_TRUE(isCanonVersion("0.0.1"));
  EXPECT_TRUE(isCanonVersion("0.0.0"));
  EXPECT_FALSE(isCanonVersion("0"));
  EXPECT_FALSE(isCanonVersion("0.0"));
  EXPECT_FALSE(isCanonVersion("1.2"));
  EXPECT_FALSE(isCanonVersion("01"));
  EXPECT_FALSE(isCanonVersion("0.2.6"));

  EXPECT_EQ(canonicalName(*parseExternName("wasi:io/streams@0.2.6")), "wasi:io/streams@0.2");
  EXPECT_EQ(canonicalName(*parseExternName("wasi:io/streams@0.2.0")), "wasi:io/streams@0.2");
  EXPECT_EQ(canonicalName(*parseExternName("a:b/c@1.2.3")), "a:b/c@1");
  EXPECT_EQ(canonicalName(*parseExternName("a:b/c")), "a:b/c");
  EXPECT_EQ(canonicalName(*parseExternName("run")), "run");
}

TEST(ComponentNames, VersionSuffixNeedsACanonicalVersion) {
  EXPECT_TRUE(checkVersionSuffix(*parseExternName("wasi:io/streams@0.2"), ".6").ok());
  EXPECT_TRUE(checkVersionSuffix(*parseExternName("a:b/c@1"), ".2.3-rc+b").ok());
  EXPECT_FALSE(checkVersionSuffix(*parseExternName("a:b/c@1.2.3"), "").ok());
  EXPECT_FALSE(checkVersionSuffix(*parseExternName("a:b/c"), ".1").ok());
  EXPECT_FALSE(checkVersionSuffix(*parseExternName("plain"), ".1").ok());
  EXPECT_FALSE(checkVersionSuffix(*parseExternName("a:b/c@0.2"), "x").ok());
  // The suffix must not move the canonical point: 0.2 + ".0.1" would be 0.2.0.1.
  EXPECT_FALSE(checkVersionSuffix(*parseExternName("a:b/c@0.2"), ".0.1").ok());
}

TEST(ComponentNames, StrongUniquenessFollowsTheExplainer) {
  UniqueNames names("import");
  for (std::string_view n :
       {"foo", "foo-bar", "[constructor]foo", "[method]foo.bar", "[static]foo.baz", "foo:bar/baz",
        "wasi:http/types@1.0.0", "wasi:http/types@2.0.0", "wasi:http/types"}) {
    auto r = names.add(*parseExternName(n));
    EXPECT_TRUE(r.ok()) << n << ": " << r.error().message;
  }
  for (std::string_view n : {"foo", "FOO", "foo-BAR", "[constructor]FOO", "[method]foo.BAR",
                             "[static]foo.bar", "[method]foo.baz", "[method]foo.foo",
                             "[static]foo-BAR.FOO-bar", "foo:bar/BAZ", "wasi:http/types@1.0.0"}) {
    EXPECT_FALSE(names.add(*parseExternName(n)).ok()) << n;
  }
  UniqueNames exports("export");
  ASSERT_TRUE(exports.add(*parseExternName("a")).ok());
  auto clash = exports.add(*parseExternName("A"));
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().message, "export name `A` conflicts with previous name `a`");
  EXPECT_EQ(clash.error().kind, ErrorKind::Invalid);
}

TEST(ComponentNames, InterfaceNamesForImplements) {
  EXPECT_TRUE(parseInterfaceName("a:b/c@1.0.0").ok());
  EXPECT_NE(parseInterfaceName("not-valid").error().message.find("must be an interface"),
            std::string::npos);
  EXPECT_NE(parseInterfaceName("").error().message.find("not a valid name"), std::string::npos);
}

TEST(ComponentNames, LabelsInTypesAreKebabAndUnique) {
  EXPECT_TRUE(checkUniqueLabels({"a", "b-c", "D"}, "field").ok());
  EXPECT_FALSE(checkUniqueLabels({"a", "A"}, "field").ok());
  EXPECT_FALSE(checkUniqueLabels({"a", "x_y"}, "case").ok());
  EXPECT_FALSE(checkUniqueLabels({""}, "flag").ok());
}

}  // namespace
}  // namespace sable::cm::names
