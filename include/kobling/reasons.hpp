// kobling/reasons.hpp — why each unplaced candidate was not placed, why seats
// stayed empty, who nearly qualified, and whom to invite to a second round.
//
// A match answers who goes where; a coordinator must also answer the young
// person who got nothing ("why not my first wish?") and the company with an
// empty seat ("why nobody?"). explain_result() derives those answers from the
// kick-off, its scores and a result, without re-solving:
//
//  * Per unplaced candidate and per wish, one outcome: the company has no
//    seats; the candidate is ineligible there (naming the failed
//    requirements) or needs review (a requirement on an unrecorded value); the
//    company refused them after the interview; the company is full with
//    candidates it prefers (named); it is full and the candidate tied with
//    the last admitted and lost the declared tie-break (winners named); or,
//    under max_placement and rank_maximal, which ignore the companies'
//    preferences, the seat went to others under the policy's objective
//    (named, with the objective's levels). No wishes at all is its own reason.
//  * Per company with empty seats: no applicants, all applicants ineligible,
//    all refused, all placed at a wish they ranked higher, or a mix (counted).
//  * Near misses: unplaced candidates who would be eligible at a company
//    with free seats if one requirement were met (the requirement named),
//    whether or not they listed it.
//  * Invitations: unplaced candidates eligible at companies with free seats
//    that they did not list, best fit first: the second round's list.
//
// Texts come in English and Norwegian Bokmål (Lang); reason_catalogue() lists
// every code with both, and a test checks that none is missing.
//
// Complexity: O(n·k + m) for the reasons, plus one requirement check per
// ineligible pair of an unplaced candidate and a company with free seats for
// the near misses (at most kNearMissPairs pairs; beyond that only the
// companies a candidate listed are searched, and the result says so); pairs a
// listed score table lacks are scored on demand, O(F) each.
// Thread safety: pure functions of immutable inputs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kobling/assignment.hpp"
#include "kobling/model.hpp"
#include "kobling/policy.hpp"
#include "kobling/report.hpp"
#include "kobling/scoring.hpp"

namespace kobling {

/// Why one wish of an unplaced candidate was not granted.
enum class WishOutcome : std::uint8_t {
  no_seats,        ///< the company has no seats
  ineligible,      ///< a requirement is not met (requirements names them)
  needs_review,    ///< a requirement concerns an unrecorded value
  refused,         ///< refused by the company after the interview
  full_preferred,  ///< full with candidates the company prefers (others)
  lost_tie,        ///< tied with the last admitted and lost the tie-break (others won)
  objective,       ///< the policy's objective gave the seats to others (others)
  /// max_placement, rank_maximal: an equally good assignment had the
  /// candidate here; the tie-break chose others (Assignment::ties)
  tied_objective,
};
/// Why a company's seats stayed empty.
enum class SeatOutcome : std::uint8_t {
  no_applicants,      ///< nobody listed it
  all_ineligible,     ///< every applicant fails a requirement or needs review
  all_refused,        ///< the company refused every applicant
  all_placed_higher,  ///< every applicant got a wish they ranked higher
  mixed,              ///< a mix of the above (counted)
};
/// Code names as written in JSON ("full_preferred", "no_applicants", ...).
std::string_view to_string(WishOutcome code) noexcept;
std::string_view to_string(SeatOutcome code) noexcept;

struct WishReason {
  Index rank = 0;  ///< 0-based position on the candidate's list
  Index company = kNone;
  WishOutcome code = WishOutcome::no_seats;
  std::vector<Index> others;         ///< who holds the seats (preferred, tie winners)
  std::vector<Reason> requirements;  ///< failed or unrecorded requirements
  TieOrder tie_break{};              ///< the rule that decided a lost tie (the result's)
};

struct UnplacedReasons {
  Index candidate = kNone;
  std::vector<WishReason> wishes;  ///< empty: the candidate listed no company
};

struct EmptySeats {
  Index company = kNone;
  Index free = 0;  ///< seats left empty
  SeatOutcome code = SeatOutcome::no_applicants;
  Index applicants = 0;     ///< who listed it, apart from those placed there
  Index ineligible = 0;     ///< ineligible or needs review
  Index refused = 0;        ///< refused after the interview
  Index placed_higher = 0;  ///< placed at a wish they ranked higher
};

struct NearMiss {
  Index candidate = kNone;
  Index company = kNone;  ///< a company with free seats
  Reason requirement;     ///< the one requirement not met
  bool listed = false;    ///< the candidate listed the company
};

struct Invitation {
  Index candidate = kNone;
  std::vector<Index> companies;  ///< eligible, free seats, not listed; best fit first (at most 5)
};

/// Near misses and invitations are searched over all companies with free
/// seats while (unplaced candidates) x (companies with free seats) stays below
/// this; above it, near misses over the listed companies only and invitations
/// over the companies with the most free seats (kInvitationPairs pairs).
inline constexpr std::int64_t kNearMissPairs = 2'000'000;
inline constexpr std::int64_t kInvitationPairs = 500'000;

struct ResultReasons {
  std::vector<UnplacedReasons> unplaced;  ///< in candidate order
  std::vector<EmptySeats> empty_seats;    ///< in company order
  std::vector<NearMiss> near_misses;      ///< by candidate, then company
  std::vector<Invitation> invitations;    ///< in candidate order
  bool near_misses_listed_only = false;   ///< the search was limited (kNearMissPairs)
  /// Invitations were searched among the invitation_companies companies with
  /// the most free seats only (kNearMissPairs); otherwise among all with free seats.
  bool invitations_limited = false;
  Index invitation_companies = 0;
};

/// The reasons for `result`, produced by `policy` on this kick-off and table.
/// Throws InvalidArgument("kobling.result.mismatch") when the result does not
/// belong to the kick-off.
ResultReasons explain_result(const Kickoff& kickoff, const ScoreTable& table,
                             const Assignment& result, Policy policy);

/// The sentence for one wish's reason, e.g. "k15 is full with candidates it
/// prefers: c034, c040" or, in Norwegian, "k15 er full med kandidater
/// bedriften foretrekker: c034, c040".
std::string wish_reason_text(const Kickoff& kickoff, const WishReason& reason, Policy policy,
                             Lang lang = Lang::en);
/// The same for the candidate's own letter (letter = true): the reasons that
/// name the candidates who took the seats say "other candidates" instead.
std::string wish_reason_text(const Kickoff& kickoff, const WishReason& reason, Policy policy,
                             Lang lang, bool letter);
/// The sentence for a company's empty seats.
std::string empty_seats_text(const Kickoff& kickoff, const EmptySeats& seats, Lang lang = Lang::en);
/// A requirement reason (Reason, scoring.hpp) in the language: the English
/// text as scoring wrote it, or a Norwegian sentence from its code and feature.
std::string requirement_text(const Kickoff& kickoff, const Reason& reason, Lang lang);

/// One reason code with its texts: kind is "wish", "seat" or "requirement".
struct ReasonText {
  std::string_view kind;
  std::string_view code;
  std::string_view en;
  std::string_view nb;
};
/// Every reason code with its English and Norwegian template ({company},
/// {others}, {feature} are filled in).
const std::vector<ReasonText>& reason_catalogue();

/// The reasons as text: a section per kind, lines at most about 100 wide.
/// `summary`: each section's count and its reasons counted by code (wishes
/// of unplaced candidates, companies with empty seats), without the lists.
std::string format_reasons(const Kickoff& kickoff, const ResultReasons& reasons, Policy policy,
                           Lang lang = Lang::en, bool summary = false);

}  // namespace kobling
