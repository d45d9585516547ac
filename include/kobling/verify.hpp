// kobling/verify.hpp — checks that stand beside the solvers.
//
// A result can be checked without trusting how it was computed:
//
//  * check_feasibility: every candidate has at most one company, only on an
//    acceptable pair (listed, allowed, score not -inf), and no company is above
//    its capacity. O(n*k + m).
//  * blocking_pairs: the acceptable pairs (i, j) where i is unplaced or prefers
//    j to its company, and j has a free seat or prefers i to the least preferred
//    candidate it holds: by a higher company score, then, among equal scores,
//    by the declared tie order (ties.hpp; the lower index by default), or, for
//    weak stability, never (equal scores do not block). An assignment is
//    stable exactly when this is empty. O(n*k + n).
//  * max_placement_count: the largest number of candidates any feasible
//    assignment places, by Boost.Graph's push-relabel maximum flow on the
//    network source -> candidates -> companies (capacity c_j) -> sink; an
//    independent upper bound for `placed`. O(V^2 sqrt(E)) worst case.
//  * check_certificate: the dual-price optimality conditions of
//    DualCertificate (assignment.hpp), evaluated from the raw inputs.
//
// The verifiers share only input validation with the solvers. They throw on
// malformed input (shapes, indices) and report violations as values.
// Thread safety: reentrant, no shared state.
//
// Example (a test compiles and runs it): max_placement places both
// candidates, provably as many as any assignment can, but candidate 0 and
// company 0 would both rather be together, so the result is not stable:
//
// Example usage:
//   kobling::PreferenceMatrix preferences(2, 2);  // company indices, best first; -1 pads
//   preferences << 0, 1,
//                  0, -1;
//   kobling::CapacityVector capacities(2);
//   capacities << 1, 1;
//   const kobling::Assignment a = kobling::max_placement_assignment(preferences, capacities);
//   assert(kobling::check_feasibility(preferences, capacities, a.company).ok);
//   assert(kobling::max_placement_count(preferences, capacities) == a.placed);
//   assert(kobling::check_max_placement_certificate(preferences, capacities, {}, {}, {}, a).ok);
//   kobling::ScoreMatrix company_scores(2, 2);  // company 0 prefers candidate 0
//   company_scores << 2, 1,
//                     1, 0;
//   const kobling::PairList blocking =
//       kobling::blocking_pairs(preferences, company_scores, capacities, a.company);
//   assert(blocking.rows() == 1 && blocking(0, 0) == 0 && blocking(0, 1) == 0);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "kobling/assignment.hpp"
#include "kobling/max_placement.hpp"
#include "kobling/optimal_assignment.hpp"
#include "kobling/pair_view.hpp"
#include "kobling/rank_maximal.hpp"
#include "kobling/ties.hpp"
#include "kobling/types.hpp"

namespace kobling {

/// (p, 2) list of (candidate, company) pairs.
using PairList = Eigen::Matrix<Index, Eigen::Dynamic, 2, Eigen::RowMajor>;

/// Outcome of a check: ok, or the violations found (each naming the place).
struct CheckReport {
  bool ok = true;
  std::vector<std::string> violations;
};

/// Feasibility of `company_of` for wish-list inputs: each assigned pair must be
/// on the candidate's list and acceptable (scores not -inf / stored; allowed
/// true), and no company above capacity. `scores` and `allowed` may be empty
/// views (not given). Throws on malformed input; violations are reported.
CheckReport check_feasibility(const Eigen::Ref<const PreferenceMatrix>& preferences,
                              const Eigen::Ref<const CapacityVector>& capacities,
                              const Eigen::Ref<const IndexVector>& company_of,
                              const ScoreView& scores = {}, const MaskView& allowed = {});

/// Feasibility of `company_of` for a utility matrix (no lists): each assigned
/// pair must be allowed (finite; stored when sparse), no company above capacity.
CheckReport check_feasibility(const ScoreView& utility,
                              const Eigen::Ref<const CapacityVector>& capacities,
                              const Eigen::Ref<const IndexVector>& company_of);

/// Which order of a company's applicants blocking_pairs checks against.
struct BlockingOptions {
  /// Ties among equal scores broken by this order (the solver's, to check its
  /// result)...
  TieOrder ties{};
  /// ...or not at all: only a strictly higher score blocks (weak stability,
  /// the guarantee of stable improvement cycles).
  bool weak = false;
};

/// The pairs that block `company_of`, ordered by candidate, then by the
/// candidate's list order. Throws InvalidArgument if `company_of` is not
/// feasible (check_feasibility first for a report instead of an exception).
PairList blocking_pairs(const Eigen::Ref<const PreferenceMatrix>& preferences,
                        const ScoreView& company_scores,
                        const Eigen::Ref<const CapacityVector>& capacities,
                        const Eigen::Ref<const IndexVector>& company_of,
                        const BlockingOptions& options = {});

/// Largest number of candidates a feasible assignment can place on acceptable
/// listed pairs (Boost.Graph push-relabel maximum flow).
std::int64_t max_placement_count(const Eigen::Ref<const PreferenceMatrix>& preferences,
                                 const Eigen::Ref<const CapacityVector>& capacities,
                                 const ScoreView& scores = {}, const MaskView& allowed = {});

/// Default tolerance of the certificate checks on the real-valued level,
/// relative to 1 + the magnitudes in each comparison (|u_i| + |p_j| + |w|), so
/// a large weight elsewhere never hides a violation among small ones; integer
/// levels are checked exactly.
inline constexpr double kCertificateTolerance = 1e-9;

/// Checks result.duals as an optimality certificate of `result` for
/// max_placement_assignment with the same inputs: weights (1, rank_bonus[r] +
/// score_weight * score) on every acceptable listed pair, or (1, company
/// priority, utility) with options.company_priority. Also checks
/// feasibility and that the objective matches the assignment.
CheckReport check_max_placement_certificate(const Eigen::Ref<const PreferenceMatrix>& preferences,
                                            const Eigen::Ref<const CapacityVector>& capacities,
                                            const MaskView& allowed, const ScoreView& scores,
                                            const MaxPlacementOptions& options,
                                            const Assignment& result,
                                            double tolerance = kCertificateTolerance);

/// Same for rank_maximal_assignment: weights (e_r, score), or (e_r,
/// company priority, score) with options.company_priority.
CheckReport check_rank_maximal_certificate(const Eigen::Ref<const PreferenceMatrix>& preferences,
                                           const Eigen::Ref<const CapacityVector>& capacities,
                                           const MaskView& allowed, const ScoreView& scores,
                                           const Assignment& result,
                                           double tolerance = kCertificateTolerance,
                                           const RankMaximalOptions& options = {});

/// Same for optimal_assignment: weights (utility) or (1, utility).
CheckReport check_optimal_certificate(const ScoreView& utility,
                                      const Eigen::Ref<const CapacityVector>& capacities,
                                      const OptimalAssignmentOptions& options,
                                      const Assignment& result,
                                      double tolerance = kCertificateTolerance);

/// Same, for optimal_assignment with an `allowed` mask.
CheckReport check_optimal_certificate(const ScoreView& utility,
                                      const Eigen::Ref<const CapacityVector>& capacities,
                                      const MaskView& allowed,
                                      const OptimalAssignmentOptions& options,
                                      const Assignment& result,
                                      double tolerance = kCertificateTolerance);

}  // namespace kobling
