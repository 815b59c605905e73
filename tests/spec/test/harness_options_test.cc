#include "harness_options.h"

#include <gtest/gtest.h>

#include <vector>

namespace sable::spec {
namespace {

ParseResult<HarnessOptions> parse(std::vector<const char*> args) {
  return parseHarnessOptions(std::span<const char* const>(args.data(), args.size()));
}

TEST(HarnessOptionsTest, DefaultsWhenNoArguments) {
  auto options = parse({});
  ASSERT_TRUE(options.ok());
  EXPECT_FALSE(options->sharedDir.has_value());
  EXPECT_TRUE(options->filter.empty());
  EXPECT_FALSE(options->verbose);
  EXPECT_EQ(options->jobs, 0u);
  EXPECT_EQ(options->maxFailuresPerFile, 20u);
}

TEST(HarnessOptionsTest, ReadsSeparateAndAttachedValues) {
  auto options = parse({"--shared", "/data", "--filter=simd_", "--verbose", "--results", "out.json",
                        "--jobs", "3", "--strict", "--max-failures=5", "--cache", "/tmp/c",
                        "--wast2json=/opt/wast2json"});
  ASSERT_TRUE(options.ok()) << options.error();
  EXPECT_EQ(options->sharedDir, "/data");
  EXPECT_EQ(options->filter, "simd_");
  EXPECT_TRUE(options->verbose);
  EXPECT_EQ(options->resultsPath, "out.json");
  EXPECT_EQ(options->jobs, 3u);
  EXPECT_TRUE(options->strictErrorKinds);
  EXPECT_EQ(options->maxFailuresPerFile, 5u);
  EXPECT_EQ(options->cacheDir, "/tmp/c");
  EXPECT_EQ(options->wast2json, "/opt/wast2json");
}

TEST(HarnessOptionsTest, RejectsBadArguments) {
  EXPECT_FALSE(parse({"--filter"}).ok());
  EXPECT_FALSE(parse({"--jobs", "two"}).ok());
  EXPECT_FALSE(parse({"--verbose=yes"}).ok());
  EXPECT_FALSE(parse({"binary.wast"}).ok());
  EXPECT_FALSE(parse({"--sharedd", "x"}).ok());
}

TEST(HarnessOptionsTest, BoundsModeAndExcludedPrefixes) {
  auto defaults = parse({});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->boundsMode, MemoryBoundsMode::GuardPages);
  EXPECT_TRUE(defaults->excludePrefixes.empty());

  auto options =
      parse({"--bounds", "explicit", "--exclude-prefix", "simd_", "--exclude-prefix=table_"});
  ASSERT_TRUE(options.ok()) << options.error();
  EXPECT_EQ(options->boundsMode, MemoryBoundsMode::Explicit);
  EXPECT_EQ(options->excludePrefixes, (std::vector<std::string>{"simd_", "table_"}));
  EXPECT_EQ(parse({"--bounds=guard"})->boundsMode, MemoryBoundsMode::GuardPages);
  EXPECT_STREQ(boundsModeName(MemoryBoundsMode::Explicit), "explicit");

  EXPECT_FALSE(parse({"--bounds", "none"}).ok());
  EXPECT_FALSE(parse({"--bounds"}).ok());
  EXPECT_FALSE(parse({"--exclude-prefix="}).ok());
}

TEST(HarnessOptionsTest, ValidateOnlyPrefixes) {
  auto defaults = parse({});
  ASSERT_TRUE(defaults.ok());
  EXPECT_TRUE(defaults->validateOnlyPrefixes.empty());

  auto options = parse({"--validate-only-prefix", "simd_", "--validate-only-prefix=relaxed_",
                        "--exclude-prefix", "table_"});
  ASSERT_TRUE(options.ok()) << options.error();
  EXPECT_EQ(options->validateOnlyPrefixes, (std::vector<std::string>{"simd_", "relaxed_"}));
  // The two lists are independent.
  EXPECT_EQ(options->excludePrefixes, std::vector<std::string>{"table_"});

  EXPECT_FALSE(parse({"--validate-only-prefix"}).ok());
  EXPECT_FALSE(parse({"--validate-only-prefix="}).ok());
  EXPECT_FALSE(parse({"--validate-only-prefix", ""}).ok());
  EXPECT_NE(usageText("sable_spec").find("--validate-only-prefix P"), std::string::npos);
}

TEST(HarnessOptionsTest, SharedDirPrecedence) {
  EXPECT_EQ(resolveSharedDir(std::string("/flag"), "/env", "/built-in"), "/flag");
  EXPECT_EQ(resolveSharedDir(std::nullopt, "/env", "/built-in"), "/env");
  EXPECT_EQ(resolveSharedDir(std::nullopt, "", "/built-in"), "/built-in");
  EXPECT_EQ(resolveSharedDir(std::nullopt, nullptr, "/built-in"), "/built-in");
}

}  // namespace
}  // namespace sable::spec
