// UnrollReverse: the tape of the unrolled critic steps and the adjoint recursion through them
// (see UnrollReverse.h).
#include "train/UnrollReverse.h"

#include <stdexcept>

#include "optim/OptimizerAdjoint.h"

namespace gs {

template <class S>
void UnrollReverse<S>::begin(int k, const MlpShape& critic) {
  rop_.setShape(critic);
  k_ = k;
  const int P = rop_.numParams();
  for (Mat* m : {&params_, &grads_, &m_, &v_}) m->resize(P, k);
  t_.assign(size_t(k), 0);
}

template <class S>
void UnrollReverse<S>::recordBefore(int i, const Vec& params, const Vec& grads) {
  if (params.size() != params_.rows())
    throw std::logic_error("unrolled critic has " + std::to_string(params.size()) + " parameters, the tape " +
                           std::to_string(params_.rows()));
  params_.col(i) = params;
  grads_.col(i) = grads;
}

template <class S>
void UnrollReverse<S>::recordAfter(int i, const Optimizer<S>& opt) {
  m_.col(i) = opt.firstMoment();
  v_.col(i) = opt.secondMoment();
  t_[size_t(i)] = opt.steps();
}

template <class S>
void UnrollReverse<S>::criticHvp(Objective& obj, const S* p, const S* v, const UnrollCriticBatch<S>& b, Vec* Hv,
                                 Mat& RdX) {
  const Eigen::Index n = b.n, m = b.x->cols() - b.n;
  const Mat& y = rop_.forward(p, *b.x);
  const LossInputs in = loss_.inputs(y, static_cast<const Mat*>(nullptr), n, n, m, b.realX, b.fakeX);
  lossGrads_.dReal.setZero(n);
  lossGrads_.dFake.setZero(m);
  lossGrads_.useFakeCodes = lossGrads_.useFakeX = false;
  obj.criticLoss(in, lossGrads_);
  if (!obj.criticLossCurvature(in, d2Real_, d2Fake_))
    throw std::logic_error("objective '" + obj.info().name + "' gives no curvature of its critic loss");
  dY_.resize(1, n + m);
  dY_.leftCols(n) = lossGrads_.dReal.transpose().cast<S>();
  dY_.rightCols(m) = lossGrads_.dFake.transpose().cast<S>();
  d2Y_.resize(1, n + m);
  d2Y_.leftCols(n) = d2Real_.transpose().cast<S>();
  d2Y_.rightCols(m) = d2Fake_.transpose().cast<S>();
  if (Hv) Hv->resize(rop_.numParams());
  rop_.hessianVector(v, dY_, d2Y_, Hv ? Hv->data() : nullptr, &RdX);
}

template <class S>
void UnrollReverse<S>::reverse(Objective& obj, const OptimizerSettings& s, const Vec& lambda,
                               const UnrollCriticBatch<S>& b, Mat& dFake) {
  const Eigen::Index m = b.x->cols() - b.n;
  pBar_ = lambda;  // ∂L_G/∂θ_D^k; L_G does not read the moments, so their adjoints start at 0
  mBar_.setZero(lambda.size());
  vBar_.setZero(lambda.size());
  dFake.setZero(b.x->rows(), m);
  for (int i = k_ - 1; i >= 0; --i) {
    optimizerStepAdjoint<S>(s, t_[size_t(i)], params_.col(i), grads_.col(i), m_.col(i), v_.col(i), pBar_, mBar_,
                            vBar_, gBar_);
    // g_i depends on θ_D^i (H_DD, symmetric) and on θ_G through the fakes (H_GD); θ_D^0's
    // adjoint is not needed (the critic is not trained by L_G).
    criticHvp(obj, params_.col(i).data(), gBar_.data(), b, i > 0 ? &hv_ : nullptr, rdx_);
    if (i > 0) pBar_ += hv_;
    dFake += rdx_.rightCols(m);
  }
}

template class UnrollReverse<float>;
template class UnrollReverse<double>;

}  // namespace gs
