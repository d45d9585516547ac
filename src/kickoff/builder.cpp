// src/kickoff/builder.cpp — KickoffBuilder: a kick-off assembled step by step,
// each addition validated with the caller's place (a JSON path or a CSV cell).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/text.hpp"
#include "kobling/errors.hpp"
#include "kobling/model.hpp"

namespace kobling {

using detail::join;
using detail::num;
using detail::quoted;

namespace {

// Text that reaches reports and terminals (ids, names, labels, levels, codes)
// holds no control characters: a line break or an escape sequence in an id
// could forge report lines or break "one line per error".
void check_text(std::string_view text, const std::string& where, const char* what) {
  for (std::size_t b = 0; b < text.size(); ++b) {
    const auto c = static_cast<unsigned char>(text[b]);
    unsigned code = 0;
    if (c < 0x20 || c == 0x7F) {
      code = c;
    } else if (c == 0xC2 && b + 1 < text.size() &&
               static_cast<unsigned char>(text[b + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[b + 1]) <= 0x9F) {
      code = static_cast<unsigned char>(text[b + 1]);  // C1 controls, U+0080..U+009F
    } else {
      continue;
    }
    char hex[8];
    std::snprintf(hex, sizeof hex, "U+%04X", code);
    throw InvalidArgument("kobling.model.control_character", where,
                          std::string(what) + " contains the control character " + hex +
                              " at byte " + std::to_string(b) +
                              "; ids, names, levels and codes must be printable text");
  }
}

void check_id(const std::string& id, const std::string& where, const char* what) {
  if (id.empty()) {
    throw InvalidArgument("kobling.model.empty_id", where, std::string(what) + " id is empty");
  }
  check_text(id, where, (std::string(what) + " id").c_str());
}

// Resolves a list of ids with `find` (an id -> index lookup), rejecting
// unknown ids (OutOfRange `unknown_id`) and repeats.
template <class Find>
std::vector<Index> resolve_ids(const std::vector<std::string>& ids, Find find,
                               const std::string& where, const char* what, const char* unknown_id) {
  std::vector<Index> out;
  std::unordered_map<Index, std::size_t> pos;
  for (std::size_t r = 0; r < ids.size(); ++r) {
    const std::string place = where + "[" + std::to_string(r) + "]";
    const std::optional<Index> found = find(ids[r]);
    if (!found) {
      throw OutOfRange(unknown_id, place, std::string("unknown ") + what + " id " + quoted(ids[r]));
    }
    const auto [it, fresh] = pos.emplace(*found, r);
    if (!fresh) {
      throw InvalidArgument("kobling.model.duplicate_entry", place,
                            std::string(what) + " " + quoted(ids[r]) +
                                " is listed twice (also at " + where + "[" +
                                std::to_string(it->second) + "])");
    }
    out.push_back(*found);
  }
  return out;
}

bool valid_place(double lat, double lon) {
  return std::isfinite(lat) && std::isfinite(lon) && lat >= -90.0 && lat <= 90.0 && lon >= -180.0 &&
         lon <= 180.0;
}

std::string place_text(double lat, double lon) { return "(" + num(lat) + ", " + num(lon) + ")"; }

void check_tags(const std::vector<std::string>& tags, const std::string& where, const char* what) {
  if (tags.size() > kMaxCodes) {
    throw InvalidArgument("kobling.model.too_many_codes", where,
                          "the list has " + std::to_string(tags.size()) + " entries; at most " +
                              std::to_string(kMaxCodes) + " are allowed");
  }
  for (std::size_t c = 0; c < tags.size(); ++c) {
    if (tags[c].empty()) {
      throw InvalidArgument("kobling.model.bad_value", where + "[" + std::to_string(c) + "]",
                            std::string(what) + " must not be empty");
    }
    check_text(tags[c], where + "[" + std::to_string(c) + "]", what);
    if (tags[c].size() > kMaxCodeLength) {
      throw InvalidArgument("kobling.model.code_too_long", where + "[" + std::to_string(c) + "]",
                            std::string(what) + " has " + std::to_string(tags[c].size()) +
                                " bytes; at most " + std::to_string(kMaxCodeLength) +
                                " are allowed");
    }
  }
}

}  // namespace

KickoffBuilder& KickoffBuilder::name(std::string name, const std::string& where) {
  check_text(name, where, "the kick-off's name");
  k_.name_ = std::move(name);
  return *this;
}

KickoffBuilder& KickoffBuilder::tie_break(TieBreak rule, std::uint64_t seed) {
  k_.tie_break_ = rule;
  k_.seed_ = seed;
  return *this;
}

KickoffBuilder& KickoffBuilder::max_preferences(Index k, const std::string& where) {
  if (k < 1) {
    throw InvalidArgument("kobling.model.max_preferences", where,
                          "must be a positive integer, got " + std::to_string(k));
  }
  for (Index i = 0; i < k_.num_candidates(); ++i) {
    if (static_cast<Index>(k_.candidates_[static_cast<std::size_t>(i)].wishes.size()) > k) {
      throw InvalidArgument("kobling.model.max_preferences", where,
                            "candidate " + quoted(k_.candidates_[static_cast<std::size_t>(i)].id) +
                                " already has more than " + std::to_string(k) + " wishes");
    }
  }
  k_.max_preferences_ = k;
  return *this;
}

Index KickoffBuilder::add_feature(FeatureSpec spec, const std::string& where) {
  if (spec.name.empty()) {
    throw InvalidArgument("kobling.model.empty_id", where + ".name", "feature name is empty");
  }
  if (spec.name[0] == '_') {
    // Keys starting with '_' are comments in the JSON and CSV formats: such a
    // feature's values and weights would be skipped without a word.
    throw InvalidArgument("kobling.model.bad_name", where + ".name",
                          "feature name " + quoted(spec.name) +
                              " starts with '_', which marks comments in the input formats; "
                              "rename the feature");
  }
  check_text(spec.name, where + ".name", "the feature name");
  check_text(spec.label, where + ".label", "the label");
  if (k_.feature_index_.count(spec.name) != 0) {
    throw InvalidArgument("kobling.model.duplicate_id", where + ".name",
                          "duplicate feature name " + quoted(spec.name));
  }
  if (!k_.candidates_.empty() || !k_.companies_.empty()) {
    throw InvalidArgument("kobling.model.order", where,
                          "features must be declared before candidates and companies");
  }
  switch (spec.kind) {
    case FeatureKind::numeric:
      if (!std::isfinite(spec.min) || !std::isfinite(spec.max) || !(spec.min < spec.max)) {
        throw InvalidArgument("kobling.model.bad_range", where,
                              "numeric feature needs finite min < max, got [" + num(spec.min) +
                                  ", " + num(spec.max) + "]");
      }
      if (!std::isfinite(spec.max - spec.min)) {  // every φ would be NaN
        throw InvalidArgument("kobling.model.bad_range", where,
                              "the span of [" + num(spec.min) + ", " + num(spec.max) +
                                  "] exceeds the largest number; narrow the range");
      }
      break;
    case FeatureKind::ordinal: {
      if (spec.levels.size() < 2) {
        throw InvalidArgument("kobling.model.bad_levels", where + ".levels",
                              "an ordinal feature needs at least 2 levels, got " +
                                  std::to_string(spec.levels.size()));
      }
      check_tags(spec.levels, where + ".levels", "a level");
      std::unordered_map<std::string_view, std::size_t> seen;
      for (std::size_t a = 0; a < spec.levels.size(); ++a) {
        if (!seen.emplace(spec.levels[a], a).second) {
          throw InvalidArgument("kobling.model.bad_levels",
                                where + ".levels[" + std::to_string(a) + "]",
                                "level " + quoted(spec.levels[a]) + " appears twice");
        }
      }
      break;
    }
    case FeatureKind::boolean:
    case FeatureKind::categorical:
    case FeatureKind::skills:
    case FeatureKind::location:
      break;
  }
  if (spec.label.empty()) {
    spec.label = spec.name;
  }
  const auto f = static_cast<Index>(k_.features_.size());
  k_.feature_index_.emplace(spec.name, f);
  k_.features_.push_back(std::move(spec));
  k_.columns_.emplace_back();
  return f;
}

Index KickoffBuilder::add_company(std::string id, std::string name, std::string sector,
                                  std::int64_t capacity, const std::string& where) {
  check_id(id, where + ".id", "company");
  check_text(name, where + ".name", "the company name");
  check_text(sector, where + ".sector", "the sector");
  if (const auto j = k_.find_company(id)) {
    throw InvalidArgument("kobling.model.duplicate_id", where + ".id",
                          "duplicate company id " + quoted(id) + " (already used by companies[" +
                              std::to_string(*j) + "])");
  }
  if (capacity < 0) {
    throw InvalidArgument(
        "kobling.model.bad_capacity", where + ".capacity",
        "capacity must be a non-negative integer, got " + std::to_string(capacity));
  }
  if (capacity > kMaxIndex) {
    throw InvalidArgument(
        "kobling.model.bad_capacity", where + ".capacity",
        "capacity " + std::to_string(capacity) + " exceeds the limit " + std::to_string(kMaxIndex));
  }
  if (!k_.candidates_.empty()) {
    throw InvalidArgument("kobling.model.order", where,
                          "companies must be added before candidates");
  }
  Company c;
  c.id = std::move(id);
  c.name = std::move(name);
  c.sector = std::move(sector);
  c.capacity = static_cast<Index>(capacity);
  c.weights.assign(k_.features_.size(), 0.0);
  c.targets.resize(k_.features_.size());
  const auto j = static_cast<Index>(k_.companies_.size());
  k_.company_index_.emplace(c.id, j);
  k_.companies_.push_back(std::move(c));
  return j;
}

Index KickoffBuilder::feature_for(std::string_view feature, const std::string& where) const {
  if (const auto f = k_.find_feature(feature)) {
    return *f;
  }
  std::vector<std::string> names;
  for (const auto& spec : k_.features_) {
    names.push_back(spec.name);
  }
  throw OutOfRange("kobling.model.unknown_feature", where,
                   "unknown feature " + quoted(feature) + "; declared features: " +
                       (names.empty() ? std::string("none") : join(names)));
}

void KickoffBuilder::set_weight(Index company, std::string_view feature, double weight,
                                const std::string& where) {
  const Index f = feature_for(feature, where);
  if (!std::isfinite(weight) || weight < 0.0) {
    throw InvalidArgument("kobling.model.bad_weight", where,
                          "weight must be a finite number >= 0, got " + num(weight));
  }
  if (weight > 0.0 && spec_of(f).is_protected) {
    throw InvalidArgument("kobling.model.protected_weight", where,
                          "feature " + quoted(feature) +
                              " is protected: it may be required or bounded, never weighted");
  }
  std::vector<double>& weights = k_.companies_[static_cast<std::size_t>(company)].weights;
  weights[static_cast<std::size_t>(f)] = weight;
  // Scores divide by the sum: a sum that overflows would make every score 0.
  double total = 0.0;
  for (const double w : weights) {
    total += w;
  }
  if (!std::isfinite(total)) {
    throw InvalidArgument("kobling.model.bad_weight", where,
                          "the company's weights add up to more than the largest number (" +
                              num(weight) + " here); scale them down");
  }
}

void KickoffBuilder::set_target(Index company, std::string_view feature, Target target,
                                const std::string& where) {
  const Index f = feature_for(feature, where);
  const FeatureSpec& spec = spec_of(f);
  const std::string kind(to_string(spec.kind));
  switch (spec.kind) {
    case FeatureKind::ordinal:
    case FeatureKind::boolean:
      throw InvalidArgument("kobling.model.kind_mismatch", where,
                            "targets do not apply to " + kind + " feature " + quoted(feature) +
                                " (its weight scores it directly)");
    case FeatureKind::numeric:
      if (!target.has_range || !std::isfinite(target.lo) || !std::isfinite(target.hi) ||
          target.lo > target.hi) {
        throw InvalidArgument("kobling.model.bad_target", where,
                              "a numeric target is a range with finite min <= max");
      }
      break;
    case FeatureKind::categorical:
      check_tags(target.codes, where, "a code");
      break;
    case FeatureKind::skills:
      check_tags(target.required, where + ".required", "a skill");
      check_tags(target.desired, where + ".desired", "a skill");
      break;
    case FeatureKind::location:
      if (!target.has_place || !valid_place(target.lat, target.lon)) {
        throw InvalidArgument("kobling.model.bad_target", where + ".at",
                              "a place is [latitude, longitude] in degrees, latitude in [-90, "
                              "90] and longitude in [-180, 180]");
      }
      if (!std::isfinite(target.radius_km) || !(target.radius_km > 0.0)) {
        throw InvalidArgument(
            "kobling.model.bad_target", where + ".radius_km",
            "radius must be a finite number of km > 0, got " + num(target.radius_km));
      }
      break;
  }
  k_.companies_[static_cast<std::size_t>(company)].targets[static_cast<std::size_t>(f)] =
      std::move(target);
}

void KickoffBuilder::add_requirement(Index company, std::string_view feature,
                                     Requirement requirement, const std::string& where) {
  const Index f = feature_for(feature, where);
  const FeatureSpec& spec = spec_of(f);
  using Op = Requirement::Op;
  const bool fits = [&] {
    switch (requirement.op) {
      case Op::at_least:
      case Op::at_most:
        return spec.kind == FeatureKind::numeric || spec.kind == FeatureKind::ordinal;
      case Op::is_true:
        return spec.kind == FeatureKind::boolean;
      case Op::one_of:
        return spec.kind == FeatureKind::categorical;
      case Op::has_all:
        return spec.kind == FeatureKind::skills;
      case Op::within_km:
        return spec.kind == FeatureKind::location;
    }
    return false;
  }();
  if (!fits) {
    throw InvalidArgument("kobling.model.kind_mismatch", where,
                          "this requirement does not apply to " +
                              std::string(to_string(spec.kind)) + " feature " + quoted(feature));
  }
  if (!std::isfinite(requirement.threshold)) {
    throw InvalidArgument("kobling.model.bad_value", where,
                          "threshold must be finite, got " + num(requirement.threshold));
  }
  if (requirement.op == Op::one_of || requirement.op == Op::has_all) {
    check_tags(requirement.codes, where, requirement.op == Op::one_of ? "a code" : "a skill");
  }
  if (requirement.op == Op::within_km) {
    if (!valid_place(requirement.lat, requirement.lon)) {
      throw InvalidArgument("kobling.model.bad_value", where,
                            "the workplace " + place_text(requirement.lat, requirement.lon) +
                                " is not a valid [latitude, longitude]");
    }
    if (!(requirement.threshold >= 0.0)) {
      throw InvalidArgument(
          "kobling.model.bad_value", where,
          "the maximum distance must be >= 0 km, got " + num(requirement.threshold));
    }
  }
  requirement.feature = f;
  k_.companies_[static_cast<std::size_t>(company)].requirements.push_back(std::move(requirement));
}

Index KickoffBuilder::add_candidate(std::string id, const std::string& where) {
  check_id(id, where + ".id", "candidate");
  if (const auto i = k_.find_candidate(id)) {
    throw InvalidArgument("kobling.model.duplicate_id", where + ".id",
                          "duplicate candidate id " + quoted(id) + " (already used by candidates[" +
                              std::to_string(*i) + "])");
  }
  const auto i = static_cast<Index>(k_.candidates_.size());
  k_.candidate_index_.emplace(id, i);
  Candidate c;
  c.id = std::move(id);
  k_.candidates_.push_back(std::move(c));
  for (std::size_t f = 0; f < k_.features_.size(); ++f) {
    FeatureColumn& col = k_.columns_[f];
    col.state.push_back(ValueState::unknown);
    col.value.push_back(0.0);
    const FeatureKind kind = k_.features_[f].kind;
    if (kind == FeatureKind::categorical || kind == FeatureKind::skills) {
      col.codes.emplace_back();
    }
    if (kind == FeatureKind::location) {
      col.value2.push_back(0.0);
    }
  }
  return i;
}

FeatureColumn& KickoffBuilder::column_for(Index candidate, Index feature) {
  (void)candidate;
  return k_.columns_[static_cast<std::size_t>(feature)];
}

void KickoffBuilder::set_number(Index candidate, std::string_view feature, double value,
                                const std::string& where) {
  const Index f = feature_for(feature, where);
  const FeatureSpec& spec = k_.features_[static_cast<std::size_t>(f)];
  if (spec.kind != FeatureKind::numeric) {
    throw InvalidArgument("kobling.model.kind_mismatch", where,
                          "feature " + quoted(feature) + " is " +
                              std::string(to_string(spec.kind)) + ", a number was given");
  }
  if (!std::isfinite(value)) {
    throw InvalidArgument("kobling.model.bad_value", where,
                          "value must be a finite number, got " + num(value));
  }
  if (value < spec.min || value > spec.max) {
    throw InvalidArgument("kobling.model.bad_value", where,
                          "value " + num(value) + " is outside the declared range [" +
                              num(spec.min) + ", " + num(spec.max) + "] of feature " +
                              quoted(feature));
  }
  FeatureColumn& col = column_for(candidate, f);
  col.state[static_cast<std::size_t>(candidate)] = ValueState::present;
  col.value[static_cast<std::size_t>(candidate)] = value;
}

void KickoffBuilder::set_level(Index candidate, std::string_view feature, std::string_view level,
                               const std::string& where) {
  const Index f = feature_for(feature, where);
  const FeatureSpec& spec = k_.features_[static_cast<std::size_t>(f)];
  if (spec.kind != FeatureKind::ordinal) {
    throw InvalidArgument("kobling.model.kind_mismatch", where,
                          "feature " + quoted(feature) + " is " +
                              std::string(to_string(spec.kind)) + ", a level name was given");
  }
  for (std::size_t l = 0; l < spec.levels.size(); ++l) {
    if (spec.levels[l] == level) {
      FeatureColumn& col = column_for(candidate, f);
      col.state[static_cast<std::size_t>(candidate)] = ValueState::present;
      col.value[static_cast<std::size_t>(candidate)] = static_cast<double>(l);
      return;
    }
  }
  throw InvalidArgument("kobling.model.bad_value", where,
                        "unknown level " + quoted(level) + " of feature " + quoted(feature) +
                            "; levels are " + join(spec.levels));
}

void KickoffBuilder::set_bool(Index candidate, std::string_view feature, bool value,
                              const std::string& where) {
  const Index f = feature_for(feature, where);
  const FeatureSpec& spec = k_.features_[static_cast<std::size_t>(f)];
  if (spec.kind != FeatureKind::boolean) {
    throw InvalidArgument("kobling.model.kind_mismatch", where,
                          "feature " + quoted(feature) + " is " +
                              std::string(to_string(spec.kind)) + ", true/false was given");
  }
  FeatureColumn& col = column_for(candidate, f);
  col.state[static_cast<std::size_t>(candidate)] = value ? ValueState::present : ValueState::absent;
  col.value[static_cast<std::size_t>(candidate)] = value ? 1.0 : 0.0;
}

void KickoffBuilder::set_codes(Index candidate, std::string_view feature,
                               std::vector<std::string> codes, const std::string& where) {
  const Index f = feature_for(feature, where);
  const FeatureSpec& spec = spec_of(f);
  if (spec.kind != FeatureKind::categorical && spec.kind != FeatureKind::skills) {
    throw InvalidArgument("kobling.model.kind_mismatch", where,
                          "feature " + quoted(feature) + " is " +
                              std::string(to_string(spec.kind)) + ", codes were given");
  }
  check_tags(codes, where, spec.kind == FeatureKind::skills ? "a skill" : "a code");
  FeatureColumn& col = column_for(candidate, f);
  col.state[static_cast<std::size_t>(candidate)] =
      codes.empty() ? ValueState::absent : ValueState::present;
  col.codes[static_cast<std::size_t>(candidate)] = std::move(codes);
}

void KickoffBuilder::set_location(Index candidate, std::string_view feature, double lat, double lon,
                                  const std::string& where) {
  const Index f = feature_for(feature, where);
  const FeatureSpec& spec = spec_of(f);
  if (spec.kind != FeatureKind::location) {
    throw InvalidArgument("kobling.model.kind_mismatch", where,
                          "feature " + quoted(feature) + " is " +
                              std::string(to_string(spec.kind)) + ", a place was given");
  }
  if (!valid_place(lat, lon)) {
    throw InvalidArgument("kobling.model.bad_value", where,
                          place_text(lat, lon) +
                              " is not a valid [latitude, longitude]: latitude must be in [-90, "
                              "90] and longitude in [-180, 180]");
  }
  FeatureColumn& col = column_for(candidate, f);
  col.state[static_cast<std::size_t>(candidate)] = ValueState::present;
  col.value[static_cast<std::size_t>(candidate)] = lat;
  col.value2[static_cast<std::size_t>(candidate)] = lon;
}

void KickoffBuilder::set_absent(Index candidate, std::string_view feature,
                                const std::string& where) {
  const Index f = feature_for(feature, where);
  FeatureColumn& col = column_for(candidate, f);
  col.state[static_cast<std::size_t>(candidate)] = ValueState::absent;
  col.value[static_cast<std::size_t>(candidate)] = 0.0;
}

void KickoffBuilder::set_wishes(Index candidate, const std::vector<std::string>& company_ids,
                                const std::string& where) {
  if (static_cast<std::int64_t>(company_ids.size()) > k_.max_preferences_) {
    throw InvalidArgument(
        "kobling.model.too_many_preferences", where,
        std::to_string(company_ids.size()) +
            " wishes, more than max_preferences = " + std::to_string(k_.max_preferences_));
  }
  k_.candidates_[static_cast<std::size_t>(candidate)].wishes = resolve_ids(
      company_ids, [this](std::string_view id) { return k_.find_company(id); }, where, "company",
      "kobling.model.unknown_company");
}

void KickoffBuilder::set_ranking(Index company, const std::vector<std::string>& candidate_ids,
                                 const std::string& where) {
  Company& c = k_.companies_[static_cast<std::size_t>(company)];
  c.ranking = resolve_ids(
      candidate_ids, [this](std::string_view id) { return k_.find_candidate(id); }, where,
      "candidate", "kobling.model.unknown_candidate");
  c.ranking_place.resize(c.ranking.size());
  std::iota(c.ranking_place.begin(), c.ranking_place.end(), Index{0});
}

void KickoffBuilder::set_ranking_places(Index company,
                                        const std::vector<std::vector<std::string>>& places,
                                        const std::string& where) {
  Company& c = k_.companies_[static_cast<std::size_t>(company)];
  c.ranking.clear();
  c.ranking_place.clear();
  std::unordered_map<Index, std::string> seen;  // candidate -> where it was listed
  for (std::size_t p = 0; p < places.size(); ++p) {
    const std::string place = where + "[" + std::to_string(p) + "]";
    if (places[p].empty()) {
      throw InvalidArgument("kobling.model.empty_place", place,
                            "a shared place in a ranking needs at least one candidate id");
    }
    for (std::size_t q = 0; q < places[p].size(); ++q) {
      const std::string at = places[p].size() == 1 ? place : place + "[" + std::to_string(q) + "]";
      const std::string& id = places[p][q];
      const std::optional<Index> found = k_.find_candidate(id);
      if (!found) {
        throw OutOfRange("kobling.model.unknown_candidate", at,
                         "unknown candidate id " + quoted(id));
      }
      const auto [it, fresh] = seen.emplace(*found, at);
      if (!fresh) {
        throw InvalidArgument(
            "kobling.model.duplicate_entry", at,
            "candidate " + quoted(id) + " is listed twice (also at " + it->second + ")");
      }
      c.ranking.push_back(*found);
      c.ranking_place.push_back(static_cast<Index>(p));
    }
  }
}

void KickoffBuilder::set_refused(Index company, const std::vector<std::string>& candidate_ids,
                                 const std::string& where) {
  k_.companies_[static_cast<std::size_t>(company)].refused = resolve_ids(
      candidate_ids, [this](std::string_view id) { return k_.find_candidate(id); }, where,
      "candidate", "kobling.model.unknown_candidate");
}

namespace {

void check_windows(const std::vector<TimeWindow>& windows, const std::string& where) {
  for (std::size_t w = 0; w < windows.size(); ++w) {
    const TimeWindow& x = windows[w];
    const std::string place = where + "[" + std::to_string(w) + "]";
    if (x.start < 0 || x.end > 24 * 60) {
      throw InvalidArgument("kobling.model.bad_window", place,
                            "a window must lie within the day (00:00-24:00)");
    }
    if (x.end <= x.start) {
      throw InvalidArgument("kobling.model.bad_window", place,
                            "the window ends at " + clock_text(x.end) + ", not after it starts (" +
                                clock_text(x.start) + ")");
    }
  }
}

}  // namespace

void KickoffBuilder::set_interviews(Index company, InterviewSetup setup, const std::string& where) {
  if (setup.cap < kNone) {
    throw InvalidArgument("kobling.model.bad_interviews", where + ".cap",
                          "an interview cap must be >= 0, got " + std::to_string(setup.cap));
  }
  if (setup.rooms < 1) {
    throw InvalidArgument(
        "kobling.model.bad_interviews", where + ".rooms",
        "a company needs at least one interview room, got " + std::to_string(setup.rooms));
  }
  check_text(setup.site, where + ".site", "the site");
  check_windows(setup.available, where + ".available");
  k_.companies_[static_cast<std::size_t>(company)].interviews = std::move(setup);
}

void KickoffBuilder::set_available(Index candidate, std::vector<TimeWindow> windows,
                                   const std::string& where) {
  check_windows(windows, where);
  k_.candidates_[static_cast<std::size_t>(candidate)].available = std::move(windows);
}

void KickoffBuilder::set_candidate_name(Index candidate, std::string name,
                                        const std::string& where) {
  check_text(name, where, "the candidate name");
  k_.candidates_[static_cast<std::size_t>(candidate)].name = std::move(name);
}

void KickoffBuilder::set_load(Index candidate, Index least, Index most, const std::string& where) {
  if (most < 0 || least < 0 || least > most) {
    throw InvalidArgument("kobling.loads.invalid", where,
                          "a load needs 0 <= min <= max, got min " + std::to_string(least) +
                              ", max " + std::to_string(most));
  }
  Candidate& c = k_.candidates_[static_cast<std::size_t>(candidate)];
  c.load_min = least;
  c.load_max = most;
}

void KickoffBuilder::add_bound(CohortBound bound, const std::string& where) {
  if (bound.lower < 0) {
    throw InvalidArgument("kobling.bounds.negative", where + ".lower",
                          "must be >= 0, got " + std::to_string(bound.lower));
  }
  if (bound.upper != kNone && bound.upper < 0) {
    throw InvalidArgument("kobling.bounds.negative", where + ".upper",
                          "must be >= 0 (or absent), got " + std::to_string(bound.upper));
  }
  if (bound.upper != kNone && bound.upper < bound.lower) {
    throw InvalidArgument(
        "kobling.bounds.lower_above_upper", where,
        "lower " + std::to_string(bound.lower) + " is above upper " + std::to_string(bound.upper));
  }
  if (!(bound.penalty < 0.0) && !std::isfinite(bound.penalty)) {
    throw InvalidArgument("kobling.bounds.bad_penalty", where + ".penalty",
                          "must be a finite number >= 0 (soft) or absent (hard)");
  }
  check_text(bound.name, where + ".name", "the bound's name");
  if (!bound.company_ids.empty()) {
    bound.companies = resolve_ids(
        bound.company_ids, [this](std::string_view id) { return k_.find_company(id); },
        where + ".companies", "company", "kobling.model.unknown_company");
  } else if (!bound.sector.empty()) {
    bound.companies.clear();
    for (Index j = 0; j < k_.num_companies(); ++j) {
      if (k_.companies_[static_cast<std::size_t>(j)].sector == bound.sector) {
        bound.companies.push_back(j);
      }
    }
    if (bound.companies.empty()) {
      throw InvalidArgument("kobling.bounds.unknown_group", where + ".sector",
                            "no company has sector " + quoted(bound.sector));
    }
  }
  if (!bound.candidate_ids.empty()) {
    bound.all_candidates = false;
    bound.candidates = resolve_ids(
        bound.candidate_ids, [this](std::string_view id) { return k_.find_candidate(id); },
        where + ".candidates", "candidate", "kobling.model.unknown_candidate");
  } else if (!bound.feature.empty()) {
    bound.all_candidates = false;
    const Index f = feature_for(bound.feature, where + ".candidates.feature");
    const FeatureSpec& spec = spec_of(f);
    const FeatureColumn& col = k_.columns_[static_cast<std::size_t>(f)];
    bound.candidates.clear();
    for (Index i = 0; i < k_.num_candidates(); ++i) {
      const auto iu = static_cast<std::size_t>(i);
      if (col.state[iu] == ValueState::unknown) {
        continue;  // unknown: not in the group
      }
      bool in = true;
      switch (spec.kind) {
        case FeatureKind::numeric:
        case FeatureKind::ordinal:
          in = col.state[iu] == ValueState::present && col.value[iu] >= bound.min &&
               col.value[iu] <= bound.max;
          break;
        case FeatureKind::boolean:
          in = bound.value < 0 || (col.state[iu] == ValueState::present) == (bound.value == 1);
          break;
        case FeatureKind::categorical:
        case FeatureKind::skills:
          in = bound.codes.empty() ||
               std::any_of(col.codes[iu].begin(), col.codes[iu].end(), [&](const std::string& c) {
                 return std::any_of(bound.codes.begin(), bound.codes.end(),
                                    [&](const std::string& want) { return c.rfind(want, 0) == 0; });
               });
          break;
        case FeatureKind::location:
          throw InvalidArgument(
              "kobling.bounds.unknown_group", where + ".candidates.feature",
              "a group cannot be defined by location feature " + quoted(bound.feature));
      }
      if (in) {
        bound.candidates.push_back(i);
      }
    }
    if (bound.candidates.empty()) {
      throw InvalidArgument("kobling.bounds.unknown_group", where + ".candidates",
                            "no candidate meets the condition on feature " + quoted(bound.feature) +
                                " (an unknown value is not in the group)");
    }
  }
  k_.bounds_.push_back(std::move(bound));
}

Index parse_clock(std::string_view text, const std::string& where) {
  const auto bad = [&]() {
    return InvalidArgument("kobling.model.bad_window", where,
                           "expected a time HH:MM (24-hour clock), got " + quoted(text));
  };
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() != colon + 3) {
    throw bad();
  }
  Index h = 0;
  for (std::size_t q = 0; q < colon; ++q) {
    if (text[q] < '0' || text[q] > '9') {
      throw bad();
    }
    h = h * 10 + (text[q] - '0');
  }
  if (text[colon + 1] < '0' || text[colon + 1] > '5' || text[colon + 2] < '0' ||
      text[colon + 2] > '9') {
    throw bad();
  }
  const Index minutes = (text[colon + 1] - '0') * 10 + (text[colon + 2] - '0');
  if (h > 24 || (h == 24 && minutes > 0)) {
    throw bad();
  }
  return h * 60 + minutes;
}

TimeWindow parse_window(std::string_view text, const std::string& where) {
  std::string trimmed(text);
  trimmed.erase(std::remove(trimmed.begin(), trimmed.end(), ' '), trimmed.end());
  const std::size_t dash = trimmed.find('-');
  if (dash == std::string::npos) {
    throw InvalidArgument("kobling.model.bad_window", where,
                          "expected a window HH:MM-HH:MM, got " + quoted(text));
  }
  const TimeWindow w{parse_clock(std::string_view(trimmed).substr(0, dash), where),
                     parse_clock(std::string_view(trimmed).substr(dash + 1), where)};
  if (w.end <= w.start) {
    throw InvalidArgument("kobling.model.bad_window", where,
                          "the window ends at " + clock_text(w.end) + ", not after it starts (" +
                              clock_text(w.start) + ")");
  }
  return w;
}

std::string clock_text(Index minutes) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(minutes / 60),
                static_cast<int>(minutes % 60));
  return buf;
}

