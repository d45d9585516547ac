#include "kobling/optimal_assignment.hpp"

#include <cmath>

#include "common/text.hpp"
#include "engine/dense_price_cg.hpp"
#include "engine/dense_seat_ssp.hpp"
#include "engine/make_assignment.hpp"
#include "engine/wish_lists.hpp"
#include "kobling/errors.hpp"

namespace kobling {

namespace {

// Arcs from the utility matrix: every allowed pair (finite utility), except
// pairs with negative utility when placing is optional (never optimal).
detail::ArcLists arcs_from_matrix(const ScoreView& utility,
                                  const Eigen::Ref<const CapacityVector>& capacities,
                                  bool keep_negative) {
  detail::ArcLists g;
  g.n = utility.rows();
  g.m = utility.cols();
  g.capacity.assign(capacities.data(), capacities.data() + capacities.size());
  g.start.assign(static_cast<std::size_t>(g.n) + 1, 0);
  for (Index i = 0; i < g.n; ++i) {
    utility.for_each_in_row(i, [&](Index j, double u) {
      // NaN and +inf were rejected by check_values.
      if (u == kForbidden || (u < 0.0 && !keep_negative)) {
        return;
      }
      g.arc.push_back(detail::RawArc{u, j, 0});
    });
    g.start[static_cast<std::size_t>(i) + 1] = static_cast<std::int64_t>(g.arc.size());
  }
  return g;
}

template <int K>
Assignment solve_sparse(const ScoreView& utility,
                        const Eigen::Ref<const CapacityVector>& capacities,
                        bool maximize_cardinality, std::vector<std::string> levels) {
  using Cost = detail::LexCost<K>;
  const detail::ArcLists g = arcs_from_matrix(utility, capacities, maximize_cardinality);
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

// Dense input: the dense seat-driven engine, no arc list.
template <int K>
Assignment solve_dense(const ScoreView& utility, const std::vector<Index>& capacity,
                       bool maximize_cardinality, std::vector<std::string> levels) {
  using Cost = detail::LexCost<K>;
  const Index n = utility.rows();
  const Index m = utility.cols();
  typename detail::DenseSeatSolver<Cost>::Result r;
  bool solved = false;
  if constexpr (K == 0) {
    // A large matrix: price-guided column generation (exact, or it gives up
    // after its round limit and the seat engine below solves the input).
    const detail::PriceCgTuning tuning;
    if (n > 0 && m > 0 &&
        static_cast<std::size_t>(n) * static_cast<std::size_t>(m) >= tuning.min_pairs) {
      detail::PriceGuidedDense cg(utility.dense_data(), utility.row_stride(), n, m, capacity,
                                  tuning);
      detail::PriceGuidedDense::Result c;
      if (cg.run(c)) {
        r.company = std::move(c.company);
        r.p = std::move(c.p);
        r.u = std::move(c.u);
        solved = true;
      }
    }
  }
  if (!solved) {
    detail::DenseWeights<Cost> weights{maximize_cardinality};
    detail::DenseSeatSolver<Cost> solver(utility.dense_data(), utility.row_stride(), n, m, capacity,
                                         weights);
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
      a.objective += *utility.find(i, j);
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
  if (!utility.has_value()) {
    throw InvalidArgument("kobling.array.missing", "utility", "a utility matrix is required");
  }
  const auto m = static_cast<Index>(capacities.size());
  utility.validate("utility", utility.rows(), m);
  for (Index j = 0; j < m; ++j) {
    if (capacities[j] < 0) {
      throw InvalidArgument("kobling.array.negative_capacity", detail::at("capacities", j),
                            "capacity must be >= 0, got " + std::to_string(capacities[j]));
    }
  }
  // NaN and +inf anywhere are errors (checked before any work).
  detail::check_values(utility, "utility", "utility");
  if (!utility.is_sparse()) {
    std::vector<Index> capacity(capacities.data(), capacities.data() + capacities.size());
    if (options.maximize_cardinality) {
      return solve_dense<1>(utility, capacity, true, {"placed", "utility"});
    }
    return solve_dense<0>(utility, capacity, false, {"utility"});
  }
  if (options.maximize_cardinality) {
    return solve_sparse<1>(utility, capacities, true, {"placed", "utility"});
  }
  return solve_sparse<0>(utility, capacities, false, {"utility"});
}

}  // namespace kobling
