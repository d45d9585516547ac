// optimal_assignment: the header's example, the big-M trap, pinned errors,
// brute force on small matrices, and its engines with their knobs shrunk (the
// full-matrix seat engine against the arc-list one, price-guided column
// generation against the seat engine), duals checked from the inputs.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <random>

#include "brute_force.hpp"
#include "engine/dense_price_cg.hpp"
#include "engine/dense_seat_ssp.hpp"
#include "kobling/errors.hpp"
#include "kobling/optimal_assignment.hpp"
#include "kobling/synthetic.hpp"
#include "kobling/verify.hpp"

namespace kobling {
namespace {

using testing::kInf;
using testing::to_vec;

TEST(OptimalAssignment, HeaderExample) {
  ScoreMatrix u(2, 2);
  u << 3, 2, 2, -kInf;
  CapacityVector caps(2);
  caps << 1, 1;
  const Assignment a = optimal_assignment(u, caps);
  EXPECT_EQ(to_vec(a.company), (std::vector<Index>{1, 0}));
  EXPECT_DOUBLE_EQ(a.objective, 4.0);
  EXPECT_EQ(to_vec(a.rank), (std::vector<Index>{-1, -1}));
}

TEST(OptimalAssignment, NegativeUtilityOnlyWithMaximizeCardinality) {
  ScoreMatrix u(2, 1);
  u << -1, -2;
  CapacityVector caps(1);
  caps << 2;
  EXPECT_EQ(optimal_assignment(u, caps).placed, 0);
  const Assignment a = optimal_assignment(u, caps, {true});
  EXPECT_EQ(a.placed, 2);
  EXPECT_DOUBLE_EQ(a.objective, -3.0);
  EXPECT_TRUE(check_optimal_certificate(u, caps, {true}, a).ok);
  EXPECT_TRUE(check_optimal_certificate(u, caps, {false}, optimal_assignment(u, caps)).ok);
}

// The known trap: emulating "forbidden" with a large finite cost turns the
// objective into "maximum cardinality first". kobling keeps the two apart.
TEST(OptimalAssignment, ForbiddenIsNotBigM) {
  ScoreMatrix u(2, 2);
  u << 10, 1, -kInf, 1;  // placing both (1 + 1) is worse than 10 alone
  CapacityVector caps(2);
  caps << 1, 1;
  u(1, 1) = -kInf;
  u(1, 0) = 1;
  // utility: c0 -> 0: 10, c0 -> 1: 1, c1 -> 0: 1.
  const Assignment best = optimal_assignment(u, caps);
  EXPECT_DOUBLE_EQ(best.objective, 10.0);
  EXPECT_EQ(best.placed, 1);
  const Assignment most = optimal_assignment(u, caps, {true});
  EXPECT_EQ(most.placed, 2);
  EXPECT_DOUBLE_EQ(most.objective, 2.0);
}

// A mask beside a sparse utility matrix: the mask says what is allowed and an
// entry the matrix does not store is worth 0 (Eigen's sparseView(), like
// scipy's constructor, drops zeros). Same optimum as the dense matrix with the
// masked-out pairs at -inf, and the certificate (with the mask) holds.
TEST(OptimalAssignment, AMaskReadsUnstoredEntriesAsZero) {
  std::mt19937_64 rng(19);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int trial = 0; trial < 200; ++trial) {
    const auto n = static_cast<Index>(1 + rng() % 12);
    const auto m = static_cast<Index>(1 + rng() % 5);
    ScoreMatrix dense(n, m);
    ScoreMatrix masked(n, m);
    MaskMatrix allowed(n, m);
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < m; ++j) {
        dense(i, j) = unit(rng) < 0.4 ? 0.0 : unit(rng) - 0.2;
        allowed(i, j) = unit(rng) < 0.8;
        masked(i, j) = allowed(i, j) ? dense(i, j) : -kInf;
      }
    }
    const Eigen::SparseMatrix<double, Eigen::RowMajor, Index> sparse = dense.sparseView();
    CapacityVector caps(m);
    for (Index j = 0; j < m; ++j) {
      caps[j] = static_cast<Index>(rng() % 3);
    }
    for (const bool card : {false, true}) {
      const OptimalAssignmentOptions o{card};
      const Assignment ref = optimal_assignment(masked, caps, o);
      const Assignment got = optimal_assignment(sparse, caps, allowed, o);
      EXPECT_EQ(got.placed, ref.placed) << trial;
      EXPECT_NEAR(got.objective, ref.objective, 1e-12) << trial;
      for (Index i = 0; i < n; ++i) {
        EXPECT_TRUE(got.company[i] == kNone || allowed(i, got.company[i])) << trial;
      }
      EXPECT_TRUE(check_optimal_certificate(sparse, caps, allowed, o, got).ok) << trial;
      // Without the mask, the dropped zeros are forbidden pairs.
      const Assignment bare = optimal_assignment(sparse, caps, o);
      for (Index i = 0; i < n; ++i) {
        EXPECT_TRUE(bare.company[i] == kNone || dense(i, bare.company[i]) != 0.0) << trial;
      }
    }
  }
}

