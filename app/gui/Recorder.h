// Recorder: the window's video recording. Frames are made by FrameComposer from the session's
// snapshots (the same code as `ganscope render`) and encoded by an asynchronous VideoEncoder,
// so the UI thread never waits on ffmpeg.
//
// Per K iterations (reproducible): free running is paused and the recorder paces training
// itself: it posts K single iterations one by one, each once the last one's snapshot is out
// (across frames, without blocking), then draws the snapshot of the last and queues it; the next K are posted
// only when the encoder's queue has room, so no frame is ever dropped.
// Real time: a frame of the newest snapshot at the chosen rate while training runs as it is;
// frames the encoder cannot take in time are dropped and counted.
//
// The whole window (view "window"): the recorder only decides when a frame is due
// (wantsWindowFrame) and the window's frame loop hands it the pixels (takeWindowFrame, see
// WindowRecording.h): in real time the window's own framebuffer, per K a re-render of the
// window (captureWindow) at 1x, 2x or 4x once the awaited snapshot is the one it shows.
#pragma once
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gui/FrameComposer.h"
#include "gui/VideoEncoder.h"
#include "gui/ViewHost.h"
#include "train/Session.h"

namespace gs {

enum class RecordMode { PerK, RealTime };

inline constexpr const char* kRecordWindow = "window";  // RecordSettings::view: the whole window

struct RecordSettings {
  std::string view = "data";  // a ViewHost name, or "window" (kRecordWindow) for the whole window
  int width = 0, height = 0;  // 0 = the view's on-screen size (the window: always its own size)
  int scale = 1;              // the whole window per K: 1, 2 or 4 times its size (real time: 1)
  RecordMode mode = RecordMode::PerK;
  long long every = 10;     // per-K: iterations between frames
  double fps = 30;          // frame rate of the file; real time: frames taken per second
  long long maxFrames = 0;  // stop by itself after this many frames (0 = until stopped)
  bool caption = false;
  std::string path;  // .mp4, .gif, .webm or a folder
};

class Recorder {
 public:
  Recorder(Session& session, ViewHost& views);
  ~Recorder();  // a recording still running is finished and saved (the window is closing)
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  // Starts recording; onScreen is the view's size in the window (used when the settings ask
  // for on-screen size; the whole window: its framebuffer size, times settings.scale).
  // Returns "" or the reason it cannot start (bad path, no view, ...).
  std::string start(const RecordSettings& settings, int onScreenW, int onScreenH);
  // Stops taking frames; the file is finished on a background thread (see poll()).
  void stop();
  // Stops and leaves nothing behind (the temporary is removed; poll() reports "cancelled").
  void cancel();
  // Once per UI frame (needs the GL context): takes the frames that are due. Never blocks.
  // `shown` is the snapshot the window shows this frame (per K: the frame is taken once it
  // has the awaited iterations); tick() uses the session's newest.
  void tick(const Snapshot& shown);
  void tick() { tick(*session_.latest()); }

  // The whole window: a frame is due now (real time: read back this frame; per K: capture
  // it at the frame boundary at windowScale()). takeWindowFrame queues its pixels (RGBA, top
  // row first; another size than the recording's is resampled to it).
  bool recordsWindow() const { return settings_.view == kRecordWindow; }
  bool wantsWindowFrame() const { return recording() && recordsWindow() && windowDue_; }
  int windowScale() const { return settings_.scale; }
  void takeWindowFrame(std::vector<uint8_t> pixels, int w, int h);
  // While the window is re-rendered for a frame: tick() does nothing and the REC indicator
  // stays out of the picture.
  void setCapturing(bool on) { capturing_ = on; }
  bool capturing() const { return capturing_; }

  bool recording() const { return encoder_ && !stopping_; }
  bool finishing() const { return finisher_.joinable(); }
  double elapsedSeconds() const;
  long long frames() const { return frames_; }  // frames taken (queued or written)
  long long dropped() const { return encoder_ ? encoder_->framesDropped() : droppedAtEnd_; }
  const RecordSettings& settings() const { return settings_; }
  int frameWidth() const { return width_; }
  int frameHeight() const { return height_; }
  const std::string& notice() const { return notice_; }  // e.g. ffmpeg missing: PNG frames instead

  // A finished recording's outcome, once: true with the saved path or the error in `message`.
  bool poll(std::string& savedPath, std::string& error);

 private:
  void takeFrame(const Snapshot& snap, bool mayDrop);
  void queue(std::vector<uint8_t> px, bool mayDrop);
  void postIterations();
  void finishAsync();

  Session& session_;
  ViewHost& views_;
  RecordSettings settings_;
  std::unique_ptr<FrameComposer> composer_;
  std::unique_ptr<VideoEncoder> encoder_;
  std::string notice_;
  int width_ = 0, height_ = 0;
  size_t queueFrames_ = 0;
  bool stopping_ = false;
  bool wasRunning_ = false;
  long long frames_ = 0, droppedAtEnd_ = 0;
  long long waitingFor_ = 0;  // per-K: the command number of the last posted iteration (0 = none)
  bool windowDue_ = false, dueDiverged_ = false, capturing_ = false, cancelled_ = false;
  std::chrono::steady_clock::time_point started_, lastFrame_;
  double elapsedAtStop_ = 0;

  std::thread finisher_;
  std::mutex resultMutex_;
  bool resultReady_ = false;
  std::string savedPath_, error_;
};

}  // namespace gs
