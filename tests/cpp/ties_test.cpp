// Declared tie-breaking (ties.hpp), the audit of decided ties, and stable
// improvement cycles (improvement_cycles.hpp), against definitions and brute
// force on small markets.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <vector>

#include "brute_force.hpp"
#include "kobling/errors.hpp"
#include "kobling/stable.hpp"
#include "kobling/synthetic.hpp"
#include "kobling/ties.hpp"
#include "kobling/verify.hpp"

namespace kobling {
namespace {

using testing::SmallInstance;
using testing::to_vec;

TEST(Lottery, GeneratorIsSplitMix64) {
  // The first output of SplitMix64 seeded with 0, as published with the
  // generator: the finaliser of 0 + the golden gamma.
  EXPECT_EQ(lottery_mix(0), 0xE220A8397B1DCDAFULL);
  // Values the documented formula gives (recomputed independently in
  // tests/python/test_ties.py with Python integers).
  EXPECT_EQ(lottery_number(0, kNone, 0), 0x238275bc38fcbe91ULL);
  EXPECT_EQ(lottery_number(2026, kNone, 7), 0x3d6bc6e16bdfd6c7ULL);
  EXPECT_EQ(lottery_number(2026, 3, 7), 0x54eb77bbe814de62ULL);
  EXPECT_EQ(lottery_number(~0ULL, 2, 5), 0x11cb707151d49088ULL);
  static_assert(lottery_number(1, 0, 1) != lottery_number(1, 1, 1));  // constexpr
}

TEST(Lottery, ParseNamesTheChoices) {
  EXPECT_EQ(parse_tie_break("index"), TieBreak::index);
  EXPECT_EQ(parse_tie_break("lottery"), TieBreak::lottery);
  try {
    (void)parse_tie_break("coin");
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_EQ(e.id(), "kobling.array.bad_option");
    EXPECT_NE(std::string(e.what()).find("'index', 'lottery' or 'lottery_per_company'"),
              std::string::npos);
  }
}

// Five candidates tie at a company with two seats: who gets them is the
// lottery's two lowest numbers, and the audit says so.
TEST(Ties, LotteryDecidesAndIsRecorded) {
  PreferenceMatrix prefs(5, 1);
  prefs << 0, 0, 0, 0, 0;
  const ScoreMatrix scores = ScoreMatrix::Constant(5, 1, 0.5);
  CapacityVector caps(1);
  caps << 2;
  const Assignment by_index = stable_assignment(prefs, scores, caps);
  EXPECT_EQ(to_vec(by_index.company), (std::vector<Index>{0, 0, -1, -1, -1}));
  ASSERT_EQ(by_index.ties.size(), 1U);
  EXPECT_EQ(by_index.ties[0].won, (std::vector<Index>{0, 1}));
  EXPECT_EQ(by_index.ties[0].lost, (std::vector<Index>{2, 3, 4}));

  for (const std::uint64_t seed : {1ULL, 2ULL, 3ULL, 2026ULL}) {
    StableOptions o;
    o.tie_break = TieBreak::lottery;
    o.seed = seed;
    const Assignment a = stable_assignment(prefs, scores, caps, o);
    EXPECT_EQ(a.tie_break, TieBreak::lottery);
    EXPECT_EQ(a.seed, seed);
    std::vector<Index> by_number = {0, 1, 2, 3, 4};
    std::sort(by_number.begin(), by_number.end(), [&](Index x, Index y) {
      return lottery_number(seed, kNone, x) < lottery_number(seed, kNone, y);
    });
    ASSERT_EQ(a.ties.size(), 1U);
    EXPECT_EQ(a.ties[0].company, 0);
    EXPECT_EQ(a.ties[0].score, 0.5);
    EXPECT_EQ(a.ties[0].won, std::vector<Index>(by_number.begin(), by_number.begin() + 2));
    EXPECT_EQ(a.ties[0].lost, std::vector<Index>(by_number.begin() + 2, by_number.end()));
    for (const Index i : a.ties[0].won) {
      EXPECT_EQ(a.company[i], 0);
    }
  }
}

// Per-company lotteries draw different orders at different companies.
TEST(Ties, PerCompanyLotteryUsesEachCompanysDraw) {
  const Index n = 40;
  PreferenceMatrix prefs = PreferenceMatrix::Constant(n, 1, 0);
  for (Index i = n / 2; i < n; ++i) {
    prefs(i, 0) = 1;
  }
  const ScoreMatrix scores = ScoreMatrix::Zero(n, 2);
  CapacityVector caps(2);
  caps << 3, 3;
  StableOptions o{Proposer::candidates, TieBreak::lottery_per_company, 99};
  const Assignment a = stable_assignment(prefs, scores, caps, o);
  for (Index j = 0; j < 2; ++j) {
    std::vector<Index> applicants;
    for (Index i = 0; i < n; ++i) {
      if (prefs(i, 0) == j) {
        applicants.push_back(i);
      }
    }
    std::sort(applicants.begin(), applicants.end(), [&](Index x, Index y) {
      return lottery_number(99, j, x) < lottery_number(99, j, y);
    });
    for (std::size_t q = 0; q < applicants.size(); ++q) {
      EXPECT_EQ(a.company[applicants[q]] == j, q < 3) << "company " << j << " place " << q;
    }
  }
}

// On random markets with many ties: every rule gives a matching stable for
// its own order and weakly stable; the audit matches its definition; the
// same seed repeats exactly; without ties the seed changes nothing.
TEST(Ties, StableForTheDeclaredOrderOnRandomMarkets) {
  std::mt19937_64 rng(20261206);
  int decided = 0;
  for (int t = 0; t < 400; ++t) {
    const Index n = 5 + static_cast<Index>(rng() % 60);
    const Index m = 1 + static_cast<Index>(rng() % 8);
    const SmallInstance s =
        testing::random_instance(rng, n, m, std::min<Index>(3, m), 3, t % 4 == 0 ? 1000 : 2, 0.1);
    for (const TieBreak rule :
         {TieBreak::index, TieBreak::lottery, TieBreak::lottery_per_company}) {
      for (const Proposer side : {Proposer::candidates, Proposer::companies}) {
        const StableOptions o{side, rule, static_cast<std::uint64_t>(t)};
        const Assignment a = stable_assignment(s.prefs, s.scores, s.caps, o);
        const TieOrder order{rule, o.seed};
        ASSERT_EQ(blocking_pairs(s.prefs, s.scores, s.caps, a.company, {order}).rows(), 0);
        ASSERT_EQ(blocking_pairs(s.prefs, s.scores, s.caps, a.company, {{}, true}).rows(), 0);
        const Assignment again = stable_assignment(s.prefs, s.scores, s.caps, o);
        ASSERT_EQ(to_vec(again.company), to_vec(a.company));
        // The audit, by its definition.
        std::set<Index> tie_companies;
        for (const DecidedTie& tie : a.ties) {
          tie_companies.insert(tie.company);
          ASSERT_FALSE(tie.won.empty());
          ASSERT_FALSE(tie.lost.empty());
          ASSERT_EQ((a.company.array() == tie.company).count(), s.caps[tie.company]);  // full
          for (const Index w : tie.won) {
            ASSERT_EQ(a.company[w], tie.company);
            ASSERT_EQ(s.scores(w, tie.company), tie.score);
            for (const Index l : tie.lost) {
              ASSERT_TRUE(order.prefers(tie.score, w, tie.score, l, tie.company));
            }
          }
          for (const Index l : tie.lost) {
            ASSERT_EQ(s.scores(l, tie.company), tie.score);
            ASSERT_LT(testing::rank_in(s, l, tie.company), testing::rank_in(s, l, a.company[l]));
          }
          ++decided;
        }
        for (Index j = 0; j < m; ++j) {  // no company left out of the audit
          if (tie_companies.count(j) != 0) {
            continue;
          }
          double cutoff = testing::kInf;
          Index fill = 0;
          for (Index i = 0; i < n; ++i) {
            if (a.company[i] == j) {
              cutoff = std::min(cutoff, s.scores(i, j));
              ++fill;
            }
          }
          for (Index i = 0; i < n; ++i) {
            const bool wants = testing::rank_in(s, i, j) < testing::rank_in(s, i, a.company[i]) &&
                               s.acceptable(i, j);
            ASSERT_FALSE(wants && fill > 0 && fill == s.caps[j] && s.scores(i, j) == cutoff)
                << "t=" << t << ": an undeclared tie at company " << j;
          }
        }
        if (t % 4 == 0) {  // distinct scores: the rule never matters
          const Assignment by_index = stable_assignment(s.prefs, s.scores, s.caps, {side});
          ASSERT_EQ(to_vec(a.company), to_vec(by_index.company));
        }
      }
    }
  }
  EXPECT_GT(decided, 200);  // the instances do have deciding ties
}

// Weak stability and Pareto domination for candidates, by definition.
bool weakly_stable(const SmallInstance& s, const std::vector<Index>& company) {
  for (Index i = 0; i < s.n(); ++i) {
    for (Index r = 0; r < testing::rank_in(s, i, company[static_cast<std::size_t>(i)]); ++r) {
      const Index j = s.prefs(i, r);
      if (j == kNone || !s.acceptable(i, j)) {
        continue;
      }
      Index fill = 0;
      bool lower = false;
      for (Index x = 0; x < s.n(); ++x) {
        if (company[static_cast<std::size_t>(x)] == j) {
          ++fill;
          lower = lower || s.scores(x, j) < s.scores(i, j);
        }
      }
      if (fill < s.caps[j] || lower) {
        return false;
      }
    }
  }
  return true;
}

bool dominates(const SmallInstance& s, const std::vector<Index>& a, const std::vector<Index>& b) {
  bool strictly = false;
  for (Index i = 0; i < s.n(); ++i) {
    const Index ra = testing::rank_in(s, i, a[static_cast<std::size_t>(i)]);
    const Index rb = testing::rank_in(s, i, b[static_cast<std::size_t>(i)]);
    if (ra > rb) {
      return false;
    }
    strictly = strictly || ra < rb;
  }
  return strictly;
}

// Improvement cycles, against every feasible matching of small tie-heavy
// markets: weakly stable, at least as good as deferred acceptance for every
// candidate, and not Pareto-dominated by any weakly stable matching.
TEST(ImprovementCycles, CandidateEfficientAmongWeaklyStableByBruteForce) {
  std::mt19937_64 rng(7);
  int improved = 0;
  for (int t = 0; t < 3000; ++t) {
    const Index n = 2 + static_cast<Index>(rng() % 6);
    const Index m = 2 + static_cast<Index>(rng() % 3);
    const SmallInstance s = testing::random_instance(rng, n, m, m, 2, 2, 0.1, t % 2 == 0);
    for (const TieBreak rule : {TieBreak::index, TieBreak::lottery}) {
      const StableOptions plain{Proposer::candidates, rule, static_cast<std::uint64_t>(t)};
      StableOptions better = plain;
      better.improve = true;
      const Assignment da = stable_assignment(s.prefs, s.scores, s.caps, plain);
      const Assignment a = stable_assignment(s.prefs, s.scores, s.caps, better);
      const auto va = to_vec(a.company);
      const auto vd = to_vec(da.company);
      ASSERT_TRUE(weakly_stable(s, va)) << "t=" << t;
      ASSERT_EQ(blocking_pairs(s.prefs, s.scores, s.caps, a.company, {{}, true}).rows(), 0);
      ASSERT_EQ(a.placed, da.placed);
      ASSERT_FALSE(dominates(s, vd, va)) << "t=" << t;
      for (Index i = 0; i < n; ++i) {
        ASSERT_LE(testing::rank_in(s, i, va[static_cast<std::size_t>(i)]),
                  testing::rank_in(s, i, vd[static_cast<std::size_t>(i)]))
            << "t=" << t;
      }
      improved += dominates(s, va, vd) ? 1 : 0;
      testing::for_each_feasible(s, [&](const std::vector<Index>& c) {
        if (weakly_stable(s, c)) {
          ASSERT_FALSE(dominates(s, c, va)) << "t=" << t << ": a weakly stable matching is better";
        }
      });
    }
  }
  EXPECT_GT(improved, 30);  // the cycles had something to do
}

// At scale: still weakly stable, nobody worse than under deferred acceptance.
TEST(ImprovementCycles, SyntheticMarketWithTies) {
  SyntheticOptions o;
  o.candidates = 3000;
  o.seed = 5;
  SyntheticMarket mk = make_synthetic_market(o);
  mk.scores = (mk.scores.array() * 4.0).floor().matrix();  // four tiers: many ties
  StableOptions plain{Proposer::candidates, TieBreak::lottery, 11};
  StableOptions better = plain;
  better.improve = true;
  const Assignment da = stable_assignment(mk.preferences, mk.scores, mk.capacities, plain);
  const Assignment a = stable_assignment(mk.preferences, mk.scores, mk.capacities, better);
  EXPECT_EQ(blocking_pairs(mk.preferences, mk.scores, mk.capacities, a.company, {{}, true}).rows(),
            0);
  int gained = 0;
  for (Index i = 0; i < o.candidates; ++i) {
    const Index rd = da.rank[i] == kNone ? 99 : da.rank[i];
    const Index ra = a.rank[i] == kNone ? 99 : a.rank[i];
    ASSERT_LE(ra, rd);
    gained += ra < rd ? 1 : 0;
  }
  EXPECT_EQ(a.placed, da.placed);
  EXPECT_GT(gained, 0);
}

}  // namespace
}  // namespace kobling
