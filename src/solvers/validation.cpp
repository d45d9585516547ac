#include "kobling/validation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include <boost/math/distributions/normal.hpp>

#include "common/splitmix.hpp"
#include "common/text.hpp"
#include "kobling/errors.hpp"
#include "kobling/logistic.hpp"

namespace kobling {

namespace {

using Vector = Eigen::Ref<const Eigen::VectorXd>;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The two-sided normal quantile z with P(|Z| <= z) = confidence.
double normal_quantile(double confidence) {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw InvalidArgument("kobling.array.bad_option", "confidence",
                          "must be in (0, 1), got " + detail::num(confidence));
  }
  const boost::math::normal_distribution<double> normal;
  return boost::math::quantile(normal, 0.5 + 0.5 * confidence);
}

void check_length(const char* name, const Vector& v, const char* other, Eigen::Index n) {
  if (v.size() != n) {
    throw InvalidArgument(
        "kobling.array.shape", name,
        "has " + std::to_string(v.size()) + " values, " + other + " has " + std::to_string(n));
  }
}

void check_labels(const Vector& labels) {
  for (Eigen::Index r = 0; r < labels.size(); ++r) {
    if (labels[r] != 0.0 && labels[r] != 1.0) {
      throw InvalidArgument("kobling.array.bad_label", detail::at("labels", r),
                            "must be 0 or 1, got " + detail::num(labels[r]));
    }
  }
}

void check_finite(const char* name, const Vector& scores) {
  for (Eigen::Index r = 0; r < scores.size(); ++r) {
    if (!std::isfinite(scores[r])) {
      throw InvalidArgument("kobling.array.not_finite", detail::at(name, r),
                            "value " + detail::num(scores[r]) + " is not finite");
    }
  }
}

void check_probabilities(const char* name, const Vector& p) {
  for (Eigen::Index r = 0; r < p.size(); ++r) {
    if (!(p[r] >= 0.0 && p[r] <= 1.0)) {
      throw InvalidArgument("kobling.array.bad_probability", detail::at(name, r),
                            "must be in [0, 1], got " + detail::num(p[r]));
    }
  }
}

void check_not_empty(const Vector& labels) {
  if (labels.size() == 0) {
    throw InvalidArgument("kobling.array.shape", "labels", "has no rows: nothing to evaluate");
  }
}

// Midranks (1-based, ties share the mean of their ranks) of values[idx[k]],
// written to out[k].
void midranks(const Vector& values, const std::vector<Eigen::Index>& idx,
              std::vector<double>& out) {
  const std::size_t n = idx.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return values[idx[a]] < values[idx[b]]; });
  out.assign(n, 0.0);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && values[idx[order[j]]] == values[idx[order[i]]]) {
      ++j;
    }
    const double rank = 0.5 * static_cast<double>(i + 1 + j);  // mean of i+1..j
    for (std::size_t k = i; k < j; ++k) {
      out[order[k]] = rank;
    }
    i = j;
  }
}

// DeLong's structural components of one score (Sun & Xu): V10 over the
// positives, V01 over the negatives; the AUC is the mean of either.
struct Components {
  Eigen::VectorXd v10;
  Eigen::VectorXd v01;
  double auc = 0.5;
};

Components components(const Vector& scores, const std::vector<Eigen::Index>& pos,
                      const std::vector<Eigen::Index>& neg) {
  const auto m = static_cast<double>(pos.size());
  const auto n = static_cast<double>(neg.size());
  std::vector<Eigen::Index> all(pos);
  all.insert(all.end(), neg.begin(), neg.end());
  std::vector<double> tz;
  std::vector<double> tx;
  std::vector<double> ty;
  midranks(scores, all, tz);
  midranks(scores, pos, tx);
  midranks(scores, neg, ty);
  Components c;
  c.v10.resize(static_cast<Eigen::Index>(pos.size()));
  c.v01.resize(static_cast<Eigen::Index>(neg.size()));
  double rank_sum = 0.0;
  for (std::size_t i = 0; i < pos.size(); ++i) {
    c.v10[static_cast<Eigen::Index>(i)] = (tz[i] - tx[i]) / n;
    rank_sum += tz[i];
  }
  for (std::size_t j = 0; j < neg.size(); ++j) {
    c.v01[static_cast<Eigen::Index>(j)] = 1.0 - (tz[pos.size() + j] - ty[j]) / m;
  }
  c.auc = (rank_sum - m * (m + 1.0) / 2.0) / (m * n);
  return c;
}

