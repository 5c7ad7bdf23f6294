// Exact Hyvärinen score matching: forward-mode jets through the scalar MLP, then their reverse pass.
//
// Forward (per unit, per input coordinate i; z = pre-activation, a = post-activation):
//   z = W a + b,   ∂_i z = W ∂_i a,   ∂_i² z = W ∂_i² a,
//   a' = σ(z),     ∂_i a' = σ'(z) ∂_i z,   ∂_i² a' = σ''(z) (∂_i z)² + σ'(z) ∂_i² z,
// starting from a = x, ∂_i a = e_i, ∂_i² a = 0. At the scalar output, ∂_i z = ∂E/∂x_i and
// Σ_i ∂_i² z = ΔE, so J = ½ Σ_i (∂_i E)² − Σ_i ∂_i² E (Hyvärinen 2005, eq. 4).
//
// Reverse (bars are adjoints; T = ∂_i z, Q = ∂_i² z, P = ∂_i a', R = ∂_i² a'):
//   z̄ = σ' ā' + Σ_i [σ'' T P̄_i + (σ''' T² + σ'' Q) R̄_i],
//   T̄_i = σ' P̄_i + 2 σ'' T R̄_i,   Q̄_i = σ' R̄_i,
//   W̄ += [z̄ | T̄ | Q̄] [a | ∂a | ∂²a]ᵀ,   b̄ += Σ_samples z̄,   [ā | P̄ | R̄]_below = Wᵀ [z̄ | T̄ | Q̄].
// Storing the value, the d tangents and the d second derivatives side by side as one matrix
// of n(1+2d) columns makes each layer one matrix product forward and two backward.
#include "nn/ScoreMatching.h"

#include <stdexcept>

