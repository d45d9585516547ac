// src/engine/sparse_repair.hpp (private) — re-optimising a capacitated assignment
// after pairs were added, from the previous optimum instead of from scratch.
//
// Problem. Column generation (dense_price_cg.hpp) solves a sparse problem,
// adds a few pairs, and solves again. The previous optimum, with its prices
// p (company duals), satisfies every optimality condition except on the new
// pairs: a candidate whose new pair beats what it has. Re-solving from
// scratch repeats every search; this repairs only what broke.
//
// Invariants (the LP optimality conditions on the sparse problem, with
// u_i = w(i, c(i)) - p_c(i) for a placed candidate and 0 for a free one):
//  (1) a placed candidate holds one of its best pairs by w - p;
//  (2) a free candidate gains nothing anywhere: w(i, j) - p_j <= 0;
//  (3) a company with an empty seat has price 0.
// Broken by the new pairs: candidates violating (1) are unplaced, which
// leaves "hungry" free candidates violating (2) and "deficit" companies
// violating (3). The same holds for any start, such as an auction's seats and
// prices: a holder with a negative surplus is unplaced too.
//
// Repair. Two kinds of shortest-path searches over companies, each the
// primal-dual step of successive shortest paths (Ahuja, Magnanti, Orlin,
// "Network Flows", 1993, ch. 9) with the prices as potentials:
//  A. from a hungry candidate: it takes one of its companies, whose holder
//     moves on or becomes free, ..., until a free seat is filled, a holder is
//     left free, or the candidate stays free; settled companies' prices rise
//     by (end - distance), which keeps (1) and (2) everywhere and ends with
//     the candidate's gain exactly used up;
//  B. from a deficit company's empty seat (prices only fall): a candidate
//     moves into it from another company, whose seat is then empty, ...,
//     until a free candidate takes the last seat or it stays empty at price
//     0; settled companies' prices fall by (end - distance), which keeps (1)
//     and (2).
// A runs first (prices rise, so no free candidate becomes hungry), then B
// (its searches consider every free candidate of a settled company, so none
// becomes hungry either). The caller does not trust the result: it checks
// capacities and (3) here and every pair against u + p >= w in its full pass,
// and solves from scratch if anything is off.
//
// Complexity: one search per hungry candidate and per empty seat with a
// positive price, each O(S log S + arcs of the settled companies).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <queue>
#include <vector>

#include "engine/wish_lists.hpp"

namespace kobling::detail {

class SparseRepair {
 public:
  /// g: the new sparse problem (its pairs include every placed candidate's
  /// pair); company (n) and p (m): the previous optimum, repaired in place.
  /// False when the previous state does not fit g (the caller solves anew).
  static bool run(const ArcLists& g, std::vector<Index>& company, std::vector<double>& p,
                  double slack) {
    SparseRepair r(g, company, p, slack);
    return r.repair();
  }

 private:
  SparseRepair(const ArcLists& g, std::vector<Index>& company, std::vector<double>& p, double slack)
      : g_(g), company_(company), p_(p), slack_(slack) {}

  struct In {
    Index row;
    double w;
  };
  enum class End : std::uint8_t { none, stay, seat, drop, empty, free_row };

  [[nodiscard]] std::int64_t arcs_begin(Index i) const {
    return g_.start[static_cast<std::size_t>(i)];
  }
  [[nodiscard]] std::int64_t arcs_end(Index i) const {
    return g_.start[static_cast<std::size_t>(i) + 1];
  }
  [[nodiscard]] const RawArc& arc(std::int64_t a) const {
    return g_.arc[static_cast<std::size_t>(a)];
  }
  // Row i's best gain max_j w - p over its pairs (-inf if none).
  [[nodiscard]] double gain(Index i) const {
    double best = -std::numeric_limits<double>::infinity();
    for (std::int64_t a = arcs_begin(i); a < arcs_end(i); ++a) {
      best = std::max(best, arc(a).score - p_[static_cast<std::size_t>(arc(a).head)]);
    }
    return best;
  }
  [[nodiscard]] bool exceeds(double v, double u) const {
    return v > u + (slack_ * std::abs(v) + slack_ * std::abs(u));  // no overflow near DBL_MAX
  }

  void join(Index i, Index j, double w) {
    company_[static_cast<std::size_t>(i)] = j;
    held_[static_cast<std::size_t>(i)] = w;
    members_[static_cast<std::size_t>(j)].push_back(i);
  }
  void leave(Index i) {
    auto& list = members_[static_cast<std::size_t>(company_[static_cast<std::size_t>(i)])];
    list.erase(std::find(list.begin(), list.end(), i));
    company_[static_cast<std::size_t>(i)] = kNone;
  }
  [[nodiscard]] bool has_seat(Index j) const {
    const auto ju = static_cast<std::size_t>(j);
    return static_cast<std::int64_t>(members_[ju].size()) < g_.capacity[ju];
  }

