// src/seat_ssp.hpp (private) — the seat-driven engine: the same min-cost flow
// as src/ssp.hpp, augmented from the companies' seats instead of from the
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
//
// Certificate. p_j = π(j) - π(T) >= 0 (the empty-seat arc is always residual),
// u_i = w(i, j(i)) - p_{j(i)} for assigned candidates, 0 for free ones; these
// satisfy DualCertificate's conditions (see the essay in src/ssp.hpp for the
// lexicographic weights, and verify.cpp for the independent check).
//
// Complexity: O(C · (S log m + X)) where S is the number of companies a search
// settles and X the exchange arcs it scans, plus O(E) to build the heaps.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "ssp.hpp"

namespace kobling::detail {

template <class Cost>
class SeatSolver {
 public:
  explicit SeatSolver(const SspGraph<Cost>& g) : g_(g) {}

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
  struct Item {
    Cost key;
    Index company;
    bool operator<(const Item& b) const noexcept {  // min-heap via std::push_heap
      return b.key < key || (!(key < b.key) && company > b.company);
    }
  };
  // Heap entry by value (no indirection in the heap operations); the heap's
  // top is the highest weight, ties to the lower candidate index.
  struct Applicant {
    Cost weight;
    Index candidate;
    std::int64_t arc;
    bool operator<(const Applicant& b) const noexcept {
      return weight < b.weight || (!(b.weight < weight) && candidate > b.candidate);
    }
  };
  struct State {
    Cost dist{};
    std::int64_t pred_arc = -1;  // arc of the candidate who moves into the predecessor
    Index pred = kNone;          // predecessor company
    Index pred_candidate = kNone;
    std::uint32_t mark = 0;
  };
  enum class Exit : std::uint8_t { empty_seat, free_applicant };
  // A candidate's current seat (arc -1: free).
  struct Holder {
    std::int64_t arc = -1;
    Index company = kNone;
    Cost weight{};
  };
  // A candidate who listed a company, with the weight of that pair. Trivial
  // (no member initialisers), so the arrays of them are not zero-filled.
  struct Interest {
    Index candidate;
    std::int64_t arc;
    Cost weight;
  };

  void init() {
    const auto n = static_cast<std::size_t>(g_.n);
    const auto m = static_cast<std::size_t>(g_.m);
    holder_.assign(n, Holder{});
    // Applicant heaps (CSR by company), best weight on top, ties to the lower
    // candidate index; and initial potentials π(j) = max(0, max w), π(T) = 0.
    applicants_.assign(m, 0);
    for (const Index j : g_.head) {
      ++applicants_[static_cast<std::size_t>(j)];
    }
    heap_start_.assign(m + 1, 0);
    for (std::size_t j = 0; j < m; ++j) {
      heap_start_[j + 1] = heap_start_[j] + applicants_[j];
    }
    heap_.reset(new Applicant[g_.head.size()]);  // every entry is written below
    std::vector<std::int64_t> fill(heap_start_.begin(), heap_start_.end() - 1);
    for (Index i = 0; i < g_.n; ++i) {
      const auto iu = static_cast<std::size_t>(i);
      for (std::int64_t a = g_.start[iu]; a < g_.start[iu + 1]; ++a) {
        const auto au = static_cast<std::size_t>(a);
        heap_[static_cast<std::size_t>(fill[static_cast<std::size_t>(g_.head[au])]++)] =
            Applicant{g_.weight[au], i, a};
      }
    }
    heap_size_.assign(m, 0);
    pot_.assign(m, Cost{});
    for (std::size_t j = 0; j < m; ++j) {
      Applicant* first = heap_.get() + heap_start_[j];
      Applicant* last = heap_.get() + heap_start_[j + 1];
      std::make_heap(first, last);
      heap_size_[j] = heap_start_[j + 1] - heap_start_[j];
      if (heap_size_[j] > 0 && Cost{} < first->weight) {
        pot_[j] = first->weight;
      }
    }
    interested_.reset(new Interest[g_.head.size()]);  // filled as candidates are placed
    interested_size_.assign(m, 0);
    state_.assign(m, State{});
  }

  // The best free applicant of company j, or nullptr.
  const Applicant* best_free(Index j) {
    const auto ju = static_cast<std::size_t>(j);
    Applicant* first = heap_.get() + heap_start_[ju];
    while (heap_size_[ju] > 0 && holder_[static_cast<std::size_t>(first->candidate)].arc >= 0) {
      std::pop_heap(first, first + heap_size_[ju]);
      --heap_size_[ju];
    }
    return heap_size_[ju] > 0 ? first : nullptr;
  }

  void offer(Index j, const Cost& d, Index pred, std::int64_t arc, Index candidate) {
    if (!(d < best_t_)) {
      return;
    }
    State& s = state_[static_cast<std::size_t>(j)];
    if (s.mark == reached_ + 1) {
      return;
    }
    if (s.mark != reached_ || d < s.dist) {
      s.mark = reached_;
      s.dist = d;
      s.pred = pred;
      s.pred_arc = arc;
      s.pred_candidate = candidate;
      queue_.push_back(Item{d, j});
      std::push_heap(queue_.begin(), queue_.end());
    }
  }

  void offer_sink(const Cost& d, Index j, Exit how, std::int64_t arc, Index candidate) {
    if (d < best_t_) {
      best_t_ = d;
      exit_company_ = j;
      exit_ = how;
      exit_arc_ = arc;
      exit_candidate_ = candidate;
    }
  }

