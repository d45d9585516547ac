// Fuzz target for one array-level solver (chosen at compile time with
// KOBLING_FUZZ_SOLVER = 1 stable, 2 max_placement, 3 rank_maximal,
// 4 optimal_assignment). The input bytes describe a small instance, sometimes
// malformed (bad indices, duplicates, negative capacities, NaN, +inf, sparse
// or dense). Bad input must give a kobling error; a result must pass the
// independent verifiers and, for n <= 7, equal the brute-force optimum.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "brute_force.hpp"
#include "engine/dense_price_cg.hpp"
#include "engine/dense_seat_ssp.hpp"
#include "fuzz_common.hpp"
#include "kobling/max_placement.hpp"
#include "kobling/optimal_assignment.hpp"
#include "kobling/rank_maximal.hpp"
#include "kobling/stable.hpp"
#include "kobling/verify.hpp"

#ifndef KOBLING_FUZZ_SOLVER
#define KOBLING_FUZZ_SOLVER 1
#endif

namespace {

using namespace kobling;
using fuzz::check;
constexpr double kInf = std::numeric_limits<double>::infinity();

struct Instance {
  testing::SmallInstance s;
  Eigen::SparseMatrix<double, Eigen::RowMajor, Index> sparse;
  bool use_sparse = false;
};

double pick_score(FuzzedDataProvider& fdp) {
  static const double kValues[] = {-kInf, 0.0, 0.25, 0.5, 1.0, 2.0, 3.0, -1.5};
  const auto b = fdp.ConsumeIntegral<std::uint8_t>();
  if (b == 255) {
    return std::nan("");
  }
  if (b == 254) {
    return kInf;
  }
  return kValues[b % 8];
}

Instance decode(FuzzedDataProvider& fdp) {
  Instance x;
  const int n = fdp.ConsumeIntegralInRange<int>(0, 9);
  const int m = fdp.ConsumeIntegralInRange<int>(0, 5);
  const int k = fdp.ConsumeIntegralInRange<int>(0, 5);
  const bool malformed = fdp.ConsumeIntegral<std::uint8_t>() > 230;
  x.s.prefs = PreferenceMatrix::Constant(n, k, kNone);
  x.s.scores = ScoreMatrix(n, m);
  x.s.caps = CapacityVector(m);
  for (int j = 0; j < m; ++j) {
    x.s.caps[j] = fdp.ConsumeIntegralInRange<int>(malformed ? -1 : 0, 3);
  }
  for (int i = 0; i < n; ++i) {
    // Without companies a valid list is empty (and the range below is empty).
    const int len = (m == 0 && !malformed) ? 0 : fdp.ConsumeIntegralInRange<int>(0, k);
    for (int r = 0; r < len; ++r) {
      x.s.prefs(i, r) = fdp.ConsumeIntegralInRange<int>(malformed ? -2 : 0, malformed ? m : m - 1);
    }
    if (!malformed) {  // distinct companies, as valid lists need
      for (int r = 0; r < len; ++r) {
        for (int q = 0; q < r; ++q) {
          if (x.s.prefs(i, r) == x.s.prefs(i, q)) {
            x.s.prefs(i, r) = kNone;
          }
        }
      }
      int w = 0;  // compact: -1 only as padding
      for (int r = 0; r < k; ++r) {
        const Index j = x.s.prefs(i, r);
        x.s.prefs(i, r) = kNone;
        if (j != kNone) {
          x.s.prefs(i, w++) = j;
        }
      }
    }
    for (int j = 0; j < m; ++j) {
      x.s.scores(i, j) = pick_score(fdp);
    }
  }
  x.use_sparse = fdp.ConsumeBool();
  if (x.use_sparse) {
    std::vector<Eigen::Triplet<double, Index>> t;
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < m; ++j) {
        if (x.s.scores(i, j) != -kInf) {
          t.emplace_back(i, j, x.s.scores(i, j));
        }
      }
    }
    x.sparse.resize(n, m);
    x.sparse.setFromTriplets(t.begin(), t.end());
    x.sparse.makeCompressed();
  }
  return x;
}

ScoreView view_of(const Instance& x) {
  return x.use_sparse ? ScoreView(x.sparse) : ScoreView(x.s.scores);
}

