// The ganscope CLI end to end: bad input (exit 2, one line naming the cause, nothing written),
// a short successful run and its three files, divergence (exit 3), `presets`, `bench`, --help.
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

namespace gs::test {
namespace {


struct CliResult {
  int code = -1;
  std::string out, err;
};

std::string readText(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fresh, empty scratch folder for one test.
std::filesystem::path scratch(const std::string& name) {
  const auto dir = std::filesystem::path(GANSCOPE_TEST_TMP) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// args are appended verbatim to the command line (quote them yourself).
CliResult runGanscope(const std::string& args, const std::filesystem::path& dir) {
  const auto out = dir / "stdout.txt", err = dir / "stderr.txt";
  const std::string cmd = "'" + std::string(GANSCOPE_BIN) + "' " + args + " >'" + out.string() + "' 2>'" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  CliResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = readText(out);
  r.err = readText(err);
  return r;
}



namespace fs = std::filesystem;

struct ErrorCase {
  std::string name;
  std::string args;  // after `train`, before `--out`
  std::string mustName;
};

class CliErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(CliErrors, ExitTwoNameTheCauseWriteNothing) {
  const ErrorCase& c = GetParam();
  const fs::path dir = scratch("cli_errors/" + c.name);
  // Files used by some cases: a malformed file and one with a bad key.
  std::ofstream(dir / "malformed.json") << "{\n  \"train\": {\"batch\": 64,,}\n}\n";
  std::ofstream(dir / "typo.json") << R"({"g": {"widht": 64}})";
  std::string args = c.args;
  for (std::string from : {"@DIR@"}) {
    for (size_t p; (p = args.find(from)) != std::string::npos;) args.replace(p, from.size(), dir.string());
  }
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
  const fs::path dir = scratch("cli_errors/out_is_file");
  std::ofstream(dir / "file") << "x";
  const CliResult r = runGanscope("train --preset flat-1d --steps 5 --out '" + (dir / "file").string() + "'", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("not a directory"), std::string::npos) << r.err;
  EXPECT_EQ(readText(dir / "file"), "x");
}

TEST(CliErrors, UnknownBenchCaseAndRender) {
  const fs::path dir = scratch("cli_errors/bench");
  CliResult r = runGanscope("bench --case nope --seconds 0.1", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("nope"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("wgan-gp-512"), std::string::npos) << r.err;
  r = runGanscope("render", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("not available"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace gs::test
