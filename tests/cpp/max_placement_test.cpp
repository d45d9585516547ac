// max_placement: the header's example, pinned errors, and brute force,
// Boost's Edmonds matching and max flow on thousands of small instances, with
// every certificate checked by the independent verifier.
#include <gtest/gtest.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/max_cardinality_matching.hpp>
#include <random>

#include "brute_force.hpp"
#include "kobling/errors.hpp"
#include "kobling/max_placement.hpp"
#include "kobling/verify.hpp"

namespace kobling {
namespace {

using testing::brute_best;
using testing::Case;
using testing::random_case;
using testing::SmallInstance;
using testing::to_vec;

// Seat-expanded maximum cardinality matching with Boost's Edmonds algorithm.
std::int64_t edmonds_placed(const SmallInstance& s) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  std::vector<std::int64_t> first_seat(static_cast<std::size_t>(s.m()) + 1, 0);
  for (Index j = 0; j < s.m(); ++j) {
    first_seat[static_cast<std::size_t>(j) + 1] =
        first_seat[static_cast<std::size_t>(j)] + s.caps[j];
  }
  const auto n = static_cast<std::size_t>(s.n());
  Graph g(n + static_cast<std::size_t>(first_seat.back()));
  for (Index i = 0; i < s.n(); ++i) {
    for (Index r = 0; r < s.k(); ++r) {
      const Index j = s.prefs(i, r);
      if (j == kNone || !s.acceptable(i, j)) {
        continue;
      }
      for (std::int64_t seat = first_seat[static_cast<std::size_t>(j)];
           seat < first_seat[static_cast<std::size_t>(j) + 1]; ++seat) {
        boost::add_edge(static_cast<std::size_t>(i), n + static_cast<std::size_t>(seat), g);
      }
    }
  }
  std::vector<boost::graph_traits<Graph>::vertex_descriptor> mate(boost::num_vertices(g));
  boost::edmonds_maximum_cardinality_matching(g, &mate[0]);
  return static_cast<std::int64_t>(boost::matching_size(g, &mate[0]));
}

TEST(MaxPlacement, HeaderExample) {
  PreferenceMatrix prefs(2, 2);
  prefs << 0, 1, 0, -1;
  CapacityVector caps(2);
  caps << 1, 1;
  const Assignment a = max_placement_assignment(prefs, caps);
  EXPECT_EQ(to_vec(a.company), (std::vector<Index>{1, 0}));
  EXPECT_EQ(a.placed, 2);
  EXPECT_DOUBLE_EQ(a.objective, 0.0 + 1.0);  // ranks 1 and 0 with bonus (1, 0)
  EXPECT_EQ(a.duals.levels, (std::vector<std::string>{"placed", "utility"}));
}

TEST(MaxPlacementErrors, PinnedMessages) {
  PreferenceMatrix prefs(1, 3);
  prefs << 0, 1, 2;
  CapacityVector caps = CapacityVector::Ones(3);
  MaxPlacementOptions o;
  o.rank_bonus = {2.0, 1.0};
  try {
    max_placement_assignment(prefs, caps, {}, {}, o);
    ADD_FAILURE();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.array.bad_option] rank_bonus: has 2 entries but the lists have k = 3 "
                 "columns; give one bonus per rank");
  }
  o.rank_bonus = {2.0, std::nan(""), 0.0};
  try {
    max_placement_assignment(prefs, caps, {}, {}, o);
    ADD_FAILURE();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "[kobling.array.bad_option] rank_bonus[1]: must be finite, got nan");
  }
  MaskMatrix mask = MaskMatrix::Constant(2, 3, true);
  try {
    max_placement_assignment(prefs, caps, mask);
    ADD_FAILURE();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.array.shape] allowed: shape (2, 3) does not match (n, m) = (1, 3)");
  }
}

TEST(MaxPlacement, BruteForceAndBoost) {
  std::mt19937_64 rng(11);
  for (int t = 0; t < 3000; ++t) {
    const Case c = random_case(rng, t);
    const SmallInstance& s = c.s;
    MaxPlacementOptions o;
    o.score_weight = t % 2 == 0 ? 1.0 : 0.5;
    if (t % 5 == 0) {
      o.rank_bonus.assign(static_cast<std::size_t>(s.k()), 0.0);
      o.rank_bonus[0] = 3.0;
    }
    const Assignment a = max_placement_assignment(s.prefs, s.caps, c.allowed, c.scores, o);
    std::vector<double> bonus = o.rank_bonus;
    if (bonus.empty()) {
      for (Index r = 0; r < s.k(); ++r) {
        bonus.push_back(static_cast<double>(s.k() - 1 - r));
      }
    }
    const auto utility = [&](const std::vector<Index>& comp) {
      double total = 0.0;
      double placed = 0.0;
      for (Index i = 0; i < s.n(); ++i) {
        const Index j = comp[static_cast<std::size_t>(i)];
        if (j != kNone) {
          placed += 1.0;
          total += bonus[static_cast<std::size_t>(testing::rank_in(s, i, j))] +
                   o.score_weight * c.scores(i, j);
        }
      }
      return std::vector<double>{placed, total};
    };
    const auto best = brute_best(s, utility);
    ASSERT_EQ(static_cast<double>(a.placed), best[0]) << "t=" << t;
    ASSERT_NEAR(a.objective, best[1], 1e-9) << "t=" << t;
    ASSERT_NEAR(utility(to_vec(a.company))[1], a.objective, 1e-9);
    ASSERT_EQ(a.placed, edmonds_placed(s)) << "t=" << t;
    ASSERT_EQ(a.placed, max_placement_count(s.prefs, s.caps, c.scores, c.allowed));
    const CheckReport cert =
        check_max_placement_certificate(s.prefs, s.caps, c.allowed, c.scores, o, a);
    ASSERT_TRUE(cert.ok) << "t=" << t << ": " << cert.violations.front();
  }
}

}  // namespace
}  // namespace kobling
