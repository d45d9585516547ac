// src/dense_seat_ssp.hpp (private) — the seat-driven engine of seat_ssp.hpp
// for a full (n, m) utility matrix, where every pair may be allowed and
// materialising n·m arcs would cost more than the matrix itself.
//
// The searches are the same Dijkstra on companies. What changes is how the
// two kinds of company arcs are found:
//
//  * best free candidate of company j: a company-major float copy of the
//    matrix lets a company scan its column sequentially for its T best free
//    candidates (T = capacity + 16), kept in a buffer ordered by the exact
//    double; the buffer is refilled when its candidates are all placed.
//    Screening by float is exact because rounding to float is monotone (see
//    refill());
//  * exchange arcs "j takes i from j'": every assigned candidate's row is
//    copied, when it is first placed, into a company-major table (m x seats),
//    so the scan for company j reads one contiguous row plus the slots'
//    current company and weight, also contiguous.
//
// Memory: the caller's matrix plus 4·n·m bytes for the float copy, 8·m·C for
// the table (C = number of candidates placed, at most Σ capacities) and
// O(n + m · T). Time: O(n·m) to build the copy, O(n) per refill, and
// O(C · S · C) for the exchange scans in the worst case (S companies settled
// per search; in practice about 1).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <tuple>
#include <vector>

#include "kobling/pair_matrix.hpp"
#include "ssp.hpp"

namespace kobling::detail {

/// Weight of a pair from its utility; `allowed` false means "no arc".
template <class Cost>
struct DenseWeights {
  bool maximize_cardinality = false;
  [[nodiscard]] bool allowed(double u) const noexcept {
    return u != kForbidden && (maximize_cardinality || u >= 0.0);
  }
  [[nodiscard]] Cost weight(double u) const noexcept {
    Cost c;
    if constexpr (std::tuple_size<decltype(c.major)>::value > 0) {
      c.major[0] = 1;
    }
    c.minor = u;
    return c;
  }
};

template <class Cost>
class DenseSeatSolver {
 public:
  DenseSeatSolver(const double* utility, std::ptrdiff_t stride, Index n, Index m,
                  const std::vector<Index>& capacity, DenseWeights<Cost> weights)
      : u_(utility), stride_(stride), n_(n), m_(m), capacity_(capacity), w_(weights) {}

  /// company of each candidate (-1 unplaced), and the dual prices p (m).
  struct Result {
    ScratchVector<Index> company;
    ScratchVector<Cost> p;
    ScratchVector<Cost> u;
  };

  Result run() {
    init();
    for (Index j = 0; j < m_; ++j) {
      const auto ju = static_cast<std::size_t>(j);
      const std::int64_t units = std::min<std::int64_t>(capacity_[ju], applicants_[ju] + 1);
      for (std::int64_t s = 0; s < units; ++s) {
        augment_from(j);
      }
    }
    return result();
  }

 private:
  struct Top {
    double u;  // utility (the weight is a function of it)
    Index candidate;
    // Heap order: better = higher utility, ties to the lower index; the
    // buffer keeps the T best, so its top is the *worst* kept.
    bool operator<(const Top& b) const noexcept {
      return u > b.u || (u == b.u && candidate < b.candidate);
    }
  };
  struct State {
    Cost dist;
    Index pred;
    Index pred_candidate;
    std::uint32_t mark;
  };
  enum class Exit : std::uint8_t { empty_seat, free_candidate };

  [[nodiscard]] double at(Index i, Index j) const noexcept {
    return u_[static_cast<std::ptrdiff_t>(i) * stride_ + j];
  }

