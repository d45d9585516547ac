// Eight concurrent callers on shared immutable inputs get exactly the
// sequential results (the library has no shared mutable state). Also run
// under ThreadSanitizer by scripts/sanitize --tsan.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "kobling/kobling.hpp"

namespace kobling {
namespace {

struct Outcome {
  IndexVector stable, max_placement, rank_maximal, optimal;
  double objective = 0.0;
  std::string report;
  Eigen::Matrix<Index, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> top;
};

Outcome solve_all(const SyntheticMarket& mk, const Kickoff& k) {
  Outcome o;
  o.stable = stable_assignment(mk.preferences, mk.scores, mk.capacities).company;
  const Assignment mp = max_placement_assignment(mk.preferences, mk.capacities, {}, mk.scores);
  o.max_placement = mp.company;
  o.objective = mp.objective;
  o.rank_maximal = rank_maximal_assignment(mk.preferences, mk.capacities, {}, mk.scores).company;
  o.optimal = optimal_assignment(mk.scores, mk.capacities).company;
  const ScoreTable t = score_all(k);
  o.report = format_report(k, t, match(k, t, {Policy::rank_maximal}), "rank_maximal");
  o.top = top_k_linear(mk.features, mk.weights, 3, {64, 2}).company;
  return o;
}

TEST(Concurrency, EightCallersGetTheSequentialResults) {
  SyntheticOptions opt;
  opt.candidates = 600;
  opt.refusal = 0.1;
  opt.seed = 11;
  const SyntheticMarket mk = make_synthetic_market(opt);
  const Kickoff k = load_kickoff(KOBLING_DATA_DIR "/kickoff_trondelag.json");
  const Outcome expected = solve_all(mk, k);
  std::vector<Outcome> got(8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int r = 0; r < 3; ++r) {
        got[static_cast<std::size_t>(t)] = solve_all(mk, k);
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  for (const Outcome& o : got) {
    EXPECT_TRUE(o.stable == expected.stable);
    EXPECT_TRUE(o.max_placement == expected.max_placement);
    EXPECT_TRUE(o.rank_maximal == expected.rank_maximal);
    EXPECT_TRUE(o.optimal == expected.optimal);
    EXPECT_EQ(o.objective, expected.objective);
    EXPECT_EQ(o.report, expected.report);
    EXPECT_TRUE(o.top == expected.top);
  }
}

}  // namespace
}  // namespace kobling
