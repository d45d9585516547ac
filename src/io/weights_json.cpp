// src/io/weights_json.cpp — learned weights as a "weights/1" document: the
// profile to apply, the decision and the evidence it rests on.
#include <cmath>
#include <set>
#include <string>

#include "common/read_file.hpp"
#include "common/text.hpp"
#include "io/json_node.hpp"
#include "kobling/errors.hpp"
#include "kobling/json_io.hpp"

namespace kobling {

using nlohmann::json;

namespace {

json interval(const Interval& ci) { return json::array({ci.lower, ci.upper}); }

[[noreturn]] void bad(const std::string& place, const std::string& why) {
  throw ParseError("kobling.json.type", place, why);
}

const json& field(const json& obj, const std::string& key, const std::string& place) {
  const auto it = obj.find(key);
  if (it == obj.end()) {
    throw ParseError("kobling.json.missing", place, "missing required field \"" + key + "\"");
  }
  return *it;
}

double number(const json& v, const std::string& place) {
  if (!v.is_number()) {
    bad(place, "expected a number");
  }
  const double x = v.get<double>();
  if (!std::isfinite(x)) {
    bad(place, "expected a finite number");
  }
  return x;
}

}  // namespace

json weights_to_json(const FitResult& fit) {
  json doc;
  doc["kobling"] = "weights/1";
  const WeightProfile& p = fit.profile;
  doc["decision"] = std::string(to_string(fit.decision));
  doc["why"] = fit.why;
  json weights = json::object();
  json coefficients = json::object();
  for (std::size_t f = 0; f < p.features.size(); ++f) {
    if (p.usable) {
      weights[p.features[f]] = p.weights[f];
    }
    coefficients[p.features[f]] = p.coefficients[f];
  }
  doc["weights"] = weights;
  doc["protected"] = p.protected_features;
  json monotone = json::object();
  for (const auto& [f, m] : fit.options.monotone) {
    monotone[f] = std::string(to_string(m));
  }
  doc["model"] = {{"kind", "logistic"},
                  {"intercept", p.intercept},
                  {"scale", p.scale},
                  {"coefficients", coefficients},
                  {"l2", fit.options.l2},
                  {"monotone", monotone},
                  {"status", std::string(to_string(fit.model.status))}};
  json label = {{"declined_is_bad", fit.options.label.declined_is_bad}};
  if (fit.options.label.horizon_days) {
    label["horizon_days"] = *fit.options.label.horizon_days;
  }
  doc["model"]["label"] = label;
  json trained = json::array();
  for (const IntakeCounts& c : fit.counts) {
    trained.push_back({{"intake", c.intake},
                       {"candidates", c.candidates},
                       {"placed", c.placed},
                       {"good", c.good},
                       {"bad", c.bad},
                       {"censored", c.censored},
                       {"excluded", c.excluded}});
  }
  doc["trained_on"] = trained;
  json features = json::array();
  for (const FeatureFate& f : fit.features) {
    features.push_back({{"feature", f.feature}, {"status", f.status}, {"detail", f.detail}});
  }
  doc["features"] = features;
  if (fit.validation) {
    const FitValidation& v = *fit.validation;
    json folds = json::array();
    for (const FoldResult& r : v.folds) {
      json fr = {{"held_out", r.test_intakes},
                 {"rows", r.rows},
                 {"brier_learned", r.brier_learned},
                 {"brier_hand", r.brier_hand}};
      if (r.scored) {
        fr["auc_learned"] = r.auc_learned;
        fr["auc_hand"] = r.auc_hand;
      }
      folds.push_back(fr);
    }
    doc["validation"] = {
        {"folds", folds},
        {"auc",
         {{"learned", v.auc.a.auc},
          {"learned_ci", interval(v.auc.a.ci)},
          {"hand", v.auc.b.auc},
          {"hand_ci", interval(v.auc.b.ci)},
          {"gain", v.auc.difference.difference},
          {"gain_ci", interval(v.auc.difference.ci)}}},
        {"brier",
         {{"learned", v.learned.brier},
          {"hand", v.hand.brier},
          {"difference", v.brier.difference},
          {"difference_ci", interval(v.brier.ci)}}},
        {"calibration_slope",
         {{"learned", v.learned.slope_defined ? json(v.learned.slope) : json(nullptr)},
          {"hand", v.hand.slope_defined ? json(v.hand.slope) : json(nullptr)}}}};
  } else {
    doc["validation"] = nullptr;
  }
  return doc;
}

SavedWeights weights_from_json(const json& doc) {
  if (!doc.is_object()) {
    bad("$", "expected a weights/1 object");
  }
  const json& tag = field(doc, "kobling", "$");
  if (!tag.is_string() || tag.get<std::string>() != "weights/1") {
    throw ParseError("kobling.json.format", "$.kobling",
                     "expected \"weights/1\" (a file written by kobling fit), got " + tag.dump());
  }
  static const std::set<std::string> kKeys = {"kobling",    "decision",  "why",
                                              "weights",    "protected", "model",
                                              "trained_on", "features",  "validation"};
  for (const auto& [key, value] : doc.items()) {
    if (!key.empty() && key[0] != '_' && !kKeys.contains(key)) {
      throw ParseError("kobling.json.unknown_field", "$." + key,
                       "unknown field; expected one of: kobling, decision, why, weights, "
                       "protected, model, trained_on, features, validation");
    }
  }
  SavedWeights out;
  const json& decision = field(doc, "decision", "$");
  if (!decision.is_string() || (decision != "adopt" && decision != "keep_hand_weights")) {
    bad("$.decision", "expected \"adopt\" or \"keep_hand_weights\"");
  }
  out.validated = decision == "adopt";
  const json& weights = field(doc, "weights", "$");
  if (!weights.is_object()) {
    bad("$.weights", "expected an object of feature: weight");
  }
  WeightProfile& p = out.profile;
  double total = 0.0;
  for (const auto& [name, w] : weights.items()) {
    const std::string place = "$.weights." + name;
    const double x = number(w, place);
    if (x < 0.0) {
      throw InvalidArgument("kobling.model.bad_weight", place,
                            "weight must be a finite number >= 0, got " + detail::num(x));
    }
    p.features.push_back(name);
    p.weights.push_back(x);
    total += x;
  }
  p.usable = total > 0.0;
  if (p.usable) {
    for (double& w : p.weights) {
      w /= total;
    }
  } else {
    p.weights.clear();
  }
  if (doc.contains("protected")) {
    const json& prot = doc["protected"];
    if (!prot.is_array()) {
      bad("$.protected", "expected a list of feature names");
    }
    for (std::size_t i = 0; i < prot.size(); ++i) {
      if (!prot[i].is_string()) {
        bad("$.protected[" + std::to_string(i) + "]", "expected a feature name");
      }
      p.protected_features.push_back(prot[i].get<std::string>());
    }
  }
  if (doc.contains("model")) {
    const json& m = doc["model"];
    if (!m.is_object()) {
      bad("$.model", "expected an object");
    }
    if (m.contains("coefficients") && !m["coefficients"].is_object()) {
      bad("$.model.coefficients", "expected an object of feature: coefficient");
    }
    if (m.contains("intercept")) {
      p.intercept = number(m["intercept"], "$.model.intercept");
    }
    if (m.contains("scale")) {
      p.scale = number(m["scale"], "$.model.scale");
    }
    if (m.contains("coefficients")) {
      for (const std::string& f : p.features) {
        const auto it = m["coefficients"].find(f);
        p.coefficients.push_back(
            it == m["coefficients"].end() ? 0.0 : number(*it, "$.model.coefficients." + f));
      }
    }
  }
  return out;
}

SavedWeights parse_weights(std::string_view text) {
  return weights_from_json(detail::parse_checked(text));
}

SavedWeights load_weights(const std::filesystem::path& file) {
  return detail::parse_file(file, [](std::string_view text) { return parse_weights(text); });
}

}  // namespace kobling
