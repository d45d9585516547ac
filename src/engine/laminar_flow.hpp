// src/engine/laminar_flow.hpp (private) — cohort bounds that a network flow
// can carry, solved exactly by successive shortest paths.
//
// Which bounds are flows. A bound that counts every candidate at a set of
// companies (a trade's minimum, a sector's maximum, a company's class size)
// is a capacity with a lower bound on the way from those companies to the
// sink, provided the sets nest: any two are disjoint or one holds the other
// (a laminar family). Then each set is a node, each company hangs under the
// smallest set that holds it, each set under the next larger one, and the
// placements that pass through a set are exactly the bound's count. The
// same holds for bounds that count a group of candidates at every company
// (at least 10 aged 25 or more, at most 5 from one municipality), again if
// the groups nest. Two laminar families, one on each side, still make a
// network; bounds that restrict both the candidates and the companies (a
// group at one company), sets that cross, "at least L or none" and soft
// bounds do not, and go to the mixed-integer model instead (bounded.cpp).
//
// Orientation. The side with fewer units supplies them: candidates one each,
// companies min(seats, applicants) each (kick-offs have fewer seats than
// candidates, so usually the companies). A source's unit goes along a pair
// arc to a member of the other side and up that side's tree of sets to the
// sink, or stays unused along the source's own arc up the source side's
// tree; there "between l and u of the set's `size` units used" is "between
// size - u and size - l of them unused".
//
// Lower bounds without a feasibility phase. A bound's arc is split in parts:
// the first `lower` units (on the source side: size - upper unused units)
// carry a reward on a new first objective level ("met"), the rest none; on
// the source side a last part without limit lets an unused unit through at a
// cost on that level (a set below its minimum). Every unit then always
// reaches the sink, and the flow of largest weight meets every bound exactly
// when its first level equals the sum of the rewarded parts; otherwise the
// bounds cannot all hold. The policy's own levels follow, so the same solve
// is feasibility check and optimisation.
//
// Search. The weights are LexCost levels (ssp.hpp): "met", then the policy's
// integer levels, then its real level, maximised (costs are their
// negatives). Every unit is routed in turn along a shortest path to the sink
// in reduced costs (Dijkstra with node potentials, as in the seat engines and
// interview_flow.hpp); settled nodes' potentials move by their distance minus
// the sink's, which keeps every reduced cost non-negative. The network starts
// empty and acyclic, so the first potentials are shortest distances in
// topological order. Three things keep searches short: a node whose distance
// reaches the sink's tentative one relaxes nothing; a member of the sink
// side has one residual arc out (up its tree when it has room, else back to
// whoever holds it), so the search passes through it without the heap (the
// seat engines' compression: a company with thousands of free applicants
// queues none of them; the member's label still only falls as settled nodes
// relax it, which is all the potential update needs); and sources with the
// fewest pair arcs per unit go first, so the unused units a bound needs are
// theirs from the start rather than rerouted later. Successive shortest
// paths give a flow of largest weight for each number of routed units, and
// every unit is routed, so the result is optimal on every level exactly (the
// real level to floating-point rounding; reduced costs that rounding makes
// slightly negative count as 0).
//
// References: R. K. Ahuja, T. L. Magnanti, J. B. Orlin, "Network Flows"
// (1993), ch. 9 (successive shortest paths) and 10.2 (lower bounds); A.
// Schrijver, "Combinatorial Optimization" (2003), §41.1 (laminar families and
// total unimodularity).
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "engine/wish_lists.hpp"
#include "kobling/bounds.hpp"

namespace kobling::detail {

/// One side's nested sets, larger before smaller: parent[s] < s (or -1 for
/// the sink), lower/upper per set (upper kNone: none), the bound each set
/// carries, and each element's smallest set (-1: none).
struct NestedSets {
  std::vector<Index> parent;
  std::vector<Index> lower;
  std::vector<Index> upper;
  std::vector<Index> bound;  ///< which bound each set carries
  std::vector<Index> leaf;
};

/// The bounds in `use` as two nested families, or nothing when one of them is
/// soft, all or nothing, restricts both candidates and companies, or crosses
/// another of its side.
struct LaminarBounds {
  NestedSets companies;
  NestedSets candidates;
  std::vector<Index> candidate_units;  ///< (n,) seats per candidate; empty: 1 each
};
std::optional<LaminarBounds> laminar_bounds(const BoundOptions& o, const std::vector<char>& use,
                                            Index n, Index m);

/// weight(e, out): the policy's `levels` weights of pair arc e, all but the
/// last integral (as in bounded.hpp).
using ArcLevelWeights = std::function<void(std::int64_t, double*)>;

struct LaminarFlow {
  bool feasible = false;       ///< every lower bound met
  std::vector<char> x;         ///< per arc of the ArcLists: placed
  std::vector<double> levels;  ///< the policy's levels reached
};

/// The largest-weight assignment on arcs `a` under `bounds`; nothing when the
/// levels do not fit the flow (more than 7 integer levels, or a fractional
/// weight on an integer level).
std::optional<LaminarFlow> solve_laminar_flow(const ArcLists& a, const LaminarBounds& bounds,
                                              std::size_t levels, const ArcLevelWeights& weight);

}  // namespace kobling::detail
