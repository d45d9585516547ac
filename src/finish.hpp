// src/finish.hpp (private) — builds the Assignment fields every wish-list
// solver reports (company, rank, placed, rank_counts) from the rank each
// candidate obtained.
#pragma once

#include <vector>

#include "kobling/assignment.hpp"
#include "wish_lists.hpp"

namespace kobling::detail {

/// rank_of[i] is the 0-based list position candidate i got, or kNone.
inline Assignment finish_from_ranks(const WishLists& w, const ScratchVector<Index>& rank_of) {
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

}  // namespace kobling::detail
