// `ganscope render`: trains inline and draws the chosen views every K iterations into a video
// (.mp4, .gif, .webm) or a folder of PNG frames, with no window and no display (EGL).
#pragma once
#include <string>
#include <vector>

#include "cli/ConfigSource.h"

namespace gs {

struct RenderOptions {
  ConfigSource source;
  std::string seed;                // "" = the config's train.seed
  long long steps = 0;             // iterations to train
  long long every = 0;             // one frame after every K iterations: frames = floor(steps / every)
  std::vector<std::string> views;  // data, oned, curves, coverage, verdict, langevin ("" = data)
  std::string layout = "row";      // row | grid
  std::string size = "1280x720";   // the whole frame, WxH
  double fps = 30;
  bool caption = false;
  bool quiet = false;  // no progress line
  std::string out;     // file (.mp4, .gif, .webm) or folder
};

// The render names of the views, for --help and messages.
const char* renderViewNames();

// Exit codes: 0 done, 2 bad input (nothing written; thrown as ConfigError), 3 diverged (the
// frames so far, ending on the diverged state, are in a valid file), 1 run-time failure (no
// EGL, ffmpeg failed), 128+signal when interrupted (nothing left behind).
int runRender(const RenderOptions& options);

}  // namespace gs
