// `ganscope train --config shot.png`: a PNG saved by ganscope restores its config (the
// ganscope:config text chunk); a PNG without one or with a damaged chunk exits 2 naming the file,
// with nothing written.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "TestFiles.h"
#include "TinyPng.h"
#include "config/Config.h"
#include "config/PngConfig.h"
#include "util/Crc32.h"
#include "util/PngText.h"

namespace gs::test {
namespace {

namespace fs = std::filesystem;

using gs::test::readFile;

int train(const fs::path& png, const fs::path& out, std::string& err) {
  const fs::path errFile = out.string() + ".stderr";
  const std::string cmd = "'" + std::string(GANSCOPE_BIN) + "' train --config '" + png.string() +
                          "' --steps 2 -q --out '" + out.string() + "' >/dev/null 2>'" + errFile.string() + "'";
  const int status = std::system(cmd.c_str());
  err = readFile(errFile);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct CliPngConfig : ::testing::Test {
  fs::path dir;
  void SetUp() override { dir = gs::test::scratchDir(); }
};

TEST_F(CliPngConfig, TrainRestoresTheScreenshotsConfig) {
  nlohmann::json j = loadPreset("began-ring8");
  applySetting(j, "train.seed=77");
  applySetting(j, "eval.samples=200");
  const Config cfg = configFromJson(j);
  const fs::path png = dir / "shot.png";
  std::ofstream(png, std::ios::binary) << pngInsertText(tinyPng(), {{kPngConfigKey, configToJson(cfg).dump(2)}});
  std::string err;
  ASSERT_EQ(train(png, dir / "run", err), 0) << err;
  const auto summary = nlohmann::json::parse(readFile(dir / "run" / "summary.json"));
  // train records the objective's defaults; read back through the schema both are the same Config.
  EXPECT_EQ(configToJson(configFromJson(summary["config"])), configToJson(cfg));
  EXPECT_EQ(summary["config"]["train"]["seed"], 77);
}

TEST_F(CliPngConfig, PngWithoutConfigOrDamagedIsRefused) {
  const fs::path plain = dir / "plain.png";
  std::ofstream(plain, std::ios::binary) << tinyPng();
  std::string err;
  EXPECT_EQ(train(plain, dir / "a", err), 2);
  EXPECT_NE(err.find(plain.string() + " has no ganscope config (not saved by ganscope?)"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(dir / "a"));

  std::string bytes = pngInsertText(tinyPng(), {{kPngConfigKey, "{\"objective\": {\"name\": \"began\"}}"}});
  bytes[bytes.find("began") + 1] ^= 0x20;
  const fs::path damaged = dir / "damaged.png";
  std::ofstream(damaged, std::ios::binary) << bytes;
  EXPECT_EQ(train(damaged, dir / "b", err), 2);
  EXPECT_NE(err.find(damaged.string()), std::string::npos) << err;
  EXPECT_NE(err.find("CRC"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(dir / "b"));
}

}  // namespace
}  // namespace gs::test
