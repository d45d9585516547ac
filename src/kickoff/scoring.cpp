#include "kobling/scoring.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include "common/text.hpp"
#include "kickoff/code_match.hpp"
#include "kickoff/linear_scores.hpp"
#include "kickoff/scorer.hpp"
#include "kobling/errors.hpp"

namespace kobling {

std::string_view to_string(Eligibility e) noexcept {
  switch (e) {
    case Eligibility::eligible:
      return "eligible";
    case Eligibility::needs_review:
      return "needs_review";
    case Eligibility::ineligible:
      return "ineligible";
  }
  return "?";
}

std::string_view to_string(Reason::Code c) noexcept {
  switch (c) {
    case Reason::Code::below_minimum:
      return "below_minimum";
    case Reason::Code::above_maximum:
      return "above_maximum";
    case Reason::Code::not_true:
      return "not_true";
    case Reason::Code::no_matching_code:
      return "no_matching_code";
    case Reason::Code::missing_skill:
      return "missing_skill";
    case Reason::Code::too_far:
      return "too_far";
    case Reason::Code::unknown_value:
      return "unknown_value";
    case Reason::Code::refused:
      return "refused";
  }
  return "?";
}

namespace {

constexpr double kEarthKm = 6371.0088;
constexpr double kRad = 3.14159265358979323846 / 180.0;

// The haversine distance with the cosines of the two latitudes given: the
// scorer computes each place's cosine once instead of once per pair. The
// expression is distance_km's, term for term, so results are identical.
double haversine_km(double lat1, double lon1, double cos1, double lat2, double lon2,
                    double cos2) noexcept {
  const double dlat = (lat2 - lat1) * kRad;
  const double dlon = (lon2 - lon1) * kRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   cos1 * cos2 * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2.0 * kEarthKm * std::asin(std::min(1.0, std::sqrt(a)));
}

double cos_lat(double lat) noexcept { return std::cos(lat * kRad); }

}  // namespace

double distance_km(double lat1, double lon1, double lat2, double lon2) noexcept {
  return haversine_km(lat1, lon1, cos_lat(lat1), lat2, lon2, cos_lat(lat2));
}

std::vector<double> normalized_weights(const Company& c) {
  double total = 0.0;
  for (const double w : c.weights) {
    total += w;
  }
  std::vector<double> out(c.weights.size(), 0.0);
  if (total > 0.0) {
    for (std::size_t f = 0; f < out.size(); ++f) {
      out[f] = c.weights[f] / total;
    }
  }
  return out;
}

namespace {

using detail::join;

// Does φ of this feature depend on the company (so it cannot be part of Φ)?
bool pair_dependent(const FeatureSpec& spec, const Target& target) {
  switch (spec.kind) {
    case FeatureKind::numeric:
      return target.has_range;
    case FeatureKind::ordinal:
    case FeatureKind::boolean:
      return false;
    case FeatureKind::categorical:
    case FeatureKind::skills:
    case FeatureKind::location:
      return true;
  }
  return true;
}

// φ of a candidate-only value (numeric without a range target, ordinal, boolean).
double linear_phi(const FeatureSpec& spec, ValueState state, double value) {
  if (state != ValueState::present) {
    return 0.0;
  }
  switch (spec.kind) {
    case FeatureKind::numeric:
      return std::clamp((value - spec.min) / (spec.max - spec.min), 0.0, 1.0);
    case FeatureKind::ordinal:
      return value / static_cast<double>(spec.levels.size() - 1);
    case FeatureKind::boolean:
      return value;
    case FeatureKind::categorical:
    case FeatureKind::skills:
    case FeatureKind::location:
      return 0.0;
  }
  return 0.0;
}

using detail::PrefixSet;
using detail::SortedTags;

// The company's lists and places, ready for matching: per feature its
// categorical target codes and the cosine of its target place's latitude, per
// requirement its "one of" codes and the cosine of its workplace's latitude.
struct CompanyCodes {
  std::vector<PrefixSet> target;
  std::vector<double> target_cos;
  std::vector<PrefixSet> requirement;
  std::vector<double> requirement_cos;
};

CompanyCodes prepare(const Company& c) {
  CompanyCodes out;
  out.target.reserve(c.targets.size());
  out.target_cos.reserve(c.targets.size());
  for (const Target& t : c.targets) {
    out.target.emplace_back(t.codes);
    out.target_cos.push_back(t.has_place ? cos_lat(t.lat) : 0.0);
  }
  out.requirement.reserve(c.requirements.size());
  out.requirement_cos.reserve(c.requirements.size());
  for (const Requirement& r : c.requirements) {
    // (No conditional expression here: it would copy r.codes into a temporary
    // that the set's views would outlive.)
    if (r.op == Requirement::Op::one_of) {
      out.requirement.emplace_back(r.codes);
    } else {
      out.requirement.emplace_back();
    }
    out.requirement_cos.push_back(r.op == Requirement::Op::within_km ? cos_lat(r.lat) : 0.0);
  }
  return out;
}

// What the scorer needs per candidate of [first, first + count): the skill
// tags ready for lookups (skills features) and the cosine of the latitude
// (location features).
class CandidateTags {
 public:
  CandidateTags(const Kickoff& k, Index first, Index count) : first_(first) {
    tags_.resize(k.features().size());
    cos_.resize(k.features().size());
    for (std::size_t f = 0; f < k.features().size(); ++f) {
      const FeatureColumn& col = k.columns()[f];
      if (k.features()[f].kind == FeatureKind::skills) {
        tags_[f].reserve(static_cast<std::size_t>(count));
        for (Index r = 0; r < count; ++r) {
          tags_[f].emplace_back(col.codes[static_cast<std::size_t>(first + r)]);
        }
      } else if (k.features()[f].kind == FeatureKind::location) {
        cos_[f].resize(static_cast<std::size_t>(count));
        for (Index r = 0; r < count; ++r) {
          cos_[f][static_cast<std::size_t>(r)] =
              cos_lat(col.value[static_cast<std::size_t>(first + r)]);
        }
      }
    }
  }
  [[nodiscard]] const SortedTags& of(Index feature, Index candidate) const {
    return tags_[static_cast<std::size_t>(feature)][static_cast<std::size_t>(candidate - first_)];
  }
  [[nodiscard]] double cos_of(Index feature, Index candidate) const {
    return cos_[static_cast<std::size_t>(feature)][static_cast<std::size_t>(candidate - first_)];
  }

