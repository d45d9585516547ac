// src/engine/dense_price_cg.hpp (private) — exact maximum-weight assignment for a
// large full (n, m) utility matrix by price-guided column generation.
//
// Problem. Maximise Σ w(i, c(i)) over assignments of candidates to companies
// within capacities, every pair with utility >= 0 allowed (the plain
// objective; the cardinality-first one stays with dense_seat_ssp.hpp). Its LP
// dual: candidate surpluses u >= 0 and company prices p >= 0 with
// u_i + p_j >= w(i, j) for every allowed pair, tight on assigned pairs, p_j = 0
// where seats stay empty.
//
// Why not the seat engine alone. On large full matrices with near-indifferent
// candidates (scores from weighted features: a strong candidate is strong
// everywhere) every seat-driven search settles a large share of the
// companies, and the engine's float copy of the matrix costs more to fault in
// than to read. Yet
// at the optimal prices each candidate needs only its two or three best
// companies by w - p: the optimum of that sparse problem is the optimum of
// the full one. So the work is finding the prices.
//
// Method.
//  1. Price discovery (a heuristic; any prices are correct input to step 2):
//     a forward auction (Bertsekas, "The auction algorithm for assignment and
//     other network flow problems", 1989; similar objects as in Bertsekas and
//     Castañon, 1989) with seats as objects and "stay unplaced" as a free
//     outside option. Prices start at a per-company level estimated from a
//     row sample (the column quantile where about the share of candidates
//     that fit the seats is above), so the price war from 0 is skipped. Each
//     candidate keeps its K best companies at its last scan and the (K+1)-th
//     value tau; prices only rise, so the list decides a bid while its best
//     value is still >= tau, and the row is scanned again otherwise. A
//     company whose start price kept its seats empty gets price 0 and the
//     unplaced bid again. The auction stops at 48 bids or 4 row scans per
//     candidate (price wars on tied utilities would otherwise run long).
//  2. Column generation, exact: the sparse problem on each candidate's best
//     few companies by w - p is solved exactly, with optimal duals (u, p)
//     (how: below). One pass over
//     the full matrix checks u_i + p_j >= w(i, j) for every pair (as
//     w (1 - 1e-12) - p (1 + 1e-12) <= u: relative to the values, whatever
//     their size, and safe from overflow); each violating candidate's best
//     few pairs at the new prices join the sparse problem, and it is solved
//     again. When no pair violates, (u, p) is feasible for the full LP and
//     complementary with the sparse optimum, so that optimum is optimal for
//     the full matrix (LP duality). "Exact" has the meaning it has for every
//     kobling engine: in double arithmetic, so gains below the rounding of
//     the largest prices (about 1e-16 of them) can be lost, as in the seat
//     engines themselves; the certificate checker's tolerance covers that.
//     Each round adds at least one new pair, so the loop ends; after 12
//     rounds the caller falls back to the seat engine. No round solves from
//     scratch: the first repairs the auction's seats and prices, the later
//     ones the previous optimum (sparse_repair.hpp: a search per candidate
//     whose pair beats what it holds, and per seat that frees); a repair
//     whose result fails the optimality conditions (capacities, empty seats
//     at price 0, surpluses >= 0 and tight, every pair by the full pass) is
//     replaced by a solve from scratch by the seat engine (seat_ssp.hpp). A
//     row is read again only if its best value at the last reading plus the
//     largest price fall since could exceed its surplus; in the first round,
//     candidates within a tenth of an auction step of violating also bring
//     their pairs, so that later rounds read only part of the rows.
//
// Complexity: a pass is O(n·m) streaming reads; the auction reads at most 4
// passes' worth of rows; the sparse solves are O(C · S log m) for C seats,
// once per round. Memory: O(n·K + m + arcs), no copy of the matrix. Measured
// times are in bench/RESULTS.md (variant B, full score matrices).
// Known weakness: utilities that hardly depend on the company (candidate
// strength plus 1e-6 noise) need more than 12 rounds, and the fallback seat
// engine is slow on them too.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "engine/seat_ssp.hpp"
#include "engine/sparse_repair.hpp"
#include "engine/ssp.hpp"

