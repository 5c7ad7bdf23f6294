// PNG text chunks (see PngText.h). Chunk layout: 4-byte big-endian length, 4-byte type, data,
// CRC-32 of type and data.
#include "util/PngText.h"

#include <cstdint>
#include <cstring>

#include "util/Crc32.h"

namespace gs {

namespace {

constexpr char kSignature[] = "\x89PNG\r\n\x1a\n";
constexpr size_t kSignatureSize = 8;

uint32_t readU32(std::string_view s, size_t at) {
  auto b = [&](size_t i) { return uint32_t(uint8_t(s[at + i])); };
  return b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
}

void putU32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(char((v >> shift) & 0xFFu));
}

void checkKeyword(const std::string& k) {
  if (k.empty() || k.size() > 79)
    throw std::invalid_argument("PNG text keyword '" + k + "' must have 1 to 79 characters");
  for (size_t i = 0; i < k.size(); ++i) {
    const auto c = uint8_t(k[i]);
    if (!((c >= 32 && c <= 126) || c >= 161))
      throw std::invalid_argument("PNG text keyword '" + k + "' has a character PNG does not allow");
    if (c == ' ' && (i == 0 || i + 1 == k.size() || k[i + 1] == ' '))
      throw std::invalid_argument("PNG text keyword '" + k + "' has a leading, trailing or double space");
  }
}

bool plainAscii(const std::string& s) {
  for (char c : s)
    if (uint8_t(c) >= 128 || c == '\0') return false;
  return true;
}

std::string chunk(const char* type, const std::string& data) {
  std::string out;
  putU32(out, uint32_t(data.size()));
  const size_t typeAt = out.size();
  out.append(type, 4);
  out += data;
  putU32(out, crc32(std::string_view(out).substr(typeAt)));
  return out;
}

std::string textChunk(const PngText& t) {
  checkKeyword(t.keyword);
  if (plainAscii(t.text)) return chunk("tEXt", t.keyword + '\0' + t.text);
  // iTXt: keyword, NUL, compression flag 0, method 0, empty language tag, NUL, empty
  // translated keyword, NUL, UTF-8 text.
  std::string data = t.keyword;
  data += std::string("\0\0\0\0\0", 5);
  data += t.text;
  return chunk("iTXt", data);
}

}  // namespace

bool isPng(std::string_view bytes) {
  return bytes.size() >= kSignatureSize && std::memcmp(bytes.data(), kSignature, kSignatureSize) == 0;
}

std::string pngInsertText(std::string_view png, const std::vector<PngText>& chunks) {
  if (!isPng(png)) throw PngFormatError("not a PNG file (no PNG signature)");
  // IHDR is the first chunk and always 13 bytes: 8 + 13 + 4 bytes after its length.
  if (png.size() < kSignatureSize + 25 || png.substr(kSignatureSize + 4, 4) != "IHDR" ||
      readU32(png, kSignatureSize) != 13)
    throw PngFormatError("PNG without an IHDR chunk first");
  const size_t afterIhdr = kSignatureSize + 25;
  std::string out(png.substr(0, afterIhdr));
  for (auto& t : chunks) out += textChunk(t);
  out += png.substr(afterIhdr);
  return out;
}

std::vector<PngText> pngReadText(std::string_view png) {
  if (!isPng(png)) throw PngFormatError("not a PNG file (no PNG signature)");
  std::vector<PngText> out;
  size_t at = kSignatureSize;
  while (at < png.size()) {
    if (png.size() - at < 12) throw PngFormatError("cut short inside a chunk header at byte " + std::to_string(at));
    const uint32_t length = readU32(png, at);
    const std::string type(png.substr(at + 4, 4));
    if (length > png.size() - at - 12)
      throw PngFormatError("cut short: chunk '" + type + "' at byte " + std::to_string(at) + " needs " +
                           std::to_string(length) + " bytes");
    const std::string_view data = png.substr(at + 8, length);
    if (type == "tEXt" || type == "iTXt") {
      const uint32_t stored = readU32(png, at + 8 + length);
      const size_t nul = data.find('\0');
      const std::string keyword(data.substr(0, nul == std::string_view::npos ? 0 : nul));
      const std::string name = type + " chunk" + (keyword.empty() ? "" : " '" + keyword + "'");
      if (crc32(png.substr(at + 4, 4 + length)) != stored)
        throw PngFormatError(name + " at byte " + std::to_string(at) + " is damaged (CRC mismatch)");
      if (nul == std::string_view::npos || nul == 0) throw PngFormatError(name + " has no keyword");
      if (type == "tEXt") {
        out.push_back({keyword, std::string(data.substr(nul + 1))});
      } else {
        // flag, method, language tag NUL, translated keyword NUL, text
        if (data.size() < nul + 3) throw PngFormatError(name + " is cut short");
        const bool compressed = data[nul + 1] != '\0';
        const size_t lang = data.find('\0', nul + 3);
        const size_t translated = lang == std::string_view::npos ? lang : data.find('\0', lang + 1);
        if (translated == std::string_view::npos) throw PngFormatError(name + " is cut short");
        if (!compressed) out.push_back({keyword, std::string(data.substr(translated + 1))});
      }
    }
    at += 12 + size_t(length);
    if (type == "IEND") break;
  }
  return out;
}

const std::string* findPngText(const std::vector<PngText>& chunks, const std::string& keyword) {
  for (auto& c : chunks)
    if (c.keyword == keyword) return &c.text;
  return nullptr;
}

}  // namespace gs
