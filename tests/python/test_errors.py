"""Every user-facing error from Python: exception types, ids, pinned messages."""

from __future__ import annotations

import json
import math
import subprocess

import numpy as np
import pytest

import kobling
from conftest import DATA, TEST_DATA, apply_patch, require


def test_exception_hierarchy():
    assert issubclass(kobling.InvalidInputError, ValueError)
    assert issubclass(kobling.ParseError, kobling.InvalidInputError)
    assert issubclass(kobling.IndexOutOfRangeError, IndexError)
    assert issubclass(kobling.ResourceLimitError, ValueError)
    assert issubclass(kobling.FileError, OSError)
    for cls in (kobling.InvalidInputError, kobling.IndexOutOfRangeError,
                kobling.ResourceLimitError, kobling.FileError):
        assert issubclass(cls, kobling.KoblingError)
    # A message in kobling's form gives the parts; any other leaves them empty.
    e = kobling.InvalidInputError("[kobling.x.y] here: why: because")
    assert (e.id, e.place, e.reason) == ("kobling.x.y", "here", "why: because")
    plain = kobling.KoblingError("something else")
    assert (plain.id, plain.place, plain.reason, str(plain)) == ("", "", "", "something else")


CAPS = [1, 1]
SCORES = np.zeros((2, 2))

ARRAY_CASES = [
    ("company index too large", lambda: kobling.stable_assignment([[0, 5], [1, -1]], SCORES, CAPS),
     kobling.IndexOutOfRangeError,
     "[kobling.array.company_index] preferences[0, 1]: company index 5 is not in [0, 2) "
     "(2 companies); use -1 for no company"),
    ("company index beyond int32",
     lambda: kobling.stable_assignment([[0, 2**40], [1, -1]], SCORES, CAPS),
     kobling.IndexOutOfRangeError,
     "[kobling.array.company_index] preferences[0, 1]: company index 1099511627776 is not in "
     "[0, 2) (2 companies); use -1 for no company"),
    ("company after padding", lambda: kobling.stable_assignment([[-1, 1], [1, -1]], SCORES, CAPS),
     kobling.InvalidInputError,
     "[kobling.array.padding] preferences[0, 1]: company 1 follows -1 padding; -1 may only pad "
     "the end of a list"),
    ("company listed twice", lambda: kobling.stable_assignment([[1, 1], [1, -1]], SCORES, CAPS),
     kobling.InvalidInputError,
     "[kobling.array.duplicate_preference] preferences[0, 1]: company 1 is already listed at "
     "preferences[0, 0]"),
    ("negative capacity", lambda: kobling.stable_assignment([[0], [1]], SCORES, [1, -3]),
     kobling.InvalidInputError,
     "[kobling.array.negative_capacity] capacities[1]: capacity must be >= 0, got -3"),
    ("NaN score", lambda: kobling.stable_assignment([[0], [1]], [[0, 0], [0, math.nan]], CAPS),
     kobling.InvalidInputError,
     "[kobling.array.nan] company_scores[1, 1]: NaN is not a score; use -inf for a pair that is "
     "not allowed"),
    ("+inf score", lambda: kobling.stable_assignment([[0], [1]], [[math.inf, 0], [0, 0]], CAPS),
     kobling.InvalidInputError,
     "[kobling.array.infinite] company_scores[0, 0]: +inf is not a score; use a finite number, "
     "or -inf for a pair that is not allowed"),
    ("score shape", lambda: kobling.stable_assignment([[0], [1]], np.zeros((2, 3)), CAPS),
     kobling.InvalidInputError,
     "[kobling.array.shape] company_scores: shape (2, 3) does not match (n, m) = (2, 2)"),
    ("preferences 1-D", lambda: kobling.stable_assignment([0, 1], SCORES, CAPS),
     kobling.InvalidInputError,
     "[kobling.array.shape] preferences: expected a 2-D array, got shape (2,)"),
    ("bad proposer", lambda: kobling.stable_assignment([[0], [1]], SCORES, CAPS, proposer="firms"),
     kobling.InvalidInputError,
     "[kobling.array.bad_option] proposer: must be 'candidates' or 'companies', got 'firms'"),
    ("short rank_bonus", lambda: kobling.max_placement_assignment([[0, 1], [1, 0]], CAPS,
                                                                  rank_bonus=[1.0]),
     kobling.InvalidInputError,
     "[kobling.array.bad_option] rank_bonus: has 1 entries but the lists have k = 2 columns; "
     "give one bonus per rank"),
    ("allowed shape", lambda: kobling.max_placement_assignment([[0], [1]], CAPS,
                                                               allowed=np.ones((3, 2), bool)),
     kobling.InvalidInputError,
     "[kobling.array.shape] allowed: shape (3, 2) does not match (n, m) = (2, 2)"),
    ("NaN utility", lambda: kobling.optimal_assignment([[0.0, math.nan]], CAPS),
     kobling.InvalidInputError,
     "[kobling.array.nan] utility[0, 1]: NaN is not a utility; use -inf for a pair that is not "
     "allowed"),
    ("capacity too large", lambda: kobling.optimal_assignment([[0.0, 1.0]], [1, 2**40]),
     kobling.InvalidInputError,
     "[kobling.array.capacity_too_large] capacities[1]: capacity 1099511627776 exceeds the "
     "limit 2147483646"),
    ("company_of out of range", lambda: kobling.blocking_pairs([[0], [1]], SCORES, CAPS, [0, 9]),
     kobling.IndexOutOfRangeError,
     "[kobling.array.company_index] company_of[1]: company index 9 is not in [0, 2); use -1 for "
     "unplaced"),
    ("infeasible company_of", lambda: kobling.blocking_pairs([[0], [0]], SCORES, CAPS, [0, 0]),
     kobling.InvalidInputError,
     "[kobling.verify.infeasible] company_of: not a feasible assignment: company 0: 2 assigned, "
     "capacity 1"),
    ("too many ranks", lambda: kobling.rank_maximal_assignment([list(range(65))], [1] * 65),
     kobling.InvalidInputError,
     "[kobling.array.too_many_ranks] preferences: a list has 65 wishes; rank_maximal supports "
     "lists of at most 64"),
    ("NaN outside the lists",
     lambda: kobling.stable_assignment([[0], [1]], [[0, math.nan], [0, 0]], CAPS),
     kobling.InvalidInputError,
     "[kobling.array.nan] company_scores[0, 1]: NaN is not a score; use -inf for a pair that is "
     "not allowed"),
    ("proposer with max_placement",
     lambda: kobling.Kickoff.load(DATA / "kickoff_trondelag.json").match(
         "max_placement", proposer="companies"),
     kobling.InvalidInputError,
     "[kobling.policy.bad_option] proposer: applies to the stable policy only"),
]