namespace kobling::detail {

/// The column-generation engine's knobs; tests shrink them so that small
/// inputs take every path (rescans, budget exhaustion, several rounds).
struct PriceCgTuning {
  int list = 24;                     ///< companies kept per candidate in the auction
  int arcs_per_row = 3;              ///< pairs a candidate brings into the sparse problem
  int arcs_on_violation = 4;         ///< pairs a violating candidate adds per round
  int max_rounds = 12;               ///< sparse solves before giving up
  double eps = 1e-3;                 ///< auction step, relative to the sampled utility scale
  double level = 0.8;                ///< price level: share of C/n used for the start quantile
  std::int64_t bids_per_row = 48;    ///< auction bid budget per candidate
  std::int64_t scans_per_row = 4;    ///< auction row-scan budget per candidate (full passes)
  std::size_t min_pairs = 1u << 22;  ///< below this n·m the seat engine is used
  bool repair = true;                ///< later rounds repair the previous optimum
};

class PriceGuidedDense {
 public:
  using Cost = LexCost<0>;

  PriceGuidedDense(const double* utility, std::ptrdiff_t stride, Index n, Index m,
                   const std::vector<Index>& capacity, PriceCgTuning tuning = {})
      : w_(utility), stride_(stride), n_(n), m_(m), capacity_(capacity), t_(tuning) {
    // A list or an addition of no companies could not make progress.
    t_.list = std::max(1, t_.list);
    t_.arcs_per_row = std::max(1, t_.arcs_per_row);
    t_.arcs_on_violation = std::max(1, t_.arcs_on_violation);
  }

  struct Result {
    ScratchVector<Index> company;
    ScratchVector<Cost> p;
    ScratchVector<Cost> u;
    int rounds = 0;
  };

  /// False when the round limit was reached (the caller falls back).
  bool run(Result& out) {
    if (n_ == 0 || m_ == 0) {  // nobody to place, or nowhere: all unplaced, prices 0
      out.company.assign(static_cast<std::size_t>(n_), kNone);
      out.p.assign(static_cast<std::size_t>(m_), Cost{});
      out.u.assign(static_cast<std::size_t>(n_), Cost{});
      out.rounds = 0;
      return true;
    }
    auction();
    return generate(out);
  }

  // Counters for tests and benchmarks.
  std::int64_t bids() const noexcept { return bids_; }
  std::int64_t scans() const noexcept { return scans_; }
  /// Rounds solved by repairing the previous optimum instead of anew.
  int repaired() const noexcept { return repaired_; }
  /// Repairs the checks refused (those rounds were solved anew).
  int rejected() const noexcept { return rejected_; }

 private:
  [[nodiscard]] const double* row(Index i) const noexcept {
    return w_ + static_cast<std::ptrdiff_t>(i) * stride_;
  }

  // --- step 1: prices ----------------------------------------------------------

  // Per-company start price: the column quantile, over a row sample, above
  // which about level·C/n of the sampled candidates lie (0 where that is
  // below 0 or the column has no allowed sample); +inf for no seats.
  void level_prices() {
    const auto m = static_cast<std::size_t>(m_);
    base_.assign(m, 0.0);
    std::int64_t seats = 0;
    for (std::size_t j = 0; j < m; ++j) {
      seats += std::min<std::int64_t>(capacity_[j], n_);
    }
    const Index samples = std::min<Index>(n_, 1024);
    const double share =
        std::min(1.0, t_.level * static_cast<double>(seats) / static_cast<double>(n_));
    const auto k = static_cast<std::size_t>(std::min<double>(
        static_cast<double>(samples) - 1.0, (1.0 - share) * static_cast<double>(samples)));
    // The sampled rows are read a group of 64 columns at a time (a few cache
    // lines per row) into one contiguous array per column.
    constexpr Index kGroup = 64;
    const auto per_column = static_cast<std::size_t>(samples);
    columns_.resize(static_cast<std::size_t>(kGroup) * per_column);
    scale_ = 0.0;
    for (Index j0 = 0; j0 < m_; j0 += kGroup) {
      const Index width = std::min(kGroup, m_ - j0);
      for (Index s = 0; s < samples; ++s) {
        const double* r = row(static_cast<Index>(static_cast<std::int64_t>(s) * n_ / samples)) + j0;
        for (Index t = 0; t < width; ++t) {
          columns_[static_cast<std::size_t>(t) * per_column + static_cast<std::size_t>(s)] = r[t];
        }
      }
      for (Index t = 0; t < width; ++t) {
        const auto j = static_cast<std::size_t>(j0 + t);
        if (capacity_[j] == 0) {
          base_[j] = std::numeric_limits<double>::infinity();
          continue;
        }
        const auto first = columns_.begin() +
                           static_cast<std::ptrdiff_t>(t) * static_cast<std::ptrdiff_t>(per_column);
        const auto last = first + static_cast<std::ptrdiff_t>(per_column);
        scale_ = std::max(scale_, *std::max_element(first, last));  // -inf, negatives sort low
        std::nth_element(first, first + static_cast<std::ptrdiff_t>(k), last);
        base_[j] = std::max(0.0, first[static_cast<std::ptrdiff_t>(k)]);
      }
    }
    if (!(scale_ > 0.0)) {
      scale_ = 1.0;  // nothing positive sampled: any step will do
    }
  }