TEST(OptimalAssignmentErrors, PinnedMessages) {
  CapacityVector caps = CapacityVector::Ones(3);
  ScoreMatrix u = ScoreMatrix::Zero(1, 3);
  u(0, 2) = std::nan("");
  try {
    optimal_assignment(u, caps);
    ADD_FAILURE();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "[kobling.array.nan] utility[0, 2]: NaN is not a utility; use -inf for a pair "
                 "that is not allowed");
  }
}

// Spread::add_all (two lanes at a time) against add() one value at a time,
// on rows of every length up to 9 with zeros, negatives, infinities and NaN:
// the spread decides whether a solve adds up in Wide, so a lane that drops a
// value would make a wide problem look narrow.
TEST(OptimalAssignment, SpreadOfARowMatchesOneValueAtATime) {
  std::mt19937_64 rng(5);
  const std::vector<double> specials = {0.0, -0.0, kForbidden,
                                        std::numeric_limits<double>::infinity(),
                                        std::numeric_limits<double>::quiet_NaN()};
  int wide = 0;
  for (int round = 0; round < 2000; ++round) {
    const auto len = static_cast<std::int64_t>(rng() % 10);
    std::vector<double> row(static_cast<std::size_t>(len));
    for (double& x : row) {
      const auto pick = rng() % 8;
      const double magnitude = std::ldexp(1.0 + static_cast<double>(rng() % 1000) / 1000.0,
                                          static_cast<int>(rng() % 80) - 40);
      x = pick < specials.size() ? specials[pick] : (pick == 5 ? -magnitude : magnitude);
    }
    for (const bool magnitudes : {false, true}) {
      detail::Spread one;
      for (const double x : row) {
        one.add(magnitudes || x > 0.0 ? x : 0.0);
      }
      detail::Spread all;
      all.add_all(row.data(), len, magnitudes);
      EXPECT_EQ(all.largest, one.largest) << "round " << round;
      EXPECT_EQ(all.smallest, one.smallest) << "round " << round;
      wide += all.wide() ? 1 : 0;
    }
  }
  EXPECT_GT(wide, 100);  // the rows do reach both answers
  EXPECT_LT(wide, 3900);
}

