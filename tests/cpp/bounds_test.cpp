// Cohort bounds (kobling/bounds.hpp): max_placement and rank_maximal under
// hard, soft and all-or-nothing bounds against brute force over every
// feasible assignment, the conflict named when hard bounds cannot hold, the
// price of a bound, and the errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "brute_force.hpp"
#include "kobling/errors.hpp"
#include "kobling/max_placement.hpp"
#include "kobling/optimal_assignment.hpp"
#include "kobling/rank_maximal.hpp"
#include "kobling/stable.hpp"

namespace kobling {
namespace {

using testing::SmallInstance;

std::vector<Bound> random_bounds(std::mt19937_64& rng, Index n, Index m) {
  std::vector<Bound> out;
  const int count = 1 + static_cast<int>(rng() % 3);
  for (int q = 0; q < count; ++q) {
    Bound b;
    for (Index j = 0; j < m; ++j) {
      if (rng() % 2 == 0) {
        b.companies.push_back(j);
      }
    }
    for (Index i = 0; i < n; ++i) {
      if (rng() % 3 != 0) {
        b.candidates.push_back(i);
      }
    }
    b.lower = static_cast<Index>(rng() % 3);
    b.upper = rng() % 3 == 0 ? kNone : b.lower + static_cast<Index>(rng() % 3);
    b.all_or_nothing = rng() % 4 == 0;
    b.penalty = rng() % 2 == 0 ? -1.0 : static_cast<double>(rng() % 3);
    out.push_back(b);
  }
  return out;
}

// n = 1..6 candidates, m = 1..3 companies, two wishes, integer scores / 10.
testing::Case small_market(std::mt19937_64& rng) {
  const Index n = 1 + static_cast<Index>(rng() % 6);
  const Index m = 1 + static_cast<Index>(rng() % 3);
  return testing::as_case(testing::random_instance(rng, n, m, 2, 2, 3, 0.1), 10.0);
}

// Count in the bound, its penalty (soft) or whether it breaks (hard).
struct Check {
  double penalty = 0.0;
  bool broken = false;
};
// Placements of `company` in bound b's set.
Index count_in(const Bound& b, const std::vector<Index>& company) {
  Index count = 0;
  for (std::size_t i = 0; i < company.size(); ++i) {
    const Index j = company[i];
    const bool cand = b.candidates.empty() ||
                      std::find(b.candidates.begin(), b.candidates.end(), static_cast<Index>(i)) !=
                          b.candidates.end();
    const bool comp =
        j != kNone && (b.companies.empty() ||
                       std::find(b.companies.begin(), b.companies.end(), j) != b.companies.end());
    count += cand && comp ? 1 : 0;
  }
  return count;
}

Check judge(const std::vector<Bound>& bounds, const std::vector<Index>& company) {
  Check c;
  for (const Bound& b : bounds) {
    const Index count = count_in(b, company);
    Index violation = 0;
    if (!(b.all_or_nothing && count == 0)) {
      violation = std::max<Index>(0, b.lower - count) +
                  (b.upper == kNone ? 0 : std::max<Index>(0, count - b.upper));
    }
    if (b.hard()) {
      c.broken = c.broken || violation > 0;
    } else {
      c.penalty += b.penalty * violation;
    }
  }
  return c;
}

// Brute force: the best (first level - penalties, total value) over the
// assignments that break no hard bound; the first level counts placements,
// or (placed_first false) is the total value itself. Empty when none.
std::vector<double> brute_best_bounded(const SmallInstance& s, const std::vector<Bound>& bounds,
                                       const std::function<double(Index, Index)>& value,
                                       bool placed_first) {
  std::vector<double> best;
  testing::for_each_feasible(s, [&](const std::vector<Index>& assigned) {
    const Check ch = judge(bounds, assigned);
    if (ch.broken) {
      return;
    }
    double placed = 0.0;
    double total = 0.0;
    for (Index i = 0; i < s.n(); ++i) {
      const Index j = assigned[static_cast<std::size_t>(i)];
      if (j != kNone) {
        placed += 1.0;
        total += value(i, j);
      }
    }
    const std::vector<double> key = placed_first ? std::vector<double>{placed - ch.penalty, total}
                                                 : std::vector<double>{total - ch.penalty, 0.0};
    if (best.empty() || key[0] > best[0] + 1e-9 ||
        (std::fabs(key[0] - best[0]) <= 1e-9 && key[1] > best[1] + 1e-9)) {
      best = key;
    }
  });
  return best;
}

TEST(Bounds, MaxPlacementMatchesBruteForce) {
  std::mt19937_64 rng(31);
  int infeasible = 0;
  int soft_paid = 0;
  for (int t = 0; t < 250; ++t) {
    const testing::Case market = small_market(rng);
    const SmallInstance& s = market.s;
    const Index n = s.n();
    const Index m = s.m();
    const MaskMatrix& ok = market.allowed;
    const ScoreMatrix& scores = market.scores;
    MaxPlacementOptions o;
    o.bounds = random_bounds(rng, n, m);
    const std::vector<double> best = brute_best_bounded(
        s, o.bounds,
        [&](Index i, Index j) {
          return static_cast<double>(s.k() - 1 - testing::rank_in(s, i, j)) + scores(i, j);
        },
        true);
    if (best.empty()) {
      EXPECT_THROW((void)max_placement_assignment(s.prefs, s.caps, ok, scores, o), InvalidArgument)
          << "t=" << t;
      ++infeasible;
      continue;
    }
    const Assignment a = max_placement_assignment(s.prefs, s.caps, ok, scores, o);
    const std::vector<Index> got = testing::to_vec(a.company);
    const Check ch = judge(o.bounds, got);
    ASSERT_FALSE(ch.broken) << "t=" << t;
    ASSERT_NEAR(static_cast<double>(a.placed) - ch.penalty, best[0], 1e-6) << "t=" << t;
    ASSERT_NEAR(a.objective, best[1], 1e-6) << "t=" << t;
    ASSERT_TRUE(a.proven_optimal);
    ASSERT_EQ(a.bounds.size(), o.bounds.size());
    for (std::size_t b = 0; b < o.bounds.size(); ++b) {
      soft_paid += a.bounds[b].shortfall + a.bounds[b].excess;
    }
  }
  EXPECT_GT(infeasible, 5);
  EXPECT_GT(soft_paid, 5);
}

TEST(Bounds, RankMaximalMatchesBruteForce) {
  std::mt19937_64 rng(37);
  for (int t = 0; t < 150; ++t) {
    const testing::Case market = small_market(rng);
    const SmallInstance& s = market.s;
    const Index n = s.n();
    const Index m = s.m();
    const MaskMatrix& ok = market.allowed;
    const ScoreMatrix& scores = market.scores;
    RankMaximalOptions o;
    o.bounds = random_bounds(rng, n, m);
    for (Bound& b : o.bounds) {
      b.penalty = -1.0;  // hard: the first level stays an integer count
    }
    std::vector<double> best;
    testing::for_each_feasible(s, [&](const std::vector<Index>& c) {
      if (judge(o.bounds, c).broken) {
        return;
      }
      std::vector<double> key(static_cast<std::size_t>(s.k()) + 1, 0.0);
      for (Index i = 0; i < n; ++i) {
        const Index j = c[static_cast<std::size_t>(i)];
        if (j != kNone) {
          key[static_cast<std::size_t>(testing::rank_in(s, i, j))] += 1.0;
          key.back() += scores(i, j);
        }
      }
      if (best.empty() ||
          std::lexicographical_compare(best.begin(), best.end() - 1, key.begin(), key.end() - 1) ||
          (std::equal(best.begin(), best.end() - 1, key.begin()) &&
           key.back() > best.back() + 1e-9)) {
        best = key;
      }
    });
    if (best.empty()) {
      EXPECT_THROW((void)rank_maximal_assignment(s.prefs, s.caps, ok, scores, o), InvalidArgument);
      continue;
    }
    const Assignment a = rank_maximal_assignment(s.prefs, s.caps, ok, scores, o);
    ASSERT_FALSE(judge(o.bounds, testing::to_vec(a.company)).broken) << "t=" << t;
    for (Index r = 0; r < s.k(); ++r) {
      ASSERT_EQ(static_cast<double>(a.rank_counts[r]), best[static_cast<std::size_t>(r)])
          << "t=" << t;
    }
    ASSERT_NEAR(a.objective, best.back(), 1e-6) << "t=" << t;
  }
}

TEST(Bounds, OptimalAssignmentMatchesBruteForce) {
  std::mt19937_64 rng(41);
  for (int t = 0; t < 150; ++t) {
    const Index n = 1 + static_cast<Index>(rng() % 5);
    const Index m = 1 + static_cast<Index>(rng() % 3);
    // Full lists, so that the enumeration covers every allowed pair.
    const SmallInstance s = testing::random_instance(rng, n, m, m, 2, 4, 0.2, true);
    ScoreMatrix utility(n, m);
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < m; ++j) {
        utility(i, j) = s.scores(i, j);  // -inf where refused
      }
    }
    OptimalAssignmentOptions o;
    o.maximize_cardinality = t % 2 == 0;
    o.bounds = random_bounds(rng, n, m);
    const std::vector<double> best = brute_best_bounded(
        s, o.bounds, [&](Index i, Index j) { return utility(i, j); }, o.maximize_cardinality);
    if (best.empty()) {
      EXPECT_THROW((void)optimal_assignment(utility, s.caps, o), InvalidArgument) << "t=" << t;
      continue;
    }
    const Assignment a = optimal_assignment(utility, s.caps, o);
    const Check ch = judge(o.bounds, testing::to_vec(a.company));
    ASSERT_FALSE(ch.broken) << "t=" << t;
    if (o.maximize_cardinality) {
      ASSERT_NEAR(static_cast<double>(a.placed) - ch.penalty, best[0], 1e-6) << "t=" << t;
      ASSERT_NEAR(a.objective, best[1], 1e-6) << "t=" << t;
    } else {
      ASSERT_NEAR(a.objective - ch.penalty, best[0], 1e-6) << "t=" << t;
    }
    ASSERT_EQ(a.rank, IndexVector::Constant(n, kNone));
  }
}

