// python/bindings/solvers.cpp — the array-level API: validate and convert
// with the GIL held, release it, solve in C++.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "arrays.hpp"
#include "bindings.hpp"
#include "kobling/bounds.hpp"
#include "kobling/errors.hpp"
#include "kobling/max_placement.hpp"
#include "kobling/optimal_assignment.hpp"
#include "kobling/rank_maximal.hpp"
#include "kobling/stable.hpp"
#include "kobling/ties.hpp"
#include "kobling/verify.hpp"

namespace kobling::python {

namespace py = pybind11;
using namespace pybind11::literals;

namespace {

// The argument prelude the list-based functions share, converted with the
// GIL held in the order the errors are reported: capacities first (their
// length bounds the company indices in the preferences), then preferences.
struct WishArgs {
  IndexVectorArg caps;
  IndexMatrixArg prefs;
  WishArgs(const py::handle& preferences, const py::handle& capacities)
      : caps(index_vector(capacities, "capacities", VectorKind::capacities)),
        prefs(index_matrix(preferences, "preferences", caps.size)) {}
};

// The optional pair arguments: the `allowed` mask, then the `scores`.
struct AcceptableArgs {
  PairArg<bool> mask;
  PairArg<double> scores;
  AcceptableArgs(const py::handle& allowed, const py::handle& pair_scores)
      : mask(bool_pairs(allowed, "allowed")), scores(float_pairs(pair_scores, "scores", false)) {}
};

py::array_t<Index> pairs_to_numpy(const PairList& p) {
  py::array_t<Index> out({static_cast<py::ssize_t>(p.rows()), py::ssize_t{2}});
  std::copy(p.data(), p.data() + p.size(), out.mutable_data());
  return out;
}

// The round inputs (None: not given), converted with the GIL held: company
// vectors like company_of, withdrawn a 1-D bool array.
RoundOptions round_options(const py::handle& fixed, const py::handle& withdrawn,
                           const py::handle& previous, bool no_worse) {
  RoundOptions o;
  o.no_worse = no_worse;
  if (!fixed.is_none()) {
    o.fixed = index_vector(fixed, "fixed", VectorKind::company_of).map();
  }
  if (!previous.is_none()) {
    o.previous = index_vector(previous, "previous", VectorKind::company_of).map();
  }
  if (!withdrawn.is_none()) {
    const py::array a = py::array::ensure(withdrawn);
    if (!a || a.dtype().kind() != 'b') {
      throw py::type_error("withdrawn: expected a 1-D array of bool (True = withdrawn), got " +
                           std::string(py::str(py::type::of(withdrawn)).cast<std::string>()) +
                           (a ? " of dtype " + py::str(a.dtype()).cast<std::string>() : ""));
    }
    if (a.ndim() != 1) {
      throw InvalidArgument("kobling.array.shape", "withdrawn",
                            "must be 1-D, got " + std::to_string(a.ndim()) + " dimensions");
    }
    const auto flags = py::array_t<bool, py::array::c_style | py::array::forcecast>::ensure(a);
    o.withdrawn = MaskVector(static_cast<Eigen::Index>(flags.size()));
    std::copy(flags.data(), flags.data() + flags.size(), o.withdrawn.data());
  }
  return o;
}

// The `bounds` argument: a sequence of kobling.Bound (None: none); each
// Bound's candidates, a mask or indices, were converted when it was made.
Loads load_options(const py::handle& loads, const py::handle& min_loads) {
  Loads out;
  if (!loads.is_none()) {
    out.most = index_vector(loads, "loads", VectorKind::capacities).map();
  }
  if (!min_loads.is_none()) {
    out.least = index_vector(min_loads, "min_loads", VectorKind::capacities).map();
  }
  return out;
}

std::vector<Bound> bound_list(const py::handle& bounds) {
  std::vector<Bound> out;
  if (bounds.is_none()) {
    return out;
  }
  for (const py::handle item : bounds) {
    if (!py::isinstance<Bound>(item)) {
      throw py::type_error("bounds: expected a sequence of kobling.Bound, got an item of type " +
                           py::str(py::type::of(item)).cast<std::string>());
    }
    out.push_back(item.cast<Bound>());
  }
  return out;
}

py::dict report_to_dict(const CheckReport& r) {
  return py::dict("ok"_a = r.ok, "violations"_a = r.violations);
}

}  // namespace

void register_solvers(py::module_& m) {
  m.def(
      "stable_assignment",
      [](const py::handle& preferences, const py::handle& company_scores,
         const py::handle& capacities, const std::string& proposer, const std::string& tie_break,
         std::uint64_t seed, bool improve, const py::handle& fixed, const py::handle& withdrawn,
         const py::handle& previous, bool no_worse, bool max_placed, double time_limit,
         const py::handle& bounds) {
        StableOptions o{parse_proposer(proposer), parse_tie_break(tie_break), seed, improve};
        o.max_placed = max_placed;
        o.bounds = bound_list(bounds);
        o.time_limit = time_limit;
        RoundOptions round = round_options(fixed, withdrawn, previous, no_worse);
        o.fixed = std::move(round.fixed);
        o.withdrawn = std::move(round.withdrawn);
        o.previous = std::move(round.previous);
        o.no_worse = round.no_worse;
        const WishArgs w(preferences, capacities);
        const PairArg<double> scores = float_pairs(company_scores, "company_scores", true);
        py::gil_scoped_release release;
        return stable_assignment(w.prefs.map(), scores.view, w.caps.map(), o);
      },
      "preferences"_a, "company_scores"_a, "capacities"_a, py::kw_only(),
      "proposer"_a = "candidates", "tie_break"_a = "index", "seed"_a = 0, "improve"_a = false,
      "fixed"_a = py::none(), "withdrawn"_a = py::none(), "previous"_a = py::none(),
      "no_worse"_a = false, "max_placed"_a = false, "time_limit"_a = 60.0, "bounds"_a = py::none(),
      R"doc(
Stable assignment by deferred acceptance (hospitals/residents with capacities).

Parameters
----------
preferences : array_like of int, shape (n, k)
    Company indices per candidate, best first, padded at the end with -1.
company_scores : array_like of float or scipy.sparse (CSR, CSC, COO, BSR, DOK), shape (n, m)
    Higher is preferred by the company; ``-inf`` (or, sparse, not stored) means
    the company will not take that candidate. Only listed pairs affect the
    result, but NaN and +inf are errors anywhere (every entry is checked; a
    sparse matrix of the listed pairs avoids the O(n m) scan). Equal scores
    are a tie, decided by ``tie_break``. A sparse matrix built from
    a dense one (``scipy.sparse.csr_matrix(dense)``) drops its zeros, so a
    pair scored 0 would be refused: store explicit zeros.
capacities : array_like of int, shape (m,)
    Seats per company, >= 0.
proposer : {"candidates", "companies"}, optional
    ``"candidates"`` (default) gives the candidate-optimal stable matching,
    which is strategy-proof for candidates; ``"companies"`` the company-optimal
    one. Both place the same candidates count (rural hospitals theorem).
tie_break : {"index", "lottery", "lottery_per_company"}, optional
    How a company orders candidates with equal scores: the lower index
    (default), one seeded random order shared by all companies, or one per
    company. The order is :func:`lottery_numbers` (lower first), the same in
    C++, Python and the CLI on every machine.
seed : int, optional
    The lottery's seed, 0 <= seed < 2**64.
improve : bool, optional
    Apply stable improvement cycles (Erdil and Ergin 2008) after deferred
    acceptance: the result stays weakly stable (check with
    ``blocking_pairs(..., weak=True)``) and no weakly stable matching is
    better for one candidate without being worse for another.
fixed : array_like of int, shape (n,), optional
    A later round: ``fixed[i] = j`` keeps candidate i at company j (signed
    or started; -1: not pinned), using one of j's seats. The pair must be on
    i's list and acceptable, and no company may hold more pins than seats.
withdrawn : array_like of bool, shape (n,), optional
    Candidates who dropped out or declined: unplaced, taking no seat.
previous : array_like of int, shape (n,), optional
    Last round's company per candidate (-1: none); the result's ``changes``
    list who moved, who was newly placed and who lost a seat. When it was
    the candidate-proposing result of the last round and the market only
    lost candidates and gained seats, nobody who stays ends worse off.
no_worse : bool, optional
    Needs ``previous``: every non-withdrawn candidate placed there keeps
    priority at that company, so nobody ends worse off whatever changed
    (late candidates, new wishes). The result is stable except for pairs
    that involve a pinned candidate or an incumbent a company must keep.
max_placed : bool, optional
    The largest weakly stable matching instead of deferred acceptance:
    companies' equal scores are ties, and among all weakly stable matchings
    the one that places the most (NP-hard in general; an exact
    mixed-integer program through COIN-OR CBC, for kick-off scale). Not with
    rounds or ``improve``. Check with ``blocking_pairs(..., weak=True)``.
time_limit : float, optional
    Seconds for ``max_placed``; when it stops the search,
    ``proven_optimal`` is False.
bounds : list of Bound, optional
    Maximum quotas (``upper``) and reserves (``lower``) for groups of
    candidates at one company each (``companies=[j]``): every company
    chooses from its applicants reserves first, then open seats, in its own
    order, within the seats and the quotas; candidate-proposing deferred
    acceptance then gives the candidate-optimal matching that is stable for
    these choices (type-specific quotas, Abdulkadiroglu and Sonmez 2003;
    minority reserves, Hafalir, Yenmez and Yildirim 2013). Groups at a
    company must nest and reserves must not overlap. A reserve holds seats
    only while members apply (its ``shortfall`` says how far it stayed
    short). Minimum class sizes, bounds over several companies, soft and
    all-or-nothing bounds are refused (``kobling.bounds.unsupported``): the
    exact policies take them.

Returns
-------
Assignment
    ``company``, ``rank``, ``placed``, ``rank_counts``, ``objective`` (sum of
    company scores over assigned pairs), ``tie_break``, ``seed`` and
    ``ties`` (every tie that decided seats), and ``changes`` against
    ``previous``. No certificate: check with
    :func:`blocking_pairs` under the same ``tie_break`` and ``seed``.

Raises
------
InvalidInputError (ValueError)
    Bad shapes, negative capacities, NaN/+inf at listed pairs, a company listed
    twice, a company after -1 padding.
IndexOutOfRangeError (IndexError)
    A company index outside [-1, m).
TypeError
    Non-integer preferences or capacities, non-numeric scores.

Notes
-----
O(n k log c) time. The GIL is released while solving.

Examples
--------
>>> import numpy as np, kobling
>>> prefs = np.array([[0, 1], [0, -1], [1, 0]])
>>> scores = np.array([[2., 3.], [3., 0.], [1., 1.]])
>>> kobling.stable_assignment(prefs, scores, [1, 1]).company
array([ 1,  0, -1], dtype=int32)
)doc");

  m.def(
      "max_placement_assignment",
      [](const py::handle& preferences, const py::handle& capacities, const py::handle& allowed,
         const py::handle& scores, const py::object& rank_bonus, double score_weight,
         const py::handle& company_priority, const py::handle& fixed, const py::handle& withdrawn,
         const py::handle& previous, bool no_worse, const std::string& tie_break,
         std::uint64_t seed, const py::handle& bounds, double time_limit, bool price_bounds,
         const std::string& bounds_method, const py::handle& loads, const py::handle& min_loads) {
        MaxPlacementOptions o = placement_options(rank_bonus, score_weight);
        o.bounds = bound_list(bounds);
        o.time_limit = time_limit;
        o.price_bounds = price_bounds;
        o.bounds_method = parse_bound_method(bounds_method);
        o.loads = load_options(loads, min_loads);
        o.tie_break = parse_tie_break(tie_break);
        o.seed = seed;
        o.round = round_options(fixed, withdrawn, previous, no_worse);
        const WishArgs w(preferences, capacities);
        const AcceptableArgs ok(allowed, scores);
        const PairArg<double> priority = float_pairs(company_priority, "company_priority", false);
        o.company_priority = priority.view;
        py::gil_scoped_release release;
        return max_placement_assignment(w.prefs.map(), w.caps.map(), ok.mask.view, ok.scores.view,
                                        o);
      },
      "preferences"_a, "capacities"_a, py::kw_only(), "allowed"_a = py::none(),
      "scores"_a = py::none(), "rank_bonus"_a = py::none(), "score_weight"_a = 1.0,
      "company_priority"_a = py::none(), "fixed"_a = py::none(), "withdrawn"_a = py::none(),
      "previous"_a = py::none(), "no_worse"_a = false, "tie_break"_a = "index", "seed"_a = 0,
      "bounds"_a = py::none(), "time_limit"_a = 60.0, "price_bounds"_a = false,
      "bounds_method"_a = "auto", "loads"_a = py::none(), "min_loads"_a = py::none(), R"doc(
Most candidates placed, then the largest total utility (exact, min-cost flow).

Parameters
----------
preferences : array_like of int, shape (n, k)
    Company indices per candidate, best first, padded with -1.
capacities : array_like of int, shape (m,)
    Seats per company.
allowed : array_like of bool or scipy.sparse (CSR, CSC, COO, BSR, DOK), shape (n, m), optional
    Pairs the companies accept (default: all listed pairs).
scores : array_like of float or scipy.sparse (CSR, CSC, COO, BSR, DOK), shape (n, m), optional
    Fit scores; ``-inf`` means not allowed. Default 0. Without ``allowed``, a
    pair a sparse matrix does not store is not allowed; with ``allowed`` (which
    then alone says what is allowed) it scores 0, as scipy reads it. The trap:
    ``scipy.sparse.csr_matrix(dense)`` drops every 0.
rank_bonus : sequence of float, optional
    Bonus per 0-based rank, at least k entries. Default ``(k-1, ..., 1, 0)``,
    i.e. ``(2.0, 1.0, 0.0)`` for k = 3.
score_weight : float, optional
    lambda in utility(i, j) = rank_bonus[rank] + lambda * score(i, j).
company_priority : array_like of int or scipy.sparse, shape (n, m), optional
    How much each company wants each pair after its interviews: integers in
    [0, 2**31), higher = preferred (for example the number of interview
    places below the candidate's; 0 or not stored for unranked). Adds an
    objective level between placements and utility: most placed, then the
    largest total company priority, then the largest utility.
fixed, withdrawn, previous, no_worse : optional
    A later round, as for :func:`stable_assignment`: pinned pairs keep their
    seats, withdrawn candidates take none; with ``previous`` an exact
    "stays" level (after placements and company priority, before utility)
    moves as few candidates as possible; ``no_worse`` first keeps every
    candidate placed in ``previous`` at a wish at least as good. The
    ``duals`` then have levels ``["kept", "placed", "company", "stays",
    "utility"]`` and certify the residual problem (pins and withdrawals
    removed); ``changes`` lists who moved, who was newly placed and who lost a
    seat.
tie_break : {"index", "lottery", "lottery_per_company"}, optional
    Which of several equally good assignments: the one whose placed pairs
    come first in the rule's order (the lower index, one seeded lottery, or a
    lottery per company; see :func:`stable_assignment`). With one shared
    order the first-drawn candidate is placed whenever some optimum places
    them. ``ties`` lists, per company, who could have had a seat there in an
    equally good assignment and wanted it more (``score`` NaN).
seed : int, optional
    The lottery's seed, 0 <= seed < 2**64.
bounds : sequence of Bound, optional
    Cohort bounds (:class:`Bound`): counts of placements in sets of pairs,
    hard or soft, "0 or between" when all or nothing. Hard bounds on nested
    sets of companies (every candidate) or nested groups of candidates (every
    company) are solved exactly by min-cost flow; any other family as a
    mixed-integer program (COIN-OR CBC), level by level; soft bounds cost
    their penalty per placement short or over on the first level. Hard
    bounds that cannot all hold raise an error naming a minimal conflicting
    set. In a later round the pins count toward the bounds.
time_limit : float, optional
    Seconds per objective level for the MIP; when it stops the search the
    result says ``proven_optimal == False`` and ``bound_gap``.
price_bounds : bool, optional
    Re-solve without each bound: ``bounds[b]["price"]`` is what the bound
    costs on each level.
bounds_method : {"auto", "flow", "mip"}, optional
    "auto" takes the flow whenever the bounds allow it; "flow" refuses bounds
    it cannot carry; "mip" always builds the MIP. The result's
    ``bounds_method`` says which ran.
loads, min_loads : array_like of int, shape (n,), optional
    Many-to-many: candidate i may take up to ``loads[i]`` seats (each company
    at most once) and must take at least ``min_loads[i]`` (a hard bound,
    named "minimum load of candidate #i" in conflicts). Solved by the same
    flow or MIP as the bounds; ``pairs`` lists every placement, ``load``
    counts them, ``placed`` and ``rank_counts`` count placements, and
    ``company`` holds each candidate's best one.

Returns
-------
Assignment
    ``objective`` is the total utility; ``duals`` (levels ``["placed",
    "utility"]``, or ``["placed", "company", "utility"]`` with
    ``company_priority``) certify optimality, see
    :func:`check_max_placement_certificate`.

Notes
-----
Successive shortest paths with exact lexicographic costs (placements first,
no big-M constant). The GIL is released while solving.
)doc");

  m.def(
      "rank_maximal_assignment",
      [](const py::handle& preferences, const py::handle& capacities, const py::handle& allowed,
         const py::handle& scores, const py::handle& company_priority, const py::handle& fixed,
         const py::handle& withdrawn, const py::handle& previous, bool no_worse,
         const std::string& tie_break, std::uint64_t seed, const py::handle& bounds,
         double time_limit, bool price_bounds, const std::string& bounds_method,
         const py::handle& loads, const py::handle& min_loads) {
        RankMaximalOptions o;
        o.bounds = bound_list(bounds);
        o.time_limit = time_limit;
        o.price_bounds = price_bounds;
        o.bounds_method = parse_bound_method(bounds_method);
        o.loads = load_options(loads, min_loads);
        o.tie_break = parse_tie_break(tie_break);
        o.seed = seed;
        o.round = round_options(fixed, withdrawn, previous, no_worse);
        const WishArgs w(preferences, capacities);
        const AcceptableArgs ok(allowed, scores);
        const PairArg<double> priority = float_pairs(company_priority, "company_priority", false);
        o.company_priority = priority.view;
        py::gil_scoped_release release;
        return rank_maximal_assignment(w.prefs.map(), w.caps.map(), ok.mask.view, ok.scores.view,
                                       o);
      },
      "preferences"_a, "capacities"_a, py::kw_only(), "allowed"_a = py::none(),
      "scores"_a = py::none(), "company_priority"_a = py::none(), "fixed"_a = py::none(),
      "withdrawn"_a = py::none(), "previous"_a = py::none(), "no_worse"_a = false,
      "tie_break"_a = "index", "seed"_a = 0, "bounds"_a = py::none(), "time_limit"_a = 60.0,
      "price_bounds"_a = false, "bounds_method"_a = "auto", "loads"_a = py::none(),
      "min_loads"_a = py::none(), R"doc(
Rank-maximal assignment: most 1st wishes, then most 2nd, and so on.

Parameters
----------
preferences : array_like of int, shape (n, k)
    Company indices per candidate, best first, padded with -1 (k <= 64).
capacities : array_like of int, shape (m,)
    Seats per company.
allowed : array_like of bool or scipy.sparse (CSR, CSC, COO, BSR, DOK), shape (n, m), optional
    Pairs the companies accept.
scores : array_like of float or scipy.sparse (CSR, CSC, COO, BSR, DOK), shape (n, m), optional
    Breaks the remaining ties: the larger total score wins. ``-inf`` means not
    allowed; a pair a sparse matrix does not store is not allowed without
    ``allowed`` and scores 0 with it (see :func:`max_placement_assignment`).
company_priority : array_like of int or scipy.sparse, shape (n, m), optional
    The companies' interview verdicts as integers (see
    :func:`max_placement_assignment`): a level after the wish ranks and before
    the score.
fixed, withdrawn, previous, no_worse : optional
    A later round, as for :func:`max_placement_assignment`; the levels are
    ``["kept", "rank_0", ..., "company", "stays", "score"]``.
tie_break, seed : optional
    Which of several equally good assignments, as for
    :func:`max_placement_assignment`.
bounds, time_limit, price_bounds, bounds_method, loads, min_loads : optional
    Cohort bounds, as for :func:`max_placement_assignment` (soft bounds cost
    on the first-wish level).

Returns
-------
Assignment
    ``rank_counts`` is the (exact) rank signature; ``objective`` the total
    score; ``duals`` have levels ``["rank_0", ..., "rank_{k-1}", "score"]``
    (with ``"company"`` before ``"score"`` given ``company_priority``).

Notes
-----
Exact at any size: the signature is computed with 64-bit integer
lexicographic weights, never with (n+1)^r weights in floating point.
)doc");

