// VideoEncoder (see VideoEncoder.h).
#include "gui/VideoEncoder.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <regex>
#include <stdexcept>

#include "gui/GlUtil.h"
#include "util/Error.h"

extern char** environ;

namespace gs {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

// Starts exe with args; fd -1 = /dev/null. The child gets default signal handling (ignored
// signals survive exec) and its own process group, so a Ctrl+C reaches ganscope, which
// then stops ffmpeg and removes the temporary itself.
pid_t spawn(const std::string& exe, const std::vector<std::string>& args, int in, int out, int err) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  const int fds[3] = {in, out, err};
  for (int i = 0; i < 3; ++i) {
    if (fds[i] >= 0)
      posix_spawn_file_actions_adddup2(&fa, fds[i], i);
    else
      posix_spawn_file_actions_addopen(&fa, i, "/dev/null", i == 0 ? O_RDONLY : O_WRONLY, 0);
  }
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int s : {SIGPIPE, SIGINT, SIGTERM}) sigaddset(&defaults, s);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(exe.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, exe.c_str(), &fa, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) throw std::runtime_error("cannot start " + exe + ": " + std::strerror(rc));
  return pid;
}

int waitExit(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

// `ffmpeg -encoders` lists the encoder (webm needs libvpx-vp9).
bool ffmpegHasEncoder(const std::string& ffmpeg, const std::string& name) {
  int p[2];
  if (pipe2(p, O_CLOEXEC) != 0) return false;
  pid_t pid;
  try {
    pid = spawn(ffmpeg, {"-hide_banner", "-encoders"}, -1, p[1], -1);
  } catch (...) {
    close(p[0]);
    close(p[1]);
    return false;
  }
  close(p[1]);
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = read(p[0], buf, sizeof buf)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    text.append(buf, size_t(n));
  }
  close(p[0]);
  waitExit(pid);
  return std::regex_search(text, std::regex("\\s" + name + "\\s"));
}

bool isFrameName(const std::string& name) {
  static const std::regex re("frame-[0-9]{6}\\.png");
  return std::regex_match(name, re);
}

// An existing PNG folder is replaced only when it holds nothing but frames (never `--out .`).
void checkFrameFolder(const fs::path& dir, const std::string& requested) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return;
  if (!fs::is_directory(dir, ec))
    throw ConfigError("--out '" + requested + "': '" + dir.string() + "' exists and is not a folder");
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (!isFrameName(entry.path().filename().string()))
      throw ConfigError("--out '" + requested + "': folder '" + dir.string() + "' holds other files (" +
                        entry.path().filename().string() +
                        "); give a new or empty folder, or a file name ending in .mp4, .gif or .webm");
  if (ec) throw ConfigError("--out '" + requested + "': cannot read folder '" + dir.string() + "': " + ec.message());
}

void checkWritableParent(const fs::path& target, const std::string& requested) {
  fs::path parent = target.parent_path();
  if (parent.empty()) parent = ".";
  std::error_code ec;
  if (!fs::is_directory(parent, ec))
    throw ConfigError("--out '" + requested + "': folder '" + parent.string() + "' does not exist");
  if (access(parent.c_str(), W_OK | X_OK) != 0)
    throw ConfigError("--out '" + requested + "': cannot write in folder '" + parent.string() +
                      "': " + std::strerror(errno));
}

std::string describe(VideoFormat f) {
  switch (f) {
    case VideoFormat::Mp4:
      return "mp4";
    case VideoFormat::Gif:
      return "gif";
    case VideoFormat::Webm:
      return "webm";
    case VideoFormat::PngFrames:
      return "png";
  }
  return "";
}

}  // namespace

std::string findFfmpeg() {
  const char* path = std::getenv("PATH");
  if (!path) return "";
  std::string all = path;
  size_t i = 0;
  while (i <= all.size()) {
    const size_t j = std::min(all.find(':', i), all.size());
    const std::string dir = all.substr(i, j - i);
    i = j + 1;
    if (dir.empty()) continue;
    const std::string candidate = dir + "/ffmpeg";
    std::error_code ec;
    if (access(candidate.c_str(), X_OK) == 0 && fs::is_regular_file(candidate, ec)) return candidate;
  }
  return "";
}

