// Blocked top-k against the dense computation; recommendations and shortlists.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "kobling/errors.hpp"
#include "kobling/json_io.hpp"
#include "kobling/recommend.hpp"
#include "kobling/top_k.hpp"

namespace kobling {
namespace {

// Reference: sort each dense row by (score desc, index asc).
void expect_matches_dense(const ScoreMatrix& dense, const TopK& got, Index k,
                          const EligibilityMatrix* elig = nullptr) {
  ASSERT_EQ(got.company.rows(), dense.rows());
  for (Index i = 0; i < dense.rows(); ++i) {
    std::vector<Index> order;
    for (Index j = 0; j < dense.cols(); ++j) {
      if (elig == nullptr || (*elig)(i, j) == 0) {
        order.push_back(j);
      }
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](Index a, Index b) { return dense(i, a) > dense(i, b); });
    for (Index p = 0; p < std::min<Index>(k, static_cast<Index>(dense.cols())); ++p) {
      if (p < static_cast<Index>(order.size())) {
        ASSERT_EQ(got.company(i, p), order[static_cast<std::size_t>(p)]) << i << "," << p;
        ASSERT_EQ(got.score(i, p), dense(i, order[static_cast<std::size_t>(p)]));
      } else {
        ASSERT_EQ(got.company(i, p), kNone);
      }
    }
  }
}

TEST(TopK, LinearEqualsDenseSortWithTiesAndAnyBlocking) {
  std::mt19937_64 rng(5);
  for (int t = 0; t < 20; ++t) {
    const Index n = 1 + static_cast<Index>(rng() % 300);
    const Index m = 1 + static_cast<Index>(rng() % 60);
    const Index d = 1 + static_cast<Index>(rng() % 8);
    ScoreMatrix x(n, d);
    ScoreMatrix w(m, d);
    std::uniform_int_distribution<int> level(0, 3);  // coarse values: many ties
    for (Index i = 0; i < n; ++i) {
      for (Index f = 0; f < d; ++f) {
        x(i, f) = level(rng);
      }
    }
    for (Index j = 0; j < m; ++j) {
      for (Index f = 0; f < d; ++f) {
        w(j, f) = level(rng);
      }
    }
    const ScoreMatrix dense = x * w.transpose();
    for (const Index k : {Index{0}, Index{1}, Index{5}, m + 3}) {
      TopK one = top_k_linear(x, w, k, {7, 1});
      TopK two = top_k_linear(x, w, k, {64, 2});
      expect_matches_dense(dense, one, k);
      EXPECT_TRUE(one.company == two.company);
      EXPECT_TRUE(one.score == two.score);
    }
  }
}

TEST(TopK, Errors) {
  ScoreMatrix x = ScoreMatrix::Zero(2, 3);
  ScoreMatrix w = ScoreMatrix::Zero(4, 2);
  try {
    (void)top_k_linear(x, w, 1);
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.array.shape] weights: has 2 features per company but features has 3");
  }
  ScoreMatrix w3 = ScoreMatrix::Zero(4, 3);
  x(1, 2) = std::nan("");
  try {
    (void)top_k_linear(x, w3, 1);
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "[kobling.array.not_finite] features[1, 2]: value nan is not finite");
  }
  x(1, 2) = 0;
  try {
    (void)top_k_linear(x, w3, -1);
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "[kobling.topk.bad_k] k: must be >= 0, got -1");
  }
  try {
    (void)top_k_linear(x, w3, 1, {0, 1});
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "[kobling.topk.bad_option] block_rows: must be >= 1, got 0");
  }
}

TEST(TopK, KickoffTopKMatchesScoreAll) {
  const Kickoff k = load_kickoff(KOBLING_DATA_DIR "/kickoff_trondelag.json");
  const ScoreTable t = score_all(k);
  // Not acceptable: ineligible, needs review or refused.
  EligibilityMatrix skip = (t.eligibility.array() != 0).cast<std::uint8_t>();
  for (Index j = 0; j < k.num_companies(); ++j) {
    for (const Index i : k.company(j).refused) {
      skip(i, j) = 1;
    }
  }
  for (const Index block : {Index{1}, Index{10}, Index{1000}}) {
    const TopK top = top_k_scores(k, 5, {block, 2});
    expect_matches_dense(t.score, top, 5, &skip);
  }
}

