// src/kickoff/scorer.hpp (private) — the fit score prepared once per kick-off
// and evaluated where it is needed: one pair, a candidate's list, or a block
// of rows against every company.
//
// Preparing is what every score shares: the candidates' linear values Φ, the
// companies' normalised weights (transposed for the block product), their
// target and requirement code sets, the candidates' skill tags and cosines,
// which features each company scores per pair, and which companies have
// requirements at all (the others are eligible without a check). A pair then
// costs O(F); a block of rows the product plus the pair terms of the companies
// that weigh a pair feature. Every path sums a score in the same order (the
// linear terms by feature, then the pair terms by feature), so a score is the
// same bit for bit however it was asked for.
//
// Thread safety: const methods on a prepared scorer may run concurrently.
#pragma once

#include <memory>

#include "kobling/scoring.hpp"

namespace kobling::detail {

class Scorer {
 public:
  /// Prepares scoring of candidates [first, first + count) (count < 0: to the
  /// end) against every company. Indices are checked by the caller.
  explicit Scorer(const Kickoff& kickoff, Index first = 0, Index count = -1);
  ~Scorer();
  Scorer(const Scorer&) = delete;
  Scorer& operator=(const Scorer&) = delete;

  /// s(i, j) for a prepared candidate i.
  [[nodiscard]] double score(Index i, Index j) const;
  /// The eligibility of (i, j) for a prepared candidate i.
  [[nodiscard]] Eligibility eligibility(Index i, Index j) const;
  /// Is nothing recorded for candidate i?
  [[nodiscard]] bool empty_profile(Index i) const;
  /// Rows [first, first + count) (prepared) against every company, into
  /// `score` and `eligibility` (resized; their memory is reused).
  void rows(Index first, Index count, ScoreMatrix& score, EligibilityMatrix& eligibility) const;

 private:
  struct Impl;
  std::unique_ptr<const Impl> impl_;
};

}  // namespace kobling::detail