// Sample covariance (denominator k - 1; 0 for k < 2).
double covariance(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  const Eigen::Index k = a.size();
  if (k < 2) {
    return 0.0;
  }
  const double ma = a.mean();
  const double mb = b.mean();
  return (a.array() - ma).matrix().dot((b.array() - mb).matrix()) / static_cast<double>(k - 1);
}

double delong_covariance(const Components& a, const Components& b) {
  return covariance(a.v10, b.v10) / static_cast<double>(a.v10.size()) +
         covariance(a.v01, b.v01) / static_cast<double>(a.v01.size());
}

Interval clipped(double centre, double half, double lo, double hi) {
  return {std::clamp(centre - half, lo, hi), std::clamp(centre + half, lo, hi)};
}

// Validates the inputs of an AUC and splits the rows by class.
std::pair<std::vector<Eigen::Index>, std::vector<Eigen::Index>> classes(const Vector& labels) {
  std::vector<Eigen::Index> pos;
  std::vector<Eigen::Index> neg;
  for (Eigen::Index r = 0; r < labels.size(); ++r) {
    (labels[r] == 1.0 ? pos : neg).push_back(r);
  }
  if (pos.empty() || neg.empty()) {
    throw InvalidArgument("kobling.fit.one_class", "labels",
                          "the AUC needs both classes, got " + std::to_string(pos.size()) +
                              " positive and " + std::to_string(neg.size()) + " negative rows");
  }
  return {std::move(pos), std::move(neg)};
}

AucEstimate estimate(const Components& c, double z, std::size_t m, std::size_t n) {
  AucEstimate e;
  e.auc = c.auc;
  e.se = std::sqrt(std::max(0.0, delong_covariance(c, c)));
  e.ci = clipped(e.auc, z * e.se, 0.0, 1.0);
  e.positives = static_cast<Index>(m);
  e.negatives = static_cast<Index>(n);
  return e;
}

double logit(double p) {
  const double q = std::clamp(p, 1e-15, 1.0 - 1e-15);
  return std::log(q / (1.0 - q));
}

}  // namespace

IndexVector grouped_folds(const Eigen::Ref<const IndexVector>& groups, Index n_folds,
                          std::uint64_t seed) {
  // Distinct groups with their sizes, by id.
  std::map<Index, Index> size_of;
  for (Eigen::Index r = 0; r < groups.size(); ++r) {
    if (groups[r] < 0) {
      throw InvalidArgument("kobling.array.bad_group", detail::at("groups", r),
                            "must be >= 0, got " + std::to_string(groups[r]));
    }
    ++size_of[groups[r]];
  }
  const auto g = static_cast<Index>(size_of.size());
  if (g < 2) {
    throw InvalidArgument(
        "kobling.fit.bad_folds", "groups",
        "cross-validation by group needs at least 2 groups, got " + std::to_string(g));
  }
  const Index k = n_folds == 0 ? (g <= 10 ? g : 5) : n_folds;
  if (k < 2 || k > g) {
    throw InvalidArgument("kobling.fit.bad_folds", "n_folds",
                          "must be between 2 and the number of groups (" + std::to_string(g) +
                              "), got " + std::to_string(n_folds));
  }
  std::map<Index, Index> fold_of;
  if (k == g) {  // leave one group out: fold i is the i-th smallest id
    Index i = 0;
    for (const auto& entry : size_of) {
      fold_of[entry.first] = i++;
    }
  } else {
    std::vector<std::pair<Index, Index>> order(size_of.begin(), size_of.end());  // (id, size)
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    detail::SplitMix64 rng(seed);
    for (std::size_t i = 0; i < order.size();) {  // shuffle each run of equal sizes
      std::size_t j = i;
      while (j < order.size() && order[j].second == order[i].second) {
        ++j;
      }
      for (std::size_t t = j - i; t > 1; --t) {  // Fisher-Yates
        std::swap(order[i + t - 1], order[i + static_cast<std::size_t>(rng.below(t))]);
      }
      i = j;
    }
    std::vector<std::int64_t> rows(static_cast<std::size_t>(k), 0);
    for (const auto& [id, size] : order) {
      const auto smallest = static_cast<Index>(std::min_element(rows.begin(), rows.end()) -
                                               rows.begin());  // the first among equals
      fold_of[id] = smallest;
      rows[static_cast<std::size_t>(smallest)] += size;
    }
  }
  IndexVector fold(groups.size());
  for (Eigen::Index r = 0; r < groups.size(); ++r) {
    fold[r] = fold_of.at(groups[r]);
  }
  return fold;
}

