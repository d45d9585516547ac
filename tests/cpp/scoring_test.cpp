// Scoring: the linear product equals the per-pair explanation for every pair,
// missing data never scores, eligibility and company preference encoding.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "kobling/errors.hpp"
#include "kobling/json_io.hpp"
#include "kobling/policy.hpp"
#include "kobling/reasons.hpp"
#include "kobling/recommend.hpp"
#include "kobling/report.hpp"
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

const char* kKinds = R"({
  "features": [
    {"name": "skills", "kind": "skills"},
    {"name": "home", "kind": "location"},
    {"name": "age", "kind": "numeric", "min": 16, "max": 35}
  ],
  "companies": [
    {"id": "weld", "capacity": 1, "weights": {"skills": 1, "home": 1, "age": 1},
     "targets": {"skills": {"required": ["mig"], "desired": ["tig", "forklift"]},
                 "home": {"at": [63.4305, 10.3951], "radius_km": 40},
                 "age": {"min": 18, "max": 25}},
     "requirements": {"skills": ["safety", "mig"], "home": {"max_km": 100}}},
    {"id": "plain", "capacity": 1, "weights": {"age": 1}}
  ],
  "candidates": [
    {"id": "near", "features": {"skills": ["mig", "safety"], "home": [63.36, 10.35], "age": 22}},
    {"id": "far", "features": {"skills": ["tig"], "home": [59.9139, 10.7522], "age": 30}},
    {"id": "blank", "features": {"skills": []}}
  ]
})";

TEST(Scoring, MaximumAndCodeRequirements) {
  const Kickoff k = doc(R"({
    "features": [{"name": "age", "kind": "numeric", "min": 16, "max": 35},
                 {"name": "norwegian", "kind": "ordinal", "levels": ["A1", "A2", "B1", "B2"]},
                 {"name": "sector", "kind": "categorical"}],
    "companies": [{"id": "young", "capacity": 1,
                   "requirements": {"age": {"max": 25}, "norwegian": {"max": "B1"},
                                    "sector": ["72", "83"]}}],
    "candidates": [
      {"id": "fits", "features": {"age": 20, "norwegian": "A2", "sector": ["7212"]}},
      {"id": "old", "features": {"age": 30, "norwegian": "B2", "sector": ["5120", "4110"]}},
      {"id": "none", "features": {"age": 20, "norwegian": "A1", "sector": []}}]})");
  const ScoreTable t = score_all(k);
  EXPECT_EQ(t.eligibility_of(0, 0), Eligibility::eligible);
  const Explanation old = explain(k, 1, 0);
  ASSERT_EQ(old.reasons.size(), 3U);
  EXPECT_EQ(old.reasons[0].code, Reason::Code::above_maximum);
  EXPECT_EQ(old.reasons[0].text, "age 30 is above the maximum 25");
  EXPECT_EQ(old.reasons[1].text, "norwegian B2 is above the maximum B1");
  EXPECT_EQ(old.reasons[2].code, Reason::Code::no_matching_code);
  EXPECT_EQ(old.reasons[2].text, "sector (5120, 4110) matches none of 72, 83");
  const Explanation none = explain(k, 2, 0);
  ASSERT_EQ(none.reasons.size(), 1U);
  EXPECT_EQ(none.reasons[0].text, "sector (none) matches none of 72, 83");
}