VideoOutput planVideoOutput(const std::string& requested) {
  if (requested.empty()) throw ConfigError("--out: no output name given");
  std::string cleaned = requested;
  const bool trailingSlash = cleaned.back() == '/';
  while (cleaned.size() > 1 && cleaned.back() == '/') cleaned.pop_back();
  const fs::path p(cleaned);
  std::error_code ec;
  const bool existingDir = fs::is_directory(p, ec);
  const std::string ext = lower(p.extension().string());
  VideoOutput out;
  out.path = p.string();
  if (trailingSlash || existingDir || ext.empty())
    out.format = VideoFormat::PngFrames;
  else if (ext == ".mp4")
    out.format = VideoFormat::Mp4;
  else if (ext == ".gif")
    out.format = VideoFormat::Gif;
  else if (ext == ".webm")
    out.format = VideoFormat::Webm;
  else
    throw ConfigError("--out '" + requested + "': unknown output type '" + ext +
                      "' (use .mp4, .gif, .webm, or a folder for PNG frames)");
  if (p.filename().empty() || p.filename() == "." || p.filename() == "..")
    throw ConfigError("--out '" + requested + "': name a new folder or file, not '" + p.string() + "'");
  checkWritableParent(p, requested);

  if (out.format != VideoFormat::PngFrames) {
    if (fs::exists(p, ec) && !fs::is_regular_file(p, ec))
      throw ConfigError("--out '" + requested + "' exists and is not a file");
    const std::string ffmpeg = findFfmpeg();
    if (ffmpeg.empty()) {
      fs::path frames = p.parent_path() / (p.stem().string() + "-frames");
      out.notice = "ffmpeg not found on PATH: writing PNG frames to " + frames.string() + "/ instead of " + p.string() +
                   " (install ffmpeg for " + describe(out.format) + ")";
      out.format = VideoFormat::PngFrames;
      out.path = frames.string();
    } else if (out.format == VideoFormat::Webm && !ffmpegHasEncoder(ffmpeg, "libvpx-vp9")) {
      throw ConfigError("--out '" + requested + "': this ffmpeg (" + ffmpeg +
                        ") has no VP9 encoder (libvpx-vp9) for .webm; use .mp4 or .gif");
    }
  }
  if (out.format == VideoFormat::PngFrames) checkFrameFolder(out.path, requested);
  return out;
}

VideoEncoder::VideoEncoder(const VideoOutput& output, const Options& options) : output_(output), options_(options) {
  if (options_.width < 1 || options_.height < 1)
    throw std::runtime_error("video frames need a size (got " + std::to_string(options_.width) + "x" +
                             std::to_string(options_.height) + ")");
  if (!(options_.fps > 0)) throw std::runtime_error("video needs a positive frame rate");
  const bool evenOnly = output_.format == VideoFormat::Mp4 || output_.format == VideoFormat::Webm;
  encodedW_ = evenOnly ? (options_.width + 1) / 2 * 2 : options_.width;
  encodedH_ = evenOnly ? (options_.height + 1) / 2 * 2 : options_.height;
  const fs::path p(output_.path);
  tempPath_ = (p.parent_path() / (".tmp-" + p.filename().string())).string();
  start();
  if (options_.queueFrames > 0) writer_ = std::thread([this] { writerLoop(); });
}

VideoEncoder::~VideoEncoder() {
  if (!finished_) abort();
}

