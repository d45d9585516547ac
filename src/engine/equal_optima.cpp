#include "engine/equal_optima.hpp"

#include <algorithm>
#include <limits>
#include <utility>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/strong_components.hpp>

#include "engine/seat_ssp.hpp"

namespace kobling::detail {

namespace {

Index head_of(const ArcLists& a, std::int64_t e) { return a.arc[static_cast<std::size_t>(e)].head; }

// The node candidate i was merged into: its company, or the hub.
std::size_t merged_node(const ArcLists& a, const ScratchVector<std::int64_t>& arc_of, Index i) {
  const std::int64_t held = arc_of[static_cast<std::size_t>(i)];
  return held < 0 ? static_cast<std::size_t>(a.m) : static_cast<std::size_t>(head_of(a, held));
}

// The order of `order` at one company (kNone: the shared order), lower first.
auto by_rule(const TieOrder& order, Index company) {
  return [&order, company](Index x, Index y) {
    const std::uint64_t kx = order.key(x, company);
    const std::uint64_t ky = order.key(y, company);
    return kx < ky || (kx == ky && x < y);
  };
}

// Each tight arc's position under `order` (equal_optima.hpp, "Choosing
// one"): the candidate's place in the shared order of all candidates, or in
// the company's order of its applicants in `a`.
ScratchVector<std::int64_t> positions(const ArcLists& a, const ArcLists& tight,
                                      const TieOrder& order) {
  const auto n = static_cast<std::size_t>(a.n);
  const auto m = static_cast<std::size_t>(a.m);
  ScratchVector<std::int64_t> position(tight.arc.size());
  if (order.rule != TieBreak::lottery_per_company) {
    std::vector<Index> by(n);
    for (std::size_t i = 0; i < n; ++i) {
      by[i] = static_cast<Index>(i);
    }
    if (order.rule != TieBreak::index) {
      std::sort(by.begin(), by.end(), by_rule(order, kNone));
    }
    std::vector<std::int64_t> place(n);
    for (std::size_t q = 0; q < n; ++q) {
      place[static_cast<std::size_t>(by[q])] = static_cast<std::int64_t>(q);
    }
    for (std::size_t i = 0; i < n; ++i) {
      for (std::int64_t e = tight.start[i]; e < tight.start[i + 1]; ++e) {
        position[static_cast<std::size_t>(e)] = place[i];
      }
    }
    return position;
  }
  // Each company's applicants in its order (only companies with a tight arc),
  // then each tight arc looked up.
  std::vector<char> wanted(m, 0);
  for (const RawArc& arc : tight.arc) {
    wanted[static_cast<std::size_t>(arc.head)] = 1;
  }
  std::vector<std::vector<Index>> applicants(m);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::int64_t e = a.start[i]; e < a.start[i + 1]; ++e) {
      const auto j = static_cast<std::size_t>(head_of(a, e));
      if (wanted[j] != 0) {
        applicants[j].push_back(static_cast<Index>(i));
      }
    }
  }
  for (std::size_t j = 0; j < m; ++j) {
    std::sort(applicants[j].begin(), applicants[j].end(), by_rule(order, static_cast<Index>(j)));
  }
  for (std::size_t i = 0; i < n; ++i) {
    for (std::int64_t e = tight.start[i]; e < tight.start[i + 1]; ++e) {
      const Index j = head_of(tight, e);
      const std::vector<Index>& list = applicants[static_cast<std::size_t>(j)];
      const auto at =
          std::lower_bound(list.begin(), list.end(), static_cast<Index>(i), by_rule(order, j));
      position[static_cast<std::size_t>(e)] = at - list.begin();
    }
  }
  return position;
}

}  // namespace

