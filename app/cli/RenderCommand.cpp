// `ganscope render` (see RenderCommand.h).
#include "cli/RenderCommand.h"

#include <omp.h>
#include <signal.h>
#include <unistd.h>
#include <Eigen/Core>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <regex>

#include "util/Error.h"

#if GANSCOPE_HAVE_GUI
#include "gui/FrameComposer.h"
#include "gui/HeadlessGl.h"
#include "gui/VideoEncoder.h"
#include "gui/ViewHost.h"
#include "train/SnapshotBuilder.h"
#include "train/Trainer.h"
#endif

namespace gs {

const char* renderViewNames() { return "data, oned, curves, coverage, verdict, langevin, energy-target"; }

#if GANSCOPE_HAVE_GUI

namespace {

using Clock = std::chrono::steady_clock;

volatile sig_atomic_t g_signal = 0;
void onSignal(int sig) { g_signal = sig; }

// SIGINT and SIGTERM stop the render between iterations (the temporary is removed); the
// previous handlers come back when it ends.
class SignalGuard {
 public:
  SignalGuard() {
    g_signal = 0;
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &oldInt_);
    sigaction(SIGTERM, &sa, &oldTerm_);
  }
  ~SignalGuard() {
    sigaction(SIGINT, &oldInt_, nullptr);
    sigaction(SIGTERM, &oldTerm_, nullptr);
  }

 private:
  struct sigaction oldInt_ {
  }, oldTerm_{};
};

// A render name to the ViewHost's name for this config's data.
std::string hostViewName(const std::string& name, const Trainer<float>& t) {
  const int dim = t.data().dim();
  const bool energy = t.objective().info().output == OutputKind::Energy;
  if (name == "data") return dim == 1 ? "1d" : "data";
  if (name == "oned" || name == "1d") {
    if (dim != 1) throw ConfigError("--views oned: this config's data is " + std::to_string(dim) + "-D (use data)");
    return "1d";
  }
  if (name == "curves" || name == "coverage") return name;
  if (name == "verdict" || name == "convergence") return "convergence";
  if (name == "langevin") {
    if (!energy || dim != 2)
      throw ConfigError("--views langevin: needs an energy objective on 2-D data (this config: " +
                        t.objective().info().name + ", " + std::to_string(dim) + "-D)");
    return "langevin";
  }
  if (name == "energy-target") {
    if (!energy || t.objective().energyTarget() == EnergyTarget::Unknown)
      throw ConfigError(
          "--views energy-target: needs an objective with a predicted optimal energy (calibrated-ebgan; "
          "this config: " +
          t.objective().info().name + ")");
    return name;
  }
  if (name == "window")
    throw ConfigError(
        "--views window: the whole window cannot be rendered headless in this version; name the views instead (" +
        std::string(renderViewNames()) + ")");
  throw ConfigError("--views: unknown view '" + name + "' (choose from " + renderViewNames() + ")");
}

void parseSize(const std::string& s, int& w, int& h) {
  std::smatch m;
  static const std::regex re("([0-9]{1,5})[xX]([0-9]{1,5})");
  if (!std::regex_match(s, m, re)) throw ConfigError("--size '" + s + "': expected WIDTHxHEIGHT, e.g. 1280x720");
  w = std::stoi(m[1]);
  h = std::stoi(m[2]);
  if (w < 64 || h < 64 || w > 7680 || h > 4320)
    throw ConfigError("--size '" + s + "': width and height must be within 64x64 .. 7680x4320");
}

std::string seconds(double s) {
  char buf[32];
  if (s < 60)
    std::snprintf(buf, sizeof buf, "%.1f s", s);
  else
    std::snprintf(buf, sizeof buf, "%d:%02d", int(s) / 60, int(s) % 60);
  return buf;
}

}  // namespace

