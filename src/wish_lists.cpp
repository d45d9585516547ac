#include "wish_lists.hpp"

#include <cmath>
#include <limits>

#include "format.hpp"
#include "kobling/errors.hpp"

namespace kobling::detail {

namespace {

void check_sizes(std::int64_t n, std::int64_t k, std::int64_t m) {
  if (n > kMaxIndex) {
    throw ResourceLimit(
        "kobling.array.too_large", "preferences",
        std::to_string(n) + " candidates exceed the limit of " + std::to_string(kMaxIndex));
  }
  if (m > kMaxIndex) {
    throw ResourceLimit(
        "kobling.array.too_large", "capacities",
        std::to_string(m) + " companies exceed the limit of " + std::to_string(kMaxIndex));
  }
  if (k > 0 && n > 0 && n * k > std::int64_t{1} << 40) {
    throw ResourceLimit("kobling.array.too_large", "preferences",
                        "n * k = " + std::to_string(n * k) + " list entries exceed 2^40");
  }
}

}  // namespace

void check_values(const ScoreView& view, const char* name, const char* noun) {
  // Every entry, listed or not: NaN is never a score (BRIEF), and +inf would
  // break every sum it enters.
  const std::string what(noun);
  for (Index i = 0; i < view.rows(); ++i) {
    view.for_each_in_row(i, [&](Index j, double x) {
      if (std::isnan(x)) {
        throw InvalidArgument("kobling.array.nan", at(name, i, j),
                              "NaN is not a " + what + "; use -inf for a pair that is not allowed");
      }
      if (x == std::numeric_limits<double>::infinity()) {
        throw InvalidArgument("kobling.array.infinite", at(name, i, j),
                              "+inf is not a " + what + "; " + what +
                                  "s must be finite, or -inf for a pair that is not allowed");
      }
    });
  }
}

namespace {

struct Header {
  Index n = 0;
  Index m = 0;
  Index k = 0;
  ScratchVector<Index> capacity;
};

// Validates everything and calls entry(i, r, j, acceptable, score) for every
// listed company (j != -1), in candidate order then list order.
template <class Entry>
Header scan_lists(const Eigen::Ref<const PreferenceMatrix>& preferences,
                  const Eigen::Ref<const CapacityVector>& capacities, ScoreSpec scores,
                  const MaskView* allowed, Entry entry) {
  Header h;
  check_sizes(preferences.rows(), preferences.cols(), capacities.size());
  h.n = static_cast<Index>(preferences.rows());
  h.k = static_cast<Index>(preferences.cols());
  h.m = static_cast<Index>(capacities.size());
  h.capacity.resize(static_cast<std::size_t>(h.m));
  for (Index j = 0; j < h.m; ++j) {
    const Index c = capacities[j];
    if (c < 0) {
      throw InvalidArgument("kobling.array.negative_capacity", at("capacities", j),
                            "capacity must be >= 0, got " + std::to_string(c));
    }
    h.capacity[static_cast<std::size_t>(j)] = c;
  }
  if (scores.view != nullptr && scores.view->has_value()) {
    scores.view->validate(scores.name, h.n, h.m);
    check_values(*scores.view, scores.name);
  } else {
    scores.view = nullptr;
  }
  if (allowed != nullptr && allowed->has_value()) {
    allowed->validate("allowed", h.n, h.m);
  } else {
    allowed = nullptr;
  }
  // seen[j] == i + 1 when company j was already listed by candidate i; the
  // position lets the duplicate message point at the first occurrence.
  std::vector<Index> seen(static_cast<std::size_t>(h.m), 0);
  std::vector<Index> seen_at(static_cast<std::size_t>(h.m), 0);
  const bool sparse_scores = scores.view != nullptr && scores.view->is_sparse();
  for (Index i = 0; i < h.n; ++i) {
    bool padded = false;
    // Sparse score rows are searched directly (short rows: a linear scan).
    std::int64_t row_lo = 0;
    std::int64_t row_hi = 0;
    if (sparse_scores) {
      row_lo = scores.view->row_begin(i);
      row_hi = scores.view->row_begin(i + 1);
    }
    for (Index r = 0; r < h.k; ++r) {
      const Index j = preferences(i, r);
      if (j == kNone) {
        padded = true;
        continue;
      }
      if (j < kNone || j >= h.m) {
        throw OutOfRange("kobling.array.company_index", at("preferences", i, r),
                         "company index " + std::to_string(j) + " is not in [0, " +
                             std::to_string(h.m) + ") (" + std::to_string(h.m) +
                             " companies); use -1 for no company");
      }
      if (padded) {
        throw InvalidArgument("kobling.array.padding", at("preferences", i, r),
                              "company " + std::to_string(j) +
                                  " follows -1 padding; -1 may only pad the end of a list");
      }
      const auto ju = static_cast<std::size_t>(j);
      if (seen[ju] == i + 1) {
        throw InvalidArgument("kobling.array.duplicate_preference", at("preferences", i, r),
                              "company " + std::to_string(j) + " is already listed at " +
                                  at("preferences", i, seen_at[ju]));
      }
      seen[ju] = i + 1;
      seen_at[ju] = r;
      bool ok = true;
      double score = 0.0;
      if (allowed != nullptr) {
        const auto a = allowed->find(i, j);
        ok = a.has_value() && *a;
      }
      if (sparse_scores && row_hi - row_lo <= 16) {
        // NaN and +inf were rejected by check_values above.
        const Index* idx = scores.view->indices();
        std::int64_t p = row_lo;
        while (p < row_hi && idx[p] != j) {
          ++p;
        }
        if (p == row_hi || scores.view->values()[p] == kForbidden) {
          ok = false;
        } else {
          score = scores.view->values()[p];
        }
      } else if (scores.view != nullptr) {
        const auto v = scores.view->find(i, j);
        if (!v.has_value() || *v == kForbidden) {
          ok = false;
        } else {
          score = *v;
        }
      }
      entry(i, r, j, ok, score);
    }
  }
  return h;
}

}  // namespace

WishLists make_wish_lists(const Eigen::Ref<const PreferenceMatrix>& preferences,
                          const Eigen::Ref<const CapacityVector>& capacities, ScoreSpec scores,
                          const MaskView* allowed) {
  WishLists w;
  const std::size_t total =
      static_cast<std::size_t>(std::max<Eigen::Index>(preferences.rows(), 0)) *
      static_cast<std::size_t>(std::max<Eigen::Index>(preferences.cols(), 0));
  const auto k = static_cast<std::size_t>(preferences.cols());
  w.listed.assign(total, kNone);
  w.company.assign(total, kNone);
  w.score.assign(total, 0.0);
  Header h = scan_lists(preferences, capacities, scores, allowed,
                        [&](Index i, Index r, Index j, bool ok, double score) {
                          const std::size_t e =
                              static_cast<std::size_t>(i) * k + static_cast<std::size_t>(r);
                          w.listed[e] = j;
                          w.longest = std::max(w.longest, r + 1);
                          if (ok) {
                            w.company[e] = j;
                            w.score[e] = score;
                            ++w.acceptable;
                          }
                        });
  w.n = h.n;
  w.m = h.m;
  w.k = h.k;
  w.capacity = std::move(h.capacity);
  return w;
}

ArcLists make_arc_lists(const Eigen::Ref<const PreferenceMatrix>& preferences,
                        const Eigen::Ref<const CapacityVector>& capacities, ScoreSpec scores,
                        const MaskView* allowed) {
  ArcLists a;
  const auto n = static_cast<std::size_t>(std::max<Eigen::Index>(preferences.rows(), 0));
  a.start.resize(n + 1);
  a.start[0] = 0;
  // Room for every entry up front, untouched until written.
  a.arc.reserve(n * static_cast<std::size_t>(std::max<Eigen::Index>(preferences.cols(), 0)));
  Index last_row = 0;
  Header h = scan_lists(preferences, capacities, scores, allowed,
                        [&](Index i, Index r, Index j, bool ok, double score) {
                          for (; last_row < i; ++last_row) {
                            a.start[static_cast<std::size_t>(last_row) + 1] =
                                static_cast<std::int64_t>(a.arc.size());
                          }
                          a.longest = std::max(a.longest, r + 1);
                          if (ok) {
                            a.arc.push_back(RawArc{score, j, r});
                          }
                        });
  for (; static_cast<std::size_t>(last_row) < n; ++last_row) {
    a.start[static_cast<std::size_t>(last_row) + 1] = static_cast<std::int64_t>(a.arc.size());
  }
  a.n = h.n;
  a.m = h.m;
  a.k = h.k;
  a.capacity = std::move(h.capacity);
  return a;
}

void check_company_vector(const Eigen::Ref<const IndexVector>& company_of, Index n, Index m,
                          const char* name) {
  if (company_of.size() != n) {
    throw InvalidArgument(
        "kobling.array.shape", name,
        "length " + std::to_string(company_of.size()) + " does not match n = " + std::to_string(n));
  }
  for (Index i = 0; i < n; ++i) {
    const Index j = company_of[i];
    if (j < kNone || j >= m) {
      throw OutOfRange("kobling.array.company_index", at(name, i),
                       "company index " + std::to_string(j) + " is not in [0, " +
                           std::to_string(m) + "); use -1 for unplaced");
    }
  }
}

}  // namespace kobling::detail
