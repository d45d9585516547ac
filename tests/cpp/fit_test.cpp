// Weights learned from outcomes (fit.hpp): the design matrix against explain(),
// recovery of known true weights as the data grow, the adopt-or-keep decision
// (few data, hand = truth, truth far from hand), cross-validation by whole
// intakes, protected features, applying a profile (with_weights) and the
// pinned errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kobling/errors.hpp"
#include "kobling/fit.hpp"
#include "kobling/json_io.hpp"
#include "kobling/outcomes.hpp"
#include "kobling/scoring.hpp"
#include "kobling/synthetic_intakes.hpp"
#include "kobling/validation.hpp"
#include "test_support.hpp"

namespace kobling {
namespace {

using test::message_of;
using test::numbered;

using nlohmann::json;

Kickoff trondelag() { return load_kickoff(KOBLING_DATA_DIR "/kickoff_trondelag.json"); }

// Intakes from the plain template (f1..f4 numeric in [0, 1], hand weights equal).
std::vector<Intake> plain_intakes(Index intakes, Index candidates,
                                  std::vector<std::pair<std::string, double>> truth,
                                  std::uint64_t seed, double censored = 0.0) {
  const Kickoff templ =
      make_plain_template(candidates, std::max<Index>(4, candidates / 4), 4, seed);
  SyntheticIntakeOptions o;
  o.intakes = intakes;
  o.candidates = candidates;
  o.true_weights = std::move(truth);
  o.strength = 5.0;
  o.intercept = -1.0;
  o.censored = censored;
  o.seed = seed;
  return make_synthetic_intakes(templ, o);
}

std::size_t column_of(const std::vector<std::string>& features, const std::string& f) {
  return static_cast<std::size_t>(std::find(features.begin(), features.end(), f) -
                                  features.begin());
}

// --- the design matrix -----------------------------------------------------------------

TEST(Fit, DesignMatrixIsExplainOfEveryLabelledPlacement) {
  const Kickoff templ = trondelag();
  SyntheticIntakeOptions o;
  o.intakes = 2;
  o.censored = 0.2;  // censored placements have no row
  o.seed = 7;
  const std::vector<Intake> intakes = make_synthetic_intakes(templ, o);
  std::vector<std::string> features;
  for (const FeatureSpec& s : templ.features()) {
    features.push_back(s.name);  // every kind: numeric, ordinal, boolean, pair features
  }
  const DesignMatrix d = design_matrix(intakes, features);
  ASSERT_EQ(d.features, features);
  ASSERT_EQ(d.x.cols(), static_cast<Eigen::Index>(features.size()));
  // The rows are exactly the placed candidates labelled good or bad, intake by intake.
  std::set<std::pair<Index, Index>> expected;
  Index censored = 0;
  for (std::size_t t = 0; t < intakes.size(); ++t) {
    const std::vector<Label> l = labels(intakes[t]);
    for (Index i = 0; i < intakes[t].kickoff().num_candidates(); ++i) {
      const Label li = l[static_cast<std::size_t>(i)];
      if (intakes[t].company_of()(i) == kNone) {
        continue;
      }
      censored += li == Label::censored ? 1 : 0;
      if (li == Label::good || li == Label::bad) {
        expected.emplace(static_cast<Index>(t), i);
      }
    }
  }
  EXPECT_GT(censored, 0);  // the case of a placement without a row occurs
  ASSERT_EQ(d.y.size(), static_cast<Eigen::Index>(expected.size()));
  std::set<std::pair<Index, Index>> seen;
  for (Eigen::Index r = 0; r < d.y.size(); ++r) {
    const Intake& in = intakes[static_cast<std::size_t>(d.intake(r))];
    const Index i = d.candidate(r);
    const Index j = d.company(r);
    ASSERT_EQ(in.company_of()(i), j);
    seen.emplace(d.intake(r), i);
    const Explanation e = explain(in.kickoff(), i, j);
    for (Eigen::Index f = 0; f < d.x.cols(); ++f) {
      EXPECT_EQ(d.x(r, f), e.contributions[static_cast<std::size_t>(f)].phi)
          << "row " << r << " feature " << features[static_cast<std::size_t>(f)];
    }
    EXPECT_EQ(d.hand_score(r), e.score) << r;
    const Label l = labels(in)[static_cast<std::size_t>(i)];
    EXPECT_EQ(d.y(r), l == Label::good ? 1.0 : 0.0);
    EXPECT_EQ(d.weight(r), 1.0);
  }
  EXPECT_EQ(seen, expected);
  EXPECT_THROW((void)design_matrix(intakes, {"grit"}), OutOfRange);

  // Balanced: every intake's rows weigh the same in total (N / intakes).
  const DesignMatrix b = design_matrix(intakes, features, {}, true);
  std::vector<double> total(intakes.size(), 0.0);
  for (Eigen::Index r = 0; r < b.y.size(); ++r) {
    total[static_cast<std::size_t>(b.intake(r))] += b.weight(r);
  }
  for (const double t : total) {
    EXPECT_NEAR(t, static_cast<double>(b.y.size()) / 2.0, 1e-9);
  }
}

// --- recovery ----------------------------------------------------------------------------

// max |ŵ - w*| over the features, for 4 intakes of n candidates each.
double recovery_error(Index n, std::uint64_t seed, Index* rows) {
  const std::vector<std::pair<std::string, double>> truth = {
      {"f1", 0.5}, {"f2", 0.3}, {"f3", 0.2}, {"f4", 0.0}};
  const std::vector<Intake> intakes = plain_intakes(4, n, truth, seed);
  FitOptions o;
  o.l2 = 0.1;
  const FitResult fit = fit_weights(intakes, o);
  EXPECT_TRUE(fit.profile.usable);
  *rows = static_cast<Index>(fit.design.y.size());
  double worst = 0.0;
  for (const auto& [f, w] : truth) {
    const std::size_t c = column_of(fit.profile.features, f);
    const double learned = c < fit.profile.weights.size() ? fit.profile.weights[c] : 0.0;
    worst = std::max(worst, std::abs(learned - w));
  }
  return worst;
}

// As the data grow, the fit recovers the true weights w* = (.5, .3, .2, 0)
// (strength 5, intercept -1, λ = 0.1): the mean of max_f |ŵ_f - w*_f| over 5
// seeds shrinks with every size, and at the largest every seed is within 0.03.
// Measured (Release, GCC 12; rows = labelled placements of 4 intakes of n
// candidates, every placement labelled, about 43-56% of candidates placed):
//   n =    400:    ~900 rows, errors .088 .156 .039 .049 .011 (mean .069)
//   n =  1 600:  ~3 260 rows, errors .047 .058 .024 .084 .019 (mean .047)
//   n =  6 400: ~11 950 rows, errors .001 .021 .022 .005 .041 (mean .018)
//   n = 25 600: ~44 600 rows, errors .008 .008 .013 .007 .004 (mean .008)
// which is the 1/sqrt(N) of an unbiased estimate (selection on the old
// scores, a function of φ, does not bias the fit).
TEST(Fit, RecoversTheTrueWeightsAsDataGrow) {
  constexpr std::uint64_t kSeeds = 5;
  const std::vector<Index> sizes = {400, 1600, 6400, 25600};
  std::vector<double> mean_error;
  std::vector<double> worst_error;
  for (const Index n : sizes) {
    double sum = 0.0;
    double worst = 0.0;
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
      Index rows = 0;
      const double e = recovery_error(n, seed, &rows);
      EXPECT_GT(3 * rows, 4 * n) << "fewer than a third of the candidates placed";
      sum += e;
      worst = std::max(worst, e);
    }
    mean_error.push_back(sum / static_cast<double>(kSeeds));
    worst_error.push_back(worst);
  }
  for (std::size_t s = 1; s < sizes.size(); ++s) {
    EXPECT_LT(mean_error[s], mean_error[s - 1]) << "n = " << sizes[s];
  }
  EXPECT_LT(worst_error.back(), 0.03);
}

// --- the decision ----------------------------------------------------------------------------

TEST(Fit, FewDataKeepTheHandWeights) {
  SyntheticIntakeOptions o;
  o.intakes = 1;
  o.seed = 3;
  const std::vector<Intake> intakes = make_synthetic_intakes(trondelag(), o);
  const FitResult fit = fit_weights(intakes);  // 14 features, age protected: 13 weights
  EXPECT_EQ(fit.decision, Decision::keep_hand_weights);
  EXPECT_FALSE(fit.validation.has_value());  // one intake: nothing to hold out
  EXPECT_EQ(fit.why,
            (std::vector<std::string>{
                "28 placements with known outcomes in 1 intake (14 not good): cross-validation "
                "holds out whole intakes, so it needs two or more with known outcomes; the hand "
                "weights stay.",
                "28 placements with known outcomes in 1 intake (14 not good): too few to learn 13 "
                "weights, which needs at least 130 of the rarer outcome; the hand weights "
                "stay."}));
  const std::string report = format_fit(fit);
  EXPECT_NE(report.find("Decision: keep the hand weights"), std::string::npos) << report;
}

TEST(Fit, TrueWeightsEqualToTheHandOnesAreKept) {
  // Empty true weights: equal on every feature, as the plain template's hand weights.
  const std::vector<Intake> intakes = plain_intakes(4, 1000, {}, 11);
  const FitResult fit = fit_weights(intakes);
  ASSERT_TRUE(fit.validation.has_value());
  const PairedDifference& gain = fit.validation->auc.difference;
  // Measured: gain -0.006 (95% CI -0.012 to +0.001) over 2 226 rows.
  EXPECT_FALSE(gain.ci.lower > 0.0);
  EXPECT_EQ(fit.decision, Decision::keep_hand_weights);
  // Kept for the validation, not for want of data.
  ASSERT_FALSE(fit.why.empty());
  EXPECT_EQ(fit.why[0].rfind("the learned weights do not rank outcomes clearly better than the "
                             "hand weights on held-out intakes: AUC ",
                             0),
            0U)
      << fit.why[0];
  for (const std::string& w : fit.why) {
    EXPECT_EQ(w.find("too few"), std::string::npos) << w;
  }
  for (const double w : fit.profile.weights) {
    EXPECT_NEAR(w, 0.25, 0.1);
  }
}

FitResult far_from_hand_fit() {
  const std::vector<Intake> intakes =
      plain_intakes(4, 3000, {{"f1", 1.0}, {"f2", 0.0}, {"f3", 0.0}, {"f4", 0.0}}, 5);
  return fit_weights(intakes);
}

TEST(Fit, TrueWeightsFarFromTheHandOnesAreAdopted) {
  const FitResult fit = far_from_hand_fit();
  ASSERT_TRUE(fit.validation.has_value());
  const FitValidation& v = *fit.validation;
  // Measured: gain +0.147 (95% CI +0.132 to +0.162), Brier -0.032, 5 935 rows.
  EXPECT_EQ(fit.decision, Decision::adopt) << format_fit(fit);
  EXPECT_TRUE(fit.why.empty());
  EXPECT_GT(v.auc.difference.ci.lower, 0.0);
  EXPECT_LT(v.brier.difference, 0.0);
  EXPECT_GT(fit.profile.weights[column_of(fit.profile.features, "f1")], 0.8);
  EXPECT_NE(format_fit(fit).find("Decision: adopt the learned weights"), std::string::npos);
}

TEST(Fit, CrossValidationNeverMixesIntakes) {
  const FitResult fit = far_from_hand_fit();
  ASSERT_TRUE(fit.validation.has_value());
  const FitValidation& v = *fit.validation;
  const CheckReport check = check_grouped_folds(fit.design.intake, v.fold);
  EXPECT_TRUE(check.ok) << (check.violations.empty() ? "" : check.violations.front());
  const Index folds = v.fold.maxCoeff() + 1;
  ASSERT_EQ(static_cast<Index>(v.folds.size()), folds);
  EXPECT_EQ(folds, 4);  // one fold per intake up to 10 intakes
  for (Index k = 0; k < folds; ++k) {
    std::set<std::string> test;
    std::set<std::string> train;
    Index rows = 0;
    for (Eigen::Index r = 0; r < v.fold.size(); ++r) {
      const std::string id = numbered("synthetic-", fit.design.intake(r) + 1);
      if (v.fold(r) == k) {
        test.insert(id);
        ++rows;
      } else {
        train.insert(id);
      }
    }
    const FoldResult& fr = v.folds[static_cast<std::size_t>(k)];
    EXPECT_EQ(std::set<std::string>(fr.test_intakes.begin(), fr.test_intakes.end()), test);
    EXPECT_EQ(fr.rows, rows);
    for (const std::string& id : fr.test_intakes) {
      EXPECT_FALSE(train.contains(id)) << "fold " << k << " trains and tests on " << id;
    }
  }
  // Fewer folds than intakes, dealt by the seed: still whole intakes.
  const std::vector<Intake> six = plain_intakes(6, 300, {{"f1", 1.0}}, 8);
  FitOptions o;
  o.folds = 3;
  o.seed = 99;
  const FitResult three = fit_weights(six, o);
  ASSERT_TRUE(three.validation.has_value());
  EXPECT_TRUE(check_grouped_folds(three.design.intake, three.validation->fold).ok);
  EXPECT_EQ(three.validation->folds.size(), 3U);
  for (const FoldResult& fr : three.validation->folds) {
    EXPECT_EQ(fr.test_intakes.size(), 2U);
  }
}

// --- protected features ----------------------------------------------------------------------

// f1..f4 numeric in [0, 1], f4 protected; companies weigh f1..f3 equally.
Kickoff protected_template(Index n, Index m, std::uint64_t seed) {
  std::uint64_t state = seed;
  const auto uniform = [&state] {  // SplitMix64
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
  };
  KickoffBuilder b;
  b.name("protected template").max_preferences(3);
  for (int f = 1; f <= 4; ++f) {
    FeatureSpec s;
    s.name = numbered("f", f);
    s.is_protected = f == 4;
    b.add_feature(s, "feature");
  }
  for (Index j = 0; j < m; ++j) {
    b.add_company(numbered("k", j + 1), "", "", 3, "company");
    for (int f = 1; f <= 3; ++f) {
      b.set_weight(j, numbered("f", f), 1.0, "company");
    }
  }
  for (Index i = 0; i < n; ++i) {
    const Index c = b.add_candidate(numbered("c", i + 1), "candidate");
    for (int f = 1; f <= 4; ++f) {
      b.set_number(c, numbered("f", f), uniform(), "candidate");
    }
    b.set_wishes(c, test::distinct_wishes(uniform, m, 3), "wishes");
  }
  return b.build();
}

std::vector<Intake> protected_intakes() {
  SyntheticIntakeOptions o;
  o.intakes = 3;
  o.true_weights = {{"f1", 0.3}, {"f4", 0.7}};  // the protected attribute drives outcomes
  o.strength = 5.0;
  o.intercept = -1.0;
  o.seed = 13;
  return make_synthetic_intakes(protected_template(600, 100, 2), o);
}

TEST(Fit, ProtectedFeaturesAreNeverColumns) {
  const std::vector<Intake> intakes = protected_intakes();
  const FitResult fit = fit_weights(intakes);
  EXPECT_EQ(fit.profile.features, (std::vector<std::string>{"f1", "f2", "f3"}));
  EXPECT_EQ(fit.design.features, fit.profile.features);
  EXPECT_EQ(fit.profile.protected_features, std::vector<std::string>{"f4"});
  const auto fate = std::find_if(fit.features.begin(), fit.features.end(),
                                 [](const FeatureFate& f) { return f.feature == "f4"; });
  ASSERT_NE(fate, fit.features.end());
  EXPECT_EQ(fate->status, "protected");
  EXPECT_EQ(fate->detail, "protected: never weighted");
  ASSERT_TRUE(fit.profile.usable);
  WithWeightsOptions force;
  force.force = true;
  const Kickoff next = with_weights(intakes[0].kickoff(), fit, force);
  const Index f4 = *next.find_feature("f4");
  for (Index j = 0; j < next.num_companies(); ++j) {
    EXPECT_EQ(next.company(j).weights[static_cast<std::size_t>(f4)], 0.0);
  }
  // Named as a feature to learn: refused.
  FitOptions o;
  o.features = {"f1", "f4"};
  EXPECT_EQ(message_of([&] { (void)fit_weights(intakes, o); }),
            "[kobling.fit.bad_option] features: feature \"f4\" is protected and cannot be "
            "learned");
}

// --- applying a profile ------------------------------------------------------------------

WeightProfile profile_of(std::vector<std::string> features, std::vector<double> weights) {
  WeightProfile p;
  p.features = std::move(features);
  p.weights = std::move(weights);
  p.coefficients = p.weights;
  p.scale = 1.0;
  p.usable = true;
  return p;
}

TEST(Fit, WithWeightsSetsTheProfileAtTheChosenCompanies) {
  const Kickoff k = make_plain_template(50, 6, 4, 3);
  const WeightProfile p = profile_of({"f1", "f2"}, {0.7, 0.3});
  const Kickoff all = with_weights(k, p, true);
  for (Index j = 0; j < all.num_companies(); ++j) {
    const std::vector<double>& w = all.company(j).weights;
    EXPECT_DOUBLE_EQ(std::accumulate(w.begin(), w.end(), 0.0), 1.0);
    EXPECT_EQ(w, (std::vector<double>{0.7, 0.3, 0.0, 0.0}));
  }
  WithWeightsOptions only;
  only.companies = {"k2"};
  const Kickoff one = with_weights(k, p, true, only);
  for (Index j = 0; j < one.num_companies(); ++j) {
    EXPECT_EQ(one.company(j).weights, j == 1 ? all.company(j).weights : k.company(j).weights) << j;
  }
  only.companies = {"k99"};
  EXPECT_THROW((void)with_weights(k, p, true, only), OutOfRange);
}

TEST(Fit, WithWeightsRefusesAnUnvalidatedProfileUnlessForced) {
  const std::vector<Intake> intakes = plain_intakes(4, 1000, {}, 11);  // kept (above)
  const FitResult fit = fit_weights(intakes);
  ASSERT_EQ(fit.decision, Decision::keep_hand_weights);
  ASSERT_TRUE(fit.profile.usable);
  const Kickoff& k = intakes[0].kickoff();
  EXPECT_EQ(message_of([&] { (void)with_weights(k, fit); }),
            "[kobling.weights.not_validated] profile: the fit's validation kept the hand "
            "weights; pass force to apply the learned weights anyway");
  WithWeightsOptions force;
  force.force = true;
  const Kickoff next = with_weights(k, fit, force);
  for (std::size_t f = 0; f < fit.profile.features.size(); ++f) {
    const auto c = static_cast<std::size_t>(*next.find_feature(fit.profile.features[f]));
    EXPECT_EQ(next.company(0).weights[c], fit.profile.weights[f]);
  }
}

TEST(Fit, WithWeightsRefusals) {
  const Kickoff k = parse_kickoff(R"({
    "features": [{"name": "motivation", "kind": "numeric", "min": 0, "max": 5},
                 {"name": "age", "kind": "numeric", "min": 16, "max": 35, "protected": true}],
    "companies": [{"id": "k1", "capacity": 1, "weights": {"motivation": 1}}],
    "candidates": [{"id": "c1", "features": {"motivation": 3, "age": 19},
                    "preferences": ["k1"]}]})");
  EXPECT_EQ(message_of([&] { (void)with_weights(k, profile_of({"grit"}, {1.0}), true); }),
            "[kobling.weights.unknown_feature] profile: the kick-off has no feature \"grit\"");
  EXPECT_THROW((void)with_weights(k, profile_of({"grit"}, {1.0}), true), OutOfRange);
  EXPECT_EQ(message_of([&] {
              (void)with_weights(k, profile_of({"motivation", "age"}, {0.5, 0.5}), true);
            }),
            "[kobling.weights.protected] profile: feature \"age\" is protected in this "
            "kick-off and cannot be weighted");
  // A profile that weighs one of its own protected features (a hand-edited
  // weights file): refused too, since those are always weighted 0.
  WeightProfile contradictory = profile_of({"motivation"}, {1.0});
  contradictory.protected_features = {"motivation"};
  EXPECT_EQ(message_of([&] { (void)with_weights(k, contradictory, true); }),
            "[kobling.weights.protected] profile: feature \"motivation\" is protected in these "
            "weights and cannot be weighted");
  WeightProfile unusable = profile_of({"motivation"}, {});
  unusable.coefficients = {-0.4};
  unusable.usable = false;
  EXPECT_EQ(message_of([&] { (void)with_weights(k, unusable, true); }),
            "[kobling.weights.not_usable] profile: the learned coefficients cannot be weights (a "
            "negative effect, or none above 0); keep the hand weights");
}

