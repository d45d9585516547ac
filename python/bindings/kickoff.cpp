// python/bindings/kickoff.cpp — the kick-off object (model + scoring +
// policies) as kobling._core.KickoffCore; the Pythonic kobling.Kickoff wraps it.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "arrays.hpp"
#include "bindings.hpp"
#include "kobling/csv_io.hpp"
#include "kobling/errors.hpp"
#include "kobling/json_io.hpp"
#include "kobling/policy.hpp"
#include "kobling/recommend.hpp"
#include "kobling/report.hpp"
#include "kobling/scoring.hpp"
#include "kobling/top_k.hpp"

namespace kobling::python {

namespace py = pybind11;
using namespace pybind11::literals;

namespace {

// A kick-off with its score table computed once.
// A kick-off with its dense score table computed on first use (never for
// top_k, which works in blocks). Call table() with the GIL held: the GIL
// serialises the lazy initialisation.
struct KickoffCore {
  Kickoff kickoff;
  std::int64_t max_dense_bytes = ScoreOptions{}.max_dense_bytes;
  std::shared_ptr<ScoreTable> cached;
  explicit KickoffCore(Kickoff k) : kickoff(std::move(k)) {}
  const ScoreTable& table() {
    if (!cached) {
      cached = std::make_shared<ScoreTable>(score_all(kickoff, ScoreOptions{max_dense_bytes}));
    }
    return *cached;
  }
};

template <class Matrix>
py::array copy_matrix(const Matrix& mat) {
  using T = typename Matrix::Scalar;
  py::array_t<T> out({static_cast<py::ssize_t>(mat.rows()), static_cast<py::ssize_t>(mat.cols())});
  std::copy(mat.data(), mat.data() + mat.size(), out.mutable_data());
  return out;
}

MatchOptions options_from(const std::string& policy, const std::string& proposer,
                          const py::object& rank_bonus, double score_weight) {
  MatchOptions o;
  o.policy = parse_policy(policy);
  o.proposer = parse_proposer(proposer);
  o.max_placement.score_weight = score_weight;
  if (!rank_bonus.is_none()) {
    const auto a = as_c_array<double>(rank_bonus, "rank_bonus");
    if (a.ndim() != 1) {
      throw InvalidArgument("kobling.array.bad_option", "rank_bonus",
                            "must be a 1-D sequence of numbers");
    }
    o.max_placement.rank_bonus.assign(a.data(), a.data() + a.size());
  }
  if (o.policy != Policy::stable && proposer != "candidates") {
    throw InvalidArgument("kobling.policy.bad_option", "proposer",
                          "applies to the stable policy only");
  }
  return o;
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
  py::list reasons;
  for (const Reason& r : e.reasons) {
    reasons.append(py::dict(
        "code"_a = std::string(to_string(r.code)),
        "feature"_a =
            r.feature == kNone
                ? py::object(py::none())
                : py::object(py::str(k.features()[static_cast<std::size_t>(r.feature)].name)),
        "text"_a = r.text));
  }
  return py::dict("candidate"_a = k.candidates()[static_cast<std::size_t>(e.candidate)].id,
                  "company"_a = k.companies()[static_cast<std::size_t>(e.company)].id,
                  "score"_a = e.score, "eligibility"_a = std::string(to_string(e.eligibility)),
                  "contributions"_a = parts, "reasons"_a = reasons, "refused"_a = e.refused,
                  "company_rank"_a = e.company_rank == kNone
                                         ? py::object(py::none())
                                         : py::object(py::int_(e.company_rank)));
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

  py::class_<KickoffCore>(m, "KickoffCore", "Native kick-off (use kobling.Kickoff).")
      .def_static(
          "from_json_text",
          [](const std::string& text) {
            Kickoff k;
            {
              py::gil_scoped_release release;
              k = parse_kickoff(text);
            }
            return KickoffCore(std::move(k));
          },
          "text"_a)
      .def_static(
          "load",
          [](const std::filesystem::path& path) {
            Kickoff k;
            {
              py::gil_scoped_release release;
              k = load_kickoff(path);
            }
            return KickoffCore(std::move(k));
          },
          "path"_a)
      .def_static(
          "from_csv_text",
          [](std::string features, std::string companies, std::string candidates,
             std::string features_name, std::string companies_name, std::string candidates_name,
             std::string name, Index max_preferences) {
            CsvKickoff in;
            in.features = std::move(features);
            in.companies = std::move(companies);
            in.candidates = std::move(candidates);
            in.features_name = std::move(features_name);
            in.companies_name = std::move(companies_name);
            in.candidates_name = std::move(candidates_name);
            in.name = std::move(name);
            in.max_preferences = max_preferences;
            Kickoff k;
            {
              py::gil_scoped_release release;
              k = parse_kickoff_csv(in);
            }
            return KickoffCore(std::move(k));
          },
          "features"_a, "companies"_a, "candidates"_a, "features_name"_a, "companies_name"_a,
          "candidates_name"_a, "name"_a, "max_preferences"_a)
      .def_readwrite("max_dense_bytes", &KickoffCore::max_dense_bytes,
                     "Limit for the dense score table (bytes); set before the first use.")
      .def("to_json_text", [](KickoffCore& c) { return kickoff_to_json(c.kickoff).dump(1); })
      .def_property_readonly("name", [](KickoffCore& c) { return c.kickoff.name(); })
      .def_property_readonly("max_preferences",
                             [](KickoffCore& c) { return c.kickoff.max_preferences(); })
      .def_property_readonly("candidate_ids",
                             [](KickoffCore& c) {
                               std::vector<std::string> ids;
                               for (const auto& x : c.kickoff.candidates()) {
                                 ids.push_back(x.id);
                               }
                               return ids;
                             })
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
      .def_property_readonly("feature_names",
                             [](KickoffCore& c) {
                               std::vector<std::string> names;
                               for (const auto& f : c.kickoff.features()) {
                                 names.push_back(f.name);
                               }
                               return names;
                             })
      .def_property_readonly("preferences",
                             [](KickoffCore& c) { return copy_matrix(c.kickoff.preferences()); })
      .def_property_readonly("capacities",
                             [](KickoffCore& c) {
                               const CapacityVector cap = c.kickoff.capacities();
                               py::array_t<Index> out(cap.size());
                               std::copy(cap.data(), cap.data() + cap.size(), out.mutable_data());
                               return out;
                             })
      .def_property_readonly("scores", [](KickoffCore& c) { return copy_matrix(c.table().score); })
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
             const py::object& rank_bonus, double score_weight) {
            const MatchOptions o = options_from(policy, proposer, rank_bonus, score_weight);
            const ScoreTable& t = c.table();
            py::gil_scoped_release release;
            return match(c.kickoff, t, o);
          },
          "policy"_a = "stable", "proposer"_a = "candidates", "rank_bonus"_a = py::none(),
          "score_weight"_a = 1.0)
      .def(
          "describe",
          [](const KickoffCore&, const std::string& policy, const std::string& proposer) {
            return describe(options_from(policy, proposer, py::none(), 1.0));
          },
          "policy"_a, "proposer"_a)
      .def(
          "explain",
          [](KickoffCore& c, Index i, Index j) {
            return explanation_to_dict(c.kickoff, explain(c.kickoff, i, j));
          },
          "candidate"_a, "company"_a)
      .def(
          "report",
          [](KickoffCore& c, const Assignment& a, const std::string& label) {
            return format_report(c.kickoff, c.table(), a, label);
          },
          "result"_a, "policy"_a)
      .def(
          "result_json",
          [](KickoffCore& c, const Assignment& a, const std::string& label) {
            return result_to_json(c.kickoff, a, label).dump(2);
          },
          "result"_a, "policy"_a)
      .def(
          "recommend",
          [](KickoffCore& c, Index i, Index k) {
            const Recommendations r = recommend(c.kickoff, c.table(), i, k);
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
            for (const ShortlistEntry& e : shortlist(c.kickoff, c.table(), j)) {
              out.append(py::dict(
                  "candidate"_a = e.candidate, "wish_rank"_a = e.wish_rank, "score"_a = e.score,
                  "eligibility"_a = std::string(to_string(e.eligibility)), "refused"_a = e.refused,
                  "empty_profile"_a = e.empty_profile,
                  "company_rank"_a = e.company_rank == kNone ? py::object(py::none())
                                                             : py::object(py::int_(e.company_rank)),
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
      .def("compare", [](KickoffCore& c) {
        PolicyComparison cmp;
        const ScoreTable& t = c.table();
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
