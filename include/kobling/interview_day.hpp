// kobling/interview_day.hpp — a kick-off's interview day: who interviews
// whom (plan_interviews) and when (schedule_interviews), with ids, clock
// times, rooms and sites, and the files people use: a timetable per company
// and per candidate, and a verdict template per company that apply_verdicts
// reads back as interview tiers and refusals for the final match.
//
// The kick-off supplies what the array level takes as numbers: acceptable
// pairs (eligible, not refused) and fit scores from the score table; each
// company's cap (its interviews.cap, else cap_per_seat x its seats, rounded
// up), rooms, site and availability windows; each candidate's windows. The
// day runs from `start` to `end` in slots of slot_minutes; a slot is
// available to someone when it lies inside one of their windows (no windows:
// all day). travel_minutes between sites become whole free slots.
#pragma once

#include <string>
#include <vector>

#include "kobling/interviews.hpp"
#include "kobling/model.hpp"
#include "kobling/scoring.hpp"

namespace kobling {

struct InterviewDayOptions {
  /// A company without its own cap interviews ceil(cap_per_seat x seats).
  double cap_per_seat = 3.0;
  Index min_per_candidate = 1;
  Index start = 9 * 60;  ///< the first slot's start, minutes since midnight
  Index end = 16 * 60;   ///< the day's end
  Index slot_minutes = 20;
  Index travel_minutes = 0;  ///< between interviews at different sites
};

/// The plan and its timetable, with the clock.
struct InterviewDay {
  InterviewPlan plan;
  InterviewSchedule schedule;
  IndexVector caps;  ///< (m,) the caps used
  Index start = 0;
  Index slot_minutes = 0;
  Index n_slots = 0;
  /// The clock time a slot starts ("09:20"); slot n_slots is the day's end.
  [[nodiscard]] std::string slot_time(Index slot) const {
    return clock_text(start + slot * slot_minutes);
  }
};

/// Plans the interview day. Throws InvalidArgument for a slot length below one
/// minute, a day that ends before it starts or has no slot
/// (kobling.interviews.bad_slots), a negative or non-finite cap_per_seat
/// (kobling.interviews.negative_cap), a negative minimum or travel time.
InterviewDay plan_interview_day(const Kickoff& k, const ScoreTable& table,
                                const InterviewDayOptions& options = {});

/// The day as JSON text: the options, every interview with ids, wish, score,
/// clock times and room, the uncovered candidates with reasons, and the
/// timetable's slots against its lower bound.
std::string interview_day_json(const Kickoff& k, const ScoreTable& table, const InterviewDay& day);
/// Timetables as CSV: per company (company, start, end, room, candidate) and
/// per candidate (candidate, start, end, company, site), in time order.
std::string company_timetable_csv(const Kickoff& k, const InterviewDay& day);
std::string candidate_timetable_csv(const Kickoff& k, const InterviewDay& day);
/// The verdict template: one row per interview (company, candidate, wish,
/// score, time) and an empty `verdict` column to fill in after the
/// interviews (see apply_verdicts).
std::string verdict_template_csv(const Kickoff& k, const ScoreTable& table,
                                 const InterviewDay& day);

/// Reads filled verdicts (CSV with columns company, candidate, verdict; other
/// columns ignored) into the companies' rankings and refusals: a verdict is a
/// tier number (1 = best; equal numbers share a place, a tie the kick-off's
/// tie rule decides), "wanted"/"ønsket" (tier 1), "maybe"/"kanskje" (tier 2),
/// or "no"/"nei"/"refused"/"avslått" (refused); an empty verdict leaves the
/// candidate unranked. Companies with a verdict get a new ranking (replacing
/// theirs) and refusals (added to theirs). Errors name the file's row and
/// column (kobling.verdicts.*).
Kickoff apply_verdicts(const Kickoff& k, std::string_view csv,
                       const std::string& file_name = "verdicts.csv");

}  // namespace kobling
