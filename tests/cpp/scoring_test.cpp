// Scoring: the linear product equals the per-pair explanation for every pair,
// missing data never scores, eligibility and company preference encoding.
#include <gtest/gtest.h>

#include <cmath>

#include "kobling/json_io.hpp"
#include "kobling/scoring.hpp"

namespace kobling {
namespace {

Kickoff doc(const char* text) { return parse_kickoff(text); }

const char* kDoc = R"({
  "features": [
    {"name": "motivation", "kind": "numeric", "min": 0, "max": 5},
    {"name": "norwegian", "kind": "ordinal", "levels": ["A1", "A2", "B1", "B2"]},
    {"name": "licence", "kind": "boolean"},
    {"name": "municipality", "kind": "categorical"}
  ],
  "companies": [
    {"id": "k1", "capacity": 1, "weights": {"motivation": 2, "norwegian": 1, "municipality": 1},
     "targets": {"municipality": "50"}, "requirements": {"norwegian": {"min": "A2"}}},
    {"id": "k2", "capacity": 1, "weights": {"licence": 1}, "requirements": {"licence": true},
     "ranking": ["c2", "c1"], "refused": ["c3"]}
  ],
  "candidates": [
    {"id": "c1", "features": {"motivation": 5, "norwegian": "B2", "licence": true,
                              "municipality": "5001"}, "preferences": ["k1", "k2"]},
    {"id": "c2", "features": {"motivation": 0, "norwegian": "A1", "licence": false,
                              "municipality": "0301"}, "preferences": ["k2"]},
    {"id": "c3", "features": {}, "preferences": ["k1", "k2"]}
  ]
})";

TEST(Scoring, KnownValues) {
  const Kickoff k = doc(kDoc);
  const ScoreTable t = score_all(k);
  // c1 at k1: (2 * 1 + 1 * 1 + 1 * 1) / 4 = 1.
  EXPECT_NEAR(t.score(0, 0), 1.0, 1e-15);
  // c2 at k1: motivation 0, A1 = 0, municipality 0301 does not start with 50.
  EXPECT_NEAR(t.score(1, 0), 0.0, 1e-15);
  EXPECT_NEAR(t.score(0, 1), 1.0, 1e-15);
  EXPECT_NEAR(t.score(1, 1), 0.0, 1e-15);
  EXPECT_EQ(t.eligibility_of(0, 0), Eligibility::eligible);
  EXPECT_EQ(t.eligibility_of(1, 0), Eligibility::ineligible);    // A1 < A2
  EXPECT_EQ(t.eligibility_of(1, 1), Eligibility::ineligible);    // no licence
  EXPECT_EQ(t.eligibility_of(2, 0), Eligibility::needs_review);  // norwegian unknown
  EXPECT_EQ(t.eligibility_of(2, 1), Eligibility::needs_review);
}

TEST(Scoring, EmptyProfileScoresZeroAndIsFlagged) {
  const Kickoff k = doc(kDoc);
  const ScoreTable t = score_all(k);
  EXPECT_TRUE(t.empty_profile[2]);
  EXPECT_FALSE(t.empty_profile[0]);
  for (Index j = 0; j < k.num_companies(); ++j) {
    EXPECT_EQ(t.score(2, j), 0.0);
    const Explanation e = explain(k, 2, j);
    for (const Contribution& c : e.contributions) {
      EXPECT_EQ(c.phi, 0.0);
      EXPECT_EQ(c.state, ValueState::unknown);
    }
    EXPECT_NE(e.eligibility, Eligibility::eligible);  // unknown never makes a pair eligible
  }
}

TEST(Scoring, ExplanationsSumToScoresOnTheBundledKickoff) {
  const Kickoff k = load_kickoff(KOBLING_DATA_DIR "/kickoff_trondelag.json");
  const ScoreTable t = score_all(k);
  int pairs = 0;
  for (Index i = 0; i < k.num_candidates(); ++i) {
    for (Index j = 0; j < k.num_companies(); ++j) {
      const Explanation e = explain(k, i, j);
      double sum = 0.0;
      for (const Contribution& c : e.contributions) {
        EXPECT_GE(c.phi, 0.0);
        EXPECT_LE(c.phi, 1.0);
        sum += c.contribution;
      }
      ASSERT_NEAR(sum, t.score(i, j), 1e-12) << i << "," << j;
      ASSERT_NEAR(e.score, t.score(i, j), 1e-12);
      ASSERT_EQ(e.eligibility, t.eligibility_of(i, j));
      ASSERT_EQ(e.reasons.empty(), e.eligibility == Eligibility::eligible && !e.refused);
      ASSERT_GE(t.score(i, j), 0.0);
      ASSERT_LE(t.score(i, j), 1.0 + 1e-12);
      ++pairs;
    }
  }
  EXPECT_EQ(pairs, k.num_candidates() * k.num_companies());
}

TEST(Scoring, ReasonsAreSpecific) {
  const Kickoff k = doc(kDoc);
  const Explanation e = explain(k, 1, 0);
  ASSERT_EQ(e.reasons.size(), 1U);
  EXPECT_EQ(e.reasons[0].code, Reason::Code::below_minimum);
  EXPECT_EQ(e.reasons[0].text, "norwegian A1 is below the required A2");
  const Explanation r = explain(k, 2, 1);
  ASSERT_EQ(r.reasons.size(), 2U);
  EXPECT_EQ(r.reasons[0].code, Reason::Code::unknown_value);
  EXPECT_EQ(r.reasons[1].code, Reason::Code::refused);
  EXPECT_EQ(explain(k, 1, 1).company_rank, 0);
}

TEST(Scoring, CompanyPreferenceEncodesRankingRefusalAndEligibility) {
  const Kickoff k = doc(kDoc);
  const ScoreTable t = score_all(k);
  const ScoreMatrix p = company_preference(k, t);
  EXPECT_EQ(p(0, 0), t.score(0, 0));                // no ranking at k1: score
  EXPECT_TRUE(std::isinf(p(1, 0)) && p(1, 0) < 0);  // ineligible
  EXPECT_TRUE(std::isinf(p(1, 1)) && p(1, 1) < 0);  // ranked but ineligible: never acceptable
  EXPECT_EQ(p(0, 1), 2.0);                          // ranked 2nd of 2
  EXPECT_TRUE(std::isinf(p(2, 1)) && p(2, 1) < 0);  // refused
  const MaskMatrix ok = acceptable_pairs(k, t);
  EXPECT_TRUE(ok(0, 0));
  EXPECT_FALSE(ok(2, 1));
  EXPECT_FALSE(ok(2, 0));  // needs review
}

}  // namespace
}  // namespace kobling
