// kobling/interviews.hpp — who interviews whom, and when.
//
// Between the wishes and the final match, companies interview. A company
// cannot see everyone who listed it, every candidate deserves at least one
// interview, and a young person cannot be in two rooms at once. This header
// plans both steps exactly where that is possible, and says how far from the
// optimum it is where it is not.
//
// Who. plan_interviews chooses a set of listed, acceptable pairs (candidate,
// company) as interviews, at most interview_caps[j] per company, maximising
// lexicographically, most significant first:
//
//   cover       sum over candidates of min(interviews, min_per_candidate):
//               as little shortfall below the minimum as possible;
//   interviews  the number of interviews (the caps are used);
//   rank        sum over interviews of (k - 1 - wish rank): first wishes
//               before later ones (k = the longest list);
//   score       the total fit score.
//
// It is a min-cost flow: each company sends up to its cap of units, one per
// applicant (an arc of capacity 1, weight (0, 1, rank, score)), and each
// candidate passes them on to a sink along two parallel arcs, the first
// min_per_candidate units with weight (1, 0, 0, 0), the rest with 0, so the
// concave "at least m" reward is linear on arcs. The solver augments from one
// company's unit at a time along shortest paths (Dijkstra on reduced costs
// with node potentials, as the seat engines do, with integer levels exact);
// the final potentials are the certificate: every residual arc has
// non-negative reduced cost, so no cycle of changes improves the plan
// (Ahuja, Magnanti and Orlin 1993, ch. 9). check_interview_plan recomputes the
// residual arcs from the inputs and the plan and checks them, independent of
// the solver. A candidate left below the minimum (uncovered) has no
// acceptable wish, or every wish's interviews went to candidates the
// objective prefers: moving one to them would lower a level above.
//
// When. schedule_interviews gives each interview a slot 0..n_slots-1 and a
// room: no candidate in two interviews at once, a company with r rooms holds
// at most r at once. The lower bound is the largest number of interviews one
// candidate has, or one room must hold (a company's count over its rooms,
// rounded up). Without availability windows and travel buffers the bound is
// reached exactly: the company's interviews are dealt to its rooms evenly,
// and the bipartite multigraph candidates x rooms is edge-coloured with as
// many colours as its largest degree (König's theorem, 1916), by
// alternating-path recolouring; the colour classes are then ordered so that
// candidates' interviews sit close together (idle gaps, counted, reduced
// greedily: fewest slots is exact, fewest gaps is a heuristic). With windows
// or travel buffers (a travel buffer is travel_slots free slots between a
// candidate's interviews at different sites) the slots are first assigned
// scarcest first (interviews with the fewest feasible slots), earliest
// feasible slot; when that misses the bound, the timetable is solved as a
// mixed-integer program (COIN-OR CBC: most interviews placed, then the fewest
// slots) up to 60,000 interview-slot columns and time_limit seconds per
// level, and lower_bound rises to what the solver proves. slots_used is
// reported against lower_bound, so the distance from the optimum is known;
// exact is true when they meet (every interview placed).
//
// Example usage:
//   kobling::PreferenceMatrix prefs(3, 2);
//   prefs << 0, 1,  //
//       0, -1,      //
//       0, 1;
//   kobling::CapacityVector caps(2);
//   caps << 2, 1;
//   const kobling::InterviewPlan plan = kobling::plan_interviews(prefs, caps);
//   assert(plan.pairs.rows() == 3);     // company 0 sees 2, company 1 sees 1
//   assert(plan.uncovered.empty());     // everyone has an interview
//   assert(kobling::check_interview_plan(prefs, caps, {}, {}, {}, plan).ok);
//   const kobling::InterviewSchedule s = kobling::schedule_interviews(plan.pairs, 3, 2, 4);
//   assert(s.slots_used == s.lower_bound && s.exact);
//   assert(kobling::check_schedule(plan.pairs, 3, 2, 4, {}, s).ok);
//
// References: D. König, "Über Graphen und ihre Anwendung auf
// Determinantentheorie und Mengenlehre", Math. Ann. 77 (1916); R. K. Ahuja,
// T. L. Magnanti, J. B. Orlin, "Network Flows" (1993), ch. 9; A. Schrijver,
// "Combinatorial Optimization" (2003), ch. 20 (bipartite edge colouring).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "kobling/assignment.hpp"
#include "kobling/pair_view.hpp"
#include "kobling/types.hpp"
#include "kobling/verify.hpp"

