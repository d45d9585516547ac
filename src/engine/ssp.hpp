// src/engine/ssp.hpp (private) — what every exact solver shares: the flow network,
// the lexicographic weights and the shape of a solution with its duals.
//
// Network. Candidates i (supply 1 each), companies j (capacity c_j) and a sink
// T. Arcs: i -> j for each allowed pair (cost -w(i, j)), j -> T (capacity c_j,
// cost 0), and a private "stay unplaced" arc i -> T (cost 0) per candidate, so
// every candidate's unit of flow always reaches T: the problem becomes a
// transportation problem in which placing is optional. This is the formulation
// SciPy users build by hand with one zero-cost dummy column per row, without
// materialising the columns, and without expanding capacities into seats. The
// engines (seat_ssp.hpp for arc lists, dense_seat_ssp.hpp for full matrices)
// solve it by successive shortest augmenting paths routed from the companies'
// seats; their essays give the algorithms.
//
// Weights. w is a vector of integer levels followed by one real level, added
// entrywise and compared lexicographically (LexCost<K>). max_placement uses
// (1, utility): any extra placement outweighs any utility, exactly, with no
// big-M constant to lose precision. rank_maximal uses (e_r, score): the unit
// vector of the wish rank r, so the matching's total is its rank signature
// followed by its total score. Dijkstra, potentials and LP duality all work in
// any totally ordered abelian group, so nothing else changes.
//
// Certificate. An engine returns u_i >= 0 per candidate and p_j >= 0 per
// company with u_i + p_j >= w(i, j) on every allowed pair (reduced cost >= 0),
// equality on matched pairs, u_i = 0 for unplaced i and p_j = 0 for companies
// with a free seat: exactly the conditions DualCertificate states
// (assignment.hpp), checked independently from the inputs by verify.cpp. By LP
// duality they prove the matching optimal.
//
// References: R. K. Ahuja, T. L. Magnanti, J. B. Orlin, "Network Flows" (1993),
// ch. 9 (successive shortest paths, reduced costs); R. Jonker, A. Volgenant,
// "A shortest augmenting path algorithm for dense and sparse linear assignment
// problems", Computing 38 (1987).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "common/scratch.hpp"
#include "kobling/types.hpp"

namespace kobling::detail {

/// A real number carried as an unevaluated sum hi + lo of two doubles (|lo| at
/// most half an ulp of hi): about 106 bits, so sums of values spread over 16
/// orders of magnitude stay exact to the smallest of them. Addition is
/// Knuth's TwoSum followed by a renormalisation; the order compares hi, then
/// lo. Used as the real level of LexCost when a problem's weights span too
/// many orders of magnitude for one double (Spread, wish_lists.hpp).
struct Wide {
  double hi = 0.0;
  double lo = 0.0;

  Wide() = default;
  constexpr Wide(double x) noexcept : hi(x) {}  // NOLINT(google-explicit-constructor)
  constexpr Wide(double h, double l) noexcept : hi(h), lo(l) {}

  friend Wide operator+(const Wide& a, const Wide& b) noexcept {
    const double s = a.hi + b.hi;
    if (!(s - s == 0.0)) {  // inf or NaN: no low part
      return Wide{s, 0.0};
    }
    const double bb = s - a.hi;
    const double err = (a.hi - (s - bb)) + (b.hi - bb);
    const double low = err + a.lo + b.lo;
    const double high = s + low;
    return Wide{high, low - (high - s)};
  }
  friend Wide operator-(const Wide& a) noexcept { return Wide{-a.hi, -a.lo}; }
  friend Wide operator-(const Wide& a, const Wide& b) noexcept { return a + (-b); }
  Wide& operator+=(const Wide& b) noexcept { return *this = *this + b; }
  Wide& operator-=(const Wide& b) noexcept { return *this = *this - b; }
  friend bool operator<(const Wide& a, const Wide& b) noexcept {
    return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo);
  }
  friend bool operator==(const Wide& a, const Wide& b) noexcept {
    return a.hi == b.hi && a.lo == b.lo;
  }
};

/// The value of a real level as a double (rounded once, at the end).
[[nodiscard]] inline double to_double(double x) noexcept { return x; }
[[nodiscard]] inline double to_double(const Wide& x) noexcept { return x.hi + x.lo; }

/// K integer levels followed by one real level (double, or Wide);
/// lexicographic order.
template <int K, class Real = double>
struct LexCost {
  std::array<std::int64_t, static_cast<std::size_t>(K)> major{};
  Real minor = 0.0;