  void init() {
    const auto m = static_cast<std::size_t>(m_);
    const auto n = static_cast<std::size_t>(n_);
    buffer_size_.resize(m);
    buffer_start_.assign(m + 1, 0);
    for (std::size_t j = 0; j < m; ++j) {
      buffer_size_[j] = std::min<std::int64_t>(n_, std::int64_t{capacity_[j]} + 16);
      buffer_start_[j + 1] = buffer_start_[j] + buffer_size_[j];
    }
    top_.reset(new Top[static_cast<std::size_t>(buffer_start_[m])]);
    fill_.assign(m, 0);
    built_.assign(m, 0);
    applicants_.assign(m, 0);
    placed_applicants_.assign(m, 0);
    pot_.assign(m, Cost{});
    placed_.assign(n, 0);
    // Company-major float copy of the matrix (-inf where not allowed), in
    // tiles so that reads and writes both stay in cache; the applicant
    // counts and π(j) = max(0, max w) on the way.
    columns_.reset(new float[m * n]);
    std::vector<double> best(m, kForbidden);
    constexpr Index kTile = 64;
    for (Index i0 = 0; i0 < n_; i0 += kTile) {
      const Index i1 = std::min(n_, i0 + kTile);
      for (Index j0 = 0; j0 < m_; j0 += kTile) {
        const Index j1 = std::min(m_, j0 + kTile);
        for (Index i = i0; i < i1; ++i) {
          const double* row = u_ + static_cast<std::ptrdiff_t>(i) * stride_;
          for (Index j = j0; j < j1; ++j) {
            const double x = row[j];
            const auto ju = static_cast<std::size_t>(j);
            float f = -std::numeric_limits<float>::infinity();
            if (w_.allowed(x)) {
              ++applicants_[ju];
              best[ju] = std::max(best[ju], x);
              f = static_cast<float>(x);
            }
            columns_[ju * n + static_cast<std::size_t>(i)] = f;
          }
        }
      }
    }
    for (std::size_t j = 0; j < m; ++j) {
      if (applicants_[j] > 0) {
        const Cost w = w_.weight(best[j]);
        pot_[j] = Cost{} < w ? w : Cost{};
      }
    }
    company_.assign(n, kNone);
    slot_of_.assign(n, -1);
    std::int64_t seats = 0;
    for (std::size_t j = 0; j < m; ++j) {
      seats += std::min<std::int64_t>(capacity_[j], applicants_[j]);
    }
    slots_ = std::min<std::int64_t>(seats, n_);
    table_.reset(new double[static_cast<std::size_t>(slots_ * m_)]);
    slot_candidate_.reserve(static_cast<std::size_t>(slots_));
    slot_company_.reserve(static_cast<std::size_t>(slots_));
    slot_weight_.reserve(static_cast<std::size_t>(slots_));
    slot_key_.reserve(static_cast<std::size_t>(slots_));
    member_pos_.reserve(static_cast<std::size_t>(slots_));
    member_start_.assign(m + 1, 0);
    for (std::size_t j = 0; j < m; ++j) {
      member_start_[j + 1] =
          member_start_[j] + std::min<std::int64_t>(capacity_[j], applicants_[j]);
    }
    member_count_.assign(m, 0);
    members_.assign(static_cast<std::size_t>(member_start_[m]), -1);
    best_slot_.assign(m, -1);
    best_d_.assign(m, Cost{});
    state_.assign(m, State{Cost{}, kNone, kNone, 0});
  }

  // Refills company j's buffer with its best free candidates, exactly:
  // rounding to float is monotone, so every candidate whose float value is
  // below the T-th best float is also below every kept one in double; the
  // buffer keeps all candidates at or above that float threshold, ordered by
  // the exact double (ties to the lower index).
  void refill(Index j) {
    const auto ju = static_cast<std::size_t>(j);
    const float* col = columns_.get() + ju * static_cast<std::size_t>(n_);
    const std::int64_t t = buffer_size_[ju];
    // The T-th largest float among free, allowed candidates (a bounded min-heap).
    floats_.clear();
    for (Index i = 0; i < n_; ++i) {
      const float f = col[i];
      if (f == -std::numeric_limits<float>::infinity() || placed_[static_cast<std::size_t>(i)]) {
        continue;
      }
      if (static_cast<std::int64_t>(floats_.size()) < t) {
        floats_.push_back(f);
        std::push_heap(floats_.begin(), floats_.end(), std::greater<float>());
      } else if (f > floats_.front()) {
        std::pop_heap(floats_.begin(), floats_.end(), std::greater<float>());
        floats_.back() = f;
        std::push_heap(floats_.begin(), floats_.end(), std::greater<float>());
      }
    }
    fill_[ju] = 0;
    built_[ju] = 1;
    if (floats_.empty()) {
      return;
    }
    const float threshold = floats_.front();
    chosen_.clear();
    for (Index i = 0; i < n_; ++i) {
      if (col[i] >= threshold && col[i] != -std::numeric_limits<float>::infinity() &&
          !placed_[static_cast<std::size_t>(i)]) {
        chosen_.push_back(Top{at(i, j), i});
      }
    }
    // Ties at the threshold may exceed T; keep the T best by exact value.
    if (static_cast<std::int64_t>(chosen_.size()) > t) {
      std::nth_element(chosen_.begin(), chosen_.begin() + t, chosen_.end());
      chosen_.resize(static_cast<std::size_t>(t));
    }
    Top* first = top_.get() + buffer_start_[ju];
    std::copy(chosen_.begin(), chosen_.end(), first);
    fill_[ju] = static_cast<std::int64_t>(chosen_.size());
    std::make_heap(first, first + fill_[ju], [](const Top& a, const Top& b) { return b < a; });
  }