void VideoEncoder::start() {
  std::error_code ec;
  fs::remove_all(tempPath_, ec);  // a leftover of a killed run
  if (output_.format == VideoFormat::PngFrames) {
    if (!fs::create_directory(tempPath_, ec))
      throw std::runtime_error("cannot create folder " + tempPath_ + ": " + ec.message());
    return;
  }
  const std::string ffmpeg = findFfmpeg();
  if (ffmpeg.empty()) throw std::runtime_error("ffmpeg not found on PATH");
  // SIGPIPE would kill the whole program when ffmpeg exits early; a failed write says it instead.
  struct sigaction old {};
  if (sigaction(SIGPIPE, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) signal(SIGPIPE, SIG_IGN);

  char size[32], fps[32], pad[96];
  std::snprintf(size, sizeof size, "%dx%d", options_.width, options_.height);
  std::snprintf(fps, sizeof fps, "%g", options_.fps);
  std::snprintf(pad, sizeof pad, "pad=%d:%d:0:0:color=0x121216", encodedW_, encodedH_);  // palette::kBackground
  std::vector<std::string> args = {"-hide_banner", "-nostats", "-loglevel",   "error", "-y",         "-f", "rawvideo",
                                   "-pix_fmt",     "rgba",     "-video_size", size,    "-framerate", fps,  "-i",
                                   "pipe:0",       "-an"};
  const bool padded = encodedW_ != options_.width || encodedH_ != options_.height;
  switch (output_.format) {
    case VideoFormat::Mp4:
      if (padded) args.insert(args.end(), {"-vf", pad});
      args.insert(args.end(), {"-c:v", "libx264", "-preset", "medium", "-crf", "18", "-pix_fmt", "yuv420p", "-movflags",
                               "+faststart", "-f", "mp4"});
      break;
    case VideoFormat::Webm:
      if (padded) args.insert(args.end(), {"-vf", pad});
      args.insert(args.end(), {"-c:v", "libvpx-vp9", "-crf", "32", "-b:v", "0", "-row-mt", "1", "-deadline", "good",
                               "-cpu-used", "4", "-pix_fmt", "yuv420p", "-f", "webm"});
      break;
    case VideoFormat::Gif:
      // The palette is computed from the whole clip, then applied (one graph, split in two).
      args.insert(args.end(), {"-filter_complex",
                               "[0:v]split[a][b];[a]palettegen=max_colors=256:stats_mode=full[p];"
                               "[b][p]paletteuse=dither=bayer:bayer_scale=5:diff_mode=rectangle",
                               "-loop", "0", "-f", "gif"});
      break;
    case VideoFormat::PngFrames:
      break;
  }
  args.push_back(tempPath_);

  int in[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0) throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(errno));
  if (pipe2(err, O_CLOEXEC) != 0) {
    close(in[0]);
    close(in[1]);
    throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  try {
    ffmpeg_ = spawn(ffmpeg, args, in[0], -1, err[1]);
  } catch (...) {
    for (int fd : {in[0], in[1], err[0], err[1]}) close(fd);
    throw;
  }
  close(in[0]);
  close(err[1]);
  stdinFd_ = in[1];
  stderrFd_ = err[0];
  stderrThread_ = std::thread([this] {
    char buf[1024];
    for (ssize_t n; (n = read(stderrFd_, buf, sizeof buf)) != 0;) {
      if (n < 0) {
        if (errno == EINTR) continue;
        break;
      }
      std::lock_guard<std::mutex> lock(mutex_);
      stderrTail_.append(buf, size_t(n));
      if (stderrTail_.size() > 2000) stderrTail_.erase(0, stderrTail_.size() - 2000);
    }
  });
}

void VideoEncoder::writeFrame(const std::vector<uint8_t>& rgba) {
  const size_t expected = size_t(options_.width) * size_t(options_.height) * 4;
  if (rgba.size() != expected)
    throw std::runtime_error("frame of " + std::to_string(rgba.size()) + " bytes, expected " +
                             std::to_string(expected) + " (" + std::to_string(options_.width) + "x" +
                             std::to_string(options_.height) + " RGBA)");
  long long index;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    index = written_ + 1;
  }
  if (output_.format == VideoFormat::PngFrames) {
    char name[32];
    std::snprintf(name, sizeof name, "frame-%06lld.png", index);
    const std::string err =
        writePngAtomic((fs::path(tempPath_) / name).string(), rgba, options_.width, options_.height);
    if (!err.empty()) throw std::runtime_error(err);
  } else {
    const uint8_t* p = rgba.data();
    size_t left = rgba.size();
    while (left > 0) {
      const ssize_t n = write(stdinFd_, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw std::runtime_error("ffmpeg stopped reading frames (" + std::string(std::strerror(errno)) + ")");
      }
      p += n;
      left -= size_t(n);
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  ++written_;
}

void VideoEncoder::failWith(const std::string& message) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (error_.empty()) error_ = message;
  changed_.notify_all();
}

void VideoEncoder::writerLoop() {
  for (;;) {
    std::vector<uint8_t> frame;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      frame = std::move(queue_.front());
      queue_.pop_front();
      changed_.notify_all();          // room in the queue
      if (!error_.empty()) continue;  // failed: frames are dropped until finish or abort
    }
    try {
      writeFrame(frame);
    } catch (const std::exception& e) { failWith(e.what()); }
  }
}

