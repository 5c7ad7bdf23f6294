// metrics.csv: one table for `ganscope train` and the window's CSV export (core/train/MetricsCsv.h).
// The window's table comes from the curve history; for the same config it has train's columns and,
// at the evaluated steps, train's numbers.
#include "train/MetricsCsv.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "TestFiles.h"
#include "config/Config.h"
#include "train/Trainer.h"

namespace gs::test {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream ss(line);
  std::string c;
  while (std::getline(ss, c, ',')) cells.push_back(c);
  return cells;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string l;
  while (std::getline(ss, l)) out.push_back(l);
  return out;
}

// Every cell a whole number as strtod reads it ("nan" and "inf" included).
double cell(const std::string& s) {
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  EXPECT_TRUE(!s.empty() && *end == '\0') << "'" << s << "' is not a number";
  return v;
}

std::string readText(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(MetricsCsv, NumbersAndColumns) {
  EXPECT_EQ(csvNumber(std::nan("")), "nan");
  EXPECT_EQ(csvNumber(-INFINITY), "-inf");
  EXPECT_EQ(csvNumber(0.125), "0.125");
  EXPECT_EQ(csvNumber(1.0 / 3.0), "0.333333333");
  Diagnostics d;
  d.state = {{"k_t", 0.5}};
  d.mixtureG = {0.25, 0.75};
  const auto cols = metricsCsvColumns(d);
  ASSERT_EQ(cols.size(), 1 + 8 + Metrics{}.named().size() + 3);
  EXPECT_EQ(cols[0], "step");
  EXPECT_EQ(cols[1], "d_loss");
  EXPECT_EQ(cols[9], "modes_captured");
  EXPECT_EQ(cols[cols.size() - 3], "k_t");
  EXPECT_EQ(cols.back(), "w_g1");
}

TEST(MetricsCsv, ColumnsAreFixedByTheFirstRow) {
  MetricsCsv t;
  Diagnostics d;
  d.dLoss = 1.5;
  d.state = {{"k_t", 0.25}};
  Metrics m;
  m.w1 = 0.5;
  t.add(10, d, m);
  d.state = {{"other", 7}};  // k_t gone (nan), "other" left out
  t.add(20, d, m);
  const auto rows = lines(t.text());
  ASSERT_EQ(rows.size(), 3u);
  const auto head = split(rows[0]);
  EXPECT_EQ(head.back(), "k_t");
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto c = split(rows[r]);
    ASSERT_EQ(c.size(), head.size()) << rows[r];
    for (auto& s : c) cell(s);
    EXPECT_EQ(c[1], "1.5");
  }
  EXPECT_EQ(split(rows[1]).back(), "0.25");
  EXPECT_EQ(split(rows[2]).back(), "nan");
}

// Diagnostics rows every step, metrics rows now and then at the same step (as the Session
// appends them): one CSV row per step, the metrics filled in only where they were evaluated.
TEST(MetricsCsv, HistoryRowsOfOneStepMerge) {
  History h;
  Diagnostics d;
  d.state = {{"k_t", 0}};
  Metrics m;
  for (int s = 1; s <= 4; ++s) {
    d.dLoss = s;
    d.state[0].second = 0.1 * s;
    h.append(s, d.named());
    if (s % 2 == 0) {
      m.w1 = 10 * s;
      h.append(s, m.named());
    }
  }
  ASSERT_EQ(h.size(), 6u);
  const auto rows = lines(metricsCsvFromHistory(h, d));
  ASSERT_EQ(rows.size(), 5u);  // header + steps 1..4
  const auto head = split(rows[0]);
  EXPECT_EQ(head, metricsCsvColumns(d));
  size_t w1 = 0, kt = 0, modes = 0;
  for (size_t i = 0; i < head.size(); ++i) {
    if (head[i] == "w1") w1 = i;
    if (head[i] == "k_t") kt = i;
    if (head[i] == "modes_captured") modes = i;
  }
  ASSERT_GT(w1, 0u);
  ASSERT_GT(kt, 0u);
  for (int s = 1; s <= 4; ++s) {
    const auto c = split(rows[size_t(s)]);
    ASSERT_EQ(c.size(), head.size()) << rows[size_t(s)];
    EXPECT_EQ(c[0], std::to_string(s));
    EXPECT_EQ(cell(c[1]), s);
    EXPECT_FLOAT_EQ(float(cell(c[kt])), float(0.1 * s));
    if (s % 2 == 0)
      EXPECT_EQ(cell(c[w1]), 10 * s);
    else
      EXPECT_EQ(c[w1], "nan");
    EXPECT_EQ(c[modes], "nan");  // never set in these rows
  }
}

