// src/engine/dense_seat_ssp.hpp (private) — the seat-driven engine of seat_ssp.hpp
// for a full (n, m) utility matrix, where every pair may be allowed and
// materialising n·m arcs would cost several times the matrix itself.
//
// The searches are the same Dijkstra on companies, one per seat, from the
// company that gets it. What changes is how the two kinds of company arcs are
// found:
//
//  * best free candidate of company j: a company-major float copy of the
//    matrix lets a company scan its column sequentially for its T best free
//    candidates (T = capacity + 16), kept in a buffer ordered by the exact
//    double; the buffer is refilled when its candidates are all placed.
//    Screening by float is exact because rounding to float is monotone (see
//    refill());
//  * exchange arcs "j takes placed candidate i from i's company": their
//    length is d(j) + π(j) - (w(i, j) - key(i)), key(i) = w(i, c(i)) - π(c(i))
//    being i's current surplus. Reading all of them costs O(placed) per
//    settled company, so O(C · S · n) in all: worse than quadratic on
//    correlated scores, where many companies settle per search. But the
//    searches only ever need the few arcs shorter than their end, and keys
//    only rise (a seat-driven search lowers prices π, never raises them), so
//    a value w(i, j) - key(i) computed once bounds that pair for the rest of
//    the solve. Each company keeps a short list of placed candidates, best
//    bound first, and a bound tau_j on every candidate it leaves out. A
//    settled company relaxes its list until the bounds cannot beat the best
//    end found so far, and queues "rescan j" at d(j) + π(j) - tau_j; only if
//    the search reaches that key is the column read again (from the float
//    copy, with a rounding margin, then exact values for the kept ones) and
//    the list rebuilt, twice as long. A newly placed candidate enters each
//    list it may rank in; a list twice its length is cut back, raising tau.
//    This is the candidate-list idea of auction algorithms (Bertsekas,
//    "Network Optimization", 1998, §7), made exact by the monotone keys.
//    A matrix small enough to stay in cache (n·m <= 2^18) is read directly
//    instead: there the lists cost more than they save.
//
// Memory: the caller's matrix plus 4·n·m bytes for the float copy and
// O(n + m · (T + list length)). Time: O(n·m) to build the copy, O(n) per
// refill or rescan, O(list prefix) per settled company; what remains on
// large correlated matrices is the number of companies each search settles
// (each a handful of cache misses), not their arcs. Measured times are in
// bench/RESULTS.md (variant B). Matrices of at least 2^22 pairs with plain
// weights go to the column generation of dense_price_cg.hpp (no copy); this
// engine serves smaller matrices and cardinality-first weights, and is that
// engine's fallback when it reaches its round limit.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <tuple>
#include <vector>

#include "engine/ssp.hpp"
#include "engine/wish_lists.hpp"
#include "kobling/pair_view.hpp"

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

/// The engine's size knobs; tests shrink them so that small inputs take
/// every path (rescans, cut lists, tied refills).
struct DenseTuning {
  std::int64_t buffer_extra = 16;  ///< free-candidate buffer T = capacity + this
  std::int64_t first_list = 32;    ///< exchange list length before any rescan
  /// Up to this many pairs (n·m) the matrix is in cache: exchange arcs are
  /// read from it directly, no lists.
  std::size_t direct_pairs = std::size_t{1} << 18;
};

template <class Cost>
class DenseSeatSolver {
 public:
  DenseSeatSolver(const double* utility, std::ptrdiff_t stride, Index n, Index m,
                  const std::vector<Index>& capacity, DenseWeights<Cost> weights,
                  DenseTuning tuning = {})
      : u_(utility),
        stride_(stride),
        n_(n),
        m_(m),
        capacity_(capacity),
        w_(weights),
        tuning_(tuning) {}

  /// company of each candidate (-1 unplaced), and the dual prices p (m).
  struct Result {
    ScratchVector<Index> company;
    ScratchVector<Cost> p;
    ScratchVector<Cost> u;
  };

  /// Reads the matrix (a float copy, applicant counts, first prices) and the
  /// spread of the allowed utilities; run() does it when not done yet.
  void prepare() {
    if (!prepared_) {
      init();
      prepared_ = true;
    }
  }
  /// The spread of the allowed utilities (after prepare()): the caller solves
  /// in Wide instead when it is wide (ssp.hpp).
  [[nodiscard]] const Spread& spread() const noexcept { return spread_; }