CheckReport check_grouped_folds(const Eigen::Ref<const IndexVector>& groups,
                                const Eigen::Ref<const IndexVector>& fold) {
  CheckReport report;
  const auto fail = [&](const std::string& why) {
    report.ok = false;
    report.violations.push_back(why);
  };
  if (groups.size() != fold.size()) {
    fail("fold has " + std::to_string(fold.size()) + " rows, groups has " +
         std::to_string(groups.size()));
    return report;
  }
  std::map<Index, std::pair<Index, Eigen::Index>> first;  // group -> (fold, row) where first seen
  std::map<std::pair<Index, Index>, bool> said;           // (group, other fold) already reported
  Index largest = -1;
  for (Eigen::Index r = 0; r < fold.size(); ++r) {
    if (groups[r] < 0) {
      fail("groups[" + std::to_string(r) + "] = " + std::to_string(groups[r]) + " is negative");
    }
    if (fold[r] < 0) {
      fail("fold[" + std::to_string(r) + "] = " + std::to_string(fold[r]) + " is negative");
      continue;
    }
    largest = std::max(largest, fold[r]);
    const auto [it, inserted] = first.try_emplace(groups[r], fold[r], r);
    if (!inserted && it->second.first != fold[r] && !said[{groups[r], fold[r]}]) {
      said[{groups[r], fold[r]}] = true;
      fail("group " + std::to_string(groups[r]) + " is in fold " +
           std::to_string(it->second.first) + " (row " + std::to_string(it->second.second) +
           ") and in fold " + std::to_string(fold[r]) + " (row " + std::to_string(r) + ")");
    }
  }
  std::vector<char> used(static_cast<std::size_t>(largest + 1), 0);
  for (Eigen::Index r = 0; r < fold.size(); ++r) {
    if (fold[r] >= 0) {
      used[static_cast<std::size_t>(fold[r])] = 1;
    }
  }
  for (std::size_t f = 0; f < used.size(); ++f) {
    if (used[f] == 0) {
      fail("fold " + std::to_string(f) + " of [0, " + std::to_string(used.size()) +
           ") has no rows");
    }
  }
  return report;
}

Interval wilson_interval(Index successes, Index trials, double confidence) {
  const double z = normal_quantile(confidence);
  if (trials < 0 || successes < 0 || successes > trials) {
    throw InvalidArgument("kobling.array.bad_option", "successes",
                          "must be in [0, trials] with trials >= 0, got " +
                              std::to_string(successes) + " of " + std::to_string(trials));
  }
  if (trials == 0) {
    return {0.0, 1.0};
  }
  const auto n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2 = z * z;
  const double denominator = 1.0 + z2 / n;
  const double centre = (p + z2 / (2.0 * n)) / denominator;
  const double half = z / denominator * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
  Interval w = clipped(centre, half, 0.0, 1.0);
  if (successes == 0) {
    w.lower = 0.0;
  }
  if (successes == trials) {
    w.upper = 1.0;
  }
  return w;
}

AucEstimate auc_delong(const Vector& scores, const Vector& labels, double confidence) {
  check_length("labels", labels, "scores", scores.size());
  check_finite("scores", scores);
  check_labels(labels);
  const double z = normal_quantile(confidence);
  const auto [pos, neg] = classes(labels);
  return estimate(components(scores, pos, neg), z, pos.size(), neg.size());
}

PairedAuc auc_delong_paired(const Vector& scores_a, const Vector& scores_b, const Vector& labels,
                            double confidence) {
  check_length("scores_b", scores_b, "scores_a", scores_a.size());
  check_length("labels", labels, "scores_a", scores_a.size());
  check_finite("scores_a", scores_a);
  check_finite("scores_b", scores_b);
  check_labels(labels);
  const double z = normal_quantile(confidence);
  const auto [pos, neg] = classes(labels);
  const Components ca = components(scores_a, pos, neg);
  const Components cb = components(scores_b, pos, neg);
  PairedAuc out;
  out.a = estimate(ca, z, pos.size(), neg.size());
  out.b = estimate(cb, z, pos.size(), neg.size());
  const double variance =
      delong_covariance(ca, ca) + delong_covariance(cb, cb) - 2.0 * delong_covariance(ca, cb);
  out.difference.difference = ca.auc - cb.auc;
  out.difference.se = std::sqrt(std::max(0.0, variance));
  out.difference.ci = clipped(out.difference.difference, z * out.difference.se, -1.0, 1.0);
  return out;
}

