#include "solvers/improvement_cycles.hpp"

#include <limits>
#include <vector>

namespace kobling::detail {

namespace {

struct Edge {
  Index to;         // the company the candidate moves to
  Index candidate;  // who moves
  Index rank;       // the entry of its list it moves to
};

// One stable improvement cycle of the graph (the edges leaving company j are
// out[start[j] .. start[j+1])), as the edges in order; empty when acyclic.
std::vector<Edge> find_cycle(Index m, const std::vector<std::int64_t>& start,
                             const std::vector<Edge>& out) {
  enum : char { kWhite, kGrey, kBlack };
  std::vector<char> colour(static_cast<std::size_t>(m), kWhite);
  std::vector<std::int64_t> next(start.begin(), start.end() - 1);  // next edge to try per company
  std::vector<Index> stack;                                        // companies on the path
  std::vector<std::int64_t> via;  // the edge taken from stack[t] to stack[t+1]
  for (Index root = 0; root < m; ++root) {
    if (colour[static_cast<std::size_t>(root)] != kWhite) {
      continue;
    }
    stack.assign(1, root);
    via.clear();
    colour[static_cast<std::size_t>(root)] = kGrey;
    while (!stack.empty()) {
      const auto ju = static_cast<std::size_t>(stack.back());
      if (next[ju] == start[ju + 1]) {
        colour[ju] = kBlack;
        stack.pop_back();
        if (!via.empty()) {
          via.pop_back();
        }
        continue;
      }
      const std::int64_t e = next[ju]++;
      const Index to = out[static_cast<std::size_t>(e)].to;
      const auto tu = static_cast<std::size_t>(to);
      if (colour[tu] == kWhite) {
        colour[tu] = kGrey;
        stack.push_back(to);
        via.push_back(e);
      } else if (colour[tu] == kGrey) {  // back to the path: a cycle
        std::vector<Edge> cycle;
        std::size_t t = stack.size() - 1;
        while (stack[t] != to) {
          --t;
        }
        for (std::size_t q = t; q + 1 < stack.size(); ++q) {
          cycle.push_back(out[static_cast<std::size_t>(via[q])]);
        }
        cycle.push_back(out[static_cast<std::size_t>(e)]);
        return cycle;
      }
    }
  }
  return {};
}

}  // namespace

void improve_stable(const WishLists& w, ScratchVector<Index>& rank_of) {
  constexpr double kNoDesirer = -std::numeric_limits<double>::infinity();
  const auto mu = static_cast<std::size_t>(w.m);
  std::vector<double> top(mu);
  std::vector<Index> fill(mu);
  std::vector<std::int64_t> start(mu + 1);
  std::vector<Edge> out;
  const auto wanted_below = [&](Index i) {
    const Index got = rank_of[static_cast<std::size_t>(i)];
    return got == kNone ? w.k : got;
  };
  for (;;) {
    std::fill(top.begin(), top.end(), kNoDesirer);
    std::fill(fill.begin(), fill.end(), 0);
    for (Index i = 0; i < w.n; ++i) {
      const Index got = rank_of[static_cast<std::size_t>(i)];
      if (got != kNone) {
        ++fill[static_cast<std::size_t>(w.company[w.entry(i, got)])];
      }
      for (Index r = 0; r < wanted_below(i); ++r) {
        const std::size_t e = w.entry(i, r);
        const Index j = w.company[e];
        if (j != kNone && w.score[e] > top[static_cast<std::size_t>(j)]) {
          top[static_cast<std::size_t>(j)] = w.score[e];
        }
      }
    }
    // Edges mu(i) -> j for placed i among j's top desirers, by source (CSR).
    std::fill(start.begin(), start.end(), 0);
    const auto edge_of = [&](Index i, Index r) {
      const std::size_t e = w.entry(i, r);
      const Index j = w.company[e];
      // A desirer of a company with a free seat would block: weak stability
      // rules that out, and such a company is no place to cycle through.
      return j != kNone && w.score[e] == top[static_cast<std::size_t>(j)] &&
             fill[static_cast<std::size_t>(j)] >= w.capacity[static_cast<std::size_t>(j)];
    };
    for (int pass = 0; pass < 2; ++pass) {
      for (Index i = 0; i < w.n; ++i) {
        const Index got = rank_of[static_cast<std::size_t>(i)];
        if (got == kNone) {
          continue;
        }
        const auto from = static_cast<std::size_t>(w.company[w.entry(i, got)]);
        for (Index r = 0; r < got; ++r) {
          if (edge_of(i, r)) {
            if (pass == 0) {
              ++start[from + 1];
            } else {
              out[static_cast<std::size_t>(start[from]++)] = Edge{w.company[w.entry(i, r)], i, r};
            }
          }
        }
      }
      if (pass == 0) {
        for (std::size_t j = 0; j < mu; ++j) {
          start[j + 1] += start[j];
        }
        out.resize(static_cast<std::size_t>(start[mu]));
      } else {  // the fill pass advanced each start to the next company's
        for (std::size_t j = mu; j > 0; --j) {
          start[j] = start[j - 1];
        }
        start[0] = 0;
      }
    }
    const std::vector<Edge> cycle = find_cycle(w.m, start, out);
    if (cycle.empty()) {
      return;
    }
    for (const Edge& e : cycle) {
      rank_of[static_cast<std::size_t>(e.candidate)] = e.rank;
    }
  }
}

}  // namespace kobling::detail
