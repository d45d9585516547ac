// The exact solvers against each other and the max-flow bound on larger
// synthetic markets: max_placement reaches the bound, rank_maximal honours the
// most first wishes, certificates hold, sparse and dense inputs agree.
#include <gtest/gtest.h>

#include "brute_force.hpp"
#include "kobling/max_placement.hpp"
#include "kobling/rank_maximal.hpp"
#include "kobling/stable.hpp"
#include "kobling/synthetic.hpp"
#include "kobling/verify.hpp"

namespace kobling {
namespace {

using testing::to_vec;

TEST(Solvers, CrossChecksOnSyntheticMarkets) {
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    SyntheticOptions o;
    o.candidates = 200 + static_cast<Index>(seed * 37 % 800);
    o.seed = seed;
    o.refusal = 0.05;
    o.empty_list = 0.02;
    const SyntheticMarket mk = make_synthetic_market(o);
    const Assignment mp = max_placement_assignment(mk.preferences, mk.capacities, {}, mk.scores);
    const Assignment rm = rank_maximal_assignment(mk.preferences, mk.capacities, {}, mk.scores);
    const Assignment st = stable_assignment(mk.preferences, mk.scores, mk.capacities);
    const std::int64_t bound = max_placement_count(mk.preferences, mk.capacities, mk.scores);
    EXPECT_EQ(mp.placed, bound);
    EXPECT_LE(rm.placed, bound);
    EXPECT_LE(st.placed, bound);
    // rank-maximal honours at least as many first wishes as any other policy.
    EXPECT_GE(rm.rank_counts[0], mp.rank_counts[0]);
    EXPECT_GE(rm.rank_counts[0], st.rank_counts[0]);
    EXPECT_TRUE(
        check_max_placement_certificate(mk.preferences, mk.capacities, {}, mk.scores, {}, mp).ok);
    EXPECT_TRUE(
        check_rank_maximal_certificate(mk.preferences, mk.capacities, {}, mk.scores, rm).ok);
    // Sparse and dense inputs give identical results.
    const Assignment mp_sparse =
        max_placement_assignment(mk.preferences, mk.capacities, {}, mk.listed_scores);
    EXPECT_EQ(to_vec(mp.company), to_vec(mp_sparse.company));
  }
}

}  // namespace
}  // namespace kobling
