"""The array-level API: documented examples, shapes, dtypes, outputs."""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import numpy as np
import pytest

import kobling
from conftest import require


def test_version_and_exports():
    # One source of truth: the project() VERSION in CMakeLists.txt.
    cmake = (Path(__file__).resolve().parents[2] / "CMakeLists.txt").read_text()
    declared = re.search(r"project\(\s*kobling\b[^)]*?VERSION\s+([0-9.]+)", cmake, re.S)
    assert declared, "project(kobling VERSION x.y.z) not found in CMakeLists.txt"
    assert kobling.__version__ == declared.group(1)
    assert importlib.metadata.version("kobling") == kobling.__version__
    for name in kobling.__all__:
        assert hasattr(kobling, name), name


def test_stable_docstring_example():
    prefs = np.array([[0, 1], [0, -1], [1, 0]])
    scores = np.array([[2.0, 3.0], [3.0, 0.0], [1.0, 1.0]])
    a = kobling.stable_assignment(prefs, scores, [1, 1])
    assert a.company.tolist() == [1, 0, -1]
    assert a.rank.tolist() == [1, 0, -1]
    assert a.placed == 2
    assert a.rank_counts.tolist() == [1, 1]
    assert a.objective == 6.0
    assert a.company.dtype == np.int32
    assert not a.duals  # no certificate for stable
    assert "placed=2" in repr(a)


def test_result_arrays_are_views_that_keep_the_result_alive():
    a = kobling.stable_assignment([[0]], [[1.0]], [1])
    company = a.company
    del a
    assert company.tolist() == [0]
    assert not company.flags.writeable or company.base is not None


def test_proposers_differ_on_the_classic_instance():
    prefs = np.array([[0, 1, 2], [1, 2, 0], [2, 0, 1]])
    scores = np.zeros((3, 3))
    for j in range(3):
        scores[(j + 1) % 3, j], scores[(j + 2) % 3, j], scores[j, j] = 3, 2, 1
    cand = kobling.stable_assignment(prefs, scores, [1, 1, 1])
    comp = kobling.stable_assignment(prefs, scores, [1, 1, 1], proposer="companies")
    assert cand.company.tolist() == [0, 1, 2]
    assert comp.company.tolist() == [2, 0, 1]
    for a in (cand, comp):
        assert kobling.blocking_pairs(prefs, scores, [1, 1, 1], a.company).shape == (0, 2)


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64, np.uint16, np.uint64])
def test_integer_dtypes_are_accepted(dtype):
    prefs = np.array([[0, 1], [1, 0]], dtype=np.int64)
    if np.issubdtype(dtype, np.unsignedinteger):
        prefs = np.array([[0, 1], [1, 0]])
    a = kobling.stable_assignment(prefs.astype(dtype), np.ones((2, 2)),
                                  np.array([1, 1], dtype=dtype))
    assert a.placed == 2


def test_lists_and_fortran_order_and_float32_are_accepted():
    prefs = np.asfortranarray(np.array([[0, 1], [1, 0]]))
    scores = np.asfortranarray(np.array([[1, 2], [3, 4]], dtype=np.float32))
    a = kobling.stable_assignment(prefs, scores, [1, 1])
    b = kobling.stable_assignment([[0, 1], [1, 0]], [[1, 2], [3, 4]], [1, 1])
    assert a.company.tolist() == b.company.tolist()


def test_scipy_sparse_inputs_match_dense():
    sp = require("scipy.sparse")
    rng = np.random.default_rng(3)
    n, m = 200, 20
    prefs = np.array([rng.permutation(m)[:3] for _ in range(n)])
    dense = rng.random((n, m))
    caps = rng.integers(1, 5, size=m)
    # Sparse with only the listed pairs stored, in COO (non-canonical) form.
    rows = np.repeat(np.arange(n), 3)
    cols = prefs.ravel()
    coo = sp.coo_matrix((dense[rows, cols], (rows, cols)), shape=(n, m))
    for fmt in (coo, coo.tocsr(), coo.tocsc()):
        a = kobling.stable_assignment(prefs, fmt, caps)
        b = kobling.stable_assignment(prefs, dense, caps)
        assert a.company.tolist() == b.company.tolist()
    mask = sp.csr_matrix(np.ones((n, m), dtype=bool))
    x = kobling.max_placement_assignment(prefs, caps, allowed=mask, scores=coo)
    y = kobling.max_placement_assignment(prefs, caps, scores=dense)
    assert x.company.tolist() == y.company.tolist()
    u = kobling.optimal_assignment(sp.csr_matrix(dense), caps)
    v = kobling.optimal_assignment(dense, caps)
    assert u.objective == pytest.approx(v.objective)