  // max_j x[j] - p[j] over `count` entries (-inf if none). Four independent
  // maxima, so that the loop runs at the speed of the loads rather than of
  // one compare chain.
  [[nodiscard]] static double best_gain(const double* x, const double* p, Index count,
                                        double scale = 1.0) noexcept {
    constexpr double kLow = -std::numeric_limits<double>::infinity();
    double a = kLow;
    double b = kLow;
    double c = kLow;
    double d = kLow;
    Index j = 0;
    for (; j + 4 <= count; j += 4) {
      const double va = x[j] * scale - p[j];
      const double vb = x[j + 1] * scale - p[j + 1];
      const double vc = x[j + 2] * scale - p[j + 2];
      const double vd = x[j + 3] * scale - p[j + 3];
      a = va > a ? va : a;
      b = vb > b ? vb : b;
      c = vc > c ? vc : c;
      d = vd > d ? vd : d;
    }
    for (; j < count; ++j) {
      const double v = x[j] * scale - p[j];
      a = v > a ? v : a;
    }
    return std::max(std::max(a, b), std::max(c, d));
  }

  // Keeps the `limit` best (value, index) seen so far in top_v_ / top_j_,
  // best first, ties to the one met first; `size` counts the kept entries.
  void keep_best(double v, Index j, std::size_t& size, std::size_t limit) {
    if (size == limit && !(v > top_v_[limit - 1])) {
      return;
    }
    std::size_t q = size < limit ? size++ : limit - 1;
    while (q > 0 && top_v_[q - 1] < v) {
      top_v_[q] = top_v_[q - 1];
      top_j_[q] = top_j_[q - 1];
      --q;
    }
    top_v_[q] = v;
    top_j_[q] = j;
  }

  // Row i's K best companies by w - p (exact utilities kept) and tau, the
  // (K+1)-th value (-inf when the row has no more companies). Two passes:
  // block maxima give a lower bound of the (K+1)-th value, then only blocks
  // reaching it are read again (from cache).
  void scan(Index i) {
    ++scans_;
    const double* r = row(i);
    const double* p = price_.data();
    const std::size_t keep = static_cast<std::size_t>(t_.list) + 1;
    constexpr Index kBlock = 32;
    const Index blocks = (m_ + kBlock - 1) / kBlock;
    block_max_.resize(static_cast<std::size_t>(blocks));
    for (Index b = 0; b < blocks; ++b) {
      const Index j0 = b * kBlock;
      block_max_[static_cast<std::size_t>(b)] =
          best_gain(r + j0, p + j0, std::min(m_, j0 + kBlock) - j0);
    }
    // floor = the keep-th largest block maximum (a lower bound of the keep-th
    // largest value), by insertion into a sorted buffer: after the first
    // blocks, few maxima beat its last entry.
    double floor = -std::numeric_limits<double>::infinity();
    if (static_cast<std::size_t>(blocks) > keep) {
      std::size_t filled = 0;
      for (Index b = 0; b < blocks; ++b) {
        keep_best(block_max_[static_cast<std::size_t>(b)], b, filled, keep);
      }
      floor = top_v_[keep - 1];
    }
    // Sorted top (keep) values >= floor, best first.
    std::size_t count = 0;
    for (Index b = 0; b < blocks; ++b) {
      if (block_max_[static_cast<std::size_t>(b)] < floor) {
        continue;
      }
      const Index j1 = std::min(m_, b * kBlock + kBlock);
      for (Index j = b * kBlock; j < j1; ++j) {
        const double v = r[j] - p[j];
        if (v >= floor && v != -std::numeric_limits<double>::infinity()) {
          keep_best(v, j, count, keep);
        }
      }
    }
    const std::size_t base = static_cast<std::size_t>(i) * static_cast<std::size_t>(t_.list);
    const std::size_t kept = std::min(count, keep - 1);
    for (std::size_t q = 0; q < kept; ++q) {
      list_j_[base + q] = top_j_[q];
      list_x_[base + q] = r[top_j_[q]];
    }
    for (std::size_t q = kept; q < keep - 1; ++q) {
      list_j_[base + q] = kNone;
    }
    tau_[static_cast<std::size_t>(i)] =
        count == keep ? top_v_[keep - 1] : -std::numeric_limits<double>::infinity();
  }

