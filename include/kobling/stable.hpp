// kobling/stable.hpp — the `stable` policy: deferred acceptance with capacities.
//
// Problem. Candidates rank up to k companies; companies rank the candidates
// who listed them by company_scores (higher first; equal scores are a tie,
// decided by the declared rule of ties.hpp: the lower candidate index by
// default, or a seeded lottery); a company takes nobody with score -inf. A
// matching is stable when no acceptable pair (i, j) blocks it: i is unplaced
// or prefers j to its company, and j has a free seat or prefers i to one of
// the candidates it holds. With ties, "prefers" can mean the tie-broken order
// (the result is stable for it) or the scores alone (weak stability: a
// company indifferent between two candidates does not prefer either).
//
// Algorithm. Gale and Shapley's deferred acceptance, in the hospitals/residents
// form. With proposer = candidates, each unplaced candidate proposes to the next
// company on its list; a company holds its best proposals up to capacity (a
// binary heap with its worst held candidate on top) and rejects the rest. With
// proposer = companies, each company offers its free seats to its best
// remaining applicants; a candidate keeps the best offer. Time O(L log c) and
// memory O(L + n + m), where L <= n*k is the number of listed acceptable pairs
// and c the largest capacity; capacities are not expanded into seats.
//
// Guarantees (Gale & Shapley 1962; Roth 1982, 1984; Roth & Sotomayor 1990):
//  * Both results are stable. The candidate-proposing result is the
//    candidate-optimal stable matching: every candidate weakly prefers it to
//    any other stable matching, and it is strategy-proof for candidates
//    (ranking companies truthfully is a dominant strategy). The
//    company-proposing result is company-optimal and candidate-pessimal.
//  * Rural hospitals theorem: every stable matching places the same set of
//    candidates and fills each company with the same number; a company that is
//    not full in one stable matching gets the same candidates in all of them.
//    So both results have the same `placed`; they differ only in who goes where.
//  * Ties. Deferred acceptance on the tie-broken order is stable for that
//    order, hence weakly stable for the scores. Breaking ties can cost
//    candidates welfare: another weakly stable matching may make some better
//    off and none worse. With improve = true, stable improvement cycles
//    (improvement_cycles.hpp; Erdil and Ergin 2008) remove that loss: the
//    result stays weakly stable and no weakly stable matching Pareto-improves
//    it for candidates. The ties that decided seats are listed in the
//    result (Assignment::ties).
//
// Rounds. A kick-off goes on after the first match: people sign or start
// (their placement is pinned), drop out or decline (withdrawn), seats and
// candidates are added. The options fixed, withdrawn, previous and no_worse
// run a later round on the new market:
//  * fixed[i] = j >= 0 keeps candidate i at company j, using one of its
//    seats; the pair must be on i's list and acceptable, and no company may
//    hold more pins than seats. withdrawn[i] leaves i unplaced and takes no
//    seat. Deferred acceptance then runs on the residual market (the other
//    candidates, the seats the pins leave).
//  * The result is stable in the new market except for pairs that involve a
//    pinned candidate: a pinned candidate may prefer another company that
//    would take them, or a company may prefer a newcomer to a pinned holder.
//  * previous[i] is the company i held in the last round (-1: none); the
//    result's changes list who moved, who was newly placed and who lost a
//    seat. When previous was the candidate-proposing result of the last
//    round and the new market only removes candidates (withdrawn) and adds
//    seats, nobody who stays ends worse off: removing competitors and adding
//    seats weakly improves every candidate's candidate-optimal stable match
//    (Gale and Sotomayor 1985; Crawford 1991: more agents on one side help the
//    other side and hurt their own).
//    Late candidates or new wishes can displace people, so:
//  * no_worse = true gives every non-withdrawn candidate placed in previous
//    priority at that company over everyone else (the incumbent's seat is
//    theirs to keep); deferred acceptance then makes them no worse off
//    whatever changed, and the result is stable except for pairs in which a
//    company would prefer someone to an incumbent it must keep. Each such
//    incumbent's previous company must still be on their list and acceptable,
//    and the incumbents must fit in the seats the pins leave.
// Example (a test compiles and runs it): three candidates, two companies with
// one seat each; company 0 prefers candidate 1, company 1 prefers candidate 0.
// Candidate 0 loses company 0 to candidate 1 and takes company 1, which
// prefers it to candidate 2:
//
// Example usage:
//   kobling::PreferenceMatrix preferences(3, 2);  // company indices, best first; -1 pads
//   preferences << 0, 1,
//                  0, -1,
//                  1, 0;
//   kobling::ScoreMatrix company_scores(3, 2);  // higher = preferred by the company
//   company_scores << 2, 3,
//                     3, 0,
//                     1, 1;
//   kobling::CapacityVector capacities(2);
//   capacities << 1, 1;
//   const kobling::Assignment a =
//       kobling::stable_assignment(preferences, company_scores, capacities);
//   assert(a.company(0) == 1 && a.company(1) == 0 && a.company(2) == -1);
//   assert(a.rank(0) == 1 && a.rank(1) == 0 && a.placed == 2);
//   const kobling::PairList blocking =
//       kobling::blocking_pairs(preferences, company_scores, capacities, a.company);
//   assert(blocking.rows() == 0);  // stable: no pair would rather be together
//   const kobling::Assignment b = kobling::stable_assignment(
//       preferences, company_scores, capacities, {kobling::Proposer::companies});
//   assert(b.placed == a.placed);  // the rural hospitals theorem
//
// References: D. Gale, L. S. Shapley, "College admissions and the stability of
// marriage", Amer. Math. Monthly 69 (1962); A. E. Roth, M. Sotomayor, "Two-Sided
// Matching", Cambridge University Press (1990), ch. 5; D. Gale, M. Sotomayor,
// "Some remarks on the stable matching problem", Discrete Appl. Math. 11
// (1985); V. P. Crawford, "Comparative statics in matching markets", J. Econ.
// Theory 54 (1991).
#pragma once

