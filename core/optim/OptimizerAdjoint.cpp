// Adjoint of one optimiser step (see OptimizerAdjoint.h). With g̃ = g + λp (weight decay):
//   SGD, β > 0:  m' = βm + g̃, p' = p - lr m'   →  m̄' += -lr p̄',  ḡ = m̄',  m̄ = β m̄'
//   SGD, β = 0:  p' = p - lr g̃ (m' = g̃ is kept but never read) → ḡ = m̄' - lr p̄'
//   Adam:  m' = β1 m + (1-β1) g̃,  v' = β2 v + (1-β2) g̃²,  p' = p - a m' / (c√v' + ε),
//          a = lr / (1 - β1^t), c = 1/√(1 - β2^t)
//          → m̄' += -a/(c√v'+ε) p̄',  v̄' += a m' c / (2√v' (c√v'+ε)²) p̄',
//            ḡ = (1-β1) m̄' + 2(1-β2) g̃ v̄',  m̄ = β1 m̄',  v̄ = β2 v̄'
//   RMSProp:  v' = α v + (1-α) g̃²,  p' = p - lr g̃ / (√v' + ε)
//          → v̄' += lr g̃ / (2√v' (√v'+ε)²) p̄',  ḡ = -lr/(√v'+ε) p̄' + 2(1-α) g̃ v̄',  v̄ = α v̄'
// and p̄ = p̄' + λ ḡ in every case. At v' = 0 (a gradient that was always exactly 0, a dead
// unit) the √ term's derivative is taken as 0: it multiplies m' = g̃ = 0 there.
// Arithmetic is in double per element, whatever S.
#include "optim/OptimizerAdjoint.h"

#include <cmath>

namespace gs {

template <class S>
void optimizerStepAdjoint(const OptimizerSettings& s, long long t, const AdjointIn<S>& p, const AdjointIn<S>& g,
                          const AdjointIn<S>& m1, const AdjointIn<S>& v1, AdjointVec<S>& pBar, AdjointVec<S>& mBar,
                          AdjointVec<S>& vBar, AdjointVec<S>& gBar) {
  const Eigen::Index n = p.size();
  gBar.resize(n);
  const double lr = s.lr, b1 = s.beta1, b2 = s.beta2, eps = s.eps, wd = s.weightDecay;
  switch (s.type) {
    case OptimizerType::SGD:
      for (Eigen::Index i = 0; i < n; ++i) {
        const double pb = double(pBar[i]);
        double mb = double(mBar[i]), gb;
        if (b1 > 0) {
          mb -= lr * pb;
          gb = mb;
        } else {
          gb = mb - lr * pb;
        }
        mBar[i] = S(b1 * mb);
        gBar[i] = S(gb);
        pBar[i] = S(pb + wd * gb);
      }
      break;
    case OptimizerType::Adam: {
      const double a = lr / (1.0 - std::pow(b1, double(t)));
      const double c = 1.0 / std::sqrt(1.0 - std::pow(b2, double(t)));
      for (Eigen::Index i = 0; i < n; ++i) {
        const double pb = double(pBar[i]);
        const double gi = double(g[i]) + wd * double(p[i]);
        const double m = double(m1[i]), r = std::sqrt(double(v1[i])), den = c * r + eps;
        const double mb = double(mBar[i]) - a / den * pb;
        const double vb = double(vBar[i]) + (r > 0 ? a * m * c / (2.0 * r * den * den) * pb : 0.0);
        const double gb = (1.0 - b1) * mb + 2.0 * (1.0 - b2) * gi * vb;
        mBar[i] = S(b1 * mb);
        vBar[i] = S(b2 * vb);
        gBar[i] = S(gb);
        pBar[i] = S(pb + wd * gb);
      }
      break;
    }
    case OptimizerType::RMSProp:
      for (Eigen::Index i = 0; i < n; ++i) {
        const double pb = double(pBar[i]);
        const double gi = double(g[i]) + wd * double(p[i]);
        const double r = std::sqrt(double(v1[i])), den = r + eps;
        const double vb = double(vBar[i]) + (r > 0 ? lr * gi / (2.0 * r * den * den) * pb : 0.0);
        const double gb = -lr / den * pb + 2.0 * (1.0 - b2) * gi * vb;
        vBar[i] = S(b2 * vb);
        gBar[i] = S(gb);
        pBar[i] = S(pb + wd * gb);
      }
      break;
  }
}

#define GS_OPTIMIZER_ADJOINT(S)                                                                             \
  template void optimizerStepAdjoint<S>(const OptimizerSettings&, long long, const AdjointIn<S>&, const AdjointIn<S>&, \
                                        const AdjointIn<S>&, const AdjointIn<S>&, AdjointVec<S>&, AdjointVec<S>&,     \
                                        AdjointVec<S>&, AdjointVec<S>&);
GS_OPTIMIZER_ADJOINT(float)
GS_OPTIMIZER_ADJOINT(double)
#undef GS_OPTIMIZER_ADJOINT

}  // namespace gs
