// src/engine/seat_ssp.hpp (private) — the seat-driven engine: the same min-cost flow
// as src/engine/ssp.hpp, augmented from the companies' seats instead of from the
// candidates, on a graph of companies only.
//
// Orientation. Each company j supplies c_j units (seats); a unit goes to a
// candidate who listed j (arc j -> i, cost -w(i, j)) and on to the sink, or
// stays an empty seat (j -> T, cost 0). A candidate takes at most one unit.
// Seats are scarce in the markets kobling serves (about 35% of n), so there
// are C = Σ c_j searches instead of n, and most end at once: the company's
// best free applicant takes the seat.
//
// Compression. A candidate node has exactly one outgoing residual arc: to T
// when free, back to its company when assigned. Passing through it is
// therefore a company-to-company arc ("j takes i from j'", cost
// -w(i, j) + w(i, j')) or a company-to-sink arc ("j takes free i", cost
// -w(i, j)); candidate potentials cancel out of every such arc. Dijkstra runs
// on the m companies (plus T) with company potentials only; the result is the
// same flow the uncompressed algorithm computes, up to ties.
//
// Data. Per company: a max-heap of its applicants by weight for the best free
// one (assigned candidates are popped lazily: once assigned a candidate never
// becomes free again, since no augmenting path ends at a candidate's T-arc
// reverse), and the list of arcs of candidates assigned elsewhere who listed
// it (the exchange arcs). Searches touch only the settled companies' lists.
// Heap and list entries are small records {weight, candidate, slot}, so the
// hot loops read one cache line, not three arrays; every array comes from the
// per-thread scratch cache (scratch.hpp) and is written before it is read.
//
// Certificate. p_j = π(j) - π(T) >= 0 (the empty-seat arc is always residual),
// u_i = w(i, j(i)) - p_{j(i)} for assigned candidates, 0 for free ones; these
// satisfy DualCertificate's conditions (see the essay in src/engine/ssp.hpp for the
// lexicographic weights, and verify.cpp for the independent check).
//
// Complexity: O(C · (S log m + X)) where S is the number of companies a search
// settles and X the exchange arcs it scans, plus O(E) to build the heaps.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "engine/ssp.hpp"
#include "engine/wish_lists.hpp"

namespace kobling::detail {

/// weight_of(rank, score [, arc index]) -> Cost gives each arc's weight (computed where an
/// arc enters a heap or a list, never stored per arc).
template <class Cost, class WeightOf>
class SeatSolver {
 public:
  SeatSolver(const ArcLists& g, WeightOf weight_of) : g_(g), weight_of_(weight_of) {}

  SspResult<Cost> run() {
    init();
    for (Index j = 0; j < g_.m; ++j) {
      const auto ju = static_cast<std::size_t>(j);
      // Seats beyond the number of applicants can only stay empty; one of them
      // is still routed (as an empty seat), so that the potentials certify
      // the free seat (price 0) and capacities like 10^9 cost nothing.
      const std::int64_t units = std::min<std::int64_t>(g_.capacity[ju], applicants_[ju] + 1);
      for (std::int64_t u = 0; u < units; ++u) {
        augment_from(j);
      }
    }
    return result();
  }

 private:
  // A candidate's arc as seen from the company: its weight, the candidate,
  // and the arc's offset in the candidate's row (rows have at most m < 2^31
  // arcs). Stored by value in the applicant heaps and the exchange lists, so
  // that the hot loops read one small record instead of three arrays.
  // Trivial (no member initialisers): the arrays of them are not zero-filled.
  struct Entry {
    Cost weight;
    Index candidate;
    Index slot;
  };
  // Applicant heap order: the top is the highest weight, ties to the lower
  // candidate index.
  struct ByWeight {
    bool operator()(const Entry& a, const Entry& b) const noexcept {
      return a.weight < b.weight || (!(b.weight < a.weight) && a.candidate > b.candidate);
    }
  };
  struct State {
    Cost dist{};
    Cost pred_weight{};  // weight of the candidate's arc into the predecessor
    Index pred = kNone;  // predecessor company
    Index pred_candidate = kNone;
    Index pred_slot = 0;
    std::uint32_t mark = 0;
  };
  enum class Exit : std::uint8_t { empty_seat, free_applicant };

