// Intakes and outcomes: the record step's rules with their pinned messages
// (tests/data/bad_intakes.json, shared with Python), dates, the intake/1 round
// trip, the CSV folder with file:line:column places, and the label rule.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "kobling/csv_io.hpp"
#include "kobling/errors.hpp"
#include "kobling/json_io.hpp"
#include "kobling/outcomes.hpp"
#include "test_support.hpp"

namespace kobling {
namespace {

using test::message_of;

namespace fs = std::filesystem;
using nlohmann::json;

json read_json(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}
json base_doc() { return read_json(KOBLING_TEST_DATA_DIR "/intake_base.json"); }
Intake base() { return intake_from_json(base_doc()); }

// --- dates and names -------------------------------------------------------------

TEST(Outcomes, DatesAreStrictCalendarDays) {
  EXPECT_EQ(parse_date("1970-01-01", "d").days, 0);
  EXPECT_EQ(parse_date("1969-12-31", "d").days, -1);
  EXPECT_EQ(parse_date("2025-02-03", "d").days, 20122);
  EXPECT_EQ(to_string(parse_date("2024-02-29", "d")), "2024-02-29");
  EXPECT_EQ(to_string(Date{20122}), "2025-02-03");
  EXPECT_EQ(to_string(Date{-1}), "1969-12-31");
  for (Date d{-719528}; d.days <= 2932896; d.days += 997) {  // years 0000 to 9999
    EXPECT_EQ(parse_date(to_string(d), "d"), d);
  }
  EXPECT_EQ(message_of([] { (void)parse_date("2025-2-3", "$.date"); }),
            "[kobling.outcome.bad_date] $.date: \"2025-2-3\" is not a date: write it as "
            "YYYY-MM-DD, such as 2025-02-03");
  EXPECT_EQ(message_of([] { (void)parse_date("2025-00-10", "x"); }),
            "[kobling.outcome.bad_date] x: \"2025-00-10\" is not a date: no such day in the "
            "calendar");
  for (const char* bad : {"2025-02-29", "2025-04-31", "+025-01-01", "2025-01-01 ", "20250101",
                          "2025/01/01", "2025-1a-01", ""}) {
    EXPECT_THROW((void)parse_date(bad, "d"), ParseError) << bad;
  }
}

TEST(Outcomes, StatusNames) {
  for (const OutcomeStatus s :
       {OutcomeStatus::declined, OutcomeStatus::started, OutcomeStatus::completed,
        OutcomeStatus::dropped_out, OutcomeStatus::in_work, OutcomeStatus::in_education,
        OutcomeStatus::inactive}) {
    EXPECT_EQ(parse_outcome_status(to_string(s)), s);
  }
  EXPECT_EQ(parse_outcome_status("Started"), std::nullopt);
  EXPECT_TRUE(is_placement_status(OutcomeStatus::dropped_out));
  EXPECT_FALSE(is_placement_status(OutcomeStatus::in_work));
  EXPECT_EQ(to_string(Label::censored), "censored");
}

// --- the base intake and the table of bad ones -----------------------------------

TEST(Outcomes, BaseIntakeLoads) {
  const Intake in = base();
  EXPECT_EQ(in.id(), "test-2025-spring");
  EXPECT_EQ(to_string(in.info().date), "2025-02-03");
  ASSERT_TRUE(in.info().follow_up.has_value());
  EXPECT_EQ(to_string(*in.info().follow_up), "2025-09-01");
  EXPECT_EQ(in.info().policy, Policy::stable);
  EXPECT_EQ(in.info().reason_codes, std::vector<std::string>{"transport"});
  const Kickoff& k = in.kickoff();
  ASSERT_EQ(k.num_candidates(), 8);
  EXPECT_EQ(in.company_of()[k.candidate_index("c007")], k.company_index("k01"));
  EXPECT_EQ(in.company_of()[k.candidate_index("c031")], kNone);
  ASSERT_EQ(in.records().size(), 7U);
  EXPECT_EQ(in.record_of()[k.candidate_index("c003")], 6);
  EXPECT_EQ(in.record_of()[k.candidate_index("c040")], kNone);
  const OutcomeRecord& r = in.records()[0];
  EXPECT_EQ(r.company, k.company_index("k01"));
  ASSERT_EQ(r.events.size(), 3U);
  EXPECT_EQ(r.events[1].status, OutcomeStatus::dropped_out);
  EXPECT_EQ(r.events[1].reason, "housing");
  EXPECT_EQ(r.events[1].where, "$.outcomes[0].events[1]");
  EXPECT_EQ(in.records()[6].company, kNone);
}

TEST(Outcomes, EveryBadIntakeHasItsPinnedMessage) {
  const json cases = read_json(KOBLING_TEST_DATA_DIR "/bad_intakes.json");
  ASSERT_GE(cases.size(), 30U);
  for (const json& c : cases) {
    const json doc = base_doc().patch(c["patch"]);
    std::string got = "(no error)";
    try {
      (void)intake_from_json(doc);
    } catch (const std::exception& e) {
      got = e.what();
      EXPECT_NE(dynamic_cast<const Error*>(&e), nullptr) << c["name"];
    }
    EXPECT_EQ(got, c["message"].get<std::string>()) << c["name"];
  }
}

TEST(Outcomes, ErrorTypes) {
  const auto throws = [](const json& patch) { (void)intake_from_json(base_doc().patch(patch)); };
  EXPECT_THROW(throws(json::parse(R"([{"op":"replace","path":"/outcomes/0/candidate",
                                      "value":"c999"}])")),
               OutOfRange);
  EXPECT_THROW(throws(json::parse(R"([{"op":"replace","path":"/outcomes/0/events/0/status",
                                      "value":"begun"}])")),
               ParseError);
  try {
    throws(json::parse(R"([{"op":"replace","path":"/outcomes/2/events/1/date",
                            "value":"2025-03-01"}])"));
    FAIL() << "no error";
  } catch (const InvalidArgument& e) {
    EXPECT_EQ(dynamic_cast<const ParseError*>(&e), nullptr);  // a rule, not the syntax
    EXPECT_EQ(e.id(), "kobling.outcome.date_order");
    EXPECT_EQ(e.place(), "$.outcomes[2].events[1].date");
  }
}

