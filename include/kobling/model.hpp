// kobling/model.hpp — candidates, companies and the kick-off that owns them.
//
// A Kickoff is the whole market of one event (or one region): the declared
// features, the candidates with their feature values and ranked wishes, and the
// companies with capacities, feature weights, hard requirements and, after
// interviews, rankings and refusals. It owns the id <-> index maps; candidates
// are indexed 0..n-1 and companies 0..m-1 in input order, which is the order of
// the rows and columns of every matrix derived from it.
//
// Feature values are stored column by column (one FeatureColumn per feature),
// so that the linear part of scoring is a single matrix product. Every value is
// tri-state: present, absent (the candidate definitively does not have it, e.g.
// no driving licence, no skills) or unknown (not recorded). Unknown is never
// scored as a match and never satisfies a requirement.
//
// A Kickoff is built by load_kickoff (json_io.hpp) or by KickoffBuilder, which
// validates as it goes. Once built it is immutable; concurrent reads are safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kobling/ties.hpp"
#include "kobling/types.hpp"

namespace kobling {

/// How a feature's raw value becomes a normalised φ in [0, 1] (scoring.hpp
/// gives the exact formulas).
enum class FeatureKind : std::uint8_t {
  numeric,      ///< a number in a declared range [min, max] (age, years of experience)
  ordinal,      ///< one of ordered levels (CEFR A1..C2, education levels)
  boolean,      ///< true / false (a driving licence)
  categorical,  ///< one or more codes (sector, STYRK-08, NUS, municipality, ESCO URI)
  skills,       ///< a set of skill tags, scored by coverage of the company's skills
  location,     ///< a place given as latitude and longitude in degrees
};

/// Text name of a kind, as written in JSON ("numeric", ...).
std::string_view to_string(FeatureKind kind) noexcept;

/// Tri-state of a candidate's value.
enum class ValueState : std::uint8_t { unknown = 0, absent = 1, present = 2 };

struct FeatureSpec {
  std::string name;
  FeatureKind kind = FeatureKind::numeric;
  std::string label;  ///< human-readable name for reports (defaults to name)
  double min = 0.0;   ///< numeric range
  double max = 1.0;
  std::vector<std::string> levels;  ///< ordinal levels, lowest first
  /// A protected attribute (age, gender, origin, ...): recorded for
  /// requirements, cohort bounds and the group report of a weight fit
  /// (guardrails.hpp), never weighted. JSON "protected": true. (`protected`
  /// is a C++ keyword.)
  bool is_protected = false;
};

/// All candidates' values of one feature.
struct FeatureColumn {
  std::vector<ValueState> state;  ///< (n,)
  /// (n,) number, level index, 1/0, or latitude; 0 unless present
  std::vector<double> value;
  std::vector<double> value2;  ///< (n,) longitude (location features only)
  /// (n,) codes or skill tags per candidate (categorical and skills only)
  std::vector<std::vector<std::string>> codes;
};

/// Bounds on code and skill lists (a candidate's codes or skills, a company's
/// target codes, required or desired skills, or a requirement's codes), so
/// that matching one pair takes bounded time: at most kMaxCodes entries per
/// list, each at most kMaxCodeLength bytes. Longer lists are refused when the
/// kick-off is built (kobling.model.too_many_codes, kobling.model.code_too_long).
inline constexpr std::size_t kMaxCodes = 1000;
inline constexpr std::size_t kMaxCodeLength = 256;

/// What a company looks for in one feature, for the pair-dependent kinds:
///   numeric      a range: φ = 1 inside [lo, hi], 0 outside (instead of the
///                normalised value), e.g. a preferred age band
///   categorical  code prefixes: φ = 1 when a candidate code starts with one
///   skills       required (counted twice) and desired skills: φ = share covered
///   location     the workplace and a radius: φ = max(0, 1 - distance / radius)
struct Target {
  std::vector<std::string> codes;
  std::vector<std::string> required;
  std::vector<std::string> desired;
  bool has_range = false;
  double lo = 0.0;
  double hi = 0.0;
  bool has_place = false;
  double lat = 0.0;
  double lon = 0.0;
  double radius_km = 0.0;

