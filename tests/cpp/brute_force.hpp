// tests/cpp/brute_force.hpp — exhaustive reference solvers for small instances
// (n <= 8) and seeded random instance generators, written independently of
// the library's solvers and verifiers; shared by the solver tests.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include "kobling/types.hpp"

namespace kobling::testing {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

inline std::vector<Index> to_vec(const IndexVector& v) { return {v.data(), v.data() + v.size()}; }

/// A small wish-list instance with company scores (dense) and capacities.
struct SmallInstance {
  PreferenceMatrix prefs;
  ScoreMatrix scores;  // -inf = refused
  CapacityVector caps;
  [[nodiscard]] Index n() const { return static_cast<Index>(prefs.rows()); }
  [[nodiscard]] Index k() const { return static_cast<Index>(prefs.cols()); }
  [[nodiscard]] Index m() const { return static_cast<Index>(caps.size()); }
  [[nodiscard]] bool acceptable(Index i, Index j) const { return std::isfinite(scores(i, j)); }
};

/// Random instance: n candidates, m companies, k wishes (some lists shorter or
/// empty unless full_lists), capacities 0..max_cap, integer scores 0..score_levels-1 (so ties
/// occur) and refusals with probability p_refuse.
inline SmallInstance random_instance(std::mt19937_64& rng, Index n, Index m, Index k, Index max_cap,
                                     int score_levels, double p_refuse, bool full_lists = false) {
  SmallInstance s;
  s.prefs = PreferenceMatrix::Constant(n, k, kNone);
  s.scores = ScoreMatrix(n, m);
  s.caps = CapacityVector(m);
  std::uniform_int_distribution<int> cap(0, max_cap);
  std::uniform_int_distribution<int> level(0, score_levels - 1);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (Index j = 0; j < m; ++j) {
    s.caps[j] = cap(rng);
  }
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < m; ++j) {
      s.scores(i, j) = unit(rng) < p_refuse ? -std::numeric_limits<double>::infinity()
                                            : static_cast<double>(level(rng));
    }
    std::vector<Index> companies(static_cast<std::size_t>(m));
    for (Index j = 0; j < m; ++j) {
      companies[static_cast<std::size_t>(j)] = j;
    }
    std::shuffle(companies.begin(), companies.end(), rng);
    std::uniform_int_distribution<int> len(0, std::min(k, m));
    const int l = full_lists ? std::min(k, m) : len(rng);
    for (int r = 0; r < l; ++r) {
      s.prefs(i, r) = companies[static_cast<std::size_t>(r)];
    }
  }
  return s;
}

/// Rank of j on i's list, or k if not listed / none.
inline Index rank_in(const SmallInstance& s, Index i, Index j) {
  for (Index r = 0; r < s.k(); ++r) {
    if (j != kNone && s.prefs(i, r) == j) {
      return r;
    }
  }
  return s.k();
}

/// Calls f(company_of) for every feasible assignment on acceptable listed pairs.
inline void for_each_feasible(const SmallInstance& s,
                              const std::function<void(const std::vector<Index>&)>& f) {
  std::vector<Index> company(static_cast<std::size_t>(s.n()), kNone);
  std::vector<Index> fill(static_cast<std::size_t>(s.m()), 0);
  std::function<void(Index)> rec = [&](Index i) {
    if (i == s.n()) {
      f(company);
      return;
    }
    company[static_cast<std::size_t>(i)] = kNone;
    rec(i + 1);
    for (Index r = 0; r < s.k(); ++r) {
      const Index j = s.prefs(i, r);
      if (j == kNone || !s.acceptable(i, j) || fill[static_cast<std::size_t>(j)] >= s.caps[j]) {
        continue;
      }
      ++fill[static_cast<std::size_t>(j)];
      company[static_cast<std::size_t>(i)] = j;
      rec(i + 1);
      company[static_cast<std::size_t>(i)] = kNone;
      --fill[static_cast<std::size_t>(j)];
    }
  };
  rec(0);
}

/// Reference optimum over all feasible assignments of the lexicographic key
/// produced by `key` (a vector of doubles).
template <class KeyFn>
std::vector<double> brute_best(const SmallInstance& s, KeyFn key) {
  std::vector<double> best;
  for_each_feasible(s, [&](const std::vector<Index>& c) {
    std::vector<double> k = key(c);
    if (best.empty() || best < k) {
      best = k;
    }
  });
  return best;
}

/// A random instance with its mask of acceptable pairs and real-valued scores
/// (the instance's integer scores / 100; 0 where refused).
struct Case {
  SmallInstance s;
  MaskMatrix allowed;
  ScoreMatrix scores;  // real-valued utilities part
};

/// The instance with its mask of acceptable pairs and its scores divided by
/// `scale` (0 where refused).
inline Case as_case(SmallInstance s, double scale) {
  Case c;
  c.s = std::move(s);
  const Index n = c.s.n();
  const Index m = c.s.m();
  c.allowed = MaskMatrix(n, m);
  c.scores = ScoreMatrix(n, m);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < m; ++j) {
      c.allowed(i, j) = c.s.acceptable(i, j);
      c.scores(i, j) = c.s.acceptable(i, j) ? c.s.scores(i, j) / scale : 0.0;
    }
  }
  return c;
}

/// n = 1..8, m = 1..4, k = 1..5; every third instance has integer scores with
/// many ties.
inline Case random_case(std::mt19937_64& rng, int t) {
  const Index n = 1 + static_cast<Index>(rng() % 8);
  const Index m = 1 + static_cast<Index>(rng() % 4);
  const Index k = 1 + static_cast<Index>(rng() % 5);  // k = 1 .. 5 (k > 3 included)
  // Every third instance: integer scores with many ties.
  return as_case(random_instance(rng, n, m, k, 3, t % 3 == 0 ? 3 : 1000, 0.2), 100.0);
}

/// Does company j prefer candidate a to b? (higher score, then lower index)
inline bool prefers(const SmallInstance& s, Index j, Index a, Index b) {
  return s.scores(a, j) > s.scores(b, j) || (s.scores(a, j) == s.scores(b, j) && a < b);
}

/// Independent stability check by definition.
inline bool is_stable(const SmallInstance& s, const std::vector<Index>& company) {
  for (Index i = 0; i < s.n(); ++i) {
    const Index mine = rank_in(s, i, company[static_cast<std::size_t>(i)]);
    for (Index r = 0; r < mine && r < s.k(); ++r) {
      const Index j = s.prefs(i, r);
      if (j == kNone || !s.acceptable(i, j)) {
        continue;
      }
      Index fill = 0;
      bool j_wants = false;
      for (Index x = 0; x < s.n(); ++x) {
        if (company[static_cast<std::size_t>(x)] == j) {
          ++fill;
          j_wants = j_wants || prefers(s, j, i, x);
        }
      }
      if (fill < s.caps[j] || j_wants) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace kobling::testing
