// src/engine/make_assignment.hpp (private) — turning an engine's answer into
// the Assignment every solver returns: company, rank, placed and rank_counts
// from the rank each candidate obtained (deferred acceptance) or from the
// matched arcs (the SSP engines), and the DualCertificate from the engines'
// potentials.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "engine/seat_ssp.hpp"
#include "engine/ssp.hpp"
#include "engine/wish_lists.hpp"
#include "kobling/assignment.hpp"

namespace kobling::detail {

/// rank_of[i] is the 0-based list position candidate i got, or kNone.
inline Assignment assignment_from_ranks(const WishLists& w, const ScratchVector<Index>& rank_of) {
  Assignment a;
  a.company = IndexVector::Constant(w.n, kNone);
  a.rank = IndexVector::Constant(w.n, kNone);
  a.rank_counts = CountVector::Zero(w.k);
  for (Index i = 0; i < w.n; ++i) {
    const Index r = rank_of[static_cast<std::size_t>(i)];
    if (r != kNone) {
      a.company[i] = w.company[w.entry(i, r)];
      a.rank[i] = r;
      ++a.rank_counts[r];
      ++a.placed;
    }
  }
  return a;
}

/// Sum of the per-entry scores over the ranks obtained.
inline double sum_of_scores(const WishLists& w, const ScratchVector<Index>& rank_of) {
  double total = 0.0;
  for (Index i = 0; i < w.n; ++i) {
    const Index r = rank_of[static_cast<std::size_t>(i)];
    if (r != kNone) {
      total += w.score[w.entry(i, r)];
    }
  }
  return total;
}

/// The spread of the real level of every arc's weight, real_of(rank, score).
/// The levels go through a small buffer so that Spread::add_all's two-lane
/// pass does the reduction.
template <class RealOf>
[[nodiscard]] Spread spread_of(const ArcLists& a, RealOf real_of) {
  Spread s;
  constexpr std::size_t kChunk = 256;
  std::array<double, kChunk> level{};
  const std::size_t count = a.arc.size();
  for (std::size_t e0 = 0; e0 < count; e0 += kChunk) {
    const std::size_t len = std::min(kChunk, count - e0);
    for (std::size_t q = 0; q < len; ++q) {
      const RawArc& arc = a.arc[e0 + q];
      level[q] = real_of(arc.rank, arc.score);
    }
    s.add_all(level.data(), static_cast<std::int64_t>(len), true);
  }
  return s;
}

/// Number of levels of LexCost<K> (K integer levels + 1 real).
template <int K>
constexpr int kLevels = K + 1;

/// Candidate i takes arc `arc`: its company, rank, and the counts.
inline void place(Assignment& out, Index i, const RawArc& arc) {
  out.company[i] = arc.head;
  out.rank[i] = arc.rank;
  ++out.rank_counts[arc.rank];
  ++out.placed;
}

/// Assignment (company, rank, placed, rank_counts) from matched arcs; the
/// objective is the sum of the real (last) level of the matched weights.
template <class Cost, class WeightOf>
Assignment assignment_from_arcs(const ArcLists& a, const SspResult<Cost>& r, WeightOf weight_of) {
  Assignment out;
  out.company = IndexVector::Constant(a.n, kNone);
  out.rank = IndexVector::Constant(a.n, kNone);
  out.rank_counts = CountVector::Zero(a.k);
  for (Index i = 0; i < a.n; ++i) {
    const std::int64_t e = r.arc_of[static_cast<std::size_t>(i)];
    if (e >= 0) {
      const RawArc& arc = a.arc[static_cast<std::size_t>(e)];
      place(out, i, arc);
      out.objective += to_double(weigh(weight_of, arc, e).minor);
    }
  }
  return out;
}

/// Writes a LexCost as one row of a certificate matrix.
template <int K, class Real>
void put_levels(DualCertificate::Matrix& m, Eigen::Index row, const LexCost<K, Real>& c) {
  for (int k = 0; k < K; ++k) {
    m(row, k) = static_cast<double>(c.major[static_cast<std::size_t>(k)]);
  }
  m(row, K) = to_double(c.minor);
}

template <int K, class Real>
DualCertificate certificate_from(const SspResult<LexCost<K, Real>>& r,
                                 std::vector<std::string> levels) {
  DualCertificate d;
  d.levels = std::move(levels);
  d.candidate.resize(static_cast<Eigen::Index>(r.u.size()), kLevels<K>);
  d.company.resize(static_cast<Eigen::Index>(r.p.size()), kLevels<K>);
  for (std::size_t i = 0; i < r.u.size(); ++i) {
    put_levels(d.candidate, static_cast<Eigen::Index>(i), r.u[i]);
  }
  for (std::size_t j = 0; j < r.p.size(); ++j) {
    put_levels(d.company, static_cast<Eigen::Index>(j), r.p[j]);
  }
  return d;
}

}  // namespace kobling::detail