  // The best free candidate of company j (nullptr if none).
  const Top* best_free(Index j) {
    const auto ju = static_cast<std::size_t>(j);
    const auto max_heap = [](const Top& a, const Top& b) { return b < a; };
    if (built_[ju] == 0) {
      refill(j);
    }
    for (;;) {
      Top* first = top_.get() + buffer_start_[ju];
      while (fill_[ju] > 0 && placed_[static_cast<std::size_t>(first->candidate)] != 0) {
        std::pop_heap(first, first + fill_[ju], max_heap);
        --fill_[ju];
      }
      if (fill_[ju] > 0) {
        return first;
      }
      if (exhausted_placed(j)) {
        return nullptr;
      }
      refill(j);
      if (fill_[ju] == 0) {
        return nullptr;
      }
    }
  }

  // True when every applicant of j is placed (no rescan can help).
  [[nodiscard]] bool exhausted_placed(Index j) const {
    return placed_applicants_[static_cast<std::size_t>(j)] >=
           applicants_[static_cast<std::size_t>(j)];
  }

  void offer(Index j, const Cost& d, Index pred, Index candidate) {
    if (!(d < best_t_)) {
      return;
    }
    State& s = state_[static_cast<std::size_t>(j)];
    if (search_.improve(s, j, d)) {
      s.pred = pred;
      s.pred_candidate = candidate;
    }
  }

  void relax(Index j, const Cost& dj) {
    const auto ju = static_cast<std::size_t>(j);
    const Cost base = dj + pot_[ju];
    if (base < best_t_) {
      best_t_ = base;
      exit_company_ = j;
      exit_ = Exit::empty_seat;
    }
    if (const Top* t = best_free(j)) {
      const Cost d = base - w_.weight(t->u);
      if (d < best_t_) {
        best_t_ = d;
        exit_company_ = j;
        exit_ = Exit::free_candidate;
        exit_candidate_ = t->candidate;
      }
    }
    // Exchange arcs: every placed candidate, from the company-major table.
    // First the best candidate per target company (a tight, sequential loop
    // over the slots), then one offer per target.
    const double* row = table_.get() + static_cast<std::ptrdiff_t>(j) * slots_;
    const auto used = static_cast<std::int64_t>(slot_candidate_.size());
    const Cost limit = best_t_ - base;  // only d < best_t matters
    targets_.clear();
    for (std::int64_t s = 0; s < used; ++s) {
      const double x = row[s];
      const Index from = slot_company_[static_cast<std::size_t>(s)];
      if (from == j || !w_.allowed(x)) {
        continue;
      }
      Cost d = slot_key_[static_cast<std::size_t>(s)];  // w(i, from) - π(from)
      d -= w_.weight(x);
      if (!(d < limit)) {
        continue;
      }
      const auto fu = static_cast<std::size_t>(from);
      if (best_slot_[fu] < 0) {
        targets_.push_back(from);
        best_slot_[fu] = s;
        best_d_[fu] = d;
      } else if (d < best_d_[fu]) {
        best_slot_[fu] = s;
        best_d_[fu] = d;
      }
    }
    for (const Index from : targets_) {
      const auto fu = static_cast<std::size_t>(from);
      offer(from, base + best_d_[fu], j, slot_candidate_[static_cast<std::size_t>(best_slot_[fu])]);
      best_slot_[fu] = -1;
    }
  }

  void augment_from(Index source) {
    search_.start();
    best_t_ = Cost::infinity();
    offer(source, Cost{}, kNone, kNone);
    search_.run(state_, best_t_, [this](Index j, const Cost& d) { relax(j, d); });
    for (const Index j : search_.settled()) {
      const auto ju = static_cast<std::size_t>(j);
      pot_[ju] -= best_t_ - state_[ju].dist;
      refresh_keys(j);
    }
    // Apply the moves from the source's end, so that no company ever holds
    // more candidates than its capacity (each move fills the vacancy the
    // previous one left), then the exit.
    path_.clear();
    for (Index j = exit_company_; j != source;) {
      path_.push_back(j);
      j = state_[static_cast<std::size_t>(j)].pred;
    }
    for (auto it = path_.rbegin(); it != path_.rend(); ++it) {
      const State& s = state_[static_cast<std::size_t>(*it)];
      place(s.pred_candidate, s.pred);  // moves from *it to s.pred
    }
    if (exit_ == Exit::free_candidate) {
      place(exit_candidate_, exit_company_);
    }
  }

  // slot_key = w(i, company) - π(company): the part of an exchange arc's
  // cost that does not depend on the company taking the candidate.
  void refresh_keys(Index j) {
    const auto ju = static_cast<std::size_t>(j);
    for (std::int64_t p = member_start_[ju]; p < member_start_[ju] + member_count_[ju]; ++p) {
      const auto su = static_cast<std::size_t>(members_[static_cast<std::size_t>(p)]);
      slot_key_[su] = slot_weight_[su] - pot_[ju];
    }
  }

