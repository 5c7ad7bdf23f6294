// Saved sessions: a run's config, preset name, trainer state (Trainer::saveState) and curve
// history in one versioned, checksummed file. Opening one and training on gives the numbers
// of never having stopped.
//
// Layout: the magic line "GANSCOPE SESSION\n", the format version (u32), the payload length
// (u64), the payload (config as JSON text, preset name, trainer state, history rows; see
// util/ByteStream.h for the encoding) and the CRC-32 of everything before it (u32), all
// little endian. A damaged file is refused whole: ConfigError "<file>: <reason>".
#pragma once
#include <string>

#include "config/Config.h"
#include "train/History.h"

namespace gs {

constexpr unsigned kSessionFormatVersion = 1;
inline constexpr const char* kSessionExtension = ".gsession";

struct SessionData {
  Config config;
  std::string presetName;    // "" when the run did not start from a preset
  std::string trainerState;  // Trainer<float>::saveState()
  History history;
};

std::string encodeSession(const SessionData& data);
// sourceName names the bytes in errors (the file path). Throws ConfigError "<source>: <reason>".
SessionData decodeSession(const std::string& bytes, const std::string& sourceName);

// Atomic (temp + rename): an existing file survives a failed write. Throws ConfigError naming the file.
void writeSessionFile(const std::string& path, const SessionData& data);
SessionData readSessionFile(const std::string& path);

}  // namespace gs
