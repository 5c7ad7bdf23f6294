// Whole-file writes that never leave a half-written file: the text goes to
// <dir>/.tmp-<name> and is renamed over <dir>/<name> (rename is atomic on one filesystem).
#pragma once
#include <string>

namespace gs {

// Throws std::runtime_error naming the file when it cannot be written.
void writeFileAtomic(const std::string& path, const std::string& text);

}  // namespace gs