@pytest.mark.parametrize("name, call, cls, message", ARRAY_CASES, ids=[c[0] for c in ARRAY_CASES])
def test_array_errors(name, call, cls, message):
    with pytest.raises(cls) as info:
        call()
    assert str(info.value) == message
    assert info.value.id == message[1:message.index("]")]


TYPE_CASES = [
    ("float preferences", lambda: kobling.stable_assignment([[0.0]], [[1.0]], [1]),
     "[kobling.python.dtype] preferences: expected an integer array, got float64"),
    ("bool preferences", lambda: kobling.stable_assignment([[True]], [[1.0]], [1]),
     "[kobling.python.dtype] preferences: expected an integer array, got bool"),
    ("string scores", lambda: kobling.stable_assignment([[0]], [["x"]], [1]),
     "[kobling.python.dtype] company_scores: expected a real-valued array, got <U1"),
    ("None scores", lambda: kobling.stable_assignment([[0]], None, [1]),
     "[kobling.python.dtype] company_scores: expected an array, got None"),
    ("non-bool allowed", lambda: kobling.max_placement_assignment([[0]], [1], allowed=[[1]]),
     "[kobling.python.dtype] allowed: expected a boolean array, got int64"),
    ("float capacities", lambda: kobling.stable_assignment([[0]], [[1.0]], [1.5]),
     "[kobling.python.dtype] capacities: expected an integer array, got float64"),
    ("ragged preferences",
     lambda: kobling.stable_assignment([[0, 1], [0]], [[1.0, 1.0], [1.0, 1.0]], [1, 1]),
     "[kobling.python.dtype] preferences: cannot be converted to a rectangular numeric array "
     "(ragged lists?)"),
    ("ragged utility", lambda: kobling.optimal_assignment([[1, 2], [3]], [1, 1]),
     "[kobling.python.dtype] utility: cannot be converted to a rectangular numeric array "
     "(ragged lists?)"),
    ("ragged rank_bonus",
     lambda: kobling.max_placement_assignment([[0]], [1], rank_bonus=[[1], [2, 3]]),
     "[kobling.python.dtype] rank_bonus: cannot be converted to a numeric array"),
]