 private:
  Index first_;
  std::vector<std::vector<SortedTags>> tags_;
  std::vector<std::vector<double>> cos_;
};

// One pair's φ; `codes` and `tags` hold what prepare() and CandidateTags made
// for this company and this candidate.
double pair_phi(const FeatureSpec& spec, const FeatureColumn& col, Index f, Index i,
                const Target& t, const CompanyCodes& codes, const CandidateTags& tags) {
  const auto iu = static_cast<std::size_t>(i);
  const auto fu = static_cast<std::size_t>(f);
  if (col.state[iu] != ValueState::present) {
    return 0.0;
  }
  switch (spec.kind) {
    case FeatureKind::numeric:
      if (t.has_range) {
        return col.value[iu] >= t.lo && col.value[iu] <= t.hi ? 1.0 : 0.0;
      }
      return linear_phi(spec, col.state[iu], col.value[iu]);
    case FeatureKind::ordinal:
    case FeatureKind::boolean:
      return linear_phi(spec, col.state[iu], col.value[iu]);
    case FeatureKind::categorical:
      return codes.target[fu].matches_any(col.codes[iu]) ? 1.0 : 0.0;
    case FeatureKind::skills: {
      const double total =
          2.0 * static_cast<double>(t.required.size()) + static_cast<double>(t.desired.size());
      if (total == 0.0) {
        return 0.0;
      }
      const SortedTags& have = tags.of(f, i);
      double covered = 0.0;
      for (const auto& s : t.required) {
        covered += have.has(s) ? 2.0 : 0.0;
      }
      for (const auto& s : t.desired) {
        covered += have.has(s) ? 1.0 : 0.0;
      }
      return covered / total;
    }
    case FeatureKind::location:
      if (!t.has_place) {
        return 0.0;
      }
      return std::max(0.0, 1.0 - haversine_km(col.value[iu], col.value2[iu], tags.cos_of(f, i),
                                              t.lat, t.lon, codes.target_cos[fu]) /
                                     t.radius_km);
  }
  return 0.0;
}

std::string level_text(const FeatureSpec& spec, double v) {
  if (spec.kind == FeatureKind::ordinal) {
    return spec.levels[static_cast<std::size_t>(v)];
  }
  return detail::num(v);
}

std::string km_text(double km) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f km", km);
  return buf;
}

// Evaluates the company's requirements on candidate i; appends reasons when
// `reasons` is given. Returns the eligibility.
Eligibility evaluate(const Kickoff& k, Index i, const Company& c, const CompanyCodes& codes,
                     const CandidateTags& tags, std::vector<Reason>* reasons) {
  using Op = Requirement::Op;
  Eligibility result = Eligibility::eligible;
  const auto iu = static_cast<std::size_t>(i);
  for (std::size_t q = 0; q < c.requirements.size(); ++q) {
    const Requirement& req = c.requirements[q];
    const FeatureSpec& spec = k.features()[static_cast<std::size_t>(req.feature)];
    const FeatureColumn& col = k.columns()[static_cast<std::size_t>(req.feature)];
    const ValueState state = col.state[iu];
    if (state == ValueState::unknown) {
      if (result == Eligibility::eligible) {
        result = Eligibility::needs_review;
      }
      if (reasons != nullptr) {
        reasons->push_back({Reason::Code::unknown_value, req.feature,
                            spec.label + " is not recorded; the requirement cannot be checked"});
      }
      continue;
    }
    const bool present = state == ValueState::present;
    const double v = col.value[iu];
    bool broken = false;
    Reason reason{Reason::Code::below_minimum, req.feature, {}};
    switch (req.op) {
      case Op::at_least:
        broken = !present || v < req.threshold;
        if (broken && reasons != nullptr) {
          reason.text = present ? spec.label + " " + level_text(spec, v) +
                                      " is below the required " + level_text(spec, req.threshold)
                                : spec.label + " is absent; at least " +
                                      level_text(spec, req.threshold) + " is required";
        }
        break;
      case Op::at_most:
        broken = present && v > req.threshold;
        reason.code = Reason::Code::above_maximum;
        if (broken && reasons != nullptr) {
          reason.text = spec.label + " " + level_text(spec, v) + " is above the maximum " +
                        level_text(spec, req.threshold);
        }
        break;
      case Op::is_true:
        broken = !present || v != 1.0;
        reason.code = Reason::Code::not_true;
        reason.text = spec.label + " is required";
        break;
      case Op::one_of:
        broken = !present || !codes.requirement[q].matches_any(col.codes[iu]);
        reason.code = Reason::Code::no_matching_code;
        if (broken && reasons != nullptr) {
          reason.text = spec.label + " (" + (present ? join(col.codes[iu]) : "none") +
                        ") matches none of " + join(req.codes);
        }
        break;
      case Op::has_all: {
        std::vector<std::string> missing;
        for (const auto& skill : req.codes) {
          if (!present || !tags.of(req.feature, i).has(skill)) {
            missing.push_back(skill);
          }
        }
        broken = !missing.empty();
        reason.code = Reason::Code::missing_skill;
        reason.text =
            (missing.size() == 1 ? "missing must-have skill " : "missing must-have skills ") +
            join(missing);
        break;
      }
      case Op::within_km: {
        const double d = present ? haversine_km(v, col.value2[iu], tags.cos_of(req.feature, i),
                                                req.lat, req.lon, codes.requirement_cos[q])
                                 : 0.0;
        broken = present && d > req.threshold;
        reason.code = Reason::Code::too_far;
        if (broken && reasons != nullptr) {
          reason.text = spec.label + " is " + km_text(d) + " from the workplace, more than the " +
                        "maximum " + km_text(req.threshold);
        }
        break;
      }
    }
    if (broken) {
      result = Eligibility::ineligible;
      if (reasons != nullptr) {
        reasons->push_back(std::move(reason));
      }
    }
  }
  return result;
}

}  // namespace

