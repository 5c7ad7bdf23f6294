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

}  // namespace gs