  void add_member(Index j, std::int64_t s) {
    const auto ju = static_cast<std::size_t>(j);
    const std::int64_t p = member_start_[ju] + member_count_[ju]++;
    members_[static_cast<std::size_t>(p)] = s;
    member_pos_[static_cast<std::size_t>(s)] = p;
  }

  void remove_member(Index j, std::int64_t s) {
    const auto ju = static_cast<std::size_t>(j);
    const std::int64_t p = member_pos_[static_cast<std::size_t>(s)];
    const std::int64_t last = member_start_[ju] + --member_count_[ju];
    const std::int64_t moved = members_[static_cast<std::size_t>(last)];
    members_[static_cast<std::size_t>(p)] = moved;
    member_pos_[static_cast<std::size_t>(moved)] = p;
  }

  void place(Index i, Index j) {
    const auto iu = static_cast<std::size_t>(i);
    placed_[iu] = 1;
    if (company_[iu] == kNone) {  // first placement: copy the row into the table
      const std::int64_t s = static_cast<std::int64_t>(slot_candidate_.size());
      slot_of_[iu] = s;
      slot_candidate_.push_back(i);
      slot_company_.push_back(j);
      slot_weight_.push_back(w_.weight(at(i, j)));
      slot_key_.push_back(slot_weight_.back() - pot_[static_cast<std::size_t>(j)]);
      member_pos_.push_back(-1);
      add_member(j, s);
      const double* row = u_ + static_cast<std::ptrdiff_t>(i) * stride_;
      for (Index c = 0; c < m_; ++c) {
        table_[static_cast<std::size_t>(static_cast<std::int64_t>(c) * slots_ + s)] = row[c];
        if (w_.allowed(row[c])) {
          ++placed_applicants_[static_cast<std::size_t>(c)];
        }
      }
    } else {
      const auto s = static_cast<std::size_t>(slot_of_[iu]);
      remove_member(slot_company_[s], slot_of_[iu]);
      add_member(j, slot_of_[iu]);
      slot_company_[s] = j;
      slot_weight_[s] = w_.weight(at(i, j));
      slot_key_[s] = slot_weight_[s] - pot_[static_cast<std::size_t>(j)];
    }
    company_[iu] = j;
  }

  Result result() const {
    Result r;
    r.company.assign(company_.begin(), company_.end());
    r.p.assign(static_cast<std::size_t>(m_), Cost{});
    for (std::size_t j = 0; j < r.p.size(); ++j) {
      r.p[j] = Cost{} < pot_[j] ? pot_[j] : Cost{};
    }
    r.u.assign(static_cast<std::size_t>(n_), Cost{});
    for (Index i = 0; i < n_; ++i) {
      const Index j = company_[static_cast<std::size_t>(i)];
      if (j != kNone) {
        const Cost v = w_.weight(at(i, j)) - r.p[static_cast<std::size_t>(j)];
        r.u[static_cast<std::size_t>(i)] = Cost{} < v ? v : Cost{};
      }
    }
    return r;
  }

  const double* u_;
  std::ptrdiff_t stride_;
  Index n_;
  Index m_;
  const std::vector<Index>& capacity_;
  DenseWeights<Cost> w_;
  std::vector<std::int64_t> buffer_size_;
  std::vector<std::int64_t> buffer_start_;
  std::unique_ptr<Top[]> top_;
  std::vector<std::int64_t> fill_;
  std::vector<std::uint8_t> built_;
  std::vector<std::uint8_t> placed_;
  std::unique_ptr<float[]> columns_;  // m x n, company-major, -inf where not allowed
  std::vector<float> floats_;
  std::vector<Top> chosen_;
  std::vector<std::int64_t> applicants_;
  std::vector<std::int64_t> placed_applicants_;
  std::vector<Cost> pot_;
  std::vector<Index> company_;
  std::vector<std::int64_t> slot_of_;
  std::int64_t slots_ = 0;
  std::unique_ptr<double[]> table_;  // m x slots_, company-major
  std::vector<Index> slot_candidate_;
  std::vector<Index> slot_company_;
  std::vector<Cost> slot_weight_;
  std::vector<Cost> slot_key_;
  std::vector<std::int64_t> member_start_;
  std::vector<std::int64_t> member_count_;
  std::vector<std::int64_t> members_;
  std::vector<std::int64_t> member_pos_;
  std::vector<std::int64_t> best_slot_;
  std::vector<Cost> best_d_;
  std::vector<Index> targets_;
  std::vector<Index> path_;
  std::vector<State> state_;
  CompanySearch<Cost> search_;
  Cost best_t_{};
  Index exit_company_ = kNone;
  Exit exit_ = Exit::empty_seat;
  Index exit_candidate_ = kNone;
};

}  // namespace kobling::detail