int runRender(const RenderOptions& o) {
  // Everything that can be wrong with the input is checked before anything is written.
  ConfigSource source = o.source;
  if (!o.seed.empty()) source.sets.push_back("train.seed=" + o.seed);
  const ResolvedConfig rc = resolveConfig(source);
  if (o.steps < 1) throw ConfigError("--steps: give the number of iterations to train (at least 1)");
  if (o.every < 1) throw ConfigError("--every: give K, one frame after every K iterations (at least 1)");
  if (o.every > o.steps)
    throw ConfigError("--every " + std::to_string(o.every) + " is more than --steps " + std::to_string(o.steps) +
                      ": no frame would be drawn");
  if (!(o.fps > 0) || o.fps > 240) throw ConfigError("--fps must be within (0, 240]");
  FrameLayout layout;
  if (o.layout == "row")
    layout = FrameLayout::Row;
  else if (o.layout == "grid")
    layout = FrameLayout::Grid;
  else
    throw ConfigError("--layout '" + o.layout + "': choose row or grid");
  int W = 0, H = 0;
  parseSize(o.size, W, H);
  if (o.out.empty()) throw ConfigError("--out: name the video (.mp4, .gif, .webm) or a folder for PNG frames");
  const VideoOutput output = planVideoOutput(o.out);

  Eigen::setNbThreads(1);  // one thread: the same command gives the same frames
  omp_set_num_threads(1);
  Trainer<float> trainer(rc.config);  // throws ConfigError
  FrameSpec spec;
  for (const auto& v : o.views.empty() ? std::vector<std::string>{"data"} : o.views)
    spec.views.push_back(hostViewName(v, trainer));
  spec.layout = layout;
  spec.caption = o.caption;
  spec.title = rc.config.title.empty() ? rc.label : rc.config.title;

  HeadlessGl gl(renderFontPx(H));
  ViewHost host(true);
  host.setFonts(gl.fonts());
  FrameComposer composer(host, spec);
  SnapshotBuilder builder;
  builder.prepare(trainer, true, true);

  if (!output.notice.empty()) std::fprintf(stderr, "ganscope: notice: %s\n", output.notice.c_str());
  SignalGuard signals;
  VideoEncoder encoder(output, {W, H, o.fps, 0});
  if (encoder.encodedWidth() != W || encoder.encodedHeight() != H)
    std::fprintf(stderr, "ganscope: notice: H.264/VP9 need even sizes: %dx%d is padded to %dx%d\n", W, H,
                 encoder.encodedWidth(), encoder.encodedHeight());

  const long long frames = o.steps / o.every;
  const bool progress = !o.quiet && isatty(STDERR_FILENO);
  const auto start = Clock::now();
  long long version = 0;
  auto frameOf = [&]() {
    RunStatus st;
    st.step = trainer.step();
    st.running = true;
    st.diverged = trainer.diverged();
    st.divergence = trainer.divergenceMessage();
    auto snap = builder.build(trainer, st, trainer.diagnostics(), true);
    snap->version = ++version;
    encoder.push(composer.compose(*snap, W, H));
  };
  bool diverged = false;
  for (long long f = 1; f <= frames && !diverged; ++f) {
    for (long long k = 0; k < o.every; ++k) {
      trainer.iterate();
      if (trainer.diverged()) {
        diverged = true;
        break;
      }
      builder.history().append(trainer.step(), trainer.diagnostics().named());  // curves: every iteration
      if (g_signal) break;
    }
    if (g_signal) {
      encoder.abort();
      if (progress) std::fprintf(stderr, "\n");
      std::fprintf(stderr, "ganscope: render interrupted; %s not written\n", output.path.c_str());
      return 128 + int(g_signal);
    }
    frameOf();  // after a divergence: one last frame that shows it
    if (progress) {
      const double el = std::chrono::duration<double>(Clock::now() - start).count();
      std::fprintf(stderr, "\rrender: iteration %lld/%lld  frame %lld/%lld  elapsed %s  ETA %s   ", trainer.step(),
                   o.steps, f, frames, seconds(el).c_str(), seconds(el / double(f) * double(frames - f)).c_str());
      std::fflush(stderr);
    }
  }
  if (progress) std::fprintf(stderr, "\n");
  encoder.finish();
  const long long written = encoder.framesWritten();
  if (diverged) {
    std::fprintf(stderr, "ganscope: training %s; wrote the %lld frames so far to %s\n",
                 trainer.divergenceMessage().c_str(), written, output.path.c_str());
    return 3;
  }
  if (!o.quiet)
    std::printf("wrote %s: %lld frames, %dx%d, %g fps\n", output.path.c_str(), written, encoder.encodedWidth(),
                encoder.encodedHeight(), o.fps);
  return 0;
}

#else

int runRender(const RenderOptions&) {
  throw std::runtime_error("render needs the GUI code (configure with -DGANSCOPE_GUI=ON)");
}

#endif

}  // namespace gs
