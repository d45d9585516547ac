#include "solvers/bounded.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "common/text.hpp"
#include "engine/laminar_flow.hpp"
#include "engine/mip.hpp"
#include "engine/round_arcs.hpp"
#include "kobling/errors.hpp"

namespace kobling::detail {

namespace {

std::string bound_name(const BoundOptions& o, std::size_t b) {
  const std::string& name = o.bounds[b].name;
  return name.empty() ? "bound " + std::to_string(b) : quoted(name);
}

// The arcs a bound counts, and its members as flags.
std::vector<std::int64_t> arcs_of(const ArcLists& a, const Bound& b) {
  std::vector<char> cand(static_cast<std::size_t>(a.n), b.candidates.empty() ? 1 : 0);
  std::vector<char> comp(static_cast<std::size_t>(a.m), b.companies.empty() ? 1 : 0);
  for (const Index i : b.candidates) {
    cand[static_cast<std::size_t>(i)] = 1;
  }
  for (const Index j : b.companies) {
    comp[static_cast<std::size_t>(j)] = 1;
  }
  std::vector<std::int64_t> out;
  for (Index i = 0; i < a.n; ++i) {
    if (cand[static_cast<std::size_t>(i)] == 0) {
      continue;
    }
    for (std::int64_t e = a.start[static_cast<std::size_t>(i)];
         e < a.start[static_cast<std::size_t>(i) + 1]; ++e) {
      if (comp[static_cast<std::size_t>(a.arc[static_cast<std::size_t>(e)].head)] != 0) {
        out.push_back(e);
      }
    }
  }
  return out;
}

// The problem without objective: x per arc, a row per candidate and company,
// the bounds in `use` (hard ones always; soft ones when `soft`), and the
// slack columns of the soft ones (their indices per bound, -1 when none).
struct Model {
  MipProblem p;
  std::vector<int> below;  // per bound: shortfall column (soft), -1
  std::vector<int> above;  // per bound: excess column (soft), -1
};

Model build(const ArcLists& a, const BoundOptions& o, const std::vector<char>& use, bool soft) {
  Model m;
  const auto arcs = static_cast<int>(a.arc.size());
  for (int e = 0; e < arcs; ++e) {
    m.p.add_column(0.0, 1.0, 0.0, true);
  }
  std::vector<std::vector<std::pair<int, double>>> by_company(static_cast<std::size_t>(a.m));
  for (Index i = 0; i < a.n; ++i) {
    std::vector<std::pair<int, double>> row;
    for (std::int64_t e = a.start[static_cast<std::size_t>(i)];
         e < a.start[static_cast<std::size_t>(i) + 1]; ++e) {
      row.emplace_back(static_cast<int>(e), 1.0);
      by_company[static_cast<std::size_t>(a.arc[static_cast<std::size_t>(e)].head)].emplace_back(
          static_cast<int>(e), 1.0);
    }
    if (!row.empty()) {
      m.p.add_row(
          std::move(row), -kMipInfinity,
          o.loads.empty() ? 1.0 : static_cast<double>(o.loads[static_cast<std::size_t>(i)]));
    }
  }
  for (Index j = 0; j < a.m; ++j) {
    auto& row = by_company[static_cast<std::size_t>(j)];
    if (!row.empty()) {
      m.p.add_row(std::move(row), -kMipInfinity,
                  static_cast<double>(a.capacity[static_cast<std::size_t>(j)]));
    }
  }
  m.below.assign(o.bounds.size(), -1);
  m.above.assign(o.bounds.size(), -1);
  for (std::size_t b = 0; b < o.bounds.size(); ++b) {
    const Bound& bound = o.bounds[b];
    if (use[b] == 0 || (!bound.hard() && !soft)) {
      continue;
    }
    const std::vector<std::int64_t> members = arcs_of(a, bound);
    std::vector<std::pair<int, double>> terms;
    for (const std::int64_t e : members) {
      terms.emplace_back(static_cast<int>(e), 1.0);
    }
    const double lower = bound.lower;
    const double upper = bound.upper == kNone ? static_cast<double>(members.size())
                                              : static_cast<double>(bound.upper);
    std::vector<std::pair<int, double>> low = terms;
    std::vector<std::pair<int, double>> high = terms;
    if (!bound.hard()) {
      m.below[b] = m.p.add_column(0.0, kMipInfinity, 0.0, false);
      m.above[b] = m.p.add_column(0.0, kMipInfinity, 0.0, false);
      low.emplace_back(m.below[b], 1.0);
      high.emplace_back(m.above[b], -1.0);
    }
    if (bound.all_or_nothing) {
      const int open = m.p.add_column(0.0, 1.0, 0.0, true);
      low.emplace_back(open, -lower);
      high.emplace_back(open, -upper);
      m.p.add_row(std::move(low), 0.0, kMipInfinity);
      m.p.add_row(std::move(high), -kMipInfinity, 0.0);
    } else {
      m.p.add_row(std::move(low), lower, kMipInfinity);
      m.p.add_row(std::move(high), -kMipInfinity, upper);
    }
  }
  return m;
}

struct LexResult {
  std::vector<double> x;
  std::vector<double> levels;  // the value reached on each level
  bool proven = true;
  double gap = 0.0;
  bool infeasible = false;
  bool flow = false;  // solved by the flow path
};

// The flow path (engine/laminar_flow.hpp), when the bounds in `use` and the
// levels allow it and the MIP is not asked for.
std::optional<LexResult> flow_levels(const ArcLists& a, const BoundOptions& o,
                                     const std::vector<char>& use, std::size_t nlevels,
                                     const LevelWeightsOf& weight) {
  if (o.method == BoundMethod::mip) {
    return std::nullopt;
  }
  std::optional<LaminarBounds> nested = laminar_bounds(o, use, a.n, a.m);
  if (!nested.has_value()) {
    return std::nullopt;
  }
  nested->candidate_units = o.loads;
  std::optional<LaminarFlow> f = solve_laminar_flow(a, *nested, nlevels, weight);
  if (!f.has_value()) {
    if (o.method == BoundMethod::flow) {
      throw InvalidArgument("kobling.bounds.unsupported", "bounds_method",
                            "\"flow\" carries at most 7 integer objective levels with integral "
                            "weights (here " +
                                std::to_string(nlevels - 1) + "); use \"mip\" or \"auto\"");
    }
    return std::nullopt;
  }
  LexResult out;
  out.x.assign(f->x.begin(), f->x.end());
  out.levels = std::move(f->levels);
  out.infeasible = !f->feasible;
  out.flow = true;
  return out;
}

LexResult solve_levels(const ArcLists& a, const BoundOptions& o, const std::vector<char>& use,
                       std::size_t nlevels, const LevelWeightsOf& weight) {
  if (std::optional<LexResult> f = flow_levels(a, o, use, nlevels, weight)) {
    return *std::move(f);
  }
  Model m = build(a, o, use, true);
  const auto arcs = a.arc.size();
  std::vector<double> w(arcs * nlevels);
  for (std::size_t e = 0; e < arcs; ++e) {
    weight(static_cast<std::int64_t>(e), &w[e * nlevels]);
  }
  LexResult out;
  out.levels.assign(nlevels, 0.0);
  for (std::size_t l = 0; l < nlevels; ++l) {
    std::fill(m.p.objective.begin(), m.p.objective.end(), 0.0);
    std::vector<std::pair<int, double>> terms;
    bool integral = true;
    for (std::size_t e = 0; e < arcs; ++e) {
      const double c = w[e * nlevels + l];
      m.p.objective[e] = c;
      integral = integral && c == std::round(c);
      if (c != 0.0) {
        terms.emplace_back(static_cast<int>(e), c);
      }
    }
    if (l == 0) {  // soft bounds cost on the first level
      for (std::size_t b = 0; b < o.bounds.size(); ++b) {
        for (const int col : {m.below[b], m.above[b]}) {
          if (col >= 0) {
            m.p.objective[static_cast<std::size_t>(col)] = -o.bounds[b].penalty;
            integral = integral && o.bounds[b].penalty == std::round(o.bounds[b].penalty);
            terms.emplace_back(col, -o.bounds[b].penalty);
          }
        }
      }
    }
    const MipResult r = solve_mip(m.p, true, o.time_limit);
    if (r.status == MipResult::Status::infeasible) {
      out.infeasible = true;
      return out;
    }
    if (r.status == MipResult::Status::stopped_without_solution) {
      throw InvalidArgument("kobling.bounds.infeasible", "bounds",
                            "no plan that meets the hard bounds was found within the time limit (" +
                                num(o.time_limit) +
                                " s per level), and none was proven impossible; raise time_limit "
                                "or relax the bounds");
    }
    if (r.status == MipResult::Status::stopped_with_solution) {
      out.proven = false;
      // CBC reports +-1e50 when it has no bound yet: the gap is unknown.
      out.gap = std::fabs(r.bound) >= 1e30 ? std::numeric_limits<double>::infinity()
                                           : r.bound - r.objective;
    }
    out.x = r.x;
    out.levels[l] = r.objective;
    if (l + 1 < nlevels) {  // keep this level's value in the next solves
      const double slack = integral ? 0.5 : 1e-7 * (1.0 + std::fabs(r.objective));
      m.p.add_row(std::move(terms), r.objective - slack, kMipInfinity);
    }
  }
  return out;
}

bool feasible(const ArcLists& a, const BoundOptions& o, const std::vector<char>& use) {
  const auto none = [](std::int64_t /*e*/, double* w) { w[0] = 0.0; };
  if (const std::optional<LexResult> f = flow_levels(a, o, use, 1, none)) {
    return !f->infeasible;
  }
  const Model m = build(a, o, use, false);
  const MipResult r = solve_mip(m.p, true, o.time_limit);
  return r.status != MipResult::Status::infeasible;
}

// The most placements bound b's set can take on its own.
Index most_possible(const ArcLists& a, const BoundOptions& o, std::size_t b) {
  const std::vector<std::int64_t> members = arcs_of(a, o.bounds[b]);
  std::vector<char> in(a.arc.size(), 0);
  for (const std::int64_t e : members) {
    in[static_cast<std::size_t>(e)] = 1;
  }
  const auto count = [&in](std::int64_t e, double* w) { w[0] = in[static_cast<std::size_t>(e)]; };
  const std::vector<char> none(o.bounds.size(), 0);
  if (const std::optional<LexResult> f = flow_levels(a, o, none, 1, count)) {
    return static_cast<Index>(std::llround(f->levels[0]));
  }
  Model m = build(a, o, std::vector<char>(o.bounds.size(), 0), false);
  for (const std::int64_t e : arcs_of(a, o.bounds[b])) {
    m.p.objective[static_cast<std::size_t>(e)] = 1.0;
  }
  const MipResult r = solve_mip(m.p, true, o.time_limit);
  return static_cast<Index>(std::llround(r.objective));
}

// What a bound's set holds, for a conflict: the seats at its companies that
// someone in it may take, and its acceptable applicants, the first few named
// as "company #j" / "candidate #i" (the kick-off layer puts ids there).
std::string set_text(const ArcLists& a, const Bound& bound) {
  constexpr std::size_t kNamed = 5;
  std::vector<char> company_in(static_cast<std::size_t>(a.m), 0);
  std::vector<Index> applicants;
  for (Index i = 0; i < a.n; ++i) {
    bool any = false;
    for (std::int64_t e = a.start[static_cast<std::size_t>(i)];
         e < a.start[static_cast<std::size_t>(i) + 1]; ++e) {
      const Index j = a.arc[static_cast<std::size_t>(e)].head;
      const bool counted =
          (bound.companies.empty() ||
           std::find(bound.companies.begin(), bound.companies.end(), j) != bound.companies.end()) &&
          (bound.candidates.empty() || std::find(bound.candidates.begin(), bound.candidates.end(),
                                                 i) != bound.candidates.end());
      if (counted) {
        company_in[static_cast<std::size_t>(j)] = 1;
        any = true;
      }
    }
    if (any) {
      applicants.push_back(i);
    }
  }
  std::int64_t seats = 0;
  std::vector<std::string> named;
  std::size_t companies = 0;
  for (Index j = 0; j < a.m; ++j) {
    if (company_in[static_cast<std::size_t>(j)] != 0) {
      const Index c = a.capacity[static_cast<std::size_t>(j)];
      seats += c;
      if (++companies <= kNamed) {
        named.push_back("company #" + std::to_string(j) + " (" + std::to_string(c) + ")");
      }
    }
  }
  const auto more = [](std::size_t total) {
    return total > kNamed ? " and " + std::to_string(total - kNamed) + " more" : std::string();
  };
  std::string out = std::to_string(seats) + " seat(s)";
  if (!named.empty()) {
    out += " at ";
    for (std::size_t q = 0; q < named.size(); ++q) {
      out += (q > 0 ? ", " : "") + named[q];
    }
    out += more(companies);
  }
  out += ", " + std::to_string(applicants.size()) + " acceptable applicant(s)";
  for (std::size_t q = 0; q < applicants.size() && q < kNamed; ++q) {
    out += (q > 0 ? ", " : ": ") + std::string("candidate #") + std::to_string(applicants[q]);
  }
  return out + more(applicants.size());
}

[[noreturn]] void explain_infeasible(const ArcLists& a, const BoundOptions& o) {
  // Deletion filter over the hard bounds.
  std::vector<char> use(o.bounds.size(), 0);
  for (std::size_t b = 0; b < o.bounds.size(); ++b) {
    use[b] = o.bounds[b].hard() ? 1 : 0;
  }
  for (std::size_t b = 0; b < o.bounds.size(); ++b) {
    if (use[b] == 0) {
      continue;
    }
    use[b] = 0;
    if (feasible(a, o, use)) {
      use[b] = 1;  // needed for the conflict
    }
  }
  std::string text;
  for (std::size_t b = 0; b < o.bounds.size(); ++b) {
    if (use[b] == 0) {
      continue;
    }
    const Bound& bound = o.bounds[b];
    text += (text.empty() ? "" : "; ") + bound_name(o, b) + " (" +
            (bound.all_or_nothing ? "0 or " : "") + "at least " + std::to_string(bound.lower) +
            (bound.upper == kNone ? "" : ", at most " + std::to_string(bound.upper)) +
            "; on its own at most " + std::to_string(most_possible(a, o, b)) +
            " placement(s) possible in its set: " + set_text(a, bound) + ")";
  }
  throw InvalidArgument("kobling.bounds.infeasible", "bounds",
                        "these hard bounds cannot all hold together: " + text);
}

}  // namespace

void check_bound_options(const BoundOptions& o, Index n, Index m) {
  if (!(o.time_limit > 0.0) || !std::isfinite(o.time_limit)) {
    throw InvalidArgument("kobling.array.bad_option", "time_limit",
                          "must be a finite number of seconds > 0, got " + num(o.time_limit));
  }
  for (std::size_t b = 0; b < o.bounds.size(); ++b) {
    const Bound& bound = o.bounds[b];
    const std::string where = "bounds[" + std::to_string(b) + "]";
    if (bound.lower < 0) {
      throw InvalidArgument("kobling.bounds.negative", where + ".lower",
                            "must be >= 0, got " + std::to_string(bound.lower));
    }
    if (bound.upper != kNone && bound.upper < bound.lower) {
      throw InvalidArgument("kobling.bounds.lower_above_upper", where,
                            "lower " + std::to_string(bound.lower) + " is above upper " +
                                std::to_string(bound.upper));
    }
    if (bound.upper < kNone) {
      throw InvalidArgument("kobling.bounds.negative", where + ".upper",
                            "must be >= 0 (or none), got " + std::to_string(bound.upper));
    }
    if (std::isnan(bound.penalty) || std::isinf(bound.penalty)) {
      throw InvalidArgument("kobling.bounds.bad_penalty", where + ".penalty",
                            "must be a finite number >= 0 (soft) or absent (hard)");
    }
    for (std::size_t q = 0; q < bound.companies.size(); ++q) {
      const Index j = bound.companies[q];
      if (j < 0 || j >= m) {
        throw OutOfRange(
            "kobling.array.company_index", where + ".companies[" + std::to_string(q) + "]",
            "company index " + std::to_string(j) + " is not in [0, " + std::to_string(m) + ")");
      }
    }
    for (std::size_t q = 0; q < bound.candidates.size(); ++q) {
      const Index i = bound.candidates[q];
      if (i < 0 || i >= n) {
        throw OutOfRange(
            "kobling.array.candidate_index", where + ".candidates[" + std::to_string(q) + "]",
            "candidate index " + std::to_string(i) + " is not in [0, " + std::to_string(n) + ")");
      }
    }
  }
}

BoundOptions checked_bounds(const std::vector<Bound>& bounds, double time_limit, bool price_bounds,
                            BoundMethod method, const Loads& loads, const RoundOptions& round,
                            Index n, Index m) {
  BoundOptions o{bounds, time_limit, price_bounds, method, {}, 0};
  o.own = bounds.size();
  check_bound_options(o, n, m);
  for (const auto& [v, name] : {std::pair{&loads.most, "loads"}, {&loads.least, "min_loads"}}) {
    if (v->size() > 0 && v->size() != n) {
      throw InvalidArgument("kobling.array.shape", name,
                            "must have one entry per candidate (" + std::to_string(n) + "), got " +
                                std::to_string(v->size()));
    }
  }
  for (Index i = 0; i < static_cast<Index>(loads.most.size()); ++i) {
    if (loads.most[i] < 0) {
      throw InvalidArgument("kobling.loads.invalid", "loads[" + std::to_string(i) + "]",
                            "must be >= 0, got " + std::to_string(loads.most[i]));
    }
    o.loads.push_back(loads.most[i]);
  }
  for (Index i = 0; i < static_cast<Index>(loads.least.size()); ++i) {
    const Index most = loads.most.size() > 0 ? loads.most[i] : 1;
    if (loads.least[i] < 0 || loads.least[i] > most) {
      throw InvalidArgument("kobling.loads.invalid", "min_loads[" + std::to_string(i) + "]",
                            "must be between 0 and the candidate's load " + std::to_string(most) +
                                ", got " + std::to_string(loads.least[i]));
    }
    if (loads.least[i] > 0) {
      Bound least;
      least.lower = loads.least[i];
      least.candidates = {i};
      least.name = "minimum load of candidate #" + std::to_string(i);
      o.bounds.push_back(std::move(least));
    }
  }
  if (method == BoundMethod::flow &&
      !laminar_bounds(o, std::vector<char>(o.bounds.size(), 1), n, m).has_value()) {
    throw InvalidArgument("kobling.bounds.unsupported", "bounds_method",
                          "\"flow\" takes hard bounds that count every candidate at nested sets "
                          "of companies, or a nested group of candidates at every company; these "
                          "bounds need the MIP (\"mip\" or \"auto\")");
  }
  if (round.given() && loads.given()) {
    throw InvalidArgument("kobling.bounds.unsupported", "loads",
                          "loads and a later round together are not supported yet");
  }
  return o;
}

Assignment solve_bounded(const ArcLists& a, const BoundOptions& o,
                         const std::vector<std::string>& levels, const LevelWeightsOf& weight) {
  const std::vector<char> all(o.bounds.size(), 1);
  const LexResult r = solve_levels(a, o, all, levels.size(), weight);
  if (r.infeasible) {
    explain_infeasible(a, o);
  }
  Assignment out;
  out.company = IndexVector::Constant(a.n, kNone);
  out.rank = IndexVector::Constant(a.n, kNone);
  out.rank_counts = CountVector::Zero(a.k);
  std::vector<double> w(levels.size());
  std::vector<std::pair<Index, Index>> pairs;
  for (Index i = 0; i < a.n; ++i) {
    for (std::int64_t e = a.start[static_cast<std::size_t>(i)];
         e < a.start[static_cast<std::size_t>(i) + 1]; ++e) {
      if (r.x[static_cast<std::size_t>(e)] > 0.5) {
        const RawArc& arc = a.arc[static_cast<std::size_t>(e)];
        pairs.emplace_back(i, arc.head);
        if (out.company[i] == kNone || arc.rank < out.rank[i]) {  // the best placement
          out.company[i] = arc.head;
          out.rank[i] = arc.rank;
        }
        if (arc.rank < a.k) {
          ++out.rank_counts[arc.rank];
        }
        ++out.placed;
        weight(e, w.data());
        out.objective += w.back();
      }
    }
  }
  out.proven_optimal = r.proven;
  out.bound_gap = r.gap;
  out.bounds_method = r.flow ? "flow" : "mip";
  if (!o.loads.empty()) {
    out.pairs.resize(static_cast<Eigen::Index>(pairs.size()), 2);
    out.load = IndexVector::Zero(a.n);
    for (std::size_t q = 0; q < pairs.size(); ++q) {
      out.pairs(static_cast<Eigen::Index>(q), 0) = pairs[q].first;
      out.pairs(static_cast<Eigen::Index>(q), 1) = pairs[q].second;
      ++out.load[pairs[q].first];
    }
  }
  for (std::size_t b = 0; b < o.own; ++b) {
    const Bound& bound = o.bounds[b];
    BoundOutcome oc;
    oc.name = bound.name.empty() ? "bound " + std::to_string(b) : bound.name;
    for (const std::int64_t e : arcs_of(a, bound)) {
      oc.count += r.x[static_cast<std::size_t>(e)] > 0.5 ? 1 : 0;
    }
    if (!bound.hard() && !(bound.all_or_nothing && oc.count == 0)) {
      oc.shortfall = std::max<Index>(0, bound.lower - oc.count);
      oc.excess = bound.upper == kNone ? 0 : std::max<Index>(0, oc.count - bound.upper);
    }
    if (o.price_bounds) {
      std::vector<char> without = all;
      without[b] = 0;
      const LexResult free = solve_levels(a, o, without, levels.size(), weight);
      for (std::size_t l = 0; l < levels.size(); ++l) {
        const double price = free.levels[l] - r.levels[l];
        oc.price.push_back(std::fabs(price) <= 1e-9 * (1.0 + std::fabs(r.levels[l])) ? 0.0 : price);
      }
      oc.price_levels = levels;
    }
    out.bounds.push_back(std::move(oc));
  }
  return out;
}

Assignment solve_bounded_round(const ArcLists& full, const BoundOptions& o,
                               const RoundOptions& round, const std::vector<std::string>& levels,
                               const LevelWeightsOf& weight, bool by_score) {
  if (!round.given()) {
    return solve_bounded(full, o, levels, weight);
  }
  const RoundArcs r = round_arcs(full, round, by_score);
  // The pins are placements already: each bound counts them, and its limits
  // shrink by as many for the residual problem.
  BoundOptions rest = o;
  std::vector<Index> pinned_in(o.bounds.size(), 0);
  for (std::size_t b = 0; b < o.bounds.size(); ++b) {
    std::vector<char> in(full.arc.size(), 0);
    for (const std::int64_t e : arcs_of(full, o.bounds[b])) {
      in[static_cast<std::size_t>(e)] = 1;
    }
    for (const std::int64_t e : r.pinned) {
      pinned_in[b] += e >= 0 && in[static_cast<std::size_t>(e)] != 0 ? 1 : 0;
    }
    Bound& bound = rest.bounds[b];
    const Index c = pinned_in[b];
    if (c == 0) {
      continue;
    }
    if (bound.upper != kNone && c > bound.upper && bound.hard()) {
      throw InvalidArgument("kobling.bounds.infeasible", "bounds",
                            "the pinned placements alone break " + bound_name(o, b) + ": " +
                                std::to_string(c) + " pinned in its set, at most " +
                                std::to_string(bound.upper) + " allowed");
    }
    bound.lower = std::max<Index>(0, bound.lower - c);
    bound.upper = bound.upper == kNone ? kNone : std::max<Index>(0, bound.upper - c);
    bound.all_or_nothing = false;  // the pins already make it "some"
  }
  // Levels: "kept" first, the policy's integer levels, "stays", its real one.
  std::vector<std::string> round_levels{"kept"};
  round_levels.insert(round_levels.end(), levels.begin(), levels.end() - 1);
  round_levels.emplace_back("stays");
  round_levels.push_back(levels.back());
  std::vector<double> w(levels.size());
  const auto round_weight = [&](std::int64_t e, double* out) {
    const auto eu = static_cast<std::size_t>(e);
    weight(r.origin[eu], w.data());
    out[0] = static_cast<double>(r.kept[eu]);
    std::copy(w.begin(), w.end() - 1, out + 1);
    out[levels.size()] = static_cast<double>(r.stay[eu]);
    out[levels.size() + 1] = w.back();
  };
  Assignment a;
  try {
    a = solve_bounded(r.residual, rest, round_levels, round_weight);
  } catch (const InvalidArgument& e) {
    if (e.id() != "kobling.bounds.infeasible") {
      throw;
    }
    std::string pins;  // the limits above are what the pins leave
    for (std::size_t b = 0; b < o.own; ++b) {
      if (pinned_in[b] > 0) {
        pins += (pins.empty() ? "" : ", ") + bound_name(o, b) + ": " + std::to_string(pinned_in[b]);
      }
    }
    throw InvalidArgument(e.id(), e.place(),
                          e.reason() + (pins.empty() ? ""
                                                     : " (in this round, after the pinned "
                                                       "placements each bound counts already: " +
                                                           pins + ")"));
  }
  double pinned_real = 0.0;
  for (const std::int64_t e : r.pinned) {
    if (e >= 0) {
      weight(e, w.data());
      pinned_real += w.back();
    }
  }
  // The residual objective counted only the real level: so does the pins'.
  finish_round(full, r, round, a, pinned_real);
  for (std::size_t b = 0; b < o.own; ++b) {  // counts and violations on the whole
    BoundOutcome& oc = a.bounds[b];
    const Bound& bound = o.bounds[b];
    oc.count += pinned_in[b];
    oc.shortfall = 0;
    oc.excess = 0;
    if (!bound.hard() && !(bound.all_or_nothing && oc.count == 0)) {
      oc.shortfall = std::max<Index>(0, bound.lower - oc.count);
      oc.excess = bound.upper == kNone ? 0 : std::max<Index>(0, oc.count - bound.upper);
    }
  }
  return a;
}

}  // namespace kobling::detail

namespace kobling {

BoundMethod parse_bound_method(std::string_view name) {
  if (name == "auto") {
    return BoundMethod::automatic;
  }
  if (name == "flow") {
    return BoundMethod::flow;
  }
  if (name == "mip") {
    return BoundMethod::mip;
  }
  throw InvalidArgument("kobling.array.bad_option", "bounds_method",
                        "must be \"auto\", \"flow\" or \"mip\", got \"" + std::string(name) + "\"");
}

}  // namespace kobling