  m.def(
      "optimal_assignment",
      [](const py::handle& utility, const py::handle& capacities, bool maximize_cardinality,
         const py::handle& allowed, const py::handle& fixed, const py::handle& withdrawn,
         const py::handle& previous, bool no_worse, const py::handle& bounds, double time_limit,
         bool price_bounds, const std::string& bounds_method, const py::handle& loads,
         const py::handle& min_loads) {
        // The caller's numpy array stays writable by other threads while the
        // GIL is released: the engines must not rely on reading it twice (a
        // copy converted here is private already).
        OptimalAssignmentOptions o;
        o.maximize_cardinality = maximize_cardinality;
        o.bounds = bound_list(bounds);
        o.time_limit = time_limit;
        o.price_bounds = price_bounds;
        o.bounds_method = parse_bound_method(bounds_method);
        o.loads = load_options(loads, min_loads);
        o.round = round_options(fixed, withdrawn, previous, no_worse);
        const IndexVectorArg caps = index_vector(capacities, "capacities", VectorKind::capacities);
        const PairArg<double> u = float_pairs(utility, "utility", true);
        const PairArg<bool> mask = bool_pairs(allowed, "allowed");
        o.input_may_change = !u.converted && !u.view.is_sparse();
        py::gil_scoped_release release;
        return optimal_assignment(u.view, caps.map(), mask.view, o);
      },
      "utility"_a, "capacities"_a, py::kw_only(), "maximize_cardinality"_a = false,
      "allowed"_a = py::none(), "fixed"_a = py::none(), "withdrawn"_a = py::none(),
      "previous"_a = py::none(), "no_worse"_a = false, "bounds"_a = py::none(),
      "time_limit"_a = 60.0, "price_bounds"_a = false, "bounds_method"_a = "auto",
      "loads"_a = py::none(), "min_loads"_a = py::none(), R"doc(
Maximum total utility under capacities (capacitated linear_sum_assignment).

Parameters
----------
utility : array_like of float or scipy.sparse (CSR, CSC, COO, BSR, DOK), shape (n, m)
    Utility of each pair; ``-inf`` marks a forbidden pair. For a sparse matrix
    without ``allowed``, the stored entries are the allowed pairs. NaN and +inf
    are errors.
capacities : array_like of int, shape (m,)
    Seats per company.
maximize_cardinality : bool, optional
    First maximise the number placed, then the utility. Otherwise placing is
    optional and pairs with negative utility are never used.
allowed : array_like of bool or scipy.sparse, shape (n, m), optional
    The pairs that may be used. Given, it alone says which pairs are allowed,
    and a pair a sparse ``utility`` does not store has utility 0 (as scipy
    reads it). Beware the trap it avoids: ``scipy.sparse.csr_matrix(dense)``
    drops every 0, so without ``allowed`` every pair of utility 0 would be
    forbidden.

fixed, withdrawn, previous, no_worse : optional
    A later round, as for :func:`max_placement_assignment`; without lists,
    ``no_worse`` keeps every candidate placed in ``previous`` at a pair of
    utility at least as high. The allowed pairs are then solved as arcs with
    levels ``["kept", "placed", "stays", "utility"]`` (``placed`` zero
    without ``maximize_cardinality``).
bounds, time_limit, price_bounds, bounds_method, loads, min_loads : optional
    Cohort bounds, as for :func:`max_placement_assignment` (soft bounds cost
    on the first level: placements with ``maximize_cardinality``, else
    utility). The result then has no certificate.
Returns
-------
Assignment
    ``rank`` is -1 throughout (no lists); ``objective`` the total utility;
    ``duals`` certify optimality (see :func:`check_optimal_certificate`).

Notes
-----
Unlike padding a rectangular cost matrix with a large finite "forbidden"
cost, which silently turns the objective into maximum cardinality first,
forbidden pairs are never used and the cardinality objective is explicit.

The GIL is released while solving. Another thread may still write a dense
float64 ``utility`` then, so the solvers that read it more than once work
on a private copy (n * m * 8 bytes): below 2**22 pairs, with
``maximize_cardinality``, or when column generation hands over to the seat
engine; an array of another dtype or layout is converted (copied) anyway.
)doc");

