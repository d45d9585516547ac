// src/kickoff/fit.cpp — the weight fit: features, design, cross-validation by
// intake, the adopt-or-keep decision, and applying a profile to a kick-off.
#include "kobling/fit.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "common/text.hpp"
#include "kobling/errors.hpp"
#include "kobling/scoring.hpp"

namespace kobling {

using detail::join;
using detail::num;
using detail::quoted;

namespace {

// Events per weight (Peduzzi et al. 1996): outcomes of the rarer kind needed
// per learned coefficient before a fit may replace the hand weights.
constexpr Index kEventsPerWeight = 10;

std::string fixed(double x, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

std::string signed_fixed(double x, int digits) { return (x >= 0 ? "+" : "") + fixed(x, digits); }

bool pair_kind(FeatureKind k) {
  return k == FeatureKind::categorical || k == FeatureKind::skills || k == FeatureKind::location;
}

const FeatureSpec* find_spec(const Kickoff& k, std::string_view name) {
  for (const FeatureSpec& s : k.features()) {
    if (s.name == name) {
      return &s;
    }
  }
  return nullptr;
}

Index feature_index(const Kickoff& k, std::string_view name) {
  for (Index f = 0; f < k.num_features(); ++f) {
    if (k.features()[static_cast<std::size_t>(f)].name == name) {
      return f;
    }
  }
  return kNone;
}

// How two declarations of one feature differ ("" when they do not).
std::string difference(const FeatureSpec& a, const FeatureSpec& b) {
  if (a.kind != b.kind) {
    return "kind " + std::string(to_string(a.kind)) + " vs " + std::string(to_string(b.kind));
  }
  if (a.kind == FeatureKind::numeric && (a.min != b.min || a.max != b.max)) {
    return "range [" + num(a.min) + ", " + num(a.max) + "] vs [" + num(b.min) + ", " + num(b.max) +
           "]";
  }
  if (a.kind == FeatureKind::ordinal && a.levels != b.levels) {
    return "levels " + join(a.levels, "/") + " vs " + join(b.levels, "/");
  }
  return {};
}

struct Chosen {
  std::vector<std::string> features;
  std::vector<FeatureFate> fates;
  std::set<std::string> protected_features;
};

Chosen choose_features(std::span<const Intake> intakes, const FitOptions& o) {
  Chosen out;
  const std::set<std::string> extra(o.protected_features.begin(), o.protected_features.end());
  std::vector<std::string> names;  // in first-seen order
  std::set<std::string> seen;
  for (const Intake& t : intakes) {
    for (const FeatureSpec& s : t.kickoff().features()) {
      if (seen.insert(s.name).second) {
        names.push_back(s.name);
      }
      if (s.is_protected || extra.contains(s.name)) {
        out.protected_features.insert(s.name);
      }
    }
  }
  for (const std::string& p : extra) {
    if (!seen.contains(p)) {
      throw InvalidArgument("kobling.fit.bad_option", "protected",
                            "no intake has a feature " + quoted(p));
    }
  }
  // A feature named in an option must exist and may not be protected.
  const auto check_named = [&](const std::string& f, const char* option) {
    if (!seen.contains(f)) {
      throw OutOfRange("kobling.weights.unknown_feature", option,
                       "no intake has a feature " + quoted(f));
    }
    if (out.protected_features.contains(f)) {
      throw InvalidArgument("kobling.fit.bad_option", option,
                            "feature " + quoted(f) + " is protected and cannot be learned");
    }
  };
  const std::set<std::string> chosen(o.features.begin(), o.features.end());
  for (const std::string& f : o.features) {
    check_named(f, "features");
  }
  for (const auto& [f, m] : o.monotone) {
    check_named(f, "monotone");
  }
  for (const std::string& name : names) {
    FeatureFate fate{name, "fitted", ""};
    if (out.protected_features.contains(name)) {
      fate = {name, "protected", "protected: never weighted"};
    } else if (!chosen.empty() && !chosen.contains(name)) {
      fate = {name, "not_chosen", "not among the features asked for"};
    } else {
      const FeatureSpec* first = nullptr;
      std::string first_id;
      for (const Intake& t : intakes) {
        const FeatureSpec* s = find_spec(t.kickoff(), name);
        if (s == nullptr) {
          if (!chosen.empty()) {
            throw InvalidArgument(
                "kobling.fit.feature_mismatch", "features",
                "feature " + quoted(name) + " is missing from intake " + quoted(t.id()));
          }
          fate = {name, "missing", "missing from intake " + quoted(t.id())};
          break;
        }
        if (first == nullptr) {
          first = s;
          first_id = t.id();
          continue;
        }
        const std::string d = difference(*first, *s);
        if (!d.empty()) {
          const std::string what = "declared differently in intakes " + quoted(first_id) + " and " +
                                   quoted(t.id()) + " (" + d + ")";
          if (!chosen.empty()) {
            throw InvalidArgument("kobling.fit.feature_mismatch", "features",
                                  "feature " + quoted(name) + " is " + what);
          }
          fate = {name, "differs", what};
          break;
        }
      }
    }
    if (fate.status == "fitted") {
      out.features.push_back(name);
    }
    out.fates.push_back(std::move(fate));
  }
  return out;
}

// The L2 fit options for the chosen columns.
LogisticOptions model_options(const std::vector<std::string>& features, const FitOptions& o) {
  LogisticOptions lo;
  lo.l2 = o.l2;
  const auto p = static_cast<Eigen::Index>(features.size());
  lo.lower = Eigen::VectorXd::Zero(p);
  lo.upper = Eigen::VectorXd::Constant(p, std::numeric_limits<double>::infinity());
  for (Eigen::Index f = 0; f < p; ++f) {
    for (const auto& [name, m] : o.monotone) {
      if (name != features[static_cast<std::size_t>(f)]) {
        continue;
      }
      const double inf = std::numeric_limits<double>::infinity();
      lo.lower(f) = m == Monotone::increasing ? 0.0 : -inf;
      lo.upper(f) = m == Monotone::decreasing ? 0.0 : inf;
    }
  }
  return lo;
}

ScoreMatrix rows_of(const ScoreMatrix& x, const std::vector<Eigen::Index>& rows) {
  ScoreMatrix out(static_cast<Eigen::Index>(rows.size()), x.cols());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    out.row(static_cast<Eigen::Index>(r)) = x.row(rows[r]);
  }
  return out;
}

Eigen::VectorXd entries_of(const Eigen::VectorXd& v, const std::vector<Eigen::Index>& rows) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    out(static_cast<Eigen::Index>(r)) = v(rows[r]);
  }
  return out;
}

