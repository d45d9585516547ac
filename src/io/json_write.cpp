// src/io/json_write.cpp — a kick-off and a result as JSON documents.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "kobling/json_io.hpp"
#include "kobling/policy.hpp"

namespace kobling {

using nlohmann::json;

namespace {

json windows_json(const std::vector<TimeWindow>& windows) {
  json out = json::array();
  for (const TimeWindow& w : windows) {
    out.push_back(window_text(w));
  }
  return out;
}

}  // namespace

json kickoff_to_json(const Kickoff& k) {
  json doc;
  doc["kobling"] = "kickoff/1";
  doc["name"] = k.name();
  doc["max_preferences"] = k.max_preferences();
  doc["tie_break"] = std::string(to_string(k.tie_break()));
  doc["seed"] = k.seed();
  doc["features"] = json::array();
  for (const FeatureSpec& f : k.features()) {
    json jf{{"name", f.name}, {"kind", std::string(to_string(f.kind))}};
    if (f.label != f.name) {
      jf["label"] = f.label;
    }
    if (f.kind == FeatureKind::numeric) {
      jf["min"] = f.min;
      jf["max"] = f.max;
    }
    if (f.kind == FeatureKind::ordinal) {
      jf["levels"] = f.levels;
    }
    if (f.is_protected) {
      jf["protected"] = true;
    }
    doc["features"].push_back(jf);
  }
  const auto cand_ids = [&](const std::vector<Index>& xs) {
    json a = json::array();
    for (const Index i : xs) {
      a.push_back(k.candidates()[static_cast<std::size_t>(i)].id);
    }
    return a;
  };
  doc["companies"] = json::array();
  for (const Company& c : k.companies()) {
    json jc{{"id", c.id}, {"name", c.name}, {"sector", c.sector}, {"capacity", c.capacity}};
    json weights = json::object();
    json targets = json::object();
    for (std::size_t f = 0; f < k.features().size(); ++f) {
      if (c.weights[f] != 0.0) {
        weights[k.features()[f].name] = c.weights[f];
      }
      const Target& t = c.targets[f];
      if (t.empty()) {
        continue;
      }
      json& jt = targets[k.features()[f].name];
      switch (k.features()[f].kind) {
        case FeatureKind::numeric:
          jt = {{"min", t.lo}, {"max", t.hi}};
          break;
        case FeatureKind::categorical:
          jt = t.codes;
          break;
        case FeatureKind::skills:
          jt = json::object();
          if (!t.required.empty()) {
            jt["required"] = t.required;
          }
          if (!t.desired.empty()) {
            jt["desired"] = t.desired;
          }
          break;
        case FeatureKind::location:
          jt = {{"at", {t.lat, t.lon}}, {"radius_km", t.radius_km}};
          break;
        case FeatureKind::ordinal:
        case FeatureKind::boolean:
          break;
      }
    }
    jc["weights"] = weights;
    if (!targets.empty()) {
      jc["targets"] = targets;
    }
    json reqs = json::object();
    for (const Requirement& r : c.requirements) {
      const FeatureSpec& spec = k.features()[static_cast<std::size_t>(r.feature)];
      const auto level = [&](double v) -> json {
        if (spec.kind == FeatureKind::ordinal) {
          return spec.levels[static_cast<std::size_t>(v)];
        }
        return v;
      };
      switch (r.op) {
        case Requirement::Op::at_least:
          reqs[spec.name]["min"] = level(r.threshold);
          break;
        case Requirement::Op::at_most:
          reqs[spec.name]["max"] = level(r.threshold);
          break;
        case Requirement::Op::is_true:
          reqs[spec.name] = true;
          break;
        case Requirement::Op::one_of:
        case Requirement::Op::has_all:
          reqs[spec.name] = r.codes;
          break;
        case Requirement::Op::within_km:
          reqs[spec.name] = {{"max_km", r.threshold}, {"at", {r.lat, r.lon}}};
          break;
      }
    }
    if (!reqs.empty()) {
      jc["requirements"] = reqs;
    }
    if (!c.ranking.empty()) {  // a shared place (a tie) as an array of ids
      json ranking = json::array();
      for (std::size_t p = 0; p < c.ranking.size(); ++p) {
        const json id = k.candidates()[static_cast<std::size_t>(c.ranking[p])].id;
        const bool shared =
            (p > 0 && c.ranking_place[p] == c.ranking_place[p - 1]) ||
            (p + 1 < c.ranking.size() && c.ranking_place[p] == c.ranking_place[p + 1]);
        if (!shared) {
          ranking.push_back(id);
        } else if (p > 0 && c.ranking_place[p] == c.ranking_place[p - 1]) {
          ranking.back().push_back(id);
        } else {
          ranking.push_back(json::array({id}));
        }
      }
      jc["ranking"] = ranking;
    }
    if (!c.refused.empty()) {
      jc["refused"] = cand_ids(c.refused);
    }
    const InterviewSetup& iv = c.interviews;
    if (iv.cap != kNone || iv.rooms != 1 || !iv.site.empty() || !iv.available.empty()) {
      json ji = json::object();
      if (iv.cap != kNone) {
        ji["cap"] = iv.cap;
      }
      if (iv.rooms != 1) {
        ji["rooms"] = iv.rooms;
      }
      if (!iv.site.empty()) {
        ji["site"] = iv.site;
      }
      if (!iv.available.empty()) {
        ji["available"] = windows_json(iv.available);
      }
      jc["interviews"] = ji;
    }
    doc["companies"].push_back(jc);
  }
  doc["candidates"] = json::array();
  for (Index i = 0; i < k.num_candidates(); ++i) {
    const Candidate& cand = k.candidates()[static_cast<std::size_t>(i)];
    json values = json::object();
    for (std::size_t f = 0; f < k.features().size(); ++f) {
      const FeatureSpec& spec = k.features()[f];
      const FeatureColumn& col = k.columns()[f];
      const auto iu = static_cast<std::size_t>(i);
      if (col.state[iu] == ValueState::unknown) {
        continue;
      }
      switch (spec.kind) {
        case FeatureKind::numeric:
          values[spec.name] = col.value[iu];
          break;
        case FeatureKind::ordinal:
          values[spec.name] = spec.levels[static_cast<std::size_t>(col.value[iu])];
          break;
        case FeatureKind::boolean:
          values[spec.name] = col.state[iu] == ValueState::present;
          break;
        case FeatureKind::categorical:
        case FeatureKind::skills:
          values[spec.name] = col.codes[iu];
          break;
        case FeatureKind::location:
          values[spec.name] = {col.value[iu], col.value2[iu]};
          break;
      }
    }
    json wishes = json::array();
    for (const Index j : cand.wishes) {
      wishes.push_back(k.companies()[static_cast<std::size_t>(j)].id);
    }
    json jc{{"id", cand.id}, {"features", values}, {"preferences", wishes}};
    if (!cand.name.empty()) {
      jc["name"] = cand.name;
    }
    if (!cand.available.empty()) {
      jc["available"] = windows_json(cand.available);
    }
    if (cand.load_min != 0) {
      jc["load"] = json{{"min", cand.load_min}, {"max", cand.load_max}};
    } else if (cand.load_max != 1) {
      jc["load"] = cand.load_max;
    }
    doc["candidates"].push_back(jc);
  }
  if (!k.bounds().empty()) {
    doc["bounds"] = json::array();
    for (const CohortBound& b : k.bounds()) {
      json jb = json::object();
      if (!b.name.empty()) {
        jb["name"] = b.name;
      }
      jb["lower"] = b.lower;
      if (b.upper != kNone) {
        jb["upper"] = b.upper;
      }
      if (!b.company_ids.empty()) {
        jb["companies"] = b.company_ids;
      } else if (!b.sector.empty()) {
        jb["sector"] = b.sector;
      }
      if (!b.candidate_ids.empty()) {
        jb["candidates"] = b.candidate_ids;
      } else if (!b.feature.empty()) {
        const FeatureSpec& spec =
            k.features()[static_cast<std::size_t>(*k.find_feature(b.feature))];
        json g{{"feature", b.feature}};
        const auto value = [&](double x) -> json {
          return spec.kind == FeatureKind::ordinal ? json(spec.levels[static_cast<std::size_t>(x)])
                                                   : json(x);
        };
        if (std::isfinite(b.min)) {
          g["min"] = value(b.min);
        }
        if (std::isfinite(b.max)) {
          g["max"] = value(b.max);
        }
        if (!b.codes.empty()) {
          g["codes"] = b.codes;
        }
        if (b.value >= 0) {
          g["value"] = b.value == 1;
        }
        jb["candidates"] = g;
      }
      if (b.all_or_nothing) {
        jb["all_or_nothing"] = true;
      }
      if (b.each_company) {
        jb["each_company"] = true;
      }
      if (b.penalty >= 0.0) {
        jb["penalty"] = b.penalty;
      }
      doc["bounds"].push_back(jb);
    }
  }
  return doc;
}

namespace {

// The rule, the seed and every tie that decided seats, with each tied
// candidate's lottery number (16 hex digits: exact in any JSON reader).
json tie_break_to_json(const Kickoff& k, const Assignment& a) {
  const TieOrder order{a.tie_break, a.seed};
  json ties = json::array();
  for (const DecidedTie& t : a.ties) {
    const auto ids = [&](const std::vector<Index>& xs) {
      json list = json::array();
      for (const Index i : xs) {
        list.push_back(k.candidates()[static_cast<std::size_t>(i)].id);
      }
      return list;
    };
    json jt{{"company", k.companies()[static_cast<std::size_t>(t.company)].id},
            {"score", std::isnan(t.score) ? json(nullptr) : json(t.score)},
            {"won", ids(t.won)},
            {"lost", ids(t.lost)}};
    if (a.tie_break != TieBreak::index) {
      json numbers = json::object();
      for (const auto* side : {&t.won, &t.lost}) {
        for (const Index i : *side) {
          char hex[17];
          std::snprintf(hex, sizeof hex, "%016llx",
                        static_cast<unsigned long long>(order.key(i, t.company)));
          numbers[k.candidates()[static_cast<std::size_t>(i)].id] = hex;
        }
      }
      jt["lottery"] = numbers;
    }
    ties.push_back(jt);
  }
  return {{"rule", std::string(to_string(a.tie_break))},
          {"seed", a.seed},
          {"why", a.tie_break == TieBreak::index ? "lower candidate index (row order) wins"
                                                 : "lower lottery number wins"},
          {"ties", ties}};
}

json reasons_to_json(const Kickoff& k, const ResultReasons& reasons, Policy policy, Lang lang) {
  const auto cand = [&](Index i) { return k.candidates()[static_cast<std::size_t>(i)].id; };
  const auto comp = [&](Index j) { return k.companies()[static_cast<std::size_t>(j)].id; };
  const auto feature = [&](Index f) -> json {
    return f == kNone ? json(nullptr) : json(k.features()[static_cast<std::size_t>(f)].name);
  };
  json out = json::object();
  out["lang"] = std::string(to_string(lang));
  json unplaced = json::array();
  for (const UnplacedReasons& u : reasons.unplaced) {
    json wishes = json::array();
    for (const WishReason& w : u.wishes) {
      json others = json::array();
      for (const Index i : w.others) {
        others.push_back(cand(i));
      }
      json requirements = json::array();
      for (const Reason& r : w.requirements) {
        requirements.push_back({{"feature", feature(r.feature)},
                                {"code", std::string(to_string(r.code))},
                                {"text", requirement_text(k, r, lang)}});
      }
      wishes.push_back({{"wish", w.rank + 1},
                        {"company", comp(w.company)},
                        {"code", std::string(to_string(w.code))},
                        {"text", wish_reason_text(k, w, policy, lang)},
                        {"others", others},
                        {"requirements", requirements}});
    }
    unplaced.push_back({{"id", cand(u.candidate)}, {"wishes", wishes}});
  }
  out["unplaced"] = unplaced;
  json seats = json::array();
  for (const EmptySeats& s : reasons.empty_seats) {
    seats.push_back({{"company", comp(s.company)},
                     {"free", s.free},
                     {"code", std::string(to_string(s.code))},
                     {"text", empty_seats_text(k, s, lang)},
                     {"applicants", s.applicants},
                     {"ineligible", s.ineligible},
                     {"refused", s.refused},
                     {"placed_higher", s.placed_higher}});
  }
  out["empty_seats"] = seats;
  json misses = json::array();
  for (const NearMiss& m : reasons.near_misses) {
    misses.push_back({{"candidate", cand(m.candidate)},
                      {"company", comp(m.company)},
                      {"feature", feature(m.requirement.feature)},
                      {"code", std::string(to_string(m.requirement.code))},
                      {"text", requirement_text(k, m.requirement, lang)},
                      {"listed", m.listed}});
  }
  out["near_misses"] = misses;
  out["near_misses_listed_only"] = reasons.near_misses_listed_only;
  out["invitations_limited"] = reasons.invitations_limited;
  json invitations = json::array();
  for (const Invitation& inv : reasons.invitations) {
    json companies = json::array();
    for (const Index j : inv.companies) {
      companies.push_back(comp(j));
    }
    invitations.push_back({{"candidate", cand(inv.candidate)}, {"companies", companies}});
  }
  out["invitations"] = invitations;
  return out;
}

}  // namespace

json result_to_json(const Kickoff& k, const Assignment& a, std::string_view policy,
                    const ResultReasons* reasons, Lang lang) {
  check_result(k, a);
  json out;
  out["kobling"] = "result/2";
  out["kickoff"] = k.name();
  out["policy"] = std::string(policy);
  std::int64_t seats = 0;
  for (const Company& c : k.companies()) {
    seats += c.capacity;
  }
  json counts = json::array();
  for (Eigen::Index r = 0; r < a.rank_counts.size(); ++r) {
    counts.push_back(a.rank_counts[r]);
  }
  out["summary"] = {{"candidates", k.num_candidates()},
                    {"companies", k.num_companies()},
                    {"seats", seats},
                    {"placed", a.placed},
                    {"rank_counts", counts},
                    {"objective", a.objective}};
  out["candidates"] = json::array();
  std::vector<std::vector<std::string>> rosters(static_cast<std::size_t>(k.num_companies()));
  for (Index i = 0; i < k.num_candidates(); ++i) {
    const Index j = a.company[i];
    const Candidate& cand = k.candidates()[static_cast<std::size_t>(i)];
    json jc{{"id", cand.id}};
    if (!cand.name.empty()) {
      jc["name"] = cand.name;
    }
    // The wish as everyone counts it: 1 = first (null: unplaced, or placed
    // off the list in a later round).
    if (j == kNone) {
      jc["company"] = nullptr;
      jc["wish"] = nullptr;
    } else {
      jc["company"] = k.companies()[static_cast<std::size_t>(j)].id;
      jc["wish"] = a.rank[i] == kNone ? json(nullptr) : json(a.rank[i] + 1);
      rosters[static_cast<std::size_t>(j)].push_back(
          k.candidates()[static_cast<std::size_t>(i)].id);
    }
    out["candidates"].push_back(jc);
  }
  if (a.pairs.rows() > 0) {  // loads: every placement, 1-based wish
    out["pairs"] = json::array();
    for (Eigen::Index q = 0; q < a.pairs.rows(); ++q) {
      const Candidate& c = k.candidate(a.pairs(q, 0));
      const Index j = a.pairs(q, 1);
      const auto at = std::find(c.wishes.begin(), c.wishes.end(), j);
      out["pairs"].push_back(
          json{{"candidate", c.id},
               {"company", k.company(j).id},
               {"wish", at == c.wishes.end() ? json(nullptr) : json(at - c.wishes.begin() + 1)}});
    }
  }
  if (!a.bounds.empty()) {
    const std::vector<Bound> bounds = array_bounds(k);
    out["bounds"] = json::array();
    for (std::size_t b = 0; b < a.bounds.size(); ++b) {
      const BoundOutcome& o = a.bounds[b];
      json jb{{"name", o.name},
              {"count", o.count},
              {"lower", bounds[b].lower},
              {"upper", bounds[b].upper == kNone ? json(nullptr) : json(bounds[b].upper)},
              {"all_or_nothing", bounds[b].all_or_nothing},
              {"hard", bounds[b].hard()},
              {"shortfall", o.shortfall},
              {"excess", o.excess}};
      if (!o.price.empty()) {
        json price = json::object();
        for (std::size_t l = 0; l < o.price.size(); ++l) {
          price[o.price_levels[l]] = o.price[l];
        }
        jb["price"] = price;
      }
      out["bounds"].push_back(jb);
    }
    out["proven_optimal"] = a.proven_optimal;
    out["bounds_method"] = a.bounds_method;
  }
  if (a.baseline_placed >= 0) {
    out["deferred_acceptance_placed"] = a.baseline_placed;
  }
  {
    out["tie_break"] = tie_break_to_json(k, a);
    const auto ids = [&](const std::vector<Index>& xs) {
      json list = json::array();
      for (const Index i : xs) {
        list.push_back(k.candidates()[static_cast<std::size_t>(i)].id);
      }
      return list;
    };
    out["changes"] = {{"moved", ids(a.changes.moved)},
                      {"newly_placed", ids(a.changes.newly_placed)},
                      {"lost_seat", ids(a.changes.lost_seat)}};
  }
  out["companies"] = json::array();
  for (Index j = 0; j < k.num_companies(); ++j) {
    const Company& c = k.companies()[static_cast<std::size_t>(j)];
    const auto& roster = rosters[static_cast<std::size_t>(j)];
    out["companies"].push_back(
        {{"id", c.id}, {"capacity", c.capacity}, {"filled", roster.size()}, {"roster", roster}});
  }
  if (reasons != nullptr) {
    const std::string label(policy);
    json r = reasons_to_json(k, *reasons, parse_policy(label.substr(0, label.find_first_of(" ,"))),
                             lang);
    for (auto& [key, value] : r.items()) {
      out[key] = value;
    }
  }
  return out;
}

}  // namespace kobling
