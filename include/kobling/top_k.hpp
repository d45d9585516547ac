// kobling/top_k.hpp — the k best companies per candidate at national scale,
// without an n x m matrix.
//
// Problem. For 10^5 candidates and 10^4 companies the dense score matrix has
// 10^9 entries (8 GB). Recommendations and pruned matching graphs need only
// each candidate's k best companies. The scores are computed in blocks of
// `block_rows` candidates: the product (block x d) · (d x m) per block, then a
// k-selection per row, so memory is O(block_rows · m) per thread plus the
// O(n · k) result, whatever n is. The product accumulates feature by feature
// with a vectorised loop over companies (the order score_all uses), so every
// score is rounded the same way for any block size and thread count, and
// equals the dense score_all() entry bit for bit.
//
// Order. Higher score first; among equal scores the lower company index (the
// same tie rule as everywhere in kobling), so the result equals sorting each
// row of the dense matrix. Rows with fewer than k candidates (kick-off level:
// eligible companies) are padded with company -1 and score -inf.
//
// Threads. Blocks are independent and written to disjoint rows, so results
// are identical for every thread count. Complexity O(n · m · d / threads) for
// the products and O(n · m · log k) for the selection.
#pragma once

#include <Eigen/Core>

#include "kobling/model.hpp"
#include "kobling/types.hpp"

namespace kobling {

struct TopKOptions {
  Index block_rows = 1024;  ///< candidates per block (memory: block_rows · m doubles per thread)
  int threads = 0;          ///< 0: one per hardware thread (at most 8)
};

struct TopK {
  Eigen::Matrix<Index, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> company;  ///< (n, k)
  ScoreMatrix score;                                                              ///< (n, k)
};

/// Top-k of s = features · weightsᵀ: features (n, d), weights (m, d), finite.
/// Throws InvalidArgument for shape mismatches, non-finite values, k < 0.
TopK top_k_linear(const Eigen::Ref<const ScoreMatrix>& features,
                  const Eigen::Ref<const ScoreMatrix>& weights, Index k,
                  const TopKOptions& options = {});

/// Top-k eligible, not refused companies per candidate of a kick-off, by
/// s(i, j) as score_all defines it (every feature kind), in blocks.
TopK top_k_scores(const Kickoff& kickoff, Index k, const TopKOptions& options = {});

}  // namespace kobling
