// PNG text chunks at the byte level (no image library): a screenshot carries its run's preset,
// iteration, seed and full config as text, and `--config shot.png` reads the config back.
// Text that is plain ASCII is written as tEXt, anything else as uncompressed iTXt (UTF-8).
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gs {

struct PngText {
  std::string keyword;  // 1-79 printable Latin-1 characters, no leading, trailing or double spaces
  std::string text;     // UTF-8
};

// A file that is not a PNG, is cut short or has a damaged text chunk; the message names the
// chunk and the reason, not the file (the caller knows it).
struct PngFormatError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// True when the bytes start with the PNG signature.
bool isPng(std::string_view bytes);

// The PNG with the chunks inserted right after IHDR, in order. Throws PngFormatError when `png`
// does not start with a signature and an IHDR chunk, std::invalid_argument for a bad keyword.
std::string pngInsertText(std::string_view png, const std::vector<PngText>& chunks);

// Every tEXt and uncompressed iTXt chunk, in file order (compressed ones are skipped). Throws
// PngFormatError for a missing signature, a chunk cut short or a text chunk whose CRC or layout
// is wrong.
std::vector<PngText> pngReadText(std::string_view png);

// The text under `keyword`, or nullptr.
const std::string* findPngText(const std::vector<PngText>& chunks, const std::string& keyword);

}  // namespace gs