// A random laminar family over 0..count-1: the whole set, split at random
// into parts, each part split again, each set kept with probability 1/2.
std::vector<std::vector<Index>> nested_sets(std::mt19937_64& rng, Index count) {
  std::vector<std::vector<Index>> out;
  std::vector<Index> all(static_cast<std::size_t>(count));
  for (Index e = 0; e < count; ++e) {
    all[static_cast<std::size_t>(e)] = e;
  }
  std::shuffle(all.begin(), all.end(), rng);
  const std::function<void(std::vector<Index>, int)> split = [&](std::vector<Index> set,
                                                                 int depth) {
    if (set.empty()) {
      return;
    }
    if (rng() % 2 == 0) {
      out.push_back(set);
      if (rng() % 5 == 0) {
        out.push_back(set);  // the same set twice nests too
      }
    }
    if (depth == 3 || set.size() == 1) {
      return;
    }
    const std::size_t cut = 1 + rng() % (set.size() - 1 + 1);
    split(std::vector<Index>(set.begin(),
                             set.begin() + static_cast<std::ptrdiff_t>(std::min(cut, set.size()))),
          depth + 1);
    if (cut < set.size()) {
      split(std::vector<Index>(set.begin() + static_cast<std::ptrdiff_t>(cut), set.end()),
            depth + 1);
    }
  };
  split(all, 0);
  return out;
}

