// python/bindings/interviews.cpp — who interviews whom and when
// (kobling/interviews.hpp): InterviewPlan, InterviewSchedule and the
// functions that make and check them.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <sstream>

#include "arrays.hpp"
#include "bindings.hpp"
#include "kobling/errors.hpp"
#include "kobling/interviews.hpp"

namespace kobling::python {

namespace py = pybind11;
using namespace pybind11::literals;

namespace {

template <class Matrix>
py::array copy_of(const Matrix& x) {
  using T = typename Matrix::Scalar;
  if (Matrix::ColsAtCompileTime == 1) {
    py::array_t<T> out(static_cast<py::ssize_t>(x.size()));
    std::copy(x.data(), x.data() + x.size(), out.mutable_data());
    return out;
  }
  py::array_t<T> out({static_cast<py::ssize_t>(x.rows()), static_cast<py::ssize_t>(x.cols())});
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    for (Eigen::Index c = 0; c < x.cols(); ++c) {
      out.mutable_at(r, c) = x(r, c);
    }
  }
  return out;
}

// An (p, 2) integer array of (candidate, company) pairs.
PairList pair_list(const py::handle& obj) {
  const auto a = as_c_array<std::int64_t>(obj, "pairs");
  if (a.ndim() != 2 || a.shape(1) != 2) {
    throw InvalidArgument("kobling.array.shape", "pairs",
                          "must have shape (p, 2) (candidate, company), got " +
                              std::to_string(a.ndim()) + " dimensions");
  }
  PairList p(static_cast<Eigen::Index>(a.shape(0)), 2);
  for (py::ssize_t r = 0; r < a.shape(0); ++r) {
    for (py::ssize_t c = 0; c < 2; ++c) {
      const std::int64_t v = a.at(r, c);
      if (v < 0 || v > kMaxIndex) {
        throw OutOfRange(c == 0 ? "kobling.array.candidate_index" : "kobling.array.company_index",
                         "pairs[" + std::to_string(r) + ", " + std::to_string(c) + "]",
                         (c == 0 ? "candidate index " : "company index ") + std::to_string(v) +
                             " is out of range");
      }
      p(r, c) = static_cast<Index>(v);
    }
  }
  return p;
}

// A 2-D bool availability matrix; None: not given.
MaskMatrix availability(const py::handle& obj, const char* name) {
  if (obj.is_none()) {
    return {};
  }
  const py::array raw = py::array::ensure(obj);
  if (!raw || raw.dtype().kind() != 'b') {
    throw py::type_error(std::string(name) + ": expected a 2-D array of bool (True = available)");
  }
  if (raw.ndim() != 2) {
    throw InvalidArgument("kobling.array.shape", name,
                          "must be 2-D, got " + std::to_string(raw.ndim()) + " dimensions");
  }
  const auto a = py::array_t<bool, py::array::c_style | py::array::forcecast>::ensure(raw);
  MaskMatrix x(static_cast<Eigen::Index>(a.shape(0)), static_cast<Eigen::Index>(a.shape(1)));
  std::copy(a.data(), a.data() + a.size(), x.data());
  return x;
}

IndexVector optional_vector(const py::handle& obj, const char* name) {
  if (obj.is_none()) {
    return {};
  }
  const auto a = as_c_array<std::int64_t>(obj, name);
  if (a.ndim() != 1) {
    throw InvalidArgument("kobling.array.shape", name,
                          "must be 1-D, got " + std::to_string(a.ndim()) + " dimensions");
  }
  IndexVector v(static_cast<Eigen::Index>(a.shape(0)));
  for (py::ssize_t q = 0; q < a.shape(0); ++q) {
    const std::int64_t x = a.at(q);
    if (x < -kMaxIndex || x > kMaxIndex) {
      throw InvalidArgument("kobling.array.shape",
                            std::string(name) + "[" + std::to_string(q) + "]", "is out of range");
    }
    v[q] = static_cast<Index>(x);
  }
  return v;
}

// The inputs of plan_interviews and check_interview_plan, converted in the
// order their errors are reported (caps bound the company indices).
struct PlanArgs {
  IndexVectorArg caps;
  IndexMatrixArg prefs;
  PairArg<bool> mask;
  PairArg<double> scores;
  InterviewPlanOptions options;
  PlanArgs(const py::handle& preferences, const py::handle& interview_caps,
           const py::handle& allowed, const py::handle& pair_scores, Index min_per_candidate)
      : caps(index_vector(interview_caps, "interview_caps", VectorKind::capacities)),
        prefs(index_matrix(preferences, "preferences", caps.size)),
        mask(bool_pairs(allowed, "allowed")),
        scores(float_pairs(pair_scores, "scores", false)) {
    options.min_per_candidate = min_per_candidate;
  }
};

struct ScheduleArgs {
  PairList pairs;
  ScheduleOptions options;
  Index n = 0;
  Index m = 0;
};

// The schedule's inputs; n and m from the first argument that states them.
ScheduleArgs schedule_args(const py::handle& pairs, const py::handle& rooms,
                           const py::handle& candidate_available,
                           const py::handle& company_available, const py::handle& site,
                           Index travel_slots) {
  ScheduleArgs s;
  s.pairs = pair_list(pairs);
  s.options.rooms = optional_vector(rooms, "rooms");
  s.options.candidate_available = availability(candidate_available, "candidate_available");
  s.options.company_available = availability(company_available, "company_available");
  s.options.site = optional_vector(site, "site");
  s.options.travel_slots = travel_slots;
  for (Eigen::Index r = 0; r < s.pairs.rows(); ++r) {
    s.n = std::max(s.n, s.pairs(r, 0) + 1);
    s.m = std::max(s.m, s.pairs(r, 1) + 1);
  }
  if (s.options.candidate_available.size() > 0) {
    s.n = static_cast<Index>(s.options.candidate_available.rows());
  }
  if (s.options.site.size() > 0) {
    s.m = static_cast<Index>(s.options.site.size());
  }
  if (s.options.company_available.size() > 0) {
    s.m = static_cast<Index>(s.options.company_available.rows());
  }
  if (s.options.rooms.size() > 0) {
    s.m = static_cast<Index>(s.options.rooms.size());
  }
  return s;
}

}  // namespace

