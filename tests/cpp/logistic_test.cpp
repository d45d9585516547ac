// Logistic regression with boxes on the coefficients (logistic.hpp): the
// projected Newton fit against an independent brute force over the faces of
// the box, the KKT check (and that it can fail), separation, sample weights,
// and the pinned errors.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <Eigen/Cholesky>

#include "kobling/errors.hpp"
#include "kobling/logistic.hpp"

namespace kobling {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
const Eigen::VectorXd kNoWeights;  // every row weighs 1

double objective(const ScoreMatrix& X, const Eigen::VectorXd& y, const Eigen::VectorXd& v,
                 double l2, double b, const Eigen::VectorXd& beta) {
  double total = 0.0;
  for (Eigen::Index r = 0; r < X.rows(); ++r) {
    const double e = b + X.row(r).dot(beta);
    total += v[r] * (std::log1p(std::exp(-std::abs(e))) + std::max(e, 0.0) - y[r] * e);
  }
  return total + 0.5 * l2 * beta.squaredNorm();
}

// The optimum by brute force: every coefficient either fixed at one of its
// finite bounds or free; on each face, plain damped Newton (no bounds) for the
// free ones; the best point inside the box. Exact for a convex problem.
double brute_force(const ScoreMatrix& X, const Eigen::VectorXd& y, const Eigen::VectorXd& v,
                   double l2, const Eigen::VectorXd& lo, const Eigen::VectorXd& hi) {
  const auto p = static_cast<int>(X.cols());
  double best = kInf;
  int faces = 1;
  for (int f = 0; f < p; ++f) {
    faces *= 3;
  }
  for (int face = 0; face < faces; ++face) {
    std::vector<int> state(static_cast<std::size_t>(p));  // 0 free, 1 lower, 2 upper
    int code = face;
    bool ok = true;
    Eigen::VectorXd beta = Eigen::VectorXd::Zero(p);
    for (int f = 0; f < p; ++f) {
      state[static_cast<std::size_t>(f)] = code % 3;
      code /= 3;
      const int st = state[static_cast<std::size_t>(f)];
      if ((st == 1 && !std::isfinite(lo[f])) || (st == 2 && !std::isfinite(hi[f]))) {
        ok = false;
      }
      beta[f] = st == 1 ? lo[f] : st == 2 ? hi[f] : 0.0;
    }
    if (!ok) {
      continue;
    }
    double b = 0.0;
    for (int step = 0; step < 100; ++step) {  // Newton on (b, free β)
      std::vector<int> idx{-1};
      for (int f = 0; f < p; ++f) {
        if (state[static_cast<std::size_t>(f)] == 0) {
          idx.push_back(f);
        }
      }
      const auto m = static_cast<Eigen::Index>(idx.size());
      Eigen::VectorXd g = Eigen::VectorXd::Zero(m);
      Eigen::MatrixXd H = Eigen::MatrixXd::Zero(m, m);
      for (Eigen::Index r = 0; r < X.rows(); ++r) {
        const double e = b + X.row(r).dot(beta);
        const double s = 1.0 / (1.0 + std::exp(-e));
        Eigen::VectorXd x(m);
        for (Eigen::Index a = 0; a < m; ++a) {
          x[a] =
              idx[static_cast<std::size_t>(a)] < 0 ? 1.0 : X(r, idx[static_cast<std::size_t>(a)]);
        }
        g += v[r] * (s - y[r]) * x;
        H += v[r] * s * (1 - s) * x * x.transpose();
      }
      for (Eigen::Index a = 1; a < m; ++a) {
        g[a] += l2 * beta[idx[static_cast<std::size_t>(a)]];
        H(a, a) += l2;
      }
      const Eigen::VectorXd d = H.ldlt().solve(-g);
      double t = 1.0;
      const double f0 = objective(X, y, v, l2, b, beta);
      for (int k = 0; k < 50; ++k, t *= 0.5) {
        Eigen::VectorXd nb = beta;
        for (Eigen::Index a = 1; a < m; ++a) {
          nb[idx[static_cast<std::size_t>(a)]] += t * d[a];
        }
        if (objective(X, y, v, l2, b + t * d[0], nb) <= f0) {
          b += t * d[0];
          beta = nb;
          break;
        }
      }
    }
    bool inside = true;
    for (int f = 0; f < p; ++f) {
      inside = inside && beta[f] >= lo[f] - 1e-9 && beta[f] <= hi[f] + 1e-9;
    }
    if (inside) {
      best = std::min(best, objective(X, y, v, l2, b, beta));
    }
  }
  return best;
}

TEST(Logistic, EqualsBruteForceOverTheFacesOfTheBox) {
  std::mt19937_64 rng(2026);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  int bound_active = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const int n = 5 + static_cast<int>(rng() % 56);
    const int p = 1 + static_cast<int>(rng() % 3);
    ScoreMatrix X(n, p);
    Eigen::VectorXd y(n);
    Eigen::VectorXd v(n);
    Eigen::VectorXd truth(p);
    for (int f = 0; f < p; ++f) {
      truth[f] = 4.0 * unit(rng) - 2.0;
    }
    for (int r = 0; r < n; ++r) {
      for (int f = 0; f < p; ++f) {
        X(r, f) = unit(rng);
      }
      const double e = -0.5 + X.row(r).dot(truth);
      y[r] = unit(rng) < 1.0 / (1.0 + std::exp(-e)) ? 1.0 : 0.0;
      v[r] = trial % 2 == 0 ? 1.0 : 0.5 + 2.0 * unit(rng);
    }
    y[0] = 0.0;
    y[1] = 1.0;  // both classes
    LogisticOptions o;
    o.l2 = std::vector<double>{0.1, 1.0, 10.0}[static_cast<std::size_t>(trial % 3)];
    o.lower = Eigen::VectorXd::Constant(p, -kInf);
    o.upper = Eigen::VectorXd::Constant(p, kInf);
    for (int f = 0; f < p; ++f) {
      switch (rng() % 4) {
        case 0:
          break;
        case 1:
          o.lower[f] = 0.0;  // increasing
          break;
        case 2:
          o.upper[f] = 0.0;  // decreasing
          break;
        default:
          o.lower[f] = 0.0;
          o.upper[f] = 0.5;
      }
    }
    const LogisticFit fit = fit_logistic(X, y, v, o);
    ASSERT_EQ(fit.status, LogisticStatus::optimal) << trial;
    const CheckReport kkt = check_logistic_kkt(X, y, v, o, fit);
    EXPECT_TRUE(kkt.ok) << trial << ": " << (kkt.violations.empty() ? "" : kkt.violations[0]);
    const double best = brute_force(X, y, v, o.l2, o.lower, o.upper);
    EXPECT_NEAR(fit.objective, best, 1e-8 * std::max(1.0, best)) << trial;
    EXPECT_NEAR(objective(X, y, v, o.l2, fit.intercept, fit.coef), fit.objective, 1e-9 * best);
    for (int f = 0; f < p; ++f) {
      bound_active += fit.coef[f] == o.lower[f] || fit.coef[f] == o.upper[f] ? 1 : 0;
    }
  }
  EXPECT_GT(bound_active, 50);  // the boxes mattered
}

