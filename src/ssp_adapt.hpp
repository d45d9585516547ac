// src/ssp_adapt.hpp (private) — glue between validated wish lists and the SSP
// engine: building the arc list with per-arc weights, and turning the engine's
// result into an Assignment with its DualCertificate.
#pragma once

#include <string>
#include <vector>

#include "finish.hpp"
#include "kobling/assignment.hpp"
#include "seat_ssp.hpp"
#include "ssp.hpp"
#include "wish_lists.hpp"

namespace kobling::detail {

/// Number of levels of LexCost<K> (K integer levels + 1 real).
template <int K>
constexpr int kLevels = K + 1;

/// Arcs = acceptable wish-list entries, in candidate order then list order.
/// weight_of(i, r, score) gives the arc weight. `rank_of_arc` records r.
template <class Cost, class WeightFn>
SspGraph<Cost> graph_from_lists(const WishLists& w, std::vector<Index>& rank_of_arc,
                                WeightFn weight_of) {
  SspGraph<Cost> g;
  g.n = w.n;
  g.m = w.m;
  g.capacity = w.capacity;
  g.start.assign(static_cast<std::size_t>(w.n) + 1, 0);
  g.head.reserve(static_cast<std::size_t>(w.acceptable));
  g.weight.reserve(static_cast<std::size_t>(w.acceptable));
  rank_of_arc.clear();
  rank_of_arc.reserve(static_cast<std::size_t>(w.acceptable));
  for (Index i = 0; i < w.n; ++i) {
    for (Index r = 0; r < w.k; ++r) {
      const std::size_t e = w.entry(i, r);
      const Index j = w.company[e];
      if (j == kNone) {
        continue;
      }
      g.head.push_back(j);
      g.weight.push_back(weight_of(i, r, w.score[e]));
      rank_of_arc.push_back(r);
    }
    g.start[static_cast<std::size_t>(i) + 1] = static_cast<std::int64_t>(g.head.size());
  }
  return g;
}

/// The engine's graph from validated arcs; weight_of(rank, score) gives each
/// arc's weight. Moves the arrays it can.
template <class Cost, class WeightFn>
SspGraph<Cost> graph_from_arcs(ArcLists& a, WeightFn weight_of) {
  SspGraph<Cost> g;
  g.n = a.n;
  g.m = a.m;
  g.capacity = a.capacity;
  g.start = std::move(a.start);
  g.head = a.head;
  g.weight.resize(a.head.size());
  for (std::size_t e = 0; e < a.head.size(); ++e) {
    g.weight[e] = weight_of(a.rank[e], a.score[e]);
  }
  return g;
}

/// Assignment (company, rank, placed, rank_counts) from matched arcs; the
/// objective is the sum of the real (last) level of the matched weights.
template <class Cost>
Assignment assignment_from_arcs(const ArcLists& a, const SspGraph<Cost>& g,
                                const SspResult<Cost>& r) {
  Assignment out;
  out.company = IndexVector::Constant(a.n, kNone);
  out.rank = IndexVector::Constant(a.n, kNone);
  out.rank_counts = CountVector::Zero(a.k);
  for (Index i = 0; i < a.n; ++i) {
    const std::int64_t arc = r.arc_of[static_cast<std::size_t>(i)];
    if (arc >= 0) {
      const auto e = static_cast<std::size_t>(arc);
      out.company[i] = a.head[e];
      out.rank[i] = a.rank[e];
      ++out.rank_counts[a.rank[e]];
      ++out.placed;
      out.objective += g.weight[e].minor;
    }
  }
  return out;
}

/// Writes a LexCost as one row of a certificate matrix.
template <int K>
void put_levels(DualCertificate::Matrix& m, Eigen::Index row, const LexCost<K>& c) {
  for (int k = 0; k < K; ++k) {
    m(row, k) = static_cast<double>(c.major[static_cast<std::size_t>(k)]);
  }
  m(row, K) = c.minor;
}

template <int K>
DualCertificate certificate_from(const SspResult<LexCost<K>>& r, std::vector<std::string> levels) {
  DualCertificate d;
  d.levels = std::move(levels);
  d.candidate.resize(static_cast<Eigen::Index>(r.u.size()), kLevels<K>);
  d.company.resize(static_cast<Eigen::Index>(r.p.size()), kLevels<K>);
  for (std::size_t i = 0; i < r.u.size(); ++i) {
    put_levels<K>(d.candidate, static_cast<Eigen::Index>(i), r.u[i]);
  }
  for (std::size_t j = 0; j < r.p.size(); ++j) {
    put_levels<K>(d.company, static_cast<Eigen::Index>(j), r.p[j]);
  }
  return d;
}

/// Assignment from the engine's matched arcs, for wish-list problems.
template <class Cost>
Assignment assignment_from_lists(const WishLists& w, const SspGraph<Cost>& g,
                                 const SspResult<Cost>& r, const std::vector<Index>& rank_of_arc) {
  std::vector<Index> rank_of(static_cast<std::size_t>(w.n), kNone);
  for (std::size_t i = 0; i < rank_of.size(); ++i) {
    if (r.arc_of[i] >= 0) {
      rank_of[i] = rank_of_arc[static_cast<std::size_t>(r.arc_of[i])];
    }
  }
  (void)g;
  return finish_from_ranks(w, rank_of);
}

}  // namespace kobling::detail
