// `ganscope render` end to end (the binary, with DISPLAY unset: EGL surfaceless), and the
// video encoder's asynchronous queue. Small sizes and few iterations keep it to seconds.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "TestFiles.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gui/VideoEncoder.h"

namespace {

namespace fs = std::filesystem;

struct Result {
  int code = -1;
  std::string out, err;
};

using gs::test::readFile;

fs::path scratch(const std::string& name) { return gs::test::scratchDir("render-" + name); }

// Runs a shell line in `dir` with DISPLAY unset (render must not need a display).
Result sh(const std::string& line, const fs::path& dir) {
  const auto out = dir / "stdout.txt", err = dir / "stderr.txt";
  const std::string cmd = "cd '" + dir.string() + "' && env -u DISPLAY -u WAYLAND_DISPLAY " + line + " >'" +
                          out.string() + "' 2>'" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  Result r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = readFile(out);
  r.err = readFile(err);
  return r;
}

const std::string kBin = std::string("'") + GANSCOPE_BIN + "'";
// A few iterations of the default scenario, small frames.
const std::string kRender = kBin + " render --preset wgan-gp-ring8 --set eval.samples=500 --size 192x128 -q";

bool haveFfmpeg() {
  return std::system("command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1") == 0;
}

// Decoded frames counted by ffprobe (-count_frames).
int countFrames(const fs::path& video, const fs::path& dir) {
  Result r = sh("ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 '" +
                    video.string() + "'",
                dir);
  return r.code == 0 ? std::atoi(r.out.c_str()) : -1;
}

// One md5 per decoded frame (the lines of ffmpeg's framemd5 muxer without its header).
std::string frameMd5s(const fs::path& video, const fs::path& dir) {
  Result r = sh("ffmpeg -v error -i '" + video.string() + "' -f framemd5 -", dir);
  EXPECT_EQ(r.code, 0) << r.err;
  std::istringstream in(r.out);
  std::string line, md5s;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#') md5s += line.substr(line.rfind(',') + 1) + "\n";
  return md5s;
}

std::vector<std::string> listDir(const fs::path& dir) {
  std::vector<std::string> names;
  for (auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(Render, Mp4HasOneFramePerKIterationsAndIsReproducibleWithoutDisplay) {
  if (!haveFfmpeg()) GTEST_SKIP() << "no ffmpeg";
  const auto dir = scratch("mp4");
  Result a = sh(kRender + " --steps 14 --every 4 --views data curves --caption --out a.mp4", dir);
  ASSERT_EQ(a.code, 0) << a.err;
  Result b = sh(kRender + " --steps 14 --every 4 --views data,curves --caption --out b.mp4", dir);
  ASSERT_EQ(b.code, 0) << b.err;
  EXPECT_EQ(countFrames(dir / "a.mp4", dir), 3);  // floor(14 / 4)
  const std::string ma = frameMd5s(dir / "a.mp4", dir), mb = frameMd5s(dir / "b.mp4", dir);
  EXPECT_EQ(std::count(ma.begin(), ma.end(), '\n'), 3);
  EXPECT_EQ(ma, mb) << "the same command gave different frames";
  // The frames differ from each other: training moves the picture.
  std::istringstream in(ma);
  std::string f1, f2;
  std::getline(in, f1);
  std::getline(in, f2);
  EXPECT_NE(f1, f2);
  // Another seed gives other frames (the md5s do see the content).
  Result c = sh(kRender + " --steps 14 --every 4 --views data curves --caption --seed 4 --out c.mp4", dir);
  ASSERT_EQ(c.code, 0) << c.err;
  EXPECT_NE(frameMd5s(dir / "c.mp4", dir), ma);
  for (auto& name : listDir(dir)) EXPECT_NE(name.rfind(".tmp-", 0), 0u) << "temporary left behind: " << name;
}

// At 1280x720 the window shows the metric curves (JSD, SW1): their points must not depend on
// which snapshots the session's view thread happened to build.
TEST(Render, WholeWindowIsPacedPerKAndReproducibleWithoutDisplay) {
  if (!haveFfmpeg()) GTEST_SKIP() << "no ffmpeg";
  const auto dir = scratch("window");
  const std::string cmd = kBin +
                          " render --preset wgan-gp-ring8 --set eval.samples=500 --size 1280x720 -q "
                          "--steps 9 --every 3 --views window --out ";
  Result a = sh(cmd + "a.mp4", dir);
  ASSERT_EQ(a.code, 0) << a.err;
  Result b = sh(cmd + "b.mp4", dir);
  ASSERT_EQ(b.code, 0) << b.err;
  EXPECT_EQ(countFrames(dir / "a.mp4", dir), 3);  // floor(9 / 3)
  Result size = sh("ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0 a.mp4", dir);
  EXPECT_EQ(size.out, "1280,720\n");
  const std::string ma = frameMd5s(dir / "a.mp4", dir), mb = frameMd5s(dir / "b.mp4", dir);
  EXPECT_EQ(std::count(ma.begin(), ma.end(), '\n'), 3);
  EXPECT_EQ(ma, mb) << "the same window render gave different frames";
  std::istringstream in(ma);
  std::string f1, f2;
  std::getline(in, f1);
  std::getline(in, f2);
  EXPECT_NE(f1, f2) << "training (and the iteration read-out) did not move the picture";
  for (auto& name : listDir(dir)) EXPECT_NE(name.rfind(".tmp-", 0), 0u) << "temporary left behind: " << name;
}

TEST(Render, WholeWindowDivergedExitsThreeWithTheFramesSoFar) {
  const auto dir = scratch("window-diverged");
  Result r = sh(kBin +
                    " render --preset wgan-gp-ring8 --set objective.name=wgan --set objective.clip=1 --set "
                    "d.optimizer=sgd --set d.lr=1 --set d.beta1=0.9 --set g.optimizer=sgd --set g.lr=1 --set "
                    "eval.samples=200 --size 320x180 -q --steps 200 --every 10 --views window --out frames",
                dir);
  ASSERT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("diverged"), std::string::npos) << r.err;
  const auto names = listDir(dir / "frames");
  ASSERT_FALSE(names.empty());
  EXPECT_LT(names.size(), 20u) << "the render went on after the divergence";
  EXPECT_EQ(names.front(), "frame-000001.png");
}

TEST(Render, GifIsAnimatedWithItsOwnPalette) {
  if (!haveFfmpeg()) GTEST_SKIP() << "no ffmpeg";
  const auto dir = scratch("gif");
  Result r = sh(kRender + " --steps 6 --every 2 --views data verdict --layout grid --fps 10 --out clip.gif", dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string gif = readFile(dir / "clip.gif");
  ASSERT_GT(gif.size(), 100u);
  EXPECT_EQ(gif.substr(0, 6), "GIF89a");
  EXPECT_EQ(countFrames(dir / "clip.gif", dir), 3);
}

TEST(Render, PngFolderHoldsNumberedFramesIdenticalAcrossRuns) {
  const auto dir = scratch("png");
  Result a = sh(kRender + " --steps 6 --every 3 --views coverage data --out framesA/", dir);
  ASSERT_EQ(a.code, 0) << a.err;
  Result b = sh(kRender + " --steps 6 --every 3 --views coverage data --out framesB", dir);
  ASSERT_EQ(b.code, 0) << b.err;
  const std::vector<std::string> expected = {"frame-000001.png", "frame-000002.png"};
  ASSERT_EQ(listDir(dir / "framesA"), expected);
  ASSERT_EQ(listDir(dir / "framesB"), expected);
  for (auto& name : expected) {
    const std::string pa = readFile(dir / "framesA" / name);
    EXPECT_EQ(pa.substr(1, 3), "PNG");
    EXPECT_EQ(pa, readFile(dir / "framesB" / name)) << name << " differs between two identical runs";
  }
  EXPECT_NE(readFile(dir / "framesA" / expected[0]), readFile(dir / "framesA" / expected[1]));
  // Rendering again into a frame folder replaces it whole.
  Result c = sh(kRender + " --steps 3 --every 3 --views coverage data --out framesA", dir);
  ASSERT_EQ(c.code, 0) << c.err;
  EXPECT_EQ(listDir(dir / "framesA"), std::vector<std::string>{"frame-000001.png"});
}

TEST(Render, WithoutFfmpegWritesPngFramesAndSaysSo) {
  const auto dir = scratch("noffmpeg");
  Result r = sh("PATH=/nonexistent " + kRender + " --steps 4 --every 2 --out talk.mp4", dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("ffmpeg not found"), std::string::npos) << r.err;
  // One line of ours (the GL driver may add its own chatter, e.g. Mesa's "ATTENTION: ..." when
  // the sanitizer run overrides mesa_glthread).
  size_t ours = 0;
  for (size_t at = 0; (at = r.err.find("ganscope:", at)) != std::string::npos; ++at) ++ours;
  EXPECT_EQ(ours, 1u) << "one line of notice: " << r.err;
  EXPECT_FALSE(fs::exists(dir / "talk.mp4"));
  EXPECT_EQ(listDir(dir / "talk-frames"), (std::vector<std::string>{"frame-000001.png", "frame-000002.png"}));
}

TEST(Render, BadInputExitsTwoAndWritesNothing) {
  const auto dir = scratch("bad");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--steps 4 --every 2 --out /nonexistent-folder/x.mp4", "nonexistent-folder"},
      {"--steps 4 --every 2 --views data nosuchview --out x.mp4", "nosuchview"},
      {"--steps 4 --every 2 --views window data --out x.mp4", "window"},
      {"--steps 4 --every 2 --views window --caption --out x.mp4", "--caption"},
      {"--steps 4 --every 2 --views oned --out x.mp4", "oned"},
      {"--steps 4 --every 2 --size 12x34000 --out x.mp4", "--size"},
      {"--steps 4 --every 2 --layout diagonal --out x.mp4", "diagonal"},
      {"--steps 4 --every 8 --out x.mp4", "--every"},
      {"--steps 4 --every 2 --out x.avi", ".avi"},
      {"--steps 4 --every 2 --set d.lr=-1 --out x.mp4", "d.lr"},
  };
  for (auto& [args, named] : cases) {
    Result r = sh(kRender + " " + args, dir);
    EXPECT_EQ(r.code, 2) << args << "\n" << r.err;
    EXPECT_NE(r.err.find(named), std::string::npos) << args << " should name " << named << ": " << r.err;
  }
  Result preset = sh(kBin + " render --preset no-such-preset --steps 2 --every 1 --out x.mp4", dir);
  EXPECT_EQ(preset.code, 2) << preset.err;
  EXPECT_EQ(listDir(dir), (std::vector<std::string>{"stderr.txt", "stdout.txt"})) << "bad input wrote something";
  // An existing folder with other files in it is never replaced by frames.
  fs::create_directories(dir / "notes");
  std::ofstream(dir / "notes" / "lecture.txt") << "keep me";
  Result folder = sh(kRender + " --steps 2 --every 1 --out notes", dir);
  EXPECT_EQ(folder.code, 2) << folder.err;
  EXPECT_EQ(readFile(dir / "notes" / "lecture.txt"), "keep me");
}

TEST(Render, AnExistingOutputSurvivesAFailedOrInterruptedRender) {
  const auto dir = scratch("survive");
  std::ofstream(dir / "talk.mp4") << "yesterday's video";
  Result bad = sh(kRender + " --steps 4 --every 2 --views nosuchview --out talk.mp4", dir);
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(readFile(dir / "talk.mp4"), "yesterday's video");

  // SIGTERM in the middle of a long render: the temporary goes, the old file stays.
  const std::string out = (dir / "talk.mp4").string();
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    unsetenv("DISPLAY");
    ::execl(GANSCOPE_BIN, GANSCOPE_BIN, "render", "--preset", "wgan-gp-ring8", "--steps", "100000", "--every", "1",
            "--size", "192x128", "-q", "--out", out.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  const fs::path temp = dir / ".tmp-talk.mp4";
  const fs::path tempFrames = dir / ".tmp-talk-frames";  // without ffmpeg
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!fs::exists(temp) && !fs::exists(tempFrames) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_TRUE(fs::exists(temp) || fs::exists(tempFrames)) << "the render never started writing";
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 128 + SIGTERM);
  EXPECT_EQ(readFile(dir / "talk.mp4"), "yesterday's video");
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_FALSE(fs::exists(tempFrames));
}

TEST(Render, DivergedRunExitsThreeWithAValidFile) {
  const auto dir = scratch("diverged");
  // The config cli_commands_test diverges with: clipped WGAN, plain SGD at lr 1.
  Result r = sh(kBin +
                    " render --preset wgan-gp-ring8 --set objective.name=wgan --set objective.clip=1 --set "
                    "d.optimizer=sgd --set d.lr=1 --set d.beta1=0.9 --set g.optimizer=sgd --set g.lr=1 --set "
                    "eval.samples=200 --size 128x96 -q --steps 200 --every 10 --out frames",
                dir);
  ASSERT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("diverged"), std::string::npos) << r.err;
  const auto names = listDir(dir / "frames");
  ASSERT_FALSE(names.empty());
  EXPECT_EQ(names.front(), "frame-000001.png");
}

// The window's recorder: tryPush never waits, drops when the queue is full and counts it.
TEST(VideoEncoderQueue, TryPushDropsAndCountsWhenFull) {
  const auto dir = scratch("queue");
  gs::VideoOutput out = gs::planVideoOutput((dir / "frames").string());
  ASSERT_EQ(out.format, gs::VideoFormat::PngFrames);
  gs::VideoEncoder enc(out, {256, 256, 30, 2});
  int accepted = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 40; ++i) accepted += enc.tryPush(std::vector<uint8_t>(256 * 256 * 4, uint8_t(i * 5)));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2)) << "tryPush waited for the encoder";
  EXPECT_GT(enc.framesDropped(), 0);
  EXPECT_EQ(accepted + enc.framesDropped(), 40);
  enc.push(std::vector<uint8_t>(256 * 256 * 4, 255));  // a blocking push always lands
  enc.finish();
  EXPECT_EQ(enc.framesWritten(), accepted + 1);
  EXPECT_EQ(listDir(dir / "frames").size(), size_t(accepted + 1));
  EXPECT_FALSE(fs::exists(dir / ".tmp-frames"));
}

TEST(VideoEncoderQueue, AbortLeavesNothing) {
  if (!haveFfmpeg()) GTEST_SKIP() << "no ffmpeg";
  const auto dir = scratch("abort");
  {
    gs::VideoEncoder enc(gs::planVideoOutput((dir / "x.mp4").string()), {65, 33, 30, 4});
    EXPECT_EQ(enc.encodedWidth(), 66);  // H.264 needs even sizes
    EXPECT_EQ(enc.encodedHeight(), 34);
    for (int i = 0; i < 3; ++i) enc.push(std::vector<uint8_t>(65 * 33 * 4, 128));
  }  // destroyed unfinished = aborted
  EXPECT_EQ(listDir(dir), std::vector<std::string>{});
  // Odd sizes are padded consistently and encode.
  gs::VideoEncoder enc(gs::planVideoOutput((dir / "odd.mp4").string()), {65, 33, 30, 0});
  for (int i = 0; i < 3; ++i) enc.push(std::vector<uint8_t>(65 * 33 * 4, uint8_t(40 * i)));
  enc.finish();
  EXPECT_EQ(countFrames(dir / "odd.mp4", dir), 3);
}

}  // namespace
