// kobling benchmarks (Google Benchmark). Instances are seeded kick-off-like
// markets from make_synthetic_market: n candidates, m = max(10, n/10)
// companies with 1-5 seats, 3 wishes with Zipf popularity, feature scores.
// Counters: items_per_second = candidates per second.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "kobling/kobling.hpp"

namespace {

using kobling::SyntheticMarket;

// Markets are built once per size and shared by the benchmarks.
const SyntheticMarket& market(kobling::Index n, bool dense) {
  static std::mutex mutex;
  static std::map<std::pair<kobling::Index, bool>, std::unique_ptr<SyntheticMarket>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = cache[{n, dense}];
  if (!slot) {
    kobling::SyntheticOptions o;
    o.candidates = n;
    o.dense_scores = dense;
    o.seed = 42;
    slot = std::make_unique<SyntheticMarket>(kobling::make_synthetic_market(o));
  }
  return *slot;
}

void BM_StableCandidates(benchmark::State& state) {
  const auto n = static_cast<kobling::Index>(state.range(0));
  const SyntheticMarket& mk = market(n, false);
  for (auto _ : state) {
    auto a = kobling::stable_assignment(mk.preferences, mk.listed_scores, mk.capacities);
    benchmark::DoNotOptimize(a.placed);
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_StableCandidates)
    ->Arg(100)
    ->Arg(550)
    ->Arg(5000)
    ->Arg(50000)
    ->Unit(benchmark::kMicrosecond);

void BM_StableCompanies(benchmark::State& state) {
  const auto n = static_cast<kobling::Index>(state.range(0));
  const SyntheticMarket& mk = market(n, false);
  for (auto _ : state) {
    auto a = kobling::stable_assignment(mk.preferences, mk.listed_scores, mk.capacities,
                                        {kobling::Proposer::companies});
    benchmark::DoNotOptimize(a.placed);
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_StableCompanies)->Arg(550)->Arg(50000)->Unit(benchmark::kMicrosecond);

// The market's listed scores rounded down to four levels (interview tiers),
// so most decisions are ties.
Eigen::SparseMatrix<double, Eigen::RowMajor, kobling::Index> tiered_scores(kobling::Index n) {
  Eigen::SparseMatrix<double, Eigen::RowMajor, kobling::Index> tiered =
      market(n, false).listed_scores;
  for (auto& v : tiered.coeffs()) {
    v = std::floor(v * 4.0);
  }
  return tiered;
}

// Interview tiers: the scores rounded to four levels, so most decisions are
// ties. Arg 1: a single lottery; arg 2: the same plus stable improvement
// cycles (the welfare tie-breaking costs, given back).
void BM_StableTiers(benchmark::State& state) {
  const auto n = static_cast<kobling::Index>(state.range(0));
  static std::map<kobling::Index, Eigen::SparseMatrix<double, Eigen::RowMajor, kobling::Index>>
      tiers;
  auto& tiered = tiers[n];
  if (tiered.size() == 0) {
    tiered = tiered_scores(n);
  }
  const SyntheticMarket& mk = market(n, false);
  kobling::StableOptions o;
  o.tie_break = kobling::TieBreak::lottery;
  o.seed = 7;
  o.improve = state.range(1) == 2;
  std::size_t ties = 0;
  for (auto _ : state) {
    auto a = kobling::stable_assignment(mk.preferences, tiered, mk.capacities, o);
    ties = a.ties.size();
    benchmark::DoNotOptimize(a.placed);
  }
  state.counters["ties"] = static_cast<double>(ties);
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_StableTiers)
    ->Args({550, 1})
    ->Args({550, 2})
    ->Args({50000, 1})
    ->Args({50000, 2})
    ->Unit(benchmark::kMicrosecond);

// max_placement and rank_maximal on interview tiers (as BM_StableTiers): many
// equal optima. Arg 1: index (the engine's own pass plus the check that finds
// them); arg 2: a single lottery; arg 3: a lottery per company (the second
// solve on the tight pairs that picks the rule's optimum).
template <bool RankMaximal>
void BM_OptimalTiers(benchmark::State& state) {
  const auto n = static_cast<kobling::Index>(state.range(0));
  const auto tiered = tiered_scores(n);
  const SyntheticMarket& mk = market(n, false);
  const kobling::TieBreak rule = state.range(1) == 1   ? kobling::TieBreak::index
                                 : state.range(1) == 2 ? kobling::TieBreak::lottery
                                                       : kobling::TieBreak::lottery_per_company;
  std::size_t ties = 0;
  for (auto _ : state) {
    kobling::Assignment a;
    if constexpr (RankMaximal) {
      kobling::RankMaximalOptions o;
      o.tie_break = rule;
      o.seed = 7;
      a = kobling::rank_maximal_assignment(mk.preferences, mk.capacities, {}, tiered, o);
    } else {
      kobling::MaxPlacementOptions o;
      o.tie_break = rule;
      o.seed = 7;
      a = kobling::max_placement_assignment(mk.preferences, mk.capacities, {}, tiered, o);
    }
    ties = a.ties.size();
    benchmark::DoNotOptimize(a.placed);
  }
  state.counters["ties"] = static_cast<double>(ties);
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_OptimalTiers<false>)
    ->Name("BM_MaxPlacementTiers")
    ->ArgsProduct({{550, 50000}, {1, 2, 3}})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_OptimalTiers<true>)
    ->Name("BM_RankMaximalTiers")
    ->ArgsProduct({{550, 50000}, {1, 2, 3}})
    ->Unit(benchmark::kMicrosecond);

// Interview planning: caps of three interviews per seat, at least one
// interview per candidate; then the timetable of that plan (one room per
// company, a day long enough for the bound).
kobling::CapacityVector interview_caps(const SyntheticMarket& mk) {
  return (mk.capacities * 3).eval();
}

void BM_PlanInterviews(benchmark::State& state) {
  const auto n = static_cast<kobling::Index>(state.range(0));
  const SyntheticMarket& mk = market(n, false);
  const kobling::CapacityVector caps = interview_caps(mk);
  std::size_t uncovered = 0;
  for (auto _ : state) {
    auto plan = kobling::plan_interviews(mk.preferences, caps, {}, mk.listed_scores);
    uncovered = plan.uncovered.size();
    benchmark::DoNotOptimize(plan.pairs.data());
  }
  state.counters["uncovered"] = static_cast<double>(uncovered);
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_PlanInterviews)->Arg(400)->Arg(50000)->Unit(benchmark::kMicrosecond);

void BM_ScheduleInterviews(benchmark::State& state) {
  const auto n = static_cast<kobling::Index>(state.range(0));
  const SyntheticMarket& mk = market(n, false);
  const auto plan =
      kobling::plan_interviews(mk.preferences, interview_caps(mk), {}, mk.listed_scores);
  const auto m = static_cast<kobling::Index>(mk.capacities.size());
  kobling::Index slots = 0;
  for (auto _ : state) {
    auto s = kobling::schedule_interviews(plan.pairs, n, m, 1000);
    slots = s.slots_used;
    benchmark::DoNotOptimize(s.slot.data());
  }
  state.counters["slots"] = static_cast<double>(slots);
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_ScheduleInterviews)->Arg(400)->Arg(50000)->Unit(benchmark::kMicrosecond);

// A second round: a tenth of the first round's placements withdraw, a third
// are pinned, and everyone placed keeps priority (no_worse).
void BM_StableRound(benchmark::State& state) {
  const auto n = static_cast<kobling::Index>(state.range(0));
  const SyntheticMarket& mk = market(n, false);
  const kobling::Assignment first =
      kobling::stable_assignment(mk.preferences, mk.listed_scores, mk.capacities);
  kobling::StableOptions o;
  o.previous = first.company;
  o.fixed = kobling::IndexVector::Constant(n, kobling::kNone);
  o.withdrawn = kobling::MaskVector::Constant(n, false);
  o.no_worse = true;
  for (kobling::Index i = 0; i < n; ++i) {
    if (first.company[i] != kobling::kNone) {
      if (i % 10 == 0) {
        o.withdrawn[i] = true;
      } else if (i % 3 == 0) {
        o.fixed[i] = first.company[i];
      }
    }
  }
  for (auto _ : state) {
    auto a = kobling::stable_assignment(mk.preferences, mk.listed_scores, mk.capacities, o);
    benchmark::DoNotOptimize(a.placed);
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_StableRound)->Arg(550)->Arg(50000)->Unit(benchmark::kMicrosecond);

void BM_MaxPlacement(benchmark::State& state) {
  const auto n = static_cast<kobling::Index>(state.range(0));
  const SyntheticMarket& mk = market(n, false);
  for (auto _ : state) {
    auto a = kobling::max_placement_assignment(mk.preferences, mk.capacities, {}, mk.listed_scores);
    benchmark::DoNotOptimize(a.placed);
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_MaxPlacement)
    ->Arg(100)
    ->Arg(550)
    ->Arg(5000)
    ->Arg(50000)
    ->Unit(benchmark::kMicrosecond);

// Cohort bounds that nest (engine/laminar_flow.hpp), by the flow (arg 1 =
// 0) and by the MIP (1): ten trades (company j in trade j % 10) each taking
// at most 90% of its seats, every fifth company with three or more
// applicants a class of at least two (or its seats), and three candidate
// groups (i % 3) of which the first has at least a third of its members
// placed and the last at most half.
std::vector<kobling::Bound> laminar_bounds(const SyntheticMarket& mk) {
  const auto n = static_cast<kobling::Index>(mk.preferences.rows());
  const auto m = static_cast<kobling::Index>(mk.capacities.size());
  std::vector<kobling::Index> applicants(static_cast<std::size_t>(m), 0);
  for (kobling::Index i = 0; i < n; ++i) {
    for (kobling::Index r = 0; r < mk.preferences.cols(); ++r) {
      const kobling::Index j = mk.preferences(i, r);
      if (j >= 0) {
        ++applicants[static_cast<std::size_t>(j)];
      }
    }
  }
  std::vector<kobling::Bound> out(10);
  std::vector<kobling::Index> seats(10, 0);
  for (kobling::Index j = 0; j < m; ++j) {
    out[static_cast<std::size_t>(j % 10)].companies.push_back(j);
    seats[static_cast<std::size_t>(j % 10)] += mk.capacities[j];
    if (j % 5 == 0 && applicants[static_cast<std::size_t>(j)] >= 3 && mk.capacities[j] > 0) {
      kobling::Bound viable;
      viable.companies = {j};
      viable.lower = std::min<kobling::Index>(2, mk.capacities[j]);
      out.push_back(viable);
    }
  }
  for (std::size_t t = 0; t < 10; ++t) {
    out[t].upper = seats[t] * 9 / 10;
  }
  kobling::Bound young;
  kobling::Bound old;
  for (kobling::Index i = 0; i < n; ++i) {
    (i % 3 == 0 ? young : old).candidates.push_back(i);
  }
  young.lower = static_cast<kobling::Index>(young.candidates.size() / 3);
  out.push_back(young);
  kobling::Bound last;
  for (kobling::Index i = 2; i < n; i += 3) {
    last.candidates.push_back(i);
  }
  last.upper = static_cast<kobling::Index>(last.candidates.size() / 2);
  out.push_back(last);
  return out;
}

void BM_MaxPlacementLaminar(benchmark::State& state) {
  const auto n = static_cast<kobling::Index>(state.range(0));
  const SyntheticMarket& mk = market(n, false);
  kobling::MaxPlacementOptions o;
  o.bounds = laminar_bounds(mk);
  o.bounds_method = state.range(1) == 0 ? kobling::BoundMethod::flow : kobling::BoundMethod::mip;
  o.time_limit = 1200.0;
  std::int64_t placed = 0;
  for (auto _ : state) {
    auto a =
        kobling::max_placement_assignment(mk.preferences, mk.capacities, {}, mk.listed_scores, o);
    placed = a.placed;
    benchmark::DoNotOptimize(a.placed);
  }
  state.counters["placed"] = static_cast<double>(placed);
  state.counters["bounds"] = static_cast<double>(o.bounds.size());
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_MaxPlacementLaminar)
    ->ArgsProduct({{400, 50000}, {0, 1}})
    ->Unit(benchmark::kMillisecond);

void BM_RankMaximal(benchmark::State& state) {
  const auto n = static_cast<kobling::Index>(state.range(0));
  const SyntheticMarket& mk = market(n, false);
  for (auto _ : state) {
    auto a = kobling::rank_maximal_assignment(mk.preferences, mk.capacities, {}, mk.listed_scores);
    benchmark::DoNotOptimize(a.placed);
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_RankMaximal)->Arg(550)->Arg(5000)->Arg(50000)->Unit(benchmark::kMicrosecond);

void BM_OptimalDense(benchmark::State& state) {
  const auto n = static_cast<kobling::Index>(state.range(0));
  const SyntheticMarket& mk = market(n, true);
  for (auto _ : state) {
    auto a = kobling::optimal_assignment(mk.scores, mk.capacities);
    benchmark::DoNotOptimize(a.placed);
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_OptimalDense)
    ->Arg(100)
    ->Arg(550)
    ->Arg(5000)
    ->Arg(20000)
    ->Unit(benchmark::kMicrosecond);

void BM_ScoreKickoff(benchmark::State& state) {
  const kobling::Kickoff k = kobling::load_kickoff(KOBLING_DATA_DIR "/kickoff_trondelag.json");
  for (auto _ : state) {
    auto t = kobling::score_all(k);
    benchmark::DoNotOptimize(t.score.data());
  }
  state.SetItemsProcessed(state.iterations() * k.num_candidates());
}
BENCHMARK(BM_ScoreKickoff)->Unit(benchmark::kMicrosecond);

// National scale: 100,000 candidates x 10,000 companies x 32 features, the
// 10 best companies per candidate, in blocks (peak memory: see the README of
// bench/ and `/usr/bin/time -v kobling_bench --benchmark_filter=TopKNational`).
void BM_TopKNational(benchmark::State& state) {
  const auto n = static_cast<kobling::Index>(state.range(0));
  const auto m = static_cast<kobling::Index>(state.range(1));
  const kobling::Index d = 32;
  kobling::SyntheticOptions o;
  o.candidates = n;
  o.companies = m;
  o.features = d;
  o.wishes = 0;
  o.dense_scores = false;
  const SyntheticMarket mk = kobling::make_synthetic_market(o);
  for (auto _ : state) {
    auto top = kobling::top_k_linear(mk.features, mk.weights, 10);
    benchmark::DoNotOptimize(top.company.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["pairs_per_second"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(n) * static_cast<double>(m),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TopKNational)
    ->Args({10000, 1000})
    ->Args({100000, 10000})
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// The weight fit's solver: N rows x 14 per-feature values in [0, 1], L2 1,
// the non-negativity box on every coefficient (about half bind).
void BM_FitLogistic(benchmark::State& state) {
  const auto n = static_cast<Eigen::Index>(state.range(0));
  const Eigen::Index p = 14;
  std::uint64_t s = 12345;
  const auto uniform = [&s] {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) * 0x1.0p-53;
  };
  kobling::ScoreMatrix x(n, p);
  Eigen::VectorXd y(n);
  for (Eigen::Index r = 0; r < n; ++r) {
    double eta = -1.0;
    for (Eigen::Index f = 0; f < p; ++f) {
      x(r, f) = uniform();
      eta += (f < p / 2 ? 1.5 : -0.5) * x(r, f);
    }
    y(r) = uniform() < 1.0 / (1.0 + std::exp(-eta)) ? 1.0 : 0.0;
  }
  kobling::LogisticOptions o;
  o.lower = Eigen::VectorXd::Zero(p);
  for (auto _ : state) {
    auto fit = kobling::fit_logistic(x, y, Eigen::VectorXd(), o);
    benchmark::DoNotOptimize(fit.coef.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_FitLogistic)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);

}  // namespace