namespace kobling {

struct InterviewPlanOptions {
  /// Interviews every candidate should have, where their wishes allow (>= 0).
  Index min_per_candidate = 1;
};

/// The interviews chosen by plan_interviews, with the certificate.
struct InterviewPlan {
  PairList pairs;                ///< (p, 2) candidate, company; by candidate, then wish rank
  IndexVector per_candidate;     ///< (n,) interviews of each candidate
  IndexVector per_company;       ///< (m,) interviews each company holds
  std::vector<Index> uncovered;  ///< candidates below the minimum, ascending
  /// Why each uncovered candidate is below the minimum: "no_acceptable_wish"
  /// (no listed pair is acceptable) or "caps_taken" (every acceptable wish's
  /// interviews went to candidates the objective prefers).
  std::vector<std::string> uncovered_reason;
  /// The objective's levels {"cover", "interviews", "rank", "score"} and
  /// their totals.
  std::vector<std::string> levels;
  std::vector<double> objective;
  /// Node potentials certifying optimality (check_interview_plan): one row
  /// per candidate, per company, and the sink, one column per level.
  DualCertificate::Matrix candidate_potential;
  DualCertificate::Matrix company_potential;
  DualCertificate::Matrix sink_potential;
};

/// Chooses the interviews (see above). preferences (n, k) as for every wish
/// policy; interview_caps (m,) >= 0; allowed / scores as in
/// max_placement_assignment. Throws InvalidArgument / OutOfRange naming the
/// argument and element (kobling.interviews.negative_cap for a cap below 0,
/// kobling.interviews.bad_minimum for a negative minimum).
InterviewPlan plan_interviews(const Eigen::Ref<const PreferenceMatrix>& preferences,
                              const Eigen::Ref<const CapacityVector>& interview_caps,
                              const MaskView& allowed = {}, const ScoreView& scores = {},
                              const InterviewPlanOptions& options = {});

/// Independent check of a plan: pairs listed, acceptable and distinct, caps
/// held, counts and uncovered consistent, and the potentials' reduced costs
/// non-negative on every residual arc (integer levels exactly, the score to
/// `tolerance`).
CheckReport check_interview_plan(const Eigen::Ref<const PreferenceMatrix>& preferences,
                                 const Eigen::Ref<const CapacityVector>& interview_caps,
                                 const MaskView& allowed, const ScoreView& scores,
                                 const InterviewPlanOptions& options, const InterviewPlan& plan,
                                 double tolerance = kCertificateTolerance);

/// What limits the slots of schedule_interviews. Empty members are not given.
struct ScheduleOptions {
  IndexVector rooms{};               ///< (m,) rooms per company, >= 1 (default 1)
  MaskMatrix candidate_available{};  ///< (n, n_slots): the candidate can come
  MaskMatrix company_available{};    ///< (m, n_slots): the company interviews
  IndexVector site{};                ///< (m,) the company's site (any integer label)
  Index travel_slots = 0;            ///< free slots between interviews at different sites
  double time_limit = 10.0;          ///< seconds per MIP level (windows or travel buffers)
};

/// A timetable for a list of interviews.
struct InterviewSchedule {
  IndexVector slot;              ///< (p,) slot of each interview, -1 = none found
  IndexVector room;              ///< (p,) room at the company (0-based), -1 = none
  Index slots_used = 0;          ///< 1 + the last slot used (0 when none)
  Index lower_bound = 0;         ///< no timetable of all interviews uses fewer slots
  std::int64_t idle_gaps = 0;    ///< empty slots between a candidate's first and last
  std::int64_t unscheduled = 0;  ///< interviews with slot -1
  bool exact = false;            ///< every interview placed and slots_used == lower_bound
};

/// Times the interviews `pairs` ((p, 2) candidate, company; n candidates, m
/// companies) in n_slots >= 1 slots (see above). Throws InvalidArgument /
/// OutOfRange naming the argument (kobling.interviews.bad_slots,
/// kobling.interviews.bad_rooms, kobling.interviews.duplicate_pair, shapes).
InterviewSchedule schedule_interviews(const Eigen::Ref<const PairList>& pairs, Index n, Index m,
                                      Index n_slots, const ScheduleOptions& options = {});

/// Independent check of a timetable: slots and rooms in range, no candidate
/// or room double-booked, windows and travel buffers honoured, the counts
/// (slots_used, idle_gaps, unscheduled) consistent.
CheckReport check_schedule(const Eigen::Ref<const PairList>& pairs, Index n, Index m, Index n_slots,
                           const ScheduleOptions& options, const InterviewSchedule& schedule);

}  // namespace kobling
