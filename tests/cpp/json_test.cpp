// The kick-off JSON format: round trips, the bundled data, and every invalid
// input with its pinned message (id, JSON path, reason).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>

#include "kobling/errors.hpp"
#include "kobling/json_io.hpp"
#include "kobling/policy.hpp"
#include "kobling/scoring.hpp"

namespace kobling {
namespace {

using nlohmann::json;

// tests/data/kickoff_base.json is a small valid document; each case in
// tests/data/bad_inputs.json breaks one thing in it (a JSON Patch) and pins the
// message. The CLI and Python tests run the same cases.
json read_json(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}
json base_doc() { return read_json(KOBLING_TEST_DATA_DIR "/kickoff_base.json"); }

std::string parse_error(const std::string& text) {
  try {
    (void)parse_kickoff(text);
  } catch (const ParseError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Json, ValidDocumentLoads) {
  const Kickoff k = kickoff_from_json(base_doc());
  EXPECT_EQ(k.num_candidates(), 3);
  EXPECT_EQ(k.num_companies(), 2);
  EXPECT_EQ(k.max_preferences(), 2);
  EXPECT_EQ(k.candidate_index("c2"), 1);
  EXPECT_EQ(k.company(1).name, "k2");  // name defaults to the id
  EXPECT_EQ(k.company(1).ranking, (std::vector<Index>{1}));
  EXPECT_EQ(k.company(1).refused, (std::vector<Index>{0}));
  const PreferenceMatrix p = k.preferences();
  EXPECT_EQ(p(0, 0), 0);
  EXPECT_EQ(p(0, 1), 1);
  EXPECT_EQ(p(1, 0), 1);
  EXPECT_EQ(p(1, 1), -1);
  EXPECT_EQ(p(2, 0), -1);
}

TEST(Json, RoundTrip) {
  const Kickoff k = kickoff_from_json(base_doc());
  const json again = kickoff_to_json(k);
  const Kickoff k2 = kickoff_from_json(again);
  EXPECT_EQ(kickoff_to_json(k2), again);
}

TEST(Json, BundledKickoffLoadsAndRoundTrips) {
  const Kickoff k = load_kickoff(KOBLING_DATA_DIR "/kickoff_trondelag.json");
  EXPECT_GE(k.num_candidates(), 90);
  EXPECT_GE(k.num_companies(), 12);
  std::int64_t seats = 0;
  for (const Company& c : k.companies()) {
    EXPECT_GE(c.capacity, 1);
    EXPECT_LE(c.capacity, 4);
    seats += c.capacity;
  }
  EXPECT_GE(seats, 25);
  EXPECT_LE(seats, 40);
  const Kickoff k2 = kickoff_from_json(kickoff_to_json(k));
  EXPECT_TRUE(kickoff_to_json(k2) == kickoff_to_json(k));  // (no 100 kB diff on failure)
}

TEST(Json, ResultFormat) {
  const Kickoff k = kickoff_from_json(base_doc());
  const ScoreTable t = score_all(k);
  const Assignment a = match(k, t);
  const json r = result_to_json(k, a, "stable");
  EXPECT_EQ(r["kobling"], "result/2");
  EXPECT_EQ(r["summary"]["placed"], a.placed);
  ASSERT_EQ(r["candidates"].size(), 3U);
  EXPECT_EQ(r["candidates"][0]["id"], "c1");
  EXPECT_EQ(r["candidates"][0]["company"], "k1");  // k2 refused c1
  EXPECT_EQ(r["candidates"][0]["wish"], 1);
  EXPECT_TRUE(r["candidates"][2]["company"].is_null());
  EXPECT_EQ(r["companies"][0]["roster"], json::array({"c1"}));
  EXPECT_EQ(r["companies"][0]["filled"], 1);
}

// --- every invalid input, message pinned ----------------------------------------

TEST(Json, EveryBadInputHasItsPinnedMessage) {
  const json cases = read_json(KOBLING_TEST_DATA_DIR "/bad_inputs.json");
  ASSERT_GE(cases.size(), 30U);
  for (const json& c : cases) {
    const json doc = base_doc().patch(c["patch"]);
    std::string got = "(no error)";
    try {
      (void)kickoff_from_json(doc);
    } catch (const std::exception& e) {
      got = e.what();
      // Every error is one of the documented kobling types.
      EXPECT_NE(dynamic_cast<const Error*>(&e), nullptr) << c["name"];
    }
    EXPECT_EQ(got, c["message"].get<std::string>()) << c["name"];
  }
}

TEST(Json, SyntaxErrorsNameLineAndColumn) {
  EXPECT_EQ(parse_error("{\n  \"candidates\": [,]\n}"),
            "[kobling.json.syntax] line 2, column 18: syntax error while parsing value - "
            "unexpected ','; expected '[', '{', or a literal");
  EXPECT_EQ(parse_error(""),
            "[kobling.json.syntax] line 1, column 1: syntax error while parsing value - "
            "unexpected end of input; expected '[', '{', or a literal");
}

TEST(Json, NonFiniteNumbers) {
  // JSON has no NaN or Infinity literals; numbers too large for a double
  // overflow to infinity and are rejected.
  EXPECT_EQ(parse_error("{\"companies\": [], \"candidates\": [], \"x\": NaN}").substr(0, 22),
            "[kobling.json.syntax] ");
  const std::string doc =
      R"({"features": [{"name": "m", "kind": "numeric", "min": 0, "max": 1e999}],
          "companies": [], "candidates": []})";
  EXPECT_EQ(parse_error(doc),
            "[kobling.json.number] $.features[0].max: number overflow parsing '1e999'");
}

TEST(Json, NonFiniteNumbersInABuiltDocument) {
  // A document built in C++ rather than parsed from text can hold inf or NaN.
  json doc = base_doc();
  doc["features"][0]["max"] = std::numeric_limits<double>::infinity();
  try {
    (void)kickoff_from_json(doc);
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.json.not_finite] $.features[0].max: number is not finite (inf)");
  }
}

TEST(Json, DuplicateKeysAreErrors) {
  EXPECT_EQ(parse_error(R"({"companies": [{"id": "k", "capacity": 3, "capacity": -5}],
                           "candidates": []})"),
            "[kobling.json.duplicate_key] $.companies[0].capacity: the key appears twice in the "
            "same object; JSON readers would silently keep only one of the values");
  EXPECT_EQ(
      parse_error(R"({"companies": [], "candidates": [{"id": "a"}, {"id": "b", "id": "c"}]})"),
      "[kobling.json.duplicate_key] $.candidates[1].id: the key appears twice in the same "
      "object; JSON readers would silently keep only one of the values");
}

TEST(Json, UnreadableFile) {
  try {
    (void)load_kickoff("/nonexistent/kickoff.json");
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.io.read] /nonexistent/kickoff.json: cannot open the file for reading");
  }
}

TEST(Json, FileErrorsNameTheFile) {
  const auto path = std::filesystem::temp_directory_path() / "kobling_json_test_bad.json";
  {
    std::ofstream out(path);
    out << R"({"companies": [{"id": "k", "capacity": -2}], "candidates": []})";
  }
  try {
    (void)load_kickoff(path);
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_EQ(std::string(e.what()),
              "[kobling.model.bad_capacity] " + path.string() +
                  ": $.companies[0].capacity: capacity must be a non-negative integer, got -2");
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace kobling