#include <string_view>

#include <Eigen/Core>

#include "kobling/assignment.hpp"
#include "kobling/bounds.hpp"
#include "kobling/pair_view.hpp"
#include "kobling/ties.hpp"
#include "kobling/types.hpp"

namespace kobling {

/// Which side proposes in deferred acceptance.
enum class Proposer {
  candidates,  ///< candidate-optimal stable matching (default)
  companies,   ///< company-optimal stable matching
};

/// "candidates" or "companies".
std::string_view to_string(Proposer proposer) noexcept;
/// Parses a proposer name; throws InvalidArgument("kobling.array.bad_option")
/// naming the choices.
Proposer parse_proposer(std::string_view name);

struct StableOptions {
  Proposer proposer = Proposer::candidates;
  /// How equal company scores are ordered (ties.hpp); index by default.
  TieBreak tie_break = TieBreak::index;
  std::uint64_t seed = 0;  ///< the lottery's seed
  /// Run stable improvement cycles after deferred acceptance: the result is
  /// weakly stable and no weakly stable matching is better for some candidate
  /// and worse for none.
  bool improve = false;
  /// Rounds (see above); empty vectors: not given.
  IndexVector fixed{};     ///< (n,) company index or -1: pinned pairs
  MaskVector withdrawn{};  ///< (n,) true: the candidate takes no seat
  IndexVector previous{};  ///< (n,) last round's company or -1
  bool no_worse = false;   ///< incumbents keep priority at their previous company
  /// The largest weakly stable matching (companies' equal scores are ties;
  /// no pair where the candidate wants the company more and the company has a
  /// free seat or holds someone it values strictly less). NP-hard in general
  /// (Manlove et al. 2002); solved exactly as a mixed-integer program (CBC,
  /// bounds.hpp), meant for kick-off scale (up to about 1,000 candidates),
  /// within time_limit seconds (else Assignment::proven_optimal is false).
  /// Not with rounds or improve.
  bool max_placed = false;
  double time_limit = 60.0;
  /// Maximum quotas and reserves for groups of candidates at one company
  /// (bounds.hpp: upper = a quota, lower = a reserve): candidate-proposing
  /// deferred acceptance with the companies' choice under them
  /// (src/solvers/stable_quotas.hpp gives the rule and what it guarantees).
  /// Other bounds, rounds, improve, max_placed and companies proposing are
  /// refused (kobling.bounds.unsupported).
  std::vector<Bound> bounds{};
};

/// Stable assignment by deferred acceptance.
///
/// preferences: (n, k) company indices, best first, padded at the end with -1.
/// company_scores: (n, m), dense or sparse; only listed pairs affect the
///   result. Higher is preferred by the company; -inf (or, when sparse, not
///   stored) means the company will not take that candidate. NaN and +inf
///   are errors anywhere in the matrix (every entry is checked: O(n·m) when
///   dense; pass a sparse matrix of the listed pairs to avoid that).
/// capacities: (m,) seats per company, >= 0.
/// Returns company, rank, placed, rank_counts, objective = sum of
/// company_scores over assigned pairs, and the tie-breaking rule, seed and the
/// ties that decided seats. No certificate: verify with blocking_pairs()
/// (verify.hpp), under the same tie order (or weakly, with improve).
/// Throws InvalidArgument / OutOfRange naming the offending element.
/// Round inputs: kobling.array.shape for a wrong length, company_index for
/// an index out of range, kobling.array.pinned_withdrawn for a candidate both
/// pinned and withdrawn, kobling.array.pinned_not_acceptable for a pinned
/// pair not on the list or refused, kobling.array.pinned_over_capacity for
/// more pins than seats, kobling.array.bad_option for no_worse without
/// previous, kobling.array.previous_not_acceptable and
/// kobling.array.previous_over_capacity when no_worse cannot be kept.
/// Complexity O(n*k log c), plus O(L + m) per improvement cycle with improve. Thread safety:
/// reentrant, no shared state.
Assignment stable_assignment(const Eigen::Ref<const PreferenceMatrix>& preferences,
                             const ScoreView& company_scores,
                             const Eigen::Ref<const CapacityVector>& capacities,
                             const StableOptions& options = {});

}  // namespace kobling
