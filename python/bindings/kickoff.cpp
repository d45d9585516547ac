// python/bindings/kickoff.cpp — the kick-off object (model + scoring +
// policies) as kobling._core.KickoffCore; the Pythonic kobling.Kickoff wraps it.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cmath>
#include <limits>
#include <optional>

#include "arrays.hpp"
#include "bindings.hpp"
#include "kickoff_core.hpp"
#include "kobling/csv_io.hpp"
#include "kobling/errors.hpp"
#include "kobling/handouts.hpp"
#include "kobling/interview_day.hpp"
#include "kobling/json_io.hpp"
#include "kobling/policy.hpp"
#include "kobling/recommend.hpp"
#include "kobling/report.hpp"
#include "kobling/scoring.hpp"
#include "kobling/top_k.hpp"
#include "kobling/warnings.hpp"

namespace kobling::python {

namespace py = pybind11;
using namespace pybind11::literals;

namespace {

// A KickoffCore from a reader run without the GIL (parsing needs no Python).
template <class Read>
KickoffCore parsed(Read read) {
  Kickoff k;
  {
    py::gil_scoped_release release;
    k = read();
  }
  return KickoffCore(std::move(k));
}

template <class Matrix>
py::array copy_matrix(const Matrix& mat) {
  using T = typename Matrix::Scalar;
  py::array_t<T> out({static_cast<py::ssize_t>(mat.rows()), static_cast<py::ssize_t>(mat.cols())});
  std::copy(mat.data(), mat.data() + mat.size(), out.mutable_data());
  return out;
}

MatchOptions options_from(const std::string& policy, const std::string& proposer,
                          const py::object& rank_bonus, double score_weight,
                          const std::optional<std::string>& tie_break = std::nullopt,
                          std::optional<std::uint64_t> seed = std::nullopt, bool improve = false,
                          bool max_placed = false) {
  MatchOptions o;
  o.policy = parse_policy(policy);
  o.proposer = parse_proposer(proposer);
  o.max_placement = placement_options(rank_bonus, score_weight);
  if (tie_break) {
    o.tie_break = parse_tie_break(*tie_break);
  }
  o.seed = seed;
  o.improve = improve;
  o.max_placed = max_placed;
  const auto stable_only = [&](bool given, const char* name) {
    if (o.policy != Policy::stable && given) {
      throw InvalidArgument("kobling.policy.bad_option", name, "applies to the stable policy only");
    }
  };
  stable_only(proposer != "candidates", "proposer");
  stable_only(improve, "improve");
  stable_only(max_placed, "max_placed");
  return o;
}

// A result of this kick-off with its reasons, the policy (the label's first
// word, as describe() writes it) and the language.
struct Explained {
  ResultReasons reasons;
  Policy policy;
  Lang lang;
};
Explained explained(KickoffCore& c, const Assignment& a, const std::string& label,
                    const std::string& lang) {
  check_result(c.kickoff, a);
  const Lang l = parse_lang(lang);
  const Policy p = parse_policy(label.substr(0, label.find_first_of(" ,")));
  return {explain_result(c.kickoff, c.listed(), a, p), p, l};
}

// An index, or None for kNone.
py::object index_or_none(Index i) { return i == kNone ? py::object(py::none()) : py::int_(i); }

py::list reasons_to_list(const Kickoff& k, const std::vector<Reason>& reasons) {
  py::list out;
  for (const Reason& r : reasons) {
    out.append(py::dict(
        "code"_a = std::string(to_string(r.code)),
        "feature"_a =
            r.feature == kNone
                ? py::object(py::none())
                : py::object(py::str(k.features()[static_cast<std::size_t>(r.feature)].name)),
        "text"_a = r.text));
  }
  return out;
}

py::dict explanation_to_dict(const Kickoff& k, const Explanation& e) {
  py::list parts;
  for (const Contribution& c : e.contributions) {
    const FeatureSpec& f = k.features()[static_cast<std::size_t>(c.feature)];
    const char* state = c.state == ValueState::present  ? "present"
                        : c.state == ValueState::absent ? "absent"
                                                        : "unknown";
    parts.append(py::dict("feature"_a = f.name, "label"_a = f.label, "weight"_a = c.weight,
                          "phi"_a = c.phi, "contribution"_a = c.contribution, "state"_a = state));
  }
  return py::dict("candidate"_a = k.candidate(e.candidate).id,
                  "company"_a = k.company(e.company).id, "score"_a = e.score,
                  "eligibility"_a = std::string(to_string(e.eligibility)),
                  "contributions"_a = parts, "reasons"_a = reasons_to_list(k, e.reasons),
                  "refused"_a = e.refused, "company_rank"_a = index_or_none(e.company_rank));
}

py::list contributions_to_list(const Kickoff& k, const std::vector<Contribution>& parts) {
  py::list out;
  for (const Contribution& c : parts) {
    const FeatureSpec& f = k.features()[static_cast<std::size_t>(c.feature)];
    out.append(
        py::dict("feature"_a = f.name, "label"_a = f.label, "contribution"_a = c.contribution));
  }
  return out;
}

// One string member of every item ("id" of the candidates, "name" of the features).
template <class T>
std::vector<std::string> each(const std::vector<T>& items, std::string T::*member) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const T& x : items) {
    out.push_back(x.*member);
  }
  return out;
}

