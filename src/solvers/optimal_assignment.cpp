#include "kobling/optimal_assignment.hpp"

#include <cmath>
#include <type_traits>

#include "common/text.hpp"
#include "engine/dense_price_cg.hpp"
#include "engine/dense_seat_ssp.hpp"
#include "engine/make_assignment.hpp"
#include "engine/round_arcs.hpp"
#include "engine/wish_lists.hpp"
#include "kobling/errors.hpp"
#include "solvers/bounded.hpp"

namespace kobling {

namespace {

// Arcs from the utility matrix: every allowed pair (detail::for_each_allowed),
// except pairs with negative utility when placing is optional (never optimal).
detail::ArcLists arcs_from_matrix(const ScoreView& utility, const MaskView* allowed,
                                  const Eigen::Ref<const CapacityVector>& capacities,
                                  bool keep_negative) {
  detail::ArcLists g;
  g.n = utility.rows();
  g.m = utility.cols();
  g.capacity.assign(capacities.data(), capacities.data() + capacities.size());
  g.start.assign(static_cast<std::size_t>(g.n) + 1, 0);
  bool changed = false;  // NaN or +inf, rejected by check_values before
  for (Index i = 0; i < g.n; ++i) {
    detail::for_each_allowed(utility, allowed, i, [&](Index j, double u) {
      changed |= !detail::storable(u);
      if ((u < 0.0 && !keep_negative) || !detail::storable(u)) {
        return;
      }
      g.arc.push_back(detail::RawArc{u, j, 0});
    });
    g.start[static_cast<std::size_t>(i) + 1] = static_cast<std::int64_t>(g.arc.size());
  }
  if (changed) {
    detail::input_changed("utility");
  }
  return g;
}

template <int K, class Real>
Assignment solve_arcs(const detail::ArcLists& g, std::vector<std::string> levels) {
  using Cost = detail::LexCost<K, Real>;
  const auto weight_of = [](Index /*rank*/, double u) {
    Cost c;
    if constexpr (K == 1) {
      c.major[0] = 1;
    }
    c.minor = u;
    return c;
  };
  const auto r = detail::solve_seats<Cost>(g, weight_of);
  Assignment a;
  a.company = IndexVector::Constant(g.n, kNone);
  a.rank = IndexVector::Constant(g.n, kNone);
  a.rank_counts = CountVector::Zero(0);
  for (Index i = 0; i < g.n; ++i) {
    const std::int64_t e = r.arc_of[static_cast<std::size_t>(i)];
    if (e >= 0) {
      const detail::RawArc& arc = g.arc[static_cast<std::size_t>(e)];
      a.company[i] = arc.head;
      a.objective += arc.score;
      ++a.placed;
    }
  }
  a.duals = detail::certificate_from<K>(r, std::move(levels));
  return a;
}

template <int K>
Assignment solve_sparse(const ScoreView& utility, const MaskView* allowed,
                        const Eigen::Ref<const CapacityVector>& capacities,
                        bool maximize_cardinality, std::vector<std::string> levels) {
  const detail::ArcLists g = arcs_from_matrix(utility, allowed, capacities, maximize_cardinality);
  // Utilities spanning too many orders of magnitude for one double are added
  // up in Wide (engine/ssp.hpp): exact to the smallest of them.
  if (detail::spread_of(g, [](Index /*r*/, double u) { return u; }).wide()) {
    return solve_arcs<K, detail::Wide>(g, std::move(levels));
  }
  return solve_arcs<K, double>(g, std::move(levels));
}

// A later round: the allowed pairs (negative ones too: staying or keeping a
// seat may need them) as arcs, levels (kept, placed, stays, utility).
template <class Real>
Assignment solve_round(const detail::ArcLists& full, const RoundOptions& round, bool card) {
  const detail::RoundArcs r = detail::round_arcs(full, round, true);
  using Cost = detail::LexCost<3, Real>;
  const auto weight_of = [&](Index /*rank*/, double u, std::int64_t e) {
    const auto eu = static_cast<std::size_t>(e);
    Cost c;
    c.major[0] = r.kept[eu];
    c.major[1] = card ? 1 : 0;
    c.major[2] = r.stay[eu];
    c.minor = u;
    return c;
  };
  const auto result = detail::solve_seats<Cost>(r.residual, weight_of);
  Assignment a = detail::assignment_from_arcs(r.residual, result, weight_of);
  a.duals = detail::certificate_from<3>(result, {"kept", "placed", "stays", "utility"});
  detail::finish_round(full, r, round, a,
                       detail::pinned_real(full, r, [](Index, double u) { return u; }));
  a.rank.setConstant(kNone);  // no lists
  a.rank_counts = CountVector::Zero(0);
  return a;
}

// A private copy of a dense matrix, for the engines that read it more than
// once when another thread may write it (OptimalAssignmentOptions).
ScoreMatrix copy_of(const ScoreView& utility) {
  ScoreMatrix copy(utility.rows(), utility.cols());
  for (Index i = 0; i < utility.rows(); ++i) {
    const double* row =
        utility.dense_data() + static_cast<std::ptrdiff_t>(i) * utility.row_stride();
    std::copy(row, row + utility.cols(), copy.row(i).data());
  }
  // Checked before; a NaN or +inf now was written during the call.
  for (Eigen::Index e = 0; e < copy.size(); ++e) {
    if (!detail::storable(copy.data()[e])) {
      detail::input_changed("utility");
    }
  }
  return copy;
}

// Dense input: the dense seat-driven engine, no arc list.
template <int K, class Real>
Assignment solve_dense(const ScoreView& caller, const std::vector<Index>& capacity,
                       bool maximize_cardinality, bool may_change,
                       std::vector<std::string> levels) {
  using Cost = detail::LexCost<K, Real>;
  constexpr bool kWide = std::is_same_v<Real, detail::Wide>;
  const Index n = caller.rows();
  const Index m = caller.cols();
  const detail::PriceCgTuning tuning;
  const bool large = n > 0 && m > 0 &&
                     static_cast<std::size_t>(n) * static_cast<std::size_t>(m) >= tuning.min_pairs;
  // The seat engine re-reads the matrix and relies on reading the same values:
  // when another thread may write it, it gets a copy.
  ScoreMatrix copy;
  ScoreView utility = caller;
  if (may_change && (K != 0 || !large || kWide)) {
    copy = copy_of(caller);
    utility = copy;
  }
  typename detail::DenseSeatSolver<Cost>::Result r;
  bool solved = false;
  if constexpr (K == 0 && !kWide) {
    // A large matrix: price-guided column generation (exact, or it gives up
    // after its round limit and the seat engine below solves the input). It
    // works in doubles: utilities too spread for them go to the seat engine.
    if (large) {
      detail::PriceGuidedDense cg(utility.dense_data(), utility.row_stride(), n, m, capacity,
                                  tuning);
      detail::PriceGuidedDense::Result c;
      if (cg.run(c)) {
        r.company = std::move(c.company);
        r.p = std::move(c.p);
        r.u = std::move(c.u);
        solved = true;
      } else if (may_change) {
        copy = copy_of(caller);
        utility = copy;
      }
    }
  }
  if (!solved) {
    detail::DenseWeights<Cost> weights{maximize_cardinality};
    detail::DenseSeatSolver<Cost> solver(utility.dense_data(), utility.row_stride(), n, m, capacity,
                                         weights);
    solver.prepare();
    if constexpr (!kWide) {
      // Utilities too spread for one double: the sums in Wide (engine/ssp.hpp),
      // exact to the smallest utility (the spread is taken in the engine's
      // first pass over the matrix, so it costs nothing when not wide).
      if (solver.spread().wide()) {
        const bool copied = copy.size() > 0;  // `utility` is private already
        return solve_dense<K, detail::Wide>(utility, capacity, maximize_cardinality,
                                            may_change && !copied, std::move(levels));
      }
    }
    r = solver.run();
  }
  Assignment a;
  a.company = IndexVector::Constant(n, kNone);
  a.rank = IndexVector::Constant(n, kNone);
  a.rank_counts = CountVector::Zero(0);
  for (Index i = 0; i < n; ++i) {
    const Index j = r.company[static_cast<std::size_t>(i)];
    if (j != kNone) {
      a.company[i] = j;
      const double w = *utility.find(i, j);  // (the caller's matrix after column generation)
      if (!detail::storable(w)) {
        detail::input_changed("utility");
      }
      a.objective += w;
      ++a.placed;
    }
  }
  detail::SspResult<Cost> duals;
  duals.u = r.u;
  duals.p = r.p;
  a.duals = detail::certificate_from<K>(duals, std::move(levels));
  return a;
}

}  // namespace

Assignment optimal_assignment(const ScoreView& utility,
                              const Eigen::Ref<const CapacityVector>& capacities,
                              const OptimalAssignmentOptions& options) {
  return optimal_assignment(utility, capacities, MaskView{}, options);
}

Assignment optimal_assignment(const ScoreView& utility,
                              const Eigen::Ref<const CapacityVector>& capacities,
                              const MaskView& allowed, const OptimalAssignmentOptions& options) {
  if (!utility.has_value()) {
    throw InvalidArgument("kobling.array.missing", "utility", "a utility matrix is required");
  }
  const auto m = static_cast<Index>(capacities.size());
  utility.validate("utility", utility.rows(), m);
  if (allowed.has_value()) {
    allowed.validate("allowed", utility.rows(), m);
  }
  for (Index j = 0; j < m; ++j) {
    if (capacities[j] < 0) {
      throw InvalidArgument("kobling.array.negative_capacity", detail::at("capacities", j),
                            "capacity must be >= 0, got " + std::to_string(capacities[j]));
    }
  }
  // NaN and +inf anywhere are errors (checked before any work).
  detail::check_values(utility, "utility", "utility");
  if (!options.bounds.empty() || options.loads.given()) {
    const BoundOptions bo = detail::checked_bounds(options.bounds, options.time_limit,
                                                   options.price_bounds, options.bounds_method,
                                                   options.loads, options.round, utility.rows(), m);
    detail::ArcLists g =
        arcs_from_matrix(utility, allowed.has_value() ? &allowed : nullptr, capacities, true);
    g.k = 1;  // one "rank" (0) for the bookkeeping; the result has none
    const bool card = options.maximize_cardinality;
    std::vector<std::string> levels;
    if (card) {
      levels.emplace_back("placed");
    }
    levels.emplace_back("utility");
    Assignment a = detail::solve_bounded_round(
        g, bo, options.round, levels,
        [&](std::int64_t e, double* w) {
          if (card) {
            *w++ = 1.0;
          }
          *w = g.arc[static_cast<std::size_t>(e)].score;
        },
        true);
    a.rank = IndexVector::Constant(a.company.size(), kNone);
    a.rank_counts = CountVector::Zero(0);
    return a;
  }
  if (options.round.given()) {
    detail::ArcLists g =
        arcs_from_matrix(utility, allowed.has_value() ? &allowed : nullptr, capacities, true);
    g.k = 1;  // one "rank" (0) for the bookkeeping; the result has none
    const bool card = options.maximize_cardinality;
    return detail::spread_of(g, [](Index /*r*/, double u) { return u; }).wide()
               ? solve_round<detail::Wide>(g, options.round, card)
               : solve_round<double>(g, options.round, card);
  }
  if (!utility.is_sparse() && !allowed.has_value()) {
    std::vector<Index> capacity(capacities.data(), capacities.data() + capacities.size());
    if (options.maximize_cardinality) {
      return solve_dense<1, double>(utility, capacity, true, options.input_may_change,
                                    {"placed", "utility"});
    }
    return solve_dense<0, double>(utility, capacity, false, options.input_may_change, {"utility"});
  }
  // A sparse matrix, or a mask: the allowed pairs as arcs (values copied).
  const MaskView* mask = allowed.has_value() ? &allowed : nullptr;
  if (options.maximize_cardinality) {
    return solve_sparse<1>(utility, mask, capacities, true, {"placed", "utility"});
  }
  return solve_sparse<0>(utility, mask, capacities, false, {"utility"});
}

}  // namespace kobling