// Standard code lists as plain strings, matched by prefix: NUS education codes
// (first digits = level and field), municipality numbers (first two digits =
// county), STYRK-08 and ESCO occupation URIs (a whole URI is its own prefix;
// ESCO concept URIs end in a fixed-length identifier, so one never prefixes
// another). No code list is bundled or needed.
TEST(Scoring, StandardCodesAsPlainStrings) {
  std::string text = R"({
    "features": [{"name": "education", "kind": "categorical"},
                 {"name": "municipality", "kind": "categorical"},
                 {"name": "styrk", "kind": "categorical"},
                 {"name": "esco", "kind": "categorical"}],
    "companies": [{"id": "weld", "capacity": 1,
                   "weights": {"municipality": 1, "styrk": 1, "esco": 2},
                   "targets": {"municipality": ["50"], "styrk": ["7212"], "esco": ["WELDER"]},
                   "requirements": {"education": ["35", "45"]}}],
    "candidates": [
      {"id": "fits", "features": {"education": "357107", "municipality": "5001",
                                  "styrk": ["7212", "5120"], "esco": ["WELDER"]}},
      {"id": "other", "features": {"education": "651101", "municipality": "0301",
                                   "styrk": "72", "esco": ["COOK"]}},
      {"id": "unknown", "features": {"municipality": "5035"}}]})";
  const std::string esco = "http://data.europa.eu/esco/occupation/1a2b3c4d-0000-4000-8000-00000000";
  for (const auto& [name, uri] : {std::pair<std::string, std::string>{"WELDER", esco + "aaaa"},
                                  std::pair<std::string, std::string>{"COOK", esco + "bbbb"}}) {
    for (auto at = text.find(name); at != std::string::npos; at = text.find(name)) {
      text.replace(at, name.size(), uri);
    }
  }
  const Kickoff k = doc(text.c_str());
  const ScoreTable t = score_all(k);
  EXPECT_EQ(t.eligibility_of(0, 0), Eligibility::eligible);
  EXPECT_DOUBLE_EQ(explain(k, 0, 0).score, 1.0);  // every target matched
  const Explanation other = explain(k, 1, 0);
  EXPECT_EQ(other.eligibility, Eligibility::ineligible);
  ASSERT_EQ(other.reasons.size(), 1U);
  EXPECT_EQ(other.reasons[0].text, "education (651101) matches none of 35, 45");
  // "72" is a coarser code than the target "7212": it does not match it, and
  // neither does another occupation's URI.
  EXPECT_DOUBLE_EQ(other.score, 0.0);
  const Explanation unknown = explain(k, 2, 0);
  EXPECT_EQ(unknown.eligibility, Eligibility::needs_review);
  EXPECT_DOUBLE_EQ(unknown.score, 0.25);  // municipality 5035 is in county 50
  EXPECT_EQ(unknown.contributions[3].state, ValueState::unknown);
}

TEST(Scoring, EmptyProfilesComeLastInCompanyPreference) {
  // No requirements at all: everyone is acceptable. The empty profile x has
  // the lower index and the same score 0 as y, who recorded a real 0; y must
  // still come first, and a recorded "no" is not an empty profile.
  const Kickoff k = doc(R"({
    "features": [{"name": "m", "kind": "numeric", "min": 0, "max": 5},
                 {"name": "licence", "kind": "boolean"}],
    "companies": [{"id": "a", "capacity": 1, "weights": {"m": 1}}],
    "candidates": [{"id": "x", "preferences": ["a"]},
                   {"id": "y", "features": {"m": 0}, "preferences": ["a"]},
                   {"id": "z", "features": {"licence": false}, "preferences": ["a"]}]})");
  const ScoreTable t = score_all(k);
  EXPECT_TRUE(t.empty_profile[0]);
  EXPECT_FALSE(t.empty_profile[1]);
  EXPECT_FALSE(t.empty_profile[2]);
  const Assignment a = match(k, t, {Policy::stable});
  EXPECT_EQ(a.company[0], kNone);
  EXPECT_EQ(a.company[1], 0);
  const auto list = shortlist(k, t, 0);
  ASSERT_EQ(list.size(), 3U);
  EXPECT_EQ(list.back().candidate, 0);
  EXPECT_TRUE(list.back().empty_profile);
}

TEST(Scoring, DenseLimitRefusesBeforeAllocating) {
  const Kickoff k = load_kickoff(KOBLING_DATA_DIR "/kickoff_trondelag.json");
  try {
    (void)score_all(k, {1000});
    FAIL();
  } catch (const ResourceLimit& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.resource.dense_scores] score_all: a dense score table for 95 x 15 pairs "
                 "needs 23465 bytes, more than the limit of 1000 bytes; use top_k_scores (blocked, "
                 "bounded memory) or raise max_dense_bytes (Kickoff.max_dense_bytes in Python)");
  }
  EXPECT_EQ(score_all(k, {dense_table_bytes(k)}).score.rows(), 95);  // exactly the limit
  EXPECT_THROW((void)score_all(k, {dense_table_bytes(k) - 1}), ResourceLimit);
}

TEST(Scoring, DistanceIsGreatCircle) {
  // Oslo - Trondheim, about 392 km as the crow flies.
  EXPECT_NEAR(distance_km(59.9139, 10.7522, 63.4305, 10.3951), 391.6, 1.0);
  EXPECT_EQ(distance_km(63.0, 10.0, 63.0, 10.0), 0.0);
  EXPECT_NEAR(distance_km(0, 0, 0, 180), 3.14159265358979 * 6371.0088, 1e-6);
}