// A candidate or company named by id (str: the kick-off's hash map) or by
// 0-based index (int, checked by Kickoff::candidate / company); the errors are
// the C++ ones (kobling.model.unknown_candidate / unknown_company,
// kobling.model.index). A bool is neither.
template <class ById, class ByIndex>
Index resolve(const py::handle& key, const char* what, ById by_id, ByIndex check_index) {
  if (py::isinstance<py::str>(key)) {
    return by_id(key.cast<std::string>());
  }
  if (!PyBool_Check(key.ptr()) && PyIndex_Check(key.ptr())) {
    const py::int_ value(py::reinterpret_borrow<py::object>(key));
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
    const bool fits = overflow == 0 && v >= std::numeric_limits<Index>::min() &&
                      v <= std::numeric_limits<Index>::max();
    try {
      (void)check_index(fits ? static_cast<Index>(v) : kNone);
    } catch (const OutOfRange& e) {
      if (fits) {
        throw;
      }
      // Beyond 32 bits: the same error, naming the value given.
      throw OutOfRange(e.id(), std::string(what) + " " + std::string(py::str(value)), e.reason());
    }
    return static_cast<Index>(v);
  }
  throw py::type_error(std::string(what) + ": expected an id (str) or a 0-based index (int), got " +
                       std::string(py::str(py::type::handle_of(key).attr("__name__"))));
}

template <class Matrix>
py::array move_to_numpy(Matrix&& mat) {
  using M = std::decay_t<Matrix>;
  using T = typename M::Scalar;
  auto* owned = new M(std::forward<Matrix>(mat));
  py::capsule free_when_done(owned, [](void* p) { delete static_cast<M*>(p); });
  return py::array_t<T>(
      {static_cast<py::ssize_t>(owned->rows()), static_cast<py::ssize_t>(owned->cols())},
      owned->data(), free_when_done);
}

}  // namespace

