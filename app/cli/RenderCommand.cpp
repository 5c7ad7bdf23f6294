// `ganscope render` (see RenderCommand.h).
#include "cli/RenderCommand.h"

#include <omp.h>
#include <signal.h>
#include <unistd.h>
#include <Eigen/Core>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <regex>

#include "util/Error.h"

#if GANSCOPE_HAVE_GUI
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <cfloat>
#include <thread>

#include "gui/App.h"
#include "gui/FrameComposer.h"
#include "gui/HeadlessGl.h"
#include "gui/Recorder.h"
#include "gui/Theme.h"
#include "gui/VideoEncoder.h"
#include "gui/ViewHost.h"
#include "gui/WindowCapture.h"
#include "train/SnapshotBuilder.h"
#include "train/Trainer.h"
#endif

namespace gs {

const char* renderViewNames() {
  return "data, oned, curves, coverage, verdict, langevin, energy-target, or window (the whole window, alone)";
}

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

// --views window: the whole window of the GUI, headless. An App over a Session that the
// Recorder paces exactly as in the window's per-K recording (K iterations, then the frame of
// the snapshot that has them); each frame is the window re-rendered offscreen (captureWindow)
// at --size. Deterministic: fixed frame time, no pointer, scripted (no rate read-outs), and
// ImGui frames are made only for the captures, so the same command gives the same frames.
int renderWindow(const RenderOptions& o, const ResolvedConfig& rc, int W, int H, const VideoOutput& output) {
  HeadlessGl gl(autoFontPx(1, W, H));
  applyTheme(gl.fonts().px);
  if (!ImGui_ImplOpenGL3_Init("#version 330 core"))
    throw std::runtime_error("render --views window: the ImGui OpenGL 3 renderer cannot start on " + gl.renderer());
  struct BackendGuard {
    ~BackendGuard() { ImGui_ImplOpenGL3_Shutdown(); }
  } backend;
  ImGui_ImplOpenGL3_CreateFontsTexture();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(float(W), float(H));
  io.DisplayFramebufferScale = ImVec2(1, 1);
  io.DeltaTime = 1.0f / 60;
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);

  Session session(rc.config);  // not running: the recorder is the only one to train it
  auto app = std::make_unique<App>(session, gl.fonts(), rc.label, true);
  app->setScripted(true);
  for (int i = 0; i < 3; ++i) {  // the views take their on-screen sizes
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    app->frame();
    ImGui::Render();
  }
  if (!output.notice.empty()) std::fprintf(stderr, "ganscope: notice: %s\n", output.notice.c_str());
  SignalGuard signals;
  Recorder rec(session, app->commands().views());
  RecordSettings s;
  s.view = kRecordWindow;
  s.mode = RecordMode::PerK;
  s.every = o.every;
  s.fps = o.fps;
  s.maxFrames = o.steps / o.every;
  s.path = o.out;
  const std::string err = rec.start(s, W, H);
  if (!err.empty()) throw std::runtime_error("render --views window: " + err);

  const bool progress = !o.quiet && isatty(STDERR_FILENO);
  const auto start = Clock::now();
  std::string saved, error;
  while (!rec.poll(saved, error)) {
    if (g_signal) rec.cancel();
    rec.tick();  // posts the next K iterations, or finds the snapshot that has them
    if (!rec.wantsWindowFrame()) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      continue;
    }
    int w = 0, h = 0;
    rec.setCapturing(true);
    std::vector<uint8_t> px = captureWindow(*app, 1, w, h);
    rec.setCapturing(false);
    rec.takeWindowFrame(std::move(px), w, h);
    if (progress) {
      const double el = std::chrono::duration<double>(Clock::now() - start).count();
      const long long f = rec.frames();
      std::fprintf(stderr, "\rrender: iteration %lld/%lld  frame %lld/%lld  elapsed %s  ETA %s   ",
                   session.latest()->step, o.steps, f, s.maxFrames, seconds(el).c_str(),
                   seconds(el / double(f) * double(s.maxFrames - f)).c_str());
      std::fflush(stderr);
    }
  }
  if (progress) std::fprintf(stderr, "\n");
  if (g_signal) {
    std::fprintf(stderr, "ganscope: render interrupted; %s not written\n", output.path.c_str());
    return 128 + int(g_signal);
  }
  if (!error.empty()) throw std::runtime_error(error);
  const auto last = session.latest();
  if (last->diverged) {
    std::fprintf(stderr, "ganscope: training %s; wrote the %lld frames so far to %s\n", last->divergence.c_str(),
                 rec.frames(), saved.c_str());
    return 3;
  }
  if (!o.quiet)
    std::printf("wrote %s: %lld frames, %dx%d, %g fps\n", saved.c_str(), rec.frames(), rec.frameWidth(),
                rec.frameHeight(), o.fps);
  return 0;
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
  const std::vector<std::string> views = o.views.empty() ? std::vector<std::string>{"data"} : o.views;
  if (std::find(views.begin(), views.end(), "window") != views.end()) {
    if (views.size() > 1)
      throw ConfigError(
          "--views window: the whole window is rendered alone; leave out the other views or render "
          "them without window");
    if (o.caption)
      throw ConfigError(
          "--caption: the window shows the preset and iteration itself; leave --caption out with "
          "--views window");
    return renderWindow(o, rc, W, H, output);
  }
  FrameSpec spec;
  for (const auto& v : views) spec.views.push_back(hostViewName(v, trainer));
  spec.layout = layout;
  spec.caption = o.caption;
  spec.title = rc.config.title.empty() ? rc.label : rc.config.title;

  HeadlessGl gl(renderFontPx(H));
  ViewHost host(true);
  host.setFonts(gl.fonts());
  FrameComposer composer(host, spec);
  SnapshotBuilder builder;
  builder.prepare(trainer, true, true);
  // The state before training, as the window's first snapshot has it: the curves start with
  // the metrics at iteration 0 (and a recording of the same config equals this render).
  builder.build(trainer, RunStatus{}, trainer.diagnostics(), true);

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
    st.backend = trainer.backendName();
    st.threads = trainer.threads();
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
