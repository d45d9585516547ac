// kobling/report.hpp — the human-readable kick-off report the CLI prints.
#pragma once

#include <string>
#include <string_view>

#include "kobling/assignment.hpp"
#include "kobling/model.hpp"
#include "kobling/scoring.hpp"

namespace kobling {

/// A plain-text report of one assignment: placed / total (percent), wishes
/// honoured by rank, unplaced candidates, and each company's roster with its
/// fill rate. Lines are at most about 100 characters wide.
std::string format_report(const Kickoff& kickoff, const ScoreTable& table, const Assignment& result,
                          std::string_view policy);

/// "1st", "2nd", "3rd", "4th", ... for a 0-based rank.
std::string ordinal_wish(Index rank);

}  // namespace kobling
