// python/bindings/fit.cpp — the weight fit's array core: the bounded logistic
// regression and its KKT check. Inputs are copied into Eigen objects with the
// GIL held (other threads may write the numpy arrays), then solved without it.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <limits>
#include <string>

#include "arrays.hpp"
#include "bindings.hpp"
#include "kickoff_core.hpp"
#include "kobling/csv_io.hpp"
#include "kobling/errors.hpp"
#include "kobling/fit.hpp"
#include "kobling/guardrails.hpp"
#include "kobling/json_io.hpp"
#include "kobling/logistic.hpp"
#include "kobling/outcomes.hpp"
#include "kobling/report.hpp"
#include "kobling/synthetic_intakes.hpp"

namespace kobling::python {

namespace py = pybind11;
using namespace pybind11::literals;

namespace {

ScoreMatrix float_matrix(const py::handle& obj, const char* name) {
  const auto a = as_c_array<double>(obj, name);
  if (a.ndim() != 2) {
    throw InvalidArgument("kobling.array.shape", name,
                          "expected a 2-D array, got " + std::to_string(a.ndim()) + " dimensions");
  }
  ScoreMatrix out(a.shape(0), a.shape(1));
  std::copy(a.data(), a.data() + a.size(), out.data());
  return out;
}

struct LogisticArgs {
  ScoreMatrix x;
  Eigen::VectorXd y;
  Eigen::VectorXd weight;
  LogisticOptions options;
};

LogisticArgs logistic_args(const py::handle& X, const py::handle& y, const py::handle& weight,
                           double l2, const py::handle& lower, const py::handle& upper,
                           bool fit_intercept, double tolerance, Index max_iterations) {
  LogisticArgs a{
      float_matrix(X, "X"), float_vector(y, "y"), float_vector(weight, "sample_weight", true), {}};
  a.options.l2 = l2;
  a.options.lower = float_vector(lower, "lower", true);
  a.options.upper = float_vector(upper, "upper", true);
  a.options.fit_intercept = fit_intercept;
  a.options.tolerance = tolerance;
  a.options.max_iterations = max_iterations;
  return a;
}

py::dict fit_to_dict(const LogisticFit& f) {
  return py::dict("status"_a = std::string(to_string(f.status)), "intercept"_a = f.intercept,
                  "coef"_a = py::array_t<double>(f.coef.size(), f.coef.data()),
                  "objective"_a = f.objective,
                  "gradient"_a = py::array_t<double>(f.gradient.size(), f.gradient.data()),
                  "intercept_gradient"_a = f.intercept_gradient, "iterations"_a = f.iterations);
}

LogisticFit fit_from_dict(const py::dict& d) {
  for (const char* key : {"intercept", "coef"}) {
    if (!d.contains(key)) {
      throw InvalidArgument(
          "kobling.array.bad_option", "fit",
          std::string("missing key '") + key + "' (pass the dict fit_logistic returned)");
    }
  }
  LogisticFit f;
  f.intercept = d["intercept"].cast<double>();
  f.coef = float_vector(d["coef"], "fit['coef']");
  return f;
}

const char* const kOptionsDoc = R"doc(
l2 : float, default 1.0
    Penalty (λ/2)·‖β‖² on the coefficients (not the intercept); 0 for none.
lower, upper : array_like of float, shape (p,), optional
    Bounds per coefficient (-inf / +inf allowed); None: unbounded. lower = 0
    makes an effect non-negative (monotone).
fit_intercept : bool, default True
tolerance : float, default 1e-10
    On the projected gradient, relative to max(1, sum of sample weights).
max_iterations : int, default 200)doc";

py::array_t<double> to_numpy(const Eigen::VectorXd& v) {
  return py::array_t<double>(v.size(), v.data());
}

py::array_t<Index> to_numpy(const IndexVector& v) { return py::array_t<Index>(v.size(), v.data()); }

py::dict interval(const Interval& ci) {
  return py::dict("lower"_a = ci.lower, "upper"_a = ci.upper);
}

py::dict calibration_dict(const Calibration& c) {
  py::list bins;
  for (const CalibrationBin& b : c.bins) {
    bins.append(py::dict("count"_a = b.count, "mean_predicted"_a = b.mean_predicted,
                         "mean_observed"_a = b.mean_observed, "lower"_a = b.observed_ci.lower,
                         "upper"_a = b.observed_ci.upper));
  }
  return py::dict("brier"_a = c.brier, "log_loss"_a = c.log_loss,
                  "mean_predicted"_a = c.mean_predicted, "mean_observed"_a = c.mean_observed,
                  "slope"_a = c.slope, "intercept"_a = c.intercept, "slope_se"_a = c.slope_se,
                  "bins"_a = bins);
}

LabelRule label_rule(const py::object& horizon_days, bool declined_is_bad) {
  LabelRule r;
  if (!horizon_days.is_none()) {
    r.horizon_days = horizon_days.cast<std::int32_t>();
  }
  r.declined_is_bad = declined_is_bad;
  return r;
}

std::vector<Intake> intake_list(const py::list& items) {
  std::vector<Intake> out;
  for (std::size_t t = 0; t < items.size(); ++t) {
    if (!py::isinstance<Intake>(items[t])) {
      throw py::type_error("intakes[" + std::to_string(t) + "]: expected a kobling.Intake, got " +
                           std::string(py::str(py::type::handle_of(items[t]).attr("__name__"))));
    }
    out.push_back(items[t].cast<Intake>());
  }
  return out;
}

WeightProfile profile_of(const std::vector<std::string>& features,
                         const std::vector<double>& weights,
                         const std::vector<std::string>& protected_features) {
  if (features.size() != weights.size()) {
    throw InvalidArgument("kobling.array.shape", "weights", "one weight per feature expected");
  }
  WeightProfile p;
  p.features = features;
  p.protected_features = protected_features;
  double total = 0.0;
  for (std::size_t f = 0; f < weights.size(); ++f) {
    if (!std::isfinite(weights[f]) || weights[f] < 0.0) {
      throw InvalidArgument(
          "kobling.model.bad_weight", "weights." + features[f],
          "weight must be a finite number >= 0, got " + std::to_string(weights[f]));
    }
    total += weights[f];
  }
  p.usable = total > 0.0;
  for (const double w : weights) {
    p.weights.push_back(p.usable ? w / total : 0.0);
  }
  p.coefficients = p.weights;
  return p;
}

py::list warning_list(const std::vector<Warning>& ws) {
  py::list out;
  for (const Warning& w : ws) {
    out.append(py::make_tuple(w.id, w.place, w.text));
  }
  return out;
}

py::dict group_dict(const GroupReport& r, Lang lang) {
  py::list rows;
  for (const GroupRow& g : r.rows) {
    rows.append(py::dict("group"_a = g.group, "candidates"_a = g.candidates,
                         "placed_recorded"_a = g.placed_recorded, "placed_hand"_a = g.placed_hand,
                         "placed_learned"_a = g.placed_learned, "hand_lower"_a = g.hand_ci.lower,
                         "hand_upper"_a = g.hand_ci.upper, "learned_lower"_a = g.learned_ci.lower,
                         "learned_upper"_a = g.learned_ci.upper, "gained"_a = g.gained,
                         "lost"_a = g.lost, "good"_a = g.good, "bad"_a = g.bad,
                         "impact_hand"_a = g.impact_hand, "impact_learned"_a = g.impact_learned,
                         "flagged"_a = g.flagged, "small"_a = g.small));
  }
  return py::dict("attribute"_a = r.attribute, "kickoffs"_a = r.kickoffs, "rows"_a = rows,
                  "notes"_a = r.notes, "text"_a = format_group_report(r, lang));
}

GroupSpec group_spec(const std::string& feature, const std::vector<double>& bins,
                     const std::vector<std::pair<std::string, std::string>>& labels) {
  GroupSpec g;
  g.feature = feature;
  g.bins = bins;
  g.labels = labels;
  return g;
}

}  // namespace

