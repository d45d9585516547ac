// Rounds of the stable policy (stable.hpp, "Rounds"): pinned pairs kept,
// withdrawn candidates unplaced, stability except with pins and kept
// incumbents, nobody worse off, and every bad round input named.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "brute_force.hpp"
#include "kobling/errors.hpp"
#include "kobling/max_placement.hpp"
#include "kobling/optimal_assignment.hpp"
#include "kobling/rank_maximal.hpp"
#include "kobling/stable.hpp"
#include "kobling/verify.hpp"

namespace kobling {
namespace {

using testing::brute_best;
using testing::SmallInstance;
using testing::to_vec;

Index rank_or_k(const SmallInstance& s, Index i, Index j) { return testing::rank_in(s, i, j); }

// Each blocking pair (i, j) of the full market must be excused: i is pinned
// or withdrawn (out of the market), or every holder of j whom j ranks below i is pinned or an
// incumbent j must keep.
void expect_only_excused_blocking(const SmallInstance& s, const Assignment& a,
                                  const StableOptions& o, const char* what, int t) {
  const PairList blocking =
      blocking_pairs(s.prefs, s.scores, s.caps, a.company, {TieOrder{o.tie_break, o.seed}});
  const TieOrder order{o.tie_break, o.seed};
  for (Eigen::Index b = 0; b < blocking.rows(); ++b) {
    const Index i = blocking(b, 0);
    const Index j = blocking(b, 1);
    if ((o.fixed.size() > 0 && o.fixed[i] != kNone) || (o.withdrawn.size() > 0 && o.withdrawn[i])) {
      continue;  // pinned, or out of the market
    }
    bool excused = true;
    Index fill = 0;
    for (Index x = 0; x < s.n(); ++x) {
      if (a.company[x] != j) {
        continue;
      }
      ++fill;
      if (order.prefers(s.scores(i, j), i, s.scores(x, j), x, j)) {
        const bool pinned = o.fixed.size() > 0 && o.fixed[x] == j;
        const bool kept = o.no_worse && o.previous[x] == j;
        excused = excused && (pinned || kept);
      }
    }
    ASSERT_TRUE(excused && fill == s.caps[j])
        << what << " t=" << t << ": (" << i << ", " << j << ") blocks without a pin or incumbent";
  }
}

TEST(Rounds, PinsWithdrawalsAndStabilityAgainstTheDefinition) {
  std::mt19937_64 rng(42);
  for (int t = 0; t < 3000; ++t) {
    const Index n = 2 + static_cast<Index>(rng() % 9);
    const Index m = 1 + static_cast<Index>(rng() % 4);
    const SmallInstance s = testing::random_instance(rng, n, m, std::min<Index>(3, m), 3, 3, 0.1);
    // A first round, then pins among its placements and withdrawals (the
    // same lottery in both rounds).
    StableOptions o;
    o.tie_break = TieBreak::lottery;
    o.seed = static_cast<std::uint64_t>(t);
    const Assignment first = stable_assignment(s.prefs, s.scores, s.caps, o);
    o.fixed = IndexVector::Constant(n, kNone);
    o.withdrawn = MaskVector::Constant(n, false);
    o.previous = first.company;
    for (Index i = 0; i < n; ++i) {
      const auto roll = rng() % 4;
      if (roll == 0 && first.company[i] != kNone) {
        o.fixed[i] = first.company[i];
      } else if (roll == 1) {
        o.withdrawn[i] = true;
      }
    }
    const Assignment a = stable_assignment(s.prefs, s.scores, s.caps, o);
    for (Index i = 0; i < n; ++i) {
      if (o.fixed[i] != kNone) {
        ASSERT_EQ(a.company[i], o.fixed[i]) << "t=" << t;
      }
      if (o.withdrawn[i]) {
        ASSERT_EQ(a.company[i], kNone) << "t=" << t;
      }
      // A pin removes a candidate with the seat it held, a withdrawal a
      // competitor: the first round restricted to the others stays stable,
      // and the candidate-optimal stable matching is at least as good for
      // every one of them.
      if (!o.withdrawn[i]) {
        ASSERT_LE(rank_or_k(s, i, a.company[i]), rank_or_k(s, i, first.company[i])) << "t=" << t;
      }
    }
    ASSERT_TRUE(check_feasibility(s.prefs, s.caps, a.company, s.scores).ok);
    expect_only_excused_blocking(s, a, o, "pins", t);
    ASSERT_TRUE(a.changes.lost_seat.empty()) << "t=" << t;
    // The changes, by definition.
    for (Index i = 0; i < n; ++i) {
      const bool moved = std::count(a.changes.moved.begin(), a.changes.moved.end(), i) == 1;
      const bool fresh =
          std::count(a.changes.newly_placed.begin(), a.changes.newly_placed.end(), i) == 1;
      ASSERT_EQ(moved, !o.withdrawn[i] && first.company[i] != kNone && a.company[i] != kNone &&
                           a.company[i] != first.company[i]);
      ASSERT_EQ(fresh, !o.withdrawn[i] && first.company[i] == kNone && a.company[i] != kNone);
    }
  }
}

// Withdrawals and extra seats, without pins: plain deferred acceptance on
// the new market leaves nobody who stays worse off (comparative statics).
TEST(Rounds, WithdrawalsAndExtraSeatsMakeNobodyWorse) {
  std::mt19937_64 rng(7);
  for (int t = 0; t < 3000; ++t) {
    const Index n = 2 + static_cast<Index>(rng() % 9);
    const Index m = 1 + static_cast<Index>(rng() % 4);
    SmallInstance s = testing::random_instance(rng, n, m, std::min<Index>(3, m), 2, 4, 0.1);
    const Assignment first = stable_assignment(s.prefs, s.scores, s.caps);
    StableOptions o;
    o.withdrawn = MaskVector::Constant(n, false);
    o.previous = first.company;
    for (Index i = 0; i < n; ++i) {
      o.withdrawn[i] = rng() % 4 == 0;
    }
    for (Index j = 0; j < m; ++j) {
      s.caps[j] += static_cast<Index>(rng() % 2);
    }
    const Assignment a = stable_assignment(s.prefs, s.scores, s.caps, o);
    expect_only_excused_blocking(s, a, o, "withdrawals", t);
    for (Index i = 0; i < n; ++i) {
      if (!o.withdrawn[i]) {
        ASSERT_LE(rank_or_k(s, i, a.company[i]), rank_or_k(s, i, first.company[i])) << "t=" << t;
      }
    }
    ASSERT_TRUE(a.changes.lost_seat.empty());
  }
}

// Late candidates and new wishes can displace people; no_worse keeps every
// incumbent's seat, and only incumbents excuse a blocking pair.
TEST(Rounds, NoWorseWithLateCandidatesAndNewWishes) {
  std::mt19937_64 rng(99);
  int displaced_without = 0;
  for (int t = 0; t < 3000; ++t) {
    const Index m = 1 + static_cast<Index>(rng() % 4);
    const Index n1 = 2 + static_cast<Index>(rng() % 6);
    const Index late = 1 + static_cast<Index>(rng() % 3);
    const SmallInstance s =
        testing::random_instance(rng, n1 + late, m, std::min<Index>(3, m), 2, 3, 0.1);
    // Round one: the first n1 candidates, each with a shorter list (the
    // second round adds their later wishes).
    PreferenceMatrix first_prefs = s.prefs.topRows(n1);
    for (Index i = 0; i < n1; ++i) {
      if (rng() % 2 == 0) {
        for (Index r = 1; r < first_prefs.cols(); ++r) {
          first_prefs(i, r) = kNone;
        }
      }
    }
    const ScoreMatrix first_scores = s.scores.topRows(n1);
    const Assignment first = stable_assignment(first_prefs, first_scores, s.caps);
    StableOptions o;
    o.previous = IndexVector::Constant(n1 + late, kNone);
    o.previous.head(n1) = first.company;
    o.withdrawn = MaskVector::Constant(n1 + late, false);
    for (Index i = 0; i < n1; ++i) {
      o.withdrawn[i] = rng() % 5 == 0;
    }
    StableOptions plain_options;
    plain_options.withdrawn = o.withdrawn;
    plain_options.previous = o.previous;
    const Assignment plain = stable_assignment(s.prefs, s.scores, s.caps, plain_options);
    displaced_without += plain.changes.lost_seat.empty() ? 0 : 1;
    o.no_worse = true;
    const Assignment a = stable_assignment(s.prefs, s.scores, s.caps, o);
    for (Index i = 0; i < n1; ++i) {
      if (!o.withdrawn[i]) {
        ASSERT_LE(rank_or_k(s, i, a.company[i]), rank_or_k(s, i, first.company[i])) << "t=" << t;
      }
    }
    ASSERT_TRUE(a.changes.lost_seat.empty());
    expect_only_excused_blocking(s, a, o, "no_worse", t);
  }
  EXPECT_GT(displaced_without, 20);  // the option has something to prevent
}

TEST(Rounds, BadInputsAreNamed) {
  PreferenceMatrix prefs(3, 2);
  prefs << 0, 1, 0, -1, 1, 0;
  ScoreMatrix scores(3, 2);
  scores << 1, 1, 1, testing::kInf * -1, 1, 1;
  CapacityVector caps(2);
  caps << 1, 1;
  const auto fails = [&](const StableOptions& o, const char* id, const char* text) {
    try {
      (void)stable_assignment(prefs, scores, caps, o);
      ADD_FAILURE() << id;
    } catch (const Error& e) {
      EXPECT_EQ(e.id(), id);
      EXPECT_STREQ(dynamic_cast<const std::exception&>(e).what(), text);
    }
  };
  StableOptions o;
  o.fixed = IndexVector::Constant(3, kNone);
  o.fixed[1] = 1;
  fails(o, "kobling.array.pinned_not_acceptable",
        "[kobling.array.pinned_not_acceptable] fixed[1]: company 1 is not on the candidate's "
        "list; a pinned pair must be a listed, acceptable pair");
  o.fixed << 0, 0, kNone;
  fails(o, "kobling.array.pinned_over_capacity",
        "[kobling.array.pinned_over_capacity] fixed[1]: company 0 has 1 seat(s) and more pinned "
        "candidates");
  o.fixed << 0, kNone, kNone;
  o.withdrawn = MaskVector::Constant(3, false);
  o.withdrawn[0] = true;
  fails(o, "kobling.array.pinned_withdrawn",
        "[kobling.array.pinned_withdrawn] fixed[0]: candidate 0 is both pinned and withdrawn; a "
        "withdrawn candidate keeps no seat");
  StableOptions w;
  w.no_worse = true;
  fails(w, "kobling.array.bad_option",
        "[kobling.array.bad_option] no_worse: needs previous: the last round's company per "
        "candidate");
  w.previous = IndexVector::Constant(2, kNone);
  fails(w, "kobling.array.shape", "[kobling.array.shape] previous: length 2 does not match n = 3");
  w.previous = IndexVector::Constant(3, kNone);
  w.previous[2] = 0;
  w.previous[0] = 0;
  fails(w, "kobling.array.previous_over_capacity",
        "[kobling.array.previous_over_capacity] previous: company 0 held 2 candidate(s) who stay, "
        "but has 1 seat(s) besides the pinned ones; no_worse cannot keep them");
  w.previous << kNone, 1, kNone;
  fails(w, "kobling.array.previous_not_acceptable",
        "[kobling.array.previous_not_acceptable] previous[1]: company 1 is no longer a listed, "
        "acceptable pair of the candidate, so no_worse cannot keep it");
}

// A random round on a random small market: a previous assignment (feasible),
// some pins among its placements, some withdrawals, no_worse half the time.
RoundOptions random_round(std::mt19937_64& rng, const SmallInstance& s) {
  RoundOptions o;
  const Index n = s.n();
  o.previous = IndexVector::Constant(n, kNone);
  std::vector<Index> fill(static_cast<std::size_t>(s.m()), 0);
  for (Index i = 0; i < n; ++i) {
    for (Index r = 0; r < s.k(); ++r) {
      const Index j = s.prefs(i, r);
      if (j != kNone && s.acceptable(i, j) && fill[static_cast<std::size_t>(j)] < s.caps[j] &&
          rng() % 2 == 0) {
        o.previous[i] = j;
        ++fill[static_cast<std::size_t>(j)];
        break;
      }
    }
  }
  o.fixed = IndexVector::Constant(n, kNone);
  o.withdrawn = MaskVector::Constant(n, false);
  for (Index i = 0; i < n; ++i) {
    const auto roll = rng() % 5;
    if (roll == 0 && o.previous[i] != kNone) {
      o.fixed[i] = o.previous[i];
    } else if (roll == 1) {
      o.withdrawn[i] = true;
    }
  }
  o.no_worse = rng() % 2 == 0;
  return o;
}

// The levels of a full assignment under a round: kept, placed, stays (the
// policy's levels are added by the caller), or nothing when it breaks a pin,
// a withdrawal or no_worse's rank bound.
bool round_levels(const SmallInstance& s, const RoundOptions& o, const std::vector<Index>& c,
                  double& kept, double& stays) {
  kept = 0.0;
  stays = 0.0;
  for (Index i = 0; i < s.n(); ++i) {
    const Index j = c[static_cast<std::size_t>(i)];
    if (o.fixed[i] != kNone) {
      if (j != o.fixed[i]) {
        return false;
      }
      continue;
    }
    if (o.withdrawn[i]) {
      if (j != kNone) {
        return false;
      }
      continue;
    }
    const Index before = o.previous[i];
    if (o.no_worse && before != kNone && j != kNone) {
      if (testing::rank_in(s, i, j) > testing::rank_in(s, i, before)) {
        return false;
      }
      kept += 1.0;
    }
    stays += before != kNone && j == before ? 1.0 : 0.0;
  }
  return true;
}

TEST(Rounds, MaxPlacementAndRankMaximalAgainstBruteForce) {
  std::mt19937_64 rng(2026);
  int refused = 0;
  int moved_less = 0;
  for (int t = 0; t < 3000; ++t) {
    testing::Case c = testing::random_case(rng, t);
    const RoundOptions o = random_round(rng, c.s);
    // A third of the rounds lose a seat that was held: not every incumbent
    // (or pin) may fit any more.
    if (t % 3 == 0) {
      for (Index j = 0; j < c.s.m(); ++j) {
        if ((o.previous.array() == j).count() > 0) {
          --c.s.caps[j];
          break;
        }
      }
    }
    const SmallInstance& s = c.s;
    std::vector<Index> pins(static_cast<std::size_t>(s.m()), 0);
    bool over = false;
    for (Index i = 0; i < s.n(); ++i) {
      if (o.fixed[i] != kNone) {
        over = over || ++pins[static_cast<std::size_t>(o.fixed[i])] > s.caps[o.fixed[i]];
      }
    }
    Index incumbents = 0;
    for (Index i = 0; i < s.n(); ++i) {
      incumbents += o.no_worse && o.previous[i] != kNone && o.fixed[i] == kNone && !o.withdrawn[i];
    }
    for (int policy = 0; policy < 2; ++policy) {
      const auto key = [&](const std::vector<Index>& comp) {
        double kept = 0.0;
        double stays = 0.0;
        if (!round_levels(s, o, comp, kept, stays)) {
          return std::vector<double>{-1.0};
        }
        std::vector<double> k{kept};
        if (policy == 0) {
          double placed = 0.0;
          double utility = 0.0;
          for (Index i = 0; i < s.n(); ++i) {
            const Index j = comp[static_cast<std::size_t>(i)];
            if (j != kNone) {
              placed += 1.0;
              utility +=
                  static_cast<double>(s.k() - 1 - testing::rank_in(s, i, j)) + c.scores(i, j);
            }
          }
          k.insert(k.end(), {placed, stays, utility});
        } else {
          std::vector<double> ranks(static_cast<std::size_t>(s.k()), 0.0);
          double score = 0.0;
          for (Index i = 0; i < s.n(); ++i) {
            const Index j = comp[static_cast<std::size_t>(i)];
            if (j != kNone) {
              ranks[static_cast<std::size_t>(testing::rank_in(s, i, j))] += 1.0;
              score += c.scores(i, j);
            }
          }
          k.insert(k.end(), ranks.begin(), ranks.end());
          k.insert(k.end(), {stays, score});
        }
        return k;
      };
      const auto best = brute_best(s, key);
      Assignment a;
      try {
        if (policy == 0) {
          MaxPlacementOptions mo;
          mo.round = o;
          a = max_placement_assignment(s.prefs, s.caps, c.allowed, c.scores, mo);
        } else {
          RankMaximalOptions ro;
          ro.round = o;
          a = rank_maximal_assignment(s.prefs, s.caps, c.allowed, c.scores, ro);
        }
      } catch (const InvalidArgument& e) {
        // Only when the pins do not fit, or no_worse cannot keep every incumbent.
        if (over) {
          ASSERT_EQ(e.id(), "kobling.array.pinned_over_capacity") << "t=" << t;
          continue;
        }
        ASSERT_EQ(e.id(), "kobling.array.previous_over_capacity") << "t=" << t;
        ASSERT_LT(best[0], static_cast<double>(incumbents)) << "t=" << t;
        ++refused;
        continue;
      }
      ASSERT_FALSE(over) << "t=" << t;
      ASSERT_EQ(best[0], static_cast<double>(incumbents)) << "t=" << t;
      const auto got = key(to_vec(a.company));
      ASSERT_EQ(got.size(), best.size()) << "t=" << t << " policy " << policy;
      for (std::size_t l = 0; l + 1 < best.size(); ++l) {
        ASSERT_EQ(got[l], best[l]) << "t=" << t << " policy " << policy << " level " << l;
      }
      ASSERT_NEAR(got.back(), best.back(), 1e-9) << "t=" << t;
      ASSERT_TRUE(check_feasibility(s.prefs, s.caps, a.company, c.scores, c.allowed).ok);
      CheckReport cert;
      if (policy == 0) {
        MaxPlacementOptions mo;
        mo.round = o;
        cert = check_max_placement_certificate(s.prefs, s.caps, c.allowed, c.scores, mo, a);
      } else {
        RankMaximalOptions ro;
        ro.round = o;
        cert = check_rank_maximal_certificate(s.prefs, s.caps, c.allowed, c.scores, a, 1e-9, ro);
      }
      ASSERT_TRUE(cert.ok) << "t=" << t << " policy " << policy << ": " << cert.violations[0];
      // The changes, by definition.
      for (const Index i : a.changes.moved) {
        ASSERT_TRUE(o.previous[i] != kNone && a.company[i] != kNone &&
                    a.company[i] != o.previous[i]);
      }
      for (const Index i : a.changes.lost_seat) {
        ASSERT_TRUE(!o.no_worse || o.fixed[i] != kNone) << "t=" << t;  // nobody, with no_worse
      }
      moved_less += a.changes.moved.empty() ? 0 : 1;
    }
  }
  EXPECT_GT(refused, 5);
  EXPECT_GT(moved_less, 5);
}

// optimal_assignment has no lists: every allowed pair is one, and no_worse
// means a utility at least as high as the previous pair's.
TEST(Rounds, OptimalAssignmentAgainstBruteForce) {
  std::mt19937_64 rng(77);
  for (int t = 0; t < 2000; ++t) {
    const Index n = 1 + static_cast<Index>(rng() % 6);
    const Index m = 1 + static_cast<Index>(rng() % 3);
    SmallInstance s;  // every company listed, in index order; -inf = not allowed
    s.prefs = PreferenceMatrix(n, m);
    s.scores = ScoreMatrix(n, m);
    s.caps = CapacityVector(m);
    MaskMatrix allowed(n, m);
    ScoreMatrix utility(n, m);
    for (Index j = 0; j < m; ++j) {
      s.caps[j] = static_cast<Index>(rng() % 3);
    }
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < m; ++j) {
        s.prefs(i, j) = j;
        allowed(i, j) = rng() % 5 != 0;
        utility(i, j) = static_cast<double>(static_cast<int>(rng() % 7) - 2);  // some < 0
        s.scores(i, j) = allowed(i, j) ? utility(i, j) : -testing::kInf;
      }
    }
    const RoundOptions o = random_round(rng, s);
    const bool card = t % 2 == 0;
    Index incumbents = 0;
    for (Index i = 0; i < n; ++i) {
      incumbents += o.no_worse && o.previous[i] != kNone && o.fixed[i] == kNone && !o.withdrawn[i];
    }
    const auto key = [&](const std::vector<Index>& comp) {
      double kept = 0.0;
      double stays = 0.0;
      double placed = 0.0;
      double total = 0.0;
      for (Index i = 0; i < n; ++i) {
        const Index j = comp[static_cast<std::size_t>(i)];
        if (o.fixed[i] != kNone ? j != o.fixed[i] : (o.withdrawn[i] && j != kNone)) {
          return std::vector<double>{-1.0};
        }
        if (j != kNone) {
          placed += 1.0;
          total += utility(i, j);
        }
        if (o.fixed[i] != kNone || o.withdrawn[i]) {
          continue;
        }
        const Index before = o.previous[i];
        if (o.no_worse && before != kNone && j != kNone) {
          if (utility(i, j) < utility(i, before)) {
            return std::vector<double>{-1.0};
          }
          kept += 1.0;
        }
        stays += before != kNone && j == before ? 1.0 : 0.0;
      }
      return std::vector<double>{kept, card ? placed : 0.0, stays, total};
    };
    const auto best = brute_best(s, key);
    OptimalAssignmentOptions opt;
    opt.maximize_cardinality = card;
    opt.round = o;
    Assignment a;
    try {
      a = optimal_assignment(utility, s.caps, allowed, opt);
    } catch (const InvalidArgument& e) {
      FAIL() << "t=" << t << ": the previous round fits, yet " << e.what();
    }
    ASSERT_EQ(best[0], static_cast<double>(incumbents)) << "t=" << t;
    const auto got = key(to_vec(a.company));
    ASSERT_EQ(got.size(), best.size()) << "t=" << t;
    for (std::size_t l = 0; l + 1 < best.size(); ++l) {
      ASSERT_EQ(got[l], best[l]) << "t=" << t << " level " << l;
    }
    ASSERT_NEAR(got.back(), best.back(), 1e-9) << "t=" << t;
    ASSERT_NEAR(a.objective, got.back(), 1e-9) << "t=" << t;
    const CheckReport cert = check_optimal_certificate(utility, s.caps, allowed, opt, a);
    ASSERT_TRUE(cert.ok) << "t=" << t << ": " << cert.violations[0];
  }
}

}  // namespace
}  // namespace kobling
