// src/engine/interview_flow.hpp (private) — the min-cost flow behind
// plan_interviews (kobling/interviews.hpp, whose essay gives the model).
//
// Nodes: companies 0..m-1, candidates m..m+n-1, the sink T = m+n. Arcs: a
// unit of company j goes to an applicant i (pair arc, capacity 1), and on to
// T along i's bands (the first min(L, d_i) units with the cover weight, the
// rest with none; d_i = i's acceptable wishes), or stays unused (j -> T,
// weight 0). Weights are maximised; costs are their negatives.
//
// Search. Like the seat engines, the solver routes one unit of one company
// at a time along a shortest path in reduced costs (Dijkstra with node
// potentials), here over companies and candidates, since a candidate takes
// several units. Residual arcs out of a company: its unused pairs and T;
// out of a candidate: T along the next band, and back to every company it
// holds an interview with (that company gives the interview up and routes
// the unit on). The search stops when T is settled; settled nodes' potentials
// move by their distance minus T's, which keeps every reduced cost
// non-negative (and zero along the path, so the reversed arcs stay so). A
// company's units are routed until its shortest path is the direct one to T:
// its other units then stay unused, a shortest path each.
//
// Initial potentials: 0 at companies, -max w(i, .) at candidate i, and at T
// the least of 0 and every candidate's potential minus its first band's
// weight: every arc starts with a non-negative reduced cost.
#pragma once

#include <cstdint>
#include <vector>

#include "common/scratch.hpp"
#include "engine/ssp.hpp"
#include "engine/wish_lists.hpp"

namespace kobling::detail {

/// Levels: cover, interviews, rank; the real level is the score.
using InterviewCost = LexCost<3, double>;

struct InterviewFlow {
  std::vector<char> flow;                ///< per arc of the ArcLists: an interview
  std::vector<Index> interviews;         ///< (n,) per candidate
  std::vector<Index> held;               ///< (m,) per company
  std::vector<InterviewCost> potential;  ///< (m + n + 1,) companies, candidates, T
};

/// The weight of pair arc `arc` (longest = the longest list).
[[nodiscard]] inline InterviewCost interview_weight(const RawArc& arc, Index longest) {
  InterviewCost c;
  c.major[1] = 1;
  c.major[2] = longest - 1 - arc.rank;
  c.minor = arc.score;
  return c;
}

/// The weight of a candidate's next unit to T given `have` interviews, `minimum`
/// and `wishes` acceptable wishes; `open` is false when no band is left.
[[nodiscard]] inline InterviewCost band_weight(Index have, Index minimum, Index wishes,
                                               bool& open) {
  InterviewCost c;
  open = have < wishes;
  if (have < std::min(minimum, wishes)) {
    c.major[0] = 1;
  }
  return c;
}

/// Solves the flow on arcs `a` (capacities = interview caps) with the given
/// minimum per candidate.
InterviewFlow solve_interview_flow(const ArcLists& a, Index minimum);

}  // namespace kobling::detail