namespace detail {

void linear_scores(const Eigen::Ref<const ScoreMatrix>& phi,
                   const Eigen::Ref<const ScoreMatrix>& wt, ScoreMatrix& out) {
  const Eigen::Index rows = phi.rows();
  const Eigen::Index m = wt.cols();
  out.resize(rows, m);  // keeps the allocation when the size is unchanged
  out.setZero();
  if (rows == 0 || m == 0) {
    return;  // (no row pointers into an empty matrix)
  }
  std::vector<Eigen::Index> nonzero;
  for (Eigen::Index r = 0; r < rows; ++r) {
    double* dst = out.row(r).data();
    nonzero.clear();
    for (Eigen::Index f = 0; f < phi.cols(); ++f) {
      if (phi(r, f) != 0.0) {
        nonzero.push_back(f);  // zero terms add nothing
      }
    }
    // Four features per pass over the row: each entry still receives its
    // terms one by one in feature order, so rounding does not depend on the
    // grouping, but the row is loaded and stored four times less often.
    std::size_t q = 0;
    for (; q + 4 <= nonzero.size(); q += 4) {
      const double a0 = phi(r, nonzero[q]);
      const double a1 = phi(r, nonzero[q + 1]);
      const double a2 = phi(r, nonzero[q + 2]);
      const double a3 = phi(r, nonzero[q + 3]);
      const double* s0 = wt.row(nonzero[q]).data();
      const double* s1 = wt.row(nonzero[q + 1]).data();
      const double* s2 = wt.row(nonzero[q + 2]).data();
      const double* s3 = wt.row(nonzero[q + 3]).data();
      for (Eigen::Index j = 0; j < m; ++j) {
        double t = dst[j];
        t += a0 * s0[j];
        t += a1 * s1[j];
        t += a2 * s2[j];
        t += a3 * s3[j];
        dst[j] = t;
      }
    }
    for (; q < nonzero.size(); ++q) {
      const double a = phi(r, nonzero[q]);
      const double* src = wt.row(nonzero[q]).data();
      for (Eigen::Index j = 0; j < m; ++j) {
        dst[j] += a * src[j];
      }
    }
  }
}

}  // namespace detail