  void init() {
    const auto n = static_cast<std::size_t>(g_.n);
    const auto m = static_cast<std::size_t>(g_.m);
    const std::size_t arcs = g_.arc.size();
    at_.assign(n, kNone);
    held_weight_.resize(n);  // valid where at_ != kNone
    held_slot_.resize(n);
    // Applicant heaps (CSR by company), best weight on top, ties to the lower
    // candidate index; and initial potentials π(j) = max(0, max w), π(T) = 0.
    applicants_.assign(m, 0);
    for (const RawArc& a : g_.arc) {
      ++applicants_[static_cast<std::size_t>(a.head)];
    }
    heap_start_.assign(m + 1, 0);
    for (std::size_t j = 0; j < m; ++j) {
      heap_start_[j + 1] = heap_start_[j] + applicants_[j];
    }
    heap_.resize(arcs);                                             // every entry is written below
    heap_size_.assign(heap_start_.begin(), heap_start_.end() - 1);  // fill cursor first
    for (Index i = 0; i < g_.n; ++i) {
      const auto iu = static_cast<std::size_t>(i);
      const std::int64_t row = g_.start[iu];
      for (std::int64_t a = row; a < g_.start[iu + 1]; ++a) {
        const RawArc& arc = g_.arc[static_cast<std::size_t>(a)];
        heap_[static_cast<std::size_t>(heap_size_[static_cast<std::size_t>(arc.head)]++)] =
            Entry{weigh(weight_of_, arc, a), i, static_cast<Index>(a - row)};
      }
    }
    pot_.assign(m, Cost{});
    for (std::size_t j = 0; j < m; ++j) {
      Entry* first = heap_.data() + heap_start_[j];
      Entry* last = heap_.data() + heap_start_[j + 1];
      std::make_heap(first, last, ByWeight{});
      heap_size_[j] = heap_start_[j + 1] - heap_start_[j];
      if (heap_size_[j] > 0 && Cost{} < first->weight) {
        pot_[j] = first->weight;
      }
    }
    interested_.resize(arcs);  // filled as candidates are placed
    interested_size_.assign(m, 0);
    state_.assign(m, State{});
  }

  // The best free applicant of company j, or nullptr.
  const Entry* best_free(Index j) {
    const auto ju = static_cast<std::size_t>(j);
    Entry* first = heap_.data() + heap_start_[ju];
    while (heap_size_[ju] > 0 && at_[static_cast<std::size_t>(first->candidate)] != kNone) {
      std::pop_heap(first, first + heap_size_[ju], ByWeight{});
      --heap_size_[ju];
    }
    return heap_size_[ju] > 0 ? first : nullptr;
  }

  void offer(Index j, const Cost& d, Index pred, const Entry& via) {
    if (!(d < best_t_)) {
      return;
    }
    State& s = state_[static_cast<std::size_t>(j)];
    if (search_.improve(s, j, d)) {
      s.pred = pred;
      s.pred_weight = via.weight;
      s.pred_candidate = via.candidate;
      s.pred_slot = via.slot;
    }
  }

  void offer_sink(const Cost& d, Index j, Exit how, const Entry* via) {
    if (d < best_t_) {
      best_t_ = d;
      exit_company_ = j;
      exit_ = how;
      if (via != nullptr) {
        exit_entry_ = *via;
      }
    }
  }

  void relax(Index j, const Cost& dj) {
    const auto ju = static_cast<std::size_t>(j);
    const Cost base = dj + pot_[ju];
    // (a) the seat stays empty
    offer_sink(base, j, Exit::empty_seat, nullptr);
    // (b) the best free applicant takes it
    const Entry* best = best_free(j);
    if (best != nullptr) {
      offer_sink(base - best->weight, j, Exit::free_applicant, best);
    }
    // (c) a candidate assigned elsewhere moves here; its company continues.
    // The entry carries the weight here, the candidate's seat record the
    // weight there.
    const Entry* x = interested_.data() + heap_start_[ju];
    const Entry* const end = x + interested_size_[ju];
    for (; x != end; ++x) {
      const auto iu = static_cast<std::size_t>(x->candidate);
      const Index h = at_[iu];
      if (h == j) {
        continue;  // (stale: the candidate is here already)
      }
      Cost d = base;
      d -= x->weight;
      d += held_weight_[iu];
      d -= pot_[static_cast<std::size_t>(h)];
      offer(h, d, j, *x);
    }
  }

