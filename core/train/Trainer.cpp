// Trainer: the iteration loop, the mixture bookkeeping, penalties and divergence checks.
#include "train/Trainer.h"

#include <algorithm>
#include <numeric>
#include <cmath>
#include <sstream>

#include "data/Datasets.h"
#include "objectives/Registry.h"
#include "util/Error.h"

namespace gs {

namespace {

Eigen::VectorXd softmax(const Eigen::VectorXd& u) {
  Eigen::VectorXd w = (u.array() - u.maxCoeff()).exp();
  return w / w.sum();
}

// Gradient of Σ_k c_k w_k + ent·Σ_k (-1/T) log(w_k + 1e-6) with respect to the logits of
// w = softmax(u): ∂/∂u_k = w_k (g_k - Σ_j w_j g_j) with g = ∂/∂w (protocols.md B10).
Eigen::VectorXd mixtureLogitGradient(const Eigen::VectorXd& w, const Eigen::VectorXd& cost,
                                     double ent) {
  const double T = double(w.size());
  Eigen::VectorXd g = cost;
  for (Eigen::Index k = 0; k < w.size(); ++k) g[k] += ent * (-1.0 / T) / (w[k] + 1e-6);
  const double mean = w.dot(g);
  return w.array() * (g.array() - mean);
}

// The trainer's side of the LossGrads contract: sized, zeroed, optional parts off.
void clearLossGrads(LossGrads& g, Eigen::Index n, Eigen::Index m) {
  g.dReal.setZero(n);
  g.dFake.setZero(m);
  g.useFakeCodes = g.useFakeX = false;
}

double mixtureEntropyTerm(const Eigen::VectorXd& w) {
  double e = 0;
  for (Eigen::Index k = 0; k < w.size(); ++k) e += (-1.0 / double(w.size())) * std::log(w[k] + 1e-6);
  return e;
}

template <class M>
bool allFinite(const M& m) {
  return m.allFinite();
}

}  // namespace

template <class S>
Trainer<S>::Trainer(const Config& cfg) : cfg_(cfg), rng_(cfg.seed) {
  build(false, false);
}

template <class S>
Trainer<S>::~Trainer() = default;

template <class S>
MlpShape Trainer<S>::generatorShape() const {
  return MlpShape{cfg_.latentDim, data_->dim(), cfg_.g.width, cfg_.g.depth,
                  activationFromName(cfg_.g.activation)};
}

template <class S>
CriticShape Trainer<S>::criticShape() const {
  const ObjectiveInfo& info = objective_->info();
  CriticShape s;
  s.kind = info.critic;
  s.norm = info.norm;
  s.in = data_->dim();
  s.width = cfg_.d.width;
  s.depth = cfg_.d.depth;
  s.act = activationFromName(cfg_.d.activation);
  s.codeDim = cfg_.d.codeDim;
  return s;
}

template <class S>
void Trainer<S>::applyObjectiveParams() {
  for (auto& [key, value] : cfg_.objectiveParams) objective_->setParam(key, value);
}

template <class S>
void Trainer<S>::build(bool keepCritic, bool keepGenerator) {
  data_ = makeDistribution(cfg_.data);
  objective_ = makeObjective(cfg_.objective);
  applyObjectiveParams();
  buildNetworks(keepCritic, keepGenerator);
  configureOptimizers();
}

template <class S>
void Trainer<S>::buildNetworks(bool keepCritic, bool keepGenerator) {
  const int T = objective_->components();
  const CriticShape cs = criticShape();
  const bool penalised = objective_->penalty().type != PenaltyType::None || cfg_.r1Gamma > 0;
  if (penalised && cs.kind == CriticKind::AutoEncoder)
    throw ConfigError("objective '" + cfg_.objective +
                      "' uses an auto-encoder discriminator: gradient penalties (reg.r1_gamma) "
                      "need a scalar discriminator; set reg.r1_gamma=0");
  // Initial weights come from their own stream so data sampling does not shift them.
  Rng initRng(cfg_.seed * 0x9E3779B97F4A7C15ull + 17);
  if (!keepGenerator || int(generators_.size()) != T || generators_[0].shape() != generatorShape()) {
    generators_.clear();
    for (int i = 0; i < T; ++i) {
      generators_.emplace_back(generatorShape());
      generators_.back().init(initRng);
    }
    gOpt_.assign(size_t(T), Optimizer<S>());
    mixLogitsG_.setZero(T);
    mixOptG_.reset();
  } else {
    initRng.split();
  }
  if (!keepCritic || int(critics_.size()) != T || critics_[0]->shape() != cs) {
    critics_.clear();
    for (int j = 0; j < T; ++j) {
      critics_.push_back(makeCritic<S>(cs));
      critics_.back()->init(initRng);
    }
    dOpt_.assign(size_t(T), Optimizer<S>());
    mixLogitsD_.setZero(T);
    mixOptD_.reset();
  }
  pairLoss_.assign(size_t(T), std::vector<double>(size_t(T), 0.0));
  fakes_.assign(size_t(T), Mat());
  dFakes_.assign(size_t(T), Mat());
}

template <class S>
void Trainer<S>::configureOptimizers() {
  auto settings = [](const NetConfig& n) {
    OptimizerSettings s;
    s.type = optimizerFromName(n.optimizer);
    s.lr = n.lr;
    s.beta1 = n.beta1;
    s.beta2 = n.beta2;
    return s;
  };
  const OptimizerSettings g = settings(cfg_.g), d = settings(cfg_.d);
  for (auto& o : gOpt_) o.setSettings(g);
  for (auto& o : dOpt_) o.setSettings(d);
  mixOptG_.setSettings(g);
  mixOptD_.setSettings(d);
}

template <class S>
void Trainer<S>::reset() {
  rng_.reseed(cfg_.seed);
  build(false, false);
  step_ = 0;
  diverged_ = false;
  divergence_.clear();
  diag_ = Diagnostics{};
}

template <class S>
std::string Trainer<S>::applyConfig(const Config& next) {
  // Build everything that can fail before touching the running state.
  const bool dataChanged = next.data.name != cfg_.data.name || next.data.scale != cfg_.data.scale ||
                           next.data.stddev != cfg_.data.stddev || next.data.path != cfg_.data.path ||
                           next.data.points != cfg_.data.points;
  std::unique_ptr<Distribution> data = dataChanged ? makeDistribution(next.data) : nullptr;
  const bool objectiveChanged = next.objective != cfg_.objective;
  std::unique_ptr<Objective> obj = objectiveChanged ? makeObjective(next.objective) : nullptr;
  Objective& target = obj ? *obj : *objective_;
  // Parameters are validated on a scratch objective so a bad value changes nothing.
  {
    std::unique_ptr<Objective> scratch = makeObjective(next.objective);
    for (auto& [key, value] : next.objectiveParams) scratch->setParam(key, value);
  }
  activationFromName(next.g.activation);
  activationFromName(next.d.activation);
  optimizerFromName(next.g.optimizer);
  optimizerFromName(next.d.optimizer);

  const CriticShape oldCritic = criticShape();
  const MlpShape oldGen = generatorShape();
  const int oldT = components();

  Config previous = cfg_;
  cfg_ = next;
  if (data) data_ = std::move(data);
  if (obj) objective_ = std::move(obj);
  for (auto& [key, value] : cfg_.objectiveParams) target.setParam(key, value);

  std::ostringstream msg;
  try {
    buildNetworks(true, true);
  } catch (...) {
    cfg_ = previous;
    data_ = makeDistribution(cfg_.data);
    objective_ = makeObjective(cfg_.objective);
    applyObjectiveParams();
    throw;
  }
  if (components() != oldT) {
    msg << "rebuilt both networks: " << components() << " generator/discriminator pair(s)";
  } else {
    const bool critRebuilt = !(criticShape() == oldCritic);
    const bool genRebuilt = !(generatorShape() == oldGen);
    if (critRebuilt && criticShape().kind != oldCritic.kind)
      msg << "fresh discriminator: '" << cfg_.objective << "' needs "
          << (criticShape().kind == CriticKind::AutoEncoder ? "an auto-encoder" : "a scalar")
          << " discriminator";
    else if (critRebuilt)
      msg << "rebuilt the discriminator (new shape)";
    if (genRebuilt) msg << (critRebuilt ? "; " : "") << "rebuilt the generator (new shape)";
  }
  configureOptimizers();
  return msg.str();
}

template <class S>
void Trainer<S>::sampleLatent(Rng& rng, Eigen::MatrixXd& z, int n) const {
  z.resize(cfg_.latentDim, n);
  const bool uniform = cfg_.latentDist == "uniform";
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < cfg_.latentDim; ++i) z(i, j) = uniform ? rng.uniform(-1.0, 1.0) : rng.normal();
}