// Train's columns only: a series the current objective does not have (an objective swapped
// mid-run) is left out, a state key of the current one without values reads nan.
TEST(MetricsCsv, HistorySeriesOutsideTrainsColumnsAreLeftOut) {
  History h;
  Diagnostics began;
  began.state = {{"k_t", 0.5}};
  h.append(1, began.named());
  Diagnostics plain;
  h.append(2, plain.named());
  auto rows = lines(metricsCsvFromHistory(h, plain));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(split(rows[0]), metricsCsvColumns(plain));
  EXPECT_EQ(rows[0].find("k_t"), std::string::npos);
  Diagnostics mix;
  mix.mixtureG = {1};
  rows = lines(metricsCsvFromHistory(h, mix));
  EXPECT_EQ(split(rows[0]), metricsCsvColumns(mix));
  EXPECT_EQ(split(rows[1]).back(), "nan");
}

// The window's export has train's columns for the same config, and at train's evaluation steps
// its numbers (the history keeps floats; the CLI's evaluation may sum in another order).
TEST(MetricsCsv, HistoryTableMatchesTrainForTheSameConfig) {
  for (const std::string preset : {"began-ring8", "mixgan-ring8"}) {
    SCOPED_TRACE(preset);
    const fs::path dir = gs::test::scratchDir(preset);
    const std::string cmd = "'" + std::string(GANSCOPE_BIN) + "' train --preset " + preset +
                            " --steps 4 --eval-every 2 --seed 5 -q --set eval.samples=200 --out '" +
                            (dir / "run").string() + "' >/dev/null 2>&1";
    const int status = std::system(cmd.c_str());
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << cmd;
    const auto train = lines(readText(dir / "run" / "metrics.csv"));
    ASSERT_EQ(train.size(), 3u);

    nlohmann::json j = loadPreset(preset);
    applySetting(j, "train.seed=5");
    applySetting(j, "eval.samples=200");
    const Config cfg = configFromJson(j);
    Trainer<float> t(cfg);
    const EvalSet set = makeEvalSet(t, cfg.evalSamples, cfg.seed);
    History h;
    Eigen::MatrixXd fake;
    for (int s = 1; s <= 4; ++s) {
      t.iterate();
      h.append(t.step(), t.diagnostics().named());
      if (s % 2 == 0) h.append(t.step(), evaluateMetrics(t, set, fake).named());
    }
    const auto gui = lines(metricsCsvFromHistory(h, t.diagnostics(), evaluateMetrics(t, set, fake)));
    ASSERT_EQ(gui.size(), 5u);
    EXPECT_EQ(gui[0], train[0]);
    for (int k = 0; k < 2; ++k) {
      const auto a = split(train[size_t(k) + 1]), b = split(gui[size_t(2 * k) + 2]);
      ASSERT_EQ(a.size(), b.size());
      for (size_t c = 0; c < a.size(); ++c) {
        const double x = cell(a[c]), y = cell(b[c]);
        if (std::isnan(x))
          EXPECT_TRUE(std::isnan(y)) << split(train[0])[c];
        else
          EXPECT_NEAR(x, y, 1e-5 * std::max(1.0, std::abs(x))) << split(train[0])[c];
      }
    }
  }
}

}  // namespace
}  // namespace gs::test