@pytest.mark.parametrize("name, call, message", TYPE_CASES, ids=[c[0] for c in TYPE_CASES])
def test_type_errors(name, call, message):
    with pytest.raises(TypeError) as info:
        call()
    assert str(info.value) == message


BAD = json.loads((TEST_DATA / "bad_inputs.json").read_text())


@pytest.mark.parametrize("case", BAD, ids=[c["name"] for c in BAD])
def test_every_bad_kickoff_has_its_pinned_message(case, base_doc, tmp_path):
    doc = apply_patch(base_doc, case["patch"])
    with pytest.raises((ValueError, IndexError)) as info:
        kobling.Kickoff.from_json(doc)
    assert str(info.value) == case["message"]
    assert isinstance(info.value, kobling.KoblingError)
    # The same from a file: the path goes in front of the JSON path.
    path = tmp_path / "kickoff.json"
    path.write_text(json.dumps(doc))
    with pytest.raises((ValueError, IndexError)) as info:
        kobling.Kickoff.load(path)
    close = case["message"].index("] ") + 2
    assert str(info.value) == case["message"][:close] + f"{path}: " + case["message"][close:]


def test_sparse_duplicates_are_errors():
    sp = require("scipy.sparse")
    dup = sp.coo_matrix(([1.0, 5.0], ([0, 0], [0, 0])), shape=(1, 1))
    csr = sp.csr_matrix((np.array([1.0, 5.0]), np.array([0, 0]), np.array([0, 2])), shape=(1, 1))
    for matrix in (dup, csr):
        with pytest.raises(kobling.InvalidInputError) as info:
            kobling.stable_assignment([[0]], matrix, [1])
    assert str(info.value) == (
        "[kobling.array.sparse_duplicate] company_scores[0, 0]: stored more than once in the "
        "sparse matrix; kobling does not add duplicates up silently (call sum_duplicates() if "
        "that is meant)")


