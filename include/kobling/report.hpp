// kobling/report.hpp — the human-readable kick-off report the CLI prints.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "kobling/assignment.hpp"
#include "kobling/model.hpp"
#include "kobling/recommend.hpp"
#include "kobling/scoring.hpp"

namespace kobling {

/// The language of reports and reason texts.
enum class Lang : std::uint8_t {
  en,  ///< English
  nb,  ///< Norwegian Bokmål
};
/// "en" or "nb".
std::string_view to_string(Lang lang) noexcept;
/// Parses "en" or "nb"; throws InvalidArgument("kobling.report.bad_lang").
Lang parse_lang(std::string_view name);

/// A plain-text report of one assignment: placed / total (percent), wishes
/// honoured by rank, unplaced candidates, the ties that decided seats
/// (stable), and each company's roster with its fill rate, in English or
/// Norwegian. Lines are at most about 100 characters wide. The reasons
/// (reasons.hpp) are a separate section, format_reasons(). `summary` keeps
/// the totals and leaves out every list of ids and the company table (runs of
/// thousands). `table` may be listed (score_listed) or dense.
std::string format_report(const Kickoff& kickoff, const ScoreTable& table, const Assignment& result,
                          std::string_view policy, Lang lang = Lang::en, bool summary = false);

/// Why candidate i has the score it has at company j: each feature's value
/// state, weight, φ and contribution (summing to the score), the eligibility
/// and the reasons ("why not").
std::string format_explanation(const Kickoff& kickoff, const Explanation& explanation);

/// The recommendations for one candidate with their main reasons.
std::string format_recommendations(const Kickoff& kickoff, const Recommendations& recs);

/// A company's shortlist: applicants in its preference order, with reasons.
std::string format_shortlist(const Kickoff& kickoff, Index company,
                             const std::vector<ShortlistEntry>& list);

/// What a company's preference value (company_preference in scoring.hpp)
/// means: "interview place 2" (shared places included), "fit score 0.613" or
/// "empty profile".
std::string preference_text(const Kickoff& kickoff, Index company, double value,
                            Lang lang = Lang::en);

/// "1st", "2nd", "3rd", "4th", ... for a 0-based rank; in Norwegian "1.",
/// "2.", ...
std::string ordinal_wish(Index rank, Lang lang = Lang::en);

}  // namespace kobling
