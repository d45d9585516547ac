// The validation core of the weight fit (validation.hpp): folds by group
// against their defining properties (and the check failing on a broken
// assignment), the AUC against a pair count, DeLong's variance and the paired
// covariance against their definitions written out directly (O(N²)), Wilson
// against known values, calibration on calibrated and miscalibrated data, and
// the pinned errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "kobling/errors.hpp"
#include "kobling/validation.hpp"

namespace kobling {
namespace {

// ---- folds ------------------------------------------------------------------

TEST(GroupedFolds, EveryGroupInOneFoldEveryFoldUsedOnAThousandRandomVectors) {
  std::mt19937_64 rng(2026);
  int leave_one_out = 0;
  int k_folds = 0;
  for (int trial = 0; trial < 1000; ++trial) {
    const int distinct = 2 + static_cast<int>(rng() % 30);
    std::vector<Index> ids;  // sparse, unsorted ids
    std::set<Index> seen;
    while (static_cast<int>(ids.size()) < distinct) {
      const auto id = static_cast<Index>(rng() % 1000);
      if (seen.insert(id).second) {
        ids.push_back(id);
      }
    }
    const int n = distinct + static_cast<int>(rng() % 200);
    const auto span = static_cast<std::uint64_t>(distinct);
    IndexVector groups(n);
    for (int r = 0; r < n; ++r) {  // every id at least once, the rest skewed
      groups[r] = r < distinct
                      ? ids[static_cast<std::size_t>(r)]
                      : ids[static_cast<std::size_t>(std::min(rng() % span, rng() % span))];
    }
    std::shuffle(groups.begin(), groups.end(), rng);
    const Index n_folds = rng() % 3 == 0 ? 0 : static_cast<Index>(2 + rng() % (span - 1));
    const std::uint64_t seed = rng();
    const IndexVector fold = grouped_folds(groups, n_folds, seed);
    const Index k = n_folds != 0 ? n_folds : (distinct <= 10 ? distinct : 5);

    ASSERT_EQ(fold.size(), n);
    std::map<Index, std::set<Index>> folds_of_group;
    std::map<Index, std::set<Index>> groups_of_fold;
    std::vector<std::int64_t> rows(static_cast<std::size_t>(k), 0);
    std::map<Index, std::int64_t> size;
    for (int r = 0; r < n; ++r) {
      ASSERT_GE(fold[r], 0) << trial;
      ASSERT_LT(fold[r], k) << trial;
      folds_of_group[groups[r]].insert(fold[r]);
      groups_of_fold[fold[r]].insert(groups[r]);
      ++rows[static_cast<std::size_t>(fold[r])];
      ++size[groups[r]];
    }
    for (const auto& [g, folds] : folds_of_group) {
      EXPECT_EQ(folds.size(), 1U) << trial << " group " << g;
    }
    EXPECT_EQ(static_cast<Index>(groups_of_fold.size()), k) << trial;  // none empty
    if (k == distinct) {
      ++leave_one_out;
      for (const auto& [f, gs] : groups_of_fold) {
        EXPECT_EQ(gs.size(), 1U) << trial << " fold " << f;
      }
    } else {
      ++k_folds;
      // Largest first to the lightest fold: the spread is at most one group.
      std::int64_t largest = 0;
      for (const auto& entry : size) {
        largest = std::max(largest, entry.second);
      }
      EXPECT_LE(
          *std::max_element(rows.begin(), rows.end()) - *std::min_element(rows.begin(), rows.end()),
          largest)
          << trial;
    }
    const CheckReport report = check_grouped_folds(groups, fold);
    EXPECT_TRUE(report.ok) << trial << ": "
                           << (report.violations.empty() ? "" : report.violations[0]);
    EXPECT_EQ(grouped_folds(groups, n_folds, seed), fold) << trial;  // deterministic

    // Rows shuffled: the check must fail exactly when a group now spans two
    // folds or a fold is left empty (counted independently here).
    IndexVector shuffled = fold;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    std::map<Index, std::set<Index>> spans;
    for (int r = 0; r < n; ++r) {
      spans[groups[r]].insert(shuffled[r]);
    }
    bool broken = false;
    for (const auto& entry : spans) {
      broken = broken || entry.second.size() > 1;
    }
    EXPECT_EQ(check_grouped_folds(groups, shuffled).ok, !broken) << trial;
  }
  EXPECT_GT(leave_one_out, 100);
  EXPECT_GT(k_folds, 100);
}

TEST(GroupedFolds, LeaveOneGroupOutNumbersFoldsByGroupId) {
  IndexVector groups(7);
  groups << 40, 5, 5, 12, 40, 40, 7;
  IndexVector expected(7);
  expected << 3, 0, 0, 2, 3, 3, 1;
  EXPECT_EQ(grouped_folds(groups), expected);
  EXPECT_EQ(grouped_folds(groups, 0, 99), expected);  // the seed does not matter here
  EXPECT_EQ(grouped_folds(groups, 4), expected);
}

TEST(GroupedFolds, FiveFoldsAboveTenGroupsAndTheSeedVariesThem) {
  IndexVector groups(24);
  for (Index r = 0; r < 24; ++r) {
    groups[r] = r / 2;  // 12 groups of 2
  }
  const IndexVector a = grouped_folds(groups);
  EXPECT_EQ(a.maxCoeff(), 4);
  bool differs = false;
  for (std::uint64_t seed = 1; seed < 20 && !differs; ++seed) {
    differs = grouped_folds(groups, 0, seed) != a;
  }
  EXPECT_TRUE(differs);  // equal sizes: the seed shuffles which group goes where
}

TEST(GroupedFolds, TheCheckFailsAndSaysWhere) {
  IndexVector groups(4);
  groups << 0, 0, 1, 1;
  IndexVector fold(4);
  fold << 0, 1, 1, 0;
  CheckReport r = check_grouped_folds(groups, fold);
  ASSERT_FALSE(r.ok);
  ASSERT_EQ(r.violations.size(), 2U);
  EXPECT_EQ(r.violations[0], "group 0 is in fold 0 (row 0) and in fold 1 (row 1)");
  EXPECT_EQ(r.violations[1], "group 1 is in fold 1 (row 2) and in fold 0 (row 3)");
  fold << 0, 0, 2, 2;
  r = check_grouped_folds(groups, fold);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.violations, std::vector<std::string>{"fold 1 of [0, 3) has no rows"});
  fold << 0, 0, -1, -1;
  r = check_grouped_folds(groups, fold);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.violations[0], "fold[2] = -1 is negative");
  r = check_grouped_folds(groups, IndexVector::Zero(3));
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.violations[0], "fold has 3 rows, groups has 4");
  fold << 1, 1, 0, 0;
  EXPECT_TRUE(check_grouped_folds(groups, fold).ok);
}

