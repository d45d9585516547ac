#include "kobling/logistic.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Cholesky>

#include "common/text.hpp"
#include "kobling/errors.hpp"

namespace kobling {

std::string_view to_string(LogisticStatus s) noexcept {
  switch (s) {
    case LogisticStatus::optimal:
      return "optimal";
    case LogisticStatus::separated:
      return "separated";
    case LogisticStatus::not_converged:
      return "not_converged";
  }
  return "?";
}

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The problem in the parameters θ = (b, β) (b only with an intercept).
class Problem {
 public:
  Problem(const Eigen::Ref<const ScoreMatrix>& X, const Eigen::Ref<const Eigen::VectorXd>& y,
          const Eigen::Ref<const Eigen::VectorXd>& v, const LogisticOptions& o)
      : X_(X), y_(y), v_(v), o_(o), shift_(o.fit_intercept ? 1 : 0) {
    const auto p = static_cast<Eigen::Index>(X.cols());
    lo_ = Eigen::VectorXd::Constant(p + shift_, -kInf);
    hi_ = Eigen::VectorXd::Constant(p + shift_, kInf);
    if (o.lower.size() > 0) {
      lo_.tail(p) = o.lower;
    }
    if (o.upper.size() > 0) {
      hi_.tail(p) = o.upper;
    }
  }

  [[nodiscard]] Eigen::Index size() const { return lo_.size(); }
  [[nodiscard]] Eigen::Index shift() const { return shift_; }
  [[nodiscard]] const Eigen::VectorXd& lower() const { return lo_; }
  [[nodiscard]] const Eigen::VectorXd& upper() const { return hi_; }
  [[nodiscard]] double weight(Eigen::Index r) const { return v_.size() > 0 ? v_[r] : 1.0; }

  [[nodiscard]] Eigen::VectorXd project(const Eigen::VectorXd& t) const {
    return t.cwiseMax(lo_).cwiseMin(hi_);
  }

  // η for every row: one matrix-vector product (Eigen, single-threaded: the
  // same sums in the same order on every run).
  [[nodiscard]] Eigen::VectorXd etas(const Eigen::VectorXd& t) const {
    Eigen::VectorXd e = X_ * t.tail(X_.cols());
    if (shift_) {
      e.array() += t[0];
    }
    return e;
  }

  // f(θ), rows summed in order.
  [[nodiscard]] double value(const Eigen::VectorXd& t) const {
    const Eigen::VectorXd e = etas(t);
    double total = 0.0;
    for (Eigen::Index r = 0; r < X_.rows(); ++r) {
      const double softplus =
          e[r] > 0 ? e[r] + std::log1p(std::exp(-e[r])) : std::log1p(std::exp(e[r]));
      total += weight(r) * (softplus - y_[r] * e[r]);
    }
    return total + 0.5 * o_.l2 * t.tail(X_.cols()).squaredNorm();
  }

  // Gradient and (optionally) Hessian at θ: g = Xᵀ v(σ - y) + λβ and
  // H = Xᵀ D X + λI' (D = v σ(1 - σ)) as matrix products, not row by row.
  void derivatives(const Eigen::VectorXd& t, Eigen::VectorXd& g, Eigen::MatrixXd* H) const {
    const Eigen::Index n = size();
    const Eigen::Index p = X_.cols();
    const Eigen::VectorXd e = etas(t);
    Eigen::VectorXd residual(X_.rows());
    Eigen::VectorXd curvature(X_.rows());
    for (Eigen::Index r = 0; r < X_.rows(); ++r) {
      const double s = sigmoid(e[r]);
      residual[r] = weight(r) * (s - y_[r]);
      curvature[r] = weight(r) * s * (1.0 - s);
    }
    g.resize(n);
    g.tail(p).noalias() = X_.transpose() * residual;
    g.tail(p) += o_.l2 * t.tail(p);
    if (shift_) {
      g[0] = residual.sum();
    }
    if (H == nullptr) {
      return;
    }
    H->resize(n, n);
    const ScoreMatrix weighted = curvature.asDiagonal() * X_;
    H->bottomRightCorner(p, p).noalias() = X_.transpose() * weighted;
    H->diagonal().tail(p).array() += o_.l2;
    if (shift_) {
      const Eigen::VectorXd cross = X_.transpose() * curvature;
      (*H)(0, 0) = curvature.sum();
      H->col(0).tail(p) = cross;
      H->row(0).tail(p) = cross.transpose();
    }
  }

  static double sigmoid(double e) {
    return e >= 0 ? 1.0 / (1.0 + std::exp(-e)) : std::exp(e) / (1.0 + std::exp(e));
  }