  [[nodiscard]] bool empty() const noexcept {
    return codes.empty() && required.empty() && desired.empty() && !has_range && !has_place;
  }
};

/// A hard requirement of a company on one feature. A pair that breaks one is
/// ineligible; a requirement on an unknown value makes the pair need review.
struct Requirement {
  enum class Op : std::uint8_t {
    at_least,   ///< value >= threshold (numeric, ordinal level index)
    at_most,    ///< value <= threshold
    is_true,    ///< boolean must be true (a licence)
    one_of,     ///< a categorical code starts with one of `codes`
    has_all,    ///< the candidate has every skill in `codes` (must-have skills)
    within_km,  ///< location within `threshold` km of (lat, lon)
  };
  Index feature = 0;
  Op op = Op::at_least;
  double threshold = 0.0;
  std::vector<std::string> codes;
  double lat = 0.0;
  double lon = 0.0;
};

/// A time window of the interview day, in minutes since midnight: [start, end).
struct TimeWindow {
  Index start = 0;
  Index end = 0;
};

/// "HH:MM-HH:MM" as a window (end after start), or InvalidArgument
/// kobling.model.bad_window at `where`.
TimeWindow parse_window(std::string_view text, const std::string& where);
/// "HH:MM" as minutes since midnight, or InvalidArgument
/// kobling.model.bad_window at `where`.
Index parse_clock(std::string_view text, const std::string& where);
/// Minutes since midnight as "HH:MM"; a window as "HH:MM-HH:MM".
std::string clock_text(Index minutes);
std::string window_text(const TimeWindow& w);

/// How a company interviews (interviews.hpp): its cap, rooms, site and when.
struct InterviewSetup {
  Index cap = kNone;                  ///< interviews it holds; kNone: the plan's default
  Index rooms = 1;                    ///< interviews at once
  std::string site;                   ///< where (any label; "" = the common site)
  std::vector<TimeWindow> available;  ///< when it interviews; empty = all day
};

struct Candidate {
  std::string id;
  std::string name;                   ///< for display in the files handed out; never scored
  std::vector<Index> wishes;          ///< company indices, best first (at most max_preferences)
  std::vector<TimeWindow> available;  ///< when the candidate can come; empty = all day
  /// Seats the candidate takes (many-to-many: an instructor's three to four
  /// course evenings): at most load_max, at least load_min (bounds.hpp,
  /// Loads); the exact policies honour them, stable refuses them.
  Index load_min = 0;
  Index load_max = 1;
};

struct Company {
  std::string id;
  std::string name;
  std::string sector;
  Index capacity = 0;
  /// (features,) non-negative importance per feature, as given; scoring
  /// divides by their sum (normalized_weights in scoring.hpp), so s(i, j) is in
  /// [0, 1] and only the proportions matter.
  std::vector<double> weights;
  /// (features,) what the company looks for per feature (empty when nothing)
  std::vector<Target> targets;
  std::vector<Requirement> requirements;
  std::vector<Index> ranking;  ///< interview ranking, candidate indices, best first
  /// (ranking.size(),) the place of each ranked candidate, 0 = best,
  /// non-decreasing; candidates sharing a place are tied (an interview tier
  /// such as "wanted" or "maybe"), and the kick-off's tie rule decides
  /// between them. Empty until set_ranking; then one place per candidate
  /// unless places were shared.
  std::vector<Index> ranking_place;
  std::vector<Index> refused;  ///< candidates the company will not take
  InterviewSetup interviews;   ///< its interview day (cap, rooms, site, windows)
};

/// A cohort bound of the kick-off (bounds.hpp, "Bound"), as written and with
/// its sets resolved to indices. The companies are listed by id or named by a
/// sector (empty: all); the candidates are listed by id, or are those whose
/// feature meets a condition (a numeric range, one of some codes, a boolean
/// value; a candidate whose value is unknown is not in the group), or all.
/// each_company applies the bound to every company of the set on its own
/// ("at least 3 or none at each company of the trade").
struct CohortBound {
  std::string name;
  Index lower = 0;
  Index upper = kNone;
  std::vector<Index> companies;          ///< resolved; empty = every company
  std::vector<std::string> company_ids;  ///< as written, when listed by id
  std::string sector;                    ///< as written, when the companies are a sector
  std::vector<Index> candidates;         ///< resolved members (all_candidates: unused)
  bool all_candidates = true;
  std::vector<std::string> candidate_ids;  ///< as written, when listed by id
  std::string feature;                     ///< as written, when a feature condition
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  std::vector<std::string> codes;
  int value = -1;  ///< boolean condition: 0 or 1; -1 = none
  bool all_or_nothing = false;
  bool each_company = false;
  double penalty = -1.0;  ///< < 0: hard
};

class Kickoff {
 public:
  Kickoff() = default;

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] Index max_preferences() const noexcept { return max_preferences_; }
  [[nodiscard]] Index num_candidates() const noexcept {
    return static_cast<Index>(candidates_.size());
  }
  [[nodiscard]] Index num_companies() const noexcept {
    return static_cast<Index>(companies_.size());
  }
  [[nodiscard]] Index num_features() const noexcept { return static_cast<Index>(features_.size()); }
  /// How ties in a company's preference (equal scores, a shared place in its
  /// ranking) are decided, and the lottery's seed: a seeded lottery by default
  /// (ties.hpp), so that no seat goes by the order of rows in a file.
  [[nodiscard]] TieBreak tie_break() const noexcept { return tie_break_; }
  [[nodiscard]] std::uint64_t seed() const noexcept { return seed_; }

