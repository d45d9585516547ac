// src/ssp.hpp (private) — the engine behind every exact solver: maximum-weight
// bipartite b-matching by successive shortest augmenting paths, with weights in
// a lexicographically ordered group.
//
// Network. Candidates i (supply 1 each), companies j (capacity c_j) and a sink
// T. Arcs: i -> j for each allowed pair (cost -w(i, j)), j -> T (capacity c_j,
// cost 0), and a private "stay unplaced" arc i -> T (cost 0) per candidate, so
// every candidate's unit of flow always reaches T: the problem becomes a
// transportation problem in which placing is optional. This is the formulation
// SciPy users build by hand with one zero-cost dummy column per row, without
// materialising the columns, and without expanding capacities into seats.
//
// Weights. w is a vector of integer levels followed by one real level, added
// entrywise and compared lexicographically (LexCost<K>). max_placement uses
// (1, utility): any extra placement outweighs any utility, exactly, with no
// big-M constant to lose precision. rank_maximal uses (e_r, score): the unit
// vector of the wish rank r, so the matching's total is its rank signature
// followed by its total score. Dijkstra, potentials and LP duality all work in
// any totally ordered abelian group, so nothing else changes.
//
// Algorithm. Candidates are added one at a time (as rows in the Hungarian
// method / Jonker-Volgenant): Dijkstra from the new candidate over the residual
// graph with reduced costs c(u, v) + π(u) - π(v) >= 0 finds the cheapest way to
// route its unit to T: take a free seat, displace someone along a chain of
// moves, or stay unplaced. The search stops when T is settled, and only the
// settled nodes' potentials change (π(v) -= D - d(v)), so a search costs
// O(touched · log touched), usually a handful of nodes. Potentials start at
// π(i) = 0, π(j) = -max_i w(i, j), π(T) = min(0, min_j π(j)), which makes all
// initial reduced costs non-negative. Invariant (standard SSP argument): after
// adding candidates 0..t the flow is a minimum-cost flow for their supplies, so
// at the end the matching has maximum weight.
//
// Certificate. With u_i = π(i) - π(T) and p_j = max(0, π(T) - π(j)):
// u, p >= 0; u_i + p_j >= w(i, j) on every arc (reduced cost >= 0); equality on
// matched arcs; u_i = 0 for unplaced i (its dummy arc is tight) and p_j = 0 for
// companies with a free seat (their j -> T arc has reduced cost >= 0). These are
// exactly the conditions DualCertificate states. Companies without seats are
// never searched; their price is set afterwards to max(0, max_i w(i, j) - u_i).
//
// Complexity: O(n · S log S) where S is the number of nodes a search settles;
// worst case S = n + m, in practice small. Memory O(arcs + n + m).
//
// References: R. K. Ahuja, T. L. Magnanti, J. B. Orlin, "Network Flows" (1993),
// ch. 9 (successive shortest paths, reduced costs); R. Jonker, A. Volgenant,
// "A shortest augmenting path algorithm for dense and sparse linear assignment
// problems", Computing 38 (1987).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "kobling/types.hpp"

namespace kobling::detail {

/// K integer levels followed by one real level; lexicographic order.
template <int K>
struct LexCost {
  std::array<std::int64_t, static_cast<std::size_t>(K)> major{};
  double minor = 0.0;

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
    c.minor = std::numeric_limits<double>::infinity();
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

/// Candidates' allowed pairs in CSR form with weights to maximise.
template <class Cost>
struct SspGraph {
  Index n = 0;
  Index m = 0;
  std::vector<std::int64_t> start;  ///< (n+1,) arc range per candidate
  std::vector<Index> head;          ///< company of each arc
  std::vector<Cost> weight;         ///< weight of each arc
  std::vector<Index> capacity;      ///< (m,)
};

template <class Cost>
struct SspResult {
  std::vector<std::int64_t> arc_of;  ///< (n,) matched arc, -1 = unplaced
  std::vector<Cost> u;               ///< (n,) candidate duals
  std::vector<Cost> p;               ///< (m,) company duals
};

template <class Cost>
class SspSolver {
 public:
  explicit SspSolver(const SspGraph<Cost>& g) : g_(g) {}

  SspResult<Cost> run() {
    init();
    for (Index i = 0; i < g_.n; ++i) {
      augment_from(i);
    }
    return result();
  }

 private:
  using Node = std::int32_t;  // candidate i, company n + j, sink n + m
  struct Item {
    Cost key;
    Node node;
    // Min-heap order under std::push_heap's max-heap convention; ties by node
    // index keep the search deterministic.
    bool operator<(const Item& b) const noexcept {
      return b.key < key || (!(key < b.key) && node > b.node);
    }
  };
  // Per-node search state, one cache line or less per node.
  struct State {
    Cost dist{};
    std::int64_t pred = -1;  // arc (company nodes), company (candidates), node (sink)
    std::uint32_t mark = 0;  // 2*round: reached this round; 2*round+1: settled
  };