// ---- AUC ------------------------------------------------------------------

// ψ(x, y): 1 if the positive scores above the negative, ½ on a tie.
double psi(double x, double y) { return x > y ? 1.0 : x == y ? 0.5 : 0.0; }

// DeLong's structural components from the definition, O(m·n).
struct Direct {
  std::vector<double> v10;
  std::vector<double> v01;
  double auc = 0.0;
};

Direct direct(const Eigen::VectorXd& s, const Eigen::VectorXd& y) {
  Direct d;
  std::vector<double> pos;
  std::vector<double> neg;
  for (Eigen::Index r = 0; r < y.size(); ++r) {
    (y[r] == 1.0 ? pos : neg).push_back(s[r]);
  }
  for (const double x : pos) {
    double total = 0.0;
    for (const double v : neg) {
      total += psi(x, v);
    }
    d.v10.push_back(total / static_cast<double>(neg.size()));
    d.auc += total;
  }
  for (const double v : neg) {
    double total = 0.0;
    for (const double x : pos) {
      total += psi(x, v);
    }
    d.v01.push_back(total / static_cast<double>(pos.size()));
  }
  d.auc /= static_cast<double>(pos.size() * neg.size());
  return d;
}

double sample_cov(const std::vector<double>& a, const std::vector<double>& b) {
  double ma = 0.0;
  double mb = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ma += a[i];
    mb += b[i];
  }
  ma /= static_cast<double>(a.size());
  mb /= static_cast<double>(b.size());
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    s += (a[i] - ma) * (b[i] - mb);
  }
  return s / static_cast<double>(a.size() - 1);
}