 private:
  const Eigen::Ref<const ScoreMatrix>& X_;
  const Eigen::Ref<const Eigen::VectorXd>& y_;
  const Eigen::Ref<const Eigen::VectorXd>& v_;
  const LogisticOptions& o_;
  Eigen::Index shift_;
  Eigen::VectorXd lo_;
  Eigen::VectorXd hi_;
};

// The Newton step on the coordinates `free_set` (H and g restricted to them),
// or nothing when H is not positive definite there.
std::optional<Eigen::VectorXd> newton_step(const Eigen::MatrixXd& H, const Eigen::VectorXd& g,
                                           const std::vector<Eigen::Index>& free_set) {
  const Eigen::MatrixXd HF = H(free_set, free_set);
  const Eigen::LDLT<Eigen::MatrixXd> ldlt(HF);
  Eigen::VectorXd d = ldlt.solve(-g(free_set));
  if (ldlt.info() != Eigen::Success || !ldlt.isPositive() || !d.allFinite()) {
    return std::nullopt;
  }
  return d;
}

// ‖θ - P(θ - g)‖∞: zero exactly at a KKT point.
double projected_gradient(const Problem& p, const Eigen::VectorXd& t, const Eigen::VectorXd& g) {
  return (t - p.project(t - g)).lpNorm<Eigen::Infinity>();
}

void check_inputs(const Eigen::Ref<const ScoreMatrix>& X,
                  const Eigen::Ref<const Eigen::VectorXd>& y,
                  const Eigen::Ref<const Eigen::VectorXd>& v, const LogisticOptions& o) {
  const auto shape = [](const char* what, const std::string& why) {
    throw InvalidArgument("kobling.array.shape", what, why);
  };
  if (y.size() != X.rows()) {
    shape("y", "has " + std::to_string(y.size()) + " labels, X has " + std::to_string(X.rows()) +
                   " rows");
  }
  if (v.size() != 0 && v.size() != X.rows()) {
    shape("sample_weight", "has " + std::to_string(v.size()) + " weights, X has " +
                               std::to_string(X.rows()) + " rows");
  }
  for (const auto& [name, bound] : {std::pair{"lower", &o.lower}, std::pair{"upper", &o.upper}}) {
    if (bound->size() != 0 && bound->size() != X.cols()) {
      shape(name, "has " + std::to_string(bound->size()) + " bounds, X has " +
                      std::to_string(X.cols()) + " columns");
    }
  }
  for (Eigen::Index r = 0; r < X.rows(); ++r) {
    for (Eigen::Index f = 0; f < X.cols(); ++f) {
      if (!std::isfinite(X(r, f))) {
        throw InvalidArgument("kobling.array.not_finite",
                              detail::at("X", static_cast<Index>(r), static_cast<Index>(f)),
                              "value " + detail::num(X(r, f)) + " is not finite");
      }
    }
    if (y[r] != 0.0 && y[r] != 1.0) {
      throw InvalidArgument("kobling.array.bad_label", "y[" + std::to_string(r) + "]",
                            "must be 0 or 1, got " + detail::num(y[r]));
    }
  }
  double total = v.size() == 0 ? static_cast<double>(X.rows()) : 0.0;
  for (Eigen::Index r = 0; r < v.size(); ++r) {
    if (!std::isfinite(v[r]) || v[r] < 0.0) {
      throw InvalidArgument("kobling.array.bad_sample_weight",
                            "sample_weight[" + std::to_string(r) + "]",
                            "must be finite and >= 0, got " + detail::num(v[r]));
    }
    total += v[r];
  }
  if (!(total > 0.0)) {
    throw InvalidArgument("kobling.array.bad_sample_weight", "sample_weight",
                          "no row has a positive weight: nothing to fit");
  }
  if (!std::isfinite(o.l2) || o.l2 < 0.0) {
    throw InvalidArgument("kobling.array.bad_option", "l2",
                          "must be finite and >= 0, got " + detail::num(o.l2));
  }
  if (!(o.tolerance > 0.0) || o.max_iterations < 1) {
    throw InvalidArgument("kobling.array.bad_option", "tolerance",
                          "tolerance must be > 0 and max_iterations >= 1");
  }
  for (Eigen::Index f = 0; f < X.cols(); ++f) {
    const double lo = o.lower.size() > 0 ? o.lower[f] : -kInf;
    const double hi = o.upper.size() > 0 ? o.upper[f] : kInf;
    if (std::isnan(lo) || std::isnan(hi) || lo > hi || lo == kInf || hi == -kInf) {
      throw InvalidArgument("kobling.array.bad_option", "lower[" + std::to_string(f) + "]",
                            "the bounds " + detail::num(lo) + " and " + detail::num(hi) +
                                " leave no value for coefficient " + std::to_string(f));
    }
  }
}

}  // namespace

