#include "kobling/json_io.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <system_error>
#include <tuple>
#include <utility>

#include "common/read_file.hpp"
#include "common/text.hpp"
#include "io/json_node.hpp"
#include "kobling/errors.hpp"

namespace kobling {

namespace {

using detail::fail_type;
using detail::Node;
using nlohmann::json;

FeatureKind parse_kind(const Node& n) {
  const std::string s = n.as_string();
  for (const FeatureKind k :
       {FeatureKind::numeric, FeatureKind::ordinal, FeatureKind::boolean, FeatureKind::categorical,
        FeatureKind::skills, FeatureKind::location}) {
    if (s == to_string(k)) {
      return k;
    }
  }
  throw ParseError("kobling.json.bad_kind", n.path(),
                   "unknown feature kind \"" + s +
                       "\"; expected numeric, ordinal, boolean, categorical, skills or location");
}

void parse_features(const Node& list, KickoffBuilder& b) {
  list.require_array();
  for (std::size_t f = 0; f < list.value().size(); ++f) {
    const Node n = list[f];
    n.require_object();
    n.only_keys({"name", "kind", "label", "min", "max", "levels", "protected"});
    FeatureSpec spec;
    spec.name = n.get("name").as_string();
    spec.kind = parse_kind(n.get("kind"));
    if (n.has("label")) {
      spec.label = n.get("label").as_string();
    }
    if (n.has("protected")) {
      spec.is_protected = n.get("protected").as_bool();
    }
    if (spec.kind == FeatureKind::numeric) {
      spec.min = n.get("min").as_number();
      spec.max = n.get("max").as_number();
    } else if (n.has("min") || n.has("max")) {
      throw ParseError("kobling.json.unknown_field", n.child_path(n.has("min") ? "min" : "max"),
                       "min/max apply to numeric features only");
    }
    if (spec.kind == FeatureKind::ordinal) {
      spec.levels = n.get("levels").as_strings();
    } else if (n.has("levels")) {
      throw ParseError("kobling.json.unknown_field", n.child_path("levels"),
                       "levels apply to ordinal features only");
    }
    b.add_feature(std::move(spec), n.path());
  }
}

// Ordinal thresholds are level names; numeric thresholds are numbers.
double threshold_of(const Node& n, const FeatureSpec& spec) {
  if (spec.kind == FeatureKind::ordinal) {
    const std::string level = n.as_string();
    for (std::size_t l = 0; l < spec.levels.size(); ++l) {
      if (spec.levels[l] == level) {
        return static_cast<double>(l);
      }
    }
    throw ParseError("kobling.json.bad_level", n.path(),
                     "unknown level \"" + level + "\" of feature \"" + spec.name + "\"");
  }
  return n.as_number();
}

// [latitude, longitude] in degrees.
std::pair<double, double> as_place(const Node& n) {
  if (!n.value().is_array() || n.value().size() != 2) {
    fail_type(n.path(), "[latitude, longitude]", n.value());
  }
  return {n[0].as_number(), n[1].as_number()};
}

void parse_requirements(const Node& reqs, Index j, KickoffBuilder& b) {
  reqs.require_object();
  using Op = Requirement::Op;
  for (const auto& [key, _] : reqs.value().items()) {
    if (!key.empty() && key[0] == '_') {
      continue;
    }
    const Node n(reqs.value().at(key), reqs.child_path(key));
    const auto f = b.peek().find_feature(key);
    if (!f) {
      throw OutOfRange("kobling.model.unknown_feature", n.path(),
                       "unknown feature \"" + key + "\"");
    }
    const FeatureSpec& spec = b.peek().features()[static_cast<std::size_t>(*f)];
    Requirement r;
    switch (spec.kind) {
      case FeatureKind::numeric:
      case FeatureKind::ordinal: {
        n.require_object();
        n.only_keys({"min", "max"});
        if (!n.has("min") && !n.has("max")) {
          throw ParseError("kobling.json.missing", n.path(), "give \"min\", \"max\" or both");
        }
        if (n.has("min") && n.has("max") &&
            threshold_of(n.get("min"), spec) > threshold_of(n.get("max"), spec)) {
          throw ParseError("kobling.json.bad_requirement", n.path(),
                           "min " + n.get("min").value().dump() + " is above max " +
                               n.get("max").value().dump() + "; no candidate could qualify");
        }
        if (n.has("min")) {
          r.op = Op::at_least;
          r.threshold = threshold_of(n.get("min"), spec);
          b.add_requirement(j, key, r, n.child_path("min"));
        }
        if (n.has("max")) {
          r.op = Op::at_most;
          r.threshold = threshold_of(n.get("max"), spec);
          b.add_requirement(j, key, r, n.child_path("max"));
        }
        break;
      }
      case FeatureKind::boolean:
        if (!n.as_bool()) {
          throw ParseError("kobling.json.bad_requirement", n.path(),
                           "a yes/no requirement must be true (omit it to not require)");
        }
        r.op = Op::is_true;
        r.threshold = 1.0;
        b.add_requirement(j, key, r, n.path());
        break;
      case FeatureKind::categorical:
      case FeatureKind::skills: {
        r.codes = n.as_codes();
        if (r.codes.empty()) {
          throw ParseError("kobling.json.bad_requirement", n.path(),
                           spec.kind == FeatureKind::skills
                               ? "list at least one must-have skill (omit it to not require)"
                               : "list at least one accepted code (omit it to not require)");
        }
        r.op = spec.kind == FeatureKind::skills ? Op::has_all : Op::one_of;
        b.add_requirement(j, key, r, n.path());
        break;
      }
      case FeatureKind::location: {
        n.require_object();
        n.only_keys({"max_km", "at"});
        r.op = Op::within_km;
        r.threshold = n.get("max_km").as_number();
        if (n.has("at")) {
          std::tie(r.lat, r.lon) = as_place(n.get("at"));
        } else {
          const Target& t = b.peek()
                                .companies()[static_cast<std::size_t>(j)]
                                .targets[static_cast<std::size_t>(*f)];
          if (!t.has_place) {
            throw ParseError("kobling.json.missing", n.path(),
                             "give \"at\": [latitude, longitude], or a target place for this "
                             "feature in \"targets\"");
          }
          r.lat = t.lat;
          r.lon = t.lon;
        }
        b.add_requirement(j, key, r, n.path());
        break;
      }
    }
  }
}

void parse_targets(const Node& targets, Index j, KickoffBuilder& b) {
  targets.require_object();
  for (const auto& [key, _] : targets.value().items()) {
    if (!key.empty() && key[0] == '_') {
      continue;
    }
    const Node n(targets.value().at(key), targets.child_path(key));
    const auto f = b.peek().find_feature(key);
    if (!f) {
      throw OutOfRange("kobling.model.unknown_feature", n.path(),
                       "unknown feature \"" + key + "\"");
    }
    Target t;
    switch (b.peek().features()[static_cast<std::size_t>(*f)].kind) {
      case FeatureKind::numeric:
        n.require_object();
        n.only_keys({"min", "max"});
        t.has_range = true;
        t.lo = n.get("min").as_number();
        t.hi = n.get("max").as_number();
        break;
      case FeatureKind::categorical:
        t.codes = n.as_codes();
        break;
      case FeatureKind::skills:
        n.require_object();
        n.only_keys({"required", "desired"});
        if (n.has("required")) {
          t.required = n.get("required").as_codes();
        }
        if (n.has("desired")) {
          t.desired = n.get("desired").as_codes();
        }
        break;
      case FeatureKind::location:
        n.require_object();
        n.only_keys({"at", "radius_km"});
        t.has_place = true;
        std::tie(t.lat, t.lon) = as_place(n.get("at"));
        t.radius_km = n.get("radius_km").as_number();
        break;
      case FeatureKind::ordinal:
      case FeatureKind::boolean:
        break;  // rejected by the builder with the reason
    }
    b.set_target(j, key, std::move(t), n.path());
  }
}

// Time windows: ["09:00-12:00", ...] (a list of "HH:MM-HH:MM").
std::vector<TimeWindow> parse_windows(const Node& list) {
  list.require_array();
  std::vector<TimeWindow> out;
  for (std::size_t w = 0; w < list.value().size(); ++w) {
    const Node item = list[w];
    out.push_back(parse_window(item.as_string(), item.path()));
  }
  return out;
}

void parse_companies(const Node& list, KickoffBuilder& b) {
  list.require_array();
  for (std::size_t c = 0; c < list.value().size(); ++c) {
    const Node n = list[c];
    n.require_object();
    n.only_keys({"id", "name", "sector", "capacity", "weights", "targets", "requirements",
                 "ranking", "refused", "interviews"});
    const std::string id = n.get("id").as_string();
    const std::string name = n.has("name") ? n.get("name").as_string() : id;
    const std::string sector = n.has("sector") ? n.get("sector").as_string() : std::string();
    const Node cap = n.get("capacity");
    const std::int64_t capacity = cap.as_integer("a non-negative integer");
    const Index j = b.add_company(id, name, sector, capacity, n.path());
    if (n.has("weights")) {
      const Node w = n.get("weights");
      w.require_object();
      for (const auto& [key, _] : w.value().items()) {
        if (!key.empty() && key[0] == '_') {
          continue;
        }
        const Node v(w.value().at(key), w.child_path(key));
        b.set_weight(j, key, v.as_number(), v.path());
      }
    }
    if (n.has("targets")) {
      parse_targets(n.get("targets"), j, b);
    }
    if (n.has("requirements")) {
      parse_requirements(n.get("requirements"), j, b);
    }
    if (n.has("interviews")) {
      const Node v = n.get("interviews");
      v.require_object();
      v.only_keys({"cap", "rooms", "site", "available"});
      InterviewSetup setup;
      if (v.has("cap")) {
        const std::int64_t limit = v.get("cap").as_integer("a non-negative integer");
        if (limit < 0) {
          throw InvalidArgument("kobling.model.bad_interviews", v.get("cap").path(),
                                "an interview cap must be >= 0, got " + std::to_string(limit));
        }
        setup.cap = static_cast<Index>(std::min<std::int64_t>(limit, kMaxIndex));
      }
      if (v.has("rooms")) {
        const std::int64_t rooms = v.get("rooms").as_integer("a positive integer");
        if (rooms < 1) {
          throw InvalidArgument(
              "kobling.model.bad_interviews", v.get("rooms").path(),
              "a company needs at least one interview room, got " + std::to_string(rooms));
        }
        setup.rooms = static_cast<Index>(std::min<std::int64_t>(rooms, kMaxIndex));
      }
      if (v.has("site")) {
        setup.site = v.get("site").as_string();
      }
      if (v.has("available")) {
        setup.available = parse_windows(v.get("available"));
      }
      b.set_interviews(j, std::move(setup), v.path());
    }
  }
}

void parse_candidate_values(const Node& values, Index i, KickoffBuilder& b) {
  values.require_object();
  for (const auto& [key, value] : values.value().items()) {
    if (!key.empty() && key[0] == '_') {
      continue;
    }
    const Node v(value, values.child_path(key));
    const auto f = b.peek().find_feature(key);
    if (!f) {
      throw OutOfRange("kobling.model.unknown_feature", v.path(),
                       "unknown feature \"" + key + "\"");
    }
    if (v.value().is_null()) {
      continue;  // explicitly unknown
    }
    switch (b.peek().features()[static_cast<std::size_t>(*f)].kind) {
      case FeatureKind::numeric:
        b.set_number(i, key, v.as_number(), v.path());
        break;
      case FeatureKind::ordinal:
        b.set_level(i, key, v.as_string(), v.path());
        break;
      case FeatureKind::boolean:
        b.set_bool(i, key, v.as_bool(), v.path());
        break;
      case FeatureKind::categorical:
      case FeatureKind::skills:
        b.set_codes(i, key, v.as_codes(), v.path());
        break;
      case FeatureKind::location: {
        const auto [lat, lon] = as_place(v);
        b.set_location(i, key, lat, lon, v.path());
        break;
      }
    }
  }
}

void parse_candidates(const Node& list, KickoffBuilder& b) {
  list.require_array();
  for (std::size_t c = 0; c < list.value().size(); ++c) {
    const Node n = list[c];
    n.require_object();
    n.only_keys({"id", "name", "features", "preferences", "available", "load"});
    const Index i = b.add_candidate(n.get("id").as_string(), n.path());
    if (n.has("name")) {
      b.set_candidate_name(i, n.get("name").as_string(), n.child_path("name"));
    }
    if (n.has("load")) {  // 3, or {"min": 3, "max": 4}
      const Node l = n.get("load");
      const auto seats = [](const Node& x) {
        const std::int64_t v = x.as_integer("a number of seats (an integer)");
        if (v < 0 || v > (std::int64_t{1} << 30)) {
          throw InvalidArgument("kobling.loads.invalid", x.path(),
                                "must be between 0 and 2^30 seats, got " + std::to_string(v));
        }
        return static_cast<Index>(v);
      };
      if (l.value().is_object()) {
        l.only_keys({"min", "max"});
        const Index least = l.has("min") ? seats(l.get("min")) : 0;
        b.set_load(i, least, l.has("max") ? seats(l.get("max")) : std::max<Index>(1, least),
                   l.path());
      } else {
        b.set_load(i, 0, seats(l), l.path());
      }
    }
    if (n.has("available")) {
      const Node w = n.get("available");
      b.set_available(i, parse_windows(w), w.path());
    }
    if (n.has("features")) {
      parse_candidate_values(n.get("features"), i, b);
    }
    if (n.has("preferences")) {
      const Node p = n.get("preferences");
      b.set_wishes(i, p.as_strings(), p.path());
    }
  }
}

// Cohort bounds (model.hpp, CohortBound), after the candidates.
void parse_bounds(const Node& list, KickoffBuilder& b) {
  list.require_array();
  for (std::size_t q = 0; q < list.value().size(); ++q) {
    const Node n = list[q];
    n.require_object();
    n.only_keys({"name", "lower", "upper", "companies", "sector", "candidates", "all_or_nothing",
                 "each_company", "penalty"});
    CohortBound c;
    if (n.has("name")) {
      c.name = n.get("name").as_string();
    }
    const auto limit = [&n](const char* key, std::int64_t fallback) {
      if (!n.has(key) || n.get(key).value().is_null()) {
        return fallback;
      }
      return std::clamp<std::int64_t>(n.get(key).as_integer("an integer"), -kMaxIndex, kMaxIndex);
    };
    c.lower = static_cast<Index>(limit("lower", 0));
    c.upper = static_cast<Index>(limit("upper", kNone));
    if (n.has("upper") && !n.get("upper").value().is_null() && c.upper < 0) {
      throw InvalidArgument("kobling.bounds.negative", n.get("upper").path(),
                            "must be >= 0 (or absent), got " + std::to_string(c.upper));
    }
    if (n.has("companies") && n.has("sector")) {
      throw InvalidArgument("kobling.bounds.unknown_group", n.path(),
                            "give companies or sector, not both");
    }
    if (n.has("companies")) {
      c.company_ids = n.get("companies").as_strings();
    }
    if (n.has("sector")) {
      c.sector = n.get("sector").as_string();
    }
    if (n.has("candidates")) {
      const Node g = n.get("candidates");
      if (g.value().is_array()) {
        c.candidate_ids = g.as_strings();
      } else {
        g.require_object();
        g.only_keys({"feature", "min", "max", "codes", "value"});
        c.feature = g.get("feature").as_string();
        const auto f = b.peek().find_feature(c.feature);
        const bool ordinal =
            f && b.peek().features()[static_cast<std::size_t>(*f)].kind == FeatureKind::ordinal;
        const auto bound_value = [&](const char* key) {
          const Node v = g.get(key);
          if (ordinal && v.value().is_string()) {  // a level name: its position
            const auto& levels = b.peek().features()[static_cast<std::size_t>(*f)].levels;
            const auto at = std::find(levels.begin(), levels.end(), v.as_string());
            if (at == levels.end()) {
              throw ParseError(
                  "kobling.json.bad_level", v.path(),
                  "unknown level \"" + v.as_string() + "\" of feature \"" + c.feature + "\"");
            }
            return static_cast<double>(at - levels.begin());
          }
          return v.as_number();
        };
        if (g.has("min")) {
          c.min = bound_value("min");
        }
        if (g.has("max")) {
          c.max = bound_value("max");
        }
        if (g.has("codes")) {
          c.codes = g.get("codes").as_strings();
        }
        if (g.has("value")) {
          c.value = g.get("value").as_bool() ? 1 : 0;
        }
      }
    }
    if (n.has("all_or_nothing")) {
      c.all_or_nothing = n.get("all_or_nothing").as_bool();
    }
    if (n.has("each_company")) {
      c.each_company = n.get("each_company").as_bool();
    }
    if (n.has("penalty") && !n.get("penalty").value().is_null()) {
      c.penalty = n.get("penalty").as_number();
      if (c.penalty < 0.0) {
        throw InvalidArgument("kobling.bounds.bad_penalty", n.get("penalty").path(),
                              "must be a finite number >= 0 (soft) or absent (hard)");
      }
    }
    b.add_bound(std::move(c), n.path());
  }
}

void parse_company_lists(const Node& list, KickoffBuilder& b) {
  for (std::size_t c = 0; c < list.value().size(); ++c) {
    const Node n = list[c];
    const auto j = static_cast<Index>(c);
    if (n.has("ranking")) {  // ids, or arrays of ids sharing a place (a tie)
      const Node r = n.get("ranking");
      r.require_array();
      std::vector<std::vector<std::string>> places;
      for (std::size_t p = 0; p < r.value().size(); ++p) {
        const Node item = r[p];
        places.push_back(item.value().is_array() ? item.as_strings()
                                                 : std::vector<std::string>{item.as_string()});
      }
      b.set_ranking_places(j, places, r.path());
    }
    if (n.has("refused")) {
      const Node r = n.get("refused");
      b.set_refused(j, r.as_strings(), r.path());
    }
  }
}

}  // namespace

Kickoff kickoff_from_json(const json& doc) { return detail::kickoff_from_node(Node(doc, "$")); }

Kickoff detail::kickoff_from_node(const Node& root) {
  root.require_object();
  root.only_keys({"kobling", "name", "max_preferences", "tie_break", "seed", "features",
                  "companies", "candidates", "bounds"});
  KickoffBuilder b;
  if (root.has("kobling")) {
    const Node tag = root.get("kobling");
    if (tag.as_string() != "kickoff/1") {
      throw ParseError("kobling.json.format", tag.path(),
                       "unsupported format \"" + tag.as_string() + "\"; expected \"kickoff/1\"");
    }
  }
  if (root.has("name")) {
    b.name(root.get("name").as_string(), root.child_path("name"));
  }
  if (root.has("max_preferences")) {
    const Node k = root.get("max_preferences");
    const std::int64_t kk = k.as_integer("a positive integer");
    if (kk < 1 || kk > 1'000'000) {
      throw ParseError("kobling.json.range", k.path(),
                       "must be an integer in [1, 1000000], got " + std::to_string(kk));
    }
    b.max_preferences(static_cast<Index>(kk), k.path());
  }
  if (root.has("tie_break") || root.has("seed")) {
    TieBreak rule = TieBreak::lottery;
    std::uint64_t seed = 0;
    if (root.has("tie_break")) {
      const Node t = root.get("tie_break");
      const std::string name = t.as_string();
      try {
        rule = parse_tie_break(name);
      } catch (const InvalidArgument&) {
        throw ParseError("kobling.json.bad_tie_break", t.path(),
                         "unknown tie-breaking rule \"" + name +
                             "\"; expected lottery, lottery_per_company or index");
      }
    }
    if (root.has("seed")) {
      const Node sd = root.get("seed");
      if (sd.value().is_number_unsigned()) {  // the whole range of 64-bit seeds
        seed = sd.value().get<std::uint64_t>();
      } else {
        const std::int64_t v = sd.as_integer("an integer in [0, 2^64)");
        if (v < 0) {
          throw ParseError("kobling.json.range", sd.path(),
                           "the seed must be an integer in [0, 2^64), got " + std::to_string(v));
        }
        seed = static_cast<std::uint64_t>(v);
      }
    }
    b.tie_break(rule, seed);
  }
  if (root.has("features")) {
    parse_features(root.get("features"), b);
  }
  const Node companies = root.get("companies");
  parse_companies(companies, b);
  parse_candidates(root.get("candidates"), b);
  parse_company_lists(companies, b);
  if (root.has("bounds")) {
    parse_bounds(root.get("bounds"), b);
  }
  return b.build();
}

Kickoff parse_kickoff(std::string_view text) {
  return kickoff_from_json(detail::parse_checked(text));
}

IndexVector previous_from_result(const Kickoff& k, std::string_view text) {
  const json doc = detail::parse_checked(text);
  const Node root(doc, "$");
  root.require_object();
  // result/1 (0-based "rank") and result/2 (1-based "wish") name the company
  // alike, which is all a later round reads.
  const std::string format = root.has("kobling") ? root.get("kobling").as_string() : "";
  if (format != "result/2" && format != "result/1") {
    throw ParseError("kobling.json.format", "$.kobling",
                     "not a kobling result (expected \"kobling\": \"result/2\")");
  }
  IndexVector previous = IndexVector::Constant(k.num_candidates(), kNone);
  const Node list = root.get("candidates");
  list.require_array();
  for (std::size_t c = 0; c < list.value().size(); ++c) {
    const Node entry = list[c];
    entry.require_object();
    const Node id = entry.get("id");
    const std::optional<Index> i = k.find_candidate(id.as_string());
    if (!i) {
      throw OutOfRange("kobling.round.unknown_candidate", id.path(),
                       "candidate " + detail::quoted(id.as_string()) +
                           " of the previous result is not in the kick-off; keep them in the "
                           "file and list them as withdrawn");
    }
    const Node company = entry.get("company");
    if (company.value().is_null()) {
      continue;
    }
    const std::optional<Index> j = k.find_company(company.as_string());
    if (!j) {
      throw OutOfRange("kobling.round.unknown_company", company.path(),
                       "company " + detail::quoted(company.as_string()) +
                           " of the previous result is not in the kick-off");
    }
    previous[*i] = *j;
  }
  return previous;
}

Kickoff load_kickoff(const std::filesystem::path& file) {
  return detail::parse_file(file, [](const std::string& text) { return parse_kickoff(text); });
}

IndexVector load_previous_result(const Kickoff& k, const std::filesystem::path& file) {
  return detail::parse_file(
      file, [&k](const std::string& text) { return previous_from_result(k, text); });
}

}  // namespace kobling
