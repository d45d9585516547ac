// The record step (make_intake) and the label rule; see kobling/outcomes.hpp.
#include "kobling/outcomes.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <utility>

#include "common/text.hpp"
#include "kobling/errors.hpp"

namespace kobling {

namespace {

constexpr std::array<OutcomeStatus, 7> kStatuses = {
    OutcomeStatus::declined,    OutcomeStatus::started, OutcomeStatus::completed,
    OutcomeStatus::dropped_out, OutcomeStatus::in_work, OutcomeStatus::in_education,
    OutcomeStatus::inactive};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string status_text(OutcomeStatus s) { return "\"" + std::string(to_string(s)) + "\""; }

// Ends a placement: nothing happens at the company afterwards.
bool is_final(OutcomeStatus s) {
  return s == OutcomeStatus::completed || s == OutcomeStatus::dropped_out ||
         s == OutcomeStatus::declined;
}

std::string reason_list(const IntakeInfo& info) {
  std::string out;
  for (const std::string_view r : kStandardReasons) {
    out += (out.empty() ? "" : ", ") + std::string(r);
  }
  for (const std::string& r : info.reason_codes) {
    out += ", " + r;
  }
  return out;
}

bool known_reason(const IntakeInfo& info, const std::string& reason) {
  return std::find(kStandardReasons.begin(), kStandardReasons.end(), reason) !=
             kStandardReasons.end() ||
         std::find(info.reason_codes.begin(), info.reason_codes.end(), reason) !=
             info.reason_codes.end();
}

void check_info(const IntakeInfo& info) {
  if (info.id.empty()) {
    throw InvalidArgument("kobling.intake.bad_info", "id",
                          "the intake needs an id, unique among the intakes fitted together "
                          "(such as \"trondelag-2025-spring\")");
  }
  if (info.follow_up && *info.follow_up < info.date) {
    throw InvalidArgument("kobling.intake.bad_info", "follow_up",
                          to_string(*info.follow_up) + " is before the intake's date (" +
                              to_string(info.date) +
                              "); the follow-up is when outcomes were last looked at");
  }
}

void check_placements(const Kickoff& k, const IndexVector& company_of) {
  const Index n = k.num_candidates();
  const Index m = k.num_companies();
  if (company_of.size() != n) {
    throw InvalidArgument("kobling.intake.bad_placements", "company_of",
                          "has " + std::to_string(company_of.size()) + " entries for " +
                              std::to_string(n) +
                              " candidates; give one company (or -1) per "
                              "candidate of the kick-off");
  }
  std::vector<Index> filled(static_cast<std::size_t>(m), 0);
  for (Index i = 0; i < n; ++i) {
    const Index j = company_of[i];
    if (j == kNone) {
      continue;
    }
    if (j < 0 || j >= m) {
      throw InvalidArgument("kobling.intake.bad_placements", detail::at("company_of", i),
                            "company index " + std::to_string(j) + " is not in [0, " +
                                std::to_string(m) + ") (" + std::to_string(m) +
                                " companies); use -1 for an unplaced candidate");
    }
    const Company& c = k.company(j);
    if (++filled[static_cast<std::size_t>(j)] > c.capacity) {
      throw InvalidArgument("kobling.intake.bad_placements", detail::at("company_of", i),
                            "company " + detail::quoted(c.id) + " has capacity " +
                                std::to_string(c.capacity) + " and no seat left for candidate " +
                                detail::quoted(k.candidate(i).id) +
                                "; the placements are those of the kick-off as it was run");
    }
  }
}

// Checks one record (all but duplicates); `where` is its place.
void check_record(const Kickoff& k, const IntakeInfo& info, const IndexVector& company_of,
                  const OutcomeRecord& rec, const std::string& where) {
  const Index n = k.num_candidates();
  const Index m = k.num_companies();
  if (rec.candidate < 0 || rec.candidate >= n) {
    throw OutOfRange("kobling.outcome.unknown_candidate", where + ".candidate",
                     "candidate index " + std::to_string(rec.candidate) + " is not in [0, " +
                         std::to_string(n) + ") (" + std::to_string(n) + " candidates)");
  }
  if (rec.company != kNone && (rec.company < 0 || rec.company >= m)) {
    throw OutOfRange("kobling.outcome.unknown_company", where + ".company",
                     "company index " + std::to_string(rec.company) + " is not in [0, " +
                         std::to_string(m) + ") (" + std::to_string(m) +
                         " companies); use -1 for a record without a placement");
  }
  if (rec.events.empty()) {
    throw InvalidArgument("kobling.outcome.empty", where + ".events",
                          "the record has no events; list at least one dated event, or leave "
                          "the record out");
  }
  const std::string& id = k.candidate(rec.candidate).id;
  const Index placed = company_of[rec.candidate];
  std::optional<Date> previous;
  std::optional<OutcomeStatus> last_placement;  // the latest placement status so far
  bool started = false;
  for (std::size_t e = 0; e < rec.events.size(); ++e) {
    const OutcomeEvent& ev = rec.events[e];
    const std::string at =
        ev.where.empty() ? where + ".events[" + std::to_string(e) + "]" : ev.where;
    const bool placement = is_placement_status(ev.status);
    if (placement && placed == kNone) {
      throw InvalidArgument("kobling.outcome.not_placed", at + ".status",
                            "candidate " + detail::quoted(id) + " has status " +
                                status_text(ev.status) +
                                " but no placement in this intake; add the placement, or use "
                                "in_work, in_education or inactive for an unplaced candidate");
    }
    if (e == 0 && rec.company != kNone && placed == kNone) {
      throw InvalidArgument("kobling.outcome.not_placed", where + ".company",
                            "candidate " + detail::quoted(id) + " is recorded at company " +
                                detail::quoted(k.company(rec.company).id) +
                                " but has no placement in this intake; add the placement, or "
                                "leave out the company for an unplaced candidate");
    }
    if (e == 0 && rec.company != kNone && rec.company != placed) {
      throw InvalidArgument("kobling.outcome.wrong_company", where + ".company",
                            "candidate " + detail::quoted(id) + " was placed at company " +
                                detail::quoted(k.company(placed).id) + ", not " +
                                detail::quoted(k.company(rec.company).id) +
                                "; a record's company is the one of the placement");
    }
    if (previous && ev.date < *previous) {
      throw InvalidArgument("kobling.outcome.date_order", at + ".date",
                            to_string(ev.date) + " is before the previous event (" +
                                to_string(*previous) + "); events are listed in date order");
    }
    if (ev.date < info.date) {
      throw InvalidArgument("kobling.outcome.before_kickoff", at + ".date",
                            to_string(ev.date) + " is before the kick-off (" +
                                to_string(info.date) +
                                "); outcomes are recorded from the intake's date on");
    }
    if (info.follow_up && ev.date > *info.follow_up) {
      throw InvalidArgument("kobling.outcome.after_follow_up", at + ".date",
                            to_string(ev.date) + " is after the follow-up (" +
                                to_string(*info.follow_up) +
                                "); move the follow-up date, or leave the event out");
    }
    if (placement) {
      if (last_placement && is_final(*last_placement)) {
        throw InvalidArgument("kobling.outcome.transition", at + ".status",
                              status_text(ev.status) + " after " + status_text(*last_placement) +
                                  "; nothing happens at the company after completed, "
                                  "dropped_out or declined (a destination such as in_work may "
                                  "follow)");
      }
      if (ev.status == OutcomeStatus::declined && last_placement) {
        throw InvalidArgument("kobling.outcome.transition", at + ".status",
                              "\"declined\" after " + status_text(*last_placement) +
                                  "; an offer is declined before anything else happens at the "
                                  "company (use dropped_out for someone who left)");
      }
      if (ev.status == OutcomeStatus::started && started) {
        throw InvalidArgument("kobling.outcome.transition", at + ".status",
                              "\"started\" twice; a record holds one placement, started once");
      }
      if ((ev.status == OutcomeStatus::completed || ev.status == OutcomeStatus::dropped_out) &&
          !started) {
        throw InvalidArgument(
            "kobling.outcome.transition", at + ".status",
            status_text(ev.status) + " without an earlier \"started\"; record the start first");
      }
      started = started || ev.status == OutcomeStatus::started;
      last_placement = ev.status;
    }
    if (ev.status == OutcomeStatus::dropped_out) {
      if (ev.reason.empty()) {
        throw InvalidArgument("kobling.outcome.bad_reason", at + ".reason",
                              "\"dropped_out\" needs a reason code: one of " + reason_list(info) +
                                  " (an intake may add its own in reason_codes)");
      }
      if (!known_reason(info, ev.reason)) {
        throw InvalidArgument("kobling.outcome.bad_reason", at + ".reason",
                              "unknown reason code " + detail::quoted(ev.reason) + "; use one of " +
                                  reason_list(info) + ", or add it to the intake's reason_codes");
      }
    } else if (!ev.reason.empty()) {
      throw InvalidArgument("kobling.outcome.bad_reason", at + ".reason",
                            "a reason is given with " + status_text(ev.status) +
                                "; only dropped_out takes a reason, remove it");
    }
    previous = ev.date;
  }
}

}  // namespace

Date parse_date(std::string_view text, const std::string& where) {
  const auto bad = [&](const std::string& why) {
    throw ParseError("kobling.outcome.bad_date", where,
                     detail::quoted(text) + " is not a date: " + why);
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    bad("write it as YYYY-MM-DD, such as 2025-02-03");
  }
  for (const std::size_t p : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U}) {
    if (!is_digit(text[p])) {
      bad("write it as YYYY-MM-DD, such as 2025-02-03");
    }
  }
  const auto digits = [&](std::size_t from, std::size_t count) {
    int v = 0;
    for (std::size_t p = from; p < from + count; ++p) {
      v = v * 10 + (text[p] - '0');
    }
    return v;
  };
  const std::chrono::year_month_day ymd{std::chrono::year{digits(0, 4)},
                                        std::chrono::month{static_cast<unsigned>(digits(5, 2))},
                                        std::chrono::day{static_cast<unsigned>(digits(8, 2))}};
  if (!ymd.ok()) {
    bad("no such day in the calendar");
  }
  return Date{static_cast<std::int32_t>(std::chrono::sys_days{ymd}.time_since_epoch().count())};
}