// Hard bounds a flow carries: nested company sets (every candidate) and
// nested candidate groups (every company), with lower and upper bounds up to
// `scale`.
std::vector<Bound> nested_bounds(std::mt19937_64& rng, Index n, Index m, Index scale) {
  std::vector<Bound> out;
  const auto limits = [&](Bound& b) {
    b.lower = static_cast<Index>(rng() % static_cast<std::uint64_t>(scale + 1)) / 2;
    b.upper = rng() % 3 == 0
                  ? kNone
                  : b.lower + static_cast<Index>(rng() % static_cast<std::uint64_t>(scale + 1));
  };
  for (std::vector<Index>& set : nested_sets(rng, m)) {
    Bound b;
    if (static_cast<Index>(set.size()) < m || rng() % 2 == 0) {
      b.companies = std::move(set);
    }
    limits(b);
    out.push_back(std::move(b));
  }
  for (std::vector<Index>& set : nested_sets(rng, n)) {
    Bound b;
    b.candidates = std::move(set);
    limits(b);
    out.push_back(std::move(b));
  }
  std::shuffle(out.begin(), out.end(), rng);
  return out;
}

// The three policies on one market, by the flow and by the MIP: the same
// levels, every hard bound held, the path reported.
void expect_flow_equals_mip(const testing::Case& market, const std::vector<Bound>& bounds, int t) {
  if (bounds.empty()) {
    return;  // the unbounded engines
  }
  const SmallInstance& s = market.s;
  // placed: whether the policy's levels count placements (optimal_assignment
  // without maximize_cardinality may place a zero-utility pair or not).
  const auto both = [&](auto solve, bool placed) {
    Assignment by[2];
    bool threw[2] = {false, false};
    for (int q = 0; q < 2; ++q) {
      try {
        by[q] = solve(q == 0 ? BoundMethod::flow : BoundMethod::mip);
      } catch (const InvalidArgument& e) {
        threw[q] = true;
        EXPECT_NE(std::string(e.what()).find("kobling.bounds.infeasible"), std::string::npos);
      }
    }
    ASSERT_EQ(threw[0], threw[1]) << "t=" << t;
    if (threw[0]) {
      return;
    }
    EXPECT_EQ(by[0].bounds_method, "flow")
        << "t=" << t << " n=" << bounds.size() << " placed " << by[0].placed;
    EXPECT_EQ(by[1].bounds_method, "mip");
    ASSERT_FALSE(judge(bounds, testing::to_vec(by[0].company)).broken) << "t=" << t;
    if (placed) {
      ASSERT_EQ(by[0].placed, by[1].placed) << "t=" << t;
    }
    ASSERT_EQ(by[0].rank_counts, by[1].rank_counts) << "t=" << t;
    ASSERT_NEAR(by[0].objective, by[1].objective, 1e-6 * (1.0 + std::fabs(by[1].objective)))
        << "t=" << t;
    for (std::size_t b = 0; b < bounds.size(); ++b) {
      ASSERT_EQ(by[0].bounds[b].price.size(), by[1].bounds[b].price.size());
      for (std::size_t l = 0; l < by[0].bounds[b].price.size(); ++l) {
        ASSERT_NEAR(by[0].bounds[b].price[l], by[1].bounds[b].price[l], 1e-6) << "t=" << t;
      }
    }
  };
  both(
      [&](BoundMethod method) {
        MaxPlacementOptions o;
        o.bounds = bounds;
        o.bounds_method = method;
        o.price_bounds = t % 4 == 0;
        return max_placement_assignment(s.prefs, s.caps, market.allowed, market.scores, o);
      },
      true);
  both(
      [&](BoundMethod method) {
        RankMaximalOptions o;
        o.bounds = bounds;
        o.bounds_method = method;
        return rank_maximal_assignment(s.prefs, s.caps, market.allowed, market.scores, o);
      },
      true);
  both(
      [&](BoundMethod method) {
        OptimalAssignmentOptions o;
        o.bounds = bounds;
        o.bounds_method = method;
        o.maximize_cardinality = t % 2 == 0;
        return optimal_assignment(market.scores, s.caps, o);
      },
      t % 2 == 0);
}

TEST(Bounds, FlowPathMatchesBruteForceAndTheMip) {
  std::mt19937_64 rng(43);
  int infeasible = 0;
  for (int t = 0; t < 300; ++t) {
    const testing::Case market = small_market(rng);
    const SmallInstance& s = market.s;
    MaxPlacementOptions o;
    o.bounds = nested_bounds(rng, s.n(), s.m(), 2);
    const std::vector<double> best = brute_best_bounded(
        s, o.bounds,
        [&](Index i, Index j) {
          return static_cast<double>(s.k() - 1 - testing::rank_in(s, i, j)) + market.scores(i, j);
        },
        true);
    if (best.empty()) {
      ++infeasible;
      EXPECT_THROW(
          (void)max_placement_assignment(s.prefs, s.caps, market.allowed, market.scores, o),
          InvalidArgument)
          << "t=" << t;
    } else {
      const Assignment a =
          max_placement_assignment(s.prefs, s.caps, market.allowed, market.scores, o);
      EXPECT_EQ(a.bounds_method, o.bounds.empty() ? "" : "flow");
      ASSERT_EQ(static_cast<double>(a.placed), best[0]) << "t=" << t;
      ASSERT_NEAR(a.objective, best[1], 1e-6) << "t=" << t;
    }
    expect_flow_equals_mip(market, o.bounds, t);
  }
  EXPECT_GT(infeasible, 20);
  EXPECT_LT(infeasible, 200);
  // Larger markets, beyond brute force: the flow against the MIP.
  for (int t = 0; t < 40; ++t) {
    const Index n = 20 + static_cast<Index>(rng() % 40);
    const Index m = 2 + static_cast<Index>(rng() % 8);
    const testing::Case market =
        testing::as_case(testing::random_instance(rng, n, m, 3, 4, 5, 0.1), 10.0);
    expect_flow_equals_mip(market, nested_bounds(rng, n, m, n / 4), 1000 + t);
  }
}