TEST(Fit, WithWeightsDropsAPairWeightWhereTheCompanyHasNoTarget) {
  const Kickoff k = parse_kickoff(R"({
    "features": [{"name": "motivation", "kind": "numeric", "min": 0, "max": 5},
                 {"name": "municipality", "kind": "categorical"}],
    "companies": [{"id": "k1", "capacity": 1, "weights": {"motivation": 1},
                   "targets": {"municipality": ["5001"]}},
                  {"id": "k2", "capacity": 1, "weights": {"motivation": 1}}],
    "candidates": [{"id": "c1", "features": {"motivation": 3, "municipality": "5001"},
                    "preferences": ["k1", "k2"]}]})");
  std::vector<Warning> warnings;
  const Kickoff next =
      with_weights(k, profile_of({"motivation", "municipality"}, {0.6, 0.4}), true, {}, &warnings);
  ASSERT_EQ(warnings.size(), 1U);
  EXPECT_EQ(warnings[0].message(),
            "[kobling.warn.weight_dropped] feature \"municipality\": the learned weight does not "
            "apply at 1 company without a target for it (\"k2\"); they weigh it 0 and their "
            "other weights count for more");
  EXPECT_EQ(next.company(0).weights, (std::vector<double>{0.6, 0.4}));
  EXPECT_EQ(next.company(1).weights, (std::vector<double>{0.6, 0.0}));
  // Without a place for warnings the kick-off is the same.
  EXPECT_EQ(with_weights(k, profile_of({"motivation", "municipality"}, {0.6, 0.4}), true)
                .company(1)
                .weights,
            next.company(1).weights);
}