  void auction() {
    const auto n = static_cast<std::size_t>(n_);
    const auto m = static_cast<std::size_t>(m_);
    const auto list = static_cast<std::size_t>(t_.list);
    level_prices();
    const double eps = t_.eps * scale_;
    eps_ = eps;
    price_ = base_;
    top_v_.resize(list + 1);
    top_j_.resize(list + 1);
    list_j_.assign(n * list, kNone);
    list_x_.resize(n * list);
    tau_.assign(n, 0.0);
    scanned_.assign(n, 0);
    seat_start_.assign(m + 1, 0);
    for (std::size_t j = 0; j < m; ++j) {
      seat_start_[j + 1] = seat_start_[j] + std::min<std::int64_t>(capacity_[j], n_);
    }
    seats_.resize(static_cast<std::size_t>(seat_start_[m]));
    held_.assign(m, 0);
    std::vector<Index> queue(n);
    for (std::size_t i = 0; i < n; ++i) {
      queue[i] = static_cast<Index>(n - 1 - i);
    }
    const std::int64_t budget = t_.bids_per_row * n_;
    scan_budget_ = t_.scans_per_row * n_;
    for (int pass = 0;; ++pass) {
      bid_until_settled(queue, budget, eps);
      // A company left with empty seats at a positive start price was priced
      // by a guess that kept candidates away (its price must be 0): drop the
      // guess and let the unplaced candidates bid again, with fresh scans
      // since prices fell.
      bool lowered = false;
      for (std::size_t j = 0; j < m; ++j) {
        if (held_[j] < seat_start_[j + 1] - seat_start_[j] && base_[j] > 0.0) {
          base_[j] = 0.0;
          price_[j] = 0.0;
          lowered = true;
        }
      }
      if (!lowered || pass == 2 || bids_ >= budget || scans_ >= scan_budget_) {
        break;
      }
      std::vector<std::uint8_t> holds(n, 0);
      for (std::size_t j = 0; j < m; ++j) {
        for (std::int64_t q = seat_start_[j]; q < seat_start_[j] + held_[j]; ++q) {
          holds[static_cast<std::size_t>(seats_[static_cast<std::size_t>(q)].row)] = 1;
        }
      }
      std::fill(scanned_.begin(), scanned_.end(), std::uint8_t{0});
      for (std::size_t i = n; i-- > 0;) {
        if (holds[i] == 0) {
          queue.push_back(static_cast<Index>(i));
        }
      }
    }
  }

