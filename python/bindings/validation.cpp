// python/bindings/validation.cpp — the validation core of the weight fit
// (kobling/validation.hpp): folds by group, the AUC with DeLong's standard
// error, the paired comparison, calibration and Wilson intervals.
//
// Inputs are copied into owned Eigen vectors with the GIL held (O(N), small
// beside the sorts), so no other thread can change them during the call; then
// the GIL is released for the computation.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

#include <Eigen/Core>

#include "arrays.hpp"
#include "bindings.hpp"
#include "kobling/errors.hpp"
#include "kobling/validation.hpp"

namespace kobling::python {

namespace {

using namespace pybind11::literals;

// A 1-D integer array-like of group ids in [0, 2^31), copied.
IndexVector group_vector(const py::handle& obj, const char* name) {
  py::array any;
  if (!obj.is_none()) {
    try {
      any = py::array::ensure(obj);
    } catch (const py::error_already_set&) {
      any = py::array();
    }
  }
  if (!any || !(any.dtype().kind() == 'i' || any.dtype().kind() == 'u' ||
                (any.size() == 0 && any.dtype().kind() == 'f'))) {
    throw py::type_error(std::string("[kobling.python.dtype] ") + name +
                         ": expected an integer array");
  }
  const auto a = as_c_array<long long>(any, name);
  if (a.ndim() != 1) {
    throw InvalidArgument("kobling.array.shape", name,
                          "expected a 1-D array, got " + std::to_string(a.ndim()) + " dimensions");
  }
  IndexVector out(a.shape(0));
  for (py::ssize_t r = 0; r < a.shape(0); ++r) {
    const long long v = a.data()[r];
    if (v < 0 || v > std::numeric_limits<Index>::max()) {
      throw InvalidArgument("kobling.array.bad_group",
                            std::string(name) + "[" + std::to_string(r) + "]",
                            v < 0 ? "must be >= 0, got " + std::to_string(v)
                                  : "must be below 2^31, got " + std::to_string(v));
    }
    out[r] = static_cast<Index>(v);
  }
  return out;
}

py::dict auc_dict(const AucEstimate& e) {
  return py::dict("auc"_a = e.auc, "se"_a = e.se, "ci"_a = py::make_tuple(e.ci.lower, e.ci.upper),
                  "positives"_a = e.positives, "negatives"_a = e.negatives);
}

py::dict difference_dict(const PairedDifference& d) {
  return py::dict("difference"_a = d.difference, "se"_a = d.se,
                  "ci"_a = py::make_tuple(d.ci.lower, d.ci.upper));
}

}  // namespace

void register_validation(py::module_& m) {
  m.def(
      "grouped_folds",
      [](const py::object& groups, Index n_folds, std::uint64_t seed) {
        const IndexVector g = group_vector(groups, "groups");
        IndexVector fold;
        {
          py::gil_scoped_release release;
          fold = grouped_folds(g, n_folds, seed);
        }
        py::array_t<Index> out(static_cast<py::ssize_t>(fold.size()));
        std::copy_n(fold.data(), fold.size(), out.mutable_data());
        return out;
      },
      "groups"_a, "n_folds"_a = 0, "seed"_a = 0,
      R"doc(The fold of every row for cross-validation by group.

Every group lies in exactly one fold, so a model is never judged on rows of a
group it was fitted on.

Parameters
----------
groups : array_like of int, shape (n,)
    The group of every row (>= 0; any ids).
n_folds : int, optional
    0: one fold per group (leave one group out) when there are at most 10
    groups, else 5. Otherwise 2 <= n_folds <= the number of groups.
seed : int, optional
    Varies which of the equally large groups share a fold; the same seed gives
    the same folds on every platform.

Returns
-------
numpy.ndarray of int32, shape (n,)
    Folds 0 .. K-1, each non-empty. With leave one group out, fold i is the
    i-th smallest group id; otherwise the groups, largest first, go to the
    fold with the fewest rows so far.

Raises
------
InvalidInputError
    ``kobling.array.bad_group`` for a negative group, ``kobling.fit.bad_folds``
    for fewer than 2 groups or n_folds out of range.
)doc");

  m.def(
      "wilson_interval",
      [](Index successes, Index trials, double confidence) {
        const Interval i = wilson_interval(successes, trials, confidence);
        return py::make_tuple(i.lower, i.upper);
      },
      "successes"_a, "trials"_a, "confidence"_a = 0.95,
      R"doc(Wilson's score interval for a proportion successes / trials.

Parameters
----------
successes, trials : int
    0 <= successes <= trials.
confidence : float, optional
    In (0, 1); default 0.95.

Returns
-------
(lower, upper) : tuple of float
    (0.0, 1.0) when trials is 0; exactly 0 below at 0 successes, 1 above at all.
)doc");

  m.def(
      "auc_delong",
      [](const py::object& scores, const py::object& labels, double confidence) {
        const Eigen::VectorXd s = float_vector(scores, "scores");
        const Eigen::VectorXd y = float_vector(labels, "labels");
        AucEstimate e;
        {
          py::gil_scoped_release release;
          e = auc_delong(s, y, confidence);
        }
        return auc_dict(e);
      },
      "scores"_a, "labels"_a, "confidence"_a = 0.95,
      R"doc(The AUC with DeLong's standard error, in O(n log n) (Sun & Xu).

The AUC is the probability that a random positive row scores above a random
negative one, ties counting 1/2 (as sklearn.metrics.roc_auc_score). DeLong's
variance treats rows as independent: with few groups (companies, kick-offs)
the interval is too narrow.

Parameters
----------
scores : array_like of float, shape (n,)
labels : array_like of 0/1, shape (n,)
confidence : float, optional

Returns
-------
dict
    ``auc``, ``se``, ``ci`` (a (lower, upper) tuple clipped to [0, 1]),
    ``positives``, ``negatives``.

Raises
------
InvalidInputError
    ``kobling.fit.one_class`` without both classes; ``kobling.array.bad_label``,
    ``kobling.array.not_finite``, ``kobling.array.shape``.
)doc");

  m.def(
      "auc_delong_paired",
      [](const py::object& a, const py::object& b, const py::object& labels, double confidence) {
        const Eigen::VectorXd sa = float_vector(a, "scores_a");
        const Eigen::VectorXd sb = float_vector(b, "scores_b");
        const Eigen::VectorXd y = float_vector(labels, "labels");
        PairedAuc p;
        {
          py::gil_scoped_release release;
          p = auc_delong_paired(sa, sb, y, confidence);
        }
        return py::dict("a"_a = auc_dict(p.a), "b"_a = auc_dict(p.b),
                        "difference"_a = difference_dict(p.difference));
      },
      "a"_a, "b"_a, "labels"_a, "confidence"_a = 0.95,
      R"doc(DeLong's paired comparison of two scores of the same rows.

Parameters
----------
a, b : array_like of float, shape (n,)
    Two scores (or probabilities) of the same rows.
labels : array_like of 0/1, shape (n,)
confidence : float, optional

Returns
-------
dict
    ``a`` and ``b`` (as auc_delong) and ``difference``: a dict with
    ``difference`` (AUC a - AUC b), ``se`` (accounting for the covariance of
    the two AUCs) and ``ci`` (clipped to [-1, 1]).
)doc");

  m.def(
      "paired_brier",
      [](const py::object& a, const py::object& b, const py::object& labels, double confidence) {
        const Eigen::VectorXd pa = float_vector(a, "p_a");
        const Eigen::VectorXd pb = float_vector(b, "p_b");
        const Eigen::VectorXd y = float_vector(labels, "labels");
        PairedDifference d;
        {
          py::gil_scoped_release release;
          d = paired_brier(pa, pb, y, confidence);
        }
        return difference_dict(d);
      },
      "p_a"_a, "p_b"_a, "labels"_a, "confidence"_a = 0.95,
      R"doc(The difference of Brier scores mean((p_a - y)^2 - (p_b - y)^2).

Parameters
----------
p_a, p_b : array_like of float in [0, 1], shape (n,)
    Two predicted probabilities of the same rows.
labels : array_like of 0/1, shape (n,)
confidence : float, optional

Returns
-------
dict
    ``difference`` (negative: p_a is better), ``se`` and ``ci`` (normal, from
    the per-row differences).
)doc");

  m.def(
      "calibration",
      [](const py::object& p, const py::object& labels, Index bins) {
        const Eigen::VectorXd pr = float_vector(p, "probabilities");
        const Eigen::VectorXd y = float_vector(labels, "labels");
        Calibration c;
        {
          py::gil_scoped_release release;
          c = calibration(pr, y, bins);
        }
        py::list out_bins;
        for (const CalibrationBin& b : c.bins) {
          out_bins.append(
              py::dict("count"_a = b.count, "mean_predicted"_a = b.mean_predicted,
                       "mean_observed"_a = b.mean_observed,
                       "observed_ci"_a = py::make_tuple(b.observed_ci.lower, b.observed_ci.upper)));
        }
        return py::dict("brier"_a = c.brier, "log_loss"_a = c.log_loss,
                        "mean_predicted"_a = c.mean_predicted, "mean_observed"_a = c.mean_observed,
                        "slope"_a = c.slope, "intercept"_a = c.intercept, "slope_se"_a = c.slope_se,
                        "slope_defined"_a = c.slope_defined, "bins"_a = out_bins);
      },
      "p"_a, "labels"_a, "bins"_a = 0,
      R"doc(Calibration of probabilities p for 0/1 labels.

Parameters
----------
p : array_like of float in [0, 1], shape (n,)
labels : array_like of 0/1, shape (n,)
bins : int, optional
    Equal-count bins of the rows sorted by p (at most n); 0: clamp(n // 20, 2, 10).

Returns
-------
dict
    ``brier``, ``log_loss`` (p clipped to [1e-15, 1 - 1e-15]),
    ``mean_predicted``, ``mean_observed``; ``slope``, ``intercept`` and
    ``slope_se`` of the logistic regression of the labels on logit(p)
    (perfect calibration: 1 and 0), NaN with ``slope_defined`` False when that
    fit is separated or has one class; ``bins``: a list of dicts with
    ``count``, ``mean_predicted``, ``mean_observed`` and ``observed_ci`` (a
    95% Wilson interval), by increasing p.

Raises
------
InvalidInputError
    ``kobling.array.bad_probability`` naming the index, ``kobling.array.bad_label``,
    ``kobling.array.shape``.
)doc");
}

}  // namespace kobling::python
