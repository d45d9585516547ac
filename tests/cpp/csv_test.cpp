// The CSV layout: parsing, equivalence with JSON, and errors naming file,
// row and column.
#include <gtest/gtest.h>

#include "kobling/csv_io.hpp"
#include "kobling/errors.hpp"
#include "kobling/json_io.hpp"
#include "kobling/scoring.hpp"

namespace kobling {
namespace {

CsvKickoff sample() {
  CsvKickoff c;
  c.features =
      "name,kind,label,min,max,levels\n"
      "motivation,numeric,,0,5,\n"
      "norwegian,ordinal,Norwegian (CEFR),,,A1;A2;B1;B2\n"
      "licence,boolean,,,,\n"
      "skills,skills,,,,\n"
      "home,location,,,,\n";
  c.companies =
      "id,name,capacity,weight.motivation,weight.skills,target.skills.required,"
      "target.home.at,target.home.radius_km,require.norwegian.min,require.licence,ranking,_note\n"
      "k1,\"Sveis, AS\",2,2,1,mig;tig,63.43;10.39,30,A2,yes,c2;c1,\"a \"\"quoted\"\" note\"\n"
      "k2,Bygg AS,1,1,,,,,,no,,\n";
  c.candidates =
      "\xEF\xBB\xBFid,motivation,norwegian,licence,skills,home,wish_1,wish_2\r\n"
      "c1,4,B1,true,mig,63.4;10.4,k1,k2\r\n"
      "c2,,A1,,none,,k2,\r\n"
      "c3,5,B2,false,,,,\r\n";
  return c;
}

TEST(Csv, ParsesTheLayout) {
  const Kickoff k = parse_kickoff_csv(sample());
  ASSERT_EQ(k.num_candidates(), 3);
  ASSERT_EQ(k.num_companies(), 2);
  EXPECT_EQ(k.company(0).name, "Sveis, AS");
  EXPECT_EQ(k.company(0).ranking, (std::vector<Index>{1, 0}));
  EXPECT_EQ(k.company(0).requirements.size(), 2U);
  EXPECT_EQ(k.company(1).requirements.size(), 0U);  // require.licence = no
  EXPECT_EQ(k.max_preferences(), 3);
  EXPECT_EQ(k.candidate(0).wishes, (std::vector<Index>{0, 1}));
  EXPECT_EQ(k.candidate(2).wishes.size(), 0U);
  EXPECT_EQ(k.columns()[0].state[1], ValueState::unknown);  // empty cell
  EXPECT_EQ(k.columns()[3].state[1], ValueState::absent);   // "none"
  EXPECT_EQ(k.columns()[2].state[2], ValueState::absent);   // licence false
  EXPECT_EQ(k.features()[1].label, "Norwegian (CEFR)");
}

TEST(Csv, SameKickoffAsTheJsonEquivalent) {
  const Kickoff from_csv = parse_kickoff_csv(sample());
  const Kickoff from_json = kickoff_from_json(kickoff_to_json(from_csv));
  EXPECT_TRUE(kickoff_to_json(from_csv) == kickoff_to_json(from_json));
  EXPECT_TRUE(score_all(from_csv).score == score_all(from_json).score);
}

std::string error_of(const CsvKickoff& c) {
  try {
    (void)parse_kickoff_csv(c);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Csv, ErrorsNameFileRowAndColumn) {
  CsvKickoff c = sample();
  c.candidates = "id,motivation,norwegian,wish_1\nc1,4,B3,k1\n";
  EXPECT_EQ(error_of(c),
            "[kobling.model.bad_value] candidates.csv:2:3 (column \"norwegian\"): unknown level "
            "\"B3\" of feature \"norwegian\"; levels are A1, A2, B1, B2");
  c.candidates = "id,motivation,wish_1\nc1,lots,k1\n";
  EXPECT_EQ(
      error_of(c),
      "[kobling.csv.cell] candidates.csv:2:2 (column \"motivation\"): \"lots\" is not a number");
  c.candidates = "id,wish_1,wish_2\nc1,k1,k9\n";
  EXPECT_EQ(
      error_of(c),
      "[kobling.model.unknown_company] candidates.csv:2:3 (column \"wish_2\"): unknown company "
      "id \"k9\"");
  c.candidates = "id,wish_1,wish_2\nc1,,k1\n";
  EXPECT_EQ(error_of(c),
            "[kobling.csv.cell] candidates.csv:2:3 (column \"wish_2\"): wish_2 is given but wish_1 "
            "is empty; fill wishes from wish_1");
  c.candidates = "id,motivaton\nc1,3\n";
  EXPECT_EQ(
      error_of(c),
      "[kobling.model.unknown_feature] candidates.csv:1:2 (column \"motivaton\"): unknown "
      "feature \"motivaton\"; declared features: home, licence, motivation, norwegian, skills");
  c.candidates = "id,wish_1\nc1,k1\nc1,k2\n";
  EXPECT_EQ(error_of(c),
            "[kobling.model.duplicate_id] candidates.csv:3:1 (column \"id\"): duplicate candidate "
            "id \"c1\" (already used by candidates[0])");
  c.candidates = "id,wish_1\nc1,k1\nc2\n";
  EXPECT_EQ(error_of(c),
            "[kobling.csv.syntax] candidates.csv:3: this row has 1 cells but the header has 2");
  c.candidates = "id,wish_1\n\"c1,k1\n";
  EXPECT_EQ(error_of(c), "[kobling.csv.syntax] candidates.csv:2:1: unterminated quoted cell");
  c = sample();
  c.companies = "id,capacity\nk1,-2\n";
  EXPECT_EQ(
      error_of(c),
      "[kobling.model.bad_capacity] companies.csv:2:2 (column \"capacity\"): capacity must be "
      "a non-negative integer, got -2");
  c.companies = "id,capacity,colour\nk1,2,red\n";
  EXPECT_EQ(error_of(c).rfind("[kobling.csv.header] companies.csv:2:3 (column \"colour\"): unknown "
                              "column",
                              0),
            0U);
  c.companies = "id,capacity\nk1,2\n";
  c.candidates = "id,wish_1\nc1,k1\n";
  c.companies = "id\nk1\n";
  EXPECT_EQ(error_of(c),
            "[kobling.json.missing] companies.csv:2: missing required field \"capacity\"");
  c.companies = "";
  EXPECT_EQ(error_of(c),
            "[kobling.csv.syntax] companies.csv: the file is empty; the first line must name the "
            "columns");
}

}  // namespace
}  // namespace kobling
