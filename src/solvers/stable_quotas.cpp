#include "solvers/stable_quotas.hpp"

#include <algorithm>
#include <deque>
#include <string>

#include "engine/make_assignment.hpp"
#include "kobling/errors.hpp"
#include "solvers/bounded.hpp"

namespace kobling::detail {

namespace {

struct Quota {
  std::size_t bound;           // index in the caller's list
  std::vector<Index> members;  // sorted; empty: every candidate
  Index lower = 0;             // reserve
  Index upper = kNone;         // maximum
  [[nodiscard]] bool has(Index i) const {
    return members.empty() || std::binary_search(members.begin(), members.end(), i);
  }
};

[[noreturn]] void refuse(const std::vector<Bound>& bounds, std::size_t b, const std::string& why) {
  const std::string& name = bounds[b].name;
  throw InvalidArgument("kobling.bounds.unsupported", "bounds[" + std::to_string(b) + "]",
                        (name.empty() ? "" : "\"" + name + "\": ") +
                            "stable takes maximum quotas and reserves for groups at one company "
                            "(nested groups, disjoint reserves); " +
                            why + " (the exact policies take any bound)");
}

bool crosses(const Quota& a, const Quota& b) {
  if (a.members.empty() || b.members.empty()) {
    return false;  // everyone holds every group
  }
  std::vector<Index> common;
  std::set_intersection(a.members.begin(), a.members.end(), b.members.begin(), b.members.end(),
                        std::back_inserter(common));
  return !common.empty() && common.size() != a.members.size() && common.size() != b.members.size();
}

// Per company, its quotas; refuses what stability cannot honour.
std::vector<std::vector<Quota>> quotas_of(const std::vector<Bound>& bounds, Index m) {
  std::vector<std::vector<Quota>> out(static_cast<std::size_t>(m));
  for (std::size_t b = 0; b < bounds.size(); ++b) {
    const Bound& bound = bounds[b];
    if (!bound.hard()) {
      refuse(bounds, b, "a soft bound is not one of them");
    }
    if (bound.all_or_nothing) {
      refuse(bounds, b, "\"0 or between\" is not one of them");
    }
    if (bound.companies.size() != 1) {
      refuse(bounds, b,
             "this bound counts " +
                 std::string(bound.companies.empty() ? "every company" : "several companies"));
    }
    Quota q{b, bound.candidates, bound.lower, bound.upper};
    std::sort(q.members.begin(), q.members.end());
    q.members.erase(std::unique(q.members.begin(), q.members.end()), q.members.end());
    if (q.lower > 0 && q.members.empty()) {
      refuse(bounds, b, "a minimum for every candidate is a class size, not a reserve");
    }
    auto& here = out[static_cast<std::size_t>(bound.companies.front())];
    for (const Quota& other : here) {
      if (crosses(q, other)) {
        refuse(bounds, b,
               "its group crosses the group of bounds[" + std::to_string(other.bound) +
                   "] at the same company");
      }
      if (q.lower > 0 && other.lower > 0 && !crosses(q, other)) {
        std::vector<Index> common;
        std::set_intersection(q.members.begin(), q.members.end(), other.members.begin(),
                              other.members.end(), std::back_inserter(common));
        if (!common.empty()) {
          refuse(bounds, b,
                 "its reserve overlaps the reserve of bounds[" + std::to_string(other.bound) +
                     "] at the same company");
        }
      }
    }
    here.push_back(std::move(q));
  }
  return out;
}

struct Applicant {
  double score;
  std::uint64_t key;
  Index candidate;
};

}  // namespace

Assignment stable_with_quotas(const WishLists& w, const std::vector<Bound>& bounds,
                              const TieOrder& order) {
  const std::vector<std::vector<Quota>> quotas = quotas_of(bounds, w.m);
  std::vector<std::vector<Applicant>> holders(static_cast<std::size_t>(w.m));
  ScratchVector<Index> rank_of(static_cast<std::size_t>(w.n), kNone);
  std::vector<Index> next(static_cast<std::size_t>(w.n), 0);
  std::vector<Index> count;
  std::vector<char> chosen;
  // Company j's choice from `pool` (its holders and a new applicant): the
  // reserves first, then the open seats, each in the company's order.
  const auto choose = [&](Index j, std::vector<Applicant>& pool) {
    const auto& qs = quotas[static_cast<std::size_t>(j)];
    std::sort(pool.begin(), pool.end(), [](const Applicant& a, const Applicant& b) {
      return a.score != b.score ? a.score > b.score
                                : (a.key != b.key ? a.key < b.key : a.candidate < b.candidate);
    });
    count.assign(qs.size(), 0);
    chosen.assign(pool.size(), 0);
    Index seats = w.capacity[static_cast<std::size_t>(j)];
    const auto fits = [&](Index i) {
      if (seats <= 0) {
        return false;
      }
      for (std::size_t q = 0; q < qs.size(); ++q) {
        if (qs[q].upper != kNone && count[q] >= qs[q].upper && qs[q].has(i)) {
          return false;
        }
      }
      return true;
    };
    const auto take = [&](std::size_t p) {
      chosen[p] = 1;
      --seats;
      for (std::size_t q = 0; q < qs.size(); ++q) {
        count[q] += qs[q].has(pool[p].candidate) ? 1 : 0;
      }
    };
    for (std::size_t q = 0; q < qs.size(); ++q) {
      for (std::size_t p = 0; p < pool.size() && count[q] < qs[q].lower; ++p) {
        if (chosen[p] == 0 && qs[q].has(pool[p].candidate) && fits(pool[p].candidate)) {
          take(p);
        }
      }
    }
    for (std::size_t p = 0; p < pool.size(); ++p) {
      if (chosen[p] == 0 && fits(pool[p].candidate)) {
        take(p);
      }
    }
  };
  std::deque<Index> free;
  for (Index i = 0; i < w.n; ++i) {
    free.push_back(i);
  }
  std::vector<Applicant> pool;
  while (!free.empty()) {
    const Index i = free.front();
    free.pop_front();
    Index& r = next[static_cast<std::size_t>(i)];
    while (r < w.k && w.company[w.entry(i, r)] == kNone) {
      ++r;
    }
    if (r >= w.k) {
      continue;  // no company left: unplaced
    }
    const std::size_t e = w.entry(i, r);
    const Index j = w.company[e];
    const Index rank = r++;
    pool = holders[static_cast<std::size_t>(j)];
    pool.push_back(Applicant{w.score[e], order.key(i, j), i});
    choose(j, pool);
    auto& held = holders[static_cast<std::size_t>(j)];
    held.clear();
    for (std::size_t p = 0; p < pool.size(); ++p) {
      const Index x = pool[p].candidate;
      if (chosen[p] != 0) {
        held.push_back(pool[p]);
        if (x == i) {
          rank_of[static_cast<std::size_t>(i)] = rank;
        }
      } else {
        rank_of[static_cast<std::size_t>(x)] = kNone;
        free.push_back(x);
      }
    }
  }
  Assignment a = assignment_from_ranks(w, rank_of);
  a.objective = sum_of_scores(w, rank_of);
  a.tie_break = order.rule;
  a.seed = order.seed;
  a.bounds_method = "deferred_acceptance";
  for (std::size_t b = 0; b < bounds.size(); ++b) {
    const Bound& bound = bounds[b];
    BoundOutcome o;
    o.name = bound.name.empty() ? "bound " + std::to_string(b) : bound.name;
    const Index j = bound.companies.front();
    for (const Applicant& h : holders[static_cast<std::size_t>(j)]) {
      const bool in = bound.candidates.empty() ||
                      std::find(bound.candidates.begin(), bound.candidates.end(), h.candidate) !=
                          bound.candidates.end();
      o.count += in ? 1 : 0;
    }
    o.shortfall = std::max<Index>(0, bound.lower - o.count);  // an unmet reserve
    a.bounds.push_back(std::move(o));
  }
  return a;
}

}  // namespace kobling::detail
