// src/engine/wish_lists.hpp (private) — validated, flattened wish lists: the common
// first step of every wish-list solver and verifier.
//
// The array-level inputs (preferences, capacities, optional per-pair scores and
// mask) are checked once, here, and turned into flat arrays of n*k entries.
// Entry e = i*k + r is candidate i's r-th wish. A wish that the company does
// not accept (score -inf, mask false, or absent from a sparse matrix) keeps its
// position (ranks are positions on the list as the candidate wrote it) but its
// company is stored as kNone; `listed` keeps the company as written.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include <Eigen/Core>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/scratch.hpp"
#include "kobling/pair_view.hpp"
#include "kobling/types.hpp"

namespace kobling::detail {

/// The spread of a problem's real weights: the largest |w| and the smallest
/// nonzero |w| of the finite ones. wide() says that one double cannot resolve
/// a difference of the smallest weight against the largest with room for the
/// rounding a solve accumulates (a few bits per augmenting path): above a
/// ratio of 2^26, which keeps 27 bits of the smallest, the engines add up in
/// Wide (ssp.hpp) instead.
struct Spread {
  double smallest = std::numeric_limits<double>::infinity();
  double largest = 0.0;
  void add(double w) noexcept {
    const double a = w < 0.0 ? -w : w;
    const double big = a < std::numeric_limits<double>::infinity() ? a : 0.0;
    const double small = a > 0.0 ? a : std::numeric_limits<double>::infinity();
    largest = big > largest ? big : largest;
    smallest = small < smallest ? small : smallest;
  }
  /// add() of every p[q], q < len, that is positive (with `magnitudes`, of
  /// every |p[q]|); NaN and infinities are skipped either way. Two lanes at a
  /// time where SSE2 is there: compilers do not vectorise a floating-point
  /// min/max reduction on their own (it would reorder NaN comparisons), and
  /// this pass runs over every pair of a dense matrix.
  void add_all(const double* p, std::int64_t len, bool magnitudes) noexcept {
    std::int64_t q = 0;
#if defined(__SSE2__)
    const __m128d inf = _mm_set1_pd(std::numeric_limits<double>::infinity());
    const __m128d zero = _mm_setzero_pd();
    const __m128d sign = _mm_set1_pd(-0.0);
    __m128d big = zero;
    __m128d small = inf;
    for (; q + 2 <= len; q += 2) {
      __m128d x = _mm_loadu_pd(p + q);
      if (magnitudes) {
        x = _mm_andnot_pd(sign, x);
      }
      const __m128d ok = _mm_and_pd(_mm_cmpgt_pd(x, zero), _mm_cmplt_pd(x, inf));  // NaN: false
      const __m128d kept = _mm_and_pd(ok, x);                                      // else 0
      big = _mm_max_pd(big, kept);
      small = _mm_min_pd(small, _mm_or_pd(kept, _mm_andnot_pd(ok, inf)));  // else +inf
    }
    alignas(16) double lane[4];
    _mm_store_pd(lane, big);
    _mm_store_pd(lane + 2, small);
    largest = std::max({largest, lane[0], lane[1]});
    smallest = std::min({smallest, lane[2], lane[3]});
#endif
    for (; q < len; ++q) {
      add(magnitudes || p[q] > 0.0 ? p[q] : 0.0);
    }
  }
  [[nodiscard]] bool wide() const noexcept {
    return smallest < std::numeric_limits<double>::infinity() && largest > smallest * 0x1p26;
  }
};

struct WishLists {
  Index n = 0;
  Index m = 0;
  Index k = 0;
  ScratchVector<Index> listed;    ///< n*k company as written, kNone = padding
  ScratchVector<Index> company;   ///< n*k company if the pair is acceptable, else kNone
  ScratchVector<double> score;    ///< n*k score at the entry (0 when no scores given)
  ScratchVector<Index> capacity;  ///< m seats
  std::int64_t acceptable = 0;    ///< number of acceptable entries
  Index longest = 0;              ///< longest list (columns beyond are all padding)