  m.def(
      "lottery_numbers",
      [](std::uint64_t seed, const py::handle& candidates, Index company) {
        const IndexVectorArg who = index_vector(candidates, "candidates", VectorKind::company_of);
        if (company < kNone) {
          throw OutOfRange("kobling.array.company_index", "company",
                           "company index " + std::to_string(company) +
                               " is not >= 0, nor -1 for the single lottery");
        }
        py::array_t<std::uint64_t> out(static_cast<py::ssize_t>(who.size));
        auto* o = out.mutable_data();
        for (Index q = 0; q < who.size; ++q) {
          const Index i = who.map()[q];
          if (i < 0) {
            throw OutOfRange("kobling.array.candidate_index",
                             "candidates[" + std::to_string(q) + "]",
                             "candidate index " + std::to_string(i) + " is negative");
          }
          o[q] = lottery_number(seed, company, i);
        }
        return out;
      },
      "seed"_a, "candidates"_a, py::kw_only(), "company"_a = kNone, R"doc(
The lottery numbers of candidates: lower wins a tie.

``lottery_number(seed, j, i) = mix(mix(mix(seed) ^ (j + 1)) ^ i)`` in unsigned
64-bit arithmetic, where ``mix`` is the SplitMix64 finaliser and ``j = -1`` is
the single lottery shared by all companies (``tie_break="lottery"``); see
``include/kobling/ties.hpp``. A number depends only on the seed, the company
and the candidate, so anyone can recompute a draw.

Parameters
----------
seed : int
    0 <= seed < 2**64.
candidates : array_like of int, shape (p,)
    Candidate indices, >= 0.
company : int, optional
    A company index for ``tie_break="lottery_per_company"``; -1 (default) for
    the single lottery.

Returns
-------
numpy.ndarray of uint64, shape (p,)

Examples
--------
>>> import kobling
>>> [hex(x) for x in kobling.lottery_numbers(2026, [7], company=3)]
['0x54eb77bbe814de62']
)doc");

