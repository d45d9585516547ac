// kobling/scoring.hpp — fit scores, eligibility and explanations.
//
// Score. s(i, j) = Σ_f w_jf · φ_f(i, j), where w_j are company j's feature
// weights (non-negative, normalised to sum to 1, so s is in [0, 1]) and φ_f
// the candidate's value of feature f normalised to [0, 1]:
//   numeric      (x - min) / (max - min) over the declared range; or, when the
//                company targets a range [lo, hi] (a preferred age band),
//                1 inside it and 0 outside
//   ordinal      level index / (number of levels - 1)
//   boolean      1 when true
//   categorical  1 when one of the candidate's codes starts with one of the
//                company's target codes (so "72" matches STYRK-08 "7212" and
//                municipality prefix "50" matches "5001")
//   skills       (2 |R ∩ S| + |D ∩ S|) / (2 |R| + |D|): the share of the
//                company's required skills R (counted twice) and desired
//                skills D that the candidate's skills S cover
//   location     max(0, 1 - d / radius): 1 at the company's workplace, falling
//                linearly to 0 at its radius; d is the great-circle distance
// Candidate-only terms form an (n, F) matrix Φ and the linear part is the
// product Φ · Wᵀ of Eigen matrices, accumulated feature by feature in a fixed
// order, so a score is rounded the same way however rows are blocked; pair
// terms are added per pair. An unknown or absent value has φ = 0: missing data
// is never scored as a match.
//
// Eligibility. A pair is eligible when every hard requirement of the company
// holds, ineligible when one is broken, and needs review when none is broken
// but one concerns a value the candidate has not recorded (unknown). Only
// eligible pairs are ever matched; "needs review" is reported separately so an
// adviser can complete the profile.
//
// Company preference. A company prefers candidates by its interview ranking
// where it gave one (ranked candidates first, in that order; a shared place is
// a tie), then by score; ties are decided by the kick-off's declared rule
// (ties.hpp: a seeded lottery by default). Refused, ineligible and needs-review
// pairs are never acceptable. company_preference() encodes this as the
// company_scores matrix of the array-level API.
//
// Tables. The dense table (score_all) holds every pair: O(n·m·F) time and
// O(n·m) memory, what explicit requests (Kickoff.scores, optimal_assignment)
// need. The wish policies, their reports and reasons read only the listed
// pairs, so the listed table (score_listed) scores those alone: O(n·k·F) time
// and O(n·k) memory, 3 · 10^5 pairs for 10^5 candidates with three wishes
// where the dense table would hold 10^9. Both round every score the same way
// (the linear part first, feature by feature, then the pair terms in feature
// order), so a listed score equals the dense one bit for bit.
//
// Thread safety: pure functions of an immutable Kickoff.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <Eigen/SparseCore>

#include "kobling/model.hpp"
#include "kobling/pair_view.hpp"
#include "kobling/types.hpp"

namespace kobling {

enum class Eligibility : std::uint8_t {
  eligible = 0,
  needs_review = 1,  ///< a requirement concerns an unknown value
  ineligible = 2,    ///< a requirement is broken
};

/// Text name ("eligible", "needs_review", "ineligible").
std::string_view to_string(Eligibility e) noexcept;

using EligibilityMatrix =
    Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// Scores and eligibility of candidate-company pairs: every pair (dense,
/// score_all) or the listed pairs only (score_listed: each candidate's wishes,
/// what the wish policies, reports and reasons read; O(n·k) memory at any m).
struct ScoreTable {
  ScoreMatrix score;              ///< dense: (n, m) s(i, j) in [0, 1]; listed: empty
  EligibilityMatrix eligibility;  ///< dense: (n, m) Eligibility values; listed: empty
  /// (n,) true when nothing is recorded for the candidate (every value
  /// unknown): such a profile scores 0 everywhere and is never presented or
  /// ranked as a fit (recommend returns nothing; companies prefer everyone
  /// with a recorded profile).
  std::vector<bool> empty_profile;
  /// A listed table's pairs in CSR form: candidate i's pairs are the entries
  /// [pair_start[i], pair_start[i + 1]), companies increasing. Empty when dense.
  std::vector<std::int64_t> pair_start;
  std::vector<Index> pair_company;
  std::vector<double> pair_score;
  std::vector<std::uint8_t> pair_eligibility;
  Index listed_companies = 0;  ///< m of a listed table