template <class S>
void Trainer<S>::sampleBatch(StepBatch<S>& b, bool forCritic) {
  const int n = cfg_.batch, T = components(), dim = data_->dim();
  const bool needReal = forCritic || objective_->generatorNeedsReal();
  if (needReal) {
    data_->sample(rng_, sampleTmp_, n);
    b.real = sampleTmp_.cast<S>();
  } else {
    b.real.resize(dim, 0);
  }
  b.z.resize(size_t(T));
  for (int i = 0; i < T; ++i) {
    sampleLatent(rng_, latentTmp_, n);
    b.z[size_t(i)] = latentTmp_.cast<S>();
  }
  const bool interpolate = forCritic && objective_->penalty().type == PenaltyType::GradientPenalty;
  b.alpha.resize(1, interpolate ? n : 0);
  for (int i = 0; i < b.alpha.cols(); ++i) b.alpha(0, i) = S(rng_.uniform());
  const double sigma = cfg_.instanceNoise;
  auto noise = [&](Mat& m, int cols) {
    if (sigma <= 0) {
      m.resize(dim, 0);
      return;
    }
    m.resize(dim, cols);
    for (int j = 0; j < cols; ++j)
      for (int i = 0; i < dim; ++i) m(i, j) = S(sigma * rng_.normal());
  };
  noise(b.noiseReal, needReal ? n : 0);
  noise(b.noiseFake, n * (forCritic ? T : 1));
}

