#include "kobling/policy.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <string>

#include "common/text.hpp"
#include "kobling/errors.hpp"
#include "kobling/rank_maximal.hpp"
#include "kobling/report.hpp"
#include "kobling/verify.hpp"

namespace kobling {

std::string_view to_string(Policy p) noexcept {
  switch (p) {
    case Policy::stable:
      return "stable";
    case Policy::max_placement:
      return "max_placement";
    case Policy::rank_maximal:
      return "rank_maximal";
  }
  return "?";
}

std::vector<Policy> all_policies() {
  return {Policy::stable, Policy::max_placement, Policy::rank_maximal};
}

Policy parse_policy(std::string_view name) {
  for (const Policy p : all_policies()) {
    if (name == to_string(p)) {
      return p;
    }
  }
  throw InvalidArgument(
      "kobling.policy.unknown", "policy",
      "unknown policy \"" + std::string(name) + "\"; choose stable, max_placement or rank_maximal");
}

std::string describe(const MatchOptions& o) {
  std::string s(to_string(o.policy));
  if (o.policy == Policy::stable) {
    if (o.max_placed) {
      return s + " (largest weakly stable)";
    }
    s += o.proposer == Proposer::candidates ? " (candidate-proposing" : " (company-proposing";
    s += o.improve ? ", improvement cycles)" : ")";
  }
  return s;
}

PriorityMatrix company_priority(const Kickoff& k) {
  std::vector<Eigen::Triplet<double, Index>> entries;
  for (Index j = 0; j < k.num_companies(); ++j) {
    const Company& c = k.companies()[static_cast<std::size_t>(j)];
    if (c.ranking.empty()) {
      continue;
    }
    const auto place = [&](std::size_t p) {
      return c.ranking_place.empty() ? static_cast<Index>(p) : c.ranking_place[p];
    };
    const Index places = place(c.ranking.size() - 1) + 1;
    for (std::size_t p = 0; p < c.ranking.size(); ++p) {
      entries.emplace_back(c.ranking[p], j, static_cast<double>(places - place(p)));
    }
  }
  PriorityMatrix out(k.num_candidates(), k.num_companies());
  out.setFromTriplets(entries.begin(), entries.end());
  out.makeCompressed();
  return out;
}

RoundOptions round_options(const Kickoff& k, const MatchOptions& o) {
  RoundOptions r;
  const Index n = k.num_candidates();
  const bool round = o.previous.size() > 0 || !o.withdrawn.empty() || !o.pinned.empty();
  if (!round) {
    if (o.no_worse) {
      throw InvalidArgument("kobling.array.bad_option", "no_worse",
                            "needs previous: the last round's result");
    }
    return r;
  }
  r.previous = o.previous.size() > 0 ? o.previous : IndexVector::Constant(n, kNone);
  if (r.previous.size() != n) {
    throw InvalidArgument("kobling.result.mismatch", "previous",
                          "has " + std::to_string(r.previous.size()) +
                              " candidates, the kick-off has " + std::to_string(n));
  }
  r.withdrawn = MaskVector::Constant(n, false);
  for (const Index i : o.withdrawn) {
    (void)k.candidate(i);  // range check
    r.withdrawn[i] = true;
  }
  r.fixed = IndexVector::Constant(n, kNone);
  for (const Index i : o.pinned) {
    (void)k.candidate(i);  // range check
    const Index j = r.previous[i];
    if (j == kNone) {
      throw InvalidArgument("kobling.round.pinned_unplaced",
                            "pinned candidate " + detail::quoted(k.candidate(i).id),
                            "had no company in the previous round; only a placement can be "
                            "pinned");
    }
    r.fixed[i] = j;
  }
  r.no_worse = o.no_worse;
  return r;
}

std::vector<Bound> array_bounds(const Kickoff& k) {
  std::vector<Bound> out;
  for (std::size_t q = 0; q < k.bounds().size(); ++q) {
    const CohortBound& c = k.bounds()[q];
    Bound b;
    b.lower = c.lower;
    b.upper = c.upper;
    b.candidates = c.all_candidates ? std::vector<Index>{} : c.candidates;
    b.all_or_nothing = c.all_or_nothing;
    b.penalty = c.penalty;
    b.name = c.name.empty() ? "bound " + std::to_string(q) : c.name;
    if (!c.each_company) {
      b.companies = c.companies;
      out.push_back(std::move(b));
      continue;
    }
    std::vector<Index> companies = c.companies;
    if (companies.empty()) {
      for (Index j = 0; j < k.num_companies(); ++j) {
        companies.push_back(j);
      }
    }
    for (const Index j : companies) {
      Bound one = b;
      one.companies = {j};
      one.name = b.name + " (" + k.company(j).id + ")";
      out.push_back(std::move(one));
    }
  }
  return out;
}

StableOptions stable_options(const Kickoff& k, const MatchOptions& o) {
  StableOptions s{o.proposer, o.tie_break.value_or(k.tie_break()), o.seed.value_or(k.seed()),
                  o.improve};
  s.max_placed = o.max_placed;
  s.time_limit = o.time_limit;
  RoundOptions r = round_options(k, o);
  s.fixed = std::move(r.fixed);
  s.withdrawn = std::move(r.withdrawn);
  s.previous = std::move(r.previous);
  s.no_worse = r.no_worse;
  return s;
}

namespace {

// "company #j" and "candidate #i" in a message, as the kick-off's ids.
std::string with_ids(const Kickoff& k, const std::string& text) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t hash = text.find('#', at);
    if (hash == std::string::npos) {
      break;
    }
    std::size_t end = hash + 1;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9') {
      ++end;
    }
    const bool company = hash >= 8 && text.compare(hash - 8, 8, "company ") == 0;
    const bool candidate = hash >= 10 && text.compare(hash - 10, 10, "candidate ") == 0;
    out += text.substr(at, hash - at);
    const std::size_t digits = end - hash - 1;
    const long x = digits > 0 && digits < 10 ? std::stol(text.substr(hash + 1, digits)) : -1;
    if ((company && x >= 0 && x < k.num_companies()) ||
        (candidate && x >= 0 && x < k.num_candidates())) {
      const auto who = static_cast<Index>(x);
      out += detail::quoted(company ? k.company(who).id : k.candidate(who).id);
    } else {
      out += text.substr(hash, end - hash);
    }
    at = end;
  }
  return out + text.substr(std::min(at, text.size()));
}

