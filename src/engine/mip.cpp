#include "engine/mip.hpp"

#include <memory>
#include <string>

#include <Cbc_C_Interface.h>

namespace kobling::detail {

MipResult solve_mip(const MipProblem& p, bool maximize, double seconds) {
  const auto cols = static_cast<int>(p.col_lower.size());
  const auto nrows = static_cast<int>(p.rows.size());
  if (cols == 0) {  // nothing to choose: feasible when every row admits 0
    MipResult empty;
    empty.status = MipResult::Status::optimal;
    for (int r = 0; r < nrows; ++r) {
      if (p.row_lower[static_cast<std::size_t>(r)] > 0.0 ||
          p.row_upper[static_cast<std::size_t>(r)] < 0.0) {
        empty.status = MipResult::Status::infeasible;
      }
    }
    return empty;
  }
  // Column-major (CSC) from the rows.
  std::vector<CoinBigIndex> start(static_cast<std::size_t>(cols) + 1, 0);
  for (const auto& row : p.rows) {
    for (const auto& [c, v] : row) {
      (void)v;
      ++start[static_cast<std::size_t>(c) + 1];
    }
  }
  for (std::size_t c = 0; c < static_cast<std::size_t>(cols); ++c) {
    start[c + 1] += start[c];
  }
  std::vector<int> index(static_cast<std::size_t>(start.back()));
  std::vector<double> value(static_cast<std::size_t>(start.back()));
  std::vector<CoinBigIndex> next(start.begin(), start.end() - 1);
  for (int r = 0; r < nrows; ++r) {
    for (const auto& [c, v] : p.rows[static_cast<std::size_t>(r)]) {
      const auto at = static_cast<std::size_t>(next[static_cast<std::size_t>(c)]++);
      index[at] = r;
      value[at] = v;
    }
  }
  const std::unique_ptr<Cbc_Model, void (*)(Cbc_Model*)> model(Cbc_newModel(), Cbc_deleteModel);
  Cbc_Model* m = model.get();
  Cbc_loadProblem(m, cols, nrows, start.data(), index.data(), value.data(), p.col_lower.data(),
                  p.col_upper.data(), p.objective.data(), p.row_lower.data(), p.row_upper.data());
  for (int c = 0; c < cols; ++c) {
    if (p.integer[static_cast<std::size_t>(c)] != 0) {
      Cbc_setInteger(m, c);
    }
  }
  Cbc_setObjSense(m, maximize ? -1.0 : 1.0);
  Cbc_setLogLevel(m, 0);
  Cbc_setMaximumSeconds(m, seconds);
  Cbc_setParameter(m, "ratioGap", "0");
  Cbc_setParameter(m, "allowableGap", "1e-9");
  Cbc_solve(m);
  MipResult out;
  const double* x = Cbc_getColSolution(m);
  const bool has_solution =
      x != nullptr && Cbc_numberPrimalInfeasibilities(m) == 0 && !Cbc_isProvenInfeasible(m);
  if (Cbc_isProvenOptimal(m) != 0) {
    out.status = MipResult::Status::optimal;
  } else if (Cbc_isProvenInfeasible(m) != 0) {
    out.status = MipResult::Status::infeasible;
  } else {
    out.status = has_solution ? MipResult::Status::stopped_with_solution
                              : MipResult::Status::stopped_without_solution;
  }
  if (out.status == MipResult::Status::optimal ||
      out.status == MipResult::Status::stopped_with_solution) {
    out.x.assign(x, x + cols);
    out.objective = Cbc_getObjValue(m);
  }
  out.bound = Cbc_getBestPossibleObjValue(m);
  return out;
}

}  // namespace kobling::detail
