// tests/fuzz/kickoff_checks.hpp — what must hold for any kick-off that loads.
#pragma once

#include <cmath>

#include "fuzz_common.hpp"
#include "kobling/json_io.hpp"
#include "kobling/policy.hpp"
#include "kobling/recommend.hpp"
#include "kobling/scoring.hpp"
#include "kobling/verify.hpp"

namespace kobling::fuzz {

inline void check_kickoff(const Kickoff& k) {
  // Round trip: the exported document loads to the same document.
  const auto doc = kickoff_to_json(k);
  check(kickoff_to_json(kickoff_from_json(doc)) == doc, "JSON round trip differs");
  const ScoreTable t = score_all(k);
  for (Index i = 0; i < k.num_candidates(); ++i) {
    for (Index j = 0; j < k.num_companies(); ++j) {
      const double s = t.score(i, j);
      check(std::isfinite(s) && s >= 0.0 && s <= 1.0 + 1e-12, "score outside [0, 1]");
      const Explanation e = explain(k, i, j);
      check(std::fabs(e.score - s) <= 1e-12, "explanation does not sum to the score");
      check(e.eligibility == t.eligibility_of(i, j), "explanation eligibility differs");
    }
    if (k.num_companies() > 0) {
      (void)recommend(k, t, i, 3);
    }
  }
  const PreferenceMatrix prefs = k.preferences();
  const CapacityVector caps = k.capacities();
  const MaskMatrix ok = acceptable_pairs(k, t);
  const ScoreMatrix pref = company_preference(k, t);
  for (const Policy p : all_policies()) {
    const Assignment a = match(k, t, MatchOptions{p, Proposer::candidates, {}});
    check(check_feasibility(prefs, caps, a.company, {}, ok).ok, "infeasible assignment");
    if (p == Policy::stable) {
      check(blocking_pairs(prefs, pref, caps, a.company).rows() == 0, "stable has a blocking pair");
    }
    if (p == Policy::max_placement) {
      check(a.placed == max_placement_count(prefs, caps, {}, ok), "max_placement not maximum");
    }
  }
}

}  // namespace kobling::fuzz
