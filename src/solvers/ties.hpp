// src/solvers/ties.hpp (private) — the audit of ties.hpp: which ties decided
// seats in a matching on wish lists.
#pragma once

#include <vector>

#include "common/scratch.hpp"
#include "engine/wish_lists.hpp"
#include "kobling/ties.hpp"

namespace kobling::detail {

/// The cutoff of each company when candidate i holds entry rank_of[i] of its
/// list (kNone: unplaced): the lowest score it holds when it is full, NaN
/// otherwise, at position j + 1 (position 0, for padding, is NaN). O(n + m).
ScratchVector<double> cutoffs(const WishLists& w, const ScratchVector<Index>& rank_of);

/// The ties that decided seats (ties.hpp, "Audit") given those cutoffs;
/// companies in index order, winners and losers each in `order`.
/// O(n*k + t log t) for t tied candidates.
std::vector<DecidedTie> decided_ties(const WishLists& w, const ScratchVector<Index>& rank_of,
                                     const TieOrder& order, const ScratchVector<double>& cutoffs);

}  // namespace kobling::detail