TEST(Scoring, EveryFeatureKindHasItsFormula) {
  const Kickoff k = doc(kKinds);
  const ScoreTable t = score_all(k);
  const double d_near = distance_km(63.36, 10.35, 63.4305, 10.3951);
  // near: skills (2*1 + 0) / (2 + 2) = 0.5; home 1 - d/40; age 22 in [18, 25] -> 1.
  EXPECT_NEAR(feature_phi(k, 0, 0, 0), 0.5, 1e-15);
  EXPECT_NEAR(feature_phi(k, 1, 0, 0), 1.0 - d_near / 40.0, 1e-15);
  EXPECT_EQ(feature_phi(k, 2, 0, 0), 1.0);
  EXPECT_NEAR(t.score(0, 0), (0.5 + (1.0 - d_near / 40.0) + 1.0) / 3.0, 1e-15);
  // far: desired tig only: 1 / 4; 392 km away: 0; age 30 outside the band: 0.
  EXPECT_NEAR(feature_phi(k, 0, 1, 0), 0.25, 1e-15);
  EXPECT_EQ(feature_phi(k, 1, 1, 0), 0.0);
  EXPECT_EQ(feature_phi(k, 2, 1, 0), 0.0);
  // Without a band, age is scored on its declared range: (30 - 16) / 19.
  EXPECT_NEAR(t.score(1, 1), 14.0 / 19.0, 1e-15);
  // blank: no skills (absent) and unknown place and age: all 0.
  for (Index f = 0; f < 3; ++f) {
    EXPECT_EQ(feature_phi(k, f, 2, 0), 0.0);
  }
}

TEST(Scoring, SkillAndDistanceRequirements) {
  const Kickoff k = doc(kKinds);
  const ScoreTable t = score_all(k);
  EXPECT_EQ(t.eligibility_of(0, 0), Eligibility::eligible);
  const Explanation far = explain(k, 1, 0);
  EXPECT_EQ(far.eligibility, Eligibility::ineligible);
  // Requirements are checked in feature-name order (JSON objects are sorted).
  ASSERT_EQ(far.reasons.size(), 2U);
  EXPECT_EQ(far.reasons[0].code, Reason::Code::too_far);
  EXPECT_EQ(far.reasons[0].text,
            "home is 391.5 km from the workplace, more than the maximum 100.0 km");
  EXPECT_EQ(far.reasons[1].code, Reason::Code::missing_skill);
  EXPECT_EQ(far.reasons[1].text, "missing must-have skills safety, mig");
  // blank: home unknown -> needs review, but skills absent -> ineligible wins.
  const Explanation blank = explain(k, 2, 0);
  EXPECT_EQ(blank.eligibility, Eligibility::ineligible);
  ASSERT_EQ(blank.reasons.size(), 2U);
  EXPECT_EQ(blank.reasons[0].code, Reason::Code::unknown_value);
  EXPECT_EQ(blank.reasons[1].text, "missing must-have skills safety, mig");
}

