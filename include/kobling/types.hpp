// kobling/types.hpp — index types and the array shapes of the array-level API.
//
// Candidates are rows 0..n-1, companies columns 0..m-1. Indices are 32-bit
// signed integers; -1 (kNone) means "no company" or "no rank". Dense matrices
// that cross into numpy are row-major.
#pragma once

#include <cstdint>
#include <limits>

#include <Eigen/Core>

namespace kobling {

/// Index of a candidate or a company; kNone (-1) means "none".
using Index = std::int32_t;
inline constexpr Index kNone = -1;
/// Largest number of candidates, companies or seats that the solvers accept.
inline constexpr Index kMaxIndex = std::numeric_limits<Index>::max() - 1;

/// (n, k) wish lists: company indices, best first, padded at the end with -1.
using PreferenceMatrix = Eigen::Matrix<Index, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
/// (n, m) dense scores or utilities; -inf marks a pair that is not allowed.
using ScoreMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
/// (n, m) dense mask of allowed pairs.
using MaskMatrix = Eigen::Matrix<bool, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
/// (m,) seats per company.
using CapacityVector = Eigen::Matrix<Index, Eigen::Dynamic, 1>;
/// A vector of indices (assigned company per candidate, rank, ...).
using IndexVector = Eigen::Matrix<Index, Eigen::Dynamic, 1>;
/// (n,) mask per candidate (withdrawn candidates of a round).
using MaskVector = Eigen::Matrix<bool, Eigen::Dynamic, 1>;
/// Counts that may exceed 2^31 (placements per rank at national scale).
using CountVector = Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1>;

inline constexpr double kForbidden = -std::numeric_limits<double>::infinity();

}  // namespace kobling
