// ganscope: with no subcommand the GUI; `train`, `presets`, `settings`, `bench` and `render` run headless.
// Exit codes: 0 success, 1 failure at run time (I/O, no display), 2 bad input (config, preset,
// file, option; nothing is written), 3 training diverged.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <string>

#include "cli/BenchCommand.h"
#include "cli/ConfigSource.h"
#include "cli/PresetsCommand.h"
#include "cli/RenderCommand.h"
#include "cli/SettingsCommand.h"
#include "cli/TrainCommand.h"
#include "gui/GuiOptions.h"
#include "train/SessionFile.h"
#include "train/Trainer.h"
#include "util/Error.h"

#if GANSCOPE_HAVE_GUI
#include "gui/Gui.h"
#endif

namespace {

int fail(const std::string& message, int code) {
  std::fprintf(stderr, "ganscope: error: %s\n", message.c_str());
  return code;
}

void addConfigOptions(CLI::App& app, gs::ConfigSource& source) {
  auto* preset =
      app.add_option("--preset", source.preset,
                     std::string("Start from a preset (see `ganscope presets`; default ") + gs::kDefaultPreset + ")");
  preset->option_text("NAME");
  auto* config = app.add_option("--config", source.configFile, "Start from a JSON config file instead of a preset");
  config->option_text("FILE");
  preset->excludes(config);
  config->excludes(preset);
  app.add_option("--set", source.sets,
                 "Override one config value by dotted key, e.g. --set g.lr=2e-4 --set objective.lambda=1 "
                 "(repeatable, applied in order)")
      ->option_text("KEY=VALUE")
      ->take_all()
      ->allow_extra_args(false);
}

// --threads and --backend: one text and one check for the GUI, train and bench. Names are
// checked where they are used (Trainer::setBackend: "--backend must be cpu, cuda or auto").
void addComputeOptions(CLI::App& app, int& threads, std::string& backend, const std::string& backendScope = "") {
  app.add_option("--threads", threads, "training threads, data-parallel over the batch (default 1)")
      ->option_text("N")
      ->check(CLI::Range(1, 256));
  app.add_option("--backend", backend,
                 "Training backend" + backendScope +
                     ": cpu (default: the reference; CUDA parity not yet measured on a GPU), cuda (the GPU; error "
                     "when none is usable) or auto (cuda when usable, else cpu with a notice on stderr)")
      ->option_text("cpu|cuda|auto");
}

// The GUI's --backend and --threads, checked as `train` checks them (the same Trainer calls)
// before a window opens: a bad name or an unusable cuda throws ConfigError; auto's fallback
// is printed here and shown again by the window's banner.
void checkGuiCompute(const gs::Config& config, int threads, const std::string& backend) {
  if (backend == "cpu") return;  // any --threads N the option accepts is usable
  gs::Trainer<float> probe(config);
  probe.setThreads(threads);
  const std::string notice = probe.setBackend(backend);
  if (!notice.empty()) std::fprintf(stderr, "ganscope: %s\n", notice.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ganscope: watch GANs train. With no subcommand, opens the GUI."};
  app.set_help_all_flag("--help-all", "Show help for every subcommand");
  app.require_subcommand(0, 1);

  gs::ConfigSource guiSource;
  double quitAfter = 0;
  std::string screenshot;
  float fontScale = 0;
  std::string testState;
  std::string sessionFile;
  addConfigOptions(app, guiSource);
  app.add_option("--session", sessionFile, "GUI: open a saved session (.gsession) and train on from it")
      ->option_text("FILE");
  app.add_option("--quit-after", quitAfter, "GUI: close after this many seconds (0 = stay open)")
      ->option_text("SECONDS")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--screenshot", screenshot, "GUI: save a PNG of the window before quitting")->option_text("FILE");
  app.add_option("--font-scale", fontScale, "GUI: font and widget scale (0 = automatic)")
      ->option_text("X")
      ->check(CLI::Range(0.0f, 8.0f));
  app.add_option("--test-state", testState,
                 "GUI tests: keep FILE updated with every widget's rectangle and the app's state (JSON)")
      ->option_text("FILE");
  int guiThreads = 1;
  std::string guiBackend = "cpu";
  addComputeOptions(app, guiThreads, guiBackend);

  gs::TrainOptions train;
  CLI::App* trainCmd =
      app.add_subcommand("train",
                         "Train headless and write DIR/metrics.csv, DIR/summary.json and DIR/samples.csv. "
                         "Exit 0 done, 2 bad input (nothing written), 3 diverged.");
  addConfigOptions(*trainCmd, train.source);
  trainCmd->add_option("--steps", train.steps, "Generator iterations to run (default 2000)")
      ->option_text("N")
      ->check(CLI::Range(1LL, 1000000000LL));
  trainCmd->add_option("--seed", train.seed, "Random seed (same as --set train.seed=S)")->option_text("S");
  trainCmd->add_option("--out", train.outDir, "Output folder (default out/<preset or config name>)")
      ->option_text("DIR");
  trainCmd->add_option("--eval-every", train.evalEvery, "Evaluate metrics every K steps (default steps/20)")
      ->option_text("K")
      ->check(CLI::Range(1LL, 1000000000LL));
  addComputeOptions(*trainCmd, train.threads, train.backend);
  trainCmd->add_flag("--quiet,-q", train.quiet, "No progress lines");
  trainCmd
      ->add_option("--save-session", train.saveSession,
                   "At the end (or at a divergence) write a session file: config, networks, optimiser, objective "
                   "and RNG state, curves (reopen with --resume or `ganscope --session`)")
      ->option_text("FILE");
  trainCmd
      ->add_option("--resume", train.resume,
                   "Train --steps more iterations from a session file, bit for bit as if never stopped (its config; "
                   "--set applies on top; not with --preset/--config)")
      ->option_text("FILE");

  CLI::App* presetsCmd = app.add_subcommand("presets", "List the presets: name, title and what each one shows");

  gs::SettingsOptions settings;
  CLI::App* settingsCmd =
      app.add_subcommand("settings",
                         "List every config key (as --set and config files name it): type, range or choices, default, "
                         "whether it rebuilds a network, help; then each objective's parameters");
  settingsCmd->add_flag("--markdown", settings.markdown, "Print Markdown tables (as in README.md)");

  gs::BenchOptions bench;
  std::string caseHelp = "Run one case:";
  for (auto& c : gs::benchCases()) caseHelp += "\n  " + c.name + ": " + c.description;
  caseHelp += "\n(default: all)";
  CLI::App* benchCmd =
      app.add_subcommand("bench",
                         "Measure training speed; prints `bench <case> threads=<n> gen_iters_per_s=<x>` per case "
                         "(median over ~0.5 s windows)");
  benchCmd->add_option("--case", bench.caseName, caseHelp)->option_text("NAME");
  addComputeOptions(*benchCmd, bench.threads, bench.backend, " (ensemble cases: cpu)");
  benchCmd->add_option("--seconds", bench.seconds, "Time budget per case in seconds (default 3)")
      ->option_text("S")
      ->check(CLI::PositiveNumber);
  CLI::Option* compareFlag =
      benchCmd->add_flag("--compare-pytorch", bench.comparePytorch,
                         "Alternate each case with an equivalent PyTorch reference (scripts/bench_pytorch.py; needs "
                         "python3-torch and libopenblas0-openmp) and print medians, min-max, ratio and % of the GEMM "
                         "floor");
  benchCmd->add_option("--reps", bench.reps, "--compare-pytorch: runs of each side per case (default 5)")
      ->option_text("R")
      ->check(CLI::Range(1, 1000))
      ->needs(compareFlag);

  gs::RenderOptions render;
  CLI::App* renderCmd = app.add_subcommand(
      "render",
      "Train inline and draw views every K iterations into a video or PNG frames, with no window or display "
      "(EGL). Exit 0 done, 2 bad input (nothing written), 3 diverged (frames so far kept), 1 run-time failure.");
  addConfigOptions(*renderCmd, render.source);
  renderCmd->add_option("--seed", render.seed, "Random seed (same as --set train.seed=S)")->option_text("S");
  renderCmd->add_option("--steps", render.steps, "Iterations to train")
      ->option_text("N")
      ->required()
      ->check(CLI::Range(1LL, 1000000000LL));
  renderCmd->add_option("--every", render.every, "One frame after every K iterations (frames = floor(N/K))")
      ->option_text("K")
      ->required()
      ->check(CLI::Range(1LL, 1000000000LL));
  renderCmd
      ->add_option("--views", render.views,
                   std::string("Views in the frame, in order (") + gs::renderViewNames() + "; default data)")
      ->option_text("VIEW ...")
      ->delimiter(',');
  renderCmd->add_option("--layout", render.layout, "Several views: row (side by side, default) or grid")
      ->option_text("row|grid");
  renderCmd->add_option("--size", render.size, "Frame size in pixels (default 1280x720)")->option_text("WxH");
  renderCmd->add_option("--fps", render.fps, "Frames per second of the video (default 30)")->option_text("F");
  renderCmd->add_flag("--caption", render.caption, "Burn in the preset title, objective formula and iteration");
  renderCmd->add_flag("--quiet,-q", render.quiet, "No progress line");
  renderCmd
      ->add_option("--out", render.out,
                   "Output: FILE.mp4 (H.264), FILE.gif, FILE.webm (VP9) or a folder for frame-000001.png, ...")
      ->option_text("FILE")
      ->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) { return app.exit(e); } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) { return fail(std::string(e.what()) + " (see --help)", 2); }

