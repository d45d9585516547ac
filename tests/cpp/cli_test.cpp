// The command-line program, run in-process: report contents, options, exit
// codes, one-line errors for every bad input, and no output file on failure.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/memory.hpp"
#include "kobling/errors.hpp"
#include "kobling/fit.hpp"
#include "kobling/json_io.hpp"
#include "kobling/synthetic_intakes.hpp"

namespace kobling::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome run_cli(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = run(args, out, err);
  return {code, out.str(), err.str()};
}

const std::string kBundled = KOBLING_DATA_DIR "/kickoff_trondelag.json";

// The lines of standard error that are not warnings (kobling: warning: ...).
std::string without_warnings(const std::string& err) {
  std::istringstream in(err);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("kobling: warning: ", 0) != 0) {
      out += line + "\n";
    }
  }
  return out;
}

// The bundled kick-off's warnings: what the synthetic interviews left behind.
const std::string kBundledWarnings =
    "kobling: warning: [kobling.warn.no_eligible_wish] candidate \"c008\": none of the 3 "
    "wish(es) can be a placement (a requirement fails, a review is needed, the company refused "
    "or has no seats); see the reasons\n"
    "kobling: warning: [kobling.warn.no_eligible_wish] candidate \"c011\": none of the 3 "
    "wish(es) can be a placement (a requirement fails, a review is needed, the company refused "
    "or has no seats); see the reasons\n"
    "kobling: warning: [kobling.warn.ranking_unplaceable] company \"k01\" ranking: candidate "
    "\"c028\" fails a requirement, so cannot be placed there; the ranking place has no effect\n"
    "kobling: warning: [kobling.warn.ranking_unplaceable] company \"k07\" ranking: candidate "
    "\"c092\" fails a requirement, so cannot be placed there; the ranking place has no effect\n"
    "kobling: warning: [kobling.warn.ranking_unplaceable] company \"k07\" ranking: candidate "
    "\"c081\" fails a requirement, so cannot be placed there; the ranking place has no effect\n"
    "kobling: warning: [kobling.warn.ranking_unplaceable] company \"k07\" ranking: candidate "
    "\"c018\" needs review (a requirement concerns an unrecorded value), so cannot be placed "
    "there; the ranking place has no effect\n"
    "kobling: warning: [kobling.warn.ranking_unplaceable] company \"k07\" ranking: candidate "
    "\"c089\" fails a requirement, so cannot be placed there; the ranking place has no effect\n"
    "kobling: warning: [kobling.warn.ranking_unplaceable] company \"k09\" ranking: candidate "
    "\"c011\" fails a requirement, so cannot be placed there; the ranking place has no effect\n"
    "kobling: warning: [kobling.warn.unused_feature] feature \"english\": no company weighs, "
    "targets or requires it and no bound uses it; its recorded values never count\n";

