// src/solvers/bounded.hpp (private) — the exact policies under cohort bounds
// (kobling/bounds.hpp): a lexicographic mixed-integer program on the
// acceptable pairs, level by level.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/wish_lists.hpp"
#include "kobling/assignment.hpp"
#include "kobling/bounds.hpp"

namespace kobling::detail {

/// Checks the bounds against n candidates and m companies (errors name
/// bounds[b] and the field) and the options (time_limit > 0).
void check_bound_options(const BoundOptions& o, Index n, Index m);

/// A policy's bound options, checked; loads in a later round, and the flow
/// method for bounds that are not a flow family, are refused
/// (kobling.bounds.unsupported).
BoundOptions checked_bounds(const std::vector<Bound>& bounds, double time_limit, bool price_bounds,
                            BoundMethod method, const Loads& loads, const RoundOptions& round,
                            Index n, Index m);

/// weight(e, out): arc e's weight on each of levels.size() levels (the
/// policy's lexicographic objective, most significant first; the last one's
/// sum is Assignment::objective).
using LevelWeightsOf = std::function<void(std::int64_t, double*)>;

/// Solves the policy with bounds on arcs `a` (checked already); fills
/// company, rank, placed, rank_counts, objective, bounds, proven_optimal and
/// bound_gap. Throws kobling.bounds.infeasible naming a minimal conflicting
/// set of hard bounds, or saying that no plan was found in time.
Assignment solve_bounded(const ArcLists& a, const BoundOptions& o,
                         const std::vector<std::string>& levels, const LevelWeightsOf& weight);

/// The same in a later round (RoundOptions, assignment.hpp; without one:
/// solve_bounded): the residual
/// problem of round_arcs (pins placed, withdrawn candidates out), each
/// bound's limits reduced by the pins it counts (a hard upper limit the pins
/// alone break: kobling.bounds.infeasible), levels {"kept", the policy's
/// integer levels, "stays", its real level}; counts and violations are
/// reported on the whole assignment, pins included. `by_score` as in
/// round_arcs.
Assignment solve_bounded_round(const ArcLists& full, const BoundOptions& o,
                               const RoundOptions& round, const std::vector<std::string>& levels,
                               const LevelWeightsOf& weight, bool by_score = false);

}  // namespace kobling::detail
