// kobling/synthetic_intakes.hpp — seeded past intakes whose outcomes follow
// known weights, for tests, planning and the notebook.
//
// Each intake copies a template kick-off's criteria (features, companies with
// their seats, hand weights, targets and requirements) and draws new
// candidates: every feature value is resampled column by column from the
// template's candidates (so the mix of values, unknown ones included, is the
// template's, while the combinations are new), and each candidate's wishes are
// those of a random template candidate. The intake is matched as it would
// have been, by the template's hand weights (the policy of the options), so
// placements are selected by the old scores as in a real programme. Each
// placement's outcome is then drawn from the true model
//     P(good) = σ(β0 + δ_t + B · Σ_f w*_f φ_f(i, j)),
// with φ the scorer's per-feature values for the pair, w* the true weights
// (any features, protected ones included: a protected attribute may well
// drive outcomes), B the strength and δ_t an optional per-intake shift. A good
// outcome becomes started, then completed or in work; a bad one started, a
// dropout with a reason and inactivity; a share stays censored (started, and
// nothing before the follow-up). Unplaced candidates get a destination.
//
// The logistic likelihood conditions on φ, so selection on the old scores
// (which are functions of φ) does not bias a fit: recovering w* from these
// intakes is a fair test of the fit.
//
// Deterministic for a seed on a given platform (the draws use SplitMix64;
// exp may differ by an ulp between C libraries).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "kobling/model.hpp"
#include "kobling/outcomes.hpp"
#include "kobling/policy.hpp"
#include "kobling/types.hpp"

namespace kobling {

struct SyntheticIntakeOptions {
  Index intakes = 3;
  Index candidates = 0;  ///< per intake; 0: as many as the template has
  /// The true weights by feature name (any non-negative numbers, normalised
  /// to sum 1); empty: equal weights on every unprotected feature.
  std::vector<std::pair<std::string, double>> true_weights;
  double intercept = -1.5;    ///< β0
  double strength = 4.0;      ///< B: the logit difference between a score of 0 and of 1
  double intake_shift = 0.0;  ///< standard deviation of the per-intake shift δ_t
  double censored = 0.0;      ///< share of placements still running at the follow-up
  Policy policy = Policy::stable;
  Date first_date{19737};           ///< 2024-01-15, the first intake's kick-off
  std::int32_t days_between = 182;  ///< between intakes' kick-offs
  std::uint64_t seed = 1;
};

/// The intakes, ids "synthetic-1", "synthetic-2", ... Throws
/// InvalidArgument("kobling.synthetic.bad_option") for negative sizes,
/// weights or shares, and OutOfRange("kobling.weights.unknown_feature") for
/// a true weight on a feature the template lacks.
std::vector<Intake> make_synthetic_intakes(const Kickoff& template_kickoff,
                                           const SyntheticIntakeOptions& options);

/// A plain template: `features` numeric features f1, f2, ... in [0, 1]
/// (uniform values), `companies` companies with 1-5 seats that weigh every
/// feature equally, and `candidates` candidates with three wishes by Zipf
/// popularity.
Kickoff make_plain_template(Index candidates, Index companies, Index features, std::uint64_t seed);

}  // namespace kobling
