// src/solvers/stable_quotas.hpp (private) — deferred acceptance under
// per-company quotas and reserves (StableOptions::bounds, stable.hpp).
//
// Which bounds a stable matching can honour. A bound at one company on a
// group of candidates is either a maximum quota ("at most 1 of the 3 seats to
// candidates under 20": upper) or a reserve ("2 seats kept for candidates
// from the referring office, when enough of them apply": lower), the
// type-specific quotas of school choice (Abdulkadiroğlu and Sönmez 2003) and
// the minority reserves of Hafalir, Yenmez and Yildirim (2013). A company
// then chooses from its applicants in two passes over its own order (score,
// then the tie rule): first each reserve takes the best of its group up to
// its size, then every seat left goes to the best remaining applicants; an
// applicant is taken only while the seats and every maximum quota of a group
// they belong to have room. With the groups at each company nested (any two
// disjoint or one inside the other) and the reserve groups disjoint, that
// choice is substitutable and never takes fewer when more apply, so
// candidate-proposing deferred acceptance ends in the candidate-optimal
// matching that is stable for these choices (Hatfield and Milgrom 2005): no
// candidate wants a company that would take them from its holders plus
// them. A reserve is not a hard minimum: seats stay reserved only while
// members apply, and an unmet reserve is reported as its shortfall. Hard
// minimums (a class of at least L, a group of at least L overall), bounds
// over several companies and all-or-nothing bounds are not compatible with
// stability in general (a seat held empty for a rule blocks with a candidate
// who wants it) and are refused; the exact policies take them.
//
// Complexity: one choice per proposal, O(P · h log h) for P proposals and h
// holders at a company; meant for kick-off scale.
#pragma once

#include <vector>

#include "engine/wish_lists.hpp"
#include "kobling/assignment.hpp"
#include "kobling/bounds.hpp"
#include "kobling/ties.hpp"

namespace kobling::detail {

/// Checks that `bounds` are per-company quotas or reserves as above (errors:
/// kobling.bounds.unsupported naming the bound), then runs candidate-proposing
/// deferred acceptance on `w`. Fills company, rank, placed, rank_counts,
/// objective, bounds (count and the reserves' shortfall) and bounds_method.
Assignment stable_with_quotas(const WishLists& w, const std::vector<Bound>& bounds,
                              const TieOrder& order);

}  // namespace kobling::detail
