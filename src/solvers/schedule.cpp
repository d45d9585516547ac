// schedule_interviews and check_schedule (kobling/interviews.hpp).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <numeric>
#include <string>

#include "common/text.hpp"
#include "engine/edge_colouring.hpp"
#include "engine/mip.hpp"
#include "kobling/errors.hpp"
#include "kobling/interviews.hpp"

namespace kobling {

namespace {

// The largest timetable (interview x slot columns) solved as a MIP.
constexpr std::size_t kMipScheduleColumns = 60000;

struct Inputs {
  std::vector<Index> rooms;  // (m,)
  bool windows = false;
  bool travel = false;  // travel buffers can matter (several sites, travel_slots > 0)
};

// Validates the inputs (errors name the argument and element).
Inputs check_inputs(const Eigen::Ref<const PairList>& pairs, Index n, Index m, Index n_slots,
                    const ScheduleOptions& o) {
  if (n < 0 || m < 0) {
    throw InvalidArgument("kobling.array.shape", n < 0 ? "n" : "m", "must be >= 0");
  }
  if (n_slots < 1) {
    throw InvalidArgument("kobling.interviews.bad_slots", "n_slots",
                          "a day needs at least one slot, got " + std::to_string(n_slots));
  }
  if (o.travel_slots < 0) {
    throw InvalidArgument("kobling.interviews.bad_slots", "travel_slots",
                          "must be >= 0, got " + std::to_string(o.travel_slots));
  }
  Inputs in;
  in.rooms.assign(static_cast<std::size_t>(m), 1);
  if (o.rooms.size() > 0) {
    if (o.rooms.size() != m) {
      throw InvalidArgument(
          "kobling.array.shape", "rooms",
          "has " + std::to_string(o.rooms.size()) + " entries, expected m = " + std::to_string(m));
    }
    for (Index j = 0; j < m; ++j) {
      if (o.rooms[j] < 1) {
        throw InvalidArgument(
            "kobling.interviews.bad_rooms", detail::at("rooms", j),
            "a company needs at least one room, got " + std::to_string(o.rooms[j]));
      }
      in.rooms[static_cast<std::size_t>(j)] = o.rooms[j];
    }
  }
  const auto shape = [](const MaskMatrix& x, const char* name, Index rows, Index cols) {
    if (x.size() > 0 && (x.rows() != rows || x.cols() != cols)) {
      throw InvalidArgument("kobling.array.shape", name,
                            "shape (" + std::to_string(x.rows()) + ", " + std::to_string(x.cols()) +
                                ") does not match (" + std::to_string(rows) + ", " +
                                std::to_string(cols) + ")");
    }
  };
  shape(o.candidate_available, "candidate_available", n, n_slots);
  shape(o.company_available, "company_available", m, n_slots);
  in.windows = o.candidate_available.size() > 0 || o.company_available.size() > 0;
  if (o.site.size() > 0) {
    if (o.site.size() != m) {
      throw InvalidArgument(
          "kobling.array.shape", "site",
          "has " + std::to_string(o.site.size()) + " entries, expected m = " + std::to_string(m));
    }
    for (Index j = 1; j < m; ++j) {
      in.travel = in.travel || o.site[j] != o.site[0];
    }
    in.travel = in.travel && o.travel_slots > 0;
  }
  std::vector<std::vector<Index>> seen(static_cast<std::size_t>(n));
  for (Eigen::Index r = 0; r < pairs.rows(); ++r) {
    const Index i = pairs(r, 0);
    const Index j = pairs(r, 1);
    if (i < 0 || i >= n) {
      throw OutOfRange(
          "kobling.array.candidate_index", detail::at("pairs", r, 0),
          "candidate index " + std::to_string(i) + " is not in [0, " + std::to_string(n) + ")");
    }
    if (j < 0 || j >= m) {
      throw OutOfRange(
          "kobling.array.company_index", detail::at("pairs", r, 1),
          "company index " + std::to_string(j) + " is not in [0, " + std::to_string(m) + ")");
    }
    auto& mine = seen[static_cast<std::size_t>(i)];
    if (std::find(mine.begin(), mine.end(), j) != mine.end()) {
      throw InvalidArgument("kobling.interviews.duplicate_pair", detail::at("pairs", r),
                            "candidate " + std::to_string(i) +
                                " already has an interview with "
                                "company " +
                                std::to_string(j));
    }
    mine.push_back(j);
  }
  return in;
}

// Per candidate, the slots of its interviews; the idle gaps between the first
// and the last.
std::int64_t idle_gaps(const Eigen::Ref<const PairList>& pairs, Index n, const IndexVector& slot) {
  std::vector<Index> first(static_cast<std::size_t>(n), -1);
  std::vector<Index> last(static_cast<std::size_t>(n), -1);
  std::vector<Index> count(static_cast<std::size_t>(n), 0);
  for (Eigen::Index r = 0; r < pairs.rows(); ++r) {
    const Index t = slot[r];
    if (t < 0) {
      continue;
    }
    const auto i = static_cast<std::size_t>(pairs(r, 0));
    first[i] = first[i] < 0 ? t : std::min(first[i], t);
    last[i] = std::max(last[i], t);
    ++count[i];
  }
  std::int64_t gaps = 0;
  for (std::size_t i = 0; i < first.size(); ++i) {
    if (count[i] > 0) {
      gaps += last[i] - first[i] + 1 - count[i];
    }
  }
  return gaps;
}

// Orders the colour classes as slots so that candidates' interviews sit close
// together: greedy chains from each starting colour (the next colour shares
// the most candidates with the last), the order with the fewest idle gaps.
std::vector<Index> order_colours(const Eigen::Ref<const PairList>& pairs, Index n,
                                 const std::vector<Index>& colour, Index colours) {
  const auto c = static_cast<std::size_t>(colours);
  std::vector<std::vector<Index>> of(static_cast<std::size_t>(n));
  for (Eigen::Index r = 0; r < pairs.rows(); ++r) {
    of[static_cast<std::size_t>(pairs(r, 0))].push_back(colour[static_cast<std::size_t>(r)]);
  }
  std::vector<std::int64_t> shared(c * c, 0);
  for (const auto& mine : of) {
    for (const Index a : mine) {
      for (const Index b : mine) {
        if (a != b) {
          ++shared[static_cast<std::size_t>(a) * c + static_cast<std::size_t>(b)];
        }
      }
    }
  }
  std::vector<Index> best;
  std::int64_t best_gaps = -1;
  IndexVector slot(pairs.rows());
  for (Index start = 0; start < std::min<Index>(colours, 16); ++start) {
    std::vector<Index> order{start};
    std::vector<char> used(c, 0);
    used[static_cast<std::size_t>(start)] = 1;
    while (order.size() < c) {
      const auto last = static_cast<std::size_t>(order.back());
      Index next = kNone;
      for (Index k = 0; k < colours; ++k) {
        if (used[static_cast<std::size_t>(k)] == 0 &&
            (next == kNone || shared[last * c + static_cast<std::size_t>(k)] >
                                  shared[last * c + static_cast<std::size_t>(next)])) {
          next = k;
        }
      }
      used[static_cast<std::size_t>(next)] = 1;
      order.push_back(next);
    }
    std::vector<Index> position(c);
    for (std::size_t q = 0; q < c; ++q) {
      position[static_cast<std::size_t>(order[q])] = static_cast<Index>(q);
    }
    for (Eigen::Index r = 0; r < pairs.rows(); ++r) {
      slot[r] = position[static_cast<std::size_t>(colour[static_cast<std::size_t>(r)])];
    }
    const std::int64_t gaps = idle_gaps(pairs, n, slot);
    if (best_gaps < 0 || gaps < best_gaps) {
      best_gaps = gaps;
      best = position;
    }
  }
  return best;
}

// With windows or travel buffers: the timetable as a mixed-integer program
// (x[p, t] = interview p in slot t, for the slots both sides can make): most
// interviews placed first, then the fewest slots (T >= t + 1 for every slot
// used). Returns false when the program is too large or found nothing better
// than `s`; otherwise replaces s.slot/s.room and raises s.lower_bound to what
// the solver proved.
bool schedule_by_mip(const Eigen::Ref<const PairList>& pairs, Index n_slots,
                     const ScheduleOptions& o, const std::vector<Index>& rooms,
                     InterviewSchedule& s) {
  const auto p = static_cast<std::size_t>(pairs.rows());
  const auto ok = [&](Eigen::Index e, Index t) {
    return (o.candidate_available.size() == 0 || o.candidate_available(pairs(e, 0), t)) &&
           (o.company_available.size() == 0 || o.company_available(pairs(e, 1), t));
  };
  detail::MipProblem mp;
  std::vector<std::vector<std::pair<Index, int>>> cols(p);  // per interview: (slot, column)
  for (std::size_t r = 0; r < p; ++r) {
    for (Index t = 0; t < n_slots; ++t) {
      if (ok(static_cast<Eigen::Index>(r), t)) {
        cols[r].emplace_back(t, mp.add_column(0.0, 1.0, 0.0, true));
      }
    }
  }
  if (mp.col_lower.size() > kMipScheduleColumns) {
    return false;
  }
  const int makespan = mp.add_column(0.0, static_cast<double>(n_slots), 0.0, false);
  std::map<std::pair<Index, Index>, std::vector<std::pair<int, double>>> by_candidate;
  std::map<std::pair<Index, Index>, std::vector<std::pair<int, double>>> by_company;
  std::vector<std::pair<int, double>> placed;
  for (std::size_t r = 0; r < p; ++r) {
    const auto e = static_cast<Eigen::Index>(r);
    std::vector<std::pair<int, double>> once;
    for (const auto& [t, c] : cols[r]) {
      once.emplace_back(c, 1.0);
      placed.emplace_back(c, 1.0);
      by_candidate[{pairs(e, 0), t}].emplace_back(c, 1.0);
      by_company[{pairs(e, 1), t}].emplace_back(c, 1.0);
      mp.add_row({{c, static_cast<double>(t + 1)}, {makespan, -1.0}}, -detail::kMipInfinity, 0.0);
    }
    if (!once.empty()) {
      mp.add_row(std::move(once), -detail::kMipInfinity, 1.0);
    }
  }
  for (auto& [key, row] : by_candidate) {
    mp.add_row(std::move(row), -detail::kMipInfinity, 1.0);
  }
  for (auto& [key, row] : by_company) {
    mp.add_row(std::move(row), -detail::kMipInfinity,
               static_cast<double>(rooms[static_cast<std::size_t>(key.first)]));
  }
  if (o.travel_slots > 0 && o.site.size() > 0) {  // a candidate's interviews at different sites
    for (std::size_t a = 0; a < p; ++a) {
      for (std::size_t b = a + 1; b < p; ++b) {
        const auto ea = static_cast<Eigen::Index>(a);
        const auto eb = static_cast<Eigen::Index>(b);
        if (pairs(ea, 0) != pairs(eb, 0) || o.site[pairs(ea, 1)] == o.site[pairs(eb, 1)]) {
          continue;
        }
        for (const auto& [ta, ca] : cols[a]) {
          for (const auto& [tb, cb] : cols[b]) {
            if (ta != tb && std::abs(ta - tb) <= o.travel_slots) {
              mp.add_row({{ca, 1.0}, {cb, 1.0}}, -detail::kMipInfinity, 1.0);
            }
          }
        }
      }
    }
  }
  // Level 1: most interviews placed.
  for (const auto& [c, v] : placed) {
    mp.objective[static_cast<std::size_t>(c)] = v;
  }
  const detail::MipResult first = detail::solve_mip(mp, true, o.time_limit);
  if (first.x.empty()) {
    return false;
  }
  const double most = std::round(first.objective);
  // Level 2: the fewest slots with that many placed.
  std::fill(mp.objective.begin(), mp.objective.end(), 0.0);
  mp.objective[static_cast<std::size_t>(makespan)] = -1.0;
  mp.add_row(placed, most - 0.5, detail::kMipInfinity);
  const detail::MipResult second = detail::solve_mip(mp, true, o.time_limit);
  const std::vector<double>& x = second.x.empty() ? first.x : second.x;
  const auto unscheduled = static_cast<std::int64_t>(p) - static_cast<std::int64_t>(most);
  Index used = 0;
  for (std::size_t r = 0; r < p; ++r) {
    for (const auto& [t, c] : cols[r]) {
      if (x[static_cast<std::size_t>(c)] > 0.5) {
        used = std::max(used, t + 1);
      }
    }
  }
  if (unscheduled == 0 && !second.x.empty() && first.status == detail::MipResult::Status::optimal) {
    // What the solver proved: no timetable of every interview is shorter.
    const double proven = second.status == detail::MipResult::Status::optimal
                              ? static_cast<double>(used)
                              : std::ceil(-second.bound - 1e-6);
    s.lower_bound = std::max(s.lower_bound, static_cast<Index>(proven));
  }
  const bool better =
      unscheduled < s.unscheduled || (unscheduled == s.unscheduled && used < s.slots_used);
  if (!better) {
    return false;
  }
  std::map<std::pair<Index, Index>, Index> next_room;
  for (std::size_t r = 0; r < p; ++r) {
    const auto e = static_cast<Eigen::Index>(r);
    s.slot[e] = kNone;
    s.room[e] = kNone;
    for (const auto& [t, c] : cols[r]) {
      if (x[static_cast<std::size_t>(c)] > 0.5) {
        s.slot[e] = t;
        s.room[e] = next_room[{pairs(e, 1), t}]++;
      }
    }
  }
  return true;
}

}  // namespace

InterviewSchedule schedule_interviews(const Eigen::Ref<const PairList>& pairs, Index n, Index m,
                                      Index n_slots, const ScheduleOptions& options) {
  const Inputs in = check_inputs(pairs, n, m, n_slots, options);
  const auto p = static_cast<std::size_t>(pairs.rows());
  InterviewSchedule s;
  s.slot = IndexVector::Constant(pairs.rows(), kNone);
  s.room = IndexVector::Constant(pairs.rows(), kNone);
  // The lower bound: a candidate's interviews, a company's per room.
  std::vector<Index> degree(static_cast<std::size_t>(n), 0);
  std::vector<Index> held(static_cast<std::size_t>(m), 0);
  for (Eigen::Index r = 0; r < pairs.rows(); ++r) {
    ++degree[static_cast<std::size_t>(pairs(r, 0))];
    ++held[static_cast<std::size_t>(pairs(r, 1))];
  }
  for (Index i = 0; i < n; ++i) {
    s.lower_bound = std::max(s.lower_bound, degree[static_cast<std::size_t>(i)]);
  }
  for (Index j = 0; j < m; ++j) {
    const Index r = in.rooms[static_cast<std::size_t>(j)];
    s.lower_bound = std::max(s.lower_bound, (held[static_cast<std::size_t>(j)] + r - 1) / r);
  }
  if (!in.windows && !in.travel) {
    // Exact: deal each company's interviews to its rooms evenly, colour the
    // candidates x rooms graph with lower_bound colours, order the colours.
    std::vector<Index> first_room(static_cast<std::size_t>(m) + 1, 0);
    for (Index j = 0; j < m; ++j) {
      first_room[static_cast<std::size_t>(j) + 1] =
          first_room[static_cast<std::size_t>(j)] + in.rooms[static_cast<std::size_t>(j)];
    }
    std::vector<Index> dealt(static_cast<std::size_t>(m), 0);
    std::vector<Index> left(p);
    std::vector<Index> right(p);
    for (std::size_t r = 0; r < p; ++r) {
      const auto e = static_cast<Eigen::Index>(r);
      const auto j = static_cast<std::size_t>(pairs(e, 1));
      left[r] = pairs(e, 0);
      s.room[e] = dealt[j]++ % in.rooms[j];
      right[r] = first_room[j] + s.room[e];
    }
    const Index colours = s.lower_bound;
    const std::vector<Index> colour =
        detail::colour_bipartite_edges(left, right, n, first_room.back(), colours);
    const std::vector<Index> position = order_colours(pairs, n, colour, colours);
    for (std::size_t r = 0; r < p; ++r) {
      const Index t = position[static_cast<std::size_t>(colour[r])];
      const auto e = static_cast<Eigen::Index>(r);
      if (t < n_slots) {
        s.slot[e] = t;
      } else {
        s.room[e] = kNone;  // the day is too short for the bound
      }
    }
  } else {
    // Windows or travel: scarcest first, earliest feasible slot.
    const auto cand_ok = [&](Index i, Index t) {
      return options.candidate_available.size() == 0 || options.candidate_available(i, t);
    };
    const auto comp_ok = [&](Index j, Index t) {
      return options.company_available.size() == 0 || options.company_available(j, t);
    };
    std::vector<Index> feasible(p, 0);
    for (std::size_t r = 0; r < p; ++r) {
      const auto e = static_cast<Eigen::Index>(r);
      for (Index t = 0; t < n_slots; ++t) {
        feasible[r] += cand_ok(pairs(e, 0), t) && comp_ok(pairs(e, 1), t) ? 1 : 0;
      }
    }
    std::vector<std::size_t> order(p);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
      if (feasible[x] != feasible[y]) {
        return feasible[x] < feasible[y];
      }
      return degree[static_cast<std::size_t>(pairs(static_cast<Eigen::Index>(x), 0))] >
             degree[static_cast<std::size_t>(pairs(static_cast<Eigen::Index>(y), 0))];
    });
    // busy[j * n_slots + t]: rooms in use; mine[i]: (slot, site) taken.
    const auto ns = static_cast<std::size_t>(n_slots);
    std::vector<std::vector<Index>> rooms_used(static_cast<std::size_t>(m) * ns);
    std::vector<std::vector<std::pair<Index, Index>>> mine(static_cast<std::size_t>(n));
    const auto site_of = [&](Index j) { return options.site.size() > 0 ? options.site[j] : 0; };
    for (const std::size_t r : order) {
      const auto e = static_cast<Eigen::Index>(r);
      const Index i = pairs(e, 0);
      const Index j = pairs(e, 1);
      for (Index t = 0; t < n_slots; ++t) {
        if (!cand_ok(i, t) || !comp_ok(j, t)) {
          continue;
        }
        auto& used = rooms_used[static_cast<std::size_t>(j) * ns + static_cast<std::size_t>(t)];
        if (static_cast<Index>(used.size()) >= in.rooms[static_cast<std::size_t>(j)]) {
          continue;
        }
        const bool clash = std::any_of(
            mine[static_cast<std::size_t>(i)].begin(), mine[static_cast<std::size_t>(i)].end(),
            [&](const std::pair<Index, Index>& q) {
              const Index apart = std::abs(q.first - t);
              return apart == 0 || (q.second != site_of(j) && apart <= options.travel_slots);
            });
        if (clash) {
          continue;
        }
        Index room = 0;
        while (std::find(used.begin(), used.end(), room) != used.end()) {
          ++room;
        }
        used.push_back(room);
        mine[static_cast<std::size_t>(i)].emplace_back(t, site_of(j));
        s.slot[e] = t;
        s.room[e] = room;
        break;
      }
    }
  }
  const auto count = [&s, &pairs]() {
    s.slots_used = 0;
    s.unscheduled = 0;
    for (Eigen::Index r = 0; r < pairs.rows(); ++r) {
      s.slots_used = std::max(s.slots_used, s.slot[r] + 1);
      s.unscheduled += s.slot[r] < 0 ? 1 : 0;
    }
  };
  count();
  if ((in.windows || in.travel) && (s.unscheduled > 0 || s.slots_used > s.lower_bound) &&
      schedule_by_mip(pairs, n_slots, options, in.rooms, s)) {
    count();
  }
  s.idle_gaps = idle_gaps(pairs, n, s.slot);
  s.exact = s.unscheduled == 0 && s.slots_used == s.lower_bound;
  return s;
}

