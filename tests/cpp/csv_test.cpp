// The CSV layout: parsing, equivalence with JSON, and errors naming file,
// row and column.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

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

// With CsvRowLabel::data_row every pinned message names the 0-based data row
// ("candidates DataFrame, row 0") or the header instead of "file:line:column";
// the rest of the message is the same.
TEST(Csv, DataRowLabelsNameTheRowPosition) {
  std::ifstream in(KOBLING_TEST_DATA_DIR "/bad_csv.json");
  const nlohmann::json cases = nlohmann::json::parse(in);
  const std::regex line_place(R"((features|companies|candidates)\.csv:(\d+)(:\d+)?)");
  const std::regex file_place(R"((features|companies|candidates)\.csv)");
  int rows = 0;
  int headers = 0;
  for (const auto& c : cases) {
    CsvKickoff input;
    input.features = c["features"];
    input.companies = c["companies"];
    input.candidates = c["candidates"];
    input.features_name = "features DataFrame";
    input.companies_name = "companies DataFrame";
    input.candidates_name = "candidates DataFrame";
    input.row_label = CsvRowLabel::data_row;
    const std::string file_message = c["message"];
    std::string expected;
    std::smatch m;
    if (std::regex_search(file_message, m, line_place)) {
      const int line = std::stoi(m[2].str());
      expected = m.prefix().str() + m[1].str() + " DataFrame, " +
                 (line == 1 ? std::string("header") : "row " + std::to_string(line - 2)) +
                 m.suffix().str();
      ++(line == 1 ? headers : rows);
    } else {
      expected = std::regex_replace(file_message, file_place, "$1 DataFrame");
    }
    std::string got = "(no error)";
    try {
      (void)parse_kickoff_csv(input);
    } catch (const std::exception& e) {
      got = e.what();
    }
    EXPECT_EQ(got, expected) << c["name"];
  }
  EXPECT_GE(rows, 10);
  EXPECT_GE(headers, 2);
}

// A quoted cell may span lines: the file label counts lines, the data-row
// label counts rows.
TEST(Csv, DataRowLabelsCountRowsNotLines) {
  CsvKickoff input;
  input.companies = "id,name,capacity\nk1,\"Sveis\nog bygg\",1\nk2,Bygg,two\n";
  input.candidates = "id,wish_1\nc1,k1\n";
  const auto message = [&input] {
    try {
      (void)parse_kickoff_csv(input);
    } catch (const ParseError& e) {
      return std::string(e.place());
    }
    return std::string("(no error)");
  };
  EXPECT_EQ(message(), "companies.csv:4:3 (column \"capacity\")");
  input.companies_name = "companies DataFrame";
  input.row_label = CsvRowLabel::data_row;
  EXPECT_EQ(message(), "companies DataFrame, row 1 (column \"capacity\")");
  input.companies = "id,capacity,id\nk1,1,k1\n";
  EXPECT_EQ(message(), "companies DataFrame, header");
}

