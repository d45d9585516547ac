// kobling/validation.hpp — how well does a score or a probability predict a
// 0/1 outcome: folds by group, the AUC with DeLong's standard error, paired
// comparisons, calibration.
//
// Problem. A fitted model (logistic.hpp) gives every row r a score s_r or a
// probability p_r of a label y_r in {0, 1}. Judged on the rows it was fitted
// on, it looks better than it is; judged on rows from the same group (the
// same company, the same kick-off) it still does, because rows of a group
// share what the model cannot see. So the rows are split into folds by group:
// every group lies in exactly one fold, and each fold is predicted by a model
// fitted on the others. The predictions are then summarised by
//
//  * discrimination: the AUC, the probability that a random positive row
//    scores above a random negative one (ties count 1/2), the Mann-Whitney
//    statistic divided by m·n (m positives, n negatives);
//  * calibration: whether p means what it says. The Brier score mean (p - y)²,
//    the log loss, the mean predicted against the observed rate, equal-count
//    bins of p with the observed rate and its Wilson interval in each, and the
//    calibration slope and intercept: the logistic regression of y on
//    logit(p). Perfect calibration is slope 1, intercept 0; a slope below 1
//    says the predictions are too extreme (overfitting), above 1 too timid.
//
// Method.
//
//  * grouped_folds: the distinct groups, sorted by size (descending, ties by
//    id); within each run of equal sizes the order is shuffled by a SplitMix64
//    stream of the seed (so the seed varies the folds, deterministically); then
//    each group in turn goes to the fold with the fewest rows so far (the lowest
//    fold number among equals): the largest-first rule for balanced sizes. The
//    first K groups open the K folds, so no fold is empty. With K equal to the
//    number of groups (leave one group out), fold i is the i-th smallest group
//    id instead.
//  * auc_delong: DeLong, DeLong & Clarke-Pearson's estimate of the variance
//    of the AUC from its structural components: for positive i,
//    V10_i = (#negatives below s_i + ½ #negatives equal) / n; for negative j,
//    V01_j = (#positives above s_j + ½ #positives equal) / m; then
//    Var(AUC) = S10/m + S01/n with S10, S01 the sample variances (denominator
//    m - 1, n - 1) of V10 and V01. Sun & Xu's algorithm gets every component
//    from midranks: with T the midranks of all rows, T_x those among the
//    positives and T_y among the negatives, V10_i = (T_i - T_x,i)/n and
//    V01_j = 1 - (T_j - T_y,j)/m, so three sorts and O(N log N) time instead of
//    the O(m·n) pair count. The confidence interval is AUC ± z·SE (z the normal
//    quantile, from Boost.Math), clipped to [0, 1].
//  * auc_delong_paired: two scores on the same rows. The components of both
//    give the covariance Cov(AUC_a, AUC_b) = S10_ab/m + S01_ab/n, and
//    Var(AUC_a - AUC_b) = Var_a + Var_b - 2 Cov; the interval of the
//    difference is normal, clipped to [-1, 1].
//  * paired_brier: the per-row differences d_r = (p_a,r - y_r)² - (p_b,r - y_r)²,
//    their mean and the normal interval mean ± z·sd(d)/√N.
//  * wilson_interval: Wilson's score interval for a proportion, which unlike
//    the Wald interval p ± z·√(p(1-p)/n) stays inside [0, 1] and does not
//    collapse to a point at 0 or n successes.
//  * calibration: fit_logistic (λ = 0, free coefficient) of y on
//    logit(p), p clipped to [1e-15, 1 - 1e-15] (also for the log loss, as
//    scikit-learn does); the slope's standard error is the square root of the
//    slope entry of the inverse Hessian (the observed information) at the fit.
//
// Caveats. DeLong's variance treats the rows as independent. Rows of the same
// group are not, so with few groups (a handful of companies or kick-offs) the
// interval is too narrow; a bootstrap over groups is the honest alternative
// there. With a single row of a class its component's variance is unknown and
// taken as 0 (a narrower interval still). The calibration slope is undefined
// when the outcome is separated by logit(p), when only one class occurs, or
// when every p is equal (slope_defined false, the numbers NaN); a slope or
// intercept beyond ±20 on the logit scale counts as separated, the rule of
// fit_logistic. The equal-count bins split tied probabilities across a bin
// boundary by row order.
//
// Complexity. grouped_folds O(N log N); auc_delong and auc_delong_paired
// O(N log N); calibration O(N log N) for the bins plus a one-feature logistic
// fit, O(N) per Newton step. Memory O(N).
//
// Thread safety: pure functions.
//
// References.
//  E. R. DeLong, D. M. DeLong, D. L. Clarke-Pearson (1988). Comparing the areas
//    under two or more correlated receiver operating characteristic curves: a
//    nonparametric approach. Biometrics 44(3), 837-845.
//  X. Sun, W. Xu (2014). Fast implementation of DeLong's algorithm for
//    comparing the areas under correlated receiver operating characteristic
//    curves. IEEE Signal Processing Letters 21(11), 1389-1393.
//  E. B. Wilson (1927). Probable inference, the law of succession, and
//    statistical inference. JASA 22(158), 209-212.
//  D. R. Cox (1958). Two further applications of a model for binary regression.
//    Biometrika 45(3/4), 562-565 (the calibration slope).
//
// Example usage:
//   Eigen::VectorXd scores(4);
//   scores << 0.1, 0.4, 0.35, 0.8;
//   Eigen::VectorXd labels(4);
//   labels << 0, 0, 1, 1;
//   const kobling::AucEstimate auc = kobling::auc_delong(scores, labels);
//   assert(auc.auc == 0.75 && auc.positives == 2 && auc.negatives == 2);
//   assert(auc.ci.lower <= 0.75 && 0.75 <= auc.ci.upper);
//   kobling::IndexVector groups(6);
//   groups << 7, 7, 3, 3, 9, 4;
//   const kobling::IndexVector fold = kobling::grouped_folds(groups);  // 4 groups: 4 folds
//   assert(fold.maxCoeff() == 3 && fold[0] == fold[1] && fold[2] == 0);
//   assert(kobling::check_grouped_folds(groups, fold).ok);
//   const kobling::Interval w = kobling::wilson_interval(0, 10);
//   assert(w.lower == 0.0 && w.upper > 0.27 && w.upper < 0.28);
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "kobling/types.hpp"
#include "kobling/verify.hpp"