  m.def(
      "blocking_pairs",
      [](const py::handle& preferences, const py::handle& company_scores,
         const py::handle& capacities, const py::handle& company_of, const std::string& tie_break,
         std::uint64_t seed, bool weak) {
        const BlockingOptions o{TieOrder{parse_tie_break(tie_break), seed}, weak};
        const WishArgs w(preferences, capacities);
        const PairArg<double> scores = float_pairs(company_scores, "company_scores", true);
        const IndexVectorArg assigned =
            index_vector(company_of, "company_of", VectorKind::company_of);
        PairList pairs;
        {
          py::gil_scoped_release release;
          pairs = blocking_pairs(w.prefs.map(), scores.view, w.caps.map(), assigned.map(), o);
        }
        return pairs_to_numpy(pairs);
      },
      "preferences"_a, "company_scores"_a, "capacities"_a, "company_of"_a, py::kw_only(),
      "tie_break"_a = "index", "seed"_a = 0, "weak"_a = false, R"doc(
The (candidate, company) pairs that block an assignment.

A pair (i, j) blocks when it is acceptable, i is unplaced or prefers j to its
company, and j has a free seat or prefers i to the least preferred candidate it
holds: by a higher company score, then, among equal scores, by the tie order
(``tie_break`` and ``seed``, as for :func:`stable_assignment`), or never with
``weak=True`` (weak stability: equal scores do not block).

Parameters
----------
preferences, company_scores, capacities
    As for :func:`stable_assignment`.
company_of : array_like of int, shape (n,)
    The assignment to check, -1 = unplaced. Must be feasible.
tie_break, seed : optional
    The tie order to check against (the solver's, to check its result).
weak : bool, optional
    Only strictly higher scores block; overrides ``tie_break``.

Returns
-------
numpy.ndarray of int32, shape (p, 2)
    Ordered by candidate, then by the candidate's list order. Empty when the
    assignment is stable.
)doc");

  m.def(
      "check_feasibility",
      [](const py::handle& preferences, const py::handle& capacities, const py::handle& company_of,
         const py::handle& allowed, const py::handle& scores) {
        const WishArgs w(preferences, capacities);
        const IndexVectorArg assigned =
            index_vector(company_of, "company_of", VectorKind::company_of);
        const AcceptableArgs ok(allowed, scores);
        CheckReport r;
        {
          py::gil_scoped_release release;
          r = check_feasibility(w.prefs.map(), w.caps.map(), assigned.map(), ok.scores.view,
                                ok.mask.view);
        }
        return report_to_dict(r);
      },
      "preferences"_a, "capacities"_a, "company_of"_a, py::kw_only(), "allowed"_a = py::none(),
      "scores"_a = py::none(), R"doc(
Check that an assignment only uses acceptable listed pairs within capacities.

Parameters
----------
preferences : array_like of int, shape (n, k)
    Wish lists, -1 padded, as for :func:`max_placement_assignment`.
capacities : array_like of int, shape (m,)
    Seats per company.
company_of : array_like of int, shape (n,)
    The assignment to check, -1 = unplaced.
allowed : array_like of bool or scipy.sparse (CSR, CSC, COO, BSR, DOK), shape (n, m), optional
    Pairs the companies accept (default: all).
scores : array_like of float or scipy.sparse (CSR, CSC, COO, BSR, DOK), shape (n, m), optional
    A pair with score -inf is not acceptable, nor one a sparse matrix does not
    store unless ``allowed`` is given (then it scores 0).

Returns
-------
dict
    ``{"ok": bool, "violations": list[str]}``, each violation naming the place.
)doc");

  m.def(
      "max_placement_count",
      [](const py::handle& preferences, const py::handle& capacities, const py::handle& allowed,
         const py::handle& scores) {
        const WishArgs w(preferences, capacities);
        const AcceptableArgs ok(allowed, scores);
        py::gil_scoped_release release;
        return max_placement_count(w.prefs.map(), w.caps.map(), ok.scores.view, ok.mask.view);
      },
      "preferences"_a, "capacities"_a, py::kw_only(), "allowed"_a = py::none(),
      "scores"_a = py::none(), R"doc(
The largest number of candidates any feasible assignment can place.

Computed independently of the solvers with Boost.Graph's push-relabel maximum
flow (source -> candidates -> companies with capacities -> sink).

Parameters
----------
preferences, capacities, allowed, scores
    As for :func:`max_placement_assignment`.

Returns
-------
int
    The maximum number of candidates placed on acceptable listed pairs.
)doc");

  m.def(
      "check_max_placement_certificate",
      [](const py::handle& preferences, const py::handle& capacities, const Assignment& result,
         const py::handle& allowed, const py::handle& scores, const py::object& rank_bonus,
         double score_weight, double tolerance, const py::handle& company_priority,
         const py::handle& fixed, const py::handle& withdrawn, const py::handle& previous,
         bool no_worse) {
        MaxPlacementOptions o = placement_options(rank_bonus, score_weight);
        o.round = round_options(fixed, withdrawn, previous, no_worse);
        const WishArgs w(preferences, capacities);
        const AcceptableArgs ok(allowed, scores);
        const PairArg<double> priority = float_pairs(company_priority, "company_priority", false);
        o.company_priority = priority.view;
        CheckReport r;
        {
          py::gil_scoped_release release;
          r = check_max_placement_certificate(w.prefs.map(), w.caps.map(), ok.mask.view,
                                              ok.scores.view, o, result, tolerance);
        }
        return report_to_dict(r);
      },
      "preferences"_a, "capacities"_a, "result"_a, py::kw_only(), "allowed"_a = py::none(),
      "scores"_a = py::none(), "rank_bonus"_a = py::none(), "score_weight"_a = 1.0,
      "tolerance"_a = kCertificateTolerance, "company_priority"_a = py::none(),
      "fixed"_a = py::none(), "withdrawn"_a = py::none(), "previous"_a = py::none(),
      "no_worse"_a = false, R"doc(
Verify ``result.duals`` as a proof that ``result`` is optimal for
:func:`max_placement_assignment` with the same inputs.

Parameters
----------
preferences, capacities, allowed, scores, rank_bonus, score_weight
    The inputs the result was computed from.
result : Assignment
    The result to check, with its ``duals``.
tolerance : float, optional
    Slack allowed in each dual inequality (rounding of sums of scores).

Returns
-------
dict
    ``{"ok": bool, "violations": list[str]}``.
)doc");

  m.def(
      "check_rank_maximal_certificate",
      [](const py::handle& preferences, const py::handle& capacities, const Assignment& result,
         const py::handle& allowed, const py::handle& scores, double tolerance,
         const py::handle& company_priority, const py::handle& fixed, const py::handle& withdrawn,
         const py::handle& previous, bool no_worse) {
        RankMaximalOptions o;
        o.round = round_options(fixed, withdrawn, previous, no_worse);
        const WishArgs w(preferences, capacities);
        const AcceptableArgs ok(allowed, scores);
        const PairArg<double> priority = float_pairs(company_priority, "company_priority", false);
        o.company_priority = priority.view;
        CheckReport r;
        {
          py::gil_scoped_release release;
          r = check_rank_maximal_certificate(w.prefs.map(), w.caps.map(), ok.mask.view,
                                             ok.scores.view, result, tolerance, o);
        }
        return report_to_dict(r);
      },
      "preferences"_a, "capacities"_a, "result"_a, py::kw_only(), "allowed"_a = py::none(),
      "scores"_a = py::none(), "tolerance"_a = kCertificateTolerance,
      "company_priority"_a = py::none(), "fixed"_a = py::none(), "withdrawn"_a = py::none(),
      "previous"_a = py::none(), "no_worse"_a = false, R"doc(
Verify ``result.duals`` as a proof that ``result`` is rank-maximal (with score
tie-break) for :func:`rank_maximal_assignment` with the same inputs.

Parameters
----------
preferences, capacities, allowed, scores
    The inputs the result was computed from.
result : Assignment
    The result to check, with its ``duals`` (one level per rank, then score).
tolerance : float, optional
    Slack allowed in the score level's inequalities (the rank levels are exact).

Returns
-------
dict
    ``{"ok": bool, "violations": list[str]}``, each violation naming the place.
)doc");

  m.def(
      "check_optimal_certificate",
      [](const py::handle& utility, const py::handle& capacities, const Assignment& result,
         bool maximize_cardinality, double tolerance, const py::handle& allowed,
         const py::handle& fixed, const py::handle& withdrawn, const py::handle& previous,
         bool no_worse) {
        OptimalAssignmentOptions o;
        o.maximize_cardinality = maximize_cardinality;
        o.round = round_options(fixed, withdrawn, previous, no_worse);
        const IndexVectorArg caps = index_vector(capacities, "capacities", VectorKind::capacities);
        const PairArg<double> u = float_pairs(utility, "utility", true);
        const PairArg<bool> mask = bool_pairs(allowed, "allowed");
        CheckReport r;
        {
          py::gil_scoped_release release;
          r = check_optimal_certificate(u.view, caps.map(), mask.view, o, result, tolerance);
        }
        return report_to_dict(r);
      },
      "utility"_a, "capacities"_a, "result"_a, py::kw_only(), "maximize_cardinality"_a = false,
      "tolerance"_a = kCertificateTolerance, "allowed"_a = py::none(), "fixed"_a = py::none(),
      "withdrawn"_a = py::none(), "previous"_a = py::none(), "no_worse"_a = false, R"doc(
Verify ``result.duals`` as a proof that ``result`` is optimal for
:func:`optimal_assignment` with the same inputs.

Parameters
----------
utility, capacities, maximize_cardinality, allowed
    The inputs the result was computed from.
result : Assignment
    The result to check, with its ``duals``.
tolerance : float, optional
    Slack allowed in each dual inequality.

Returns
-------
dict
    ``{"ok": bool, "violations": list[str]}``, each violation naming the place.
)doc");
}

}  // namespace kobling::python
