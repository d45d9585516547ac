// src/solvers/improvement_cycles.hpp (private) — stable improvement cycles:
// giving candidates back the welfare that breaking ties cost them.
//
// Problem. With ties in the companies' preferences, deferred acceptance runs
// on a strict order that a tie-breaking rule made up. Its result is stable
// for that order, so weakly stable for the true (weak) preferences: no
// candidate and company would both strictly rather be together. But the
// made-up order can block trades the true preferences allow. Two candidates
// who each hold a seat at the company the other wants, each tied at the other
// company with whoever would object, can swap, and nobody has a complaint.
// A weakly stable matching that no other weakly stable matching improves for
// some candidate without hurting another is candidate-efficient among the
// stable ones; deferred acceptance with any tie-breaking may miss it, and in
// large markets with many ties often does.
//
// Algorithm (Erdil and Ergin 2008). For the current matching μ let D_j, the
// desirers of company j, be the candidates who list j above μ(i) (or are
// unplaced) and whom j finds acceptable, and T_j ⊆ D_j those with the highest
// score among D_j. Draw a directed graph on companies with an edge
// μ(i) -> j for every placed i in T_j. A cycle j_1 -> j_2 -> ... -> j_1, with
// candidate i_t on the edge leaving j_t, is a stable improvement cycle: move
// every i_t to j_{t+1}. Every company on the cycle loses one candidate and gains
// one, so capacities hold; every moving candidate gets a company it prefers;
// and no new blocking pair arises, because each company admitted a candidate
// of the highest score among all who want it, so nobody who wants it has a
// strictly higher score than anyone it holds (the company was full before, or
// a desirer with a free seat would already block). Repeat until the graph has
// no cycle.
//
// Guarantee (Erdil and Ergin 2008, Theorem 1): a weakly stable matching is
// Pareto-dominated for candidates by another weakly stable matching exactly
// when it admits a stable improvement cycle. So the loop ends at a weakly
// stable matching that no weakly stable matching improves for candidates.
// Companies lose nothing they strictly care about: every company holds, up
// to ties, candidates as good as before. Unplaced candidates stay unplaced,
// and every company keeps its number of seats filled (each cycle is a
// permutation of seats).
//
// Cost. Each cycle moves at least two candidates to a strictly better wish, so
// there are at most n*k cycles; finding one (building the graph and a depth-
// first search) takes O(L + m) for L listed entries. In practice a handful of
// cycles suffice; the bound matters only for adversarial inputs.
//
// Not strategy-proof: a candidate may gain by misreporting under improvement
// cycles (Erdil and Ergin 2008 show no mechanism is both strategy-proof and
// constrained-efficient), which is why it is an option and not the default.
//
// Reference: A. Erdil, H. Ergin, "What's the matter with tie-breaking?
// Improving efficiency in school choice", Amer. Econ. Rev. 98 (2008) 669-689.
#pragma once

#include "common/scratch.hpp"
#include "engine/wish_lists.hpp"

namespace kobling::detail {

/// Applies stable improvement cycles to the weakly stable matching in which
/// candidate i holds entry rank_of[i] of its list (kNone: unplaced) until none
/// is left; rank_of is updated in place.
void improve_stable(const WishLists& w, ScratchVector<Index>& rank_of);

}  // namespace kobling::detail
