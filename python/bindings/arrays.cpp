#include "arrays.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

#include "kobling/errors.hpp"

namespace kobling::python {

using namespace pybind11::literals;

namespace {

std::string dtype_name(const py::array& a) { return py::str(a.dtype()).cast<std::string>(); }

[[noreturn]] void type_error(const std::string& name, const std::string& reason) {
  throw py::type_error("[kobling.python.dtype] " + name + ": " + reason);
}

std::string shape_text(const py::array& a) {
  std::string s = "(";
  for (py::ssize_t d = 0; d < a.ndim(); ++d) {
    if (d > 0) {
      s += ", ";
    }
    s += std::to_string(a.shape(d));
  }
  if (a.ndim() == 1) {
    s += ",";
  }
  return s + ")";
}

py::array as_array(const py::handle& obj, const std::string& name) {
  if (obj.is_none()) {
    type_error(name, "expected an array, got None");
  }
  // ensure() returns a null handle (and clears the Python error) when numpy
  // cannot convert the object: ragged lists, objects whose __array__ raises.
  py::array a;
  try {
    a = py::array::ensure(obj);
  } catch (const py::error_already_set&) {
    a = py::array();
  }
  if (!a) {
    PyErr_Clear();
    type_error(name, "cannot be converted to a rectangular numeric array (ragged lists?)");
  }
  if (a.dtype().kind() == 'O') {
    type_error(name, "cannot be converted to a rectangular numeric array (ragged lists?)");
  }
  return a;
}

void require_ndim(const py::array& a, const std::string& name, py::ssize_t ndim) {
  if (a.ndim() != ndim) {
    throw InvalidArgument(
        "kobling.array.shape", name,
        "expected a " + std::to_string(ndim) + "-D array, got shape " + shape_text(a));
  }
}

void require_integer(const py::array& a, const std::string& name) {
  const char kind = a.dtype().kind();
  if (kind != 'i' && kind != 'u') {
    if (a.size() == 0 && kind == 'f') {
      return;  // np.array([]) is float64; an empty list is fine
    }
    type_error(name, "expected an integer array, got " + dtype_name(a));
  }
}

// Converts any integer array to Index (int32), checking the range.
template <class Out, class Place>
void convert_ints(const py::array& a, Out* out, const std::string& name, Place place_of,
                  const std::function<void(const std::string&, long long)>& out_of_range) {
  const auto flat = as_c_array<long long>(a, name);
  if (!flat) {
    type_error(name, "cannot be read as integers");
  }
  if (a.dtype().kind() == 'u' && a.itemsize() == 8) {
    // uint64 values above 2^63 would wrap when read as signed: check first.
    const auto u = as_c_array<unsigned long long>(a, name);
    const unsigned long long* p = u.data();
    for (py::ssize_t e = 0; e < u.size(); ++e) {
      if (p[e] > static_cast<unsigned long long>(std::numeric_limits<Index>::max())) {
        out_of_range(place_of(e), static_cast<long long>(std::numeric_limits<long long>::max()));
      }
    }
  }
  const long long* p = flat.data();
  for (py::ssize_t e = 0; e < flat.size(); ++e) {
    const long long v = p[e];
    if (v < std::numeric_limits<Index>::min() || v > std::numeric_limits<Index>::max()) {
      out_of_range(place_of(e), v);
    }
    out[e] = static_cast<Index>(v);
  }
}

bool is_int32_c(const py::array& a) {
  return a.dtype().is(py::dtype::of<std::int32_t>()) &&
         (a.flags() & py::array::c_style) == py::array::c_style;
}

}  // namespace

bool is_scipy_sparse(const py::handle& obj) {
  if (obj.is_none()) {
    return false;
  }
  const py::handle type = py::type::handle_of(obj);
  if (!py::hasattr(type, "__module__")) {
    return false;
  }
  const std::string module = py::str(type.attr("__module__")).cast<std::string>();
  return module.rfind("scipy.sparse", 0) == 0;
}

IndexMatrixArg index_matrix(const py::handle& obj, const char* name, std::int64_t m) {
  IndexMatrixArg arg;
  py::array a = as_array(obj, name);
  require_ndim(a, name, 2);
  require_integer(a, name);
  arg.rows = static_cast<Index>(a.shape(0));
  arg.cols = static_cast<Index>(a.shape(1));
  if (a.shape(0) > kMaxIndex || a.shape(1) > kMaxIndex) {
    throw ResourceLimit("kobling.array.too_large", name,
                        "shape " + shape_text(a) + " exceeds the 32-bit index limit");
  }
  arg.owned.resize(arg.rows, arg.cols);
  if (is_int32_c(a)) {  // copied (see arrays.hpp), no conversion needed
    std::copy_n(static_cast<const Index*>(a.data()), a.size(), arg.owned.data());
    arg.data = arg.owned.data();
    return arg;
  }
  const auto cols = std::max<py::ssize_t>(a.shape(1), 1);
  convert_ints(
      a, arg.owned.data(), name,
      [&](py::ssize_t e) {
        return std::string(name) + "[" + std::to_string(e / cols) + ", " +
               std::to_string(e % cols) + "]";
      },
      [&](const std::string& place, long long v) {
        throw OutOfRange("kobling.array.company_index", place,
                         "company index " + std::to_string(v) + " is not in [0, " +
                             std::to_string(m) + ") (" + std::to_string(m) +
                             " companies); use -1 for no company");
      });
  arg.data = arg.owned.data();
  return arg;
}

IndexVectorArg index_vector(const py::handle& obj, const char* name, VectorKind kind) {
  IndexVectorArg arg;
  py::array a = as_array(obj, name);
  require_ndim(a, name, 1);
  require_integer(a, name);
  arg.size = static_cast<Index>(a.shape(0));
  arg.owned.resize(arg.size);
  if (is_int32_c(a)) {  // copied (see arrays.hpp), no conversion needed
    std::copy_n(static_cast<const Index*>(a.data()), a.size(), arg.owned.data());
    arg.data = arg.owned.data();
    return arg;
  }
  convert_ints(
      a, arg.owned.data(), name,
      [&](py::ssize_t e) { return std::string(name) + "[" + std::to_string(e) + "]"; },
      [&](const std::string& place, long long v) {
        if (kind == VectorKind::capacities) {
          throw InvalidArgument(
              v < 0 ? "kobling.array.negative_capacity" : "kobling.array.capacity_too_large", place,
              v < 0 ? "capacity must be >= 0, got " + std::to_string(v)
                    : "capacity " + std::to_string(v) + " exceeds the limit " +
                          std::to_string(kMaxIndex));
        }
        throw OutOfRange("kobling.array.company_index", place,
                         "company index " + std::to_string(v) + " is out of range");
      });
  arg.data = arg.owned.data();
  return arg;
}

namespace {

// COO matrices may hold an entry twice; scipy's conversion to CSR would add
// the values up silently. Refuse instead, naming the entry. The row and
// column arrays were checked (one length, in range).
void refuse_coo_duplicates(const py::array& row_arr, const py::array& col_arr, long long cols,
                           const char* name) {
  const auto row = as_c_array<long long>(row_arr, std::string(name) + ".row");
  const auto col = as_c_array<long long>(col_arr, std::string(name) + ".col");
  std::vector<long long> keys(static_cast<std::size_t>(row.size()));
  for (py::ssize_t e = 0; e < row.size(); ++e) {
    keys[static_cast<std::size_t>(e)] = row.data()[e] * std::max(cols, 1LL) + col.data()[e];
  }
  std::sort(keys.begin(), keys.end());
  const auto dup = std::adjacent_find(keys.begin(), keys.end());
  if (dup != keys.end()) {
    const long long c = std::max(cols, 1LL);
    throw InvalidArgument(
        "kobling.array.sparse_duplicate",
        std::string(name) + "[" + std::to_string(*dup / c) + ", " + std::to_string(*dup % c) + "]",
        "stored more than once in the sparse matrix; kobling does not add "
        "duplicates up silently (call sum_duplicates() if that is meant)");
  }
}

bool is_c_1d(const py::array& a, const py::dtype& type) {
  return a.ndim() == 1 && a.dtype().is(type) &&
         (a.flags() & py::array::c_style) == py::array::c_style;
}

[[noreturn]] void sparse_structure(const std::string& where, const std::string& why) {
  throw InvalidArgument("kobling.array.sparse_structure", where, why);
}

// One of a scipy matrix's arrays, as a numpy array with one dimension (what
// scipy itself builds; a hand-made or mutated matrix may hold anything).
py::array one_dim(const py::handle& matrix, const char* attr, const std::string& what) {
  const py::object a = matrix.attr(attr);
  if (!py::isinstance<py::array>(a)) {
    type_error(what + "." + attr,
               "expected a numpy array, got " +
                   py::str(py::type::handle_of(a).attr("__name__")).cast<std::string>());
  }
  py::array arr = py::reinterpret_borrow<py::array>(a);
  if (arr.ndim() != 1) {
    type_error(what + "." + attr, "expected a 1-D array, got shape " + shape_text(arr));
  }
  return arr;
}

// An index array: one dimension and int32 or int64, the types scipy uses
// (and the only ones its compiled routines accept).
py::array index_array(const py::handle& matrix, const char* attr, const std::string& what) {
  py::array a = one_dim(matrix, attr, what);
  if (!a.dtype().is(py::dtype::of<std::int32_t>()) &&
      !a.dtype().is(py::dtype::of<std::int64_t>())) {
    type_error(what + "." + attr, "expected int32 or int64 indices, got " + dtype_name(a));
  }
  return a;
}

// Calls f(pointer, size) on an index array's values (int32 or int64), without
// a copy when it is contiguous.
template <class F>
decltype(auto) with_indices(const py::array& a, F&& f) {
  if (is_c_1d(a, py::dtype::of<std::int32_t>())) {
    return f(static_cast<const std::int32_t*>(a.data()), a.size());
  }
  if (is_c_1d(a, py::dtype::of<std::int64_t>())) {
    return f(static_cast<const std::int64_t*>(a.data()), a.size());
  }
  const auto c = as_c_array<std::int64_t>(a, "indices");  // a strided view: exact copy
  return f(c.data(), c.size());
}

// Every value of an index array in [0, bound); else the error names it.
void require_in_range(const py::array& a, long long bound, const std::string& where,
                      const char* noun) {
  with_indices(a, [&](const auto* p, py::ssize_t size) {
    for (py::ssize_t e = 0; e < size; ++e) {
      if (p[e] < 0 || p[e] >= bound) {
        sparse_structure(where + "[" + std::to_string(e) + "]",
                         std::string(noun) + " " + std::to_string(p[e]) + " is not in [0, " +
                             std::to_string(bound) + ")");
      }
    }
  });
}

// The arrays of a CSR, CSC or COO matrix, fetched once.
struct ScipyArrays {
  py::array data;
  py::array indptr;   // CSR, CSC
  py::array indices;  // CSR, CSC
  py::array row;      // COO
  py::array col;      // COO
};

// scipy's compiled routines (tocsr, has_sorted_indices, sort_indices) trust a
// matrix's arrays; a hand-built or mutated matrix can make them read or write
// out of bounds. So the arrays of the formats read here (CSR, CSC, COO) are
// checked first, with kobling's error naming the argument:
//  * data and the index arrays are 1-D numpy arrays, indices int32 or int64;
//  * CSR, CSC: indptr has major + 1 non-decreasing entries from 0 to
//    len(indices) == len(data); for CSC (which scipy converts) every index is
//    in [0, minor) as well (a CSR matrix's indices are checked in C++);
//  * COO: row, col and data have one length, rows in [0, n), columns in [0, m).
ScipyArrays checked_arrays(const py::handle& matrix, const std::string& format, const char* name,
                           long long rows, long long cols) {
  const std::string what = std::string(name) + " (sparse)";
  ScipyArrays a;
  a.data = one_dim(matrix, "data", what);
  const auto values = static_cast<long long>(a.data.size());
  if (format == "coo") {
    a.row = index_array(matrix, "row", what);
    a.col = index_array(matrix, "col", what);
    if (a.row.size() != values || a.col.size() != values) {
      sparse_structure(what, "inconsistent COO arrays: row, col and data must have one length");
    }
    require_in_range(a.row, rows, what + ".row", "row");
    require_in_range(a.col, cols, what + ".col", "column");
    return a;
  }
  const bool by_row = format == "csr";
  a.indptr = index_array(matrix, "indptr", what);
  a.indices = index_array(matrix, "indices", what);
  const long long major = by_row ? rows : cols;
  const auto nnz = static_cast<long long>(a.indices.size());
  const bool ok = with_indices(a.indptr, [&](const auto* ptr, py::ssize_t size) {
    bool good = size == major + 1 && ptr[0] == 0 && ptr[major] == nnz && values == nnz;
    for (long long r = 0; good && r < major; ++r) {
      good = ptr[r] <= ptr[r + 1];
    }
    return good;
  });
  if (!ok) {
    sparse_structure(what, std::string("inconsistent ") + (by_row ? "CSR" : "CSC") +
                               " arrays: indptr must have " + (by_row ? "n" : "m") +
                               " + 1 non-decreasing entries from 0 to len(indices) == "
                               "len(data)");
  }
  if (!by_row) {
    require_in_range(a.indices, rows, what + ".indices", "row");
  }
  return a;
}

// A private, C-contiguous copy of a 1-D array (same dtype), taken with the GIL
// held: another Python thread cannot write the caller's array in between.
py::array private_copy(const py::array& a) {
  if ((a.flags() & py::array::c_style) == py::array::c_style) {
    py::array out(a.dtype(), {a.size()}, {});
    if (a.nbytes() > 0) {
      std::memcpy(out.mutable_data(), a.data(), static_cast<std::size_t>(a.nbytes()));
    }
    return out;
  }
  return a.attr("copy")();  // a strided view
}

// Sorts each row's column indices (with their values), rows whose indices are
// not increasing only; duplicates stay and are reported by validate().
template <class T, class Ptr>
void sort_rows(const Ptr* indptr, Index rows, std::vector<Index>& indices, T* values) {
  std::vector<std::pair<Index, T>> row;
  for (Index r = 0; r < rows; ++r) {
    const auto lo = static_cast<std::size_t>(indptr[r]);
    const auto hi = static_cast<std::size_t>(indptr[r + 1]);
    if (std::is_sorted(indices.begin() + static_cast<std::ptrdiff_t>(lo),
                       indices.begin() + static_cast<std::ptrdiff_t>(hi))) {
      continue;
    }
    row.clear();
    for (std::size_t q = lo; q < hi; ++q) {
      row.emplace_back(indices[q], values[q]);
    }
    std::stable_sort(row.begin(), row.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t q = lo; q < hi; ++q) {
      indices[q] = row[q - lo].first;
      values[q] = row[q - lo].second;
    }
  }
}

template <class T>
void sparse_view(const py::handle& obj, const char* name, PairArg<T>& arg) {
  std::string format =
      py::hasattr(obj, "format") ? py::str(obj.attr("format")).cast<std::string>() : "";
  const py::object shape_obj = obj.attr("shape");
  const py::tuple shape = py::isinstance<py::tuple>(shape_obj) ? py::tuple(shape_obj) : py::tuple();
  if (shape.size() != 2) {
    type_error(name,
               "expected a 2-D sparse matrix, got shape " + py::str(shape_obj).cast<std::string>());
  }
  const auto rows = shape[0].cast<std::int64_t>();
  const auto cols = shape[1].cast<std::int64_t>();
  if (rows < 0 || cols < 0) {
    sparse_structure(std::string(name) + " (sparse)", "negative shape");
  }
  if (rows > kMaxIndex || cols > kMaxIndex) {
    throw ResourceLimit("kobling.array.too_large", name,
                        "sparse shape exceeds the 32-bit index limit");
  }
  py::object matrix = py::reinterpret_borrow<py::object>(obj);
  if (format == "bsr" || format == "dok") {
    // Their tocoo() is numpy and Python, bounds-checked: a broken matrix
    // raises there, and what it builds is checked below like any COO.
    try {
      matrix = obj.attr("tocoo")();
    } catch (py::error_already_set& e) {
      if (!e.matches(PyExc_ValueError) && !e.matches(PyExc_TypeError) &&
          !e.matches(PyExc_IndexError)) {
        throw;
      }
      sparse_structure(std::string(name) + " (sparse)",
                       "cannot be read as COO: " + py::str(e.value()).cast<std::string>());
    }
    format = "coo";
  } else if (format != "csr" && format != "csc" && format != "coo") {
    // DIA and LIL convert in compiled code that trusts their arrays.
    type_error(name, "scipy.sparse format '" + format +
                         "' is not read directly; pass it as .tocsr() (CSR, CSC, COO, BSR "
                         "and DOK are read)");
  }
  if (format != "csr") {
    // scipy converts to CSR in compiled code, which may run without the GIL
    // and trusts the arrays: it converts a private copy of them, checked
    // first, so that neither a broken matrix nor another thread writing the
    // caller's arrays can send it out of bounds.
    const ScipyArrays live = checked_arrays(matrix, format, name, rows, cols);
    const py::module_ scipy_sparse = py::module_::import("scipy.sparse");
    const py::tuple shape2 = py::make_tuple(rows, cols);
    py::object copy;
    if (format == "coo") {
      const py::array row = private_copy(live.row);
      const py::array col = private_copy(live.col);
      copy = scipy_sparse.attr("coo_matrix")(
          py::make_tuple(private_copy(live.data), py::make_tuple(row, col)), "shape"_a = shape2);
    } else {
      copy = scipy_sparse.attr("csc_matrix")(
          py::make_tuple(private_copy(live.data), private_copy(live.indices),
                         private_copy(live.indptr)),
          "shape"_a = shape2);
    }
    const ScipyArrays mine = checked_arrays(copy, format, name, rows, cols);
    if (format == "coo") {
      refuse_coo_duplicates(mine.row, mine.col, cols, name);
    }
    matrix = copy.attr("tocsr")();
  }
  // The CSR arrays: types checked on the matrix, then copied before any
  // structure check (see arrays.hpp); C++ reads and checks only the copies.
  const std::string what = std::string(name) + " (sparse)";
  const py::array data = one_dim(matrix, "data", what);
  const py::array indptr = index_array(matrix, "indptr", what);
  const py::array indices = index_array(matrix, "indices", what);
  {
    const char kind = data.dtype().kind();
    if constexpr (std::is_same_v<T, bool>) {
      if (kind != 'b') {
        type_error(name, "expected a boolean sparse matrix, got " + dtype_name(data));
      }
    } else if (kind != 'f' && kind != 'i' && kind != 'u') {
      type_error(name, "expected a real-valued sparse matrix, got " + dtype_name(data));
    }
  }
  with_indices(indptr,
               [&](const auto* p, py::ssize_t size) { arg.indptr64_owned.assign(p, p + size); });
  with_indices(indices, [&](const auto* p, py::ssize_t size) {
    arg.indices_owned.resize(static_cast<std::size_t>(size));
    for (py::ssize_t e = 0; e < size; ++e) {
      // Out of [0, m) would wrap when narrowed: reported here.
      if (p[e] < 0 || p[e] >= cols) {
        sparse_structure(
            what + ".indices[" + std::to_string(e) + "]",
            "column " + std::to_string(p[e]) + " is not in [0, " + std::to_string(cols) + ")");
      }
      arg.indices_owned[static_cast<std::size_t>(e)] = static_cast<Index>(p[e]);
    }
  });
  const auto& ptr = arg.indptr64_owned;
  const auto nnz = static_cast<std::int64_t>(arg.indices_owned.size());
  bool ok = static_cast<std::int64_t>(ptr.size()) == rows + 1 && ptr[0] == 0 && ptr.back() == nnz &&
            data.size() == nnz;
  for (std::int64_t r = 0; ok && r < rows; ++r) {
    ok = ptr[static_cast<std::size_t>(r)] <= ptr[static_cast<std::size_t>(r) + 1];
  }
  if (!ok) {
    sparse_structure(what,
                     "inconsistent CSR arrays: indptr must have n + 1 non-decreasing entries "
                     "from 0 to len(indices) == len(data)");
  }
  arg.keep = matrix;
  arg.data_arr = as_c_array<T>(data, std::string(name) + ".data");
  const T* values = static_cast<const T*>(arg.data_arr.data());
  bool sorted = true;
  for (std::int64_t r = 0; sorted && r < rows; ++r) {
    const auto lo = static_cast<std::ptrdiff_t>(ptr[static_cast<std::size_t>(r)]);
    const auto hi = static_cast<std::ptrdiff_t>(ptr[static_cast<std::size_t>(r) + 1]);
    sorted = std::is_sorted(arg.indices_owned.begin() + lo, arg.indices_owned.begin() + hi);
  }
  if (!sorted) {
    arg.values_owned.reset(new T[static_cast<std::size_t>(nnz)]);
    std::copy(values, values + nnz, arg.values_owned.get());
    sort_rows(ptr.data(), static_cast<Index>(rows), arg.indices_owned, arg.values_owned.get());
    values = arg.values_owned.get();
  }
  arg.view = PairView<T>::csr(static_cast<Index>(rows), static_cast<Index>(cols), ptr.data(),
                              arg.indices_owned.data(), values);
}

// A dense 2-D array of the right kind as arg's view: converted to a
// C-contiguous array of T (kept in arg) after the 32-bit shape check.
template <class T>
void dense_view(const py::array& a, const char* name, PairArg<T>& arg) {
  if (a.shape(0) > kMaxIndex || a.shape(1) > kMaxIndex) {
    throw ResourceLimit("kobling.array.too_large", name,
                        "shape " + shape_text(a) + " exceeds the 32-bit index limit");
  }
  py::array d = as_c_array<T>(a, name);
  arg.converted = !d.is(a);
  arg.keep = d;
  arg.view = PairView<T>::dense(static_cast<const T*>(d.data()), static_cast<Index>(d.shape(0)),
                                static_cast<Index>(d.shape(1)), d.shape(1));
}

// None (an empty view; TypeError when `required`), a scipy.sparse matrix, or
// a dense 2-D array whose dtype kind `accepts` (TypeError naming `expected`
// otherwise).
template <class T, class Accepts>
PairArg<T> pair_arg(const py::handle& obj, const char* name, bool required, Accepts accepts,
                    const char* expected) {
  PairArg<T> arg;
  if (obj.is_none()) {
    if (required) {
      type_error(name, "expected an array, got None");
    }
    return arg;
  }
  if (is_scipy_sparse(obj)) {
    sparse_view(obj, name, arg);
    return arg;
  }
  py::array a = as_array(obj, name);
  require_ndim(a, name, 2);
  if (!accepts(a.dtype().kind())) {
    type_error(name, std::string("expected ") + expected + ", got " + dtype_name(a));
  }
  dense_view(a, name, arg);
  return arg;
}

}  // namespace

PairArg<double> float_pairs(const py::handle& obj, const char* name, bool required) {
  return pair_arg<double>(
      obj, name, required, [](char kind) { return kind == 'f' || kind == 'i' || kind == 'u'; },
      "a real-valued array");
}

PairArg<bool> bool_pairs(const py::handle& obj, const char* name) {
  return pair_arg<bool>(
      obj, name, false, [](char kind) { return kind == 'b'; }, "a boolean array");
}

MaxPlacementOptions placement_options(const py::object& rank_bonus, double score_weight) {
  MaxPlacementOptions o;
  o.score_weight = score_weight;
  if (!rank_bonus.is_none()) {
    const auto a = as_c_array<double>(rank_bonus, "rank_bonus");
    if (a.ndim() != 1) {
      throw InvalidArgument("kobling.array.bad_option", "rank_bonus",
                            "must be a 1-D sequence of numbers");
    }
    o.rank_bonus.assign(a.data(), a.data() + a.size());
  }
  return o;
}

Eigen::VectorXd float_vector(const py::handle& obj, const char* name, bool optional) {
  if (obj.is_none()) {
    if (optional) {
      return {};
    }
    throw py::type_error(std::string("[kobling.python.dtype] ") + name +
                         ": cannot be converted to a numeric array");
  }
  const auto a = as_c_array<double>(obj, name);
  if (a.ndim() != 1) {
    throw InvalidArgument("kobling.array.shape", name,
                          "expected a 1-D array, got " + std::to_string(a.ndim()) + " dimensions");
  }
  Eigen::VectorXd out(a.shape(0));
  std::copy_n(a.data(), a.shape(0), out.data());
  return out;
}

}  // namespace kobling::python