// The indexed matching (sorted prefixes, sorted tags) against the definition,
// pair by pair, on random code and skill lists over a small alphabet, so that
// prefixes of each other, repeats and near misses are common.
TEST(Scoring, IndexedCodeMatchingEqualsTheDefinition) {
  std::uint64_t state = 7;
  const auto next = [&state](std::uint64_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % bound;
  };
  const auto random_code = [&] {
    std::string c;
    for (std::uint64_t l = 1 + next(3); l > 0; --l) {
      c += static_cast<char>('0' + next(3));
    }
    return c;
  };
  const auto random_list = [&](std::uint64_t max_len) {
    std::vector<std::string> list;
    for (std::uint64_t l = next(max_len + 1); l > 0; --l) {
      list.push_back(random_code());
    }
    return list;
  };
  const auto as_json = [](const std::vector<std::string>& xs) {
    std::string s = "[";
    for (std::size_t i = 0; i < xs.size(); ++i) {
      s += (i ? ",\"" : "\"") + xs[i] + "\"";
    }
    return s + "]";
  };
  for (int round = 0; round < 40; ++round) {
    std::string companies;
    std::string candidates;
    std::vector<std::vector<std::string>> targets, required, desired, must, have_codes, have_skills;
    for (int j = 0; j < 6; ++j) {
      targets.push_back(random_list(4));
      required.push_back(random_list(3));
      desired.push_back(random_list(3));
      must.push_back(random_list(2));
      std::vector<std::string> reqs;
      std::vector<std::string> tgts;
      if (!must.back().empty()) {
        reqs.push_back("\"skills\": " + as_json(must.back()));
      }
      if (!targets.back().empty()) {
        reqs.push_back("\"municipality\": " + as_json(targets.back()));
        tgts.push_back("\"municipality\": " + as_json(targets.back()));
      }
      std::string skill_target;
      if (!required.back().empty()) {
        skill_target += "\"required\": " + as_json(required.back());
      }
      if (!desired.back().empty()) {
        skill_target += std::string(skill_target.empty() ? "" : ", ") +
                        "\"desired\": " + as_json(desired.back());
      }
      if (!skill_target.empty()) {
        tgts.push_back("\"skills\": {" + skill_target + "}");
      }
      std::string weights = "\"_none\": 0";
      if (!targets.back().empty()) {
        weights += ", \"municipality\": 1";
      }
      if (!skill_target.empty()) {
        weights += ", \"skills\": 1";
      }
      const auto joined = [](const std::vector<std::string>& xs) {
        std::string out;
        for (const auto& x : xs) {
          out += (out.empty() ? "" : ", ") + x;
        }
        return out;
      };
      companies += std::string(j ? "," : "") + "{\"id\": \"k" + std::to_string(j) +
                   "\", \"capacity\": 1, \"weights\": {" + weights + "}, " + "\"targets\": {" +
                   joined(tgts) + "}, \"requirements\": {" + joined(reqs) + "}}";
    }
    for (int i = 0; i < 12; ++i) {
      have_codes.push_back(random_list(4));
      have_skills.push_back(random_list(5));
      candidates += std::string(i ? "," : "") + "{\"id\": \"c" + std::to_string(i) +
                    "\", \"features\": {\"municipality\": " + as_json(have_codes.back()) +
                    ", \"skills\": " + as_json(have_skills.back()) + "}}";
    }
    const Kickoff k = parse_kickoff(
        R"({"features": [{"name": "municipality", "kind": "categorical"},
                         {"name": "skills", "kind": "skills"}], "companies": [)" +
        companies + "], \"candidates\": [" + candidates + "]}");
    const ScoreTable t = score_all(k);
    const auto starts = [](const std::vector<std::string>& codes,
                           const std::vector<std::string>& prefixes) {
      for (const auto& c : codes) {
        for (const auto& p : prefixes) {
          if (c.compare(0, p.size(), p) == 0) {
            return true;
          }
        }
      }
      return false;
    };
    const auto has = [](const std::vector<std::string>& tags, const std::string& tag) {
      return std::find(tags.begin(), tags.end(), tag) != tags.end();
    };
    for (std::size_t i = 0; i < 12; ++i) {
      for (std::size_t j = 0; j < 6; ++j) {
        const double code_phi = starts(have_codes[i], targets[j]) ? 1.0 : 0.0;
        double covered = 0.0;
        for (const auto& s : required[j]) {
          covered += has(have_skills[i], s) ? 2.0 : 0.0;
        }
        for (const auto& s : desired[j]) {
          covered += has(have_skills[i], s) ? 1.0 : 0.0;
        }
        const double total =
            2.0 * static_cast<double>(required[j].size()) + static_cast<double>(desired[j].size());
        const double skill_phi = have_skills[i].empty() || total == 0.0 ? 0.0 : covered / total;
        const Index ii = static_cast<Index>(i);
        const Index jj = static_cast<Index>(j);
        EXPECT_DOUBLE_EQ(feature_phi(k, 0, ii, jj), have_codes[i].empty() ? 0.0 : code_phi);
        EXPECT_DOUBLE_EQ(feature_phi(k, 1, ii, jj), skill_phi);
        EXPECT_NEAR(t.score(ii, jj), explain(k, ii, jj).score, 1e-15);
        bool eligible = true;
        if (!targets[j].empty() && (have_codes[i].empty() || !starts(have_codes[i], targets[j]))) {
          eligible = false;
        }
        for (const auto& s : must[j]) {
          eligible = eligible && has(have_skills[i], s);
        }
        EXPECT_EQ(t.eligibility_of(ii, jj) == Eligibility::eligible, eligible)
            << "round " << round << " candidate " << i << " company " << j;
      }
    }
  }
}

