// kobling/kobling.hpp — the whole public API in one include.
//
// Layers, each depending only on the ones before it:
//   types, errors, pair_matrix          array shapes, the error model, views
//   model                               candidates, companies, the kick-off
//   scoring, top_k, recommend           features, eligibility, explanations,
//                                       national-scale top-k, advice
//   assignment                          the result type and its certificate
//   stable, max_placement,              the policies, one header each
//   rank_maximal, optimal_assignment
//   verify                              feasibility, blocking pairs, certificates
//   json_io, csv_io, report, policy     I/O and the kick-off front end
//   memory                              the per-thread cache of temporary arrays
#pragma once

#include "kobling/assignment.hpp"
#include "kobling/csv_io.hpp"
#include "kobling/errors.hpp"
#include "kobling/json_io.hpp"
#include "kobling/max_placement.hpp"
#include "kobling/memory.hpp"
#include "kobling/model.hpp"
#include "kobling/optimal_assignment.hpp"
#include "kobling/pair_matrix.hpp"
#include "kobling/policy.hpp"
#include "kobling/rank_maximal.hpp"
#include "kobling/recommend.hpp"
#include "kobling/report.hpp"
#include "kobling/scoring.hpp"
#include "kobling/stable.hpp"
#include "kobling/synthetic.hpp"
#include "kobling/top_k.hpp"
#include "kobling/types.hpp"
#include "kobling/verify.hpp"
#include "kobling/version.hpp"
