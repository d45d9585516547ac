// src/engine/round_arcs.hpp (private) — a later round of a wish-list policy
// as a residual problem on arcs (RoundOptions, assignment.hpp).
//
// Pinned and withdrawn candidates leave the market (their arcs go; a pin
// takes its seat), no_worse drops every incumbent's arcs below its previous
// wish, and two per-arc integer levels are marked for the solvers to weigh:
// "kept" (an incumbent's arc: maximising their count first places every
// incumbent when that is possible at all) and "stays" (the candidate's
// previous pair: maximising their count, after the policy's own integer
// levels, moves as few candidates as possible). Everything else is the
// policy's own objective, so the result is exact for the levels in order.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/scratch.hpp"
#include "engine/wish_lists.hpp"
#include "kobling/assignment.hpp"

namespace kobling::detail {

struct RoundArcs {
  ArcLists residual;
  ScratchVector<std::int64_t> origin;  ///< per residual arc, its index in the full arcs
  ScratchVector<std::int64_t> kept;    ///< per residual arc: 1 for an incumbent's arc
  ScratchVector<std::int64_t> stay;    ///< per residual arc: 1 for a previous pair
  std::vector<std::int64_t> pinned;    ///< per candidate: the full arc of its pin, or -1
  std::vector<char> withdrawn;         ///< per candidate
  std::vector<Index> previous;         ///< per candidate (kNone when not given)
  Index incumbents = 0;                ///< candidates no_worse must keep
};

/// The round inputs every policy checks the same way: withdrawn and previous
/// (length, company range; no_worse needs previous) and the pins (range, not
/// also withdrawn, at most the company's seats). pin(i, j, place) checks that
/// the pair is acceptable for the caller's lists (throwing
/// kobling.array.pinned_not_acceptable at `place`) and records it.
struct RoundVectors {
  std::vector<char> withdrawn;  ///< per candidate
  std::vector<Index> previous;  ///< per candidate, kNone when not given
};
RoundVectors check_round_vectors(Index n, Index m, const ScratchVector<Index>& capacity,
                                 const IndexVector& fixed, const MaskVector& withdrawn,
                                 const IndexVector& previous, bool no_worse,
                                 const std::function<void(Index, Index, const std::string&)>& pin);

/// Checks the round inputs against the full arcs `a` (errors as
/// stable_assignment's, stable.hpp) and builds the residual problem. no_worse
/// keeps an incumbent's arcs of a rank at most its previous pair's, or, with
/// by_score (a utility matrix has no lists), of a score at least its previous
/// pair's.
RoundArcs round_arcs(const ArcLists& a, const RoundOptions& options, bool by_score = false);

/// Who moved, was newly placed or lost a seat against `previous` (withdrawn
/// candidates in none of the lists).
RoundChanges changes_against(const std::vector<Index>& previous, const std::vector<char>& withdrawn,
                             const IndexVector& company);

/// Completes a residual result: the pins take their places (objective +=
/// real_of(rank, score) of each pinned arc), no_worse is checked (every
/// incumbent placed, else kobling.array.previous_over_capacity), and the
/// changes against previous are filled when it was given.
void finish_round(const ArcLists& a, const RoundArcs& r, const RoundOptions& options,
                  Assignment& out, double pinned_objective);

/// The real level of the pinned arcs: sum of real_of(rank, score).
template <class RealOf>
[[nodiscard]] double pinned_real(const ArcLists& a, const RoundArcs& r, RealOf real_of) {
  double total = 0.0;
  for (const std::int64_t e : r.pinned) {
    if (e >= 0) {
      const RawArc& arc = a.arc[static_cast<std::size_t>(e)];
      total += real_of(arc.rank, arc.score);
    }
  }
  return total;
}

}  // namespace kobling::detail