bool both_classes(const Eigen::VectorXd& y) {
  return y.size() > 0 && y.minCoeff() == 0.0 && y.maxCoeff() == 1.0;
}

double brier_of(const Eigen::VectorXd& p, const Eigen::VectorXd& y) {
  return y.size() == 0 ? 0.0 : (p - y).squaredNorm() / static_cast<double>(y.size());
}

// Cross-validation by intake: the learned model and the hand baseline (a
// one-feature logistic map of the hand score) fitted on the training intakes
// of each fold, predicting the held-out ones.
FitValidation cross_validate(const DesignMatrix& d, std::span<const Intake> intakes,
                             const LogisticOptions& lo, const FitOptions& o) {
  FitValidation v;
  v.fold = grouped_folds(d.intake, o.folds, o.seed);
  const Index k = v.fold.size() == 0 ? 0 : v.fold.maxCoeff() + 1;
  const auto n = d.y.size();
  v.p_learned = Eigen::VectorXd::Zero(n);
  v.p_hand = Eigen::VectorXd::Zero(n);
  ScoreMatrix hand(n, 1);
  hand.col(0) = d.hand_score;
  LogisticOptions platt;
  platt.l2 = o.l2;
  platt.lower = Eigen::VectorXd::Zero(1);
  for (Index fold = 0; fold < k; ++fold) {
    std::vector<Eigen::Index> train;
    std::vector<Eigen::Index> test;
    for (Eigen::Index r = 0; r < n; ++r) {
      (v.fold(r) == fold ? test : train).push_back(r);
    }
    FoldResult fr;
    std::set<Index> held;
    for (const Eigen::Index r : test) {
      held.insert(d.intake(r));
    }
    for (const Index t : held) {
      fr.test_intakes.push_back(intakes[static_cast<std::size_t>(t)].id());
    }
    fr.rows = static_cast<Index>(test.size());
    const Eigen::VectorXd y_train = entries_of(d.y, train);
    const Eigen::VectorXd w_train = entries_of(d.weight, train);
    const ScoreMatrix x_test = rows_of(d.x, test);
    const ScoreMatrix h_test = rows_of(hand, test);
    Eigen::VectorXd pl;
    Eigen::VectorXd ph;
    if (both_classes(y_train)) {
      const LogisticFit learned = fit_logistic(rows_of(d.x, train), y_train, w_train, lo);
      const LogisticFit baseline = fit_logistic(rows_of(hand, train), y_train, w_train, platt);
      pl = predict_logistic(x_test, learned);
      ph = predict_logistic(h_test, baseline);
    } else {  // one class to learn from: both predict its rate
      const double rate = y_train.size() == 0 ? 0.5 : y_train.mean();
      pl = Eigen::VectorXd::Constant(static_cast<Eigen::Index>(test.size()), rate);
      ph = pl;
    }
    for (std::size_t r = 0; r < test.size(); ++r) {
      v.p_learned(test[r]) = pl(static_cast<Eigen::Index>(r));
      v.p_hand(test[r]) = ph(static_cast<Eigen::Index>(r));
    }
    const Eigen::VectorXd y_test = entries_of(d.y, test);
    fr.brier_learned = brier_of(pl, y_test);
    fr.brier_hand = brier_of(ph, y_test);
    if (both_classes(y_test)) {
      fr.auc_learned = auc_delong(pl, y_test).auc;
      fr.auc_hand = auc_delong(ph, y_test).auc;
      fr.scored = true;
    }
    v.folds.push_back(std::move(fr));
  }
  v.auc = auc_delong_paired(v.p_learned, v.p_hand, d.y);
  v.brier = paired_brier(v.p_learned, v.p_hand, d.y);
  v.learned = calibration(v.p_learned, d.y);
  v.hand = calibration(v.p_hand, d.y);
  return v;
}

