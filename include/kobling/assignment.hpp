// kobling/assignment.hpp — what every solver returns.
//
// An Assignment maps each candidate to at most one company (company[i], -1 =
// unplaced) and reports the rank of that company on the candidate's wish list
// (rank[i], 0-based, -1 = unplaced or not on the list). The exact solvers also
// return a DualCertificate, which verify.hpp checks independently of the solver.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "kobling/bounds.hpp"
#include "kobling/ties.hpp"
#include "kobling/types.hpp"

namespace kobling {

/// Dual prices proving that an exact solver's assignment is optimal.
///
/// The objective is lexicographic with levels.size() levels, most significant
/// first (max_placement: {"placed", "utility"}; rank_maximal: {"rank_0", ...,
/// "rank_{k-1}", "score"}; optimal_assignment: {"utility"} or {"placed",
/// "utility"}). The weight of an allowed pair (i, j) is a vector w(i, j) with
/// one entry per level; vectors are added entrywise and compared
/// lexicographically. candidate.row(i) is the candidate's utility u_i and
/// company.row(j) the company's seat price p_j. They certify optimality when
///
///   u_i >= 0 and p_j >= 0                          (every i, j)
///   u_i + p_j >= w(i, j)                           (every allowed pair)
///   u_i + p_j == w(i, j)                           (every assigned pair)
///   u_i == 0 when i is unplaced; p_j == 0 when j has a free seat,
///
/// because then no assignment can weigh more than sum(u) + sum(capacity * p),
/// which this one attains (weak LP duality holds in any ordered group). Integer
/// levels are exact; the last, real-valued level holds to rounding.
struct DualCertificate {
  using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  std::vector<std::string> levels;  ///< names of the levels, most significant first
  Matrix candidate;                 ///< (n, levels) candidate utilities u
  Matrix company;                   ///< (m, levels) company seat prices p

  [[nodiscard]] bool empty() const noexcept { return levels.empty(); }
};

/// How a round's result differs from the previous round's (candidates in
/// index order). Withdrawn candidates are in none of the lists.
struct RoundChanges {
  std::vector<Index> moved;         ///< placed before and now, at another company
  std::vector<Index> newly_placed;  ///< unplaced before, placed now
  std::vector<Index> lost_seat;     ///< placed before, unplaced now
};

/// A later round of a wish-list policy (max_placement, rank_maximal; stable
/// takes the same fields in StableOptions): empty vectors are not given.
///  * fixed[i] = j >= 0 keeps candidate i at company j, on one of its seats;
///    the pair must be acceptable, and pins may not exceed the seats.
///  * withdrawn[i]: i takes no seat and is unplaced.
///  * previous[i]: i's company in the last round (-1: none). The objective
///    gains an integer level "stays" (after the policy's integer levels,
///    before the real one): as few candidates as possible move, exactly (a
///    move is a candidate placed in previous who ends elsewhere or unplaced).
///  * no_worse (needs previous): every candidate placed in previous, not
///    pinned or withdrawn, gets a wish at least as good (a top level "kept"
///    counts them; kobling.array.previous_over_capacity when they cannot all
///    be kept).
struct RoundOptions {
  IndexVector fixed{};
  MaskVector withdrawn{};
  IndexVector previous{};
  bool no_worse = false;
  [[nodiscard]] bool given() const noexcept {
    return fixed.size() > 0 || withdrawn.size() > 0 || previous.size() > 0 || no_worse;
  }
};

/// The result of an assignment policy.
struct Assignment {
  IndexVector company;      ///< (n,) assigned company, -1 = unplaced
  IndexVector rank;         ///< (n,) 0-based rank of company[i] on i's list, -1 = none
  std::int64_t placed = 0;  ///< number of candidates with a company
  /// The solver's objective (each solver documents its own; stable: the sum of
  /// company_scores over assigned pairs).
  double objective = 0.0;
  CountVector rank_counts;  ///< (k,) candidates placed at each list rank
  DualCertificate duals;    ///< optimality certificate (exact solvers only)
  /// How ties were decided (stable: equal company scores; max_placement,
  /// rank_maximal: equally good matchings; ties.hpp). optimal_assignment takes
  /// no rule: it leaves the default, index with seed 0, and no ties, and among
  /// equal optima returns the one its engine meets first.
  TieBreak tie_break = TieBreak::index;
  std::uint64_t seed = 0;
  /// Every tie that decided seats (ties.hpp), by company index.
  std::vector<DecidedTie> ties;
  /// Against the previous round, when one was given (stable.hpp, "Rounds").
  RoundChanges changes;
  /// With bounds (bounds.hpp): each bound's count and violation, in order.
  std::vector<BoundOutcome> bounds;
  /// False when a time limit stopped the MIP before it proved optimality;
  /// bound_gap is then the proven bound minus the value on the level where it
  /// stopped.
  bool proven_optimal = true;
  double bound_gap = 0.0;
  /// With bounds: "flow" or "mip", the path that solved them (bounds.hpp);
  /// "deferred_acceptance" for stable with quotas.
  std::string bounds_method;
  /// With StableOptions::max_placed: how many deferred acceptance with the
  /// same tie rule places (the largest weakly stable matching places
  /// placed - baseline_placed more); -1 otherwise.
  std::int64_t baseline_placed = -1;
  /// With loads (bounds.hpp, Loads): every placement as (candidate, company),
  /// by candidate and then wish rank; company/rank then hold each
  /// candidate's best placement, placed and rank_counts count placements,
  /// and load (n,) how many each candidate holds. Empty otherwise.
  Eigen::Matrix<Index, Eigen::Dynamic, 2, Eigen::RowMajor> pairs;
  IndexVector load;
};

}  // namespace kobling