double feature_phi(const Kickoff& k, Index f, Index i, Index j) {
  const auto fu = static_cast<std::size_t>(f);
  const Company& c = k.companies()[static_cast<std::size_t>(j)];
  const CompanyCodes codes = prepare(c);
  const CandidateTags tags(k, i, 1);
  return pair_phi(k.features()[fu], k.columns()[fu], f, i, c.targets[fu], codes, tags);
}

ScoreMatrix feature_matrix(const Kickoff& k) {
  const Index n = k.num_candidates();
  const Index nf = k.num_features();
  ScoreMatrix phi(n, nf);
  for (Index f = 0; f < nf; ++f) {
    const FeatureSpec& spec = k.features()[static_cast<std::size_t>(f)];
    const FeatureColumn& col = k.columns()[static_cast<std::size_t>(f)];
    for (Index i = 0; i < n; ++i) {
      phi(i, f) = linear_phi(spec, col.state[static_cast<std::size_t>(i)],
                             col.value[static_cast<std::size_t>(i)]);
    }
  }
  return phi;
}

std::int64_t dense_table_bytes(const Kickoff& k) noexcept {
  const std::int64_t n = k.num_candidates();
  return n * k.num_companies() * 9 + n * k.num_features() * 8;
}

void check_dense_memory(std::int64_t bytes, std::int64_t limit, const std::string& place,
                        const std::string& what) {
  if (bytes <= limit) {
    return;
  }
  const auto human = [](std::int64_t b) {
    char buf[32];
    if (b < 1'000'000) {
      std::snprintf(buf, sizeof buf, "%lld bytes", static_cast<long long>(b));
    } else if (b < 1'000'000'000) {
      std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(b) / 1e6);
    } else {
      std::snprintf(buf, sizeof buf, "%.1f GB", static_cast<double>(b) / 1e9);
    }
    return std::string(buf);
  };
  throw ResourceLimit("kobling.resource.dense_scores", place,
                      what + " needs " + human(bytes) + ", more than the limit of " + human(limit) +
                          "; use top_k_scores (blocked, bounded memory) or raise "
                          "max_dense_bytes (Kickoff.max_dense_bytes in Python)");
}

ScoreTable score_all(const Kickoff& k, const ScoreOptions& options) {
  check_dense_memory(dense_table_bytes(k), options.max_dense_bytes, "score_all",
                     "a dense score table for " + std::to_string(k.num_candidates()) + " x " +
                         std::to_string(k.num_companies()) + " pairs");
  return score_rows(k, 0, k.num_candidates());
}

