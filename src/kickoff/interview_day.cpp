// plan_interview_day (kobling/interview_day.hpp): a kick-off's interview day
// as the array-level plan and timetable.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "common/text.hpp"
#include "kobling/errors.hpp"
#include "kobling/interview_day.hpp"

namespace kobling {

namespace {

void check_options(const InterviewDayOptions& o) {
  if (o.slot_minutes < 1) {
    throw InvalidArgument(
        "kobling.interviews.bad_slots", "slot_minutes",
        "a slot must last at least one minute, got " + std::to_string(o.slot_minutes));
  }
  if (o.start < 0 || o.end > 24 * 60 || o.end - o.start < o.slot_minutes) {
    throw InvalidArgument("kobling.interviews.bad_slots", "end",
                          "the day " + clock_text(std::max<Index>(o.start, 0)) + "-" +
                              clock_text(std::min<Index>(std::max<Index>(o.end, 0), 24 * 60)) +
                              " holds no slot of " + std::to_string(o.slot_minutes) + " minutes");
  }
  if (!std::isfinite(o.cap_per_seat) || o.cap_per_seat < 0.0) {
    throw InvalidArgument("kobling.interviews.negative_cap", "cap_per_seat",
                          "must be a finite number >= 0, got " + detail::num(o.cap_per_seat));
  }
  if (o.travel_minutes < 0) {
    throw InvalidArgument("kobling.interviews.bad_slots", "travel_minutes",
                          "must be >= 0, got " + std::to_string(o.travel_minutes));
  }
}

// Slot t is available when [start + t len, start + (t + 1) len) lies in a
// window; no windows: every slot.
bool covered(const std::vector<TimeWindow>& windows, Index from, Index to) {
  if (windows.empty()) {
    return true;
  }
  for (const TimeWindow& w : windows) {
    if (w.start <= from && to <= w.end) {
      return true;
    }
  }
  return false;
}

}  // namespace

InterviewDay plan_interview_day(const Kickoff& k, const ScoreTable& table,
                                const InterviewDayOptions& options) {
  check_options(options);
  const Index n = k.num_candidates();
  const Index m = k.num_companies();
  InterviewDay day;
  day.start = options.start;
  day.slot_minutes = options.slot_minutes;
  day.n_slots = (options.end - options.start) / options.slot_minutes;
  day.caps = IndexVector(m);
  bool windows = false;
  std::map<std::string, Index> sites;
  ScheduleOptions so;
  so.rooms = IndexVector(m);
  so.site = IndexVector(m);
  for (Index j = 0; j < m; ++j) {
    const Company& c = k.company(j);
    const InterviewSetup& iv = c.interviews;
    const double per_seat = std::ceil(options.cap_per_seat * static_cast<double>(c.capacity));
    day.caps[j] =
        iv.cap != kNone ? iv.cap : static_cast<Index>(std::min<double>(per_seat, kMaxIndex));
    so.rooms[j] = iv.rooms;
    so.site[j] = sites.emplace(iv.site, static_cast<Index>(sites.size())).first->second;
    windows = windows || !iv.available.empty();
  }
  for (const Candidate& c : k.candidates()) {
    windows = windows || !c.available.empty();
  }
  so.travel_slots = (options.travel_minutes + options.slot_minutes - 1) / options.slot_minutes;
  if (windows) {
    so.candidate_available = MaskMatrix(n, day.n_slots);
    so.company_available = MaskMatrix(m, day.n_slots);
    for (Index t = 0; t < day.n_slots; ++t) {
      const Index from = options.start + t * options.slot_minutes;
      const Index to = from + options.slot_minutes;
      for (Index i = 0; i < n; ++i) {
        so.candidate_available(i, t) = covered(k.candidate(i).available, from, to);
      }
      for (Index j = 0; j < m; ++j) {
        so.company_available(j, t) = covered(k.company(j).interviews.available, from, to);
      }
    }
  }
  // An interview is where a requirement on an unrecorded value gets checked:
  // pairs that need review are interviewed like eligible ones; ineligible and
  // refused pairs are not.
  // At the listed pairs only (CSR, one structure for mask and scores).
  const ScoreTable listed = table.listed() ? ScoreTable{} : score_listed(k);
  const ScoreTable& t = table.listed() ? table : listed;
  Eigen::Matrix<bool, Eigen::Dynamic, 1> ok(static_cast<Eigen::Index>(t.pair_company.size()));
  for (Index i = 0; i < n; ++i) {
    for (auto e = t.pair_start[static_cast<std::size_t>(i)];
         e < t.pair_start[static_cast<std::size_t>(i) + 1]; ++e) {
      const auto eu = static_cast<std::size_t>(e);
      const Index j = t.pair_company[eu];
      const auto& refused = k.company(j).refused;
      ok[e] = t.pair_eligibility[eu] != static_cast<std::uint8_t>(Eligibility::ineligible) &&
              std::find(refused.begin(), refused.end(), i) == refused.end();
    }
  }
  InterviewPlanOptions po;
  po.min_per_candidate = options.min_per_candidate;
  day.plan = plan_interviews(
      k.preferences(), day.caps,
      MaskView::csr(n, m, t.pair_start.data(), t.pair_company.data(), ok.data()), t.scores(), po);
  day.schedule = schedule_interviews(day.plan.pairs, n, m, day.n_slots, so);
  return day;
}

}  // namespace kobling