std::string window_text(const TimeWindow& w) {
  return clock_text(w.start) + "-" + clock_text(w.end);
}

Kickoff KickoffBuilder::build() {
  for (const Company& c : k_.companies_) {
    // A weight on a pair-dependent feature without a target could never earn
    // anything: it would silently lower every score of the company.
    for (std::size_t f = 0; f < k_.features_.size(); ++f) {
      const FeatureKind kind = k_.features_[f].kind;
      const bool needs_target = kind == FeatureKind::categorical || kind == FeatureKind::skills ||
                                kind == FeatureKind::location;
      if (needs_target && c.weights[f] > 0.0 && c.targets[f].empty()) {
        throw InvalidArgument("kobling.model.weight_without_target", "company " + quoted(c.id),
                              "has a weight on " + std::string(to_string(kind)) + " feature " +
                                  quoted(k_.features_[f].name) +
                                  " but no target for it; say what it looks for in "
                                  "targets." +
                                  k_.features_[f].name + " or drop the weight");
      }
    }
    if (!c.refused.empty() && !c.ranking.empty()) {
      std::vector<char> ranked(k_.candidates_.size(), 0);
      for (const Index q : c.ranking) {
        ranked[static_cast<std::size_t>(q)] = 1;
      }
      for (const Index r : c.refused) {
        if (ranked[static_cast<std::size_t>(r)] != 0) {
          throw InvalidArgument("kobling.model.ranked_and_refused", "company " + quoted(c.id),
                                "candidate " +
                                    quoted(k_.candidates_[static_cast<std::size_t>(r)].id) +
                                    " is both ranked and refused");
        }
      }
    }
  }
  Kickoff out = std::move(k_);
  k_ = Kickoff{};
  return out;
}

}  // namespace kobling