namespace detail {

struct Scorer::Impl {
  Impl(const Kickoff& kk, Index from, Index count)
      : k(kk),
        first(from),
        m(kk.num_companies()),
        nf(kk.num_features()),
        tags(kk, from, count),
        pair_companies(static_cast<std::size_t>(nf)),
        pair_features(static_cast<std::size_t>(m)) {
    phi = ScoreMatrix(count, nf);
    for (Index f = 0; f < nf; ++f) {
      const FeatureSpec& spec = k.features()[static_cast<std::size_t>(f)];
      const FeatureColumn& col = k.columns()[static_cast<std::size_t>(f)];
      for (Index r = 0; r < count; ++r) {
        const auto iu = static_cast<std::size_t>(from + r);
        phi(r, f) = linear_phi(spec, col.state[iu], col.value[iu]);
      }
    }
    // Linear part: Φ · W_linᵀ, where W_lin keeps the weights of the
    // candidate-only terms; the pair terms are added per pair.
    wt_lin = ScoreMatrix::Zero(nf, m);
    w_all = ScoreMatrix(m, nf);
    codes.reserve(static_cast<std::size_t>(m));
    for (Index j = 0; j < m; ++j) {
      const Company& c = k.companies()[static_cast<std::size_t>(j)];
      const std::vector<double> w = normalized_weights(c);
      for (Index f = 0; f < nf; ++f) {
        const auto fu = static_cast<std::size_t>(f);
        w_all(j, f) = w[fu];
        if (!pair_dependent(k.features()[fu], c.targets[fu])) {
          wt_lin(f, j) = w[fu];
        } else if (w[fu] != 0.0) {
          pair_companies[fu].push_back(j);
          pair_features[static_cast<std::size_t>(j)].push_back(f);
        }
      }
      codes.push_back(prepare(c));
      if (!c.requirements.empty()) {
        checked.push_back(j);
      }
    }
    // Empty profile: nothing recorded at all (every value unknown). A recorded
    // "no" (absent: no licence, no skills) is information, not emptiness.
    empty.assign(static_cast<std::size_t>(count), true);
    for (const FeatureColumn& col : k.columns()) {
      for (Index r = 0; r < count; ++r) {
        if (col.state[static_cast<std::size_t>(from + r)] != ValueState::unknown) {
          empty[static_cast<std::size_t>(r)] = false;
        }
      }
    }
  }

  double pair_term(Index f, Index i, Index j) const {
    const auto fu = static_cast<std::size_t>(f);
    const auto ju = static_cast<std::size_t>(j);
    return w_all(j, f) * pair_phi(k.features()[fu], k.columns()[fu], f, i,
                                  k.companies()[ju].targets[fu], codes[ju], tags);
  }

  const Kickoff& k;
  Index first;
  Index m;
  Index nf;
  ScoreMatrix phi;     // (count, F) candidate-only values
  ScoreMatrix wt_lin;  // (F, m) weights of the candidate-only terms
  ScoreMatrix w_all;   // (m, F) every weight
  std::vector<CompanyCodes> codes;
  CandidateTags tags;
  std::vector<std::vector<Index>> pair_companies;  // per feature: companies scoring it per pair
  std::vector<std::vector<Index>> pair_features;   // per company: its pair features, increasing
  std::vector<Index> checked;                      // companies with requirements
  std::vector<bool> empty;
};

Scorer::Scorer(const Kickoff& k, Index first, Index count)
    : impl_(
          std::make_unique<const Impl>(k, first, count < 0 ? k.num_candidates() - first : count)) {}

Scorer::~Scorer() = default;

double Scorer::score(Index i, Index j) const {
  const Impl& s = *impl_;
  const Index r = i - s.first;
  // The order of linear_scores (zero terms add nothing), then the pair terms.
  double total = 0.0;
  for (Index f = 0; f < s.nf; ++f) {
    const double a = s.phi(r, f);
    if (a != 0.0) {
      total += a * s.wt_lin(f, j);
    }
  }
  for (const Index f : s.pair_features[static_cast<std::size_t>(j)]) {
    total += s.pair_term(f, i, j);
  }
  return total;
}

Eligibility Scorer::eligibility(Index i, Index j) const {
  const Impl& s = *impl_;
  const auto ju = static_cast<std::size_t>(j);
  return evaluate(s.k, i, s.k.companies()[ju], s.codes[ju], s.tags, nullptr);
}

bool Scorer::empty_profile(Index i) const {
  return impl_->empty[static_cast<std::size_t>(i - impl_->first)];
}

void Scorer::rows(Index first, Index count, ScoreMatrix& score,
                  EligibilityMatrix& eligibility) const {
  const Impl& s = *impl_;
  const Index r0 = first - s.first;
  if (s.nf == 0) {
    score.setZero(count, s.m);  // (no null-pointer blocks)
  } else {
    linear_scores(s.phi.middleRows(r0, count), s.wt_lin, score);
  }
  for (Index f = 0; f < s.nf; ++f) {  // feature by feature: the order of score()
    for (const Index j : s.pair_companies[static_cast<std::size_t>(f)]) {
      for (Index r = 0; r < count; ++r) {
        score(r, j) += s.pair_term(f, first + r, j);
      }
    }
  }
  eligibility.setZero(count, s.m);  // eligible, unless a requirement says otherwise
  static_assert(static_cast<int>(Eligibility::eligible) == 0);
  for (const Index j : s.checked) {
    const auto ju = static_cast<std::size_t>(j);
    const Company& c = s.k.companies()[ju];
    for (Index r = 0; r < count; ++r) {
      eligibility(r, j) =
          static_cast<std::uint8_t>(evaluate(s.k, first + r, c, s.codes[ju], s.tags, nullptr));
    }
  }
}

}  // namespace detail