  Result run() {
    prepare();
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
  struct FloatTop {  // a screening entry: float value, candidate
    float f;
    Index candidate;
  };
  // A candidate on a company's exchange list. `bound` is w(i, j) - key(i)
  // when last computed (or an upper bound of it); keys only rise, so it
  // bounds the value from then on.
  struct Listed {
    Cost bound;
    double u;  // the pair's exact utility
    Index candidate;
    static bool better(const Listed& a, const Listed& b) noexcept {
      return b.bound < a.bound || (!(a.bound < b.bound) && a.candidate < b.candidate);
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
  [[nodiscard]] const float* column(Index j) const noexcept {
    return columns_.get() + static_cast<std::size_t>(j) * static_cast<std::size_t>(n_);
  }
  // A utility at or above the one whose float copy is f (round to nearest
  // is off by at most half an ulp; allowed utilities below -FLT_MAX were
  // stored as -FLT_MAX, above it as +inf).
  [[nodiscard]] static double above(float f) noexcept {
    const double x = f;
    return x + std::abs(x) * 0x1p-23 + 0x1p-148;
  }

  void init() {
    const auto m = static_cast<std::size_t>(m_);
    const auto n = static_cast<std::size_t>(n_);
    buffer_size_.resize(m);
    buffer_start_.assign(m + 1, 0);
    for (std::size_t j = 0; j < m; ++j) {
      buffer_size_[j] = std::min<std::int64_t>(
          n_, std::max<std::int64_t>(1, capacity_[j] + tuning_.buffer_extra));
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
    // The spread of the allowed utilities, in a pass of its own (the loop
    // below does not vectorise); a value not allowed adds nothing to it.
    spread_ = Spread{};
    for (Index i = 0; i < n_; ++i) {
      spread_.add_all(u_ + static_cast<std::ptrdiff_t>(i) * stride_, m_, w_.maximize_cardinality);
    }
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
              f = std::max(static_cast<float>(x), std::numeric_limits<float>::lowest());
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
    key_.assign(n, Cost{});
    weight_.assign(n, Cost{});
    member_pos_.assign(n, -1);
    member_start_.assign(m + 1, 0);
    for (std::size_t j = 0; j < m; ++j) {
      member_start_[j + 1] =
          member_start_[j] + std::min<std::int64_t>(capacity_[j], applicants_[j]);
    }
    member_count_.assign(m, 0);
    members_.assign(static_cast<std::size_t>(member_start_[m]), kNone);
    list_.assign(m, {});
    tau_.assign(m, Cost{});
    has_tau_.assign(m, 0);
    want_.assign(m, std::max<std::int64_t>(1, tuning_.first_list));
    // A matrix that fits in cache is cheaper to read whole than to list.
    direct_ = n * m <= tuning_.direct_pairs;
    placed_list_.clear();
    state_.assign(m, State{Cost{}, kNone, kNone, 0});
  }

  // Refills company j's buffer with its best free candidates, exactly:
  // rounding to float is monotone, so every candidate whose float value is
  // below the T-th best float is also below every kept one in double. One
  // pass keeps the T best floats; only when a candidate left out ties the
  // T-th float does a second pass gather all tied ones, so that the buffer
  // holds the T best by the exact double (ties to the lower index).
  void refill(Index j) {
    const auto ju = static_cast<std::size_t>(j);
    const float* col = column(j);
    const auto t = static_cast<std::size_t>(buffer_size_[ju]);
    const auto worse = [](const FloatTop& a, const FloatTop& b) { return a.f > b.f; };
    floats_.clear();
    float out = -std::numeric_limits<float>::infinity();  // best float left out
    for (Index i = 0; i < n_; ++i) {
      const float f = col[i];
      if (floats_.size() == t && !(f >= floats_.front().f)) {
        continue;  // the common case once the heap is full: one compare
      }
      if (f == -std::numeric_limits<float>::infinity() || placed_[static_cast<std::size_t>(i)]) {
        continue;
      }
      if (floats_.size() < t) {
        floats_.push_back(FloatTop{f, i});
        std::push_heap(floats_.begin(), floats_.end(), worse);
      } else {
        out = std::max(out, floats_.front().f);  // f ties it, or evicts it
        if (f > floats_.front().f) {
          std::pop_heap(floats_.begin(), floats_.end(), worse);
          floats_.back() = FloatTop{f, i};
          std::push_heap(floats_.begin(), floats_.end(), worse);
        }
      }
    }
    fill_[ju] = 0;
    built_[ju] = 1;
    if (floats_.empty()) {
      return;
    }
    const float threshold = floats_.front().f;
    chosen_.clear();
    if (out == threshold) {  // a tie at the threshold was left out
      for (Index i = 0; i < n_; ++i) {
        if (col[i] >= threshold && col[i] != -std::numeric_limits<float>::infinity() &&
            !placed_[static_cast<std::size_t>(i)]) {
          chosen_.push_back(Top{at(i, j), i});
        }
      }
    } else {
      for (const FloatTop& e : floats_) {
        chosen_.push_back(Top{at(e.candidate, j), e.candidate});
      }
    }
    // Ties at the threshold may exceed T; keep the T best by exact value.
    if (chosen_.size() > t) {
      std::nth_element(chosen_.begin(), chosen_.begin() + static_cast<std::ptrdiff_t>(t),
                       chosen_.end());
      chosen_.resize(t);
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
    relax_exchanges(j, base);
  }

  // Exchange arcs "j takes i from i's company", from j's list: best bound
  // first, stopping at the first bound that cannot beat the best end; then
  // the rescan entry for everything unlisted.
  void relax_exchanges(Index j, const Cost& base) {
    const auto ju = static_cast<std::size_t>(j);
    if (direct_) {  // a small matrix: read every placed candidate's pair
      for (const Index i : placed_list_) {
        const auto iu = static_cast<std::size_t>(i);
        const double x = at(i, j);
        if (company_[iu] != j && w_.allowed(x)) {
          offer(company_[iu], base - (w_.weight(x) - key_[iu]), j, i);
        }
      }
      return;
    }
    auto& list = list_[ju];
    std::size_t t = 0;
    for (; t < list.size(); ++t) {
      if (!(base - list[t].bound < best_t_)) {
        break;
      }
      const auto iu = static_cast<std::size_t>(list[t].candidate);
      const Cost v = w_.weight(list[t].u) - key_[iu];
      list[t].bound = v;
      if (company_[iu] != j) {
        offer(company_[iu], base - v, j, list[t].candidate);
      }
    }
    if (t > 0) {
      // The visited bounds are exact again, and lower: sort them and merge
      // them back into the untouched (still sorted) rest, stopping once they
      // are all placed.
      std::sort(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(t), Listed::better);
      visited_.assign(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(t));
      std::size_t a = 0;
      std::size_t b = t;
      std::size_t out = 0;
      while (a < t) {
        list[out++] =
            (b < list.size() && Listed::better(list[b], visited_[a])) ? list[b++] : visited_[a++];
      }
    }
    if (has_tau_[ju] != 0 && base - tau_[ju] < best_t_) {
      search_.push_other(base - tau_[ju], m_ + j);
    }
  }

  // Company j's list again, twice as long, at the current keys: the placed
  // candidates are screened by their float copy rounded up (a bound), the
  // kept ones get their exact value; then j's exchange arcs from there.
  void rescan(Index j) {
    const auto ju = static_cast<std::size_t>(j);
    want_[ju] = std::min<std::int64_t>(2 * want_[ju], n_);
    const auto want = static_cast<std::size_t>(want_[ju]);
    const float* col = column(j);
    const auto worse = [](const Listed& a, const Listed& b) { return Listed::better(a, b); };
    auto& heap = screen_;
    heap.clear();
    for (const Index i : placed_list_) {  // in index order: the column streams
      const float f = col[i];
      if (f == -std::numeric_limits<float>::infinity()) {
        continue;
      }
      const Listed e{w_.weight(above(f)) - key_[static_cast<std::size_t>(i)], 0.0, i};
      if (heap.size() <= want) {
        heap.push_back(e);
        std::push_heap(heap.begin(), heap.end(), worse);
      } else if (Listed::better(e, heap.front())) {
        std::pop_heap(heap.begin(), heap.end(), worse);
        heap.back() = e;
        std::push_heap(heap.begin(), heap.end(), worse);
      }
    }
    has_tau_[ju] = heap.size() > want ? 1 : 0;
    if (heap.size() > want) {  // the (want + 1)-th bound covers the rest
      std::pop_heap(heap.begin(), heap.end(), worse);
      tau_[ju] = heap.back().bound;
      heap.pop_back();
    }
    auto& list = list_[ju];
    list.clear();
    for (const Listed& e : heap) {
      const auto iu = static_cast<std::size_t>(e.candidate);
      const double x = at(e.candidate, j);
      list.push_back(Listed{w_.weight(x) - key_[iu], x, e.candidate});
    }
    std::sort(list.begin(), list.end(), Listed::better);
    relax_exchanges(j, state_[ju].dist + pot_[ju]);
  }

  // A newly placed candidate enters the list of every company where it may
  // beat what the list leaves out; a list twice its wanted length is cut
  // back, raising its bound.
  void enter_lists(Index i, const double* row) {
    const Cost key = key_[static_cast<std::size_t>(i)];
    for (Index c = 0; c < m_; ++c) {
      const auto cu = static_cast<std::size_t>(c);
      if (capacity_[cu] == 0 || !w_.allowed(row[c])) {
        continue;
      }
      const Listed e{w_.weight(row[c]) - key, row[c], i};
      if (has_tau_[cu] != 0 && !(tau_[cu] < e.bound)) {
        continue;
      }
      auto& list = list_[cu];
      list.insert(std::upper_bound(list.begin(), list.end(), e, Listed::better), e);
      const auto want = static_cast<std::size_t>(want_[cu]);
      if (list.size() > 2 * want) {
        const Cost cut = list[want].bound;
        tau_[cu] = (has_tau_[cu] != 0 && cut < tau_[cu]) ? tau_[cu] : cut;
        has_tau_[cu] = 1;
        list.resize(want);
      }
    }
  }

  void augment_from(Index source) {
    search_.start();
    best_t_ = Cost::infinity();
    offer(source, Cost{}, kNone, kNone);
    search_.run(
        state_, best_t_, [this](Index j, const Cost& d) { relax(j, d); },
        [this](Index id, const Cost& /*bound*/) { rescan(id - m_); });
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

  // key(i) = w(i, company) - π(company): the part of an exchange arc's
  // length that does not depend on the company taking the candidate.
  void refresh_keys(Index j) {
    const auto ju = static_cast<std::size_t>(j);
    for (std::int64_t q = member_start_[ju]; q < member_start_[ju] + member_count_[ju]; ++q) {
      const auto iu = static_cast<std::size_t>(members_[static_cast<std::size_t>(q)]);
      key_[iu] = weight_[iu] - pot_[ju];
    }
  }

  void add_member(Index j, Index i) {
    const auto ju = static_cast<std::size_t>(j);
    const std::int64_t q = member_start_[ju] + member_count_[ju]++;
    members_[static_cast<std::size_t>(q)] = i;
    member_pos_[static_cast<std::size_t>(i)] = q;
  }

  void remove_member(Index j, Index i) {
    const auto ju = static_cast<std::size_t>(j);
    const std::int64_t q = member_pos_[static_cast<std::size_t>(i)];
    const std::int64_t last = member_start_[ju] + --member_count_[ju];
    const Index moved = members_[static_cast<std::size_t>(last)];
    members_[static_cast<std::size_t>(q)] = moved;
    member_pos_[static_cast<std::size_t>(moved)] = q;
  }

  void place(Index i, Index j) {
    const auto iu = static_cast<std::size_t>(i);
    const bool first = company_[iu] == kNone;
    if (!first) {
      remove_member(company_[iu], i);
    }
    add_member(j, i);
    company_[iu] = j;
    weight_[iu] = w_.weight(at(i, j));
    key_[iu] = weight_[iu] - pot_[static_cast<std::size_t>(j)];
    if (first) {
      placed_[iu] = 1;
      // In index order, so that rescans read the column forwards.
      placed_list_.insert(std::upper_bound(placed_list_.begin(), placed_list_.end(), i), i);
      const double* row = u_ + static_cast<std::ptrdiff_t>(i) * stride_;
      for (Index c = 0; c < m_; ++c) {
        if (w_.allowed(row[c])) {
          ++placed_applicants_[static_cast<std::size_t>(c)];
        }
      }
      if (!direct_) {
        enter_lists(i, row);
      }
    }
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

  Spread spread_;
  bool prepared_ = false;
  const double* u_;
  std::ptrdiff_t stride_;
  Index n_;
  Index m_;
  const std::vector<Index>& capacity_;
  DenseWeights<Cost> w_;
  DenseTuning tuning_;
  std::vector<std::int64_t> buffer_size_;
  std::vector<std::int64_t> buffer_start_;
  std::unique_ptr<Top[]> top_;
  std::vector<std::int64_t> fill_;
  std::vector<std::uint8_t> built_;
  std::vector<std::uint8_t> placed_;
  std::unique_ptr<float[]> columns_;  // m x n, company-major, -inf where not allowed
  std::vector<FloatTop> floats_;
  std::vector<Top> chosen_;
  std::vector<std::int64_t> applicants_;
  std::vector<std::int64_t> placed_applicants_;
  std::vector<Cost> pot_;
  std::vector<Index> company_;
  std::vector<Cost> key_;     // per placed candidate: w(i, company) - π(company)
  std::vector<Cost> weight_;  // per placed candidate: w(i, company)
  bool direct_ = false;
  std::vector<Index> placed_list_;  // placed candidates, by index
  std::vector<std::int64_t> member_start_;
  std::vector<std::int64_t> member_count_;
  std::vector<Index> members_;
  std::vector<std::int64_t> member_pos_;
  std::vector<std::vector<Listed>> list_;  // per company, best bound first
  std::vector<Listed> visited_;
  std::vector<Listed> screen_;
  std::vector<Cost> tau_;  // bounds every unlisted candidate's value (if has_tau)
  std::vector<std::uint8_t> has_tau_;
  std::vector<std::int64_t> want_;
  std::vector<Index> path_;
  std::vector<State> state_;
  CompanySearch<Cost> search_;
  Cost best_t_{};
  Index exit_company_ = kNone;
  Exit exit_ = Exit::empty_seat;
  Index exit_candidate_ = kNone;
};

}  // namespace kobling::detail