def test_unstored_sparse_pairs_are_not_allowed():
    sp = require("scipy.sparse")
    prefs = np.array([[0, 1]])
    scores = sp.csr_matrix(([0.5], ([0], [1])), shape=(1, 2))  # only (0, 1) stored
    a = kobling.stable_assignment(prefs, scores, [1, 1])
    assert a.company.tolist() == [1] and a.rank.tolist() == [1]


def test_a_mask_lets_sparse_scores_mean_zero_where_not_stored():
    """The trap: scipy.sparse.csr_matrix(dense) drops zeros, so without a mask
    every pair scored 0 is forbidden; with ``allowed`` the mask alone says what
    is allowed and an entry not stored counts as 0."""
    sp = require("scipy.sparse")
    zeros = sp.csr_matrix(np.zeros((1, 2)))
    assert zeros.nnz == 0
    ones = np.ones((1, 2), dtype=bool)
    trap = kobling.optimal_assignment(zeros, [1, 1], maximize_cardinality=True)
    assert trap.placed == 0
    fixed = kobling.optimal_assignment(zeros, [1, 1], maximize_cardinality=True, allowed=ones)
    assert fixed.placed == 1 and fixed.objective == 0.0
    assert kobling.check_optimal_certificate(zeros, [1, 1], fixed, maximize_cardinality=True,
                                             allowed=ones)["ok"]
    assert kobling.max_placement_assignment([[0]], [1, 1], scores=zeros).placed == 0
    assert kobling.max_placement_assignment([[0]], [1, 1], scores=zeros, allowed=ones).placed == 1
    assert kobling.rank_maximal_assignment([[1]], [1, 1], scores=zeros, allowed=ones).placed == 1
    # On random matrices with many zeros: the sparse copy and a mask of the
    # finite pairs give the dense optimum; a mask forbids what it leaves out.
    rng = np.random.default_rng(5)
    for trial in range(20):
        n, m = rng.integers(2, 30), rng.integers(1, 8)
        dense = np.where(rng.random((n, m)) < 0.4, 0.0, rng.random((n, m)))
        caps = rng.integers(0, 4, size=m)
        allowed = rng.random((n, m)) < 0.8
        masked = np.where(allowed, dense, -np.inf)
        for card in (False, True):
            ref = kobling.optimal_assignment(masked, caps, maximize_cardinality=card)
            got = kobling.optimal_assignment(sp.csr_matrix(dense), caps, maximize_cardinality=card,
                                             allowed=allowed)
            assert got.placed == ref.placed, trial
            assert got.objective == pytest.approx(ref.objective), trial
            assert all(allowed[i, j] for i, j in enumerate(got.company) if j >= 0)
            assert kobling.check_optimal_certificate(sp.csr_matrix(dense), caps, got,
                                                     maximize_cardinality=card,
                                                     allowed=allowed)["ok"]


def test_max_placement_defaults_and_certificate():
    prefs = np.array([[0, 1], [0, -1]])
    a = kobling.max_placement_assignment(prefs, [1, 1])
    assert a.company.tolist() == [1, 0]
    assert a.objective == 1.0  # rank bonus (1, 0) for k = 2
    assert a.duals.levels == ["placed", "utility"]
    assert a.duals.candidate.shape == (2, 2) and a.duals.company.shape == (2, 2)
    assert kobling.check_max_placement_certificate(prefs, [1, 1], a)["ok"]
    b = kobling.max_placement_assignment(prefs, [1, 1], rank_bonus=[5.0, 0.0], score_weight=0.0)
    assert b.objective == 5.0