CheckReport check_schedule(const Eigen::Ref<const PairList>& pairs, Index n, Index m, Index n_slots,
                           const ScheduleOptions& options, const InterviewSchedule& schedule) {
  const Inputs in = check_inputs(pairs, n, m, n_slots, options);
  CheckReport report;
  const auto fail = [&report](std::string text) {
    report.ok = false;
    report.violations.push_back(std::move(text));
  };
  if (schedule.slot.size() != pairs.rows() || schedule.room.size() != pairs.rows()) {
    fail("slot and room must have one entry per interview");
    return report;
  }
  std::vector<std::vector<std::pair<Index, Index>>> mine(static_cast<std::size_t>(n));
  std::vector<std::vector<std::pair<Index, Index>>> taken(static_cast<std::size_t>(m));
  const auto site_of = [&](Index j) { return options.site.size() > 0 ? options.site[j] : 0; };
  Index last = 0;
  std::int64_t unscheduled = 0;
  for (Eigen::Index r = 0; r < pairs.rows(); ++r) {
    const Index i = pairs(r, 0);
    const Index j = pairs(r, 1);
    const Index t = schedule.slot[r];
    const Index room = schedule.room[r];
    const std::string where = detail::at("interview", r);
    if (t < 0) {
      ++unscheduled;
      continue;
    }
    if (t >= n_slots || room < 0 || room >= in.rooms[static_cast<std::size_t>(j)]) {
      fail(where + ": slot " + std::to_string(t) + " or room " + std::to_string(room) +
           " out of range");
      continue;
    }
    last = std::max(last, t + 1);
    if (options.candidate_available.size() > 0 && !options.candidate_available(i, t)) {
      fail(where + ": candidate " + std::to_string(i) + " is not available in slot " +
           std::to_string(t));
    }
    if (options.company_available.size() > 0 && !options.company_available(j, t)) {
      fail(where + ": company " + std::to_string(j) + " does not interview in slot " +
           std::to_string(t));
    }
    for (const auto& [u, s] : mine[static_cast<std::size_t>(i)]) {
      const Index apart = std::abs(u - t);
      if (apart == 0) {
        fail(where + ": candidate " + std::to_string(i) + " has two interviews in slot " +
             std::to_string(t));
      } else if (s != site_of(j) && apart <= options.travel_slots) {
        fail(where + ": candidate " + std::to_string(i) + " cannot travel between sites in " +
             std::to_string(apart - 1) + " free slot(s)");
      }
    }
    mine[static_cast<std::size_t>(i)].emplace_back(t, site_of(j));
    for (const auto& [u, q] : taken[static_cast<std::size_t>(j)]) {
      if (u == t && q == room) {
        fail(where + ": room " + std::to_string(room) + " of company " + std::to_string(j) +
             " is double-booked in slot " + std::to_string(t));
      }
    }
    taken[static_cast<std::size_t>(j)].emplace_back(t, room);
  }
  if (schedule.slots_used != last || schedule.unscheduled != unscheduled ||
      schedule.idle_gaps != idle_gaps(pairs, n, schedule.slot)) {
    fail("slots_used, unscheduled or idle_gaps does not match the slots");
  }
  std::vector<Index> degree(static_cast<std::size_t>(n), 0);
  std::vector<Index> held(static_cast<std::size_t>(m), 0);
  Index bound = 0;
  for (Eigen::Index r = 0; r < pairs.rows(); ++r) {
    bound = std::max(bound, ++degree[static_cast<std::size_t>(pairs(r, 0))]);
    const auto j = static_cast<std::size_t>(pairs(r, 1));
    bound = std::max(bound, (++held[j] + in.rooms[j] - 1) / in.rooms[j]);
  }
  if (schedule.lower_bound < bound) {
    fail("lower_bound is " + std::to_string(schedule.lower_bound) +
         ", below what the interviews "
         "give (" +
         std::to_string(bound) + ")");
  }
  if (schedule.exact && (unscheduled > 0 || last != schedule.lower_bound)) {
    fail("exact is claimed but the slots used exceed the lower bound");
  }
  return report;
}

}  // namespace kobling
