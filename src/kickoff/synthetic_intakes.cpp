// src/kickoff/synthetic_intakes.cpp — seeded intakes with known true weights.
#include "kobling/synthetic_intakes.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "common/splitmix.hpp"
#include "common/text.hpp"
#include "kobling/errors.hpp"
#include "kobling/scoring.hpp"

namespace kobling {

using detail::quoted;

namespace {

using Stream = detail::SplitMix64;

double normal(Stream& s) {  // Box-Muller
  const double u = 1.0 - s.uniform();
  const double v = s.uniform();
  return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * v);
}

void check_option(bool ok, const std::string& what, const std::string& why) {
  if (!ok) {
    throw InvalidArgument("kobling.synthetic.bad_option", what, why);
  }
}

// Candidate i's value of feature f in `from`, set on the builder's candidate c.
void copy_value(const Kickoff& from, Index i, Index f, KickoffBuilder& b, Index c) {
  const auto fu = static_cast<std::size_t>(f);
  const auto iu = static_cast<std::size_t>(i);
  const FeatureSpec& spec = from.features()[fu];
  const FeatureColumn& col = from.columns()[fu];
  const std::string where = "synthetic candidate";
  if (col.state[iu] == ValueState::unknown) {
    return;
  }
  if (col.state[iu] == ValueState::absent) {
    b.set_absent(c, spec.name, where);
    return;
  }
  switch (spec.kind) {
    case FeatureKind::numeric:
      b.set_number(c, spec.name, col.value[iu], where);
      break;
    case FeatureKind::ordinal:
      b.set_level(c, spec.name, spec.levels[static_cast<std::size_t>(col.value[iu])], where);
      break;
    case FeatureKind::boolean:
      b.set_bool(c, spec.name, col.value[iu] != 0.0, where);
      break;
    case FeatureKind::categorical:
    case FeatureKind::skills:
      b.set_codes(c, spec.name, col.codes[iu], where);
      break;
    case FeatureKind::location:
      b.set_location(c, spec.name, col.value[iu], col.value2[iu], where);
      break;
  }
}

// The template's criteria: features and companies (seats, hand weights,
// targets, requirements), without candidates, rankings or interviews.
void copy_criteria(const Kickoff& t, KickoffBuilder& b) {
  b.name(t.name()).max_preferences(t.max_preferences()).tie_break(t.tie_break(), t.seed());
  for (const FeatureSpec& spec : t.features()) {
    b.add_feature(spec, "feature " + quoted(spec.name));
  }
  for (Index j = 0; j < t.num_companies(); ++j) {
    const Company& c = t.company(j);
    const std::string where = "company " + quoted(c.id);
    b.add_company(c.id, c.name, c.sector, c.capacity, where);
    for (std::size_t f = 0; f < t.features().size(); ++f) {
      const std::string& name = t.features()[f].name;
      if (!c.targets[f].empty()) {
        b.set_target(j, name, c.targets[f], where);
      }
      if (c.weights[f] > 0.0) {
        b.set_weight(j, name, c.weights[f], where);
      }
    }
    for (const Requirement& r : c.requirements) {
      b.add_requirement(j, t.features()[static_cast<std::size_t>(r.feature)].name, r, where);
    }
  }
}

std::string pick_reason(Stream& s) {
  static constexpr std::array<std::string_view, 6> kReasons = {
      "motivation", "finances", "housing", "moved", "conflict", "other_job"};
  return std::string(kReasons[s.below(kReasons.size())]);
}

Date after(Date d, std::int32_t days) { return Date{d.days + days}; }

// prefix + number, appended (GCC 12 warns falsely on "f" + std::to_string(i)).
std::string numbered(std::string_view prefix, Index i) {
  std::string out(prefix);
  out += std::to_string(i);
  return out;
}

}  // namespace