void register_outcomes(py::module_& m) {
  py::class_<Intake>(m, "IntakeCore", "Native intake (use kobling.Intake).")
      .def_static(
          "load",
          [](const std::string& path) {
            py::gil_scoped_release release;
            return load_intake(path);
          },
          "path"_a)
      .def_static(
          "load_csv",
          [](const std::string& path) {
            py::gil_scoped_release release;
            return load_intake_csv(path);
          },
          "path"_a)
      .def_static(
          "from_json_text",
          [](const std::string& text) {
            py::gil_scoped_release release;
            return parse_intake(text);
          },
          "text"_a)
      .def("to_json_text", [](const Intake& t) { return intake_to_json(t).dump(2) + "\n"; })
      .def_property_readonly("id", [](const Intake& t) { return t.id(); })
      .def_property_readonly("date", [](const Intake& t) { return to_string(t.info().date); })
      .def_property_readonly("follow_up",
                             [](const Intake& t) -> py::object {
                               if (!t.info().follow_up) {
                                 return py::none();
                               }
                               return py::str(to_string(*t.info().follow_up));
                             })
      .def_property_readonly(
          "policy", [](const Intake& t) { return std::string(to_string(t.info().policy)); })
      .def("kickoff", [](const Intake& t) { return KickoffCore(t.kickoff()); })
      .def_property_readonly("company_of", [](const Intake& t) { return to_numpy(t.company_of()); })
      .def("events",
           [](const Intake& t) {
             py::list rows;
             const Kickoff& k = t.kickoff();
             for (const OutcomeRecord& r : t.records()) {
               for (const OutcomeEvent& e : r.events) {
                 rows.append(py::make_tuple(
                     k.candidate(r.candidate).id,
                     r.company == kNone ? py::object(py::none())
                                        : py::object(py::str(k.company(r.company).id)),
                     std::string(to_string(e.status)), to_string(e.date),
                     e.reason.empty() ? py::object(py::none()) : py::object(py::str(e.reason))));
               }
             }
             return rows;
           })
      .def(
          "labels",
          [](const Intake& t, const py::object& horizon_days, bool declined_is_bad) {
            std::vector<std::string> out;
            for (const Label l : labels(t, label_rule(horizon_days, declined_is_bad))) {
              out.emplace_back(to_string(l));
            }
            return out;
          },
          "horizon_days"_a = py::none(), "declined_is_bad"_a = false);

  py::class_<FitResult>(m, "FitResultCore", "Native fit result (use kobling.fit_weights).")
      .def(
          "text",
          [](const FitResult& f, const std::string& lang) {
            return format_fit(f, parse_lang(lang));
          },
          "lang"_a = "en")
      .def("to_json_text", [](const FitResult& f) { return weights_to_json(f).dump(2) + "\n"; })
      .def_property_readonly("decision",
                             [](const FitResult& f) { return std::string(to_string(f.decision)); })
      .def_readonly("why", &FitResult::why)
      .def_readonly("why_nb", &FitResult::why_nb)
      .def("warnings", [](const FitResult& f) { return warning_list(f.warnings); })
      .def("profile",
           [](const FitResult& f) {
             const WeightProfile& p = f.profile;
             return py::dict("features"_a = p.features, "weights"_a = p.weights,
                             "coefficients"_a = p.coefficients, "intercept"_a = p.intercept,
                             "scale"_a = p.scale, "protected"_a = p.protected_features,
                             "usable"_a = p.usable,
                             "status"_a = std::string(to_string(f.model.status)));
           })
      .def("features",
           [](const FitResult& f) {
             py::list rows;
             for (const FeatureFate& x : f.features) {
               rows.append(py::make_tuple(x.feature, x.status, x.detail));
             }
             return rows;
           })
      .def("counts",
           [](const FitResult& f) {
             py::list rows;
             for (const IntakeCounts& c : f.counts) {
               rows.append(py::dict("intake"_a = c.intake, "candidates"_a = c.candidates,
                                    "placed"_a = c.placed, "good"_a = c.good, "bad"_a = c.bad,
                                    "censored"_a = c.censored, "excluded"_a = c.excluded));
             }
             return rows;
           })
      .def("design",
           [](const FitResult& f) {
             const DesignMatrix& d = f.design;
             py::array_t<double> x(
                 {static_cast<py::ssize_t>(d.x.rows()), static_cast<py::ssize_t>(d.x.cols())});
             std::copy(d.x.data(), d.x.data() + d.x.size(), x.mutable_data());
             return py::dict("features"_a = d.features, "x"_a = x, "y"_a = to_numpy(d.y),
                             "weight"_a = to_numpy(d.weight),
                             "hand_score"_a = to_numpy(d.hand_score),
                             "intake"_a = to_numpy(d.intake), "candidate"_a = to_numpy(d.candidate),
                             "company"_a = to_numpy(d.company));
           })
      .def("validation", [](const FitResult& f) -> py::object {
        if (!f.validation) {
          return py::none();
        }
        const FitValidation& v = *f.validation;
        py::list folds;
        for (const FoldResult& r : v.folds) {
          folds.append(py::dict(
              "held_out"_a = r.test_intakes, "rows"_a = r.rows,
              "auc_learned"_a =
                  r.scored ? py::object(py::float_(r.auc_learned)) : py::object(py::none()),
              "auc_hand"_a = r.scored ? py::object(py::float_(r.auc_hand)) : py::object(py::none()),
              "brier_learned"_a = r.brier_learned, "brier_hand"_a = r.brier_hand));
        }
        return py::dict("fold"_a = to_numpy(v.fold), "p_learned"_a = to_numpy(v.p_learned),
                        "p_hand"_a = to_numpy(v.p_hand), "folds"_a = folds,
                        "auc_learned"_a = v.auc.a.auc, "auc_learned_ci"_a = interval(v.auc.a.ci),
                        "auc_hand"_a = v.auc.b.auc, "auc_hand_ci"_a = interval(v.auc.b.ci),
                        "auc_gain"_a = v.auc.difference.difference,
                        "auc_gain_ci"_a = interval(v.auc.difference.ci),
                        "brier_difference"_a = v.brier.difference,
                        "brier_difference_ci"_a = interval(v.brier.ci),
                        "calibration_learned"_a = calibration_dict(v.learned),
                        "calibration_hand"_a = calibration_dict(v.hand));
      });

  m.def(
      "fit_weights",
      [](const py::list& items, const std::vector<std::string>& features,
         const std::vector<std::string>& protected_features,
         const std::vector<std::pair<std::string, std::string>>& monotone, double l2,
         const py::object& horizon_days, bool declined_is_bad, bool balance_intakes, Index folds,
         std::uint64_t seed) {
        const std::vector<Intake> intakes = intake_list(items);
        FitOptions o;
        o.features = features;
        o.protected_features = protected_features;
        for (const auto& [f, how] : monotone) {
          o.monotone.emplace_back(f, parse_monotone(how, "monotone." + f));
        }
        o.l2 = l2;
        o.label = label_rule(horizon_days, declined_is_bad);
        o.balance_intakes = balance_intakes;
        o.folds = folds;
        o.seed = seed;
        py::gil_scoped_release release;
        return fit_weights(intakes, o);
      },
      "intakes"_a, "features"_a, "protected"_a, "monotone"_a, "l2"_a, "horizon_days"_a,
      "declined_is_bad"_a, "balance_intakes"_a, "folds"_a, "seed"_a);

  m.def(
      "with_weights",
      [](const KickoffCore& k, const std::vector<std::string>& features,
         const std::vector<double>& weights, const std::vector<std::string>& protected_features,
         bool validated, const std::vector<std::string>& companies, bool force) {
        const WeightProfile p = profile_of(features, weights, protected_features);
        WithWeightsOptions o;
        o.companies = companies;
        o.force = force;
        std::vector<Warning> warnings;
        Kickoff out;
        {
          py::gil_scoped_release release;
          out = with_weights(k.kickoff, p, validated, o, &warnings);
        }
        return py::make_tuple(KickoffCore(std::move(out)), warning_list(warnings));
      },
      "kickoff"_a, "features"_a, "weights"_a, "protected"_a, "validated"_a, "companies"_a,
      "force"_a);

  m.def(
      "load_weights",
      [](const std::string& path) {
        const SavedWeights s = load_weights(path);
        return py::make_tuple(s.profile.features, s.profile.weights, s.profile.protected_features,
                              s.validated);
      },
      "path"_a);

  m.def(
      "weights_from_json_text",
      [](const std::string& text) {
        const SavedWeights s = parse_weights(text);
        return py::make_tuple(s.profile.features, s.profile.weights, s.profile.protected_features,
                              s.validated);
      },
      "text"_a);

  m.def(
      "group_report",
      [](const py::list& items, const std::vector<std::string>& features,
         const std::vector<double>& weights, const std::vector<std::string>& protected_features,
         const std::string& feature, const std::vector<double>& bins,
         const std::vector<std::pair<std::string, std::string>>& labels,
         const py::object& horizon_days, bool declined_is_bad, const std::string& lang) {
        const std::vector<Intake> intakes = intake_list(items);
        const Lang language = parse_lang(lang);
        const WeightProfile p = profile_of(features, weights, protected_features);
        const GroupSpec g = group_spec(feature, bins, labels);
        const LabelRule rule = label_rule(horizon_days, declined_is_bad);
        GroupReport r;
        {
          py::gil_scoped_release release;
          r = group_report(intakes, p, g, rule);
        }
        return group_dict(r, language);
      },
      "intakes"_a, "features"_a, "weights"_a, "protected"_a, "feature"_a, "bins"_a, "labels"_a,
      "horizon_days"_a, "declined_is_bad"_a, "lang"_a);

  m.def(
      "group_report_kickoff",
      [](const KickoffCore& k, const std::vector<std::string>& features,
         const std::vector<double>& weights, const std::vector<std::string>& protected_features,
         const std::string& feature, const std::vector<double>& bins,
         const std::vector<std::pair<std::string, std::string>>& labels, const std::string& policy,
         const std::string& lang) {
        const Lang language = parse_lang(lang);
        const WeightProfile p = profile_of(features, weights, protected_features);
        const GroupSpec g = group_spec(feature, bins, labels);
        const Policy pol = parse_policy(policy);
        GroupReport r;
        {
          py::gil_scoped_release release;
          r = group_report(k.kickoff, p, g, pol);
        }
        return group_dict(r, language);
      },
      "kickoff"_a, "features"_a, "weights"_a, "protected"_a, "feature"_a, "bins"_a, "labels"_a,
      "policy"_a, "lang"_a);

  m.def(
      "synthetic_intakes",
      [](const KickoffCore& templ, Index intakes, Index candidates,
         const std::vector<std::pair<std::string, double>>& true_weights, double intercept,
         double strength, double intake_shift, double censored, const std::string& policy,
         std::uint64_t seed) {
        SyntheticIntakeOptions o;
        o.intakes = intakes;
        o.candidates = candidates;
        o.true_weights = true_weights;
        o.intercept = intercept;
        o.strength = strength;
        o.intake_shift = intake_shift;
        o.censored = censored;
        o.policy = parse_policy(policy);
        o.seed = seed;
        py::gil_scoped_release release;
        return make_synthetic_intakes(templ.kickoff, o);
      },
      "template"_a, "intakes"_a, "candidates"_a, "true_weights"_a, "intercept"_a, "strength"_a,
      "intake_shift"_a, "censored"_a, "policy"_a, "seed"_a);

  m.def(
      "plain_template",
      [](Index candidates, Index companies, Index features, std::uint64_t seed) {
        Kickoff k;
        {
          py::gil_scoped_release release;
          k = make_plain_template(candidates, companies, features, seed);
        }
        return KickoffCore(std::move(k));
      },
      "candidates"_a, "companies"_a, "features"_a, "seed"_a);
}