def test_sparse_arrays_are_checked_before_scipy_reads_them():
    """scipy's compiled conversions trust a matrix's arrays; kobling checks a
    hand-built or mutated matrix first (a non-monotone indptr used to reach
    scipy's sort_indices and fail there with a C++ length_error). A consistent
    matrix gives the same result in every accepted format and index type."""
    sp = require("scipy.sparse")
    prefs, caps = [[0, 1], [1, 0]], [1, 1]
    scores = np.array([[0.5, 0.9], [0.7, 0.1]])
    expected = kobling.stable_assignment(prefs, scores, caps).company.tolist()

    def with_arrays(matrix, **arrays):
        for key, value in arrays.items():
            setattr(matrix, key, value)
        return matrix

    def error_of(matrix, kind=kobling.InvalidInputError):
        with pytest.raises(kind) as info:
            kobling.stable_assignment(prefs, matrix, caps)
        return str(info.value)

    for make in (sp.csr_matrix, sp.csc_matrix, sp.coo_matrix, sp.bsr_matrix, sp.dok_matrix,
                 sp.csr_array, sp.coo_array):
        assert kobling.stable_assignment(prefs, make(scores), caps).company.tolist() == expected
    for dtype in (np.int32, np.int64):
        for fmt, axis in ((sp.csr_matrix, "CSR arrays: indptr must have n"),
                          (sp.csc_matrix, "CSC arrays: indptr must have m")):
            good = with_arrays(fmt(scores), indptr=np.array([0, 2, 4], dtype=dtype),
                               indices=fmt(scores).indices.astype(dtype))
            assert kobling.stable_assignment(prefs, good, caps).company.tolist() == expected
            for broken in ([0, 5, 4], [0, 2, 3], [1, 2, 4], [0, 4]):
                matrix = with_arrays(fmt(scores), indptr=np.array(broken, dtype=dtype))
                assert error_of(matrix).startswith(
                    "[kobling.array.sparse_structure] company_scores (sparse): inconsistent "
                    + axis), (dtype, broken)
    prefix = "[kobling.array.sparse_structure] company_scores (sparse)"
    csc = with_arrays(sp.csc_matrix(scores), indices=np.array([0, 7, 0, 1], dtype=np.int32))
    assert error_of(csc) == prefix + ".indices[1]: row 7 is not in [0, 2)"
    coo = with_arrays(sp.coo_matrix(scores), row=np.array([0, 0, 1, 9], dtype=np.int32))
    assert error_of(coo) == prefix + ".row[3]: row 9 is not in [0, 2)"
    coo = with_arrays(sp.coo_matrix(scores), col=np.array([0, 1, -1, 1], dtype=np.int64))
    assert error_of(coo) == prefix + ".col[2]: column -1 is not in [0, 2)"
    coo = with_arrays(sp.coo_matrix(scores), col=np.array([0, 1, 0], dtype=np.int32))
    assert error_of(coo) == (prefix + ": inconsistent COO arrays: row, col and data must have "
                             "one length")
    # int64 column indices past 2^32 must not wrap into range when narrowed
    wide = with_arrays(sp.csr_matrix(scores),
                       indices=np.array([0, 1, 0, 2**32 + 1], dtype=np.int64))
    assert error_of(wide) == prefix + ".indices[3]: column 4294967297 is not in [0, 2)"
    bsr = with_arrays(sp.bsr_matrix(scores), indptr=np.array([0, 5, 4], dtype=np.int32))
    assert error_of(bsr).startswith(prefix + ": cannot be read as COO: ")
    # arrays of the wrong shape or type: TypeError naming the array
    dtype_prefix = "[kobling.python.dtype] company_scores (sparse)"
    for fmt in (sp.csr_matrix, sp.csc_matrix):
        flat = fmt(scores)
        hollow = with_arrays(fmt(scores), data=np.zeros((flat.nnz, 0)))  # len() == nnz, no values
        assert error_of(hollow, TypeError) == (
            dtype_prefix + ".data: expected a 1-D array, got shape (4, 0)")
        square = with_arrays(fmt(scores), indices=np.zeros((4, 4), dtype=np.int32))
        assert error_of(square, TypeError) == (
            dtype_prefix + ".indices: expected a 1-D array, got shape (4, 4)")
        for dtype in (np.float64, np.uint64, np.int16):
            odd = with_arrays(fmt(scores), indptr=flat.indptr.astype(dtype))
            assert error_of(odd, TypeError) == (
                dtype_prefix + f".indptr: expected int32 or int64 indices, got {np.dtype(dtype)}")
    for fmt, code in ((sp.lil_matrix, "lil"), (sp.dia_matrix, "dia")):
        assert error_of(fmt(scores), TypeError) == (
            f"[kobling.python.dtype] company_scores: scipy.sparse format '{code}' is not read "
            "directly; pass it as .tocsr() (CSR, CSC, COO, BSR and DOK are read)")
    assert error_of(sp.coo_array(np.array([1.0, 2.0])), TypeError) == (
        "[kobling.python.dtype] company_scores: expected a 2-D sparse matrix, got shape (2,)")


def test_result_arrays_are_read_only():
    a = kobling.stable_assignment([[0]], [[1.0]], [1])
    with pytest.raises(ValueError, match="read-only"):
        a.company[0] = 5
    b = kobling.max_placement_assignment([[0]], [1])
    with pytest.raises(ValueError, match="read-only"):
        b.duals.company[0, 0] = 1.0
    k = kobling.Kickoff.load(DATA / "kickoff_trondelag.json")
    with pytest.raises(kobling.InvalidInputError, match="is it the result of another kick-off"):
        k._core.result_json(kobling.optimal_assignment(np.ones((1, 1)), [1]), "x")


