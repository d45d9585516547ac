// python/bindings/fit.cpp — the weight fit's array core: the bounded logistic
// regression and its KKT check. Inputs are copied into Eigen objects with the
// GIL held (other threads may write the numpy arrays), then solved without it.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <limits>
#include <string>

#include "arrays.hpp"
#include "bindings.hpp"
#include "kobling/errors.hpp"
#include "kobling/logistic.hpp"

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

// A 1-D float array; None gives an empty vector (not given).
Eigen::VectorXd float_vector(const py::handle& obj, const char* name) {
  if (obj.is_none()) {
    return {};
  }
  const auto a = as_c_array<double>(obj, name);
  if (a.ndim() != 1) {
    throw InvalidArgument("kobling.array.shape", name,
                          "expected a 1-D array, got " + std::to_string(a.ndim()) + " dimensions");
  }
  Eigen::VectorXd out(a.shape(0));
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
      float_matrix(X, "X"), float_vector(y, "y"), float_vector(weight, "sample_weight"), {}};
  if (y.is_none()) {
    throw py::type_error("y: expected a 1-D array of 0/1 labels, got None");
  }
  a.options.l2 = l2;
  a.options.lower = float_vector(lower, "lower");
  a.options.upper = float_vector(upper, "upper");
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

}  // namespace

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

Pass the same data and options as to fit_logistic and the dict it returned
(only intercept and coef are read). Returns (ok, violations).
)doc");
}

}  // namespace kobling::python
