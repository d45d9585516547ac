// kobling/rank_maximal.hpp — the `rank_maximal` policy.
//
// Problem. Honour as many first wishes as possible; subject to that, as many
// second wishes; and so on down the lists (the signature (r_1, r_2, ..., r_k)
// of an assignment is maximised lexicographically). Remaining ties are broken
// by the larger total score. Only acceptable pairs are used, within capacities.
//
// Method. Irving, Kavitha, Mehlhorn, Michail and Paluch (2006) and Paluch
// (2013, capacitated) solve it combinatorially by phases of maximum matchings
// and Gallai-Edmonds decompositions. kobling instead solves it as one
// maximum-weight b-matching whose weights are exact lexicographic vectors:
// the arc of rank r weighs (e_r, score), the unit vector of rank r followed by
// the score. Sums of such vectors are (signature, total score), compared
// lexicographically in exact 64-bit integers: the usual encoding with weights
// (n+1)^(k-1-r) overflows or loses precision in doubles at n = 10^5, this one
// never does. The same successive-shortest-path engine as max_placement runs
// on it (src/engine/ssp.hpp), so capacities are native and the result comes with a
// dual certificate with levels {"rank_0", ..., "rank_{k-1}", "score"}.
//
// Company choice. With company_priority (as for max_placement: integers,
// higher = the company wants the pair more), a level after the wish ranks and
// before the score prefers the pairs the companies ranked higher: levels
// {"rank_0", ..., "rank_{k-1}", "company", "score"}.
//
// Complexity: O(n · S log S · k); memory O(n·k + m). Lists of up to 64 wishes
// are supported (the vector weight is a fixed-size array; 3, 8 or 64 levels);
// the preference matrix may be padded to any width, only the longest actual
// list counts.
// Deterministic; thread safety: reentrant.
//
// Example (a test compiles and runs it): candidate 1 can only go to company
// 0, so the signature (1 first wish, 1 second wish) beats (1, 0):
//
// Example usage:
//   kobling::PreferenceMatrix preferences(2, 2);  // company indices, best first; -1 pads
//   preferences << 0, 1,
//                  0, -1;
//   kobling::CapacityVector capacities(2);
//   capacities << 1, 1;
//   const kobling::Assignment a = kobling::rank_maximal_assignment(preferences, capacities);
//   assert(a.company(0) == 1 && a.company(1) == 0);
//   assert(a.rank_counts(0) == 1 && a.rank_counts(1) == 1);  // the signature
//   assert(a.duals.levels.back() == "score");  // rank_0, rank_1, score
//
// References: R. W. Irving, T. Kavitha, K. Mehlhorn, D. Michail, K. Paluch,
// "Rank-maximal matchings", ACM Trans. Algorithms 2(4) (2006); K. Paluch,
// "Capacitated rank-maximal matchings", CIAC 2013.
#pragma once

#include <cstdint>

#include <Eigen/Core>

#include "kobling/assignment.hpp"
#include "kobling/bounds.hpp"
#include "kobling/pair_view.hpp"
#include "kobling/types.hpp"

namespace kobling {

/// Largest list length rank_maximal_assignment accepts.
inline constexpr Index kMaxRankLevels = 64;

struct RankMaximalOptions {
  /// Optional (n, m) company priorities (see above and MaxPlacementOptions).
  ScoreView company_priority{};
  /// A later round (RoundOptions, assignment.hpp): levels {"kept", "rank_0",
  /// ..., "rank_{L-1}", "company", "stays", "score"}, the unused ones zero.
  RoundOptions round{};  /// Which of several equally good matchings (ties.hpp, "Optimal policies"):
  /// the lower index by default; the result lists the ties that decided seats.
  TieBreak tie_break = TieBreak::index;
  std::uint64_t seed = 0;  ///< the lottery's seed (unused by TieBreak::index)
  /// Cohort bounds (bounds.hpp): exact by min-cost flow when they nest, else a
  /// mixed-integer program, time_limit seconds per level; price_bounds re-solves without
  /// each bound. In a later round the pins count toward the bounds (levels
  /// {"kept", the policy's integer levels, "stays", its real level}).
  std::vector<Bound> bounds{};
  double time_limit = 60.0;
  bool price_bounds = false;
  BoundMethod bounds_method = BoundMethod::automatic;  ///< flow, MIP, or the flow when possible
  Loads loads{};                                       ///< several seats per candidate (bounds.hpp)
};

/// Rank-maximal assignment; ties by total company priority (when given), then
/// by total score (higher wins).
///
/// allowed / scores as in max_placement_assignment. Returns company, rank,
/// placed, rank_counts (the signature, length k), objective = total score of
/// the assigned pairs, and duals (levels "rank_0".."rank_{L-1}", ["company",]
/// "score", L = the longest list).
Assignment rank_maximal_assignment(const Eigen::Ref<const PreferenceMatrix>& preferences,
                                   const Eigen::Ref<const CapacityVector>& capacities,
                                   const MaskView& allowed = {}, const ScoreView& scores = {},
                                   const RankMaximalOptions& options = {});

}  // namespace kobling