  [[nodiscard]] std::size_t entry(Index i, Index r) const noexcept {
    return static_cast<std::size_t>(i) * static_cast<std::size_t>(k) + static_cast<std::size_t>(r);
  }
  /// Rank of company j on candidate i's list as written, or kNone.
  [[nodiscard]] Index rank_of(Index i, Index j) const noexcept {
    for (Index r = 0; r < k; ++r) {
      if (listed[entry(i, r)] == j) {
        return r;
      }
    }
    return kNone;
  }
};

/// One acceptable listed pair, as the exact solvers read it.
struct RawArc {
  double score;  ///< the pair's score (0 when no scores given), or its utility
  Index head;    ///< company
  Index rank;    ///< position on the candidate's list as written (0 for a matrix)
};

/// An arc's weight: weight_of(rank, score), or weight_of(rank, score, index)
/// when the weight also depends on the arc itself (a per-arc level such as a
/// company's priority, looked up by the arc's index in ArcLists::arc).
template <class WeightOf>
[[nodiscard]] auto weigh(const WeightOf& weight_of, const RawArc& arc, std::int64_t index) {
  if constexpr (std::is_invocable_v<const WeightOf&, Index, double, std::int64_t>) {
    return weight_of(arc.rank, arc.score, index);
  } else {
    (void)index;
    return weight_of(arc.rank, arc.score);
  }
}

/// The acceptable pairs as arcs in candidate order (CSR, one record per arc):
/// the input of the exact solvers, without the per-entry arrays of WishLists.
struct ArcLists {
  Index n = 0;
  Index m = 0;
  Index k = 0;
  Index longest = 0;                  ///< longest list as written
  ScratchVector<Index> capacity;      ///< (m,)
  ScratchVector<std::int64_t> start;  ///< (n+1,) arcs of candidate i: [start[i], start[i+1])
  ScratchVector<RawArc> arc;          ///< (arcs,)
};

/// How the per-pair values of a solver's score argument are read.
struct ScoreSpec {
  const ScoreView* view = nullptr;  ///< nullptr: no scores (all 0)
  const char* name = "scores";      ///< argument name used in messages
};

/// Validates and flattens. Throws InvalidArgument / OutOfRange naming the
/// argument and element: company indices outside [0, m) or below -1, a company
/// after -1 padding, a company listed twice, negative capacity, a score or
/// mask matrix of the wrong shape or with broken sparse structure, and NaN or
/// +inf anywhere in the scores.
WishLists make_wish_lists(const Eigen::Ref<const PreferenceMatrix>& preferences,
                          const Eigen::Ref<const CapacityVector>& capacities, ScoreSpec scores,
                          const MaskView* allowed = nullptr);

/// Same validation as make_wish_lists, producing arcs.
ArcLists make_arc_lists(const Eigen::Ref<const PreferenceMatrix>& preferences,
                        const Eigen::Ref<const CapacityVector>& capacities, ScoreSpec scores,
                        const MaskView* allowed = nullptr);

/// Per arc of `a`, the value `priority` (an (n, m) matrix of non-negative
/// integers below 2^31, such as a company's ranking of its applicants) gives
/// its pair, 0 where a sparse matrix stores none. Throws InvalidArgument
/// naming `name`[i, j] for a value that is not such an integer, and for a
/// matrix of the wrong shape. O(arcs + stored entries).
ScratchVector<std::int64_t> arc_priorities(const ArcLists& a, const ScoreView& priority,
                                           const char* name);
/// Row i of `priority` into row_value[j] (checked as above; the view must be
/// validated), and back to 0: a per-row lookup for callers without arcs.
void scatter_priorities(const ScoreView& priority, Index i, const char* name,
                        ScratchVector<std::int64_t>& row_value);
void clear_priorities(const ScoreView& priority, Index i, ScratchVector<std::int64_t>& row_value);

/// Throws InvalidArgument at the first NaN or +inf entry (all entries, listed
/// or not; stored entries when sparse). O(n·m) dense, O(nnz) sparse.
void check_values(const ScoreView& view, const char* name, const char* noun = "score");

/// Calls f(j, value) for every allowed pair of row i, in increasing j: with no
/// mask, the entries of `values` that are stored and not -inf; with a mask,
/// the pairs the mask allows, valued by `values` where it stores them and 0
/// where a sparse `values` does not (as scipy reads a sparse matrix), except
/// -inf. The one rule of "allowed" for every solver that takes a utility or
/// score matrix and a mask.
template <class F>
void for_each_allowed(const ScoreView& values, const MaskView* allowed, Index i, F&& f) {
  if (allowed == nullptr || !allowed->has_value()) {
    values.for_each_in_row(i, [&](Index j, double x) {
      if (x != kForbidden) {
        f(j, x);
      }
    });
    return;
  }
  allowed->for_each_in_row(i, [&](Index j, bool ok) {
    if (!ok) {
      return;
    }
    const double x = values.has_value() ? values.find(i, j).value_or(0.0) : 0.0;
    if (x != kForbidden) {
      f(j, x);
    }
  });
}

/// Throws InvalidArgument("kobling.array.changed") for argument `name`: a value
/// read after the input was checked is NaN or +inf, so another thread wrote
/// the input during the call.
[[noreturn]] void input_changed(const char* name);

/// True when x can be stored as a score or utility: finite or -inf (not
/// allowed). A NaN or +inf met after check_values means the input changed.
[[nodiscard]] inline bool storable(double x) noexcept {
  return x < std::numeric_limits<double>::infinity();  // false for NaN and +inf
}

/// Validates an assignment vector against the lists: shape (n,), entries in
/// [-1, m). Throws OutOfRange / InvalidArgument naming `name`[i].
void check_company_vector(const Eigen::Ref<const IndexVector>& company_of, Index n, Index m,
                          const char* name);

}  // namespace kobling::detail
