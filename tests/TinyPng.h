// A valid 1x1 RGBA PNG built by hand (IDAT: a zlib stream with one stored block), and its
// chunk writer: for the PNG text-chunk tests, which must not depend on the encoder they check.
#pragma once
#include <cstdint>
#include <string>

#include "util/Crc32.h"

namespace gs::test {

inline void putU32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(char((v >> shift) & 0xFFu));
}

inline std::string pngChunk(const std::string& type, const std::string& data) {
  std::string out;
  putU32(out, uint32_t(data.size()));
  out += type + data;
  putU32(out, crc32(type + data));
  return out;
}

inline std::string tinyPng() {
  std::string ihdr;
  putU32(ihdr, 1);
  putU32(ihdr, 1);
  ihdr += std::string("\x08\x06\x00\x00\x00", 5);    // 8 bits, RGBA, deflate, no filter, no interlace
  const std::string raw("\x00\x10\x20\x30\xff", 5);  // filter 0, one pixel
  uint32_t a = 1, b = 0;
  for (char c : raw) a = (a + uint8_t(c)) % 65521, b = (b + a) % 65521;
  std::string z("\x78\x01\x01\x05\x00\xfa\xff", 7);
  z += raw;
  putU32(z, b << 16 | a);
  return std::string("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) + pngChunk("IDAT", z) + pngChunk("IEND", "");
}

}  // namespace gs::test
