// core/field/CriticNet: the critic packed for the heat-map shader evaluates to the CPU field
// (Trainer::evaluateCritic) for every kind of critic the shader draws, refuses the ones it
// cannot, and the rule that picks the shader or the CPU grid. The shader itself is checked
// against the same numbers in gui_field_shader_test.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <ostream>
#include <string>

#include "PresetConfig.h"
#include "config/Config.h"
#include "field/CriticNet.h"
#include "field/Field.h"
#include "train/Trainer.h"

namespace gs {
namespace {

void train(Trainer<float>& t, int iterations) {
  for (int i = 0; i < iterations; ++i) t.iterate();
}

// max |packed - CPU| over a 24x24 grid of the box, and the CPU values' range.
void compare(Trainer<float>& t, const CriticNet& net, double& maxDiff, double& range) {
  const Eigen::MatrixXd grid = gridPoints(net.box, 24, 24, 2);
  Eigen::VectorXd cpu;
  t.evaluateCritic(grid, cpu);
  maxDiff = 0;
  for (Eigen::Index k = 0; k < grid.cols(); ++k)
    maxDiff = std::max(maxDiff, std::abs(net.evaluate(grid(0, k), grid(1, k)) - cpu[k]));
  range = cpu.maxCoeff() - cpu.minCoeff();
}

struct Case {
  const char* preset;
  const char* activation;
  DisplayMap map;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.preset << " " << c.activation; }

class PackedCritic : public ::testing::TestWithParam<Case> {};

TEST_P(PackedCritic, EvaluatesToTheCpuField) {
  const Case& k = GetParam();
  Trainer<float> t(quickPresetConfig(k.preset, k.activation));
  train(t, 2);
  const Box box{-3, 3, -2.5, 2.5};
  const auto net = packCriticNet(t, box);
  ASSERT_TRUE(net) << k.preset;
  EXPECT_EQ(int(net->map), int(k.map));
  EXPECT_EQ(net->components, t.components());
  double maxDiff = 0, range = 0;
  compare(t, *net, maxDiff, range);
  EXPECT_GT(range, 0.0);
  // Float evaluation in another summation order (and PacGAN's copies folded into W1).
  EXPECT_LE(maxDiff, 1e-5 * std::max(range, 1e-3)) << k.preset << " range " << range;
}

INSTANTIATE_TEST_SUITE_P(
    Critics, PackedCritic,
    ::testing::Values(Case{"wgan-gp-ring8", "", DisplayMap::Identity},          // raw critic, ReLU
                      Case{"collapse-ring8", "leaky_relu", DisplayMap::Sigmoid},  // minimax: σ(logit)
                      Case{"pacgan-ring8", "", DisplayMap::Sigmoid},             // pack 2, tanh
                      Case{"loss-sensitive-ring8", "elu", DisplayMap::Softplus},  // L(raw) = softplus
                      Case{"mixgan-ring8", "softplus", DisplayMap::Sigmoid},     // 5 critics, weighted
                      Case{"ebm-cd-ring8", "", DisplayMap::Identity}),           // an energy
    [](const ::testing::TestParamInfo<Case>& i) {
      std::string n = std::string(i.param.preset) + (*i.param.activation ? std::string("_") + i.param.activation : "");
      std::replace(n.begin(), n.end(), '-', '_');
      return n;
    });

TEST(PackedCritic, LossSensitiveWithReluMapsThroughRelu) {
  Config c = quickPresetConfig("loss-sensitive-ring8");
  c.objectiveParams["relu"] = 1.0;
  Trainer<float> t(c);
  const auto net = packCriticNet(t, Box{});
  ASSERT_TRUE(net);
  EXPECT_EQ(net->map, DisplayMap::Relu);
}

TEST(PackedCritic, RefusesWhatTheShaderCannotDraw) {
  Trainer<float> ae(quickPresetConfig("ebgan-ring8"));  // auto-encoder critic
  EXPECT_FALSE(packCriticNet(ae, Box{}));
  Trainer<float> line(quickPresetConfig("minimax-1d"));  // 1-D data
  EXPECT_FALSE(packCriticNet(line, Box{}));
  Config wide = quickPresetConfig("wgan-gp-ring8");
  wide.d.width = kNetMaxWidth + 1;
  wide.d.depth = 1;
  Trainer<float> w(wide);
  EXPECT_FALSE(packCriticNet(w, Box{}));
}

TEST(PackedCritic, LayoutAndCost) {
  Config c = quickPresetConfig("wgan-gp-ring8");  // 3 hidden layers of 128
  Trainer<float> t(c);
  const auto net = packCriticNet(t, Box{});
  ASSERT_TRUE(net);
  EXPECT_EQ(net->data.size(), size_t(1 + t.critic().numParams()));  // w_0 and the parameters
  EXPECT_EQ(net->macsPerPoint(), 2 * 128 + 2 * 128 * 128 + 128);
  EXPECT_LE(net->macsPerPoint(), kNetMaxMacs);
}

TEST(FieldPathRule, SoftwareRenderersAndLargeNetworksDrawTheGrid) {
  CriticNet small;
  small.width = 64, small.depth = 2;
  CriticNet large;
  large.width = 256, large.depth = 4, large.components = 1;  // 197k multiply-adds
  ASSERT_GT(large.macsPerPoint(), kNetMaxMacs);
  const std::string gpu = "NVIDIA GeForce RTX 3060/PCIe/SSE2";
  std::string why;
  EXPECT_EQ(chooseFieldPath(gpu, nullptr, &small, &why), FieldPath::Gpu) << why;
  EXPECT_EQ(chooseFieldPath(gpu, "auto", &small), FieldPath::Gpu);
  for (const char* sw : {"llvmpipe (LLVM 15.0.6, 256 bits)", "softpipe", "Google SwiftShader"}) {
    EXPECT_EQ(chooseFieldPath(sw, nullptr, &small, &why), FieldPath::Cpu) << sw;
    EXPECT_NE(why.find("software"), std::string::npos) << why;
  }
  EXPECT_EQ(chooseFieldPath(gpu, nullptr, &large, &why), FieldPath::Cpu);
  EXPECT_NE(why.find("too large"), std::string::npos) << why;
  EXPECT_EQ(chooseFieldPath(gpu, nullptr, nullptr), FieldPath::Cpu);  // not expressible
  // The override: cpu always, gpu on any renderer and size, never without a network.
  EXPECT_EQ(chooseFieldPath(gpu, "cpu", &small), FieldPath::Cpu);
  EXPECT_EQ(chooseFieldPath("llvmpipe", "gpu", &small), FieldPath::Gpu);
  EXPECT_EQ(chooseFieldPath(gpu, "gpu", &large), FieldPath::Gpu);
  EXPECT_EQ(chooseFieldPath("llvmpipe", "gpu", nullptr), FieldPath::Cpu);
  EXPECT_EQ(chooseFieldPath("llvmpipe", "fast", &small, &why), FieldPath::Cpu);  // unknown = auto
  EXPECT_NE(why.find("not gpu, cpu or auto"), std::string::npos) << why;
}

}  // namespace
}  // namespace gs
