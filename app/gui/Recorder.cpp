// Recorder (see Recorder.h).
#include "gui/Recorder.h"

#include <algorithm>
#include <exception>

namespace gs {

namespace {
using Clock = std::chrono::steady_clock;
constexpr size_t kQueueBytes = size_t(256) << 20;  // frames waiting for the encoder, at most
}  // namespace

Recorder::Recorder(Session& session, ViewHost& views) : session_(session), views_(views) {}

Recorder::~Recorder() {
  stop();
  if (finisher_.joinable()) finisher_.join();
}

std::string Recorder::start(const RecordSettings& s, int onScreenW, int onScreenH) {
  if (finishing() || encoder_) return "a recording is still being written; wait for it to finish";
  if (!views_.hasGl()) return "recording needs OpenGL";
  if (s.mode == RecordMode::PerK && s.every < 1) return "record every K iterations: K must be at least 1";
  if (!(s.fps > 0) || s.fps > 240) return "record: frame rate must be within (0, 240]";
  const bool window = s.view == kRecordWindow;
  if (window && s.scale != 1 && s.scale != 2 && s.scale != 4)
    return "record: the window's scale must be 1, 2 or 4 (got " + std::to_string(s.scale) + ")";
  if (window && s.mode == RecordMode::RealTime && s.scale != 1)
    return "record: real time records the window as shown (1x); choose every K iterations for 2x or 4x";
  const int w = !window && s.width > 0 ? s.width : onScreenW, h = !window && s.height > 0 ? s.height : onScreenH;
  if (w < 16 || h < 16 || w > 7680 || h > 4320)
    return "record: frame size " + std::to_string(w) + "x" + std::to_string(h) + " is outside 16x16 .. 7680x4320";
  try {
    std::unique_ptr<FrameComposer> composer;
    if (!window) {  // the whole window's frames come from the frame loop (takeWindowFrame)
      FrameSpec spec;
      spec.views = {s.view};
      spec.caption = s.caption;
      composer = std::make_unique<FrameComposer>(views_, spec);
    }
    const VideoOutput out = planVideoOutput(s.path);
    queueFrames_ = std::clamp<size_t>(kQueueBytes / (size_t(w) * size_t(h) * 4), 2, 120);
    encoder_ = std::make_unique<VideoEncoder>(out, VideoEncoder::Options{w, h, s.fps, queueFrames_});
    composer_ = std::move(composer);
    notice_ = out.notice;
  } catch (const std::exception& e) {
    encoder_.reset();
    return e.what();
  }
  settings_ = s;
  width_ = w;
  height_ = h;
  frames_ = 0;
  droppedAtEnd_ = 0;
  stopping_ = false;
  waitingFor_ = 0;
  windowDue_ = dueDiverged_ = capturing_ = cancelled_ = false;
  started_ = lastFrame_ = Clock::now();
  if (s.mode == RecordMode::PerK) {
    wasRunning_ = session_.latest()->running;
    session_.setRunning(false);  // the recorder paces training from here on
  }
  return "";
}

double Recorder::elapsedSeconds() const {
  if (!recording()) return elapsedAtStop_;
  return std::chrono::duration<double>(Clock::now() - started_).count();
}

void Recorder::takeFrame(const Snapshot& snap, bool mayDrop) {
  queue(composer_->compose(snap, width_, height_), mayDrop);
}

void Recorder::queue(std::vector<uint8_t> px, bool mayDrop) {
  if (mayDrop) {
    if (encoder_->tryPush(std::move(px))) ++frames_;
  } else {
    encoder_->push(std::move(px));  // per-K checked for room first: this does not wait
    ++frames_;
  }
}

// The K iterations as one Session command: one publication, so exactly one snapshot (with
// metrics: training is paused) follows each K iterations whatever the thread timing, and the
// curves hold what `ganscope render` records: the frames do not depend on timing.
void Recorder::postIterations() {
  if (encoder_->queued() < queueFrames_) waitingFor_ = session_.stepIterations(settings_.every);
}

void Recorder::tick(const Snapshot& shown) {
  if (!recording() || capturing_) return;
  try {
    if (!encoder_->error().empty()) return stop();
    if (recordsWindow() && windowDue_) return;  // the frame loop has not taken the last one yet
    if (settings_.mode == RecordMode::PerK) {
      if (waitingFor_ > 0) {
        if (shown.appliedCommand < waitingFor_) return;  // its iterations are not in a snapshot yet
        waitingFor_ = 0;
        if (recordsWindow()) {  // this frame shows them: the frame loop captures it
          windowDue_ = true;
          dueDiverged_ = shown.diverged;
          return;
        }
        takeFrame(shown, false);
        if ((settings_.maxFrames > 0 && frames_ >= settings_.maxFrames) || shown.diverged) return stop();
      }
      postIterations();
    } else {
      const auto period = std::chrono::duration<double>(1.0 / settings_.fps);
      const auto now = Clock::now();
      if (now - lastFrame_ < period) return;
      // A late frame does not make the next ones early: the clock restarts when far behind.
      lastFrame_ =
          now - lastFrame_ > 2 * period ? now : lastFrame_ + std::chrono::duration_cast<Clock::duration>(period);
      if (recordsWindow()) {
        windowDue_ = true;  // read back after this frame is rendered
        return;
      }
      takeFrame(shown, true);
      if (settings_.maxFrames > 0 && frames_ >= settings_.maxFrames) stop();
    }
  } catch (const std::exception&) {
    stop();  // the encoder's error is reported when the file is finished
  }
}

namespace {
// Nearest-neighbour resampling to the recording's size (the window was resized meanwhile).
std::vector<uint8_t> resample(const std::vector<uint8_t>& src, int sw, int sh, int w, int h) {
  std::vector<uint8_t> out(size_t(w) * size_t(h) * 4);
  for (int y = 0; y < h; ++y) {
    const int sy = int((long long)y * sh / h);
    for (int x = 0; x < w; ++x) {
      const int sx = int((long long)x * sw / w);
      std::copy_n(&src[(size_t(sy) * sw + sx) * 4], 4, &out[(size_t(y) * w + x) * 4]);
    }
  }
  return out;
}
}  // namespace

void Recorder::takeWindowFrame(std::vector<uint8_t> px, int w, int h) {
  if (!wantsWindowFrame()) return;
  windowDue_ = false;
  try {
    if (w <= 0 || h <= 0 || px.size() != size_t(w) * size_t(h) * 4) return stop();
    if (w != width_ || h != height_) px = resample(px, w, h, width_, height_);
    const bool perK = settings_.mode == RecordMode::PerK;
    queue(std::move(px), !perK);
    if ((settings_.maxFrames > 0 && frames_ >= settings_.maxFrames) || (perK && dueDiverged_)) return stop();
    if (perK) postIterations();
  } catch (const std::exception&) { stop(); }
}

void Recorder::stop() {
  if (!encoder_ || stopping_) return;
  stopping_ = true;
  windowDue_ = false;
  elapsedAtStop_ = std::chrono::duration<double>(Clock::now() - started_).count();
  if (settings_.mode == RecordMode::PerK && wasRunning_) session_.setRunning(true);
  finishAsync();
}

void Recorder::cancel() {
  if (!encoder_ || stopping_) return;
  cancelled_ = true;
  stop();
}

void Recorder::finishAsync() {
  const long long frames = frames_;
  const bool cancelled = cancelled_;
  finisher_ = std::thread([this, frames, cancelled] {
    std::string path, error;
    try {
      if (cancelled) {
        encoder_->abort();
        error = "cancelled";
      } else if (frames == 0) {
        encoder_->abort();
        error = "nothing recorded: no frame was taken";
      } else {
        encoder_->finish();
        path = encoder_->output().path;
      }
    } catch (const std::exception& e) { error = e.what(); }
    std::lock_guard<std::mutex> lock(resultMutex_);
    savedPath_ = path;
    error_ = error;
    resultReady_ = true;
  });
}

bool Recorder::poll(std::string& savedPath, std::string& error) {
  {
    std::lock_guard<std::mutex> lock(resultMutex_);
    if (!resultReady_) return false;
    resultReady_ = false;
    savedPath = savedPath_;
    error = error_;
  }
  finisher_.join();
  droppedAtEnd_ = encoder_->framesDropped();
  encoder_.reset();
  composer_.reset();
  stopping_ = false;
  return true;
}

}  // namespace gs