std::vector<IntakeCounts> count_outcomes(std::span<const Intake> intakes, const LabelRule& rule) {
  std::vector<IntakeCounts> out;
  for (const Intake& t : intakes) {
    IntakeCounts c;
    c.intake = t.id();
    c.candidates = t.kickoff().num_candidates();
    const std::vector<Label> labels_of = labels(t, rule);
    for (Index i = 0; i < c.candidates; ++i) {
      if (t.company_of()(i) == kNone) {
        continue;
      }
      ++c.placed;
      switch (labels_of[static_cast<std::size_t>(i)]) {
        case Label::good:
          ++c.good;
          break;
        case Label::bad:
          ++c.bad;
          break;
        case Label::censored:
          ++c.censored;
          break;
        case Label::excluded:
          ++c.excluded;
          break;
      }
    }
    out.push_back(c);
  }
  return out;
}

std::string plural(Index n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string_view to_string(Monotone m) noexcept {
  switch (m) {
    case Monotone::increasing:
      return "increasing";
    case Monotone::free:
      return "free";
    case Monotone::decreasing:
      return "decreasing";
  }
  return "?";
}

Monotone parse_monotone(std::string_view text, const std::string& where) {
  for (const Monotone m : {Monotone::increasing, Monotone::free, Monotone::decreasing}) {
    if (text == to_string(m)) {
      return m;
    }
  }
  throw InvalidArgument("kobling.fit.bad_option", where,
                        "must be increasing, free or decreasing, got " + quoted(text));
}

std::string_view to_string(Decision d) noexcept {
  return d == Decision::adopt ? "adopt" : "keep_hand_weights";
}

DesignMatrix design_matrix(std::span<const Intake> intakes,
                           const std::vector<std::string>& features, const LabelRule& rule,
                           bool balance_intakes) {
  DesignMatrix d;
  d.features = features;
  const auto p = static_cast<Eigen::Index>(features.size());
  std::vector<std::vector<Index>> rows_of_intake(intakes.size());
  std::vector<std::vector<Index>> columns(intakes.size());
  std::vector<std::vector<Label>> label_of(intakes.size());
  Eigen::Index total = 0;
  for (std::size_t t = 0; t < intakes.size(); ++t) {
    const Intake& in = intakes[t];
    for (const std::string& f : features) {
      const Index idx = feature_index(in.kickoff(), f);
      if (idx == kNone) {
        throw OutOfRange("kobling.weights.unknown_feature", "intake " + quoted(in.id()),
                         "has no feature " + quoted(f));
      }
      columns[t].push_back(idx);
    }
    label_of[t] = labels(in, rule);
    for (Index i = 0; i < in.kickoff().num_candidates(); ++i) {
      const Label l = label_of[t][static_cast<std::size_t>(i)];
      if (in.company_of()(i) != kNone && (l == Label::good || l == Label::bad)) {
        rows_of_intake[t].push_back(i);
      }
    }
    total += static_cast<Eigen::Index>(rows_of_intake[t].size());
  }
  d.x.resize(total, p);
  d.y.resize(total);
  d.weight.resize(total);
  d.hand_score.resize(total);
  d.intake.resize(total);
  d.candidate.resize(total);
  d.company.resize(total);
  const auto used =
      static_cast<double>(std::count_if(rows_of_intake.begin(), rows_of_intake.end(),
                                        [](const std::vector<Index>& r) { return !r.empty(); }));
  Eigen::Index r = 0;
  for (std::size_t t = 0; t < intakes.size(); ++t) {
    const Intake& in = intakes[t];
    const double w = balance_intakes ? static_cast<double>(total) /
                                           (used * static_cast<double>(rows_of_intake[t].size()))
                                     : 1.0;
    for (const Index i : rows_of_intake[t]) {
      const Index j = in.company_of()(i);
      const Explanation e = explain(in.kickoff(), i, j);
      for (Eigen::Index f = 0; f < p; ++f) {
        d.x(r, f) =
            e.contributions[static_cast<std::size_t>(columns[t][static_cast<std::size_t>(f)])].phi;
      }
      d.y(r) = label_of[t][static_cast<std::size_t>(i)] == Label::good ? 1.0 : 0.0;
      d.weight(r) = w;
      d.hand_score(r) = e.score;
      d.intake(r) = static_cast<Index>(t);
      d.candidate(r) = i;
      d.company(r) = j;
      ++r;
    }
  }
  return d;
}

FitResult fit_weights(std::span<const Intake> intakes, const FitOptions& o) {
  if (intakes.empty()) {
    throw InvalidArgument("kobling.fit.no_intakes", "intakes",
                          "no intake given; load at least one with outcomes");
  }
  if (!(o.l2 >= 0.0) || !std::isfinite(o.l2)) {
    throw InvalidArgument("kobling.fit.bad_option", "l2",
                          "must be a finite number >= 0, got " + num(o.l2));
  }
  std::map<std::string, std::size_t> ids;
  for (std::size_t t = 0; t < intakes.size(); ++t) {
    const auto [it, fresh] = ids.emplace(intakes[t].id(), t);
    if (!fresh) {
      throw InvalidArgument("kobling.intake.duplicate_id", "intakes[" + std::to_string(t) + "]",
                            "intake id " + quoted(intakes[t].id()) + " is also intakes[" +
                                std::to_string(it->second) + "]; intake ids must be unique");
    }
  }
  if (o.folds == 1 || o.folds < 0) {
    throw InvalidArgument("kobling.fit.bad_folds", "folds",
                          "must be 0 (one fold per intake up to 10 intakes, else 5) or at least "
                          "2, got " +
                              std::to_string(o.folds));
  }
  FitResult out;
  out.options = o;
  Chosen chosen = choose_features(intakes, o);
  out.counts = count_outcomes(intakes, o.label);
  for (const IntakeCounts& c : out.counts) {
    if (c.placed > 0 && 2 * c.censored > c.placed) {
      out.warnings.push_back(Warning{
          "kobling.warn.censored", "intake " + quoted(c.intake),
          std::to_string(c.censored) + " of " + std::to_string(c.placed) +
              " placements are still running at the horizon and are left out; the fit learns "
              "from the rest, which may be the early dropouts: record later outcomes, or "
              "fit after the follow-up"});
    }
  }
  DesignMatrix all = design_matrix(intakes, chosen.features, o.label, o.balance_intakes);
  Index good = 0;
  for (Eigen::Index r = 0; r < all.y.size(); ++r) {
    good += all.y(r) == 1.0 ? 1 : 0;
  }
  const Index rows = static_cast<Index>(all.y.size());
  const Index bad = rows - good;
  if (good == 0 || bad == 0) {
    throw InvalidArgument(
        "kobling.fit.no_rows", "intakes",
        std::to_string(rows) + " placements with a known outcome, " + std::to_string(good) +
            " good and " + std::to_string(bad) +
            " not: a fit needs both kinds; record outcomes (started, completed, dropped_out, "
            "destinations) for the placements");
  }
  // Features without information in these rows get weight 0 and no column.
  std::vector<std::string> fitted;
  std::vector<Eigen::Index> keep;
  for (std::size_t f = 0; f < chosen.features.size(); ++f) {
    const auto col = all.x.col(static_cast<Eigen::Index>(f));
    if (col.maxCoeff() - col.minCoeff() > 1e-12) {
      fitted.push_back(chosen.features[f]);
      keep.push_back(static_cast<Eigen::Index>(f));
      continue;
    }
    for (FeatureFate& fate : chosen.fates) {
      if (fate.feature == chosen.features[f]) {
        fate = {fate.feature, "constant",
                "the same value (" + num(col.minCoeff()) +
                    ") in every placement with a known outcome: no information, weight 0"};
      }
    }
  }
  DesignMatrix d = std::move(all);
  d.features = fitted;
  d.x = ScoreMatrix(d.x(Eigen::all, keep));  // the informative columns
  out.features = chosen.fates;
  const LogisticOptions lo = model_options(fitted, o);
  out.model = fit_logistic(d.x, d.y, d.weight, lo);

  WeightProfile& prof = out.profile;
  prof.features = fitted;
  prof.coefficients.assign(out.model.coef.data(), out.model.coef.data() + out.model.coef.size());
  prof.intercept = out.model.intercept;
  prof.protected_features.assign(chosen.protected_features.begin(),
                                 chosen.protected_features.end());
  double scale = 0.0;
  bool negative = false;
  for (const double b : prof.coefficients) {
    scale += b;
    negative = negative || b < 0.0;
  }
  prof.scale = scale;
  prof.usable = !negative && scale > 1e-12 && out.model.status == LogisticStatus::optimal;
  if (prof.usable) {
    for (const double b : prof.coefficients) {
      prof.weights.push_back(b / scale);
    }
  }

  // The decision, condition by condition.
  std::set<Index> labelled;
  for (Eigen::Index r = 0; r < d.intake.size(); ++r) {
    labelled.insert(d.intake(r));
  }
  const auto p = static_cast<Index>(fitted.size());
  const Index rarer = std::min(good, bad);
  const std::string n_intakes = std::to_string(labelled.size());
  const std::string data = plural(rows, "placement", "placements") + " with known outcomes in " +
                           plural(static_cast<Index>(labelled.size()), "intake", "intakes") + " (" +
                           std::to_string(bad) + " not good)";
  const std::string data_nb = std::to_string(rows) + (rows == 1 ? " plassering" : " plasseringer") +
                              " med kjent utfall i " + n_intakes + " inntak (" +
                              std::to_string(bad) + " ikke gode)";
  const std::string stay = "; the hand weights stay.";
  const std::string stay_nb = "; de manuelle vektene beholdes.";
  const auto say = [&](std::string en, std::string nb) {
    out.why.push_back(std::move(en) + stay);
    out.why_nb.push_back(std::move(nb) + stay_nb);
  };
  if (labelled.size() < 2) {
    say(data +
            ": cross-validation holds out whole intakes, so it needs two or more with "
            "known outcomes",
        data_nb +
            ": kryssvalideringen holder ute hele inntak, så den trenger minst to med "
            "kjente utfall");
  }
  const Index needed = kEventsPerWeight * std::max<Index>(p, 1);
  if (rarer < needed) {
    say(data + ": too few to learn " + plural(p, "weight", "weights") + ", which needs at least " +
            std::to_string(needed) + " of the rarer outcome",
        data_nb + ": for få til å lære " + std::to_string(p) + (p == 1 ? " vekt" : " vekter") +
            ", som krever minst " + std::to_string(needed) + " av det sjeldneste utfallet");
  }
  if (out.model.status != LogisticStatus::optimal) {
    const std::string status(to_string(out.model.status));
    say("the fit did not reach an optimum (" + status + (o.l2 == 0.0 ? "; use l2 > 0" : "") + ")",
        "tilpasningen nådde ikke et optimum (" + status + (o.l2 == 0.0 ? "; bruk l2 > 0" : "") +
            ")");
  } else if (!prof.usable) {
    std::vector<std::string> neg;
    for (std::size_t f = 0; f < fitted.size(); ++f) {
      if (prof.coefficients[f] < 0.0) {
        neg.push_back(quoted(fitted[f]));
      }
    }
    if (p == 0) {
      say("no feature varies among the placements with known outcomes: there is nothing to "
          "learn from",
          "ingen egenskap varierer blant plasseringene med kjent utfall: det er ingenting å "
          "lære av");
    } else if (neg.empty()) {
      say("no feature predicts a good outcome (every learned coefficient is 0): there is "
          "nothing to weigh by",
          "ingen egenskap forutsier et godt utfall (alle lærte koeffisienter er 0): det er "
          "ingenting å vekte etter");
    } else {
      say("a learned effect is negative (" + join(neg) + "), which kobling weights cannot express",
          "en lært effekt er negativ (" + join(neg) + "), noe kobling-vekter ikke kan uttrykke");
    }
  }
  if (labelled.size() >= 2 && o.folds > static_cast<Index>(labelled.size())) {
    throw InvalidArgument("kobling.fit.bad_folds", "folds",
                          std::to_string(o.folds) + " folds asked for, but only " +
                              std::to_string(labelled.size()) +
                              " intakes have placements with known outcomes");
  }
  if (labelled.size() >= 2) {
    out.validation = cross_validate(d, intakes, lo, o);
    const FitValidation& v = *out.validation;
    const PairedDifference& gain = v.auc.difference;
    if (!(gain.ci.lower > 0.0)) {
      const std::string figures = fixed(v.auc.a.auc, 3) + " vs " + fixed(v.auc.b.auc, 3) +
                                  ", gain " + signed_fixed(gain.difference, 3) + " (95% CI " +
                                  signed_fixed(gain.ci.lower, 3) + " to " +
                                  signed_fixed(gain.ci.upper, 3) + ")";
      const std::string figures_nb = fixed(v.auc.a.auc, 3) + " mot " + fixed(v.auc.b.auc, 3) +
                                     ", gevinst " + signed_fixed(gain.difference, 3) +
                                     " (95 % KI " + signed_fixed(gain.ci.lower, 3) + " til " +
                                     signed_fixed(gain.ci.upper, 3) + ")";
      say("the learned weights do not rank outcomes clearly better than the hand weights on "
          "held-out intakes: AUC " +
              figures,
          "de lærte vektene rangerer ikke utfallene klart bedre enn de manuelle på inntak holdt "
          "utenfor: AUC " +
              figures_nb);
    }
    if (v.brier.difference > 0.0) {
      say("the learned weights predict outcomes less accurately on held-out intakes: Brier "
          "score " +
              fixed(v.learned.brier, 3) + " vs " + fixed(v.hand.brier, 3),
          "de lærte vektene forutsier utfallene mindre presist på inntak holdt utenfor: "
          "Brier-skår " +
              fixed(v.learned.brier, 3) + " mot " + fixed(v.hand.brier, 3));
    }
  }
  out.decision = out.why.empty() ? Decision::adopt : Decision::keep_hand_weights;
  out.design = std::move(d);
  return out;
}

std::string format_fit(const FitResult& fit, Lang lang) {
  const bool nb = lang == Lang::nb;
  const auto t = [nb](const char* en, const char* no) { return nb ? no : en; };
  const auto slope_text = [&](const Calibration& c) {
    return c.slope_defined ? fixed(c.slope, 2) : std::string(t("undefined", "udefinert"));
  };
  std::ostringstream s;
  s << t(
      "Weights from outcomes\n\nData (label: good = completed, or in work or education by "
      "the horizon; bad = dropped out or inactive)\n",
      "Vekter fra utfall\n\nData (godt utfall = fullført, eller i arbeid eller utdanning ved "
      "horisonten; dårlig = avbrutt eller inaktiv)\n");
  for (const IntakeCounts& c : fit.counts) {
    s << "  " << c.intake << ": " << c.placed << t(" placed of ", " plassert av ") << c.candidates
      << "; " << c.good << t(" good, ", " gode, ") << c.bad << t(" bad, ", " dårlige, ")
      << c.censored << t(" still running, ", " pågår ennå, ") << c.excluded
      << t(" without a usable record\n", " uten brukbar registrering\n");
  }
  s << t("\nFeatures\n", "\nEgenskaper\n");
  for (std::size_t f = 0; f < fit.profile.features.size(); ++f) {
    s << "  " << fit.profile.features[f] << t(": coefficient ", ": koeffisient ")
      << fixed(fit.profile.coefficients[f], 3);
    if (fit.profile.usable) {
      s << t(", weight ", ", vekt ") << fixed(fit.profile.weights[f], 3);
    }
    s << "\n";
  }
  for (const FeatureFate& f : fit.features) {
    if (f.status == "fitted") {
      continue;
    }
    s << "  " << f.feature << ": ";
    if (!nb) {
      s << f.detail << "\n";
    } else if (f.status == "protected") {
      s << "beskyttet: vektes aldri\n";
    } else if (f.status == "constant") {
      s << "samme verdi i alle plasseringer med kjent utfall: ingen informasjon, vekt 0\n";
    } else if (f.status == "not_chosen") {
      s << "ikke blant egenskapene som ble valgt\n";
    } else {
      s << "utelatt (" << f.detail << ")\n";
    }
  }
  if (fit.validation) {
    const FitValidation& v = *fit.validation;
    const char* vs = t(", hand ", ", manuelle ");
    s << t("\nValidation (cross-validation by intake, ",
           "\nValidering (kryssvalidering per inntak, ")
      << v.folds.size() << t(" folds)\n", " fold)\n");
    for (const FoldResult& r : v.folds) {
      s << t("  held out ", "  holdt utenfor ") << join(r.test_intakes) << " (" << r.rows
        << t(" rows): ", " rader): ");
      if (r.scored) {
        s << t("AUC learned ", "AUC lærte ") << fixed(r.auc_learned, 3) << vs
          << fixed(r.auc_hand, 3) << "; ";
      }
      s << t("Brier learned ", "Brier lærte ") << fixed(r.brier_learned, 3) << vs
        << fixed(r.brier_hand, 3) << "\n";
    }
    s << t("  pooled AUC learned ", "  samlet AUC lærte ") << fixed(v.auc.a.auc, 3)
      << t(" (95% CI ", " (95 % KI ") << fixed(v.auc.a.ci.lower, 3) << "-"
      << fixed(v.auc.a.ci.upper, 3) << ")" << vs << fixed(v.auc.b.auc, 3) << " ("
      << fixed(v.auc.b.ci.lower, 3) << "-" << fixed(v.auc.b.ci.upper, 3)
      << t("); gain ", "); gevinst ") << signed_fixed(v.auc.difference.difference, 3) << " ("
      << signed_fixed(v.auc.difference.ci.lower, 3) << t(" to ", " til ")
      << signed_fixed(v.auc.difference.ci.upper, 3) << ")\n";
    s << t("  Brier learned ", "  Brier lærte ") << fixed(v.learned.brier, 3) << vs
      << fixed(v.hand.brier, 3)
      << t("; calibration slope learned ", "; kalibreringsstigning lærte ") << slope_text(v.learned)
      << vs << slope_text(v.hand) << "\n";
  }
  s << t("\nDecision: ", "\nBeslutning: ")
    << (fit.decision == Decision::adopt
            ? t("adopt the learned weights", "ta i bruk de lærte vektene")
            : t("keep the hand weights", "behold de manuelle vektene"))
    << "\n";
  for (const std::string& w : nb ? fit.why_nb : fit.why) {
    s << "  " << w << "\n";
  }
  s << t(
      "\nLearned weights say what predicted a good outcome among those placed, who were "
      "chosen by the old weights and by interviews.\n",
      "\nLærte vekter sier hva som forutsa et godt utfall blant dem som ble plassert, og de "
      "ble valgt ut med de gamle vektene og i intervjuer.\n");
  return s.str();
}

Kickoff with_weights(const Kickoff& kickoff, const WeightProfile& profile, bool validated,
                     const WithWeightsOptions& options, std::vector<Warning>* warnings) {
  if (!profile.usable) {
    throw InvalidArgument("kobling.weights.not_usable", "profile",
                          "the learned coefficients cannot be weights (a negative effect, or "
                          "none above 0); keep the hand weights");
  }
  if (!validated && !options.force) {
    throw InvalidArgument("kobling.weights.not_validated", "profile",
                          "the fit's validation kept the hand weights; pass force to apply the "
                          "learned weights anyway");
  }
  std::vector<Index> columns;
  for (const std::string& f : profile.features) {
    const Index idx = feature_index(kickoff, f);
    if (idx == kNone) {
      throw OutOfRange("kobling.weights.unknown_feature", "profile",
                       "the kick-off has no feature " + quoted(f));
    }
    if (kickoff.features()[static_cast<std::size_t>(idx)].is_protected) {
      throw InvalidArgument(
          "kobling.weights.protected", "profile",
          "feature " + quoted(f) + " is protected in this kick-off and cannot be weighted");
    }
    // The profile's own protected features are weighted 0 whatever it says
    // (a hand-edited weights file can list one among its weights).
    if (std::find(profile.protected_features.begin(), profile.protected_features.end(), f) !=
        profile.protected_features.end()) {
      throw InvalidArgument(
          "kobling.weights.protected", "profile",
          "feature " + quoted(f) + " is protected in these weights and cannot be weighted");
    }
    columns.push_back(idx);
  }
  std::vector<Index> companies;
  if (options.companies.empty()) {
    for (Index j = 0; j < kickoff.num_companies(); ++j) {
      companies.push_back(j);
    }
  } else {
    for (const std::string& id : options.companies) {
      const auto j = kickoff.find_company(id);
      if (!j) {
        throw OutOfRange("kobling.model.unknown_company", "companies",
                         "unknown company id " + quoted(id));
      }
      companies.push_back(*j);
    }
  }
  KickoffBuilder b(kickoff);
  std::map<Index, std::vector<std::string>> dropped;  // feature -> companies
  for (const Index j : companies) {
    const Company& c = kickoff.company(j);
    const std::string where = "company " + quoted(c.id);
    for (Index f = 0; f < kickoff.num_features(); ++f) {
      b.set_weight(j, kickoff.features()[static_cast<std::size_t>(f)].name, 0.0, where);
    }
    for (std::size_t q = 0; q < columns.size(); ++q) {
      const auto f = static_cast<std::size_t>(columns[q]);
      const FeatureSpec& spec = kickoff.features()[f];
      if (profile.weights[q] <= 0.0) {
        continue;
      }
      if (pair_kind(spec.kind) && c.targets[f].empty()) {
        dropped[columns[q]].push_back(c.id);
        continue;
      }
      b.set_weight(j, spec.name, profile.weights[q], where);
    }
  }
  if (warnings != nullptr) {
    for (const auto& [f, ids] : dropped) {
      const FeatureSpec& spec = kickoff.features()[static_cast<std::size_t>(f)];
      std::vector<std::string> shown(
          ids.begin(),
          ids.begin() + std::min<std::ptrdiff_t>(5, static_cast<std::ptrdiff_t>(ids.size())));
      for (std::string& id : shown) {
        id = quoted(id);
      }
      warnings->push_back(
          Warning{"kobling.warn.weight_dropped", "feature " + quoted(spec.name),
                  "the learned weight does not apply at " +
                      plural(static_cast<Index>(ids.size()), "company", "companies") +
                      " without a target for it (" + join(shown) + (ids.size() > 5 ? ", ..." : "") +
                      "); they weigh it 0 and their other weights count for more"});
    }
  }
  return b.build();
}

Kickoff with_weights(const Kickoff& kickoff, const FitResult& fit,
                     const WithWeightsOptions& options, std::vector<Warning>* warnings) {
  return with_weights(kickoff, fit.profile, fit.decision == Decision::adopt, options, warnings);
}

}  // namespace kobling
