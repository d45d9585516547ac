// kobling/policy.hpp — running and comparing assignment policies on a kick-off.
//
// The kick-off object knows candidates' wishes, companies' capacities, scores,
// eligibility, interview rankings and refusals. match() turns these into the
// array-level inputs of one policy and runs it:
//
//   stable         company_scores = company_preference(kickoff, table)
//                  (ranking first, then score; -inf where not acceptable)
//   max_placement  allowed = acceptable_pairs(), scores = s(i, j),
//                  company_priority = company_priority(kickoff) when a
//                  company ranked its applicants
//   rank_maximal   the same (priority after the wish ranks, score last)
//
// So every policy honours refusals (never a refused pair) and the companies'
// interview rankings: stable through the companies' preferences, the others
// as an objective level (max_placement: after placements, before the wish
// bonus and scores; rank_maximal: after the wish ranks, before scores).
//
// compare_policies() runs every policy and tabulates placed, wishes honoured by
// rank, mean score, blocking pairs (with respect to the companies'
// preferences) and which candidates' outcomes differ between policies.
//
// Thread safety: pure functions of immutable inputs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/SparseCore>

#include "kobling/assignment.hpp"
#include "kobling/max_placement.hpp"
#include "kobling/model.hpp"
#include "kobling/scoring.hpp"
#include "kobling/stable.hpp"

namespace kobling {

enum class Policy : std::uint8_t { stable, max_placement, rank_maximal };

/// "stable", "max_placement", "rank_maximal".
std::string_view to_string(Policy p) noexcept;
/// Parses a policy name; throws InvalidArgument("kobling.policy.unknown") naming the choices.
Policy parse_policy(std::string_view name);
/// All policies in presentation order.
std::vector<Policy> all_policies();

struct MatchOptions {
  Policy policy = Policy::stable;
  Proposer proposer = Proposer::candidates;  ///< stable only
  /// How ties are decided and the lottery's seed (every policy: equal scores
  /// under stable, equally good matchings under the others; ties.hpp); unset,
  /// the kick-off's own (Kickoff::tie_break, Kickoff::seed: a lottery by
  /// default).
  std::optional<TieBreak> tie_break = std::nullopt;
  std::optional<std::uint64_t> seed = std::nullopt;
  bool improve = false;  ///< stable only: stable improvement cycles
  /// stable only: the largest weakly stable matching (StableOptions::max_placed)
  bool max_placed = false;
  /// max_placement only (its tie_break and seed give way to the ones above)
  MaxPlacementOptions max_placement{};
  /// A later round (every policy; stable.hpp "Rounds", RoundOptions in
  /// assignment.hpp): the last round's
  /// company per candidate (read_previous_result in json_io.hpp), the
  /// candidates who withdrew, those pinned at their previous company (signed
  /// or started), and no_worse. Empty previous: a first round.
  IndexVector previous{};
  std::vector<Index> withdrawn{};
  std::vector<Index> pinned{};
  bool no_worse = false;
  /// The kick-off's cohort bounds (Kickoff::bounds, bounds.hpp) apply to
  /// max_placement and rank_maximal; stable refuses them
  /// (kobling.bounds.unsupported). time_limit: seconds per MIP level;
  /// price_bounds: each bound's price by re-solving without it.
  double time_limit = 60.0;
  bool price_bounds = false;
};

/// (n, m) sparse company priorities from the interview rankings: a candidate
/// at place p of P places (0 = best; shared places share it) gets P - p, an
/// unranked one 0 (not stored). Empty (no entries) when no company ranked.
using PriorityMatrix = Eigen::SparseMatrix<double, Eigen::RowMajor, Index>;
PriorityMatrix company_priority(const Kickoff& kickoff);

/// Checks that an assignment belongs to this kick-off: company and rank of
/// length n, companies in [-1, m), ranks in [-1, k) and matching the
/// candidate's list. Throws InvalidArgument("kobling.result.mismatch").
void check_result(const Kickoff& kickoff, const Assignment& result);

/// Runs one policy on the kick-off. `table` may be listed (score_listed, the
/// fast way at any size) or dense: a wish policy reads the listed pairs only,
/// so both give the same result, and the policy's inputs take O(n·k) memory.
/// A pinned candidate without a
/// previous company "kobling.round.pinned_unplaced"; the array level's
/// round errors (pinned pair refused, pins over capacity, ...) name the
/// candidate by id.
Assignment match(const Kickoff& kickoff, const ScoreTable& table, const MatchOptions& options = {});

/// The stable options match() uses: the proposer, the tie rule and seed (the
/// options' or else the kick-off's) and improve.
StableOptions stable_options(const Kickoff& kickoff, const MatchOptions& options);
/// The round options match() passes to every policy (empty when not a round).
RoundOptions round_options(const Kickoff& kickoff, const MatchOptions& options);

/// The kick-off's cohort bounds as array-level bounds: a bound with
/// each_company becomes one per company of its set, named
/// "<name> (<company id>)".
std::vector<Bound> array_bounds(const Kickoff& kickoff);

/// A short label such as "stable (candidate-proposing)".
std::string describe(const MatchOptions& options);

/// One row of the policy comparison.
struct PolicySummary {
  Policy policy = Policy::stable;
  std::int64_t placed = 0;
  CountVector rank_counts;  ///< wishes honoured per rank
  double mean_score = 0.0;  ///< mean s(i, j) over placed candidates (0 if none)
  /// Blocking pairs with respect to the companies' preferences, weakly: a
  /// company indifferent between two candidates (a tie) prefers neither.
  std::int64_t blocking = 0;
  Assignment result;
};

struct PolicyComparison {
  std::vector<PolicySummary> rows;
  /// Candidates whose company differs between at least two policies.
  std::vector<Index> differing;
};

/// Runs all policies and compares them, on the listed pairs as match() does
/// (`table` listed or dense).
PolicyComparison compare_policies(const Kickoff& kickoff, const ScoreTable& table);

/// The comparison as a text table, followed by the differing candidates and
/// their companies under each policy.
std::string format_comparison(const Kickoff& kickoff, const PolicyComparison& comparison);

}  // namespace kobling
