// The snapshot's pictures (see FieldBuilder.h).
#include "field/FieldBuilder.h"

#include "field/CriticNet.h"
#include "field/Field.h"
#include "metrics/Kde.h"
#include "metrics/OptimalDiscriminator.h"

namespace gs {

void FieldBuilder::resetSamples(const Trainer<float>& t, const Config& c) {
  display_ = makeEvalSet(t, kDisplaySamples, c.seed + 1);
  dStarSet_ = makeEvalSet(t, kDStarSamples, c.seed + 3);
}

void FieldBuilder::build(Trainer<float>& t, const Config& c, Snapshot& s) {
  const Distribution& data = t.data();
  s.real = display_.real;
  t.generate(display_.z, display_.u, s.fake, &s.fakeComponent);
  // An energy model without a generator: its samples are Langevin chains; no push, no G.
  const bool hasGenerator = t.objective().negatives() == Negatives::Generator;
  s.fakeLabel = hasGenerator ? "generated G(z)" : "Langevin samples (no G)";
  if (s.fake.allFinite() && hasGenerator) t.generatorPush(s.fake, s.push);

  const Box& box = s.box;
  const int dim = s.dim;
  const int nx = dim == 1 ? 512 : c.fieldResolution, ny = dim == 1 ? 1 : c.fieldResolution;
  const Eigen::MatrixXd grid = gridPoints(box, nx, ny, dim);
  Eigen::VectorXd values;
  t.evaluateCritic(grid, values);
  s.criticField = makeField(nx, ny, box, std::vector<double>(values.data(), values.data() + values.size()));
  // The same function for the heat-map shader (null when it cannot express it).
  if (dim == 2) s.criticField.net = packCriticNet(t, box);

  std::vector<double> p(size_t(nx * ny), 0.0);
  if (data.hasDensity()) {
    for (int k = 0; k < nx * ny; ++k) p[size_t(k)] = data.density(grid.col(k).data());
    s.pData = makeField(nx, ny, box, p);
  } else {
    p = kdeGrid(display_.real, box, nx, ny);
    s.pDataKde = makeField(nx, ny, box, p);
  }
  if (s.fake.allFinite()) {
    s.qKde = makeField(nx, ny, box, kdeGrid(s.fake, box, nx, ny));
    if (s.objective.output == OutputKind::Logit) {
      t.generate(dStarSet_.z, dStarSet_.u, dStarFake_);
      if (dStarFake_.allFinite()) {
        const OptimalDiscriminatorGrid ds =
            optimalDiscriminatorGrid(dStarSet_.real, dStarFake_, box, nx, ny, c.instanceNoise);
        s.dStar = makeField(nx, ny, box, ds.values);
        s.dStarBandwidth = ds.bandwidth;
      }
    }
  }

  // Coarse ∇_x of the raw critic, for a field of arrows.
  if (dim == 2) {
    const int ng = 24;
    const Eigen::MatrixXd coarse = gridPoints(box, ng, ng, 2);
    Eigen::MatrixXd grad;
    t.criticInputGradient(coarse, grad);
    std::vector<double> mag(size_t(ng * ng));
    s.gradX.resize(size_t(ng * ng));
    s.gradY.resize(size_t(ng * ng));
    for (int k = 0; k < ng * ng; ++k) {
      s.gradX[size_t(k)] = float(grad(0, k));
      s.gradY[size_t(k)] = float(grad(1, k));
      mag[size_t(k)] = grad.col(k).norm();
    }
    s.gradient = makeField(ng, ng, box, mag);
  }

  // The generator's image of a latent grid (first two latent coordinates).
  if (dim == 2 && c.latentDim >= 1 && hasGenerator) {
    const double r = c.latentDist == "uniform" ? 1.0 : 2.0;
    const int lines = 11, pts = 48;
    Eigen::VectorXd u = Eigen::VectorXd::Constant(pts, 0.0);
    for (int dir = 0; dir < (c.latentDim >= 2 ? 2 : 1); ++dir)
      for (int l = 0; l < lines; ++l) {
        Eigen::MatrixXd z = Eigen::MatrixXd::Zero(c.latentDim, pts);
        for (int k = 0; k < pts; ++k) {
          z(dir, k) = -r + 2 * r * k / (pts - 1);
          if (c.latentDim >= 2) z(1 - dir, k) = -r + 2 * r * l / (lines - 1);
        }
        Eigen::MatrixXd x;
        t.generate(z, u, x);
        s.manifold.push_back(x);
        if (c.latentDim < 2) break;
      }
  }

  if (s.objective.output == OutputKind::Energy) {
    // exp(-E/T): the energy's gradient is divided by the objective's temperature.
    const double T = t.objective().samplingTemperature();
    langevin_.advance(box, dim, kLangevinParticles, 10, [&t, T](const Eigen::MatrixXd& x, Eigen::MatrixXd& grad) {
      t.criticInputGradient(x, grad);
      grad /= T;
    });
    s.langevin = langevin_.particles();
    s.langevinTemperature = T;
  }
}

}  // namespace gs