BAD_CSV = json.loads((TEST_DATA / "bad_csv.json").read_text())


@pytest.mark.parametrize("case", BAD_CSV, ids=[c["name"] for c in BAD_CSV])
def test_every_bad_csv_has_its_pinned_message(case, tmp_path):
    for name in ("features", "companies", "candidates"):
        (tmp_path / f"{name}.csv").write_text(case[name])
    with pytest.raises((ValueError, IndexError)) as info:
        kobling.Kickoff.from_csv(tmp_path)
    expected = case["message"]
    for name in ("features.csv", "companies.csv", "candidates.csv"):
        expected = expected.replace(f"] {name}", f"] {tmp_path / name}")
    assert str(info.value) == expected


def test_json_duplicate_keys():
    with pytest.raises(kobling.ParseError) as info:
        kobling.Kickoff.from_json('{"companies": [{"id": "k", "capacity": 3, "capacity": -5}], '
                                  '"candidates": []}')
    assert str(info.value) == (
        "[kobling.json.duplicate_key] $.companies[0].capacity: the key appears twice in the same "
        "object; JSON readers would silently keep only one of the values")


def test_json_syntax_error():
    with pytest.raises(kobling.ParseError) as info:
        kobling.Kickoff.from_json('{"candidates": [,]}')
    assert str(info.value) == ("[kobling.json.syntax] line 1, column 17: syntax error while "
                               "parsing value - unexpected ','; expected '[', '{', or a literal")
    with pytest.raises(TypeError):
        kobling.Kickoff.from_json(42)  # type: ignore[arg-type]


# JSON has no NaN or Infinity; a number too large for a double overflows to
# infinity. Neither may become a value (a capacity, a feature value).
NON_FINITE = [
    ("1e999", "[kobling.json.number] $.companies[0].capacity: number overflow parsing '1e999'"),
    ("-1e999", "[kobling.json.number] $.companies[0].capacity: number overflow parsing '-1e999'"),
    ("NaN", "[kobling.json.syntax] line 1, column {col}: syntax error while parsing value - "
            "invalid literal; last read: '\"capacity\": N'"),
    ("Infinity", "[kobling.json.syntax] line 1, column {col}: syntax error while parsing value - "
                 "invalid literal; last read: '\"capacity\": I'"),
]


@pytest.mark.parametrize("literal,message", NON_FINITE, ids=[c[0] for c in NON_FINITE])
def test_non_finite_numbers_are_refused(literal, message, base_doc, tmp_path):
    text = json.dumps(base_doc)
    at = text.index('"capacity": ') + len('"capacity": ')
    end = at + len(str(base_doc["companies"][0]["capacity"]))
    bad = text[:at] + literal + text[end:]
    expected = message.format(col=at + 1)
    with pytest.raises(kobling.ParseError) as info:
        kobling.Kickoff.from_json(bad)
    assert str(info.value) == expected
    assert isinstance(info.value, ValueError)


def test_dense_limit_raises_resource_limit_before_allocating(bundled_path):
    k = kobling.Kickoff.load(bundled_path)
    k.max_dense_bytes = 1000
    message = (
        "[kobling.resource.dense_scores] score_all: a dense score table for 95 x 15 pairs needs "
        "23465 bytes, more than the limit of 1000 bytes; use top_k_scores (blocked, bounded "
        "memory) or raise max_dense_bytes (Kickoff.max_dense_bytes in Python)")
    for call in (k.scores, k.eligibility):
        with pytest.raises(kobling.ResourceLimitError) as info:
            call()
        assert str(info.value) == message
        assert isinstance(info.value, ValueError)
        assert info.value.id == "kobling.resource.dense_scores"
    # The policies, their reports and the comparison read the listed pairs
    # only, never the dense table: not limited.
    assert k.match("rank_maximal").placed > 0
    assert "policy" in k.match("stable").report()
    assert len(k.compare()) == 3
    assert len(k.shortlist("k01")) > 0
    assert len(k.top_k(3)) == 95 * 3  # the blocked path is not limited
    assert len(k.recommend("c001", 3)) == 3  # one candidate's row, never the table
    k.max_dense_bytes = 1 << 20
    assert k.match("stable").placed > 0


