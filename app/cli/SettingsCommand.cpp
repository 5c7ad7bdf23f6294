#include "cli/SettingsCommand.h"

#include <cstdio>
#include <string>

#include "config/Settings.h"

namespace gs {

int runSettings(const SettingsOptions& options) {
  const std::string text = options.markdown ? settingsMarkdown() : settingsText();
  std::fwrite(text.data(), 1, text.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace gs