// Cov(AUC_a, AUC_b) = S10_ab / m + S01_ab / n.
double direct_cov(const Direct& a, const Direct& b) {
  return sample_cov(a.v10, b.v10) / static_cast<double>(a.v10.size()) +
         sample_cov(a.v01, b.v01) / static_cast<double>(a.v01.size());
}

TEST(Auc, DeLongByHand) {
  // Positives 3, 2; negatives 1, 2. V10 = (1, 0.75), V01 = (1, 0.75),
  // AUC = 0.875, S10 = S01 = 2 · 0.125² = 0.03125, Var = S10/2 + S01/2.
  Eigen::VectorXd s(4);
  s << 3, 1, 2, 2;
  Eigen::VectorXd y(4);
  y << 1, 0, 1, 0;
  const AucEstimate e = auc_delong(s, y);
  EXPECT_DOUBLE_EQ(e.auc, 0.875);
  EXPECT_DOUBLE_EQ(e.se, std::sqrt(0.03125));
  EXPECT_EQ(e.positives, 2);
  EXPECT_EQ(e.negatives, 2);
  const double z = 1.959963984540054;
  EXPECT_NEAR(e.ci.lower, 0.875 - z * std::sqrt(0.03125), 1e-12);
  EXPECT_EQ(e.ci.upper, 1.0);  // clipped
  const Direct d = direct(s, y);
  EXPECT_DOUBLE_EQ(d.auc, 0.875);
  EXPECT_DOUBLE_EQ(direct_cov(d, d), 0.03125);
}

TEST(Auc, EqualsThePairCountAndDeLongsDefinitionOnRandomDataWithTies) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int trial = 0; trial < 300; ++trial) {
    const int n = 4 + static_cast<int>(rng() % 120);
    const int levels = 2 + static_cast<int>(rng() % 15);  // few values: many ties
    Eigen::VectorXd a(n);
    Eigen::VectorXd b(n);
    Eigen::VectorXd y(n);
    for (int r = 0; r < n; ++r) {
      y[r] = unit(rng) < 0.3 ? 1.0 : 0.0;
      a[r] = std::floor((unit(rng) + 0.5 * y[r]) * levels);
      b[r] = trial % 2 == 0 ? a[r] + std::floor(unit(rng) * 3) : -std::floor(unit(rng) * levels);
    }
    y[0] = 1.0;
    y[1] = 0.0;
    y[2] = 1.0;
    y[3] = 0.0;  // at least two of each
    const Direct da = direct(a, y);
    const Direct db = direct(b, y);
    const AucEstimate e = auc_delong(a, y, 0.9);
    EXPECT_NEAR(e.auc, da.auc, 1e-12) << trial;
    EXPECT_NEAR(e.se * e.se, direct_cov(da, da), 1e-12) << trial;
    const double z = 1.6448536269514722;
    EXPECT_NEAR(e.ci.lower, std::max(0.0, e.auc - z * e.se), 1e-12) << trial;
    EXPECT_NEAR(e.ci.upper, std::min(1.0, e.auc + z * e.se), 1e-12) << trial;

    const PairedAuc p = auc_delong_paired(a, b, y, 0.9);
    EXPECT_NEAR(p.a.auc, da.auc, 1e-12) << trial;
    EXPECT_NEAR(p.b.auc, db.auc, 1e-12) << trial;
    EXPECT_NEAR(p.b.se * p.b.se, direct_cov(db, db), 1e-12) << trial;
    EXPECT_NEAR(p.difference.difference, da.auc - db.auc, 1e-12) << trial;
    const double variance = direct_cov(da, da) + direct_cov(db, db) - 2.0 * direct_cov(da, db);
    EXPECT_NEAR(p.difference.se * p.difference.se, std::max(0.0, variance), 1e-12) << trial;
  }
}