LogisticFit fit_logistic(const Eigen::Ref<const ScoreMatrix>& X,
                         const Eigen::Ref<const Eigen::VectorXd>& y,
                         const Eigen::Ref<const Eigen::VectorXd>& sample_weight,
                         const LogisticOptions& o) {
  check_inputs(X, y, sample_weight, o);
  const Problem prob(X, y, sample_weight, o);
  const Eigen::Index n = prob.size();
  const Eigen::Index s = prob.shift();
  double mass = 0.0;
  double ones = 0.0;
  for (Eigen::Index r = 0; r < X.rows(); ++r) {
    mass += prob.weight(r);
    ones += prob.weight(r) * y[r];
  }
  LogisticFit fit;
  Eigen::VectorXd t = prob.project(Eigen::VectorXd::Zero(n));
  // One class only (by weight): with a free intercept the likelihood rises
  // without bound as b runs to ±inf.
  const bool one_class = ones <= 0.0 || ones >= mass;
  if (s && !one_class) {
    t[0] = std::log(ones / (mass - ones));
  }
  const double tol = o.tolerance * std::max(1.0, mass);
  Eigen::VectorXd g;
  Eigen::MatrixXd H;
  double f = prob.value(t);
  bool converged = false;
  bool singular = false;
  Index it = 0;
  for (; it < o.max_iterations && !(s && one_class); ++it) {
    prob.derivatives(t, g, &H);
    const double pg = projected_gradient(prob, t, g);
    if (pg <= tol) {
      converged = true;
      break;
    }
    const double eps = std::min(1e-3, pg);
    std::vector<char> active(static_cast<std::size_t>(n), 0);
    std::vector<Eigen::Index> free_set;
    for (Eigen::Index q = 0; q < n; ++q) {
      const bool at_lower = t[q] <= prob.lower()[q] + eps && g[q] > 0.0;
      const bool at_upper = t[q] >= prob.upper()[q] - eps && g[q] < 0.0;
      active[static_cast<std::size_t>(q)] = at_lower || at_upper ? 1 : 0;
      if (!(at_lower || at_upper)) {
        free_set.push_back(q);
      }
    }
    Eigen::VectorXd d = Eigen::VectorXd::Zero(n);
    if (!free_set.empty()) {
      const std::optional<Eigen::VectorXd> dF = newton_step(H, g, free_set);
      if (!dF) {
        singular = true;
        break;
      }
      d(free_set) = *dF;
    }
    for (Eigen::Index q = 0; q < n; ++q) {
      if (active[static_cast<std::size_t>(q)] != 0) {
        d[q] = -g[q] / std::max(H(q, q), 1e-12);
      }
    }
    // Armijo along the projection arc (Bertsekas' condition). Near the optimum
    // the predicted decrease falls below what f can resolve; a step that does
    // not raise f beyond its rounding is then taken (the quadratic regime).
    const double rounding = 1e-13 * std::max(1.0, std::abs(f));
    double alpha = 1.0;
    Eigen::VectorXd next;
    double f_next = f;
    for (int halvings = 0; halvings < 60; ++halvings, alpha *= 0.5) {
      next = prob.project(t + alpha * d);
      f_next = prob.value(next);
      double decrease = 0.0;
      for (Eigen::Index q = 0; q < n; ++q) {
        decrease += active[static_cast<std::size_t>(q)] != 0 ? g[q] * (t[q] - next[q])
                                                             : -alpha * g[q] * d[q];
      }
      if (f - f_next >= 1e-4 * decrease - rounding) {
        break;
      }
    }
    if (!(f_next <= f + rounding)) {
      break;  // no descent left at rounding: the point is as good as it gets
    }
    t = next;
    f = f_next;
  }
  prob.derivatives(t, g, &H);
  converged = converged || projected_gradient(prob, t, g) <= tol;
  // Polish: the active set fixed, pure Newton steps on the free coordinates
  // while they stay inside the box.
  for (int polish = 0; converged && polish < 5; ++polish) {
    std::vector<Eigen::Index> free_set;
    for (Eigen::Index q = 0; q < n; ++q) {
      if (t[q] > prob.lower()[q] && t[q] < prob.upper()[q]) {
        free_set.push_back(q);
      }
    }
    if (free_set.empty()) {
      break;
    }
    const std::optional<Eigen::VectorXd> dF = newton_step(H, g, free_set);
    if (!dF) {
      break;
    }
    Eigen::VectorXd next = t;
    next(free_set) += *dF;
    if (next != prob.project(next) || !(prob.value(next) <= f + 1e-12 * mass)) {
      break;
    }
    t = next;
    f = prob.value(t);
    prob.derivatives(t, g, &H);
    if (dF->lpNorm<Eigen::Infinity>() < 1e-14) {
      break;
    }
  }
  fit.intercept = s ? t[0] : 0.0;
  fit.coef = t.tail(X.cols());
  fit.objective = f;
  fit.gradient = g.tail(X.cols());
  fit.intercept_gradient = s ? g[0] : 0.0;
  fit.iterations = it;
  const bool runaway = t.lpNorm<Eigen::Infinity>() > 20.0;  // odds e^20 over a [0, 1] range
  if ((s && one_class) || ((singular || runaway) && o.l2 == 0.0)) {
    fit.status = LogisticStatus::separated;
  } else {
    fit.status = converged ? LogisticStatus::optimal : LogisticStatus::not_converged;
  }
  return fit;
}

