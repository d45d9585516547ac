#include "kobling/verify.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/push_relabel_max_flow.hpp>

#include "common/text.hpp"
#include "engine/round_arcs.hpp"
#include "engine/wish_lists.hpp"
#include "kobling/errors.hpp"

namespace kobling {

namespace {

using detail::ArcLists;
using detail::at;
using detail::WishLists;

// Rank of company_of[i] among i's acceptable wishes, or a violation message.
struct Placement {
  std::vector<Index> rank;  // kNone when unplaced
  std::vector<Index> fill;  // per company
};

Placement place_on_lists(const WishLists& w, const Eigen::Ref<const IndexVector>& company_of,
                         CheckReport& report) {
  Placement p{std::vector<Index>(static_cast<std::size_t>(w.n), kNone),
              std::vector<Index>(static_cast<std::size_t>(w.m), 0)};
  for (Index i = 0; i < w.n; ++i) {
    const Index j = company_of[i];
    if (j == kNone) {
      continue;
    }
    const Index r = w.rank_of(i, j);
    if (r == kNone) {
      report.ok = false;
      report.violations.push_back(at("company_of", i) + ": company " + std::to_string(j) +
                                  " is not on candidate " + std::to_string(i) + "'s list");
      continue;
    }
    if (w.company[w.entry(i, r)] == kNone) {
      report.ok = false;
      report.violations.push_back(at("company_of", i) + ": company " + std::to_string(j) +
                                  " does not accept candidate " + std::to_string(i));
      continue;
    }
    p.rank[static_cast<std::size_t>(i)] = r;
    ++p.fill[static_cast<std::size_t>(j)];
  }
  for (Index j = 0; j < w.m; ++j) {
    const auto ju = static_cast<std::size_t>(j);
    if (p.fill[ju] > w.capacity[ju]) {
      report.ok = false;
      report.violations.push_back("company " + std::to_string(j) + ": " +
                                  std::to_string(p.fill[ju]) + " assigned, capacity " +
                                  std::to_string(w.capacity[ju]));
    }
  }
  return p;
}

}  // namespace

CheckReport check_feasibility(const Eigen::Ref<const PreferenceMatrix>& preferences,
                              const Eigen::Ref<const CapacityVector>& capacities,
                              const Eigen::Ref<const IndexVector>& company_of,
                              const ScoreView& scores, const MaskView& allowed) {
  const WishLists w =
      detail::make_wish_lists(preferences, capacities, {&scores, "scores"}, &allowed);
  detail::check_company_vector(company_of, w.n, w.m, "company_of");
  CheckReport report;
  place_on_lists(w, company_of, report);
  return report;
}

CheckReport check_feasibility(const ScoreView& utility,
                              const Eigen::Ref<const CapacityVector>& capacities,
                              const Eigen::Ref<const IndexVector>& company_of) {
  const auto n = static_cast<Index>(company_of.size());
  const auto m = static_cast<Index>(capacities.size());
  utility.validate("utility", n, m);
  detail::check_company_vector(company_of, n, m, "company_of");
  CheckReport report;
  std::vector<std::int64_t> fill(static_cast<std::size_t>(m), 0);
  for (Index i = 0; i < n; ++i) {
    const Index j = company_of[i];
    if (j == kNone) {
      continue;
    }
    const auto u = utility.find(i, j);
    if (!u.has_value() || !std::isfinite(*u)) {
      report.ok = false;
      report.violations.push_back(at("company_of", i) + ": pair (" + std::to_string(i) + ", " +
                                  std::to_string(j) + ") is not allowed");
      continue;
    }
    ++fill[static_cast<std::size_t>(j)];
  }
  for (Index j = 0; j < m; ++j) {
    if (capacities[j] < 0) {
      throw InvalidArgument("kobling.array.negative_capacity", at("capacities", j),
                            "capacity must be >= 0, got " + std::to_string(capacities[j]));
    }
    if (fill[static_cast<std::size_t>(j)] > capacities[j]) {
      report.ok = false;
      report.violations.push_back("company " + std::to_string(j) + ": " +
                                  std::to_string(fill[static_cast<std::size_t>(j)]) +
                                  " assigned, capacity " + std::to_string(capacities[j]));
    }
  }
  return report;
}

PairList blocking_pairs(const Eigen::Ref<const PreferenceMatrix>& preferences,
                        const ScoreView& company_scores,
                        const Eigen::Ref<const CapacityVector>& capacities,
                        const Eigen::Ref<const IndexVector>& company_of,
                        const BlockingOptions& options) {
  const WishLists w =
      detail::make_wish_lists(preferences, capacities, {&company_scores, "company_scores"});
  detail::check_company_vector(company_of, w.n, w.m, "company_of");
  CheckReport report;
  const Placement p = place_on_lists(w, company_of, report);
  if (!report.ok) {
    throw InvalidArgument("kobling.verify.infeasible", "company_of",
                          "not a feasible assignment: " + report.violations.front());
  }
  // The least preferred candidate each company holds.
  std::vector<Index> worst(static_cast<std::size_t>(w.m), kNone);
  std::vector<double> worst_score(static_cast<std::size_t>(w.m), 0.0);
  for (Index i = 0; i < w.n; ++i) {
    const Index r = p.rank[static_cast<std::size_t>(i)];
    if (r == kNone) {
      continue;
    }
    const std::size_t e = w.entry(i, r);
    const auto ju = static_cast<std::size_t>(w.company[e]);
    if (worst[ju] == kNone ||
        options.ties.prefers(worst_score[ju], worst[ju], w.score[e], i, w.company[e])) {
      worst[ju] = i;
      worst_score[ju] = w.score[e];
    }
  }
  std::vector<Index> out;
  for (Index i = 0; i < w.n; ++i) {
    const Index current = p.rank[static_cast<std::size_t>(i)];
    const Index better_than = current == kNone ? w.k : current;
    for (Index r = 0; r < better_than; ++r) {
      const std::size_t e = w.entry(i, r);
      const Index j = w.company[e];
      if (j == kNone) {
        continue;
      }
      const auto ju = static_cast<std::size_t>(j);
      const bool free_seat = p.fill[ju] < w.capacity[ju];
      const bool preferred =
          worst[ju] != kNone &&
          (options.weak ? w.score[e] > worst_score[ju]
                        : options.ties.prefers(w.score[e], i, worst_score[ju], worst[ju], j));
      if (free_seat || preferred) {
        out.push_back(i);
        out.push_back(j);
      }
    }
  }
  PairList result(static_cast<Eigen::Index>(out.size() / 2), 2);
  std::copy(out.begin(), out.end(), result.data());
  return result;
}

std::int64_t max_placement_count(const Eigen::Ref<const PreferenceMatrix>& preferences,
                                 const Eigen::Ref<const CapacityVector>& capacities,
                                 const ScoreView& scores, const MaskView& allowed) {
  const WishLists w =
      detail::make_wish_lists(preferences, capacities, {&scores, "scores"}, &allowed);
  using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
  using Graph = boost::adjacency_list<
      boost::vecS, boost::vecS, boost::directedS, boost::no_property,
      boost::property<
          boost::edge_capacity_t, std::int64_t,
          boost::property<boost::edge_residual_capacity_t, std::int64_t,
                          boost::property<boost::edge_reverse_t, Traits::edge_descriptor>>>>;
  // Vertices: candidates 0..n-1, companies n..n+m-1, source n+m, sink n+m+1.
  const auto n = static_cast<std::size_t>(w.n);
  const auto m = static_cast<std::size_t>(w.m);
  Graph g(n + m + 2);
  const std::size_t source = n + m;
  const std::size_t sink = n + m + 1;
  auto capacity = boost::get(boost::edge_capacity, g);
  auto reverse = boost::get(boost::edge_reverse, g);
  auto add = [&](std::size_t u, std::size_t v, std::int64_t c) {
    const auto e = boost::add_edge(u, v, g).first;
    const auto back = boost::add_edge(v, u, g).first;
    capacity[e] = c;
    capacity[back] = 0;
    reverse[e] = back;
    reverse[back] = e;
  };
  for (Index i = 0; i < w.n; ++i) {
    bool any = false;
    for (Index r = 0; r < w.k; ++r) {
      const Index j = w.company[w.entry(i, r)];
      if (j != kNone && w.capacity[static_cast<std::size_t>(j)] > 0) {
        add(static_cast<std::size_t>(i), n + static_cast<std::size_t>(j), 1);
        any = true;
      }
    }
    if (any) {
      add(source, static_cast<std::size_t>(i), 1);
    }
  }
  for (std::size_t j = 0; j < m; ++j) {
    if (w.capacity[j] > 0) {
      add(n + j, sink, w.capacity[j]);
    }
  }
  return boost::push_relabel_max_flow(g, source, sink);
}

namespace {

// Allowed pairs with their weight vectors (flat, L levels each).
struct WeightedPairs {
  int levels = 0;
  std::vector<Index> i;
  std::vector<Index> j;
  std::vector<double> w;
  void add(Index ci, Index cj, std::initializer_list<double> ws) {
    i.push_back(ci);
    j.push_back(cj);
    w.insert(w.end(), ws.begin(), ws.end());
  }
  /// The pairs as check_duals() takes them.
  [[nodiscard]] auto each() const {
    return [this](const auto& visit) {
      for (std::size_t p = 0; p < i.size(); ++p) {
        visit(i[p], j[p], w.data() + p * static_cast<std::size_t>(levels));
      }
    };
  }
};

// Lexicographic comparison: integer levels exactly, the last level with `tol`.
int lex_compare(const double* a, const double* b, int levels, double tol) {
  for (int l = 0; l + 1 < levels; ++l) {
    if (a[l] != b[l]) {
      return a[l] < b[l] ? -1 : 1;
    }
  }
  const double x = a[levels - 1];
  const double y = b[levels - 1];
  if (std::fabs(x - y) <= tol) {
    return 0;
  }
  return x < y ? -1 : 1;
}

std::string vec_text(const double* a, int levels) {
  std::string s = "(";
  for (int l = 0; l < levels; ++l) {
    s += (l > 0 ? ", " : "") + detail::num(a[l]);
  }
  return s + ")";
}

// `for_each_pair(visit)` calls visit(i, j, w) once per allowed pair, w its
// `levels` weights: streamed, so a full matrix is checked without storing
// its pairs.
template <class ForEachPair>
CheckReport check_duals(Index n, Index m, const detail::ScratchVector<Index>& capacity,
                        const Eigen::Ref<const IndexVector>& company_of, int levels,
                        ForEachPair for_each_pair, const Assignment& result, double tolerance) {
  CheckReport report;
  const int L = levels;
  auto fail = [&](std::string text) {
    report.ok = false;
    if (report.violations.size() < 100) {
      report.violations.push_back(std::move(text));
    }
  };
  const DualCertificate& d = result.duals;
  if (static_cast<int>(d.levels.size()) != L || d.candidate.rows() != n ||
      d.candidate.cols() != L || d.company.rows() != m || d.company.cols() != L) {
    fail("certificate has the wrong shape: expected " + std::to_string(L) + " levels, candidate (" +
         std::to_string(n) + ", " + std::to_string(L) + "), company (" + std::to_string(m) + ", " +
         std::to_string(L) + ")");
    return report;
  }
  // Tolerances are relative to the magnitudes in each comparison, so a huge
  // weight elsewhere never hides a violation among small ones. (The solvers
  // keep their duals exact to that scale: utilities too spread for one double
  // are added up in double-double arithmetic, engine/ssp.hpp.) A non-finite
  // dual proves nothing.
  const auto all_finite = [&](const DualCertificate::Matrix& x, const char* who) {
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
      for (Eigen::Index l = 0; l < L; ++l) {
        if (!std::isfinite(x(r, l))) {
          fail(std::string(who) + " " + std::to_string(r) + ": dual " +
               vec_text(x.row(r).data(), L) + " is not finite");
          return false;
        }
      }
    }
    return true;
  };
  if (!all_finite(d.candidate, "candidate") || !all_finite(d.company, "company")) {
    return report;
  }
  const auto tol_of = [&](double a, double b, double c) {
    return tolerance * (1.0 + std::fabs(a) + std::fabs(b) + std::fabs(c));
  };
  const double tol = tolerance;
  const std::vector<double> zero(static_cast<std::size_t>(L), 0.0);
  std::vector<double> sum(static_cast<std::size_t>(L));
  for (Index i = 0; i < n; ++i) {
    if (lex_compare(d.candidate.row(i).data(), zero.data(), L,
                    tol_of(d.candidate(i, L - 1), 0, 0)) < 0) {
      fail("candidate " + std::to_string(i) + ": utility " +
           vec_text(d.candidate.row(i).data(), L) + " is negative");
    }
  }
  for (Index j = 0; j < m; ++j) {
    if (lex_compare(d.company.row(j).data(), zero.data(), L, tol_of(d.company(j, L - 1), 0, 0)) <
        0) {
      fail("company " + std::to_string(j) + ": price " + vec_text(d.company.row(j).data(), L) +
           " is negative");
    }
  }
  std::vector<Index> fill(static_cast<std::size_t>(m), 0);
  std::vector<char> tight(static_cast<std::size_t>(n), 0);
  double objective = 0.0;
  double magnitude = 0.0;  // of the assigned pairs' weights
  for_each_pair([&](Index i, Index j, const double* w) {
    for (int l = 0; l < L; ++l) {
      sum[static_cast<std::size_t>(l)] = d.candidate(i, l) + d.company(j, l);
    }
    const int c =
        lex_compare(sum.data(), w, L, tol_of(d.candidate(i, L - 1), d.company(j, L - 1), w[L - 1]));
    if (c < 0) {
      fail("pair (" + std::to_string(i) + ", " + std::to_string(j) +
           "): u + p = " + vec_text(sum.data(), L) + " is below the weight " + vec_text(w, L));
    }
    if (company_of[i] == j) {
      tight[static_cast<std::size_t>(i)] = 1;
      ++fill[static_cast<std::size_t>(j)];
      objective += w[L - 1];
      magnitude += std::fabs(w[L - 1]);
      if (c != 0) {
        fail("assigned pair (" + std::to_string(i) + ", " + std::to_string(j) + "): u + p = " +
             vec_text(sum.data(), L) + " differs from the weight " + vec_text(w, L));
      }
    }
  });
  for (Index i = 0; i < n; ++i) {
    if (company_of[i] != kNone && tight[static_cast<std::size_t>(i)] == 0) {
      fail(at("company_of", i) + ": company " + std::to_string(company_of[i]) +
           " is not an allowed pair");
    }
    if (company_of[i] == kNone && lex_compare(d.candidate.row(i).data(), zero.data(), L,
                                              tol_of(d.candidate(i, L - 1), 0, 0)) != 0) {
      fail("candidate " + std::to_string(i) + " is unplaced but its utility " +
           vec_text(d.candidate.row(i).data(), L) + " is not 0");
    }
  }
  for (Index j = 0; j < m; ++j) {
    const auto ju = static_cast<std::size_t>(j);
    if (fill[ju] > capacity[ju]) {
      fail("company " + std::to_string(j) + ": " + std::to_string(fill[ju]) +
           " assigned, capacity " + std::to_string(capacity[ju]));
    }
    if (fill[ju] < capacity[ju] && lex_compare(d.company.row(j).data(), zero.data(), L, tol) != 0) {
      fail("company " + std::to_string(j) + " has a free seat but its price " +
           vec_text(d.company.row(j).data(), L) + " is not 0");
    }
  }
  if (!(std::fabs(objective - result.objective) <= tol * (1.0 + magnitude))) {  // NaN fails
    fail("objective " + detail::num(result.objective) + " differs from the assignment's total " +
         detail::num(objective));
  }
  return report;
}

// The certificate of a later round (RoundOptions): the duals certify the
// residual problem (engine/round_arcs.hpp), so the pins leave the assignment
// and the objective, and each residual arc weighs what weights(arc, full
// index, residual index, out) writes (`levels` values).
template <class Weights, class RealOf>
CheckReport check_round_duals(const ArcLists& a, const RoundOptions& round, int levels,
                              Weights weights, RealOf real_of, const Assignment& result,
                              double tolerance, bool by_score = false) {
  const detail::RoundArcs r = detail::round_arcs(a, round, by_score);
  const double pinned_real = detail::pinned_real(a, r, real_of);
  Assignment residual = result;
  for (Index i = 0; i < a.n; ++i) {
    if (r.pinned[static_cast<std::size_t>(i)] >= 0) {
      residual.company[i] = kNone;
    }
  }
  residual.objective -= pinned_real;
  std::vector<double> w(static_cast<std::size_t>(levels));
  const auto each = [&](const auto& visit) {
    for (Index i = 0; i < a.n; ++i) {
      const auto iu = static_cast<std::size_t>(i);
      for (std::int64_t e = r.residual.start[iu]; e < r.residual.start[iu + 1]; ++e) {
        const auto eu = static_cast<std::size_t>(e);
        weights(r.residual.arc[eu], r.origin[eu], r.kept[eu], r.stay[eu], w.data());
        visit(i, r.residual.arc[eu].head, w.data());
      }
    }
  };
  return check_duals(a.n, a.m, r.residual.capacity, residual.company, levels, each, residual,
                     tolerance);
}

}  // namespace