  void augment_from(Index source) {
    search_.start();
    best_t_ = Cost::infinity();
    offer(source, Cost{}, kNone, Entry{Cost{}, kNone, 0});
    search_.run(state_, best_t_, [this](Index j, const Cost& d) { relax(j, d); });
    for (const Index j : search_.settled()) {
      const auto ju = static_cast<std::size_t>(j);
      pot_[ju] -= best_t_ - state_[ju].dist;
    }
    // Apply the path: the exit, then each move back to the source.
    if (exit_ == Exit::free_applicant) {
      assign(exit_entry_, exit_company_);
    }
    for (Index j = exit_company_; j != source;) {
      const State& s = state_[static_cast<std::size_t>(j)];
      // the candidate moves from j to s.pred
      assign(Entry{s.pred_weight, s.pred_candidate, s.pred_slot}, s.pred);
      j = s.pred;
    }
  }

  // The entry's candidate takes its arc into company j; registers the
  // exchange arcs it opens the first time it is placed.
  void assign(const Entry& e, Index j) {
    const auto iu = static_cast<std::size_t>(e.candidate);
    const bool first_time = at_[iu] == kNone;
    at_[iu] = j;
    held_weight_[iu] = e.weight;
    held_slot_[iu] = e.slot;
    if (!first_time) {
      return;  // its arcs are registered already (the entry for its own company is skipped)
    }
    // Every listed company may take i from wherever it is; each arc enters
    // its company's list once (the lists share the heaps' offsets: a company
    // has at most as many entries as applicants).
    const std::int64_t row = g_.start[iu];
    const std::int64_t row_end = g_.start[iu + 1];
    for (std::int64_t b = row; b < row_end; ++b) {
      const RawArc& arc = g_.arc[static_cast<std::size_t>(b)];
      const auto ju = static_cast<std::size_t>(arc.head);
      interested_[static_cast<std::size_t>(heap_start_[ju] + interested_size_[ju]++)] =
          Entry{weigh(weight_of_, arc, b), e.candidate, static_cast<Index>(b - row)};
    }
  }

  SspResult<Cost> result() const {
    SspResult<Cost> r;
    const auto n = static_cast<std::size_t>(g_.n);
    r.arc_of.assign(n, -1);
    r.p.assign(static_cast<std::size_t>(g_.m), Cost{});
    for (std::size_t j = 0; j < r.p.size(); ++j) {
      r.p[j] = Cost{} < pot_[j] ? pot_[j] : Cost{};
    }
    r.u.assign(n, Cost{});
    for (std::size_t i = 0; i < n; ++i) {
      const Index j = at_[i];
      if (j != kNone) {
        r.arc_of[i] = g_.start[i] + held_slot_[i];
        const Cost u = held_weight_[i] - r.p[static_cast<std::size_t>(j)];
        r.u[i] = Cost{} < u ? u : Cost{};
      }
    }
    return r;
  }

  const ArcLists& g_;
  WeightOf weight_of_;

  ScratchVector<std::int64_t> applicants_;
  ScratchVector<std::int64_t> heap_start_;
  ScratchVector<Entry> heap_;
  ScratchVector<std::int64_t> heap_size_;
  ScratchVector<Cost> pot_;          // companies; π(T) = 0 throughout (T is never settled)
  ScratchVector<Entry> interested_;  // per company, at heap_start_[j]
  ScratchVector<std::int64_t> interested_size_;
  // Candidates: company (kNone = free), and the weight and row offset of the
  // arc they hold. The compact at_ array serves the hot "is it free" checks.
  ScratchVector<Index> at_;
  ScratchVector<Cost> held_weight_;
  ScratchVector<Index> held_slot_;
  ScratchVector<State> state_;
  CompanySearch<Cost> search_;
  Cost best_t_{};
  Index exit_company_ = kNone;
  Exit exit_ = Exit::empty_seat;
  Entry exit_entry_{};
};

template <class Cost, class WeightOf>
SspResult<Cost> solve_seats(const ArcLists& g, WeightOf weight_of) {
  return SeatSolver<Cost, WeightOf>(g, weight_of).run();
}

}  // namespace kobling::detail
