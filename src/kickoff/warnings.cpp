#include "kobling/warnings.hpp"

#include <algorithm>
#include <string>

#include "common/text.hpp"

namespace kobling {

namespace {

using detail::quoted;

std::string company_place(const Company& c) { return "company " + quoted(c.id); }

bool listed(const Candidate& c, Index j) {
  return std::find(c.wishes.begin(), c.wishes.end(), j) != c.wishes.end();
}

bool refused_by(const Company& c, Index i) {
  return std::find(c.refused.begin(), c.refused.end(), i) != c.refused.end();
}

}  // namespace

std::vector<Warning> kickoff_warnings(const Kickoff& k, const ScoreTable& t) {
  std::vector<Warning> out;
  const Index n = k.num_candidates();
  const Index m = k.num_companies();
  std::vector<Index> applicants(static_cast<std::size_t>(m), 0);
  for (const Candidate& c : k.candidates()) {
    for (const Index j : c.wishes) {
      ++applicants[static_cast<std::size_t>(j)];
    }
  }
  for (Index j = 0; j < m; ++j) {
    const Company& c = k.company(j);
    const Index listing = applicants[static_cast<std::size_t>(j)];
    const bool weighed =
        std::any_of(c.weights.begin(), c.weights.end(), [](double w) { return w > 0.0; });
    if (!weighed && c.capacity > 0 && listing > 0 && k.num_features() > 0) {
      out.push_back(Warning{"kobling.warn.zero_weights", company_place(c),
                            "every weight is 0, so every candidate scores 0 here: its interview "
                            "ranking, then the tie rule, decide who gets its " +
                                std::to_string(c.capacity) + " seat(s)"});
    }
    if (c.capacity == 0 && listing > 0) {
      out.push_back(Warning{"kobling.warn.no_seats", company_place(c),
                            "has 0 seats, yet " + std::to_string(listing) +
                                " candidate(s) list it; none can be placed there"});
    }
  }
  for (Index j = 0; j < m; ++j) {
    const Company& c = k.company(j);
    for (const Index i : c.ranking) {
      const Candidate& who = k.candidate(i);
      if (!listed(who, j)) {
        out.push_back(Warning{"kobling.warn.ranking_not_applicant", company_place(c) + " ranking",
                              "candidate " + quoted(who.id) +
                                  " did not list the company; the ranking place has no effect"});
        continue;
      }
      const Eligibility e = t.eligibility_of(i, j);
      if (e != Eligibility::eligible || refused_by(c, i)) {
        out.push_back(
            Warning{"kobling.warn.ranking_unplaceable", company_place(c) + " ranking",
                    "candidate " + quoted(who.id) +
                        (refused_by(c, i) ? " is also refused by the company"
                         : e == Eligibility::ineligible
                             ? " fails a requirement"
                             : " needs review (a requirement concerns an unrecorded value)") +
                        ", so cannot be placed there; the ranking place has no effect"});
      }
    }
  }
  for (Index f = 0; f < k.num_features(); ++f) {
    const auto fu = static_cast<std::size_t>(f);
    const FeatureSpec& spec = k.features()[fu];
    bool used = false;
    for (const Company& c : k.companies()) {
      used = used || c.weights[fu] > 0.0 || !c.targets[fu].empty() ||
             std::any_of(c.requirements.begin(), c.requirements.end(),
                         [&](const Requirement& r) { return r.feature == f; });
    }
    for (const CohortBound& b : k.bounds()) {
      used = used || b.feature == spec.name;
    }
    const FeatureColumn& col = k.columns()[fu];
    const bool recorded = std::any_of(col.state.begin(), col.state.end(),
                                      [](ValueState s) { return s != ValueState::unknown; });
    if (!used && recorded && !spec.is_protected) {  // a protected one is there for the group report
      out.push_back(Warning{"kobling.warn.unused_feature", "feature " + quoted(spec.name),
                            "no company weighs, targets or requires it and no bound uses it; its "
                            "recorded values never count"});
    }
  }
  for (Index i = 0; i < n; ++i) {
    const Candidate& c = k.candidate(i);
    if (c.wishes.empty()) {
      continue;
    }
    const bool any = std::any_of(c.wishes.begin(), c.wishes.end(), [&](Index j) {
      const Company& company = k.company(j);
      return company.capacity > 0 && t.eligibility_of(i, j) == Eligibility::eligible &&
             !refused_by(company, i);
    });
    if (!any) {
      out.push_back(Warning{"kobling.warn.no_eligible_wish", "candidate " + quoted(c.id),
                            "none of the " + std::to_string(c.wishes.size()) +
                                " wish(es) can be a placement (a requirement fails, a review is "
                                "needed, the company refused or has no seats); see the reasons"});
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Warning& a, const Warning& b) { return a.id < b.id; });
  return out;
}

}  // namespace kobling
