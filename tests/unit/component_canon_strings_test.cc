// Strings across the canonical ABI: each encoding, the spec's realloc sequences (observed by
// the module's realloc log) and every string trap.
#include <gtest/gtest.h>

#include "component/canon/strings.h"
#include "component_canon_fixture.h"

namespace sable::canon::test {
namespace {

class ComponentCanonStrings : public CanonTest {
 protected:
  Result<std::pair<uint32_t, uint32_t>> storeText(std::string_view text,
                                                  TrapStyle style = TrapStyle::Host) {
    LiftLowerContext cx = context(style);
    return storeStringIntoRange(cx, text);
  }
  Result<std::string> loadText(uint32_t ptr, uint32_t units, TrapStyle style = TrapStyle::Host) {
    LiftLowerContext cx = context(style);
    return loadStringFromRange(cx, ptr, units);
  }
  std::vector<uint8_t> memAt(uint32_t ptr, size_t n) {
    return {bytes().begin() + ptr, bytes().begin() + ptr + n};
  }
};

TEST_F(ComponentCanonStrings, Utf8ToUtf8IsOneExactAllocationAndACopy) {
  auto stored = storeText("h\xC3\xA9llo");
  ASSERT_TRUE(stored.ok()) << errorOf(stored);
  EXPECT_EQ(reallocLog(), (std::vector<ReallocCall>{{0, 0, 1, 6}}));
  EXPECT_EQ(stored->first, kHeapStart);
  EXPECT_EQ(stored->second, 6u);
  EXPECT_EQ(memAt(kHeapStart, 6), (std::vector<uint8_t>{'h', 0xC3, 0xA9, 'l', 'l', 'o'}));
}

TEST_F(ComponentCanonStrings, Utf8ToUtf16AllocatesTheWorstCaseThenShrinks) {
  opts.encoding = StringEncoding::Utf16;
  auto stored = storeText("h\xC3\xA9");  // 3 bytes, 2 code units
  ASSERT_TRUE(stored.ok()) << errorOf(stored);
  EXPECT_EQ(reallocLog(), (std::vector<ReallocCall>{{0, 0, 2, 6}, {kHeapStart, 6, 2, 4}}));
  EXPECT_EQ(stored->second, 2u);
  EXPECT_EQ(memAt(stored->first, 4), (std::vector<uint8_t>{'h', 0, 0xE9, 0}));
}

TEST_F(ComponentCanonStrings, Utf8ToUtf16WithNoShrinkingNeededReallocatesOnce) {
  opts.encoding = StringEncoding::Utf16;
  auto stored = storeText("ab");
  ASSERT_TRUE(stored.ok()) << errorOf(stored);
  EXPECT_EQ(reallocLog(), (std::vector<ReallocCall>{{0, 0, 2, 4}}));
}

TEST_F(ComponentCanonStrings, Latin1OrUtf16StaysLatin1AndShrinks) {
  opts.encoding = StringEncoding::Latin1Utf16;
  auto stored = storeText("h\xC3\xA9");  // fits Latin-1: 2 bytes out of 3 source units
  ASSERT_TRUE(stored.ok()) << errorOf(stored);
  EXPECT_EQ(reallocLog(), (std::vector<ReallocCall>{{0, 0, 2, 3}, {kHeapStart, 3, 2, 2}}));
  EXPECT_EQ(stored->second, 2u);  // no UTF-16 tag
  EXPECT_EQ(memAt(stored->first, 2), (std::vector<uint8_t>{'h', 0xE9}));
}

TEST_F(ComponentCanonStrings, Latin1OrUtf16InflatesInPlaceOnTheFirstWideCodePoint) {
  opts.encoding = StringEncoding::Latin1Utf16;
  auto stored = storeText("a\xE2\x98\x83");  // "a☃": 4 source units, 2 UTF-16 code units
  ASSERT_TRUE(stored.ok()) << errorOf(stored);
  EXPECT_EQ(reallocLog(),
            (std::vector<ReallocCall>{{0, 0, 2, 4}, {kHeapStart, 4, 2, 8}, {kHeapStart, 8, 2, 4}}));
  EXPECT_EQ(stored->second, 2u | kUtf16Tag);
  EXPECT_EQ(memAt(stored->first, 4), (std::vector<uint8_t>{'a', 0, 0x03, 0x26}));
}

TEST_F(ComponentCanonStrings, LoadsEachEncoding) {
  const uint8_t utf16[] = {'h', 0, 0x3D, 0xD8, 0x00, 0xDE};  // "h😀"
  writeBytes(kArgArea, utf16);
  opts.encoding = StringEncoding::Utf16;
  EXPECT_EQ(*loadText(kArgArea, 3), "h\xF0\x9F\x98\x80");
  opts.encoding = StringEncoding::Latin1Utf16;
  EXPECT_EQ(*loadText(kArgArea, 3 | kUtf16Tag), "h\xF0\x9F\x98\x80");
  const uint8_t latin1[] = {'h', 0xE9};
  writeBytes(kArgArea, latin1);
  EXPECT_EQ(*loadText(kArgArea, 2), "h\xC3\xA9");
}

TEST_F(ComponentCanonStrings, InvalidUtf8Traps) {
  const uint8_t bad[] = {'o', 'k', 0xFF};
  writeBytes(kArgArea, bad);
  auto r = loadText(kArgArea, 3);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().message, "invalid utf-8 sequence of 1 bytes from index 2");
  const uint8_t cut[] = {'o', 0xE2, 0x98};
  writeBytes(kArgArea, cut);
  EXPECT_EQ(errorOf(loadText(kArgArea, 3)), "incomplete utf-8 byte sequence from index 1");
  const uint8_t surrogate[] = {0xED, 0xA0, 0x80};
  writeBytes(kArgArea, surrogate);
  EXPECT_EQ(errorOf(loadText(kArgArea, 3)), "invalid utf-8 sequence of 1 bytes from index 0");
}

TEST_F(ComponentCanonStrings, UnpairedUtf16SurrogateTraps) {
  const uint8_t lone[] = {0x00, 0xD8, 'a', 0};
  writeBytes(kArgArea, lone);
  opts.encoding = StringEncoding::Utf16;
  EXPECT_NE(errorOf(loadText(kArgArea, 2)).find("invalid utf-16"), std::string::npos);
}

TEST_F(ComponentCanonStrings, OutOfBoundsTrapsInTheHostAndAdapterWording) {
  EXPECT_EQ(errorOf(loadText(0xdeadbeef, 0)), "string pointer/length out of bounds of memory");
  EXPECT_EQ(errorOf(loadText(65535, 2)), "string pointer/length out of bounds of memory");
  EXPECT_EQ(errorOf(loadText(65535, 2, TrapStyle::Adapter)),
            "wasm trap: string content out-of-bounds");
  EXPECT_TRUE(loadText(65535, 1).ok());
}

TEST_F(ComponentCanonStrings, MisalignedUtf16AndLatin1Utf16Trap) {
  opts.encoding = StringEncoding::Utf16;
  EXPECT_EQ(errorOf(loadText(kArgArea + 1, 0)), "unaligned pointer");
  opts.encoding = StringEncoding::Latin1Utf16;
  EXPECT_EQ(errorOf(loadText(kArgArea + 1, 0)), "unaligned pointer");
  EXPECT_EQ(errorOf(loadText(kArgArea + 1, kUtf16Tag)), "unaligned pointer");
}

TEST_F(ComponentCanonStrings, TooLongTraps) {
  EXPECT_EQ(errorOf(loadText(0, uint32_t{1} << 28)), "string byte length exceeds 2^28 - 1");
  opts.encoding = StringEncoding::Utf16;
  EXPECT_EQ(errorOf(loadText(0, uint32_t{1} << 27)), "string byte length exceeds 2^28 - 1");
}

TEST_F(ComponentCanonStrings, BadReallocResultsTrap) {
  opts.encoding = StringEncoding::Utf16;
  setReallocOverride(1);
  EXPECT_EQ(errorOf(storeText("x")), "realloc return: result not aligned");
  EXPECT_EQ(errorOf(storeText("x", TrapStyle::Adapter)), "wasm trap: unaligned pointer");
  setReallocOverride(65534);
  EXPECT_EQ(errorOf(storeText("xy")), "realloc return: beyond end of memory");
  EXPECT_EQ(errorOf(storeText("xy", TrapStyle::Adapter)),
            "wasm trap: string content out-of-bounds");
}

TEST_F(ComponentCanonStrings, ReallocRunsWithMayLeaveCleared) {
  // A realloc that is a host function sees the instance's flag while it runs.
  std::vector<bool> seen;
  const ValType i32x4[] = {ValType::I32, ValType::I32, ValType::I32, ValType::I32};
  const ValType i32[] = {ValType::I32};
  Func realloc = Func::host(store, FuncType(i32x4, i32),
                            [&](std::span<const Value>, std::span<Value> results) {
                              seen.push_back(inst.mayLeave);
                              results[0] = Value::i32(static_cast<int32_t>(kHeapStart));
                              return Result<void>();
                            });
  opts.realloc = *realloc.typed<canon::ReallocSignature>(store);
  ASSERT_TRUE(storeText("abc").ok());
  EXPECT_EQ(seen, std::vector<bool>{false});
  EXPECT_TRUE(inst.mayLeave);  // restored afterwards
}

TEST_F(ComponentCanonStrings, HostTextThatIsNotUtf8IsAUsageError) {
  auto r = storeText("\xFF");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Usage);
  EXPECT_TRUE(reallocLog().empty());
}

}  // namespace
}  // namespace sable::canon::test
