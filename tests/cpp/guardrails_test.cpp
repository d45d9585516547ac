// The group report (guardrails.hpp): a constructed disparity whose every
// count is known, numeric bins, groups given as labels, the report for a
// kick-off to come, a synthetic proxy (outcomes driven by a licence that
// correlates with a protected group) and the pinned errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "kobling/errors.hpp"
#include "kobling/fit.hpp"
#include "kobling/guardrails.hpp"
#include "kobling/json_io.hpp"
#include "kobling/outcomes.hpp"
#include "kobling/synthetic_intakes.hpp"
#include "test_support.hpp"

namespace kobling {
namespace {

using test::message_of;
using test::numbered;

// One company with 2 seats and four applicants. The hand weights (motivation
// only) place b1 and b2 (motivation 4 against 2); a learned profile that
// weighs the licence 0.9 places a1 and a2 (they have one, b1 and b2 do not).
const char* const kDisparity = R"({
  "name": "disparity",
  "features": [{"name": "motivation", "kind": "numeric", "min": 0, "max": 5},
               {"name": "licence", "kind": "boolean"},
               {"name": "group", "kind": "categorical", "protected": true},
               {"name": "age", "kind": "numeric", "min": 16, "max": 35},
               {"name": "home", "kind": "location"}],
  "companies": [{"id": "k1", "capacity": 2, "weights": {"motivation": 1}}],
  "candidates": [
    {"id": "a1", "features": {"motivation": 2, "licence": true, "group": "a", "age": 17,
                              "home": [63.43, 10.39]}, "preferences": ["k1"]},
    {"id": "a2", "features": {"motivation": 2, "licence": true, "group": "a", "age": 18},
     "preferences": ["k1"]},
    {"id": "b1", "features": {"motivation": 4, "licence": false, "group": "b", "age": 24},
     "preferences": ["k1"]},
    {"id": "b2", "features": {"motivation": 4, "licence": false, "group": "b", "age": 30},
     "preferences": ["k1"]}]})";

WeightProfile licence_profile() {
  WeightProfile p;
  p.features = {"licence", "motivation"};
  p.weights = {0.9, 0.1};
  p.coefficients = {3.6, 0.4};
  p.intercept = -1.0;
  p.scale = 4.0;
  p.usable = true;
  return p;
}

// The intake as it ran (hand placements b1, b2): b1 completed, b2 dropped out.
Intake disparity_intake() {
  auto k = std::make_shared<const Kickoff>(parse_kickoff(kDisparity));
  IntakeInfo info;
  info.id = "disparity-2025";
  info.date = parse_date("2025-02-03", "date");
  info.follow_up = parse_date("2025-09-01", "follow_up");
  const Index k1 = k->company_index("k1");
  IndexVector placed = IndexVector::Constant(4, kNone);
  placed(k->candidate_index("b1")) = k1;
  placed(k->candidate_index("b2")) = k1;
  const Date started = parse_date("2025-02-17", "d");
  std::vector<OutcomeRecord> records(2);
  records[0].candidate = k->candidate_index("b1");
  records[0].company = k1;
  records[0].events = {{OutcomeStatus::started, started, "", ""},
                       {OutcomeStatus::completed, parse_date("2025-07-01", "d"), "", ""}};
  records[1].candidate = k->candidate_index("b2");
  records[1].company = k1;
  records[1].events = {{OutcomeStatus::started, started, "", ""},
                       {OutcomeStatus::dropped_out, parse_date("2025-04-01", "d"), "moved", ""}};
  return make_intake(k, info, placed, records);
}

const GroupRow& row_of(const GroupReport& r, const std::string& group) {
  const auto it = std::find_if(r.rows.begin(), r.rows.end(),
                               [&](const GroupRow& g) { return g.group == group; });
  if (it == r.rows.end()) {
    throw std::runtime_error("no group " + group);
  }
  return *it;
}