CheckReport check_max_placement_certificate(const Eigen::Ref<const PreferenceMatrix>& preferences,
                                            const Eigen::Ref<const CapacityVector>& capacities,
                                            const MaskView& allowed, const ScoreView& scores,
                                            const MaxPlacementOptions& options,
                                            const Assignment& result, double tolerance) {
  const WishLists w =
      detail::make_wish_lists(preferences, capacities, {&scores, "scores"}, &allowed);
  detail::check_company_vector(result.company, w.n, w.m, "company_of");
  std::vector<double> bonus = options.rank_bonus;
  for (Index r = static_cast<Index>(bonus.size()); r < w.k; ++r) {
    bonus.push_back(options.rank_bonus.empty() ? static_cast<double>(w.k - 1 - r) : 0.0);
  }
  if (options.round.given()) {  // (kept, placed, company, stays, utility) on the residual arcs
    const ArcLists a =
        detail::make_arc_lists(preferences, capacities, {&scores, "scores"}, &allowed);
    const auto utility = [&](Index r, double s) {
      return bonus[static_cast<std::size_t>(r)] + options.score_weight * s;
    };
    detail::ScratchVector<std::int64_t> priority;
    if (options.company_priority.has_value()) {
      priority = detail::arc_priorities(a, options.company_priority, "company_priority");
    }
    const auto weights = [&](const detail::RawArc& arc, std::int64_t full, std::int64_t kept,
                             std::int64_t stay, double* out) {
      out[0] = static_cast<double>(kept);
      out[1] = 1.0;
      out[2] =
          priority.empty() ? 0.0 : static_cast<double>(priority[static_cast<std::size_t>(full)]);
      out[3] = static_cast<double>(stay);
      out[4] = utility(arc.rank, arc.score);
    };
    return check_round_duals(a, options.round, 5, weights, utility, result, tolerance);
  }
  const ScoreView& priority = options.company_priority;
  const bool company = priority.has_value();
  if (company) {
    priority.validate("company_priority", w.n, w.m);
  }
  detail::ScratchVector<std::int64_t> row_value(static_cast<std::size_t>(w.m), 0);
  WeightedPairs pairs;
  pairs.levels = company ? 3 : 2;
  for (Index i = 0; i < w.n; ++i) {
    if (company) {
      detail::scatter_priorities(priority, i, "company_priority", row_value);
    }
    for (Index r = 0; r < w.k; ++r) {
      const std::size_t e = w.entry(i, r);
      const Index j = w.company[e];
      if (j == kNone) {
        continue;
      }
      const double utility = bonus[static_cast<std::size_t>(r)] + options.score_weight * w.score[e];
      if (company) {
        pairs.add(i, j,
                  {1.0, static_cast<double>(row_value[static_cast<std::size_t>(j)]), utility});
      } else {
        pairs.add(i, j, {1.0, utility});
      }
    }
    if (company) {
      detail::clear_priorities(priority, i, row_value);
    }
  }
  return check_duals(w.n, w.m, w.capacity, result.company, pairs.levels, pairs.each(), result,
                     tolerance);
}

