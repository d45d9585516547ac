// src/common/catalogue.cpp — the error catalogue: every id kobling raises, once.
//
// One row per id: the type, what it means, and one message exactly as a user
// sees it (a message that a test pins). tests/python/test_catalogue.py scans the
// C++ and Python sources and the tests and fails when this table and the code
// drift apart: an id thrown but not listed here, listed but never thrown, never
// raised by a test, or an example that no test pins. Keep the rows sorted by id.
#include <array>

#include "kobling/errors.hpp"

namespace kobling {

namespace {

constexpr std::array kCatalogue{
    // --- array-level inputs (solvers, verifiers, bindings) ----------------------
    CatalogueEntry{"kobling.array.bad_group", "InvalidArgument",
                   "A group id for grouped_folds is negative.",
                   "[kobling.array.bad_group] groups[2]: must be >= 0, got -1"},
    CatalogueEntry{"kobling.array.bad_label", "InvalidArgument",
                   "A label for fit_logistic or the validation functions is not 0 or 1.",
                   "[kobling.array.bad_label] y[0]: must be 0 or 1, got 0.5"},
    CatalogueEntry{
        "kobling.array.bad_option", "InvalidArgument",
        "A solver option is not acceptable (proposer or tie_break name, rank_bonus length or "
        "value, a confidence level, a number of bins or counts).",
        "[kobling.array.bad_option] proposer: must be 'candidates' or 'companies', got 'firms'"},
    CatalogueEntry{"kobling.array.bad_priority", "InvalidArgument",
                   "A company priority is not an integer in [0, 2^31).",
                   "[kobling.array.bad_priority] company_priority[0, 0]: must be an integer in "
                   "[0, 2^31) (higher: the company prefers the pair), got 1.5"},
    CatalogueEntry{"kobling.array.bad_probability", "InvalidArgument",
                   "A probability for calibration or paired_brier is not in [0, 1].",
                   "[kobling.array.bad_probability] probabilities[3]: must be in [0, 1], got 1.5"},
    CatalogueEntry{"kobling.array.bad_sample_weight", "InvalidArgument",
                   "A sample weight for fit_logistic is negative or not finite, or none is "
                   "positive.",
                   "[kobling.array.bad_sample_weight] sample_weight[1]: must be finite and >= 0, "
                   "got -1"},
    CatalogueEntry{"kobling.array.candidate_index", "OutOfRange",
                   "A candidate index (of a lottery draw) is negative.",
                   "[kobling.array.candidate_index] candidates[1]: candidate index -3 is "
                   "negative"},
    CatalogueEntry{"kobling.array.capacity_too_large", "InvalidArgument",
                   "A capacity exceeds the 32-bit index limit.",
                   "[kobling.array.capacity_too_large] capacities[1]: capacity 1099511627776 "
                   "exceeds the limit 2147483646"},
    CatalogueEntry{"kobling.array.changed", "InvalidArgument",
                   "Another thread wrote an input during the call (a value read after the check "
                   "is NaN or +inf).",
                   "[kobling.array.changed] scores: changed while it was being solved (a value "
                   "read after the check is NaN or +inf); do not modify an input during a call"},
    CatalogueEntry{"kobling.array.company_index", "OutOfRange",
                   "A company index in a wish list or an assignment is not in [0, m) and not -1.",
                   "[kobling.array.company_index] preferences[0, 1]: company index 5 is not in "
                   "[0, 2) (2 companies); use -1 for no company"},
    CatalogueEntry{"kobling.array.duplicate_preference", "InvalidArgument",
                   "A wish list names the same company twice.",
                   "[kobling.array.duplicate_preference] preferences[0, 1]: company 1 is already "
                   "listed at preferences[0, 0]"},
    CatalogueEntry{
        "kobling.array.infinite", "InvalidArgument",
        "A score or utility is +inf (only -inf, \"not allowed\", is accepted).",
        "[kobling.array.infinite] company_scores[0, 0]: +inf is not a score; use a finite number, "
        "or -inf for a pair that is not allowed"},
    CatalogueEntry{"kobling.array.missing", "InvalidArgument",
                   "A required matrix was not given (an empty view in C++).",
                   "[kobling.array.missing] utility: a utility matrix is required"},
    CatalogueEntry{"kobling.array.nan", "InvalidArgument", "A score or utility is NaN.",
                   "[kobling.array.nan] company_scores[1, 1]: NaN is not a score; use -inf for a "
                   "pair that is not allowed"},
    CatalogueEntry{
        "kobling.array.negative_capacity", "InvalidArgument", "A capacity is negative.",
        "[kobling.array.negative_capacity] capacities[1]: capacity must be >= 0, got -3"},
    CatalogueEntry{"kobling.array.not_finite", "InvalidArgument",
                   "A feature or weight value given to top-k scoring is NaN or infinite.",
                   "[kobling.array.not_finite] features[1, 2]: value nan is not finite"},
    CatalogueEntry{"kobling.array.padding", "InvalidArgument",
                   "A company index follows -1 padding in a wish list.",
                   "[kobling.array.padding] preferences[0, 1]: company 1 follows -1 padding; -1 "
                   "may only pad the end of a list"},
    CatalogueEntry{"kobling.array.pinned_not_acceptable", "InvalidArgument",
                   "A pinned pair (fixed) is not on the candidate's list or the company refuses "
                   "the candidate.",
                   "[kobling.array.pinned_not_acceptable] fixed[1]: company 1 is not on the "
                   "candidate's list; a pinned pair must be a listed, acceptable pair"},
    CatalogueEntry{"kobling.array.pinned_over_capacity", "InvalidArgument",
                   "A company has more pinned candidates than seats.",
                   "[kobling.array.pinned_over_capacity] fixed[1]: company 0 has 1 seat(s) and "
                   "more pinned candidates"},
    CatalogueEntry{"kobling.array.pinned_withdrawn", "InvalidArgument",
                   "A candidate is both pinned and withdrawn.",
                   "[kobling.array.pinned_withdrawn] fixed[0]: candidate 0 is both pinned and "
                   "withdrawn; a withdrawn candidate keeps no seat"},
    CatalogueEntry{"kobling.array.previous_not_acceptable", "InvalidArgument",
                   "With no_worse, a candidate's previous company is no longer a listed, "
                   "acceptable pair.",
                   "[kobling.array.previous_not_acceptable] previous[1]: company 1 is no longer a "
                   "listed, acceptable pair of the candidate, so no_worse cannot keep it"},
    CatalogueEntry{"kobling.array.previous_over_capacity", "InvalidArgument",
                   "With no_worse, a company's staying incumbents do not fit in the seats the "
                   "pins leave.",
                   "[kobling.array.previous_over_capacity] previous: company 0 held 2 "
                   "candidate(s) who stay, but has 1 seat(s) besides the pinned ones; no_worse "
                   "cannot keep them"},
    CatalogueEntry{
        "kobling.array.shape", "InvalidArgument",
        "An array has the wrong number of dimensions or a shape that does not match the others.",
        "[kobling.array.shape] company_scores: shape (2, 3) does not match (n, m) = (2, 2)"},
    CatalogueEntry{"kobling.array.sparse_duplicate", "InvalidArgument",
                   "A sparse matrix stores the same entry more than once.",
                   "[kobling.array.sparse_duplicate] company_scores[0, 0]: stored more than once "
                   "in the sparse matrix; kobling does not add duplicates up silently (call "
                   "sum_duplicates() if that is meant)"},
    CatalogueEntry{"kobling.array.sparse_structure", "InvalidArgument",
                   "A sparse matrix's index arrays are inconsistent or out of range.",
                   "[kobling.array.sparse_structure] company_scores (sparse).indices[1]: column "
                   "indices of row 0 must be increasing (canonical CSR: sorted, no duplicates)"},
    CatalogueEntry{"kobling.array.too_large", "ResourceLimit",
                   "An array is larger than the 32-bit index limit (or n * k over 2^40).",
                   "[kobling.array.too_large] utility: shape (2147483648, 1) exceeds the 32-bit "
                   "index limit"},
    CatalogueEntry{"kobling.array.too_many_ranks", "InvalidArgument",
                   "rank_maximal was given wish lists longer than the 64 ranks it supports.",
                   "[kobling.array.too_many_ranks] preferences: a list has 65 wishes; "
                   "rank_maximal supports lists of at most 64"},
    // --- CSV input ----------------------------------------------------------------
    CatalogueEntry{"kobling.bounds.bad_penalty", "InvalidArgument",
                   "A bound's penalty is negative or not finite.",
                   "[kobling.bounds.bad_penalty] bounds[0].penalty: must be a finite number >= 0 "
                   "(soft) or absent (hard)"},
    CatalogueEntry{"kobling.bounds.infeasible", "InvalidArgument",
                   "The hard cohort bounds cannot all hold together (the message names a "
                   "minimal conflicting set, and each one's seats and applicants), or no plan "
                   "meeting them was found within the time limit.",
                   "[kobling.bounds.infeasible] bounds: these hard bounds cannot all hold "
                   "together: \"two\" (at least 2; on its own at most 1 placement(s) possible "
                   "in its set: 1 seat(s) at company #0 (1), 2 acceptable applicant(s): "
                   "candidate #0, candidate #1)"},
    CatalogueEntry{"kobling.bounds.lower_above_upper", "InvalidArgument",
                   "A bound's lower limit is above its upper limit.",
                   "[kobling.bounds.lower_above_upper] bounds[0]: lower 3 is above upper 1"},
    CatalogueEntry{"kobling.bounds.negative", "InvalidArgument",
                   "A bound's lower or upper limit is negative.",
                   "[kobling.bounds.negative] bounds[0].lower: must be >= 0, got -1"},
    CatalogueEntry{"kobling.bounds.unknown_group", "InvalidArgument",
                   "A kick-off bound's group is empty or not well defined (no company of the "
                   "sector, no candidate meeting the condition, companies and a sector both).",
                   "[kobling.bounds.unknown_group] $.bounds[0].sector: no company has sector "
                   "\"bakery\""},
    CatalogueEntry{"kobling.bounds.unsupported", "InvalidArgument",
                   "Loads were combined with a later round, bounds_method \"flow\" was asked "
                   "for bounds a flow cannot carry, or the stable policy was given loads or "
                   "bounds other than per-company quotas and reserves.",
                   "[kobling.bounds.unsupported] loads: loads and a later round together are "
                   "not supported yet"},
    CatalogueEntry{"kobling.csv.bad_format", "InvalidArgument",
                   "A CSV encoding, separator or decimal mark that kobling does not know.",
                   "[kobling.csv.bad_format] encoding: unknown encoding \"latin-9\"; use utf-8 "
                   "or windows-1252 (or leave it out to detect it)"},
    CatalogueEntry{"kobling.csv.cell", "ParseError",
                   "A CSV cell cannot be read as the value its column needs.",
                   "[kobling.csv.cell] candidates.csv:2:2 (column \"motivation\"): \"lots\" is not "
                   "a number"},
    CatalogueEntry{"kobling.csv.encoding", "ParseError",
                   "A CSV cell is neither UTF-8 nor Windows-1252 text (kobling reads both; "
                   "Excel's Norwegian \"CSV\" is Windows-1252).",
                   "[kobling.csv.encoding] candidates.csv:2:1 (column \"id\"): is neither "
                   "UTF-8 nor Windows-1252 text (byte 0x81); save the file as \"CSV UTF-8\""},
    CatalogueEntry{"kobling.csv.header", "ParseError",
                   "A CSV header names an unknown, empty, repeated or misnumbered column.",
                   "[kobling.csv.header] candidates.csv:1:3: column \"wish_1\" appears twice"},
    CatalogueEntry{"kobling.csv.syntax", "ParseError",
                   "A CSV file is empty, has a row of the wrong length or a broken quote.",
                   "[kobling.csv.syntax] candidates.csv:2:1: unterminated quoted cell"},
    // --- pandas input (Python only) -------------------------------------------------
    CatalogueEntry{"kobling.dataframe.columns", "InvalidInputError",
                   "An outcomes DataFrame for Kickoff.record lacks a required column.",
                   "[kobling.dataframe.columns] outcomes DataFrame: missing column(s) status; "
                   "expected candidate, company, status, date, reason"},
    CatalogueEntry{"kobling.dataframe.list_item", "InvalidInputError",
                   "A list item in a DataFrame cell cannot be written in the CSV layout.",
                   "[kobling.dataframe.list_item] candidates DataFrame, row 0 (column \"skills\"): "
                   "list item 'mig;tig' contains ';', which separates list items in the CSV "
                   "layout"},
    CatalogueEntry{
        "kobling.dataframe.missing", "InvalidInputError",
        "A candidates or companies DataFrame has no id column and no index named id.",
        "[kobling.dataframe.missing] companies DataFrame: no \"id\" column (or index named id)"},
    // --- files ----------------------------------------------------------------------
    // --- interview planning ------------------------------------------------------------
    CatalogueEntry{"kobling.excel.sheet", "ParseError",
                   "A workbook for Kickoff.from_excel lacks the companies or candidates sheet.",
                   "[kobling.excel.sheet] k.xlsx: no sheet named \"companies\"; the workbook has "
                   "\"Firms\", \"candidates\" (companies and candidates are required, features "
                   "and bounds optional)"},
    // --- the weight fit: validation and learning from outcomes ---------------------------
    CatalogueEntry{"kobling.fit.bad_folds", "InvalidArgument",
                   "The number of folds for grouped_folds is not between 2 and the number of "
                   "groups, or there are fewer than 2 groups.",
                   "[kobling.fit.bad_folds] n_folds: must be between 2 and the number of groups "
                   "(3), got 4"},
    CatalogueEntry{"kobling.fit.bad_option", "InvalidArgument",
                   "An option of the label rule or the fit is not acceptable (a negative horizon, "
                   "a feature both protected and asked for, a negative penalty).",
                   "[kobling.fit.bad_option] horizon_days: must be a number of days >= 0 "
                   "after the intake's date, got -1"},
    CatalogueEntry{"kobling.fit.feature_mismatch", "InvalidArgument",
                   "A feature asked for in a weight fit is missing from an intake or declared "
                   "differently in two intakes.",
                   "[kobling.fit.feature_mismatch] features: feature \"f1\" is declared "
                   "differently in intakes \"synthetic-1\" and \"other\" (range [0, 1] vs [0, "
                   "10])"},
    CatalogueEntry{"kobling.fit.no_intakes", "InvalidArgument", "fit_weights was given no intakes.",
                   "[kobling.fit.no_intakes] intakes: no intake given; load at least one with "
                   "outcomes"},
    CatalogueEntry{"kobling.fit.no_rows", "InvalidArgument",
                   "The intakes hold no placement with a good and none with a bad outcome: "
                   "nothing to learn from.",
                   "[kobling.fit.no_rows] intakes: 0 placements with a known outcome, 0 good and "
                   "0 not: a fit needs both kinds; record outcomes (started, completed, "
                   "dropped_out, destinations) for the placements"},
    CatalogueEntry{"kobling.fit.one_class", "InvalidArgument",
                   "An AUC was asked for labels of one class only.",
                   "[kobling.fit.one_class] labels: the AUC needs both classes, got 4 positive "
                   "and 0 negative rows"},
    // --- intakes and outcomes ---------------------------------------------------------
    CatalogueEntry{"kobling.guard.bad_attribute", "InvalidArgument",
                   "A group report was asked for by a location or skills feature, which cannot "
                   "form groups.",
                   "[kobling.guard.bad_attribute] group by: location feature \"home\" cannot "
                   "form groups; use a boolean, ordinal, categorical or numeric feature, or "
                   "labels"},
    CatalogueEntry{"kobling.guard.bins_required", "InvalidArgument",
                   "A group report by a numeric feature lacks increasing bin edges.",
                   "[kobling.guard.bins_required] bins: numeric feature \"age\" needs increasing "
                   "bin edges (at least two), e.g. 16, 20, 25, 36"},
    CatalogueEntry{"kobling.guard.unknown_candidate", "OutOfRange",
                   "A group label names a candidate id that no kick-off of the report has.",
                   "[kobling.guard.unknown_candidate] groups[0]: no candidate \"c999\" in the "
                   "kick-offs of the report"},
    CatalogueEntry{"kobling.intake.bad_info", "InvalidArgument",
                   "An intake's id is empty or its follow-up is before its date.",
                   "[kobling.intake.bad_info] $.follow_up: 2025-01-01 is before the intake's "
                   "date (2025-02-03); the follow-up is when outcomes were last looked at"},
    CatalogueEntry{"kobling.intake.bad_placements", "InvalidArgument",
                   "An intake's placements place a candidate twice, use a company index out of "
                   "range, have the wrong length or fill a company above its seats.",
                   "[kobling.intake.bad_placements] $.placements[5].candidate: candidate "
                   "\"c007\" is placed twice (also at $.placements[0]); a candidate has one "
                   "placement"},
    CatalogueEntry{"kobling.intake.duplicate_id", "InvalidArgument",
                   "Two intakes fitted together have the same id.",
                   "[kobling.intake.duplicate_id] intakes[1]: intake id \"synthetic-1\" is also "
                   "intakes[0]; intake ids must be unique"},
    CatalogueEntry{"kobling.interviews.bad_minimum", "InvalidArgument",
                   "The minimum number of interviews per candidate is negative.",
                   "[kobling.interviews.bad_minimum] min_per_candidate: must be >= 0, got -1"},
    CatalogueEntry{"kobling.interviews.bad_rooms", "InvalidArgument",
                   "A company has fewer than one interview room.",
                   "[kobling.interviews.bad_rooms] rooms[0]: a company needs at least one room, "
                   "got 0"},
    CatalogueEntry{"kobling.interviews.bad_slots", "InvalidArgument",
                   "The day has no slot, or a travel buffer is negative.",
                   "[kobling.interviews.bad_slots] n_slots: a day needs at least one slot, got 0"},
    CatalogueEntry{"kobling.interviews.duplicate_pair", "InvalidArgument",
                   "The interview list names the same candidate and company twice.",
                   "[kobling.interviews.duplicate_pair] pairs[1]: candidate 0 already has an "
                   "interview with company 0"},
    CatalogueEntry{"kobling.interviews.negative_cap", "InvalidArgument",
                   "An interview cap is negative.",
                   "[kobling.interviews.negative_cap] interview_caps[0]: an interview cap must be "
                   ">= 0, got -2"},
    CatalogueEntry{"kobling.io.not_a_file", "InvalidArgument",
                   "An output path is a directory, device, FIFO or socket, or no file name.",
                   "[kobling.io.not_a_file] /dev/null: is a character device; the output must be "
                   "a regular file or a new path ('-' writes to standard output)"},
    CatalogueEntry{"kobling.io.output_is_input", "InvalidArgument",
                   "An output file is one of the inputs (by identity: any name or link).",
                   "[kobling.io.output_is_input] ./k.json: is the input k.json; writing the "
                   "result there would destroy the kick-off; choose another output file"},
    CatalogueEntry{"kobling.io.read", "ParseError", "An input file cannot be opened or read.",
                   "[kobling.io.read] /nonexistent/kickoff.json: cannot open the file for reading"},
    CatalogueEntry{"kobling.io.unsafe_link", "InvalidArgument",
                   "An output path is another user's symbolic link in a shared (sticky, "
                   "world-writable) directory, which is not followed.",
                   "[kobling.io.unsafe_link] shared/out.json: is a symbolic link another user "
                   "made in the shared directory shared; it is not followed (write to its "
                   "target instead)"},
    CatalogueEntry{"kobling.io.write", "FileError",
                   "An output cannot be written (no space, no permission, a closed output); "
                   "nothing is left behind.",
                   "[kobling.io.write] standard output: cannot write the output (No space left "
                   "on device)"},
    // --- kick-off JSON ----------------------------------------------------------------
    CatalogueEntry{"kobling.json.bad_kind", "ParseError", "A feature's kind is not one of the six.",
                   "[kobling.json.bad_kind] $.features[0].kind: unknown feature kind \"float\"; "
                   "expected numeric, ordinal, boolean, categorical, skills or location"},
    CatalogueEntry{"kobling.json.bad_level", "ParseError",
                   "A requirement on an ordinal feature names a level the feature does not have.",
                   "[kobling.json.bad_level] $.companies[0].requirements.norwegian.min: unknown "
                   "level \"C3\" of feature \"norwegian\""},
    CatalogueEntry{"kobling.json.bad_requirement", "ParseError",
                   "A requirement has the wrong shape or could never be met.",
                   "[kobling.json.bad_requirement] $.companies[1].requirements.age: min 30 is "
                   "above max 18; no candidate could qualify"},
    CatalogueEntry{"kobling.json.bad_tie_break", "ParseError",
                   "The kick-off's tie_break names no known tie-breaking rule.",
                   "[kobling.json.bad_tie_break] $.tie_break: unknown tie-breaking rule \"coin\"; "
                   "expected lottery, lottery_per_company or index"},
    CatalogueEntry{"kobling.json.duplicate_key", "ParseError",
                   "A JSON object has the same key twice.",
                   "[kobling.json.duplicate_key] $.companies[0].capacity: the key appears twice in "
                   "the same object; JSON readers would silently keep only one of the values"},
    CatalogueEntry{"kobling.json.format", "ParseError",
                   "The document's \"kobling\" format tag is not one this version reads.",
                   "[kobling.json.format] $.kobling: unsupported format \"kickoff/9\"; expected "
                   "\"kickoff/1\""},
    CatalogueEntry{"kobling.json.missing", "ParseError", "A required field is missing.",
                   "[kobling.json.missing] $.companies[1]: missing required field \"capacity\""},
    CatalogueEntry{"kobling.json.not_finite", "ParseError",
                   "A number in a parsed JSON document (built in C++) is NaN or infinite.",
                   "[kobling.json.not_finite] $.features[0].max: number is not finite (inf)"},
    CatalogueEntry{"kobling.json.number", "ParseError",
                   "A number in the JSON text overflows a double.",
                   "[kobling.json.number] $.features[0].max: number overflow parsing '1e999'"},
    CatalogueEntry{"kobling.json.range", "ParseError",
                   "An integer field is outside its allowed range.",
                   "[kobling.json.range] $.max_preferences: must be an integer in [1, 1000000], "
                   "got 0"},
    CatalogueEntry{"kobling.json.syntax", "ParseError", "The text is not valid JSON.",
                   "[kobling.json.syntax] line 2, column 18: syntax error while parsing value - "
                   "unexpected ','; expected '[', '{', or a literal"},
    CatalogueEntry{"kobling.json.type", "ParseError", "A JSON value has the wrong type.",
                   "[kobling.json.type] $.candidates[1].id: expected a string, got integer 7"},
    CatalogueEntry{"kobling.json.unknown_field", "ParseError",
                   "An object has a field the format does not define (a typo, usually).",
                   "[kobling.json.unknown_field] $.companies[0].capcity: unknown field; expected "
                   "one of: id, name, sector, capacity, weights, targets, requirements, ranking, "
                   "refused"},
    // --- the kick-off model ---------------------------------------------------------------
    CatalogueEntry{"kobling.loads.invalid", "InvalidArgument",
                   "A candidate's load (seats it may take) is negative, or its minimum load is "
                   "negative or above its load.",
                   "[kobling.loads.invalid] min_loads[0]: must be between 0 and the candidate's "
                   "load 1, got 2"},
    CatalogueEntry{"kobling.model.bad_capacity", "InvalidArgument",
                   "A company's capacity is negative or above the index limit.",
                   "[kobling.model.bad_capacity] $.companies[0].capacity: capacity must be a "
                   "non-negative integer, got -1"},
    CatalogueEntry{"kobling.model.bad_interviews", "InvalidArgument",
                   "A company's interview setup is impossible (a negative cap, no room).",
                   "[kobling.model.bad_interviews] $.companies[0].interviews.rooms: a company "
                   "needs at least one interview room, got 0"},
    CatalogueEntry{"kobling.model.bad_levels", "InvalidArgument",
                   "An ordinal feature has fewer than 2 levels or a repeated level.",
                   "[kobling.model.bad_levels] $.features[1].levels: an ordinal feature needs at "
                   "least 2 levels, got 1"},
    CatalogueEntry{"kobling.model.bad_name", "InvalidArgument",
                   "A feature name starts with '_', which marks comments in the input formats.",
                   "[kobling.model.bad_name] $.features[7].name: feature name \"_hidden\" starts "
                   "with '_', which marks comments in the input formats; rename the feature"},
    CatalogueEntry{"kobling.model.bad_range", "InvalidArgument",
                   "A numeric feature's declared range is not finite min < max.",
                   "[kobling.model.bad_range] $.features[0]: numeric feature needs finite min < "
                   "max, got [0, 0]"},
    CatalogueEntry{"kobling.model.bad_target", "InvalidArgument",
                   "A company's target (numeric band, place, radius) is not valid.",
                   "[kobling.model.bad_target] $.companies[0].targets.home.radius_km: radius must "
                   "be a finite number of km > 0, got 0"},
    CatalogueEntry{"kobling.model.bad_value", "InvalidArgument",
                   "A feature value or requirement threshold is not valid for its feature.",
                   "[kobling.model.bad_value] $.candidates[0].features.norwegian: unknown level "
                   "\"B3\" of feature \"norwegian\"; levels are A1, A2, B1, B2"},
    CatalogueEntry{"kobling.model.bad_weight", "InvalidArgument",
                   "A company's weight is negative or not finite.",
                   "[kobling.model.bad_weight] $.companies[0].weights.motivation: weight must be a "
                   "finite number >= 0, got -1"},
    CatalogueEntry{"kobling.model.bad_window", "InvalidArgument",
                   "A time or time window is not HH:MM, or a window ends before it starts.",
                   "[kobling.model.bad_window] $.candidates[0].available[0]: the window ends at "
                   "08:00, not after it starts (09:00)"},
    CatalogueEntry{"kobling.model.code_too_long", "InvalidArgument",
                   "A code or skill tag is longer than kMaxCodeLength (256) bytes.",
                   "[kobling.model.code_too_long] $.candidates[0].features.skills[0]: a skill has "
                   "257 bytes; at most 256 are allowed"},
    CatalogueEntry{"kobling.model.control_character", "InvalidArgument",
                   "An id, name, label, level or code holds a control character (a line break, "
                   "an escape sequence) that could forge report lines.",
                   "[kobling.model.control_character] $.candidates[1].id: candidate id contains "
                   "the control character U+000A at byte 2; ids, names, levels and codes must be "
                   "printable text"},
    CatalogueEntry{"kobling.model.duplicate_entry", "InvalidArgument",
                   "A wish list, ranking or refusal list names the same id twice.",
                   "[kobling.model.duplicate_entry] $.candidates[0].preferences[1]: company "
                   "\"k1\" is listed twice (also at $.candidates[0].preferences[0])"},
    CatalogueEntry{"kobling.model.duplicate_id", "InvalidArgument",
                   "Two candidates, two companies or two features share an id.",
                   "[kobling.model.duplicate_id] $.companies[1].id: duplicate company id \"k1\" "
                   "(already used by companies[0])"},
    CatalogueEntry{"kobling.model.empty_id", "InvalidArgument",
                   "A candidate, company or feature id is empty.",
                   "[kobling.model.empty_id] $.candidates[0].id: candidate id is empty"},
    CatalogueEntry{"kobling.model.empty_place", "InvalidArgument",
                   "A shared place (a tie) in a company's ranking holds no candidate.",
                   "[kobling.model.empty_place] $.companies[1].ranking[1]: a shared place in a "
                   "ranking needs at least one candidate id"},
    CatalogueEntry{"kobling.model.index", "OutOfRange",
                   "A candidate or company index is out of range.",
                   "[kobling.model.index] company 5: company index is not in [0, 2)"},
    CatalogueEntry{"kobling.model.kind_mismatch", "InvalidArgument",
                   "A value, target or requirement does not fit the feature's kind.",
                   "[kobling.model.kind_mismatch] $.companies[0].targets.norwegian: targets do not "
                   "apply to ordinal feature \"norwegian\" (its weight scores it directly)"},
    CatalogueEntry{"kobling.model.max_preferences", "InvalidArgument",
                   "max_preferences is below 1 or below a wish list already given.",
                   "[kobling.model.max_preferences] max_preferences: must be a positive integer, "
                   "got 0"},
    CatalogueEntry{"kobling.model.order", "InvalidArgument",
                   "The builder was called out of order (features, then companies, then "
                   "candidates).",
                   "[kobling.model.order] late: companies must be added before candidates"},
    CatalogueEntry{
        "kobling.model.protected_weight", "InvalidArgument",
        "A company weighs a protected feature (protected features are never weighted).",
        "[kobling.model.protected_weight] $.companies[0].weights.age: feature \"age\" is "
        "protected: it may be required or bounded, never weighted"},
    CatalogueEntry{"kobling.model.ranked_and_refused", "InvalidArgument",
                   "A company both ranks and refuses the same candidate.",
                   "[kobling.model.ranked_and_refused] company \"k2\": candidate \"c2\" is both "
                   "ranked and refused"},
    CatalogueEntry{"kobling.model.too_many_codes", "InvalidArgument",
                   "A code or skill list has more than kMaxCodes (1000) entries.",
                   "[kobling.model.too_many_codes] $.candidates[0].features.skills: the list has "
                   "1001 entries; at most 1000 are allowed"},
    CatalogueEntry{"kobling.model.too_many_preferences", "InvalidArgument",
                   "A candidate has more wishes than max_preferences allows.",
                   "[kobling.model.too_many_preferences] $.candidates[0].preferences: 2 wishes, "
                   "more than max_preferences = 1"},
    CatalogueEntry{"kobling.model.unknown_candidate", "OutOfRange",
                   "No candidate has the given id.",
                   "[kobling.model.unknown_candidate] candidate \"c9\": no candidate has this id"},
    CatalogueEntry{"kobling.model.unknown_company", "OutOfRange", "No company has the given id.",
                   "[kobling.model.unknown_company] $.candidates[0].preferences[1]: unknown "
                   "company id \"k9\""},
    CatalogueEntry{"kobling.model.unknown_feature", "OutOfRange",
                   "A value, weight, target or requirement names an undeclared feature.",
                   "[kobling.model.unknown_feature] $.companies[0].weights.height: unknown feature "
                   "\"height\"; declared features: motivation, norwegian, licence, municipality, "
                   "skills, home, age"},
    CatalogueEntry{"kobling.model.weight_without_target", "InvalidArgument",
                   "A company weights a categorical, skills or location feature without a target "
                   "for it.",
                   "[kobling.model.weight_without_target] company \"k2\": has a weight on "
                   "categorical feature \"municipality\" but no target for it; say what it looks "
                   "for in targets.municipality or drop the weight"},
    // --- outcomes of an intake --------------------------------------------------------
    CatalogueEntry{"kobling.outcome.after_follow_up", "InvalidArgument",
                   "An outcome event is dated after the intake's follow-up.",
                   "[kobling.outcome.after_follow_up] $.outcomes[1].events[2].date: "
                   "2025-10-01 is after the follow-up (2025-09-01); move the follow-up date, "
                   "or leave the event out"},
    CatalogueEntry{"kobling.outcome.bad_date", "ParseError",
                   "A date is not a calendar day written YYYY-MM-DD.",
                   "[kobling.outcome.bad_date] $.outcomes[0].events[1].date: \"2025-02-30\" "
                   "is not a date: no such day in the calendar"},
    CatalogueEntry{
        "kobling.outcome.bad_reason", "InvalidArgument",
        "A dropped_out event has no reason or an unknown one, or another status has a reason.",
        "[kobling.outcome.bad_reason] $.outcomes[0].events[1].reason: unknown "
        "reason code \"weather\"; use one of motivation, finances, housing, moved, "
        "conflict, other_job, other_education, family, health, unknown, other, "
        "transport, or add it to the intake's reason_codes"},
    CatalogueEntry{"kobling.outcome.bad_status", "ParseError",
                   "An outcome status is not one of declined, started, completed, dropped_out, "
                   "in_work, in_education, inactive.",
                   "[kobling.outcome.bad_status] $.outcomes[0].events[0].status: unknown "
                   "status \"begun\"; use declined, started, completed, dropped_out "
                   "(placement statuses), in_work, in_education or inactive (destinations)"},
    CatalogueEntry{"kobling.outcome.before_kickoff", "InvalidArgument",
                   "An outcome event is dated before the intake's date.",
                   "[kobling.outcome.before_kickoff] $.outcomes[0].events[0].date: 2025-01-20 "
                   "is before the kick-off (2025-02-03); outcomes are recorded from the "
                   "intake's date on"},
    CatalogueEntry{"kobling.outcome.date_order", "InvalidArgument",
                   "An outcome record's events are not in date order.",
                   "[kobling.outcome.date_order] $.outcomes[2].events[1].date: 2025-03-01 is "
                   "before the previous event (2025-04-02); events are listed in date order"},
    CatalogueEntry{"kobling.outcome.duplicate", "InvalidArgument",
                   "A candidate has two outcome records in one intake.",
                   "[kobling.outcome.duplicate] $.outcomes[7].candidate: candidate \"c007\" "
                   "already has a record ($.outcomes[0]); put all of a candidate's events in "
                   "one record"},
    CatalogueEntry{"kobling.outcome.empty", "InvalidArgument", "An outcome record has no events.",
                   "[kobling.outcome.empty] $.outcomes[6].events: the record has no events; "
                   "list at least one dated event, or leave the record out"},
    CatalogueEntry{"kobling.outcome.not_placed", "InvalidArgument",
                   "A placement status or a company is recorded for a candidate the intake's "
                   "placements do not place.",
                   "[kobling.outcome.not_placed] $.outcomes[4].events[0].status: candidate "
                   "\"c031\" has status \"started\" but no placement in this intake; add the "
                   "placement, or use in_work, in_education or inactive for an unplaced "
                   "candidate"},
    CatalogueEntry{"kobling.outcome.transition", "InvalidArgument",
                   "An outcome record's statuses follow each other in a way that cannot happen "
                   "(completed without started, anything at the company after declined, completed "
                   "or dropped_out, started twice).",
                   "[kobling.outcome.transition] $.outcomes[1].events[0].status: "
                   "\"completed\" without an earlier \"started\"; record the start first"},
    CatalogueEntry{"kobling.outcome.unknown_candidate", "OutOfRange",
                   "An intake's placement or outcome names a candidate its kick-off does not have.",
                   "[kobling.outcome.unknown_candidate] $.outcomes[0].candidate: no candidate "
                   "\"c999\" in the intake's kick-off; outcomes are recorded for its "
                   "candidates"},
    CatalogueEntry{"kobling.outcome.unknown_company", "OutOfRange",
                   "An intake's placement or outcome names a company its kick-off does not have.",
                   "[kobling.outcome.unknown_company] $.outcomes[0].company: no company "
                   "\"k09\" in the intake's kick-off"},
    CatalogueEntry{"kobling.outcome.wrong_company", "InvalidArgument",
                   "An outcome record names another company than the candidate's placement.",
                   "[kobling.outcome.wrong_company] $.outcomes[1].company: candidate \"c012\" "
                   "was placed at company \"k01\", not \"k02\"; a record's company is the one "
                   "of the placement"},
    // --- Python only ----------------------------------------------------------------------
    CatalogueEntry{"kobling.plot.empty", "InvalidInputError",
                   "A plot was given no results to draw.",
                   "[kobling.plot.empty] results: give at least one result"},
    // --- policies and results ---------------------------------------------------------------
    CatalogueEntry{"kobling.policy.bad_option", "InvalidArgument",
                   "An option was given to a policy it does not apply to.",
                   "[kobling.policy.bad_option] proposer: applies to the stable policy only"},
    CatalogueEntry{"kobling.policy.unknown", "InvalidArgument", "The policy name is not known.",
                   "[kobling.policy.unknown] policy: unknown policy \"fair\"; choose stable, "
                   "max_placement or rank_maximal"},
    CatalogueEntry{"kobling.python.dtype", "TypeError",
                   "A Python argument cannot be converted to the array type it needs.",
                   "[kobling.python.dtype] preferences: expected an integer array, got float64"},
    CatalogueEntry{"kobling.recommend.bad_k", "InvalidArgument",
                   "The number of recommendations asked for is negative.",
                   "[kobling.recommend.bad_k] k: must be an integer >= 0, got -1"},
    CatalogueEntry{"kobling.report.bad_lang", "InvalidArgument",
                   "A report language is neither en (English) nor nb (Norwegian Bokmål).",
                   "[kobling.report.bad_lang] lang: must be 'en' (English) or 'nb' (Norwegian "
                   "Bokmål), got 'no'"},
    CatalogueEntry{
        "kobling.resource.dense_scores", "ResourceLimit",
        "The dense score table would exceed max_dense_bytes.",
        "[kobling.resource.dense_scores] score_all: a dense score table for 95 x 15 "
        "pairs needs 23465 bytes, more than the limit of 1000 bytes; use top_k_scores "
        "(blocked, bounded memory) or raise max_dense_bytes (Kickoff.max_dense_bytes in Python)"},
    CatalogueEntry{"kobling.resource.memory", "ResourceLimit",
                   "The system refused memory the operation asked for (the CLI names the size).",
                   "[kobling.resource.memory] run: out of memory: a request for 16.0 MiB could "
                   "not be allocated; use a machine with more memory or a smaller input"},
    CatalogueEntry{"kobling.result.mismatch", "InvalidArgument",
                   "An assignment does not fit the kick-off it is reported against.",
                   "[kobling.result.mismatch] result: has 1 candidates, the kick-off has 95; is it "
                   "the result of another kick-off?"},
    CatalogueEntry{"kobling.round.pinned_unplaced", "InvalidArgument",
                   "A candidate to pin had no company in the previous round.",
                   "[kobling.round.pinned_unplaced] pinned candidate \"c001\": had no company in "
                   "the previous round; only a placement can be pinned"},
    CatalogueEntry{"kobling.round.unknown_candidate", "OutOfRange",
                   "A round names a candidate id the kick-off does not have (previous result, "
                   "--withdrawn, --pinned).",
                   "[kobling.round.unknown_candidate] --pinned: unknown candidate id \"nobody\""},
    CatalogueEntry{"kobling.round.unknown_company", "OutOfRange",
                   "The previous result names a company id the kick-off does not have.",
                   "[kobling.round.unknown_company] $.candidates[0].company: company \"k99\" of "
                   "the previous result is not in the kick-off"},
    CatalogueEntry{"kobling.scores.not_listed", "OutOfRange",
                   "A listed score table (score_listed) was asked for a pair off the lists, or a "
                   "dense matrix was asked of it.",
                   "[kobling.scores.not_listed] pair (0, 4): is not on the candidate's list, and "
                   "a listed score table (score_listed) holds only listed pairs; use score_all "
                   "or explain for other pairs"},
    CatalogueEntry{"kobling.synthetic.bad_option", "InvalidArgument",
                   "A synthetic market option is out of range.",
                   "[kobling.synthetic.bad_option] SyntheticOptions.zipf: must be finite and >= 0, "
                   "got -1"},
    CatalogueEntry{"kobling.topk.bad_k", "InvalidArgument",
                   "The number of companies per candidate asked of top-k is negative.",
                   "[kobling.topk.bad_k] k: must be >= 0, got -1"},
    CatalogueEntry{"kobling.topk.bad_option", "InvalidArgument",
                   "A top-k option (block_rows) is out of range.",
                   "[kobling.topk.bad_option] block_rows: must be >= 1, got 0"},
    CatalogueEntry{"kobling.verdicts.bad_verdict", "InvalidArgument",
                   "A verdict is not a tier number, wanted/maybe or no.",
                   "[kobling.verdicts.bad_verdict] verdicts.csv:2:6 (column \"verdict\"): "
                   "expected a tier number (1 = best; equal numbers share a place), "
                   "wanted/\xc3\xb8nsket, maybe/kanskje or no/nei/refused, got \"perhaps\""},
    CatalogueEntry{"kobling.verdicts.duplicate", "InvalidArgument",
                   "A verdicts file has two rows for the same company and candidate.",
                   "[kobling.verdicts.duplicate] verdicts.csv:3:2 (column \"candidate\"): a second "
                   "verdict of company \"k01\" on candidate \"c040\""},
    CatalogueEntry{"kobling.verdicts.header", "ParseError",
                   "A verdicts file lacks the company, candidate or verdict column, or a row "
                   "lacks an id.",
                   "[kobling.verdicts.header] verdicts.csv:1: a verdicts file needs the columns "
                   "company, candidate and verdict"},
    CatalogueEntry{"kobling.verdicts.unknown_id", "OutOfRange",
                   "A verdict names a company or candidate the kick-off does not have.",
                   "[kobling.verdicts.unknown_id] verdicts.csv:2:1 (column \"company\"): unknown "
                   "company id \"k99\""},
    CatalogueEntry{"kobling.verify.infeasible", "InvalidArgument",
                   "blocking_pairs was given an assignment that is not feasible (over capacity, a "
                   "pair not allowed).",
                   "[kobling.verify.infeasible] company_of: not a feasible assignment: company 0: "
                   "2 assigned, capacity 1"},
    CatalogueEntry{"kobling.warn.censored", "warning",
                   "More than half of an intake's placements are still running at the horizon, "
                   "so a fit learns from the rest only.",
                   "[kobling.warn.censored] intake \"synthetic-1\": 36 of 57 placements are "
                   "still running at the horizon and are left out; the fit learns from the rest, "
                   "which may be the early dropouts: record later outcomes, or fit after the "
                   "follow-up"},
    CatalogueEntry{"kobling.warn.no_eligible_wish", "warning",
                   "No wish of the candidate can be a placement (requirements, review, refusal, "
                   "no seats).",
                   "[kobling.warn.no_eligible_wish] candidate \"c3\": none of the 1 wish(es) can "
                   "be a placement (a requirement fails, a review is needed, the company refused "
                   "or has no seats); see the reasons"},
    CatalogueEntry{"kobling.warn.no_seats", "warning",
                   "A company with 0 seats is on candidates' lists.",
                   "[kobling.warn.no_seats] company \"k3\": has 0 seats, yet 1 candidate(s) list "
                   "it; none can be placed there"},
    CatalogueEntry{"kobling.warn.numeric_codes", "warning",
                   "A DataFrame's code column holds numbers (leading zeros lost, as "
                   "pandas.read_csv makes of 0301).",
                   "[kobling.warn.numeric_codes] candidates DataFrame column \"municipality\": "
                   "holds numbers (int64), not text: a code such as 0301 has lost its leading "
                   "zero already; read the file with the codes as text (pandas.read_csv(..., "
                   "dtype={'municipality': str}))"},
    CatalogueEntry{"kobling.warn.ranking_not_applicant", "warning",
                   "An interview ranking names a candidate who did not list the company.",
                   "[kobling.warn.ranking_not_applicant] company \"k2\" ranking: candidate \"c3\" "
                   "did not list the company; the ranking place has no effect"},
    CatalogueEntry{"kobling.warn.ranking_unplaceable", "warning",
                   "An interview ranking names a candidate the company cannot take (a requirement "
                   "fails or needs review, or it refused them).",
                   "[kobling.warn.ranking_unplaceable] company \"k1\" ranking: candidate \"c2\" "
                   "fails a requirement, so cannot be placed there; the ranking place has no "
                   "effect"},
    CatalogueEntry{"kobling.warn.unused_feature", "warning",
                   "A feature has recorded values but nothing weighs, targets, requires or "
                   "bounds it.",
                   "[kobling.warn.unused_feature] feature \"english\": no company weighs, "
                   "targets or requires it and no bound uses it; its recorded values never "
                   "count"},
    CatalogueEntry{"kobling.warn.weight_dropped", "warning",
                   "A learned weight on a pair feature (categorical, skills, location) goes to 0 "
                   "at companies without a target for it.",
                   "[kobling.warn.weight_dropped] feature \"municipality\": the learned weight "
                   "does not apply at 1 company without a target for it (\"k2\"); they weigh it "
                   "0 and their other weights count for more"},
    CatalogueEntry{"kobling.warn.zero_weights", "warning",
                   "A company with seats and applicants weighs nothing: everyone scores 0 there.",
                   "[kobling.warn.zero_weights] company \"k2\": every weight is 0, so every "
                   "candidate scores 0 here: its interview ranking, then the tie rule, decide "
                   "who gets its 1 seat(s)"},
    CatalogueEntry{"kobling.weights.not_usable", "InvalidArgument",
                   "Learned coefficients that cannot be kobling weights (a negative effect, or "
                   "none above 0) were to be applied.",
                   "[kobling.weights.not_usable] profile: the learned coefficients cannot be "
                   "weights (a negative effect, or none above 0); keep the hand weights"},
    CatalogueEntry{"kobling.weights.not_validated", "InvalidArgument",
                   "Learned weights whose validation kept the hand weights were to be applied "
                   "without force.",
                   "[kobling.weights.not_validated] profile: the fit's validation kept the hand "
                   "weights; pass force to apply the learned weights anyway"},
    CatalogueEntry{"kobling.weights.protected", "InvalidArgument",
                   "Learned weights name a feature the kick-off declares protected.",
                   "[kobling.weights.protected] profile: feature \"age\" is protected in this "
                   "kick-off and cannot be weighted"},
    CatalogueEntry{"kobling.weights.unknown_feature", "OutOfRange",
                   "Learned weights, true weights or a fit name a feature the kick-off or "
                   "intakes lack.",
                   "[kobling.weights.unknown_feature] profile: the kick-off has no feature "
                   "\"grit\""},
};

}  // namespace

std::span<const CatalogueEntry> error_catalogue() noexcept { return kCatalogue; }

}  // namespace kobling