TEST(Guardrails, ConstructedDisparityIsFlagged) {
  const std::vector<Intake> intakes = {disparity_intake()};
  GroupSpec spec;
  spec.feature = "group";
  const GroupReport r = group_report(intakes, licence_profile(), spec);
  EXPECT_EQ(r.attribute, "group");
  EXPECT_EQ(r.kickoffs, std::vector<std::string>{"disparity-2025"});
  ASSERT_EQ(r.rows.size(), 2U);
  const GroupRow& a = r.rows[0];
  const GroupRow& b = r.rows[1];
  EXPECT_EQ(a.group, "a");
  EXPECT_EQ(b.group, "b");
  EXPECT_EQ(a.candidates, 2);
  EXPECT_EQ(a.placed_hand, 0);
  EXPECT_EQ(a.placed_learned, 2);
  EXPECT_EQ(a.gained, 2);
  EXPECT_EQ(a.lost, 0);
  EXPECT_EQ(a.placed_recorded, 0);
  EXPECT_EQ(a.impact_hand, 0.0);
  EXPECT_EQ(a.impact_learned, 1.0);
  EXPECT_FALSE(a.flagged);
  EXPECT_EQ(b.candidates, 2);
  EXPECT_EQ(b.placed_hand, 2);
  EXPECT_EQ(b.placed_learned, 0);
  EXPECT_EQ(b.gained, 0);
  EXPECT_EQ(b.lost, 2);
  EXPECT_EQ(b.placed_recorded, 2);
  EXPECT_EQ(b.good, 1);
  EXPECT_EQ(b.bad, 1);
  EXPECT_EQ(b.impact_hand, 1.0);
  EXPECT_EQ(b.impact_learned, 0.0);
  EXPECT_TRUE(b.flagged);
  EXPECT_TRUE(a.small);
  EXPECT_TRUE(b.small);
  EXPECT_EQ(a.hand_ci.lower, 0.0);
  EXPECT_GT(a.hand_ci.upper, 0.0);
  EXPECT_EQ(a.learned_ci.upper, 1.0);
  EXPECT_EQ(r.notes,
            (std::vector<std::string>{
                "group \"a\" has 2 candidates: too few to conclude from; read its intervals.",
                "group \"b\": the learned weights would place 0% of its candidates against 100% "
                "with the hand weights, an impact ratio of 0.00 (below 0.8); look at why before "
                "adopting them.",
                "group \"b\" has 2 candidates: too few to conclude from; read its intervals."}));
  const std::string text = format_group_report(r);
  EXPECT_NE(text.find("  b: 2; 100% (1.00) -> 0% (0.00) FLAGGED; +0, -2; 1/1\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("  a: 2; 0% (0.00) -> 100% (1.00); +2, -0; 0/0\n"), std::string::npos)
      << text;

  // The same groups by a boolean feature: licence yes = group a.
  spec.feature = "licence";
  const GroupReport by_licence = group_report(intakes, licence_profile(), spec);
  EXPECT_EQ(row_of(by_licence, "yes").placed_learned, 2);
  EXPECT_TRUE(row_of(by_licence, "no").flagged);
}

TEST(Guardrails, NumericFeatureNeedsBins) {
  const std::vector<Intake> intakes = {disparity_intake()};
  GroupSpec spec;
  spec.feature = "age";
  EXPECT_EQ(message_of([&] { (void)group_report(intakes, licence_profile(), spec); }),
            "[kobling.guard.bins_required] bins: numeric feature \"age\" needs increasing "
            "bin edges (at least two), e.g. 16, 20, 25, 36");
  spec.bins = {20.0, 16.0};
  EXPECT_THROW((void)group_report(intakes, licence_profile(), spec), InvalidArgument);
  spec.bins = {16.0};
  EXPECT_THROW((void)group_report(intakes, licence_profile(), spec), InvalidArgument);
  spec.bins = {16, 20, 25, 36};
  const GroupReport r = group_report(intakes, licence_profile(), spec);
  ASSERT_EQ(r.rows.size(), 3U);  // a1, a2 (17, 18); b1 (24); b2 (30)
  EXPECT_EQ(r.rows[0].group, "[16, 20)");
  EXPECT_EQ(r.rows[0].candidates, 2);
  EXPECT_EQ(r.rows[0].placed_learned, 2);
  EXPECT_EQ(r.rows[1].group, "[20, 25)");
  EXPECT_EQ(r.rows[2].group, "[25, 36)");
  EXPECT_TRUE(r.rows[1].flagged);
  EXPECT_TRUE(r.rows[2].flagged);
}

TEST(Guardrails, BadAttributesAndUnknownNames) {
  const std::vector<Intake> intakes = {disparity_intake()};
  GroupSpec spec;
  spec.feature = "home";
  EXPECT_EQ(message_of([&] { (void)group_report(intakes, licence_profile(), spec); }),
            "[kobling.guard.bad_attribute] group by: location feature \"home\" cannot "
            "form groups; use a boolean, ordinal, categorical or numeric feature, or "
            "labels");
  spec.feature = "grit";
  EXPECT_THROW((void)group_report(intakes, licence_profile(), spec), OutOfRange);
  GroupSpec labels;
  labels.labels = {{"a1", "x"}, {"c999", "y"}};
  EXPECT_EQ(message_of([&] { (void)group_report(intakes, licence_profile(), labels); }),
            "[kobling.guard.unknown_candidate] groups[1]: no candidate \"c999\" in the "
            "kick-offs of the report");
  labels.labels = {{"c999", "y"}};
  EXPECT_EQ(message_of([&] { (void)group_report(intakes, licence_profile(), labels); }),
            "[kobling.guard.unknown_candidate] groups[0]: no candidate \"c999\" in the "
            "kick-offs of the report");
  EXPECT_THROW((void)group_report(intakes, licence_profile(), labels), OutOfRange);
  WeightProfile unusable = licence_profile();
  unusable.usable = false;
  unusable.weights.clear();
  spec.feature = "group";
  EXPECT_THROW((void)group_report(intakes, unusable, spec), InvalidArgument);
}

TEST(Guardrails, GroupsGivenAsLabels) {
  const std::vector<Intake> intakes = {disparity_intake()};
  GroupSpec spec;
  spec.labels = {{"b1", "y"}, {"a1", "x"}, {"b2", "y"}};  // a2: unknown
  const GroupReport r = group_report(intakes, licence_profile(), spec);
  EXPECT_EQ(r.attribute, "groups given");
  ASSERT_EQ(r.rows.size(), 3U);
  EXPECT_EQ(r.rows[0].group, "x");  // order of first appearance among candidates
  EXPECT_EQ(r.rows[1].group, "y");
  EXPECT_EQ(r.rows[2].group, "unknown");  // last
  EXPECT_EQ(r.rows[0].candidates, 1);
  EXPECT_EQ(r.rows[1].candidates, 2);
  EXPECT_EQ(r.rows[2].candidates, 1);
  EXPECT_TRUE(r.rows[1].flagged);
  EXPECT_EQ(r.rows[1].lost, 2);
  EXPECT_EQ(r.rows[2].gained, 1);
}

TEST(Guardrails, ReportForAKickoffToCome) {
  const Kickoff k = parse_kickoff(kDisparity);
  GroupSpec spec;
  spec.feature = "group";
  const GroupReport r = group_report(k, licence_profile(), spec);
  EXPECT_EQ(r.kickoffs, std::vector<std::string>{"disparity"});
  ASSERT_EQ(r.rows.size(), 2U);
  EXPECT_EQ(r.rows[1].placed_hand, 2);
  EXPECT_EQ(r.rows[1].placed_learned, 0);
  EXPECT_EQ(r.rows[1].placed_recorded, 0);  // no intake: nothing recorded
  EXPECT_EQ(r.rows[1].good + r.rows[1].bad, 0);
  EXPECT_TRUE(r.rows[1].flagged);
  EXPECT_FALSE(r.rows[0].flagged);
}

// A licence that drives outcomes and that most of group "a" has, few of
// group "b": weights learned from the outcomes weigh the licence, and the
// report shows that they place fewer of group "b".
//
// The synthetic intakes resample every feature column on its own, which
// breaks the licence/group correlation inside them; that does not matter to
// the fit (outcomes follow the licence), and the report is run on the
// correlated kick-off itself.
Kickoff proxy_kickoff(Index n, Index m, std::uint64_t seed) {
  std::uint64_t state = seed;
  const auto uniform = [&state] {  // SplitMix64
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
  };
  KickoffBuilder b;
  b.name("proxy").max_preferences(3);
  FeatureSpec motivation;
  motivation.name = "motivation";
  b.add_feature(motivation, "feature");
  FeatureSpec licence;
  licence.name = "licence";
  licence.kind = FeatureKind::boolean;
  b.add_feature(licence, "feature");
  FeatureSpec group;
  group.name = "group";
  group.kind = FeatureKind::categorical;
  group.is_protected = true;
  b.add_feature(group, "feature");
  for (Index j = 0; j < m; ++j) {
    b.add_company(numbered("k", j + 1), "", "", 2, "company");
    b.set_weight(j, "motivation", 1.0, "company");
  }
  for (Index i = 0; i < n; ++i) {
    const Index c = b.add_candidate(numbered("c", i + 1), "candidate");
    const bool in_a = uniform() < 0.5;
    b.set_number(c, "motivation", uniform(), "candidate");
    b.set_bool(c, "licence", uniform() < (in_a ? 0.8 : 0.2), "candidate");
    b.set_codes(c, "group", {in_a ? "a" : "b"}, "candidate");
    b.set_wishes(c, test::distinct_wishes(uniform, m, 3), "wishes");
  }
  return b.build();
}

TEST(Guardrails, LearnedWeightsOnAProxyPlaceFewerOfTheGroup) {
  const Kickoff k = proxy_kickoff(400, 50, 21);
  SyntheticIntakeOptions o;
  o.intakes = 3;
  o.true_weights = {{"licence", 0.8}, {"motivation", 0.2}};
  o.strength = 5.0;
  o.intercept = -2.0;
  o.seed = 22;
  const std::vector<Intake> intakes = make_synthetic_intakes(k, o);
  const FitResult fit = fit_weights(intakes);
  ASSERT_TRUE(fit.profile.usable);
  EXPECT_EQ(fit.profile.features, (std::vector<std::string>{"motivation", "licence"}));
  EXPECT_GT(fit.profile.weights[1], 0.5);  // the licence
  GroupSpec spec;
  spec.feature = "group";
  const GroupReport r = group_report(k, fit.profile, spec);
  const GroupRow& a = row_of(r, "a");
  const GroupRow& b = row_of(r, "b");
  EXPECT_FALSE(a.small);
  EXPECT_FALSE(b.small);
  EXPECT_LT(b.placed_learned, b.placed_hand);
  EXPECT_GT(a.placed_learned, a.placed_hand);
  EXPECT_LT(b.impact_learned, b.impact_hand);
  EXPECT_GT(b.lost, b.gained);
  EXPECT_FALSE(a.flagged);
  EXPECT_TRUE(b.flagged);  // measured: 30% -> 12%, an impact ratio of 0.33
}

}  // namespace
}  // namespace kobling