void VideoEncoder::push(std::vector<uint8_t> rgba) {
  if (finished_ || aborted_) throw std::runtime_error("the video " + output_.path + " is already closed");
  if (options_.queueFrames == 0) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!error_.empty()) throw std::runtime_error(error_);
    }
    try {
      writeFrame(rgba);
    } catch (const std::exception& e) {
      failWith(e.what());
      throw;
    }
    return;
  }
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return queue_.size() < options_.queueFrames || !error_.empty(); });
  if (!error_.empty()) throw std::runtime_error(error_);
  queue_.push_back(std::move(rgba));
  changed_.notify_all();
}

bool VideoEncoder::tryPush(std::vector<uint8_t> rgba) {
  if (options_.queueFrames == 0) {
    push(std::move(rgba));
    return true;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (finished_ || aborted_ || !error_.empty() || queue_.size() >= options_.queueFrames) {
    ++dropped_;
    return false;
  }
  queue_.push_back(std::move(rgba));
  changed_.notify_all();
  return true;
}

void VideoEncoder::stopWriter() {
  if (!writer_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    changed_.notify_all();
  }
  writer_.join();
}

void VideoEncoder::reapFfmpeg(bool kill) {
  if (stdinFd_ >= 0) {
    close(stdinFd_);
    stdinFd_ = -1;
  }
  int code = 0;
  if (ffmpeg_ > 0) {
    if (kill) ::kill(ffmpeg_, SIGKILL);
    code = waitExit(ffmpeg_);
    ffmpeg_ = -1;
  }
  if (stderrThread_.joinable()) stderrThread_.join();
  if (stderrFd_ >= 0) {
    close(stderrFd_);
    stderrFd_ = -1;
  }
  if (code != 0 && !kill) {
    std::string tail;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      tail = stderrTail_;
    }
    while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.pop_back();
    const size_t nl = tail.rfind('\n');
    if (nl != std::string::npos) tail = tail.substr(nl + 1);
    failWith("ffmpeg failed (exit " + std::to_string(code) + ") writing " + output_.path +
             (tail.empty() ? "" : ": " + tail));
  }
}

void VideoEncoder::removeTemp() {
  std::error_code ec;
  fs::remove_all(tempPath_, ec);
}

void VideoEncoder::finish() {
  if (finished_) return;
  if (aborted_) throw std::runtime_error("the video " + output_.path + " was aborted");
  stopWriter();  // writes everything queued
  reapFfmpeg(false);
  std::string err = error();
  if (err.empty()) {
    // Into place: a file is replaced atomically; a frame folder is swapped in (old one removed).
    const fs::path target(output_.path);
    const fs::path old = target.parent_path() / (".old-" + target.filename().string());
    std::error_code probe, ec;
    const bool replaceFolder = output_.format == VideoFormat::PngFrames && fs::is_directory(target, probe);
    if (replaceFolder) {
      fs::remove_all(old, ec);
      fs::rename(target, old, ec);
    }
    if (!ec) fs::rename(tempPath_, target, ec);
    if (ec) {
      err = "cannot move " + tempPath_ + " to " + output_.path + ": " + ec.message();
      std::error_code ignore;
      if (replaceFolder && !fs::exists(target, ignore)) fs::rename(old, target, ignore);
    } else if (replaceFolder) {
      fs::remove_all(old, ec);
    }
  }
  if (!err.empty()) {
    failWith(err);
    aborted_ = true;
    removeTemp();
    throw std::runtime_error(err);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  finished_ = true;
}

void VideoEncoder::abort() {
  if (finished_ || (aborted_ && ffmpeg_ < 0 && !writer_.joinable())) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    aborted_ = true;
    queue_.clear();
    stopping_ = true;
    changed_.notify_all();
  }
  if (ffmpeg_ > 0) ::kill(ffmpeg_, SIGKILL);  // a write blocked on the pipe returns at once
  if (writer_.joinable()) writer_.join();
  reapFfmpeg(true);
  removeTemp();
}

long long VideoEncoder::framesWritten() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return written_;
}

long long VideoEncoder::framesDropped() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return dropped_;
}

size_t VideoEncoder::queued() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return queue_.size();
}

std::string VideoEncoder::error() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return error_;
}

}  // namespace gs
