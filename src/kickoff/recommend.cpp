#include "kobling/recommend.hpp"

#include <algorithm>

#include "kobling/errors.hpp"

namespace kobling {

namespace {

std::vector<Contribution> main_contributions(const Explanation& e) {
  std::vector<Contribution> parts;
  for (const Contribution& c : e.contributions) {
    if (c.contribution > 0.0) {
      parts.push_back(c);
    }
  }
  std::stable_sort(parts.begin(), parts.end(), [](const Contribution& a, const Contribution& b) {
    return a.contribution > b.contribution;
  });
  if (parts.size() > 3) {
    parts.resize(3);
  }
  return parts;
}

}  // namespace

namespace {

// Recommendations for candidate i from row r of t (the full table, or i's row
// alone).
Recommendations recommend_from(const Kickoff& k, const ScoreTable& t, Index r, Index i,
                               Index count) {
  (void)k.candidate(i);
  if (count < 0) {
    throw InvalidArgument("kobling.recommend.bad_k", "k",
                          "must be an integer >= 0, got " + std::to_string(count));
  }
  Recommendations out;
  out.candidate = i;
  if (t.empty_profile[static_cast<std::size_t>(r)]) {
    out.empty_profile = true;
    return out;
  }
  std::vector<Index> options;
  for (Index j = 0; j < k.num_companies(); ++j) {
    const Company& c = k.companies()[static_cast<std::size_t>(j)];
    const bool refused = std::find(c.refused.begin(), c.refused.end(), i) != c.refused.end();
    if (t.eligibility_of(r, j) == Eligibility::eligible && !refused && c.capacity > 0) {
      options.push_back(j);
    }
  }
  std::stable_sort(options.begin(), options.end(),
                   [&](Index a, Index b) { return t.score_of(r, a) > t.score_of(r, b); });
  if (static_cast<Index>(options.size()) > count) {
    options.resize(static_cast<std::size_t>(count));
  }
  for (const Index j : options) {
    out.items.push_back({j, t.score_of(r, j), main_contributions(explain(k, i, j))});
  }
  return out;
}

}  // namespace

Recommendations recommend(const Kickoff& k, const ScoreTable& t, Index i, Index count) {
  if (t.listed()) {
    return recommend(k, i, count);  // the row is not in a listed table: score it
  }
  return recommend_from(k, t, i, i, count);
}

Recommendations recommend(const Kickoff& k, Index i, Index count) {
  (void)k.candidate(i);
  return recommend_from(k, score_rows(k, i, 1), 0, i, count);
}

std::vector<ShortlistEntry> shortlist(const Kickoff& k, const ScoreTable& t, Index j) {
  const std::vector<double> pref = company_preference_of(k, t, j);  // O(n), not n x m
  std::vector<ShortlistEntry> out;
  for (Index i = 0; i < k.num_candidates(); ++i) {
    const auto& wishes = k.candidates()[static_cast<std::size_t>(i)].wishes;
    const auto pos = std::find(wishes.begin(), wishes.end(), j);
    if (pos == wishes.end()) {
      continue;
    }
    const Explanation e = explain(k, i, j);
    ShortlistEntry s;
    s.candidate = i;
    s.wish_rank = static_cast<Index>(pos - wishes.begin());
    s.score = e.score;
    s.eligibility = e.eligibility;
    s.refused = e.refused;
    s.company_rank = e.company_rank;
    s.empty_profile = t.empty_profile[static_cast<std::size_t>(i)];
    s.reasons = e.reasons;
    s.main_contributions = main_contributions(e);
    out.push_back(std::move(s));
  }
  // Acceptable first in the company's preference (pref: ranking, then score;
  // -inf when not acceptable), ties by index; then the rest by score.
  std::stable_sort(out.begin(), out.end(), [&](const ShortlistEntry& a, const ShortlistEntry& b) {
    const double pa = pref[static_cast<std::size_t>(a.candidate)];
    const double pb = pref[static_cast<std::size_t>(b.candidate)];
    const bool oka = pa != kForbidden;
    const bool okb = pb != kForbidden;
    if (oka != okb) {
      return oka;
    }
    return oka ? pa > pb : a.score > b.score;
  });
  return out;
}

}  // namespace kobling