TEST(Bounds, FlowIsRefusedForBoundsItCannotCarry) {
  PreferenceMatrix prefs(2, 1);
  prefs << 0, 0;
  CapacityVector caps(2);
  caps << 1, 1;
  MaxPlacementOptions o;
  o.bounds = {Bound{0, 1, {0}, {0, 1}, false, -1.0, "both restricted"}};
  o.bounds_method = BoundMethod::flow;
  try {
    (void)max_placement_assignment(prefs, caps, {}, {}, o);
    ADD_FAILURE();
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("[kobling.bounds.unsupported] bounds_method"),
              std::string::npos);
  }
  o.bounds_method = BoundMethod::automatic;
  EXPECT_EQ(max_placement_assignment(prefs, caps, {}, {}, o).bounds_method, "mip");
  // Crossing company sets need the MIP too.
  o.bounds = {Bound{0, 1, {0, 1}, {}, false, -1.0, ""}, Bound{0, 1, {1}, {}, false, -1.0, ""}};
  EXPECT_EQ(max_placement_assignment(prefs, caps, {}, {}, o).bounds_method, "flow");
  PreferenceMatrix three(2, 2);
  three << 0, 1, 1, 2;
  CapacityVector caps3(3);
  caps3 << 1, 1, 1;
  o.bounds = {Bound{0, 1, {0, 1}, {}, false, -1.0, ""}, Bound{0, 1, {1, 2}, {}, false, -1.0, ""}};
  EXPECT_EQ(max_placement_assignment(three, caps3, {}, {}, o).bounds_method, "mip");
}

TEST(Bounds, ConflictsAreNamedAndPriced) {
  // Two candidates, two companies with one seat each; "company 0 takes at
  // least 2" cannot hold (one seat), the other bound is not part of it.
  PreferenceMatrix prefs(2, 2);
  prefs << 0, 1, 0, 1;
  CapacityVector caps(2);
  caps << 1, 1;
  MaxPlacementOptions o;
  Bound viable{2, kNone, {0}, {}, false, -1.0, "k0 viable class"};
  Bound fine{0, 2, {}, {}, false, -1.0, "at most two"};
  o.bounds = {viable, fine};
  try {
    (void)max_placement_assignment(prefs, caps, {}, {}, o);
    ADD_FAILURE();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.bounds.infeasible] bounds: these hard bounds cannot all hold together: "
                 "\"k0 viable class\" (at least 2; on its own at most 1 placement(s) possible in "
                 "its set: 1 seat(s) at company #0 (1), 2 acceptable applicant(s): candidate #0, "
                 "candidate #1)");
  }
  // All or nothing: company 0 then takes nobody; the price of the bound is
  // one placement.
  o.bounds[0].all_or_nothing = true;
  o.price_bounds = true;
  const Assignment a = max_placement_assignment(prefs, caps, {}, {}, o);
  EXPECT_EQ(a.placed, 1);
  EXPECT_EQ(a.bounds[0].count, 0);
  ASSERT_EQ(a.bounds[0].price.size(), 2U);
  EXPECT_EQ(a.bounds[0].price[0], 1.0);
  EXPECT_EQ(a.bounds[1].price[0], 0.0);
}

TEST(Bounds, ErrorsNameTheBound) {
  PreferenceMatrix prefs(1, 1);
  prefs << 0;
  CapacityVector caps(1);
  caps << 1;
  MaxPlacementOptions o;
  o.bounds = {Bound{3, 1, {}, {}, false, -1.0, ""}};
  try {
    (void)max_placement_assignment(prefs, caps, {}, {}, o);
    ADD_FAILURE();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.bounds.lower_above_upper] bounds[0]: lower 3 is above upper 1");
  }
  o.bounds = {Bound{-1, kNone, {}, {}, false, -1.0, ""}};
  try {
    (void)max_placement_assignment(prefs, caps, {}, {}, o);
    ADD_FAILURE();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "[kobling.bounds.negative] bounds[0].lower: must be >= 0, got -1");
  }
  o.bounds = {Bound{0, kNone, {4}, {}, false, -1.0, ""}};
  EXPECT_THROW((void)max_placement_assignment(prefs, caps, {}, {}, o), OutOfRange);
  o.bounds = {Bound{0, kNone, {}, {}, false, std::nan(""), ""}};
  try {
    (void)max_placement_assignment(prefs, caps, {}, {}, o);
    ADD_FAILURE();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.bounds.bad_penalty] bounds[0].penalty: must be a finite number >= 0 "
                 "(soft) or absent (hard)");
  }
  o.bounds = {Bound{}};
  o.round.previous = IndexVector::Constant(1, 0);
  EXPECT_EQ(max_placement_assignment(prefs, caps, {}, {}, o).placed, 1);  // bounds in a round
  o.loads.most = IndexVector::Constant(1, 2);
  try {
    (void)max_placement_assignment(prefs, caps, {}, {}, o);
    ADD_FAILURE();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.bounds.unsupported] loads: loads and a later round together are not "
                 "supported yet");
  }
}