std::vector<int> merged_components(const ArcLists& a, const ScratchVector<std::int64_t>& arc_of,
                                   const TieScan& s) {
  const auto m = static_cast<std::size_t>(a.m);
  const std::size_t hub = m;
  std::vector<std::int64_t> fill(m, 0);
  std::vector<std::pair<std::size_t, std::size_t>> edges;
  for (Index i = 0; i < a.n; ++i) {
    const std::int64_t held = arc_of[static_cast<std::size_t>(i)];
    if (held >= 0) {
      const auto j = static_cast<std::size_t>(head_of(a, held));
      ++fill[j];
      if (s.must_place[static_cast<std::size_t>(i)] == 0) {
        edges.emplace_back(j, hub);  // i may leave: j's seat frees up
      }
    }
  }
  for (const auto& [i, e] : s.unused) {
    edges.emplace_back(merged_node(a, arc_of, i), static_cast<std::size_t>(head_of(a, e)));
  }
  for (std::size_t j = 0; j < m; ++j) {
    if (fill[j] < a.capacity[j]) {
      edges.emplace_back(j, hub);
    }
    if (fill[j] > 0 && s.must_fill[j] == 0) {
      edges.emplace_back(hub, j);
    }
  }
  using Graph = boost::compressed_sparse_row_graph<boost::directedS>;
  const Graph g(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(), hub + 1);
  std::vector<int> component(hub + 1, 0);
  boost::strong_components(
      g, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, g)));
  return component;
}

bool has_other_optima(const ArcLists& a, const ScratchVector<std::int64_t>& arc_of,
                      const TieScan& s) {
  // A cycle through an unused pair (i, j) leaves j by an edge of the merged
  // graph: a free seat, a holder who need not be placed, or a holder with an
  // unused tight pair. When no such j has one, there is no cycle (the common
  // case: the runner-up's pair is tight at a full company), and no component
  // search is needed.
  const auto m = static_cast<std::size_t>(a.m);
  std::vector<char> leaves(m, 0);
  std::vector<std::int64_t> fill(m, 0);
  for (Index i = 0; i < a.n; ++i) {
    const std::int64_t held = arc_of[static_cast<std::size_t>(i)];
    if (held >= 0) {
      const auto j = static_cast<std::size_t>(head_of(a, held));
      ++fill[j];
      leaves[j] = leaves[j] != 0 || s.must_place[static_cast<std::size_t>(i)] == 0 ? 1 : 0;
    }
  }
  for (const auto& [i, e] : s.unused) {
    const std::int64_t held = arc_of[static_cast<std::size_t>(i)];
    if (held >= 0) {
      leaves[static_cast<std::size_t>(head_of(a, held))] = 1;
    }
  }
  bool possible = false;
  for (const auto& [i, e] : s.unused) {
    const auto j = static_cast<std::size_t>(head_of(a, e));
    possible = possible || leaves[j] != 0 || fill[j] < a.capacity[j];
  }
  if (!possible) {
    return false;
  }
  const std::vector<int> component = merged_components(a, arc_of, s);
  return std::any_of(s.unused.begin(), s.unused.end(), [&](const auto& pair) {
    return component[merged_node(a, arc_of, pair.first)] ==
           component[static_cast<std::size_t>(head_of(a, pair.second))];
  });
}

