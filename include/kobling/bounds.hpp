// kobling/bounds.hpp — cohort composition: lower and upper bounds on how many
// placements fall in a set of pairs, hard or soft, for the exact policies.
//
// Programmes shape their cohorts, not only their placements: an
// apprenticeship class needs a viable size ("at least 3, or none"), a trade
// may take at most so many, a pilot wants "at least 10 of 30 aged 25 or more"
// and "at most 1 of 3 under 20 at one company". A Bound counts the placements
// (i, j) with candidate i in `candidates` (empty: every candidate) and
// company j in `companies` (empty: every company) and asks lower <= count <=
// upper; all_or_nothing relaxes it to "0, or between lower and upper". A
// hard bound must hold; a soft one (penalty >= 0) may be violated at a cost of
// `penalty` per placement short or over, charged on the policy's first
// objective level (placements for max_placement, first wishes for
// rank_maximal, utility for optimal_assignment), and its violation is
// reported.
//
// Two paths. Hard bounds that count every candidate at a set of companies
// (class sizes, trades, sectors) or a group of candidates at every company
// (age bands, municipalities) are a network flow as long as each side's sets
// nest (any two disjoint or one inside the other, a laminar family): then the
// policy is solved exactly by min-cost flow with lower bounds
// (src/engine/laminar_flow.hpp), far faster than the MIP (bench/RESULTS.md,
// variant Q). Every other family (a group at one company, crossing sets, "at
// least L or none", soft bounds) goes to the mixed-integer program below.
// Assignment::bounds_method says which path ran; BoundOptions::method can
// insist on either.
//
// Exactness. Otherwise max_placement, rank_maximal and optimal_assignment
// are solved as mixed-integer programs (src/engine/mip.hpp, COIN-OR CBC): one
// binary per acceptable pair, a row per candidate (at most one company) and
// per company (at most its seats), a row per bound (with slack columns when
// soft, and a binary "open" column when all or nothing), and the policy's
// lexicographic objective level by level, each level's optimum a row of the
// next. Integer levels are exact; the last (real) level to the solver's
// tolerance. A time limit (time_limit seconds per level) stops the search
// with the best plan found; the result then says it is not proven optimal
// and how far the proven bound is. No dual certificate comes with a MIP;
// check_bounds verifies the bounds independently, and the tests compare
// with SciPy's milp and brute force.
//
// Infeasible hard bounds. When the hard bounds cannot all hold, the error
// names a minimal set that conflicts (a deletion filter: drop one bound at a
// time, keep it out when the rest still conflict), each with the most
// placements its set could take on its own, so a coordinator sees which
// minimum cannot be met and why (kobling.bounds.infeasible).
//
// Rounds. In a later round (RoundOptions) the pinned pairs are placements
// already: each bound counts them and the residual problem gets its limits
// reduced by as many (a hard upper limit the pins alone break is a named
// error); the round's "kept" level comes first and "stays" before the real
// level, as without bounds.
//
// The price of a bound. With price_bounds, each bound's outcome carries the
// objective levels the policy would reach without it, minus those it reaches
// with it: what "at least 10 aged 25+" costs in placements and wishes, by an
// exact re-solve.
//
// Example usage:
//   kobling::PreferenceMatrix prefs(3, 1);
//   prefs << 0, 0, 1;
//   kobling::CapacityVector caps(2);
//   caps << 2, 1;
//   kobling::MaxPlacementOptions o;
//   kobling::Bound at_most_one;  // company 0 takes at most one of candidates 0 and 1
//   at_most_one.upper = 1;
//   at_most_one.companies = {0};
//   at_most_one.candidates = {0, 1};
//   o.bounds = {at_most_one};
//   const kobling::Assignment a = kobling::max_placement_assignment(prefs, caps, {}, {}, o);
//   assert(a.placed == 2 && a.bounds[0].count == 1 && a.proven_optimal);
//
// References: J. Forrest, R. Lougee-Heimer, "CBC User Guide" (COIN-OR); L. A.
// Wolsey, "Integer Programming" (1998), ch. 1 and 7; J. W. Chinneck,
// "Feasibility and Infeasibility in Optimization" (2008), ch. 6 (deletion
// filters).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kobling/types.hpp"

namespace kobling {

/// lower <= (placements of `candidates` at `companies`) <= upper.
struct Bound {
  Index lower = 0;
  Index upper = kNone;            ///< kNone: no upper bound
  std::vector<Index> companies;   ///< empty: every company
  std::vector<Index> candidates;  ///< empty: every candidate
  bool all_or_nothing = false;    ///< 0, or between lower and upper
  double penalty = -1.0;          ///< < 0: hard; >= 0: soft, per placement short or over
  std::string name;               ///< in messages and reports ("bound <b>" when empty)
  [[nodiscard]] bool hard() const noexcept { return penalty < 0.0; }
};

/// How a bound came out in a result.
struct BoundOutcome {
  std::string name;
  Index count = 0;      ///< placements in the bound's set
  Index shortfall = 0;  ///< below lower (soft bounds only; 0 when "nothing")
  Index excess = 0;     ///< above upper (soft bounds only)
  /// With price_bounds: the policy's levels without this bound minus with it
  /// (what the bound costs, level by level; empty otherwise).
  std::vector<double> price;
  std::vector<std::string> price_levels;  ///< the levels' names, with price
};

/// Many-to-many: how many seats each candidate may take (an instructor
/// teaches three to four course evenings). `most` (n,) replaces "at most one
/// seat" (empty: 1 each); `least` (n,) is a minimum (empty: 0), a hard bound
/// on the candidate's own placements, named "minimum load of candidate #i" in
/// conflicts. A candidate still takes each company at most once. Solved by
/// the same flow (a candidate supplies `most` units) or MIP as the bounds;
/// the result lists every placement in Assignment::pairs.
struct Loads {
  IndexVector most{};
  IndexVector least{};
  [[nodiscard]] bool given() const noexcept { return most.size() > 0 || least.size() > 0; }
};

/// How bounds are solved (see "Two paths" above): automatic takes the flow
/// whenever the bounds allow it; flow refuses bounds that are not a flow
/// family (kobling.bounds.unsupported); mip always builds the MIP.
enum class BoundMethod { automatic, flow, mip };

/// "auto", "flow" or "mip" (kobling.array.bad_option otherwise).
BoundMethod parse_bound_method(std::string_view name);

/// The bounds a solver takes, with their options.
struct BoundOptions {
  std::vector<Bound> bounds;
  double time_limit = 60.0;   ///< seconds per objective level
  bool price_bounds = false;  ///< re-solve without each bound (see above)
  BoundMethod method = BoundMethod::automatic;
  /// (n,) seats per candidate (empty: 1 each); minimum loads are appended to
  /// `bounds` after the caller's `own` bounds.
  std::vector<Index> loads;
  std::size_t own = 0;
  [[nodiscard]] bool given() const noexcept { return !bounds.empty(); }
};

}  // namespace kobling
