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
  std::int64_t candidate_units = n;
  if (!lb.candidate_units.empty()) {
    candidate_units = 0;
    for (const Index u : lb.candidate_units) {
      candidate_units += u;
    }
  }
  const std::int64_t plenty = candidate_units + 1;
  // Units: a candidate supplies one, a company at most min(seats, applicants).
  std::vector<std::int64_t> seats(static_cast<std::size_t>(m), 0);
  for (const RawArc& arc : a.arc) {
    ++seats[static_cast<std::size_t>(arc.head)];
  }
  std::int64_t total_seats = 0;
  for (Index j = 0; j < m; ++j) {
    auto& c = seats[static_cast<std::size_t>(j)];
    c = std::min<std::int64_t>(c, a.capacity[static_cast<std::size_t>(j)]);
    total_seats += c;
  }
  // Route from the side with fewer units: its members are the sources.
  const bool from_candidates = candidate_units <= total_seats;
  const Index ns = from_candidates ? n : m;
  const Index nt = from_candidates ? m : n;
  const NestedSets& source_sets = from_candidates ? lb.candidates : lb.companies;
  const NestedSets& sink_sets = from_candidates ? lb.companies : lb.candidates;
  const auto units = [&](bool candidate, Index x) -> std::int64_t {
    if (!candidate) {
      return seats[static_cast<std::size_t>(x)];
    }
    return lb.candidate_units.empty() ? 1 : lb.candidate_units[static_cast<std::size_t>(x)];
  };
  const auto tsets = static_cast<Index>(sink_sets.parent.size());
  const auto ssets = static_cast<Index>(source_sets.parent.size());
  const Index first_tset = ns + nt;
  const Index first_sset = first_tset + tsets;
  const Index sink = first_sset + ssets;
  const Index nodes = sink + 1;

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
                3 * static_cast<std::size_t>(tsets + ssets));
  std::int64_t target = 0;  // the "met" level every lower bound reaches
  bool possible = true;
  for (Index i = 0; i < n; ++i) {
    for (std::int64_t e = a.start[static_cast<std::size_t>(i)];
         e < a.start[static_cast<std::size_t>(i) + 1]; ++e) {
      const Index j = a.arc[static_cast<std::size_t>(e)].head;
      edges.push_back(from_candidates ? Edge{i, ns + j, 1, 0, e} : Edge{j, ns + i, 1, 0, e});
    }
  }
  // Sink side: each member to its smallest set (or the sink) with its
  // capacity; each set on with its bound, the first `lower` units rewarded.
  for (Index t = 0; t < nt; ++t) {
    const Index s = sink_sets.leaf[static_cast<std::size_t>(t)];
    edges.push_back({ns + t, s == kNone ? sink : first_tset + s,
                     std::min(units(!from_candidates, t), plenty), 0, -1});
  }
  for (Index s = 0; s < tsets; ++s) {
    const auto su = static_cast<std::size_t>(s);
    const Index up = sink_sets.parent[su] == kNone ? sink : first_tset + sink_sets.parent[su];
    const std::int64_t upper =
        sink_sets.upper[su] == kNone ? plenty : std::min<std::int64_t>(sink_sets.upper[su], plenty);
    const std::int64_t must = std::min<std::int64_t>(sink_sets.lower[su], upper);
    target += sink_sets.lower[su];
    edges.push_back({first_tset + s, up, must, 1, -1});
    edges.push_back({first_tset + s, up, upper - must, 0, -1});
  }
  // Source side: the units a member does not place go to its smallest set
  // (or the sink); "between l and u of the set's `size` units placed" is
  // "between size - u and size - l unused", and a last part without limit
  // lets more through at a cost (the set below its minimum).
  std::vector<std::int64_t> size(static_cast<std::size_t>(ssets), 0);
  for (Index r = 0; r < ns; ++r) {
    const Index g = source_sets.leaf[static_cast<std::size_t>(r)];
    edges.push_back({r, g == kNone ? sink : first_sset + g, units(from_candidates, r), 0, -1});
    if (g != kNone) {
      size[static_cast<std::size_t>(g)] += units(from_candidates, r);
    }
  }
  for (Index g = ssets - 1; g >= 0; --g) {  // children after parents
    const Index up = source_sets.parent[static_cast<std::size_t>(g)];
    if (up != kNone) {
      size[static_cast<std::size_t>(up)] += size[static_cast<std::size_t>(g)];
    }
  }
  for (Index g = 0; g < ssets; ++g) {
    const auto gu = static_cast<std::size_t>(g);
    const Index up = source_sets.parent[gu] == kNone ? sink : first_sset + source_sets.parent[gu];
    const std::int64_t lower = source_sets.lower[gu];
    possible = possible && lower <= size[gu];
    const std::int64_t must = source_sets.upper[gu] == kNone
                                  ? 0
                                  : std::max<std::int64_t>(0, size[gu] - source_sets.upper[gu]);
    const std::int64_t most = std::max<std::int64_t>(0, size[gu] - lower);
    target += must;
    edges.push_back({first_sset + g, up, must, 1, -1});
    edges.push_back({first_sset + g, up, most - must, 0, -1});
    edges.push_back({first_sset + g, up, plenty + total_seats, -1, -1});
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
  for (Index v = 0; v < first_tset; ++v) {
    relax_all(v);
  }
  for (Index v = sink - 1; v >= first_tset; --v) {  // children after parents
    relax_all(v);
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
  Cost best;
  std::vector<Index> passed;  // nodes passed through without the heap
  // A sink-side member with a handful of entries has exactly one residual
  // arc out (to its set when it has room, else back to the member that holds
  // it): the search passes through it at once instead of queueing it, so
  // that a company with thousands of free applicants queues none of them.
  // Its label still only falls as settled nodes relax it, which is all the
  // potential update needs (see the essay).
  const auto single_out = [&](Index v) -> std::int64_t {
    if (v < ns || v >= ns + nt) {
      return -1;
    }
    const auto vu = static_cast<std::size_t>(v);
    if (net.start[vu + 1] - net.start[vu] > 8) {
      return -1;
    }
    std::int64_t out = -1;
    for (std::size_t f = net.start[vu]; f < net.start[vu + 1]; ++f) {
      if (net.cap[f] > 0) {
        if (out >= 0) {
          return -1;
        }
        out = static_cast<std::int64_t>(f);
      }
    }
    return out;
  };
  const auto relax = [&](Index u, Cost du, std::size_t f) {
    for (;;) {
      const Index v = net.head[f];
      const auto vu = static_cast<std::size_t>(v);
      Cost rc = net.cost[f] + pi[static_cast<std::size_t>(u)] - pi[vu];
      if (rc < Cost{}) {
        rc = Cost{};  // rounding on the real level: reduced costs are >= 0
      }
      const Cost d = du + rc;
      if (!(d < best)) {
        return;
      }
      State& sv = state[vu];
      if (sv.mark == epoch + 1 || (sv.mark == epoch && !(d < sv.dist))) {
        return;
      }
      const bool first = sv.mark != epoch;
      sv.mark = epoch;
      sv.dist = d;
      sv.via = static_cast<std::int64_t>(f);
      const std::int64_t next = v == sink ? -1 : single_out(v);
      if (next < 0) {
        if (v == sink) {
          best = d;
        }
        heap.push_back(Item{d, v, v == sink});
        std::push_heap(heap.begin(), heap.end());
        return;
      }
      if (first) {
        passed.push_back(v);
      }
      u = v;
      du = d;
      f = static_cast<std::size_t>(next);
    }
  };
  // Sources with the fewest pair arcs per unit first: their units are the
  // likeliest to stay unused, and unused units that a bound needs (a set's
  // "at least size - upper unused") are then taken by them, not by a popular
  // source that later searches would have to reroute.
  std::vector<Index> sources(static_cast<std::size_t>(ns));
  std::iota(sources.begin(), sources.end(), Index{0});
  {
    std::vector<double> density(static_cast<std::size_t>(ns), 0.0);
    for (Index r = 0; r < ns; ++r) {
      const auto ru = static_cast<std::size_t>(r);
      std::int64_t pairs = 0;
      for (std::size_t f = net.start[ru]; f < net.start[ru + 1]; ++f) {
        pairs += net.head[f] >= ns && net.head[f] < ns + nt ? 1 : 0;
      }
      const std::int64_t u = units(from_candidates, r);
      density[ru] = u > 0 ? static_cast<double>(pairs) / static_cast<double>(u) : 0.0;
    }
    std::stable_sort(sources.begin(), sources.end(), [&density](Index x, Index y) {
      return density[static_cast<std::size_t>(x)] < density[static_cast<std::size_t>(y)];
    });
  }
  for (const Index source : sources) {
    for (std::int64_t unit = units(from_candidates, source); unit > 0; --unit) {
      epoch += 2;
      heap.clear();
      settled.clear();
      passed.clear();
      State& s0 = state[static_cast<std::size_t>(source)];
      s0 = State{Cost{}, -1, epoch};
      heap.push_back(Item{Cost{}, source, false});
      State& ts = state[static_cast<std::size_t>(sink)];
      best = Cost::infinity();
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
          if (net.cap[f] > 0) {
            relax(it.node, it.key, f);
          }
        }
      }
      // The sink is always reached: every unit may stay unplaced (overflow
      // parts have room for all).
      const Cost dt = ts.dist;
      for (const Index v : settled) {
        pi[static_cast<std::size_t>(v)] += state[static_cast<std::size_t>(v)].dist - dt;
      }
      for (const Index v : passed) {
        const Cost& d = state[static_cast<std::size_t>(v)].dist;
        if (d < dt) {
          pi[static_cast<std::size_t>(v)] += d - dt;
        }
      }
      for (Index v = sink; v != source;) {
        const auto f = static_cast<std::size_t>(state[static_cast<std::size_t>(v)].via);
        --net.cap[f];
        ++net.cap[static_cast<std::size_t>(net.mate[f])];
        v = tail[f];
      }
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
