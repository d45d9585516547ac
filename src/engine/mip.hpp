// src/engine/mip.hpp (private) — mixed-integer programs through COIN-OR CBC.
//
// Some constraints leave the network world: "a company takes at least 3 or
// none", "at most 1 of 3 under 20 at one company" together with bounds on
// sets of companies that cross each other. For those kobling states the
// problem as a mixed-integer program and hands it to CBC (COIN-OR Branch and
// Cut), a maintained open-source solver packaged by Debian
// (coinor-libcbc-dev) that proves optimality by branch and bound with cuts,
// reports the best proven bound when a time limit stops it, and says when a
// problem has no solution at all. It is used through its C interface, which
// has been stable for a decade.
//
// A problem here is columns with bounds, an integrality flag and an objective
// coefficient, and rows lower <= sum(a_j x_j) <= upper; solve_mip maximises or
// minimises within a time limit and returns the status, the solution and the
// proven bound. Lexicographic objectives are solved level by level by the
// callers (each level's optimum becomes a row of the next solve), so every
// integer level is exact.
#pragma once

#include <limits>
#include <utility>
#include <vector>

namespace kobling::detail {

inline constexpr double kMipInfinity = std::numeric_limits<double>::infinity();

struct MipProblem {
  std::vector<double> col_lower;
  std::vector<double> col_upper;
  std::vector<double> objective;
  std::vector<char> integer;
  std::vector<double> row_lower;
  std::vector<double> row_upper;
  std::vector<std::vector<std::pair<int, double>>> rows;  ///< (column, coefficient) per row

  /// Adds a column; returns its index.
  int add_column(double lower, double upper, double cost, bool is_integer) {
    col_lower.push_back(lower);
    col_upper.push_back(upper);
    objective.push_back(cost);
    integer.push_back(is_integer ? 1 : 0);
    return static_cast<int>(col_lower.size()) - 1;
  }
  /// Adds a row lower <= sum <= upper; returns its index.
  int add_row(std::vector<std::pair<int, double>> terms, double lower, double upper) {
    rows.push_back(std::move(terms));
    row_lower.push_back(lower);
    row_upper.push_back(upper);
    return static_cast<int>(rows.size()) - 1;
  }
};

struct MipResult {
  enum class Status { optimal, infeasible, stopped_with_solution, stopped_without_solution };
  Status status = Status::infeasible;
  std::vector<double> x;   ///< the best solution found (empty without one)
  double objective = 0.0;  ///< its value
  double bound = 0.0;      ///< the best proven bound on the optimum
};

/// Solves `p` (maximise when `maximize`), stopping after `seconds`.
MipResult solve_mip(const MipProblem& p, bool maximize, double seconds);

}  // namespace kobling::detail
