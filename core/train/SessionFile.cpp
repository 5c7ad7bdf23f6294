// Session files (see SessionFile.h).
#include "train/SessionFile.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/AtomicFile.h"
#include "util/ByteStream.h"
#include "util/Crc32.h"
#include "util/Error.h"

namespace gs {

namespace {

constexpr std::string_view kMagic = "GANSCOPE SESSION\n";
constexpr size_t kHeader = kMagic.size() + 4 + 8;  // magic, version, payload length
constexpr size_t kTrailer = 4;                     // CRC-32

ConfigError fail(const std::string& source, const std::string& reason) { return ConfigError(source + ": " + reason); }

}  // namespace

std::string encodeSession(const SessionData& data) {
  ByteWriter payload;
  payload.str(configToJson(data.config).dump());
  payload.str(data.presetName);
  payload.str(data.trainerState);
  data.history.write(payload);

  ByteWriter out;
  for (char c : kMagic) out.u8(uint8_t(c));
  out.u32(kSessionFormatVersion);
  out.u64(payload.bytes().size());
  std::string bytes = out.take() + payload.bytes();
  ByteWriter crc;
  crc.u32(crc32(bytes));
  return bytes + crc.bytes();
}

SessionData decodeSession(const std::string& bytes, const std::string& source) {
  const size_t n = bytes.size();
  const size_t magicPart = std::min(n, kMagic.size());
  if (n == 0) throw fail(source, "empty file: not a ganscope session");
  if (bytes.compare(0, magicPart, kMagic.substr(0, magicPart)) != 0) throw fail(source, "not a ganscope session");
  if (n < kHeader)
    throw fail(source,
               "truncated (" + std::to_string(n) + " of at least " + std::to_string(kHeader + kTrailer) + " bytes)");
  ByteReader header(std::string_view(bytes).substr(kMagic.size(), 12), source);
  const uint32_t version = header.u32();
  const uint64_t length = header.u64();
  if (version > kSessionFormatVersion)
    throw fail(source, "format version " + std::to_string(version) + " is newer than this ganscope (reads " +
                           std::to_string(kSessionFormatVersion) + ")");
  if (version == 0) throw fail(source, "format version 0 does not exist: the file is corrupt");
  const uint64_t total = kHeader + length + kTrailer;
  if (length > (uint64_t(1) << 40) || n < total)
    throw fail(source, "truncated (" + std::to_string(n) + " of " + std::to_string(total) + " bytes)");
  if (n > total)
    throw fail(source, std::to_string(n - total) + " unexpected byte(s) after the end: the file is corrupt");
  ByteReader trailer(std::string_view(bytes).substr(n - kTrailer), source);
  if (trailer.u32() != crc32(std::string_view(bytes).substr(0, n - kTrailer)))
    throw fail(source, "checksum mismatch: the file is corrupt");

  ByteReader r(std::string_view(bytes).substr(kHeader, length), source);
  SessionData d;
  const std::string json = r.str();
  try {
    d.config = configFromJson(nlohmann::json::parse(json));
  } catch (const nlohmann::json::exception& e) {
    throw fail(source, std::string("the saved config is not valid JSON: ") + e.what());
  } catch (const ConfigError& e) { throw fail(source, std::string("the saved config: ") + e.what()); }
  d.presetName = r.str();
  d.trainerState = r.str();
  d.history = History::read(r);
  r.expectEnd();
  return d;
}

void writeSessionFile(const std::string& path, const SessionData& data) {
  const std::string bytes = encodeSession(data);
  try {
    writeFileAtomic(path, bytes);
  } catch (const std::runtime_error& e) { throw ConfigError(e.what()); }
}

SessionData readSessionFile(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) throw fail(path, "no such file");
  if (fs::is_directory(path, ec)) throw fail(path, "it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw fail(path, std::string("cannot read: ") + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw fail(path, "read error");
  return decodeSession(ss.str(), path);
}

}  // namespace gs
