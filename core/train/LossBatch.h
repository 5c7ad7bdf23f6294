// The objective sees double-precision copies of one critic pass: raw outputs on the real
// columns [0, n) and on m fake columns from fakeStart, the codes of auto-encoder critics and,
// for objectives that need them, the samples. One helper builds them for every update and
// for the views' push arrows.
#pragma once
#include <Eigen/Core>

#include "objectives/Objective.h"

namespace gs {

struct LossBatch {
  Eigen::VectorXd outReal, outFake;
  Eigen::MatrixXd realCodes, fakeCodes;

  // realX / fakeX: samples for objectives that need them (nullptr otherwise); realX is
  // dropped when n = 0.
  template <class M>
  LossInputs inputs(const M& out, const M* codes, Eigen::Index n, Eigen::Index fakeStart, Eigen::Index m,
                    const Eigen::MatrixXd* realX, const Eigen::MatrixXd* fakeX) {
    outReal = out.leftCols(n).transpose().template cast<double>();
    outFake = out.middleCols(fakeStart, m).transpose().template cast<double>();
    LossInputs in;
    in.real = &outReal;
    in.fake = &outFake;
    in.realX = n ? realX : nullptr;
    in.fakeX = fakeX;
    if (codes) {
      realCodes = codes->leftCols(n).template cast<double>();
      fakeCodes = codes->middleCols(fakeStart, m).template cast<double>();
      in.realCodes = &realCodes;
      in.fakeCodes = &fakeCodes;
    }
    return in;
  }
  // The outputs of the last inputs() call (after-step hooks of the objectives).
  LossInputs last() const {
    LossInputs in;
    in.real = &outReal;
    in.fake = &outFake;
    return in;
  }
};

}  // namespace gs
