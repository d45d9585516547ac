// kobling/logistic.hpp — weighted, L2-regularised logistic regression with a
// box on every coefficient, solved exactly.
//
// Problem. Rows r = 1..N with features x_r in R^p, a label y_r in {0, 1} and a
// weight v_r >= 0. The model is P(y = 1 | x) = σ(b + βᵀx), σ(t) = 1/(1 + e^-t).
// The fit minimises the penalised negative log-likelihood
//     f(b, β) = Σ_r v_r [log(1 + e^η_r) - y_r η_r] + (λ/2) ‖β‖²,  η_r = b + βᵀx_r,
// subject to l_f <= β_f <= u_f for every coefficient; the intercept b is free
// and unpenalised (or fixed at 0 without one). f is convex (strictly in β when
// λ > 0), so a point that meets the Karush-Kuhn-Tucker conditions is the
// optimum: the gradient g vanishes on the free coordinates, g_f >= 0 where
// β_f = l_f and g_f <= 0 where β_f = u_f. The box is how kobling learns
// weights: every per-feature value the scorer uses rises with "more of what
// the company wants", so a non-negative coefficient is a monotone effect and
// can become a weight (fit.hpp, a later part).
//
// Method. Projected Newton (Bertsekas 1982). From β = 0 clipped to the box
// and b = logit of the weighted mean label: compute g and the Hessian
// H = Xᵀ D X + λ I' (D = v σ(1 - σ); I' without the intercept); the ε-active
// set holds the coefficients at a bound whose gradient pushes outward
// (ε shrinks with the projected gradient); the step solves H_FF d_F = -g_F on
// the free set (Eigen's LDLT) and scales the gradient by the Hessian diagonal
// on the active set; an Armijo search along the projection arc P(β + αd),
// halving α, keeps every iterate in the box. It stops when the projected
// gradient ‖β - P(β - g)‖∞ is below tolerance · max(1, Σ v). Then the
// identified active set is fixed and pure Newton steps polish the free
// coordinates, so the result is the unconstrained optimum on them to
// rounding. The solve is deterministic: rows are summed in order, no threads.
//
// Separation. Without a penalty (λ = 0) and with classes a hyperplane
// separates, the likelihood has no maximum: coefficients grow without bound.
// The fit then says so (status `separated`: without a penalty, a parameter
// past 20 on the logit scale, odds of e^20 across a feature's [0, 1] range, or
// a singular free Hessian) instead of returning a huge number. One class only
// (by weight) with an intercept is `separated` too: b runs to ±inf. A
// penalty λ > 0 on the coefficients always has an optimum otherwise.
//
// Verification. check_logistic_kkt() recomputes the gradient independently of
// the solver and checks feasibility and the KKT conditions to a tolerance.
//
// Complexity. O(iterations · (N p² + p³)) time, O(N + p²) memory beyond X;
// usually fewer than 20 iterations. p is small (one coefficient per feature).
//
// Thread safety: pure functions.
//
// Example:
//   ScoreMatrix X(4, 1);
//   X << 0.0, 0.2, 0.8, 1.0;
//   Eigen::VectorXd y(4);
//   y << 0, 1, 0, 1;
//   LogisticOptions o;
//   o.lower = Eigen::VectorXd::Zero(1);  // a non-negative effect
//   const LogisticFit fit = fit_logistic(X, y, Eigen::VectorXd(), o);  // every row weighs 1
//   // fit.status == LogisticStatus::optimal;
//   // check_logistic_kkt(X, y, Eigen::VectorXd(), o, fit).ok
#pragma once

#include <cstdint>
#include <string_view>

#include <Eigen/Core>

#include "kobling/types.hpp"
#include "kobling/verify.hpp"

namespace kobling {

struct LogisticOptions {
  double l2 = 1.0;        ///< λ >= 0 on the coefficients (not the intercept)
  Eigen::VectorXd lower;  ///< (p,) bounds per coefficient; empty = -inf
  Eigen::VectorXd upper;  ///< (p,) bounds per coefficient; empty = +inf
  bool fit_intercept = true;
  double tolerance = 1e-10;  ///< on the projected gradient, relative to max(1, Σ v)
  Index max_iterations = 200;
};

enum class LogisticStatus : std::uint8_t {
  optimal,        ///< the KKT conditions hold to the tolerance
  separated,      ///< λ = 0 and the classes are separable: no finite optimum
  not_converged,  ///< max_iterations reached (the best point so far is returned)
};

/// "optimal", "separated" or "not_converged".
std::string_view to_string(LogisticStatus s) noexcept;

struct LogisticFit {
  LogisticStatus status = LogisticStatus::optimal;
  double intercept = 0.0;
  Eigen::VectorXd coef;      ///< (p,)
  double objective = 0.0;    ///< f(b, β)
  Eigen::VectorXd gradient;  ///< (p,) ∂f/∂β at the solution
  double intercept_gradient = 0.0;
  Index iterations = 0;
};

/// Fits the model. X (N, p) row-major, y (N,) of 0/1, sample_weight (N,) >= 0
/// or empty (all 1). Throws InvalidArgument naming the argument and index:
/// kobling.array.shape (lengths, bounds of length p), kobling.array.not_finite
/// (X, weights), kobling.array.bad_label (y not 0 or 1),
/// kobling.array.bad_sample_weight (negative, or all 0),
/// kobling.array.bad_option (λ < 0, lower > upper, tolerance <= 0).
LogisticFit fit_logistic(const Eigen::Ref<const ScoreMatrix>& X,
                         const Eigen::Ref<const Eigen::VectorXd>& y,
                         const Eigen::Ref<const Eigen::VectorXd>& sample_weight,
                         const LogisticOptions& options = {});

/// σ(b + Xβ) per row. Throws InvalidArgument (kobling.array.shape) when X has
/// another number of columns than the fit.
Eigen::VectorXd predict_logistic(const Eigen::Ref<const ScoreMatrix>& X, const LogisticFit& fit);

/// Independent check of a fit: inside the box, |g_f| <= tol on free
/// coordinates, g_f >= -tol at a lower bound, g_f <= tol at an upper one, and
/// |∂f/∂b| <= tol with an intercept; tol = tolerance · max(1, Σ v).
CheckReport check_logistic_kkt(const Eigen::Ref<const ScoreMatrix>& X,
                               const Eigen::Ref<const Eigen::VectorXd>& y,
                               const Eigen::Ref<const Eigen::VectorXd>& sample_weight,
                               const LogisticOptions& options, const LogisticFit& fit,
                               double tolerance = 1e-7);

}  // namespace kobling
