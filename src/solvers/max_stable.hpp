// src/solvers/max_stable.hpp (private) — the largest weakly stable matching
// (StableOptions::max_placed, stable.hpp), as a mixed-integer program.
#pragma once

#include <Eigen/Core>

#include "kobling/assignment.hpp"
#include "kobling/pair_view.hpp"
#include "kobling/stable.hpp"

namespace kobling::detail {

/// See max_stable.cpp. Throws kobling.bounds.unsupported with rounds or
/// improve, kobling.array.bad_option for a bad time limit.
Assignment max_weakly_stable(const Eigen::Ref<const PreferenceMatrix>& preferences,
                             const ScoreView& company_scores,
                             const Eigen::Ref<const CapacityVector>& capacities,
                             const StableOptions& options);

}  // namespace kobling::detail