// Weakly stable by definition: no acceptable listed pair (i, j) where i wants
// j more than what it holds and j has a free seat or holds someone it values
// strictly less than i.
bool weakly_stable(const SmallInstance& s, const std::vector<Index>& company) {
  for (Index i = 0; i < s.n(); ++i) {
    const Index mine = testing::rank_in(s, i, company[static_cast<std::size_t>(i)]);
    for (Index r = 0; r < mine && r < s.k(); ++r) {
      const Index j = s.prefs(i, r);
      if (j == kNone || !s.acceptable(i, j) || s.caps[j] == 0) {
        continue;
      }
      Index fill = 0;
      bool worse = false;
      for (Index x = 0; x < s.n(); ++x) {
        if (company[static_cast<std::size_t>(x)] == j) {
          ++fill;
          worse = worse || s.scores(x, j) < s.scores(i, j);
        }
      }
      if (fill < s.caps[j] || worse) {
        return false;
      }
    }
  }
  return true;
}

TEST(MaxWeaklyStable, LargestByBruteForceAndNeverBelowTheLottery) {
  std::mt19937_64 rng(61);
  int larger = 0;
  for (int t = 0; t < 600; ++t) {
    const Index n = 2 + static_cast<Index>(rng() % 6);
    const Index m = 1 + static_cast<Index>(rng() % 3);
    const SmallInstance s = testing::random_instance(rng, n, m, 3, 2, 2, 0.1);
    Index best = -1;
    testing::for_each_feasible(s, [&](const std::vector<Index>& assigned) {
      if (weakly_stable(s, assigned)) {
        Index placed = 0;
        for (const Index j : assigned) {
          placed += j != kNone ? 1 : 0;
        }
        best = std::max(best, placed);
      }
    });
    StableOptions o;
    o.max_placed = true;
    const Assignment a = stable_assignment(s.prefs, s.scores, s.caps, o);
    ASSERT_TRUE(weakly_stable(s, testing::to_vec(a.company))) << "t=" << t;
    ASSERT_EQ(a.placed, best) << "t=" << t;
    ASSERT_TRUE(a.proven_optimal);
    StableOptions lottery;
    lottery.tie_break = TieBreak::lottery;
    lottery.seed = static_cast<std::uint64_t>(t);
    const Assignment da = stable_assignment(s.prefs, s.scores, s.caps, lottery);
    ASSERT_LE(da.placed, a.placed) << "t=" << t;
    larger += a.placed > da.placed ? 1 : 0;
  }
  EXPECT_GT(larger, 5);  // ties do cost placements under a lottery
  StableOptions o;
  o.max_placed = true;
  o.improve = true;
  const SmallInstance s = testing::random_instance(rng, 3, 2, 2, 1, 2, 0.0);
  EXPECT_THROW((void)stable_assignment(s.prefs, s.scores, s.caps, o), InvalidArgument);
}

// Stable with quotas and reserves (src/solvers/stable_quotas.hpp), checked
// with a choice function written again here: reserves first, then open
// seats, in the company's order (score, then index), within the seats and
// every maximum quota of the candidate's groups.
std::vector<Index> quota_choice(const SmallInstance& s, const std::vector<Bound>& bounds, Index j,
                                std::vector<Index> pool) {
  std::sort(pool.begin(), pool.end(), [&](Index a, Index b) {
    return s.scores(a, j) != s.scores(b, j) ? s.scores(a, j) > s.scores(b, j) : a < b;
  });
  const auto in = [](const Bound& b, Index i) {
    return b.candidates.empty() ||
           std::find(b.candidates.begin(), b.candidates.end(), i) != b.candidates.end();
  };
  std::vector<Index> taken;
  const auto room = [&](Index i) {
    if (static_cast<Index>(taken.size()) >= s.caps[j]) {
      return false;
    }
    for (const Bound& b : bounds) {
      if (b.companies[0] == j && b.upper != kNone && in(b, i)) {
        Index c = 0;
        for (const Index t : taken) {
          c += in(b, t) ? 1 : 0;
        }
        if (c >= b.upper) {
          return false;
        }
      }
    }
    return true;
  };
  const auto is_taken = [&](Index i) {
    return std::find(taken.begin(), taken.end(), i) != taken.end();
  };
  for (const Bound& b : bounds) {
    if (b.companies[0] != j) {
      continue;
    }
    for (const Index i : pool) {
      Index c = 0;
      for (const Index t : taken) {
        c += in(b, t) ? 1 : 0;
      }
      if (c < b.lower && in(b, i) && !is_taken(i) && room(i)) {
        taken.push_back(i);
      }
    }
  }
  for (const Index i : pool) {
    if (!is_taken(i) && room(i)) {
      taken.push_back(i);
    }
  }
  return taken;
}