  /// Is this a listed table (score_listed) rather than a dense one?
  [[nodiscard]] bool listed() const noexcept { return !pair_start.empty(); }
  [[nodiscard]] Index num_candidates() const noexcept {
    return listed() ? static_cast<Index>(pair_start.size() - 1) : static_cast<Index>(score.rows());
  }
  [[nodiscard]] Index num_companies() const noexcept {
    return listed() ? listed_companies : static_cast<Index>(score.cols());
  }
  /// Does the table hold (i, j)? Always for a dense table, for a listed one
  /// when j is on i's list. Indices are not checked.
  [[nodiscard]] bool has(Index i, Index j) const noexcept { return !listed() || find(i, j) >= 0; }
  /// s(i, j). Throws OutOfRange("kobling.scores.not_listed") when a listed
  /// table does not hold the pair.
  [[nodiscard]] double score_of(Index i, Index j) const;
  /// The eligibility of (i, j); throws as score_of.
  [[nodiscard]] Eligibility eligibility_of(Index i, Index j) const;
  /// The scores as a view for the array-level solvers: the dense matrix, or
  /// the listed pairs in CSR form (valid while the table lives).
  [[nodiscard]] ScoreView scores() const;

 private:
  [[nodiscard]] std::int64_t find(Index i, Index j) const noexcept;
};

/// A company's weights divided by their sum (all zero when they sum to 0).
std::vector<double> normalized_weights(const Company& company);

/// Great-circle distance in km between two places given in degrees
/// (haversine formula, mean Earth radius 6371.0088 km).
double distance_km(double lat1, double lon1, double lat2, double lon2) noexcept;

/// φ_f(i, j) in [0, 1] for one feature, candidate and company (0 when the
/// value is unknown or absent). Indices are not checked.
double feature_phi(const Kickoff& kickoff, Index feature, Index candidate, Index company);

/// The (n, F) matrix Φ of candidate-only normalised values (categorical
/// columns are 0; they are scored per pair).
ScoreMatrix feature_matrix(const Kickoff& kickoff);

struct ScoreOptions {
  /// Limit on the memory the dense table holds at its peak (9 bytes per
  /// pair: score and eligibility, plus 8 per candidate and feature while it
  /// is computed). Above it score_all refuses before allocating
  /// (ResourceLimit, naming the size needed) and points to top_k_scores, which
  /// works in blocks of bounded size. The policies, reports and reasons never
  /// need it: they read a listed table (score_listed).
  std::int64_t max_dense_bytes = std::int64_t{4} << 30;
};

/// Bytes score_all() needs at its peak for this kick-off (see ScoreOptions).
[[nodiscard]] std::int64_t dense_table_bytes(const Kickoff& kickoff) noexcept;

/// Throws ResourceLimit("kobling.resource.dense_scores") when `bytes` exceeds
/// `limit`; `what` names the operation and what it holds ("a dense score table
/// for 95 x 15 pairs"), `place` the function.
void check_dense_memory(std::int64_t bytes, std::int64_t limit, const std::string& place,
                        const std::string& what);

/// Scores and eligibility of all pairs (dense, O(n·m) memory). Throws
/// ResourceLimit("kobling.resource.dense_scores") when dense_table_bytes()
/// exceeds options.max_dense_bytes.
ScoreTable score_all(const Kickoff& kickoff, const ScoreOptions& options = {});

/// Scores and eligibility of candidates [first, first + count) against every
/// company: the rows of score_all, for blocked processing.
ScoreTable score_rows(const Kickoff& kickoff, Index first, Index count);

/// Scores and eligibility of the listed pairs only (each candidate's wishes):
/// a listed table, equal bit for bit to score_all() at those pairs, in
/// O(n·k·F + m·F) time and O(n·k) memory. What match, compare, the reports and
/// the reasons need; pairs off the lists are scored on demand where a report
/// asks for them (invitations, recommendations).
ScoreTable score_listed(const Kickoff& kickoff);

/// Why a requirement was not met.
struct Reason {
  enum class Code : std::uint8_t {
    below_minimum,     ///< value below the required minimum
    above_maximum,     ///< value above the allowed maximum
    not_true,          ///< a required yes/no (licence) is no
    no_matching_code,  ///< none of the candidate's codes matches
    missing_skill,     ///< a must-have skill is missing
    too_far,           ///< the candidate lives further away than allowed
    unknown_value,     ///< the value is not recorded (needs review)
    refused,           ///< the company refused the candidate after interview
  };
  Code code = Code::below_minimum;
  Index feature = kNone;  ///< kNone for `refused`
  std::string text;       ///< e.g. "norwegian A2 is below the required B1"
};

/// Text name of a reason code ("below_minimum", ...).
std::string_view to_string(Reason::Code c) noexcept;

/// One feature's part of a score.
struct Contribution {
  Index feature = 0;
  double weight = 0.0;        ///< w_jf (normalised)
  double phi = 0.0;           ///< φ_f(i, j) in [0, 1]
  double contribution = 0.0;  ///< weight * phi
  ValueState state = ValueState::unknown;
};

struct Explanation {
  Index candidate = 0;
  Index company = 0;
  double score = 0.0;  ///< equals the sum of the contributions (to rounding)
  Eligibility eligibility = Eligibility::eligible;
  std::vector<Contribution> contributions;  ///< one per feature, in declaration order
  std::vector<Reason> reasons;              ///< why the pair is ineligible / needs review
  bool refused = false;                     ///< the company refused the candidate
  Index company_rank = kNone;  ///< place in the company's interview ranking (shared when tied)
};

/// Explains s(i, j) and the eligibility of (i, j). Throws OutOfRange for bad indices.
Explanation explain(const Kickoff& kickoff, Index candidate, Index company);

/// The company_scores matrix for the stable policy: -inf where the pair is not
/// acceptable (refused, ineligible, needs review); for a candidate in the
/// company's interview ranking at position p of R, 2 + (R - 1 - p) (above any
/// score); -1 for an empty profile (below every recorded candidate);
/// otherwise s(i, j). Needs a dense table: a listed one is
/// OutOfRange("kobling.scores.not_listed").
ScoreMatrix company_preference(const Kickoff& kickoff, const ScoreTable& table);

/// Column j of company_preference() (one company's view of every candidate),
/// in O(n) memory: O(n) time from a dense table, O(n·F + m·F) from a listed
/// one (the pairs off the lists are scored). Throws OutOfRange for a bad index.
std::vector<double> company_preference_of(const Kickoff& kickoff, const ScoreTable& table,
                                          Index company);

/// company_preference() at the listed pairs only, as a sparse row-major
/// matrix of n·k entries (not acceptable: -inf, stored): what the reports and
/// verifiers read without an (n, m) dense matrix. O(n·k·k + ranked) time.
using ListedPreference = Eigen::SparseMatrix<double, Eigen::RowMajor, Index>;
ListedPreference listed_company_preference(const Kickoff& kickoff, const ScoreTable& table);

/// (n, m) mask of acceptable pairs from the company's side: eligible and not
/// refused. Needs a dense table (a listed one: kobling.scores.not_listed).
MaskMatrix acceptable_pairs(const Kickoff& kickoff, const ScoreTable& table);

}  // namespace kobling