std::vector<Intake> make_synthetic_intakes(const Kickoff& templ, const SyntheticIntakeOptions& o) {
  check_option(o.intakes >= 1, "intakes", "must be >= 1, got " + std::to_string(o.intakes));
  check_option(o.candidates >= 0, "candidates",
               "must be >= 0, got " + std::to_string(o.candidates));
  check_option(templ.num_candidates() > 0, "template", "has no candidates to resample");
  check_option(o.censored >= 0.0 && o.censored <= 1.0, "censored",
               "must be a share in [0, 1], got " + detail::num(o.censored));
  check_option(o.intake_shift >= 0.0 && std::isfinite(o.intake_shift), "intake_shift",
               "must be a finite number >= 0, got " + detail::num(o.intake_shift));
  check_option(std::isfinite(o.intercept) && std::isfinite(o.strength), "intercept",
               "intercept and strength must be finite");
  check_option(o.days_between >= 1, "days_between", "must be >= 1");
  const Index nf = templ.num_features();
  std::vector<double> truth(static_cast<std::size_t>(nf), 0.0);
  if (o.true_weights.empty()) {
    for (Index f = 0; f < nf; ++f) {
      truth[static_cast<std::size_t>(f)] =
          templ.features()[static_cast<std::size_t>(f)].is_protected ? 0.0 : 1.0;
    }
  } else {
    for (const auto& entry : o.true_weights) {
      const std::string& name = entry.first;  // (not a structured binding: a lambda uses it)
      const double w = entry.second;
      const auto it = std::find_if(templ.features().begin(), templ.features().end(),
                                   [&](const FeatureSpec& s) { return s.name == name; });
      if (it == templ.features().end()) {
        throw OutOfRange("kobling.weights.unknown_feature", "true_weights",
                         "the template has no feature " + quoted(name));
      }
      check_option(std::isfinite(w) && w >= 0.0, "true_weights." + name,
                   "must be a finite number >= 0, got " + detail::num(w));
      truth[static_cast<std::size_t>(it - templ.features().begin())] = w;
    }
  }
  double total = 0.0;
  for (const double w : truth) {
    total += w;
  }
  check_option(total > 0.0, "true_weights", "must weigh at least one feature");
  for (double& w : truth) {
    w /= total;
  }

  Stream s(o.seed);
  const Index n = o.candidates > 0 ? o.candidates : templ.num_candidates();
  const auto pick = [&] {
    return static_cast<Index>(s.below(static_cast<std::uint64_t>(templ.num_candidates())));
  };
  std::vector<Intake> out;
  for (Index t = 0; t < o.intakes; ++t) {
    KickoffBuilder b;
    copy_criteria(templ, b);
    const std::string prefix = numbered("t", t + 1) + "-";
    for (Index i = 0; i < n; ++i) {
      const Index c = b.add_candidate(prefix + numbered("c", i + 1), "candidate");
      for (Index f = 0; f < nf; ++f) {
        copy_value(templ, pick(), f, b, c);
      }
      std::vector<std::string> wishes;
      for (const Index j : templ.candidate(pick()).wishes) {
        wishes.push_back(templ.company(j).id);
      }
      b.set_wishes(c, wishes, "candidate wishes");
    }
    auto kickoff = std::make_shared<const Kickoff>(b.build());
    MatchOptions mo;
    mo.policy = o.policy;
    const Assignment a = match(*kickoff, score_listed(*kickoff), mo);

    IntakeInfo info;
    info.id = numbered("synthetic-", t + 1);
    info.date = after(o.first_date, static_cast<std::int32_t>(t) * o.days_between);
    info.follow_up = after(info.date, 240);
    info.policy = o.policy;
    const double shift = o.intake_shift > 0.0 ? o.intake_shift * normal(s) : 0.0;
    std::vector<OutcomeRecord> records;
    for (Index i = 0; i < n; ++i) {
      OutcomeRecord r;
      r.candidate = i;
      const Index j = a.company(i);
      if (j == kNone) {
        const double u = s.uniform();
        if (u < 0.3) {
          continue;  // nothing known
        }
        r.events.push_back({u < 0.55   ? OutcomeStatus::in_work
                            : u < 0.75 ? OutcomeStatus::in_education
                                       : OutcomeStatus::inactive,
                            after(info.date, 120), "", ""});
        records.push_back(std::move(r));
        continue;
      }
      r.company = j;
      const Explanation e = explain(*kickoff, i, j);
      double eta = o.intercept + shift;
      for (std::size_t f = 0; f < truth.size(); ++f) {
        eta += o.strength * truth[f] * e.contributions[f].phi;
      }
      const bool good = s.uniform() < 1.0 / (1.0 + std::exp(-eta));
      const bool censored = s.uniform() < o.censored;
      r.events.push_back({OutcomeStatus::started, after(info.date, 14), "", ""});
      if (!censored) {
        if (good) {
          r.events.push_back({s.uniform() < 0.6 ? OutcomeStatus::completed : OutcomeStatus::in_work,
                              after(info.date, 150), "", ""});
        } else {
          r.events.push_back(
              {OutcomeStatus::dropped_out, after(info.date, 70), pick_reason(s), ""});
          r.events.push_back({OutcomeStatus::inactive, after(info.date, 150), "", ""});
        }
      }
      records.push_back(std::move(r));
    }
    out.push_back(make_intake(kickoff, std::move(info), a.company, std::move(records)));
  }
  return out;
}

Kickoff make_plain_template(Index candidates, Index companies, Index features, std::uint64_t seed) {
  check_option(candidates >= 1 && companies >= 1 && features >= 1, "template",
               "candidates, companies and features must be >= 1");
  Stream s(seed);
  KickoffBuilder b;
  b.name("plain template").max_preferences(3);
  for (Index f = 0; f < features; ++f) {
    FeatureSpec spec;
    spec.name = numbered("f", f + 1);
    spec.label = spec.name;
    b.add_feature(spec, "feature");
  }
  for (Index j = 0; j < companies; ++j) {
    const std::string id = numbered("k", j + 1);
    b.add_company(id, numbered("Company ", j + 1), "", 1 + static_cast<std::int64_t>(s.below(5)),
                  "company");
    for (Index f = 0; f < features; ++f) {
      b.set_weight(j, numbered("f", f + 1), 1.0, "company");
    }
  }
  // Zipf-like popularity P(j) ∝ 1/(j+1), as the synthetic markets draw it.
  std::vector<double> cumulative(static_cast<std::size_t>(companies));
  double sum = 0.0;
  for (Index j = 0; j < companies; ++j) {
    sum += 1.0 / static_cast<double>(j + 1);
    cumulative[static_cast<std::size_t>(j)] = sum;
  }
  const Index k = std::min<Index>(3, companies);
  for (Index i = 0; i < candidates; ++i) {
    const Index c = b.add_candidate(numbered("c", i + 1), "candidate");
    for (Index f = 0; f < features; ++f) {
      b.set_number(c, numbered("f", f + 1), s.uniform(), "candidate");
    }
    std::vector<std::string> wishes;
    while (static_cast<Index>(wishes.size()) < k) {
      const double u = s.uniform() * sum;
      const auto j = static_cast<Index>(std::upper_bound(cumulative.begin(), cumulative.end(), u) -
                                        cumulative.begin());
      const std::string id = numbered("k", std::min(j, companies - 1) + 1);
      if (std::find(wishes.begin(), wishes.end(), id) == wishes.end()) {
        wishes.push_back(id);
      }
    }
    b.set_wishes(c, wishes, "candidate wishes");
  }
  return b.build();
}

}  // namespace kobling