CheckReport check_rank_maximal_certificate(const Eigen::Ref<const PreferenceMatrix>& preferences,
                                           const Eigen::Ref<const CapacityVector>& capacities,
                                           const MaskView& allowed, const ScoreView& scores,
                                           const Assignment& result, double tolerance,
                                           const RankMaximalOptions& options) {
  const WishLists w =
      detail::make_wish_lists(preferences, capacities, {&scores, "scores"}, &allowed);
  detail::check_company_vector(result.company, w.n, w.m, "company_of");
  if (options.round.given()) {  // (kept, ranks, company, stays, score) on the residual arcs
    const ArcLists a =
        detail::make_arc_lists(preferences, capacities, {&scores, "scores"}, &allowed);
    detail::ScratchVector<std::int64_t> priority;
    if (options.company_priority.has_value()) {
      priority = detail::arc_priorities(a, options.company_priority, "company_priority");
    }
    const Index k = a.longest;
    const auto weights = [&](const detail::RawArc& arc, std::int64_t full, std::int64_t kept,
                             std::int64_t stay, double* out) {
      out[0] = static_cast<double>(kept);
      for (Index l = 0; l < k; ++l) {
        out[1 + l] = l == arc.rank ? 1.0 : 0.0;
      }
      out[k + 1] =
          priority.empty() ? 0.0 : static_cast<double>(priority[static_cast<std::size_t>(full)]);
      out[k + 2] = static_cast<double>(stay);
      out[k + 3] = arc.score;
    };
    return check_round_duals(
        a, options.round, k + 4, weights, [](Index, double s) { return s; }, result, tolerance);
  }
  const ScoreView& priority = options.company_priority;
  const bool company = priority.has_value();
  if (company) {
    priority.validate("company_priority", w.n, w.m);
  }
  detail::ScratchVector<std::int64_t> row_value(static_cast<std::size_t>(w.m), 0);
  WeightedPairs pairs;
  pairs.levels = w.longest + (company ? 2 : 1);  // a level per list position in use
  for (Index i = 0; i < w.n; ++i) {
    if (company) {
      detail::scatter_priorities(priority, i, "company_priority", row_value);
    }
    for (Index r = 0; r < w.k; ++r) {
      const std::size_t e = w.entry(i, r);
      if (w.company[e] != kNone) {
        pairs.i.push_back(i);
        pairs.j.push_back(w.company[e]);
        for (Index l = 0; l < w.longest; ++l) {
          pairs.w.push_back(l == r ? 1.0 : 0.0);
        }
        if (company) {
          pairs.w.push_back(static_cast<double>(row_value[static_cast<std::size_t>(w.company[e])]));
        }
        pairs.w.push_back(w.score[e]);
      }
    }
    if (company) {
      detail::clear_priorities(priority, i, row_value);
    }
  }
  return check_duals(w.n, w.m, w.capacity, result.company, pairs.levels, pairs.each(), result,
                     tolerance);
}

