#include "engine/edge_colouring.hpp"

#include <utility>

namespace kobling::detail {

std::vector<Index> colour_bipartite_edges(const std::vector<Index>& left,
                                          const std::vector<Index>& right, Index nl, Index nr,
                                          Index colours) {
  const auto c = static_cast<std::size_t>(colours);
  // at[node * c + colour] = the edge of that colour at the node, -1 = free.
  // Left nodes first, then right nodes (offset nl).
  std::vector<std::int64_t> at((static_cast<std::size_t>(nl) + static_cast<std::size_t>(nr)) * c,
                               -1);
  std::vector<Index> colour(left.size(), kNone);
  const auto slot = [&](std::size_t node, Index k) -> std::int64_t& {
    return at[node * c + static_cast<std::size_t>(k)];
  };
  const auto free_colour = [&](std::size_t node) {
    for (Index k = 0; k < colours; ++k) {
      if (slot(node, k) < 0) {
        return k;
      }
    }
    return kNone;  // not reached when colours >= the largest degree
  };
  std::vector<std::int64_t> path;
  for (std::size_t e = 0; e < left.size(); ++e) {
    const auto u = static_cast<std::size_t>(left[e]);
    const std::size_t v = static_cast<std::size_t>(nl) + static_cast<std::size_t>(right[e]);
    const Index a = free_colour(u);
    const Index b = free_colour(v);
    if (slot(v, a) >= 0) {
      // Swap a and b along the a/b path from v (it never reaches u).
      path.clear();
      std::size_t node = v;
      Index want = a;
      while (slot(node, want) >= 0) {
        const std::int64_t f = slot(node, want);
        path.push_back(f);
        const auto fu = static_cast<std::size_t>(f);
        const std::size_t l = static_cast<std::size_t>(left[fu]);
        const std::size_t r = static_cast<std::size_t>(nl) + static_cast<std::size_t>(right[fu]);
        node = node == l ? r : l;
        want = want == a ? b : a;
      }
      for (const std::int64_t f : path) {  // clear, then set: the ends share colours
        const auto fu = static_cast<std::size_t>(f);
        slot(static_cast<std::size_t>(left[fu]), colour[fu]) = -1;
        slot(static_cast<std::size_t>(nl) + static_cast<std::size_t>(right[fu]), colour[fu]) = -1;
      }
      for (const std::int64_t f : path) {
        const auto fu = static_cast<std::size_t>(f);
        colour[fu] = colour[fu] == a ? b : a;
        slot(static_cast<std::size_t>(left[fu]), colour[fu]) = f;
        slot(static_cast<std::size_t>(nl) + static_cast<std::size_t>(right[fu]), colour[fu]) = f;
      }
    }
    colour[e] = a;
    slot(u, a) = static_cast<std::int64_t>(e);
    slot(v, a) = static_cast<std::int64_t>(e);
  }
  return colour;
}

}  // namespace kobling::detail