TEST(Logistic, SymmetricDataHasNoEffectAndTheBaseRate) {
  ScoreMatrix X(4, 1);
  X << 0.0, 0.0, 1.0, 1.0;
  Eigen::VectorXd y(4);
  y << 0, 1, 0, 1;
  Eigen::VectorXd v(4);
  v << 1, 3, 1, 3;  // three times as many good as bad, at either value
  LogisticOptions o;
  o.l2 = 0.0;
  const LogisticFit fit = fit_logistic(X, y, v, o);
  EXPECT_EQ(fit.status, LogisticStatus::optimal);
  EXPECT_NEAR(fit.coef[0], 0.0, 1e-12);
  EXPECT_NEAR(fit.intercept, std::log(3.0), 1e-12);
  EXPECT_NEAR(predict_logistic(X, fit)[0], 0.75, 1e-12);
}

TEST(Logistic, SampleWeightsEqualRepeatedRows) {
  ScoreMatrix X(3, 2);
  X << 0.1, 0.9, 0.5, 0.4, 0.8, 0.2;
  Eigen::VectorXd y(3);
  y << 1, 0, 1;
  Eigen::VectorXd v(3);
  v << 2, 1, 3;
  ScoreMatrix X6(6, 2);
  X6 << 0.1, 0.9, 0.1, 0.9, 0.5, 0.4, 0.8, 0.2, 0.8, 0.2, 0.8, 0.2;
  Eigen::VectorXd y6(6);
  y6 << 1, 1, 0, 1, 1, 1;
  y6[2] = 0;
  const LogisticFit a = fit_logistic(X, y, v);
  const LogisticFit b = fit_logistic(X6, y6, kNoWeights);
  EXPECT_NEAR(a.objective, b.objective, 1e-10);
  EXPECT_NEAR(a.intercept, b.intercept, 1e-9);
  EXPECT_NEAR((a.coef - b.coef).lpNorm<Eigen::Infinity>(), 0.0, 1e-9);
}