TEST(OptimalAssignment, BruteForce) {
  std::mt19937_64 rng(13);
  std::uniform_real_distribution<double> unit(-0.3, 1.0);
  for (int t = 0; t < 2000; ++t) {
    const Index n = 1 + static_cast<Index>(rng() % 6);
    const Index m = 1 + static_cast<Index>(rng() % 4);
    ScoreMatrix u(n, m);
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < m; ++j) {
        const double x = unit(rng);
        u(i, j) = x < -0.2 ? -kInf : (t % 3 == 0 ? std::round(x * 4) : x);
      }
    }
    CapacityVector caps(m);
    for (Index j = 0; j < m; ++j) {
      caps[j] = static_cast<Index>(rng() % 3);
    }
    for (const bool card : {false, true}) {
      const Assignment a = optimal_assignment(u, caps, {card});
      // Brute force over every company-or-none choice.
      std::vector<double> best;
      std::vector<Index> comp(static_cast<std::size_t>(n), kNone);
      std::vector<Index> fill(static_cast<std::size_t>(m), 0);
      std::function<void(Index, double, double)> rec = [&](Index i, double placed, double total) {
        if (i == n) {
          const std::vector<double> key =
              card ? std::vector<double>{placed, total} : std::vector<double>{total};
          if (best.empty() || best < key) {
            best = key;
          }
          return;
        }
        rec(i + 1, placed, total);
        for (Index j = 0; j < m; ++j) {
          if (std::isfinite(u(i, j)) && fill[static_cast<std::size_t>(j)] < caps[j]) {
            ++fill[static_cast<std::size_t>(j)];
            rec(i + 1, placed + 1, total + u(i, j));
            --fill[static_cast<std::size_t>(j)];
          }
        }
      };
      rec(0, 0.0, 0.0);
      ASSERT_NEAR(a.objective, best.back(), 1e-9) << "t=" << t << " card=" << card;
      if (card) {
        ASSERT_EQ(static_cast<double>(a.placed), best[0]);
      }
      ASSERT_TRUE(check_feasibility(u, caps, a.company).ok);
      const CheckReport cert = check_optimal_certificate(u, caps, {card}, a);
      ASSERT_TRUE(cert.ok) << "t=" << t << ": " << cert.violations.front();
    }
  }
}

// The full-matrix engine with its knobs shrunk (lists of 1-3 entries, no
// direct reads, buffers of capacity + 0-2), so that rescans, cut lists,
// refills and tied float screens happen on small inputs; against the arc-list
// engine (a different code path) on the same pairs, with the duals checked
// here from the inputs.
TEST(OptimalAssignment, DenseEngineListsAgainstArcEngine) {
  std::mt19937_64 rng(29);
  std::uniform_real_distribution<double> unit(-0.3, 1.0);
  int rescanned_shapes = 0;
  for (int t = 0; t < 1500; ++t) {
    const Index n = 1 + static_cast<Index>(rng() % 40);
    const Index m = 1 + static_cast<Index>(rng() % 25);
    ScoreMatrix u(n, m);
    const int style = t % 4;  // 0: reals, 1: few levels (ties), 2: float ties, 3: huge
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < m; ++j) {
        const double x = unit(rng);
        double v = x;
        if (style == 1) {
          v = std::round(x * 3);
        } else if (style == 2) {  // distinct doubles with equal float copies
          v = 0.5 + static_cast<double>(rng() % 4) * 1e-8;
        } else if (style == 3) {
          v = x * 1e300;
        }
        u(i, j) = x < -0.2 ? -kInf : v;
      }
    }
    CapacityVector caps(m);
    for (Index j = 0; j < m; ++j) {
      caps[j] = static_cast<Index>(rng() % 4);
    }
    std::vector<Eigen::Triplet<double, Index>> stored;
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < m; ++j) {
        if (std::isfinite(u(i, j))) {
          stored.emplace_back(i, j, u(i, j));
        }
      }
    }
    Eigen::SparseMatrix<double, Eigen::RowMajor, Index> sparse(n, m);
    sparse.setFromTriplets(stored.begin(), stored.end());
    sparse.makeCompressed();
    const std::vector<Index> capacity(caps.data(), caps.data() + m);
    detail::DenseTuning tuning;
    tuning.direct_pairs = 0;
    tuning.first_list = 1 + static_cast<std::int64_t>(rng() % 3);
    tuning.buffer_extra = static_cast<std::int64_t>(rng() % 3);
    rescanned_shapes += m > tuning.first_list + 1 ? 1 : 0;
    const auto check = [&](const auto& r, bool card) {
      const Assignment ref = optimal_assignment(sparse, caps, {card});
      double total = 0.0;
      Index placed = 0;
      IndexVector company(n);
      for (Index i = 0; i < n; ++i) {
        company[i] = r.company[static_cast<std::size_t>(i)];
        if (company[i] != kNone) {
          total += u(i, company[i]);
          ++placed;
        }
      }
      ASSERT_TRUE(check_feasibility(u, caps, company).ok) << "t=" << t;
      ASSERT_EQ(placed, card ? ref.placed : placed) << "t=" << t;
      ASSERT_NEAR(total, ref.objective, 1e-9 * std::max(1.0, std::abs(ref.objective)))
          << "t=" << t << " card=" << card << " style=" << style;
    };
    using Plain = detail::LexCost<0>;
    detail::DenseSeatSolver<Plain> plain(u.data(), m, n, m, capacity,
                                         detail::DenseWeights<Plain>{false}, tuning);
    const auto r = plain.run();
    check(r, false);
    if (style != 3) {  // duals from the inputs: u_i + p_j >= u(i, j), tight when matched
      std::vector<Index> count(static_cast<std::size_t>(m), 0);
      for (Index i = 0; i < n; ++i) {
        const Index c = r.company[static_cast<std::size_t>(i)];
        const double ui = r.u[static_cast<std::size_t>(i)].minor;
        ASSERT_GE(ui, 0.0);
        if (c == kNone) {
          ASSERT_EQ(ui, 0.0) << "t=" << t;
        } else {
          ++count[static_cast<std::size_t>(c)];
          ASSERT_NEAR(ui + r.p[static_cast<std::size_t>(c)].minor, u(i, c), 1e-9) << "t=" << t;
        }
        for (Index j = 0; j < m; ++j) {
          if (u(i, j) >= 0.0 && std::isfinite(u(i, j))) {
            ASSERT_GE(ui + r.p[static_cast<std::size_t>(j)].minor, u(i, j) - 1e-9)
                << "t=" << t << " pair " << i << "," << j;
          }
        }
      }
      for (Index j = 0; j < m; ++j) {
        if (count[static_cast<std::size_t>(j)] < caps[j]) {
          ASSERT_NEAR(r.p[static_cast<std::size_t>(j)].minor, 0.0, 1e-9)
              << "t=" << t << " company " << j;
        }
      }
    }
    using Lex = detail::LexCost<1>;
    detail::DenseSeatSolver<Lex> most(u.data(), m, n, m, capacity, detail::DenseWeights<Lex>{true},
                                      tuning);
    check(most.run(), true);
  }
  EXPECT_GT(rescanned_shapes, 1000);  // most instances have more companies than list entries
}