namespace {

void check_rows(const Kickoff& k, Index first, Index count) {
  if (first < 0 || count < 0 || first > k.num_candidates() - count) {
    throw OutOfRange(
        "kobling.model.index",
        "rows [" + std::to_string(first) + ", " + std::to_string(std::int64_t{first} + count) + ")",
        "not within [0, " + std::to_string(k.num_candidates()) + ")");
  }
}

}  // namespace

ScoreTable score_rows(const Kickoff& k, Index first, Index count) {
  check_rows(k, first, count);
  const detail::Scorer scorer(k, first, count);
  ScoreTable t;
  scorer.rows(first, count, t.score, t.eligibility);
  t.empty_profile.resize(static_cast<std::size_t>(count));
  for (Index r = 0; r < count; ++r) {
    t.empty_profile[static_cast<std::size_t>(r)] = scorer.empty_profile(first + r);
  }
  return t;
}

ScoreTable score_listed(const Kickoff& k) {
  const Index n = k.num_candidates();
  const detail::Scorer scorer(k);
  ScoreTable t;
  t.listed_companies = k.num_companies();
  t.pair_start.reserve(static_cast<std::size_t>(n) + 1);
  t.pair_start.push_back(0);
  t.empty_profile.resize(static_cast<std::size_t>(n));
  std::vector<Index> row;
  for (Index i = 0; i < n; ++i) {
    row = k.candidates()[static_cast<std::size_t>(i)].wishes;
    std::sort(row.begin(), row.end());
    row.erase(std::unique(row.begin(), row.end()), row.end());
    for (const Index j : row) {
      t.pair_company.push_back(j);
      t.pair_score.push_back(scorer.score(i, j));
      t.pair_eligibility.push_back(static_cast<std::uint8_t>(scorer.eligibility(i, j)));
    }
    t.pair_start.push_back(static_cast<std::int64_t>(t.pair_company.size()));
    t.empty_profile[static_cast<std::size_t>(i)] = scorer.empty_profile(i);
  }
  return t;
}

std::int64_t ScoreTable::find(Index i, Index j) const noexcept {
  const auto iu = static_cast<std::size_t>(i);
  for (std::int64_t e = pair_start[iu]; e < pair_start[iu + 1]; ++e) {
    if (pair_company[static_cast<std::size_t>(e)] == j) {
      return e;
    }
  }
  return -1;
}

namespace {

[[noreturn]] void not_listed(Index i, Index j) {
  throw OutOfRange("kobling.scores.not_listed",
                   "pair (" + std::to_string(i) + ", " + std::to_string(j) + ")",
                   "is not on the candidate's list, and a listed score table (score_listed) "
                   "holds only listed pairs; use score_all or explain for other pairs");
}

}  // namespace