std::vector<Index> vec(const IndexVector& v) { return {v.data(), v.data() + v.size()}; }

void run_stable(FuzzedDataProvider& fdp, const Instance& x) {
  const Proposer p = fdp.ConsumeBool() ? Proposer::candidates : Proposer::companies;
  Assignment a;
  if (!fuzz::expect_success_or_kobling_error(
          [&] { a = stable_assignment(x.s.prefs, view_of(x), x.s.caps, {p}); })) {
    return;
  }
  check(check_feasibility(x.s.prefs, x.s.caps, a.company, view_of(x)).ok, "stable: infeasible");
  check(blocking_pairs(x.s.prefs, view_of(x), x.s.caps, a.company).rows() == 0,
        "stable: blocking pair");
  check(testing::is_stable(x.s, vec(a.company)), "stable: brute-force check finds a blocking pair");
  if (x.s.n() <= 7) {
    const auto mine = vec(a.company);
    testing::for_each_feasible(x.s, [&](const std::vector<Index>& c) {
      if (!testing::is_stable(x.s, c)) {
        return;
      }
      for (Index i = 0; i < x.s.n(); ++i) {
        const Index ours = testing::rank_in(x.s, i, mine[static_cast<std::size_t>(i)]);
        const Index theirs = testing::rank_in(x.s, i, c[static_cast<std::size_t>(i)]);
        check(p == Proposer::candidates ? ours <= theirs : ours >= theirs,
              "stable: not the optimum of the proposing side");
      }
    });
  }
}

void run_max_placement(FuzzedDataProvider& fdp, const Instance& x) {
  MaxPlacementOptions o;
  o.score_weight = fdp.ConsumeIntegralInRange<int>(0, 2) * 0.5;
  if (fdp.ConsumeBool()) {
    for (Index r = 0; r < x.s.k(); ++r) {
      o.rank_bonus.push_back(fdp.ConsumeIntegralInRange<int>(-2, 3));
    }
  }
  Assignment a;
  if (!fuzz::expect_success_or_kobling_error(
          [&] { a = max_placement_assignment(x.s.prefs, x.s.caps, {}, view_of(x), o); })) {
    return;
  }
  check(check_max_placement_certificate(x.s.prefs, x.s.caps, {}, view_of(x), o, a).ok,
        "max_placement: certificate rejected");
  check(a.placed == max_placement_count(x.s.prefs, x.s.caps, view_of(x)),
        "max_placement: not the maximum number placed");
  if (x.s.n() <= 7) {
    std::vector<double> bonus = o.rank_bonus;
    for (Index r = 0; bonus.size() < static_cast<std::size_t>(x.s.k()); ++r) {
      bonus.push_back(static_cast<double>(x.s.k() - 1 - r));
    }
    const auto best = brute_best(x.s, [&](const std::vector<Index>& c) {
      double placed = 0.0;
      double total = 0.0;
      for (Index i = 0; i < x.s.n(); ++i) {
        const Index j = c[static_cast<std::size_t>(i)];
        if (j != kNone) {
          placed += 1.0;
          total += bonus[static_cast<std::size_t>(testing::rank_in(x.s, i, j))] +
                   o.score_weight * x.s.scores(i, j);
        }
      }
      return std::vector<double>{placed, total};
    });
    check(static_cast<double>(a.placed) == best[0],
          "max_placement: placed differs from brute force");
    check(std::fabs(a.objective - best[1]) <= 1e-9,
          "max_placement: utility differs from brute force");
  }
}

void run_rank_maximal(const Instance& x) {
  Assignment a;
  if (!fuzz::expect_success_or_kobling_error(
          [&] { a = rank_maximal_assignment(x.s.prefs, x.s.caps, {}, view_of(x)); })) {
    return;
  }
  check(check_rank_maximal_certificate(x.s.prefs, x.s.caps, {}, view_of(x), a).ok,
        "rank_maximal: certificate rejected");
  if (x.s.n() <= 7) {
    const auto best = brute_best(x.s, [&](const std::vector<Index>& c) {
      std::vector<double> key(static_cast<std::size_t>(x.s.k()) + 1, 0.0);
      for (Index i = 0; i < x.s.n(); ++i) {
        const Index j = c[static_cast<std::size_t>(i)];
        if (j != kNone) {
          key[static_cast<std::size_t>(testing::rank_in(x.s, i, j))] += 1.0;
          key.back() += x.s.scores(i, j);
        }
      }
      return key;
    });
    for (Index r = 0; r < x.s.k(); ++r) {
      check(static_cast<double>(a.rank_counts[r]) == best[static_cast<std::size_t>(r)],
            "rank_maximal: signature differs from brute force");
    }
    check(std::fabs(a.objective - best.back()) <= 1e-9, "rank_maximal: score tie-break differs");
  }
}