TEST(Auc, APerfectAndAReversedScore) {
  Eigen::VectorXd s(5);
  s << 1, 2, 3, 4, 5;
  Eigen::VectorXd y(5);
  y << 0, 0, 1, 1, 1;
  const AucEstimate up = auc_delong(s, y);
  EXPECT_EQ(up.auc, 1.0);
  EXPECT_EQ(up.se, 0.0);
  const AucEstimate down = auc_delong(-s, y);
  EXPECT_EQ(down.auc, 0.0);
  const PairedAuc same = auc_delong_paired(s, s, y);
  EXPECT_EQ(same.difference.difference, 0.0);
  EXPECT_EQ(same.difference.se, 0.0);
  const PairedAuc opposite = auc_delong_paired(s, -s, y);
  EXPECT_EQ(opposite.difference.difference, 1.0);
}

// ---- Wilson, Brier --------------------------------------------------------------

TEST(Wilson, KnownValues) {
  // statsmodels.stats.proportion.proportion_confint(k, n, method="wilson").
  const Interval none = wilson_interval(0, 10);
  EXPECT_EQ(none.lower, 0.0);
  EXPECT_NEAR(none.upper, 0.27753279986288926, 1e-12);
  const Interval half = wilson_interval(5, 10);
  EXPECT_NEAR(half.lower, 0.23659309051256394, 1e-12);
  EXPECT_NEAR(half.upper, 0.7634069094874361, 1e-12);
  const Interval all = wilson_interval(10, 10);
  EXPECT_NEAR(all.lower, 0.7224672001371106, 1e-12);
  EXPECT_EQ(all.upper, 1.0);
  const Interval three = wilson_interval(3, 10);
  EXPECT_NEAR(three.lower, 0.10779126740630104, 1e-12);
  EXPECT_NEAR(three.upper, 0.6032218525388546, 1e-12);
  const Interval ninety = wilson_interval(7, 20, 0.9);
  EXPECT_NEAR(ninety.lower, 0.202260040056761, 1e-12);
  EXPECT_NEAR(ninety.upper, 0.5334873111515284, 1e-12);
  const Interval empty = wilson_interval(0, 0);
  EXPECT_EQ(empty.lower, 0.0);
  EXPECT_EQ(empty.upper, 1.0);
}

TEST(PairedBrier, MeanAndStandardErrorOfTheRowDifferences) {
  Eigen::VectorXd a(4);
  a << 0.9, 0.2, 0.6, 0.5;
  Eigen::VectorXd b(4);
  b << 0.5, 0.5, 0.5, 0.5;
  Eigen::VectorXd y(4);
  y << 1, 0, 0, 1;
  // d = (0.01 - 0.25, 0.04 - 0.25, 0.36 - 0.25, 0.25 - 0.25)
  const std::vector<double> d{0.01 - 0.25, 0.04 - 0.25, 0.36 - 0.25, 0.0};
  const double mean = (d[0] + d[1] + d[2] + d[3]) / 4.0;
  double ss = 0.0;
  for (const double v : d) {
    ss += (v - mean) * (v - mean);
  }
  const double se = std::sqrt(ss / 3.0 / 4.0);
  const PairedDifference p = paired_brier(a, b, y);
  EXPECT_NEAR(p.difference, mean, 1e-14);
  EXPECT_NEAR(p.se, se, 1e-14);
  EXPECT_NEAR(p.ci.lower, mean - 1.959963984540054 * se, 1e-12);
  EXPECT_NEAR(p.ci.upper, mean + 1.959963984540054 * se, 1e-12);
  EXPECT_EQ(paired_brier(a, a, y).difference, 0.0);
}

// ---- calibration ----------------------------------------------------------------

double sigmoid(double t) { return 1.0 / (1.0 + std::exp(-t)); }

struct Synthetic {
  Eigen::VectorXd p;
  Eigen::VectorXd y;
};