// Stable for the choices: every company holds its own choice from its
// holders, and no candidate wants a company that would choose them from its
// holders plus them.
bool stable_for_quotas(const SmallInstance& s, const std::vector<Bound>& bounds,
                       const std::vector<Index>& company) {
  for (Index j = 0; j < s.m(); ++j) {
    std::vector<Index> held;
    for (Index i = 0; i < s.n(); ++i) {
      if (company[static_cast<std::size_t>(i)] == j) {
        held.push_back(i);
      }
    }
    if (quota_choice(s, bounds, j, held).size() != held.size()) {
      return false;
    }
    for (Index i = 0; i < s.n(); ++i) {
      const Index mine = testing::rank_in(s, i, company[static_cast<std::size_t>(i)]);
      const Index there = testing::rank_in(s, i, j);
      if (there == kNone || there >= mine || !s.acceptable(i, j)) {
        continue;
      }
      std::vector<Index> pool = held;
      pool.push_back(i);
      const std::vector<Index> c = quota_choice(s, bounds, j, pool);
      if (std::find(c.begin(), c.end(), i) != c.end()) {
        return false;
      }
    }
  }
  return true;
}

// Quotas and reserves at random companies: groups nested per company (a
// group and a part of it), reserves on disjoint groups.
std::vector<Bound> random_quotas(std::mt19937_64& rng, Index n, Index m) {
  std::vector<Bound> out;
  for (Index j = 0; j < m; ++j) {
    if (rng() % 2 == 0) {
      continue;
    }
    std::vector<Index> group;
    for (Index i = 0; i < n; ++i) {
      if (rng() % 2 == 0) {
        group.push_back(i);
      }
    }
    Bound quota;
    quota.companies = {j};
    quota.candidates = group;
    quota.upper = static_cast<Index>(rng() % 2);
    out.push_back(quota);
    std::vector<Index> rest;
    for (Index i = 0; i < n; ++i) {
      if (std::find(group.begin(), group.end(), i) == group.end()) {
        rest.push_back(i);
      }
    }
    if (!rest.empty() && rng() % 2 == 0) {
      Bound reserve;
      reserve.companies = {j};
      reserve.candidates = rest;
      reserve.lower = 1 + static_cast<Index>(rng() % 2);
      out.push_back(reserve);
    }
  }
  return out;
}

TEST(StableQuotas, StableForTheChoicesAndCandidateOptimal) {
  std::mt19937_64 rng(47);
  int quota_bites = 0;
  for (int t = 0; t < 1500; ++t) {
    const Index n = 1 + static_cast<Index>(rng() % 6);
    const Index m = 1 + static_cast<Index>(rng() % 3);
    const SmallInstance s = testing::random_instance(rng, n, m, 2, 3, 3, 0.1);
    StableOptions o;
    o.bounds = random_quotas(rng, n, m);
    if (o.bounds.empty()) {
      continue;
    }
    const Assignment a = stable_assignment(s.prefs, s.scores, s.caps, o);
    EXPECT_EQ(a.bounds_method, "deferred_acceptance");
    const std::vector<Index> got = testing::to_vec(a.company);
    ASSERT_TRUE(stable_for_quotas(s, o.bounds, got)) << "t=" << t;
    // Candidate-optimal among every matching stable for the choices.
    testing::for_each_feasible(s, [&](const std::vector<Index>& other) {
      if (!stable_for_quotas(s, o.bounds, other)) {
        return;
      }
      for (Index i = 0; i < n; ++i) {
        ASSERT_LE(testing::rank_in(s, i, got[static_cast<std::size_t>(i)]),
                  testing::rank_in(s, i, other[static_cast<std::size_t>(i)]))
            << "t=" << t << " candidate " << i;
      }
    });
    const Assignment plain = stable_assignment(s.prefs, s.scores, s.caps);
    quota_bites += testing::to_vec(plain.company) != got ? 1 : 0;
    for (std::size_t b = 0; b < o.bounds.size(); ++b) {
      if (o.bounds[b].upper != kNone) {
        ASSERT_LE(a.bounds[b].count, o.bounds[b].upper);
      }
      ASSERT_EQ(a.bounds[b].shortfall, std::max<Index>(0, o.bounds[b].lower - a.bounds[b].count));
    }
  }
  EXPECT_GT(quota_bites, 100);
}

TEST(StableQuotas, RefusesWhatStabilityCannotHonour) {
  PreferenceMatrix prefs(2, 1);
  prefs << 0, 0;
  ScoreMatrix scores(2, 2);
  scores << 1, 1, 2, 2;
  CapacityVector caps(2);
  caps << 1, 1;
  StableOptions o;
  const auto message = [&]() -> std::string {
    try {
      (void)stable_assignment(prefs, scores, caps, o);
    } catch (const InvalidArgument& e) {
      return e.what();
    }
    return "";
  };
  o.bounds = {Bound{1, kNone, {0}, {}, false, -1.0, "class"}};
  EXPECT_EQ(message(),
            "[kobling.bounds.unsupported] bounds[0]: \"class\": stable takes maximum quotas and "
            "reserves for "
            "groups at one company (nested groups, disjoint reserves); a minimum for every "
            "candidate is a class size, not a reserve (the exact policies take any bound)");
  o.bounds = {Bound{0, 1, {0, 1}, {0}, false, -1.0, ""}};
  EXPECT_NE(message().find("this bound counts several companies"), std::string::npos);
  o.bounds = {Bound{0, 1, {0}, {0}, false, -1.0, ""}, Bound{0, 1, {0}, {1, 0}, false, -1.0, ""},
              Bound{0, 1, {1}, {0}, false, -1.0, ""}, Bound{0, 1, {1}, {1}, false, -1.0, ""}};
  EXPECT_EQ(message(), "");  // nested at company 0, disjoint at company 1
  o.bounds.push_back(Bound{1, 1, {1}, {1}, false, -1.0, ""});
  EXPECT_EQ(message(), "");  // a reserve on a nested group
  o.bounds.push_back(Bound{1, kNone, {1}, {0, 1}, false, -1.0, ""});
  EXPECT_NE(message().find("overlaps the reserve of bounds[4]"), std::string::npos);
  o.bounds = {Bound{0, 1, {0}, {0}, false, -1.0, ""}};
  o.improve = true;
  EXPECT_NE(message().find("not with rounds, improve"), std::string::npos);
}

