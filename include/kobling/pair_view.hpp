// kobling/pair_view.hpp — a read-only view of an (n, m) matrix over
// candidate-company pairs, stored dense (row-major) or sparse (CSR).
//
// Every solver that takes a score, utility or mask matrix takes a PairView, so
// one entry point serves a dense kick-off matrix and a 10^5 x 10^4 national
// graph that was never dense. A view does not own memory: the caller keeps the
// data alive during the call. Conversions exist from Eigen row-major matrices
// (dense) and from compressed row-major Eigen::SparseMatrix (sparse); raw CSR
// arrays (as scipy.sparse holds them) are wrapped with PairView::csr.
//
// Sparse semantics: the stored entries are the pairs that exist; a pair that is
// not stored is absent, which the solvers treat as "not allowed" (missing data
// is never scored as a match). A trap: a sparse matrix built from a dense one
// (scipy.sparse.csr_matrix(dense), Eigen's sparseView()) drops its zeros, and
// so forbids every pair scored 0. Store explicit zeros, or pass an `allowed`
// mask beside the scores: where a solver has a mask, the mask alone says which
// pairs are allowed and an entry a sparse score matrix does not store counts
// as 0. Rows must be in canonical form: column indices
// strictly increasing within each row. validate() checks the structure in
// O(nnz) and throws InvalidArgument naming the argument and the place.
//
// Thread safety: a view is immutable; concurrent reads are safe.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

#include <Eigen/Core>
#include <Eigen/SparseCore>

#include "kobling/types.hpp"

namespace kobling {

template <class T>
class PairView {
 public:
  using Value = T;
  using DenseRowMajor = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  using SparseRowMajor = Eigen::SparseMatrix<T, Eigen::RowMajor, Index>;

  /// An empty 0 x 0 view; has_value() is false (used for "not given").
  PairView() = default;

  /// Dense view of a row-major matrix (implicit, so Eigen matrices pass directly).
  PairView(const DenseRowMajor& m)  // NOLINT(google-explicit-constructor)
      : rows_(static_cast<Index>(m.rows())),
        cols_(static_cast<Index>(m.cols())),
        dense_(m.data()),
        row_stride_(m.cols()),
        given_(true) {}
  /// Dense view of a mapped or referenced row-major block.
  template <class Derived>
  static PairView dense(const Eigen::MapBase<Derived>& m) {
    static_assert(Derived::IsRowMajor, "PairView::dense needs a row-major matrix");
    return dense(m.data(), static_cast<Index>(m.rows()), static_cast<Index>(m.cols()),
                 m.outerStride());
  }
  /// Dense view of raw row-major storage with a row stride in elements.
  static PairView dense(const T* data, Index rows, Index cols, std::ptrdiff_t row_stride) {
    PairView v;
    v.rows_ = rows;
    v.cols_ = cols;
    v.dense_ = data;
    v.row_stride_ = row_stride;
    v.given_ = true;
    return v;
  }
  /// Sparse view of a compressed row-major Eigen sparse matrix.
  PairView(const SparseRowMajor& s)  // NOLINT(google-explicit-constructor)
      : rows_(static_cast<Index>(s.rows())),
        cols_(static_cast<Index>(s.cols())),
        indptr32_(s.outerIndexPtr()),
        indices_(s.innerIndexPtr()),
        values_(s.valuePtr()),
        given_(true),
        sparse_(true) {
    if (!s.isCompressed()) {
      throw_uncompressed();
    }
  }
  /// Sparse view of raw CSR arrays with 32-bit row pointers.
  static PairView csr(Index rows, Index cols, const std::int32_t* indptr, const Index* indices,
                      const T* values) {
    PairView v = csr_common(rows, cols, indices, values);
    v.indptr32_ = indptr;
    return v;
  }
  /// Sparse view of raw CSR arrays with 64-bit row pointers.
  static PairView csr(Index rows, Index cols, const std::int64_t* indptr, const Index* indices,
                      const T* values) {
    PairView v = csr_common(rows, cols, indices, values);
    v.indptr64_ = indptr;
    return v;
  }