PairedDifference paired_brier(const Vector& p_a, const Vector& p_b, const Vector& labels,
                              double confidence) {
  check_length("p_b", p_b, "p_a", p_a.size());
  check_length("labels", labels, "p_a", p_a.size());
  check_not_empty(labels);
  check_probabilities("p_a", p_a);
  check_probabilities("p_b", p_b);
  check_labels(labels);
  const double z = normal_quantile(confidence);
  const Eigen::VectorXd d = (p_a - labels).array().square() - (p_b - labels).array().square();
  PairedDifference out;
  out.difference = d.mean();
  out.se = std::sqrt(covariance(d, d) / static_cast<double>(d.size()));
  out.ci = clipped(out.difference, z * out.se, -1.0, 1.0);
  return out;
}

Calibration calibration(const Vector& probabilities, const Vector& labels, Index bins) {
  check_length("labels", labels, "probabilities", probabilities.size());
  check_not_empty(labels);
  check_probabilities("probabilities", probabilities);
  check_labels(labels);
  if (bins < 0) {
    throw InvalidArgument("kobling.array.bad_option", "bins",
                          "must be >= 0 (0: clamp(N / 20, 2, 10)), got " + std::to_string(bins));
  }
  const Eigen::Index n = labels.size();
  const auto rows = static_cast<double>(n);
  Calibration c;
  ScoreMatrix x(n, 1);
  double log_loss = 0.0;
  for (Eigen::Index r = 0; r < n; ++r) {
    const double p = std::clamp(probabilities[r], 1e-15, 1.0 - 1e-15);
    log_loss -= labels[r] == 1.0 ? std::log(p) : std::log1p(-p);
    x(r, 0) = logit(probabilities[r]);
  }
  c.brier = (probabilities - labels).squaredNorm() / rows;
  c.log_loss = log_loss / rows;
  c.mean_predicted = probabilities.mean();
  c.mean_observed = labels.mean();

  LogisticOptions o;
  o.l2 = 0.0;
  const LogisticFit fit = fit_logistic(x, labels, Eigen::VectorXd(), o);
  // Equal logits carry no slope (the fit would report 0 with no standard error).
  const bool spread = x.col(0).maxCoeff() - x.col(0).minCoeff() > 1e-12;
  c.slope_defined = fit.status == LogisticStatus::optimal && spread;
  if (c.slope_defined) {
    c.intercept = fit.intercept;
    c.slope = fit.coef[0];
    // The observed information at the fit; its inverse's slope entry is the
    // slope's variance.
    double h00 = 0.0;
    double h01 = 0.0;
    double h11 = 0.0;
    for (Eigen::Index r = 0; r < n; ++r) {
      const double e = c.intercept + c.slope * x(r, 0);
      const double s = e >= 0 ? 1.0 / (1.0 + std::exp(-e)) : std::exp(e) / (1.0 + std::exp(e));
      const double w = s * (1.0 - s);
      h00 += w;
      h01 += w * x(r, 0);
      h11 += w * x(r, 0) * x(r, 0);
    }
    const double det = h00 * h11 - h01 * h01;
    c.slope_se = det > 0.0 ? std::sqrt(h00 / det) : kNaN;
  } else {
    c.slope = kNaN;
    c.intercept = kNaN;
    c.slope_se = kNaN;
  }

  const Eigen::Index b =
      std::min<Eigen::Index>(n, bins == 0 ? std::clamp<Eigen::Index>(n / 20, 2, 10) : bins);
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index q) {
    return probabilities[a] < probabilities[q];
  });
  for (Eigen::Index k = 0; k < b; ++k) {
    const Eigen::Index from = k * n / b;
    const Eigen::Index to = (k + 1) * n / b;
    CalibrationBin bin;
    bin.count = static_cast<Index>(to - from);
    double predicted = 0.0;
    Index observed = 0;
    for (Eigen::Index i = from; i < to; ++i) {
      predicted += probabilities[order[static_cast<std::size_t>(i)]];
      observed += labels[order[static_cast<std::size_t>(i)]] == 1.0 ? 1 : 0;
    }
    bin.mean_predicted = predicted / static_cast<double>(bin.count);
    bin.mean_observed = static_cast<double>(observed) / static_cast<double>(bin.count);
    bin.observed_ci = wilson_interval(observed, bin.count);
    c.bins.push_back(bin);
  }
  return c;
}

}  // namespace kobling