template <class S>
double Trainer<S>::penaltyTerm(Critic<S>& critic, const Mat& points, const Penalty& pen, double scale) {
  Workspace& ws = wsD_;
  critic.forward(points);
  critic.inputGradient(ws.U);
  const Eigen::Index n = ws.U.cols();
  ws.dU.resize(ws.U.rows(), n);
  double value = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double norm = double(ws.U.col(i).norm());
    if (pen.type == PenaltyType::GradientPenalty) {
      // λ·mean((||u|| - 1)²): d/du = 2λ(||u|| - 1) u / ||u|| / n  (Gulrajani et al. 2017)
      value += (norm - 1) * (norm - 1) / double(n);
      const double k = norm > 0 ? 2.0 * pen.weight * (norm - 1) / norm / double(n) : 0.0;
      ws.dU.col(i) = S(k * scale) * ws.U.col(i);
    } else {
      // γ/2·mean(||u||²): d/du = γ u / n  (Mescheder et al. 2018)
      value += norm * norm / double(n);
      ws.dU.col(i) = S(pen.weight / double(n) * scale) * ws.U.col(i);
    }
  }
  critic.inputGradientBackward(ws.dU);
  return value;
}

template <class S>
double Trainer<S>::criticLossAndGrad(const StepBatch<S>& b) {
  Workspace& ws = wsD_;
  const int T = components();
  const Eigen::Index n = b.real.cols(), m = b.z[0].cols(), dim = b.real.rows();
  mixtureWeights(wG_, wD_);
  const Eigen::VectorXd& wG = wG_;
  const Eigen::VectorXd& wD = wD_;
  for (int i = 0; i < T; ++i) fakes_[size_t(i)] = generators_[size_t(i)].forward(b.z[size_t(i)]);

  ws.xAll.resize(dim, n + T * m);
  ws.xAll.leftCols(n) = b.real;
  if (b.noiseReal.cols()) ws.xAll.leftCols(n) += b.noiseReal;
  for (int i = 0; i < T; ++i) ws.xAll.middleCols(n + i * m, m) = fakes_[size_t(i)];
  if (b.noiseFake.cols()) ws.xAll.rightCols(T * m) += b.noiseFake;

  const bool samples = objective_->needsSamples();
  if (samples) ws.realD = b.real.template cast<double>();
  const Penalty pen = objective_->penalty();
  double total = 0;
  Eigen::VectorXd& costD = cost_;
  costD.setZero(T);
  for (int j = 0; j < T; ++j) {
    Critic<S>& critic = *critics_[size_t(j)];
    critic.zeroGrad();
    const Mat& out = critic.forward(ws.xAll);
    const Mat* codes = critic.codes();
    ws.outReal = out.leftCols(n).transpose().template cast<double>();
    if (codes) ws.realCodes = codes->leftCols(n).template cast<double>();
    ws.dAll.setZero(1, n + T * m);
    for (int i = 0; i < T; ++i) {
      ws.outFake = out.middleCols(n + i * m, m).transpose().template cast<double>();
      LossInputs in;
      in.real = &ws.outReal;
      in.fake = &ws.outFake;
      if (samples) {
        ws.fakeD = fakes_[size_t(i)].template cast<double>();
        in.realX = &ws.realD;
        in.fakeX = &ws.fakeD;
      }
      if (codes) {
        ws.fakeCodes = codes->middleCols(n + i * m, m).template cast<double>();
        in.realCodes = &ws.realCodes;
        in.fakeCodes = &ws.fakeCodes;
      }
      clearLossGrads(ws.grads, n, m);
      const double L = objective_->discriminatorLoss(in, ws.grads);
      const double w = wG[i] * wD[j];
      pairLoss_[size_t(i)][size_t(j)] = L;
      total += w * L;
      costD[j] += wG[i] * L;
      ws.dAll.leftCols(n) += (w * ws.grads.dReal).transpose().template cast<S>();
      ws.dAll.middleCols(n + i * m, m) = (w * ws.grads.dFake).transpose().template cast<S>();
      if (i == 0 && j == 0) diag_.dFake = ws.outFake.unaryExpr([&](double v) { return objective_->displayValue(v); }).mean();
    }
    if (j == 0) diag_.dReal = ws.outReal.unaryExpr([&](double v) { return objective_->displayValue(v); }).mean();
    critic.backward(ws.dAll, nullptr, nullptr);

    double penaltyValue = 0;
    if (pen.type == PenaltyType::GradientPenalty) {
      const Mat& fake = fakes_[size_t(j % T)];
      ws.interp.resize(dim, n);
      for (Eigen::Index k = 0; k < n; ++k)
        ws.interp.col(k) = b.alpha(0, k) * b.real.col(k) + (S(1) - b.alpha(0, k)) * fake.col(k % m);
      penaltyValue = penaltyTerm(critic, ws.interp, pen, wD[j]);
      total += wD[j] * pen.weight * penaltyValue;
    }
    if (cfg_.r1Gamma > 0) {
      ws.noisy = b.real;
      if (b.noiseReal.cols()) ws.noisy += b.noiseReal;
      const Penalty r1{PenaltyType::R1, cfg_.r1Gamma};
      penaltyValue = penaltyTerm(critic, ws.noisy, r1, wD[j]);
      total += wD[j] * 0.5 * cfg_.r1Gamma * penaltyValue;
    }
    if (j == 0) diag_.penalty = penaltyValue;
  }
  if (T > 1) {
    const double ent = objective_->mixtureEntropyWeight();
    total += ent * mixtureEntropyTerm(wD);
    mixGradD_ = mixtureLogitGradient(wD, costD, ent);
  }
  return total;
}

