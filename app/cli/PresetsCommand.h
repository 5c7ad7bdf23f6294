// `ganscope presets`: every preset with its title and the first sentence of its note.
#pragma once

namespace gs {

// 0, or 2 when a preset file is malformed (it is listed with the reason).
int runPresets();

}  // namespace gs
