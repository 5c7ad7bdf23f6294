// VideoEncoder: frames (RGBA, top row first, all the same size) into a video file or a folder
// of numbered PNGs. Video goes through ffmpeg as a child process that reads raw RGBA on its
// standard input, so nothing but the finished file touches the disk and memory stays bounded
// whatever the length. The output appears only when complete: everything is written to
// <folder>/.tmp-<name> and renamed at finish(); a failed or aborted encode removes the
// temporary and leaves an existing output untouched.
//
// Synchronous (queueFrames = 0, `ganscope render`): push() writes before returning.
// Asynchronous (the window's recorder): a writer thread drains a bounded queue; push() waits
// for room (per-K recording), tryPush() drops and counts a frame when the queue is full
// (real-time recording), so the UI thread never waits on the encoder.
#pragma once
#include <sys/types.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace gs {

enum class VideoFormat { Mp4, Gif, Webm, PngFrames };

struct VideoOutput {
  VideoFormat format = VideoFormat::PngFrames;
  std::string path;    // the final file or folder
  std::string notice;  // "" or one line for the user (e.g. ffmpeg missing: PNG frames instead)
};

// Chooses the output for a requested name: .mp4, .gif, .webm, or a folder (no extension, a
// trailing slash or an existing folder) for frame-000001.png, ... Without ffmpeg on PATH a
// video request becomes a PNG folder next to it (<stem>-frames) with a notice. Throws
// ConfigError (bad input, nothing written) for an unknown extension, a folder that is
// missing or not writable, .webm without a VP9 encoder, or an existing folder that holds
// anything but frames.
VideoOutput planVideoOutput(const std::string& requested);

// ffmpeg's full path from PATH, "" when it is not there.
std::string findFfmpeg();

class VideoEncoder {
 public:
  struct Options {
    int width = 0, height = 0;  // of every frame pushed
    double fps = 30;
    size_t queueFrames = 0;  // 0 = synchronous; else the writer thread's queue length
  };

  // Starts ffmpeg (or prepares the PNG folder). Throws std::runtime_error naming the file.
  VideoEncoder(const VideoOutput& output, const Options& options);
  ~VideoEncoder();  // abort() unless finish() succeeded
  VideoEncoder(const VideoEncoder&) = delete;
  VideoEncoder& operator=(const VideoEncoder&) = delete;

  // One frame of width*height*4 bytes. Blocks until it is written (synchronous) or queued.
  // Throws std::runtime_error when the encoder has failed (ffmpeg exited, disk full).
  void push(std::vector<uint8_t> rgba);
  // Asynchronous mode only: queues the frame, or drops and counts it when the queue is full
  // or the encoder has failed. Never blocks on the encoder.
  bool tryPush(std::vector<uint8_t> rgba);

  // Writes what is queued, waits for ffmpeg and renames the result into place. Throws
  // std::runtime_error (the temporary is removed, an existing output is untouched).
  void finish();
  // Stops at once: ffmpeg is killed, the temporary removed. Safe to call twice.
  void abort();

  const VideoOutput& output() const { return output_; }
  long long framesWritten() const;
  long long framesDropped() const;
  size_t queued() const;  // frames waiting for the writer thread
  size_t queueCapacity() const { return options_.queueFrames; }
  std::string error() const;  // the first failure ("" while fine)
  // Frame sizes the file has: H.264 and VP9 need even sizes, so odd ones are padded by one
  // row or column of the background colour.
  int encodedWidth() const { return encodedW_; }
  int encodedHeight() const { return encodedH_; }

 private:
  void start();
  void writeFrame(const std::vector<uint8_t>& rgba);  // on the writer (or calling) thread
  void writerLoop();
  void stopWriter();
  void failWith(const std::string& message);
  void reapFfmpeg(bool kill);
  void removeTemp();

  VideoOutput output_;
  Options options_;
  std::string tempPath_;
  int encodedW_ = 0, encodedH_ = 0;
  pid_t ffmpeg_ = -1;
  int stdinFd_ = -1, stderrFd_ = -1;
  std::thread stderrThread_;
  std::string stderrTail_;  // last lines ffmpeg printed, for the error message

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<uint8_t>> queue_;
  std::thread writer_;
  bool stopping_ = false;
  long long written_ = 0, dropped_ = 0;
  std::string error_;
  bool finished_ = false, aborted_ = false;
};

}  // namespace gs