TEST(Outcomes, RoundTripIsExact) {
  const Intake in = base();
  const json once = intake_to_json(in);
  EXPECT_EQ(once["kobling"], "intake/1");
  EXPECT_EQ(once["outcomes"][0]["events"][1]["reason"], "housing");
  EXPECT_FALSE(once["outcomes"][6].contains("company"));
  const Intake again = parse_intake(once.dump(1));
  EXPECT_EQ(intake_to_json(again), once);
  // The document's own content survives (its comments and key order aside).
  json doc = base_doc();
  doc.erase("_comment");
  EXPECT_EQ(once["placements"], doc["placements"]);
  EXPECT_EQ(once["outcomes"], doc["outcomes"]);
  EXPECT_EQ(once["follow_up"], doc["follow_up"]);
}

TEST(Outcomes, LoadIntakeNamesTheFile) {
  const Intake in = load_intake(KOBLING_TEST_DATA_DIR "/intake_base.json");
  EXPECT_EQ(in.records().size(), 7U);
  const fs::path bad =
      fs::temp_directory_path() / ("kobling_outcomes_test_" + std::to_string(::getpid()) + ".json");
  json doc = base_doc();
  doc["outcomes"][2]["events"][1]["date"] = "2025-03-01";
  std::ofstream(bad) << doc.dump();
  EXPECT_EQ(message_of([&] { (void)load_intake(bad); }),
            "[kobling.outcome.date_order] " + bad.string() +
                ": $.outcomes[2].events[1].date: 2025-03-01 is before the previous event "
                "(2025-04-02); events are listed in date order");
  fs::remove(bad);
}

// --- make_intake directly -------------------------------------------------------

