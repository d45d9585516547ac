#include "kobling/stable.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "engine/make_assignment.hpp"
#include "engine/wish_lists.hpp"
#include "kobling/errors.hpp"

namespace kobling {

namespace {

using detail::company_prefers;
using detail::ScratchVector;
using detail::WishLists;

struct Held {
  double score;
  Index candidate;
};

// Heap order with the company's least preferred held candidate on top.
struct WorstOnTop {
  bool operator()(const Held& a, const Held& b) const noexcept {
    return company_prefers(a.score, a.candidate, b.score, b.candidate);
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

void candidates_propose(const WishLists& w, ScratchVector<Index>& rank_of) {
  const ScratchVector<std::int64_t> offset = heap_offsets(w);
  ScratchVector<Held> heap(static_cast<std::size_t>(offset.back()));
  ScratchVector<std::int64_t> size(static_cast<std::size_t>(w.m), 0);
  ScratchVector<Index> next(static_cast<std::size_t>(w.n), 0);
  // The bar a proposal to j must clear, in one compact array so that a
  // rejection (most proposals to a popular company) costs one load: the worst
  // held candidate when j is full, else -inf (anyone acceptable gets in), and
  // +inf for a company without seats (nobody does). Scores are finite.
  constexpr double kInf = std::numeric_limits<double>::infinity();
  ScratchVector<Held> bar(static_cast<std::size_t>(w.m));
  for (std::size_t j = 0; j < bar.size(); ++j) {
    bar[j] = offset[j + 1] > offset[j] ? Held{-kInf, kNone} : Held{kInf, kNone};
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
        const Held me{w.score[e], i};
        if (!company_prefers(me.score, me.candidate, bar[ju].score, bar[ju].candidate)) {
          continue;  // rejected
        }
        const std::int64_t cap = offset[ju + 1] - offset[ju];
        Held* h = heap.data() + offset[ju];
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
}

void companies_propose(const WishLists& w, ScratchVector<Index>& rank_of) {
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
  };
  ScratchVector<Applicant> app(static_cast<std::size_t>(start.back()));
  {
    ScratchVector<std::int64_t> fill(start.begin(), start.end() - 1);
    for (Index i = 0; i < w.n; ++i) {
      for (Index r = 0; r < w.k; ++r) {
        const std::size_t e = w.entry(i, r);
        const Index j = w.company[e];
        if (j != kNone) {
          app[static_cast<std::size_t>(fill[static_cast<std::size_t>(j)]++)] = {w.score[e], i, r};
        }
      }
    }
  }
  for (Index j = 0; j < w.m; ++j) {
    const auto ju = static_cast<std::size_t>(j);
    std::sort(app.begin() + start[ju], app.begin() + start[ju + 1],
              [](const Applicant& a, const Applicant& b) {
                return company_prefers(a.score, a.candidate, b.score, b.candidate);
              });
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

Assignment stable_assignment(const Eigen::Ref<const PreferenceMatrix>& preferences,
                             const ScoreView& company_scores,
                             const Eigen::Ref<const CapacityVector>& capacities,
                             const StableOptions& options) {
  const WishLists w = detail::make_wish_lists(preferences, capacities,
                                              detail::ScoreSpec{&company_scores, "company_scores"});
  ScratchVector<Index> rank_of(static_cast<std::size_t>(w.n), kNone);
  if (options.proposer == Proposer::candidates) {
    candidates_propose(w, rank_of);
  } else {
    companies_propose(w, rank_of);
  }
  Assignment a = detail::assignment_from_ranks(w, rank_of);
  a.objective = detail::sum_of_scores(w, rank_of);
  return a;
}

}  // namespace kobling
