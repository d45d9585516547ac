// Verifiers on hand-made cases: feasibility reports, blocking pairs, errors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "kobling/errors.hpp"
#include "kobling/optimal_assignment.hpp"
#include "kobling/verify.hpp"

namespace kobling {
namespace {

struct Fixture {
  PreferenceMatrix prefs{3, 2};
  ScoreMatrix scores{3, 2};
  CapacityVector caps{2};
  Fixture() {
    prefs << 0, 1, 0, 1, 1, -1;
    scores << 1, 1, 2, 2, 3, 3;
    caps << 1, 1;
  }
};

IndexVector vec(std::initializer_list<Index> xs) {
  IndexVector v(static_cast<Eigen::Index>(xs.size()));
  Eigen::Index i = 0;
  for (const Index x : xs) {
    v[i++] = x;
  }
  return v;
}

TEST(Verify, BlockingPairsByDefinition) {
  Fixture f;
  // Everyone unplaced: every listed pair has a free seat, so all block.
  PairList all = blocking_pairs(f.prefs, f.scores, f.caps, vec({-1, -1, -1}));
  EXPECT_EQ(all.rows(), 5);
  // c0 at company 0, c2 at 1: c1 prefers 0 and company 0 prefers c1 (2 > 1);
  // c1 also blocks with company 1? company 1 holds c2 (3 > 2): no.
  PairList p = blocking_pairs(f.prefs, f.scores, f.caps, vec({0, -1, 1}));
  ASSERT_EQ(p.rows(), 1);
  EXPECT_EQ(p(0, 0), 1);
  EXPECT_EQ(p(0, 1), 0);
  // The stable answer has none.
  EXPECT_EQ(blocking_pairs(f.prefs, f.scores, f.caps, vec({-1, 0, 1})).rows(), 0);
}

TEST(Verify, FeasibilityReportsEachViolation) {
  Fixture f;
  CheckReport r = check_feasibility(f.prefs, f.caps, vec({0, 0, 0}));
  EXPECT_FALSE(r.ok);
  ASSERT_EQ(r.violations.size(), 2U);
  EXPECT_EQ(r.violations[0], "company_of[2]: company 0 is not on candidate 2's list");
  EXPECT_EQ(r.violations[1], "company 0: 2 assigned, capacity 1");
  ScoreMatrix refused = f.scores;
  refused(0, 1) = -std::numeric_limits<double>::infinity();
  r = check_feasibility(f.prefs, f.caps, vec({1, -1, -1}), refused);
  EXPECT_EQ(r.violations.at(0), "company_of[0]: company 1 does not accept candidate 0");
  EXPECT_TRUE(check_feasibility(f.prefs, f.caps, vec({1, 0, -1})).ok);
}

TEST(Verify, MalformedAssignmentsThrow) {
  Fixture f;
  try {
    (void)blocking_pairs(f.prefs, f.scores, f.caps, vec({0, 0}));
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "[kobling.array.shape] company_of: length 2 does not match n = 3");
  }
  try {
    (void)blocking_pairs(f.prefs, f.scores, f.caps, vec({0, 7, -1}));
    FAIL();
  } catch (const OutOfRange& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.array.company_index] company_of[1]: company index 7 is not in [0, 2); "
                 "use -1 for unplaced");
  }
  try {
    (void)blocking_pairs(f.prefs, f.scores, f.caps, vec({0, 0, -1}));
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.verify.infeasible] company_of: not a feasible assignment: company 0: 2 "
                 "assigned, capacity 1");
  }
}

TEST(Verify, MaxPlacementCount) {
  Fixture f;
  EXPECT_EQ(max_placement_count(f.prefs, f.caps), 2);
  CapacityVector zero = CapacityVector::Zero(2);
  EXPECT_EQ(max_placement_count(f.prefs, zero), 0);
  MaskMatrix none = MaskMatrix::Constant(3, 2, false);
  EXPECT_EQ(max_placement_count(f.prefs, f.caps, {}, none), 0);
}

// Utilities spanning up to 16 orders of magnitude: the solver's own optimum
// passes its certificate (its duals round relative to the largest dual), a
// result changed at the scale of the large utility does not, and a certificate
// with a non-finite dual never does.
TEST(Verify, CertificateToleranceFollowsTheDualsScale) {
  std::uint64_t state = 11;
  const auto uniform = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) * 0x1.0p-53;
  };
  int accepted = 0;
  int rejected = 0;
  for (int round = 0; round < 300; ++round) {
    const auto n = static_cast<Index>(2 + uniform() * 10);
    const auto m = static_cast<Index>(1 + uniform() * 5);
    ScoreMatrix u(n, m);
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < m; ++j) {
        u(i, j) = uniform() < 0.15 ? kForbidden : uniform();
      }
    }
    const auto i0 = static_cast<Index>(uniform() * n);
    const auto j0 = static_cast<Index>(uniform() * m);
    u(i0, j0) = (1.0 + uniform()) * std::pow(10.0, 8 + static_cast<int>(uniform() * 9));
    CapacityVector caps(m);
    for (Index j = 0; j < m; ++j) {
      caps[j] = static_cast<Index>(uniform() * 3);
    }
    caps[j0] = std::max<Index>(caps[j0], 1);
    for (const bool card : {false, true}) {
      const OptimalAssignmentOptions o{card};
      Assignment a = optimal_assignment(u, caps, o);
      const CheckReport own = check_optimal_certificate(u, caps, o, a);
      EXPECT_TRUE(own.ok) << "round " << round << ": "
                          << (own.violations.empty() ? "" : own.violations[0]);
      accepted += own.ok ? 1 : 0;
      if (!card) {
        ASSERT_EQ(a.company[i0], j0) << "round " << round;  // the large pair is worth it
        // Leaving the large pair out is wrong at its own scale.
        Assignment worse = a;
        worse.company[i0] = kNone;
        worse.objective -= u(i0, j0);
        rejected += check_optimal_certificate(u, caps, o, worse).ok ? 0 : 1;
      }
      // A certificate with an infinite dual proves nothing.
      Assignment inf = a;
      inf.duals.candidate(i0, inf.duals.candidate.cols() - 1) =
          std::numeric_limits<double>::infinity();
      const CheckReport r = check_optimal_certificate(u, caps, o, inf);
      EXPECT_FALSE(r.ok);
      EXPECT_NE(r.violations.at(0).find("is not finite"), std::string::npos);
    }
  }
  EXPECT_EQ(accepted, 600);
  EXPECT_EQ(rejected, 300);
}

}  // namespace
}  // namespace kobling