TEST(Outcomes, MakeIntakeChecksItsArguments) {
  const Intake in = base();
  const auto k = in.kickoff_ptr();
  IntakeInfo info = in.info();
  EXPECT_EQ(message_of([&] { (void)make_intake(k, info, IndexVector::Constant(3, kNone), {}); }),
            "[kobling.intake.bad_placements] company_of: has 3 entries for 8 candidates; give "
            "one company (or -1) per candidate of the kick-off");
  IndexVector placed = IndexVector::Constant(8, kNone);
  placed[2] = 3;
  EXPECT_EQ(message_of([&] { (void)make_intake(k, info, placed, {}); }),
            "[kobling.intake.bad_placements] company_of[2]: company index 3 is not in [0, 3) (3 "
            "companies); use -1 for an unplaced candidate");
  placed[2] = kNone;
  OutcomeRecord rec;
  rec.candidate = 8;
  EXPECT_EQ(message_of([&] { (void)make_intake(k, info, placed, {rec}); }),
            "[kobling.outcome.unknown_candidate] outcomes[0].candidate: candidate index 8 is not "
            "in [0, 8) (8 candidates)");
  rec.candidate = 0;
  rec.company = 5;
  EXPECT_EQ(message_of([&] { (void)make_intake(k, info, placed, {rec}); }),
            "[kobling.outcome.unknown_company] outcomes[0].company: company index 5 is not in "
            "[0, 3) (3 companies); use -1 for a record without a placement");
  rec.company = kNone;
  EXPECT_EQ(message_of([&] { (void)make_intake(k, info, placed, {rec}); }),
            "[kobling.outcome.empty] outcomes[0].events: the record has no events; list at "
            "least one dated event, or leave the record out");
  rec.events.push_back({OutcomeStatus::in_work, parse_date("2025-05-01", "d"), "", ""});
  rec.events.push_back({OutcomeStatus::inactive, parse_date("2025-04-01", "d"), "", ""});
  EXPECT_EQ(message_of([&] { (void)make_intake(k, info, placed, {rec}); }),
            "[kobling.outcome.date_order] outcomes[0].events[1].date: 2025-04-01 is before the "
            "previous event (2025-05-01); events are listed in date order");
  rec.events.pop_back();
  EXPECT_EQ(message_of([&] { (void)make_intake(nullptr, info, placed, {rec}); }),
            "[kobling.intake.bad_info] kickoff: no kick-off; an intake is one kick-off as it "
            "was run");
  info.follow_up.reset();  // no follow-up: any later date
  rec.events[0].date = parse_date("2030-01-01", "d");
  const Intake ok = make_intake(k, info, placed, {rec});
  EXPECT_EQ(ok.record_of()[0], 0);
  EXPECT_EQ(labels(ok)[0], Label::good);
}

// --- the label rule --------------------------------------------------------------

std::vector<std::string> label_texts(const Intake& in, const LabelRule& rule = {}) {
  std::vector<std::string> out;
  for (const Label l : labels(in, rule)) {
    out.emplace_back(to_string(l));
  }
  return out;
}

TEST(Outcomes, LabelRule) {
  const Intake in = base();
  // Candidates in kick-off order: c003 c007 c012 c018 c024 c031 c036 c040.
  //   c003 in_education (unplaced)                  good
  //   c007 started, dropped_out, in_work            good: the last destination is work
  //   c012 started, completed, inactive             good: completed counts first
  //   c018 started, dropped_out                     bad
  //   c024 declined                                 excluded
  //   c031 inactive (unplaced)                      bad
  //   c036 started                                  censored: still running
  //   c040 no record                                excluded
  EXPECT_EQ(label_texts(in), (std::vector<std::string>{"good", "good", "good", "bad", "excluded",
                                                       "bad", "censored", "excluded"}));
  LabelRule declined_bad;
  declined_bad.declined_is_bad = true;
  EXPECT_EQ(label_texts(in, declined_bad)[4], "bad");
  EXPECT_EQ(label_texts(in, declined_bad)[7], "excluded");  // still no record
  // A horizon of 60 days (2025-04-04) cuts the later events: c007 has just
  // dropped out, c012 is still running, c003 and c031 have no news yet.
  LabelRule sixty;
  sixty.horizon_days = 60;
  EXPECT_EQ(label_texts(in, sixty),
            (std::vector<std::string>{"censored", "bad", "censored", "censored", "excluded",
                                      "censored", "censored", "excluded"}));
  // A horizon past the follow-up: what is known by then, running ones censored.
  LabelRule long_horizon;
  long_horizon.horizon_days = 400;
  EXPECT_EQ(label_texts(in, long_horizon), label_texts(in));
  LabelRule zero;
  zero.horizon_days = 0;  // the kick-off's day: nothing known yet
  EXPECT_EQ(label_texts(in, zero),
            (std::vector<std::string>{"censored", "censored", "censored", "censored", "censored",
                                      "censored", "censored", "excluded"}));
  LabelRule negative;
  negative.horizon_days = -1;
  EXPECT_EQ(message_of([&] { (void)labels(in, negative); }),
            "[kobling.fit.bad_option] horizon_days: must be a number of days >= 0 after the "
            "intake's date, got -1");
}

