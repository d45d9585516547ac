// rank_maximal: the header's example, first wishes before placements, pinned
// errors, brute force on thousands of small instances, and the first-rank
// count against max flow at national scale; certificates checked throughout.
#include <gtest/gtest.h>

#include <random>

#include "brute_force.hpp"
#include "kobling/errors.hpp"
#include "kobling/rank_maximal.hpp"
#include "kobling/synthetic.hpp"
#include "kobling/verify.hpp"

namespace kobling {
namespace {

using testing::brute_best;
using testing::Case;
using testing::random_case;
using testing::SmallInstance;
using testing::to_vec;

TEST(RankMaximal, HeaderExample) {
  PreferenceMatrix prefs(2, 2);
  prefs << 0, 1, 0, -1;
  CapacityVector caps(2);
  caps << 1, 1;
  const Assignment a = rank_maximal_assignment(prefs, caps);
  EXPECT_EQ(to_vec(a.company), (std::vector<Index>{1, 0}));
  EXPECT_EQ(a.rank_counts[0], 1);
  EXPECT_EQ(a.rank_counts[1], 1);
}

TEST(RankMaximal, FirstWishesBeforePlacements) {
  // Company 0 (1 seat) is everyone's first wish; company 1 is candidate 0's
  // second. Rank-maximal gives one first wish and one second wish: it may not
  // sacrifice a first wish to place more at lower ranks.
  PreferenceMatrix prefs(3, 2);
  prefs << 0, 1, 0, -1, 1, -1;
  CapacityVector caps(2);
  caps << 1, 1;
  const Assignment a = rank_maximal_assignment(prefs, caps);
  EXPECT_EQ(a.rank_counts[0], 2);  // candidate 0 or 1 -> 0, and candidate 2 -> 1
  EXPECT_EQ(a.rank_counts[1], 0);
  EXPECT_EQ(a.company[2], 1);
  EXPECT_EQ(a.placed, 2);
}

TEST(RankMaximalErrors, PinnedMessages) {
  CapacityVector caps = CapacityVector::Ones(3);
  // Padding to any width is fine; only real lists longer than 64 are refused.
  const PreferenceMatrix padded = PreferenceMatrix::Constant(1, 1000, -1);
  EXPECT_EQ(rank_maximal_assignment(padded, caps).rank_counts.size(), 1000);
  PreferenceMatrix long_lists = PreferenceMatrix::Constant(1, 70, -1);
  for (Index r = 0; r < 65; ++r) {
    long_lists(0, r) = r;
  }
  const CapacityVector many = CapacityVector::Ones(70);
  try {
    rank_maximal_assignment(long_lists, many);
    ADD_FAILURE();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.array.too_many_ranks] preferences: a list has 65 wishes; rank_maximal "
                 "supports lists of at most 64");
  }
}

TEST(RankMaximal, BruteForce) {
  std::mt19937_64 rng(12);
  for (int t = 0; t < 3000; ++t) {
    const Case c = random_case(rng, t);
    const SmallInstance& s = c.s;
    const Assignment a = rank_maximal_assignment(s.prefs, s.caps, c.allowed, c.scores);
    const auto signature = [&](const std::vector<Index>& comp) {
      std::vector<double> key(static_cast<std::size_t>(s.k()) + 1, 0.0);
      for (Index i = 0; i < s.n(); ++i) {
        const Index j = comp[static_cast<std::size_t>(i)];
        if (j != kNone) {
          key[static_cast<std::size_t>(testing::rank_in(s, i, j))] += 1.0;
          key.back() += c.scores(i, j);
        }
      }
      return key;
    };
    const auto best = brute_best(s, signature);
    const auto got = signature(to_vec(a.company));
    for (Index r = 0; r < s.k(); ++r) {
      ASSERT_EQ(got[static_cast<std::size_t>(r)], best[static_cast<std::size_t>(r)])
          << "t=" << t << " r=" << r;
      ASSERT_EQ(static_cast<double>(a.rank_counts[r]), best[static_cast<std::size_t>(r)]);
    }
    ASSERT_NEAR(got.back(), best.back(), 1e-9) << "t=" << t;
    ASSERT_NEAR(a.objective, best.back(), 1e-9);
    const CheckReport cert =
        check_rank_maximal_certificate(s.prefs, s.caps, c.allowed, c.scores, a);
    ASSERT_TRUE(cert.ok) << "t=" << t << ": " << cert.violations.front();
  }
}

// The rank-1 count of a rank-maximal matching equals the maximum b-matching on
// rank-1 edges alone (an independent exact method: push-relabel max flow).
TEST(RankMaximal, FirstRankCountMatchesMaxFlowAtScale) {
  SyntheticOptions o;
  o.candidates = 100000;
  o.dense_scores = false;
  o.seed = 5;
  const SyntheticMarket mk = make_synthetic_market(o);
  const Assignment rm =
      rank_maximal_assignment(mk.preferences, mk.capacities, {}, mk.listed_scores);
  const PreferenceMatrix first = mk.preferences.leftCols(1);
  EXPECT_EQ(rm.rank_counts[0], max_placement_count(first, mk.capacities, mk.listed_scores));
  // And the total placed never exceeds the maximum placement.
  EXPECT_LE(rm.placed, max_placement_count(mk.preferences, mk.capacities, mk.listed_scores));
  EXPECT_TRUE(
      check_rank_maximal_certificate(mk.preferences, mk.capacities, {}, mk.listed_scores, rm).ok);
}

}  // namespace
}  // namespace kobling
