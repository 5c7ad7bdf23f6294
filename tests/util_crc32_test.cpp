// CRC-32: the check value of the IEEE polynomial, running sums, and that one flipped bit shows.
#include <gtest/gtest.h>

#include <string>

#include "util/Crc32.h"

namespace gs {
namespace {

TEST(Crc32, CheckValueOfTheStandard) {
  EXPECT_EQ(crc32(std::string_view("123456789")), 0xCBF43926u);
  EXPECT_EQ(crc32(std::string_view("")), 0u);
  // PNG's IEND chunk: CRC over the type "IEND" is AE 42 60 82.
  EXPECT_EQ(crc32(std::string_view("IEND")), 0xAE426082u);
}

TEST(Crc32, RunningSumEqualsOneShot) {
  const std::string s = "ganscope session payload";
  EXPECT_EQ(crc32(std::string_view(s).substr(7), crc32(std::string_view(s).substr(0, 7))), crc32(s));
}

TEST(Crc32, AnyFlippedBitChangesIt) {
  std::string s(257, 'x');
  const uint32_t base = crc32(s);
  for (size_t i = 0; i < s.size(); i += 37)
    for (int b = 0; b < 8; ++b) {
      std::string t = s;
      t[i] = char(t[i] ^ (1 << b));
      EXPECT_NE(crc32(t), base) << "byte " << i << " bit " << b;
    }
}

}  // namespace
}  // namespace gs