void choose_optimum(const ArcLists& a, ScratchVector<std::int64_t>& arc_of, TieScan& s,
                    const TieOrder& order) {
  // The tight arcs (used and unused) as a problem of their own.
  const auto n = static_cast<std::size_t>(a.n);
  ArcLists tight;
  tight.n = a.n;
  tight.m = a.m;
  tight.k = a.k;
  tight.longest = a.longest;
  tight.capacity = a.capacity;
  tight.start.assign(n + 1, 0);
  ScratchVector<std::int64_t> origin;
  ScratchVector<Index> tail;
  std::size_t next = 0;  // into s.unused, which is ascending
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t held = arc_of[i];
    bool held_taken = held < 0;  // the used arc goes in its place, ascending
    const auto take = [&](std::int64_t e) {
      tight.arc.push_back(a.arc[static_cast<std::size_t>(e)]);
      origin.push_back(e);
      tail.push_back(static_cast<Index>(i));
    };
    for (; next < s.unused.size() && static_cast<std::size_t>(s.unused[next].first) == i; ++next) {
      const std::int64_t e = s.unused[next].second;
      if (!held_taken && held < e) {
        take(held);
        held_taken = true;
      }
      take(e);
    }
    if (!held_taken) {
      take(held);
    }
    tight.start[i + 1] = static_cast<std::int64_t>(tight.arc.size());
  }
  const ScratchVector<std::int64_t> position = positions(a, tight, order);
  using Cost = LexCost<2, double>;
  const auto weight_of = [&](Index rank, double /*score*/, std::int64_t e) {
    const auto eu = static_cast<std::size_t>(e);
    const auto i = static_cast<std::size_t>(tail[eu]);
    const auto j = static_cast<std::size_t>(tight.arc[eu].head);
    Cost c;
    c.major[0] = s.must_place[i] + s.must_fill[j];
    c.major[1] = -position[eu];
    c.minor = -static_cast<double>(rank) * static_cast<double>(a.n - position[eu]);
    return c;
  };
  const SspResult<Cost> r = solve_seats<Cost>(tight, weight_of);
  s.unused.clear();
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t chosen = r.arc_of[i];
    arc_of[i] = chosen < 0 ? -1 : origin[static_cast<std::size_t>(chosen)];
    for (std::int64_t e = tight.start[i]; e < tight.start[i + 1]; ++e) {
      if (e != chosen) {
        s.unused.emplace_back(static_cast<Index>(i), origin[static_cast<std::size_t>(e)]);
      }
    }
  }
}

std::vector<DecidedTie> equal_optima_ties(const ArcLists& a,
                                          const ScratchVector<std::int64_t>& arc_of,
                                          const TieScan& s, const TieOrder& order) {
  const std::vector<int> component = merged_components(a, arc_of, s);
  const auto m = static_cast<std::size_t>(a.m);
  const std::size_t hub = m;
  std::vector<std::vector<Index>> won(m);
  std::vector<std::vector<Index>> lost(m);
  // Candidate i's pair can go either way when one of i's edges leads back
  // into its company's component: an unused tight pair, or (u_i = 0) the hub.
  std::vector<char> movable(static_cast<std::size_t>(a.n), 0);
  for (Index i = 0; i < a.n; ++i) {
    const auto iu = static_cast<std::size_t>(i);
    if (arc_of[iu] >= 0 && s.must_place[iu] == 0 &&
        component[hub] == component[merged_node(a, arc_of, i)]) {
      movable[iu] = 1;
    }
  }
  for (const auto& [i, e] : s.unused) {
    const std::size_t from = merged_node(a, arc_of, i);
    const auto j = static_cast<std::size_t>(head_of(a, e));
    if (component[from] != component[j]) {
      continue;
    }
    const std::int64_t held = arc_of[static_cast<std::size_t>(i)];
    if (held >= 0) {
      movable[static_cast<std::size_t>(i)] = 1;
    }
    if (held < 0 ||
        a.arc[static_cast<std::size_t>(e)].rank < a.arc[static_cast<std::size_t>(held)].rank) {
      lost[j].push_back(i);
    }
  }
  for (Index i = 0; i < a.n; ++i) {
    if (movable[static_cast<std::size_t>(i)] != 0) {
      won[static_cast<std::size_t>(head_of(a, arc_of[static_cast<std::size_t>(i)]))].push_back(i);
    }
  }
  std::vector<DecidedTie> ties;
  for (std::size_t j = 0; j < m; ++j) {
    if (lost[j].empty()) {
      continue;
    }
    const auto company = static_cast<Index>(j);
    std::sort(won[j].begin(), won[j].end(), by_rule(order, company));
    std::sort(lost[j].begin(), lost[j].end(), by_rule(order, company));
    ties.push_back(DecidedTie{company, std::numeric_limits<double>::quiet_NaN(), std::move(won[j]),
                              std::move(lost[j])});
  }
  return ties;
}

}  // namespace kobling::detail
