// src/kickoff/model.cpp — the Kickoff: lookups by id and the array views of
// its wishes and capacities. KickoffBuilder (builder.cpp) makes one.
#include "kobling/model.hpp"

#include <algorithm>
#include <cmath>

#include "common/text.hpp"
#include "kobling/errors.hpp"

namespace kobling {

using detail::quoted;

std::string_view to_string(FeatureKind kind) noexcept {
  switch (kind) {
    case FeatureKind::numeric:
      return "numeric";
    case FeatureKind::ordinal:
      return "ordinal";
    case FeatureKind::boolean:
      return "boolean";
    case FeatureKind::categorical:
      return "categorical";
    case FeatureKind::skills:
      return "skills";
    case FeatureKind::location:
      return "location";
  }
  return "?";
}

namespace {

std::optional<Index> lookup(const std::unordered_map<std::string, Index>& map,
                            std::string_view id) {
  const auto it = map.find(std::string(id));
  if (it == map.end()) {
    return std::nullopt;
  }
  return it->second;
}

}  // namespace

const Candidate& Kickoff::candidate(Index i) const {
  if (i < 0 || i >= num_candidates()) {
    throw OutOfRange("kobling.model.index", "candidate " + std::to_string(i),
                     "candidate index is not in [0, " + std::to_string(num_candidates()) + ")");
  }
  return candidates_[static_cast<std::size_t>(i)];
}

const Company& Kickoff::company(Index j) const {
  if (j < 0 || j >= num_companies()) {
    throw OutOfRange("kobling.model.index", "company " + std::to_string(j),
                     "company index is not in [0, " + std::to_string(num_companies()) + ")");
  }
  return companies_[static_cast<std::size_t>(j)];
}

std::optional<Index> Kickoff::find_candidate(std::string_view id) const {
  return lookup(candidate_index_, id);
}
std::optional<Index> Kickoff::find_company(std::string_view id) const {
  return lookup(company_index_, id);
}
std::optional<Index> Kickoff::find_feature(std::string_view name) const {
  return lookup(feature_index_, name);
}

Index Kickoff::candidate_index(std::string_view id) const {
  if (const auto i = find_candidate(id)) {
    return *i;
  }
  throw OutOfRange("kobling.model.unknown_candidate", "candidate " + quoted(id),
                   "no candidate has this id");
}

Index Kickoff::company_index(std::string_view id) const {
  if (const auto j = find_company(id)) {
    return *j;
  }
  throw OutOfRange("kobling.model.unknown_company", "company " + quoted(id),
                   "no company has this id");
}

PreferenceMatrix Kickoff::preferences() const {
  // As wide as the longest list (at least 1), not max_preferences: a file may
  // allow a million wishes without anyone making more than three.
  std::size_t longest = 1;
  for (const Candidate& c : candidates_) {
    longest = std::max(longest, c.wishes.size());
  }
  PreferenceMatrix p =
      PreferenceMatrix::Constant(num_candidates(), static_cast<Index>(longest), kNone);
  for (Index i = 0; i < num_candidates(); ++i) {
    const auto& w = candidates_[static_cast<std::size_t>(i)].wishes;
    for (std::size_t r = 0; r < w.size(); ++r) {
      p(i, static_cast<Index>(r)) = w[r];
    }
  }
  return p;
}

CapacityVector Kickoff::capacities() const {
  CapacityVector c(num_companies());
  for (Index j = 0; j < num_companies(); ++j) {
    c[j] = companies_[static_cast<std::size_t>(j)].capacity;
  }
  return c;
}

}  // namespace kobling