  // Gauss-Seidel bidding: one unplaced candidate at a time, until every
  // candidate holds a seat or prefers staying unplaced, or the budget is spent.
  void bid_until_settled(std::vector<Index>& queue, std::int64_t budget, double eps) {
    const auto list = static_cast<std::size_t>(t_.list);
    const auto later = [](const Seat& a, const Seat& b) { return a.price > b.price; };
    while (!queue.empty() && bids_ < budget && scans_ < scan_budget_) {
      const Index i = queue.back();
      queue.pop_back();
      const auto iu = static_cast<std::size_t>(i);
      if (scanned_[iu] == 0) {
        scan(i);
        scanned_[iu] = 1;
      }
      double v1 = -std::numeric_limits<double>::infinity();
      double v2 = 0.0;  // the outside option
      Index j1 = kNone;
      for (;;) {
        v1 = -std::numeric_limits<double>::infinity();
        v2 = 0.0;
        j1 = kNone;
        const std::size_t base = iu * list;
        for (std::size_t q = 0; q < list; ++q) {
          const Index j = list_j_[base + q];
          if (j == kNone) {
            break;
          }
          const double v = list_x_[base + q] - price_[static_cast<std::size_t>(j)];
          if (v > v1) {
            v2 = std::max(v2, v1);
            v1 = v;
            j1 = j;
          } else {
            v2 = std::max(v2, v);
          }
        }
        if (v1 >= tau_[iu]) {
          break;  // no unlisted company can beat the best (prices only rose)
        }
        scan(i);
      }
      if (!(v1 > 0.0)) {
        continue;  // stays unplaced: prices only rise, it never bids again
      }
      v2 = std::max(v2, tau_[iu]);  // an upper bound of the second best
      ++bids_;
      const auto ju = static_cast<std::size_t>(j1);
      const double bid = price_[ju] + (v1 - v2) + eps;
      Seat* first = seats_.data() + seat_start_[ju];
      const std::int64_t size = seat_start_[ju + 1] - seat_start_[ju];
      if (held_[ju] < size) {
        first[held_[ju]++] = Seat{bid, i};
        std::push_heap(first, first + held_[ju], later);
      } else {
        std::pop_heap(first, first + size, later);
        queue.push_back(first[size - 1].row);
        first[size - 1] = Seat{bid, i};
        std::push_heap(first, first + size, later);
      }
      price_[ju] = held_[ju] < size ? base_[ju] : first->price;
    }
  }

  // --- step 2: exact column generation -----------------------------------------

  [[nodiscard]] static bool allowed(double x) noexcept { return x >= 0.0; }  // -inf fails too

  // Adds row i's best (up to `count`) allowed pairs by w - p, skipping pairs
  // it has; returns how many were new. Ties go to the companies met first
  // from column i mod m on, so that tied rows spread over tied companies
  // instead of all bringing the same few.
  int add_best(Index i, const std::vector<double>& p, int count) {
    const double* r = row(i);
    std::size_t have = 0;
    const Index start = i % m_;
    for (Index t = 0; t < m_; ++t) {
      const Index j = t < m_ - start ? start + t : t - (m_ - start);
      if (allowed(r[j])) {
        keep_best(r[j] - p[static_cast<std::size_t>(j)], j, have, static_cast<std::size_t>(count));
      }
    }
    int added = 0;
    auto& mine = pairs_[static_cast<std::size_t>(i)];
    for (std::size_t q = 0; q < have; ++q) {
      if (std::find(mine.begin(), mine.end(), top_j_[q]) == mine.end()) {
        mine.push_back(top_j_[q]);
        ++added;
      }
    }
    return added;
  }

