// Timeline: checkpoint store with age-proportional thinning (see Timeline.h).
#include "train/Timeline.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "util/Error.h"

namespace gs {

namespace {

// What a config held by the store costs (counted once for the checkpoints that share it).
size_t configBytes(const Config& c) {
  size_t n = sizeof(Config) + c.title.size() + c.note.size() + c.data.name.size() + c.data.path.size() +
             c.data.points.size() * sizeof(double) + c.objective.size() + c.latentDist.size();
  for (auto& [k, v] : c.objectiveParams) n += k.size() + sizeof(v) + 48;  // map node
  return n;
}

}  // namespace

size_t Checkpoint::bytes() const { return sizeof(Checkpoint) + state.size(); }

const char* markKindName(MarkKind k) {
  switch (k) {
    case MarkKind::SessionOpened:
      return "session";
    case MarkKind::Branch:
      return "branch";
    case MarkKind::ObjectiveChange:
      return "objective";
    case MarkKind::DataChange:
      return "data";
    case MarkKind::Reset:
      return "reset";
  }
  return "?";
}

Timeline::Timeline(int interval, size_t budgetBytes) : interval_(kDefaultInterval), budget_(kDefaultBudget) {
  setInterval(interval);
  setBudget(budgetBytes);
}

void Timeline::setInterval(int k) {
  if (k < 1) throw ConfigError("timeline.interval: " + std::to_string(k) + " is not a positive iteration count");
  interval_ = k;
  ++revision_;
}

void Timeline::setBudget(size_t bytes) {
  if (bytes < (size_t(1) << 20))
    throw ConfigError("timeline.budget_mb: " + std::to_string(double(bytes) / double(1 << 20)) +
                      " MB is below the 1 MB minimum");
  budget_ = bytes;
  thin();
  ++revision_;
}

bool Timeline::due(long long step) const { return step >= 0 && step % interval_ == 0 && step > newestStep(); }

bool Timeline::add(std::shared_ptr<const Checkpoint> c) {
  if (!c || !c->config) throw std::logic_error("Timeline::add: a checkpoint needs its config");
  if (c->step <= newestStep())
    throw std::logic_error("Timeline::add: step " + std::to_string(c->step) + " is not newer than " +
                           std::to_string(newestStep()));
  const bool newConfig = items_.empty() || items_.back()->config != c->config;
  const size_t cost = c->bytes() + (newConfig ? configBytes(*c->config) : 0);
  if (cost > budget_) return false;
  items_.push_back(std::move(c));
  bytes_ += cost;
  ++revision_;
  thin();
  return true;
}

// While over budget, removes the interior checkpoint whose removal leaves the smallest gap
// relative to its age (steps behind the newest): a uniform run of checkpoints loses its oldest
// first, and repeated thinning leaves gaps that grow with age. The first and the newest stay;
// when only they are left and still too big, the first goes.
void Timeline::thin() {
  auto removeAt = [&](size_t i) {
    const auto& cfg = items_[i]->config;
    const bool shared =
        (i > 0 && items_[i - 1]->config == cfg) || (i + 1 < items_.size() && items_[i + 1]->config == cfg);
    bytes_ -= items_[i]->bytes() + (shared ? 0 : configBytes(*cfg));
    items_.erase(items_.begin() + std::ptrdiff_t(i));
    ++revision_;
  };
  while (bytes_ > budget_ && !items_.empty()) {
    const size_t n = items_.size();
    if (n <= 2) {
      removeAt(0);
      continue;
    }
    const double newest = double(items_.back()->step);
    size_t best = 1;
    double bestScore = INFINITY;
    for (size_t i = 1; i + 1 < n; ++i) {
      const double gap = double(items_[i + 1]->step - items_[i - 1]->step);
      const double age = newest - double(items_[i]->step) + double(interval_);
      const double score = gap / age;
      if (score < bestScore) bestScore = score, best = i;  // ties: the older one
    }
    removeAt(best);
  }
}

std::shared_ptr<const Checkpoint> Timeline::atOrBefore(long long step) const {
  auto it = std::upper_bound(items_.begin(), items_.end(), step,
                             [](long long s, const std::shared_ptr<const Checkpoint>& c) { return s < c->step; });
  if (it == items_.begin()) return nullptr;
  return *(it - 1);
}

void Timeline::truncateAfter(long long step) {
  while (!items_.empty() && items_.back()->step > step) {
    const auto& cfg = items_.back()->config;
    const bool shared = items_.size() > 1 && items_[items_.size() - 2]->config == cfg;
    bytes_ -= items_.back()->bytes() + (shared ? 0 : configBytes(*cfg));
    items_.pop_back();
  }
  marks_.erase(std::remove_if(marks_.begin(), marks_.end(), [&](const TimelineMark& m) { return m.step > step; }),
               marks_.end());
  ++revision_;
}

void Timeline::mark(long long step, MarkKind kind, std::string label) {
  TimelineMark m{step, kind, std::move(label)};
  auto it = std::upper_bound(marks_.begin(), marks_.end(), step,
                             [](long long s, const TimelineMark& x) { return s < x.step; });
  marks_.insert(it, std::move(m));
  ++revision_;
}

void Timeline::clear() {
  items_.clear();
  marks_.clear();
  bytes_ = 0;
  ++revision_;
}

std::vector<long long> Timeline::steps() const {
  std::vector<long long> s;
  s.reserve(items_.size());
  for (auto& c : items_) s.push_back(c->step);
  return s;
}

TimelineSummary Timeline::summary(long long viewedStep) const {
  TimelineSummary s;
  s.steps = steps();
  s.marks = marks_;
  s.viewedStep = viewedStep;
  s.interval = interval_;
  s.bytesUsed = bytes_;
  s.budgetBytes = budget_;
  return s;
}

void truncateHistory(History& h, long long step) {
  const auto& steps = h.steps();
  const size_t keep = size_t(std::upper_bound(steps.begin(), steps.end(), step) - steps.begin());
  if (keep == steps.size()) return;
  // History is append-only: rebuild it from the kept rows. Every row names every series (NaN
  // where it has no value), so the series keep their order and the curves their colours.
  History out = h;
  out.clear();
  std::vector<std::pair<std::string, double>> row;
  for (size_t r = 0; r < keep; ++r) {
    row.clear();
    for (const Series& s : h.series()) row.emplace_back(s.name, double(s.values[r]));
    out.append(steps[r], row);
  }
  h = std::move(out);
}

}  // namespace gs