  void init() {
    const auto n = static_cast<std::size_t>(g_.n);
    const auto m = static_cast<std::size_t>(g_.m);
    arc_of_.assign(n, -1);
    slot_of_.assign(n, -1);
    pot_.assign(n + m + 1, Cost{});
    std::vector<char> seen(m, 0);
    std::vector<std::int64_t> indegree(m, 0);
    for (std::size_t a = 0; a < g_.head.size(); ++a) {
      const auto j = static_cast<std::size_t>(g_.head[a]);
      const Cost c = -g_.weight[a];
      if (seen[j] == 0 || c < pot_[n + j]) {
        pot_[n + j] = c;
        seen[j] = 1;
      }
      ++indegree[j];
    }
    Cost pt{};
    for (std::size_t j = 0; j < m; ++j) {
      if (pot_[n + j] < pt) {
        pt = pot_[n + j];
      }
    }
    pot_[n + m] = pt;
    // Seat slots: company j never holds more than its indegree; one spare
    // slot when the capacity is larger keeps its seat-to-sink arc residual,
    // so its price is certified 0 (it does have a free seat).
    slot_start_.assign(m + 1, 0);
    for (std::size_t j = 0; j < m; ++j) {
      slot_start_[j + 1] = slot_start_[j] + std::min<std::int64_t>(indegree[j] + 1, g_.capacity[j]);
    }
    fill_.assign(m, 0);
    member_.assign(static_cast<std::size_t>(slot_start_[m]), kNone);
    arc_tail_.resize(g_.head.size());
    for (Index i = 0; i < g_.n; ++i) {
      const auto iu = static_cast<std::size_t>(i);
      std::fill(arc_tail_.begin() + g_.start[iu], arc_tail_.begin() + g_.start[iu + 1], i);
    }
    state_.assign(n + m + 1, State{});
  }

  SspResult<Cost> result() const {
    SspResult<Cost> r;
    const auto n = static_cast<std::size_t>(g_.n);
    const Cost pt = pot_[static_cast<std::size_t>(sink())];
    r.arc_of = arc_of_;
    r.u.resize(n);
    r.p.resize(static_cast<std::size_t>(g_.m));
    for (std::size_t i = 0; i < n; ++i) {
      r.u[i] = pot_[i] - pt;
    }
    for (std::size_t j = 0; j < r.p.size(); ++j) {
      const Cost d = pt - pot_[n + j];
      r.p[j] = d < Cost{} ? Cost{} : d;
    }
    // A company without seats is never searched, so its potential says
    // nothing; it is always full, so any price >= every w - u certifies it.
    for (Index i = 0; i < g_.n; ++i) {
      const auto iu = static_cast<std::size_t>(i);
      for (std::int64_t a = g_.start[iu]; a < g_.start[iu + 1]; ++a) {
        const auto ju = static_cast<std::size_t>(g_.head[static_cast<std::size_t>(a)]);
        if (slot_start_[ju + 1] == slot_start_[ju]) {
          const Cost need = g_.weight[static_cast<std::size_t>(a)] - r.u[iu];
          if (r.p[ju] < need) {
            r.p[ju] = need;
          }
        }
      }
    }
    return r;
  }

  [[nodiscard]] Node company_node(Index j) const noexcept { return g_.n + j; }
  [[nodiscard]] Node sink() const noexcept { return g_.n + g_.m; }

  // Offers distance d to node v, reached by `pred`. The sink is not kept in
  // the heap: its tentative distance is best_t_, and nodes at distance >=
  // best_t_ are never pushed, since the search stops before settling them.
  void offer(Node v, const Cost& d, std::int64_t pred) {
    if (!(d < best_t_)) {
      return;
    }
    State& s = state_[static_cast<std::size_t>(v)];
    if (s.mark == reached_ + 1) {
      return;  // settled
    }
    if (s.mark != reached_ || d < s.dist) {
      s.mark = reached_;
      s.dist = d;
      s.pred = pred;
      heap_.push_back(Item{d, v});
      std::push_heap(heap_.begin(), heap_.end());
    }
  }

  void offer_sink(const Cost& d, std::int64_t pred) {
    if (d < best_t_) {
      best_t_ = d;
      sink_pred_ = pred;
    }
  }

