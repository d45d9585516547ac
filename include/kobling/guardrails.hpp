// kobling/guardrails.hpp — what learned weights would do to groups of young
// people, before they are adopted.
//
// Protected features are never weighted (fit.hpp), but a protected attribute
// that drives outcomes can pass its signal to correlated features (where
// someone lives, a driving licence). The group report is the guard: for an
// attribute the user names (a feature, protected or not, or labels from
// outside the data), it re-runs each kick-off's match twice with the same
// policy, seed, interview results and bounds, once with the hand weights as
// they were and once with the learned ones, so the difference is the weights'
// alone (not rounds or dropouts). Per group it gives the number of
// candidates, the placement rate under each (with Wilson 95% intervals), how
// many gain or lose a seat, the outcomes observed among those placed as
// recorded, and the impact ratio: the group's placement rate over the
// reference, the highest rate among groups of at least 20 candidates with a
// known value (among all groups with a known value when none is that large,
// so that a tiny group does not set the bar). A group is flagged when its
// learned ratio is below 0.8 and below its hand ratio, and fewer of it are
// placed with the learned weights: the four-fifths rule as a flag for a
// person to look at, not a legal test. Counts under 20 are said to be too
// small to conclude from.
//
// Groups: a boolean feature gives yes/no, an ordinal one its levels, a
// categorical one the first code, a numeric one the bins given ([16, 20),
// [20, 25), ...); location and skills features cannot form groups. An unknown
// value forms the group "unknown".
#pragma once

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "kobling/fit.hpp"
#include "kobling/model.hpp"
#include "kobling/outcomes.hpp"
#include "kobling/validation.hpp"

namespace kobling {

struct GroupSpec {
  std::string feature;       ///< the attribute, a feature name (or empty with labels)
  std::vector<double> bins;  ///< numeric features: increasing bin edges (>= 2)
  /// Groups from outside the data: (candidate id, group) pairs; used instead
  /// of a feature when not empty.
  std::vector<std::pair<std::string, std::string>> labels;
};

struct GroupRow {
  std::string group;
  Index candidates = 0;
  Index placed_recorded = 0;  ///< placed in the intakes as they ran (0 for a next kick-off)
  Index placed_hand = 0;      ///< placed when re-run with the hand weights
  Index placed_learned = 0;   ///< placed when re-run with the learned weights
  Interval hand_ci;           ///< Wilson 95% of placed_hand / candidates
  Interval learned_ci;
  Index gained = 0;  ///< placed with learned weights, not with hand ones
  Index lost = 0;    ///< placed with hand weights, not with learned ones
  Index good = 0;    ///< observed good outcomes among those placed as recorded
  Index bad = 0;
  double impact_hand = 1.0;     ///< placement rate / the reference rate, hand weights
  double impact_learned = 1.0;  ///< the same with the learned weights
  /// impact_learned < 0.8 and < impact_hand, and placed_learned < placed_hand
  bool flagged = false;
  bool small = false;  ///< fewer than 20 candidates
};

struct GroupReport {
  std::string attribute;
  std::vector<std::string> kickoffs;  ///< the intakes (or kick-off) re-run
  /// Bins and ordinal levels in their order, other groups as they first
  /// appear; "other" (outside the bins), "none" and "unknown" last.
  std::vector<GroupRow> rows;
  std::vector<std::string> notes;  ///< sentences: flags, small groups
};

/// The report over past intakes (recorded placements and outcomes included).
/// Throws InvalidArgument: kobling.guard.bad_attribute (location or skills,
/// or unknown feature as OutOfRange kobling.weights.unknown_feature),
/// kobling.guard.bins_required (a numeric feature without increasing bins),
/// kobling.guard.unknown_candidate (OutOfRange; a label for an id no intake
/// has), and what with_weights throws for an unusable profile.
GroupReport group_report(std::span<const Intake> intakes, const WeightProfile& profile,
                         const GroupSpec& spec, const LabelRule& rule = {});

/// The report for a kick-off still to be matched (no outcomes), matched by
/// `policy`.
GroupReport group_report(const Kickoff& kickoff, const WeightProfile& profile,
                         const GroupSpec& spec, Policy policy = Policy::stable);

/// Checks a group spec against the kick-offs of a report before the work
/// (what group_report throws for the spec itself: bad_attribute,
/// bins_required, unknown_candidate, unknown_feature).
void check_group_spec(std::span<const Kickoff* const> kickoffs, const GroupSpec& spec);

/// The report as text, in English or Norwegian Bokmål.
std::string format_group_report(const GroupReport& report, Lang lang = Lang::en);

}  // namespace kobling