fs::path temp_dir() {
  const fs::path d = fs::temp_directory_path() / ("kobling_cli_test_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

TEST(Cli, HelpDocumentsEveryOption) {
  const Outcome r = run_cli({"--help"});
  EXPECT_EQ(r.code, kExitOk);
  for (const char* word : {"run", "compare", "explain", "recommend", "shortlist", "errors",
                           "--policy", "--proposer", "--out", "--top", "stable", "max_placement",
                           "rank_maximal", "--version", "Exit status", "companies.csv"}) {
    EXPECT_NE(r.out.find(word), std::string::npos) << word;
  }
  EXPECT_EQ(run_cli({"run", "--help"}).code, kExitOk);
  EXPECT_EQ(run_cli({"--version"}).out.rfind("kobling ", 0), 0U);
}

TEST(Cli, ErrorsListsTheCatalogue) {
  const Outcome r = run_cli({"errors"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line.rfind("id ", 0), 0U) << line;  // a header row: id, kind, meaning
  for (const CatalogueEntry& e : error_catalogue()) {
    ASSERT_TRUE(std::getline(lines, line));
    EXPECT_EQ(line.rfind(std::string(e.id) + " ", 0), 0U) << line;
    EXPECT_NE(line.find(std::string(e.kind) + " "), std::string::npos) << line;
    EXPECT_EQ(line.substr(line.size() - e.meaning.size()), e.meaning) << line;
  }
  EXPECT_FALSE(std::getline(lines, line)) << line;
  const Outcome bad = run_cli({"errors", "x"});
  EXPECT_EQ(bad.code, kExitUsage);
  EXPECT_EQ(bad.err, "kobling: unexpected argument 'x'; 'errors' takes none\n");
}

TEST(Cli, RunPrintsTheReport) {
  const Outcome r = run_cli({"run", kBundled});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.err, kBundledWarnings);
  for (const char* part : {"policy: stable (candidate-proposing)", "Placed ", " of 95 candidates",
                           "Wishes      1st: ", "2nd: ", "3rd: ", "Unplaced", "Seats  Filled  Fill",
                           "k01 Nidaros Sveis og Montasje AS"}) {
    EXPECT_NE(r.out.find(part), std::string::npos) << part << "\n" << r.out;
  }
}

// Each warning from one change to a kick-off that has none: printed on
// standard error (one line, exit 0, the report as usual); with --strict the
// same line as an error, exit 2, and no report. For run, round-free commands
// alike (compare, interviews).
TEST(Cli, EachWarningIsPrintedAndStrictMakesItAnError) {
  const json base = json::parse(R"({
    "features": [{"name": "motivation", "kind": "numeric", "min": 0, "max": 5},
                 {"name": "norwegian", "kind": "ordinal", "levels": ["A1", "A2", "B1", "B2"]}],
    "companies": [
      {"id": "k1", "capacity": 1, "weights": {"motivation": 1},
       "requirements": {"norwegian": {"min": "B1"}}},
      {"id": "k2", "capacity": 1, "weights": {"motivation": 1}},
      {"id": "k3", "capacity": 1, "weights": {"motivation": 1}}],
    "candidates": [
      {"id": "c1", "features": {"motivation": 3, "norwegian": "B2"}, "preferences": ["k1", "k2", "k3"]},
      {"id": "c2", "features": {"motivation": 4, "norwegian": "A1"}, "preferences": ["k2", "k1"]},
      {"id": "c3", "features": {"motivation": 2, "norwegian": "B2"}, "preferences": ["k1"]}]})");
  const fs::path dir = temp_dir();
  const fs::path clean = dir / "clean.json";
  std::ofstream(clean) << base.dump();
  const Outcome none = run_cli({"run", clean.string(), "--strict"});
  ASSERT_EQ(none.code, kExitOk) << none.err;
  EXPECT_EQ(none.err, "");
  struct Case {
    const char* line;
    void (*change)(json&);
  };
  const Case cases[] = {
      {"[kobling.warn.zero_weights] company \"k2\": every weight is 0, so every candidate scores 0 "
       "here: its interview ranking, then the tie rule, decide who gets its 1 seat(s)",
       [](json& d) {
         d["companies"][1]["weights"] = {{"motivation", 0}};
       }},
      {"[kobling.warn.no_seats] company \"k3\": has 0 seats, yet 1 candidate(s) list it; none can "
       "be placed there",
       [](json& d) { d["companies"][2]["capacity"] = 0; }},
      {"[kobling.warn.ranking_not_applicant] company \"k2\" ranking: candidate \"c3\" did not list "
       "the company; the ranking place has no effect",
       [](json& d) { d["companies"][1]["ranking"] = {"c3"}; }},
      {"[kobling.warn.ranking_unplaceable] company \"k1\" ranking: candidate \"c2\" fails a "
       "requirement, so cannot be placed there; the ranking place has no effect",
       [](json& d) { d["companies"][0]["ranking"] = {"c2"}; }},
      {"[kobling.warn.unused_feature] feature \"english\": no company weighs, targets or requires "
       "it and no bound uses it; its recorded values never count",
       [](json& d) {
         d["features"].push_back(
             {{"name", "english"}, {"kind", "numeric"}, {"min", 0}, {"max", 5}});
         d["candidates"][0]["features"]["english"] = 3;
       }},
      {"[kobling.warn.no_eligible_wish] candidate \"c3\": none of the 1 wish(es) can be a "
       "placement (a requirement fails, a review is needed, the company refused or has no "
       "seats); see the reasons",
       [](json& d) { d["candidates"][2]["features"]["norwegian"] = "A2"; }},
  };
  for (const Case& c : cases) {
    json doc = base;
    c.change(doc);
    const fs::path file = dir / "warned.json";
    std::ofstream(file) << doc.dump();
    for (const char* command : {"run", "compare", "interviews"}) {
      const Outcome warned = run_cli({command, file.string()});
      EXPECT_EQ(warned.code, kExitOk) << warned.err;
      EXPECT_EQ(warned.err, std::string("kobling: warning: ") + c.line + "\n");
      EXPECT_NE(warned.out, "");
      const Outcome strict = run_cli({command, file.string(), "--strict"});
      EXPECT_EQ(strict.code, kExitUsage) << command << ": " << c.line;
      EXPECT_EQ(strict.err, std::string("kobling: error: ") + c.line + "\n");
      EXPECT_EQ(strict.out, "");
    }
  }
  fs::remove_all(dir);
}

// At most kWarningLines lines per warning id, then how many more.
TEST(Cli, ManyWarningsOfOneKindAreCounted) {
  json doc = json::parse(R"({"features": [{"name": "m", "kind": "numeric", "min": 0, "max": 5}],
    "companies": [{"id": "k1", "capacity": 0, "weights": {"m": 1}}], "candidates": []})");
  for (int i = 0; i < 13; ++i) {
    std::string id = "c";  // (appended: "c" + to_string trips GCC 12's -Wrestrict)
    id += std::to_string(i);
    doc["candidates"].push_back({{"id", id}, {"features", {{"m", 1}}}, {"preferences", {"k1"}}});
  }
  const fs::path dir = temp_dir();
  const fs::path file = dir / "many.json";
  std::ofstream(file) << doc.dump();
  const Outcome r = run_cli({"run", file.string(), "--summary"});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 12) << r.err;  // 10 + count + no_seats
  EXPECT_NE(r.err.find("kobling: warning: [kobling.warn.no_eligible_wish] candidate \"c9\""),
            std::string::npos);
  EXPECT_EQ(r.err.find("candidate \"c10\""), std::string::npos);
  EXPECT_NE(r.err.find("kobling: warning: [kobling.warn.no_eligible_wish] and 3 more like it\n"),
            std::string::npos)
      << r.err;
  fs::remove_all(dir);
}