// Plugged into a kick-off, a company's order of its applicants by score is the
// model's order by η = β0 + Σ β φ: η = β0 + B·s exactly (to rounding).
TEST(Fit, LearnedScoresOrderApplicantsAsThePredictedOutcome) {
  const std::vector<Intake> intakes =
      plain_intakes(4, 3000, {{"f1", 1.0}, {"f2", 0.0}, {"f3", 0.0}, {"f4", 0.0}}, 5);
  const FitResult fit = fit_weights(intakes);
  ASSERT_EQ(fit.decision, Decision::adopt);
  const Kickoff& k = intakes[0].kickoff();
  const Kickoff next = with_weights(k, fit);
  const WeightProfile& p = fit.profile;
  Index checked = 0;
  for (Index j = 0; j < std::min<Index>(next.num_companies(), 20); ++j) {
    std::vector<Index> applicants;
    for (Index i = 0; i < next.num_candidates(); ++i) {
      const std::vector<Index>& w = next.candidate(i).wishes;
      if (std::find(w.begin(), w.end(), j) != w.end()) {
        applicants.push_back(i);
      }
    }
    std::vector<double> score;
    std::vector<double> eta;
    for (const Index i : applicants) {
      const Explanation e = explain(next, i, j);
      double h = p.intercept;
      for (std::size_t f = 0; f < p.features.size(); ++f) {
        h += p.coefficients[f] *
             e.contributions[static_cast<std::size_t>(*next.find_feature(p.features[f]))].phi;
      }
      score.push_back(e.score);
      eta.push_back(h);
      EXPECT_NEAR(h, p.intercept + p.scale * e.score, 1e-9);
    }
    std::vector<std::size_t> by_score(applicants.size());
    std::iota(by_score.begin(), by_score.end(), 0);
    std::vector<std::size_t> by_eta = by_score;
    std::stable_sort(by_score.begin(), by_score.end(),
                     [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
    std::stable_sort(by_eta.begin(), by_eta.end(),
                     [&](std::size_t a, std::size_t b) { return eta[a] > eta[b]; });
    EXPECT_EQ(by_score, by_eta) << "company " << j;
    checked += static_cast<Index>(applicants.size()) > 1 ? 1 : 0;
  }
  EXPECT_GT(checked, 5);
}

// --- what cannot become weights ---------------------------------------------------------

// The intake with its placements' outcomes redrawn: good exactly when f1 < 0.5.
Intake good_when_f1_low(const Intake& in, const std::string& id) {
  const Kickoff& k = in.kickoff();
  const FeatureColumn& f1 = k.columns()[static_cast<std::size_t>(*k.find_feature("f1"))];
  std::vector<OutcomeRecord> records;
  for (Index i = 0; i < k.num_candidates(); ++i) {
    const Index j = in.company_of()(i);
    if (j == kNone) {
      continue;
    }
    OutcomeRecord r;
    r.candidate = i;
    r.company = j;
    r.events.push_back({OutcomeStatus::started, Date{in.info().date.days + 14}, "", ""});
    if (f1.value[static_cast<std::size_t>(i)] < 0.5) {
      r.events.push_back({OutcomeStatus::completed, Date{in.info().date.days + 150}, "", ""});
    } else {
      r.events.push_back(
          {OutcomeStatus::dropped_out, Date{in.info().date.days + 70}, "motivation", ""});
    }
    records.push_back(std::move(r));
  }
  IntakeInfo info = in.info();
  info.id = id;
  return make_intake(in.kickoff_ptr(), info, in.company_of(), std::move(records));
}

TEST(Fit, ANegativeEffectCannotBecomeWeights) {
  const std::vector<Intake> base = plain_intakes(2, 400, {}, 6);
  const std::vector<Intake> intakes = {good_when_f1_low(base[0], "low-1"),
                                       good_when_f1_low(base[1], "low-2")};
  FitOptions o;
  o.monotone = {{"f1", Monotone::free}};
  const FitResult fit = fit_weights(intakes, o);
  ASSERT_EQ(fit.model.status, LogisticStatus::optimal);
  EXPECT_LT(fit.profile.coefficients[column_of(fit.profile.features, "f1")], 0.0);
  EXPECT_FALSE(fit.profile.usable);
  EXPECT_TRUE(fit.profile.weights.empty());
  EXPECT_EQ(fit.decision, Decision::keep_hand_weights);
  EXPECT_NE(std::find(fit.why.begin(), fit.why.end(),
                      "a learned effect is negative (\"f1\"), which kobling weights cannot "
                      "express; the hand weights stay."),
            fit.why.end());
  WithWeightsOptions force;
  force.force = true;
  EXPECT_THROW((void)with_weights(intakes[0].kickoff(), fit, force), InvalidArgument);
  // Written and read back, the profile stays unusable.
  const SavedWeights saved = weights_from_json(weights_to_json(fit));
  EXPECT_FALSE(saved.profile.usable);
  EXPECT_FALSE(saved.validated);
  // Increasing (the default): f1 sits at its bound 0 and its weight is 0.
  const FitResult boxed = fit_weights(intakes);
  const std::size_t c = column_of(boxed.profile.features, "f1");
  ASSERT_LT(c, boxed.profile.coefficients.size());
  EXPECT_EQ(boxed.profile.coefficients[c], 0.0);

  // Without a penalty the classes are separable by f1: no finite optimum.
  o.l2 = 0.0;
  const FitResult separated = fit_weights(intakes, o);
  EXPECT_EQ(separated.model.status, LogisticStatus::separated);
  EXPECT_FALSE(separated.profile.usable);
  EXPECT_NE(std::find(separated.why.begin(), separated.why.end(),
                      "the fit did not reach an optimum (separated; use l2 > 0); the hand "
                      "weights stay."),
            separated.why.end());
}

// --- errors ----------------------------------------------------------------------------------

TEST(Fit, Errors) {
  EXPECT_EQ(message_of([] { (void)fit_weights(std::vector<Intake>{}); }),
            "[kobling.fit.no_intakes] intakes: no intake given; load at least one with "
            "outcomes");
  const std::vector<Intake> a = plain_intakes(2, 200, {}, 4);
  const std::vector<Intake> twice = {a[0], a[1], a[0]};
  EXPECT_EQ(message_of([&] {
              (void)fit_weights(std::vector<Intake>{a[0], a[0]});
            }),
            "[kobling.intake.duplicate_id] intakes[1]: intake id \"synthetic-1\" is also "
            "intakes[0]; intake ids must be unique");
  EXPECT_THROW((void)fit_weights(twice), InvalidArgument);

  // An intake without outcomes: nothing to learn from.
  IntakeInfo info;
  info.id = "no-outcomes";
  info.date = a[0].info().date;
  const Intake empty = make_intake(a[0].kickoff_ptr(), info, a[0].company_of(), {});
  EXPECT_EQ(message_of([&] { (void)fit_weights(std::vector<Intake>{empty}); }),
            "[kobling.fit.no_rows] intakes: 0 placements with a known outcome, 0 good and "
            "0 not: a fit needs both kinds; record outcomes (started, completed, "
            "dropped_out, destinations) for the placements");

  // f1 declared on [0, 10] in another intake: asked for, a mismatch; not asked
  // for, the feature is left out ("differs").
  json doc = intake_to_json(a[1]);
  doc["id"] = "other";
  doc["kickoff"]["features"][0]["max"] = 10;
  const Intake other = intake_from_json(doc);
  FitOptions o;
  o.features = {"f1", "f2"};
  EXPECT_EQ(message_of([&] {
              (void)fit_weights(std::vector<Intake>{a[0], other}, o);
            }),
            "[kobling.fit.feature_mismatch] features: feature \"f1\" is declared "
            "differently in intakes \"synthetic-1\" and \"other\" (range [0, 1] vs [0, "
            "10])");
  const FitResult loose = fit_weights(std::vector<Intake>{a[0], other});
  EXPECT_EQ(loose.features[0].status, "differs");
  EXPECT_EQ(column_of(loose.profile.features, "f1"), loose.profile.features.size());

  FitOptions negative;
  negative.l2 = -1.0;
  EXPECT_THROW((void)fit_weights(a, negative), InvalidArgument);
  FitOptions unknown;
  unknown.features = {"grit"};
  EXPECT_THROW((void)fit_weights(a, unknown), OutOfRange);
}

}  // namespace
}  // namespace kobling
