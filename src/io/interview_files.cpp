// src/io/interview_files.cpp — the interview day's files
// (kobling/interview_day.hpp): JSON, timetables and the verdict template.
#include <algorithm>
#include <cstdio>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "common/text.hpp"
#include "kobling/interview_day.hpp"
#include "kobling/json_io.hpp"

namespace kobling {

using nlohmann::json;

namespace {

using detail::csv_cell;

std::string score_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", s);
  return buf;
}

// Interview rows in time order (slot, then company, then room; unscheduled
// last), for a timetable.
std::vector<Eigen::Index> by_time(const InterviewDay& day, bool by_company) {
  std::vector<Eigen::Index> rows(static_cast<std::size_t>(day.plan.pairs.rows()));
  std::iota(rows.begin(), rows.end(), Eigen::Index{0});
  const auto& p = day.plan.pairs;
  const auto& s = day.schedule.slot;
  std::stable_sort(rows.begin(), rows.end(), [&](Eigen::Index a, Eigen::Index b) {
    const Index ka = by_company ? p(a, 1) : p(a, 0);
    const Index kb = by_company ? p(b, 1) : p(b, 0);
    if (ka != kb) {
      return ka < kb;
    }
    const Index sa = s[a] < 0 ? kMaxIndex : s[a];
    const Index sb = s[b] < 0 ? kMaxIndex : s[b];
    return sa < sb;
  });
  return rows;
}

Index wish_of(const Kickoff& k, Index i, Index j) {
  const auto& wishes = k.candidate(i).wishes;
  return static_cast<Index>(std::find(wishes.begin(), wishes.end(), j) - wishes.begin()) + 1;
}

}  // namespace

std::string interview_day_json(const Kickoff& k, const ScoreTable& table, const InterviewDay& day) {
  json out;
  out["kobling"] = "interviews/1";
  out["day"] = {{"start", day.slot_time(0)},
                {"end", day.slot_time(day.n_slots)},
                {"slot_minutes", day.slot_minutes},
                {"slots", day.n_slots}};
  const InterviewSchedule& s = day.schedule;
  out["timetable"] = {{"slots_used", s.slots_used},
                      {"lower_bound", s.lower_bound},
                      {"exact", s.exact},
                      {"idle_gaps", s.idle_gaps},
                      {"unscheduled", s.unscheduled},
                      {"ends", day.slot_time(s.slots_used)}};
  out["objective"] = json::object();
  for (std::size_t l = 0; l < day.plan.levels.size(); ++l) {
    out["objective"][day.plan.levels[l]] = day.plan.objective[l];
  }
  out["caps"] = json::object();
  for (Index j = 0; j < k.num_companies(); ++j) {
    out["caps"][k.company(j).id] = day.caps[j];
  }
  out["interviews"] = json::array();
  for (Eigen::Index r = 0; r < day.plan.pairs.rows(); ++r) {
    const Index i = day.plan.pairs(r, 0);
    const Index j = day.plan.pairs(r, 1);
    json row{{"candidate", k.candidate(i).id},
             {"company", k.company(j).id},
             {"wish", wish_of(k, i, j)},
             {"score", table.score_of(i, j)}};
    if (s.slot[r] >= 0) {
      row["start"] = day.slot_time(s.slot[r]);
      row["end"] = day.slot_time(s.slot[r] + 1);
      row["room"] = s.room[r] + 1;
    } else {
      row["start"] = nullptr;
      row["end"] = nullptr;
      row["room"] = nullptr;
    }
    out["interviews"].push_back(row);
  }
  out["uncovered"] = json::array();
  for (std::size_t u = 0; u < day.plan.uncovered.size(); ++u) {
    out["uncovered"].push_back({{"candidate", k.candidate(day.plan.uncovered[u]).id},
                                {"reason", day.plan.uncovered_reason[u]}});
  }
  return out.dump(2);
}

std::string company_timetable_csv(const Kickoff& k, const InterviewDay& day) {
  std::ostringstream out;
  out << "company,start,end,room,candidate\n";
  for (const Eigen::Index r : by_time(day, true)) {
    const Index t = day.schedule.slot[r];
    out << csv_cell(k.company(day.plan.pairs(r, 1)).id) << ","
        << (t >= 0 ? day.slot_time(t) + "," + day.slot_time(t + 1) + "," +
                         std::to_string(day.schedule.room[r] + 1)
                   : std::string(",,"))
        << "," << csv_cell(k.candidate(day.plan.pairs(r, 0)).id) << "\n";
  }
  return out.str();
}

std::string candidate_timetable_csv(const Kickoff& k, const InterviewDay& day) {
  std::ostringstream out;
  out << "candidate,start,end,company,site\n";
  for (const Eigen::Index r : by_time(day, false)) {
    const Index t = day.schedule.slot[r];
    const Company& c = k.company(day.plan.pairs(r, 1));
    out << csv_cell(k.candidate(day.plan.pairs(r, 0)).id) << ","
        << (t >= 0 ? day.slot_time(t) + "," + day.slot_time(t + 1) : std::string(",")) << ","
        << csv_cell(c.id) << "," << csv_cell(c.interviews.site) << "\n";
  }
  return out.str();
}

std::string verdict_template_csv(const Kickoff& k, const ScoreTable& table,
                                 const InterviewDay& day) {
  std::ostringstream out;
  out << "company,candidate,wish,score,start,verdict\n";
  for (const Eigen::Index r : by_time(day, true)) {
    const Index i = day.plan.pairs(r, 0);
    const Index j = day.plan.pairs(r, 1);
    const Index t = day.schedule.slot[r];
    out << csv_cell(k.company(j).id) << "," << csv_cell(k.candidate(i).id) << ","
        << wish_of(k, i, j) << "," << score_text(table.score_of(i, j)) << ","
        << (t >= 0 ? day.slot_time(t) : "") << ",\n";
  }
  return out.str();
}

}  // namespace kobling
