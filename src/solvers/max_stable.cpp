// The largest weakly stable matching (StableOptions::max_placed, stable.hpp)
// as a mixed-integer program: a binary per acceptable listed pair, a row per
// candidate and company, and per pair (i, j) the stability row
//
//   c_j * (pairs of i at j or a better wish) + (others at j whom j values at
//   least as much as i) >= c_j,
//
// i.e. i holds j or a wish it prefers, or j is full with candidates it values
// no less than i (the formulation of Kwanashie and Manlove, 2014, for ties on
// one side). Maximising the number of pairs gives the largest weakly stable
// matching; CBC proves it optimal or reports the gap.
#include "solvers/max_stable.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "common/text.hpp"
#include "engine/mip.hpp"
#include "engine/wish_lists.hpp"
#include "kobling/errors.hpp"
#include "kobling/stable.hpp"

namespace kobling::detail {

Assignment max_weakly_stable(const Eigen::Ref<const PreferenceMatrix>& preferences,
                             const ScoreView& company_scores,
                             const Eigen::Ref<const CapacityVector>& capacities,
                             const StableOptions& options) {
  if (!(options.time_limit > 0.0) || !std::isfinite(options.time_limit)) {
    throw InvalidArgument("kobling.array.bad_option", "time_limit",
                          "must be a finite number of seconds > 0, got " + num(options.time_limit));
  }
  if (options.improve || options.fixed.size() > 0 || options.withdrawn.size() > 0 ||
      options.previous.size() > 0 || options.no_worse) {
    throw InvalidArgument("kobling.bounds.unsupported", "max_placed",
                          "the largest weakly stable matching is not combined with rounds or "
                          "improve yet");
  }
  const ArcLists a =
      make_arc_lists(preferences, capacities, {&company_scores, "company_scores"}, nullptr);
  MipProblem p;
  const auto arcs = a.arc.size();
  std::vector<Index> tail(arcs);
  std::vector<std::vector<std::int64_t>> at(static_cast<std::size_t>(a.m));
  for (Index i = 0; i < a.n; ++i) {
    std::vector<std::pair<int, double>> row;
    for (std::int64_t e = a.start[static_cast<std::size_t>(i)];
         e < a.start[static_cast<std::size_t>(i) + 1]; ++e) {
      p.add_column(0.0, 1.0, 1.0, true);
      tail[static_cast<std::size_t>(e)] = i;
      at[static_cast<std::size_t>(a.arc[static_cast<std::size_t>(e)].head)].push_back(e);
      row.emplace_back(static_cast<int>(e), 1.0);
    }
    if (!row.empty()) {
      p.add_row(std::move(row), -kMipInfinity, 1.0);
    }
  }
  for (Index j = 0; j < a.m; ++j) {
    std::vector<std::pair<int, double>> row;
    for (const std::int64_t e : at[static_cast<std::size_t>(j)]) {
      row.emplace_back(static_cast<int>(e), 1.0);
    }
    if (!row.empty()) {
      p.add_row(std::move(row), -kMipInfinity,
                static_cast<double>(a.capacity[static_cast<std::size_t>(j)]));
    }
  }
  for (std::size_t e = 0; e < arcs; ++e) {
    const RawArc& arc = a.arc[e];
    const auto j = static_cast<std::size_t>(arc.head);
    const auto c = static_cast<double>(a.capacity[j]);
    if (c <= 0.0) {
      continue;  // no seat: the pair can never block
    }
    const Index i = tail[e];
    std::vector<std::pair<int, double>> row;
    for (std::int64_t f = a.start[static_cast<std::size_t>(i)]; f <= static_cast<std::int64_t>(e);
         ++f) {  // i's wishes up to j (rank order)
      row.emplace_back(static_cast<int>(f), c);
    }
    for (const std::int64_t f : at[j]) {
      const RawArc& other = a.arc[static_cast<std::size_t>(f)];
      if (tail[static_cast<std::size_t>(f)] != i && other.score >= arc.score) {
        row.emplace_back(static_cast<int>(f), 1.0);
      }
    }
    p.add_row(std::move(row), c, kMipInfinity);
  }
  const MipResult r = solve_mip(p, true, options.time_limit);
  if (r.status == MipResult::Status::infeasible ||
      r.status == MipResult::Status::stopped_without_solution) {
    throw InvalidArgument("kobling.bounds.infeasible", "max_placed",
                          "no weakly stable matching was found within the time limit (" +
                              num(options.time_limit) + " s); raise time_limit");
  }
  Assignment out;
  out.company = IndexVector::Constant(a.n, kNone);
  out.rank = IndexVector::Constant(a.n, kNone);
  out.rank_counts = CountVector::Zero(a.k);
  for (std::size_t e = 0; e < arcs; ++e) {
    if (r.x[e] > 0.5) {
      const RawArc& arc = a.arc[e];
      const Index i = tail[e];
      out.company[i] = arc.head;
      out.rank[i] = arc.rank;
      ++out.rank_counts[arc.rank];
      ++out.placed;
      out.objective += arc.score;
    }
  }
  out.proven_optimal = r.status == MipResult::Status::optimal;
  out.bound_gap = out.proven_optimal ? 0.0 : r.bound - r.objective;
  return out;
}

}  // namespace kobling::detail
