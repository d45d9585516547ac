// src/engine/edge_colouring.hpp (private) — colouring the edges of a
// bipartite multigraph with as many colours as its largest degree.
//
// König (1916): the edges of a bipartite multigraph can be coloured with Δ
// colours, Δ its largest degree, so that no two edges at a node share one.
// The constructive proof is the algorithm: colour the edges one at a time;
// for edge (u, v) pick a colour a free at u and b free at v (each node has
// fewer than Δ coloured edges, so both exist). If a is also free at v, use
// it. Otherwise walk from v along the path whose edges are coloured a, b, a,
// ... alternately and swap a and b on it: the path cannot reach u (it would
// arrive at u on an a-edge, and a is free at u; parity in a bipartite graph),
// so afterwards a is free at both ends. Each edge costs O(Δ) to find free
// colours plus the path's length; in the timetables kobling builds (a
// candidate has a few interviews, a room a day's worth) the paths are short.
//
// References: D. König, Math. Ann. 77 (1916); A. Schrijver, "Combinatorial
// Optimization" (2003), section 20.1.
#pragma once

#include <cstdint>
#include <vector>

#include "kobling/types.hpp"

namespace kobling::detail {

/// Colours edges (left[e], right[e]) (left in [0, nl), right in [0, nr)) with
/// colours 0..colours-1, where colours >= the largest degree; returns each
/// edge's colour.
std::vector<Index> colour_bipartite_edges(const std::vector<Index>& left,
                                          const std::vector<Index>& right, Index nl, Index nr,
                                          Index colours);

}  // namespace kobling::detail
