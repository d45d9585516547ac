#include "kobling/scoring.hpp"

#include <algorithm>

#include "format.hpp"
#include "kobling/errors.hpp"

namespace kobling {

std::string_view to_string(Eligibility e) noexcept {
  switch (e) {
    case Eligibility::eligible:
      return "eligible";
    case Eligibility::needs_review:
      return "needs_review";
    case Eligibility::ineligible:
      return "ineligible";
  }
  return "?";
}

std::string_view to_string(Reason::Code c) noexcept {
  switch (c) {
    case Reason::Code::below_minimum:
      return "below_minimum";
    case Reason::Code::above_maximum:
      return "above_maximum";
    case Reason::Code::not_true:
      return "not_true";
    case Reason::Code::no_matching_code:
      return "no_matching_code";
    case Reason::Code::unknown_value:
      return "unknown_value";
    case Reason::Code::refused:
      return "refused";
  }
  return "?";
}

namespace {

// φ of a candidate-only feature value (numeric, ordinal, boolean).
double linear_phi(const FeatureSpec& spec, ValueState state, double value) {
  if (state != ValueState::present) {
    return 0.0;
  }
  switch (spec.kind) {
    case FeatureKind::numeric:
      return std::clamp((value - spec.min) / (spec.max - spec.min), 0.0, 1.0);
    case FeatureKind::ordinal:
      return value / static_cast<double>(spec.levels.size() - 1);
    case FeatureKind::boolean:
      return value;
    case FeatureKind::categorical:
      return 0.0;
  }
  return 0.0;
}

bool any_prefix_match(const std::vector<std::string>& codes,
                      const std::vector<std::string>& targets) {
  for (const auto& c : codes) {
    for (const auto& t : targets) {
      if (c.compare(0, t.size(), t) == 0) {
        return true;
      }
    }
  }
  return false;
}

double categorical_phi(const FeatureColumn& col, Index i, const std::vector<std::string>& targets) {
  const auto iu = static_cast<std::size_t>(i);
  if (col.state[iu] != ValueState::present || targets.empty()) {
    return 0.0;
  }
  return any_prefix_match(col.codes[iu], targets) ? 1.0 : 0.0;
}

std::string level_text(const FeatureSpec& spec, double v) {
  if (spec.kind == FeatureKind::ordinal) {
    return spec.levels[static_cast<std::size_t>(v)];
  }
  return detail::num(v);
}

std::string codes_text(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) {
    out += (out.empty() ? "" : ", ") + c;
  }
  return out;
}

// Evaluates the company's requirements on candidate i; appends reasons when
// `reasons` is given. Returns the eligibility.
Eligibility evaluate(const Kickoff& k, Index i, const Company& c, std::vector<Reason>* reasons) {
  Eligibility result = Eligibility::eligible;
  const auto iu = static_cast<std::size_t>(i);
  for (const Requirement& req : c.requirements) {
    const FeatureSpec& spec = k.features()[static_cast<std::size_t>(req.feature)];
    const FeatureColumn& col = k.columns()[static_cast<std::size_t>(req.feature)];
    const ValueState state = col.state[iu];
    if (state == ValueState::unknown) {
      if (result == Eligibility::eligible) {
        result = Eligibility::needs_review;
      }
      if (reasons != nullptr) {
        reasons->push_back({Reason::Code::unknown_value, req.feature,
                            spec.label + " is not recorded; the requirement cannot be checked"});
      }
      continue;
    }
    const double v = col.value[iu];
    bool broken = false;
    Reason reason{Reason::Code::below_minimum, req.feature, {}};
    switch (req.op) {
      case Requirement::Op::at_least:
        broken = state != ValueState::present || v < req.threshold;
        reason.text = state != ValueState::present
                          ? spec.label + " is absent; at least " + level_text(spec, req.threshold) +
                                " is required"
                          : spec.label + " " + level_text(spec, v) + " is below the required " +
                                level_text(spec, req.threshold);
        break;
      case Requirement::Op::at_most:
        broken = state == ValueState::present && v > req.threshold;
        reason.code = Reason::Code::above_maximum;
        reason.text = spec.label + " " + level_text(spec, v) + " is above the maximum " +
                      level_text(spec, req.threshold);
        break;
      case Requirement::Op::is_true:
        broken = state != ValueState::present || v != 1.0;
        reason.code = Reason::Code::not_true;
        reason.text = spec.label + " is required";
        break;
      case Requirement::Op::one_of:
        broken = state != ValueState::present || !any_prefix_match(col.codes[iu], req.codes);
        reason.code = Reason::Code::no_matching_code;
        reason.text = spec.label + " (" + codes_text(col.codes[iu]) + ") matches none of " +
                      codes_text(req.codes);
        break;
    }
    if (broken) {
      result = Eligibility::ineligible;
      if (reasons != nullptr) {
        reasons->push_back(std::move(reason));
      }
    }
  }
  return result;
}

}  // namespace

std::vector<double> normalized_weights(const Company& c) {
  double total = 0.0;
  for (const double w : c.weights) {
    total += w;
  }
  std::vector<double> out(c.weights.size(), 0.0);
  if (total > 0.0) {
    for (std::size_t f = 0; f < out.size(); ++f) {
      out[f] = c.weights[f] / total;
    }
  }
  return out;
}