# Ids reached by no other test: pinned here (the catalogue test asks for one
# test per id; tests/python/test_catalogue.py).


def test_arrays_beyond_the_32_bit_index_limit():
    huge = np.broadcast_to(np.float64(0.0), (2**31, 1))  # a stride-0 view: no memory
    with pytest.raises(kobling.ResourceLimitError) as info:
        kobling.optimal_assignment(huge, [1])
    assert str(info.value) == (
        "[kobling.array.too_large] utility: shape (2147483648, 1) exceeds the 32-bit index limit")
    assert info.value.id == "kobling.array.too_large"


def test_synthetic_market_options_are_checked():
    with pytest.raises(kobling.InvalidInputError) as info:
        kobling.synthetic_market(10, zipf=-1.0)
    assert str(info.value) == (
        "[kobling.synthetic.bad_option] SyntheticOptions.zipf: must be finite and >= 0, got -1")
    assert info.value.id == "kobling.synthetic.bad_option"


def test_top_k_scores_options_are_checked():
    features, weights = np.zeros((2, 3)), np.zeros((4, 3))
    with pytest.raises(kobling.InvalidInputError) as info:
        kobling.top_k_scores(features, weights, -1)
    assert str(info.value) == "[kobling.topk.bad_k] k: must be >= 0, got -1"
    with pytest.raises(kobling.InvalidInputError) as info:
        kobling.top_k_scores(features, weights, 1, block_rows=0)
    assert str(info.value) == "[kobling.topk.bad_option] block_rows: must be >= 1, got 0"


def test_result_of_another_kickoff():
    k = kobling.Kickoff.load(DATA / "kickoff_trondelag.json")
    with pytest.raises(kobling.InvalidInputError) as info:
        k._core.result_json(kobling.optimal_assignment(np.ones((1, 1)), [1]), "x")
    assert str(info.value) == (
        "[kobling.result.mismatch] result: has 1 candidates, the kick-off has 95; is it the "
        "result of another kick-off?")


def test_recommend_needs_a_count_of_at_least_zero():
    k = kobling.Kickoff.load(DATA / "kickoff_trondelag.json")
    for bad in (-1, 2.5, True):
        with pytest.raises(kobling.InvalidInputError) as info:
            k.recommend(0, bad)  # type: ignore[arg-type]
        assert str(info.value) == (
            f"[kobling.recommend.bad_k] k: must be an integer >= 0, got {bad!r}")
        # Raised by the Python layer, with the parts a C++ error has.
        assert (info.value.id, info.value.place, info.value.reason) == (
            "kobling.recommend.bad_k", "k", f"must be an integer >= 0, got {bad!r}")


def test_dataframes_need_an_id_column():
    pd = require("pandas")
    companies = pd.DataFrame([{"name": "Sveis AS", "capacity": 1}])
    candidates = pd.DataFrame([{"id": "a"}])
    with pytest.raises(kobling.InvalidInputError) as info:
        kobling.Kickoff.from_dataframes(candidates, companies)
    assert str(info.value) == (
        '[kobling.dataframe.missing] companies DataFrame: no "id" column (or index named id)')
    assert (info.value.id, info.value.place) == ("kobling.dataframe.missing",
                                                 "companies DataFrame")


def test_plots_need_results():
    require("matplotlib")
    import kobling.plot

    with pytest.raises(kobling.InvalidInputError) as info:  # a ValueError
        kobling.plot.wish_rank_histogram({})
    assert str(info.value) == "[kobling.plot.empty] results: give at least one result"
    assert (info.value.id, info.value.place, info.value.reason) == (
        "kobling.plot.empty", "results", "give at least one result")


