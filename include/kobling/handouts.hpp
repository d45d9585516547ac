// kobling/handouts.hpp — the files a programme hands out after a match: a
// placements table, one roster per company and one letter per candidate.
//
// The report (report.hpp) is for the coordinator; these are for the people in
// it. placements_csv() is one row per candidate (id, name, company, company
// name, wish, score) for a spreadsheet; a company's roster names its seats,
// who fills them (with the wish each came by) and why seats stayed empty; a
// candidate's letter gives the placement, or, when there is none, the reason
// for each wish and the companies with free seats that would take them (the
// second round's invitations). Letters and rosters are plain text in English
// or Norwegian Bokmål. Wishes are counted from 1, as everywhere people read
// them.
//
// handout_files() gathers them with the result JSON as (relative path, text)
// pairs: result.json, placements.csv, companies/<id>.txt and
// candidates/<id>.txt, where an id is made safe for a file name (characters
// other than letters, digits, '.', '-' and '_' become '_'; a name two ids
// would share, ignoring case, gets "-2", "-3", ...). The CLI's --folder and Python's
// KickoffResult.save_folder() write them with the rules of output_file.hpp.
//
// Complexity O(n·k + m) plus the reasons. Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kobling/assignment.hpp"
#include "kobling/model.hpp"
#include "kobling/policy.hpp"
#include "kobling/reasons.hpp"
#include "kobling/report.hpp"
#include "kobling/scoring.hpp"

namespace kobling {

/// One row per candidate: candidate,name,company,company_name,wish,score
/// (unplaced: company, wish and score empty; wish 1 = first). RFC 4180 quoting.
std::string placements_csv(const Kickoff& kickoff, const ScoreTable& table,
                           const Assignment& result);

/// A company's roster as plain text.
std::string company_roster(const Kickoff& kickoff, const Assignment& result,
                           const ResultReasons& reasons, Index company, Lang lang = Lang::en);

/// A candidate's letter as plain text: the placement, or the reasons.
std::string candidate_letter(const Kickoff& kickoff, const Assignment& result,
                             const ResultReasons& reasons, Policy policy, Index candidate,
                             Lang lang = Lang::en);

/// Every file of the folder: (relative path, text), result.json first.
std::vector<std::pair<std::string, std::string>> handout_files(
    const Kickoff& kickoff, const ScoreTable& table, const Assignment& result,
    const ResultReasons& reasons, Policy policy, std::string_view label, Lang lang = Lang::en);

}  // namespace kobling
