// python/bindings/synthetic.cpp — seeded synthetic markets (benchmarks, tests,
// planning simulations).
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "kobling/synthetic.hpp"

namespace kobling::python {

namespace py = pybind11;
using namespace pybind11::literals;

namespace {

template <class Matrix>
py::array to_numpy(Matrix&& mat) {
  using M = std::decay_t<Matrix>;
  using T = typename M::Scalar;
  auto* owned = new M(std::forward<Matrix>(mat));
  py::capsule free_when_done(owned, [](void* p) { delete static_cast<M*>(p); });
  if constexpr (M::ColsAtCompileTime == 1) {
    return py::array_t<T>({static_cast<py::ssize_t>(owned->size())}, owned->data(), free_when_done);
  } else {
    return py::array_t<T>(
        {static_cast<py::ssize_t>(owned->rows()), static_cast<py::ssize_t>(owned->cols())},
        owned->data(), free_when_done);
  }
}

}  // namespace

void register_synthetic(py::module_& m) {
  m.def(
      "synthetic_market",
      [](Index n, Index companies, Index wishes, Index features, double zipf, double refusal,
         double empty_list, bool dense_scores, std::uint64_t seed) {
        SyntheticOptions o;
        o.candidates = n;
        o.companies = companies;
        o.wishes = wishes;
        o.features = features;
        o.zipf = zipf;
        o.refusal = refusal;
        o.empty_list = empty_list;
        o.dense_scores = dense_scores;
        o.seed = seed;
        SyntheticMarket mk;
        {
          py::gil_scoped_release release;
          mk = make_synthetic_market(o);
        }
        // Scores of the listed entries, aligned with preferences (0 on padding).
        ScoreMatrix entry = ScoreMatrix::Zero(mk.preferences.rows(), mk.preferences.cols());
        for (Index i = 0; i < mk.preferences.rows(); ++i) {
          for (Index r = 0; r < mk.preferences.cols(); ++r) {
            const Index j = mk.preferences(i, r);
            if (j >= 0) {
              entry(i, r) = mk.listed_scores.coeff(i, j);
            }
          }
        }
        py::dict out;
        out["preferences"] = to_numpy(std::move(mk.preferences));
        out["capacities"] = to_numpy(std::move(mk.capacities));
        out["entry_scores"] = to_numpy(std::move(entry));
        out["scores"] =
            dense_scores ? py::object(to_numpy(std::move(mk.scores))) : py::object(py::none());
        out["features"] = to_numpy(std::move(mk.features));
        out["weights"] = to_numpy(std::move(mk.weights));
        return out;
      },
      "n"_a, py::kw_only(), "companies"_a = 0, "wishes"_a = 3, "features"_a = 8, "zipf"_a = 1.0,
      "refusal"_a = 0.0, "empty_list"_a = 0.0, "dense_scores"_a = true, "seed"_a = 1, R"doc(
A seeded kick-off-like market, identical on every platform for a given seed.

n candidates; ``companies`` companies (0: max(10, n // 10)) with 1-5 seats
(mean 3.5, about 35% of n in total); up to ``wishes`` wishes per candidate
drawn with Zipf popularity (exponent ``zipf``); scores s = features @ weights.T
in [0, 1]; a share ``refusal`` of listed pairs refused (-inf) and a share
``empty_list`` of candidates listing nobody.

Parameters
----------
n : int
    Number of candidates.
companies : int, optional
    Number of companies (0: max(10, n // 10)).
wishes : int, optional
    List length k.
features : int, optional
    Feature dimension d of the score model.
zipf : float, optional
    Popularity exponent (0 = uniform).
refusal, empty_list : float, optional
    Probabilities in [0, 1].
dense_scores : bool, optional
    Also build the dense (n, m) score matrix.
seed : int, optional
    Seed of the generator.

Returns
-------
dict
    ``preferences`` (n, k) int32, ``capacities`` (m,) int32, ``entry_scores``
    (n, k) float64 (the score of each listed pair, -inf if refused),
    ``scores`` (n, m) float64 or None when ``dense_scores`` is False,
    ``features`` (n, d) and ``weights`` (m, d).
)doc");
}

}  // namespace kobling::python