  bool generate(Result& out) {
    const auto n = static_cast<std::size_t>(n_);
    const auto m = static_cast<std::size_t>(m_);
    const auto per_row = static_cast<std::size_t>(t_.arcs_per_row);
    top_v_.resize(std::max(top_v_.size(), static_cast<std::size_t>(t_.arcs_on_violation) + 1));
    top_j_.resize(std::max(top_j_.size(), static_cast<std::size_t>(t_.arcs_on_violation) + 1));
    // Start: each candidate's best few from its auction list at the final
    // prices (the list may be stale; the check below catches what it misses).
    pairs_.assign(n, {});
    const auto list = static_cast<std::size_t>(t_.list);
    for (std::size_t i = 0; i < n; ++i) {
      auto& mine = pairs_[i];
      order_.clear();
      for (std::size_t q = 0; q < list; ++q) {
        const Index j = list_j_[i * list + q];
        if (j == kNone) {
          break;
        }
        const double x = list_x_[i * list + q];
        if (allowed(x)) {
          order_.push_back({x - price_[static_cast<std::size_t>(j)], j});
        }
      }
      const std::size_t take = std::min(per_row, order_.size());
      std::partial_sort(order_.begin(), order_.begin() + static_cast<std::ptrdiff_t>(take),
                        order_.end(),
                        [](const auto& a, const auto& b) { return a.first > b.first; });
      for (std::size_t q = 0; q < take; ++q) {
        mine.push_back(order_[q].second);
      }
    }
    std::vector<double> p(m);
    std::vector<double> p_high(m);  // p (1 + δ), for the check
    // Per row, an upper bound of max_j w (1 - δ) - p (1 + δ) at the current
    // prices: exact when the row was last read, raised by each price fall since.
    std::vector<double> bound(n, std::numeric_limits<double>::infinity());
    const auto weight_of = [](Index /*rank*/, double x) {
      Cost c;
      c.minor = x;
      return c;
    };
    // The current solution of the sparse problem: company per candidate and
    // price per company (u follows from them).
    std::vector<Index> company(n, kNone);
    std::vector<double> price(m, 0.0);
    std::vector<double> u(n, 0.0);
    bool have = false;  // company/price hold the previous round's optimum
    // The auction's seats and prices are the first round's start: the repair
    // keeps what is optimal about them (each holder's company joins its pairs).
    if (t_.repair) {
      for (std::size_t j = 0; j < m; ++j) {
        for (std::int64_t q = seat_start_[j]; q < seat_start_[j] + held_[j]; ++q) {
          const Index r = seats_[static_cast<std::size_t>(q)].row;
          company[static_cast<std::size_t>(r)] = static_cast<Index>(j);
          auto& mine = pairs_[static_cast<std::size_t>(r)];
          if (std::find(mine.begin(), mine.end(), static_cast<Index>(j)) == mine.end()) {
            mine.push_back(static_cast<Index>(j));
          }
        }
        price[j] = std::isfinite(price_[j]) ? price_[j] : 0.0;  // no seats: +inf in the auction
      }
      have = true;
    }
    bool cold_next = false;  // a repaired round looked wrong: solve the next anew
    for (int round = 1; round <= t_.max_rounds; ++round) {
      ArcLists g;
      g.n = n_;
      g.m = m_;
      g.capacity.assign(capacity_.begin(), capacity_.end());
      g.start.assign(n + 1, 0);
      for (std::size_t i = 0; i < n; ++i) {
        const double* r = row(static_cast<Index>(i));
        for (const Index j : pairs_[i]) {
          // Read once and kept: the sparse solve never reads the matrix.
          const double w = r[j];
          if (!storable(w)) {
            input_changed("utility");  // NaN or +inf where a utility was
          }
          if (allowed(w)) {  // (still allowed: another thread may write the matrix)
            g.arc.push_back(RawArc{w, j, 0});
          }
        }
        g.start[i + 1] = static_cast<std::int64_t>(g.arc.size());
      }
      // From the previous optimum when there is one (a few searches), else
      // from scratch.
      bool warm = false;
      if (have && !cold_next && t_.repair) {
        warm = SparseRepair::run(g, company, price, kSlack) && consistent(company, price) &&
               surplus(company, price, u);
        rejected_ += warm ? 0 : 1;
      }
      if (!warm) {
        SspResult<Cost> s = solve_seats<Cost>(g, weight_of);
        for (std::size_t i = 0; i < n; ++i) {
          const std::int64_t e = s.arc_of[i];
          company[i] = e >= 0 ? g.arc[static_cast<std::size_t>(e)].head : kNone;
        }
        for (std::size_t j = 0; j < m; ++j) {
          price[j] = s.p[j].minor;
        }
        surplus(company, price, u);  // the seat engine's own rounding is accepted
      }
      repaired_ += warm ? 1 : 0;
      have = true;
      cold_next = false;
      // The largest price fall since the last round (+inf in the first):
      // a row's best value can have risen by at most that much.
      double fall = round == 1 ? std::numeric_limits<double>::infinity() : 0.0;
      for (std::size_t j = 0; j < m; ++j) {
        fall = std::max(fall, p[j] - price[j]);
        p[j] = price[j];
        p_high[j] = p[j] * (1.0 + kSlack);
      }
      fall *= 1.0 + kSlack;
      // Round 1 also brings the pairs of candidates just short of violating
      // (within a tenth of an auction step): the next prices usually turn
      // some of them into violators, which would cost a round each.
      const double near = round == 1 ? 0.1 * eps_ : 0.0;
      std::int64_t added = 0;
      std::int64_t stuck = 0;  // violations on pairs the sparse problem has
      for (Index i = 0; i < n_; ++i) {
        const auto iu = static_cast<std::size_t>(i);
        const double ui = u[iu];
        // (With a rounding margin: the stored bound may have lost a small w
        // against a large old price that has since fallen.)
        const double b = bound[iu];
        if (b == -std::numeric_limits<double>::infinity() ||
            b + fall + 0x1p-50 * (std::abs(b) + fall) <= ui - near) {
          bound[iu] += fall;  // cannot violate: the row is not read
          continue;
        }
        // w (1 - δ) - p (1 + δ) > u: relative to the sizes subtracted, with no
        // absolute floor (utilities may be 1e-300) and no overflow near DBL_MAX
        // (u, p >= 0).
        bound[iu] = best_gain(row(i), p_high.data(), m_, 1.0 - kSlack);
        if (bound[iu] > ui) {
          const int fresh = add_best(i, p, t_.arcs_on_violation);
          added += fresh;
          stuck += fresh == 0 ? 1 : 0;
        } else if (bound[iu] > ui - near) {
          add_best(i, p, t_.arcs_on_violation);
        }
      }
      if (warm && stuck > 0) {
        ++rejected_;
        // The repair left a violation on a pair it had (the seat engine's
        // own rounding is accepted, the repair's is not): solve anew.
        cold_next = true;
        continue;
      }
      if (added == 0) {
        out.company.assign(company.begin(), company.end());
        out.p.assign(m, Cost{});
        out.u.assign(n, Cost{});
        for (std::size_t j = 0; j < m; ++j) {
          out.p[j].minor = price[j];
        }
        for (std::size_t i = 0; i < n; ++i) {
          out.u[i].minor = u[i];
        }
        out.rounds = round;
        return true;
      }
    }
    return false;
  }

