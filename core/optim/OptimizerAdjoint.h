// Reverse mode through one Optimizer<S>::step, the same formulas as optim/Optimizer.cpp
// (SGD with momentum buffer m' = βm + g, Adam with bias correction, RMSProp), for the unrolled
// GAN's exact gradient (Metz et al. 2017, §2.2: the surrogate loss is differentiated through
// the critic's optimiser updates, moments included).
#pragma once
#include <Eigen/Core>

#include "optim/Optimizer.h"

namespace gs {

template <class S>
using AdjointVec = Eigen::Matrix<S, Eigen::Dynamic, 1>;
template <class S>
using AdjointIn = Eigen::Ref<const AdjointVec<S>>;

// One step read the parameters p and the loss gradient g (before weight decay) and left the
// moments m1, v1 at step count t (their values after the step, as the optimiser holds them).
// On entry pBar, mBar, vBar are the adjoints of the step's outputs (new parameters, new
// moments); on return they are the adjoints of its inputs except for the path through g, and
// gBar is the adjoint of g. The caller adds that path: pBar += (∂g/∂p)^T gBar.
template <class S>
void optimizerStepAdjoint(const OptimizerSettings& s, long long t, const AdjointIn<S>& p, const AdjointIn<S>& g,
                          const AdjointIn<S>& m1, const AdjointIn<S>& v1, AdjointVec<S>& pBar, AdjointVec<S>& mBar,
                          AdjointVec<S>& vBar, AdjointVec<S>& gBar);

}  // namespace gs
