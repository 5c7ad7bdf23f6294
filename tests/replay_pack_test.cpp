// train.replay (a bounded buffer of earlier fakes) and train.pack (PacGAN): the buffer keeps the
// newest points and never grows past its size, D's fake batch really holds earlier fakes, the
// buffer is part of a saved state, and packing refuses the objectives it cannot serve.
#include <gtest/gtest.h>

#include <cstring>
#include <set>

#include "ConfigErrorOf.h"
#include "SmallConfig.h"
#include "train/ReplayBuffer.h"
#include "train/Trainer.h"

namespace gs {
namespace {

using Mat = Eigen::MatrixXf;

Mat column(float v) { return Mat::Constant(2, 1, v); }

TEST(ReplayBuffer, KeepsTheNewestPointsAndNeverGrows) {
  ReplayBuffer<float> b;
  b.configure(5, 2);
  for (int i = 0; i < 12; ++i) b.push(column(float(i)));
  ASSERT_EQ(b.size(), 5);
  for (int k = 0; k < 5; ++k) EXPECT_EQ(b.point(k)(0), float(7 + k)) << k;  // oldest first
  Mat many(2, 9);
  for (int i = 0; i < 9; ++i) many.col(i).setConstant(float(100 + i));
  b.push(many);  // more than fit: the last five
  EXPECT_EQ(b.size(), 5);
  EXPECT_EQ(b.point(0)(0), 104.0f);
  EXPECT_EQ(b.point(4)(0), 108.0f);

  b.configure(3, 2);  // smaller: the newest three stay, in order
  ASSERT_EQ(b.size(), 3);
  EXPECT_EQ(b.point(0)(0), 106.0f);
  EXPECT_EQ(b.point(2)(0), 108.0f);
  b.configure(3, 1);  // another dimension: nothing fits
  EXPECT_EQ(b.size(), 0);
}

TEST(ReplayBuffer, DrawsOnlyStoredPoints) {
  ReplayBuffer<float> b;
  b.configure(4, 2);
  for (int i = 0; i < 4; ++i) b.push(column(float(i)));
  Rng rng(3);
  Mat x = Mat::Constant(2, 50, -1.0f);
  b.draw(rng, x, 10, 30);
  std::set<float> seen;
  for (int k = 0; k < 50; ++k) {
    if (k < 10 || k >= 40) {
      EXPECT_EQ(x(0, k), -1.0f) << k;  // outside the range: untouched
    } else {
      EXPECT_GE(x(0, k), 0.0f);
      seen.insert(x(0, k));
    }
  }
  EXPECT_EQ(seen.size(), 4u);  // 30 draws of 4 points: all of them show up
}

TEST(TrainReplay, TheBufferFillsUpToItsSizeAndFeedsTheFakeBatch) {
  Config c = smallConfig();
  c.replay = 0.5;
  c.replaySize = 200;
  Trainer<float> t(c);
  t.criticStep();  // an empty buffer replays nothing
  EXPECT_EQ(t.replayBuffer().size(), 64);
  for (int i = 0; i < 10; ++i) t.iterate();
  EXPECT_EQ(t.replayBuffer().size(), 200);  // bounded

  StepBatch<float> b;
  t.sampleBatch(b, true);
  ASSERT_EQ(b.replayed.cols(), 32);  // round(0.5 · 64)
  for (int k = 0; k < b.replayed.cols(); ++k) {
    bool stored = false;
    for (int j = 0; j < t.replayBuffer().size() && !stored; ++j)
      stored = (t.replayBuffer().point(j) - b.replayed.col(k)).norm() == 0;
    EXPECT_TRUE(stored) << k;
  }
  c.replay = 0;
  Trainer<float> off(c);
  off.iterate();
  EXPECT_EQ(off.replayBuffer().size(), 0);
}

TEST(TrainReplay, ASavedStateResumesBitForBit) {
  Config c = smallConfig();
  c.replay = 0.3;
  c.replaySize = 150;
  Trainer<float> a(c);
  for (int i = 0; i < 6; ++i) a.iterate();
  Trainer<float> b(c);
  b.loadState(a.saveState());
  ASSERT_EQ(b.replayBuffer().size(), a.replayBuffer().size());
  for (int i = 0; i < 6; ++i) a.iterate(), b.iterate();
  EXPECT_EQ(0, std::memcmp(a.critic().params().data(), b.critic().params().data(),
                           sizeof(float) * size_t(a.critic().numParams())));
  EXPECT_EQ(0, std::memcmp(a.generator().params(), b.generator().params(),
                           sizeof(float) * size_t(a.generator().numParams())));

  Config other = c;
  other.replaySize = 99;
  Trainer<float> wrong(other);
  const std::string msg = errorOf([&] { wrong.loadState(a.saveState()); });
  EXPECT_NE(msg.find("train.replay"), std::string::npos) << msg;
}

TEST(TrainPack, DiscriminatorJudgesPacksAndEnergiesAreRefused) {
  Config c = smallConfig();
  c.pack = 3;
  Trainer<float> t(c);
  EXPECT_EQ(t.critic().shape().in, 6);  // three 2-D samples
  for (int i = 0; i < 3; ++i) t.iterate();
  EXPECT_FALSE(t.diverged());
  Eigen::MatrixXd x = Eigen::MatrixXd::Random(2, 7);
  Eigen::VectorXd v;
  t.evaluateCritic(x, v);  // views: D on packs of copies
  EXPECT_EQ(v.size(), 7);
  Eigen::MatrixXd grad;
  t.criticInputGradient(x, grad);
  EXPECT_EQ(grad.rows(), 2);

  for (const std::string energy : {"ebgan", "calibrated-ebgan", "loss-sensitive"}) {
    Config e = smallConfig("ring8", energy);
    e.pack = 2;
    const std::string msg = errorOf([&] { Trainer<float> bad(e); });
    EXPECT_NE(msg.find("train.pack"), std::string::npos) << energy << ": " << msg;
  }
}

}  // namespace
}  // namespace gs