  void augment_from(Index source) {
    reached_ += 2;
    touched_.clear();
    heap_.clear();
    best_t_ = kUnreached;
    sink_pred_ = -1;
    offer(source, Cost{}, -1);
    while (!heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end());
      const Item it = heap_.back();
      heap_.pop_back();
      if (!(it.key < best_t_)) {
        break;  // the sink is next
      }
      State& s = state_[static_cast<std::size_t>(it.node)];
      if (s.mark == reached_ + 1 || s.dist < it.key) {
        continue;  // stale entry
      }
      s.mark = reached_ + 1;
      touched_.push_back(it.node);
      if (it.node < g_.n) {
        relax_candidate(it.node, it.key);
      } else {
        relax_company(it.node - g_.n, it.key);
      }
    }
    // Potentials of settled nodes: π(v) -= D - d(v).
    const Cost dt = best_t_;
    for (const Node v : touched_) {
      const auto vu = static_cast<std::size_t>(v);
      pot_[vu] -= dt - state_[vu].dist;
    }
    apply_path(source);
  }

  void relax_candidate(Index x, const Cost& dx) {
    const auto xu = static_cast<std::size_t>(x);
    const Cost base = dx + pot_[xu];
    // The dummy arc first (the candidate leaves the market): it bounds the
    // search, so arcs that cannot beat it are never pushed.
    offer_sink(base - pot_[static_cast<std::size_t>(sink())], x);
    const std::int64_t current = arc_of_[xu];
    for (std::int64_t a = g_.start[xu]; a < g_.start[xu + 1]; ++a) {
      if (a == current) {
        continue;
      }
      const Index j = g_.head[static_cast<std::size_t>(a)];
      const auto ju = static_cast<std::size_t>(j);
      if (slot_start_[ju + 1] == slot_start_[ju]) {
        continue;  // no seats at all
      }
      Cost d = base;
      d -= g_.weight[static_cast<std::size_t>(a)];
      d -= pot_[static_cast<std::size_t>(company_node(j))];
      offer(company_node(j), d, a);
    }
  }

  void relax_company(Index j, const Cost& dj) {
    const auto ju = static_cast<std::size_t>(j);
    const Cost base = dj + pot_[static_cast<std::size_t>(company_node(j))];
    const std::int64_t cap = slot_start_[ju + 1] - slot_start_[ju];
    if (fill_[ju] < cap) {
      offer_sink(base - pot_[static_cast<std::size_t>(sink())], company_node(j));
    }
    for (std::int64_t s = slot_start_[ju]; s < slot_start_[ju] + fill_[ju]; ++s) {
      const Index x = member_[static_cast<std::size_t>(s)];
      const auto xu = static_cast<std::size_t>(x);
      Cost d = base;
      d += g_.weight[static_cast<std::size_t>(arc_of_[xu])];
      d -= pot_[xu];
      offer(x, d, j);
    }
  }

  void apply_path(Index source) {
    const std::int64_t last = sink_pred_;
    Index j;
    std::int64_t slot;
    if (last >= g_.n) {  // a free seat at company `last - n`
      j = static_cast<Index>(last - g_.n);
      const auto ju = static_cast<std::size_t>(j);
      slot = slot_start_[ju] + fill_[ju]++;
    } else {  // candidate `last` leaves for its dummy
      const auto x = static_cast<Index>(last);
      const auto xu = static_cast<std::size_t>(x);
      if (x == source) {
        return;  // the new candidate stays unplaced
      }
      slot = slot_of_[xu];
      j = static_cast<Index>(state_[xu].pred);
      arc_of_[xu] = -1;
      slot_of_[xu] = -1;
    }
    // Walk back: the candidate that reached company j takes the freed slot.
    for (;;) {
      const std::int64_t a = state_[static_cast<std::size_t>(company_node(j))].pred;
      const Index x = arc_tail_[static_cast<std::size_t>(a)];
      const auto xu = static_cast<std::size_t>(x);
      const std::int64_t old_slot = slot_of_[xu];
      arc_of_[xu] = a;
      slot_of_[xu] = slot;
      member_[static_cast<std::size_t>(slot)] = x;
      if (x == source) {
        return;
      }
      j = static_cast<Index>(state_[xu].pred);
      slot = old_slot;
    }
  }

  const SspGraph<Cost>& g_;
  std::vector<std::int64_t> arc_of_;
  std::vector<std::int64_t> slot_of_;
  std::vector<Cost> pot_;  // potentials: candidates, companies, sink
  std::vector<std::int64_t> slot_start_;
  std::vector<std::int64_t> fill_;
  std::vector<Index> member_;
  std::vector<Index> arc_tail_;
  std::vector<State> state_;
  std::vector<Node> touched_;
  std::vector<Item> heap_;  // binary heap, reused across searches
  std::uint32_t reached_ = 0;
  Cost best_t_{};  // tentative distance of the sink in this search
  std::int64_t sink_pred_ = -1;
  static constexpr Cost kUnreached = Cost::infinity();
};

template <class Cost>
SspResult<Cost> solve_ssp(const SspGraph<Cost>& g) {
  return SspSolver<Cost>(g).run();
}

}  // namespace kobling::detail