void register_interviews(py::module_& m) {
  py::class_<InterviewPlan>(m, "InterviewPlan", R"doc(
The interviews chosen by :func:`plan_interviews`, with the certificate.

Attributes
----------
pairs : numpy.ndarray of int32, shape (p, 2)
    (candidate, company) per interview, by candidate, then wish rank.
per_candidate, per_company : numpy.ndarray of int32
    Interviews per candidate (n,) and per company (m,).
uncovered : list of int
    Candidates below ``min_per_candidate``, ascending.
uncovered_reason : list of str
    Per uncovered candidate: "no_acceptable_wish", "too_few_wishes" (every
    acceptable wish is interviewed, still below the minimum) or "caps_taken"
    (the wishes' interviews went to candidates the objective prefers).
levels, objective : list
    The levels ("cover", "interviews", "rank", "score") and their totals.
candidate_potential, company_potential, sink_potential : numpy.ndarray
    Node potentials (one column per level) certifying optimality; see
    :func:`check_interview_plan`.
)doc")
      .def_property_readonly("pairs", [](const InterviewPlan& p) { return copy_of(p.pairs); })
      .def_property_readonly("per_candidate",
                             [](const InterviewPlan& p) { return copy_of(p.per_candidate); })
      .def_property_readonly("per_company",
                             [](const InterviewPlan& p) { return copy_of(p.per_company); })
      .def_readonly("uncovered", &InterviewPlan::uncovered)
      .def_readonly("uncovered_reason", &InterviewPlan::uncovered_reason)
      .def_readonly("levels", &InterviewPlan::levels)
      .def_readonly("objective", &InterviewPlan::objective)
      .def_property_readonly("candidate_potential",
                             [](const InterviewPlan& p) { return copy_of(p.candidate_potential); })
      .def_property_readonly("company_potential",
                             [](const InterviewPlan& p) { return copy_of(p.company_potential); })
      .def_property_readonly("sink_potential",
                             [](const InterviewPlan& p) { return copy_of(p.sink_potential); })
      .def("__repr__", [](const InterviewPlan& p) {
        std::ostringstream os;
        os << "InterviewPlan(interviews=" << p.pairs.rows() << ", uncovered=" << p.uncovered.size()
           << ")";
        return os.str();
      });

  py::class_<InterviewSchedule>(m, "InterviewSchedule", R"doc(
A timetable from :func:`schedule_interviews`.

Attributes
----------
slot, room : numpy.ndarray of int32, shape (p,)
    Each interview's slot (0-based) and room at the company; -1 where no
    slot could be found.
slots_used : int
    1 + the last slot used.
lower_bound : int
    No timetable of all interviews uses fewer slots (a candidate's interview
    count, or a company's per room, rounded up).
idle_gaps : int
    Empty slots between candidates' first and last interviews, summed.
unscheduled : int
    Interviews without a slot.
exact : bool
    Every interview placed and ``slots_used == lower_bound``: provably the
    fewest slots.
)doc")
      .def_property_readonly("slot", [](const InterviewSchedule& s) { return copy_of(s.slot); })
      .def_property_readonly("room", [](const InterviewSchedule& s) { return copy_of(s.room); })
      .def_readonly("slots_used", &InterviewSchedule::slots_used)
      .def_readonly("lower_bound", &InterviewSchedule::lower_bound)
      .def_readonly("idle_gaps", &InterviewSchedule::idle_gaps)
      .def_readonly("unscheduled", &InterviewSchedule::unscheduled)
      .def_readonly("exact", &InterviewSchedule::exact)
      .def("__repr__", [](const InterviewSchedule& s) {
        std::ostringstream os;
        os << "InterviewSchedule(slots_used=" << s.slots_used << ", lower_bound=" << s.lower_bound
           << ", unscheduled=" << s.unscheduled << ", idle_gaps=" << s.idle_gaps << ")";
        return os.str();
      });

  m.def(
      "plan_interviews",
      [](const py::handle& preferences, const py::handle& interview_caps, const py::handle& allowed,
         const py::handle& scores, Index min_per_candidate) {
        const PlanArgs a(preferences, interview_caps, allowed, scores, min_per_candidate);
        py::gil_scoped_release release;
        return plan_interviews(a.prefs.map(), a.caps.map(), a.mask.view, a.scores.view, a.options);
      },
      "preferences"_a, "interview_caps"_a, py::kw_only(), "allowed"_a = py::none(),
      "scores"_a = py::none(), "min_per_candidate"_a = 1, R"doc(
Who interviews whom: exact, with a certificate.

Chooses listed, acceptable pairs as interviews, at most ``interview_caps[j]``
per company, maximising lexicographically: the coverage (the sum over
candidates of min(interviews, ``min_per_candidate``)), then the number of
interviews, then the wish ranks (the sum of k - 1 - rank), then the total
score. A min-cost flow solved exactly; the node potentials certify it.

Parameters
----------
preferences : array_like of int, shape (n, k)
    Company indices per candidate, best first, padded with -1.
interview_caps : array_like of int, shape (m,)
    The most interviews each company holds (for example 3 x its seats).
allowed, scores : optional
    As for :func:`max_placement_assignment`: pairs the companies accept and
    the fit scores (the last level).
min_per_candidate : int, optional
    Interviews every candidate should have where their wishes allow.

Returns
-------
InterviewPlan
    ``pairs``, counts, ``uncovered`` with reasons and the certificate.

Raises
------
kobling.InvalidInputError
    A negative cap (``kobling.interviews.negative_cap``) or minimum, and the
    wish-list errors of every policy.
)doc");

  m.def(
      "check_interview_plan",
      [](const py::handle& preferences, const py::handle& interview_caps, const InterviewPlan& plan,
         const py::handle& allowed, const py::handle& scores, Index min_per_candidate,
         double tolerance) {
        const PlanArgs a(preferences, interview_caps, allowed, scores, min_per_candidate);
        const CheckReport r = check_interview_plan(a.prefs.map(), a.caps.map(), a.mask.view,
                                                   a.scores.view, a.options, plan, tolerance);
        return py::dict("ok"_a = r.ok, "violations"_a = r.violations);
      },
      "preferences"_a, "interview_caps"_a, "plan"_a, py::kw_only(), "allowed"_a = py::none(),
      "scores"_a = py::none(), "min_per_candidate"_a = 1, "tolerance"_a = kCertificateTolerance,
      R"doc(
Independent check of an :class:`InterviewPlan`.

Pairs listed, acceptable and distinct, caps held, ``uncovered`` exact, and
the potentials' reduced costs non-negative on every residual arc
(optimality).

Parameters
----------
preferences, interview_caps, allowed, scores, min_per_candidate
    The inputs of :func:`plan_interviews`.
plan : InterviewPlan
    The plan to check (from :func:`plan_interviews` or built elsewhere).
tolerance : float, optional
    Relative tolerance of the score level.

Returns
-------
dict
    ``{"ok": bool, "violations": [str, ...]}``.
)doc");

  m.def(
      "schedule_interviews",
      [](const py::handle& pairs, Index n_slots, const py::handle& rooms,
         const py::handle& candidate_available, const py::handle& company_available,
         const py::handle& site, Index travel_slots, double time_limit) {
        ScheduleArgs a =
            schedule_args(pairs, rooms, candidate_available, company_available, site, travel_slots);
        a.options.time_limit = time_limit;
        py::gil_scoped_release release;
        return schedule_interviews(a.pairs, a.n, a.m, n_slots, a.options);
      },
      "pairs"_a, "n_slots"_a, py::kw_only(), "rooms"_a = py::none(),
      "candidate_available"_a = py::none(), "company_available"_a = py::none(),
      "site"_a = py::none(), "travel_slots"_a = 0, "time_limit"_a = 10.0, R"doc(
When: a slot and a room for every interview.

No candidate in two interviews at once; a company with r rooms holds at most
r at once. Without availability windows and travel buffers the timetable
uses exactly ``lower_bound`` slots (König's edge-colouring theorem), the
fewest possible; with them, the scarcest interviews are placed first at
their earliest feasible slot, and when that misses the bound a
mixed-integer program (COIN-OR CBC, up to 60,000 interview-slot columns)
places the most interviews in the fewest slots and raises ``lower_bound``
to what it proves; ``exact`` says the two met.

Parameters
----------
pairs : array_like of int, shape (p, 2)
    (candidate, company) per interview, e.g. ``plan_interviews(...).pairs``.
n_slots : int
    Slots in the day, >= 1.
rooms : array_like of int, shape (m,), optional
    Rooms per company (default 1).
candidate_available : array_like of bool, shape (n, n_slots), optional
company_available : array_like of bool, shape (m, n_slots), optional
    When each candidate can come and each company interviews.
site : array_like of int, shape (m,), optional
    Each company's site (any integer label).
travel_slots : int, optional
    Free slots a candidate needs between interviews at different sites.
time_limit : float, optional
    Seconds per level of the mixed-integer program (windows or travel).

n (candidates) and m (companies) come from the availability, ``site`` or
``rooms`` when given, else from the largest index in ``pairs``.

Returns
-------
InterviewSchedule

Raises
------
kobling.InvalidInputError
    ``n_slots`` < 1 (``kobling.interviews.bad_slots``), a room count < 1
    (``kobling.interviews.bad_rooms``), a pair listed twice
    (``kobling.interviews.duplicate_pair``), shapes that do not agree.
kobling.IndexOutOfRangeError
    A candidate or company index out of range.
)doc");

  m.def(
      "check_schedule",
      [](const py::handle& pairs, Index n_slots, const InterviewSchedule& schedule,
         const py::handle& rooms, const py::handle& candidate_available,
         const py::handle& company_available, const py::handle& site, Index travel_slots) {
        const ScheduleArgs a =
            schedule_args(pairs, rooms, candidate_available, company_available, site, travel_slots);
        const CheckReport r = check_schedule(a.pairs, a.n, a.m, n_slots, a.options, schedule);
        return py::dict("ok"_a = r.ok, "violations"_a = r.violations);
      },
      "pairs"_a, "n_slots"_a, "schedule"_a, py::kw_only(), "rooms"_a = py::none(),
      "candidate_available"_a = py::none(), "company_available"_a = py::none(),
      "site"_a = py::none(), "travel_slots"_a = 0, R"doc(
Independent check of an :class:`InterviewSchedule`.

Slots and rooms in range, nobody double-booked, windows and travel buffers
honoured, the counts and the lower bound consistent.

Parameters
----------
pairs, n_slots, rooms, candidate_available, company_available, site, travel_slots
    The inputs of :func:`schedule_interviews`.
schedule : InterviewSchedule
    The timetable to check.

Returns
-------
dict
    ``{"ok": bool, "violations": [str, ...]}``.
)doc");
}

}  // namespace kobling::python
