#include "cli/PresetsCommand.h"

#include <algorithm>
#include <cstdio>

#include "config/Config.h"

namespace gs {

int runPresets() {
  const auto presets = listPresets();
  if (presets.empty()) {
    std::fprintf(stderr, "ganscope: error: no presets found (looked next to the binary and in the source tree)\n");
    return 2;
  }
  size_t width = 0;
  for (auto& p : presets) width = std::max(width, p.name.size());
  int status = 0;
  for (auto& p : presets) {
    if (!p.error.empty()) {
      std::printf("%-*s  BROKEN: %s\n", int(width), p.name.c_str(), p.error.c_str());
      status = 2;
      continue;
    }
    std::printf("%-*s  %s \u2014 %s\n", int(width), p.name.c_str(), p.title.c_str(), firstSentence(p.note).c_str());
  }
  return status;
}

}  // namespace gs