double ScoreTable::score_of(Index i, Index j) const {
  if (!listed()) {
    return score(i, j);
  }
  const std::int64_t e = find(i, j);
  if (e < 0) {
    not_listed(i, j);
  }
  return pair_score[static_cast<std::size_t>(e)];
}

Eligibility ScoreTable::eligibility_of(Index i, Index j) const {
  if (!listed()) {
    return static_cast<Eligibility>(eligibility(i, j));
  }
  const std::int64_t e = find(i, j);
  if (e < 0) {
    not_listed(i, j);
  }
  return static_cast<Eligibility>(pair_eligibility[static_cast<std::size_t>(e)]);
}

ScoreView ScoreTable::scores() const {
  if (!listed()) {
    return score;
  }
  return ScoreView::csr(num_candidates(), listed_companies, pair_start.data(), pair_company.data(),
                        pair_score.data());
}

Explanation explain(const Kickoff& k, Index i, Index j) {
  (void)k.candidate(i);  // range checks
  const Company& c = k.company(j);
  const std::vector<double> weights = normalized_weights(c);
  const CompanyCodes codes = prepare(c);
  const CandidateTags tags(k, i, 1);
  Explanation e;
  e.candidate = i;
  e.company = j;
  for (Index f = 0; f < k.num_features(); ++f) {
    const auto fu = static_cast<std::size_t>(f);
    const FeatureSpec& spec = k.features()[fu];
    Contribution part;
    part.feature = f;
    part.weight = weights[fu];
    part.state = k.columns()[fu].state[static_cast<std::size_t>(i)];
    part.phi = pair_phi(spec, k.columns()[fu], f, i, c.targets[fu], codes, tags);
    part.contribution = part.weight * part.phi;
    e.score += part.contribution;
    e.contributions.push_back(part);
  }
  e.eligibility = evaluate(k, i, c, codes, tags, &e.reasons);
  e.refused = std::find(c.refused.begin(), c.refused.end(), i) != c.refused.end();
  if (e.refused) {
    e.reasons.push_back(
        {Reason::Code::refused, kNone, "refused by " + c.name + " after interview"});
  }
  const auto pos = std::find(c.ranking.begin(), c.ranking.end(), i);
  if (pos != c.ranking.end()) {
    const auto p = static_cast<std::size_t>(pos - c.ranking.begin());
    e.company_rank = c.ranking_place.empty() ? static_cast<Index>(p) : c.ranking_place[p];
  }
  return e;
}

namespace {

// The interview lists of company c, applied through set(i, value): ranked
// candidates above every score (2 + places from the bottom), refused ones
// never. Eligibility is applied after this, empty profiles before.
template <class Set>
void apply_interviews(const Company& c, Set set) {
  const auto place_of = [&](std::size_t p) {
    return static_cast<double>(c.ranking_place.empty() ? static_cast<Index>(p)
                                                       : c.ranking_place[p]);
  };
  const double places = c.ranking.empty() ? 0.0 : place_of(c.ranking.size() - 1) + 1.0;
  for (std::size_t p = 0; p < c.ranking.size(); ++p) {
    set(c.ranking[p], 2.0 + (places - 1.0 - place_of(p)));  // a shared place: equal values
  }
  for (const Index r : c.refused) {
    set(r, kForbidden);
  }
}

constexpr auto kEligible = static_cast<std::uint8_t>(Eligibility::eligible);

}  // namespace

namespace {

// The (n, m) matrices below need a dense table.
void require_dense(const ScoreTable& t, const char* place) {
  if (t.listed()) {
    throw OutOfRange("kobling.scores.not_listed", place,
                     "needs a dense score table (score_all); this one holds the listed "
                     "pairs only (score_listed)");
  }
}

}  // namespace

ScoreMatrix company_preference(const Kickoff& k, const ScoreTable& t) {
  require_dense(t, "company_preference");
  ScoreMatrix pref = t.score;
  // An empty profile's score of 0 is not a fit: below every recorded
  // candidate (but still acceptable, and interview rankings still decide).
  for (Index i = 0; i < k.num_candidates(); ++i) {
    if (t.empty_profile[static_cast<std::size_t>(i)]) {
      pref.row(i).setConstant(-1.0);
    }
  }
  for (Index j = 0; j < k.num_companies(); ++j) {
    apply_interviews(k.companies()[static_cast<std::size_t>(j)],
                     [&](Index i, double v) { pref(i, j) = v; });
  }
  for (Index i = 0; i < k.num_candidates(); ++i) {  // row by row: the matrices are row-major
    for (Index j = 0; j < k.num_companies(); ++j) {
      if (t.eligibility(i, j) != kEligible) {
        pref(i, j) = kForbidden;
      }
    }
  }
  return pref;
}

