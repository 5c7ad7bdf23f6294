// PNG text chunks (core/util/PngText.h): inserted after IHDR, read back byte for byte, tEXt for
// ASCII and iTXt for UTF-8, damaged or cut-short files refused with the chunk named.
#include "TinyPng.h"
#include "util/PngText.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "util/Crc32.h"

namespace gs::test {
namespace {

// The chunk types in file order.
std::vector<std::string> chunkTypes(const std::string& png) {
  std::vector<std::string> types;
  for (size_t at = 8; at + 12 <= png.size();) {
    const uint32_t len = uint32_t(uint8_t(png[at])) << 24 | uint32_t(uint8_t(png[at + 1])) << 16 |
                         uint32_t(uint8_t(png[at + 2])) << 8 | uint8_t(png[at + 3]);
    types.push_back(png.substr(at + 4, 4));
    at += 12 + len;
  }
  return types;
}

TEST(PngText, RoundTripAfterIhdr) {
  const std::string json = "{\"title\": \"WGAN-GP — ring of 8, σ = 0.02\", \"seed\": 3}";
  const std::vector<PngText> in = {{"Software", "ganscope 0.1.0"}, {"ganscope:config", json}, {"empty", ""}};
  const std::string png = pngInsertText(tinyPng(), in);
  EXPECT_EQ(chunkTypes(png), (std::vector<std::string>{"IHDR", "tEXt", "iTXt", "tEXt", "IDAT", "IEND"}));
  const auto out = pngReadText(png);
  ASSERT_EQ(out.size(), 3u);
  for (size_t i = 0; i < in.size(); ++i) {
    EXPECT_EQ(out[i].keyword, in[i].keyword);
    EXPECT_EQ(out[i].text, in[i].text);
  }
  ASSERT_NE(findPngText(out, "ganscope:config"), nullptr);
  EXPECT_EQ(*findPngText(out, "ganscope:config"), json);
  EXPECT_EQ(findPngText(out, "ganscope:seed"), nullptr);
  // The image itself is untouched: removing the inserted chunks gives the original bytes.
  const std::string original = tinyPng();
  EXPECT_EQ(png.substr(0, 33), original.substr(0, 33));
  EXPECT_EQ(png.substr(png.size() - (original.size() - 33)), original.substr(33));
  EXPECT_TRUE(pngReadText(original).empty());
}

TEST(PngText, DamagedChunkIsRefusedNamingIt) {
  std::string png = pngInsertText(tinyPng(), {{"ganscope:config", "{\"a\": 1}"}});
  const size_t at = png.find("{\"a\"");
  ASSERT_NE(at, std::string::npos);
  png[at + 2] = 'b';  // the text changes, its CRC does not
  try {
    pngReadText(png);
    FAIL() << "a damaged chunk was read";
  } catch (const PngFormatError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("ganscope:config"), std::string::npos) << m;
    EXPECT_NE(m.find("CRC"), std::string::npos) << m;
  }
}

TEST(PngText, CutShortAndForeignFilesAreRefused) {
  const std::string png = pngInsertText(tinyPng(), {{"k", "some text here"}});
  EXPECT_THROW(pngReadText(png.substr(0, png.find("some") + 2)), PngFormatError);
  EXPECT_THROW(pngReadText(png.substr(0, 40)), PngFormatError);
  EXPECT_THROW(pngReadText("{\"not\": \"a png\"}"), PngFormatError);
  EXPECT_THROW(pngInsertText("GIF89a....", {{"k", "v"}}), PngFormatError);
  EXPECT_FALSE(isPng("\x89PNG"));
  EXPECT_TRUE(isPng(png));
}

TEST(PngText, KeywordsFollowThePngRules) {
  for (const std::string& bad :
       std::vector<std::string>{"", " lead", "trail ", "two  spaces", std::string(80, 'k'), std::string("nul\0", 4)})
    EXPECT_THROW(pngInsertText(tinyPng(), {{bad, "v"}}), std::invalid_argument) << "'" << bad << "'";
  EXPECT_NO_THROW(pngInsertText(tinyPng(), {{std::string(79, 'k'), "v"}, {"one space", "v"}}));
}

}  // namespace
}  // namespace gs::test