  static constexpr double kSlack = 1e-12;  // relative rounding allowance of the check

  // u_i = w(i, c(i)) - p_c(i) (0 for the unplaced), clamped at 0; false if
  // some placed candidate's surplus is negative beyond rounding.
  bool surplus(const std::vector<Index>& company, const std::vector<double>& price,
               std::vector<double>& u) const {
    bool ok = true;
    for (Index i = 0; i < n_; ++i) {
      const auto iu = static_cast<std::size_t>(i);
      const Index c = company[iu];
      if (c == kNone) {
        u[iu] = 0.0;
        continue;
      }
      const double w = row(i)[c];
      if (!storable(w)) {
        input_changed("utility");
      }
      const double pc = price[static_cast<std::size_t>(c)];
      ok = ok && !(w - pc < -(kSlack * std::abs(w) + kSlack * std::abs(pc)));  // no overflow
      u[iu] = std::max(0.0, w - pc);
    }
    return ok;
  }

  // Capacities hold, prices are >= 0, and a company with an empty seat has
  // price 0: the optimality conditions the full pass does not check (with
  // surplus(): u >= 0 and tight on placed pairs).
  [[nodiscard]] bool consistent(const std::vector<Index>& company,
                                std::vector<double>& price) const {
    std::vector<std::int64_t> count(price.size(), 0);
    for (const Index c : company) {
      if (c != kNone) {
        ++count[static_cast<std::size_t>(c)];
      }
    }
    for (std::size_t j = 0; j < price.size(); ++j) {
      if (count[j] > capacity_[j] || !(price[j] >= 0.0) || !std::isfinite(price[j]) ||
          (count[j] < capacity_[j] && price[j] != 0.0)) {
        return false;
      }
    }
    return true;
  }

  struct Seat {
    double price;
    Index row;
  };

  const double* w_;
  std::ptrdiff_t stride_;
  Index n_;
  Index m_;
  const std::vector<Index>& capacity_;
  PriceCgTuning t_;
  double scale_ = 1.0;
  double eps_ = 0.0;  // the auction step
  std::vector<double> base_;
  std::vector<double> columns_;  // level_prices: a group of sampled columns
  std::vector<double> price_;
  std::vector<double> block_max_;
  std::vector<double> top_v_;
  std::vector<Index> top_j_;
  std::vector<Index> list_j_;
  std::vector<double> list_x_;
  std::vector<double> tau_;
  std::vector<std::uint8_t> scanned_;
  std::vector<std::int64_t> seat_start_;
  std::vector<Seat> seats_;
  std::vector<std::int64_t> held_;
  std::vector<std::vector<Index>> pairs_;
  std::vector<std::pair<double, Index>> order_;
  std::int64_t bids_ = 0;
  int repaired_ = 0;
  int rejected_ = 0;
  std::int64_t scan_budget_ = 0;
  std::int64_t scans_ = 0;
};

}  // namespace kobling::detail