  bool repair() {
    const auto n = static_cast<std::size_t>(g_.n);
    const auto m = static_cast<std::size_t>(g_.m);
    members_.assign(m, {});
    held_.assign(n, 0.0);
    for (Index i = 0; i < g_.n; ++i) {
      const Index c = company_[static_cast<std::size_t>(i)];
      if (c == kNone) {
        continue;
      }
      std::int64_t a = arcs_begin(i);
      while (a < arcs_end(i) && arc(a).head != c) {
        ++a;
      }
      if (a == arcs_end(i)) {
        return false;  // the held pair is not in g
      }
      join(i, c, arc(a).score);
    }
    for (std::size_t j = 0; j < m; ++j) {
      if (static_cast<std::int64_t>(members_[j].size()) > g_.capacity[j]) {
        return false;
      }
    }
    // Incoming pairs per company (for the searches from empty seats).
    in_start_.assign(m + 1, 0);
    for (const RawArc& a : g_.arc) {
      ++in_start_[static_cast<std::size_t>(a.head) + 1];
    }
    for (std::size_t j = 0; j < m; ++j) {
      in_start_[j + 1] += in_start_[j];
    }
    in_.resize(g_.arc.size());
    std::vector<std::int64_t> fill(in_start_.begin(), in_start_.end() - 1);
    for (Index i = 0; i < g_.n; ++i) {
      for (std::int64_t a = arcs_begin(i); a < arcs_end(i); ++a) {
        in_[static_cast<std::size_t>(fill[static_cast<std::size_t>(arc(a).head)]++)] =
            In{i, arc(a).score};
      }
    }
    // Candidates whose new pairs beat what they hold, or who hold a seat
    // worth less than its price (a start from approximate prices), are
    // unplaced; those that gain somewhere are hungry.
    std::vector<Index> hungry;
    for (Index i = 0; i < g_.n; ++i) {
      const auto iu = static_cast<std::size_t>(i);
      const double g = gain(i);
      if (company_[iu] != kNone) {
        const double pc = p_[static_cast<std::size_t>(company_[iu])];
        const double u = held_[iu] - pc;
        if (!exceeds(g, u) && !exceeds(pc, held_[iu])) {
          continue;  // at a best pair, with a surplus >= 0
        }
        leave(i);
      }
      if (exceeds(g, 0.0)) {
        hungry.push_back(i);
      }
    }
    dist_.assign(m, 0.0);
    mark_.assign(m, 0);
    done_.assign(m, 0);
    pred_row_.assign(m, kNone);
    pred_company_.assign(m, kNone);
    pred_w_.assign(m, 0.0);
    // Sums that overflow near DBL_MAX leave no finite shortest path: give up
    // (the caller solves anew).
    for (const Index i : hungry) {
      const double g = gain(i);
      if (g > 0.0 && !from_candidate(i, g)) {
        return false;
      }
    }
    for (Index j = 0; j < g_.m; ++j) {
      while (has_seat(j) && p_[static_cast<std::size_t>(j)] > 0.0) {
        if (!from_seat(j)) {
          return false;
        }
      }
    }
    return true;
  }

  void start_search() {
    ++epoch_;
    settled_.clear();
    heap_ = {};
  }
  void offer(Index j, double d, Index row, Index from, double w) {
    const auto ju = static_cast<std::size_t>(j);
    if (done_[ju] == epoch_ || (mark_[ju] == epoch_ && !(d < dist_[ju]))) {
      return;
    }
    mark_[ju] = epoch_;
    dist_[ju] = d;
    pred_row_[ju] = row;
    pred_company_[ju] = from;
    pred_w_[ju] = w;
    heap_.push({d, j});
  }
  // Pops the nearest unsettled company below `bound`, or kNone.
  Index next(double bound) {
    while (!heap_.empty()) {
      const auto [d, j] = heap_.top();
      heap_.pop();
      const auto ju = static_cast<std::size_t>(j);
      if (done_[ju] == epoch_ || d != dist_[ju]) {
        continue;
      }
      if (!(d < bound)) {
        return kNone;
      }
      done_[ju] = epoch_;
      settled_.push_back(j);
      return j;
    }
    return kNone;
  }

