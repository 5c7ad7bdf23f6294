// Timeline: the bounded history of checkpoints a run keeps so a lecture can rewind. Every K
// iterations the training thread adds {step, config, trainer state bytes}; when the store is
// over its byte budget it thins the interior, the oldest region first, so recent history stays
// dense and old history sparse (the first checkpoint and the newest are always kept). Event
// marks (branch, objective or data change, reset, session opened) say where the run changed.
//
// Pure and thread-free: Session owns one on its training thread and hands immutable
// checkpoints (shared, never modified) and a TimelineSummary to the view thread.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "config/Config.h"
#include "train/History.h"

namespace gs {

struct Checkpoint {
  long long step = 0;
  std::shared_ptr<const Config> config;  // shared by consecutive checkpoints of one config
  std::string state;                     // Trainer<float>::saveState()
  size_t bytes() const;                  // what this checkpoint costs the budget
};

enum class MarkKind { SessionOpened, Branch, ObjectiveChange, DataChange, Reset };
const char* markKindName(MarkKind k);  // "session", "branch", "objective", "data", "reset"

struct TimelineMark {
  long long step = 0;
  MarkKind kind = MarkKind::Branch;
  std::string label;  // short, for the scrubber and the curves ("objective: wgan-gp")
  bool operator==(const TimelineMark&) const = default;
};

// What the views are told about the timeline (Snapshot::timeline).
struct TimelineSummary {
  std::vector<long long> steps;  // checkpoint steps, ascending
  std::vector<TimelineMark> marks;
  long long viewedStep = -1;  // the checkpoint the views show, -1 = the live run
  long long liveStep = 0;     // the live run's step (Snapshot::step is the viewed one while viewing)
  int interval = 0;           // K
  size_t bytesUsed = 0, budgetBytes = 0;
};

class Timeline {
 public:
  static constexpr int kDefaultInterval = 50;
  static constexpr size_t kDefaultBudget = size_t(256) << 20;

  explicit Timeline(int interval = kDefaultInterval, size_t budgetBytes = kDefaultBudget);

  // K >= 1 (throws ConfigError naming timeline.interval otherwise).
  void setInterval(int k);
  // At least 1 MB (throws ConfigError naming timeline.budget_mb otherwise); thins at once.
  void setBudget(size_t bytes);
  int interval() const { return interval_; }
  size_t budget() const { return budget_; }

  // True when a checkpoint is due at `step` (a multiple of K newer than the newest one).
  bool due(long long step) const;
  // Adds a checkpoint newer than every stored one (older or equal steps throw std::logic_error)
  // and thins to the budget. A checkpoint larger than the whole budget is not stored (false).
  bool add(std::shared_ptr<const Checkpoint> c);
  // The newest checkpoint at or before `step` (nullptr when there is none).
  std::shared_ptr<const Checkpoint> atOrBefore(long long step) const;
  // Forgets checkpoints and marks after `step` (a branch abandons that future).
  void truncateAfter(long long step);
  void mark(long long step, MarkKind kind, std::string label);
  void clear();  // checkpoints and marks

  size_t size() const { return items_.size(); }
  size_t bytesUsed() const { return bytes_; }
  long long newestStep() const { return items_.empty() ? -1 : items_.back()->step; }
  std::vector<long long> steps() const;
  const std::vector<TimelineMark>& marks() const { return marks_; }
  // Counts every change (add, thin, truncate, mark, clear), so a reader can tell when to refresh.
  long long revision() const { return revision_; }
  TimelineSummary summary(long long viewedStep) const;

 private:
  void thin();
  int interval_;
  size_t budget_;
  size_t bytes_ = 0;
  long long revision_ = 0;
  std::vector<std::shared_ptr<const Checkpoint>> items_;  // ascending steps
  std::vector<TimelineMark> marks_;                       // ascending steps
};

// Keeps a history's rows up to and including `step` (a branch drops the abandoned future).
void truncateHistory(History& h, long long step);

}  // namespace gs
