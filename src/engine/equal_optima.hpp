// src/engine/equal_optima.hpp (private) — choosing among equally good
// matchings by a declared tie-breaking rule, and listing the seats a tie
// decided.
//
// Problem. An exact policy (max_placement, rank_maximal) maximises a
// lexicographic objective, and often several matchings reach the optimum:
// two candidates with the same wish rank, company priority and score compete
// for one seat, and either may have it. The engine returns one of them, the
// one its search order happens to meet first. A public programme must instead
// say what decided, and let anyone re-run it: the declared rule of ties.hpp
// (the lower index, one lottery, or a lottery per company).
//
// All optima at once. The engine's certificate (u, p) describes every optimal
// matching, not just the one it found: by complementary slackness, a matching
// is optimal exactly when it uses only tight pairs (u_i + p_j = w(i, j)),
// places every candidate with u_i > 0 and fills every company with p_j > 0,
// and that holds against any optimal dual, so the one we have serves. The
// optima are therefore the b-matchings of the tight subgraph that meet those
// two degree conditions; nothing about the original weights is needed any
// more.
//
// Choosing one. Among them the rule picks the one with the least total
// lottery position of its pairs, where a pair's position is the candidate's
// place in the rule's order: one shared order of all candidates (index,
// lottery), or the company's own order of its applicants
// (lottery_per_company). Between optima with the same total (the same
// candidates placed, at different companies), the candidates drawn earlier
// get the wishes they listed higher: the least total of rank x (n -
// position). This is a second min-cost flow, on the tight subgraph only, with
// the weights (d(i, j), -position(i, j), -rank(i, j) (n - position(i, j))),
// where d(i, j) = [u_i > 0] + [p_j > 0]: a matching reaches the largest
// possible first level, the number of candidates with u_i > 0 plus the seats
// of the companies with p_j > 0, exactly when it meets the degree conditions,
// so the first level keeps the solution among the optima and the others
// decide. With a shared order the sets of candidates that optima place are
// the bases of a matroid (a transversal structure), so the least total
// position is also the lexicographically first set: the candidate drawn
// first is placed whenever some optimum places them, then the second, and so
// on (the greedy property of matroids; tests check it by brute force).
//
// Which pairs could go either way. Orient the tight subgraph against the
// chosen matching: i -> j for an unused tight pair, j -> i for a used one;
// through one hub node Z, Z -> i for an unplaced candidate and i -> Z for a
// placed one who need not be (u_i = 0), j -> Z for a company with a free seat
// and Z -> j for one that holds someone and need not be full (p_j = 0). An
// unused pair (i, j) is in some optimal matching exactly when it lies on a
// cycle of this graph (the symmetric difference of two optima is a union of
// such alternating cycles and paths, the paths closed through Z). Every
// candidate node has one way in (from its company, or from Z when unplaced),
// so merging it into that node keeps the cycles: the search runs on the
// companies and Z only, with an edge c(i) -> j per unused tight pair, where
// c(i) is i's company or Z, and an edge j -> Z per placed candidate with
// u_i = 0. An unused pair (i, j) can go either way exactly when c(i) and j
// are in the same strongly connected component (boost::strong_components,
// Tarjan 1972); a used pair (i, j) when one of i's edges leads back into j's
// component. A company j where an unused pair can go either way for a
// candidate who is unplaced or wanted j more than where they ended had seats
// decided by the rule: the tie lists the candidates placed at j whose pairs
// can go either way (won) and those candidates (lost). With no unused pair on
// a cycle the optimum is unique and the engine's matching stands: the common
// case with real-valued scores costs one pass over the pairs and a component
// search on the few tight ones.
//
// Rounding. Integer levels are compared exactly; the real level (utility or
// score) counts as tied when equal to within kTieTolerance relative to the
// magnitudes involved, the tolerance verify.hpp allows its last level.
//
// References: R. E. Tarjan, "Depth-first search and linear graph algorithms",
// SIAM J. Comput. 1 (1972); A. Schrijver, "Combinatorial Optimization" (2003),
// ch. 39 (transversal matroids) and ch. 40 (matroid greedy); R. K. Ahuja,
// T. L. Magnanti, J. B. Orlin, "Network Flows" (1993), ch. 9 (optimality
// conditions).
#pragma once

#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "common/scratch.hpp"
#include "engine/make_assignment.hpp"
#include "engine/ssp.hpp"
#include "engine/wish_lists.hpp"
#include "kobling/ties.hpp"

