#include "arrays.hpp"

#include <algorithm>
#include <functional>
#include <limits>

#include "kobling/errors.hpp"

namespace kobling::python {

namespace {

std::string dtype_name(const py::array& a) { return py::str(a.dtype()).cast<std::string>(); }

[[noreturn]] void type_error(const std::string& name, const std::string& reason) {
  throw py::type_error("[kobling.python.dtype] " + name + ": " + reason);
}

std::string shape_text(const py::array& a) {
  std::string s = "(";
  for (py::ssize_t d = 0; d < a.ndim(); ++d) {
    s += (d > 0 ? ", " : "") + std::to_string(a.shape(d));
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
  if (is_int32_c(a)) {
    arg.holder = a;
    arg.data = static_cast<const Index*>(a.data());
    return arg;
  }
  arg.owned.resize(arg.rows, arg.cols);
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
  if (is_int32_c(a)) {
    arg.holder = a;
    arg.data = static_cast<const Index*>(a.data());
    return arg;
  }
  arg.owned.resize(arg.size);
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
// the values up silently. Refuse instead, naming the entry.
void refuse_coo_duplicates(const py::handle& obj, const char* name) {
  const auto row = as_c_array<long long>(obj.attr("row"), std::string(name) + ".row");
  const auto col = as_c_array<long long>(obj.attr("col"), std::string(name) + ".col");
  const long long cols = py::tuple(obj.attr("shape"))[1].cast<long long>();
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

// Row pointers as stored (int32 or int64, contiguous) or converted: checked
// here without a copy in the common cases.
template <class Ptr>
bool consistent_rows(const Ptr* ptr, py::ssize_t size, long long rows, long long nnz,
                     long long values) {
  bool ok = size == rows + 1 && ptr[0] == 0 && ptr[rows] == nnz && values == nnz;
  for (long long r = 0; ok && r < rows; ++r) {
    ok = ptr[r] <= ptr[r + 1];
  }
  return ok;
}

bool is_c_1d(const py::array& a, const py::dtype& type) {
  return a.ndim() == 1 && a.dtype().is(type) &&
         (a.flags() & py::array::c_style) == py::array::c_style;
}

[[noreturn]] void sparse_structure(const std::string& where, const std::string& why) {
  throw InvalidArgument("kobling.array.sparse_structure", where, why);
}

// scipy's compiled routines (tocsr, has_sorted_indices, sort_indices) trust a
// matrix's arrays; a hand-built or mutated matrix can make them read or write
// out of bounds. The arrays are therefore checked here first, in the matrix's
// own format, with kobling's error naming the argument.
//  * CSR and CSC: indptr has major + 1 non-decreasing entries from 0 to
//    len(indices) == len(data); for CSC (which scipy converts) every index is
//    in [0, minor) too. A CSR matrix's indices are checked after, in C++.
//  * COO: row, col and data have one length, every row in [0, rows) and every
//    column in [0, cols).
//  * other formats: scipy's own full check where it has one (BSR).
void check_scipy_arrays(const py::handle& obj, const std::string& format, const char* name,
                        long long rows, long long cols) {
  const std::string what = std::string(name) + " (sparse)";
  const auto length = [](const py::handle& a) { return static_cast<long long>(py::len(a)); };
  if (format == "csr" || format == "csc") {
    const py::array indptr = obj.attr("indptr");
    const py::array indices = obj.attr("indices");
    const long long nnz = length(indices);
    const long long values = length(obj.attr("data"));
    const long long major = format == "csr" ? rows : cols;
    const long long minor = format == "csr" ? cols : rows;
    bool ok = false;
    if (is_c_1d(indptr, py::dtype::of<std::int32_t>())) {
      ok = consistent_rows(static_cast<const std::int32_t*>(indptr.data()), indptr.size(), major,
                           nnz, values);
    } else if (is_c_1d(indptr, py::dtype::of<std::int64_t>())) {
      ok = consistent_rows(static_cast<const std::int64_t*>(indptr.data()), indptr.size(), major,
                           nnz, values);
    } else {
      const auto ptr = as_c_array<long long>(indptr, what + ".indptr");
      ok = ptr.ndim() == 1 && consistent_rows(ptr.data(), ptr.size(), major, nnz, values);
    }
    if (!ok) {
      sparse_structure(what, "inconsistent " + std::string(format == "csr" ? "CSR" : "CSC") +
                                 " arrays: indptr must have " + (format == "csr" ? "n" : "m") +
                                 " + 1 non-decreasing entries from 0 to len(indices) == "
                                 "len(data)");
    }
    if (format == "csc") {
      const auto idx = as_c_array<long long>(indices, what + ".indices");
      for (py::ssize_t e = 0; e < idx.size(); ++e) {
        if (idx.data()[e] < 0 || idx.data()[e] >= minor) {
          sparse_structure(what + ".indices[" + std::to_string(e) + "]",
                           "row " + std::to_string(idx.data()[e]) + " is not in [0, " +
                               std::to_string(minor) + ")");
        }
      }
    }
  } else if (format == "coo") {
    const long long nnz = length(obj.attr("data"));
    const char* axes[2] = {"row", "col"};
    const long long bounds[2] = {rows, cols};
    for (int a = 0; a < 2; ++a) {
      const auto idx = as_c_array<long long>(obj.attr(axes[a]), what + "." + axes[a]);
      if (idx.ndim() != 1 || static_cast<long long>(idx.size()) != nnz) {
        sparse_structure(what, "inconsistent COO arrays: row, col and data must have one length");
      }
      for (py::ssize_t e = 0; e < idx.size(); ++e) {
        if (idx.data()[e] < 0 || idx.data()[e] >= bounds[a]) {
          sparse_structure(what + "." + axes[a] + "[" + std::to_string(e) + "]",
                           std::string(a == 0 ? "row " : "column ") +
                               std::to_string(idx.data()[e]) + " is not in [0, " +
                               std::to_string(bounds[a]) + ")");
        }
      }
    }
  } else if (format == "bsr") {
    try {
      obj.attr("check_format")(true);
    } catch (py::error_already_set& e) {
      sparse_structure(what, "inconsistent BSR arrays: " + py::str(e.value()).cast<std::string>());
    }
  }
}

template <class T>
void sparse_view(const py::handle& obj, const char* name, PairArg<T>& arg) {
  const std::string format =
      py::hasattr(obj, "format") ? py::str(obj.attr("format")).cast<std::string>() : "";
  const py::tuple shape = obj.attr("shape");
  const auto rows = shape[0].cast<std::int64_t>();
  const auto cols = shape[1].cast<std::int64_t>();
  if (rows > kMaxIndex || cols > kMaxIndex) {
    throw ResourceLimit("kobling.array.too_large", name,
                        "sparse shape exceeds the 32-bit index limit");
  }
  check_scipy_arrays(obj, format, name, rows, cols);
  if (format == "coo") {
    refuse_coo_duplicates(obj, name);
  }
  // A CSR matrix is used as it is (tocsr() would return it too, at the cost
  // of a Python call).
  py::object csr = format == "csr" ? py::reinterpret_borrow<py::object>(obj) : obj.attr("tocsr")();
  if (!csr.attr("has_sorted_indices").cast<bool>()) {
    csr = csr.attr("copy")();
    csr.attr("sort_indices")();  // duplicates stay, and are reported by validate()
  }
  if (format != "csr") {
    // What scipy built is consistent by construction; checked all the same,
    // since the C++ view trusts its row pointers.
    check_scipy_arrays(csr, "csr", name, rows, cols);
  }
  arg.keep = csr;
  py::array data = csr.attr("data");
  if constexpr (std::is_same_v<T, bool>) {
    if (data.dtype().kind() != 'b') {
      type_error(name, "expected a boolean sparse matrix, got " + dtype_name(data));
    }
    data = as_c_array<bool>(data, std::string(name) + ".data");
  } else {
    const char kind = data.dtype().kind();
    if (kind != 'f' && kind != 'i' && kind != 'u') {
      type_error(name, "expected a real-valued sparse matrix, got " + dtype_name(data));
    }
    data = as_c_array<double>(data, std::string(name) + ".data");
  }
  arg.data_arr = data;
  py::array indptr = csr.attr("indptr");
  py::array indices = csr.attr("indices");
  const T* values = static_cast<const T*>(arg.data_arr.data());
  const Index* idx = nullptr;
  if (is_c_1d(indices, py::dtype::of<std::int32_t>())) {
    arg.indices_arr = indices;
    idx = static_cast<const Index*>(indices.data());
  } else {
    // Wider (or other) index types: values outside [0, m) would wrap when
    // narrowed, so they are reported here rather than by validate().
    const auto wide = as_c_array<long long>(indices, std::string(name) + ".indices");
    arg.indices_owned.resize(static_cast<std::size_t>(wide.size()));
    for (py::ssize_t e = 0; e < wide.size(); ++e) {
      const long long j = wide.data()[e];
      if (j < 0 || j >= cols) {
        sparse_structure(
            std::string(name) + " (sparse).indices[" + std::to_string(e) + "]",
            "column " + std::to_string(j) + " is not in [0, " + std::to_string(cols) + ")");
      }
      arg.indices_owned[static_cast<std::size_t>(e)] = static_cast<Index>(j);
    }
    idx = arg.indices_owned.data();
  }
  if (is_c_1d(indptr, py::dtype::of<std::int32_t>())) {
    arg.indptr_arr = indptr;
    arg.view = PairView<T>::csr(static_cast<Index>(rows), static_cast<Index>(cols),
                                static_cast<const std::int32_t*>(indptr.data()), idx, values);
  } else {
    arg.indptr_arr = as_c_array<std::int64_t>(indptr, std::string(name) + ".indptr");
    arg.view =
        PairView<T>::csr(static_cast<Index>(rows), static_cast<Index>(cols),
                         static_cast<const std::int64_t*>(arg.indptr_arr.data()), idx, values);
  }
}

}  // namespace

PairArg<double> float_pairs(const py::handle& obj, const char* name, bool required) {
  PairArg<double> arg;
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
  const char kind = a.dtype().kind();
  if (kind != 'f' && kind != 'i' && kind != 'u') {
    type_error(name, "expected a real-valued array, got " + dtype_name(a));
  }
  if (a.shape(0) > kMaxIndex || a.shape(1) > kMaxIndex) {
    throw ResourceLimit("kobling.array.too_large", name,
                        "shape " + shape_text(a) + " exceeds the 32-bit index limit");
  }
  py::array d = as_c_array<double>(a, name);
  arg.keep = d;
  arg.view =
      PairView<double>::dense(static_cast<const double*>(d.data()), static_cast<Index>(d.shape(0)),
                              static_cast<Index>(d.shape(1)), d.shape(1));
  return arg;
}

PairArg<bool> bool_pairs(const py::handle& obj, const char* name) {
  PairArg<bool> arg;
  if (obj.is_none()) {
    return arg;
  }
  if (is_scipy_sparse(obj)) {
    sparse_view(obj, name, arg);
    return arg;
  }
  py::array a = as_array(obj, name);
  require_ndim(a, name, 2);
  if (a.dtype().kind() != 'b') {
    type_error(name, "expected a boolean array, got " + dtype_name(a));
  }
  if (a.shape(0) > kMaxIndex || a.shape(1) > kMaxIndex) {
    throw ResourceLimit("kobling.array.too_large", name,
                        "shape " + shape_text(a) + " exceeds the 32-bit index limit");
  }
  py::array d = as_c_array<bool>(a, name);
  arg.keep = d;
  arg.view =
      PairView<bool>::dense(static_cast<const bool*>(d.data()), static_cast<Index>(d.shape(0)),
                            static_cast<Index>(d.shape(1)), d.shape(1));
  return arg;
}

}  // namespace kobling::python