template <class S>
double Trainer<S>::generatorLossAndGrad(const StepBatch<S>& b) {
  Workspace& ws = wsG_;
  const int T = components();
  const Eigen::Index m = b.z[0].cols(), dim = data_->dim();
  const Eigen::Index n = objective_->generatorNeedsReal() ? b.real.cols() : 0;
  mixtureWeights(wG_, wD_);
  const Eigen::VectorXd& wG = wG_;
  const Eigen::VectorXd& wD = wD_;
  const bool samples = objective_->needsSamples();
  if (samples && n) ws.realD = b.real.template cast<double>();
  double total = 0;
  Eigen::VectorXd& costG = cost_;
  costG.setZero(T);
  for (int i = 0; i < T; ++i) {
    Mlp<S>& gen = generators_[size_t(i)];
    gen.zeroGrad();
    const Mat& fake = gen.forward(b.z[size_t(i)]);
    ws.xAll.resize(dim, n + m);
    if (n) {
      ws.xAll.leftCols(n) = b.real;
      if (b.noiseReal.cols()) ws.xAll.leftCols(n) += b.noiseReal;
    }
    ws.xAll.rightCols(m) = fake;
    if (b.noiseFake.cols()) ws.xAll.rightCols(m) += b.noiseFake.leftCols(m);
    if (samples) ws.fakeD = fake.template cast<double>();
    dFakes_[size_t(i)].setZero(dim, m);
    for (int j = 0; j < T; ++j) {
      Critic<S>& critic = *critics_[size_t(j)];
      const Mat& out = critic.forward(ws.xAll);
      const Mat* codes = critic.codes();
      ws.outReal = out.leftCols(n).transpose().template cast<double>();
      ws.outFake = out.rightCols(m).transpose().template cast<double>();
      LossInputs in;
      in.real = &ws.outReal;
      in.fake = &ws.outFake;
      if (samples) {
        in.realX = n ? &ws.realD : nullptr;
        in.fakeX = &ws.fakeD;
      }
      if (codes) {
        ws.realCodes = codes->leftCols(n).template cast<double>();
        ws.fakeCodes = codes->rightCols(m).template cast<double>();
        in.realCodes = &ws.realCodes;
        in.fakeCodes = &ws.fakeCodes;
      }
      clearLossGrads(ws.grads, n, m);
      const double L = objective_->generatorLoss(in, ws.grads);
      const double w = wG[i] * wD[j];
      total += w * L;
      costG[i] += wD[j] * L;
      ws.dAll.setZero(1, n + m);
      ws.dAll.rightCols(m) = (w * ws.grads.dFake).transpose().template cast<S>();
      const bool codeGrad = ws.grads.useFakeCodes && codes;
      if (codeGrad) {
        ws.dCodes.setZero(codes->rows(), n + m);
        ws.dCodes.rightCols(m) = (w * ws.grads.dFakeCodes).template cast<S>();
      }
      critic.backward(ws.dAll, codeGrad ? &ws.dCodes : nullptr, &ws.dX, false);
      dFakes_[size_t(i)] += ws.dX.rightCols(m);
      if (ws.grads.useFakeX) dFakes_[size_t(i)] += (w * ws.grads.dFakeX).template cast<S>();
    }
    gen.backward(dFakes_[size_t(i)], nullptr);
  }
  if (T > 1) {
    const double ent = objective_->mixtureEntropyWeight();
    total += ent * mixtureEntropyTerm(wG);
    mixGradG_ = mixtureLogitGradient(wG, costG, ent);
  }
  return total;
}