TEST(Scoring, CodeListsAreBounded) {
  std::string many = "[";
  for (std::size_t c = 0; c <= kMaxCodes; ++c) {
    many += (c ? ",\"" : "\"") + std::to_string(c) + "\"";
  }
  many += "]";
  const std::string head =
      R"({"features": [{"name": "skills", "kind": "skills"}], "companies": [{"id": "k",
          "capacity": 1}], "candidates": [{"id": "c", "features": {"skills": )";
  try {
    (void)parse_kickoff(head + many + "}}]}");
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_EQ(std::string(e.what()),
              "[kobling.model.too_many_codes] $.candidates[0].features.skills: the list has 1001 "
              "entries; at most 1000 are allowed");
  }
  try {
    (void)parse_kickoff(head + "[\"" + std::string(kMaxCodeLength + 1, 'x') + "\"]}}]}");
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_EQ(std::string(e.what()),
              "[kobling.model.code_too_long] $.candidates[0].features.skills[0]: a skill has 257 "
              "bytes; at most 256 are allowed");
  }
}

// The listed table equals the dense one bit for bit at every listed pair, and
// everything built on it (every policy's result, the report, the reasons, the
// comparison, a shortlist) equals what the dense table gives: on the bundled
// kick-off (every feature kind, requirements, rankings, refusals) and on
// copies with every candidate listing every company, so that every pair is
// listed and the reasons' search off the lists meets every path.
TEST(Scoring, ListedTableEqualsTheDenseTable) {
  const Kickoff bundled = load_kickoff(KOBLING_DATA_DIR "/kickoff_trondelag.json");
  nlohmann::json everything = kickoff_to_json(bundled);
  for (auto& c : everything["candidates"]) {
    c["preferences"] = nlohmann::json::array();
    for (const auto& company : everything["companies"]) {
      c["preferences"].push_back(company["id"]);
    }
  }
  everything["max_preferences"] = bundled.num_companies();
  const Kickoff all_listed = parse_kickoff(everything.dump());
  for (const Kickoff* k : {&bundled, &all_listed}) {
    const ScoreTable dense = score_all(*k);
    const ScoreTable listed = score_listed(*k);
    ASSERT_TRUE(listed.listed());
    ASSERT_FALSE(dense.listed());
    std::int64_t pairs = 0;
    for (Index i = 0; i < k->num_candidates(); ++i) {
      EXPECT_EQ(listed.empty_profile[static_cast<std::size_t>(i)],
                dense.empty_profile[static_cast<std::size_t>(i)]);
      for (const Index j : k->candidate(i).wishes) {
        ASSERT_TRUE(listed.has(i, j));
        EXPECT_EQ(listed.score_of(i, j), dense.score(i, j)) << i << " " << j;  // bit for bit
        EXPECT_EQ(listed.eligibility_of(i, j), dense.eligibility_of(i, j));
        ++pairs;
      }
    }
    EXPECT_EQ(static_cast<std::int64_t>(listed.pair_company.size()), pairs);
    for (const Policy p : all_policies()) {
      MatchOptions o;
      o.policy = p;
      const Assignment a = match(*k, listed, o);
      const Assignment b = match(*k, dense, o);
      EXPECT_EQ(a.company, b.company);
      EXPECT_EQ(format_report(*k, listed, a, "x"), format_report(*k, dense, b, "x"));
      EXPECT_EQ(format_reasons(*k, explain_result(*k, listed, a, p), p),
                format_reasons(*k, explain_result(*k, dense, b, p), p));
    }
    EXPECT_EQ(format_comparison(*k, compare_policies(*k, listed)),
              format_comparison(*k, compare_policies(*k, dense)));
    for (Index j = 0; j < k->num_companies(); ++j) {
      EXPECT_EQ(company_preference_of(*k, listed, j), company_preference_of(*k, dense, j));
    }
  }
}

TEST(Scoring, ListedTableRefusesPairsOffTheLists) {
  const Kickoff k = load_kickoff(KOBLING_DATA_DIR "/kickoff_trondelag.json");
  const ScoreTable t = score_listed(k);
  const Index off = k.candidate(0).wishes[0] == 4 ? 5 : 4;
  ASSERT_FALSE(t.has(0, off));
  try {
    (void)t.score_of(0, off);
    FAIL() << "no error";
  } catch (const OutOfRange& e) {
    ASSERT_EQ(off, 4);
    EXPECT_EQ(std::string(e.what()),
              "[kobling.scores.not_listed] pair (0, 4): is not on the candidate's list, and a "
              "listed score table (score_listed) holds only listed pairs; use score_all or "
              "explain for other pairs");
  }
  EXPECT_THROW((void)t.eligibility_of(0, off), OutOfRange);
  try {
    (void)company_preference(k, t);
    FAIL() << "no error";
  } catch (const OutOfRange& e) {
    EXPECT_EQ(std::string(e.what()),
              "[kobling.scores.not_listed] company_preference: needs a dense score table "
              "(score_all); this one holds the listed pairs only (score_listed)");
  }
  EXPECT_THROW((void)acceptable_pairs(k, t), OutOfRange);
}

}  // namespace
}  // namespace kobling