void run_optimal(FuzzedDataProvider& fdp, const Instance& x) {
  const bool card = fdp.ConsumeBool();
  Assignment a;
  if (!fuzz::expect_success_or_kobling_error(
          [&] { a = optimal_assignment(view_of(x), x.s.caps, {card}); })) {
    return;
  }
  check(check_feasibility(view_of(x), x.s.caps, a.company).ok, "optimal: infeasible");
  check(check_optimal_certificate(view_of(x), x.s.caps, {card}, a).ok,
        "optimal: certificate rejected");
  // The full-matrix engine with its knobs shrunk (lists, rescans and refills
  // on tiny inputs) must reach the same optimum.
  const ScoreMatrix& u = x.s.scores;
  const Index n = u.rows();
  const Index m = u.cols();
  detail::DenseTuning tuning;
  tuning.direct_pairs = 0;
  tuning.first_list = fdp.ConsumeIntegralInRange<std::int64_t>(1, 3);
  tuning.buffer_extra = fdp.ConsumeIntegralInRange<std::int64_t>(0, 2);
  const std::vector<Index> capacity(x.s.caps.data(), x.s.caps.data() + m);
  const auto total = [&](const auto& r) {
    double sum = 0.0;
    Index placed = 0;
    for (Index i = 0; i < n; ++i) {
      const Index j = r.company[static_cast<std::size_t>(i)];
      if (j != kNone) {
        check(std::isfinite(u(i, j)) && (card || u(i, j) >= 0.0), "dense engine: bad pair");
        sum += u(i, j);
        ++placed;
      }
    }
    return std::pair<double, Index>{sum, placed};
  };
  std::pair<double, Index> got;
  if (card) {
    using Cost = detail::LexCost<1>;
    detail::DenseSeatSolver<Cost> e(u.data(), m, n, m, capacity, {true}, tuning);
    got = total(e.run());
    check(got.second == a.placed, "dense engine: placed count differs");
  } else {
    using Cost = detail::LexCost<0>;
    detail::DenseSeatSolver<Cost> e(u.data(), m, n, m, capacity, {false}, tuning);
    got = total(e.run());
  }
  check(std::abs(got.first - a.objective) <= 1e-9 * std::max(1.0, std::abs(a.objective)),
        "dense engine: objective differs");
  if (!card) {
    // The column-generation engine with its knobs shrunk: when it finishes
    // (it may give up at its round limit), the same optimum.
    detail::PriceCgTuning cg_tuning;
    cg_tuning.min_pairs = 0;
    cg_tuning.list = fdp.ConsumeIntegralInRange<int>(1, 3);
    cg_tuning.arcs_per_row = fdp.ConsumeIntegralInRange<int>(1, 2);
    cg_tuning.arcs_on_violation = fdp.ConsumeIntegralInRange<int>(1, 3);
    cg_tuning.bids_per_row = fdp.ConsumeIntegralInRange<std::int64_t>(0, 48);
    cg_tuning.eps = fdp.ConsumeBool() ? 1e-1 : 1e-6;
    detail::PriceGuidedDense cg(u.data(), m, n, m, capacity, cg_tuning);
    detail::PriceGuidedDense::Result r;
    if (cg.run(r)) {
      got = total(r);
      check(std::abs(got.first - a.objective) <= 1e-9 * std::max(1.0, std::abs(a.objective)),
            "column generation: objective differs");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider fdp(data, size);
  const Instance x = decode(fdp);
#if KOBLING_FUZZ_SOLVER == 1
  run_stable(fdp, x);
#elif KOBLING_FUZZ_SOLVER == 2
  run_max_placement(fdp, x);
#elif KOBLING_FUZZ_SOLVER == 3
  run_rank_maximal(x);
#else
  run_optimal(fdp, x);
#endif
  return 0;
}