namespace kobling::detail {

/// A real level within this (times 1 + the magnitudes) of zero is zero.
inline constexpr double kTieTolerance = 1e-9;

/// What the engine's duals say about all optima of a problem on arcs `a`.
struct TieScan {
  std::vector<char> must_place;  ///< (n,) u_i > 0: every optimum places i
  std::vector<char> must_fill;   ///< (m,) p_j > 0: every optimum fills j
  /// The tight arcs the matching does not use, ascending, with their candidates.
  std::vector<std::pair<Index, std::int64_t>> unused;
};

/// The strongly connected component of each company (0..m-1) and of the hub
/// (m) in the merged graph (see above) for the matching arc_of on `a`.
[[nodiscard]] std::vector<int> merged_components(const ArcLists& a,
                                                 const ScratchVector<std::int64_t>& arc_of,
                                                 const TieScan& s);

/// Whether another optimal matching exists: an unused tight pair on a cycle.
[[nodiscard]] bool has_other_optima(const ArcLists& a, const ScratchVector<std::int64_t>& arc_of,
                                    const TieScan& s);

/// Replaces arc_of (and s.unused, which then lists the pairs the new
/// matching leaves) by the optimum the rule prefers (see above).
void choose_optimum(const ArcLists& a, ScratchVector<std::int64_t>& arc_of, TieScan& s,
                    const TieOrder& order);

/// The seats the rule decided in arc_of (companies in index order; won and
/// lost in the rule's order; score NaN: the objective tied, not a score).
[[nodiscard]] std::vector<DecidedTie> equal_optima_ties(const ArcLists& a,
                                                        const ScratchVector<std::int64_t>& arc_of,
                                                        const TieScan& s, const TieOrder& order);

template <int K, class Real>
[[nodiscard]] bool is_zero(const LexCost<K, Real>& c, double scale) noexcept {
  for (const std::int64_t x : c.major) {
    if (x != 0) {
      return false;
    }
  }
  return std::fabs(to_double(c.minor)) <= kTieTolerance * scale;
}

template <int K, class Real>
[[nodiscard]] bool is_positive(const LexCost<K, Real>& c) noexcept {
  for (const std::int64_t x : c.major) {
    if (x != 0) {
      return x > 0;
    }
  }
  const double v = to_double(c.minor);
  return v > kTieTolerance * (1.0 + std::fabs(v));
}

/// One pass over the arcs of `a` under the engine's duals.
template <class Cost, class WeightOf>
[[nodiscard]] TieScan scan_ties(const ArcLists& a, const SspResult<Cost>& r, WeightOf weight_of) {
  TieScan s;
  const auto nu = static_cast<std::size_t>(a.n);
  s.must_place.assign(nu, 0);
  s.must_fill.assign(static_cast<std::size_t>(a.m), 0);
  for (std::size_t j = 0; j < s.must_fill.size(); ++j) {
    s.must_fill[j] = is_positive(r.p[j]) ? 1 : 0;
  }
  for (std::size_t i = 0; i < nu; ++i) {
    const Cost& u = r.u[i];
    s.must_place[i] = is_positive(u) ? 1 : 0;
    for (std::int64_t e = a.start[i]; e < a.start[i + 1]; ++e) {
      if (r.arc_of[i] == e) {
        continue;
      }
      const RawArc& arc = a.arc[static_cast<std::size_t>(e)];
      const Cost& p = r.p[static_cast<std::size_t>(arc.head)];
      const Cost w = weigh(weight_of, arc, e);
      const double scale = 1.0 + std::fabs(to_double(u.minor)) + std::fabs(to_double(p.minor)) +
                           std::fabs(to_double(w.minor));
      if (is_zero(u + p - w, scale)) {
        s.unused.emplace_back(static_cast<Index>(i), e);
      }
    }
  }
  return s;
}

/// Settles the engine's matching `r` on arcs `a` by `order` (see above):
/// r.arc_of becomes the chosen optimum; returns the ties that decided seats.
/// The duals are untouched: they certify every optimum.
template <class Cost, class WeightOf>
std::vector<DecidedTie> settle_ties(const ArcLists& a, SspResult<Cost>& r, WeightOf weight_of,
                                    const TieOrder& order) {
  TieScan s = scan_ties(a, r, weight_of);
  if (s.unused.empty() || !has_other_optima(a, r.arc_of, s)) {
    return {};
  }
  choose_optimum(a, r.arc_of, s, order);
  return equal_optima_ties(a, r.arc_of, s, order);
}

/// The Assignment of the engine's result `r` after settle_ties: the rule, the
/// seed and the ties recorded.
template <class Cost, class WeightOf>
Assignment settled_assignment(const ArcLists& a, SspResult<Cost>& r, WeightOf weight_of,
                              const TieOrder& order) {
  std::vector<DecidedTie> ties = settle_ties(a, r, weight_of, order);
  Assignment out = assignment_from_arcs(a, r, weight_of);
  out.tie_break = order.rule;
  out.seed = order.seed;
  out.ties = std::move(ties);
  return out;
}

}  // namespace kobling::detail