// Runs solve(); the array level's round errors name a candidate by index
// ("fixed[3]", "previous[3]") and a company by index: name them by id.
template <class Solve>
Assignment naming_round_errors(const Kickoff& k, Solve solve) {
  try {
    return solve();
  } catch (const InvalidArgument& e) {
    if (e.id() == "kobling.bounds.infeasible") {  // "company #3" -> its id
      throw InvalidArgument(e.id(), e.place(), with_ids(k, e.reason()));
    }
    const std::string& place = e.place();
    const auto open = place.find('[');
    if (open == std::string::npos ||
        (place.rfind("fixed", 0) != 0 && place.rfind("previous", 0) != 0)) {
      throw;
    }
    const Index i = static_cast<Index>(std::stol(place.substr(open + 1)));
    const std::string who =
        (place[0] == 'f' ? "pinned candidate " : "candidate ") + detail::quoted(k.candidate(i).id);
    std::string reason = e.reason();
    for (Index j = 0; j < k.num_companies(); ++j) {  // "company 3 " -> its id
      const std::string index_text = "company " + std::to_string(j) + " ";
      const auto at = reason.find(index_text);
      if (at != std::string::npos) {
        reason.replace(at, index_text.size(), "company " + detail::quoted(k.company(j).id) + " ");
        break;
      }
    }
    throw InvalidArgument(e.id(), who, reason);
  }
}

}  // namespace

namespace {

// What max_placement and rank_maximal take from the kick-off and the match
// options alike: the companies' rankings (`priority` must outlive the call),
// the tie rule, the round and the cohort bounds.
// The candidates' loads (bounds.hpp, Loads), or none when every candidate
// takes one seat at most.
Loads array_loads(const Kickoff& k) {
  Loads out;
  const Index n = k.num_candidates();
  bool any = false;
  for (const Candidate& c : k.candidates()) {
    any = any || c.load_min != 0 || c.load_max != 1;
  }
  if (any) {
    out.most = IndexVector(n);
    out.least = IndexVector(n);
    for (Index i = 0; i < n; ++i) {
      out.most[i] = k.candidate(i).load_max;
      out.least[i] = k.candidate(i).load_min;
    }
  }
  return out;
}

template <class Options>
void exact_policy_options(const Kickoff& k, const MatchOptions& o, const PriorityMatrix& priority,
                          Options& out) {
  if (priority.nonZeros() > 0) {
    out.company_priority = priority;
  }
  out.tie_break = o.tie_break.value_or(k.tie_break());
  out.seed = o.seed.value_or(k.seed());
  out.round = round_options(k, o);
  out.bounds = array_bounds(k);
  out.time_limit = o.time_limit;
  out.price_bounds = o.price_bounds;
  out.loads = array_loads(k);
}

}  // namespace

