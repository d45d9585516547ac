#include "engine/round_arcs.hpp"

#include <string>

#include "engine/make_assignment.hpp"
#include "kobling/errors.hpp"

namespace kobling::detail {

namespace {

std::int64_t arc_to(const ArcLists& a, Index i, Index j) {
  const auto iu = static_cast<std::size_t>(i);
  for (std::int64_t e = a.start[iu]; e < a.start[iu + 1]; ++e) {
    if (a.arc[static_cast<std::size_t>(e)].head == j) {
      return e;
    }
  }
  return -1;
}

}  // namespace

RoundVectors check_round_vectors(Index n, Index m, const ScratchVector<Index>& capacity,
                                 const IndexVector& fixed, const MaskVector& withdrawn,
                                 const IndexVector& previous, bool no_worse,
                                 const std::function<void(Index, Index, const std::string&)>& pin) {
  RoundVectors v;
  const auto nu = static_cast<std::size_t>(n);
  v.withdrawn.assign(nu, 0);
  v.previous.assign(nu, kNone);
  if (withdrawn.size() > 0) {
    if (withdrawn.size() != n) {
      throw InvalidArgument("kobling.array.shape", "withdrawn",
                            "length " + std::to_string(withdrawn.size()) +
                                " does not match n = " + std::to_string(n));
    }
    for (Index i = 0; i < n; ++i) {
      v.withdrawn[static_cast<std::size_t>(i)] = withdrawn[i] ? 1 : 0;
    }
  }
  if (previous.size() > 0) {
    check_company_vector(previous, n, m, "previous");
    std::copy(previous.data(), previous.data() + n, v.previous.begin());
  }
  if (no_worse && previous.size() == 0) {
    throw InvalidArgument("kobling.array.bad_option", "no_worse",
                          "needs previous: the last round's company per candidate");
  }
  if (fixed.size() > 0) {
    check_company_vector(fixed, n, m, "fixed");
    std::vector<Index> pins(static_cast<std::size_t>(m), 0);
    for (Index i = 0; i < n; ++i) {
      const Index j = fixed[i];
      if (j == kNone) {
        continue;
      }
      const std::string place = "fixed[" + std::to_string(i) + "]";
      if (v.withdrawn[static_cast<std::size_t>(i)] != 0) {
        throw InvalidArgument("kobling.array.pinned_withdrawn", place,
                              "candidate " + std::to_string(i) +
                                  " is both pinned and withdrawn; a withdrawn candidate keeps no "
                                  "seat");
      }
      pin(i, j, place);
      if (++pins[static_cast<std::size_t>(j)] > capacity[static_cast<std::size_t>(j)]) {
        throw InvalidArgument("kobling.array.pinned_over_capacity", place,
                              "company " + std::to_string(j) + " has " +
                                  std::to_string(capacity[static_cast<std::size_t>(j)]) +
                                  " seat(s) and more pinned candidates");
      }
    }
  }
  return v;
}

RoundArcs round_arcs(const ArcLists& a, const RoundOptions& o, bool by_score) {
  RoundArcs r;
  r.pinned.assign(static_cast<std::size_t>(a.n), -1);
  ScratchVector<Index> capacity = a.capacity;
  RoundVectors v = check_round_vectors(
      a.n, a.m, a.capacity, o.fixed, o.withdrawn, o.previous, o.no_worse,
      [&](Index i, Index j, const std::string& place) {
        const std::int64_t e = arc_to(a, i, j);
        if (e < 0) {
          throw InvalidArgument("kobling.array.pinned_not_acceptable", place,
                                "company " + std::to_string(j) +
                                    " is not a listed, acceptable pair of the candidate; a "
                                    "pinned pair must be one");
        }
        --capacity[static_cast<std::size_t>(j)];
        r.pinned[static_cast<std::size_t>(i)] = e;
      });
  r.withdrawn = std::move(v.withdrawn);
  r.previous = std::move(v.previous);
  const auto nu = static_cast<std::size_t>(a.n);
  // The residual arcs.
  ArcLists& res = r.residual;
  res.n = a.n;
  res.m = a.m;
  res.k = a.k;
  res.longest = a.longest;
  res.capacity = capacity;
  res.start.assign(nu + 1, 0);
  res.arc.reserve(a.arc.size());
  for (Index i = 0; i < a.n; ++i) {
    const auto iu = static_cast<std::size_t>(i);
    if (r.pinned[iu] < 0 && r.withdrawn[iu] == 0) {
      const Index before = r.previous[iu];
      Index worst_rank = -1;  // no_worse: no arc below the previous wish
      double worst_score = 0.0;
      if (o.no_worse && before != kNone) {
        const std::int64_t e = arc_to(a, i, before);
        if (e < 0) {
          throw InvalidArgument("kobling.array.previous_not_acceptable",
                                "previous[" + std::to_string(i) + "]",
                                "company " + std::to_string(before) +
                                    " is no longer a listed, acceptable pair of the candidate, "
                                    "so no_worse cannot keep it");
        }
        worst_rank = a.arc[static_cast<std::size_t>(e)].rank;
        worst_score = a.arc[static_cast<std::size_t>(e)].score;
        ++r.incumbents;
      }
      for (std::int64_t e = a.start[iu]; e < a.start[iu + 1]; ++e) {
        const RawArc& arc = a.arc[static_cast<std::size_t>(e)];
        if (worst_rank >= 0 && (by_score ? arc.score < worst_score : arc.rank > worst_rank)) {
          continue;
        }
        res.arc.push_back(arc);
        r.origin.push_back(e);
        r.kept.push_back(worst_rank >= 0 ? 1 : 0);
        r.stay.push_back(arc.head == before ? 1 : 0);
      }
    }
    res.start[iu + 1] = static_cast<std::int64_t>(res.arc.size());
  }
  return r;
}

RoundChanges changes_against(const std::vector<Index>& previous, const std::vector<char>& withdrawn,
                             const IndexVector& company) {
  RoundChanges c;
  for (Index i = 0; i < company.size(); ++i) {
    const auto iu = static_cast<std::size_t>(i);
    if (withdrawn[iu] != 0) {
      continue;
    }
    const Index before = previous[iu];
    const Index now = company[i];
    if (before != kNone && now == kNone) {
      c.lost_seat.push_back(i);
    } else if (before == kNone && now != kNone) {
      c.newly_placed.push_back(i);
    } else if (before != now) {
      c.moved.push_back(i);
    }
  }
  return c;
}

void finish_round(const ArcLists& a, const RoundArcs& r, const RoundOptions& options,
                  Assignment& out, double pinned_objective) {
  Index kept = 0;
  for (Index i = 0; i < a.n; ++i) {
    const auto iu = static_cast<std::size_t>(i);
    const std::int64_t e = r.pinned[iu];
    if (e >= 0) {
      place(out, i, a.arc[static_cast<std::size_t>(e)]);
    } else if (options.no_worse && r.previous[iu] != kNone && r.withdrawn[iu] == 0 &&
               out.company[i] != kNone) {
      ++kept;
    }
  }
  out.objective += pinned_objective;
  if (kept < r.incumbents) {
    throw InvalidArgument("kobling.array.previous_over_capacity", "previous",
                          std::to_string(r.incumbents - kept) + " of " +
                              std::to_string(r.incumbents) +
                              " candidate(s) placed before cannot all keep a wish at least as "
                              "good in the seats the pins leave; no_worse cannot keep them");
  }
  if (options.previous.size() > 0) {
    out.changes = changes_against(r.previous, r.withdrawn, out.company);
  }
}

}  // namespace kobling::detail
