#include "kobling/pair_view.hpp"

#include "common/text.hpp"
#include "kobling/errors.hpp"

namespace kobling {

template <class T>
void PairView<T>::throw_uncompressed() {
  throw InvalidArgument("kobling.array.sparse_structure", "",
                        "sparse matrix must be in compressed form (call makeCompressed())");
}

template <class T>
void PairView<T>::validate(const std::string& name, Index rows, Index cols) const {
  if (rows_ != rows || cols_ != cols) {
    throw InvalidArgument("kobling.array.shape", name,
                          "shape " + detail::shape(rows_, cols_) +
                              " does not match (n, m) = " + detail::shape(rows, cols));
  }
  if (!is_sparse()) {
    return;
  }
  const std::string what = name + " (sparse)";
  if (row_begin(0) != 0) {
    throw InvalidArgument("kobling.array.sparse_structure", what + ".indptr[0]",
                          "row pointers must start at 0, got " + std::to_string(row_begin(0)));
  }
  for (Index i = 0; i < rows_; ++i) {
    const std::int64_t lo = row_begin(i);
    const std::int64_t hi = row_begin(i + 1);
    if (hi < lo) {
      throw InvalidArgument("kobling.array.sparse_structure", detail::at(what + ".indptr", i + 1),
                            "row pointers must not decrease");
    }
    for (std::int64_t p = lo; p < hi; ++p) {
      const Index j = indices_[p];
      if (j < 0 || j >= cols_) {
        throw InvalidArgument("kobling.array.sparse_structure", detail::at(what + ".indices", p),
                              "column " + std::to_string(j) + " of row " + std::to_string(i) +
                                  " is not in [0, " + std::to_string(cols_) + ")");
      }
      if (p > lo && indices_[p - 1] == j) {
        throw InvalidArgument("kobling.array.sparse_duplicate", detail::at(name, i, j),
                              "stored more than once in the sparse matrix; kobling does not add "
                              "duplicates up silently (call sum_duplicates() if that is meant)");
      }
      if (p > lo && indices_[p - 1] > j) {
        throw InvalidArgument("kobling.array.sparse_structure", detail::at(what + ".indices", p),
                              "column indices of row " + std::to_string(i) +
                                  " must be increasing (canonical CSR: sorted, no duplicates)");
      }
    }
  }
}

template class PairView<double>;
template class PairView<bool>;

}  // namespace kobling