namespace {

// What the wish policies read, at the listed pairs only (O(n·k), whatever m
// is): the companies' preferences (-inf: not acceptable), the mask of
// acceptable pairs and the scores, as CSR matrices of one structure.
struct ListedInputs {
  using Mask = Eigen::SparseMatrix<bool, Eigen::RowMajor, Index>;
  ListedPreference preference;
  Mask acceptable;
  ListedPreference score;

  ListedInputs(const Kickoff& k, const ScoreTable& t)
      : preference(listed_company_preference(k, t)),
        acceptable(preference.cast<bool>()),  // one structure: the pattern, then the values
        score(preference) {
    for (Index i = 0; i < preference.outerSize(); ++i) {
      ListedPreference::InnerIterator p(preference, i);
      Mask::InnerIterator a(acceptable, i);
      ListedPreference::InnerIterator s(score, i);
      for (; p; ++p, ++a, ++s) {
        a.valueRef() = p.value() != kForbidden;
        s.valueRef() = t.score_of(i, static_cast<Index>(p.col()));
      }
    }
  }
};

}  // namespace

Assignment match(const Kickoff& k, const ScoreTable& t, const MatchOptions& o) {
  const PreferenceMatrix prefs = k.preferences();
  const CapacityVector caps = k.capacities();
  const ListedInputs in(k, t);
  switch (o.policy) {
    case Policy::stable: {
      if (array_loads(k).given()) {
        throw InvalidArgument("kobling.bounds.unsupported", "load",
                              "the stable policy gives each candidate one seat at most; "
                              "candidates with loads need max_placement or rank_maximal");
      }
      StableOptions so = stable_options(k, o);
      so.bounds = array_bounds(k);  // quotas and reserves at one company
      return naming_round_errors(k,
                                 [&] { return stable_assignment(prefs, in.preference, caps, so); });
    }
    case Policy::max_placement: {
      const PriorityMatrix priority = company_priority(k);
      MaxPlacementOptions mo = o.max_placement;
      exact_policy_options(k, o, priority, mo);
      return naming_round_errors(
          k, [&] { return max_placement_assignment(prefs, caps, in.acceptable, in.score, mo); });
    }
    case Policy::rank_maximal: {
      const PriorityMatrix priority = company_priority(k);
      RankMaximalOptions ro;
      exact_policy_options(k, o, priority, ro);
      return naming_round_errors(
          k, [&] { return rank_maximal_assignment(prefs, caps, in.acceptable, in.score, ro); });
    }
  }
  throw InvalidArgument("kobling.policy.unknown", "policy", "unknown policy value");
}

PolicyComparison compare_policies(const Kickoff& k, const ScoreTable& t) {
  PolicyComparison c;
  const PreferenceMatrix prefs = k.preferences();
  const CapacityVector caps = k.capacities();
  // Built once for all policies (match() would build them for each).
  const ListedInputs in(k, t);
  const ListedPreference& pref = in.preference;
  const auto& ok = in.acceptable;
  const PriorityMatrix priority = company_priority(k);
  const std::vector<Bound> bounds = array_bounds(k);
  const Loads loads = array_loads(k);
  for (const Policy p : all_policies()) {
    PolicySummary row;
    row.policy = p;
    switch (p) {
      case Policy::stable: {
        if (loads.given()) {
          continue;  // one seat per candidate: the stable row is left out
        }
        StableOptions so = stable_options(k, {});
        so.bounds = bounds;
        try {
          row.result = stable_assignment(prefs, pref, caps, so);
        } catch (const InvalidArgument& e) {
          if (e.id() != "kobling.bounds.unsupported") {
            throw;
          }
          continue;  // bounds that stability cannot honour: the stable row is left out
        }
        break;
      }
      case Policy::max_placement: {
        MaxPlacementOptions mo;
        if (priority.nonZeros() > 0) {
          mo.company_priority = priority;
        }
        mo.tie_break = k.tie_break();
        mo.seed = k.seed();
        mo.bounds = bounds;
        mo.loads = loads;
        row.result = max_placement_assignment(prefs, caps, ok, in.score, mo);
        break;
      }
      case Policy::rank_maximal: {
        RankMaximalOptions ro;
        if (priority.nonZeros() > 0) {
          ro.company_priority = priority;
        }
        ro.tie_break = k.tie_break();
        ro.seed = k.seed();
        ro.bounds = bounds;
        ro.loads = loads;
        row.result = rank_maximal_assignment(prefs, caps, ok, in.score, ro);
        break;
      }
    }
    row.placed = row.result.placed;
    row.rank_counts = row.result.rank_counts;
    double total = 0.0;
    for (Index i = 0; i < k.num_candidates(); ++i) {
      if (row.result.company[i] != kNone) {
        total += t.score_of(i, row.result.company[i]);
      }
    }
    row.mean_score = row.placed > 0 ? total / static_cast<double>(row.placed) : 0.0;
    row.blocking = blocking_pairs(prefs, pref, caps, row.result.company, {{}, true}).rows();
    c.rows.push_back(std::move(row));
  }
  for (Index i = 0; i < k.num_candidates(); ++i) {
    for (std::size_t r = 1; r < c.rows.size(); ++r) {
      if (c.rows[r].result.company[i] != c.rows[0].result.company[i]) {
        c.differing.push_back(i);
        break;
      }
    }
  }
  return c;
}