CheckReport check_optimal_certificate(const ScoreView& utility,
                                      const Eigen::Ref<const CapacityVector>& capacities,
                                      const OptimalAssignmentOptions& options,
                                      const Assignment& result, double tolerance) {
  return check_optimal_certificate(utility, capacities, MaskView{}, options, result, tolerance);
}

CheckReport check_optimal_certificate(const ScoreView& utility,
                                      const Eigen::Ref<const CapacityVector>& capacities,
                                      const MaskView& allowed,
                                      const OptimalAssignmentOptions& options,
                                      const Assignment& result, double tolerance) {
  const auto n = static_cast<Index>(result.company.size());
  const auto m = static_cast<Index>(capacities.size());
  utility.validate("utility", n, m);
  if (allowed.has_value()) {
    allowed.validate("allowed", n, m);
  }
  detail::check_company_vector(result.company, n, m, "company_of");
  detail::ScratchVector<Index> capacity(capacities.data(), capacities.data() + capacities.size());
  const bool card = options.maximize_cardinality;
  if (options.round.given()) {  // (kept, placed, stays, utility) on the allowed pairs as arcs
    ArcLists a;
    a.n = n;
    a.m = m;
    a.k = 1;
    a.capacity = capacity;
    a.start.assign(static_cast<std::size_t>(n) + 1, 0);
    for (Index i = 0; i < n; ++i) {
      detail::for_each_allowed(utility, allowed.has_value() ? &allowed : nullptr, i,
                               [&](Index j, double u) {
                                 if (std::isfinite(u)) {
                                   a.arc.push_back(detail::RawArc{u, j, 0});
                                 }
                               });
      a.start[static_cast<std::size_t>(i) + 1] = static_cast<std::int64_t>(a.arc.size());
    }
    const auto weights = [&](const detail::RawArc& arc, std::int64_t /*full*/, std::int64_t kept,
                             std::int64_t stay, double* out) {
      out[0] = static_cast<double>(kept);
      out[1] = card ? 1.0 : 0.0;
      out[2] = static_cast<double>(stay);
      out[3] = arc.score;
    };
    return check_round_duals(
        a, options.round, 4, weights, [](Index, double u) { return u; }, result, tolerance, true);
  }
  // Streamed: a full matrix has n·m pairs, too many to store beside it.
  const MaskView* mask = allowed.has_value() ? &allowed : nullptr;
  const auto each = [&](const auto& visit) {
    for (Index i = 0; i < n; ++i) {
      detail::for_each_allowed(utility, mask, i, [&](Index j, double u) {
        if (!std::isfinite(u)) {
          return;  // NaN/+inf are rejected by the solver
        }
        const double w[2] = {card ? 1.0 : u, u};
        visit(i, j, w);
      });
    }
  };
  return check_duals(n, m, capacity, result.company, card ? 2 : 1, each, result, tolerance);
}

}  // namespace kobling
