#include "engine/interview_flow.hpp"

#include <algorithm>
#include <queue>
#include <utility>

namespace kobling::detail {

namespace {

// How a node was reached in the search: through which arc (pair arc index,
// or kDirect for j -> T, kBand for i -> T) from which node.
constexpr std::int64_t kDirect = -1;
constexpr std::int64_t kBand = -2;

struct Node {
  InterviewCost dist;
  std::int64_t via = 0;  // arc index, kDirect or kBand
  Index from = 0;
  std::uint32_t mark = 0;  // == epoch: reached; == epoch + 1: settled
};

struct Item {
  InterviewCost key;
  Index node;
  bool operator<(const Item& b) const noexcept {  // a min-heap in std::priority_queue
    return b.key < key || (!(key < b.key) && node > b.node);
  }
};

}  // namespace

InterviewFlow solve_interview_flow(const ArcLists& a, Index minimum) {
  const Index n = a.n;
  const Index m = a.m;
  const auto nu = static_cast<std::size_t>(n);
  const auto mu = static_cast<std::size_t>(m);
  const Index sink = m + n;
  InterviewFlow f;
  f.flow.assign(a.arc.size(), 0);
  f.interviews.assign(nu, 0);
  f.held.assign(mu, 0);
  // Arcs by company, and each arc's candidate.
  std::vector<std::int64_t> start(mu + 1, 0);
  std::vector<Index> tail(a.arc.size());
  std::vector<Index> wishes(nu, 0);
  for (std::size_t i = 0; i < nu; ++i) {
    wishes[i] = static_cast<Index>(a.start[i + 1] - a.start[i]);
    for (std::int64_t e = a.start[i]; e < a.start[i + 1]; ++e) {
      tail[static_cast<std::size_t>(e)] = static_cast<Index>(i);
      ++start[static_cast<std::size_t>(a.arc[static_cast<std::size_t>(e)].head) + 1];
    }
  }
  for (std::size_t j = 0; j < mu; ++j) {
    start[j + 1] += start[j];
  }
  std::vector<std::int64_t> by_company(a.arc.size());
  {
    std::vector<std::int64_t> next(start.begin(), start.end() - 1);
    for (std::size_t e = 0; e < a.arc.size(); ++e) {
      by_company[static_cast<std::size_t>(next[static_cast<std::size_t>(a.arc[e].head)]++)] =
          static_cast<std::int64_t>(e);
    }
  }
  const auto weight = [&](std::int64_t e) {
    return interview_weight(a.arc[static_cast<std::size_t>(e)], a.longest);
  };
  // Initial potentials (see the essay).
  std::vector<InterviewCost>& pot = f.potential;
  pot.assign(static_cast<std::size_t>(sink) + 1, InterviewCost{});
  InterviewCost sink_pot;
  for (std::size_t i = 0; i < nu; ++i) {
    if (wishes[i] == 0) {
      continue;
    }
    InterviewCost best = weight(a.start[i]);
    for (std::int64_t e = a.start[i] + 1; e < a.start[i + 1]; ++e) {
      best = std::max(best, weight(e), [](const auto& x, const auto& y) { return x < y; });
    }
    InterviewCost& p = pot[mu + i];
    p = -best;
    bool open = false;
    const InterviewCost through = p - band_weight(0, minimum, wishes[i], open);
    if (through < sink_pot) {
      sink_pot = through;
    }
  }
  pot[static_cast<std::size_t>(sink)] = sink_pot;

  std::vector<Node> node(static_cast<std::size_t>(sink) + 1);
  std::uint32_t epoch = 0;
  std::priority_queue<Item> heap;
  std::vector<Index> settled;
  const auto relax = [&](Index v, const InterviewCost& d, std::int64_t via, Index from) {
    Node& x = node[static_cast<std::size_t>(v)];
    if (x.mark == epoch + 1 || (x.mark == epoch && !(d < x.dist))) {
      return;
    }
    x.mark = epoch;
    x.dist = d;
    x.via = via;
    x.from = from;
    heap.push(Item{d, v});
  };
  for (Index j0 = 0; j0 < m; ++j0) {
    const auto j0u = static_cast<std::size_t>(j0);
    // One unit more than applicants when the cap allows it: it stays unused,
    // and routing it makes the potentials certify the unused units.
    const auto units = static_cast<Index>(
        std::min<std::int64_t>(a.capacity[j0u], start[j0u + 1] - start[j0u] + 1));
    for (Index unit = 0; unit < units; ++unit) {
      epoch += 2;
      heap = {};
      settled.clear();
      relax(j0, InterviewCost{}, 0, kNone);
      InterviewCost to_sink;
      while (!heap.empty()) {
        const Item it = heap.top();
        heap.pop();
        Node& x = node[static_cast<std::size_t>(it.node)];
        if (x.mark == epoch + 1 || x.dist < it.key) {
          continue;
        }
        x.mark = epoch + 1;
        if (it.node == sink) {
          to_sink = it.key;
          break;
        }
        settled.push_back(it.node);
        const InterviewCost& pv = pot[static_cast<std::size_t>(it.node)];
        if (it.node < m) {  // a company: leave the unit unused, or give it to an applicant
          const auto ju = static_cast<std::size_t>(it.node);
          relax(sink, it.key + pv - pot[static_cast<std::size_t>(sink)], kDirect, it.node);
          for (std::int64_t q = start[ju]; q < start[ju + 1]; ++q) {
            const std::int64_t e = by_company[static_cast<std::size_t>(q)];
            if (f.flow[static_cast<std::size_t>(e)] == 0) {
              const Index v = m + tail[static_cast<std::size_t>(e)];
              relax(v, it.key - weight(e) + pv - pot[static_cast<std::size_t>(v)], e, it.node);
            }
          }
        } else {  // a candidate: on to T, or give up an interview it holds
          const auto iu = static_cast<std::size_t>(it.node - m);
          bool open = false;
          const InterviewCost band = band_weight(f.interviews[iu], minimum, wishes[iu], open);
          if (open) {
            relax(sink, it.key - band + pv - pot[static_cast<std::size_t>(sink)], kBand, it.node);
          }
          for (std::int64_t e = a.start[iu]; e < a.start[iu + 1]; ++e) {
            if (f.flow[static_cast<std::size_t>(e)] != 0) {
              const Index v = a.arc[static_cast<std::size_t>(e)].head;
              relax(v, it.key + weight(e) + pv - pot[static_cast<std::size_t>(v)], e, it.node);
            }
          }
        }
      }
      // Potentials: settled nodes move by their distance minus T's.
      for (const Index v : settled) {
        InterviewCost& p = pot[static_cast<std::size_t>(v)];
        p = p + node[static_cast<std::size_t>(v)].dist - to_sink;
      }
      const Node& t = node[static_cast<std::size_t>(sink)];
      if (t.via == kDirect && t.from == j0) {
        break;  // the direct path is shortest: j0's other units stay unused
      }
      // Augment along the path back from T. A candidate passed through gains
      // one interview and gives up another; only the band into T adds one.
      Index v = sink;
      while (v != j0) {
        const Node& x = node[static_cast<std::size_t>(v)];
        if (x.via == kBand) {
          ++f.interviews[static_cast<std::size_t>(x.from - m)];
        } else if (x.via >= 0 && v >= m) {  // company x.from interviews candidate v
          f.flow[static_cast<std::size_t>(x.via)] = 1;
          ++f.held[static_cast<std::size_t>(x.from)];
        } else if (x.via >= 0) {  // candidate x.from gives up its interview with company v
          f.flow[static_cast<std::size_t>(x.via)] = 0;
          --f.held[static_cast<std::size_t>(v)];
        }  // kDirect: the company's freed unit stays unused
        v = x.from;
      }
    }
  }
  return f;
}

}  // namespace kobling::detail
