// kobling/kobling.hpp — the whole public API in one include.
//
// Two tiers, each header depending only on the ones above it:
//
//   ARRAY CORE (numbers in, numbers out; never sees a kick-off)
//     types, errors, pair_view         index types, the error model, (n, m) views
//     ties                             declared tie-breaking: index or a seeded lottery
//     bounds                           cohort bounds (hard, soft, all or nothing)
//     assignment                       the result type and its dual certificate
//     stable, max_placement,           the policies, one header each
//     rank_maximal, optimal_assignment
//     verify                           feasibility, blocking pairs, certificates
//     interviews                       who interviews whom (exact), and when
//     logistic, validation             the weight fit: bounded logistic regression; folds
//                                      by group, AUC with DeLong's SE, calibration
//     thread_cache                     the per-thread memory kept between solves
//
//   KICK-OFF DOMAIN (ids, features and reports, built on the core)
//     model                            candidates, companies, the kick-off, its builder
//     scoring, top_k, recommend        fit scores, eligibility, explanations,
//                                      national-scale top-k, advice
//     policy, report, reasons          policies on a kick-off, comparison, text reports
//                                      (English or Norwegian), why unplaced, empty seats
//     interview_day                    a kick-off's interview plan, timetables, verdicts
//     outcomes, fit, guardrails        intakes and outcomes, weights learned from them
//                                      and validated by intake, the group report
//     json_io, csv_io                  the kick-off and result formats
//     output_file                      writing results without losing anything
//     synthetic, synthetic_intakes     seeded markets for tests, benchmarks and planning;
//                                      past intakes with known true weights
//
// The private tree mirrors it: src/common, src/engine and src/solvers hold the
// core; src/kickoff, src/io and src/cli the domain.
#pragma once

#include "kobling/assignment.hpp"
#include "kobling/bounds.hpp"
#include "kobling/csv_io.hpp"
#include "kobling/errors.hpp"
#include "kobling/fit.hpp"
#include "kobling/guardrails.hpp"
#include "kobling/handouts.hpp"
#include "kobling/interview_day.hpp"
#include "kobling/interviews.hpp"
#include "kobling/json_io.hpp"
#include "kobling/logistic.hpp"
#include "kobling/max_placement.hpp"
#include "kobling/model.hpp"
#include "kobling/optimal_assignment.hpp"
#include "kobling/outcomes.hpp"
#include "kobling/output_file.hpp"
#include "kobling/pair_view.hpp"
#include "kobling/policy.hpp"
#include "kobling/rank_maximal.hpp"
#include "kobling/reasons.hpp"
#include "kobling/recommend.hpp"
#include "kobling/report.hpp"
#include "kobling/scoring.hpp"
#include "kobling/stable.hpp"
#include "kobling/synthetic.hpp"
#include "kobling/synthetic_intakes.hpp"
#include "kobling/thread_cache.hpp"
#include "kobling/ties.hpp"
#include "kobling/top_k.hpp"
#include "kobling/types.hpp"
#include "kobling/validation.hpp"
#include "kobling/verify.hpp"
#include "kobling/version.hpp"
#include "kobling/warnings.hpp"
