#include "engine/wish_lists.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <utility>

#include "common/text.hpp"
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

// True when no value in [p, p + len) is NaN or +inf (-inf, "not allowed",
// is fine). On the bits, so that it vectorises: a floating-point compare does
// not under the default -ftrapping-math. NaN and +inf are the doubles whose
// exponent field is all ones, other than -inf itself.
bool no_nan_or_inf(const double* p, std::int64_t len) noexcept {
  constexpr std::uint64_t kExponent = 0x7FF0000000000000ULL;
  constexpr std::uint64_t kExponentOne = 0x0010000000000000ULL;
  constexpr std::uint64_t kNegativeInf = 0xFFF0000000000000ULL;
  std::uint64_t bad = 0;
  for (std::int64_t q = 0; q < len; ++q) {
    std::uint64_t u = 0;
    std::memcpy(&u, p + q, sizeof u);
    // 1 iff the exponent is all ones: adding one carries into bit 63
    const std::uint64_t special = ((u & kExponent) + kExponentOne) >> 63U;
    // 1 iff u is not -inf (x | -x has bit 63 set iff x != 0)
    const std::uint64_t x = u ^ kNegativeInf;
    const std::uint64_t not_negative_inf = (x | (0 - x)) >> 63U;
    bad |= special & not_negative_inf;
  }
  return bad == 0;
}

}  // namespace

void check_values(const ScoreView& view, const char* name, const char* noun) {
  // Every entry, listed or not: NaN is never a score (BRIEF), and +inf would
  // break every sum it enters. A screen over the stored values first; only a
  // failed screen pays for locating the entry (row and column) to report.
  bool clean = true;
  if (view.is_sparse()) {
    const std::int64_t first = view.row_begin(0);
    const std::int64_t count = view.stored() - first;
    clean = count <= 0 || no_nan_or_inf(view.values() + first, count);
  } else {
    for (Index i = 0; i < view.rows() && clean; ++i) {
      clean = no_nan_or_inf(view.dense_data() + static_cast<std::ptrdiff_t>(i) * view.row_stride(),
                            view.cols());
    }
  }
  if (clean) {
    return;
  }
  const std::string what(noun);
  for (Index i = 0; i < view.rows(); ++i) {
    view.for_each_in_row(i, [&](Index j, double x) {
      if (std::isnan(x)) {
        throw InvalidArgument("kobling.array.nan", at(name, i, j),
                              "NaN is not a " + what + "; use -inf for a pair that is not allowed");
      }
      if (x == std::numeric_limits<double>::infinity()) {
        throw InvalidArgument("kobling.array.infinite", at(name, i, j),
                              "+inf is not a " + what +
                                  "; use a finite number, or -inf for a pair that is not allowed");
      }
    });
  }
}

void input_changed(const char* name) {
  throw InvalidArgument("kobling.array.changed", name,
                        "changed while it was being solved (a value read after the check is NaN "
                        "or +inf); do not modify an input during a call");
}

