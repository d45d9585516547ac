// kobling/fit.hpp — weights learned from outcomes, validated against the
// coordinator's own, adopted only when the evidence says so.
//
// What is learned. Every score is s(i, j) = Σ_f w_jf φ_f(i, j): per-feature
// values φ in [0, 1] that the scorer computes (a numeric value scaled to its
// range or inside a company's band, a level, a boolean, a code match, skill
// coverage, closeness; 0 when unknown), weighed by the company's weights.
// The fit models the outcome of each placement of past intakes as
//     P(good | i placed at j) = σ(β0 + Σ_f β_f φ_f(i, j)),
// a logistic regression on the same φ the scorer uses, each row computed with
// its own intake's kick-off (criteria may differ between intakes; targets,
// what a company looks for, stay the company's). The programme-level
// coefficients become weights w_f = β_f / B with B = Σ_f β_f, so that the
// learned score of a pair is s = (η - β0) / B and P(good) = σ(β0 + B s):
// plugged into a kick-off, a company's order of its unranked applicants is
// the model's order of their predicted outcome.
//
// Monotonicity. Every φ rises with "more of what the company wants", so a
// feature's effect is monotone exactly when its coefficient has a sign: the
// default box β_f >= 0 ("increasing") keeps the weights weights. "free" and
// "decreasing" are allowed for analysis; a profile with a negative
// coefficient cannot become kobling weights (kobling.weights.not_usable).
// Protected features are never columns: their weight is exactly 0. A
// protected attribute that drives outcomes can still move its signal onto a
// correlated feature (a municipality, a licence): the group report
// (guardrails.hpp) is the guard for that, not this exclusion.
//
// The solve is exact (logistic.hpp: projected Newton with a KKT check), with
// an L2 penalty λ (default 1, about a standard normal prior on each β on the
// [0, 1] scale of φ: it dominates at 30 placements and fades at thousands).
//
// Validation. Cross-validation by intake: every fold holds out whole intakes
// (validation.hpp, grouped_folds), so no intake is trained and tested on. On
// each fold the learned model and the hand baseline are fitted on the
// training intakes and predict the held-out rows; the baseline is each row's
// score under its own intake's hand weights, mapped to a probability by a
// one-feature logistic fit (Platt scaling) on the same training rows. Pooled
// out-of-fold predictions give the AUC of each with the paired DeLong
// interval of the difference, the paired Brier difference and calibration.
//
// The decision. The learned weights are adopted only when all of these
// hold; otherwise the hand weights stay and `why` says which failed:
//   (a) at least two intakes with known outcomes (both kinds among them);
//   (b) at least 10 outcomes of the rarer kind per learned weight (Peduzzi et
//       al. 1996): 30 placements with 11 dropouts cannot support 11 weights;
//   (c) the 95% interval of the AUC gain is above 0;
//   (d) the Brier score does not get worse.
// DeLong's interval treats rows as independent while outcomes cluster by
// intake, so with few intakes it is too narrow; (a) and (b) are deliberately
// conservative because of that.
//
// Selection. Outcomes exist only for those placed, who were chosen by the old
// scores and by interviews. The fit is consistent when selection depends on
// φ (the logistic likelihood conditions on x), not on what interviewers saw
// and φ does not hold. Learned weights say what predicts success among those
// placed; the report says so.
//
// Labels (outcomes.hpp, LabelRule): good, bad, censored, excluded; only good
// and bad rows are fitted. A pair feature for which the company has no target
// has φ = 0, like a pair that does not match: "not applicable" and "no match"
// look the same to the fit.
//
// Thread safety: pure functions of their arguments.
//
// Example:
//   std::vector<Intake> intakes = {load_intake("2024.json"), load_intake("2025.json")};
//   const FitResult fit = fit_weights(intakes);
//   if (fit.decision == Decision::adopt) {
//     const Kickoff next = with_weights(load_kickoff("2026.json"), fit.profile);
//   }
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "kobling/logistic.hpp"
#include "kobling/model.hpp"
#include "kobling/outcomes.hpp"
#include "kobling/report.hpp"
#include "kobling/types.hpp"
#include "kobling/validation.hpp"
#include "kobling/warnings.hpp"