TEST(Recommend, BestEligibleCompaniesWithReasons) {
  const Kickoff k = load_kickoff(KOBLING_DATA_DIR "/kickoff_trondelag.json");
  const ScoreTable t = score_all(k);
  const TopK top = top_k_scores(k, 3);
  for (Index i = 0; i < k.num_candidates(); ++i) {
    const Recommendations r = recommend(k, t, i, 3);
    ASSERT_FALSE(r.empty_profile);
    for (std::size_t p = 0; p < r.items.size(); ++p) {
      EXPECT_EQ(r.items[p].company, top.company(i, static_cast<Index>(p)));
      EXPECT_LE(r.items[p].main_contributions.size(), 3U);
      double previous = 1e9;
      for (const Contribution& c : r.items[p].main_contributions) {
        EXPECT_LE(c.contribution, previous);
        previous = c.contribution;
      }
    }
  }
  EXPECT_THROW((void)recommend(k, t, k.num_candidates(), 3), OutOfRange);
  try {
    (void)recommend(k, t, 0, -1);
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "[kobling.recommend.bad_k] k: must be an integer >= 0, got -1");
  }
}

TEST(Recommend, EmptyProfileGetsNoRecommendation) {
  const Kickoff k = parse_kickoff(R"({
    "features": [{"name": "m", "kind": "numeric", "min": 0, "max": 5}],
    "companies": [{"id": "a", "capacity": 1, "weights": {"m": 1}}],
    "candidates": [{"id": "x"}, {"id": "y", "features": {"m": 0}}]})");
  const ScoreTable t = score_all(k);
  const Recommendations r = recommend(k, t, 0, 3);
  EXPECT_TRUE(r.empty_profile);
  EXPECT_TRUE(r.items.empty());
  // A recorded 0 is a real (poor) fit, not an empty profile.
  EXPECT_FALSE(recommend(k, t, 1, 3).empty_profile);
  EXPECT_EQ(recommend(k, t, 1, 3).items.size(), 1U);
}

TEST(Shortlist, CompanyPreferenceOrder) {
  const Kickoff k = load_kickoff(KOBLING_DATA_DIR "/kickoff_trondelag.json");
  const ScoreTable t = score_all(k);
  const ScoreMatrix pref = company_preference(k, t);
  int ranked_entries = 0;
  for (Index j = 0; j < k.num_companies(); ++j) {
    const auto list = shortlist(k, t, j);
    bool seen_unacceptable = false;
    for (std::size_t p = 0; p < list.size(); ++p) {
      const ShortlistEntry& e = list[p];
      EXPECT_EQ(k.candidate(e.candidate).wishes[static_cast<std::size_t>(e.wish_rank)], j);
      const bool ok = pref(e.candidate, j) != kForbidden;
      EXPECT_FALSE(ok && seen_unacceptable);
      seen_unacceptable = seen_unacceptable || !ok;
      if (p > 0 && ok) {
        EXPECT_GE(pref(list[p - 1].candidate, j), pref(e.candidate, j));
      }
      EXPECT_EQ(ok, e.eligibility == Eligibility::eligible && !e.refused);
    }
    // Interview-ranked candidates come first, in the company's order, each
    // with its position in the ranking.
    const auto& ranking = k.company(j).ranking;
    Index next = 0;
    bool seen_unranked = false;
    for (const ShortlistEntry& e : list) {
      const auto it = std::find(ranking.begin(), ranking.end(), e.candidate);
      const Index expected = it == ranking.end() ? kNone : static_cast<Index>(it - ranking.begin());
      EXPECT_EQ(e.company_rank, expected) << "company " << j << " candidate " << e.candidate;
      if (pref(e.candidate, j) == kForbidden) {
        continue;
      }
      if (e.company_rank == kNone) {
        seen_unranked = true;
      } else {
        EXPECT_FALSE(seen_unranked)
            << "company " << j << ": ranked candidate after an unranked one";
        EXPECT_GE(e.company_rank, next);
        next = e.company_rank;
        ++ranked_entries;
      }
    }
  }
  EXPECT_GT(ranked_entries, 0);  // the bundled kick-off has interview rankings
}

}  // namespace
}  // namespace kobling
