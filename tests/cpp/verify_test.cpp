// Verifiers on hand-made cases (feasibility reports, blocking pairs, errors)
// and the certificate checks, shown to reject perturbed and swapped results.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "brute_force.hpp"
#include "kobling/errors.hpp"
#include "kobling/max_placement.hpp"
#include "kobling/optimal_assignment.hpp"
#include "kobling/rank_maximal.hpp"
#include "kobling/synthetic.hpp"
#include "kobling/verify.hpp"

namespace kobling {
namespace {

using testing::kInf;

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

// Utilities spanning up to 16 orders of magnitude (one outlier among values
// in [0, 1)): the solver's own optimum passes the strict, per-comparison
// check (its sums are exact to the smallest utility), a result changed among
// the small pairs or at the outlier does not, and a certificate with a
// non-finite dual never does.
TEST(Verify, CertificatesOverSixteenOrdersOfMagnitude) {
  std::uint64_t state = 11;
  const auto uniform = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) * 0x1.0p-53;
  };
  int accepted = 0;
  int small_perturbations = 0;
  int small_rejected = 0;
  int large_rejected = 0;
  for (int round = 0; round < 300; ++round) {
    const auto n = static_cast<Index>(2 + uniform() * 10);
    const auto m = static_cast<Index>(1 + uniform() * 5);
    ScoreMatrix u(n, m);
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < m; ++j) {
        u(i, j) = uniform() < 0.15 ? kForbidden : 0.01 + uniform();
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
      // A small pair left out: wrong by at most 1.01, next to the outlier.
      for (Index i = 0; i < n; ++i) {
        if (i != i0 && a.company[i] != kNone) {
          Assignment worse = a;
          worse.objective -= u(i, a.company[i]);
          worse.company[i] = kNone;
          ++small_perturbations;
          small_rejected += check_optimal_certificate(u, caps, o, worse).ok ? 0 : 1;
          break;
        }
      }
      if (!card) {
        ASSERT_EQ(a.company[i0], j0) << "round " << round;  // the outlier is worth it
        Assignment worse = a;
        worse.company[i0] = kNone;
        worse.objective -= u(i0, j0);
        large_rejected += check_optimal_certificate(u, caps, o, worse).ok ? 0 : 1;
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
  EXPECT_GT(small_perturbations, 300);
  EXPECT_EQ(small_rejected, small_perturbations);
  EXPECT_EQ(large_rejected, 300);
}

// --- certificates must reject wrong answers --------------------------------------

TEST(Certificates, RejectPerturbedResults) {
  int tampered_checked = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    SyntheticOptions o;
    o.candidates = 60;
    o.companies = 8;
    o.seed = seed;
    o.refusal = 0.1;
    const SyntheticMarket mk = make_synthetic_market(o);
    const Index k = static_cast<Index>(mk.preferences.cols());
    const MaxPlacementOptions mo;
    const Assignment a = max_placement_assignment(mk.preferences, mk.capacities, {}, mk.scores, mo);
    ASSERT_TRUE(
        check_max_placement_certificate(mk.preferences, mk.capacities, {}, mk.scores, mo, a).ok);
    // Unplacing anyone makes the assignment strictly worse, so no certificate
    // can hold, even with the objective recomputed for the perturbed result.
    const auto first_placed = [](const Assignment& x) {
      for (Index i = 0; i < x.company.size(); ++i) {
        if (x.company[i] != kNone) {
          return i;
        }
      }
      return kNone;
    };
    const Index v = first_placed(a);
    ASSERT_NE(v, kNone);
    Assignment worse = a;
    worse.objective -= static_cast<double>(k - 1 - a.rank[v]) + mk.scores(v, a.company[v]);
    worse.company[v] = kNone;
    worse.rank[v] = kNone;
    --worse.placed;
    EXPECT_FALSE(
        check_max_placement_certificate(mk.preferences, mk.capacities, {}, mk.scores, mo, worse)
            .ok);
    // Tampered duals are rejected.
    if ((a.duals.company.col(1).array() > 1e-6).any()) {
      Assignment tampered = a;
      tampered.duals.company.col(1) *= 0.5;
      EXPECT_FALSE(check_max_placement_certificate(mk.preferences, mk.capacities, {}, mk.scores, mo,
                                                   tampered)
                       .ok);
      ++tampered_checked;
    }
    // The same for rank_maximal.
    const Assignment r = rank_maximal_assignment(mk.preferences, mk.capacities, {}, mk.scores);
    ASSERT_TRUE(check_rank_maximal_certificate(mk.preferences, mk.capacities, {}, mk.scores, r).ok);
    const Index w = first_placed(r);
    Assignment r2 = r;
    r2.objective -= mk.scores(w, r.company[w]);
    r2.company[w] = kNone;
    EXPECT_FALSE(
        check_rank_maximal_certificate(mk.preferences, mk.capacities, {}, mk.scores, r2).ok);
    // And optimal_assignment on the dense score matrix.
    const Assignment opt = optimal_assignment(mk.scores, mk.capacities);
    ASSERT_TRUE(check_optimal_certificate(mk.scores, mk.capacities, {}, opt).ok);
    const Index z = first_placed(opt);
    Assignment opt2 = opt;
    opt2.objective -= mk.scores(z, opt.company[z]);
    opt2.company[z] = kNone;
    EXPECT_FALSE(check_optimal_certificate(mk.scores, mk.capacities, {}, opt2).ok);
  }
  EXPECT_GT(tampered_checked, 100);
}

// A feasible but worse assignment (two candidates swap companies) must be
// rejected with the duals of the optimum, even next to huge weights.
TEST(Certificates, RejectFeasibleSwaps) {
  ScoreMatrix u(3, 2);
  u << 1e12, -kInf, -kInf, 5, -kInf, 1;
  CapacityVector caps(2);
  caps << 1, 1;
  Assignment a = optimal_assignment(u, caps);
  ASSERT_TRUE(check_optimal_certificate(u, caps, {}, a).ok);
  Assignment worse = a;
  worse.company << 0, -1, 1;
  worse.objective = 1e12 + 1;
  EXPECT_FALSE(check_optimal_certificate(u, caps, {}, worse).ok);

  int swaps = 0;
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    SyntheticOptions o;
    o.candidates = 40;
    o.companies = 6;
    o.seed = seed;
    const SyntheticMarket mk = make_synthetic_market(o);
    const Assignment opt = optimal_assignment(mk.scores, mk.capacities);
    for (Index x = 0; x < 40; ++x) {
      for (Index y = x + 1; y < 40; ++y) {
        const Index jx = opt.company[x];
        const Index jy = opt.company[y];
        if (jx == kNone || jy == kNone || jx == jy) {
          continue;
        }
        const double delta =
            mk.scores(x, jy) + mk.scores(y, jx) - mk.scores(x, jx) - mk.scores(y, jy);
        if (!(delta < -1e-9)) {
          continue;
        }
        Assignment s = opt;
        s.company[x] = jy;
        s.company[y] = jx;
        s.objective += delta;
        ASSERT_TRUE(check_feasibility(mk.scores, mk.capacities, s.company).ok);
        EXPECT_FALSE(check_optimal_certificate(mk.scores, mk.capacities, {}, s).ok);
        ++swaps;
        break;
      }
    }
  }
  EXPECT_GT(swaps, 100);
}

}  // namespace
}  // namespace kobling
