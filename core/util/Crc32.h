// CRC-32 (IEEE 802.3, the polynomial of PNG and zlib): guards session files against truncation
// and flipped bytes, and checksums the PNG text chunks that carry a screenshot's config.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace gs {

// crc32("123456789") == 0xCBF43926. Pass the previous result as `crc` to continue a running sum.
uint32_t crc32(const void* data, size_t size, uint32_t crc = 0);
inline uint32_t crc32(std::string_view s, uint32_t crc = 0) { return crc32(s.data(), s.size(), crc); }

}  // namespace gs
