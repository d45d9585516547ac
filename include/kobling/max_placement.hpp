// kobling/max_placement.hpp — the `max_placement` policy.
//
// Problem. Place as many candidates as possible on acceptable pairs (listed,
// allowed by the company, score not -inf), within capacities; among all
// assignments that place that many, maximise the total utility
//     utility(i, j) = rank_bonus[r] + score_weight * score(i, j),
// where r is the 0-based rank of j on i's list. This is what an organiser who
// wants "nobody left out who could have a seat" asks for; unlike `stable`, it
// never leaves a seat empty while someone who listed it is unplaced, but it may
// have blocking pairs.
//
// Method. Minimum-cost flow with capacities (source -> candidates -> companies
// -> sink), solved by successive shortest augmenting paths with lexicographic
// arc weights (1, utility): the integer level counts placements, so maximum
// cardinality comes first exactly, with no big-M constant (see src/engine/ssp.hpp).
// Capacities are not expanded into seats; each search stops at the first free
// seat it settles.
//
// Company choice. In the Trøndelag model the companies choose their
// apprentices after interviews. With company_priority (an (n, m) matrix of
// non-negative integers: higher = the company wants the pair more, for
// example the number of interview places below the candidate's, 0 for
// unranked applicants), the objective gains an integer level between the two:
// most placed, then the largest total company priority, then the largest
// utility. A company's top choice is then never passed over unless placing
// more candidates needs its seat; the candidates' wish ranks (in the utility)
// come after the companies' verdicts. Refusals are not priorities: a refused
// pair is not acceptable (allowed false).
//
// Certificate. The result carries dual prices with levels {"placed",
// "utility"} ({"placed", "company", "utility"} with company_priority): a utility u_i per candidate
// and a seat price p_j per company satisfying the conditions in DualCertificate (assignment.hpp),
// so check_certificate (verify.hpp) proves the result optimal from the inputs.
//
// Complexity: O(n · S log S), S = nodes settled per search (small in practice);
// O(n·k + m) memory. Deterministic: among equal optima the one returned
// depends only on the input (a fixed processing order), never on the run or
// the thread count. Thread safety: reentrant.
//
// Example (a test compiles and runs it): both candidates wish for company 0
// first, and only candidate 0 lists company 1. Stable would give candidate 0
// company 0 if company 0 prefers it and leave candidate 1 out; max_placement
// places both:
//
// Example usage:
//   kobling::PreferenceMatrix preferences(2, 2);  // company indices, best first; -1 pads
//   preferences << 0, 1,
//                  0, -1;
//   kobling::CapacityVector capacities(2);
//   capacities << 1, 1;
//   const kobling::Assignment a = kobling::max_placement_assignment(preferences, capacities);
//   assert(a.company(0) == 1 && a.company(1) == 0 && a.placed == 2);
//   assert(a.objective == 1.0);  // default rank bonuses (1, 0): 0 + 1
//   assert(a.duals.levels.size() == 2);  // {"placed", "utility"}
//
// References: Ahuja, Magnanti, Orlin, "Network Flows" (1993), ch. 9-10.
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "kobling/assignment.hpp"
#include "kobling/bounds.hpp"
#include "kobling/pair_view.hpp"
#include "kobling/types.hpp"

namespace kobling {

struct MaxPlacementOptions {
  /// Bonus per 0-based rank; empty means k-1-r (for k = 3: 2, 1, 0). Must have
  /// at least k finite entries when given.
  std::vector<double> rank_bonus;
  double score_weight = 1.0;  ///< λ in utility = rank_bonus[r] + λ · score
  /// Optional (n, m) company priorities (integers in [0, 2^31), higher =
  /// preferred by the company; a sparse matrix's missing entries are 0): an
  /// objective level between placements and utility (see above). A view: the
  /// matrix must outlive the call.
  ScoreView company_priority{};
  /// A later round (RoundOptions, assignment.hpp): levels {"kept", "placed",
  /// "company", "stays", "utility"}, the unused ones zero.
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

/// Most candidates placed, then the largest total utility.
///
/// allowed: optional (n, m) mask of pairs the companies accept (empty = all).
/// scores: optional (n, m) scores; -inf = not allowed. An entry a sparse matrix
///   does not store is not allowed without a mask and 0 with one (the mask
///   alone says what is allowed; see pair_view.hpp on sparse matrices).
/// Returns company, rank, placed, rank_counts, objective = total utility, and
/// duals (levels {"placed", "utility"}).
/// Throws InvalidArgument / OutOfRange naming the offending element.
Assignment max_placement_assignment(const Eigen::Ref<const PreferenceMatrix>& preferences,
                                    const Eigen::Ref<const CapacityVector>& capacities,
                                    const MaskView& allowed = {}, const ScoreView& scores = {},
                                    const MaxPlacementOptions& options = {});

}  // namespace kobling