  // Search A from hungry candidate i (gain g > 0).
  bool from_candidate(Index i, double g) {
    start_search();
    double best = g;  // i stays free
    End end = End::stay;
    Index end_company = kNone;
    Index end_row = kNone;
    for (std::int64_t a = arcs_begin(i); a < arcs_end(i); ++a) {
      const RawArc& x = arc(a);
      offer(x.head, g - (x.score - p_[static_cast<std::size_t>(x.head)]), i, kNone, x.score);
    }
    for (Index j = next(best); j != kNone; j = next(best)) {
      const auto ju = static_cast<std::size_t>(j);
      const double d = dist_[ju];
      if (has_seat(j)) {
        best = d;
        end = End::seat;
        end_company = j;
        continue;  // nothing from here is shorter
      }
      for (const Index k : members_[ju]) {
        const double uk = held_[static_cast<std::size_t>(k)] - p_[ju];
        if (d + uk < best) {
          best = d + uk;
          end = End::drop;
          end_company = j;
          end_row = k;
        }
        for (std::int64_t a = arcs_begin(k); a < arcs_end(k); ++a) {
          const RawArc& x = arc(a);
          if (x.head != j) {
            const double nd = d + uk - (x.score - p_[static_cast<std::size_t>(x.head)]);
            if (nd < best) {
              offer(x.head, nd, k, j, x.score);
            }
          }
        }
      }
    }
    if (!std::isfinite(best)) {
      return false;
    }
    for (const Index j : settled_) {
      const auto ju = static_cast<std::size_t>(j);
      if (dist_[ju] < best) {
        p_[ju] += best - dist_[ju];
      }
    }
    if (end == End::stay) {
      return true;
    }
    if (end == End::drop) {
      leave(end_row);
    }
    // Fill end_company's vacancy back along the path to i.
    for (Index cur = end_company;;) {
      const auto cu = static_cast<std::size_t>(cur);
      const Index r = pred_row_[cu];
      const Index from = pred_company_[cu];
      if (from != kNone) {
        leave(r);
      }
      join(r, cur, pred_w_[cu]);
      if (from == kNone) {
        break;
      }
      cur = from;
    }
    return true;
  }

  // Search B from company h's empty seat (price > 0).
  bool from_seat(Index h) {
    start_search();
    double best = std::numeric_limits<double>::infinity();
    End end = End::none;
    Index end_company = kNone;
    Index end_row = kNone;
    double end_w = 0.0;
    offer(h, 0.0, kNone, kNone, 0.0);
    for (Index l = next(best); l != kNone; l = next(best)) {
      const auto lu = static_cast<std::size_t>(l);
      const double d = dist_[lu];
      if (d + p_[lu] < best) {  // the seat stays empty, at price 0
        best = d + p_[lu];
        end = End::empty;
        end_company = l;
      }
      for (std::int64_t q = in_start_[lu]; q < in_start_[lu + 1]; ++q) {
        const In& e = in_[static_cast<std::size_t>(q)];
        const Index c = company_[static_cast<std::size_t>(e.row)];
        if (c == kNone) {
          if (d + p_[lu] - e.w < best) {
            best = d + p_[lu] - e.w;
            end = End::free_row;
            end_company = l;
            end_row = e.row;
            end_w = e.w;
          }
        } else if (c != l) {
          const double uk =
              held_[static_cast<std::size_t>(e.row)] - p_[static_cast<std::size_t>(c)];
          const double nd = d + uk - (e.w - p_[lu]);
          if (nd < best) {
            offer(c, nd, e.row, l, e.w);
          }
        }
      }
    }
    if (end == End::none || !std::isfinite(best)) {
      return false;
    }
    for (const Index l : settled_) {
      const auto lu = static_cast<std::size_t>(l);
      if (dist_[lu] < best) {
        p_[lu] = std::max(0.0, p_[lu] - (best - dist_[lu]));  // (>= 0 but for rounding)
      }
    }
    // Moves from the end back to h: each predecessor's candidate moves from
    // its company into the one before it on the path.
    const Index last = end_company;
    for (Index cur = last; cur != h;) {
      const auto cu = static_cast<std::size_t>(cur);
      const Index r = pred_row_[cu];
      const Index into = pred_company_[cu];
      leave(r);
      join(r, into, pred_w_[cu]);
      cur = into;
    }
    if (end == End::free_row) {
      join(end_row, last, end_w);
    } else {
      p_[static_cast<std::size_t>(last)] = 0.0;  // its seat stays empty
    }
    return true;
  }

  const ArcLists& g_;
  std::vector<Index>& company_;
  std::vector<double>& p_;
  double slack_;
  std::vector<std::vector<Index>> members_;
  std::vector<double> held_;
  std::vector<std::int64_t> in_start_;
  std::vector<In> in_;
  std::vector<double> dist_;
  std::vector<std::uint32_t> mark_;
  std::vector<std::uint32_t> done_;
  std::vector<Index> pred_row_;
  std::vector<Index> pred_company_;
  std::vector<double> pred_w_;
  std::vector<Index> settled_;
  std::priority_queue<std::pair<double, Index>, std::vector<std::pair<double, Index>>,
                      std::greater<>>
      heap_;
  std::uint32_t epoch_ = 0;
};

}  // namespace kobling::detail
