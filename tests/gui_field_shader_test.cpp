// The critic field drawn by the heat-map shader (shaders/field_net_frag.glsl) equals the CPU
// field: the shader's raw values, rendered into an R32F framebuffer before any colouring and
// read back, against Trainer::evaluateCritic at the same pixel centres, for trained critics of
// each kind the shader draws. Also: the path FieldTexture picks in this context (GANSCOPE_FIELD
// and the renderer), and a view drawn through the shader path. Runs on the display-free EGL
// context (llvmpipe runs the shader correctly, slowly: the pictures are small).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "TestFiles.h"
#include "PresetConfig.h"
#include "config/Config.h"
#include "field/CriticNet.h"
#include "field/Field.h"
#include "gui/CanvasRenderer.h"
#include "gui/GlUtil.h"
#include "gui/HeadlessGl.h"
#include "gui/ViewHost.h"
#include "train/SnapshotBuilder.h"
#include "train/Trainer.h"

namespace gs {
namespace {

struct FieldShader : ::testing::Test {
  std::unique_ptr<HeadlessGl> gl;
  void SetUp() override {
    try {
      gl = std::make_unique<HeadlessGl>(16.0f);
    } catch (const std::exception& e) {
      GTEST_SKIP() << e.what();
    }
  }
  void TearDown() override { unsetenv("GANSCOPE_FIELD"); }
};

// The shader's values at the pixel centres of a w x h picture of the box against the CPU's
// evaluation of the same points. Tolerance: 1e-4 of the field's range over those pixels (float
// evaluation in another summation order; the colormap resolves 1/256 of the range).
void expectShaderMatchesCpu(CanvasRenderer& renderer, const std::string& preset, const std::string& activation) {
  Trainer<float> t(quickPresetConfig(preset, activation));
  for (int i = 0; i < 2; ++i) t.iterate();
  const Box box{-3.2, 2.8, -2.6, 3.0};  // not symmetric: a flipped axis would show
  const auto net = packCriticNet(t, box);
  ASSERT_TRUE(net) << preset;
  const int w = 40, h = 30;
  const std::vector<float> gpu = renderer.renderNetValues(*net, w, h);
  ASSERT_EQ(gpu.size(), size_t(w * h));
  Eigen::MatrixXd points(2, w * h);
  for (int j = 0; j < h; ++j)
    for (int i = 0; i < w; ++i) {
      points(0, j * w + i) = box.xmin + (box.xmax - box.xmin) * (i + 0.5) / w;
      points(1, j * w + i) = box.ymin + (box.ymax - box.ymin) * (j + 0.5) / h;
    }
  Eigen::VectorXd cpu;
  t.evaluateCritic(points, cpu);
  const double range = cpu.maxCoeff() - cpu.minCoeff();
  ASSERT_GT(range, 0.0) << preset;
  double maxDiff = 0;
  int worst = 0;
  for (int k = 0; k < w * h; ++k) {
    const double d = std::abs(double(gpu[size_t(k)]) - cpu[k]);
    if (!(d <= maxDiff)) maxDiff = d, worst = k;  // NaN counts as the worst
  }
  std::printf("%s: max |shader - CPU| = %.3g over a range of %.3g\n", preset.c_str(), maxDiff, range);
  EXPECT_LE(maxDiff, 1e-4 * range) << preset << (activation.empty() ? "" : " " + activation) << ": pixel "
                                   << worst % w << "," << worst / w << " shader " << gpu[size_t(worst)] << " CPU "
                                   << cpu[worst] << ", range " << range;
}

TEST_F(FieldShader, ShaderAndCpuFieldAgreeWithinFloatTolerance) {
  CanvasRenderer renderer;
  expectShaderMatchesCpu(renderer, "wgan-gp-ring8", "");           // raw critic, ReLU, 3 x 128
  expectShaderMatchesCpu(renderer, "collapse-ring8", "leaky_relu");  // σ(logit)
  expectShaderMatchesCpu(renderer, "pacgan-ring8", "");            // PacGAN pairs, tanh
  expectShaderMatchesCpu(renderer, "loss-sensitive-ring8", "elu");   // softplus(raw)
  expectShaderMatchesCpu(renderer, "mixgan-ring8", "softplus");     // 5 weighted critics
}

TEST_F(FieldShader, TextureTakesTheShaderPathWhenForcedAndTheGridOnSoftwareRenderers) {
  Trainer<float> t(quickPresetConfig("wgan-gp-ring8"));
  Field f = makeField(2, 2, Box{}, {0.0, 1.0, 2.0, 3.0});
  f.net = packCriticNet(t, f.box);
  ASSERT_TRUE(f.net);
  FieldTexture tex;
  setenv("GANSCOPE_FIELD", "gpu", 1);
  tex.upload(f);
  EXPECT_EQ(tex.gpuNet(), f.net.get());
  EXPECT_NE(tex.netTexture(), 0u);
  EXPECT_EQ(FieldTexture::find(tex.id()), &tex);
  setenv("GANSCOPE_FIELD", "cpu", 1);
  tex.upload(f);
  EXPECT_EQ(tex.gpuNet(), nullptr);
  unsetenv("GANSCOPE_FIELD");
  tex.upload(f);
  const std::string renderer = gl->renderer();
  if (renderer.find("llvmpipe") != std::string::npos || renderer.find("softpipe") != std::string::npos)
    EXPECT_EQ(tex.gpuNet(), nullptr) << renderer;  // auto on a software renderer: the grid
}

// The data view drawn with the field from the shader and from the grid: the same picture up to
// the grid's interpolation (small mean colour difference), and not the same bytes (the shader
// path really drew). A narrow critic keeps llvmpipe quick at this size.
TEST_F(FieldShader, DataViewLooksTheSameOnBothPaths) {
  Config c = quickPresetConfig("wgan-gp-ring8");
  c.d.width = 32;
  c.d.depth = 2;
  Trainer<float> t(c);
  for (int i = 0; i < 2; ++i) t.iterate();
  SnapshotBuilder builder;
  builder.prepare(t, true, true);
  std::shared_ptr<Snapshot> snap = builder.build(t, RunStatus{}, Diagnostics{}, false, false);
  ASSERT_TRUE(snap->criticField.net);
  const int w = 480, h = 360;
  std::vector<uint8_t> pictures[2];
  const auto dir = gs::test::scratchDir("field-shader");  // the two pictures are kept for a look
  for (int k = 0; k < 2; ++k) {
    setenv("GANSCOPE_FIELD", k == 0 ? "cpu" : "gpu", 1);
    ViewHost host(true);
    host.setFonts(gl->fonts());
    snap->version = 10 + k;
    host.update(*snap);
    pictures[k] = host.renderPixels(host.data(), *snap, w, h);
    ASSERT_EQ(pictures[k].size(), size_t(w * h * 4));
    const auto file = dir / (k == 0 ? "data-view-grid.png" : "data-view-shader.png");
    EXPECT_EQ(writePngAtomic(file.string(), pictures[k], w, h), "");
  }
  double sum = 0;
  int changed = 0;
  for (size_t i = 0; i < pictures[0].size(); i += 4) {
    int d = 0;
    for (size_t ch = 0; ch < 3; ++ch) d += std::abs(int(pictures[0][i + ch]) - int(pictures[1][i + ch]));
    sum += d / 3.0;
    changed += d > 0;
  }
  const double mean = sum / double(w * h);
  std::printf("data view, shader against grid: %d of %d pixels differ, mean |difference| %.3g (0-255)\n", changed,
              w * h, mean);
  EXPECT_GT(changed, w * h / 200);  // the shader path really drew the field
  EXPECT_LT(mean, 2.0);            // and drew the same field
}

}  // namespace
}  // namespace gs
