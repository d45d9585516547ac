#include "kobling/rank_maximal.hpp"

#include <algorithm>

#include "engine/equal_optima.hpp"
#include "engine/make_assignment.hpp"
#include "engine/round_arcs.hpp"
#include "kobling/errors.hpp"
#include "solvers/bounded.hpp"

namespace kobling {

namespace {

// K integer levels: the first K - P are ranks (only `longest` of them in use),
// then P = 0 or 1 company-priority level (the last integer level).
template <int K, class Real, int P>
Assignment solve_rank_maximal(const detail::ArcLists& w,
                              const detail::ScratchVector<std::int64_t>& priority,
                              const TieOrder& order) {
  using Cost = detail::LexCost<K, Real>;
  const auto weight_of = [&](Index r, double s, std::int64_t e) {
    Cost c;
    c.major[static_cast<std::size_t>(r)] = 1;
    if constexpr (P == 1) {
      c.major[static_cast<std::size_t>(K - 1)] = priority[static_cast<std::size_t>(e)];
    } else {
      (void)e;
    }
    c.minor = s;
    return c;
  };
  auto result = detail::solve_seats<Cost>(w, weight_of);
  Assignment a = detail::settled_assignment(w, result, weight_of, order);
  std::vector<std::string> levels;
  for (int r = 0; r < K - P; ++r) {
    levels.push_back("rank_" + std::to_string(r));
  }
  if (P == 1) {
    levels.emplace_back("company");
  }
  levels.emplace_back("score");
  a.duals = detail::certificate_from<K>(result, levels);
  // Report exactly `longest` rank levels (K - P >= longest; the padding
  // levels are all zero), then the company level if any, then the score.
  const Eigen::Index k = w.longest;
  a.duals.levels.erase(a.duals.levels.begin() + k, a.duals.levels.end() - 1 - P);
  // Plain loops: Eigen blocks of a 0-row matrix offset a null pointer (UB).
  const auto keep = [k](const DualCertificate::Matrix& full) {
    DualCertificate::Matrix out(full.rows(), k + 1 + P);
    for (Eigen::Index r = 0; r < full.rows(); ++r) {
      for (Eigen::Index l = 0; l < k; ++l) {
        out(r, l) = full(r, l);
      }
      for (Eigen::Index l = 0; l <= P; ++l) {
        out(r, k + l) = full(r, full.cols() - 1 - P + l);
      }
    }
    return out;
  };
  a.duals.candidate = keep(a.duals.candidate);
  a.duals.company = keep(a.duals.company);
  return a;
}

// A later round: K integer levels = kept, K - 3 ranks, company, stays.
template <int K, class Real>
Assignment solve_round(const detail::ArcLists& full, const detail::RoundArcs& r,
                       const detail::ScratchVector<std::int64_t>& priority,
                       const RoundOptions& round, const TieOrder& order) {
  using Cost = detail::LexCost<K, Real>;
  const auto weight_of = [&](Index rank, double s, std::int64_t e) {
    const auto eu = static_cast<std::size_t>(e);
    Cost c;
    c.major[0] = r.kept[eu];
    c.major[static_cast<std::size_t>(rank) + 1] = 1;
    c.major[static_cast<std::size_t>(K - 2)] = priority.empty() ? 0 : priority[eu];
    c.major[static_cast<std::size_t>(K - 1)] = r.stay[eu];
    c.minor = s;
    return c;
  };
  const detail::ArcLists& w = r.residual;
  auto result = detail::solve_seats<Cost>(w, weight_of);
  Assignment a = detail::settled_assignment(w, result, weight_of, order);
  std::vector<std::string> levels{"kept"};
  for (int q = 0; q < K - 3; ++q) {
    levels.push_back("rank_" + std::to_string(q));
  }
  levels.insert(levels.end(), {"company", "stays", "score"});
  a.duals = detail::certificate_from<K>(result, levels);
  // Report exactly `longest` rank levels, as the plain solver does.
  const Eigen::Index k = w.longest;
  a.duals.levels.erase(a.duals.levels.begin() + 1 + k, a.duals.levels.end() - 3);
  const auto keep = [k](const DualCertificate::Matrix& m) {
    DualCertificate::Matrix out(m.rows(), k + 4);
    for (Eigen::Index row = 0; row < m.rows(); ++row) {
      for (Eigen::Index l = 0; l <= k; ++l) {
        out(row, l) = m(row, l);
      }
      for (Eigen::Index l = 0; l < 3; ++l) {
        out(row, k + 1 + l) = m(row, m.cols() - 3 + l);
      }
    }
    return out;
  };
  a.duals.candidate = keep(a.duals.candidate);
  a.duals.company = keep(a.duals.company);
  detail::finish_round(full, r, round, a,
                       detail::pinned_real(full, r, [](Index, double s) { return s; }));
  return a;
}

}  // namespace

Assignment rank_maximal_assignment(const Eigen::Ref<const PreferenceMatrix>& preferences,
                                   const Eigen::Ref<const CapacityVector>& capacities,
                                   const MaskView& allowed, const ScoreView& scores,
                                   const RankMaximalOptions& options) {
  const detail::ArcLists w =
      detail::make_arc_lists(preferences, capacities, {&scores, "scores"}, &allowed);
  // The rank levels are the list positions actually used; the matrix may be
  // padded to any width.
  if (w.longest > kMaxRankLevels) {
    throw InvalidArgument("kobling.array.too_many_ranks", "preferences",
                          "a list has " + std::to_string(w.longest) +
                              " wishes; rank_maximal supports lists of at most " +
                              std::to_string(kMaxRankLevels));
  }
  if (!options.bounds.empty() || options.loads.given()) {
    const BoundOptions bo =
        detail::checked_bounds(options.bounds, options.time_limit, options.price_bounds,
                               options.bounds_method, options.loads, options.round, w.n, w.m);
    detail::ScratchVector<std::int64_t> priority;
    std::vector<std::string> levels;
    for (Index r = 0; r < w.longest; ++r) {
      levels.push_back("rank_" + std::to_string(r));
    }
    if (options.company_priority.has_value()) {
      priority = detail::arc_priorities(w, options.company_priority, "company_priority");
      levels.emplace_back("company");
    }
    levels.emplace_back("score");
    const auto ranks = static_cast<std::size_t>(w.longest);
    return detail::solve_bounded_round(
        w, bo, options.round, levels, [&](std::int64_t e, double* out) {
          const detail::RawArc& arc = w.arc[static_cast<std::size_t>(e)];
          std::fill(out, out + levels.size(), 0.0);
          out[static_cast<std::size_t>(arc.rank)] = 1.0;
          if (!priority.empty()) {
            out[ranks] = static_cast<double>(priority[static_cast<std::size_t>(e)]);
          }
          out[levels.size() - 1] = arc.score;
        });
  }
  const TieOrder order{options.tie_break, options.seed};
  // Scores spanning too many orders of magnitude for one double are added up
  // in Wide (engine/ssp.hpp): exact to the smallest of them.
  const bool wide = detail::spread_of(w, [](Index /*r*/, double score) { return score; }).wide();
  if (options.round.given()) {
    const detail::RoundArcs r = detail::round_arcs(w, options.round);
    detail::ScratchVector<std::int64_t> priority;
    if (options.company_priority.has_value()) {
      const auto all = detail::arc_priorities(w, options.company_priority, "company_priority");
      for (const std::int64_t e : r.origin) {
        priority.push_back(all[static_cast<std::size_t>(e)]);
      }
    }
    if (w.longest <= 3) {
      return wide ? solve_round<6, detail::Wide>(w, r, priority, options.round, order)
                  : solve_round<6, double>(w, r, priority, options.round, order);
    }
    if (w.longest <= 8) {
      return wide ? solve_round<11, detail::Wide>(w, r, priority, options.round, order)
                  : solve_round<11, double>(w, r, priority, options.round, order);
    }
    return wide
               ? solve_round<kMaxRankLevels + 3, detail::Wide>(w, r, priority, options.round, order)
               : solve_round<kMaxRankLevels + 3, double>(w, r, priority, options.round, order);
  }
  if (options.company_priority.has_value()) {
    const detail::ScratchVector<std::int64_t> priority =
        detail::arc_priorities(w, options.company_priority, "company_priority");
    if (w.longest <= 3) {
      return wide ? solve_rank_maximal<4, detail::Wide, 1>(w, priority, order)
                  : solve_rank_maximal<4, double, 1>(w, priority, order);
    }
    if (w.longest <= 8) {
      return wide ? solve_rank_maximal<9, detail::Wide, 1>(w, priority, order)
                  : solve_rank_maximal<9, double, 1>(w, priority, order);
    }
    return wide ? solve_rank_maximal<kMaxRankLevels + 1, detail::Wide, 1>(w, priority, order)
                : solve_rank_maximal<kMaxRankLevels + 1, double, 1>(w, priority, order);
  }
  // Scores spanning too many orders of magnitude for one double are added up
  // in Wide (engine/ssp.hpp): exact to the smallest of them.
  const detail::ScratchVector<std::int64_t> none;
  if (wide) {
    if (w.longest <= 3) {
      return solve_rank_maximal<3, detail::Wide, 0>(w, none, order);
    }
    if (w.longest <= 8) {
      return solve_rank_maximal<8, detail::Wide, 0>(w, none, order);
    }
    return solve_rank_maximal<kMaxRankLevels, detail::Wide, 0>(w, none, order);
  }
  if (w.longest <= 3) {
    return solve_rank_maximal<3, double, 0>(w, none, order);
  }
  if (w.longest <= 8) {
    return solve_rank_maximal<8, double, 0>(w, none, order);
  }
  return solve_rank_maximal<kMaxRankLevels, double, 0>(w, none, order);
}

}  // namespace kobling