// Loads (several seats per candidate) against brute force over every choice
// of up to load[i] acceptable wishes per candidate within the seats.
TEST(Loads, MaxPlacementMatchesBruteForceByFlowAndMip) {
  std::mt19937_64 rng(53);
  int multi = 0;
  int infeasible = 0;
  for (int t = 0; t < 250; ++t) {
    const Index n = 1 + static_cast<Index>(rng() % 4);
    const Index m = 1 + static_cast<Index>(rng() % 4);
    const testing::Case market =
        testing::as_case(testing::random_instance(rng, n, m, 3, 3, 3, 0.1), 10.0);
    const SmallInstance& s = market.s;
    Loads loads;
    loads.most = IndexVector(n);
    loads.least = IndexVector::Zero(n);
    for (Index i = 0; i < n; ++i) {
      loads.most[i] = static_cast<Index>(rng() % 4);
      if (rng() % 3 == 0) {
        loads.least[i] = static_cast<Index>(rng() % static_cast<std::uint64_t>(loads.most[i] + 1));
      }
    }
    // The wishes each candidate may take, and every way to take them.
    std::vector<std::vector<std::vector<Index>>> options(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i) {
      std::vector<Index> ok;
      for (Index r = 0; r < s.k(); ++r) {
        const Index j = s.prefs(i, r);
        if (j != kNone && s.acceptable(i, j)) {
          ok.push_back(j);
        }
      }
      for (std::uint32_t mask = 0; mask < (1U << ok.size()); ++mask) {
        std::vector<Index> pick;
        for (std::size_t q = 0; q < ok.size(); ++q) {
          if ((mask >> q) & 1U) {
            pick.push_back(ok[q]);
          }
        }
        const auto size = static_cast<Index>(pick.size());
        if (size <= loads.most[i] && size >= loads.least[i]) {
          options[static_cast<std::size_t>(i)].push_back(pick);
        }
      }
    }
    std::vector<double> best;  // placements, utility
    std::vector<std::size_t> at(static_cast<std::size_t>(n), 0);
    const std::function<void(Index)> walk = [&](Index i) {
      if (i == n) {
        std::vector<Index> fill(static_cast<std::size_t>(m), 0);
        double placed = 0.0;
        double utility = 0.0;
        for (Index x = 0; x < n; ++x) {
          for (const Index j :
               options[static_cast<std::size_t>(x)][at[static_cast<std::size_t>(x)]]) {
            if (++fill[static_cast<std::size_t>(j)] > s.caps[j]) {
              return;
            }
            placed += 1.0;
            utility +=
                static_cast<double>(s.k() - 1 - testing::rank_in(s, x, j)) + market.scores(x, j);
          }
        }
        if (best.empty() || placed > best[0] || (placed == best[0] && utility > best[1] + 1e-9)) {
          best = {placed, utility};
        }
        return;
      }
      for (std::size_t q = 0; q < options[static_cast<std::size_t>(i)].size(); ++q) {
        at[static_cast<std::size_t>(i)] = q;
        walk(i + 1);
      }
    };
    walk(0);
    for (const BoundMethod method : {BoundMethod::automatic, BoundMethod::mip}) {
      MaxPlacementOptions o;
      o.loads = loads;
      o.bounds_method = method;
      if (best.empty()) {
        EXPECT_THROW(
            (void)max_placement_assignment(s.prefs, s.caps, market.allowed, market.scores, o),
            InvalidArgument)
            << "t=" << t;
        infeasible += method == BoundMethod::mip ? 1 : 0;
        continue;
      }
      const Assignment a =
          max_placement_assignment(s.prefs, s.caps, market.allowed, market.scores, o);
      EXPECT_EQ(a.bounds_method, method == BoundMethod::mip ? "mip" : "flow");
      ASSERT_EQ(static_cast<double>(a.placed), best[0]) << "t=" << t;
      ASSERT_NEAR(a.objective, best[1], 1e-6) << "t=" << t;
      ASSERT_EQ(a.pairs.rows(), a.placed);
      for (Index i = 0; i < n; ++i) {
        ASSERT_LE(a.load[i], loads.most[i]);
        ASSERT_GE(a.load[i], loads.least[i]);
        multi += a.load[i] > 1 ? 1 : 0;
      }
    }
  }
  EXPECT_GT(multi, 50);
  EXPECT_GT(infeasible, 5);
}

TEST(Loads, BadLoadsAreNamed) {
  PreferenceMatrix prefs(2, 1);
  prefs << 0, 0;
  CapacityVector caps(1);
  caps << 2;
  MaxPlacementOptions o;
  o.loads.most = IndexVector::Constant(3, 1);
  EXPECT_THROW((void)max_placement_assignment(prefs, caps, {}, {}, o), InvalidArgument);
  o.loads.most = IndexVector::Constant(2, 1);
  o.loads.least = IndexVector::Constant(2, 2);
  try {
    (void)max_placement_assignment(prefs, caps, {}, {}, o);
    ADD_FAILURE();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.loads.invalid] min_loads[0]: must be between 0 and the candidate's "
                 "load 1, got 2");
  }
  // A minimum that cannot be met is a named conflict, by either method.
  o.loads.most = IndexVector::Constant(2, 2);
  o.bounds_method = BoundMethod::flow;
  EXPECT_THROW((void)max_placement_assignment(prefs, caps, {}, {}, o), InvalidArgument);
  o.bounds_method = BoundMethod::automatic;
  try {
    (void)max_placement_assignment(prefs, caps, {}, {}, o);
    ADD_FAILURE();
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("\"minimum load of candidate #1\" (at least 2; on its "
                                         "own at most 1 placement(s)"),
              std::string::npos);
  }
}