ScoreMatrix feature_matrix(const Kickoff& k) {
  const Index n = k.num_candidates();
  const Index nf = k.num_features();
  ScoreMatrix phi(n, nf);
  for (Index f = 0; f < nf; ++f) {
    const FeatureSpec& spec = k.features()[static_cast<std::size_t>(f)];
    const FeatureColumn& col = k.columns()[static_cast<std::size_t>(f)];
    for (Index i = 0; i < n; ++i) {
      phi(i, f) = linear_phi(spec, col.state[static_cast<std::size_t>(i)],
                             col.value[static_cast<std::size_t>(i)]);
    }
  }
  return phi;
}

ScoreTable score_all(const Kickoff& k) {
  const Index n = k.num_candidates();
  const Index m = k.num_companies();
  const Index nf = k.num_features();
  ScoreTable t;
  const ScoreMatrix phi = feature_matrix(k);
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> weights(m, nf);
  for (Index j = 0; j < m; ++j) {
    const std::vector<double> w = normalized_weights(k.companies()[static_cast<std::size_t>(j)]);
    for (Index f = 0; f < nf; ++f) {
      weights(j, f) = w[static_cast<std::size_t>(f)];
    }
  }
  t.score.noalias() = phi * weights.transpose();
  for (Index f = 0; f < nf; ++f) {
    if (k.features()[static_cast<std::size_t>(f)].kind != FeatureKind::categorical) {
      continue;
    }
    const FeatureColumn& col = k.columns()[static_cast<std::size_t>(f)];
    for (Index j = 0; j < m; ++j) {
      const Company& c = k.companies()[static_cast<std::size_t>(j)];
      const double w = weights(j, f);
      const auto& targets = c.targets[static_cast<std::size_t>(f)];
      if (w == 0.0 || targets.empty()) {
        continue;
      }
      for (Index i = 0; i < n; ++i) {
        t.score(i, j) += w * categorical_phi(col, i, targets);
      }
    }
  }
  t.eligibility.resize(n, m);
  for (Index j = 0; j < m; ++j) {
    const Company& c = k.companies()[static_cast<std::size_t>(j)];
    for (Index i = 0; i < n; ++i) {
      t.eligibility(i, j) = static_cast<std::uint8_t>(evaluate(k, i, c, nullptr));
    }
  }
  t.empty_profile.assign(static_cast<std::size_t>(n), true);
  for (const FeatureColumn& col : k.columns()) {
    for (Index i = 0; i < n; ++i) {
      if (col.state[static_cast<std::size_t>(i)] == ValueState::present) {
        t.empty_profile[static_cast<std::size_t>(i)] = false;
      }
    }
  }
  return t;
}

Explanation explain(const Kickoff& k, Index i, Index j) {
  (void)k.candidate(i);  // range checks
  const Company& c = k.company(j);
  const std::vector<double> weights = normalized_weights(c);
  Explanation e;
  e.candidate = i;
  e.company = j;
  const auto iu = static_cast<std::size_t>(i);
  for (Index f = 0; f < k.num_features(); ++f) {
    const auto fu = static_cast<std::size_t>(f);
    const FeatureSpec& spec = k.features()[fu];
    const FeatureColumn& col = k.columns()[fu];
    Contribution part;
    part.feature = f;
    part.weight = weights[fu];
    part.state = col.state[iu];
    part.phi = spec.kind == FeatureKind::categorical
                   ? categorical_phi(col, i, c.targets[fu])
                   : linear_phi(spec, col.state[iu], col.value[iu]);
    part.contribution = part.weight * part.phi;
    e.score += part.contribution;
    e.contributions.push_back(part);
  }
  e.eligibility = evaluate(k, i, c, &e.reasons);
  e.refused = std::find(c.refused.begin(), c.refused.end(), i) != c.refused.end();
  if (e.refused) {
    e.reasons.push_back(
        {Reason::Code::refused, kNone, "refused by " + c.name + " after interview"});
  }
  const auto pos = std::find(c.ranking.begin(), c.ranking.end(), i);
  if (pos != c.ranking.end()) {
    e.company_rank = static_cast<Index>(pos - c.ranking.begin());
  }
  return e;
}

ScoreMatrix company_preference(const Kickoff& k, const ScoreTable& t) {
  ScoreMatrix pref = t.score;
  for (Index j = 0; j < k.num_companies(); ++j) {
    const Company& c = k.companies()[static_cast<std::size_t>(j)];
    const auto r_count = static_cast<double>(c.ranking.size());
    for (std::size_t p = 0; p < c.ranking.size(); ++p) {
      pref(c.ranking[p], j) = 2.0 + (r_count - 1.0 - static_cast<double>(p));
    }
    for (const Index r : c.refused) {
      pref(r, j) = kForbidden;
    }
    for (Index i = 0; i < k.num_candidates(); ++i) {
      if (t.eligibility(i, j) != static_cast<std::uint8_t>(Eligibility::eligible)) {
        pref(i, j) = kForbidden;
      }
    }
  }
  return pref;
}

MaskMatrix acceptable_pairs(const Kickoff& k, const ScoreTable& t) {
  MaskMatrix ok = (t.eligibility.array() == static_cast<std::uint8_t>(Eligibility::eligible));
  for (Index j = 0; j < k.num_companies(); ++j) {
    for (const Index r : k.companies()[static_cast<std::size_t>(j)].refused) {
      ok(r, j) = false;
    }
  }
  return ok;
}

}  // namespace kobling