// --summary: the totals, and the reasons counted by kind; no list of ids.
TEST(Cli, SummaryGivesTotalsWithoutLists) {
  const Outcome r = run_cli({"run", kBundled, "--summary"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.out,
            "Kick-off Trøndelag (synthetic) - policy: stable (candidate-proposing)\n\n"
            "Placed      29 of 95 candidates (30.5%); 29 of 32 seats filled (90.6%)\n"
            "Wishes      1st: 9, 2nd: 9, 3rd: 11\n"
            "Attention   4 listed pair(s) need review (requirement on an unrecorded value); 0 "
            "empty profile(s)\n"
            "Unplaced    66\n"
            "Honours     wishes, company rankings and scores: no blocking pair\n"
            "Blocking    0 pair(s) would rather be together\n"
            "Ties        decided by lottery (seed 0; the lower lottery number wins): 0 tie(s) "
            "decided seats\n"
            "Companies   15; 13 full; 3 empty seat(s)\n\n"
            "Why unplaced: 66\n  full_preferred: 156\n  ineligible: 36\n  needs_review: 4\n"
            "  refused: 2\n\n"
            "Empty seats: 2\n  all_ineligible: 1\n  mixed: 1\n\n"
            "Near misses (one requirement short, free seats): 96\n\n"
            "Second-round invitations (eligible, free seats, not listed): 27\n");
  const Outcome full = run_cli({"run", kBundled});
  EXPECT_NE(full.out.find("c001"), std::string::npos);
  EXPECT_EQ(r.out.find("c0"), std::string::npos);  // no candidate id
}

TEST(Cli, PoliciesAndProposers) {
  for (const char* p : {"stable", "max_placement", "rank_maximal"}) {
    const Outcome r = run_cli({"run", kBundled, "--policy", p});
    EXPECT_EQ(r.code, kExitOk) << p << r.err;
    EXPECT_NE(r.out.find(std::string("policy: ") + p), std::string::npos);
  }
  EXPECT_EQ(run_cli({"run", kBundled, "--proposer=companies"}).code, kExitOk);
  const Outcome bad = run_cli({"run", kBundled, "--policy", "fair"});
  EXPECT_EQ(bad.code, kExitUsage);
  EXPECT_EQ(bad.err,
            "kobling: error: [kobling.policy.unknown] policy: unknown policy \"fair\"; choose "
            "stable, max_placement or rank_maximal\n");
  EXPECT_EQ(run_cli({"run", kBundled, "--policy", "max_placement", "--proposer", "companies"}).err,
            "kobling: --proposer applies to --policy stable only\n");
  EXPECT_EQ(run_cli({"run"}).err, "kobling: 'run' needs a kick-off FILE\n");
  EXPECT_EQ(run_cli({"frobnicate", kBundled}).err,
            "kobling: unknown command 'frobnicate'; try 'kobling --help'\n");
  EXPECT_EQ(run_cli({"run", kBundled, "--colour", "red"}).err,
            "kobling: unknown option --colour for 'run'\n");
  EXPECT_EQ(run_cli({"run", kBundled, "--policy"}).code, kExitUsage);
  EXPECT_EQ(run_cli({}).code, kExitUsage);
}

TEST(Cli, CompareTable) {
  const Outcome r = run_cli({"compare", kBundled});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  for (const char* part :
       {"policy          placed    1st    2nd    3rd  mean score  blocking pairs", "stable ",
        "max_placement ", "rank_maximal ", "get different outcomes"}) {
    EXPECT_NE(r.out.find(part), std::string::npos) << part << "\n" << r.out;
  }
}

TEST(Cli, ExplainRecommendShortlist) {
  Outcome r = run_cli({"explain", kBundled, "c001", "k01"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  for (const char* part : {"Candidate c001 at k01", "Score       0.5248", "Eligibility ineligible",
                           "Why not:", "age 16 is below the required 18 [below_minimum]",
                           "occupations of interest (STYRK-08)"}) {
    EXPECT_NE(r.out.find(part), std::string::npos) << part << "\n" << r.out;
  }
  r = run_cli({"recommend", kBundled, "c001", "--top", "3"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("  1. k10 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  3. "), std::string::npos);
  EXPECT_EQ(r.out.find("  4. "), std::string::npos);
  r = run_cli({"shortlist", kBundled, "k09"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("Shortlist for k09 Namdal Murerlag AS (2 seats): 14 applicant(s)"),
            std::string::npos);
  EXPECT_EQ(run_cli({"explain", kBundled, "c999", "k01"}).err,
            "kobling: error: [kobling.model.unknown_candidate] candidate \"c999\": no candidate "
            "has this id\n");
  EXPECT_EQ(run_cli({"explain", kBundled, "c001"}).err,
            "kobling: 'explain' needs COMPANY after FILE\n");
  EXPECT_EQ(run_cli({"recommend", kBundled, "c001", "--top", "0"}).err,
            "kobling: --top must be a positive integer, got '0'\n");
  EXPECT_EQ(run_cli({"shortlist", kBundled, "k99"}).code, kExitUsage);
}

TEST(Cli, OutWritesResultJsonOnSuccessOnly) {
  const fs::path dir = temp_dir();
  const fs::path out = dir / "result.json";
  fs::remove(out);
  Outcome r = run_cli({"run", kBundled, "--out", out.string()});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  std::ifstream in(out);
  const json result = json::parse(in);
  EXPECT_EQ(result["kobling"], "result/2");
  EXPECT_EQ(result["candidates"].size(), 95U);
  // A failing run leaves the previous file untouched and creates nothing new.
  const fs::path bad = dir / "bad.json";
  std::ofstream(bad) << "{\"companies\": [], \"candidates\": [{\"id\": 1}]}";
  const auto before = fs::last_write_time(out);
  const std::string before_text = json(result).dump();
  r = run_cli({"run", bad.string(), "--out", out.string()});
  EXPECT_EQ(r.code, kExitUsage);
  std::ifstream again(out);
  EXPECT_EQ(json::parse(again).dump(), before_text);
  EXPECT_EQ(fs::last_write_time(out), before);
  const fs::path fresh = dir / "never.json";
  EXPECT_EQ(run_cli({"run", bad.string(), "--out", fresh.string()}).code, kExitUsage);
  EXPECT_FALSE(fs::exists(fresh));
  fs::remove_all(dir);
}

// --out never destroys data: the input (by any name), a CSV folder's files,
// devices and directories are refused with exit 2 and one line; '-' is
// standard output, holding the JSON alone.
TEST(Cli, OutNeverReplacesTheInputOrANonFile) {
  const fs::path dir = temp_dir();
  const fs::path input = dir / "k.json";
  fs::copy_file(kBundled, input, fs::copy_options::overwrite_existing);
  const std::string original = [&] {
    std::ifstream in(input);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }();
  for (const fs::path& target : {input, dir / "." / "k.json"}) {
    const Outcome r = run_cli({"run", input.string(), "--out", target.string()});
    EXPECT_EQ(r.code, kExitUsage);
    EXPECT_EQ(without_warnings(r.err),
              "kobling: error: [kobling.io.output_is_input] " + target.string() +
                  ": is the input " + input.string() +
                  "; writing the result there would destroy the kick-off; choose another "
                  "output file\n");
  }
  std::ifstream in(input);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), original);
  const Outcome dev = run_cli({"run", input.string(), "--out", "/dev/null"});
  EXPECT_EQ(dev.code, kExitUsage);
  EXPECT_EQ(without_warnings(dev.err),
            "kobling: error: [kobling.io.not_a_file] /dev/null: is a character device; the output "
            "must be a regular file or a new path ('-' writes to standard output)\n");
  EXPECT_EQ(run_cli({"run", input.string(), "--out", dir.string()}).code, kExitUsage);
  // A CSV folder: none of its three files, even the absent features.csv.
  const fs::path csv = dir / "csv";
  fs::create_directories(csv);
  std::ofstream(csv / "companies.csv") << "id,capacity\nk1,1\n";
  std::ofstream(csv / "candidates.csv") << "id,wish_1\nc1,k1\n";
  for (const char* name : {"companies.csv", "candidates.csv", "features.csv"}) {
    const Outcome r = run_cli({"run", csv.string(), "--out", (csv / name).string()});
    EXPECT_EQ(r.code, kExitUsage) << name;
    EXPECT_NE(r.err.find("[kobling.io.output_is_input]"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(csv / "features.csv"));
  // '-': the result JSON on standard output, without the report.
  const Outcome json_out = run_cli({"run", input.string(), "--out", "-"});
  ASSERT_EQ(json_out.code, kExitOk) << json_out.err;
  EXPECT_EQ(json::parse(json_out.out)["kobling"], "result/2");
  fs::remove_all(dir);
}

// Every CSV case of tests/data/bad_csv.json through a folder: exit 2, one line
// naming file, row and column, and no output file.
TEST(Cli, EveryBadCsvExitsTwoWithOneLine) {
  std::ifstream cases_in(KOBLING_TEST_DATA_DIR "/bad_csv.json");
  const json cases = json::parse(cases_in);
  const fs::path dir = temp_dir() / "csv";
  const fs::path out = temp_dir() / "out.json";
  for (const json& c : cases) {
    fs::create_directories(dir);
    std::ofstream(dir / "features.csv") << c["features"].get<std::string>();
    std::ofstream(dir / "companies.csv") << c["companies"].get<std::string>();
    std::ofstream(dir / "candidates.csv") << c["candidates"].get<std::string>();
    const Outcome r = run_cli({"run", dir.string(), "--out", out.string()});
    EXPECT_EQ(r.code, kExitUsage) << c["name"];
    std::string expected = c["message"].get<std::string>();
    for (const char* file : {"features.csv", "companies.csv", "candidates.csv"}) {
      const auto at = expected.find(std::string("] ") + file);
      if (at != std::string::npos) {
        expected.insert(at + 2, (dir / "").string());
      }
    }
    EXPECT_EQ(r.err, "kobling: error: " + expected + "\n") << c["name"];
    EXPECT_FALSE(fs::exists(out)) << c["name"];
    fs::remove_all(dir);
  }
}

// Every invalid-input case of tests/data/bad_inputs.json: exit 2 and exactly
// one line on stderr: "kobling: error: [id] FILE: JSON path: reason".
TEST(Cli, EveryBadInputExitsTwoWithOneLine) {
  std::ifstream base_in(KOBLING_TEST_DATA_DIR "/kickoff_base.json");
  const json base = json::parse(base_in);
  std::ifstream cases_in(KOBLING_TEST_DATA_DIR "/bad_inputs.json");
  const json cases = json::parse(cases_in);
  const fs::path dir = temp_dir();
  const fs::path file = dir / "kickoff.json";
  const fs::path out = dir / "out.json";
  for (const json& c : cases) {
    std::ofstream(file) << base.patch(c["patch"]).dump();
    const Outcome r = run_cli({"run", file.string(), "--out", out.string()});
    EXPECT_EQ(r.code, kExitUsage) << c["name"];
    EXPECT_TRUE(r.out.empty()) << c["name"];
    // The file name goes before the JSON path.
    std::string expected = c["message"].get<std::string>();
    const auto close = expected.find("] ");
    expected.insert(close + 2, file.string() + ": ");
    EXPECT_EQ(r.err, "kobling: error: " + expected + "\n") << c["name"];
    EXPECT_FALSE(fs::exists(out)) << c["name"];
  }
  fs::remove_all(dir);
}

// Numbers JSON cannot hold as a finite double, in a capacity: exit 2, one
// line naming the place, and an existing --out file left exactly as it was.
TEST(Cli, NonFiniteNumbersLeaveTheOutputUntouched) {
  std::ifstream base_in(KOBLING_TEST_DATA_DIR "/kickoff_base.json");
  const std::string text = json::parse(base_in).dump();
  const std::string key = "\"capacity\":";
  const std::size_t at = text.find(key) + key.size();
  const std::size_t end = text.find_first_not_of("0123456789", at);
  const fs::path dir = temp_dir();
  const fs::path file = dir / "kickoff.json";
  const fs::path out = dir / "out.json";
  const std::string previous = "{\"previous\": \"result\"}\n";
  const std::string col = std::to_string(at + 1);
  const std::pair<std::string, std::string> cases[] = {
      {"1e999", "[kobling.json.number] " + file.string() +
                    ": $.companies[0].capacity: number overflow parsing '1e999'"},
      {"-1e999", "[kobling.json.number] " + file.string() +
                     ": $.companies[0].capacity: number overflow parsing '-1e999'"},
      {"NaN", "[kobling.json.syntax] " + file.string() + ": line 1, column " + col +
                  ": syntax error while parsing value - invalid literal; last read: "
                  "'\"capacity\":N'"},
      {"Infinity", "[kobling.json.syntax] " + file.string() + ": line 1, column " + col +
                       ": syntax error while parsing value - invalid literal; last read: "
                       "'\"capacity\":I'"},
  };
  for (const auto& [literal, message] : cases) {
    std::ofstream(file) << text.substr(0, at) << literal << text.substr(end);
    std::ofstream(out) << previous;
    const Outcome r = run_cli({"run", file.string(), "--out", out.string()});
    EXPECT_EQ(r.code, kExitUsage) << literal;
    EXPECT_EQ(r.err, "kobling: error: " + message + "\n") << literal;
    std::ifstream kept(out);
    const std::string now((std::istreambuf_iterator<char>(kept)), std::istreambuf_iterator<char>());
    EXPECT_EQ(now, previous) << literal;
  }
  fs::remove_all(dir);
}

#ifdef KOBLING_CLI_PATH
// Output that cannot be written is an error (exit 2, one line), never a
// silent success: a full disk and a closed standard output.
TEST(Cli, UnwritableStandardOutputExitsTwo) {
  const std::string cli = KOBLING_CLI_PATH;
  const std::string err_file = (temp_dir() / "err.txt").string();
  const auto run_shell = [&](const std::string& redirect) {
    const int status =
        std::system((cli + " run " + kBundled + " " + redirect + " 2>" + err_file).c_str());
    std::ifstream in(err_file);
    return std::make_pair(WEXITSTATUS(status), std::string(std::istreambuf_iterator<char>(in), {}));
  };
  const auto [full_code, full_err] = run_shell(">/dev/full");
  EXPECT_EQ(full_code, kExitUsage);
  EXPECT_EQ(without_warnings(full_err),
            "kobling: error: [kobling.io.write] standard output: cannot write the output (No space "
            "left on device)\n");
  const auto [closed_code, closed_err] = run_shell(">&-");
  EXPECT_EQ(closed_code, kExitUsage);
  EXPECT_EQ(
      without_warnings(closed_err).rfind("kobling: error: [kobling.io.write] standard output:", 0),
      0U)
      << closed_err;
  fs::remove(err_file);
}

// Too little memory to keep the program's reserve for unwinding (main.cpp):
// the command stops before any work, with the one-line error.
TEST(Cli, MissingReserveIsOutOfMemoryBeforeAnyWork) {
  record_missing_reserve(std::size_t{16} << 20);
  const Outcome r = run_cli({"run", kBundled});
  record_missing_reserve(0);
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "kobling: error: [kobling.resource.memory] run: out of memory: a request for 16.0 MiB "
            "could not be allocated; use a machine with more memory or a smaller input\n");
  EXPECT_EQ(run_cli({"run", kBundled}).code, kExitOk);
}

#ifndef KOBLING_UNDER_SANITIZER  // the memory-cap test and its helpers (CMakeLists.txt says why)
// A kick-off of n candidates and m companies (one numeric feature) in a file.
fs::path big_kickoff(const fs::path& dir, int n, int m) {
  const fs::path file = dir / ("big_" + std::to_string(n) + "x" + std::to_string(m) + ".json");
  std::ofstream out(file);
  out << R"({"features": [{"name": "motivation", "kind": "numeric", "min": 0, "max": 5}], )"
      << R"("companies": [)";
  for (int j = 0; j < m; ++j) {
    out << (j ? "," : "") << R"({"id": "k)" << j << R"(", "capacity": 2, "weights": )"
        << R"({"motivation": 1}})";
  }
  out << R"(], "candidates": [)";
  for (int i = 0; i < n; ++i) {
    out << (i ? "," : "") << R"({"id": "c)" << i << R"(", "features": {"motivation": )" << (i % 6)
        << R"(}, "preferences": ["k)" << (i % m) << R"("]})";
  }
  out << "]}";
  return file;
}

// Runs the CLI in a shell with the address space capped (ulimit -v, KiB);
// returns the exit code and standard error.
std::pair<int, std::string> run_capped(long long cap_kib, const std::string& arguments) {
  const std::string err_file = (temp_dir() / "capped_err.txt").string();
  const std::string command = "sh -c 'ulimit -v " + std::to_string(cap_kib) + "; exec " +
                              std::string(KOBLING_CLI_PATH) + " " + arguments + "' >/dev/null 2>" +
                              err_file;
  const int status = std::system(command.c_str());
  std::ifstream in(err_file);
  return {WEXITSTATUS(status), std::string(std::istreambuf_iterator<char>(in), {})};
}

// A 150,000 x 3,000 kick-off (4.1 GB as a dense table) runs under a 1 GiB
// cap: run scores the listed pairs only. Under a cap the input itself does
// not fit in, the system's refusal names the size asked for: exit 2 and one
// line, never "internal error".
TEST(Cli, NationalScaleRunsInLittleMemoryAndOutOfMemoryIsOneLine) {
  const fs::path dir = temp_dir();
  const fs::path national = big_kickoff(dir, 150000, 3000);
  const auto [code, err] = run_capped(1LL << 20, "run " + national.string() + " --summary");
  EXPECT_EQ(code, kExitOk) << err;
  EXPECT_EQ(err, "");
  const auto [starved_code, starved_err] = run_capped(96LL << 10, "run " + national.string());
  EXPECT_EQ(starved_code, kExitUsage) << starved_err;
  EXPECT_EQ(starved_err.rfind("kobling: error: [kobling.resource.memory] run: out of memory: a "
                              "request for ",
                              0),
            0U)
      << starved_err;
  EXPECT_NE(starved_err.find(" could not be allocated; use a machine with more memory or a "
                             "smaller input\n"),
            std::string::npos)
      << starved_err;
  EXPECT_EQ(std::count(starved_err.begin(), starved_err.end(), '\n'), 1) << starved_err;
  // Wherever memory runs out (parsing, building, scoring, solving, writing):
  // exit 0, or exit 2 with the one line; never an abort.
  for (const long long mib : {40, 56, 72, 88, 112, 136, 160, 200}) {
    const auto [c, e] = run_capped(mib << 10, "run " + national.string() + " --summary");
    EXPECT_TRUE((c == kExitOk && e.empty()) ||
                (c == kExitUsage && e.rfind("kobling: error: [kobling.resource.memory]", 0) == 0 &&
                 std::count(e.begin(), e.end(), '\n') == 1))
        << mib << " MiB: exit " << c << ": " << e;
  }
  // The dense table's limit is gone from the command line with the table.
  EXPECT_EQ(run_cli({"run", national.string(), "--max-memory", "8G"}).code, kExitUsage);
  fs::remove_all(dir);
}
#endif

// Byte-identical result files from separate processes (fresh address space,
// allocator state and hash seeds each time), for every policy.
TEST(Cli, ByteIdenticalResultsAcrossProcesses) {
  const fs::path dir = temp_dir();
  for (const char* policy : {"stable", "max_placement", "rank_maximal"}) {
    std::string first;
    for (int run = 0; run < 5; ++run) {
      const fs::path out = dir / ("out" + std::to_string(run) + ".json");
      const std::string command = std::string(KOBLING_CLI_PATH) + " run " + kBundled +
                                  " --policy " + policy + " --out " + out.string() + " > /dev/null";
      ASSERT_EQ(std::system(command.c_str()), 0) << command;
      std::ifstream in(out, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
      ASSERT_FALSE(bytes.empty()) << policy;
      if (run == 0) {
        first = bytes;
      } else {
        EXPECT_EQ(bytes, first) << policy << " run " << run;
      }
    }
  }
  fs::remove_all(dir);
}
#endif

// --- kobling fit and kobling adopt ---------------------------------------------------

// Two synthetic intakes of the plain template written as intake/1 files, and
// the template itself as a kick-off; `n` candidates per intake.
struct FitFiles {
  fs::path dir;
  fs::path a;
  fs::path b;
  fs::path kickoff;
};

FitFiles write_fit_files(const std::string& name, Index n,
                         std::vector<std::pair<std::string, double>> truth) {
  FitFiles f;
  f.dir = temp_dir() / name;
  fs::create_directories(f.dir);
  const Kickoff templ = make_plain_template(n, std::max<Index>(4, n / 4), 3, 17);
  SyntheticIntakeOptions o;
  o.intakes = 2;
  o.true_weights = std::move(truth);
  o.strength = 5.0;
  o.intercept = -1.0;
  o.seed = 17;
  const std::vector<Intake> intakes = make_synthetic_intakes(templ, o);
  f.a = f.dir / "A.json";
  f.b = f.dir / "B.json";
  f.kickoff = f.dir / "K.json";
  std::ofstream(f.a) << intake_to_json(intakes[0]).dump();
  std::ofstream(f.b) << intake_to_json(intakes[1]).dump();
  std::ofstream(f.kickoff) << kickoff_to_json(templ).dump();
  return f;
}

json read_json_file(const fs::path& p) {
  std::ifstream in(p);
  return json::parse(in);
}

TEST(Cli, FitWritesAWeightsFileAndAdoptAppliesIt) {
  const FitFiles f = write_fit_files("fit_adopt", 1500, {{"f1", 1.0}, {"f2", 0.0}, {"f3", 0.0}});
  const fs::path w = f.dir / "W.json";
  const Outcome r = run_cli({"fit", f.a.string(), f.b.string(), "--out", w.string()});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("\nDecision: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Validation (cross-validation by intake, 2 folds)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Weights written to " + w.string() + "\n"), std::string::npos) << r.out;
  const json doc = read_json_file(w);
  EXPECT_EQ(doc["kobling"], "weights/1");
  EXPECT_EQ(doc["decision"], "adopt");  // f1 alone drives outcomes, the hand weighs all three
  ASSERT_TRUE(doc["weights"].is_object());
  EXPECT_TRUE(doc["weights"].contains("f1"));
  EXPECT_EQ(doc["trained_on"].size(), 2U);
  EXPECT_TRUE(doc["validation"].is_object());

  // Forced (whatever the decision), every company weighs as the profile says.
  const fs::path k2 = f.dir / "K2.json";
  const Outcome a =
      run_cli({"adopt", f.kickoff.string(), w.string(), "--force", "--out", k2.string()});
  ASSERT_EQ(a.code, kExitOk) << a.err;
  EXPECT_EQ(a.out.rfind("Adopted     the learned weights of " + w.string(), 0), 0U) << a.out;
  const Kickoff adopted = load_kickoff(k2);
  const SavedWeights saved = load_weights(w);
  ASSERT_TRUE(saved.profile.usable);
  for (Index j = 0; j < adopted.num_companies(); ++j) {
    for (const FeatureSpec& spec : adopted.features()) {
      const auto q =
          std::find(saved.profile.features.begin(), saved.profile.features.end(), spec.name) -
          saved.profile.features.begin();
      const double expected = q < static_cast<std::ptrdiff_t>(saved.profile.features.size())
                                  ? saved.profile.weights[static_cast<std::size_t>(q)]
                                  : 0.0;
      EXPECT_NEAR(
          adopted.company(j).weights[static_cast<std::size_t>(*adopted.find_feature(spec.name))],
          expected, 1e-12)
          << j << " " << spec.name;
    }
  }
  fs::remove_all(f.dir);
}

TEST(Cli, FitGroupReportAndItsUsage) {
  const FitFiles f = write_fit_files("fit_groups", 600, {{"f1", 1.0}, {"f2", 0.0}, {"f3", 0.0}});
  const Outcome r =
      run_cli({"fit", f.a.string(), f.b.string(), "--group-by", "f2", "--bins", "0,0.5,1"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("Groups by f2 (synthetic-1, synthetic-2), each re-run with the hand and "
                       "the learned weights\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  [0, 0.5): "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  [0.5, 1): "), std::string::npos) << r.out;
  const Outcome no_bins = run_cli({"fit", f.a.string(), f.b.string(), "--group-by", "f2"});
  EXPECT_EQ(no_bins.code, kExitUsage);
  EXPECT_EQ(no_bins.err,
            "kobling: error: [kobling.guard.bins_required] bins: numeric feature \"f2\" needs "
            "increasing bin edges (at least two), e.g. 16, 20, 25, 36\n");
  const Outcome usage = run_cli({"fit", f.a.string(), f.b.string(), "--bins", "0,0.5,1"});
  EXPECT_EQ(usage.code, kExitUsage);
  EXPECT_EQ(usage.err.rfind("kobling: --bins needs --group-by FEATURE", 0), 0U) << usage.err;
  EXPECT_TRUE(usage.out.empty());
  fs::remove_all(f.dir);
}

TEST(Cli, AdoptRefusesAKeepDecisionWithoutForce) {
  // 2 x 60 candidates: too few outcomes for 3 weights, so the hand weights stay.
  const FitFiles f = write_fit_files("adopt_keep", 60, {});
  const fs::path w = f.dir / "W.json";
  const Outcome r = run_cli({"fit", f.a.string(), f.b.string(), "--out", w.string()});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("Decision: keep the hand weights"), std::string::npos) << r.out;
  ASSERT_EQ(read_json_file(w)["decision"], "keep_hand_weights");
  const fs::path k2 = f.dir / "K2.json";
  const Outcome a = run_cli({"adopt", f.kickoff.string(), w.string(), "--out", k2.string()});
  EXPECT_EQ(a.code, kExitUsage);
  EXPECT_TRUE(a.out.empty());
  EXPECT_EQ(a.err,
            "kobling: error: [kobling.weights.not_validated] profile: the fit's validation kept "
            "the hand weights; pass force to apply the learned weights anyway\n");
  EXPECT_FALSE(fs::exists(k2));
  fs::remove_all(f.dir);
}

// A bad intake file (the first case of tests/data/bad_intakes.json): exit 2,
// one line naming the file, no weights written.
TEST(Cli, FitOfABadIntakeExitsTwoWithOneLine) {
  const json base = read_json_file(KOBLING_TEST_DATA_DIR "/intake_base.json");
  const json c = read_json_file(KOBLING_TEST_DATA_DIR "/bad_intakes.json")[0];
  const fs::path dir = temp_dir() / "fit_bad";
  fs::create_directories(dir);
  const fs::path file = dir / "intake.json";
  const fs::path w = dir / "W.json";
  std::ofstream(file) << base.patch(c["patch"]).dump();
  const Outcome r = run_cli({"fit", file.string(), "--out", w.string()});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_TRUE(r.out.empty());
  std::string expected = c["message"].get<std::string>();
  expected.insert(expected.find("] ") + 2, file.string() + ": ");
  EXPECT_EQ(r.err, "kobling: error: " + expected + "\n");
  EXPECT_FALSE(fs::exists(w));
  fs::remove_all(dir);
}

// A CSV intake folder is an input file by file: --out never replaces its
// outcomes (personal data), placements or intake.csv.
TEST(Cli, FitNeverReplacesAFileOfAnIntakeFolder) {
  const fs::path dir = temp_dir() / "fit_csv_intake";
  fs::create_directories(dir);
  const std::vector<std::pair<std::string, std::string>> files = {
      {"features.csv", "name,kind,min,max\nf1,numeric,0,1\n"},
      {"companies.csv", "id,capacity,weight.f1\nk1,2,1\n"},
      {"candidates.csv", "id,f1,wish_1\nc1,0.9,k1\nc2,0.2,k1\n"},
      {"intake.csv", "id,date\nt1,2025-01-06\n"},
      {"placements.csv", "candidate,company\nc1,k1\nc2,k1\n"},
      {"outcomes.csv",
       "candidate,company,status,date,reason\nc1,k1,started,2025-01-13,\n"
       "c1,k1,completed,2025-05-02,\nc2,k1,started,2025-01-13,\n"
       "c2,k1,dropped_out,2025-02-03,housing\n"}};
  for (const auto& [name, text] : files) {
    std::ofstream(dir / name) << text;
  }
  for (const char* name : {"outcomes.csv", "placements.csv", "intake.csv"}) {
    const fs::path target = dir / name;
    const Outcome r = run_cli({"fit", dir.string(), "--out", target.string()});
    EXPECT_EQ(r.code, kExitUsage) << name;
    EXPECT_EQ(r.err, "kobling: error: [kobling.io.output_is_input] " + target.string() +
                         ": is the input " + target.string() +
                         "; writing the result there would destroy the kick-off; choose another "
                         "output file\n");
  }
  for (const auto& [name, text] : files) {
    std::ifstream in(dir / name);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), text) << name;
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kobling::cli