// y ~ Bernoulli(p) for p = σ(t), t ~ N(0, 1.5²): calibrated by construction.
Synthetic calibrated(int n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.5);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Synthetic s{Eigen::VectorXd(n), Eigen::VectorXd(n)};
  for (int r = 0; r < n; ++r) {
    s.p[r] = sigmoid(normal(rng));
    s.y[r] = unit(rng) < s.p[r] ? 1.0 : 0.0;
  }
  return s;
}

TEST(Calibration, CalibratedDataHaveSlopeOneAndBinsCoverEveryRow) {
  const Synthetic s = calibrated(20000, 11);
  const Calibration c = calibration(s.p, s.y);
  ASSERT_TRUE(c.slope_defined);
  EXPECT_GT(c.slope_se, 0.005);
  EXPECT_LT(c.slope_se, 0.05);
  EXPECT_NEAR(c.slope, 1.0, 4.0 * c.slope_se);
  EXPECT_NEAR(c.intercept, 0.0, 0.08);
  EXPECT_NEAR(c.mean_predicted, c.mean_observed, 0.02);
  double brier = 0.0;
  double log_loss = 0.0;
  for (Eigen::Index r = 0; r < s.p.size(); ++r) {
    brier += (s.p[r] - s.y[r]) * (s.p[r] - s.y[r]);
    log_loss -= s.y[r] * std::log(s.p[r]) + (1 - s.y[r]) * std::log(1 - s.p[r]);
  }
  EXPECT_NEAR(c.brier, brier / 20000.0, 1e-12);
  EXPECT_NEAR(c.log_loss, log_loss / 20000.0, 1e-12);
  ASSERT_EQ(c.bins.size(), 10U);  // clamp(20000 / 20, 2, 10)
  Index rows = 0;
  int inside = 0;
  for (std::size_t k = 0; k < c.bins.size(); ++k) {
    const CalibrationBin& b = c.bins[k];
    rows += b.count;
    EXPECT_EQ(b.count, 2000);
    if (k > 0) {
      EXPECT_GT(b.mean_predicted, c.bins[k - 1].mean_predicted);
    }
    EXPECT_LE(b.observed_ci.lower, b.mean_observed);
    EXPECT_GE(b.observed_ci.upper, b.mean_observed);
    inside += b.observed_ci.lower <= b.mean_predicted && b.mean_predicted <= b.observed_ci.upper;
  }
  EXPECT_EQ(rows, 20000);
  EXPECT_GE(inside, 8);
}

TEST(Calibration, TooExtremePredictionsHaveSlopeBelowOne) {
  Synthetic s = calibrated(20000, 12);
  for (Eigen::Index r = 0; r < s.p.size(); ++r) {  // logit doubled: overconfident
    s.p[r] = sigmoid(2.0 * std::log(s.p[r] / (1.0 - s.p[r])));
  }
  const Calibration c = calibration(s.p, s.y, 4);
  ASSERT_TRUE(c.slope_defined);
  EXPECT_NEAR(c.slope, 0.5, 4.0 * c.slope_se);
  EXPECT_EQ(c.bins.size(), 4U);
}

TEST(Calibration, UndefinedSlopeIsSaidAndBinsAreCapped) {
  Eigen::VectorXd p(5);
  p << 0.1, 0.2, 0.3, 0.7, 0.9;
  Eigen::VectorXd y(5);
  y << 0, 0, 0, 1, 1;  // separated by p
  Calibration c = calibration(p, y, 9);
  EXPECT_FALSE(c.slope_defined);
  EXPECT_TRUE(std::isnan(c.slope));
  EXPECT_TRUE(std::isnan(c.slope_se));
  ASSERT_EQ(c.bins.size(), 5U);  // at most one bin per row
  EXPECT_EQ(c.bins[3].mean_predicted, 0.7);
  y.setZero();  // one class
  EXPECT_FALSE(calibration(p, y).slope_defined);
  EXPECT_EQ(calibration(p, y).bins.size(), 2U);  // clamp(5 / 20, 2, 10)
  Eigen::VectorXd edges(4);
  edges << 0.0, 1.0, 0.5, 0.5;  // 0 and 1 are probabilities too
  Eigen::VectorXd labels(4);
  labels << 0, 1, 0, 1;
  c = calibration(edges, labels);
  EXPECT_TRUE(std::isfinite(c.log_loss));
  EXPECT_NEAR(c.brier, 0.125, 1e-15);
}