namespace gs {

namespace {

template <class S>
using MatOf = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;

// Where layer l of the scalar critic's MLP lives in params(): Mlp::build's layout (weights
// column-major out x in, then the bias), checked against the parameter count below.
struct LayerSpan {
  int out, in, wOff, bOff;
};

LayerSpan layerSpan(const CriticShape& s, int l) {
  int off = 0, in = s.in;
  for (int k = 0;; ++k) {
    const int out = (k == s.depth) ? 1 : s.width;
    if (k == l) return {out, in, off, off + out * in};
    off += out * in + out;
    in = out;
  }
}

template <class S>
void requireScalarCritic(const Critic<S>& c, Eigen::Index rows) {
  const CriticShape& s = c.shape();
  if (s.kind != CriticKind::Scalar)
    throw std::logic_error("score matching: the critic must be a scalar MLP (CriticKind::Scalar)");
  if (c.numParams() != Mlp<S>::countParams(MlpShape{s.in, 1, s.width, s.depth, s.act}))
    throw std::logic_error("score matching: the scalar critic's parameter layout is not Mlp's");
  if (rows != s.in) throw std::logic_error("score matching: x has " + std::to_string(rows) + " rows, the critic " +
                                           std::to_string(s.in) + " inputs");
}

// Value block of A and σ', σ'', σ''' at the value block of Z (first n columns), one
// transcendental per element for the smooth activations.
template <class S>
void activationJet(Activation act, const MatOf<S>& Z, Eigen::Index n, MatOf<S>& A, MatOf<S>& D1, MatOf<S>& D2,
                   MatOf<S>& D3) {
  const auto z = Z.leftCols(n).array();
  auto h = A.leftCols(n).array();
  switch (act) {
    case Activation::Tanh:
      h = z.tanh();
      D1.array() = S(1) - h.square();
      D2.array() = S(-2) * h * D1.array();
      D3.array() = D1.array() * (S(6) * h.square() - S(2));
      break;
    case Activation::Softplus:
      // Same branch as activate(): log1p(exp(z)) overflows to inf above 20, where select drops it.
      h = (z > S(20)).select(z, z.exp().log1p());
      D1.array() = S(1) / (S(1) + (-z).exp());
      D2.array() = D1.array() * (S(1) - D1.array());
      D3.array() = D2.array() * (S(1) - S(2) * D1.array());
      break;
    case Activation::ELU:
      D2.array() = (z > S(0)).select(S(0), z.min(S(0)).exp());
      h = (z > S(0)).select(z, z.min(S(0)).expm1());
      D1.array() = (z > S(0)).select(S(1), D2.array());
      D3 = D2;
      break;
    default:
      h = z.unaryExpr([act](S v) { return activate(act, v); });
      D1.array() = z.unaryExpr([act](S v) { return activateDeriv(act, v); });
      D2.array() = z.unaryExpr([act](S v) { return activateDeriv2(act, v); });
      D3.array() = z.unaryExpr([act](S v) { return activateDeriv3(act, v); });
      break;
  }
}

// Fills w.X, w.Z (every layer), w.A and w.D1..D3 (hidden layers) for the columns of x.
template <class S>
void forwardJet(const Critic<S>& c, const MatOf<S>& x, ScoreMatchingWork<S>& w) {
  const CriticShape& s = c.shape();
  const int d = s.in, L = s.depth + 1;
  const Eigen::Index n = x.cols(), N = n * (1 + 2 * d);
  w.X.resize(d, N);
  w.X.leftCols(n) = x;
  w.X.rightCols(N - n).setZero();
  for (int i = 0; i < d; ++i) w.X.block(i, n * (1 + i), 1, n).setOnes();  // ∂x/∂x_i = e_i
  w.Z.resize(size_t(L));
  w.A.resize(size_t(L - 1));
  w.D1.resize(size_t(L - 1));
  w.D2.resize(size_t(L - 1));
  w.D3.resize(size_t(L - 1));

  const S* p = c.params().data();
  const MatOf<S>* in = &w.X;
  for (int l = 0; l < L; ++l) {
    const LayerSpan ly = layerSpan(s, l);
    const Eigen::Map<const MatOf<S>> W(p + ly.wOff, ly.out, ly.in);
    const Eigen::Map<const Eigen::Matrix<S, Eigen::Dynamic, 1>> b(p + ly.bOff, ly.out);
    MatOf<S>& Z = w.Z[size_t(l)];
    Z.resize(ly.out, N);
    Z.noalias() = W * (*in);
    Z.leftCols(n).colwise() += b;  // tangents and second derivatives carry no bias
    if (l == L - 1) break;

    MatOf<S>& A = w.A[size_t(l)];
    MatOf<S>&D1 = w.D1[size_t(l)], &D2 = w.D2[size_t(l)], &D3 = w.D3[size_t(l)];
    A.resize(ly.out, N);
    D1.resize(ly.out, n);
    D2.resize(ly.out, n);
    D3.resize(ly.out, n);
    activationJet(s.act, Z, n, A, D1, D2, D3);
    for (int i = 0; i < d; ++i) {
      const auto T = Z.middleCols(n * (1 + i), n).array();
      const auto Q = Z.middleCols(n * (1 + d + i), n).array();
      A.middleCols(n * (1 + i), n).array() = D1.array() * T;
      A.middleCols(n * (1 + d + i), n).array() = D2.array() * T.square() + D1.array() * Q;
    }
    in = &A;
  }
}

}  // namespace

bool scoreMatchingSupports(const CriticShape& shape, std::string* why) {
  if (shape.kind != CriticKind::Scalar) {
    if (why)
      *why = "score matching needs a scalar critic whose output is the energy E(x); the auto-encoder "
             "critic's reconstruction error is not supported";
    return false;
  }
  const Activation a = shape.act;
  if (a == Activation::Identity || a == Activation::ReLU || a == Activation::LeakyReLU) {
    // With σ'' = 0 almost everywhere the sampled Laplacian is 0 (the kinks' delta masses fall
    // between samples), so J reduces to ½‖∇E‖²: it pulls no density towards the data and is
    // minimised by a flat energy.
    if (why)
      *why = "score matching needs an activation with a non-zero second derivative (tanh, softplus or elu); '" +
             activationName(a) +
             "' is piecewise linear, so the Laplacian term of the Hyvärinen loss ½‖∇E‖² − ΔE vanishes almost "
             "everywhere and the loss only flattens the energy";
    return false;
  }
  return true;
}

template <class S>
double hyvarinenLossAndGrad(Critic<S>& critic, const MatOf<S>& x, double scale, ScoreMatchingWork<S>& w) {
  requireScalarCritic(critic, x.rows());
  const Eigen::Index n = x.cols();
  if (n == 0) return 0.0;
  forwardJet(critic, x, w);

  const CriticShape& s = critic.shape();
  const int d = s.in, L = s.depth + 1;
  const Eigen::Index N = n * (1 + 2 * d);
  const MatOf<S>& out = w.Z[size_t(L - 1)];  // [E | ∂_i E | ∂_i² E], 1 x N
  double sq = 0, lap = 0;
  for (int i = 0; i < d; ++i) {
    sq += out.middleCols(n * (1 + i), n).template cast<double>().squaredNorm();
    lap += out.middleCols(n * (1 + d + i), n).template cast<double>().sum();
  }
  const double loss = (0.5 * sq - lap) / double(n);

  // Seed: ∂(scale·J)/∂(∂_i E) = scale·∂_i E / n, ∂(scale·J)/∂(∂_i² E) = −scale / n; E itself is absent.
  const S k = S(scale / double(n));
  w.topBar.resize(1, N);
  w.topBar.leftCols(n).setZero();
  w.topBar.middleCols(n, n * d) = k * out.middleCols(n, n * d);
  w.topBar.rightCols(n * d).setConstant(-k);

  const S* p = critic.params().data();
  S* g = critic.grads().data();
  const MatOf<S>* bar = &w.topBar;  // adjoint of layer l's pre-activation jet
  for (int l = L - 1; l >= 0; --l) {
    const LayerSpan ly = layerSpan(s, l);
    const MatOf<S>& in = (l == 0) ? w.X : w.A[size_t(l - 1)];
    Eigen::Map<MatOf<S>> gW(g + ly.wOff, ly.out, ly.in);
    Eigen::Map<Eigen::Matrix<S, Eigen::Dynamic, 1>> gb(g + ly.bOff, ly.out);
    gW.noalias() += (*bar) * in.transpose();
    gb += bar->leftCols(n).rowwise().sum();
    if (l == 0) break;

    const Eigen::Map<const MatOf<S>> W(p + ly.wOff, ly.out, ly.in);
    w.Abar.resize(ly.in, N);
    w.Abar.noalias() = W.transpose() * (*bar);

    // Through the activation jet of layer m = l − 1 (formulas at the top of the file).
    const size_t m = size_t(l - 1);
    const MatOf<S>& Z = w.Z[m];
    const auto D1 = w.D1[m].array(), D2 = w.D2[m].array(), D3 = w.D3[m].array();
    w.Zbar.resize(ly.in, N);
    auto zbar = w.Zbar.leftCols(n).array();
    zbar = D1 * w.Abar.leftCols(n).array();
    for (int i = 0; i < d; ++i) {
      const auto T = Z.middleCols(n * (1 + i), n).array();
      const auto Q = Z.middleCols(n * (1 + d + i), n).array();
      const auto Pbar = w.Abar.middleCols(n * (1 + i), n).array();
      const auto Rbar = w.Abar.middleCols(n * (1 + d + i), n).array();
      zbar += D2 * T * Pbar + (D3 * T.square() + D2 * Q) * Rbar;
      w.Zbar.middleCols(n * (1 + i), n).array() = D1 * Pbar + S(2) * D2 * T * Rbar;
      w.Zbar.middleCols(n * (1 + d + i), n).array() = D1 * Rbar;
    }
    bar = &w.Zbar;
  }
  return loss;
}

template <class S>
void energyInputDerivatives(const Critic<S>& critic, const MatOf<S>& x, Eigen::MatrixXd& grad,
                            Eigen::VectorXd& laplacian) {
  requireScalarCritic(critic, x.rows());
  const int d = critic.shape().in;
  const Eigen::Index n = x.cols();
  grad.setZero(d, n);
  laplacian.setZero(n);
  if (n == 0) return;
  ScoreMatchingWork<S> w;
  forwardJet(critic, x, w);
  const MatOf<S>& out = w.Z.back();
  for (int i = 0; i < d; ++i) {
    grad.row(i) = out.middleCols(n * (1 + i), n).template cast<double>();
    laplacian += out.middleCols(n * (1 + d + i), n).template cast<double>().transpose();
  }
}

template double hyvarinenLossAndGrad(Critic<float>&, const Eigen::MatrixXf&, double, ScoreMatchingWork<float>&);
template double hyvarinenLossAndGrad(Critic<double>&, const Eigen::MatrixXd&, double, ScoreMatchingWork<double>&);
template void energyInputDerivatives(const Critic<float>&, const Eigen::MatrixXf&, Eigen::MatrixXd&,
                                     Eigen::VectorXd&);
template void energyInputDerivatives(const Critic<double>&, const Eigen::MatrixXd&, Eigen::MatrixXd&,
                                     Eigen::VectorXd&);

}  // namespace gs