std::string format_comparison(const Kickoff& k, const PolicyComparison& c) {
  std::ostringstream out;
  char buf[160];
  Index kk = 0;
  for (const PolicySummary& row : c.rows) {
    kk = std::max(kk, static_cast<Index>(row.rank_counts.size()));
  }
  out << "policy          placed";
  for (Index r = 0; r < kk; ++r) {
    std::snprintf(buf, sizeof buf, "  %5s", ordinal_wish(r).c_str());
    out << buf;
  }
  out << "  mean score  blocking pairs\n";
  for (const PolicySummary& row : c.rows) {
    std::snprintf(buf, sizeof buf, "%-14s  %6lld", std::string(to_string(row.policy)).c_str(),
                  static_cast<long long>(row.placed));
    out << buf;
    for (Index r = 0; r < kk; ++r) {
      const long long count = r < row.rank_counts.size() ? row.rank_counts[r] : 0;
      std::snprintf(buf, sizeof buf, "  %5lld", count);
      out << buf;
    }
    std::snprintf(buf, sizeof buf, "  %10.3f  %14lld\n", row.mean_score,
                  static_cast<long long>(row.blocking));
    out << buf;
  }
  out << "\n" << c.differing.size() << " candidate(s) get different outcomes:\n";
  if (!c.differing.empty()) {
    std::snprintf(buf, sizeof buf, "  %-12s", "candidate");
    out << buf;
    for (const PolicySummary& row : c.rows) {
      std::snprintf(buf, sizeof buf, "  %-18s", std::string(to_string(row.policy)).c_str());
      out << buf;
    }
    out << "\n";
  }
  for (const Index i : c.differing) {
    std::snprintf(buf, sizeof buf, "  %-12s",
                  k.candidates()[static_cast<std::size_t>(i)].id.c_str());
    out << buf;
    for (const PolicySummary& row : c.rows) {
      const Index j = row.result.company[i];
      std::string cell = "-";
      if (j != kNone) {
        cell = k.companies()[static_cast<std::size_t>(j)].id + " (" +
               ordinal_wish(row.result.rank[i]) + ")";
      }
      std::snprintf(buf, sizeof buf, "  %-18s", cell.c_str());
      out << buf;
    }
    out << "\n";
  }
  return out.str();
}

void check_result(const Kickoff& k, const Assignment& a) {
  const auto fail = [](const std::string& why) {
    throw InvalidArgument("kobling.result.mismatch", "result",
                          why + "; is it the result of another kick-off?");
  };
  if (a.company.size() != k.num_candidates() || a.rank.size() != k.num_candidates()) {
    fail("has " + std::to_string(a.company.size()) + " candidates, the kick-off has " +
         std::to_string(k.num_candidates()));
  }
  for (Index i = 0; i < k.num_candidates(); ++i) {
    const Index j = a.company[i];
    const Index r = a.rank[i];
    if (j < kNone || j >= k.num_companies()) {
      fail("company[" + std::to_string(i) + "] = " + std::to_string(j) + " is not a company");
    }
    const auto& wishes = k.candidates()[static_cast<std::size_t>(i)].wishes;
    if (r != kNone && (j == kNone || r < 0 || r >= static_cast<Index>(wishes.size()) ||
                       wishes[static_cast<std::size_t>(r)] != j)) {
      fail("rank[" + std::to_string(i) + "] = " + std::to_string(r) +
           " does not match the candidate's list");
    }
  }
}

}  // namespace kobling
