// The convergence panel's plain-language verdict, computed from a snapshot's numbers.
#pragma once
#include <string>

namespace gs {

struct Snapshot;

struct Verdict {
  std::string headline;  // "Converging to the flat optimum", "Mode collapse", ...
  std::string detail;    // the numbers it rests on
};

Verdict judgeConvergence(const Snapshot& s);
// Share of generated samples far outside the data box (more than the box's own size beyond
// it, or not finite): those the data view cannot show.
double fractionOutsideView(const Snapshot& s);

}  // namespace gs