template <class S>
void Trainer<S>::mixtureWeights(Eigen::VectorXd& wG, Eigen::VectorXd& wD) const {
  if (components() > 1) {
    wG = softmax(mixLogitsG_);
    wD = softmax(mixLogitsD_);
  } else {
    wG.setOnes(1);
    wD.setOnes(1);
  }
}

template <class S>
bool Trainer<S>::checkFinite(const char* phase, double loss) {
  const char* cause = nullptr;
  if (!std::isfinite(loss)) cause = "loss";
  for (auto& c : critics_)
    if (!cause && !allFinite(c->params())) cause = "discriminator weights";
  for (auto& g : generators_)
    if (!cause && !Eigen::Map<const Vec>(g.params(), g.numParams()).allFinite()) cause = "generator weights";
  if (!cause) return true;
  std::ostringstream os;
  os << "diverged at iteration " << step_ << ": ";
  if (std::string(cause) == "loss")
    os << "the " << phase << " loss is " << loss;
  else
    os << cause << " became NaN/Inf after a " << phase << " update";
  diverged_ = true;
  divergence_ = os.str() + " (lower the learning rates or press Reset)";
  return false;
}

template <class S>
void Trainer<S>::discriminatorStep() {
  Workspace& ws = wsD_;
  if (diverged_) return;
  sampleBatch(batchD_, true);
  const double loss = criticLossAndGrad(batchD_);
  diag_.dLoss = loss;
  if (!checkFinite("discriminator", loss)) return;
  double norm2 = 0;
  const double clip = objective_->weightClip();
  for (size_t j = 0; j < critics_.size(); ++j) {
    Critic<S>& c = *critics_[j];
    norm2 += double(c.grads().squaredNorm());
    dOpt_[j].step(c.params(), c.grads());
    if (clip > 0) c.params() = c.params().cwiseMax(S(-clip)).cwiseMin(S(clip));
  }
  diag_.dGradNorm = std::sqrt(norm2);
  if (components() > 1) mixOptD_.step(mixLogitsD_, mixGradD_);
  LossInputs in;
  in.real = &ws.outReal;
  in.fake = &ws.outFake;
  objective_->afterDiscriminatorStep(in);
  checkFinite("discriminator", loss);
}

