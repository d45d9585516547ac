// The CSV layout: parsing, equivalence with JSON, and errors naming file,
// row and column.
#include <gtest/gtest.h>

#include <fstream>

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

// Every case of tests/data/bad_csv.json, message pinned (the CLI and Python
// tests run the same cases).
TEST(Csv, EveryBadInputHasItsPinnedMessage) {
  std::ifstream in(KOBLING_TEST_DATA_DIR "/bad_csv.json");
  const nlohmann::json cases = nlohmann::json::parse(in);
  ASSERT_GE(cases.size(), 15U);
  for (const auto& c : cases) {
    CsvKickoff input;
    input.features = c["features"];
    input.companies = c["companies"];
    input.candidates = c["candidates"];
    std::string got = "(no error)";
    try {
      (void)parse_kickoff_csv(input);
    } catch (const std::exception& e) {
      got = e.what();
      EXPECT_NE(dynamic_cast<const Error*>(&e), nullptr) << c["name"];
    }
    EXPECT_EQ(got, c["message"].get<std::string>()) << c["name"];
  }
}

}  // namespace
}  // namespace kobling