void register_fit(py::module_& m) {
  m.def(
      "fit_logistic",
      [](const py::handle& X, const py::handle& y, const py::handle& sample_weight, double l2,
         const py::handle& lower, const py::handle& upper, bool fit_intercept, double tolerance,
         Index max_iterations) {
        const LogisticArgs a = logistic_args(X, y, sample_weight, l2, lower, upper, fit_intercept,
                                             tolerance, max_iterations);
        LogisticFit f;
        {
          py::gil_scoped_release release;
          f = fit_logistic(a.x, a.y, a.weight, a.options);
        }
        return fit_to_dict(f);
      },
      "X"_a, "y"_a, "sample_weight"_a = py::none(), py::kw_only(), "l2"_a = 1.0,
      "lower"_a = py::none(), "upper"_a = py::none(), "fit_intercept"_a = true,
      "tolerance"_a = 1e-10, "max_iterations"_a = 200,
      (std::string(R"doc(
Weighted, L2-regularised logistic regression with a box on every coefficient,
solved exactly (projected Newton; kobling/logistic.hpp).

Minimises sum_r w_r [log(1 + e^η_r) - y_r η_r] + (λ/2)‖β‖², η = b + Xβ,
subject to lower <= β <= upper.

Parameters
----------
X : array_like of float, shape (N, p)
y : array_like of 0/1, shape (N,)
sample_weight : array_like of float, shape (N,), optional
    Non-negative row weights; None: every row weighs 1.)doc") +
       kOptionsDoc + R"doc(

Returns
-------
dict
    status ("optimal", "separated" or "not_converged"), intercept, coef
    (ndarray (p,)), objective, gradient (ndarray (p,), ∂f/∂β), intercept_gradient,
    iterations.

Raises
------
ValueError
    Shapes, labels other than 0/1, negative or non-finite weights, bad options
    (the message names the argument and index).
)doc")
          .c_str());

  m.def(
      "check_logistic_kkt",
      [](const py::handle& X, const py::handle& y, const py::handle& sample_weight,
         const py::dict& fit, double l2, const py::handle& lower, const py::handle& upper,
         bool fit_intercept, double tolerance) {
        const LogisticArgs a =
            logistic_args(X, y, sample_weight, l2, lower, upper, fit_intercept, 1e-10, 200);
        const LogisticFit f = fit_from_dict(fit);
        CheckReport r;
        {
          py::gil_scoped_release release;
          r = check_logistic_kkt(a.x, a.y, a.weight, a.options, f, tolerance);
        }
        return py::make_tuple(r.ok, r.violations);
      },
      "X"_a, "y"_a, "sample_weight"_a, "fit"_a, py::kw_only(), "l2"_a = 1.0, "lower"_a = py::none(),
      "upper"_a = py::none(), "fit_intercept"_a = true, "tolerance"_a = 1e-7, R"doc(
Checks a fit independently of the solver: inside the box, gradient zero on
free coefficients and pointing outward at active bounds, intercept gradient
zero (to tolerance · max(1, sum of weights)).

Parameters
----------
X, y, sample_weight, l2, lower, upper, fit_intercept
    The data and options the fit was made with (as fit_logistic).
fit : dict
    What fit_logistic returned (only intercept and coef are read).
tolerance : float, optional
    Relative to max(1, sum of sample weights); default 1e-7.

Returns
-------
(ok, violations) : tuple of bool and list of str
)doc");
}

}  // namespace kobling::python