def test_csv_files_as_excel_saves_them(tmp_path):
    """Excel's Norwegian "CSV": Windows-1252, ';' with decimal commas, trailing
    rows of separators. Read as meant; a byte that is neither UTF-8 nor
    Windows-1252 is refused with the file, row and column (not a bare
    UnicodeDecodeError: the bytes go to kobling, which checks them)."""
    (tmp_path / "companies.csv").write_bytes(
        "id;name;capacity\nk1;Bj\u00f8rk AS;1\n;;\n".encode("cp1252"))
    (tmp_path / "candidates.csv").write_bytes("id;wish_1\nc\u00e6;k1\n;\n".encode("cp1252"))
    k = kobling.Kickoff.from_csv(tmp_path)
    assert k.candidate_ids == ["c\u00e6"]
    assert json.loads(k.to_json())["companies"][0]["name"] == "Bj\u00f8rk AS"
    (tmp_path / "candidates.csv").write_bytes(b"id,wish_1\nc\x81,k1\n")
    with pytest.raises(kobling.ParseError) as info:
        kobling.Kickoff.from_csv(tmp_path)
    assert str(info.value) == (
        f'[kobling.csv.encoding] {tmp_path / "candidates.csv"}:2:1 (column "id"): is neither '
        'UTF-8 nor Windows-1252 text (byte 0x81); save the file as "CSV UTF-8"')
    # A byte-order mark (Excel's "CSV UTF-8") is fine.
    (tmp_path / "candidates.csv").write_bytes("id,wish_1\nc\u00e6,k1\n".encode("utf-8-sig"))
    assert kobling.Kickoff.from_csv(tmp_path).candidate_ids == ["c\u00e6"]


def test_csv_format_given_instead_of_detected(tmp_path, kobling_cli):
    (tmp_path / "features.csv").write_text("name;kind;min;max\nmotivation;numeric;0;5\n")
    (tmp_path / "companies.csv").write_text("id;capacity;weight.motivation\nk1;1;1\n")
    (tmp_path / "candidates.csv").write_bytes(
        "id;motivation;wish_1\nc\u00e6;3,5;k1\n".encode("cp1252"))
    k = kobling.Kickoff.from_csv(tmp_path, encoding="windows-1252", delimiter=";", decimal=",")
    assert k.candidate_ids == ["c\u00e6"]
    with pytest.raises(kobling.ParseError) as info:
        kobling.Kickoff.from_csv(tmp_path, encoding="utf-8")
    assert str(info.value).endswith(
        "is not UTF-8 text (byte 0xE6), as the encoding given says; is it Windows-1252?")
    with pytest.raises(kobling.ParseError, match=r'"3,5" is not a number'):
        kobling.Kickoff.from_csv(tmp_path, decimal=".")
    with pytest.raises(kobling.InvalidInputError) as info:
        kobling.Kickoff.from_csv(tmp_path, encoding="latin-9")
    assert str(info.value) == (
        '[kobling.csv.bad_format] encoding: unknown encoding "latin-9"; use utf-8 or '
        "windows-1252 (or leave it out to detect it)")
    # The CLI takes the same as options for a folder, and refuses them for a file.
    run = subprocess.run([str(kobling_cli), "run", str(tmp_path), "--encoding", "cp1252",
                          "--summary"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    bad = subprocess.run([str(kobling_cli), "run", str(tmp_path), "--delimiter", "|"],
                         capture_output=True, text=True)
    assert (bad.returncode, bad.stderr) == (
        2, 'kobling: --delimiter: unknown separator "|"; use ",", ";" or "tab" (or leave it out '
        "to detect it)\n")
    wrong = subprocess.run([str(kobling_cli), "run", str(tmp_path / "companies.csv"),
                            "--encoding", "utf-8"], capture_output=True, text=True)
    assert wrong.returncode == 2
    assert wrong.stderr.startswith("kobling: --encoding applies to a folder of CSV files, not ")
    missing = subprocess.run([str(kobling_cli), "run", str(tmp_path / "nowhere"), "--encoding",
                              "utf-8"], capture_output=True, text=True)
    assert missing.returncode == 2
    assert "[kobling.io.read]" in missing.stderr and "cannot open" in missing.stderr
