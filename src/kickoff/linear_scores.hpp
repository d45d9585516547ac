// src/kickoff/linear_scores.hpp (private) — the linear part of the fit score,
// Φ · Wᵀ, in a fixed summation order shared by score_all and top-k.
#pragma once

#include <Eigen/Core>

#include "kobling/types.hpp"

namespace kobling::detail {
/// out = phi · wt, accumulated feature by feature (f = 0, 1, ...) for every
/// entry, so each score has the same rounding however the rows are blocked
/// (unlike a cache-blocked GEMM, whose kernel choice depends on sizes). The
/// inner loop runs over companies and vectorises.
void linear_scores(const Eigen::Ref<const ScoreMatrix>& phi,
                   const Eigen::Ref<const ScoreMatrix>& wt, ScoreMatrix& out);
}  // namespace kobling::detail
