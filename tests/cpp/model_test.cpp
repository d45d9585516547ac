// The model: builder validation, id <-> index maps, derived arrays.
#include <gtest/gtest.h>

#include <string>

#include "kobling/errors.hpp"
#include "kobling/model.hpp"
#include "test_support.hpp"

namespace kobling {
namespace {

using test::message_of;

Kickoff small() {
  KickoffBuilder b;
  b.name("demo").max_preferences(2);
  b.add_feature({"motivation", FeatureKind::numeric, "", 0, 5, {}}, "f0");
  b.add_feature({"norwegian", FeatureKind::ordinal, "", 0, 1, {"A1", "A2", "B1"}}, "f1");
  const Index k1 = b.add_company("k1", "One AS", "welding", 2, "k1");
  b.set_weight(k1, "motivation", 3.0, "w");
  b.set_weight(k1, "norwegian", 1.0, "w");
  b.add_company("k2", "Two AS", "food", 0, "k2");
  const Index c1 = b.add_candidate("c1", "c1");
  b.set_number(c1, "motivation", 4.0, "v");
  b.set_level(c1, "norwegian", "B1", "v");
  b.set_wishes(c1, {"k2", "k1"}, "p");
  b.add_candidate("c2", "c2");
  b.set_ranking(k1, {"c2", "c1"}, "r");
  return b.build();
}

TEST(Model, IdsAndIndices) {
  const Kickoff k = small();
  EXPECT_EQ(k.name(), "demo");
  EXPECT_EQ(k.num_candidates(), 2);
  EXPECT_EQ(k.num_companies(), 2);
  EXPECT_EQ(k.num_features(), 2);
  EXPECT_EQ(k.candidate_index("c2"), 1);
  EXPECT_EQ(k.company_index("k2"), 1);
  EXPECT_FALSE(k.find_candidate("nobody").has_value());
  EXPECT_EQ(k.find_feature("norwegian"), std::optional<Index>(1));
  EXPECT_EQ(k.company(0).ranking, (std::vector<Index>{1, 0}));
  const PreferenceMatrix p = k.preferences();
  ASSERT_EQ(p.rows(), 2);
  ASSERT_EQ(p.cols(), 2);
  EXPECT_EQ(p(0, 0), 1);
  EXPECT_EQ(p(0, 1), 0);
  EXPECT_EQ(p(1, 0), -1);
  const CapacityVector c = k.capacities();
  EXPECT_EQ(c[0], 2);
  EXPECT_EQ(c[1], 0);
  // Tri-state: c2 recorded nothing.
  EXPECT_EQ(k.columns()[0].state[1], ValueState::unknown);
  EXPECT_EQ(k.columns()[1].state[0], ValueState::present);
  EXPECT_EQ(k.columns()[1].value[0], 2.0);  // level index of B1
}

TEST(Model, LookupErrors) {
  const Kickoff k = small();
  try {
    (void)k.candidate_index("c9");
    FAIL();
  } catch (const OutOfRange& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.model.unknown_candidate] candidate \"c9\": no candidate has this id");
  }
  try {
    (void)k.company(5);
    FAIL();
  } catch (const OutOfRange& e) {
    EXPECT_STREQ(e.what(), "[kobling.model.index] company 5: company index is not in [0, 2)");
  }
}

TEST(Model, BuilderRejectsBadInput) {
  KickoffBuilder b;
  b.add_feature({"m", FeatureKind::numeric, "", 0, 5, {}}, "f");
  EXPECT_THROW(b.add_feature({"m", FeatureKind::boolean, "", 0, 1, {}}, "f"), InvalidArgument);
  EXPECT_THROW(b.add_feature({"o", FeatureKind::ordinal, "", 0, 1, {"x"}}, "f"), InvalidArgument);
  EXPECT_THROW(b.add_feature({"o", FeatureKind::ordinal, "", 0, 1, {"x", "x"}}, "f"),
               InvalidArgument);
  const Index j = b.add_company("k", "K", "s", 1, "k");
  EXPECT_THROW(b.add_company("k2", "K", "s", -1, "k2"), InvalidArgument);
  EXPECT_THROW(b.set_weight(j, "nope", 1.0, "w"), OutOfRange);
  EXPECT_THROW(b.set_weight(j, "m", std::nan(""), "w"), InvalidArgument);
  Requirement licence;
  licence.op = Requirement::Op::is_true;
  EXPECT_THROW(b.add_requirement(j, "m", licence, "r"), InvalidArgument);
  const Index i = b.add_candidate("c", "c");
  EXPECT_THROW(b.add_company("late", "L", "s", 1, "late"), InvalidArgument);  // order
  EXPECT_THROW(b.set_level(i, "m", "high", "v"), InvalidArgument);            // kind mismatch
  EXPECT_THROW(b.set_number(i, "m", 5.5, "v"), InvalidArgument);              // out of range
  EXPECT_THROW(b.set_wishes(i, {"k", "k"}, "p"), InvalidArgument);            // repeated
  EXPECT_THROW(b.set_wishes(i, {"k", "x", "y", "z"}, "p"), InvalidArgument);  // more than 3
  EXPECT_NO_THROW(b.set_wishes(i, {"k"}, "p"));
}

TEST(Model, BuilderMessages) {
  KickoffBuilder b;
  EXPECT_EQ(message_of([&] { b.max_preferences(0, "max_preferences"); }),
            "[kobling.model.max_preferences] max_preferences: must be a positive integer, got 0");
  EXPECT_EQ(message_of([&] {
              b.add_feature({"o", FeatureKind::ordinal, "", 0, 1, {"x"}}, "f");
            }),
            "[kobling.model.bad_levels] f.levels: an ordinal feature needs at least 2 levels, "
            "got 1");
  EXPECT_EQ(message_of([&] {
              b.add_feature({"o", FeatureKind::ordinal, "", 0, 1, {"x", "y", "x"}}, "f");
            }),
            "[kobling.model.bad_levels] f.levels[2]: level \"x\" appears twice");
  b.add_company("k", "K", "s", 1, "k");
  const Index i = b.add_candidate("c", "c");
  b.set_wishes(i, {"k"}, "p");
  EXPECT_EQ(message_of([&] { b.add_company("late", "L", "s", 1, "late"); }),
            "[kobling.model.order] late: companies must be added before candidates");
  EXPECT_EQ(message_of([&] {
              b.add_feature({"m", FeatureKind::numeric, "", 0, 5, {}}, "f");
            }),
            "[kobling.model.order] f: features must be declared before candidates and companies");
  EXPECT_EQ(message_of([&] {
              b.set_wishes(i, {"k", "x"}, "p");
            }),
            "[kobling.model.unknown_company] p[1]: unknown company id \"x\"");
  EXPECT_EQ(message_of([&] { b.set_ranking(0, {"nobody"}, "r"); }),
            "[kobling.model.unknown_candidate] r[0]: unknown candidate id \"nobody\"");
  KickoffBuilder c;
  c.add_company("k1", "K", "s", 1, "k1");
  c.add_company("k2", "K", "s", 1, "k2");
  c.set_wishes(c.add_candidate("c", "c"), {"k1", "k2"}, "p");
  EXPECT_EQ(message_of([&] { c.max_preferences(1, "max_preferences"); }),
            "[kobling.model.max_preferences] max_preferences: candidate \"c\" already has more "
            "than 1 wishes");
}

}  // namespace
}  // namespace kobling
