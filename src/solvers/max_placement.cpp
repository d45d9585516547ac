#include "kobling/max_placement.hpp"

#include <cmath>

#include "common/text.hpp"
#include "engine/equal_optima.hpp"
#include "engine/make_assignment.hpp"
#include "engine/round_arcs.hpp"
#include "kobling/errors.hpp"
#include "solvers/bounded.hpp"

namespace kobling {

Assignment max_placement_assignment(const Eigen::Ref<const PreferenceMatrix>& preferences,
                                    const Eigen::Ref<const CapacityVector>& capacities,
                                    const MaskView& allowed, const ScoreView& scores,
                                    const MaxPlacementOptions& options) {
  if (!std::isfinite(options.score_weight)) {
    throw InvalidArgument("kobling.array.bad_option", "score_weight",
                          "must be finite, got " + detail::num(options.score_weight));
  }
  const detail::ArcLists arcs =
      detail::make_arc_lists(preferences, capacities, {&scores, "scores"}, &allowed);
  std::vector<double> bonus = options.rank_bonus;
  if (bonus.empty()) {
    for (Index r = 0; r < arcs.k; ++r) {
      bonus.push_back(static_cast<double>(arcs.k - 1 - r));
    }
  }
  if (static_cast<Index>(bonus.size()) < arcs.k) {
    throw InvalidArgument("kobling.array.bad_option", "rank_bonus",
                          "has " + std::to_string(bonus.size()) +
                              " entries but the lists have k = " + std::to_string(arcs.k) +
                              " columns; give one bonus per rank");
  }
  for (std::size_t r = 0; r < bonus.size(); ++r) {
    if (!std::isfinite(bonus[r])) {
      throw InvalidArgument("kobling.array.bad_option",
                            detail::at("rank_bonus", static_cast<std::int64_t>(r)),
                            "must be finite, got " + detail::num(bonus[r]));
    }
  }
  const double lambda = options.score_weight;
  const TieOrder order{options.tie_break, options.seed};
  const auto real_of = [&bonus, lambda](Index r, double s) {
    return bonus[static_cast<std::size_t>(r)] + lambda * s;
  };
  // Weights spanning too many orders of magnitude for one double are added up
  // in Wide (engine/ssp.hpp): exact to the smallest of them.
  const auto solve = [&arcs, &bonus, lambda, &order](auto real_tag) {
    using Cost = detail::LexCost<1, decltype(real_tag)>;
    const auto weight_of = [&bonus, lambda](Index r, double s) {  // real_of's value
      Cost c;
      c.major[0] = 1;
      c.minor = bonus[static_cast<std::size_t>(r)] + lambda * s;
      return c;
    };
    auto result = detail::solve_seats<Cost>(arcs, weight_of);
    Assignment a = detail::settled_assignment(arcs, result, weight_of, order);
    a.duals = detail::certificate_from<1>(result, {"placed", "utility"});
    return a;
  };
  if (!options.bounds.empty() || options.loads.given()) {
    const BoundOptions bo =
        detail::checked_bounds(options.bounds, options.time_limit, options.price_bounds,
                               options.bounds_method, options.loads, options.round, arcs.n, arcs.m);
    detail::ScratchVector<std::int64_t> priority;
    std::vector<std::string> levels{"placed"};
    if (options.company_priority.has_value()) {
      priority = detail::arc_priorities(arcs, options.company_priority, "company_priority");
      levels.emplace_back("company");
    }
    levels.emplace_back("utility");
    return detail::solve_bounded_round(
        arcs, bo, options.round, levels, [&](std::int64_t e, double* w) {
          const detail::RawArc& arc = arcs.arc[static_cast<std::size_t>(e)];
          std::size_t l = 0;
          w[l++] = 1.0;
          if (!priority.empty()) {
            w[l++] = static_cast<double>(priority[static_cast<std::size_t>(e)]);
          }
          w[l] = real_of(arc.rank, arc.score);
        });
  }
  const bool wide = detail::spread_of(arcs, real_of).wide();
  if (options.round.given()) {
    // A later round: (kept, placed, company, stays, utility) on the residual arcs.
    const detail::RoundArcs r = detail::round_arcs(arcs, options.round);
    detail::ScratchVector<std::int64_t> priority;
    if (options.company_priority.has_value()) {
      const auto full = detail::arc_priorities(arcs, options.company_priority, "company_priority");
      for (const std::int64_t e : r.origin) {
        priority.push_back(full[static_cast<std::size_t>(e)]);
      }
    }
    const auto solve_round = [&](auto real_tag) {
      using Cost = detail::LexCost<4, decltype(real_tag)>;
      const auto weight_of = [&](Index rank, double s, std::int64_t e) {
        const auto eu = static_cast<std::size_t>(e);
        Cost c;
        c.major[0] = r.kept[eu];
        c.major[1] = 1;
        c.major[2] = priority.empty() ? 0 : priority[eu];
        c.major[3] = r.stay[eu];
        c.minor = bonus[static_cast<std::size_t>(rank)] + lambda * s;
        return c;
      };
      auto result = detail::solve_seats<Cost>(r.residual, weight_of);
      Assignment a = detail::settled_assignment(r.residual, result, weight_of, order);
      a.duals =
          detail::certificate_from<4>(result, {"kept", "placed", "company", "stays", "utility"});
      detail::finish_round(arcs, r, options.round, a, detail::pinned_real(arcs, r, real_of));
      return a;
    };
    return wide ? solve_round(detail::Wide{}) : solve_round(0.0);
  }
  if (!options.company_priority.has_value()) {
    return wide ? solve(detail::Wide{}) : solve(0.0);
  }
  // Company choice: (placed, company priority, utility).
  const detail::ScratchVector<std::int64_t> priority =
      detail::arc_priorities(arcs, options.company_priority, "company_priority");
  const auto solve_with = [&](auto real_tag) {
    using Cost = detail::LexCost<2, decltype(real_tag)>;
    const auto weight_of = [&bonus, lambda, &priority](Index r, double s, std::int64_t e) {
      Cost c;
      c.major[0] = 1;
      c.major[1] = priority[static_cast<std::size_t>(e)];
      c.minor = bonus[static_cast<std::size_t>(r)] + lambda * s;
      return c;
    };
    auto result = detail::solve_seats<Cost>(arcs, weight_of);
    Assignment a = detail::settled_assignment(arcs, result, weight_of, order);
    a.duals = detail::certificate_from<2>(result, {"placed", "company", "utility"});
    return a;
  };
  return wide ? solve_with(detail::Wide{}) : solve_with(0.0);
}

}  // namespace kobling
