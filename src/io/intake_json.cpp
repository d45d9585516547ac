// The "intake/1" JSON format (kobling/json_io.hpp): read through the same
// Node class as the kick-off, so every error names its JSON path; the checks
// of the record step itself are make_intake's (outcomes.cpp), with their
// places translated to the document's paths.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "io/json_node.hpp"
#include "kobling/errors.hpp"
#include "kobling/json_io.hpp"
#include "kobling/outcomes.hpp"
#include "kobling/policy.hpp"

namespace kobling {

namespace {

using detail::Node;
using nlohmann::json;

Index candidate_of(const Kickoff& k, const Node& n) {
  const std::string id = n.as_string();
  const std::optional<Index> i = k.find_candidate(id);
  if (!i) {
    throw OutOfRange("kobling.outcome.unknown_candidate", n.path(),
                     "no candidate " + detail::quoted(id) +
                         " in the intake's kick-off; outcomes are recorded for its candidates");
  }
  return *i;
}

Index company_of(const Kickoff& k, const Node& n) {
  const std::string id = n.as_string();
  const std::optional<Index> j = k.find_company(id);
  if (!j) {
    throw OutOfRange("kobling.outcome.unknown_company", n.path(),
                     "no company " + detail::quoted(id) + " in the intake's kick-off");
  }
  return *j;
}

OutcomeEvent event_from(const Node& n) {
  n.require_object();
  n.only_keys({"status", "date", "reason"});
  OutcomeEvent ev;
  const Node status = n.get("status");
  const std::string text = status.as_string();
  const std::optional<OutcomeStatus> s = parse_outcome_status(text);
  if (!s) {
    throw ParseError("kobling.outcome.bad_status", status.path(),
                     "unknown status " + detail::quoted(text) +
                         "; use declined, started, completed, dropped_out (placement statuses), "
                         "in_work, in_education or inactive (destinations)");
  }
  ev.status = *s;
  const Node date = n.get("date");
  ev.date = parse_date(date.as_string(), date.path());
  if (n.has("reason")) {
    ev.reason = n.get("reason").as_string();
  }
  ev.where = n.path();
  return ev;
}

}  // namespace

Intake detail::intake_from_node(const Node& root, std::shared_ptr<const Kickoff> kickoff) {
  root.require_object();
  root.only_keys({"kobling", "id", "date", "follow_up", "policy", "reason_codes", "kickoff",
                  "placements", "outcomes"});
  const Node tag = root.get("kobling");
  if (tag.as_string() != "intake/1") {
    throw ParseError("kobling.json.format", tag.path(),
                     "unsupported format \"" + tag.as_string() + "\"; expected \"intake/1\"");
  }
  IntakeInfo info;
  info.id = root.get("id").as_string();
  const Node date = root.get("date");
  info.date = parse_date(date.as_string(), date.path());
  if (root.has("follow_up") && !root.value().at("follow_up").is_null()) {
    const Node f = root.get("follow_up");
    info.follow_up = parse_date(f.as_string(), f.path());
  }
  if (root.has("policy")) {
    const Node p = root.get("policy");
    const std::string name = p.as_string();
    try {
      info.policy = parse_policy(name);
    } catch (const InvalidArgument& e) {
      throw InvalidArgument(e.id(), p.path(), e.reason());
    }
  }
  if (root.has("reason_codes")) {
    info.reason_codes = root.get("reason_codes").as_strings();
  }
  if (!kickoff) {
    kickoff = std::make_shared<const Kickoff>(kickoff_from_node(root.get("kickoff")));
  }
  const Kickoff& k = *kickoff;
  // make_intake names its places "id", "follow_up" and "company_of[i]"; the
  // document's paths for them.
  std::map<std::string, std::string> paths{{"id", root.child_path("id")},
                                           {"follow_up", root.child_path("follow_up")},
                                           {"company_of", root.child_path("placements")}};
  IndexVector placed = IndexVector::Constant(k.num_candidates(), kNone);
  if (root.has("placements")) {
    const Node list = root.get("placements");
    list.require_array();
    std::vector<std::string> first(static_cast<std::size_t>(k.num_candidates()));
    for (std::size_t p = 0; p < list.value().size(); ++p) {
      const Node n = list[p];
      n.require_object();
      n.only_keys({"candidate", "company"});
      const Node c = n.get("candidate");
      const Index i = candidate_of(k, c);
      const Index j = company_of(k, n.get("company"));
      std::string& seen = first[static_cast<std::size_t>(i)];
      if (!seen.empty()) {
        throw InvalidArgument("kobling.intake.bad_placements", c.path(),
                              "candidate " + detail::quoted(k.candidate(i).id) +
                                  " is placed twice (also at " + seen +
                                  "); a candidate has one placement");
      }
      seen = n.path();
      placed[i] = j;
      paths[detail::at("company_of", i)] = n.path();
    }
  }
  std::vector<OutcomeRecord> records;
  if (root.has("outcomes")) {
    const Node list = root.get("outcomes");
    list.require_array();
    for (std::size_t r = 0; r < list.value().size(); ++r) {
      const Node n = list[r];
      n.require_object();
      n.only_keys({"candidate", "company", "events"});
      OutcomeRecord rec;
      rec.where = n.path();
      rec.candidate = candidate_of(k, n.get("candidate"));
      if (n.has("company") && !n.value().at("company").is_null()) {
        rec.company = company_of(k, n.get("company"));
      }
      const Node events = n.get("events");
      events.require_array();
      for (std::size_t e = 0; e < events.value().size(); ++e) {
        rec.events.push_back(event_from(events[e]));
      }
      records.push_back(std::move(rec));
    }
  }
  try {
    return make_intake(std::move(kickoff), std::move(info), std::move(placed), std::move(records));
  } catch (const InvalidArgument& e) {
    const auto it = paths.find(e.place());
    if (it == paths.end()) {
      throw;
    }
    throw InvalidArgument(e.id(), it->second, e.reason());
  }
}

Intake intake_from_json(const json& doc) { return detail::intake_from_node(Node(doc, "$")); }

Intake parse_intake(std::string_view text) { return intake_from_json(detail::parse_checked(text)); }

Intake load_intake(const std::filesystem::path& file) {
  return detail::parse_file(file, [](const std::string& text) { return parse_intake(text); });
}

json intake_to_json(const Intake& intake) {
  const Kickoff& k = intake.kickoff();
  const IntakeInfo& info = intake.info();
  json doc;
  doc["kobling"] = "intake/1";
  doc["id"] = info.id;
  doc["date"] = to_string(info.date);
  if (info.follow_up) {
    doc["follow_up"] = to_string(*info.follow_up);
  }
  doc["policy"] = std::string(to_string(info.policy));
  doc["reason_codes"] = info.reason_codes;
  doc["kickoff"] = kickoff_to_json(k);
  json placements = json::array();
  for (Index i = 0; i < k.num_candidates(); ++i) {
    const Index j = intake.company_of()[i];
    if (j != kNone) {
      placements.push_back({{"candidate", k.candidate(i).id}, {"company", k.company(j).id}});
    }
  }
  doc["placements"] = std::move(placements);
  json outcomes = json::array();
  for (const OutcomeRecord& rec : intake.records()) {
    json r;
    r["candidate"] = k.candidate(rec.candidate).id;
    if (rec.company != kNone) {
      r["company"] = k.company(rec.company).id;
    }
    json events = json::array();
    for (const OutcomeEvent& ev : rec.events) {
      json e;
      e["status"] = std::string(to_string(ev.status));
      e["date"] = to_string(ev.date);
      if (!ev.reason.empty()) {
        e["reason"] = ev.reason;
      }
      events.push_back(std::move(e));
    }
    r["events"] = std::move(events);
    outcomes.push_back(std::move(r));
  }
  doc["outcomes"] = std::move(outcomes);
  return doc;
}

}  // namespace kobling
