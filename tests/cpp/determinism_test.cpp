// Same input, same output: byte-identical JSON across runs and thread counts,
// and results that do not depend on input order where the tie rule says so.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>
#include <vector>

#include "kobling/kobling.hpp"

namespace kobling {
namespace {

std::string run_json(const Kickoff& k, Policy p) {
  const ScoreTable t = score_all(k);
  return result_to_json(k, match(k, t, {p}), std::string(to_string(p))).dump(2);
}

TEST(Determinism, ByteIdenticalJsonAcross100Runs) {
  const Kickoff k = load_kickoff(KOBLING_DATA_DIR "/kickoff_trondelag.json");
  for (const Policy p : all_policies()) {
    const std::string first = run_json(k, p);
    for (int r = 0; r < 100; ++r) {
      ASSERT_EQ(run_json(k, p), first) << to_string(p) << " run " << r;
    }
  }
}

TEST(Determinism, TopKIdenticalForEveryThreadCountAndBlockSize) {
  SyntheticOptions o;
  o.candidates = 3000;
  o.companies = 400;
  o.features = 12;
  o.wishes = 0;
  o.dense_scores = false;
  const SyntheticMarket mk = make_synthetic_market(o);
  const TopK base = top_k_linear(mk.features, mk.weights, 7, {1024, 1});
  for (const int threads : {2, 3, 8}) {
    for (const Index block : {Index{1}, Index{100}, Index{5000}}) {
      const TopK t = top_k_linear(mk.features, mk.weights, 7, {block, threads});
      ASSERT_TRUE(t.company == base.company) << threads << "/" << block;
      ASSERT_TRUE(t.score == base.score) << threads << "/" << block;
    }
  }
}

// Reorders the companies of a kick-off document (ids unchanged).
nlohmann::json permute_companies(nlohmann::json doc, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::shuffle(doc["companies"].begin(), doc["companies"].end(), rng);
  return doc;
}

// Result as id -> company id, independent of index order.
std::map<std::string, std::string> by_id(const Kickoff& k, const Assignment& a) {
  std::map<std::string, std::string> out;
  for (Index i = 0; i < k.num_candidates(); ++i) {
    out[k.candidate(i).id] = a.company[i] == kNone ? "" : k.company(a.company[i]).id;
  }
  return out;
}

TEST(Determinism, CompanyOrderDoesNotChangeTheStableAssignment) {
  // Company preferences break ties by candidate index, never by company
  // index, and candidates' lists are strict: the stable optimum is unique, so
  // reordering the companies must not change who goes where.
  const Kickoff k = load_kickoff(KOBLING_DATA_DIR "/kickoff_trondelag.json");
  const nlohmann::json doc = kickoff_to_json(k);
  const ScoreTable t = score_all(k);
  const auto expected_cand = by_id(k, match(k, t, {Policy::stable}));
  const auto expected_comp = by_id(k, match(k, t, {Policy::stable, Proposer::companies}));
  const Assignment mp = match(k, t, {Policy::max_placement});
  const Assignment rm = match(k, t, {Policy::rank_maximal});
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const Kickoff p = kickoff_from_json(permute_companies(doc, seed));
    const ScoreTable pt = score_all(p);
    EXPECT_EQ(by_id(p, match(p, pt, {Policy::stable})), expected_cand);
    EXPECT_EQ(by_id(p, match(p, pt, {Policy::stable, Proposer::companies})), expected_comp);
    // Optimal policies: the optimum value is order-independent (the optimal
    // assignment itself may have ties).
    const Assignment pmp = match(p, pt, {Policy::max_placement});
    EXPECT_EQ(pmp.placed, mp.placed);
    EXPECT_NEAR(pmp.objective, mp.objective, 1e-9);
    const Assignment prm = match(p, pt, {Policy::rank_maximal});
    EXPECT_TRUE(prm.rank_counts == rm.rank_counts);
    EXPECT_NEAR(prm.objective, rm.objective, 1e-9);
  }
}

TEST(Determinism, CandidateOrderWithDistinctScores) {
  // With all scores distinct no tie is ever broken by index, so permuting the
  // candidates must not change who goes where under stable.
  SyntheticOptions o;
  o.candidates = 400;
  o.seed = 4;
  const SyntheticMarket mk = make_synthetic_market(o);
  const Assignment base = stable_assignment(mk.preferences, mk.scores, mk.capacities);
  std::vector<Index> perm(400);
  std::iota(perm.begin(), perm.end(), 0);
  std::mt19937_64 rng(9);
  for (int rep = 0; rep < 10; ++rep) {
    std::shuffle(perm.begin(), perm.end(), rng);
    PreferenceMatrix p(400, mk.preferences.cols());
    ScoreMatrix s(400, mk.scores.cols());
    for (Index i = 0; i < 400; ++i) {
      p.row(i) = mk.preferences.row(perm[static_cast<std::size_t>(i)]);
      s.row(i) = mk.scores.row(perm[static_cast<std::size_t>(i)]);
    }
    const Assignment a = stable_assignment(p, s, mk.capacities);
    for (Index i = 0; i < 400; ++i) {
      ASSERT_EQ(a.company[i], base.company[perm[static_cast<std::size_t>(i)]]);
    }
  }
}

// The solvers' temporary arrays are reused across calls on a thread and are
// not zeroed (thread_cache.hpp): a solve on memory dirtied by a larger, different
// instance must give exactly what a solve on fresh memory gives.
TEST(Determinism, ResultsDoNotDependOnTheThreadCache) {
  SyntheticOptions big;
  big.candidates = 6000;
  big.seed = 11;
  const SyntheticMarket dirt = make_synthetic_market(big);
  SyntheticOptions o;
  o.candidates = 3000;
  o.seed = 12;
  const SyntheticMarket mk = make_synthetic_market(o);
  const auto solve_all = [&](const SyntheticMarket& x) {
    return std::vector<Assignment>{
        stable_assignment(x.preferences, x.listed_scores, x.capacities),
        max_placement_assignment(x.preferences, x.capacities, {}, x.listed_scores),
        rank_maximal_assignment(x.preferences, x.capacities, {}, x.listed_scores),
        optimal_assignment(x.listed_scores, x.capacities),
        optimal_assignment(x.scores, x.capacities)};
  };
  release_thread_cache();
  ASSERT_EQ(thread_cache_bytes(), 0U);
  const std::vector<Assignment> fresh = solve_all(mk);
  (void)solve_all(dirt);
  EXPECT_GT(thread_cache_bytes(), 0U);  // the large blocks were kept
  const std::vector<Assignment> reused = solve_all(mk);
  ASSERT_EQ(fresh.size(), reused.size());
  for (std::size_t s = 0; s < fresh.size(); ++s) {
    EXPECT_EQ(fresh[s].company, reused[s].company) << "solver " << s;
    EXPECT_EQ(fresh[s].objective, reused[s].objective) << "solver " << s;
    EXPECT_EQ(fresh[s].duals.company, reused[s].duals.company) << "solver " << s;
  }
  const std::size_t kept = thread_cache_bytes();
  EXPECT_LE(kept, std::size_t{64} << 20);
  EXPECT_EQ(release_thread_cache(), kept);
  EXPECT_EQ(thread_cache_bytes(), 0U);
}

}  // namespace
}  // namespace kobling