Eigen::VectorXd predict_logistic(const Eigen::Ref<const ScoreMatrix>& X, const LogisticFit& fit) {
  if (X.cols() != fit.coef.size()) {
    throw InvalidArgument("kobling.array.shape", "X",
                          "has " + std::to_string(X.cols()) + " columns, the fit has " +
                              std::to_string(fit.coef.size()) + " coefficients");
  }
  Eigen::VectorXd out(X.rows());
  for (Eigen::Index r = 0; r < X.rows(); ++r) {
    const double e = fit.intercept + X.row(r).dot(fit.coef);
    out[r] = e >= 0 ? 1.0 / (1.0 + std::exp(-e)) : std::exp(e) / (1.0 + std::exp(e));
  }
  return out;
}

CheckReport check_logistic_kkt(const Eigen::Ref<const ScoreMatrix>& X,
                               const Eigen::Ref<const Eigen::VectorXd>& y,
                               const Eigen::Ref<const Eigen::VectorXd>& v, const LogisticOptions& o,
                               const LogisticFit& fit, double tolerance) {
  check_inputs(X, y, v, o);
  CheckReport report;
  const auto fail = [&](const std::string& why) {
    report.ok = false;
    report.violations.push_back(why);
  };
  if (fit.coef.size() != X.cols()) {
    fail("the fit has " + std::to_string(fit.coef.size()) + " coefficients, X has " +
         std::to_string(X.cols()) + " columns");
    return report;
  }
  // The gradient from scratch, not from the solver.
  double mass = 0.0;
  double g0 = 0.0;
  Eigen::VectorXd g = o.l2 * fit.coef;
  for (Eigen::Index r = 0; r < X.rows(); ++r) {
    const double w = v.size() > 0 ? v[r] : 1.0;
    const double e = fit.intercept + X.row(r).dot(fit.coef);
    const double p = e >= 0 ? 1.0 / (1.0 + std::exp(-e)) : std::exp(e) / (1.0 + std::exp(e));
    g0 += w * (p - y[r]);
    g += w * (p - y[r]) * X.row(r).transpose();
    mass += w;
  }
  const double tol = tolerance * std::max(1.0, mass);
  if (o.fit_intercept && std::abs(g0) > tol) {
    fail("the intercept's gradient is " + detail::num(g0) + ", not 0");
  }
  if (!o.fit_intercept && fit.intercept != 0.0) {
    fail("the intercept is " + detail::num(fit.intercept) + " without fit_intercept");
  }
  for (Eigen::Index f = 0; f < X.cols(); ++f) {
    const double lo = o.lower.size() > 0 ? o.lower[f] : -kInf;
    const double hi = o.upper.size() > 0 ? o.upper[f] : kInf;
    const double b = fit.coef[f];
    const std::string name = "coefficient " + std::to_string(f);
    if (b < lo || b > hi) {
      fail(name + " = " + detail::num(b) + " is outside [" + detail::num(lo) + ", " +
           detail::num(hi) + "]");
    } else if (b == lo && b == hi) {
      continue;  // fixed
    } else if (b == lo) {
      if (g[f] < -tol) {
        fail(name + " sits at its lower bound but its gradient " + detail::num(g[f]) +
             " asks to rise");
      }
    } else if (b == hi) {
      if (g[f] > tol) {
        fail(name + " sits at its upper bound but its gradient " + detail::num(g[f]) +
             " asks to fall");
      }
    } else if (std::abs(g[f]) > tol) {
      fail(name + " is free but its gradient is " + detail::num(g[f]) + ", not 0");
    }
  }
  return report;
}

}  // namespace kobling
