// Company choice in max_placement and rank_maximal (company_priority):
// exact against brute force on small markets, certified, and errors named.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "brute_force.hpp"
#include "kobling/errors.hpp"
#include "kobling/max_placement.hpp"
#include "kobling/rank_maximal.hpp"
#include "kobling/verify.hpp"

namespace kobling {
namespace {

using testing::brute_best;
using testing::Case;
using testing::random_case;
using testing::SmallInstance;
using testing::to_vec;

ScoreMatrix random_priority(std::mt19937_64& rng, Index n, Index m) {
  ScoreMatrix p(n, m);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < m; ++j) {
      p(i, j) = static_cast<double>(rng() % 3);  // unranked, maybe, wanted
    }
  }
  return p;
}

TEST(CompanyChoice, MaxPlacementAgainstBruteForce) {
  std::mt19937_64 rng(5);
  int mattered = 0;
  for (int t = 0; t < 3000; ++t) {
    const Case c = random_case(rng, t);
    const SmallInstance& s = c.s;
    const ScoreMatrix priority = random_priority(rng, s.n(), s.m());
    MaxPlacementOptions o;
    o.company_priority = priority;
    const Assignment a = max_placement_assignment(s.prefs, s.caps, c.allowed, c.scores, o);
    const Assignment plain = max_placement_assignment(s.prefs, s.caps, c.allowed, c.scores);
    const auto key = [&](const std::vector<Index>& comp) {
      double placed = 0.0;
      double company = 0.0;
      double utility = 0.0;
      for (Index i = 0; i < s.n(); ++i) {
        const Index j = comp[static_cast<std::size_t>(i)];
        if (j != kNone) {
          placed += 1.0;
          company += priority(i, j);
          utility += static_cast<double>(s.k() - 1 - testing::rank_in(s, i, j)) + c.scores(i, j);
        }
      }
      return std::vector<double>{placed, company, utility};
    };
    const auto best = brute_best(s, key);
    const auto got = key(to_vec(a.company));
    ASSERT_EQ(got[0], best[0]) << "t=" << t;
    ASSERT_EQ(got[1], best[1]) << "t=" << t;
    ASSERT_NEAR(got[2], best[2], 1e-9) << "t=" << t;
    ASSERT_NEAR(a.objective, got[2], 1e-9);
    ASSERT_EQ(a.duals.levels, (std::vector<std::string>{"placed", "company", "utility"}));
    const CheckReport cert =
        check_max_placement_certificate(s.prefs, s.caps, c.allowed, c.scores, o, a);
    ASSERT_TRUE(cert.ok) << "t=" << t << ": " << cert.violations.front();
    // The plain optimum is not certified under the company level when the
    // level matters: the check can fail.
    if (key(to_vec(plain.company))[1] < best[1]) {
      ++mattered;
      Assignment relabelled = plain;
      relabelled.duals = a.duals;
      ASSERT_FALSE(
          check_max_placement_certificate(s.prefs, s.caps, c.allowed, c.scores, o, relabelled).ok);
    }
  }
  EXPECT_GT(mattered, 100);
}

TEST(CompanyChoice, RankMaximalAgainstBruteForce) {
  std::mt19937_64 rng(6);
  int mattered = 0;
  for (int t = 0; t < 3000; ++t) {
    const Case c = random_case(rng, t);
    const SmallInstance& s = c.s;
    const ScoreMatrix priority = random_priority(rng, s.n(), s.m());
    RankMaximalOptions o;
    o.company_priority = priority;
    const Assignment a = rank_maximal_assignment(s.prefs, s.caps, c.allowed, c.scores, o);
    const Assignment plain = rank_maximal_assignment(s.prefs, s.caps, c.allowed, c.scores);
    const auto key = [&](const std::vector<Index>& comp) {
      std::vector<double> k(static_cast<std::size_t>(s.k()) + 2, 0.0);
      for (Index i = 0; i < s.n(); ++i) {
        const Index j = comp[static_cast<std::size_t>(i)];
        if (j != kNone) {
          k[static_cast<std::size_t>(testing::rank_in(s, i, j))] += 1.0;
          k[static_cast<std::size_t>(s.k())] += priority(i, j);
          k[static_cast<std::size_t>(s.k()) + 1] += c.scores(i, j);
        }
      }
      return k;
    };
    const auto best = brute_best(s, key);
    const auto got = key(to_vec(a.company));
    for (std::size_t l = 0; l + 1 < best.size(); ++l) {
      ASSERT_EQ(got[l], best[l]) << "t=" << t << " level " << l;
    }
    ASSERT_NEAR(got.back(), best.back(), 1e-9) << "t=" << t;
    ASSERT_EQ(a.duals.levels[a.duals.levels.size() - 2], "company");
    const CheckReport cert =
        check_rank_maximal_certificate(s.prefs, s.caps, c.allowed, c.scores, a, 1e-9, o);
    ASSERT_TRUE(cert.ok) << "t=" << t << ": " << cert.violations.front();
    mattered += key(to_vec(plain.company))[static_cast<std::size_t>(s.k())] <
                        best[static_cast<std::size_t>(s.k())]
                    ? 1
                    : 0;
  }
  EXPECT_GT(mattered, 100);
}

TEST(CompanyChoice, BadPriorityIsNamed) {
  PreferenceMatrix prefs(1, 1);
  prefs << 0;
  CapacityVector caps(1);
  caps << 1;
  ScoreMatrix priority(1, 1);
  priority << 1.5;
  MaxPlacementOptions o;
  o.company_priority = priority;
  try {
    (void)max_placement_assignment(prefs, caps, {}, {}, o);
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.array.bad_priority] company_priority[0, 0]: must be an integer in [0, "
                 "2^31) (higher: the company prefers the pair), got 1.5");
  }
}

}  // namespace
}  // namespace kobling
