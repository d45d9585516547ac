#include "kobling/rank_maximal.hpp"

#include "engine/make_assignment.hpp"
#include "kobling/errors.hpp"

namespace kobling {

namespace {

template <int K, class Real>
Assignment solve_rank_maximal(const detail::ArcLists& w) {
  using Cost = detail::LexCost<K, Real>;
  const auto weight_of = [](Index r, double s) {
    Cost c;
    c.major[static_cast<std::size_t>(r)] = 1;
    c.minor = s;
    return c;
  };
  const auto result = detail::solve_seats<Cost>(w, weight_of);
  Assignment a = detail::assignment_from_arcs(w, result, weight_of);
  std::vector<std::string> levels;
  for (int r = 0; r < K; ++r) {
    levels.push_back("rank_" + std::to_string(r));
  }
  levels.emplace_back("score");
  a.duals = detail::certificate_from<K>(result, levels);
  // Report exactly `longest` rank levels (K >= longest; the padding levels
  // are all zero).
  const Eigen::Index k = w.longest;
  a.duals.levels.erase(a.duals.levels.begin() + k, a.duals.levels.end() - 1);
  // Plain loops: Eigen blocks of a 0-row matrix offset a null pointer (UB).
  const auto keep = [k](const DualCertificate::Matrix& full) {
    DualCertificate::Matrix out(full.rows(), k + 1);
    for (Eigen::Index r = 0; r < full.rows(); ++r) {
      for (Eigen::Index l = 0; l < k; ++l) {
        out(r, l) = full(r, l);
      }
      out(r, k) = full(r, full.cols() - 1);
    }
    return out;
  };
  a.duals.candidate = keep(a.duals.candidate);
  a.duals.company = keep(a.duals.company);
  return a;
}

}  // namespace

Assignment rank_maximal_assignment(const Eigen::Ref<const PreferenceMatrix>& preferences,
                                   const Eigen::Ref<const CapacityVector>& capacities,
                                   const MaskView& allowed, const ScoreView& scores) {
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
  // Scores spanning too many orders of magnitude for one double are added up
  // in Wide (engine/ssp.hpp): exact to the smallest of them.
  if (detail::spread_of(w, [](Index /*r*/, double score) { return score; }).wide()) {
    if (w.longest <= 3) {
      return solve_rank_maximal<3, detail::Wide>(w);
    }
    if (w.longest <= 8) {
      return solve_rank_maximal<8, detail::Wide>(w);
    }
    return solve_rank_maximal<kMaxRankLevels, detail::Wide>(w);
  }
  if (w.longest <= 3) {
    return solve_rank_maximal<3, double>(w);
  }
  if (w.longest <= 8) {
    return solve_rank_maximal<8, double>(w);
  }
  return solve_rank_maximal<kMaxRankLevels, double>(w);
}

}  // namespace kobling