  LexCost& operator+=(const LexCost& b) noexcept {
    for (std::size_t k = 0; k < major.size(); ++k) {
      major[k] += b.major[k];
    }
    minor += b.minor;
    return *this;
  }
  LexCost& operator-=(const LexCost& b) noexcept {
    for (std::size_t k = 0; k < major.size(); ++k) {
      major[k] -= b.major[k];
    }
    minor -= b.minor;
    return *this;
  }
  friend LexCost operator+(LexCost a, const LexCost& b) noexcept { return a += b; }
  friend LexCost operator-(LexCost a, const LexCost& b) noexcept { return a -= b; }
  LexCost operator-() const noexcept { return LexCost{} - *this; }
  /// Larger than every finite cost (used as "not reached").
  static constexpr LexCost infinity() noexcept {
    LexCost c;
    for (auto& x : c.major) {
      x = std::numeric_limits<std::int64_t>::max();
    }
    c.minor = Real(std::numeric_limits<double>::infinity());
    return c;
  }
  friend bool operator<(const LexCost& a, const LexCost& b) noexcept {
    for (std::size_t k = 0; k < a.major.size(); ++k) {
      if (a.major[k] != b.major[k]) {
        return a.major[k] < b.major[k];
      }
    }
    return a.minor < b.minor;
  }
  friend bool operator>(const LexCost& a, const LexCost& b) noexcept { return b < a; }
};

/// The Dijkstra over companies that both seat engines run (seat_ssp.hpp,
/// dense_seat_ssp.hpp): a min-heap of tentative distances (ties to the lower
/// company index), per-company marks that say "reached in this search" or
/// "settled in this search" without clearing anything between searches, and
/// the list of companies the search settled. A State has `dist` and `mark`.
template <class Cost>
class CompanySearch {
 public:
  /// A new search: nothing reached, nothing settled.
  void start() {
    reached_ += 2;
    queue_.clear();
    touched_.clear();
  }

  /// Records d as company j's distance when it improves on what this search
  /// has (and j is not settled); the caller then stores the predecessor.
  template <class State>
  bool improve(State& s, Index j, const Cost& d) {
    if (s.mark == reached_ + 1 || (s.mark == reached_ && !(d < s.dist))) {
      return false;
    }
    s.mark = reached_;
    s.dist = d;
    queue_.push_back(Item{d, j});
    std::push_heap(queue_.begin(), queue_.end());
    return true;
  }

  /// Queues an entry that is not a company: `id` >= the number of companies.
  /// run() hands it to its `other` callback when it comes first (the dense
  /// engine's "read this company's column again", keyed by a lower bound).
  void push_other(const Cost& key, Index id) {
    queue_.push_back(Item{key, id});
    std::push_heap(queue_.begin(), queue_.end());
  }

  /// Settles companies in order of distance while one can beat `best`
  /// (re-read after every call, which may lower it), calling relax(j, d);
  /// entries queued by push_other go to other(id, key) in the same order.
  template <class States, class Relax, class Other>
  void run(States& state, const Cost& best, Relax relax, Other other) {
    while (!queue_.empty()) {
      std::pop_heap(queue_.begin(), queue_.end());
      const Item it = queue_.back();
      queue_.pop_back();
      if (!(it.key < best)) {
        break;
      }
      if (static_cast<std::size_t>(it.company) >= state.size()) {
        other(it.company, it.key);
        continue;
      }
      auto& s = state[static_cast<std::size_t>(it.company)];
      if (s.mark == reached_ + 1 || s.dist < it.key) {
        continue;  // settled already, or a stale entry
      }
      s.mark = reached_ + 1;
      touched_.push_back(it.company);
      relax(it.company, it.key);
    }
  }

  template <class States, class Relax>
  void run(States& state, const Cost& best, Relax relax) {
    run(state, best, relax, [](Index, const Cost&) {});
  }

  /// The companies settled by the last search.
  [[nodiscard]] const ScratchVector<Index>& settled() const noexcept { return touched_; }

 private:
  struct Item {
    Cost key;
    Index company;
    bool operator<(const Item& b) const noexcept {  // min-heap via std::push_heap
      return b.key < key || (!(key < b.key) && company > b.company);
    }
  };
  ScratchVector<Item> queue_;
  ScratchVector<Index> touched_;
  std::uint32_t reached_ = 0;
};

template <class Cost>
struct SspResult {
  ScratchVector<std::int64_t> arc_of;  ///< (n,) matched arc, -1 = unplaced
  ScratchVector<Cost> u;               ///< (n,) candidate duals
  ScratchVector<Cost> p;               ///< (m,) company duals
};

}  // namespace kobling::detail