std::vector<double> company_preference_of(const Kickoff& k, const ScoreTable& t, Index j) {
  (void)k.company(j);  // range check
  const Index n = k.num_candidates();
  std::vector<double> column(static_cast<std::size_t>(n));
  std::vector<std::uint8_t> eligible(static_cast<std::size_t>(n));
  // A listed table lacks most of the column: score it (O(n·F), not n x m).
  const std::unique_ptr<detail::Scorer> scorer =
      t.listed() ? std::make_unique<detail::Scorer>(k) : nullptr;
  for (Index i = 0; i < n; ++i) {
    const auto iu = static_cast<std::size_t>(i);
    const bool stored = t.has(i, j);
    column[iu] = t.empty_profile[iu] ? -1.0 : stored ? t.score_of(i, j) : scorer->score(i, j);
    eligible[iu] =
        (stored ? t.eligibility_of(i, j) : scorer->eligibility(i, j)) == Eligibility::eligible;
  }
  apply_interviews(k.companies()[static_cast<std::size_t>(j)],
                   [&](Index i, double v) { column[static_cast<std::size_t>(i)] = v; });
  for (Index i = 0; i < n; ++i) {
    if (eligible[static_cast<std::size_t>(i)] == 0) {
      column[static_cast<std::size_t>(i)] = kForbidden;
    }
  }
  return column;
}

ListedPreference listed_company_preference(const Kickoff& k, const ScoreTable& t) {
  // Row by row, the listed pairs in list order; apply_interviews writes into
  // a pair only when it is listed.
  std::vector<std::int64_t> start(static_cast<std::size_t>(k.num_candidates()) + 1, 0);
  std::vector<Index> col;
  std::vector<double> value;
  for (Index i = 0; i < k.num_candidates(); ++i) {
    for (const Index j : k.candidates()[static_cast<std::size_t>(i)].wishes) {
      col.push_back(j);
      value.push_back(t.empty_profile[static_cast<std::size_t>(i)] ? -1.0 : t.score_of(i, j));
    }
    start[static_cast<std::size_t>(i) + 1] = static_cast<std::int64_t>(col.size());
  }
  const auto slot = [&](Index i, Index j) -> double* {
    const auto iu = static_cast<std::size_t>(i);
    for (std::int64_t e = start[iu]; e < start[iu + 1]; ++e) {
      if (col[static_cast<std::size_t>(e)] == j) {
        return &value[static_cast<std::size_t>(e)];
      }
    }
    return nullptr;
  };
  for (Index j = 0; j < k.num_companies(); ++j) {
    apply_interviews(k.companies()[static_cast<std::size_t>(j)], [&](Index i, double v) {
      if (double* x = slot(i, j)) {
        *x = v;
      }
    });
  }
  std::vector<Eigen::Triplet<double, Index>> entries;
  entries.reserve(col.size());
  for (Index i = 0; i < k.num_candidates(); ++i) {
    const auto iu = static_cast<std::size_t>(i);
    for (std::int64_t e = start[iu]; e < start[iu + 1]; ++e) {
      const auto eu = static_cast<std::size_t>(e);
      const bool ok = t.eligibility_of(i, col[eu]) == Eligibility::eligible;
      entries.emplace_back(i, col[eu], ok ? value[eu] : kForbidden);
    }
  }
  ListedPreference out(k.num_candidates(), k.num_companies());
  out.setFromTriplets(entries.begin(), entries.end());
  out.makeCompressed();
  return out;
}

MaskMatrix acceptable_pairs(const Kickoff& k, const ScoreTable& t) {
  require_dense(t, "acceptable_pairs");
  MaskMatrix ok = (t.eligibility.array() == static_cast<std::uint8_t>(Eligibility::eligible));
  for (Index j = 0; j < k.num_companies(); ++j) {
    for (const Index r : k.companies()[static_cast<std::size_t>(j)].refused) {
      ok(r, j) = false;
    }
  }
  return ok;
}

}  // namespace kobling
