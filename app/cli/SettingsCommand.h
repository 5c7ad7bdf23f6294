// `ganscope settings`: every config key with its type, range or choices, default, whether it
// rebuilds a network, and help; then each objective's parameters. --markdown prints the
// same as the Markdown tables README.md embeds.
#pragma once

namespace gs {

struct SettingsOptions {
  bool markdown = false;
};

int runSettings(const SettingsOptions& options);

}  // namespace gs