namespace {

struct Header {
  Index n = 0;
  Index m = 0;
  Index k = 0;
  ScratchVector<Index> capacity;
};

// Validates everything and calls entry(i, r, j, acceptable, score) for every
// listed company (j != -1), in candidate order then list order,
// entry.pad(i, r) for every -1 and entry.end_row(i) after each candidate's row.
template <class Entry>
std::pair<Header, Entry> scan_lists(const Eigen::Ref<const PreferenceMatrix>& preferences,
                                    const Eigen::Ref<const CapacityVector>& capacities,
                                    ScoreSpec scores, const MaskView* allowed, Entry entry) {
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
  // Duplicates: short lists (the common k <= 8) compare with the row's earlier
  // entries; longer ones use seen[j] == i + 1 (company j already listed by
  // candidate i) and the position of that first listing.
  const Index n = h.n;
  const Index k = h.k;
  const Index m = h.m;
  const bool short_lists = k <= 8;
  std::vector<Index> seen(short_lists ? 0 : static_cast<std::size_t>(m), 0);
  std::vector<Index> seen_at(short_lists ? 0 : static_cast<std::size_t>(m), 0);
  const bool sparse_scores = scores.view != nullptr && scores.view->is_sparse();
  const Index* sparse_index = sparse_scores ? scores.view->indices() : nullptr;
  const double* sparse_value = sparse_scores ? scores.view->values() : nullptr;
  std::array<Index, 8> row{};
  for (Index i = 0; i < n; ++i) {
    bool padded = false;
    // Sparse score rows are searched directly (short rows: a linear scan).
    std::int64_t row_lo = 0;
    std::int64_t row_hi = 0;
    if (sparse_scores) {
      row_lo = scores.view->row_begin(i);
      row_hi = scores.view->row_begin(i + 1);
    }
    for (Index r = 0; r < k; ++r) {
      const Index j = preferences(i, r);
      if (short_lists) {
        row[static_cast<std::size_t>(r)] = j;
      }
      if (j == kNone) {
        padded = true;
        entry.pad(i, r);
        continue;
      }
      if (j < kNone || j >= m) {
        throw OutOfRange("kobling.array.company_index", at("preferences", i, r),
                         "company index " + std::to_string(j) + " is not in [0, " +
                             std::to_string(m) + ") (" + std::to_string(m) +
                             " companies); use -1 for no company");
      }
      if (padded) {
        throw InvalidArgument("kobling.array.padding", at("preferences", i, r),
                              "company " + std::to_string(j) +
                                  " follows -1 padding; -1 may only pad the end of a list");
      }
      Index first = kNone;  // an earlier position of j in this row
      if (short_lists) {
        for (Index q = 0; q < r && first == kNone; ++q) {
          first = row[static_cast<std::size_t>(q)] == j ? q : kNone;
        }
      } else {
        const auto ju = static_cast<std::size_t>(j);
        if (seen[ju] == i + 1) {
          first = seen_at[ju];
        }
        seen[ju] = i + 1;
        seen_at[ju] = r;
      }
      if (first != kNone) {
        throw InvalidArgument("kobling.array.duplicate_preference", at("preferences", i, r),
                              "company " + std::to_string(j) + " is already listed at " +
                                  at("preferences", i, first));
      }
      bool ok = true;
      double score = 0.0;
      if (allowed != nullptr) {
        const auto a = allowed->find(i, j);
        ok = a.has_value() && *a;
      }
      if (sparse_scores && row_hi - row_lo <= 16) {
        // NaN and +inf were rejected by check_values above. The whole short
        // row is compared, without an early exit: the trip count is then the
        // same for every entry of the row, and the match a conditional move
        // rather than a branch that mispredicts on every other entry.
        std::int64_t p = row_hi;
        for (std::int64_t q = row_lo; q < row_hi; ++q) {
          p = sparse_index[q] == j ? q : p;
        }
        if (p == row_hi) {
          ok = ok && allowed != nullptr;  // not stored: 0 when a mask says what is allowed
        } else if (sparse_value[p] == kForbidden) {
          ok = false;
        } else {
          score = sparse_value[p];
        }
      } else if (scores.view != nullptr) {
        const auto v = scores.view->find(i, j);
        if (!v.has_value()) {
          ok = ok && allowed != nullptr;  // (as above)
        } else if (*v == kForbidden) {
          ok = false;
        } else {
          score = *v;
        }
      }
      entry(i, r, j, ok, score);
    }
    entry.end_row(i);
  }
  return {std::move(h), std::move(entry)};
}

// Writes the entries in place (n*k layout); owned by scan_lists like ArcSink.
struct WishSink {
  Index* listed;
  Index* company;
  double* score_of;
  std::size_t k;
  Index longest = 0;
  std::int64_t acceptable = 0;
  [[nodiscard]] std::size_t at(Index i, Index r) const noexcept {
    return static_cast<std::size_t>(i) * k + static_cast<std::size_t>(r);
  }
  void operator()(Index i, Index r, Index j, bool ok, double score) noexcept {
    const std::size_t e = at(i, r);
    listed[e] = j;
    longest = std::max(longest, r + 1);
    // No branch on a refusal, which is as likely as the data says.
    company[e] = ok ? j : kNone;
    score_of[e] = ok ? score : 0.0;
    acceptable += ok ? 1 : 0;
  }
  void pad(Index i, Index r) noexcept {
    const std::size_t e = at(i, r);
    listed[e] = kNone;
    company[e] = kNone;
    score_of[e] = 0.0;
  }
  void end_row(Index /*i*/) noexcept {}
};

}  // namespace

WishLists make_wish_lists(const Eigen::Ref<const PreferenceMatrix>& preferences,
                          const Eigen::Ref<const CapacityVector>& capacities, ScoreSpec scores,
                          const MaskView* allowed) {
  WishLists w;
  const std::size_t total =
      static_cast<std::size_t>(std::max<Eigen::Index>(preferences.rows(), 0)) *
      static_cast<std::size_t>(std::max<Eigen::Index>(preferences.cols(), 0));
  const auto k = static_cast<std::size_t>(preferences.cols());
  // Every entry is written by the scan (scratch.hpp: not initialised here).
  w.listed.resize(total);
  w.company.resize(total);
  w.score.resize(total);
  auto [h, sink] = scan_lists(preferences, capacities, scores, allowed,
                              WishSink{w.listed.data(), w.company.data(), w.score.data(), k});
  // The scores as the scan read them, screened again in a pass of its own
  // (it vectorises): another thread may have written the matrix since
  // check_values, and a NaN or +inf must not reach an engine.
  if (scores.view != nullptr && !no_nan_or_inf(w.score.data(), static_cast<std::int64_t>(total))) {
    input_changed(scores.name);
  }
  w.longest = sink.longest;
  w.acceptable = sink.acceptable;
  w.n = h.n;
  w.m = h.m;
  w.k = h.k;
  w.capacity = std::move(h.capacity);
  return w;
}

