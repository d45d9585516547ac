// bench/peers/lemon_peer.cpp — LEMON's NetworkSimplex on the same instances
// as kobling, for bench/compare_peers.py. Not part of the library.
//
// Input: a binary instance file written by compare_peers.py (little endian):
//   char[8] "KOBLING1"; int64 n, m, k, variant (0 = wish lists, 1 = dense);
//   int32 capacities[m];
//   variant 0: int32 preferences[n*k]; float64 entry_scores[n*k]; float64 bonus[k]
//   variant 1: float64 utility[n*m]
//   variant 2: int32 preferences[n*k]; int64 weight[n*k] (exact integer
//              weights to maximise, no placement term: rank-maximal)
// Costs are integers: utilities in micro-units, and for variant 0 a constant M
// added to every placement so that the number placed is maximised first
// (exact in int64 at these sizes). Output: one JSON line with the median time
// of `repeat` solves (graph construction included), the median of the solves
// alone (NetworkSimplex on the built graph), placed and objective.
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct Instance {
  std::int64_t n = 0, m = 0, k = 0, variant = 0;
  std::vector<std::int32_t> caps, prefs;
  std::vector<double> scores, bonus, utility;
  std::vector<std::int64_t> iweights;
};

template <class T>
void read(std::ifstream& in, std::vector<T>& v, std::int64_t count) {
  v.resize(static_cast<std::size_t>(count));
  in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(count * sizeof(T)));
}

Instance load(const char* path) {
  std::ifstream in(path, std::ios::binary);
  char magic[8];
  in.read(magic, 8);
  if (!in || std::string(magic, 8) != "KOBLING1") {
    throw std::runtime_error("not a KOBLING1 instance file");
  }
  Instance x;
  std::int64_t head[4];
  in.read(reinterpret_cast<char*>(head), sizeof head);
  x.n = head[0];
  x.m = head[1];
  x.k = head[2];
  x.variant = head[3];
  read(in, x.caps, x.m);
  if (x.variant == 0) {
    read(in, x.prefs, x.n * x.k);
    read(in, x.scores, x.n * x.k);
    read(in, x.bonus, x.k);
  } else if (x.variant == 2) {
    read(in, x.prefs, x.n * x.k);
    read(in, x.iweights, x.n * x.k);
  } else {
    read(in, x.utility, x.n * x.m);
  }
  if (!in) {
    throw std::runtime_error("truncated instance file");
  }
  return x;
}

struct Outcome {
  std::int64_t placed = 0;
  double objective = 0.0;
};

Outcome solve(const Instance& x, double& solve_seconds) {
  using Graph = lemon::SmartDigraph;
  Graph g;
  const auto n = static_cast<int>(x.n);
  const auto m = static_cast<int>(x.m);
  g.reserveNode(n + m + 1);
  std::vector<Graph::Node> cand(static_cast<std::size_t>(n)), comp(static_cast<std::size_t>(m));
  for (auto& v : cand) v = g.addNode();
  for (auto& v : comp) v = g.addNode();
  const Graph::Node sink = g.addNode();
  Graph::ArcMap<std::int64_t> cost(g), cap(g);
  Graph::NodeMap<std::int64_t> supply(g, 0);
  std::vector<std::pair<Graph::Arc, double>> real;  // arc, utility
  const double unit = 1e6;
  std::int64_t big = 0;
  if (x.variant == 0) {
    double umax = 0.0;
    for (std::int64_t e = 0; e < x.n * x.k; ++e) {
      if (x.prefs[static_cast<std::size_t>(e)] >= 0 &&
          std::isfinite(x.scores[static_cast<std::size_t>(e)])) {
        umax = std::max(umax, std::fabs(x.bonus[static_cast<std::size_t>(e % x.k)] +
                                        x.scores[static_cast<std::size_t>(e)]));
      }
    }
    big = (static_cast<std::int64_t>(umax * unit) + 1) * (x.n + 1);
  }
  for (int i = 0; i < n; ++i) {
    supply[cand[static_cast<std::size_t>(i)]] = 1;
    const auto dummy = g.addArc(cand[static_cast<std::size_t>(i)], sink);
    cost[dummy] = 0;
    cap[dummy] = 1;
    if (x.variant == 2) {
      for (int r = 0; r < static_cast<int>(x.k); ++r) {
        const auto e = static_cast<std::size_t>(i * x.k + r);
        const int j = x.prefs[e];
        if (j < 0) continue;
        const auto a =
            g.addArc(cand[static_cast<std::size_t>(i)], comp[static_cast<std::size_t>(j)]);
        cost[a] = -x.iweights[e];
        cap[a] = 1;
        real.emplace_back(a, static_cast<double>(x.iweights[e]));
      }
    } else if (x.variant == 0) {
      for (int r = 0; r < static_cast<int>(x.k); ++r) {
        const auto e = static_cast<std::size_t>(i * x.k + r);
        const int j = x.prefs[e];
        if (j < 0 || !std::isfinite(x.scores[e])) continue;
        const double u = x.bonus[static_cast<std::size_t>(r)] + x.scores[e];
        const auto a =
            g.addArc(cand[static_cast<std::size_t>(i)], comp[static_cast<std::size_t>(j)]);
        cost[a] = -(big + std::llround(u * unit));
        cap[a] = 1;
        real.emplace_back(a, u);
      }
    } else {
      for (int j = 0; j < m; ++j) {
        const double u = x.utility[static_cast<std::size_t>(i) * static_cast<std::size_t>(m) +
                                   static_cast<std::size_t>(j)];
        if (!std::isfinite(u) || u < 0) continue;
        const auto a =
            g.addArc(cand[static_cast<std::size_t>(i)], comp[static_cast<std::size_t>(j)]);
        cost[a] = -std::llround(u * unit);
        cap[a] = 1;
        real.emplace_back(a, u);
      }
    }
  }
  for (int j = 0; j < m; ++j) {
    const auto a = g.addArc(comp[static_cast<std::size_t>(j)], sink);
    cost[a] = 0;
    cap[a] = x.caps[static_cast<std::size_t>(j)];
  }
  supply[sink] = -x.n;
  const auto built = std::chrono::steady_clock::now();
  lemon::NetworkSimplex<Graph, std::int64_t, std::int64_t> ns(g);
  ns.costMap(cost).upperMap(cap).supplyMap(supply);
  if (ns.run() != decltype(ns)::OPTIMAL) {
    throw std::runtime_error("LEMON did not find an optimum");
  }
  solve_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - built).count();
  Outcome o;
  for (const auto& [a, u] : real) {
    if (ns.flow(a) > 0) {
      ++o.placed;
      o.objective += u;
    }
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s INSTANCE [repeat]\n", argv[0]);
    return 2;
  }
  try {
    const Instance x = load(argv[1]);
    const int repeat = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    std::vector<double> times;
    std::vector<double> solves;
    Outcome o;
    for (int r = 0; r < repeat; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      double alone = 0.0;
      o = solve(x, alone);
      times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      solves.push_back(alone);
    }
    std::sort(times.begin(), times.end());
    std::sort(solves.begin(), solves.end());
    std::printf(
        "{\"median_s\": %.9g, \"median_solve_s\": %.9g, \"placed\": %lld, \"objective\": "
        "%.17g, \"runs\": %d}\n",
        times[times.size() / 2], solves[solves.size() / 2], static_cast<long long>(o.placed),
        o.objective, repeat);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lemon_peer: %s\n", e.what());
    return 1;
  }
  return 0;
}
