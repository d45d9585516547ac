#include "kobling/stable.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "engine/make_assignment.hpp"
#include "engine/round_arcs.hpp"
#include "engine/wish_lists.hpp"
#include "kobling/errors.hpp"
#include "solvers/bounded.hpp"
#include "solvers/improvement_cycles.hpp"
#include "solvers/max_stable.hpp"
#include "solvers/stable_quotas.hpp"
#include "solvers/ties.hpp"

namespace kobling {

namespace {

using detail::ScratchVector;
using detail::WishLists;

// A candidate held by a company: with a lottery, its key at that company
// rides along, so that the heap compares without recomputing it.
template <bool Keyed>
struct Held {
  double score;
  Index candidate;
  [[nodiscard]] std::uint64_t key() const noexcept { return static_cast<std::uint64_t>(candidate); }
};
template <>
struct Held<true> {
  double score;
  Index candidate;
  std::uint64_t lottery;
  [[nodiscard]] std::uint64_t key() const noexcept { return lottery; }
};

// a before b in the company's order: higher score, then lower key, then lower index.
template <class H>
[[nodiscard]] bool before(const H& a, const H& b) noexcept {
  if (a.score != b.score) {
    return a.score > b.score;
  }
  return a.key() < b.key() || (a.key() == b.key() && a.candidate < b.candidate);
}

template <bool Keyed>
[[nodiscard]] Held<Keyed> held(double score, Index i, Index j, const TieOrder& order) noexcept {
  if constexpr (Keyed) {
    return {score, i, order.key(i, j)};
  } else {
    (void)j;
    (void)order;
    return {score, i};
  }
}

// Heap order with the company's least preferred held candidate on top.
struct WorstOnTop {
  template <class H>
  bool operator()(const H& a, const H& b) const noexcept {
    return before(a, b);
  }
};

// Number of acceptable applicants per company: the heap of company j never
// holds more than min(capacity, applicants), which bounds memory by n*k even
// when a capacity is huge.
ScratchVector<std::int64_t> heap_offsets(const WishLists& w) {
  ScratchVector<std::int64_t> applicants(static_cast<std::size_t>(w.m) + 1, 0);
  for (const Index j : w.company) {
    if (j != kNone) {
      ++applicants[static_cast<std::size_t>(j) + 1];
    }
  }
  for (Index j = 0; j < w.m; ++j) {
    const auto ju = static_cast<std::size_t>(j);
    applicants[ju + 1] =
        applicants[ju] + std::min<std::int64_t>(applicants[ju + 1], w.capacity[ju]);
  }
  return applicants;
}

// Deferred acceptance with candidates proposing; returns the cutoffs of
// detail::cutoffs(), which the heaps hold at the end (the worst held
// candidate of a full company is on top).
template <bool Keyed>
ScratchVector<double> candidates_propose(const WishLists& w, const TieOrder& order,
                                         ScratchVector<Index>& rank_of) {
  using H = Held<Keyed>;
  const ScratchVector<std::int64_t> offset = heap_offsets(w);
  ScratchVector<H> heap(static_cast<std::size_t>(offset.back()));
  ScratchVector<std::int64_t> size(static_cast<std::size_t>(w.m), 0);
  ScratchVector<Index> next(static_cast<std::size_t>(w.n), 0);
  // The bar a proposal to j must clear, in one compact array so that a
  // rejection (most proposals to a popular company) costs one load: the worst
  // held candidate when j is full, else -inf (anyone acceptable gets in), and
  // +inf for a company without seats (nobody does). Scores are finite.
  constexpr double kInf = std::numeric_limits<double>::infinity();
  ScratchVector<H> bar(static_cast<std::size_t>(w.m));
  for (std::size_t j = 0; j < bar.size(); ++j) {
    bar[j] = held<Keyed>(offset[j + 1] > offset[j] ? -kInf : kInf, kNone, kNone, order);
  }

  for (Index start = 0; start < w.n; ++start) {
    Index i = start;  // the candidate currently proposing
    while (i != kNone) {
      Index& r = next[static_cast<std::size_t>(i)];
      Index displaced = kNone;
      bool done = false;
      while (r < w.k && !done) {
        const std::size_t e = w.entry(i, r);
        const Index j = w.company[e];
        ++r;
        if (j == kNone) {
          continue;
        }
        const auto ju = static_cast<std::size_t>(j);
        if (w.score[e] < bar[ju].score) {
          continue;  // rejected without a tie to break
        }
        const H me = held<Keyed>(w.score[e], i, j, order);
        if (!before(me, bar[ju])) {
          continue;  // rejected
        }
        const std::int64_t cap = offset[ju + 1] - offset[ju];
        H* h = heap.data() + offset[ju];
        std::int64_t& s = size[ju];
        if (s < cap) {
          h[s++] = me;
          std::push_heap(h, h + s, WorstOnTop{});
        } else {
          std::pop_heap(h, h + s, WorstOnTop{});
          displaced = h[s - 1].candidate;
          h[s - 1] = me;
          std::push_heap(h, h + s, WorstOnTop{});
          rank_of[static_cast<std::size_t>(displaced)] = kNone;
        }
        if (s == cap) {
          bar[ju] = h[0];
        }
        rank_of[static_cast<std::size_t>(i)] = r - 1;
        done = true;
      }
      i = displaced;  // the displaced candidate continues down its list
    }
  }
  ScratchVector<double> cut(static_cast<std::size_t>(w.m) + 1,
                            std::numeric_limits<double>::quiet_NaN());
  for (std::size_t j = 0; j < bar.size(); ++j) {
    if (size[j] > 0 && size[j] == w.capacity[j]) {
      cut[j + 1] = heap[static_cast<std::size_t>(offset[j])].score;
    }
  }
  return cut;
}

void companies_propose(const WishLists& w, const TieOrder& order, ScratchVector<Index>& rank_of) {
  // Applicants of each company (CSR by company), best first by company preference.
  ScratchVector<std::int64_t> start(static_cast<std::size_t>(w.m) + 1, 0);
  for (const Index j : w.company) {
    if (j != kNone) {
      ++start[static_cast<std::size_t>(j) + 1];
    }
  }
  std::partial_sum(start.begin(), start.end(), start.begin());
  struct Applicant {
    double score;
    Index candidate;
    Index rank;
    std::uint64_t lottery;
    [[nodiscard]] std::uint64_t key() const noexcept { return lottery; }
  };
  ScratchVector<Applicant> app(static_cast<std::size_t>(start.back()));
  {
    ScratchVector<std::int64_t> fill(start.begin(), start.end() - 1);
    for (Index i = 0; i < w.n; ++i) {
      for (Index r = 0; r < w.k; ++r) {
        const std::size_t e = w.entry(i, r);
        const Index j = w.company[e];
        if (j != kNone) {
          app[static_cast<std::size_t>(fill[static_cast<std::size_t>(j)]++)] = {w.score[e], i, r,
                                                                                order.key(i, j)};
        }
      }
    }
  }
  for (Index j = 0; j < w.m; ++j) {
    const auto ju = static_cast<std::size_t>(j);
    std::sort(app.begin() + start[ju], app.begin() + start[ju + 1],
              [](const Applicant& a, const Applicant& b) { return before(a, b); });
  }
  ScratchVector<std::int64_t> next(start.begin(), start.end() - 1);
  ScratchVector<Index> held(static_cast<std::size_t>(w.m), 0);
  ScratchVector<Index> holder(static_cast<std::size_t>(w.n), kNone);  // company held by i
  ScratchVector<Index> queue(static_cast<std::size_t>(w.m));
  std::iota(queue.begin(), queue.end(), Index{0});
  ScratchVector<char> queued(static_cast<std::size_t>(w.m), 1);
  while (!queue.empty()) {
    const Index j = queue.back();
    queue.pop_back();
    const auto ju = static_cast<std::size_t>(j);
    queued[ju] = 0;
    while (held[ju] < w.capacity[ju] && next[ju] < start[ju + 1]) {
      const Applicant& a = app[static_cast<std::size_t>(next[ju]++)];
      const auto iu = static_cast<std::size_t>(a.candidate);
      if (rank_of[iu] != kNone && rank_of[iu] < a.rank) {
        continue;  // the candidate holds an offer it prefers
      }
      if (holder[iu] != kNone) {
        const auto lu = static_cast<std::size_t>(holder[iu]);
        --held[lu];
        if (queued[lu] == 0) {
          queued[lu] = 1;
          queue.push_back(holder[iu]);
        }
      }
      holder[iu] = j;
      rank_of[iu] = a.rank;
      ++held[ju];
    }
  }
}

}  // namespace

std::string_view to_string(Proposer proposer) noexcept {
  return proposer == Proposer::companies ? "companies" : "candidates";
}

Proposer parse_proposer(std::string_view name) {
  if (name == "candidates") {
    return Proposer::candidates;
  }
  if (name == "companies") {
    return Proposer::companies;
  }
  throw InvalidArgument("kobling.array.bad_option", "proposer",
                        "must be 'candidates' or 'companies', got '" + std::string(name) + "'");
}

namespace {

// The round inputs, checked: per candidate its pinned list entry (kNone when
// not pinned), withdrawn flag and previous company.
struct Round {
  bool given = false;
  std::vector<Index> pinned_rank;
  std::vector<char> withdrawn;
  std::vector<Index> previous;
};

Round check_round(const WishLists& w, const StableOptions& o) {
  Round round;
  round.pinned_rank.assign(static_cast<std::size_t>(w.n), kNone);
  round.given = o.fixed.size() > 0 || o.withdrawn.size() > 0 || o.previous.size() > 0;
  detail::RoundVectors v = detail::check_round_vectors(
      w.n, w.m, w.capacity, o.fixed, o.withdrawn, o.previous, o.no_worse,
      [&](Index i, Index j, const std::string& place) {
        const Index r = w.rank_of(i, j);
        if (r == kNone || w.company[w.entry(i, r)] == kNone) {
          throw InvalidArgument("kobling.array.pinned_not_acceptable", place,
                                "company " + std::to_string(j) +
                                    (r == kNone ? " is not on the candidate's list"
                                                : " does not accept the candidate (score -inf)") +
                                    "; a pinned pair must be a listed, acceptable pair");
        }
        round.pinned_rank[static_cast<std::size_t>(i)] = r;
      });
  round.withdrawn = std::move(v.withdrawn);
  round.previous = std::move(v.previous);
  return round;
}

// The residual market of a round: pinned and withdrawn candidates propose
// nowhere, pins take their seats, and with no_worse an incumbent outranks
// everyone at its previous company (the largest finite score).
WishLists residual_market(const WishLists& w, const Round& round, bool no_worse) {
  WishLists r = w;
  std::vector<Index> keep(static_cast<std::size_t>(w.m), 0);  // incumbents per company
  for (Index i = 0; i < w.n; ++i) {
    const auto iu = static_cast<std::size_t>(i);
    const Index pinned = round.pinned_rank[iu];
    if (pinned != kNone || round.withdrawn[iu] != 0) {
      if (pinned != kNone) {
        --r.capacity[static_cast<std::size_t>(w.company[w.entry(i, pinned)])];
      }
      for (Index q = 0; q < w.k; ++q) {
        r.company[w.entry(i, q)] = kNone;
      }
      continue;
    }
    const Index j = round.previous[iu];
    if (!no_worse || j == kNone) {
      continue;
    }
    const Index q = w.rank_of(i, j);
    const std::string place = "previous[" + std::to_string(i) + "]";
    if (q == kNone || w.company[w.entry(i, q)] == kNone) {
      throw InvalidArgument("kobling.array.previous_not_acceptable", place,
                            "company " + std::to_string(j) +
                                " is no longer a listed, acceptable pair of the candidate, so "
                                "no_worse cannot keep it");
    }
    r.score[w.entry(i, q)] = std::numeric_limits<double>::max();
    ++keep[static_cast<std::size_t>(j)];
  }
  for (Index j = 0; j < w.m; ++j) {
    const auto ju = static_cast<std::size_t>(j);
    if (keep[ju] > r.capacity[ju]) {
      throw InvalidArgument("kobling.array.previous_over_capacity", "previous",
                            "company " + std::to_string(j) + " held " + std::to_string(keep[ju]) +
                                " candidate(s) who stay, but has " +
                                std::to_string(r.capacity[ju]) +
                                " seat(s) besides the pinned ones; no_worse cannot keep them");
    }
  }
  return r;
}

}  // namespace

Assignment stable_assignment(const Eigen::Ref<const PreferenceMatrix>& preferences,
                             const ScoreView& company_scores,
                             const Eigen::Ref<const CapacityVector>& capacities,
                             const StableOptions& options) {
  if (!options.bounds.empty()) {
    if (options.max_placed || options.improve || options.proposer == Proposer::companies ||
        options.fixed.size() > 0 || options.withdrawn.size() > 0 || options.previous.size() > 0) {
      throw InvalidArgument("kobling.bounds.unsupported", "bounds",
                            "stable with quotas runs candidate-proposing deferred acceptance "
                            "alone: not with rounds, improve, max_placed or companies proposing");
    }
    const WishLists w = detail::make_wish_lists(
        preferences, capacities, detail::ScoreSpec{&company_scores, "company_scores"});
    BoundOptions checked;
    checked.bounds = options.bounds;
    detail::check_bound_options(checked, w.n, w.m);
    return detail::stable_with_quotas(w, options.bounds, {options.tie_break, options.seed});
  }
  if (options.max_placed) {
    Assignment a = detail::max_weakly_stable(preferences, company_scores, capacities, options);
    StableOptions plain = options;  // what the tie rule alone places
    plain.max_placed = false;
    a.baseline_placed = stable_assignment(preferences, company_scores, capacities, plain).placed;
    a.tie_break = options.tie_break;
    a.seed = options.seed;
    return a;
  }
  const WishLists full = detail::make_wish_lists(
      preferences, capacities, detail::ScoreSpec{&company_scores, "company_scores"});
  const Round round = check_round(full, options);
  // Without round inputs the market is solved as given (no copy).
  const WishLists residual =
      round.given ? residual_market(full, round, options.no_worse) : WishLists{};
  const WishLists& w = round.given ? residual : full;
  const TieOrder order{options.tie_break, options.seed};
  ScratchVector<Index> rank_of(static_cast<std::size_t>(w.n), kNone);
  ScratchVector<double> cut;
  if (options.proposer == Proposer::companies) {
    companies_propose(w, order, rank_of);
  } else if (options.tie_break == TieBreak::index) {
    cut = candidates_propose<false>(w, order, rank_of);
  } else {
    cut = candidates_propose<true>(w, order, rank_of);
  }
  if (options.improve) {
    detail::improve_stable(w, rank_of);
  }
  if (cut.empty() || options.improve) {
    cut = detail::cutoffs(w, rank_of);
  }
  std::vector<DecidedTie> ties = detail::decided_ties(w, rank_of, order, cut);
  if (round.given) {  // the pins take their places
    for (std::size_t i = 0; i < rank_of.size(); ++i) {
      if (round.pinned_rank[i] != kNone) {
        rank_of[i] = round.pinned_rank[i];
      }
    }
  }
  Assignment a = detail::assignment_from_ranks(full, rank_of);
  a.objective = detail::sum_of_scores(full, rank_of);
  a.tie_break = options.tie_break;
  a.seed = options.seed;
  a.ties = std::move(ties);
  if (options.previous.size() > 0) {
    a.changes = detail::changes_against(round.previous, round.withdrawn, a.company);
  }
  return a;
}

}  // namespace kobling
