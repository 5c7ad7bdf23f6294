// The ganscope CLI end to end: bad input (exit 2, one line naming the cause, nothing written),
// a short successful run and its three files, divergence (exit 3), `presets`, `settings`, `bench`,
// --help.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>

#include <vector>
#include "RunGanscope.h"
#include "TestFiles.h"
#include "backend/CudaBackend.h"
#include "config/Settings.h"
#include "objectives/Registry.h"

namespace gs::test {
namespace {

namespace fs = std::filesystem;

struct ErrorCase {
  std::string name;
  std::string args;  // after `train`, before `--out`
  std::string mustName;
};

class CliErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(CliErrors, ExitTwoNameTheCauseWriteNothing) {
  const ErrorCase& c = GetParam();
  const fs::path dir = scratchDir("cli_errors/" + c.name);
  // Files used by some cases: a malformed file and one with a bad key.
  std::ofstream(dir / "malformed.json") << "{\n  \"train\": {\"batch\": 64,,}\n}\n";
  std::ofstream(dir / "typo.json") << R"({"g": {"widht": 64}})";
  std::string args = c.args;
  const std::string placeholder = "@DIR@";
  for (size_t p; (p = args.find(placeholder)) != std::string::npos;) args.replace(p, placeholder.size(), dir.string());
  const fs::path out = dir / "out";
  const CliResult r = runGanscope("train " + args + " --steps 5 --out '" + out.string() + "'", dir);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(r.err.rfind("ganscope: error: ", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(c.mustName), std::string::npos) << "expected '" << c.mustName << "' in: " << r.err;
  EXPECT_FALSE(fs::exists(out)) << "output folder created for a bad input";
}

INSTANTIATE_TEST_SUITE_P(
    Train, CliErrors,
    ::testing::Values(
        ErrorCase{"malformed_json", "--config '@DIR@/malformed.json'", "malformed.json"},
        ErrorCase{"malformed_json_line", "--config '@DIR@/malformed.json'", "line 2"},
        ErrorCase{"unknown_key_in_file", "--config '@DIR@/typo.json'", "g.widht"},
        ErrorCase{"missing_config", "--config '@DIR@/nope.json'", "nope.json"},
        ErrorCase{"unknown_key_set", "--preset flat-1d --set g.widht=3", "g.widht"},
        ErrorCase{"wrong_type", "--preset flat-1d --set g.width=wide", "g.width"},
        ErrorCase{"out_of_range", "--preset flat-1d --set train.batch=1", "train.batch"},
        ErrorCase{"nan_value", "--preset flat-1d --set d.lr=nan", "d.lr"},
        ErrorCase{"unknown_preset", "--preset no-such-preset", "no-such-preset"},
        ErrorCase{"unknown_objective", "--preset flat-1d --set objective.name=vanilla", "vanilla"},
        ErrorCase{"unknown_objective_param", "--preset wgan-gp-ring8 --set objective.lamda=1", "objective.lamda"},
        ErrorCase{"objective_param_range", "--preset wgan-gp-ring8 --set objective.lambda=-1", "objective.lambda"},
        ErrorCase{"unknown_dataset", "--preset flat-1d --set data.name=ring9", "ring9"},
        ErrorCase{"missing_data_file", "--preset flat-1d --set data.name=csv --set data.path=/no/pts.csv",
                  "/no/pts.csv"},
        ErrorCase{"bad_seed", "--preset flat-1d --seed -1", "train.seed"},
        ErrorCase{"bad_steps", "--preset flat-1d --steps 0", "--steps"},
        ErrorCase{"preset_and_config", "--preset flat-1d --config '@DIR@/typo.json'", "--config"},
        ErrorCase{"unknown_option", "--preset flat-1d --bogus", "--bogus"}),
    [](const ::testing::TestParamInfo<ErrorCase>& info) { return info.param.name; });

TEST(CliErrors, OutPathThatIsAFile) {
  const fs::path dir = scratchDir("cli_errors/out_is_file");
  std::ofstream(dir / "file") << "x";
  const CliResult r = runGanscope("train --preset flat-1d --steps 5 --out '" + (dir / "file").string() + "'", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("not a directory"), std::string::npos) << r.err;
  EXPECT_EQ(readFile(dir / "file"), "x");
}

TEST(CliErrors, UnknownBenchCaseAndRender) {
  const fs::path dir = scratchDir("cli_errors/bench");
  CliResult r = runGanscope("bench --case nope --seconds 0.1", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("nope"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("wgan-gp-512"), std::string::npos) << r.err;
  // render without its required options names them, exit 2, nothing written.
  r = runGanscope("render", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--steps"), std::string::npos) << r.err;
}

// The GUI's --backend and --threads are checked as train's are, before a window opens: no
// display is needed to be told (exit 2, one line naming the option); auto's fallback notice is
// printed before the window (here: none, so exit 1 after it).
TEST(CliErrors, GuiBackendAndThreadsAreCheckedBeforeAWindowOpens) {
  const fs::path dir = scratchDir("cli_errors/gui_compute");
  auto one = [](const CliResult& r, const std::string& mustName) {
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_EQ(r.err.rfind("ganscope: error: ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(mustName), std::string::npos) << "expected '" << mustName << "' in: " << r.err;
  };
  // No display for the child: a check that came after the window would fail with "no display".
  struct NoDisplay {
    std::string x11, wayland;
    NoDisplay() {
      if (const char* d = std::getenv("DISPLAY")) x11 = d;
      if (const char* w = std::getenv("WAYLAND_DISPLAY")) wayland = w;
      unsetenv("DISPLAY");
      unsetenv("WAYLAND_DISPLAY");
    }
    ~NoDisplay() {
      if (!x11.empty()) setenv("DISPLAY", x11.c_str(), 1);
      if (!wayland.empty()) setenv("WAYLAND_DISPLAY", wayland.c_str(), 1);
    }
  } noDisplay;
  auto run = [&](const std::string& args) { return runGanscope("--preset flat-1d " + args, dir); };
  one(run("--backend bogus"), "--backend must be cpu, cuda or auto (got 'bogus')");
  one(run("--threads 0"), "--threads");
  const std::string why = cudaUnavailableReason();
  if (why.empty()) GTEST_SKIP() << "a CUDA device is usable here: --backend cuda and auto open a window";
  one(run("--backend cuda"), "--backend cuda: " + why);
  const CliResult r = run("--backend auto --threads 2");
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("ganscope: --backend auto: " + why + "; training on the CPU\n"), std::string::npos) << r.err;
  // Then the window: no display here, or no GUI in this build (the sanitizer tree).
  EXPECT_TRUE(r.err.find("no display") != std::string::npos || r.err.find("built without GUI") != std::string::npos)
      << r.err;
}

std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

TEST(CliTrain, ShortRunWritesTheThreeFiles) {
  const fs::path dir = scratchDir("cli_train/short");
  const fs::path out = dir / "run";
  const CliResult r =
      runGanscope("train --preset flat-1d --steps 50 --eval-every 25 --seed 3 --out '" + out.string() + "'", dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("step 25/50"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("step 50/50"), std::string::npos) << r.out;

  const std::string metrics = readFile(out / "metrics.csv");
  const std::string header = firstLine(metrics);
  for (const char* col : {"step", "d_loss", "g_loss", "d_real", "d_fake", "d_grad_norm", "g_grad_norm", "penalty",
                          "modes_captured", "high_quality_fraction", "jsd", "w1", "d_flatness_max", "d_star_error"})
    EXPECT_NE(header.find(col), std::string::npos) << col << " missing from " << header;
  EXPECT_EQ(header.rfind("step,d_loss,g_loss,d_real,d_fake,d_grad_norm,g_grad_norm,penalty,", 0), 0u) << header;
  EXPECT_EQ(std::count(metrics.begin(), metrics.end(), '\n'), 3) << metrics;  // header + steps 25, 50

  const auto summary = nlohmann::json::parse(readFile(out / "summary.json"));
  for (const char* key : {"config", "step", "objective", "dataset", "diverged", "divergence", "metrics", "state"})
    EXPECT_TRUE(summary.contains(key)) << key;
  EXPECT_EQ(summary["step"], 50);
  EXPECT_EQ(summary["diverged"], false);
  EXPECT_EQ(summary["objective"], "non-saturating");
  EXPECT_EQ(summary["dataset"], "gauss1d");
  EXPECT_EQ(summary["config"]["train"]["seed"], 3);
  for (const char* key : {"modes_captured", "modes_total", "high_quality_fraction", "reverse_kl_modes", "jsd", "kl",
                          "w1", "d_flatness_max", "d_flatness_std", "d_star_error", "energy_nll_pearson"})
    EXPECT_TRUE(summary["metrics"].contains(key)) << key;
  EXPECT_TRUE(summary["metrics"]["w1"].is_number());

  const std::string samples = readFile(out / "samples.csv");
  EXPECT_EQ(firstLine(samples), "kind,x");  // 1D data
  EXPECT_NE(samples.find("\nreal,"), std::string::npos);
  EXPECT_NE(samples.find("\nfake,"), std::string::npos);
  for (auto& e : fs::directory_iterator(out))  // atomic writes leave no temporaries
    EXPECT_NE(e.path().filename().string().rfind(".tmp-", 0), 0u) << e.path();
}

TEST(CliTrain, ObjectiveStateAndMixtureWeightsBecomeColumns) {
  const fs::path dir = scratchDir("cli_train/state");
  CliResult r = runGanscope("train --preset began-ring8 --steps 4 --eval-every 2 -q --set eval.samples=200 --out '" +
                                (dir / "began").string() + "'",
                            dir);
  ASSERT_EQ(r.code, 0) << r.err;
  std::string header = firstLine(readFile(dir / "began" / "metrics.csv"));
  EXPECT_NE(header.find(",k_t"), std::string::npos) << header;
  EXPECT_NE(header.find(",m_global"), std::string::npos) << header;
  EXPECT_TRUE(nlohmann::json::parse(readFile(dir / "began" / "summary.json"))["state"].contains("k_t"));
  EXPECT_EQ(firstLine(readFile(dir / "began" / "samples.csv")), "kind,x,y");

  r = runGanscope(
      "train --preset mixgan-ring8 --steps 2 -q --set eval.samples=200 --out '" + (dir / "mix").string() + "'", dir);
  ASSERT_EQ(r.code, 0) << r.err;
  header = firstLine(readFile(dir / "mix" / "metrics.csv"));
  EXPECT_NE(header.find(",w_g0"), std::string::npos) << header;
  EXPECT_NE(header.find(",w_d4"), std::string::npos) << header;
}

TEST(CliTrain, DivergenceExitsThreeWithASummary) {
  const fs::path dir = scratchDir("cli_train/diverge");
  const CliResult r = runGanscope(
      "train --preset wgan-gp-ring8 --set objective.name=wgan --set objective.clip=1 --set d.optimizer=sgd "
      "--set d.lr=1 --set d.beta1=0.9 --set g.optimizer=sgd --set g.lr=1 --set eval.samples=200 --steps 200 -q --out "
      "'" +
          (dir / "run").string() + "'",
      dir);
  ASSERT_EQ(r.code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("diverged"), std::string::npos) << r.err;
  const auto summary = nlohmann::json::parse(readFile(dir / "run" / "summary.json"));
  EXPECT_EQ(summary["diverged"], true);
  EXPECT_TRUE(summary["divergence"].is_string());
  EXPECT_LT(summary["step"].get<int>(), 200);
  EXPECT_TRUE(fs::exists(dir / "run" / "metrics.csv"));
  EXPECT_TRUE(fs::exists(dir / "run" / "samples.csv"));
}

TEST(CliPresets, ListsEveryPresetInTheFolderWithTitles) {
  const fs::path dir = scratchDir("cli_presets");
  const CliResult r = runGanscope("presets", dir);
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<std::string> names;
  for (auto& entry : fs::directory_iterator(GANSCOPE_PRESET_DIR))
    if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  ASSERT_FALSE(names.empty());
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), long(names.size())) << r.out;
  for (const std::string& name : names) {
    const auto pos = r.out.find("\n" + name + " ");
    EXPECT_TRUE(r.out.rfind(name + " ", 0) == 0 || pos != std::string::npos) << name;
  }
  EXPECT_NE(r.out.find("WGAN-GP on a ring of 8 Gaussians"), std::string::npos);
}

TEST(CliSettings, ListsEveryKeyWithItsRangeAndDefault) {
  const fs::path dir = scratchDir("cli_settings");
  const CliResult r = runGanscope("settings", dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  std::istringstream lines(r.out);
  std::vector<std::string> rows;
  for (std::string line; std::getline(lines, line);) rows.push_back(line);
  for (auto& s : settingSpecs()) {
    // The key's row starts with the key and carries its type and default.
    const auto row =
        std::find_if(rows.begin(), rows.end(), [&](const std::string& l) { return l.rfind(s.key + " ", 0) == 0; });
    ASSERT_NE(row, rows.end()) << s.key;
    EXPECT_NE(row->find(std::string(" ") + settingTypeName(s.type) + " "), std::string::npos) << *row;
    EXPECT_NE(row->find(" " + s.defaultText + " "), std::string::npos) << *row;
    if (s.type == SettingType::Int || s.type == SettingType::Double)
      EXPECT_NE(row->find(settingRangeText(s)), std::string::npos) << *row;
  }
  for (auto& name : objectiveNames())
    for (auto& s : objectiveSettingSpecs(name))
      EXPECT_TRUE(std::any_of(rows.begin(), rows.end(),
                              [&](const std::string& l) {
                                return l.rfind(name + " ", 0) == 0 && l.find(" " + s.key + " ") != std::string::npos;
                              }))
          << name << " " << s.key;

  const CliResult help = runGanscope("settings --help", dir);
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("--markdown"), std::string::npos) << help.out;
}

// README.md's config tables are `ganscope settings --markdown`, so they cannot go stale.
TEST(CliSettings, ReadmeTableIsTheMarkdownOutput) {
  const fs::path dir = scratchDir("cli_settings_md");
  const CliResult r = runGanscope("settings --markdown", dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string readme = readFile(fs::path(GANSCOPE_SOURCE_DIR) / "README.md");
  const std::string beginMark = "<!-- settings:begin (generated: ganscope settings --markdown) -->\n",
                    endMark = "<!-- settings:end -->";
  const auto begin = readme.find(beginMark), end = readme.find(endMark);
  ASSERT_NE(begin, std::string::npos) << "README.md lacks " << beginMark;
  ASSERT_NE(end, std::string::npos) << "README.md lacks " << endMark;
  ASSERT_LT(begin, end);
  const std::string table = readme.substr(begin + beginMark.size(), end - begin - beginMark.size());
  EXPECT_EQ(table, r.out) << "README.md's settings table is stale: replace the lines between the markers with "
                             "the output of `ganscope settings --markdown`";
  for (auto& s : settingSpecs()) EXPECT_NE(table.find("| `" + s.key + "` |"), std::string::npos) << s.key;
}

TEST(CliBench, PrintsOneLinePerCase) {
  const fs::path dir = scratchDir("cli_bench");
  const CliResult r = runGanscope("bench --case ns-128 --threads 1 --seconds 0.2", dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(std::regex_match(r.out, std::regex("bench ns-128 threads=1 gen_iters_per_s=[0-9]+(\\.[0-9]+)?\n")))
      << r.out;
}

// --compare-pytorch without torch (GANSCOPE_PYTHON pointed at no python): exit 1, one message
// naming the packages to install, no table.
TEST(CliBench, ComparePytorchWithoutTorchNamesWhatToInstall) {
  const fs::path dir = scratchDir("cli_bench_compare_missing");
  const std::string bin = std::string(GANSCOPE_BIN);
  const auto out = dir / "stdout.txt", err = dir / "stderr.txt";
  const std::string cmd = "GANSCOPE_PYTHON=/nonexistent/python3 '" + bin +
                          "' bench --compare-pytorch --case ns-128 --seconds 0.2 --reps 1 >'" + out.string() +
                          "' 2>'" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  const std::string e = readFile(err);
  EXPECT_NE(e.find("python3-torch"), std::string::npos) << e;
  EXPECT_NE(e.find("libopenblas0-openmp"), std::string::npos) << e;
  EXPECT_EQ(readFile(out).find("ours/pt"), std::string::npos);
}

// A tiny real comparison, only where Debian's torch and OpenBLAS-OpenMP are installed.
TEST(CliBench, ComparePytorchPrintsTheTable) {
  if (std::system("/usr/bin/python3 -c 'import torch' >/dev/null 2>&1") != 0 ||
      !fs::is_directory("/usr/lib/x86_64-linux-gnu/openblas-openmp"))
    GTEST_SKIP() << "no python3-torch / libopenblas0-openmp (optional: scripts/bench_pytorch.sh installs them)";
  const fs::path dir = scratchDir("cli_bench_compare");
  const CliResult r = runGanscope("bench --compare-pytorch --case ns-128 --threads 1 --seconds 0.2 --reps 1", dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("ours/pt"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("first-iteration losses ours d="), std::string::npos) << r.out;
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex("\nns-128 +1 +[0-9.]+ \\[[0-9.]+-[0-9.]+\\] +[0-9.]+ \\[[0-9.]+-[0-9.]+\\] +[0-9.]+x +[0-9.]+%")))
      << r.out;
}

// --reps belongs to --compare-pytorch.
TEST(CliBench, RepsNeedsComparePytorch) {
  const fs::path dir = scratchDir("cli_bench_reps");
  const CliResult r = runGanscope("bench --case ns-128 --seconds 0.2 --reps 2", dir);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.err.find("--compare-pytorch"), std::string::npos) << r.err;
}

TEST(CliHelp, EverySubcommandHasHelp) {
  const fs::path dir = scratchDir("cli_help");
  for (std::string sub : {"", "train", "presets", "bench", "render"}) {
    const CliResult r = runGanscope(sub + " --help", dir);
    EXPECT_EQ(r.code, 0) << sub << ": " << r.err;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << sub << ": " << r.out;
  }
  const CliResult train = runGanscope("train --help", dir);
  for (const char* opt : {"--preset", "--config", "--set", "--steps", "--seed", "--out", "--eval-every"})
    EXPECT_NE(train.out.find(opt), std::string::npos) << opt;
  const CliResult top = runGanscope("--help", dir);
  for (const char* opt : {"--quit-after", "--screenshot", "--font-scale", "train", "presets", "bench"})
    EXPECT_NE(top.out.find(opt), std::string::npos) << opt;
}

}  // namespace
}  // namespace gs::test