  [[nodiscard]] const std::vector<FeatureSpec>& features() const noexcept { return features_; }
  [[nodiscard]] const std::vector<FeatureColumn>& columns() const noexcept { return columns_; }
  [[nodiscard]] const std::vector<Candidate>& candidates() const noexcept { return candidates_; }
  [[nodiscard]] const std::vector<Company>& companies() const noexcept { return companies_; }
  /// The cohort bounds (empty: none).
  [[nodiscard]] const std::vector<CohortBound>& bounds() const noexcept { return bounds_; }
  [[nodiscard]] const Candidate& candidate(Index i) const;
  [[nodiscard]] const Company& company(Index j) const;

  /// Index of a candidate / company / feature id, or nothing.
  [[nodiscard]] std::optional<Index> find_candidate(std::string_view id) const;
  [[nodiscard]] std::optional<Index> find_company(std::string_view id) const;
  [[nodiscard]] std::optional<Index> find_feature(std::string_view name) const;
  /// Same, but throws OutOfRange ("kobling.model.unknown_candidate" /
  /// "kobling.model.unknown_company") naming the id.
  [[nodiscard]] Index candidate_index(std::string_view id) const;
  [[nodiscard]] Index company_index(std::string_view id) const;

  /// (n, k) wish lists padded with -1; k is the longest list (at least 1),
  /// at most max_preferences().
  [[nodiscard]] PreferenceMatrix preferences() const;
  /// (m,) capacities.
  [[nodiscard]] CapacityVector capacities() const;

 private:
  friend class KickoffBuilder;
  std::string name_;
  Index max_preferences_ = 3;
  TieBreak tie_break_ = TieBreak::lottery;
  std::uint64_t seed_ = 0;
  std::vector<FeatureSpec> features_;
  std::vector<FeatureColumn> columns_;
  std::vector<Candidate> candidates_;
  std::vector<Company> companies_;
  std::vector<CohortBound> bounds_;
  std::unordered_map<std::string, Index> candidate_index_;
  std::unordered_map<std::string, Index> company_index_;
  std::unordered_map<std::string, Index> feature_index_;
};