std::string to_string(Date d) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{d.days}}};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string_view to_string(OutcomeStatus s) noexcept {
  switch (s) {
    case OutcomeStatus::declined:
      return "declined";
    case OutcomeStatus::started:
      return "started";
    case OutcomeStatus::completed:
      return "completed";
    case OutcomeStatus::dropped_out:
      return "dropped_out";
    case OutcomeStatus::in_work:
      return "in_work";
    case OutcomeStatus::in_education:
      return "in_education";
    case OutcomeStatus::inactive:
      return "inactive";
  }
  return "?";
}

std::optional<OutcomeStatus> parse_outcome_status(std::string_view text) noexcept {
  for (const OutcomeStatus s : kStatuses) {
    if (text == to_string(s)) {
      return s;
    }
  }
  return std::nullopt;
}

bool is_placement_status(OutcomeStatus s) noexcept {
  return s == OutcomeStatus::declined || s == OutcomeStatus::started ||
         s == OutcomeStatus::completed || s == OutcomeStatus::dropped_out;
}

Intake make_intake(std::shared_ptr<const Kickoff> kickoff, IntakeInfo info, IndexVector company_of,
                   std::vector<OutcomeRecord> records) {
  if (!kickoff) {
    throw InvalidArgument("kobling.intake.bad_info", "kickoff",
                          "no kick-off; an intake is one kick-off as it was run");
  }
  const Kickoff& k = *kickoff;
  check_info(info);
  check_placements(k, company_of);
  IndexVector record_of = IndexVector::Constant(k.num_candidates(), kNone);
  for (std::size_t r = 0; r < records.size(); ++r) {
    const OutcomeRecord& rec = records[r];
    const std::string where = rec.where.empty() ? "outcomes[" + std::to_string(r) + "]" : rec.where;
    check_record(k, info, company_of, rec, where);
    Index& slot = record_of[rec.candidate];
    if (slot != kNone) {
      const OutcomeRecord& first = records[static_cast<std::size_t>(slot)];
      const std::string first_where =
          first.where.empty() ? "outcomes[" + std::to_string(slot) + "]" : first.where;
      throw InvalidArgument("kobling.outcome.duplicate", where + ".candidate",
                            "candidate " + detail::quoted(k.candidate(rec.candidate).id) +
                                " already has a record (" + first_where +
                                "); put all of a candidate's events in one record");
    }
    slot = static_cast<Index>(r);
  }
  Intake out;
  out.info_ = std::move(info);
  out.kickoff_ = std::move(kickoff);
  out.company_of_ = std::move(company_of);
  out.records_ = std::move(records);
  out.record_of_ = std::move(record_of);
  return out;
}