  try {
    if (*trainCmd) return gs::runTrain(train);
    if (*presetsCmd) return gs::runPresets();
    if (*settingsCmd) return gs::runSettings(settings);
    if (*benchCmd) return bench.comparePytorch ? gs::runBenchCompare(bench) : gs::runBench(bench);
    if (*renderCmd) return gs::runRender(render);

    // No subcommand: the GUI. The config is validated here so a bad --set fails before a window opens.
    gs::GuiOptions gui;
    if (!sessionFile.empty()) {
      // A damaged session, or one that does not fit its config, fails here, before a window opens.
      if (!guiSource.preset.empty() || !guiSource.configFile.empty() || !guiSource.sets.empty())
        throw gs::ConfigError("--session takes the config from the session file; not with --preset, --config or --set");
      gui.session = gs::readSessionFile(sessionFile);
      try {
        gs::Trainer<float>(gui.session->config).loadState(gui.session->trainerState);
      } catch (const gs::ConfigError& e) { throw gs::ConfigError(sessionFile + ": " + e.what()); }
      gui.sessionFile = sessionFile;
      gui.config = gui.session->config;
      gui.presetName = gui.session->presetName;
    } else {
      const gs::ResolvedConfig rc = gs::resolveConfig(guiSource);
      gui.config = rc.config;
      gui.presetName = rc.presetName;
    }
    checkGuiCompute(gui.config, guiThreads, guiBackend);
    gui.threads = guiThreads;
    gui.backend = guiBackend;
    gui.quitAfter = quitAfter;
    gui.screenshot = screenshot;
    gui.fontScale = fontScale;
    gui.testState = testState;
#if GANSCOPE_HAVE_GUI
    return gs::runGui(gui);
#else
    return fail(
        "built without GUI (configure with -DGANSCOPE_GUI=ON); headless commands: train, presets, settings, bench", 1);
#endif
  } catch (const gs::ConfigError& e) { return fail(e.what(), 2); } catch (const std::exception& e) {
    return fail(e.what(), 1);
  }
}