/// Builds a Kickoff step by step, validating each addition. Errors are
/// InvalidArgument / OutOfRange whose place is the `where` string the caller
/// passes (the JSON loader passes JSON paths such as "$.companies[2]").
///
/// Order: name/max_preferences and features first, then companies, then
/// candidates (wishes refer to company ids), then company rankings/refusals
/// (they refer to candidate ids); build() checks the whole.
class KickoffBuilder {
 public:
  KickoffBuilder() = default;
  /// Starts from a built kick-off (to change it: set_weight, then build(),
  /// which checks the whole again).
  explicit KickoffBuilder(const Kickoff& base) : k_(base) {}
  KickoffBuilder& name(std::string name, const std::string& where = "name");
  KickoffBuilder& max_preferences(Index k, const std::string& where = "max_preferences");
  /// The kick-off's tie rule and seed (default: lottery, seed 0).
  KickoffBuilder& tie_break(TieBreak rule, std::uint64_t seed);
  Index add_feature(FeatureSpec spec, const std::string& where);
  /// Adds a company; weights/targets/requirements are given by feature name
  /// through the setters below.
  Index add_company(std::string id, std::string name, std::string sector, std::int64_t capacity,
                    const std::string& where);
  /// A weight > 0 on a protected feature is refused (kobling.model.protected_weight).
  void set_weight(Index company, std::string_view feature, double weight, const std::string& where);
  /// Sets the company's target for a feature; checked against the kind.
  void set_target(Index company, std::string_view feature, Target target, const std::string& where);
  /// Adds a hard requirement; checked against the kind. For within_km the
  /// place is (lat, lon) and threshold the limit in km; for ordinal features
  /// the threshold is a level index.
  void add_requirement(Index company, std::string_view feature, Requirement requirement,
                       const std::string& where);
  Index add_candidate(std::string id, const std::string& where);
  /// Feature values of the last added candidate. `where` names the value.
  void set_number(Index candidate, std::string_view feature, double value,
                  const std::string& where);
  void set_level(Index candidate, std::string_view feature, std::string_view level,
                 const std::string& where);
  void set_bool(Index candidate, std::string_view feature, bool value, const std::string& where);
  /// Codes (categorical) or skill tags (skills); an empty list means absent.
  void set_codes(Index candidate, std::string_view feature, std::vector<std::string> codes,
                 const std::string& where);
  void set_location(Index candidate, std::string_view feature, double lat, double lon,
                    const std::string& where);
  void set_absent(Index candidate, std::string_view feature, const std::string& where);
  /// Wishes by company id, best first; `where` is the list, elements get [r].
  void set_wishes(Index candidate, const std::vector<std::string>& company_ids,
                  const std::string& where);
  /// The interview ranking, best first, one candidate per place; elements
  /// are named where[r].
  void set_ranking(Index company, const std::vector<std::string>& candidate_ids,
                   const std::string& where);
  /// The ranking as places, best first, each holding one or more candidates
  /// (several: a tie, such as an interview tier). A place of one candidate is
  /// named where[p], a shared one's candidates where[p][q]; an empty place is
  /// an error (kobling.model.empty_place).
  void set_ranking_places(Index company, const std::vector<std::vector<std::string>>& places,
                          const std::string& where);
  void set_refused(Index company, const std::vector<std::string>& candidate_ids,
                   const std::string& where);
  /// The company's interview day: cap >= 0 or kNone, rooms >= 1, windows
  /// that end after they start (kobling.model.bad_interviews,
  /// kobling.model.bad_window).
  void set_interviews(Index company, InterviewSetup setup, const std::string& where);
  /// When the candidate can come to interviews.
  void set_available(Index candidate, std::vector<TimeWindow> windows, const std::string& where);
  /// The candidate's display name (no control characters).
  void set_candidate_name(Index candidate, std::string name, const std::string& where);
  /// Candidate's load: 0 <= least <= most (kobling.loads.invalid).
  void set_load(Index candidate, Index least, Index most, const std::string& where);
  /// Adds a cohort bound (after the candidates): checks the limits
  /// (kobling.bounds.negative, kobling.bounds.lower_above_upper), resolves
  /// company ids or the sector (kobling.model.unknown_company,
  /// kobling.bounds.unknown_group), candidate ids or the feature condition
  /// (kobling.model.unknown_feature) into indices.
  void add_bound(CohortBound bound, const std::string& where);
  /// Checks the whole and returns the kickoff; the builder is left empty.
  Kickoff build();

  [[nodiscard]] const Kickoff& peek() const noexcept { return k_; }

 private:
  [[nodiscard]] Index feature_for(std::string_view feature, const std::string& where) const;
  const FeatureSpec& spec_of(Index feature) const {
    return k_.features_[static_cast<std::size_t>(feature)];
  }
  FeatureColumn& column_for(Index candidate, Index feature);
  Kickoff k_;
};

}  // namespace kobling