TEST(Outcomes, LabelWithoutFollowUpReadsEveryEvent) {
  json doc = base_doc();
  doc.erase("follow_up");
  doc["outcomes"][5]["events"].push_back({{"status", "completed"}, {"date", "2026-06-01"}});
  const Intake in = intake_from_json(doc);
  EXPECT_FALSE(in.info().follow_up.has_value());
  EXPECT_FALSE(intake_to_json(in).contains("follow_up"));
  EXPECT_EQ(label_texts(in)[6], "good");
}

// --- the CSV folder --------------------------------------------------------------

class IntakeCsv : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kobling_outcomes_csv_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    write("features.csv", "name,kind,min,max\nmotivation,numeric,0,5\nlicence,boolean,,\n");
    write("companies.csv",
          "id,name,sector,capacity,weight.motivation,weight.licence,require.licence\n"
          "k01,Sveis AS,welding,2,2,1,\n"
          "k02,Lager AS,logistics,2,1,,true\n"
          "k03,Kafe AS,hospitality,1,1,,\n");
    write("candidates.csv",
          "id,motivation,licence,wish_1,wish_2\n"
          "c003,2,false,k03,\nc007,4,true,k01,k02\nc012,3,false,k01,\nc018,5,true,k02,k01\n"
          "c024,1,true,k02,\nc031,2,,k01,\nc036,3,true,k03,k02\nc040,,,,\n");
    write("intake.csv",
          "id,date,follow_up,policy,reason_codes\n"
          "test-2025-spring,2025-02-03,2025-09-01,stable,transport\n");
    // As kobling writes it (placements_csv): every candidate, extra columns.
    write("placements.csv",
          "candidate,name,company,company_name,wish,score\n"
          "c003,,,,,\nc007,,k01,Sveis AS,1,0.8000\nc012,,k01,Sveis AS,1,0.6000\n"
          "c018,,k02,Lager AS,1,1.0000\nc024,,k02,Lager AS,1,0.2000\nc031,,,,,\n"
          "c036,,k03,Kafe AS,1,0.6000\nc040,,,,,\n");
    write("outcomes.csv", outcomes());
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
  }
  static std::string outcomes(
      const std::string& line7 = "c012,,inactive,2025-08-01,",
      const std::string& line9 = "c018,k02,dropped_out,2025-04-20,transport",
      const std::string& line11 = "c031,,inactive,2025-05-01,") {
    return "candidate,company,status,date,reason\n"     // 1
           "c007,k01,started,2025-02-17,\n"             // 2
           "c007,k01,dropped_out,2025-04-02,housing\n"  // 3
           "c007,,in_work,2025-06-01,\n"                // 4
           "c012,k01,started,2025-02-17,\n"             // 5
           "c012,k01,completed,2025-06-20,\n" +         // 6
           line7 +
           "\n" + "c018,k02,started,2025-04-02,\n" + line9 + "\n" +  // 7-9
           "c024,k02,declined,2025-02-10,\n" + line11 + "\n" +       // 10-11
           "c036,k03,started,2025-03-01,\n"                          // 12
           "c003,,in_education,2025-08-18,\n";                       // 13
  }
  [[nodiscard]] std::string file(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

TEST_F(IntakeCsv, FolderEqualsTheJsonIntake) {
  const Intake csv = load_intake_csv(dir_);
  json a = intake_to_json(csv);
  json b = intake_to_json(base());
  EXPECT_EQ(a["kickoff"]["candidates"], b["kickoff"]["candidates"]);
  a.erase("kickoff");
  b.erase("kickoff");
  EXPECT_EQ(a, b);
  EXPECT_EQ(label_texts(csv), label_texts(base()));
  EXPECT_EQ(csv.records()[0].events[1].where, "$.outcomes[0].events[1]");
}

TEST_F(IntakeCsv, IdDefaultsToTheFolderName) {
  write("intake.csv", "date,reason_codes\n2025-02-03,transport\n");
  const Intake in = load_intake_csv(dir_ / "");
  EXPECT_EQ(in.id(), dir_.filename().string());
  EXPECT_FALSE(in.info().follow_up.has_value());
}

TEST_F(IntakeCsv, ErrorsNameFileLineAndColumn) {
  write("outcomes.csv", outcomes("c012,,inactive,2025-13-01,"));
  EXPECT_EQ(message_of([&] { (void)load_intake_csv(dir_); }),
            "[kobling.outcome.bad_date] " + file("outcomes.csv") +
                ":7:4 (column \"date\"): \"2025-13-01\" is not a date: no such day in the "
                "calendar");
  write("outcomes.csv",
        outcomes("c012,,inactive,2025-08-01,", "c018,k02,dropped_out,2025-03-01,transport"));
  EXPECT_EQ(message_of([&] { (void)load_intake_csv(dir_); }),
            "[kobling.outcome.date_order] " + file("outcomes.csv") +
                ":9:4 (column \"date\"): 2025-03-01 is before the previous event (2025-04-02); "
                "events are listed in date order");
  write("outcomes.csv", outcomes("c012,,inactive,2025-08-01,", "c018,k02,dropped_out,2025-04-20,",
                                 "c031,,started,2025-05-01,"));
  // The first rule broken: dropped_out without a reason (line 9), the reason
  // column's cell is empty, so the row is named.
  EXPECT_EQ(message_of([&] { (void)load_intake_csv(dir_); }),
            "[kobling.outcome.bad_reason] " + file("outcomes.csv") +
                ":9: \"dropped_out\" needs a reason code: one of motivation, finances, housing, "
                "moved, conflict, other_job, other_education, family, health, unknown, other, "
                "transport (an intake may add its own in reason_codes)");
  write("outcomes.csv",
        outcomes("c012,,inactive,2025-08-01,", "c018,k02,dropped_out,2025-04-20,transport",
                 "c031,,started,2025-05-01,"));
  EXPECT_EQ(message_of([&] { (void)load_intake_csv(dir_); }),
            "[kobling.outcome.not_placed] " + file("outcomes.csv") +
                ":11:3 (column \"status\"): candidate \"c031\" has status \"started\" but no "
                "placement in this intake; add the placement, or use in_work, in_education or "
                "inactive for an unplaced candidate");
  write("outcomes.csv", outcomes("c012,k02,inactive,2025-08-01,"));
  EXPECT_EQ(message_of([&] { (void)load_intake_csv(dir_); }),
            "[kobling.outcome.wrong_company] " + file("outcomes.csv") +
                ":7:2 (column \"company\"): company \"k02\" differs from \"k01\" at " +
                file("outcomes.csv") +
                ":5:2 (column \"company\"); a candidate's rows are about one placement");
}

TEST_F(IntakeCsv, PlacementAndInfoErrors) {
  write("placements.csv", "candidate,company\nc007,k01\nc999,k02\n");
  EXPECT_EQ(message_of([&] { (void)load_intake_csv(dir_); }),
            "[kobling.outcome.unknown_candidate] " + file("placements.csv") +
                ":3:1 (column \"candidate\"): no candidate \"c999\" in the intake's kick-off; "
                "outcomes are recorded for its candidates");
  write("placements.csv", "candidate,company,seat\nc007,k01,1\n");
  EXPECT_EQ(message_of([&] { (void)load_intake_csv(dir_); }),
            "[kobling.csv.header] " + file("placements.csv") +
                ":1:3: unknown column \"seat\"; expected candidate and company (name, "
                "company_name, wish and score, as kobling writes them, are allowed)");
  write("placements.csv", "candidate,company\nc007,k01\n");
  write("intake.csv", "id,date,follow_up,reason_codes\nx,2025-02-03,2025-01-01,transport\n");
  EXPECT_EQ(message_of([&] { (void)load_intake_csv(dir_); }),
            "[kobling.intake.bad_info] " + file("intake.csv") +
                ":2:3 (column \"follow_up\"): 2025-01-01 is before the intake's date "
                "(2025-02-03); the follow-up is when outcomes were last looked at");
  write("intake.csv", "id,follow_up\nx,2025-01-01\n");
  EXPECT_EQ(message_of([&] { (void)load_intake_csv(dir_); }),
            "[kobling.csv.cell] " + file("intake.csv") +
                ":2: no date; give the kick-off's date (YYYY-MM-DD) in a \"date\" column");
  fs::remove(dir_ / "intake.csv");
  EXPECT_EQ(message_of([&] { (void)load_intake_csv(dir_); }),
            "[kobling.io.read] " + file("intake.csv") +
                ": missing; an intake folder needs intake.csv with one row of id, date, "
                "follow_up and policy (the kick-off's date is required)");
}

}  // namespace
}  // namespace kobling
