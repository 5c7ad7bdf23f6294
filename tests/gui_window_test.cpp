// The real program under a display (Xvfb in ./test.sh): trains for a few seconds, saves a
// screenshot of its window, exits 0; the picture must show a heat map or plot with colour
// spread and both sample colours (real = orange, generated = sky blue). Skipped without DISPLAY.
#include <gtest/gtest.h>
#include <stb/stb_image.h>

#include <sys/wait.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace {

struct Image {
  int w = 0, h = 0;
  std::vector<unsigned char> rgb;
  const unsigned char* at(int x, int y) const { return &rgb[(size_t(y) * size_t(w) + size_t(x)) * 3]; }
};

Image load(const std::string& path) {
  Image im;
  int n = 0;
  unsigned char* data = stbi_load(path.c_str(), &im.w, &im.h, &n, 3);
  if (data) {
    im.rgb.assign(data, data + size_t(im.w) * size_t(im.h) * 3);
    stbi_image_free(data);
  }
  return im;
}

std::string run(const std::string& args, int& rc) {
  const std::string cmd = std::string(GANSCOPE_BIN) + " " + args + " 2>&1";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) {
    rc = -1;
    return out;
  }
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  const int status = pclose(p);
  rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

bool near(const unsigned char* px, int r, int g, int b, int tol) {
  return std::abs(px[0] - r) <= tol && std::abs(px[1] - g) <= tol && std::abs(px[2] - b) <= tol;
}

void checkScreenshot(const std::string& preset) {
  if (!std::getenv("DISPLAY") || !*std::getenv("DISPLAY")) GTEST_SKIP() << "no DISPLAY (run under xvfb-run)";
  std::filesystem::create_directories(GANSCOPE_TEST_TMP);
  const std::string png = std::string(GANSCOPE_TEST_TMP) + "/gui-" + preset + ".png";
  std::filesystem::remove(png);
  int rc = 0;
  const std::string out = run("--preset " + preset + " --quit-after 4 --screenshot " + png, rc);
  ASSERT_EQ(rc, 0) << out;
  const Image im = load(png);
  ASSERT_GT(im.w, 400) << "no readable PNG at " << png << "\n" << out;

  // The centre column of the layout holds the main view (data space or 1-D plot).
  const int x0 = im.w * 27 / 100, x1 = im.w * 62 / 100, y0 = im.h * 15 / 100, y1 = im.h * 80 / 100;
  std::set<int> colours;
  long orange = 0, blue = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      const unsigned char* p = im.at(x, y);
      colours.insert((p[0] / 16) << 8 | (p[1] / 16) << 4 | (p[2] / 16));
      orange += near(p, 230, 159, 0, 40);
      blue += near(p, 86, 180, 233, 40);
    }
  EXPECT_GT(colours.size(), 40u) << "the main view looks blank (" << colours.size() << " colours)";
  EXPECT_GT(orange, 50) << "no real samples (orange) visible";
  EXPECT_GT(blue, 50) << "no generated samples (sky blue) visible";
}

TEST(GuiWindow, Flat1dScreenshotShowsThePlotAndBothSampleColours) { checkScreenshot("flat-1d"); }

TEST(GuiWindow, WganGpRing8ScreenshotShowsTheHeatMapAndBothSampleColours) { checkScreenshot("wgan-gp-ring8"); }

TEST(GuiWindow, WithoutADisplayItSaysWhatToDoAndExits1) {
  const std::string cmd = std::string("env -u DISPLAY -u WAYLAND_DISPLAY ") + GANSCOPE_BIN + " --preset flat-1d 2>&1";
  std::string msg;
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[512];
  while (fgets(buf, sizeof buf, p)) msg += buf;
  const int status = pclose(p);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1) << msg;
  EXPECT_NE(msg.find("no display (DISPLAY is not set)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("xvfb-run"), std::string::npos) << msg;
}

}  // namespace
