#include "engine/laminar_flow.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>

#include "engine/ssp.hpp"

namespace kobling::detail {

namespace {

// A bound's members on one side, sorted and without repeats (an empty list:
// every one of `count`).
std::vector<Index> members(const std::vector<Index>& listed, Index count) {
  std::vector<Index> out = listed;
  if (out.empty()) {
    out.resize(static_cast<std::size_t>(count));
    std::iota(out.begin(), out.end(), Index{0});
    return out;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Nests the bounds `ids` of one side, larger sets first; false when two cross.
// Processing a set, every member's smallest set so far must be the same one
// (its parent): a member whose smallest set differs, or has none, shows a set
// processed earlier (so at least as large) that the new one crosses.
bool nest(const BoundOptions& o, const std::vector<std::size_t>& ids, bool company_side,
          Index count, NestedSets& s) {
  std::vector<std::vector<Index>> sets;
  for (const std::size_t b : ids) {
    const Bound& bound = o.bounds[b];
    sets.push_back(members(company_side ? bound.companies : bound.candidates, count));
  }
  std::vector<std::size_t> order(ids.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&sets](std::size_t x, std::size_t y) {
    return sets[x].size() > sets[y].size();
  });
  s.leaf.assign(static_cast<std::size_t>(count), kNone);
  for (const std::size_t q : order) {
    const std::vector<Index>& set = sets[q];
    const Index owner = set.empty() ? kNone : s.leaf[static_cast<std::size_t>(set.front())];
    for (const Index e : set) {
      if (s.leaf[static_cast<std::size_t>(e)] != owner) {
        return false;
      }
    }
    const auto here = static_cast<Index>(s.parent.size());
    for (const Index e : set) {
      s.leaf[static_cast<std::size_t>(e)] = here;
    }
    const Bound& bound = o.bounds[ids[q]];
    s.parent.push_back(owner);
    s.lower.push_back(bound.lower);
    s.upper.push_back(bound.upper);
    s.bound.push_back(static_cast<Index>(ids[q]));
  }
  return true;
}

// The residual network: per node a range of entries, each with its head, the
// residual capacity, the cost and the index of the reverse entry.
template <class Cost>
struct Network {
  std::vector<std::size_t> start;  // (nodes + 1,)
  std::vector<Index> head;
  std::vector<std::int64_t> cap;
  std::vector<Cost> cost;
  std::vector<std::int64_t> mate;
};

struct Edge {
  Index from;
  Index to;
  std::int64_t cap;
  int met;            // +1: a lower bound's part (reward), -1: overflow (cost), 0: none
  std::int64_t pair;  // the pair arc, or -1
};

template <int K>
std::optional<LaminarFlow> solve(const ArcLists& a, const LaminarBounds& lb, std::size_t levels,
                                 const ArcLevelWeights& weight) {
  using Cost = LexCost<K, double>;
  const Index n = a.n;
  const Index m = a.m;
  const auto sets = static_cast<Index>(lb.companies.parent.size());
  const auto groups = static_cast<Index>(lb.candidates.parent.size());
  const Index first_set = n + m;
  const Index first_group = first_set + sets;
  const Index sink = first_group + groups;
  const Index nodes = sink + 1;
  const std::int64_t plenty = static_cast<std::int64_t>(n) + 1;

  // The pair arcs' costs (the negated weights, "met" level 0).
  const std::size_t arcs = a.arc.size();
  std::vector<Cost> pair_cost(arcs);
  std::vector<double> w(levels);
  for (std::size_t e = 0; e < arcs; ++e) {
    weight(static_cast<std::int64_t>(e), w.data());
    Cost& c = pair_cost[e];
    for (std::size_t l = 0; l + 1 < levels; ++l) {
      if (w[l] != std::round(w[l]) || std::fabs(w[l]) > 1e15) {
        return std::nullopt;
      }
      c.major[l + 1] = -static_cast<std::int64_t>(w[l]);
    }
    c.minor = -w[levels - 1];
  }

  std::vector<Edge> edges;
  edges.reserve(arcs + static_cast<std::size_t>(n + m) +
                3 * static_cast<std::size_t>(sets + groups));
  std::int64_t target = 0;  // the "met" level every lower bound reaches
  bool possible = true;
  for (Index i = 0; i < n; ++i) {
    for (std::int64_t e = a.start[static_cast<std::size_t>(i)];
         e < a.start[static_cast<std::size_t>(i) + 1]; ++e) {
      edges.push_back({i, n + a.arc[static_cast<std::size_t>(e)].head, 1, 0, e});
    }
    const Index g = lb.candidates.leaf[static_cast<std::size_t>(i)];
    edges.push_back({i, g == kNone ? sink : first_group + g, 1, 0, -1});
  }
  for (Index j = 0; j < m; ++j) {
    const Index s = lb.companies.leaf[static_cast<std::size_t>(j)];
    edges.push_back({n + j, s == kNone ? sink : first_set + s,
                     std::min<std::int64_t>(a.capacity[static_cast<std::size_t>(j)], plenty), 0,
                     -1});
  }
  for (Index s = 0; s < sets; ++s) {
    const auto su = static_cast<std::size_t>(s);
    const Index up = lb.companies.parent[su] == kNone ? sink : first_set + lb.companies.parent[su];
    const std::int64_t upper = lb.companies.upper[su] == kNone
                                   ? plenty
                                   : std::min<std::int64_t>(lb.companies.upper[su], plenty);
    const std::int64_t must = std::min<std::int64_t>(lb.companies.lower[su], upper);
    target += lb.companies.lower[su];
    edges.push_back({first_set + s, up, must, 1, -1});
    edges.push_back({first_set + s, up, upper - must, 0, -1});
  }
  std::vector<std::int64_t> group_size(static_cast<std::size_t>(groups), 0);
  for (Index i = 0; i < n; ++i) {  // members of each group and its subgroups
    for (Index g = lb.candidates.leaf[static_cast<std::size_t>(i)]; g != kNone;
         g = lb.candidates.parent[static_cast<std::size_t>(g)]) {
      ++group_size[static_cast<std::size_t>(g)];
    }
  }
  for (Index g = 0; g < groups; ++g) {
    const auto gu = static_cast<std::size_t>(g);
    const Index up =
        lb.candidates.parent[gu] == kNone ? sink : first_group + lb.candidates.parent[gu];
    const std::int64_t size = group_size[gu];
    const std::int64_t lower = lb.candidates.lower[gu];
    possible = possible && lower <= size;
    // Unplaced members: at least size - upper, at most size - lower.
    const std::int64_t must = lb.candidates.upper[gu] == kNone
                                  ? 0
                                  : std::max<std::int64_t>(0, size - lb.candidates.upper[gu]);
    const std::int64_t most = std::max<std::int64_t>(0, size - lower);
    target += must;
    edges.push_back({first_group + g, up, must, 1, -1});
    edges.push_back({first_group + g, up, most - must, 0, -1});
    edges.push_back({first_group + g, up, plenty, -1, -1});
  }

  // Residual entries, forward ones first at each node.
  Network<Cost> net;
  net.start.assign(static_cast<std::size_t>(nodes) + 1, 0);
  for (const Edge& e : edges) {
    ++net.start[static_cast<std::size_t>(e.from) + 1];
    ++net.start[static_cast<std::size_t>(e.to) + 1];
  }
  for (std::size_t v = 0; v < static_cast<std::size_t>(nodes); ++v) {
    net.start[v + 1] += net.start[v];
  }
  const std::size_t entries = net.start.back();
  net.head.resize(entries);
  net.cap.resize(entries);
  net.cost.resize(entries);
  net.mate.resize(entries);
  std::vector<std::size_t> fill(net.start.begin(), net.start.end() - 1);
  std::vector<std::int64_t> forward(edges.size());
  for (std::size_t q = 0; q < edges.size(); ++q) {  // forward entries
    const Edge& e = edges[q];
    const std::size_t f = fill[static_cast<std::size_t>(e.from)]++;
    forward[q] = static_cast<std::int64_t>(f);
    net.head[f] = e.to;
    net.cap[f] = e.cap;
    if (e.pair >= 0) {
      net.cost[f] = pair_cost[static_cast<std::size_t>(e.pair)];
    } else {
      net.cost[f] = Cost{};
      net.cost[f].major[0] = -e.met;
    }
  }
  for (std::size_t q = 0; q < edges.size(); ++q) {  // reverse entries
    const Edge& e = edges[q];
    const std::size_t r = fill[static_cast<std::size_t>(e.to)]++;
    const auto f = static_cast<std::size_t>(forward[q]);
    net.head[r] = e.from;
    net.cap[r] = 0;
    net.cost[r] = -net.cost[f];
    net.mate[r] = forward[q];
    net.mate[f] = static_cast<std::int64_t>(r);
  }

  // First potentials: shortest distances from a virtual source joined to
  // every node at cost 0, in topological order (the network is acyclic).
  std::vector<Cost> pi(static_cast<std::size_t>(nodes));
  const auto relax_all = [&](Index u) {
    const auto uu = static_cast<std::size_t>(u);
    for (std::size_t f = net.start[uu]; f < net.start[uu + 1]; ++f) {
      if (net.cap[f] > 0) {
        const Cost d = pi[uu] + net.cost[f];
        Cost& p = pi[static_cast<std::size_t>(net.head[f])];
        if (d < p) {
          p = d;
        }
      }
    }
  };
  for (Index v = 0; v < first_set; ++v) {
    relax_all(v);
  }
  for (Index s = sets - 1; s >= 0; --s) {
    relax_all(first_set + s);
  }
  for (Index g = groups - 1; g >= 0; --g) {
    relax_all(first_group + g);
  }

  // Successive shortest paths, one candidate's unit at a time.
  struct State {
    Cost dist;
    std::int64_t via = -1;  // the entry that reached the node
    std::uint32_t mark = 0;
  };
  struct Item {
    Cost key;
    Index node;
    bool sink;
    bool operator<(const Item& b) const noexcept {  // min-heap; the sink first on ties
      return b.key < key || (!(key < b.key) && !sink && b.sink);
    }
  };
  std::vector<State> state(static_cast<std::size_t>(nodes));
  std::vector<Item> heap;
  std::vector<Index> settled;
  std::vector<Index> tail(entries);
  for (Index v = 0; v < nodes; ++v) {
    for (std::size_t f = net.start[static_cast<std::size_t>(v)];
         f < net.start[static_cast<std::size_t>(v) + 1]; ++f) {
      tail[f] = v;
    }
  }
  std::uint32_t epoch = 0;
  for (Index source = 0; source < n; ++source) {
    epoch += 2;
    heap.clear();
    settled.clear();
    State& s0 = state[static_cast<std::size_t>(source)];
    s0 = State{Cost{}, -1, epoch};
    heap.push_back(Item{Cost{}, source, false});
    State& ts = state[static_cast<std::size_t>(sink)];
    Cost best = Cost::infinity();
    while (!heap.empty()) {
      std::pop_heap(heap.begin(), heap.end());
      const Item it = heap.back();
      heap.pop_back();
      State& su = state[static_cast<std::size_t>(it.node)];
      if (su.mark == epoch + 1 || su.dist < it.key) {
        continue;
      }
      su.mark = epoch + 1;
      settled.push_back(it.node);
      if (it.node == sink) {
        break;
      }
      const auto uu = static_cast<std::size_t>(it.node);
      for (std::size_t f = net.start[uu]; f < net.start[uu + 1]; ++f) {
        if (!(it.key < best)) {
          break;  // nothing from here can beat the sink's distance
        }
        if (net.cap[f] <= 0) {
          continue;
        }
        const Index v = net.head[f];
        const auto vu = static_cast<std::size_t>(v);
        const Cost d = it.key + (net.cost[f] + pi[uu] - pi[vu]);
        if (!(d < best)) {
          continue;
        }
        State& sv = state[vu];
        if (sv.mark == epoch + 1 || (sv.mark == epoch && !(d < sv.dist))) {
          continue;
        }
        sv.mark = epoch;
        sv.dist = d;
        sv.via = static_cast<std::int64_t>(f);
        if (v == sink) {
          best = d;
        }
        heap.push_back(Item{d, v, v == sink});
        std::push_heap(heap.begin(), heap.end());
      }
    }
    // The sink is always reached: every unit may stay unplaced (overflow
    // parts have room for all).
    const Cost dt = ts.dist;
    for (const Index v : settled) {
      State& sv = state[static_cast<std::size_t>(v)];
      pi[static_cast<std::size_t>(v)] += sv.dist - dt;
    }
    for (Index v = sink; v != source;) {
      const auto f = static_cast<std::size_t>(state[static_cast<std::size_t>(v)].via);
      --net.cap[f];
      ++net.cap[static_cast<std::size_t>(net.mate[f])];
      v = tail[f];
    }
  }

  LaminarFlow out;
  out.x.assign(arcs, 0);
  out.levels.assign(levels, 0.0);
  std::int64_t met = 0;
  for (std::size_t q = 0; q < edges.size(); ++q) {
    const Edge& e = edges[q];
    const std::int64_t used = e.cap - net.cap[static_cast<std::size_t>(forward[q])];
    met += e.met * used;
    if (e.pair >= 0 && used > 0) {
      out.x[static_cast<std::size_t>(e.pair)] = 1;
      weight(e.pair, w.data());
      for (std::size_t l = 0; l < levels; ++l) {
        out.levels[l] += w[l];
      }
    }
  }
  out.feasible = possible && met == target;
  return out;
}

}  // namespace

std::optional<LaminarBounds> laminar_bounds(const BoundOptions& o, const std::vector<char>& use,
                                            Index n, Index m) {
  std::vector<std::size_t> company_side;
  std::vector<std::size_t> candidate_side;
  for (std::size_t b = 0; b < o.bounds.size(); ++b) {
    if (use[b] == 0) {
      continue;
    }
    const Bound& bound = o.bounds[b];
    if (!bound.hard() || bound.all_or_nothing) {
      return std::nullopt;
    }
    if (bound.candidates.empty()) {
      company_side.push_back(b);
    } else if (bound.companies.empty()) {
      candidate_side.push_back(b);
    } else {
      return std::nullopt;
    }
  }
  LaminarBounds out;
  if (!nest(o, company_side, true, m, out.companies) ||
      !nest(o, candidate_side, false, n, out.candidates)) {
    return std::nullopt;
  }
  return out;
}

std::optional<LaminarFlow> solve_laminar_flow(const ArcLists& a, const LaminarBounds& bounds,
                                              std::size_t levels, const ArcLevelWeights& weight) {
  if (levels <= 4) {
    return solve<4>(a, bounds, levels, weight);
  }
  if (levels <= 8) {
    return solve<8>(a, bounds, levels, weight);
  }
  return std::nullopt;
}

}  // namespace kobling::detail
