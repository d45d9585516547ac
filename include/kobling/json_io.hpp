// kobling/json_io.hpp — the kick-off JSON format in, results out.
//
// Input (data/schema/kickoff.schema.json is the formal schema; data/README.md
// documents it with examples):
//
//   {
//     "name": "Kick-off Trøndelag",            optional
//     "max_preferences": 3,                    optional, default 3
//     "features": [                            optional
//       {"name": "motivation", "kind": "numeric", "min": 0, "max": 5},
//       {"name": "norwegian", "kind": "ordinal", "levels": ["A1", ..., "C2"]},
//       {"name": "driving_licence", "kind": "boolean"},
//       {"name": "municipality", "kind": "categorical"}],
//     "companies": [
//       {"id": "k01", "name": "...", "sector": "welding", "capacity": 3,
//        "weights": {"motivation": 2, "norwegian": 1},
//        "targets": {"municipality": ["50"]},
//        "requirements": {"norwegian": {"min": "B1"}, "driving_licence": true,
//                         "age": {"min": 18}, "municipality": ["50"]},
//        "ranking": ["c07", "c12"], "refused": ["c03"]}],
//     "candidates": [
//       {"id": "c01", "features": {"motivation": 4, "norwegian": "B2",
//                                  "driving_licence": false, "municipality": "5001"},
//        "preferences": ["k03", "k01", "k07"]}]
//   }
//
// Feature values: a number (numeric), a level name (ordinal), true/false
// (boolean; false = absent), a code or list of codes (categorical; [] =
// absent); null or a missing key = unknown. Keys starting with "_" are ignored
// (comments); any other unknown key is an error, so typos do not pass silently.
//
// Every error is a ParseError (or OutOfRange for unknown ids) whose place is
// the JSON path of the offending value, e.g. "$.candidates[3].preferences[1]",
// and whose reason says what is wrong; syntax errors give line and column.
//
// Output (result_to_json): {"kobling": "result/2", "policy", "summary",
// "candidates": [{"id", "name" (when given), "company" (id or null), "wish"
// (1-based or null)}],
// "tie_break" (stable: {"rule", "seed", "why", "ties": [{"company", "score",
// "won", "lost", "lottery"}]}, "changes": {"moved", "newly_placed",
// "lost_seat"} against a previous round), "companies": [{"id", "capacity", "filled",
// "roster": [ids]}]}, and with the reasons (reasons.hpp): "lang", "unplaced":
// [{"id", "wishes": [{"wish" (1-based), "company", "code", "text", "others",
// "requirements"}]}], "empty_seats": [{"company", "free", "code", "text",
// "applicants", "ineligible", "refused", "placed_higher"}], "near_misses":
// [{"candidate", "company", "feature", "code", "text", "listed"}],
// "invitations": [{"candidate", "companies"}].
//
// Thread safety: reentrant.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "kobling/assignment.hpp"
#include "kobling/fit.hpp"
#include "kobling/model.hpp"
#include "kobling/outcomes.hpp"
#include "kobling/reasons.hpp"

namespace kobling {

/// Parses a kick-off from JSON text. Throws ParseError / OutOfRange.
Kickoff parse_kickoff(std::string_view text);

/// Builds a kick-off from a parsed JSON document.
Kickoff kickoff_from_json(const nlohmann::json& doc);

/// Reads and parses a file. Throws ParseError("kobling.io.read") when the file
/// cannot be read.
Kickoff load_kickoff(const std::filesystem::path& file);

/// The last round's company per candidate of this kick-off, read from a
/// result document (result/2 as result_to_json writes it, or result/1) by ids: a
/// candidate of the kick-off that the result does not list had no company
/// (a late candidate). Throws ParseError for a document that is not a result
/// and OutOfRange("kobling.round.unknown_candidate" / "unknown_company") for
/// an id the kick-off does not have, naming its JSON path.
IndexVector previous_from_result(const Kickoff& kickoff, std::string_view result_text);
/// Same, from a file (the place is prefixed with the file name).
IndexVector load_previous_result(const Kickoff& kickoff, const std::filesystem::path& file);

/// The kick-off as JSON in the input format (round-trips through parse_kickoff).
nlohmann::json kickoff_to_json(const Kickoff& kickoff);

/// The result format described above. `policy` is recorded as given; the
/// reasons, when given, are written with their texts in `lang`.
nlohmann::json result_to_json(const Kickoff& kickoff, const Assignment& result,
                              std::string_view policy, const ResultReasons* reasons = nullptr,
                              Lang lang = Lang::en);

/// An intake (outcomes.hpp) from the "intake/1" document
/// (data/schema/intake.schema.json, data/README.md):
///
///   {"kobling": "intake/1", "id": "trondelag-2025-spring", "date": "2025-02-03",
///    "follow_up": "2025-09-01", "policy": "stable", "reason_codes": ["transport"],
///    "kickoff": {"kobling": "kickoff/1", ...},          inline, as kickoff_to_json writes it
///    "placements": [{"candidate": "c007", "company": "k01"}],
///    "outcomes": [{"candidate": "c007", "company": "k01",
///                  "events": [{"status": "started", "date": "2025-02-17"}, ...]}]}
///
/// follow_up, policy (default stable), reason_codes, placements and outcomes
/// are optional. Ids are resolved against the kick-off; every error names its
/// JSON path (the kick-off's under "$.kickoff"): ParseError for the shape, a
/// bad date (kobling.outcome.bad_date) or status (kobling.outcome.bad_status),
/// OutOfRange for an unknown id (kobling.outcome.unknown_candidate /
/// unknown_company), InvalidArgument for a candidate placed twice
/// (kobling.intake.bad_placements) and make_intake's rules. O(size).
Intake parse_intake(std::string_view text);
Intake intake_from_json(const nlohmann::json& doc);
/// Same, from a file (the place is prefixed with the file name).
Intake load_intake(const std::filesystem::path& file);
/// The intake in the format above (round-trips exactly through intake_from_json).
nlohmann::json intake_to_json(const Intake& intake);

// --- learned weights ("weights/1", written by kobling fit) -----------------
//
// {"kobling": "weights/1", "decision": "adopt" | "keep_hand_weights", "why":
// [sentences], "weights": {feature: weight}, "protected": [features],
// "model": {"kind": "logistic", "intercept", "scale", "coefficients", "l2",
// "monotone", "status", "label"}, "trained_on": [{"intake", "candidates",
// "placed", "good", "bad", "censored", "excluded"}], "features": [{"feature",
// "status", "detail"}], "validation": {"folds", "auc", "brier",
// "calibration_slope"} or null}. Schema: data/schema/weights.schema.json.

/// A weights document read back: the profile to apply and whether its
/// validation adopted it (with_weights refuses one that did not unless forced).
struct SavedWeights {
  WeightProfile profile;
  bool validated = false;
};

nlohmann::json weights_to_json(const FitResult& fit);
/// Reads the profile (weights, protected features, intercept and scale) and
/// the decision. Throws ParseError naming the JSON path.
SavedWeights weights_from_json(const nlohmann::json& doc);
SavedWeights parse_weights(std::string_view text);
SavedWeights load_weights(const std::filesystem::path& file);

}  // namespace kobling