std::string_view to_string(Label l) noexcept {
  switch (l) {
    case Label::good:
      return "good";
    case Label::bad:
      return "bad";
    case Label::censored:
      return "censored";
    case Label::excluded:
      return "excluded";
  }
  return "?";
}

std::vector<Label> labels(const Intake& intake, const LabelRule& rule) {
  if (rule.horizon_days && *rule.horizon_days < 0) {
    throw InvalidArgument("kobling.fit.bad_option", "horizon_days",
                          "must be a number of days >= 0 after the intake's date, got " +
                              std::to_string(*rule.horizon_days));
  }
  const IntakeInfo& info = intake.info();
  // Events up to the horizon count; without one, every event.
  std::int64_t horizon = std::numeric_limits<std::int64_t>::max();
  if (rule.horizon_days) {
    horizon = std::int64_t{info.date.days} + *rule.horizon_days;
  } else if (info.follow_up) {
    horizon = info.follow_up->days;
  }
  const Index n = intake.kickoff().num_candidates();
  std::vector<Label> out(static_cast<std::size_t>(n), Label::excluded);
  for (Index i = 0; i < n; ++i) {
    const Index r = intake.record_of()[i];
    if (r == kNone) {
      continue;
    }
    bool completed = false;
    std::optional<OutcomeStatus> last;
    std::optional<OutcomeStatus> last_destination;
    for (const OutcomeEvent& ev : intake.records()[static_cast<std::size_t>(r)].events) {
      if (ev.date.days > horizon) {
        break;  // events are in date order
      }
      completed = completed || ev.status == OutcomeStatus::completed;
      last = ev.status;
      if (!is_placement_status(ev.status)) {
        last_destination = ev.status;
      }
    }
    Label& label = out[static_cast<std::size_t>(i)];
    if (completed || last_destination == OutcomeStatus::in_work ||
        last_destination == OutcomeStatus::in_education) {
      label = Label::good;
    } else if (last == OutcomeStatus::dropped_out || last == OutcomeStatus::inactive) {
      label = Label::bad;
    } else if (last == OutcomeStatus::declined) {
      label = rule.declined_is_bad ? Label::bad : Label::excluded;
    } else {
      // Still running at the horizon (started and nothing since), nothing
      // known yet, or the horizon lies past the follow-up.
      label = Label::censored;
    }
  }
  return out;
}

}  // namespace kobling