// The price-guided column-generation engine for large full matrices, with
// its knobs shrunk (lists of 1-3 companies, 1-2 pairs per candidate, coarse
// or fine auction steps, tiny bid budgets), against the seat engine on the
// same matrix; its duals are checked here from the inputs. Exercises the
// rescans, the budget cut-off, several generation rounds and the give-up
// path (round limit 1).
TEST(OptimalAssignment, PriceGuidedDenseAgainstSeatEngine) {
  std::mt19937_64 rng(31);
  std::uniform_real_distribution<double> unit(-0.3, 1.0);
  std::int64_t rescans = 0;
  int several_rounds = 0;
  int gave_up = 0;
  int budget_cut = 0;
  int repaired = 0;
  int rejected = 0;
  for (int t = 0; t < 2100; ++t) {
    // 0: reals, 1: few levels (ties), 2: huge, 3: near-indifferent, 4: zeros,
    // 5: tiny (1e-13), 6: one candidate near DBL_MAX
    const int style = t % 7;
    const Index n = style == 6 ? 1 : 1 + static_cast<Index>(rng() % 40);
    const Index m = 1 + static_cast<Index>(rng() % 25);
    ScoreMatrix u(n, m);
    const double a = unit(rng);
    for (Index i = 0; i < n; ++i) {
      const double strength = unit(rng);
      for (Index j = 0; j < m; ++j) {
        const double x = unit(rng);
        double v = x;
        if (style == 1) {
          v = std::round(x * 3);
        } else if (style == 2) {
          v = x * 1e300;
        } else if (style == 3) {  // near-indifferent: a strong candidate is strong everywhere
          v = strength + 1e-3 * a * static_cast<double>(j % 3) + 1e-4 * x;
        } else if (style == 4) {
          v = 0.0;
        } else if (style == 5) {
          v = x * 1e-13;
        } else if (style == 6) {
          v = x * 1.7e308;
        }
        u(i, j) = x < -0.2 ? -kInf : v;
      }
    }
    CapacityVector caps(m);
    for (Index j = 0; j < m; ++j) {
      caps[j] = static_cast<Index>(rng() % 4);
    }
    if (t % 7 == 0) {
      caps[0] = 1000000000;  // more seats than candidates
    }
    const std::vector<Index> capacity(caps.data(), caps.data() + m);
    detail::PriceCgTuning tuning;
    tuning.min_pairs = 0;
    tuning.list = 1 + static_cast<int>(rng() % 3);
    tuning.arcs_per_row = 1 + static_cast<int>(rng() % 2);
    tuning.arcs_on_violation = 1 + static_cast<int>(rng() % 3);
    tuning.eps = t % 2 == 0 ? 1e-1 : 1e-6;
    tuning.bids_per_row = t % 5 == 0 ? 0 : t % 5 == 1 ? 1 : 48;  // 0: no auction at all
    tuning.level = static_cast<double>(rng() % 3) * 0.5;
    tuning.scans_per_row = 1 + static_cast<std::int64_t>(rng() % 4);
    tuning.max_rounds = t % 11 == 0 ? 1 : 1000;
    // Every third matrix sits in a wider buffer (row stride m + 3, NaN padding
    // that must never be read).
    const Index stride = t % 3 == 1 ? m + 3 : m;
    ScoreMatrix buffer = ScoreMatrix::Constant(n, stride, std::nan(""));
    buffer.leftCols(m) = u;
    detail::PriceGuidedDense cg(buffer.data(), stride, n, m, capacity, tuning);
    detail::PriceGuidedDense::Result r;
    const bool done = cg.run(r);
    rescans += cg.scans() - n;
    repaired += cg.repaired();
    rejected += style == 6 ? 0 : cg.rejected();  // near DBL_MAX the repair's sums overflow
    budget_cut += cg.bids() >= tuning.bids_per_row * n ? 1 : 0;
    if (!done) {
      ASSERT_EQ(tuning.max_rounds, 1) << "t=" << t;  // only the round limit stops it
      ++gave_up;
      continue;
    }
    several_rounds += r.rounds > 1 ? 1 : 0;
    using Plain = detail::LexCost<0>;
    detail::DenseSeatSolver<Plain> seat(buffer.data(), stride, n, m, capacity,
                                        detail::DenseWeights<Plain>{false});
    const auto ref = seat.run();
    // Tolerances relative to the largest utility, with no absolute floor.
    double scale = 0.0;
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < m; ++j) {
        scale = std::isfinite(u(i, j)) ? std::max(scale, std::abs(u(i, j))) : scale;
      }
    }
    const double tol = 1e-9 * (scale > 0.0 ? scale : 1.0);
    double total = 0.0;
    double expected = 0.0;
    IndexVector company(n);
    std::vector<Index> count(static_cast<std::size_t>(m), 0);
    for (Index i = 0; i < n; ++i) {
      company[i] = r.company[static_cast<std::size_t>(i)];
      const Index c = company[i];
      const double ui = r.u[static_cast<std::size_t>(i)].minor;
      ASSERT_GE(ui, 0.0);
      if (c == kNone) {
        ASSERT_EQ(ui, 0.0) << "t=" << t;
      } else {
        ASSERT_TRUE(u(i, c) >= 0.0) << "t=" << t << " assigned a pair that is not allowed";
        total += u(i, c);
        ++count[static_cast<std::size_t>(c)];
        ASSERT_NEAR(ui + r.p[static_cast<std::size_t>(c)].minor, u(i, c), tol) << "t=" << t;
      }
      if (ref.company[static_cast<std::size_t>(i)] != kNone) {
        expected += u(i, ref.company[static_cast<std::size_t>(i)]);
      }
      for (Index j = 0; j < m; ++j) {
        if (u(i, j) >= 0.0) {
          ASSERT_GE(ui + r.p[static_cast<std::size_t>(j)].minor, u(i, j) - tol)
              << "t=" << t << " pair " << i << "," << j;
        }
      }
    }
    ASSERT_TRUE(check_feasibility(u, caps, company).ok) << "t=" << t;
    for (Index j = 0; j < m; ++j) {
      ASSERT_LE(count[static_cast<std::size_t>(j)], caps[j]) << "t=" << t;
      if (count[static_cast<std::size_t>(j)] < caps[j]) {  // relative to the utilities' size
        ASSERT_NEAR(r.p[static_cast<std::size_t>(j)].minor, 0.0, tol) << "t=" << t;
      }
    }
    ASSERT_NEAR(total, expected, tol * static_cast<double>(n)) << "t=" << t;
  }
  // Empty shapes: nobody to place, or nowhere to place them.
  for (const auto& [n, m] : {std::pair<Index, Index>{0, 3}, {3, 0}, {0, 0}}) {
    const ScoreMatrix u = ScoreMatrix::Ones(n, m);
    const std::vector<Index> capacity(static_cast<std::size_t>(m), 2);
    detail::PriceCgTuning tuning;
    tuning.min_pairs = 0;
    detail::PriceGuidedDense cg(u.data(), m, n, m, capacity, tuning);
    detail::PriceGuidedDense::Result r;
    ASSERT_TRUE(cg.run(r));
    ASSERT_EQ(r.company.size(), static_cast<std::size_t>(n));
    ASSERT_EQ(r.p.size(), static_cast<std::size_t>(m));
    EXPECT_TRUE(
        std::all_of(r.company.begin(), r.company.end(), [](Index c) { return c == kNone; }));
  }
  EXPECT_GT(rescans, 1000);
  EXPECT_GT(several_rounds, 100);
  EXPECT_GT(repaired, 100);  // later rounds repaired the previous optimum
  // A repair whose result fails the checks is solved anew (so answers stay
  // right), but away from overflow that must be rare, or the repair is broken.
  EXPECT_LE(rejected, repaired / 200) << "repaired " << repaired;
  EXPECT_GT(gave_up, 50);
  EXPECT_GT(budget_cut, 100);
}

