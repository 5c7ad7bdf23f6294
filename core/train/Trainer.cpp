// Trainer: the iteration loop, the losses of both players and the divergence checks.
#include "train/Trainer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>

#include "backend/CudaBackend.h"
#include "backend/ParallelCpuBackend.h"
#include "data/Datasets.h"
#include "data/FiniteSample.h"
#include "objectives/Registry.h"
#include "util/Error.h"

namespace gs {

namespace {

// The trainer's side of the LossGrads contract: sized, zeroed, optional parts off.
void clearLossGrads(LossGrads& g, Eigen::Index n, Eigen::Index m) {
  g.dReal.setZero(n);
  g.dFake.setZero(m);
  g.useFakeCodes = g.useFakeX = false;
}

// PacGAN (train.pack = P): P consecutive samples (columns) of x become one column of P·dim
// rows, the discriminator's input; column-major storage makes that a reshape. x itself when
// P = 1.
template <class Mat>
const Mat& packed(const Mat& x, int P, Mat& tmp) {
  if (P == 1) return x;
  tmp = Eigen::Map<const Mat>(x.data(), x.rows() * P, x.cols() / P);
  return tmp;
}

// What views evaluate under packing: D on a pack of P copies of each point (how D judges a
// generator collapsed onto that point). x itself when P = 1.
template <class Mat>
const Mat& tiled(const Mat& x, int P, Mat& tmp) {
  if (P == 1) return x;
  tmp.resize(x.rows() * P, x.cols());
  for (int p = 0; p < P; ++p) tmp.middleRows(p * x.rows(), x.rows()) = x;
  return tmp;
}

// The gradient with respect to x of a function of tiled(x): the sum over the P copies.
template <class Mat>
Mat untiledSum(const Mat& d, int P) {
  const Eigen::Index dim = d.rows() / P;
  Mat sum = d.topRows(dim);
  for (int p = 1; p < P; ++p) sum += d.middleRows(p * dim, dim);
  return sum;
}

}  // namespace

// g.frozen_to_data: a second fixed sample of the data stands in for the generator.
template <class S>
std::unique_ptr<Distribution> Trainer<S>::makeFakeData(const Config& c) {
  if (!c.frozenToData) return nullptr;
  if (c.data.sampleSize <= 0)
    throw ConfigError(
        "g.frozen_to_data needs data.sample_size > 0: the fakes are a second finite sample of that size (two fresh "
        "samples of one distribution cannot be told apart)");
  return makeDistribution(c.data, kTrainingSampleSeed + 1);
}

template <class S>
Trainer<S>::Trainer(const Config& cfg) : cfg_(cfg), backend_(makeBackend<S>()), rng_(cfg.seed) {
  build(false, false);
}

template <class S>
void Trainer<S>::setThreads(int n) {
  if (n < 1) throw ConfigError("threads must be at least 1 (got " + std::to_string(n) + ")");
  if (n == threads_) return;
  threads_ = n;
  if (n == 1)
    backend_ = makeBackend<S>();
  else
    backend_ = std::make_unique<ParallelCpuBackend<S>>(n);
}

template <class S>
std::string Trainer<S>::setBackend(const std::string& kind) {
  if (kind != "cpu" && kind != "cuda" && kind != "auto")
    throw ConfigError("--backend must be cpu, cuda or auto (got '" + kind + "')");
  std::string why;
  if (kind != "cpu") {
    if (auto gpu = makeCudaBackend<S>(&why)) {
      backend_ = std::move(gpu);
      return "";
    }
    if (kind == "cuda") throw ConfigError("--backend cuda: " + why);
  }
  if (backend_->name() != "cpu") {
    if (threads_ == 1)
      backend_ = makeBackend<S>();
    else
      backend_ = std::make_unique<ParallelCpuBackend<S>>(threads_);
  }
  return kind == "auto" ? "--backend auto: " + why + "; training on the CPU" : "";
}

template <class S>
Trainer<S>::~Trainer() = default;

template <class S>
MlpShape Trainer<S>::generatorShape() const {
  return MlpShape{cfg_.latentDim, data_->dim(), cfg_.g.width, cfg_.g.depth, activationFromName(cfg_.g.activation)};
}

template <class S>
CriticShape Trainer<S>::criticShape() const {
  const ObjectiveInfo& info = objective_->info();
  CriticShape s;
  s.kind = info.critic;
  s.norm = info.norm;
  s.in = data_->dim() * cfg_.pack;
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
  fakeData_ = makeFakeData(cfg_);
  objective_ = makeObjective(cfg_.objective);
  applyObjectiveParams();
  buildNetworks(keepCritic, keepGenerator);
  configureOptimizers();
}

template <class S>
void Trainer<S>::buildNetworks(bool keepCritic, bool keepGenerator) {
  const int T = objective_->components();
  const CriticShape cs = criticShape();
  checkUnrollConfig();
  const bool penalised = objective_->penalty().type != PenaltyType::None || cfg_.r1Gamma > 0;
  if (penalised && cs.kind == CriticKind::AutoEncoder)
    throw ConfigError("objective '" + cfg_.objective +
                      "' uses an auto-encoder discriminator: gradient penalties (reg.r1_gamma) "
                      "need a scalar discriminator; set reg.r1_gamma=0");
  if (cfg_.pack > 1) {
    if (cs.kind != CriticKind::Scalar || !supportsPacking(*objective_))
      throw ConfigError("train.pack needs a logit or critic objective with a scalar discriminator that judges "
                        "only D's outputs; '" + cfg_.objective + "' does not (set train.pack=1)");
  }
  checkEnergyModel(cs);
  replay_.configure(cfg_.replay > 0 ? cfg_.replaySize : 1, data_->dim());
  if (cfg_.replay == 0) replay_.clear();
  const typename Model<S>::Rebuilt r = model_.build(T, generatorShape(), cs, keepGenerator, keepCritic, cfg_.seed);
  if (r.generators) gOpt_.assign(size_t(T), Optimizer<S>());
  if (r.critics) dOpt_.assign(size_t(T), Optimizer<S>());
  pairLoss_.assign(size_t(T), std::vector<double>(size_t(T), 0.0));
  fakes_.assign(size_t(T), Mat());
  dFakes_.assign(size_t(T), Mat());
  // WGAN's critic lives in the clipping box from the start: fresh weights (up to ±1.7 at
  // initialisation) and a critic kept from an unclipped objective are clamped now, not only
  // after the first critic step.
  for (int j = 0; j < T; ++j) backend_->clamp(model_.critic(j), objective_->weightClip());
  configureEnergyModel();
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
  model_.mixture().optG.setSettings(g);
  model_.mixture().optD.setSettings(d);
}

template <class S>
void Trainer<S>::reset() {
  rng_.reseed(cfg_.seed);
  replay_.clear();
  chains_.clear();
  pool_.clear();
  build(false, false);
  step_ = 0;
  updates_ = 0;
  kindUpdates_[0] = kindUpdates_[1] = 0;
  diverged_ = false;
  divergence_.clear();
  diag_ = Diagnostics{};
}

template <class S>
std::string Trainer<S>::applyConfig(const Config& next) {
  // Build everything that can fail before touching the running state.
  const bool dataChanged = !(next.data == cfg_.data);
  std::unique_ptr<Distribution> data = dataChanged ? makeDistribution(next.data) : nullptr;
  const bool fakeSourceChanged = dataChanged || next.frozenToData != cfg_.frozenToData;
  std::unique_ptr<Distribution> fakeData = fakeSourceChanged ? makeFakeData(next) : nullptr;
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
  if (fakeSourceChanged) fakeData_ = std::move(fakeData);
  if (obj) objective_ = std::move(obj);
  // Only what changed is set again: setting a parameter restarts its part of the objective's
  // state (MAGAN's margin schedule), and moving any other slider must not undo training.
  for (auto& [key, value] : cfg_.objectiveParams) {
    auto before = previous.objectiveParams.find(key);
    const bool same =
        !obj && before != previous.objectiveParams.end() && before->second == value && target.param(key) == value;
    if (!same) target.setParam(key, value);
  }

  std::ostringstream msg;
  try {
    buildNetworks(true, true);
  } catch (...) {
    cfg_ = previous;
    data_ = makeDistribution(cfg_.data);
    fakeData_ = makeFakeData(cfg_);
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
          << (criticShape().kind == CriticKind::AutoEncoder ? "an auto-encoder" : "a scalar") << " discriminator";
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
  // With packing every pack is P fresh samples: batch packs of real, batch packs of fake.
  const int P = cfg_.pack, n = cfg_.batch * P, T = components(), dim = data_->dim();
  const bool needReal = forCritic || objective_->generatorNeedsReal();
  if (needReal) {
    data_->sample(rng_, sampleTmp_, n);  // data live on the host
    b.real = sampleTmp_.cast<S>();
  } else {
    b.real.resize(dim, 0);
  }
  if (forCritic && fakeData_) {
    fakeData_->sample(rng_, sampleTmp_, n);
    b.fake = sampleTmp_.cast<S>();
  } else if (forCritic && objective_->negatives() == Negatives::Langevin) {
    sampleNegatives(b, n);
  } else {
    b.fake.resize(dim, 0);
  }
  const bool denoise = forCritic && objective_->scoreMatching() == ScoreMatching::Denoising;
  backend_->sampleNormal(rng_, b.denoise, dim, denoise ? n : 0, 1.0);
  b.z.resize(size_t(T));
  for (int i = 0; i < T; ++i)
    backend_->sampleLatent(rng_, b.z[size_t(i)], cfg_.latentDim, n, cfg_.latentDist == "uniform");
  const bool interpolate = forCritic && objective_->penalty().type == PenaltyType::GradientPenalty;
  backend_->sampleUniform(rng_, b.alpha, 1, interpolate ? n / P : 0);
  // train.replay: the first round(replay·n) fakes of each generator come from the buffer.
  const int replayed = forCritic && cfg_.replay > 0 ? std::min(int(std::lround(cfg_.replay * n)), replay_.size()) : 0;
  b.replayed.resize(dim, replayed);
  replay_.draw(rng_, b.replayed, 0, replayed);
  sampleInstanceNoise(*backend_, rng_, b.noiseReal, dim, needReal ? n : 0, cfg_.instanceNoise);
  sampleInstanceNoise(*backend_, rng_, b.noiseFake, dim, n * (forCritic ? T : 1), cfg_.instanceNoise);
}

template <class S>
double Trainer<S>::criticLossAndGrad(const StepBatch<S>& b) {
  if (objective_->scoreMatching() != ScoreMatching::None) return scoreMatchingLossAndGrad(b);
  Workspace& ws = wsD_;
  Backend<S>& be = *backend_;
  Mixture& mix = model_.mixture();
  const int T = components(), P = cfg_.pack;
  const Eigen::Index dim = b.real.rows();
  mix.weights(wG_, wD_);
  const Eigen::VectorXd& wG = wG_;
  const Eigen::VectorXd& wD = wD_;
  const Eigen::Index k = b.replayed.cols();
  if (k) freshFakes_.resize(size_t(T));
  for (int i = 0; i < T; ++i) {
    Mat& fake = fakes_[size_t(i)];
    fake = b.fake.cols() ? b.fake : be.forward(model_.generator(i), b.z[size_t(i)]);
    if (k) {  // train.replay: keep the fresh fakes for the buffer, show D some earlier ones
      freshFakes_[size_t(i)] = fake;
      fake.leftCols(k) = b.replayed;
    }
  }
  const Eigen::Index ns = b.real.cols(), ms = fakes_[0].cols();  // samples

  ws.xAll.resize(dim, ns + T * ms);
  ws.xAll.leftCols(ns) = b.real;
  if (b.noiseReal.cols()) ws.xAll.leftCols(ns) += b.noiseReal;
  for (int i = 0; i < T; ++i) ws.xAll.middleCols(ns + i * ms, ms) = fakes_[size_t(i)];
  if (b.noiseFake.cols()) ws.xAll.rightCols(T * ms) += b.noiseFake;
  const Mat& xIn = packed(ws.xAll, P, ws.packAll);
  const Eigen::Index n = ns / P, m = ms / P;  // what D judges: packs (samples when P = 1)

  const bool samples = objective_->needsSamples();
  if (samples) ws.realD = b.real.template cast<double>();
  const Penalty pen = objective_->penalty();
  double total = 0;
  Eigen::VectorXd& costD = cost_;
  costD.setZero(T);
  auto display = [&](const Eigen::VectorXd& raw) {
    return raw.unaryExpr([&](double v) { return objective_->displayValue(v); }).mean();
  };
  for (int j = 0; j < T; ++j) {
    Critic<S>& critic = model_.critic(j);
    be.zeroGrad(critic);
    const Mat& out = be.forward(critic, xIn);
    const Mat* codes = critic.codes();
    ws.dAll.setZero(1, n + T * m);
    for (int i = 0; i < T; ++i) {
      if (samples) ws.fakeD = fakes_[size_t(i)].template cast<double>();
      const LossInputs in =
          ws.loss.inputs(out, codes, n, n + i * m, m, samples ? &ws.realD : nullptr, samples ? &ws.fakeD : nullptr);
      clearLossGrads(ws.grads, n, m);
      const double L = objective_->criticLoss(in, ws.grads);
      const double w = wG[i] * wD[j];
      pairLoss_[size_t(i)][size_t(j)] = L;
      total += w * L;
      costD[j] += wG[i] * L;
      ws.dAll.leftCols(n) += (w * ws.grads.dReal).transpose().template cast<S>();
      ws.dAll.middleCols(n + i * m, m) = (w * ws.grads.dFake).transpose().template cast<S>();
      if (i == 0 && j == 0) diag_.dFake = display(ws.loss.outFake);
    }
    if (j == 0) diag_.dReal = display(ws.loss.outReal);
    be.backward(critic, ws.dAll, nullptr, nullptr, true);

    double penaltyValue = 0;
    if (pen.type == PenaltyType::GradientPenalty) {
      interpolates(packed(b.real, P, ws.packReal), packed(fakes_[size_t(j % T)], P, ws.packFake), b.alpha,
                   ws.penalty.points);
      penaltyValue = addPenaltyGradient(be, critic, ws.penalty.points, pen, wD[j], ws.penalty);
      total += wD[j] * pen.weight * penaltyValue;
      costD[j] += pen.weight * penaltyValue;  // the penalty is weighted by w_D[j] too
    }
    if (cfg_.r1Gamma > 0) {
      ws.noisy = b.real;
      if (b.noiseReal.cols()) ws.noisy += b.noiseReal;
      const Penalty r1{PenaltyType::R1, cfg_.r1Gamma};
      penaltyValue = addPenaltyGradient(be, critic, packed(ws.noisy, P, ws.packReal), r1, wD[j], ws.penalty);
      total += wD[j] * 0.5 * cfg_.r1Gamma * penaltyValue;
      costD[j] += 0.5 * cfg_.r1Gamma * penaltyValue;
    }
    if (j == 0) diag_.penalty = penaltyValue;
  }
  if (T > 1) {
    const double ent = objective_->mixtureEntropyWeight();
    total += ent * Mixture::entropyTerm(wD);
    mix.gradD = Mixture::logitGradient(wD, costD, ent);
  }
  return total;
}

template <class S>
double Trainer<S>::generatorLossAndGrad(const StepBatch<S>& b) {
  Workspace& ws = wsG_;
  Backend<S>& be = *backend_;
  Mixture& mix = model_.mixture();
  const int T = components(), P = cfg_.pack;
  const Eigen::Index ms = b.z[0].cols(), dim = data_->dim();  // samples
  const Eigen::Index ns = objective_->generatorNeedsReal() ? b.real.cols() : 0;
  const Eigen::Index m = ms / P, n = ns / P;                   // what D judges: packs
  mix.weights(wG_, wD_);
  const Eigen::VectorXd& wG = wG_;
  const Eigen::VectorXd& wD = wD_;
  const bool samples = objective_->needsSamples();
  if (samples && ns) ws.realD = b.real.template cast<double>();
  double total = 0;
  Eigen::VectorXd& costG = cost_;
  costG.setZero(T);
  for (int i = 0; i < T; ++i) {
    Mlp<S>& gen = model_.generator(i);
    be.zeroGrad(gen);
    const Mat& fake = be.forward(gen, b.z[size_t(i)]);
    ws.xAll.resize(dim, ns + ms);
    if (ns) {
      ws.xAll.leftCols(ns) = b.real;
      if (b.noiseReal.cols()) ws.xAll.leftCols(ns) += b.noiseReal;
    }
    ws.xAll.rightCols(ms) = fake;
    if (b.noiseFake.cols()) ws.xAll.rightCols(ms) += b.noiseFake.leftCols(ms);
    if (samples) ws.fakeD = fake.template cast<double>();
    const Mat& xIn = packed(ws.xAll, P, ws.packAll);
    dFakes_[size_t(i)].setZero(dim, ms);
    for (int j = 0; j < T; ++j) {
      Critic<S>& critic = model_.critic(j);
      const Mat& out = be.forward(critic, xIn);
      const Mat* codes = critic.codes();
      const LossInputs in =
          ws.loss.inputs(out, codes, n, n, m, samples ? &ws.realD : nullptr, samples ? &ws.fakeD : nullptr);
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
      be.backward(critic, ws.dAll, codeGrad ? &ws.dCodes : nullptr, &ws.dX, false);
      // dL/d(packs) back to dL/d(samples): the same reshape as packed(), undone.
      dFakes_[size_t(i)] += Eigen::Map<const Mat>(ws.dX.data(), dim, ns + ms).rightCols(ms);
      if (ws.grads.useFakeX) dFakes_[size_t(i)] += (w * ws.grads.dFakeX).template cast<S>();
    }
    be.backward(gen, dFakes_[size_t(i)]);
  }
  if (T > 1) {
    const double ent = objective_->mixtureEntropyWeight();
    total += ent * Mixture::entropyTerm(wG);
    mix.gradG = Mixture::logitGradient(wG, costG, ent);
  }
  return total;
}

// The loss is a host scalar every update; after an update, the weights it changed are read
// back (one scalar per network) every divergenceCheckEvery updates, so a GPU backend need not
// sync each step. Before an update only the loss is checked: the weights are those the last
// update's check passed.
template <class S>
bool Trainer<S>::checkFinite(const char* phase, double loss, Updated updated) {
  const char* cause = nullptr;
  if (!std::isfinite(loss)) cause = "loss";
  // Each kind of network is checked on every k-th of its own updates (one shared count could
  // fall on the same kind every time: k = 6 with 5 critic steps per generator step).
  const long long kindUpdates = updated == Updated::None ? 0 : ++kindUpdates_[updated == Updated::Generators];
  if (!cause && updated != Updated::None && kindUpdates % std::max(1, cfg_.divergenceCheckEvery) == 0) {
    for (int j = 0; j < components() && !cause && updated == Updated::Critics; ++j)
      if (!backend_->allFinite(model_.critic(j))) cause = "discriminator weights";
    for (int i = 0; i < components() && !cause && updated == Updated::Generators; ++i)
      if (!backend_->allFinite(model_.generator(i))) cause = "generator weights";
  }
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
double Trainer<S>::updateCritics() {
  double norm2 = 0;
  const double clip = objective_->weightClip();
  for (int j = 0; j < components(); ++j) norm2 += backend_->step(dOpt_[size_t(j)], model_.critic(j), clip);
  Mixture& mix = model_.mixture();
  if (components() > 1) mix.optD.step(mix.logitsD, mix.gradD);
  return norm2;
}

template <class S>
void Trainer<S>::criticStep() {
  if (diverged_) return;
  sampleBatch(batchD_, true);
  const double loss = criticLossAndGrad(batchD_);
  diag_.dLoss = loss;
  if (!checkFinite("discriminator", loss, Updated::None)) return;
  diag_.dGradNorm = std::sqrt(updateCritics());
  objective_->afterCriticStep(wsD_.loss.last());
  if (objective_->negatives() == Negatives::Langevin) pool_.push(batchD_.fake);  // the model's samples
  if (cfg_.replay > 0)  // this step's fresh fakes join the buffer after D has seen them
    for (int i = 0; i < components(); ++i) replay_.push(batchD_.replayed.cols() ? freshFakes_[size_t(i)] : fakes_[size_t(i)]);
  ++updates_;
  checkFinite("discriminator", loss, Updated::Critics);
}

template <class S>
void Trainer<S>::generatorStep() {
  if (diverged_) return;
  if (fakeData_ || generatorFree()) {  // frozen to the data, or an energy model: no generator to train
    diag_.gLoss = std::numeric_limits<double>::quiet_NaN();
    diag_.gGradNorm = 0;
    return;
  }
  sampleBatch(batchG_, false);
  if (cfg_.unroll > 0) sampleBatch(batchU_, true);
  const double loss =
      cfg_.unroll > 0 ? unrolledGeneratorLossAndGrad(batchG_, batchU_) : generatorLossAndGrad(batchG_);
  diag_.gLoss = loss;
  if (!checkFinite("generator", loss, Updated::None)) return;
  double norm2 = 0;
  for (int i = 0; i < components(); ++i) norm2 += backend_->step(gOpt_[size_t(i)], model_.generator(i));
  diag_.gGradNorm = std::sqrt(norm2);
  Mixture& mix = model_.mixture();
  if (components() > 1) mix.optG.step(mix.logitsG, mix.gradG);
  objective_->afterGeneratorStep(wsG_.loss.last());
  ++updates_;
  checkFinite("generator", loss, Updated::Generators);
}

template <class S>
void Trainer<S>::iterate() {
  if (diverged_) return;
  const int dSteps = criticStepsThisIteration();
  for (int k = 0; k < dSteps && !diverged_; ++k) criticStep();
  for (int k = 0; k < cfg_.gSteps && !diverged_; ++k) generatorStep();
  finishIteration();
}

template <class S>
int Trainer<S>::criticStepsThisIteration() const {
  // main.py: `if gen_iterations < 25 or gen_iterations % 500 == 0: Diters = 100`.
  if (cfg_.criticWarmup && (step_ < 25 || step_ % 500 == 0)) return 100;
  return cfg_.dSteps;
}

template <class S>
void Trainer<S>::finishIteration() {
  if (diverged_) return;
  ++step_;
  diag_.step = step_;
  diag_.state.clear();
  objective_->state(diag_.state);
  refreshSamplePool();
  if (components() > 1) {
    diag_.mixtureG = mixtureWeightsG();
    diag_.mixtureD = mixtureWeightsD();
  }
}

template <class S>
std::vector<double> Trainer<S>::mixtureWeightsG() const {
  return model_.mixture().weightsG();
}

template <class S>
std::vector<double> Trainer<S>::mixtureWeightsD() const {
  return model_.mixture().weightsD();
}

template <class S>
void Trainer<S>::generate(const Eigen::MatrixXd& z, const Eigen::VectorXd& u, Eigen::MatrixXd& x,
                          std::vector<int>* component) {
  const int T = components();
  Mat zS = z.cast<S>(), out;
  x.resize(data_->dim(), z.cols());
  if (component) component->assign(size_t(z.cols()), 0);
  if (generatorFree()) {  // an energy model: its sampler's recent output
    generateFromPool(x, z.cols());
    return;
  }
  if (fakeData_) {  // frozen to the data: the k-th "generated" point is the k-th of the second sample
    const Eigen::MatrixXd& pts = static_cast<const FiniteSample&>(*fakeData_).points();
    for (Eigen::Index k = 0; k < z.cols(); ++k) x.col(k) = pts.col(k % pts.cols());
    return;
  }
  if (T == 1) {
    backend_->evaluate(model_.generator(0), zS, out);
    x = out.template cast<double>();
    return;
  }
  const std::vector<double> w = mixtureWeightsG();
  std::vector<double> cum(w.size());
  std::partial_sum(w.begin(), w.end(), cum.begin());
  for (int i = 0; i < T; ++i) {
    backend_->evaluate(model_.generator(i), zS, out);
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
  const Mat& xIn = tiled(xS, cfg_.pack, wsView_.tiled);
  raw.setZero(x.cols());
  for (int j = 0; j < T; ++j) {
    backend_->evaluate(model_.critic(j), xIn, out);
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
  const Mat& xIn = tiled(xS, cfg_.pack, wsView_.tiled);
  value.setZero(x.cols());
  for (int j = 0; j < T; ++j) {
    backend_->evaluate(model_.critic(j), xIn, out);
    for (Eigen::Index i = 0; i < value.size(); ++i)
      value[i] += w[size_t(j)] * objective_->displayValue(double(out(0, i)));
  }
}

template <class S>
void Trainer<S>::criticInputGradient(const Eigen::MatrixXd& x, Eigen::MatrixXd& grad) {
  Workspace& ws = wsView_;
  Critic<S>& c = model_.critic(0);
  const Mat xS = x.cast<S>();
  const Mat& out = backend_->forward(c, tiled(xS, cfg_.pack, ws.tiled));
  ws.dAll.setOnes(1, out.cols());
  backend_->backward(c, ws.dAll, nullptr, &ws.dX, false);
  grad = (cfg_.pack > 1 ? untiledSum(ws.dX, cfg_.pack) : ws.dX).template cast<double>();
}

template <class S>
void Trainer<S>::generatorPush(const Eigen::MatrixXd& x, Eigen::MatrixXd& push) {
  // Only the fake-sample part of the generator loss is needed; objectives that read the
  // real batch get one fresh real batch from a private stream (views must not perturb rng_).
  Workspace& ws = wsView_;
  Critic<S>& critic = model_.critic(0);
  const Eigen::Index m = x.cols();
  Eigen::Index n = 0;
  if (objective_->generatorNeedsReal()) {
    Rng viewRng(cfg_.seed + 99991);
    data_->sample(viewRng, ws.realD, int(m));
    n = m;
  }
  ws.xAll.resize(x.rows(), n + m);
  if (n) ws.xAll.leftCols(n) = ws.realD.template cast<S>();
  ws.xAll.rightCols(m) = x.cast<S>();
  const Mat& out = backend_->forward(critic, tiled(ws.xAll, cfg_.pack, ws.tiled));
  const Mat* codes = critic.codes();
  const bool samples = objective_->needsSamples();
  const LossInputs in = ws.loss.inputs(out, codes, n, n, m, samples ? &ws.realD : nullptr, samples ? &x : nullptr);
  LossGrads& g = ws.grads;
  clearLossGrads(g, n, m);
  objective_->generatorLoss(in, g);
  ws.dAll.setZero(1, n + m);
  ws.dAll.rightCols(m) = g.dFake.transpose().cast<S>();
  const bool codeGrad = g.useFakeCodes && codes;
  if (codeGrad) {
    ws.dCodes.setZero(codes->rows(), n + m);
    ws.dCodes.rightCols(m) = g.dFakeCodes.cast<S>();
  }
  backend_->backward(critic, ws.dAll, codeGrad ? &ws.dCodes : nullptr, &ws.dX, false);
  const Mat dX = cfg_.pack > 1 ? untiledSum(ws.dX, cfg_.pack) : ws.dX;
  push = -dX.rightCols(m).template cast<double>();
  if (g.useFakeX) push -= g.dFakeX;
}

template class Trainer<float>;
template class Trainer<double>;

}  // namespace gs
