// python/bindings/results.cpp — Assignment and DualCertificate as Python
// objects whose arrays are numpy views of the C++ result (no copies; the view
// keeps its owner alive).
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <cmath>

#include <optional>
#include <sstream>

#include "bindings.hpp"
#include "kobling/assignment.hpp"
#include "kobling/bounds.hpp"
#include "kobling/errors.hpp"

namespace kobling::python {

namespace py = pybind11;

namespace {

// Read-only: the arrays view the result's own memory, which the library
// trusts (reports, JSON export); copy them to modify.
py::array read_only(py::array a) {
  a.attr("setflags")(py::arg("write") = false);
  return a;
}

template <class Vector>
py::array view_of(const Vector& v, py::handle owner) {
  using T = typename Vector::Scalar;
  return read_only(py::array_t<T>({static_cast<py::ssize_t>(v.size())},
                                  {static_cast<py::ssize_t>(sizeof(T))}, v.data(), owner));
}

template <class Matrix>  // row-major
py::array matrix_view(const Matrix& mat, py::handle owner) {
  static_assert(Matrix::IsRowMajor || Matrix::ColsAtCompileTime == 1);
  using T = typename Matrix::Scalar;
  return read_only(
      py::array_t<T>({static_cast<py::ssize_t>(mat.rows()), static_cast<py::ssize_t>(mat.cols())},
                     {static_cast<py::ssize_t>(sizeof(T) * static_cast<std::size_t>(mat.cols())),
                      static_cast<py::ssize_t>(sizeof(T))},
                     mat.data(), owner));
}

}  // namespace

void register_results(py::module_& m) {
  py::class_<Bound>(m, "Bound", R"doc(
A cohort bound: lower <= (placements of ``candidates`` at ``companies``) <= upper.

Parameters
----------
lower : int, optional
    At least this many (default 0).
upper : int or None, optional
    At most this many (None: no upper bound).
companies : sequence of int, optional
    Company indices (None or empty: every company).
candidates : sequence of int or array_like of bool, optional
    Candidate indices, or an (n,) mask (None or empty: every candidate).
all_or_nothing : bool, optional
    0, or between lower and upper (a viable class).
penalty : float or None, optional
    None: hard. A number >= 0: soft, costing that much per placement short
    or over on the policy's first objective level.
name : str, optional
    Shown in messages and results.
)doc")
      .def(py::init([](Index lower, const py::object& upper, const py::object& companies,
                       const py::object& candidates, bool all_or_nothing, const py::object& penalty,
                       std::string name) {
             Bound b;
             b.lower = lower;
             b.upper = upper.is_none() ? kNone : upper.cast<Index>();
             if (!upper.is_none() && b.upper < 0) {
               throw InvalidArgument("kobling.bounds.negative", "upper",
                                     "must be >= 0 or None, got " + std::to_string(b.upper));
             }
             if (!companies.is_none()) {
               b.companies = companies.cast<std::vector<Index>>();
             }
             if (!candidates.is_none()) {
               const py::array a = py::array::ensure(candidates);
               if (a && a.dtype().kind() == 'b') {
                 const auto mask =
                     py::array_t<bool, py::array::c_style | py::array::forcecast>::ensure(a);
                 for (py::ssize_t i = 0; i < mask.size(); ++i) {
                   if (mask.data()[i]) {
                     b.candidates.push_back(static_cast<Index>(i));
                   }
                 }
               } else {
                 b.candidates = candidates.cast<std::vector<Index>>();
               }
             }
             b.all_or_nothing = all_or_nothing;
             b.penalty = penalty.is_none() ? -1.0 : penalty.cast<double>();
             if (!penalty.is_none() && b.penalty < 0.0) {
               throw InvalidArgument("kobling.bounds.bad_penalty", "penalty",
                                     "must be a finite number >= 0 (soft) or None (hard)");
             }
             b.name = std::move(name);
             return b;
           }),
           py::arg("lower") = 0, py::arg("upper") = py::none(), py::kw_only(),
           py::arg("companies") = py::none(), py::arg("candidates") = py::none(),
           py::arg("all_or_nothing") = false, py::arg("penalty") = py::none(), py::arg("name") = "")
      .def_readonly("lower", &Bound::lower)
      .def_property_readonly("upper",
                             [](const Bound& b) -> py::object {
                               return b.upper == kNone ? py::object(py::none())
                                                       : py::object(py::int_(b.upper));
                             })
      .def_readonly("companies", &Bound::companies)
      .def_readonly("candidates", &Bound::candidates)
      .def_readonly("all_or_nothing", &Bound::all_or_nothing)
      .def_property_readonly("penalty",
                             [](const Bound& b) -> py::object {
                               return b.hard() ? py::object(py::none())
                                               : py::object(py::float_(b.penalty));
                             })
      .def_readonly("name", &Bound::name)
      .def("__repr__", [](const Bound& b) {
        std::ostringstream os;
        os << "Bound(lower=" << b.lower
           << ", upper=" << (b.upper == kNone ? std::string("None") : std::to_string(b.upper))
           << (b.name.empty() ? "" : ", name='" + b.name + "'") << ")";
        return os.str();
      });

  py::class_<DualCertificate>(m, "DualCertificate", R"doc(
Dual prices that prove an exact solver's assignment optimal.

The objective is lexicographic with ``len(levels)`` levels, most significant
first (max_placement: ``["placed", "utility"]``; rank_maximal: ``["rank_0", ...,
"score"]``; optimal_assignment: ``["utility"]`` or ``["placed", "utility"]``).
``candidate[i]`` is candidate i's utility u_i and ``company[j]`` company j's seat
price p_j. They certify optimality when u, p >= 0, u_i + p_j >= w(i, j) on every
allowed pair and == on assigned pairs, u_i == 0 for unplaced candidates and
p_j == 0 for companies with a free seat (vectors compared lexicographically).
The ``check_*_certificate`` functions verify this from the inputs.
)doc")
      .def_readonly("levels", &DualCertificate::levels, "Names of the levels.")
      .def_property_readonly(
          "candidate",
          [](py::object self) {
            return matrix_view(self.cast<const DualCertificate&>().candidate, self);
          },
          "(n, levels) candidate utilities u.")
      .def_property_readonly(
          "company",
          [](py::object self) {
            return matrix_view(self.cast<const DualCertificate&>().company, self);
          },
          "(m, levels) company seat prices p.")
      .def("__bool__", [](const DualCertificate& d) { return !d.empty(); })
      .def("__repr__", [](const DualCertificate& d) {
        return "DualCertificate(levels=" + py::repr(py::cast(d.levels)).cast<std::string>() + ")";
      });

  py::class_<Assignment>(m, "Assignment", R"doc(
The result of an assignment policy.

Attributes
----------
company : numpy.ndarray of int32, shape (n,)
    Assigned company per candidate, -1 = unplaced.
rank : numpy.ndarray of int32, shape (n,)
    0-based rank of the assigned company on the candidate's list; -1 when
    unplaced or not on a list (optimal_assignment has no lists).
placed : int
    Number of candidates with a company.
objective : float
    The solver's objective (see each solver).
rank_counts : numpy.ndarray of int64, shape (k,)
    Candidates placed at each list rank.
duals : DualCertificate
    Optimality certificate of the exact solvers (empty for stable).
tie_break : str
    How ties were decided ("index", "lottery" or "lottery_per_company"):
    equal company scores (stable) or equally good assignments (max_placement,
    rank_maximal). optimal_assignment takes no rule and reports "index"
    with no ties: among equal optima it returns the one its engine meets
    first.
seed : int
    The lottery's seed.
ties : list of dict
    Every tie that decided seats: ``company``, ``score`` (stable: the
    company's cutoff, shared by the tied candidates; None for max_placement
    and rank_maximal, where the objective tied), ``won`` (candidates holding
    a seat there) and ``lost`` (candidates who wanted it more and did not get
    it), each in the tie order (lowest lottery number or index first).
bounds : list of dict
    With cohort bounds: per bound ``name``, ``count`` (placements in its
    set), ``shortfall`` and ``excess`` (soft bounds' violations) and
    ``price`` (with ``price_bounds``: the objective levels without the bound
    minus with it). Empty otherwise.
proven_optimal : bool
    False when the MIP of cohort bounds was stopped by its time limit;
    ``bound_gap`` is then how far its proven bound is.
bounds_method : str
    With bounds: ``"flow"`` or ``"mip"``, the path that solved them
    (``"deferred_acceptance"`` for stable with quotas); empty without bounds.
pairs : numpy.ndarray of int32, shape (P, 2)
    With ``loads``: every placement as (candidate, company), by candidate and
    then wish rank; ``company`` then holds each candidate's best one. Empty
    otherwise.
load : numpy.ndarray of int32, shape (n,)
    With ``loads``: how many seats each candidate holds. Empty otherwise.
baseline_placed : int or None
    With ``max_placed``: how many deferred acceptance with the same tie rule
    places; the largest weakly stable matching places ``placed -
    baseline_placed`` more. None otherwise.
changes : dict
    Against a previous round (stable with ``previous``): ``moved`` (placed
    before and now, elsewhere), ``newly_placed`` and ``lost_seat``, lists of
    candidate indices; withdrawn candidates are in none. Empty lists
    otherwise.
)doc")
      .def_property_readonly(
          "company",
          [](py::object self) { return view_of(self.cast<const Assignment&>().company, self); })
      .def_property_readonly(
          "rank",
          [](py::object self) { return view_of(self.cast<const Assignment&>().rank, self); })
      .def_readonly("placed", &Assignment::placed)
      .def_readonly("objective", &Assignment::objective)
      .def_property_readonly(
          "rank_counts",
          [](py::object self) { return view_of(self.cast<const Assignment&>().rank_counts, self); })
      .def_property_readonly(
          "pairs",
          [](py::object self) { return matrix_view(self.cast<const Assignment&>().pairs, self); })
      .def_property_readonly(
          "load",
          [](py::object self) { return view_of(self.cast<const Assignment&>().load, self); })
      .def_property_readonly(
          "duals",
          [](py::object self) -> const DualCertificate& {
            return self.cast<const Assignment&>().duals;
          },
          py::return_value_policy::reference_internal)
      .def_property_readonly(
          "tie_break", [](const Assignment& a) { return std::string(to_string(a.tie_break)); })
      .def_readonly("seed", &Assignment::seed)
      .def_property_readonly(
          "ties",
          [](const Assignment& a) {
            py::list out;
            for (const DecidedTie& t : a.ties) {
              // NaN: an optimal policy's objective tied, not a score.
              const py::object score =
                  std::isnan(t.score) ? py::object(py::none()) : py::object(py::float_(t.score));
              out.append(py::dict(py::arg("company") = t.company, py::arg("score") = score,
                                  py::arg("won") = t.won, py::arg("lost") = t.lost));
            }
            return out;
          })
      .def_property_readonly("changes",
                             [](const Assignment& a) {
                               return py::dict(py::arg("moved") = a.changes.moved,
                                               py::arg("newly_placed") = a.changes.newly_placed,
                                               py::arg("lost_seat") = a.changes.lost_seat);
                             })
      .def_property_readonly(
          "bounds",
          [](const Assignment& a) {
            py::list out;
            for (const BoundOutcome& b : a.bounds) {
              out.append(py::dict(py::arg("name") = b.name, py::arg("count") = b.count,
                                  py::arg("shortfall") = b.shortfall, py::arg("excess") = b.excess,
                                  py::arg("price") = b.price));
            }
            return out;
          })
      .def_readonly("proven_optimal", &Assignment::proven_optimal)
      .def_readonly("bound_gap", &Assignment::bound_gap)
      .def_readonly("bounds_method", &Assignment::bounds_method)
      .def_property_readonly("baseline_placed",
                             [](const Assignment& a) -> std::optional<std::int64_t> {
                               if (a.baseline_placed < 0) {
                                 return std::nullopt;
                               }
                               return a.baseline_placed;
                             })
      .def_property_readonly("n", [](const Assignment& a) { return a.company.size(); })
      .def("__repr__", [](const Assignment& a) {
        std::ostringstream os;
        os << "Assignment(n=" << a.company.size() << ", placed=" << a.placed << ", rank_counts=[";
        for (Eigen::Index r = 0; r < a.rank_counts.size(); ++r) {
          os << (r > 0 ? ", " : "") << a.rank_counts[r];
        }
        os << "], objective=" << py::repr(py::float_(a.objective)).cast<std::string>() << ")";
        return os.str();
      });
}

}  // namespace kobling::python
