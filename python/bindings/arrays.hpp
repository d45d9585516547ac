// python/bindings/arrays.hpp — turning Python objects into kobling's array
// views: numpy arrays (zero-copy when the dtype and layout already match),
// array-likes (converted), and scipy.sparse matrices (CSR, canonicalised).
//
// Every Arg below owns whatever it had to convert, so the view stays valid for
// the lifetime of the Arg; build all Args with the GIL held, then release it.
// Index arrays (wish lists, capacities, assignments, a sparse matrix's row
// pointers and column indices) are always copied: another thread may write a
// numpy array while the GIL is released, and a changed index could send the
// C++ code out of bounds. Values (scores, utilities, masks) are read in place;
// the solvers keep what they read and treat a value that turns NaN or +inf as
// an error (kobling.array.changed).
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <memory>
#include <optional>
#include <string>

#include "kobling/max_placement.hpp"
#include "kobling/pair_view.hpp"
#include "kobling/types.hpp"

namespace kobling::python {

namespace py = pybind11;

/// An (n, k) integer matrix such as `preferences`.
struct IndexMatrixArg {
  PreferenceMatrix owned;  // the copy the view reads
  const Index* data = nullptr;
  Index rows = 0;
  Index cols = 0;
  [[nodiscard]] Eigen::Map<const PreferenceMatrix> map() const { return {data, rows, cols}; }
};

/// An (m,) or (n,) integer vector such as `capacities` or `company_of`.
struct IndexVectorArg {
  IndexVector owned;  // the copy the view reads
  const Index* data = nullptr;
  Index size = 0;
  [[nodiscard]] Eigen::Map<const IndexVector> map() const { return {data, size}; }
};

/// An (n, m) matrix of T (double or bool), dense or sparse.
template <class T>
struct PairArg {
  py::object keep;         // the (possibly converted) array or sparse matrix
  bool converted = false;  // keep is a private copy made here (no other thread can write it)
  py::array data_arr;
  // The sparse structure, always copied: other threads may write numpy arrays
  // while the GIL is released, and the C++ views trust their row pointers.
  std::vector<Index> indices_owned;
  std::vector<std::int64_t> indptr64_owned;
  std::unique_ptr<T[]> values_owned;  // when rows had to be sorted
  PairView<T> view;
};

/// How to describe integer vectors in messages ("capacity", "company index").
enum class VectorKind { capacities, company_of };

/// `preferences`: a 2-D integer array-like. TypeError for a non-integer dtype,
/// ValueError for the wrong number of dimensions; values outside the 32-bit
/// range raise the same error as an out-of-range company index.
IndexMatrixArg index_matrix(const py::handle& obj, const char* name, std::int64_t m_for_messages);

/// A 1-D integer array-like.
IndexVectorArg index_vector(const py::handle& obj, const char* name, VectorKind kind);

/// A 2-D float matrix (dense array-like or scipy.sparse); `required` false
/// allows None (an empty view).
PairArg<double> float_pairs(const py::handle& obj, const char* name, bool required);

/// A 2-D bool matrix (dense bool array or scipy.sparse); None allowed.
PairArg<bool> bool_pairs(const py::handle& obj, const char* name);

/// Max-placement options from the Python arguments: `rank_bonus` None (the
/// default bonus) or a 1-D numeric sequence (InvalidArgument otherwise, TypeError
/// when not numeric). The one parser for the array API and the kick-off.
MaxPlacementOptions placement_options(const py::object& rank_bonus, double score_weight);

/// A 1-D float array-like, copied (other threads may write the numpy array
/// while the GIL is released). None: an empty vector when `optional`, else
/// TypeError (kobling.python.dtype); another number of dimensions:
/// kobling.array.shape.
Eigen::VectorXd float_vector(const py::handle& obj, const char* name, bool optional = false);

/// True for scipy.sparse matrices and arrays.
bool is_scipy_sparse(const py::handle& obj);

/// obj as a C-contiguous array of T (converting when needed); TypeError naming
/// `name` when numpy cannot convert it.
template <class T>
py::array_t<T, py::array::c_style | py::array::forcecast> as_c_array(const py::handle& obj,
                                                                     const std::string& name) {
  auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(obj);
  if (!a) {
    PyErr_Clear();
    throw py::type_error("[kobling.python.dtype] " + name +
                         ": cannot be converted to a numeric array");
  }
  return a;
}

}  // namespace kobling::python
