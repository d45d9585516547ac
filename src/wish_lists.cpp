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

void check_values(const ScoreView& view, const char* name) {
  // Every entry, listed or not: NaN is never a score (BRIEF), and +inf would
  // break every sum it enters.
  for (Index i = 0; i < view.rows(); ++i) {
    view.for_each_in_row(i, [&](Index j, double x) {
      if (std::isnan(x)) {
        throw InvalidArgument("kobling.array.nan", at(name, i, j),
                              "NaN is not a score; use -inf for a pair that is not allowed");
      }
      if (x == std::numeric_limits<double>::infinity()) {
        throw InvalidArgument("kobling.array.infinite", at(name, i, j),
                              "+inf is not a score; scores must be finite, or -inf for a pair "
                              "that is not allowed");
      }
    });
  }
}

WishLists make_wish_lists(const Eigen::Ref<const PreferenceMatrix>& preferences,
                          const Eigen::Ref<const CapacityVector>& capacities, ScoreSpec scores,
                          const MaskView* allowed) {
  WishLists w;
  check_sizes(preferences.rows(), preferences.cols(), capacities.size());
  w.n = static_cast<Index>(preferences.rows());
  w.k = static_cast<Index>(preferences.cols());
  w.m = static_cast<Index>(capacities.size());

  w.capacity.resize(static_cast<std::size_t>(w.m));
  for (Index j = 0; j < w.m; ++j) {
    const Index c = capacities[j];
    if (c < 0) {
      throw InvalidArgument("kobling.array.negative_capacity", at("capacities", j),
                            "capacity must be >= 0, got " + std::to_string(c));
    }
    w.capacity[static_cast<std::size_t>(j)] = c;
  }
  if (scores.view != nullptr && scores.view->has_value()) {
    scores.view->validate(scores.name, w.n, w.m);
    check_values(*scores.view, scores.name);
  } else {
    scores.view = nullptr;
  }
  if (allowed != nullptr && allowed->has_value()) {
    allowed->validate("allowed", w.n, w.m);
  } else {
    allowed = nullptr;
  }

  const std::size_t total = static_cast<std::size_t>(w.n) * static_cast<std::size_t>(w.k);
  w.listed.assign(total, kNone);
  w.company.assign(total, kNone);
  w.score.assign(total, 0.0);
  // seen[j] == i + 1 when company j was already listed by candidate i; the
  // position lets the duplicate message point at the first occurrence.
  std::vector<Index> seen(static_cast<std::size_t>(w.m), 0);
  std::vector<Index> seen_at(static_cast<std::size_t>(w.m), 0);
  for (Index i = 0; i < w.n; ++i) {
    bool padded = false;
    for (Index r = 0; r < w.k; ++r) {
      const Index j = preferences(i, r);
      if (j == kNone) {
        padded = true;
        continue;
      }
      if (j < kNone || j >= w.m) {
        throw OutOfRange("kobling.array.company_index", at("preferences", i, r),
                         "company index " + std::to_string(j) + " is not in [0, " +
                             std::to_string(w.m) + ") (" + std::to_string(w.m) +
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
      const std::size_t e = w.entry(i, r);
      w.listed[e] = j;
      w.longest = std::max(w.longest, r + 1);

      bool ok = true;
      if (allowed != nullptr) {
        const auto a = allowed->find(i, j);
        ok = a.has_value() && *a;
      }
      if (scores.view != nullptr) {
        const auto s = scores.view->find(i, j);
        if (!s.has_value()) {
          ok = false;
        } else if (std::isnan(*s)) {
          throw InvalidArgument("kobling.array.nan", at(scores.name, i, j),
                                "NaN is not a score; use -inf for a pair that is not allowed");
        } else if (*s == kForbidden) {
          ok = false;
        } else if (std::isinf(*s)) {
          throw InvalidArgument("kobling.array.infinite", at(scores.name, i, j),
                                "+inf is not a score; scores must be finite, or -inf for a "
                                "pair that is not allowed");
        } else {
          w.score[e] = *s;
        }
      }
      if (ok) {
        w.company[e] = j;
        ++w.acceptable;
      }
    }
  }
  return w;
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
