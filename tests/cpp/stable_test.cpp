// Deferred acceptance: textbook instances, errors, and exhaustive cross-checks.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>

#include "brute_force.hpp"
#include "kobling/errors.hpp"
#include "kobling/stable.hpp"
#include "kobling/synthetic.hpp"
#include "kobling/verify.hpp"

namespace kobling {
namespace {

using testing::kInf;
using testing::SmallInstance;
using testing::to_vec;

TEST(Stable, HeaderExample) {
  PreferenceMatrix prefs(3, 2);
  prefs << 0, 1, 0, -1, 1, 0;
  ScoreMatrix scores(3, 2);
  scores << 2, 3,  // candidate 0: company 1 likes it most
      3, 0,        // candidate 1: company 0 likes it most
      1, 1;
  CapacityVector caps(2);
  caps << 1, 1;
  const Assignment a = stable_assignment(prefs, scores, caps);
  EXPECT_EQ(to_vec(a.company), (std::vector<Index>{1, 0, -1}));
  EXPECT_EQ(to_vec(a.rank), (std::vector<Index>{1, 0, -1}));
  EXPECT_EQ(a.placed, 2);
  EXPECT_DOUBLE_EQ(a.objective, 3.0 + 3.0);
  EXPECT_EQ(a.rank_counts[0], 1);
  EXPECT_EQ(a.rank_counts[1], 1);
}

// Gale-Shapley's classic 3x3 marriage instance where the two sides' optima
// differ completely: each candidate's first choice ranks it last.
TEST(Stable, CandidateAndCompanyOptimaDiffer) {
  PreferenceMatrix prefs(3, 3);
  prefs << 0, 1, 2, 1, 2, 0, 2, 0, 1;
  // Company j ranks candidate (j+1)%3 first, (j+2)%3 second, j last.
  ScoreMatrix scores(3, 3);
  for (Index j = 0; j < 3; ++j) {
    scores((j + 1) % 3, j) = 3;
    scores((j + 2) % 3, j) = 2;
    scores(j, j) = 1;
  }
  CapacityVector caps = CapacityVector::Ones(3);
  const Assignment cand = stable_assignment(prefs, scores, caps);
  const Assignment comp = stable_assignment(prefs, scores, caps, {Proposer::companies});
  EXPECT_EQ(to_vec(cand.company), (std::vector<Index>{0, 1, 2}));  // all first wishes
  EXPECT_EQ(to_vec(comp.company), (std::vector<Index>{2, 0, 1}));  // all companies' firsts
  EXPECT_EQ(blocking_pairs(prefs, scores, caps, cand.company).rows(), 0);
  EXPECT_EQ(blocking_pairs(prefs, scores, caps, comp.company).rows(), 0);
}

TEST(Stable, CapacitiesAndRefusals) {
  // Four candidates all want company 0 (2 seats) first; it refuses candidate 3.
  PreferenceMatrix prefs(4, 2);
  prefs << 0, 1, 0, 1, 0, 1, 0, -1;
  ScoreMatrix scores(4, 2);
  scores << 1, 5, 4, 5, 3, 5, 9, 5;
  scores(3, 0) = -kInf;
  CapacityVector caps(2);
  caps << 2, 1;
  const Assignment a = stable_assignment(prefs, scores, caps);
  EXPECT_EQ(to_vec(a.company), (std::vector<Index>{1, 0, 0, -1}));
  EXPECT_EQ(to_vec(a.rank), (std::vector<Index>{1, 0, 0, -1}));
}

TEST(Stable, TiesGoToLowerIndex) {
  PreferenceMatrix prefs(3, 1);
  prefs << 0, 0, 0;
  ScoreMatrix scores = ScoreMatrix::Constant(3, 1, 0.5);
  CapacityVector caps(1);
  caps << 1;
  for (const Proposer p : {Proposer::candidates, Proposer::companies}) {
    const Assignment a = stable_assignment(prefs, scores, caps, {p});
    EXPECT_EQ(to_vec(a.company), (std::vector<Index>{0, -1, -1}));
  }
}

TEST(Stable, EdgeShapes) {
  const PreferenceMatrix none(0, 3);
  const ScoreMatrix s0(0, 2);
  CapacityVector caps(2);
  caps << 1, 1;
  const Assignment a = stable_assignment(none, s0, caps);
  EXPECT_EQ(a.placed, 0);
  EXPECT_EQ(a.company.size(), 0);
  // k = 0 lists: nobody can be placed.
  const PreferenceMatrix empty_lists(2, 0);
  const ScoreMatrix s1 = ScoreMatrix::Zero(2, 2);
  EXPECT_EQ(stable_assignment(empty_lists, s1, caps).placed, 0);
  // No companies at all.
  const PreferenceMatrix pad = PreferenceMatrix::Constant(2, 3, -1);
  const ScoreMatrix s2(2, 0);
  EXPECT_EQ(stable_assignment(pad, s2, CapacityVector(0)).placed, 0);
}

TEST(Stable, HugeCapacityDoesNotAllocateSeats) {
  PreferenceMatrix prefs(2, 1);
  prefs << 0, 0;
  ScoreMatrix scores = ScoreMatrix::Zero(2, 1);
  CapacityVector caps(1);
  caps << kMaxIndex;
  EXPECT_EQ(stable_assignment(prefs, scores, caps).placed, 2);
}

TEST(Stable, SparseScoresMatchDense) {
  SyntheticOptions o;
  o.candidates = 300;
  o.refusal = 0.1;
  o.seed = 7;
  const SyntheticMarket mk = make_synthetic_market(o);
  for (const Proposer p : {Proposer::candidates, Proposer::companies}) {
    const Assignment dense = stable_assignment(mk.preferences, mk.scores, mk.capacities, {p});
    const Assignment sparse =
        stable_assignment(mk.preferences, mk.listed_scores, mk.capacities, {p});
    EXPECT_EQ(to_vec(dense.company), to_vec(sparse.company));
    EXPECT_GT(dense.placed, 0);
  }
}

// --- errors: each message pinned -------------------------------------------

template <class E, class F>
void expect_error(F f, const std::string& message) {
  try {
    f();
    ADD_FAILURE() << "no exception; expected: " << message;
  } catch (const E& e) {
    EXPECT_EQ(std::string(e.what()), message);
  }
}

TEST(StableErrors, PinnedMessages) {
  CapacityVector caps(2);
  caps << 1, 1;
  ScoreMatrix scores = ScoreMatrix::Zero(2, 2);
  PreferenceMatrix prefs(2, 2);

  prefs << 0, 5, 1, -1;
  expect_error<OutOfRange>(
      [&] { stable_assignment(prefs, scores, caps); },
      "[kobling.array.company_index] preferences[0, 1]: company index 5 is not in [0, 2) "
      "(2 companies); use -1 for no company");
  prefs << 0, -2, 1, -1;
  expect_error<OutOfRange>([&] { stable_assignment(prefs, scores, caps); },
                           "[kobling.array.company_index] preferences[0, 1]: company index -2 is "
                           "not in [0, 2) (2 companies); use -1 for no company");
  prefs << -1, 1, 1, -1;
  expect_error<InvalidArgument>(
      [&] { stable_assignment(prefs, scores, caps); },
      "[kobling.array.padding] preferences[0, 1]: company 1 follows -1 padding; -1 may only pad "
      "the end of a list");
  prefs << 1, 1, 1, -1;
  expect_error<InvalidArgument>([&] { stable_assignment(prefs, scores, caps); },
                                "[kobling.array.duplicate_preference] preferences[0, 1]: company "
                                "1 is already listed at preferences[0, 0]");
  prefs << 0, 1, 1, -1;
  CapacityVector bad(2);
  bad << 1, -3;
  expect_error<InvalidArgument>(
      [&] { stable_assignment(prefs, scores, bad); },
      "[kobling.array.negative_capacity] capacities[1]: capacity must be >= 0, got -3");
  ScoreMatrix nan = scores;
  nan(1, 1) = std::nan("");
  expect_error<InvalidArgument>([&] { stable_assignment(prefs, nan, caps); },
                                "[kobling.array.nan] company_scores[1, 1]: NaN is not a score; "
                                "use -inf for a pair that is not allowed");
  ScoreMatrix inf = scores;
  inf(0, 0) = kInf;
  expect_error<InvalidArgument>(
      [&] { stable_assignment(prefs, inf, caps); },
      "[kobling.array.infinite] company_scores[0, 0]: +inf is not a score; use a finite number, "
      "or -inf for a pair that is not allowed");
  const ScoreMatrix wrong = ScoreMatrix::Zero(2, 3);
  expect_error<InvalidArgument>([&] { stable_assignment(prefs, wrong, caps); },
                                "[kobling.array.shape] company_scores: shape (2, 3) does not "
                                "match (n, m) = (2, 2)");
  // NaN is an error anywhere, also outside the lists.
  ScoreMatrix unlisted = scores;
  unlisted(1, 0) = std::nan("");
  expect_error<InvalidArgument>([&] { stable_assignment(prefs, unlisted, caps); },
                                "[kobling.array.nan] company_scores[1, 0]: NaN is not a score; "
                                "use -inf for a pair that is not allowed");
}

// The NaN / +inf screen works on the bits of each value (wish_lists.cpp):
// every NaN (either sign, any payload) and +inf is rejected at its place, in
// dense and in sparse score matrices; -inf and all finite values pass.
TEST(StableErrors, ValueScreenEveryBitPattern) {
  const auto from_bits = [](std::uint64_t b) {
    double x = 0.0;
    std::memcpy(&x, &b, sizeof x);
    return x;
  };
  PreferenceMatrix prefs(2, 2);
  prefs << 0, 1, 1, 0;
  CapacityVector caps(2);
  caps << 1, 1;
  const std::int32_t indptr[] = {0, 2, 4};
  const Index indices[] = {0, 1, 0, 1};
  for (const double good : {0.0, -0.0, 1e-310, -1e-310, 1e308, -1.7976931348623157e308, -kInf}) {
    ScoreMatrix dense = ScoreMatrix::Constant(2, 2, 1.0);
    dense(1, 0) = good;
    EXPECT_NO_THROW(stable_assignment(prefs, dense, caps)) << good;
    const double values[] = {1.0, 1.0, good, 1.0};
    EXPECT_NO_THROW(stable_assignment(prefs, ScoreView::csr(2, 2, indptr, indices, values), caps))
        << good;
  }
  for (const std::uint64_t bits :
       {0x7FF0000000000000ULL, 0x7FF8000000000000ULL, 0xFFF8000000000000ULL, 0x7FF0000000000001ULL,
        0xFFF0000000000001ULL, 0xFFFFFFFFFFFFFFFFULL}) {
    const double bad = from_bits(bits);
    const std::string code =
        bits == 0x7FF0000000000000ULL ? "[kobling.array.infinite] " : "[kobling.array.nan] ";
    ScoreMatrix dense = ScoreMatrix::Constant(2, 2, 1.0);
    dense(1, 0) = bad;
    const double values[] = {1.0, 1.0, bad, 1.0};
    const ScoreView sparse = ScoreView::csr(2, 2, indptr, indices, values);
    for (const ScoreView& view : {ScoreView(dense), sparse}) {
      try {
        stable_assignment(prefs, view, caps);
        ADD_FAILURE() << "accepted bits " << std::hex << bits;
      } catch (const InvalidArgument& e) {
        EXPECT_EQ(std::string(e.what()).rfind(code + "company_scores[1, 0]: ", 0), 0U) << e.what();
      }
    }
  }
}

TEST(StableErrors, SparseStructure) {
  PreferenceMatrix prefs(1, 1);
  prefs << 0;
  CapacityVector caps(1);
  caps << 1;
  const std::int32_t indptr[] = {0, 2};
  const Index indices[] = {0, 0};
  const double values[] = {1.0, 2.0};
  const ScoreView view = ScoreView::csr(1, 1, indptr, indices, values);
  expect_error<InvalidArgument>(
      [&] { stable_assignment(prefs, view, caps); },
      "[kobling.array.sparse_duplicate] company_scores[0, 0]: stored more than once in the sparse "
      "matrix; kobling does not add duplicates up silently (call sum_duplicates() if that is "
      "meant)");
  const std::int32_t indptr2[] = {0, 2};
  const Index unsorted[] = {1, 0};
  const ScoreView view2 = ScoreView::csr(1, 2, indptr2, unsorted, values);
  CapacityVector caps2(2);
  caps2 << 1, 1;
  expect_error<InvalidArgument>(
      [&] { stable_assignment(prefs, view2, caps2); },
      "[kobling.array.sparse_structure] company_scores (sparse).indices[1]: column indices of "
      "row 0 must be increasing (canonical CSR: sorted, no duplicates)");
}

// --- exhaustive cross-checks --------------------------------------------------

// On thousands of random small instances (ties, refusals, capacity 0, empty
// lists, k = 1..4): both results are stable (independent check and library
// verifier agree), the candidate-proposing one is weakly preferred by every
// candidate to every stable matching, the company-proposing one is the
// candidates' worst, and both place the same number (rural hospitals).
TEST(Stable, ExhaustiveAgainstAllStableMatchings) {
  std::mt19937_64 rng(20261128);
  int instances_with_several = 0;
  for (int t = 0; t < 3000; ++t) {
    // Alternate tie-heavy instances (short lists, capacity 0-2, refusals) with
    // one-to-one markets with full lists, where several stable matchings are
    // common.
    const bool ties = t % 2 == 0;
    const Index n = ties ? 1 + static_cast<Index>(rng() % 7) : 3 + static_cast<Index>(rng() % 4);
    const Index m = ties ? 1 + static_cast<Index>(rng() % 4) : n;
    const Index k = ties ? 1 + static_cast<Index>(rng() % 4) : m;
    const SmallInstance s = ties ? testing::random_instance(rng, n, m, k, 2, 3, 0.15)
                                 : testing::random_instance(rng, n, m, k, 1, 1000, 0.0, true);
    const Assignment cand = stable_assignment(s.prefs, s.scores, s.caps);
    const Assignment comp = stable_assignment(s.prefs, s.scores, s.caps, {Proposer::companies});
    const auto vc = to_vec(cand.company);
    const auto vp = to_vec(comp.company);
    ASSERT_TRUE(testing::is_stable(s, vc)) << "t=" << t;
    ASSERT_TRUE(testing::is_stable(s, vp)) << "t=" << t;
    ASSERT_EQ(blocking_pairs(s.prefs, s.scores, s.caps, cand.company).rows(), 0);
    ASSERT_EQ(blocking_pairs(s.prefs, s.scores, s.caps, comp.company).rows(), 0);
    ASSERT_TRUE(check_feasibility(s.prefs, s.caps, cand.company, s.scores).ok);
    ASSERT_EQ(cand.placed, comp.placed);
    int stable_count = 0;
    testing::for_each_feasible(s, [&](const std::vector<Index>& c) {
      const bool stable = testing::is_stable(s, c);
      const bool lib_stable =
          blocking_pairs(s.prefs, s.scores, s.caps, Eigen::Map<const IndexVector>(c.data(), n))
              .rows() == 0;
      ASSERT_EQ(stable, lib_stable) << "t=" << t;
      if (!stable) {
        return;
      }
      ++stable_count;
      for (Index i = 0; i < n; ++i) {
        const auto iu = static_cast<std::size_t>(i);
        ASSERT_LE(testing::rank_in(s, i, vc[iu]), testing::rank_in(s, i, c[iu])) << "t=" << t;
        ASSERT_GE(testing::rank_in(s, i, vp[iu]), testing::rank_in(s, i, c[iu])) << "t=" << t;
      }
    });
    ASSERT_GE(stable_count, 1);
    instances_with_several += stable_count > 1 ? 1 : 0;
  }
  // The test must exercise instances where the two optima can differ.
  EXPECT_GT(instances_with_several, 50);
}

// Random larger instances: no blocking pair, for both proposers (1,000 seeds).
TEST(Stable, NoBlockingPairOnRandomMarkets) {
  for (std::uint64_t seed = 1; seed <= 1000; ++seed) {
    SyntheticOptions o;
    o.candidates = 20 + static_cast<Index>(seed % 80);
    o.companies = 3 + static_cast<Index>(seed % 9);
    o.wishes = 1 + static_cast<Index>(seed % 4);
    o.refusal = 0.2;
    o.empty_list = 0.05;
    o.seed = seed;
    const SyntheticMarket mk = make_synthetic_market(o);
    for (const Proposer p : {Proposer::candidates, Proposer::companies}) {
      const Assignment a = stable_assignment(mk.preferences, mk.scores, mk.capacities, {p});
      ASSERT_EQ(blocking_pairs(mk.preferences, mk.scores, mk.capacities, a.company).rows(), 0)
          << "seed " << seed;
      ASSERT_TRUE(check_feasibility(mk.preferences, mk.capacities, a.company, mk.scores).ok);
    }
  }
}

TEST(Stable, Deterministic) {
  SyntheticOptions o;
  o.candidates = 2000;
  o.seed = 3;
  const SyntheticMarket mk = make_synthetic_market(o);
  const Assignment a = stable_assignment(mk.preferences, mk.scores, mk.capacities);
  for (int r = 0; r < 5; ++r) {
    EXPECT_EQ(to_vec(stable_assignment(mk.preferences, mk.scores, mk.capacities).company),
              to_vec(a.company));
  }
}

}  // namespace
}  // namespace kobling
