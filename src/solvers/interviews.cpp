#include "kobling/interviews.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/text.hpp"
#include "engine/interview_flow.hpp"
#include "engine/wish_lists.hpp"
#include "kobling/errors.hpp"

namespace kobling {

namespace {

using detail::ArcLists;
using detail::InterviewCost;

const std::vector<std::string>& interview_levels() {
  static const std::vector<std::string> levels{"cover", "interviews", "rank", "score"};
  return levels;
}

void check_plan_inputs(const Eigen::Ref<const CapacityVector>& caps,
                       const InterviewPlanOptions& options) {
  for (Eigen::Index j = 0; j < caps.size(); ++j) {
    if (caps[j] < 0) {
      throw InvalidArgument("kobling.interviews.negative_cap",
                            detail::at("interview_caps", static_cast<std::int64_t>(j)),
                            "an interview cap must be >= 0, got " + std::to_string(caps[j]));
    }
  }
  if (options.min_per_candidate < 0) {
    throw InvalidArgument("kobling.interviews.bad_minimum", "min_per_candidate",
                          "must be >= 0, got " + std::to_string(options.min_per_candidate));
  }
}

void put_row(DualCertificate::Matrix& out, Eigen::Index row, const InterviewCost& c) {
  for (Eigen::Index l = 0; l < 3; ++l) {
    out(row, l) = static_cast<double>(c.major[static_cast<std::size_t>(l)]);
  }
  out(row, 3) = c.minor;
}

InterviewCost row_cost(const DualCertificate::Matrix& m, Eigen::Index row) {
  InterviewCost c;
  for (Eigen::Index l = 0; l < 3; ++l) {
    c.major[static_cast<std::size_t>(l)] = static_cast<std::int64_t>(std::llround(m(row, l)));
  }
  c.minor = m(row, 3);
  return c;
}

}  // namespace

InterviewPlan plan_interviews(const Eigen::Ref<const PreferenceMatrix>& preferences,
                              const Eigen::Ref<const CapacityVector>& interview_caps,
                              const MaskView& allowed, const ScoreView& scores,
                              const InterviewPlanOptions& options) {
  check_plan_inputs(interview_caps, options);
  const ArcLists a =
      detail::make_arc_lists(preferences, interview_caps, {&scores, "scores"}, &allowed);
  const Index minimum = options.min_per_candidate;
  const detail::InterviewFlow f = detail::solve_interview_flow(a, minimum);
  InterviewPlan plan;
  const Index n = a.n;
  const Index m = a.m;
  plan.per_candidate = IndexVector::Zero(n);
  plan.per_company = IndexVector::Zero(m);
  plan.levels = interview_levels();
  plan.objective.assign(4, 0.0);
  std::int64_t count = 0;
  for (const char x : f.flow) {
    count += x;
  }
  plan.pairs.resize(count, 2);
  Eigen::Index row = 0;
  for (Index i = 0; i < n; ++i) {
    const auto iu = static_cast<std::size_t>(i);
    const auto wishes = static_cast<Index>(a.start[iu + 1] - a.start[iu]);
    for (std::int64_t e = a.start[iu]; e < a.start[iu + 1]; ++e) {
      if (f.flow[static_cast<std::size_t>(e)] == 0) {
        continue;
      }
      const detail::RawArc& arc = a.arc[static_cast<std::size_t>(e)];
      plan.pairs(row, 0) = i;
      plan.pairs(row, 1) = arc.head;
      ++row;
      ++plan.per_candidate[i];
      ++plan.per_company[arc.head];
      const InterviewCost w = detail::interview_weight(arc, a.longest);
      plan.objective[1] += 1.0;
      plan.objective[2] += static_cast<double>(w.major[2]);
      plan.objective[3] += w.minor;
    }
    plan.objective[0] += static_cast<double>(std::min(plan.per_candidate[i], minimum));
    if (plan.per_candidate[i] < minimum) {
      plan.uncovered.push_back(i);
      plan.uncovered_reason.emplace_back(wishes == 0                       ? "no_acceptable_wish"
                                         : plan.per_candidate[i] == wishes ? "too_few_wishes"
                                                                           : "caps_taken");
    }
  }
  plan.candidate_potential.resize(n, 4);
  plan.company_potential.resize(m, 4);
  plan.sink_potential.resize(1, 4);
  for (Index j = 0; j < m; ++j) {
    put_row(plan.company_potential, j, f.potential[static_cast<std::size_t>(j)]);
  }
  for (Index i = 0; i < n; ++i) {
    put_row(plan.candidate_potential, i, f.potential[static_cast<std::size_t>(m + i)]);
  }
  put_row(plan.sink_potential, 0, f.potential[static_cast<std::size_t>(m + n)]);
  return plan;
}

CheckReport check_interview_plan(const Eigen::Ref<const PreferenceMatrix>& preferences,
                                 const Eigen::Ref<const CapacityVector>& interview_caps,
                                 const MaskView& allowed, const ScoreView& scores,
                                 const InterviewPlanOptions& options, const InterviewPlan& plan,
                                 double tolerance) {
  check_plan_inputs(interview_caps, options);
  const ArcLists a =
      detail::make_arc_lists(preferences, interview_caps, {&scores, "scores"}, &allowed);
  CheckReport report;
  const auto fail = [&report](std::string text) {
    report.ok = false;
    report.violations.push_back(std::move(text));
  };
  const Index n = a.n;
  const Index m = a.m;
  const Index minimum = options.min_per_candidate;
  // Feasibility: each pair listed, acceptable, once; the caps held.
  std::vector<char> used(a.arc.size(), 0);
  std::vector<Index> have(static_cast<std::size_t>(n), 0);
  std::vector<Index> held(static_cast<std::size_t>(m), 0);
  for (Eigen::Index r = 0; r < plan.pairs.rows(); ++r) {
    const Index i = plan.pairs(r, 0);
    const Index j = plan.pairs(r, 1);
    if (i < 0 || i >= n || j < 0 || j >= m) {
      fail(detail::at("pairs", r) + ": (" + std::to_string(i) + ", " + std::to_string(j) +
           ") is out of range");
      continue;
    }
    const auto iu = static_cast<std::size_t>(i);
    std::int64_t found = -1;
    for (std::int64_t e = a.start[iu]; e < a.start[iu + 1]; ++e) {
      if (a.arc[static_cast<std::size_t>(e)].head == j) {
        found = e;
      }
    }
    if (found < 0) {
      fail(detail::at("pairs", r) + ": company " + std::to_string(j) +
           " is not a listed, acceptable wish of candidate " + std::to_string(i));
      continue;
    }
    if (used[static_cast<std::size_t>(found)] != 0) {
      fail(detail::at("pairs", r) + ": the interview (" + std::to_string(i) + ", " +
           std::to_string(j) + ") is listed twice");
      continue;
    }
    used[static_cast<std::size_t>(found)] = 1;
    ++have[iu];
    ++held[static_cast<std::size_t>(j)];
  }
  for (Index j = 0; j < m; ++j) {
    if (held[static_cast<std::size_t>(j)] > a.capacity[static_cast<std::size_t>(j)]) {
      fail("company " + std::to_string(j) + " holds " +
           std::to_string(held[static_cast<std::size_t>(j)]) + " interviews, above its cap " +
           std::to_string(a.capacity[static_cast<std::size_t>(j)]));
    }
  }
  std::vector<Index> uncovered;
  for (Index i = 0; i < n; ++i) {
    if (have[static_cast<std::size_t>(i)] < minimum) {
      uncovered.push_back(i);
    }
  }
  if (uncovered != plan.uncovered) {
    fail("uncovered does not list exactly the candidates below the minimum");
  }
  if (!report.ok) {
    return report;
  }
  // Optimality: every residual arc has a non-negative reduced cost
  // c(u, v) + pi(u) - pi(v) (costs = -weights), the score to tolerance.
  if (plan.candidate_potential.rows() != n || plan.company_potential.rows() != m ||
      plan.sink_potential.rows() != 1 || plan.candidate_potential.cols() != 4 ||
      plan.company_potential.cols() != 4 || plan.sink_potential.cols() != 4) {
    fail("the potentials must be (n, 4), (m, 4) and (1, 4)");
    return report;
  }
  const InterviewCost sink = row_cost(plan.sink_potential, 0);
  const auto check_arc = [&](const InterviewCost& cost, const InterviewCost& from,
                             const InterviewCost& to, const std::string& what) {
    const InterviewCost rc = cost + from - to;
    for (const std::int64_t x : rc.major) {
      if (x != 0) {
        if (x < 0) {
          fail(what + ": negative reduced cost");
        }
        return;
      }
    }
    const double scale = 1.0 + std::fabs(cost.minor) + std::fabs(from.minor) + std::fabs(to.minor);
    if (rc.minor < -tolerance * scale) {
      fail(what + ": negative reduced cost " + detail::num(rc.minor) + " at the score level");
    }
  };
  for (Index i = 0; i < n; ++i) {
    const auto iu = static_cast<std::size_t>(i);
    const InterviewCost pi = row_cost(plan.candidate_potential, i);
    for (std::int64_t e = a.start[iu]; e < a.start[iu + 1]; ++e) {
      const detail::RawArc& arc = a.arc[static_cast<std::size_t>(e)];
      const InterviewCost pj = row_cost(plan.company_potential, arc.head);
      const InterviewCost w = detail::interview_weight(arc, a.longest);
      const std::string pair = "pair (" + std::to_string(i) + ", " + std::to_string(arc.head) + ")";
      if (used[static_cast<std::size_t>(e)] != 0) {
        check_arc(w, pi, pj, pair + " given up");
      } else {
        check_arc(-w, pj, pi, pair + " added");
      }
    }
    // The bands: min(L, d) units with the cover weight, then the rest.
    const auto wishes = static_cast<Index>(a.start[iu + 1] - a.start[iu]);
    const Index first = std::min(minimum, wishes);
    const Index x = have[iu];
    InterviewCost cover;
    cover.major[0] = 1;
    const std::string who = "candidate " + std::to_string(i);
    if (std::min(x, first) < first) {
      check_arc(-cover, pi, sink, who + " one more covering interview");
    }
    if (std::min(x, first) > 0) {
      check_arc(cover, sink, pi, who + " one covering interview less");
    }
    if (std::max<Index>(0, x - first) < wishes - first) {
      check_arc(InterviewCost{}, pi, sink, who + " one more interview");
    }
    if (x > first) {
      check_arc(InterviewCost{}, sink, pi, who + " one interview less");
    }
  }
  for (Index j = 0; j < m; ++j) {
    const auto ju = static_cast<std::size_t>(j);
    const InterviewCost pj = row_cost(plan.company_potential, j);
    const std::string who = "company " + std::to_string(j);
    if (held[ju] > 0) {
      check_arc(InterviewCost{}, pj, sink, who + " one interview unused");
    }
    if (held[ju] < a.capacity[ju]) {
      check_arc(InterviewCost{}, sink, pj, who + " one more interview");
    }
  }
  return report;
}

}  // namespace kobling