template <class S>
void Trainer<S>::generatorStep() {
  Workspace& ws = wsG_;
  if (diverged_) return;
  sampleBatch(batchG_, false);
  const double loss = generatorLossAndGrad(batchG_);
  diag_.gLoss = loss;
  if (!checkFinite("generator", loss)) return;
  double norm2 = 0;
  for (size_t i = 0; i < generators_.size(); ++i) {
    Mlp<S>& g = generators_[i];
    Eigen::Map<Vec> p(g.params(), g.numParams());
    Eigen::Map<Vec> gr(g.grads(), g.numParams());
    norm2 += double(gr.squaredNorm());
    gOpt_[i].step(p, gr);
  }
  diag_.gGradNorm = std::sqrt(norm2);
  if (components() > 1) mixOptG_.step(mixLogitsG_, mixGradG_);
  LossInputs in;
  in.real = &ws.outReal;
  in.fake = &ws.outFake;
  objective_->afterGeneratorStep(in);
  checkFinite("generator", loss);
}

template <class S>
void Trainer<S>::iterate() {
  if (diverged_) return;
  for (int k = 0; k < cfg_.dSteps && !diverged_; ++k) discriminatorStep();
  for (int k = 0; k < cfg_.gSteps && !diverged_; ++k) generatorStep();
  finishIteration();
}

template <class S>
void Trainer<S>::finishIteration() {
  if (diverged_) return;
  ++step_;
  diag_.step = step_;
  diag_.state.clear();
  objective_->state(diag_.state);
  if (components() > 1) {
    diag_.mixtureG = mixtureWeightsG();
    diag_.mixtureD = mixtureWeightsD();
  }
}

template <class S>
std::vector<double> Trainer<S>::mixtureWeightsG() const {
  Eigen::VectorXd w = softmax(mixLogitsG_);
  return std::vector<double>(w.data(), w.data() + w.size());
}

template <class S>
std::vector<double> Trainer<S>::mixtureWeightsD() const {
  Eigen::VectorXd w = softmax(mixLogitsD_);
  return std::vector<double>(w.data(), w.data() + w.size());
}

template <class S>
void Trainer<S>::generate(const Eigen::MatrixXd& z, const Eigen::VectorXd& u, Eigen::MatrixXd& x,
                          std::vector<int>* component) {
  const int T = components();
  Mat zS = z.cast<S>(), out, w1, w2;
  x.resize(data_->dim(), z.cols());
  if (component) component->assign(size_t(z.cols()), 0);
  if (T == 1) {
    generators_[0].evaluate(zS, out, w1, w2);
    x = out.template cast<double>();
    return;
  }
  const std::vector<double> w = mixtureWeightsG();
  std::vector<double> cum(w.size());
  std::partial_sum(w.begin(), w.end(), cum.begin());
  for (int i = 0; i < T; ++i) {
    generators_[size_t(i)].evaluate(zS, out, w1, w2);
    for (Eigen::Index k = 0; k < z.cols(); ++k) {
      const double uk = k < u.size() ? u[k] : 0.5;
      const int pick = int(std::lower_bound(cum.begin(), cum.end() - 1, uk) - cum.begin());
      if (pick != i) continue;
      x.col(k) = out.col(k).template cast<double>();
      if (component) (*component)[size_t(k)] = i;
    }
  }
}

template <class S>
void Trainer<S>::evaluateCriticRaw(const Eigen::MatrixXd& x, Eigen::VectorXd& raw) {
  const int T = components();
  const std::vector<double> w = T > 1 ? mixtureWeightsD() : std::vector<double>{1.0};
  Mat xS = x.cast<S>(), out;
  raw.setZero(x.cols());
  for (int j = 0; j < T; ++j) {
    critics_[size_t(j)]->evaluate(xS, out);
    raw += w[size_t(j)] * out.row(0).transpose().template cast<double>();
  }
}

template <class S>
void Trainer<S>::evaluateCritic(const Eigen::MatrixXd& x, Eigen::VectorXd& value) {
  const int T = components();
  if (T == 1) {
    evaluateCriticRaw(x, value);
    for (Eigen::Index i = 0; i < value.size(); ++i) value[i] = objective_->displayValue(value[i]);
    return;
  }
  const std::vector<double> w = mixtureWeightsD();
  Mat xS = x.cast<S>(), out;
  value.setZero(x.cols());
  for (int j = 0; j < T; ++j) {
    critics_[size_t(j)]->evaluate(xS, out);
    for (Eigen::Index i = 0; i < value.size(); ++i)
      value[i] += w[size_t(j)] * objective_->displayValue(double(out(0, i)));
  }
}

