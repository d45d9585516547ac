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

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kobling/types.hpp"

namespace kobling {

/// How a feature's raw value becomes a normalised φ in [0, 1].
enum class FeatureKind : std::uint8_t {
  numeric,      ///< a number in a declared range [min, max]; φ = (x - min) / (max - min)
  ordinal,      ///< one of ordered levels (CEFR A1..C2, education); φ = level / (levels - 1)
  boolean,      ///< true / false (a licence); φ = 1 when true
  categorical,  ///< one or more codes (sector, STYRK-08, municipality); φ = 1 when a code
                ///< starts with one of the company's targets (hierarchical codes)
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
};

/// All candidates' values of one feature.
struct FeatureColumn {
  std::vector<ValueState> state;  ///< (n,)
  std::vector<double> value;      ///< (n,) number, level index, or 1/0; 0 unless present
  /// (n,) categorical codes per candidate (empty for other kinds)
  std::vector<std::vector<std::string>> codes;
};

/// A hard requirement of a company on one feature. A pair that breaks one is
/// ineligible; a requirement on an unknown value makes the pair need review.
struct Requirement {
  enum class Op : std::uint8_t {
    at_least,  ///< value >= threshold (numeric, ordinal level index)
    at_most,   ///< value <= threshold
    is_true,   ///< boolean must be true
    one_of,    ///< a categorical code starts with one of `codes`
  };
  Index feature = 0;
  Op op = Op::at_least;
  double threshold = 0.0;
  std::vector<std::string> codes;
};

struct Candidate {
  std::string id;
  std::vector<Index> wishes;  ///< company indices, best first (at most max_preferences)
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
  /// categorical targets per feature index (empty for other kinds)
  std::vector<std::vector<std::string>> targets;
  std::vector<Requirement> requirements;
  std::vector<Index> ranking;  ///< interview ranking, candidate indices, best first
  std::vector<Index> refused;  ///< candidates the company will not take
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

  [[nodiscard]] const std::vector<FeatureSpec>& features() const noexcept { return features_; }
  [[nodiscard]] const std::vector<FeatureColumn>& columns() const noexcept { return columns_; }
  [[nodiscard]] const std::vector<Candidate>& candidates() const noexcept { return candidates_; }
  [[nodiscard]] const std::vector<Company>& companies() const noexcept { return companies_; }
  [[nodiscard]] const Candidate& candidate(Index i) const;
  [[nodiscard]] const Company& company(Index j) const;

  /// Index of a candidate / company / feature id, or nothing.
  [[nodiscard]] std::optional<Index> find_candidate(std::string_view id) const;
  [[nodiscard]] std::optional<Index> find_company(std::string_view id) const;
  [[nodiscard]] std::optional<Index> find_feature(std::string_view name) const;
  /// Same, but throws OutOfRange("kobling.model.unknown_id") naming the id.
  [[nodiscard]] Index candidate_index(std::string_view id) const;
  [[nodiscard]] Index company_index(std::string_view id) const;

  /// (n, k) wish lists padded with -1, k = max_preferences().
  [[nodiscard]] PreferenceMatrix preferences() const;
  /// (m,) capacities.
  [[nodiscard]] CapacityVector capacities() const;

 private:
  friend class KickoffBuilder;
  std::string name_;
  Index max_preferences_ = 3;
  std::vector<FeatureSpec> features_;
  std::vector<FeatureColumn> columns_;
  std::vector<Candidate> candidates_;
  std::vector<Company> companies_;
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
  KickoffBuilder& name(std::string name);
  KickoffBuilder& max_preferences(Index k, const std::string& where = "max_preferences");
  Index add_feature(FeatureSpec spec, const std::string& where);
  /// Adds a company; weights/targets/requirements are given by feature name
  /// through the setters below.
  Index add_company(std::string id, std::string name, std::string sector, std::int64_t capacity,
                    const std::string& where);
  void set_weight(Index company, std::string_view feature, double weight, const std::string& where);
  void set_targets(Index company, std::string_view feature, std::vector<std::string> codes,
                   const std::string& where);
  void add_requirement(Index company, std::string_view feature, Requirement::Op op,
                       double threshold, std::vector<std::string> codes, const std::string& where);
  Index add_candidate(std::string id, const std::string& where);
  /// Feature values of the last added candidate. `where` names the value.
  void set_number(Index candidate, std::string_view feature, double value,
                  const std::string& where);
  void set_level(Index candidate, std::string_view feature, std::string_view level,
                 const std::string& where);
  void set_bool(Index candidate, std::string_view feature, bool value, const std::string& where);
  void set_codes(Index candidate, std::string_view feature, std::vector<std::string> codes,
                 const std::string& where);
  void set_absent(Index candidate, std::string_view feature, const std::string& where);
  /// Wishes by company id, best first; `where` is the list, elements get [r].
  void set_wishes(Index candidate, const std::vector<std::string>& company_ids,
                  const std::string& where);
  void set_ranking(Index company, const std::vector<std::string>& candidate_ids,
                   const std::string& where);
  void set_refused(Index company, const std::vector<std::string>& candidate_ids,
                   const std::string& where);
  /// Checks the whole and returns the kickoff; the builder is left empty.
  Kickoff build();

  [[nodiscard]] const Kickoff& peek() const noexcept { return k_; }

 private:
  Index feature_for(std::string_view feature, const std::string& where) const;
  FeatureColumn& column_for(Index candidate, Index feature);
  Kickoff k_;
};

}  // namespace kobling