// Bounds in a later round: pins count toward the bounds, withdrawn
// candidates leave, and among the best (placed, stays, utility) the result is
// what brute force over every assignment that keeps the pins finds.
TEST(BoundsInRounds, MatchBruteForce) {
  std::mt19937_64 rng(59);
  int pinned = 0;
  int infeasible = 0;
  for (int t = 0; t < 300; ++t) {
    const testing::Case market = small_market(rng);
    const SmallInstance& s = market.s;
    const Index n = s.n();
    const Index m = s.m();
    MaxPlacementOptions o;
    o.bounds = t % 2 == 0 ? random_bounds(rng, n, m) : nested_bounds(rng, n, m, 2);
    for (Bound& b : o.bounds) {
      b.penalty = -1.0;
    }
    o.bounds_method = t % 4 < 2 ? BoundMethod::automatic : BoundMethod::mip;
    o.round.previous = IndexVector::Constant(n, kNone);
    o.round.fixed = IndexVector::Constant(n, kNone);
    o.round.withdrawn = MaskVector::Constant(n, false);
    std::vector<Index> seats(static_cast<std::size_t>(m), 0);
    for (Index i = 0; i < n; ++i) {
      const Index r = static_cast<Index>(rng() % 2);
      const Index j = s.prefs(i, r);
      if (j == kNone || !s.acceptable(i, j)) {
        continue;
      }
      const auto roll = rng() % 6;
      if (roll == 0 && seats[static_cast<std::size_t>(j)] < s.caps[j]) {
        o.round.fixed[i] = j;
        ++seats[static_cast<std::size_t>(j)];
        ++pinned;
      } else if (roll == 1) {
        o.round.withdrawn[i] = true;
      } else if (roll < 4) {
        o.round.previous[i] = j;
      }
    }
    std::vector<double> best;
    testing::for_each_feasible(s, [&](const std::vector<Index>& c) {
      double placed = 0.0;
      double stays = 0.0;
      double utility = 0.0;
      for (Index i = 0; i < n; ++i) {
        const Index j = c[static_cast<std::size_t>(i)];
        if ((o.round.fixed[i] != kNone && j != o.round.fixed[i]) ||
            (o.round.withdrawn[i] && j != kNone)) {
          return;
        }
        if (j != kNone) {
          placed += 1.0;
          utility +=
              static_cast<double>(s.k() - 1 - testing::rank_in(s, i, j)) + market.scores(i, j);
          stays += o.round.fixed[i] == kNone && j == o.round.previous[i] ? 1.0 : 0.0;
        }
      }
      if (judge(o.bounds, c).broken) {
        return;
      }
      const std::vector<double> key{placed, stays, utility};
      if (best.empty() || key[0] > best[0] || (key[0] == best[0] && key[1] > best[1]) ||
          (key[0] == best[0] && key[1] == best[1] && key[2] > best[2] + 1e-9)) {
        best = key;
      }
    });
    if (best.empty()) {
      ++infeasible;
      EXPECT_THROW(
          (void)max_placement_assignment(s.prefs, s.caps, market.allowed, market.scores, o),
          InvalidArgument)
          << "t=" << t;
      continue;
    }
    const Assignment a =
        max_placement_assignment(s.prefs, s.caps, market.allowed, market.scores, o);
    const std::vector<Index> got = testing::to_vec(a.company);
    ASSERT_FALSE(judge(o.bounds, got).broken) << "t=" << t;
    for (Index i = 0; i < n; ++i) {
      if (o.round.fixed[i] != kNone) {
        ASSERT_EQ(got[static_cast<std::size_t>(i)], o.round.fixed[i]) << "t=" << t;
      }
      if (o.round.withdrawn[i]) {
        ASSERT_EQ(got[static_cast<std::size_t>(i)], kNone) << "t=" << t;
      }
    }
    ASSERT_EQ(static_cast<double>(a.placed), best[0]) << "t=" << t;
    ASSERT_NEAR(a.objective, best[2], 1e-6) << "t=" << t;
    for (std::size_t b = 0; b < o.bounds.size(); ++b) {  // counts include the pins
      ASSERT_EQ(a.bounds[b].count, count_in(o.bounds[b], got)) << "t=" << t;
    }
  }
  EXPECT_GT(pinned, 30);
  EXPECT_GT(infeasible, 5);
}

TEST(BoundsInRounds, AConflictNamesThePins) {
  PreferenceMatrix prefs(3, 1);
  prefs << 0, 0, 0;
  CapacityVector caps(1);
  caps << 3;
  MaxPlacementOptions o;
  o.bounds = {Bound{0, 1, {}, {0, 1}, false, -1.0, "one of the two"},
              Bound{3, kNone, {0}, {}, false, -1.0, "full class"}};
  o.round.fixed = IndexVector::Constant(3, kNone);
  o.round.fixed[0] = 0;
  o.round.withdrawn = MaskVector::Constant(3, false);
  o.round.withdrawn[2] = true;
  try {
    (void)max_placement_assignment(prefs, caps, {}, {}, o);
    ADD_FAILURE();
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("(in this round, after the pinned placements each bound "
                                         "counts already: \"one of the two\": 1, \"full "
                                         "class\": 1)"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace kobling
