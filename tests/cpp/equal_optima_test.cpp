// The declared tie-breaking rule in the optimal policies (max_placement,
// rank_maximal; src/engine/equal_optima.hpp): the chosen matching is optimal,
// it is the one the rule prefers among all optima, and the listed ties are
// exactly the seats other optima would give to candidates who wanted them
// more; all against brute force on small markets with many ties.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "brute_force.hpp"
#include "kobling/max_placement.hpp"
#include "kobling/rank_maximal.hpp"
#include "kobling/ties.hpp"
#include "kobling/verify.hpp"

namespace kobling {
namespace {

using testing::SmallInstance;
using testing::to_vec;

using Key = std::vector<double>;

// Integer levels exactly, the last (real) level to rounding.
bool same_key(const Key& a, const Key& b) {
  for (std::size_t q = 0; q + 1 < a.size(); ++q) {
    if (a[q] != b[q]) {
      return false;
    }
  }
  return std::fabs(a.back() - b.back()) <= 1e-9;
}

bool key_less(const Key& a, const Key& b) {
  for (std::size_t q = 0; q + 1 < a.size(); ++q) {
    if (a[q] != b[q]) {
      return a[q] < b[q];
    }
  }
  return a.back() < b.back() - 1e-9;
}

// Every optimal assignment of `key` by enumeration (two passes: the best
// key, then everything that reaches it).
std::vector<std::vector<Index>> all_optima(
    const SmallInstance& s, const std::function<Key(const std::vector<Index>&)>& key) {
  Key best;
  testing::for_each_feasible(s, [&](const std::vector<Index>& c) {
    const Key k = key(c);
    if (best.empty() || key_less(best, k)) {
      best = k;
    }
  });
  std::vector<std::vector<Index>> optima;
  testing::for_each_feasible(s, [&](const std::vector<Index>& c) {
    if (same_key(key(c), best)) {
      optima.push_back(c);
    }
  });
  return optima;
}

// A candidate's place in the order at company j: among all candidates for a
// shared order, among j's applicants (listed, acceptable) for per-company.
Index place_in(const SmallInstance& s, const TieOrder& order, Index i, Index j) {
  Index before = 0;
  for (Index x = 0; x < s.n(); ++x) {
    if (order.rule == TieBreak::lottery_per_company &&
        (testing::rank_in(s, x, j) == s.k() || !s.acceptable(x, j))) {
      continue;
    }
    const std::uint64_t kx = order.key(x, j);
    const std::uint64_t ki = order.key(i, j);
    before += (kx < ki || (kx == ki && x < i)) ? 1 : 0;
  }
  return before;
}

std::vector<Index> sorted_places(const SmallInstance& s, const TieOrder& order,
                                 const std::vector<Index>& company) {
  std::vector<Index> places;
  for (Index i = 0; i < s.n(); ++i) {
    if (company[static_cast<std::size_t>(i)] != kNone) {
      places.push_back(place_in(s, order, i, company[static_cast<std::size_t>(i)]));
    }
  }
  std::sort(places.begin(), places.end());
  return places;
}

Index total_place(const SmallInstance& s, const TieOrder& order,
                  const std::vector<Index>& company) {
  Index total = 0;
  for (const Index p : sorted_places(s, order, company)) {
    total += p;
  }
  return total;
}

using Market = testing::Case;

Market tied_market(std::mt19937_64& rng) {
  const Index n = 2 + static_cast<Index>(rng() % 7);
  const Index m = 1 + static_cast<Index>(rng() % 3);
  const Index k = 1 + static_cast<Index>(rng() % 3);
  return testing::as_case(testing::random_instance(rng, n, m, k, 2, 2, 0.15), 10.0);
}

Key max_placement_key(const Market& c, const std::vector<Index>& comp) {
  const SmallInstance& s = c.s;
  Key key{0.0, 0.0};
  for (Index i = 0; i < s.n(); ++i) {
    const Index j = comp[static_cast<std::size_t>(i)];
    if (j != kNone) {
      key[0] += 1.0;
      key[1] += static_cast<double>(s.k() - 1 - testing::rank_in(s, i, j)) + c.scores(i, j);
    }
  }
  return key;
}

Key rank_maximal_key(const Market& c, const std::vector<Index>& comp) {
  const SmallInstance& s = c.s;
  Key key(static_cast<std::size_t>(s.k()) + 1, 0.0);
  for (Index i = 0; i < s.n(); ++i) {
    const Index j = comp[static_cast<std::size_t>(i)];
    if (j != kNone) {
      key[static_cast<std::size_t>(testing::rank_in(s, i, j))] += 1.0;
      key.back() += c.scores(i, j);
    }
  }
  return key;
}

// What the rule promises on one market: an optimum, the rule's choice among
// all optima, and exactly the decided seats listed.
void expect_rule_kept(const Market& c, const TieOrder& order, const Assignment& a,
                      const std::function<Key(const std::vector<Index>&)>& key, int t) {
  const SmallInstance& s = c.s;
  const std::vector<Index> ours = to_vec(a.company);
  const auto optima = all_optima(s, key);
  ASSERT_FALSE(optima.empty());
  ASSERT_TRUE(same_key(key(ours), key(optima.front()))) << "t=" << t << " not optimal";
  EXPECT_EQ(a.tie_break, order.rule);
  EXPECT_EQ(a.seed, order.seed);
  const std::vector<Index> mine = sorted_places(s, order, ours);
  for (const auto& other : optima) {
    if (order.rule == TieBreak::lottery_per_company) {
      ASSERT_LE(total_place(s, order, ours), total_place(s, order, other)) << "t=" << t;
    } else {
      // The first-drawn set: componentwise no later than any optimum's.
      const std::vector<Index> theirs = sorted_places(s, order, other);
      ASSERT_EQ(mine.size(), theirs.size()) << "t=" << t;
      for (std::size_t q = 0; q < mine.size(); ++q) {
        ASSERT_LE(mine[q], theirs[q]) << "t=" << t << " q=" << q;
      }
    }
  }
  // The listed ties are exactly the pairs (j, i) some optimum has while i,
  // here, is unplaced or at a company listed lower than j.
  std::set<std::pair<Index, Index>> expected;
  for (const auto& other : optima) {
    for (Index i = 0; i < s.n(); ++i) {
      const Index j = other[static_cast<std::size_t>(i)];
      const Index here = ours[static_cast<std::size_t>(i)];
      if (j != kNone && j != here &&
          (here == kNone || testing::rank_in(s, i, j) < testing::rank_in(s, i, here))) {
        expected.emplace(j, i);
      }
    }
  }
  std::set<std::pair<Index, Index>> listed;
  for (const DecidedTie& tie : a.ties) {
    EXPECT_TRUE(std::isnan(tie.score));
    EXPECT_FALSE(tie.won.empty()) << "t=" << t;
    for (const Index i : tie.won) {
      EXPECT_EQ(ours[static_cast<std::size_t>(i)], tie.company) << "t=" << t;
    }
    for (const Index i : tie.lost) {
      listed.emplace(tie.company, i);
    }
  }
  EXPECT_EQ(listed, expected) << "t=" << t;
}

TEST(EqualOptima, MaxPlacementFollowsTheRuleByBruteForce) {
  std::mt19937_64 rng(41);
  int decided = 0;
  for (int t = 0; t < 1500; ++t) {
    const Market c = tied_market(rng);
    for (const TieBreak rule :
         {TieBreak::index, TieBreak::lottery, TieBreak::lottery_per_company}) {
      MaxPlacementOptions o;
      o.tie_break = rule;
      o.seed = static_cast<std::uint64_t>(t);
      const Assignment a = max_placement_assignment(c.s.prefs, c.s.caps, c.allowed, c.scores, o);
      const CheckReport cert =
          check_max_placement_certificate(c.s.prefs, c.s.caps, c.allowed, c.scores, o, a);
      ASSERT_TRUE(cert.ok) << "t=" << t << ": " << cert.violations.front();
      expect_rule_kept(
          c, {rule, o.seed}, a,
          [&c](const std::vector<Index>& comp) { return max_placement_key(c, comp); }, t);
      decided += a.ties.empty() ? 0 : 1;
    }
  }
  EXPECT_GT(decided, 500);  // the markets do tie
}

TEST(EqualOptima, RankMaximalFollowsTheRuleByBruteForce) {
  std::mt19937_64 rng(43);
  int decided = 0;
  for (int t = 0; t < 1500; ++t) {
    const Market c = tied_market(rng);
    for (const TieBreak rule :
         {TieBreak::index, TieBreak::lottery, TieBreak::lottery_per_company}) {
      RankMaximalOptions o;
      o.tie_break = rule;
      o.seed = static_cast<std::uint64_t>(t) * 7919U;
      const Assignment a = rank_maximal_assignment(c.s.prefs, c.s.caps, c.allowed, c.scores, o);
      const CheckReport cert =
          check_rank_maximal_certificate(c.s.prefs, c.s.caps, c.allowed, c.scores, a, 1e-9, o);
      ASSERT_TRUE(cert.ok) << "t=" << t << ": " << cert.violations.front();
      expect_rule_kept(
          c, {rule, o.seed}, a,
          [&c](const std::vector<Index>& comp) { return rank_maximal_key(c, comp); }, t);
      decided += a.ties.empty() ? 0 : 1;
    }
  }
  EXPECT_GT(decided, 500);
}

TEST(EqualOptima, OneSeatTwoEqualCandidates) {
  // Both want company 0's one seat with the same score: the rule decides.
  PreferenceMatrix prefs(2, 1);
  prefs << 0, 0;
  CapacityVector caps(1);
  caps << 1;
  for (std::uint64_t seed = 0; seed < 8; ++seed) {
    for (const TieBreak rule :
         {TieBreak::index, TieBreak::lottery, TieBreak::lottery_per_company}) {
      const TieOrder order{rule, seed};
      const Index winner = order.prefers(0.0, 0, 0.0, 1, 0) ? 0 : 1;
      MaxPlacementOptions mo;
      mo.tie_break = rule;
      mo.seed = seed;
      RankMaximalOptions ro;
      ro.tie_break = rule;
      ro.seed = seed;
      for (const Assignment& a : {max_placement_assignment(prefs, caps, {}, {}, mo),
                                  rank_maximal_assignment(prefs, caps, {}, {}, ro)}) {
        EXPECT_EQ(a.company[winner], 0);
        EXPECT_EQ(a.company[1 - winner], kNone);
        ASSERT_EQ(a.ties.size(), 1U);
        EXPECT_EQ(a.ties[0].company, 0);
        EXPECT_EQ(a.ties[0].won, std::vector<Index>{winner});
        EXPECT_EQ(a.ties[0].lost, std::vector<Index>{1 - winner});
      }
    }
  }
}

TEST(EqualOptima, UniqueOptimumIsLeftAlone) {
  // Real-valued scores without ties: one optimum, no ties, whatever the seed.
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  PreferenceMatrix prefs(30, 3);
  ScoreMatrix scores(30, 6);
  for (Index i = 0; i < 30; ++i) {
    for (Index r = 0; r < 3; ++r) {
      prefs(i, r) = (i + 2 * r) % 6;
    }
    for (Index j = 0; j < 6; ++j) {
      scores(i, j) = unit(rng);
    }
  }
  CapacityVector caps = CapacityVector::Constant(6, 2);
  const Assignment base = max_placement_assignment(prefs, caps, {}, scores);
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    MaxPlacementOptions o;
    o.tie_break = TieBreak::lottery_per_company;
    o.seed = seed;
    const Assignment a = max_placement_assignment(prefs, caps, {}, scores, o);
    EXPECT_EQ(to_vec(a.company), to_vec(base.company));
    EXPECT_TRUE(a.ties.empty());
  }
}

}  // namespace
}  // namespace kobling