// ---- errors -------------------------------------------------------------------------

template <class F>
std::string message(F f) {
  try {
    f();
    return "no error";
  } catch (const InvalidArgument& e) {
    return e.what();
  }
}

TEST(ValidationErrors, NameTheArgumentAndIndex) {
  IndexVector groups(4);
  groups << 0, 1, -1, 2;
  EXPECT_EQ(message([&] { (void)grouped_folds(groups); }),
            "[kobling.array.bad_group] groups[2]: must be >= 0, got -1");
  groups << 0, 1, 1, 2;
  EXPECT_EQ(message([&] { (void)grouped_folds(groups, 4); }),
            "[kobling.fit.bad_folds] n_folds: must be between 2 and the number of groups (3), "
            "got 4");
  EXPECT_EQ(message([&] { (void)grouped_folds(groups, 1); }),
            "[kobling.fit.bad_folds] n_folds: must be between 2 and the number of groups (3), "
            "got 1");
  EXPECT_EQ(message([&] { (void)grouped_folds(IndexVector::Constant(3, 7)); }),
            "[kobling.fit.bad_folds] groups: cross-validation by group needs at least 2 groups, "
            "got 1");

  Eigen::VectorXd p(4);
  p << 0.1, 0.2, 0.3, 1.5;
  Eigen::VectorXd y(4);
  y << 1, 1, 1, 1;
  EXPECT_EQ(message([&] { (void)calibration(p, y); }),
            "[kobling.array.bad_probability] probabilities[3]: must be in [0, 1], got 1.5");
  EXPECT_EQ(message([&] { (void)auc_delong(p, y); }),
            "[kobling.fit.one_class] labels: the AUC needs both classes, got 4 positive and 0 "
            "negative rows");
  EXPECT_EQ(message([&] { (void)paired_brier(p, p, y); }),
            "[kobling.array.bad_probability] p_a[3]: must be in [0, 1], got 1.5");
  p[3] = std::nan("");
  EXPECT_EQ(message([&] { (void)calibration(p, y); }),
            "[kobling.array.bad_probability] probabilities[3]: must be in [0, 1], got nan");
  EXPECT_EQ(message([&] { (void)auc_delong(p, y); }),
            "[kobling.array.not_finite] scores[3]: value nan is not finite");
  p[3] = 0.5;
  y[1] = 2;
  EXPECT_EQ(message([&] { (void)auc_delong(p, y); }),
            "[kobling.array.bad_label] labels[1]: must be 0 or 1, got 2");
  EXPECT_EQ(message([&] { (void)calibration(p, y); }),
            "[kobling.array.bad_label] labels[1]: must be 0 or 1, got 2");
  y[1] = 0;
  EXPECT_EQ(message([&] { (void)auc_delong(p, y.head(3)); }),
            "[kobling.array.shape] labels: has 3 values, scores has 4");
  EXPECT_EQ(message([&] { (void)auc_delong_paired(p, p.head(2), y); }),
            "[kobling.array.shape] scores_b: has 2 values, scores_a has 4");
  EXPECT_EQ(message([&] { (void)calibration(Eigen::VectorXd(), Eigen::VectorXd()); }),
            "[kobling.array.shape] labels: has no rows: nothing to evaluate");
  EXPECT_EQ(message([&] { (void)auc_delong(p, y, 1.0); }),
            "[kobling.array.bad_option] confidence: must be in (0, 1), got 1");
  EXPECT_EQ(message([&] { (void)calibration(p, y, -1); }),
            "[kobling.array.bad_option] bins: must be >= 0 (0: clamp(N / 20, 2, 10)), got -1");
  EXPECT_EQ(message([&] { (void)wilson_interval(11, 10); }),
            "[kobling.array.bad_option] successes: must be in [0, trials] with trials >= 0, got "
            "11 of 10");
}

}  // namespace
}  // namespace kobling