namespace {

// Writes the arcs in candidate order. scan_lists owns the sink (by value) and
// hands it back, so nothing else can point at the cursors and they stay in
// registers across the stores to the arrays.
struct ArcSink {
  RawArc* arc;
  std::int64_t* start;
  std::int64_t count = 0;
  Index longest = 0;
  void operator()(Index /*i*/, Index r, Index j, bool ok, double score) noexcept {
    longest = std::max(longest, r + 1);
    // Written either way (there is room for every entry), kept if acceptable:
    // no branch on a refusal, which is as likely as the data says.
    arc[count] = RawArc{score, j, r};
    count += ok ? 1 : 0;
  }
  void pad(Index /*i*/, Index /*r*/) noexcept {}
  void end_row(Index i) noexcept { start[static_cast<std::size_t>(i) + 1] = count; }
};

}  // namespace

ArcLists make_arc_lists(const Eigen::Ref<const PreferenceMatrix>& preferences,
                        const Eigen::Ref<const CapacityVector>& capacities, ScoreSpec scores,
                        const MaskView* allowed) {
  ArcLists a;
  const auto n = static_cast<std::size_t>(std::max<Eigen::Index>(preferences.rows(), 0));
  const auto k = static_cast<std::size_t>(std::max<Eigen::Index>(preferences.cols(), 0));
  // Room for every entry, not initialised (scratch.hpp), trimmed at the end.
  a.arc.resize(n > 0 && k > 0 ? n * k : 0);
  a.start.resize(n + 1);
  a.start[0] = 0;
  auto [h, sink] =
      scan_lists(preferences, capacities, scores, allowed, ArcSink{a.arc.data(), a.start.data()});
  a.arc.resize(static_cast<std::size_t>(sink.count));
  if (scores.view != nullptr) {  // (as in make_wish_lists)
    bool changed = false;
    for (const RawArc& arc : a.arc) {
      changed |= !storable(arc.score);
    }
    if (changed) {
      input_changed(scores.name);
    }
  }
  a.longest = sink.longest;
  a.n = h.n;
  a.m = h.m;
  a.k = h.k;
  a.capacity = std::move(h.capacity);
  return a;
}

void scatter_priorities(const ScoreView& priority, Index i, const char* name,
                        ScratchVector<std::int64_t>& row_value) {
  priority.for_each_in_row(i, [&](Index j, double v) {
    if (!(v >= 0.0 && v < 2147483648.0 && v == std::floor(v))) {  // NaN fails too
      throw InvalidArgument(
          "kobling.array.bad_priority",
          std::string(name) + "[" + std::to_string(i) + ", " + std::to_string(j) + "]",
          "must be an integer in [0, 2^31) (higher: the company prefers the "
          "pair), got " +
              num(v));
    }
    row_value[static_cast<std::size_t>(j)] = static_cast<std::int64_t>(v);
  });
}

void clear_priorities(const ScoreView& priority, Index i, ScratchVector<std::int64_t>& row_value) {
  priority.for_each_in_row(i, [&](Index j, double) { row_value[static_cast<std::size_t>(j)] = 0; });
}

ScratchVector<std::int64_t> arc_priorities(const ArcLists& a, const ScoreView& priority,
                                           const char* name) {
  priority.validate(name, a.n, a.m);
  ScratchVector<std::int64_t> out(a.arc.size(), 0);
  ScratchVector<std::int64_t> row_value(static_cast<std::size_t>(a.m), 0);
  for (Index i = 0; i < a.n; ++i) {
    scatter_priorities(priority, i, name, row_value);
    const auto iu = static_cast<std::size_t>(i);
    for (std::int64_t e = a.start[iu]; e < a.start[iu + 1]; ++e) {
      out[static_cast<std::size_t>(e)] =
          row_value[static_cast<std::size_t>(a.arc[static_cast<std::size_t>(e)].head)];
    }
    clear_priorities(priority, i, row_value);
  }
  return out;
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