// A synthetic market above the engine's size threshold, through the public
// call: the same objective as the seat engine, and a certificate that the
// independent checker accepts.
TEST(OptimalAssignment, LargeFullMatrixUsesColumnGeneration) {
  SyntheticOptions o;
  o.candidates = 7000;
  o.seed = 5;
  const SyntheticMarket mk = make_synthetic_market(o);
  const auto n = static_cast<Index>(mk.scores.rows());
  const auto m = static_cast<Index>(mk.scores.cols());
  ASSERT_GE(static_cast<std::size_t>(n) * static_cast<std::size_t>(m),
            detail::PriceCgTuning{}.min_pairs);
  const Assignment a = optimal_assignment(mk.scores, mk.capacities);
  EXPECT_TRUE(check_optimal_certificate(mk.scores, mk.capacities, {}, a).ok);
  const std::vector<Index> capacity(mk.capacities.data(), mk.capacities.data() + m);
  using Plain = detail::LexCost<0>;
  detail::DenseSeatSolver<Plain> seat(mk.scores.data(), m, n, m, capacity,
                                      detail::DenseWeights<Plain>{false});
  const auto ref = seat.run();
  double expected = 0.0;
  for (Index i = 0; i < n; ++i) {
    if (ref.company[static_cast<std::size_t>(i)] != kNone) {
      expected += mk.scores(i, ref.company[static_cast<std::size_t>(i)]);
    }
  }
  EXPECT_NEAR(a.objective, expected, 1e-9 * expected);
  detail::PriceGuidedDense cg(mk.scores.data(), m, n, m, capacity);
  detail::PriceGuidedDense::Result r;
  ASSERT_TRUE(cg.run(r));
  EXPECT_GT(cg.bids(), n / 2);  // the auction ran
}

}  // namespace
}  // namespace kobling
