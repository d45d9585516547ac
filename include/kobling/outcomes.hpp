// kobling/outcomes.hpp — what happened after a kick-off: intakes and outcomes.
//
// An intake is one kick-off as it was run: its kick-off (the features, the
// hand weights, targets and requirements in force then: the criteria, frozen
// with the intake, so criteria may change from one intake to the next), the
// placements it ended with, and what became of the young people afterwards.
// Outcomes are recorded per person as dated events:
//
//   placement statuses   declined, started, completed, dropped_out (with a
//                        reason code)
//   destinations         in_work, in_education, inactive (for anyone, placed
//                        or not)
//
// A record belongs to one candidate and, when the events are about a
// placement, to the company that placed them. make_intake() is the record
// step: it checks every record against the kick-off and the placements and
// refuses, with a pinned error naming the record and the field, an unknown
// candidate or company, a placement status for someone the placements do not
// place, a company other than the placed one, events out of date order or
// outside the intake's dates, a transition that cannot happen (completed
// without started, anything after declined) and a missing or unknown reason.
//
// A label turns a record into what a fit learns from (fit.hpp), reading the
// events up to a horizon: good when the programme was completed or the last
// destination by then is work or education; bad when the last event by then
// is a dropout or inactivity; censored when nothing decisive is known by then
// (started and nothing since, or no event yet); excluded without a record or
// after a declined offer (unless LabelRule::declined_is_bad). "Good" is
// checked first: completing and then being inactive counts as completed, and
// so does a destination of work followed by a dropout. No event lies after the
// follow-up, so a horizon past it reads each record as it stood then.
//
// Privacy: outcomes and dropout reasons (health among them) are personal
// data. Reports count them by group; nothing here prints a person's reason.
//
// Thread safety: an Intake is immutable after make_intake; share it freely.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kobling/model.hpp"
#include "kobling/policy.hpp"
#include "kobling/types.hpp"

namespace kobling {

/// A calendar date, days since 1970-01-01 (proleptic Gregorian).
struct Date {
  std::int32_t days = 0;
  friend bool operator==(Date, Date) = default;
  friend auto operator<=>(Date, Date) = default;
};

/// Parses "YYYY-MM-DD" strictly (a real calendar day, four-digit year);
/// throws ParseError("kobling.outcome.bad_date") naming `where`.
Date parse_date(std::string_view text, const std::string& where);
/// "YYYY-MM-DD".
std::string to_string(Date d);

enum class OutcomeStatus : std::uint8_t {
  declined,      ///< turned the placement down before starting
  started,       ///< began at the company
  completed,     ///< completed the programme at the company
  dropped_out,   ///< left before completing (needs a reason)
  in_work,       ///< destination: in work
  in_education,  ///< destination: in education
  inactive,      ///< destination: neither
};

/// The status's name as written in files ("dropped_out", ...).
std::string_view to_string(OutcomeStatus s) noexcept;
/// The status named `text`, or nothing.
std::optional<OutcomeStatus> parse_outcome_status(std::string_view text) noexcept;
/// True for declined, started, completed and dropped_out.
bool is_placement_status(OutcomeStatus s) noexcept;

/// Reason codes every intake accepts for dropped_out; an intake may add its
/// own (IntakeInfo::reason_codes).
inline constexpr std::array<std::string_view, 11> kStandardReasons = {
    "motivation",      "finances", "housing", "moved",   "conflict", "other_job",
    "other_education", "family",   "health",  "unknown", "other"};

struct OutcomeEvent {
  OutcomeStatus status = OutcomeStatus::started;
  Date date;
  std::string reason;  ///< dropped_out only: a reason code
  /// Where the event came from, for errors ("$.outcomes[2].events[1]",
  /// "outcomes.csv:7"); empty: make_intake names it outcomes[r].events[e].
  std::string where;
};

struct OutcomeRecord {
  Index candidate = kNone;
  Index company = kNone;  ///< the placement the events are about; kNone: none
  std::vector<OutcomeEvent> events;
  std::string where;  ///< where the record came from, for errors; see OutcomeEvent
};

struct IntakeInfo {
  std::string id;                 ///< unique among the intakes fitted together
  Date date;                      ///< the kick-off's date; no event before it
  std::optional<Date> follow_up;  ///< when outcomes were last looked at; no event after it
  Policy policy = Policy::stable;
  std::vector<std::string> reason_codes;  ///< extra reason codes for this intake
};

class Intake {
 public:
  [[nodiscard]] const IntakeInfo& info() const noexcept { return info_; }
  [[nodiscard]] const std::string& id() const noexcept { return info_.id; }
  [[nodiscard]] const Kickoff& kickoff() const noexcept { return *kickoff_; }
  [[nodiscard]] const std::shared_ptr<const Kickoff>& kickoff_ptr() const noexcept {
    return kickoff_;
  }
  /// (n,) the company each candidate was placed at, kNone if unplaced.
  [[nodiscard]] const IndexVector& company_of() const noexcept { return company_of_; }
  /// The checked records, in the order given.
  [[nodiscard]] const std::vector<OutcomeRecord>& records() const noexcept { return records_; }
  /// (n,) the record of each candidate (its index in records()), kNone if none.
  [[nodiscard]] const IndexVector& record_of() const noexcept { return record_of_; }

 private:
  friend Intake make_intake(std::shared_ptr<const Kickoff>, IntakeInfo, IndexVector,
                            std::vector<OutcomeRecord>);
  IntakeInfo info_;
  std::shared_ptr<const Kickoff> kickoff_;
  IndexVector company_of_;
  std::vector<OutcomeRecord> records_;
  IndexVector record_of_;
};

/// The record step: checks and freezes an intake. `company_of` (n,) is the
/// final placement (kNone: unplaced; a company index otherwise, with no
/// company above its capacity). Each record is checked in order, events in
/// order; the first violation throws, naming the record's or event's place:
///   kobling.outcome.unknown_candidate / unknown_company (OutOfRange),
///   kobling.outcome.bad_reason, not_placed, wrong_company, date_order,
///   before_kickoff, after_follow_up, transition, duplicate, empty
///   (InvalidArgument); kobling.intake.bad_info (id empty, follow_up before
///   date), kobling.intake.bad_placements (length, index, capacity).
Intake make_intake(std::shared_ptr<const Kickoff> kickoff, IntakeInfo info, IndexVector company_of,
                   std::vector<OutcomeRecord> records);

enum class Label : std::uint8_t { good, bad, censored, excluded };

/// "good", "bad", "censored", "excluded".
std::string_view to_string(Label l) noexcept;

struct LabelRule {
  /// Days after the intake's date at which outcomes are read; unset: the
  /// follow-up date (or, without one, every event).
  std::optional<std::int32_t> horizon_days;
  bool declined_is_bad = false;  ///< declined counts as bad instead of excluded
};

/// (n,) the label of every candidate's record under `rule` (excluded where
/// there is none). Throws InvalidArgument("kobling.fit.bad_option") for a
/// negative horizon.
std::vector<Label> labels(const Intake& intake, const LabelRule& rule = {});

}  // namespace kobling
