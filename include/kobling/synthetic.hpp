// kobling/synthetic.hpp — seeded synthetic markets for tests, benchmarks and
// planning simulations ("what if 400 candidates come to the next kick-off?").
//
// Model (kick-off-like, as in the benchmark issue): n candidates, m companies
// (default max(10, n/10)) with 1-5 seats (mean 3.5, so about 35% of n seats in
// total), up to k wishes per candidate drawn without repetition with Zipf-like
// company popularity P(j) ∝ 1/(j+1)^zipf (one popular company may get
// thousands of applicants for 5 seats), and scores from weighted features:
// s(i, j) = Σ_f w_jf x_if with x uniform in [0, 1] and w_j normalised, so s is
// in [0, 1]. Optionally a share of listed pairs is refused (score -inf).
//
// The generator uses its own SplitMix64 stream and integer-to-double mapping,
// so an instance is identical on every platform and compiler for a given seed.
// Thread safety: reentrant.
#pragma once

#include <cstdint>

#include <Eigen/SparseCore>

#include "kobling/types.hpp"

namespace kobling {

struct SyntheticOptions {
  Index candidates = 550;
  Index companies = 0;       ///< 0: max(10, candidates / 10)
  Index wishes = 3;          ///< list length k (shorter when fewer companies)
  Index features = 8;        ///< feature dimension d of the score model
  double zipf = 1.0;         ///< popularity exponent (0 = uniform)
  double refusal = 0.0;      ///< probability that a listed pair is refused (-inf)
  double empty_list = 0.0;   ///< probability that a candidate lists nobody
  bool dense_scores = true;  ///< also build the dense (n, m) score matrix
  std::uint64_t seed = 1;
};

struct SyntheticMarket {
  PreferenceMatrix preferences;  ///< (n, k), -1 padded
  CapacityVector capacities;     ///< (m,)
  ScoreMatrix scores;            ///< (n, m) if dense_scores, else empty
  /// (n, m) sparse: the scores of listed pairs only (-inf where refused).
  Eigen::SparseMatrix<double, Eigen::RowMajor, Index> listed_scores;
  ScoreMatrix features;  ///< (n, d) candidate features in [0, 1]
  ScoreMatrix weights;   ///< (m, d) company weights, rows sum to 1
};

/// Builds a market. Throws InvalidArgument for negative sizes or bad ratios.
SyntheticMarket make_synthetic_market(const SyntheticOptions& options);

}  // namespace kobling