TEST(Logistic, SeparationIsSaidNotHidden) {
  ScoreMatrix X(4, 1);
  X << 0.1, 0.2, 0.8, 0.9;
  Eigen::VectorXd y(4);
  y << 0, 0, 1, 1;
  LogisticOptions o;
  o.l2 = 0.0;
  EXPECT_EQ(fit_logistic(X, y, kNoWeights, o).status, LogisticStatus::separated);
  o.l2 = 1.0;  // a penalty: a finite optimum
  const LogisticFit fit = fit_logistic(X, y, kNoWeights, o);
  EXPECT_EQ(fit.status, LogisticStatus::optimal);
  EXPECT_TRUE(check_logistic_kkt(X, y, kNoWeights, o, fit).ok);
  Eigen::VectorXd ones = Eigen::VectorXd::Ones(4);  // one class: the intercept runs away
  EXPECT_EQ(fit_logistic(X, ones, kNoWeights, o).status, LogisticStatus::separated);
  o.fit_intercept = false;  // without one, the penalty holds the coefficient
  EXPECT_EQ(fit_logistic(X, ones, kNoWeights, o).status, LogisticStatus::optimal);
  EXPECT_EQ(to_string(LogisticStatus::separated), "separated");
}

// A monotone (non-negative) effect where the data say the opposite: the
// coefficient sits at 0 and the check sees the gradient push outward; a
// wrong fit (moved off its optimum, or out of its box) is caught.
TEST(Logistic, TheKktCheckCanFail) {
  ScoreMatrix X(6, 1);
  X << 0.0, 0.2, 0.4, 0.6, 0.8, 1.0;
  Eigen::VectorXd y(6);
  y << 1, 1, 0, 1, 0, 0;
  LogisticOptions o;
  o.lower = Eigen::VectorXd::Zero(1);
  LogisticFit fit = fit_logistic(X, y, kNoWeights, o);
  EXPECT_EQ(fit.coef[0], 0.0);
  EXPECT_GT(fit.gradient[0], 0.0);
  EXPECT_TRUE(check_logistic_kkt(X, y, kNoWeights, o, fit).ok);
  LogisticFit moved = fit;
  moved.coef[0] = 0.25;
  const CheckReport bad = check_logistic_kkt(X, y, kNoWeights, o, moved);
  ASSERT_FALSE(bad.ok);
  EXPECT_EQ(bad.violations[0].rfind("the intercept's gradient is ", 0), 0U) << bad.violations[0];
  LogisticFit outside = fit;
  outside.coef[0] = -0.5;
  const CheckReport out = check_logistic_kkt(X, y, kNoWeights, o, outside);
  ASSERT_FALSE(out.ok);
  EXPECT_EQ(out.violations.back(), "coefficient 0 = -0.5 is outside [0, inf]");
  LogisticFit shifted = fit;
  shifted.intercept += 0.1;
  EXPECT_FALSE(check_logistic_kkt(X, y, kNoWeights, o, shifted).ok);
}

TEST(Logistic, BadInputsNameTheArgument) {
  ScoreMatrix X(2, 1);
  X << 0.5, 0.7;
  Eigen::VectorXd y(2);
  y << 0.5, 1;
  const auto message = [&](const Eigen::VectorXd& yy, const Eigen::VectorXd& v,
                           const LogisticOptions& o) {
    try {
      (void)fit_logistic(X, yy, v, o);
      return std::string("no error");
    } catch (const InvalidArgument& e) {
      return std::string(e.what());
    }
  };
  EXPECT_EQ(message(y, {}, {}), "[kobling.array.bad_label] y[0]: must be 0 or 1, got 0.5");
  y[0] = 0;
  Eigen::VectorXd v(2);
  v << 1, -1;
  EXPECT_EQ(message(y, v, {}),
            "[kobling.array.bad_sample_weight] sample_weight[1]: must be finite and >= 0, got -1");
  v << 0, 0;
  EXPECT_EQ(message(y, v, {}),
            "[kobling.array.bad_sample_weight] sample_weight: no row has a positive weight: "
            "nothing to fit");
  EXPECT_EQ(message(Eigen::VectorXd::Zero(3), {}, {}),
            "[kobling.array.shape] y: has 3 labels, X has 2 rows");
  LogisticOptions o;
  o.l2 = -1;
  EXPECT_EQ(message(y, {}, o), "[kobling.array.bad_option] l2: must be finite and >= 0, got -1");
  o = {};
  o.lower = Eigen::VectorXd::Constant(1, 1.0);
  o.upper = Eigen::VectorXd::Constant(1, 0.0);
  EXPECT_EQ(message(y, {}, o),
            "[kobling.array.bad_option] lower[0]: the bounds 1 and 0 leave no value for "
            "coefficient 0");
  o = {};
  o.lower = Eigen::VectorXd::Zero(2);
  EXPECT_EQ(message(y, {}, o), "[kobling.array.shape] lower: has 2 bounds, X has 1 columns");
  X(1, 0) = std::nan("");
  EXPECT_EQ(message(y, {}, {}), "[kobling.array.not_finite] X[1, 0]: value nan is not finite");
}

}  // namespace
}  // namespace kobling
