// kobling/recommend.hpp — advice before and after candidates choose.
//
// recommend(candidate, k): before the kick-off's wishes are made, the k
// eligible companies with seats with the highest fit for one candidate, each with the
// features that contribute most to the score ("main reasons"). A candidate
// with an empty profile gets no recommendation: a score of 0 everywhere is not
// a fit, and the caller is told so (Recommendations::empty_profile).
//
// shortlist(company): the company's view for interviews: the candidates who
// listed it, in the company's preference order (interview ranking first, then
// score; ties by candidate index), each with wish rank, eligibility, reasons
// and main contributions. Ineligible and refused candidates are listed last,
// flagged, so an adviser can see who was screened out and why.
//
// Thread safety: pure functions of an immutable kick-off.
#pragma once

#include <vector>

#include "kobling/model.hpp"
#include "kobling/scoring.hpp"

namespace kobling {

struct Recommendation {
  Index company = kNone;
  double score = 0.0;
  /// Up to three features with the largest contributions, largest first.
  std::vector<Contribution> main_contributions;
};

struct Recommendations {
  Index candidate = kNone;
  bool empty_profile = false;  ///< nothing recorded: no recommendation is made
  std::vector<Recommendation> items;
};

/// The k best eligible, not refused companies with seats for one candidate (ties by
/// company index). Throws OutOfRange for a bad index, InvalidArgument for k < 0.
Recommendations recommend(const Kickoff& kickoff, const ScoreTable& table, Index candidate,
                          Index k);

/// Same, scoring only the candidate's row: O(m) memory, never the n x m table.
Recommendations recommend(const Kickoff& kickoff, Index candidate, Index k);

struct ShortlistEntry {
  Index candidate = kNone;
  Index wish_rank = kNone;  ///< 0-based rank of the company on the candidate's list
  double score = 0.0;
  Eligibility eligibility = Eligibility::eligible;
  bool refused = false;
  Index company_rank = kNone;  ///< place in the company's interview ranking (shared when tied)
  bool empty_profile = false;  ///< nothing recorded: listed last among the acceptable
  std::vector<Reason> reasons;
  std::vector<Contribution> main_contributions;
};

/// The candidates who listed `company`, acceptable ones first in the company's
/// preference order, then the ones that are not acceptable (by score).
std::vector<ShortlistEntry> shortlist(const Kickoff& kickoff, const ScoreTable& table,
                                      Index company);

}  // namespace kobling