// Files as Excel saves them on a Norwegian machine: Windows-1252 text
// ("Bj\xF8rk" for Bjørk), ';' separators with decimal commas, and trailing rows
// of separators only. They are read as meant, and every cell's message says
// how the file was read; bytes that are neither UTF-8 nor Windows-1252 are
// refused where they stand, never loaded as garbage.
TEST(Csv, SpreadsheetsAsExcelSavesThem) {
  CsvKickoff c;
  c.features = "name;kind;min;max\nmotivation;numeric;0;5\n;;;\n";
  c.companies = "id;name;capacity;weight.motivation\nk1;Bj\xF8rk AS;2;1,5\n;;;\n;;;\n";
  c.candidates = "id;motivation;wish_1\nc\xE6;3,5;k1\nc2;4;k1\n;;\n";
  const Kickoff k = parse_kickoff_csv(c);
  EXPECT_EQ(k.company(0).name, "Bj\xC3\xB8rk AS");
  EXPECT_EQ(k.candidate(0).id, "c\xC3\xA6");
  EXPECT_EQ(k.num_candidates(), 2);
  EXPECT_DOUBLE_EQ(k.company(0).weights[0], 1.5);
  // A bad cell says what was detected.
  c.candidates = "id;motivation;wish_1\nc\xE6;lots;k1\n";
  try {
    (void)parse_kickoff_csv(c);
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.csv.cell] candidates.csv:2:2 (column \"motivation\"; read as "
                 "Windows-1252 text, ';'-separated with decimal commas): \"lots\" is not a number");
  }
  // 0x81 is undefined in Windows-1252 and not UTF-8 either.
  c.candidates = "id,wish_1\nc\x81,k1\n";
  try {
    (void)parse_kickoff_csv(c);
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.csv.encoding] candidates.csv:2:1 (column \"id\"): is neither UTF-8 "
                 "nor Windows-1252 text (byte 0x81); save the file as \"CSV UTF-8\"");
  }
  // Tabs, and UTF-8 with every width of character.
  c.candidates = "id\tmotivation\twish_1\nc\xC3\xA6\xE2\x82\xAC\xF0\x9F\x98\x80\t2\tk1\n";
  EXPECT_EQ(parse_kickoff_csv(c).candidates()[0].id, "c\xC3\xA6\xE2\x82\xAC\xF0\x9F\x98\x80");
}

// A format given instead of detected: taken as it is, and the text must
// agree with it; bad format names are refused naming the field.
TEST(Csv, GivenFormatIsTakenAsItIs) {
  CsvKickoff c;
  c.features = "name;kind;min;max\nmotivation;numeric;0;5\n";
  c.companies = "id;capacity;weight.motivation\nk1;2;1\n";
  c.candidates = "id;motivation;wish_1\nc1;3,5;k1\n";
  c.format = parse_csv_format("", ";", ".");  // decimal points, although ';'-separated
  try {
    (void)parse_kickoff_csv(c);
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.csv.cell] candidates.csv:2:2 (column \"motivation\"; read as "
                 "';'-separated): \"3,5\" is not a number");
  }
  c.format = parse_csv_format("windows-1252", "", ",");
  c.candidates = "id;motivation;wish_1\nc\xE6;3,5;k1\n";
  EXPECT_EQ(parse_kickoff_csv(c).candidate(0).id, "c\xC3\xA6");
  c.format = parse_csv_format("UTF-8", "", "");
  try {
    (void)parse_kickoff_csv(c);
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.csv.encoding] candidates.csv:2:1 (column \"id\"; read as "
                 "';'-separated with decimal commas): is not UTF-8 text (byte 0xE6), as the "
                 "encoding given says; is it Windows-1252?");
  }
  // Comma-separated with decimal commas (quoted), given.
  c.format = parse_csv_format("", ",", ",");
  c.features = "name,kind,min,max\nmotivation,numeric,0,5\n";
  c.companies = "id,capacity,weight.motivation\nk1,2,1\n";
  c.candidates = "id,motivation,wish_1\nc1,\"3,5\",k1\n";
  EXPECT_EQ(parse_kickoff_csv(c).columns()[0].value[0], 3.5);
  c.format = parse_csv_format("", "tab", "");
  EXPECT_EQ(c.format.delimiter, '\t');
  const auto refused = [](const std::string& e, const std::string& d, const std::string& m) {
    try {
      (void)parse_csv_format(e, d, m);
      return std::string("no error");
    } catch (const InvalidArgument& x) {
      return std::string(x.what());
    }
  };
  EXPECT_EQ(refused("latin-9", "", ""),
            "[kobling.csv.bad_format] encoding: unknown encoding \"latin-9\"; use utf-8 or "
            "windows-1252 (or leave it out to detect it)");
  EXPECT_EQ(refused("", "|", ""),
            "[kobling.csv.bad_format] delimiter: unknown separator \"|\"; use \",\", \";\" or "
            "\"tab\" (or leave it out to detect it)");
  EXPECT_EQ(refused("", "", "'"),
            "[kobling.csv.bad_format] decimal: unknown decimal mark \"'\"; use \".\" or \",\" "
            "(or leave it out: \",\" with \";\"-separated files, else \".\")");
}

}  // namespace
}  // namespace kobling
