// Critic implementations: a scalar MLP, and an auto-encoder with energy = reconstruction error.
#include "nn/Critic.h"

#include "nn/SlotCache.h"

namespace gs {

namespace {

template <class S>
class MlpCritic final : public Critic<S> {
  using typename Critic<S>::Mat;

 public:
  explicit MlpCritic(const CriticShape& s) : shape_(s), net_(MlpShape{s.in, 1, s.width, s.depth, s.act}) {
    this->params_.setZero(net_.numParams());
    this->grads_.setZero(net_.numParams());
    net_.bind(this->params_.data(), this->grads_.data());
  }
  MlpCritic(const MlpCritic& o) : MlpCritic(o.shape_) { this->params_ = o.params_; }
  // replica(): no parameters of its own, the network attached to o's.
  struct ReplicaTag {};
  MlpCritic(const MlpCritic& o, ReplicaTag) : shape_(o.shape_), net_(o.net_.shape()) {
    this->grads_.setZero(net_.numParams());
    net_.attach(o.params_.data(), this->grads_.data());
  }

  const CriticShape& shape() const override { return shape_; }
  std::unique_ptr<Critic<S>> clone() const override { return std::make_unique<MlpCritic>(*this); }
  std::unique_ptr<Critic<S>> replica() const override { return std::make_unique<MlpCritic>(*this, ReplicaTag{}); }
  void init(Rng& rng) override { net_.init(rng); }
  const Mat& forward(const Mat& X) override { return net_.forward(X); }
  void backward(const Mat& dOut, const Mat*, Mat* dX, bool paramGrads) override { net_.backward(dOut, dX, paramGrads); }
  void evaluate(const Mat& X, Mat& out) const override { net_.evaluate(X, out, w1_, w2_); }
  bool supportsInputGradient() const override { return true; }
  void inputGradient(Mat& U) override { net_.inputGradient(U); }
  void inputGradientBackward(const Mat& dU) override { net_.inputGradientBackward(dU); }

 private:
  CriticShape shape_;
  Mlp<S> net_;
  mutable Mat w1_, w2_;
};

// Energy E(x) = mean_k ρ(Dec(Enc(x))_k - x_k), ρ = square or absolute value.
template <class S>
class AutoEncoderCritic final : public Critic<S> {
  using typename Critic<S>::Mat;

 public:
  explicit AutoEncoderCritic(const CriticShape& s)
      : shape_(s),
        enc_(MlpShape{s.in, s.codeDim, s.width, s.depth, s.act}),
        dec_(MlpShape{s.codeDim, s.in, s.width, s.depth, s.act}) {
    const int ne = enc_.numParams(), nd = dec_.numParams();
    this->params_.setZero(ne + nd);
    this->grads_.setZero(ne + nd);
    enc_.bind(this->params_.data(), this->grads_.data());
    dec_.bind(this->params_.data() + ne, this->grads_.data() + ne);
  }
  AutoEncoderCritic(const AutoEncoderCritic& o) : AutoEncoderCritic(o.shape_) { this->params_ = o.params_; }

  const CriticShape& shape() const override { return shape_; }
  std::unique_ptr<Critic<S>> clone() const override { return std::make_unique<AutoEncoderCritic>(*this); }
  void init(Rng& rng) override {
    enc_.init(rng);
    dec_.init(rng);
  }

  const Mat& forward(const Mat& X) override {
    cur_ = &slots_.get(X.cols());
    Slot& c = *cur_;
    c.codes = enc_.forward(X);
    const Mat& R = dec_.forward(c.codes);
    c.resid = R - X;
    energyOf(c.resid, c.out);
    return c.out;
  }

  void backward(const Mat& dOut, const Mat* dCodes, Mat* dX, bool paramGrads) override {
    Slot& c = *cur_;
    const S invDim = S(1) / S(shape_.in);
    // dE/dr = ρ'(r - x) / dim, dE/dx = -dE/dr (direct path).
    if (shape_.norm == ReconstructionNorm::L2)
      c.dR = (S(2) * invDim) * c.resid;
    else
      c.dR = invDim * c.resid.array().sign().matrix();
    c.dR.array().rowwise() *= dOut.row(0).array();
    dec_.backward(c.dR, &c.dCode, paramGrads);
    if (dCodes) c.dCode += *dCodes;
    enc_.backward(c.dCode, dX ? &c.dXenc : nullptr, paramGrads);
    if (dX) *dX = c.dXenc - c.dR;
  }

  const Mat* codes() const override { return &cur_->codes; }

  void evaluate(const Mat& X, Mat& out) const override {
    enc_.evaluate(X, ecode_, w1_, w2_);
    dec_.evaluate(ecode_, erec_, w1_, w2_);
    erec_ -= X;
    energyOf(erec_, out);
  }

 private:
  void energyOf(const Mat& resid, Mat& out) const {
    const S invDim = S(1) / S(shape_.in);
    if (shape_.norm == ReconstructionNorm::L2)
      out = invDim * resid.colwise().squaredNorm();
    else
      out = invDim * resid.cwiseAbs().colwise().sum();
  }

  // Buffers per batch width (see SlotCache): no reallocation when shapes alternate.
  struct Slot {
    Mat codes, resid, out, dR, dCode, dXenc;
  };

  CriticShape shape_;
  Mlp<S> enc_, dec_;
  SlotCache<Slot> slots_;
  Slot* cur_ = &slots_.get(0);
  mutable Mat ecode_, erec_, w1_, w2_;
};

}  // namespace

template <class S>
std::unique_ptr<Critic<S>> makeCritic(const CriticShape& shape) {
  if (shape.kind == CriticKind::AutoEncoder) return std::make_unique<AutoEncoderCritic<S>>(shape);
  return std::make_unique<MlpCritic<S>>(shape);
}

template std::unique_ptr<Critic<float>> makeCritic(const CriticShape&);
template std::unique_ptr<Critic<double>> makeCritic(const CriticShape&);

}  // namespace gs