  [[nodiscard]] bool has_value() const noexcept { return given_; }
  [[nodiscard]] bool is_sparse() const noexcept { return sparse_; }
  [[nodiscard]] Index rows() const noexcept { return rows_; }
  [[nodiscard]] Index cols() const noexcept { return cols_; }
  /// Number of stored entries (rows * cols when dense).
  [[nodiscard]] std::int64_t stored() const noexcept {
    return is_sparse() ? row_begin(rows_) : std::int64_t{rows_} * cols_;
  }

  /// The entry (i, j), or nothing when the view is sparse and (i, j) is not
  /// stored. O(1) dense, O(log row length) sparse. Indices are not checked.
  [[nodiscard]] std::optional<T> find(Index i, Index j) const noexcept {
    if (!sparse_) {
      return dense_[static_cast<std::ptrdiff_t>(i) * row_stride_ + j];
    }
    const std::int64_t lo = row_begin(i);
    const std::int64_t hi = row_begin(i + 1);
    const Index* first = indices_ + lo;
    const Index* last = indices_ + hi;
    const Index* it;
    if (hi - lo <= 16) {
      // Short rows (wish lists): a branch-free count beats binary search.
      std::int64_t below = 0;
      for (const Index* p = first; p != last; ++p) {
        below += *p < j ? 1 : 0;
      }
      it = first + below;
    } else {
      it = std::lower_bound(first, last, j);
    }
    if (it == last || *it != j) {
      return std::nullopt;
    }
    return values_[it - indices_];
  }

  /// Calls f(j, value) for every stored entry of row i, in increasing j.
  template <class F>
  void for_each_in_row(Index i, F&& f) const {
    if (!sparse_) {
      const T* row = dense_ + static_cast<std::ptrdiff_t>(i) * row_stride_;
      for (Index j = 0; j < cols_; ++j) {
        f(j, row[j]);
      }
      return;
    }
    const std::int64_t hi = row_begin(i + 1);
    for (std::int64_t p = row_begin(i); p < hi; ++p) {
      f(indices_[p], values_[p]);
    }
  }

  /// Checks the sparse structure (row pointers, sorted unique column indices
  /// in range) and that the shape is (rows, cols); `name` names the argument in
  /// the message. Throws InvalidArgument.
  void validate(const std::string& name, Index rows, Index cols) const;

  /// Raw access for fast paths.
  [[nodiscard]] const T* dense_data() const noexcept { return dense_; }
  [[nodiscard]] std::ptrdiff_t row_stride() const noexcept { return row_stride_; }
  [[nodiscard]] std::int64_t row_begin(Index i) const noexcept {
    return indptr32_ != nullptr ? std::int64_t{indptr32_[i]} : indptr64_[i];
  }
  [[nodiscard]] const Index* indices() const noexcept { return indices_; }
  [[nodiscard]] const T* values() const noexcept { return values_; }

 private:
  static PairView csr_common(Index rows, Index cols, const Index* indices, const T* values) {
    PairView v;
    v.rows_ = rows;
    v.cols_ = cols;
    v.indices_ = indices;
    v.values_ = values;
    v.given_ = true;
    v.sparse_ = true;
    return v;
  }
  [[noreturn]] static void throw_uncompressed();

  Index rows_ = 0;
  Index cols_ = 0;
  const T* dense_ = nullptr;
  std::ptrdiff_t row_stride_ = 0;
  const std::int32_t* indptr32_ = nullptr;
  const std::int64_t* indptr64_ = nullptr;
  const Index* indices_ = nullptr;
  const T* values_ = nullptr;
  bool given_ = false;
  bool sparse_ = false;
};

/// Scores or utilities per pair; -inf marks a pair that is not allowed.
using ScoreView = PairView<double>;
/// Allowed pairs (true = allowed).
using MaskView = PairView<bool>;

extern template class PairView<double>;
extern template class PairView<bool>;

}  // namespace kobling