namespace kobling {

enum class Monotone : std::uint8_t { increasing, free, decreasing };

/// "increasing", "free", "decreasing".
std::string_view to_string(Monotone m) noexcept;
/// Throws InvalidArgument("kobling.fit.bad_option") naming the choices.
Monotone parse_monotone(std::string_view text, const std::string& where);

struct FitOptions {
  /// The features to learn; empty: every feature declared identically (kind,
  /// range, levels) in every intake, less the protected ones.
  std::vector<std::string> features;
  /// Features never to weigh, in addition to those the kick-offs declare protected.
  std::vector<std::string> protected_features;
  /// Per-feature sign constraint (default increasing).
  std::vector<std::pair<std::string, Monotone>> monotone;
  double l2 = 1.0;  ///< λ >= 0
  LabelRule label;
  bool balance_intakes = false;  ///< weigh rows so that every intake counts equally
  Index folds = 0;               ///< 0: one fold per intake up to 10 intakes, else 5
  std::uint64_t seed = 0;        ///< for the folds when they are dealt
};

/// One row per labelled placement of the intakes.
struct DesignMatrix {
  std::vector<std::string> features;  ///< (p,) the columns
  ScoreMatrix x;                      ///< (N, p) φ of each placed pair
  Eigen::VectorXd y;                  ///< (N,) 1 good, 0 bad
  Eigen::VectorXd weight;             ///< (N,) row weights
  Eigen::VectorXd hand_score;         ///< (N,) the pair's score under its intake's hand weights
  IndexVector intake;                 ///< (N,) index into the intakes
  IndexVector candidate;              ///< (N,) within its intake's kick-off
  IndexVector company;                ///< (N,)
};

/// The rows of the fit: every placement whose label is good or bad, φ from its
/// own intake's kick-off. Throws OutOfRange("kobling.weights.unknown_feature")
/// when a feature is missing from an intake.
DesignMatrix design_matrix(std::span<const Intake> intakes,
                           const std::vector<std::string>& features, const LabelRule& rule = {},
                           bool balance_intakes = false);

/// What became of each feature of the intakes.
struct FeatureFate {
  std::string feature;
  /// "fitted", "protected", "differs" (declared differently in some intake),
  /// "missing" (absent from some intake), "constant" (no information in the
  /// rows: weight 0), "not_chosen" (options.features lists others).
  std::string status;
  std::string detail;  ///< a sentence for the report
};

/// Outcome counts of one intake under the label rule.
struct IntakeCounts {
  std::string intake;
  Index candidates = 0;
  Index placed = 0;
  Index good = 0;
  Index bad = 0;
  Index censored = 0;
  Index excluded = 0;  ///< placed without a usable record
};

/// Learned weights, ready for a kick-off.
struct WeightProfile {
  std::vector<std::string> features;            ///< (p,)
  std::vector<double> weights;                  ///< (p,) >= 0, summing to 1 (when usable)
  std::vector<double> coefficients;             ///< (p,) β on the logit scale
  double intercept = 0.0;                       ///< β0
  double scale = 0.0;                           ///< B = Σ β: P(good) = σ(β0 + B·s)
  std::vector<std::string> protected_features;  ///< always weighted 0
  /// Every coefficient >= 0 and B > 0; else `weights` are empty and the
  /// profile cannot be applied.
  bool usable = false;
};

/// One fold of the cross-validation.
struct FoldResult {
  std::vector<std::string> test_intakes;
  Index rows = 0;  ///< held-out rows
  double auc_learned = 0.5;
  double auc_hand = 0.5;
  double brier_learned = 0.0;
  double brier_hand = 0.0;
  bool scored = false;  ///< false: one class in the held-out rows (no AUC)
};

struct FitValidation {
  IndexVector fold;           ///< (N,) fold of each design row
  Eigen::VectorXd p_learned;  ///< (N,) out-of-fold probability, learned weights
  Eigen::VectorXd p_hand;     ///< (N,) out-of-fold probability, hand weights
  PairedAuc auc;              ///< a = learned, b = hand
  PairedDifference brier;     ///< learned - hand (negative: learned better)
  Calibration learned;
  Calibration hand;
  std::vector<FoldResult> folds;
};

enum class Decision : std::uint8_t { adopt, keep_hand_weights };

/// "adopt", "keep_hand_weights".
std::string_view to_string(Decision d) noexcept;

struct FitResult {
  WeightProfile profile;  ///< fitted on every labelled row
  LogisticFit model;
  DesignMatrix design;
  std::vector<FeatureFate> features;
  std::vector<IntakeCounts> counts;
  std::optional<FitValidation> validation;  ///< none with fewer than two usable intakes
  Decision decision = Decision::keep_hand_weights;
  /// One sentence per unmet condition (empty when adopted), in English
  /// ("30 placements with known outcomes in 1 intake (11 not good): too few to
  /// learn 11 weights, which needs at least 110 of the rarer outcome; the hand
  /// weights stay.") and the same in Norwegian Bokmål.
  std::vector<std::string> why;
  std::vector<std::string> why_nb;
  FitOptions options;
  /// Valid data that weaken the fit: kobling.warn.censored (an intake with
  /// more than half of its placements still running at the horizon).
  std::vector<Warning> warnings;
};

/// Fits, validates and decides. Throws InvalidArgument: kobling.fit.no_intakes
/// (empty), kobling.intake.duplicate_id, kobling.fit.bad_option (λ < 0, a
/// feature both protected and chosen, an unknown monotone feature),
/// kobling.fit.feature_mismatch (a chosen feature declared differently in two
/// intakes, naming both), kobling.fit.no_rows (no placement with a good or bad
/// outcome, or only one kind: nothing to learn from), kobling.fit.bad_folds
/// (folds 1, negative, or more than the intakes with outcomes).
FitResult fit_weights(std::span<const Intake> intakes, const FitOptions& options = {});

/// The report of a fit: data, features, validation, decision, in English or
/// Norwegian Bokmål.
std::string format_fit(const FitResult& fit, Lang lang = Lang::en);

struct WithWeightsOptions {
  std::vector<std::string> companies;  ///< company ids to change; empty: all
  /// Apply a profile whose validation kept the hand weights (otherwise refused:
  /// kobling.weights.not_validated).
  bool force = false;
};

/// The kick-off with the learned weights: every chosen company weighs the
/// profile's features by its weights and nothing else. A pair feature the
/// company has no target for gets 0 at that company (kobling.warn.weight_dropped
/// in `warnings`, one per feature listing the companies). Throws:
/// kobling.weights.not_usable (a negative coefficient, naming it, or no
/// signal), kobling.weights.unknown_feature (OutOfRange), kobling.weights.protected
/// (a profile feature the kick-off declares protected, or one the profile
/// itself lists among its protected features),
/// kobling.model.unknown_company (OutOfRange) for an unknown company id.
Kickoff with_weights(const Kickoff& kickoff, const WeightProfile& profile, bool validated,
                     const WithWeightsOptions& options = {},
                     std::vector<Warning>* warnings = nullptr);
/// The same from a fit (validated when its decision is adopt).
Kickoff with_weights(const Kickoff& kickoff, const FitResult& fit,
                     const WithWeightsOptions& options = {},
                     std::vector<Warning>* warnings = nullptr);

}  // namespace kobling
