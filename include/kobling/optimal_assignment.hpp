// kobling/optimal_assignment.hpp — maximum-utility assignment on a full
// utility matrix, under capacities.
//
// Problem. Given utility(i, j) for every allowed pair (a dense (n, m) matrix
// with -inf for forbidden pairs, or a sparse matrix whose stored entries are
// the allowed pairs), assign each candidate to at most one company, no company
// above capacity, maximising the total utility. Placing a candidate is
// optional: a pair with negative utility is never used. With
// maximize_cardinality, the number placed is maximised first and the utility
// second (so negative-utility pairs are used when they let more be placed).
//
// This is the capacitated generalisation of scipy.optimize.linear_sum_assignment
// (maximize=True), without its two traps: capacities are not expanded into
// repeated columns, and forbidden pairs are never emulated by a large finite
// cost, which would silently change the objective to "maximum cardinality
// first" (and lose precision) — here that is an explicit option, computed with
// exact lexicographic weights.
//
// Method: successive shortest paths from the companies' seats (src/engine/seat_ssp.hpp
// on the allowed pairs of a sparse matrix, src/engine/dense_seat_ssp.hpp on a dense
// one). A dense matrix of at least 2^22 pairs, without maximize_cardinality,
// goes through price-guided column generation (src/engine/dense_price_cg.hpp): an
// auction estimates prices, the problem on each candidate's best few pairs is
// solved exactly (by repairing the previous solution, src/engine/sparse_repair.hpp),
// and full passes over the matrix add pairs until the duals hold for every
// pair; it is as exact as the other paths and reads the matrix in place,
// without a copy. Utilities spanning more than 2^26 (smallest nonzero to
// largest) are added up in double-double arithmetic by the seat engines
// (column generation, which works in doubles, is skipped), so the optimum is
// exact to the smallest utility, not only to the rounding of the largest.
// The result carries a dual certificate with levels
// {"utility"} or {"placed", "utility"}.
//
// Complexity: O(C · S log m) for C seats after reading the matrix (O(n·m)
// dense, O(nnz) sparse), S the companies a search settles; column generation
// adds one O(n·m) pass per round, at most 12 rounds before it falls back to
// the seat engine. Measured times: bench/RESULTS.md (variant B). rank is -1
// for everyone (there are no lists).
// Thread safety: reentrant.
//
// Example (a test compiles and runs it): the greedy choice (candidate 0 to
// company 0) gets 3 and leaves candidate 1 out; the optimum places both for 4:
//
// Example usage:
//   kobling::ScoreMatrix utility(2, 2);
//   utility << 3, 2,
//              2, kobling::kForbidden;
//   kobling::CapacityVector capacities(2);
//   capacities << 1, 1;
//   const kobling::Assignment a = kobling::optimal_assignment(utility, capacities);
//   assert(a.company(0) == 1 && a.company(1) == 0 && a.objective == 4.0);
//   assert(a.rank(0) == -1);  // no lists, so no ranks
//   assert(kobling::check_optimal_certificate(utility, capacities, {}, a).ok);
#pragma once

#include <vector>

#include <Eigen/Core>

#include "kobling/assignment.hpp"
#include "kobling/bounds.hpp"
#include "kobling/pair_view.hpp"
#include "kobling/types.hpp"

namespace kobling {

struct OptimalAssignmentOptions {
  bool maximize_cardinality = false;
  /// Another thread may write the utility matrix during the call (the Python
  /// bindings set this: a numpy array stays writable while the GIL is
  /// released). A dense matrix is then solved from a private copy wherever an
  /// engine reads it more than once (below 2^22 pairs, with
  /// maximize_cardinality, and when column generation hands over to the seat
  /// engine); column generation reads the caller's matrix in place, keeps what
  /// it reads, and certifies its result against the values it read. Off by
  /// default: a C++ caller keeps its inputs unchanged during a call. Either
  /// way, a value that turns NaN or +inf after the input was checked raises
  /// InvalidArgument("kobling.array.changed"), never a hang.
  bool input_may_change = false;
  /// A later round (RoundOptions, assignment.hpp; there are no lists, so
  /// no_worse means a utility at least as high as the previous pair's): the
  /// allowed pairs are solved as arcs with levels {"kept", "placed", "stays",
  /// "utility"} ("placed" is zero without maximize_cardinality).
  RoundOptions round{};
  /// Cohort bounds (bounds.hpp): the allowed pairs as a min-cost flow when
  /// the bounds nest, else a MIP, with levels {"utility"} or {"placed",
  /// "utility"} (in a later round: "kept" first and "stays" before
  /// "utility", the pins counting toward the bounds).
  std::vector<Bound> bounds{};
  double time_limit = 60.0;
  bool price_bounds = false;
  BoundMethod bounds_method = BoundMethod::automatic;  ///< flow, MIP, or the flow when possible
  Loads loads{};                                       ///< several seats per candidate (bounds.hpp)
};

/// Maximum total utility under capacities. NaN and +inf utilities are errors.
/// Returns company, rank (all -1), placed, objective = total utility, duals.
Assignment optimal_assignment(const ScoreView& utility,
                              const Eigen::Ref<const CapacityVector>& capacities,
                              const OptimalAssignmentOptions& options = {});

/// Same, on the pairs `allowed` allows (an (n, m) mask, dense or sparse): a
/// pair's utility is the matrix's entry, or 0 where a sparse utility matrix
/// stores nothing (as scipy reads it), and -inf still forbids. This is the
/// way to pass allowed pairs whose utility is 0 in a sparse matrix: building
/// one from a dense array (scipy.sparse.csr_matrix(dense)) drops every 0,
/// and without a mask a pair that is not stored is not allowed.
Assignment optimal_assignment(const ScoreView& utility,
                              const Eigen::Ref<const CapacityVector>& capacities,
                              const MaskView& allowed,
                              const OptimalAssignmentOptions& options = {});

}  // namespace kobling