namespace kobling {

/// The fold of every row for cross-validation by group: every group lies in
/// exactly one fold. groups (N,) >= 0 (any ids; they need not be contiguous).
/// n_folds == 0: one fold per distinct group (leave one group out) when there
/// are at most 10 groups, else 5. Otherwise K = n_folds, 2 <= K <= the number
/// of groups. Folds are numbered 0..K-1, each non-empty; the same inputs give
/// the same folds on every platform (method: the essay above).
/// Throws InvalidArgument: kobling.array.bad_group (a negative group),
/// kobling.fit.bad_folds (K out of range, or fewer than 2 groups).
/// O(N log N).
IndexVector grouped_folds(const Eigen::Ref<const IndexVector>& groups, Index n_folds = 0,
                          std::uint64_t seed = 0);

/// Independent check of a fold assignment: the same length as groups, folds in
/// [0, K) with K = the largest fold + 1, each of them non-empty, groups >= 0,
/// and no group in two folds (the violation names the group and both folds).
CheckReport check_grouped_folds(const Eigen::Ref<const IndexVector>& groups,
                                const Eigen::Ref<const IndexVector>& fold);

/// A closed interval [lower, upper].
struct Interval {
  double lower = 0;
  double upper = 0;
};

/// Wilson's score interval for `successes` out of `trials` at `confidence`
/// ([0, 1] when trials is 0); exactly 0 below at 0 successes and 1 above at
/// all. Throws InvalidArgument kobling.array.bad_option for counts outside
/// 0 <= successes <= trials or a confidence outside (0, 1). O(1).
Interval wilson_interval(Index successes, Index trials, double confidence = 0.95);

struct AucEstimate {
  double auc = 0.5;  ///< P(positive scores above negative), ties 1/2
  double se = 0;     ///< DeLong's standard error
  Interval ci;       ///< auc ± z·se, clipped to [0, 1]
  Index positives = 0;
  Index negatives = 0;
};

/// The AUC of `scores` for `labels` (0/1, like fit_logistic's y) with DeLong's
/// standard error and a normal interval, O(N log N) (Sun & Xu). Throws
/// InvalidArgument naming the argument and index: kobling.array.shape (lengths
/// differ), kobling.array.not_finite (scores), kobling.array.bad_label,
/// kobling.array.bad_option (confidence), kobling.fit.one_class (no positive
/// or no negative row).
AucEstimate auc_delong(const Eigen::Ref<const Eigen::VectorXd>& scores,
                       const Eigen::Ref<const Eigen::VectorXd>& labels, double confidence = 0.95);

/// An estimated difference with its standard error and normal interval.
struct PairedDifference {
  double difference = 0;
  double se = 0;
  Interval ci;
};

struct PairedAuc {
  AucEstimate a;
  AucEstimate b;
  PairedDifference difference;  ///< AUC_a - AUC_b, clipped to [-1, 1]
};

/// DeLong's paired comparison of two scores of the same rows: both AUCs and
/// their difference, whose variance accounts for the covariance of the two.
/// Errors as auc_delong (arguments scores_a, scores_b, labels). O(N log N).
PairedAuc auc_delong_paired(const Eigen::Ref<const Eigen::VectorXd>& scores_a,
                            const Eigen::Ref<const Eigen::VectorXd>& scores_b,
                            const Eigen::Ref<const Eigen::VectorXd>& labels,
                            double confidence = 0.95);

/// The difference of Brier scores mean((p_a - y)² - (p_b - y)²) (negative: a
/// is better) with a normal interval from the per-row differences (se 0 with
/// one row). Throws InvalidArgument: kobling.array.shape (lengths differ or no
/// rows), kobling.array.bad_probability, kobling.array.bad_label,
/// kobling.array.bad_option (confidence). O(N).
PairedDifference paired_brier(const Eigen::Ref<const Eigen::VectorXd>& p_a,
                              const Eigen::Ref<const Eigen::VectorXd>& p_b,
                              const Eigen::Ref<const Eigen::VectorXd>& labels,
                              double confidence = 0.95);

/// One equal-count bin of the calibration table.
struct CalibrationBin {
  Index count = 0;
  double mean_predicted = 0;
  double mean_observed = 0;
  Interval observed_ci;  ///< Wilson, 95%
};

struct Calibration {
  double brier = 0;
  double log_loss = 0;
  double mean_predicted = 0;
  double mean_observed = 0;
  double slope = 1;           ///< of the logistic regression of y on logit(p); NaN when undefined
  double intercept = 0;       ///< of that regression; NaN when undefined
  double slope_se = 0;        ///< from the inverse Hessian; NaN when undefined
  bool slope_defined = true;  ///< false when that fit is separated, one class or degenerate
  std::vector<CalibrationBin> bins;  ///< by increasing p; together they hold every row
};

/// Calibration of `probabilities` (each in [0, 1]) for `labels` (0/1). bins:
/// the number of equal-count bins of the rows sorted by probability (ties by
/// row), at most N; 0 chooses clamp(N / 20, 2, 10). Throws InvalidArgument:
/// kobling.array.shape (lengths differ or no rows),
/// kobling.array.bad_probability (naming the index), kobling.array.bad_label,
/// kobling.array.bad_option (bins < 0). O(N log N).
Calibration calibration(const Eigen::Ref<const Eigen::VectorXd>& probabilities,
                        const Eigen::Ref<const Eigen::VectorXd>& labels, Index bins = 0);

}  // namespace kobling