template <class S>
void Trainer<S>::criticInputGradient(const Eigen::MatrixXd& x, Eigen::MatrixXd& grad) {
  Workspace& ws = wsView_;
  Critic<S>& c = *critics_[0];
  const Mat& out = c.forward(x.cast<S>());
  ws.dAll.setOnes(1, out.cols());
  c.backward(ws.dAll, nullptr, &ws.dX, false);
  grad = ws.dX.template cast<double>();
}

template <class S>
void Trainer<S>::generatorPush(const Eigen::MatrixXd& x, Eigen::MatrixXd& push) {
  // Only the fake-sample part of the generator loss is needed; objectives that read the
  // real batch get one fresh real batch from a private stream (views must not perturb rng_).
  Critic<S>& critic = *critics_[0];
  const Eigen::Index m = x.cols();
  Eigen::MatrixXd realX;
  Eigen::Index n = 0;
  if (objective_->generatorNeedsReal()) {
    Rng viewRng(cfg_.seed + 99991);
    data_->sample(viewRng, realX, int(m));
    n = m;
  }
  Mat in(x.rows(), n + m);
  if (n) in.leftCols(n) = realX.cast<S>();
  in.rightCols(m) = x.cast<S>();
  const Mat& out = critic.forward(in);
  const Mat* codes = critic.codes();
  Eigen::VectorXd r = out.leftCols(n).transpose().template cast<double>();
  Eigen::VectorXd f = out.rightCols(m).transpose().template cast<double>();
  Eigen::MatrixXd rc, fc;
  LossInputs li;
  li.real = &r;
  li.fake = &f;
  if (objective_->needsSamples()) {
    li.realX = n ? &realX : nullptr;
    li.fakeX = &x;
  }
  if (codes) {
    rc = codes->leftCols(n).template cast<double>();
    fc = codes->rightCols(m).template cast<double>();
    li.realCodes = &rc;
    li.fakeCodes = &fc;
  }
  LossGrads g;
  clearLossGrads(g, n, m);
  objective_->generatorLoss(li, g);
  Mat dOut = Mat::Zero(1, n + m);
  dOut.rightCols(m) = g.dFake.transpose().cast<S>();
  Mat dCodes, dX;
  if (g.useFakeCodes && codes) {
    dCodes.setZero(codes->rows(), n + m);
    dCodes.rightCols(m) = g.dFakeCodes.cast<S>();
  }
  critic.backward(dOut, dCodes.size() ? &dCodes : nullptr, &dX, false);
  push = -dX.rightCols(m).template cast<double>();
  if (g.useFakeX) push -= g.dFakeX;
}

template <class S>
void Trainer<S>::exportParams(ParamState<S>& out) const {
  out.generators.resize(generators_.size());
  for (size_t i = 0; i < generators_.size(); ++i)
    out.generators[i] = Eigen::Map<const Vec>(generators_[i].params(), generators_[i].numParams());
  out.critics.resize(critics_.size());
  for (size_t j = 0; j < critics_.size(); ++j) out.critics[j] = critics_[j]->params();
  out.mixLogitsG = mixLogitsG_;
  out.mixLogitsD = mixLogitsD_;
}

template <class S>
void Trainer<S>::importParams(const ParamState<S>& in) {
  if (in.generators.size() != generators_.size() || in.critics.size() != critics_.size()) return;
  for (size_t i = 0; i < generators_.size(); ++i)
    if (in.generators[i].size() == generators_[i].numParams())
      Eigen::Map<Vec>(generators_[i].params(), generators_[i].numParams()) = in.generators[i];
  for (size_t j = 0; j < critics_.size(); ++j)
    if (in.critics[j].size() == critics_[j]->numParams()) critics_[j]->params() = in.critics[j];
  if (in.mixLogitsG.size() == mixLogitsG_.size()) mixLogitsG_ = in.mixLogitsG;
  if (in.mixLogitsD.size() == mixLogitsD_.size()) mixLogitsD_ = in.mixLogitsD;
}

template class Trainer<float>;
template class Trainer<double>;

}  // namespace gs