  void relax(Index j, const Cost& dj) {
    const auto ju = static_cast<std::size_t>(j);
    const Cost base = dj + pot_[ju];
    // (a) the seat stays empty
    offer_sink(base, j, Exit::empty_seat, -1, kNone);
    // (b) the best free applicant takes it
    const Applicant* best = best_free(j);
    if (best != nullptr) {
      offer_sink(base - best->weight, j, Exit::free_applicant, best->arc, best->candidate);
    }
    // (c) a candidate assigned elsewhere moves here; its company continues.
    // Entries carry the candidate and weight, and holders the current company
    // and weight, so each entry costs one random access.
    const std::int64_t first = heap_start_[ju];
    const std::int64_t last = first + interested_size_[ju];
    for (std::int64_t e = first; e < last; ++e) {
      const Interest& x = interested_[static_cast<std::size_t>(e)];
      const Holder& h = holder_[static_cast<std::size_t>(x.candidate)];
      if (h.company == j) {
        continue;  // (stale: the candidate is here already)
      }
      Cost d = base;
      d -= x.weight;
      d += h.weight;
      d -= pot_[static_cast<std::size_t>(h.company)];
      offer(h.company, d, j, x.arc, x.candidate);
    }
  }

  void augment_from(Index source) {
    reached_ += 2;
    queue_.clear();
    touched_.clear();
    best_t_ = Cost::infinity();
    offer(source, Cost{}, kNone, -1, kNone);
    while (!queue_.empty()) {
      std::pop_heap(queue_.begin(), queue_.end());
      const Item it = queue_.back();
      queue_.pop_back();
      if (!(it.key < best_t_)) {
        break;
      }
      State& s = state_[static_cast<std::size_t>(it.company)];
      if (s.mark == reached_ + 1 || s.dist < it.key) {
        continue;
      }
      s.mark = reached_ + 1;
      touched_.push_back(it.company);
      relax(it.company, it.key);
    }
    for (const Index j : touched_) {
      const auto ju = static_cast<std::size_t>(j);
      pot_[ju] -= best_t_ - state_[ju].dist;
    }
    // Apply the path: the exit, then each move back to the source.
    if (exit_ == Exit::free_applicant) {
      assign(exit_candidate_, exit_arc_);
    }
    for (Index j = exit_company_; j != source;) {
      const State& s = state_[static_cast<std::size_t>(j)];
      assign(s.pred_candidate, s.pred_arc);  // the candidate moves from j to s.pred
      j = s.pred;
    }
  }

  // Candidate i takes its arc a; registers the exchange arcs it opens.
  void assign(Index i, std::int64_t a) {
    const auto iu = static_cast<std::size_t>(i);
    const bool first_time = holder_[iu].arc < 0;
    holder_[iu] =
        Holder{a, g_.head[static_cast<std::size_t>(a)], g_.weight[static_cast<std::size_t>(a)]};
    if (!first_time) {
      return;  // its arcs are registered already (the entry for its own company is skipped)
    }
    // Every listed company may take i from wherever it is; each arc enters
    // its company's list once (the lists share the heaps' offsets: a company
    // has at most as many entries as applicants).
    for (std::int64_t b = g_.start[iu]; b < g_.start[iu + 1]; ++b) {
      const auto ju = static_cast<std::size_t>(g_.head[static_cast<std::size_t>(b)]);
      interested_[static_cast<std::size_t>(heap_start_[ju] + interested_size_[ju]++)] =
          Interest{i, b, g_.weight[static_cast<std::size_t>(b)]};
    }
  }

  SspResult<Cost> result() const {
    SspResult<Cost> r;
    r.arc_of.resize(holder_.size());
    for (std::size_t i = 0; i < holder_.size(); ++i) {
      r.arc_of[i] = holder_[i].arc;
    }
    r.p.assign(static_cast<std::size_t>(g_.m), Cost{});
    for (std::size_t j = 0; j < r.p.size(); ++j) {
      r.p[j] = Cost{} < pot_[j] ? pot_[j] : Cost{};
    }
    r.u.assign(static_cast<std::size_t>(g_.n), Cost{});
    for (std::size_t i = 0; i < r.u.size(); ++i) {
      const std::int64_t a = holder_[i].arc;
      if (a >= 0) {
        const Cost u = g_.weight[static_cast<std::size_t>(a)] -
                       r.p[static_cast<std::size_t>(g_.head[static_cast<std::size_t>(a)])];
        r.u[i] = Cost{} < u ? u : Cost{};
      }
    }
    return r;
  }

  const SspGraph<Cost>& g_;

  std::vector<std::int64_t> applicants_;
  std::vector<std::int64_t> heap_start_;
  std::unique_ptr<Applicant[]> heap_;
  std::vector<std::int64_t> heap_size_;
  std::vector<Cost> pot_;                   // companies; π(T) = 0 throughout (T is never settled)
  std::unique_ptr<Interest[]> interested_;  // per company, at heap_start_[j]
  std::vector<std::int64_t> interested_size_;
  std::vector<Holder> holder_;
  std::vector<State> state_;
  std::vector<Item> queue_;
  std::vector<Index> touched_;
  std::uint32_t reached_ = 0;
  Cost best_t_{};
  Index exit_company_ = kNone;
  Exit exit_ = Exit::empty_seat;
  std::int64_t exit_arc_ = -1;
  Index exit_candidate_ = kNone;
};

template <class Cost>
SspResult<Cost> solve_seats(const SspGraph<Cost>& g) {
  return SeatSolver<Cost>(g).run();
}

}  // namespace kobling::detail