void register_kickoff(py::module_& m) {
  m.def(
      "top_k_scores",
      [](const py::array_t<double, py::array::c_style | py::array::forcecast>& features,
         const py::array_t<double, py::array::c_style | py::array::forcecast>& weights, Index k,
         Index block_rows, int threads) {
        if (features.ndim() != 2 || weights.ndim() != 2) {
          throw InvalidArgument("kobling.array.shape",
                                features.ndim() != 2 ? "features" : "weights",
                                "expected a 2-D array");
        }
        const Eigen::Map<const ScoreMatrix> x(features.data(), features.shape(0),
                                              features.shape(1));
        const Eigen::Map<const ScoreMatrix> w(weights.data(), weights.shape(0), weights.shape(1));
        TopK top;
        {
          py::gil_scoped_release release;
          top = top_k_linear(x, w, k, {block_rows, threads});
        }
        return py::make_tuple(move_to_numpy(std::move(top.company)),
                              move_to_numpy(std::move(top.score)));
      },
      "features"_a, "weights"_a, "k"_a, py::kw_only(), "block_rows"_a = 1024, "threads"_a = 0,
      R"doc(
The k best companies per candidate by s = features @ weights.T, in blocks.

Memory stays O(block_rows * m) per thread plus the (n, k) result, so 10^5
candidates x 10^4 companies never need the 10^9-entry score matrix.

Parameters
----------
features : array_like of float, shape (n, d)
weights : array_like of float, shape (m, d)
k : int
    Companies per candidate (at most m are returned).
block_rows : int, optional
    Candidates per block.
threads : int, optional
    0: one per hardware thread (at most 8). Results do not depend on it.

Returns
-------
(company, score) : tuple of numpy.ndarray, shapes (n, k)
    Best first; ties go to the lower company index. Every score equals the
    dense product's entry exactly (a fixed summation order).
)doc");

  m.def(
      "ordinal_wish", [](Index rank) { return ordinal_wish(rank); }, "rank"_a, R"doc(
The ordinal of a 0-based wish rank, as reports print it.

Parameters
----------
rank : int
    0-based rank on a wish list.

Returns
-------
str
    "1st", "2nd", "3rd", "4th", ..., "11th", "21st", ...
)doc");

  py::class_<InterviewDay>(m, "InterviewDayCore",
                           "Native interview day (use Kickoff.plan_interviews).")
      .def_readonly("plan", &InterviewDay::plan)
      .def_readonly("schedule", &InterviewDay::schedule)
      .def_property_readonly("caps",
                             [](const InterviewDay& d) {
                               return std::vector<Index>(d.caps.data(),
                                                         d.caps.data() + d.caps.size());
                             })
      .def_readonly("n_slots", &InterviewDay::n_slots)
      .def_readonly("slot_minutes", &InterviewDay::slot_minutes)
      .def("slot_time", &InterviewDay::slot_time, "slot"_a);

  py::class_<KickoffCore>(m, "KickoffCore", "Native kick-off (use kobling.Kickoff).")
      .def_static(
          "from_json_text",
          [](const std::string& text) { return parsed([&text] { return parse_kickoff(text); }); },
          "text"_a)
      .def_static(
          "load",
          [](const std::filesystem::path& path) {
            return parsed([&path] { return load_kickoff(path); });
          },
          "path"_a)
      .def_static(
          "from_csv_text",
          [](std::string features, std::string companies, std::string candidates,
             std::string features_name, std::string companies_name, std::string candidates_name,
             std::string name, Index max_preferences, bool data_rows, std::string bounds,
             std::string bounds_name, const std::string& encoding, const std::string& delimiter,
             const std::string& decimal) {
            CsvKickoff in;
            in.format = parse_csv_format(encoding, delimiter, decimal);
            in.bounds = std::move(bounds);
            in.bounds_name = std::move(bounds_name);
            in.features = std::move(features);
            in.companies = std::move(companies);
            in.candidates = std::move(candidates);
            in.features_name = std::move(features_name);
            in.companies_name = std::move(companies_name);
            in.candidates_name = std::move(candidates_name);
            in.name = std::move(name);
            in.max_preferences = max_preferences;
            in.row_label = data_rows ? CsvRowLabel::data_row : CsvRowLabel::file_line;
            return parsed([&in] { return parse_kickoff_csv(in); });
          },
          "features"_a, "companies"_a, "candidates"_a, "features_name"_a, "companies_name"_a,
          "candidates_name"_a, "name"_a, "max_preferences"_a, "data_rows"_a = false,
          "bounds"_a = "", "bounds_name"_a = "bounds.csv", "encoding"_a = "", "delimiter"_a = "",
          "decimal"_a = "",
          "From CSV text; data_rows names rows by 0-based position (DataFrames) "
          "instead of file:line:column.")
      .def_readwrite("max_dense_bytes", &KickoffCore::max_dense_bytes,
                     "Limit for the dense score table (bytes); set before the first use.")
      .def("to_json_text", [](KickoffCore& c) { return kickoff_to_json(c.kickoff).dump(1); })
      .def(
          "interview_day",
          [](KickoffCore& c, double cap_per_seat, Index min_per_candidate, const std::string& start,
             const std::string& end, Index slot_minutes, Index travel_minutes) {
            InterviewDayOptions o;
            o.cap_per_seat = cap_per_seat;
            o.min_per_candidate = min_per_candidate;
            o.start = parse_clock(start, "start");
            o.end = parse_clock(end, "end");
            o.slot_minutes = slot_minutes;
            o.travel_minutes = travel_minutes;
            const ScoreTable& t = c.listed();
            py::gil_scoped_release release;
            return plan_interview_day(c.kickoff, t, o);
          },
          "cap_per_seat"_a, "min_per_candidate"_a, "start"_a, "end"_a, "slot_minutes"_a,
          "travel_minutes"_a)
      .def(
          "interview_files",
          [](KickoffCore& c, const InterviewDay& day) {
            const ScoreTable& t = c.listed();
            return py::dict("interviews.json"_a = interview_day_json(c.kickoff, t, day) + "\n",
                            "company_timetable.csv"_a = company_timetable_csv(c.kickoff, day),
                            "candidate_timetable.csv"_a = candidate_timetable_csv(c.kickoff, day),
                            "verdicts.csv"_a = verdict_template_csv(c.kickoff, t, day));
          },
          "day"_a)
      .def(
          "apply_verdicts",
          [](KickoffCore& c, const std::string& csv, const std::string& name) {
            return KickoffCore(apply_verdicts(c.kickoff, csv, name));
          },
          "csv"_a, "name"_a)
      .def_property_readonly("name", [](KickoffCore& c) { return c.kickoff.name(); })
      .def_property_readonly("max_preferences",
                             [](KickoffCore& c) { return c.kickoff.max_preferences(); })
      .def_property_readonly(
          "candidate_ids",
          [](KickoffCore& c) { return each(c.kickoff.candidates(), &Candidate::id); })
      .def_property_readonly(
          "companies",
          [](KickoffCore& c) {
            py::list out;
            for (const auto& x : c.kickoff.companies()) {
              out.append(py::dict("id"_a = x.id, "name"_a = x.name, "sector"_a = x.sector,
                                  "capacity"_a = x.capacity));
            }
            return out;
          })
      .def_property_readonly(
          "feature_names",
          [](KickoffCore& c) { return each(c.kickoff.features(), &FeatureSpec::name); })
      .def(
          "candidate_index",
          [](const KickoffCore& c, const py::handle& candidate) {
            const Kickoff& k = c.kickoff;
            return resolve(
                candidate, "candidate",
                [&k](const std::string& id) { return k.candidate_index(id); },
                [&k](Index i) { return k.candidate(i); });
          },
          "candidate"_a, "The row of a candidate id (str) or a checked 0-based index (int).")
      .def(
          "company_index",
          [](const KickoffCore& c, const py::handle& company) {
            const Kickoff& k = c.kickoff;
            return resolve(
                company, "company", [&k](const std::string& id) { return k.company_index(id); },
                [&k](Index j) { return k.company(j); });
          },
          "company"_a, "The column of a company id (str) or a checked 0-based index (int).")
      .def_property_readonly("preferences",
                             [](KickoffCore& c) { return copy_matrix(c.kickoff.preferences()); })
      .def_property_readonly("capacities",
                             [](KickoffCore& c) {
                               const CapacityVector cap = c.kickoff.capacities();
                               py::array_t<Index> out(cap.size());
                               std::copy(cap.data(), cap.data() + cap.size(), out.mutable_data());
                               return out;
                             })
      .def_property_readonly("scores",
                             [](KickoffCore& c) {
                               // The copy handed to numpy counts like a policy's dense input.
                               const ScoreTable& t = c.table();
                               check_dense_memory(t.score.size() * 17, c.max_dense_bytes, "scores",
                                                  "a copy of the score table");
                               return copy_matrix(t.score);
                             })
      .def_property_readonly("eligibility",
                             [](KickoffCore& c) { return copy_matrix(c.table().eligibility); })
      .def_property_readonly(
          "empty_profile",
          [](KickoffCore& c) {
            py::array_t<bool> out(static_cast<py::ssize_t>(c.table().empty_profile.size()));
            for (std::size_t i = 0; i < c.table().empty_profile.size(); ++i) {
              out.mutable_data()[i] = c.table().empty_profile[i];
            }
            return out;
          })
      .def("company_preference",
           [](KickoffCore& c) { return copy_matrix(company_preference(c.kickoff, c.table())); })
      .def("acceptable_pairs",
           [](KickoffCore& c) { return copy_matrix(acceptable_pairs(c.kickoff, c.table())); })
      .def(
          "match",
          [](KickoffCore& c, const std::string& policy, const std::string& proposer,
             const py::object& rank_bonus, double score_weight,
             const std::optional<std::string>& tie_break, std::optional<std::uint64_t> seed,
             bool improve, const std::optional<std::vector<Index>>& previous,
             const std::optional<std::vector<Index>>& withdrawn,
             const std::optional<std::vector<Index>>& pinned, bool no_worse, bool price_bounds,
             double time_limit, bool max_placed) {
            MatchOptions o = options_from(policy, proposer, rank_bonus, score_weight, tie_break,
                                          seed, improve, max_placed);
            o.price_bounds = price_bounds;
            o.time_limit = time_limit;
            if (previous) {
              o.previous = Eigen::Map<const IndexVector>(
                  previous->data(), static_cast<Eigen::Index>(previous->size()));
            }
            o.withdrawn = withdrawn.value_or(std::vector<Index>{});
            o.pinned = pinned.value_or(std::vector<Index>{});
            o.no_worse = no_worse;
            const ScoreTable& t = c.listed();
            py::gil_scoped_release release;
            return match(c.kickoff, t, o);
          },
          "policy"_a = "stable", "proposer"_a = "candidates", "rank_bonus"_a = py::none(),
          "score_weight"_a = 1.0, "tie_break"_a = py::none(), "seed"_a = py::none(),
          "improve"_a = false, "previous"_a = py::none(), "withdrawn"_a = py::none(),
          "pinned"_a = py::none(), "no_worse"_a = false, "price_bounds"_a = false,
          "time_limit"_a = 60.0, "max_placed"_a = false)
      .def(
          "previous_from_result",
          [](const KickoffCore& c, const std::string& text) {
            const IndexVector v = previous_from_result(c.kickoff, text);
            return std::vector<Index>(v.data(), v.data() + v.size());
          },
          "text"_a)
      .def(
          "describe",
          [](const KickoffCore&, const std::string& policy, const std::string& proposer,
             bool improve, bool max_placed) {
            return describe(options_from(policy, proposer, py::none(), 1.0, std::nullopt,
                                         std::nullopt, improve, max_placed));
          },
          "policy"_a, "proposer"_a, "improve"_a = false, "max_placed"_a = false)
      .def_property_readonly(
          "tie_break",
          [](const KickoffCore& c) { return std::string(to_string(c.kickoff.tie_break())); })
      .def_property_readonly("seed", [](const KickoffCore& c) { return c.kickoff.seed(); })
      .def(
          "preference_text",
          [](const KickoffCore& c, Index company, double value) {
            return preference_text(c.kickoff, company, value);
          },
          "company"_a, "value"_a)
      .def(
          "explain",
          [](KickoffCore& c, Index i, Index j) {
            return explanation_to_dict(c.kickoff, explain(c.kickoff, i, j));
          },
          "candidate"_a, "company"_a)
      .def(
          "report",
          [](KickoffCore& c, const Assignment& a, const std::string& label, const std::string& lang,
             bool summary) {
            const Explained e = explained(c, a, label, lang);
            return format_report(c.kickoff, c.listed(), a, label, e.lang, summary) +
                   format_reasons(c.kickoff, e.reasons, e.policy, e.lang, summary);
          },
          "result"_a, "policy"_a, "lang"_a = "en", "summary"_a = false)
      .def(
          "result_json",
          [](KickoffCore& c, const Assignment& a, const std::string& label,
             const std::string& lang) {
            const Explained e = explained(c, a, label, lang);
            return result_to_json(c.kickoff, a, label, &e.reasons, e.lang).dump(2);
          },
          "result"_a, "policy"_a, "lang"_a = "en")
      .def(
          "placed_scores",
          [](KickoffCore& c, const Assignment& a) {
            // The listed table: no dense one at any size (a pair off the
            // lists, possible in a later round, is scored on its own).
            check_result(c.kickoff, a);
            const ScoreTable& t = c.listed();
            py::array_t<double> out(static_cast<py::ssize_t>(a.company.size()));
            for (Index i = 0; i < static_cast<Index>(a.company.size()); ++i) {
              const Index j = a.company[i];
              out.mutable_data()[i] = j == kNone    ? std::nan("")
                                      : t.has(i, j) ? t.score_of(i, j)
                                                    : explain(c.kickoff, i, j).score;
            }
            return out;
          },
          "result"_a)
      .def("candidate_names",
           [](const KickoffCore& c) {
             std::vector<std::string> out;
             for (const Candidate& x : c.kickoff.candidates()) {
               out.push_back(x.name);
             }
             return out;
           })
      .def(
          "placements_csv",
          [](KickoffCore& c, const Assignment& a) {
            return placements_csv(c.kickoff, c.listed(), a);
          },
          "result"_a)
      .def(
          "handout_files",
          [](KickoffCore& c, const Assignment& a, const std::string& label,
             const std::string& lang) {
            const Explained e = explained(c, a, label, lang);
            return handout_files(c.kickoff, c.listed(), a, e.reasons, e.policy, label, e.lang);
          },
          "result"_a, "policy"_a, "lang"_a = "en")
      .def_static(
          "reason_catalogue",
          []() {
            py::list out;
            for (const ReasonText& t : reason_catalogue()) {
              out.append(py::dict("kind"_a = std::string(t.kind), "code"_a = std::string(t.code),
                                  "en"_a = std::string(t.en), "nb"_a = std::string(t.nb)));
            }
            return out;
          })
      .def(
          "recommend",
          [](KickoffCore& c, Index i, Index k) {
            // One row, not the table (unless the table is there already).
            const Recommendations r =
                c.cached ? recommend(c.kickoff, *c.cached, i, k) : recommend(c.kickoff, i, k);
            py::list items;
            for (const Recommendation& x : r.items) {
              items.append(
                  py::dict("company"_a = x.company, "score"_a = x.score,
                           "main"_a = contributions_to_list(c.kickoff, x.main_contributions)));
            }
            return py::make_tuple(r.empty_profile, items);
          },
          "candidate"_a, "k"_a)
      .def(
          "shortlist",
          [](KickoffCore& c, Index j) {
            py::list out;
            for (const ShortlistEntry& e : shortlist(c.kickoff, c.listed(), j)) {
              out.append(py::dict(
                  "candidate"_a = e.candidate, "wish_rank"_a = e.wish_rank, "score"_a = e.score,
                  "eligibility"_a = std::string(to_string(e.eligibility)), "refused"_a = e.refused,
                  "empty_profile"_a = e.empty_profile,
                  "company_rank"_a = index_or_none(e.company_rank),
                  "reasons"_a = reasons_to_list(c.kickoff, e.reasons),
                  "main"_a = contributions_to_list(c.kickoff, e.main_contributions)));
            }
            return out;
          },
          "company"_a)
      .def(
          "top_k",
          [](KickoffCore& c, Index k, Index block_rows, int threads) {
            TopK top;
            {
              py::gil_scoped_release release;
              top = top_k_scores(c.kickoff, k, {block_rows, threads});
            }
            return py::make_tuple(move_to_numpy(std::move(top.company)),
                                  move_to_numpy(std::move(top.score)));
          },
          "k"_a, "block_rows"_a = 1024, "threads"_a = 0)
      .def("warnings",
           [](KickoffCore& c) {
             py::list out;
             for (const Warning& w : kickoff_warnings(c.kickoff, c.listed())) {
               out.append(py::dict("id"_a = w.id, "place"_a = w.place, "text"_a = w.text));
             }
             return out;
           })
      .def("compare", [](KickoffCore& c) {
        PolicyComparison cmp;
        const ScoreTable& t = c.listed();
        {
          py::gil_scoped_release release;
          cmp = compare_policies(c.kickoff, t);
        }
        std::string text = format_comparison(c.kickoff, cmp);  // before the results move out
        py::list rows;
        for (PolicySummary& row : cmp.rows) {
          std::vector<std::int64_t> counts(row.rank_counts.data(),
                                           row.rank_counts.data() + row.rank_counts.size());
          rows.append(py::dict("policy"_a = std::string(to_string(row.policy)),
                               "placed"_a = row.placed, "rank_counts"_a = counts,
                               "mean_score"_a = row.mean_score, "blocking_pairs"_a = row.blocking,
                               "result"_a = std::move(row.result)));
        }
        return py::make_tuple(rows, cmp.differing, text);
      });
}

}  // namespace kobling::python
