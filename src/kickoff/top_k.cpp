#include "kobling/top_k.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <thread>
#include <vector>

#include "common/text.hpp"
#include "kickoff/linear_scores.hpp"
#include "kickoff/scorer.hpp"
#include "kobling/errors.hpp"
#include "kobling/scoring.hpp"

namespace kobling {

namespace {

int thread_count(const TopKOptions& o, Index blocks) {
  int t = o.threads;
  if (t <= 0) {
    t = static_cast<int>(std::min(8U, std::max(1U, std::thread::hardware_concurrency())));
  }
  return std::max(1, std::min<int>(t, static_cast<int>(std::max<Index>(blocks, 1))));
}

// Keeps the k best (score desc, index asc) of one row in out_j / out_s.
void select_row(const double* row, Index m, Index k, const std::uint8_t* skip, Index* out_j,
                double* out_s) {
  if (k == 0) {
    return;
  }
  Index size = 0;
  for (Index j = 0; j < m; ++j) {
    if (skip != nullptr && skip[j] != 0) {
      continue;
    }
    const double s = row[j];
    // j increases, so an equal score never beats an entry already kept.
    if (size == k && !(s > out_s[k - 1])) {
      continue;
    }
    Index pos = size == k ? k - 1 : size++;
    while (pos > 0 && s > out_s[pos - 1]) {
      out_s[pos] = out_s[pos - 1];
      out_j[pos] = out_j[pos - 1];
      --pos;
    }
    out_s[pos] = s;
    out_j[pos] = j;
  }
  for (Index p = size; p < k; ++p) {
    out_j[p] = kNone;
    out_s[p] = kForbidden;
  }
}

// Runs body(first, count, scratch) over blocks of rows on `threads` threads,
// with one Scratch (matrices) per thread reused across its blocks (no page
// faults from a fresh block_rows x m allocation per block); rethrows the first
// exception.
template <class Scratch, class Body>
void for_blocks(Index n, Index block_rows, int threads, Body body) {
  const Index blocks = block_rows > 0 ? (n + block_rows - 1) / block_rows : 0;
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(threads));
  auto worker = [&](int w) {
    try {
      Scratch scratch;
      for (Index b = w; b < blocks; b += threads) {
        const Index first = b * block_rows;
        body(first, std::min(block_rows, n - first), scratch);
      }
    } catch (...) {
      errors[static_cast<std::size_t>(w)] = std::current_exception();
    }
  };
  if (threads == 1) {
    worker(0);
  } else {
    std::vector<std::thread> pool;
    for (int w = 0; w < threads; ++w) {
      pool.emplace_back(worker, w);
    }
    for (auto& t : pool) {
      t.join();
    }
  }
  for (const auto& e : errors) {
    if (e) {
      std::rethrow_exception(e);
    }
  }
}

void check_options(Index k, const TopKOptions& o) {
  if (k < 0) {
    throw InvalidArgument("kobling.topk.bad_k", "k", "must be >= 0, got " + std::to_string(k));
  }
  if (o.block_rows < 1) {
    throw InvalidArgument("kobling.topk.bad_option", "block_rows",
                          "must be >= 1, got " + std::to_string(o.block_rows));
  }
}

void check_finite(const Eigen::Ref<const ScoreMatrix>& x, const char* name) {
  for (Index i = 0; i < x.rows(); ++i) {
    for (Index f = 0; f < x.cols(); ++f) {
      if (!std::isfinite(x(i, f))) {
        throw InvalidArgument("kobling.array.not_finite", detail::at(name, i, f),
                              "value " + detail::num(x(i, f)) + " is not finite");
      }
    }
  }
}

}  // namespace

TopK top_k_linear(const Eigen::Ref<const ScoreMatrix>& features,
                  const Eigen::Ref<const ScoreMatrix>& weights, Index k,
                  const TopKOptions& options) {
  check_options(k, options);
  if (features.cols() != weights.cols()) {
    throw InvalidArgument("kobling.array.shape", "weights",
                          "has " + std::to_string(weights.cols()) + " features per company but " +
                              "features has " + std::to_string(features.cols()));
  }
  check_finite(features, "features");
  check_finite(weights, "weights");
  const auto n = static_cast<Index>(features.rows());
  const auto m = static_cast<Index>(weights.rows());
  const Index kk = std::min(k, m);
  TopK out;
  out.company.resize(n, kk);
  out.score.resize(n, kk);
  const Index blocks = (n + options.block_rows - 1) / options.block_rows;
  const int threads = thread_count(options, blocks);
  const ScoreMatrix wt = weights.transpose();  // (d, m), contiguous rows of the product
  for_blocks<ScoreMatrix>(
      n, options.block_rows, threads, [&](Index first, Index count, ScoreMatrix& block) {
        if (features.cols() == 0) {
          block.setZero(count, m);  // no features: every score is 0 (and no null-pointer blocks)
        } else {
          detail::linear_scores(features.middleRows(first, count), wt, block);
        }
        for (Index r = 0; r < count && kk > 0; ++r) {
          select_row(block.row(r).data(), m, kk, nullptr, out.company.row(first + r).data(),
                     out.score.row(first + r).data());
        }
      });
  return out;
}

TopK top_k_scores(const Kickoff& kickoff, Index k, const TopKOptions& options) {
  check_options(k, options);
  const Index n = kickoff.num_candidates();
  const Index m = kickoff.num_companies();
  const Index kk = std::min(k, m);
  TopK out;
  out.company.resize(n, kk);
  out.score.resize(n, kk);
  // Refusals as a per-row skip list, filled per block.
  std::vector<std::vector<Index>> refused_by(static_cast<std::size_t>(n));
  for (Index j = 0; j < m; ++j) {
    for (const Index i : kickoff.companies()[static_cast<std::size_t>(j)].refused) {
      refused_by[static_cast<std::size_t>(i)].push_back(j);
    }
  }
  const Index blocks = (n + options.block_rows - 1) / options.block_rows;
  const int threads = thread_count(options, blocks);
  const detail::Scorer scorer(kickoff);  // prepared once, shared by the threads
  struct Scratch {
    ScoreMatrix score;
    EligibilityMatrix eligibility;
  };
  for_blocks<Scratch>(n, options.block_rows, threads, [&](Index first, Index count, Scratch& x) {
    const ScoreMatrix& block = x.score;
    const EligibilityMatrix& eligibility = x.eligibility;
    scorer.rows(first, count, x.score, x.eligibility);
    std::vector<std::uint8_t> skip(static_cast<std::size_t>(m));
    for (Index r = 0; r < count && kk > 0; ++r) {
      std::copy(eligibility.row(r).data(), eligibility.row(r).data() + m, skip.data());
      static_assert(static_cast<int>(Eligibility::eligible) == 0);  // skip = not eligible
      for (const Index j : refused_by[static_cast<std::size_t>(first + r)]) {
        skip[static_cast<std::size_t>(j)] = 1;
      }
      select_row(block.row(r).data(), m, kk, skip.data(), out.company.row(first + r).data(),
                 out.score.row(first + r).data());
    }
  });
  return out;
}

}  // namespace kobling