def test_rank_maximal_and_optimal_examples():
    a = kobling.rank_maximal_assignment([[0, 1], [0, -1], [1, -1]], [1, 1])
    assert a.rank_counts.tolist() == [2, 0]
    # Two optima tie (candidate 0 or 1 takes company 0); either is rank-maximal.
    assert a.company[2] == 1 and sorted(a.company[:2].tolist()) == [-1, 0]
    u = np.array([[3.0, 2.0], [2.0, -np.inf]])
    o = kobling.optimal_assignment(u, [1, 1])
    assert o.company.tolist() == [1, 0] and o.objective == 4.0
    assert o.rank.tolist() == [-1, -1]
    assert kobling.check_optimal_certificate(u, [1, 1], o)["ok"]


def test_verifiers():
    prefs = [[0, 1], [0, 1], [1, -1]]
    scores = [[1, 1], [2, 2], [3, 3]]
    rep = kobling.check_feasibility(prefs, [1, 1], [0, 0, 0])
    assert not rep["ok"]
    assert rep["violations"] == ["company_of[2]: company 0 is not on candidate 2's list",
                                 "company 0: 2 assigned, capacity 1"]
    assert kobling.blocking_pairs(prefs, scores, [1, 1], [0, -1, 1]).tolist() == [[1, 0]]
    assert kobling.max_placement_count(prefs, [1, 1]) == 2


def test_empty_and_degenerate_shapes():
    a = kobling.stable_assignment(np.zeros((0, 3), dtype=int), np.zeros((0, 2)), [1, 1])
    assert a.placed == 0 and a.company.shape == (0,)
    b = kobling.max_placement_assignment(np.zeros((2, 0), dtype=int), [1])
    assert b.placed == 0
    c = kobling.optimal_assignment(np.zeros((3, 0)), np.zeros(0, dtype=int))
    assert c.company.tolist() == [-1, -1, -1]


def test_results_to_frame():
    pd = require("pandas")
    a = kobling.stable_assignment([[0, 1], [0, -1], [1, 0]], [[2, 3], [3, 0], [1, 1]], [1, 1])
    f = a.to_frame(["x", "y", "z"], ["A", "B"])
    assert isinstance(f, pd.DataFrame)
    assert f["company"].iloc[:2].tolist() == ["B", "A"]
    assert f["company"].isna().tolist() == [False, False, True]
    assert f["company_index"].tolist() == [1, 0, -1]
    assert f.index.tolist() == ["x", "y", "z"]
    assert "placed" in a._repr_html_()


def test_thread_cache_is_reported_released_and_harmless():
    m = kobling.synthetic_market(5000, seed=3)
    kobling.release_thread_cache()
    first = kobling.max_placement_assignment(
        m["preferences"], m["capacities"], scores=m["scores"]
    )
    kept = kobling.thread_cache_bytes()
    assert 0 < kept <= 64 << 20  # the large temporary arrays were kept for reuse
    again = kobling.max_placement_assignment(
        m["preferences"], m["capacities"], scores=m["scores"]
    )
    np.testing.assert_array_equal(first.company, again.company)
    kept = kobling.thread_cache_bytes()
    assert kobling.release_thread_cache() == kept
    assert kobling.thread_cache_bytes() == 0
    assert kobling.release_thread_cache() == 0


def test_large_inputs_are_read_in_place():
    """A float64 C-contiguous matrix is read where it is (no copy); other
    dtypes and layouts are converted once, and the probe sees that copy."""
    import tracemalloc

    u = np.random.default_rng(0).random((4000, 1000))  # 32 MB
    caps = np.ones(1000, dtype=np.int32)

    def extra_bytes(arr):
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        kobling.optimal_assignment(arr, caps)
        return tracemalloc.get_traced_memory()[1] - base

    tracemalloc.start()
    try:
        assert extra_bytes(u) < u.nbytes // 100
        assert extra_bytes(u.astype(np.float32)) >= u.nbytes  # converted to float64
        assert extra_bytes(np.asfortranarray(u)) >= u.nbytes  # converted to row-major
    finally:
        tracemalloc.stop()
