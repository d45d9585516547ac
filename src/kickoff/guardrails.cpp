// src/kickoff/guardrails.cpp — the group report: hand and learned weights
// re-run on the same kick-offs, compared by group.
#include "kobling/guardrails.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "common/text.hpp"
#include "kobling/errors.hpp"
#include "kobling/scoring.hpp"

namespace kobling {

using detail::quoted;

namespace {

constexpr double kFourFifths = 0.8;
constexpr Index kSmallGroup = 20;
const std::string kUnknown = "unknown";

std::string fixed(double x, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

std::string bin_label(double lo, double hi) {
  std::string out(1, '[');  // (appending avoids GCC 12's false -Wrestrict on "[" + ...)
  out += detail::num(lo);
  out += ", ";
  out += detail::num(hi);
  out += ')';
  return out;
}

// The group of every candidate of one kick-off.
std::vector<std::string> groups_of(const Kickoff& k, const GroupSpec& spec,
                                   const std::map<std::string, std::string>& external) {
  const auto n = static_cast<std::size_t>(k.num_candidates());
  std::vector<std::string> out(n, kUnknown);
  if (!spec.labels.empty()) {
    for (std::size_t i = 0; i < n; ++i) {
      const auto it = external.find(k.candidates()[i].id);
      if (it != external.end()) {
        out[i] = it->second;
      }
    }
    return out;
  }
  const auto f = std::find_if(k.features().begin(), k.features().end(),
                              [&](const FeatureSpec& s) { return s.name == spec.feature; });
  if (f == k.features().end()) {
    throw OutOfRange(
        "kobling.weights.unknown_feature", "group by",
        "the kick-off " + quoted(k.name()) + " has no feature " + quoted(spec.feature));
  }
  const FeatureSpec& fs = *f;
  const FeatureColumn& col = k.columns()[static_cast<std::size_t>(f - k.features().begin())];
  for (std::size_t i = 0; i < n; ++i) {
    if (col.state[i] == ValueState::unknown) {
      continue;
    }
    const bool present = col.state[i] == ValueState::present;
    switch (fs.kind) {
      case FeatureKind::boolean:
        out[i] = present && col.value[i] != 0.0 ? "yes" : "no";
        break;
      case FeatureKind::ordinal:
        out[i] = present ? fs.levels[static_cast<std::size_t>(col.value[i])] : kUnknown;
        break;
      case FeatureKind::categorical:
        out[i] = present && !col.codes[i].empty() ? col.codes[i].front() : "none";
        break;
      case FeatureKind::numeric: {
        out[i] = "other";
        for (std::size_t b = 0; b + 1 < spec.bins.size(); ++b) {
          if (col.value[i] >= spec.bins[b] && col.value[i] < spec.bins[b + 1]) {
            out[i] = bin_label(spec.bins[b], spec.bins[b + 1]);
          }
        }
        break;
      }
      case FeatureKind::skills:
      case FeatureKind::location:
        break;  // refused before
    }
  }
  return out;
}

}  // namespace

void check_group_spec(std::span<const Kickoff* const> kickoffs, const GroupSpec& spec) {
  if (!spec.labels.empty()) {
    std::set<std::string> ids;
    for (const Kickoff* k : kickoffs) {
      for (const Candidate& c : k->candidates()) {
        ids.insert(c.id);
      }
    }
    for (std::size_t r = 0; r < spec.labels.size(); ++r) {
      if (!ids.contains(spec.labels[r].first)) {
        throw OutOfRange(
            "kobling.guard.unknown_candidate", "groups[" + std::to_string(r) + "]",
            "no candidate " + quoted(spec.labels[r].first) + " in the kick-offs of the report");
      }
    }
    return;
  }
  bool found = false;
  for (const Kickoff* k : kickoffs) {
    for (const FeatureSpec& s : k->features()) {
      if (s.name != spec.feature) {
        continue;
      }
      found = true;
      if (s.kind == FeatureKind::location || s.kind == FeatureKind::skills) {
        throw InvalidArgument("kobling.guard.bad_attribute", "group by",
                              std::string(to_string(s.kind)) + " feature " + quoted(s.name) +
                                  " cannot form groups; use a boolean, ordinal, categorical or "
                                  "numeric feature, or labels");
      }
      if (s.kind == FeatureKind::numeric) {
        bool increasing = spec.bins.size() >= 2;
        for (std::size_t b = 1; b < spec.bins.size(); ++b) {
          increasing = increasing && spec.bins[b] > spec.bins[b - 1];
        }
        if (!increasing) {
          throw InvalidArgument("kobling.guard.bins_required", "bins",
                                "numeric feature " + quoted(s.name) +
                                    " needs increasing bin edges (at least two), e.g. 16, 20, "
                                    "25, 36");
        }
      }
    }
  }
  if (!found) {
    throw OutOfRange("kobling.weights.unknown_feature", "group by",
                     "no kick-off of the report has a feature " + quoted(spec.feature));
  }
}

namespace {

struct Run {
  const Kickoff* kickoff;
  Policy policy;
  const Intake* intake;  // null for a kick-off to come
};

GroupReport report(std::span<const Run> runs, const WeightProfile& profile, const GroupSpec& spec,
                   const LabelRule& rule) {
  std::vector<const Kickoff*> ks;
  for (const Run& r : runs) {
    ks.push_back(r.kickoff);
  }
  check_group_spec(ks, spec);
  const std::map<std::string, std::string> external(spec.labels.begin(), spec.labels.end());
  GroupReport out;
  out.attribute = spec.labels.empty() ? spec.feature : "groups given";
  std::vector<std::string> order;
  std::map<std::string, GroupRow> rows;
  for (const Run& run : runs) {
    const Kickoff& k = *run.kickoff;
    out.kickoffs.push_back(run.intake != nullptr ? run.intake->id() : k.name());
    WithWeightsOptions force;
    force.force = true;
    const Kickoff learned_k = with_weights(k, profile, true, force);
    MatchOptions mo;
    mo.policy = run.policy;
    const Assignment hand = match(k, score_listed(k), mo);
    const Assignment learned = match(learned_k, score_listed(learned_k), mo);
    const std::vector<std::string> group = groups_of(k, spec, external);
    std::vector<Label> label;
    if (run.intake != nullptr) {
      label = labels(*run.intake, rule);
    }
    for (Index i = 0; i < k.num_candidates(); ++i) {
      const std::string& g = group[static_cast<std::size_t>(i)];
      if (!rows.contains(g)) {
        order.push_back(g);
        rows[g].group = g;
      }
      GroupRow& row = rows[g];
      ++row.candidates;
      const bool h = hand.company(i) != kNone;
      const bool l = learned.company(i) != kNone;
      row.placed_hand += h ? 1 : 0;
      row.placed_learned += l ? 1 : 0;
      row.gained += l && !h ? 1 : 0;
      row.lost += h && !l ? 1 : 0;
      if (run.intake != nullptr && run.intake->company_of()(i) != kNone) {
        ++row.placed_recorded;
        const Label lab = label[static_cast<std::size_t>(i)];
        row.good += lab == Label::good ? 1 : 0;
        row.bad += lab == Label::bad ? 1 : 0;
      }
    }
  }
  // Bins and levels in their order, other groups as they appeared; "other"
  // (outside the bins), "none" and "unknown" last.
  const auto rank = [&](const std::string& g) -> std::size_t {
    for (std::size_t b = 0; b + 1 < spec.bins.size(); ++b) {
      if (g == bin_label(spec.bins[b], spec.bins[b + 1])) {
        return b;
      }
    }
    for (const Run& run : runs) {
      for (const FeatureSpec& f : run.kickoff->features()) {
        if (f.name == spec.feature && spec.labels.empty()) {
          const auto it = std::find(f.levels.begin(), f.levels.end(), g);
          if (it != f.levels.end()) {
            return static_cast<std::size_t>(it - f.levels.begin());
          }
        }
      }
    }
    const std::size_t last = std::numeric_limits<std::size_t>::max();
    return g == kUnknown ? last : g == "none" || g == "other" ? last - 1 : last - 2;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
  // The reference: the highest rate among the groups of at least 20
  // candidates with a known value (a tiny group's rate says little), else
  // among all groups with a known value, else all groups.
  const auto rate = [](Index k, Index n) {
    return n == 0 ? 0.0 : static_cast<double>(k) / static_cast<double>(n);
  };
  const auto known = [](const std::string& g) {
    return g != kUnknown && g != "other" && g != "none";
  };
  double best_hand = 0.0;
  double best_learned = 0.0;
  for (int pass = 0; pass < 3 && best_hand == 0.0 && best_learned == 0.0; ++pass) {
    for (const std::string& g : order) {
      const GroupRow& r = rows[g];
      if ((pass < 2 && !known(g)) || (pass == 0 && r.candidates < kSmallGroup)) {
        continue;
      }
      best_hand = std::max(best_hand, rate(r.placed_hand, r.candidates));
      best_learned = std::max(best_learned, rate(r.placed_learned, r.candidates));
    }
  }
  for (const std::string& g : order) {
    GroupRow r = rows[g];
    r.hand_ci = wilson_interval(r.placed_hand, r.candidates);
    r.learned_ci = wilson_interval(r.placed_learned, r.candidates);
    r.impact_hand = best_hand > 0.0 ? rate(r.placed_hand, r.candidates) / best_hand : 1.0;
    r.impact_learned =
        best_learned > 0.0 ? rate(r.placed_learned, r.candidates) / best_learned : 1.0;
    // Flagged: below four fifths of the reference, lower than under the hand
    // weights, and fewer of the group placed (not only a reference that rose).
    r.flagged = r.impact_learned < kFourFifths && r.impact_learned < r.impact_hand &&
                r.placed_learned < r.placed_hand;
    r.small = r.candidates < kSmallGroup;
    if (r.flagged) {
      out.notes.push_back(
          "group " + quoted(g) + ": the learned weights would place " +
          fixed(100.0 * rate(r.placed_learned, r.candidates), 0) + "% of its candidates against " +
          fixed(100.0 * rate(r.placed_hand, r.candidates), 0) +
          "% with the hand weights, an impact ratio of " + fixed(r.impact_learned, 2) +
          " (below 0.8); look at why before " + "adopting them.");
    }
    if (r.small) {
      out.notes.push_back("group " + quoted(g) + " has " + std::to_string(r.candidates) +
                          (r.candidates == 1 ? " candidate" : " candidates") +
                          ": too few to conclude from; read its intervals.");
    }
    out.rows.push_back(std::move(r));
  }
  return out;
}

}  // namespace

GroupReport group_report(std::span<const Intake> intakes, const WeightProfile& profile,
                         const GroupSpec& spec, const LabelRule& rule) {
  std::vector<Run> runs;
  for (const Intake& t : intakes) {
    runs.push_back({&t.kickoff(), t.info().policy, &t});
  }
  return report(runs, profile, spec, rule);
}

GroupReport group_report(const Kickoff& kickoff, const WeightProfile& profile,
                         const GroupSpec& spec, Policy policy) {
  const Run run{&kickoff, policy, nullptr};
  return report(std::span<const Run>(&run, 1), profile, spec, {});
}

std::string format_group_report(const GroupReport& r, Lang lang) {
  const bool nb = lang == Lang::nb;
  const auto t = [nb](const char* en, const char* no) { return nb ? no : en; };
  const auto pct = [](Index k, Index n) {
    return n == 0 ? std::string("-")
                  : fixed(100.0 * static_cast<double>(k) / static_cast<double>(n), 0) + "%";
  };
  std::ostringstream s;
  s << t("Groups by ", "Grupper etter ") << r.attribute << " (" << detail::join(r.kickoffs)
    << t("), each re-run with the hand and the learned weights\n",
         "), hver kjørt på nytt med de manuelle og de lærte vektene\n");
  s << t(
      "  group: candidates; placed hand -> learned (impact ratio); gained, lost; outcomes "
      "good/bad among those placed as recorded\n",
      "  gruppe: kandidater; plassert manuelle -> lærte (andel av beste gruppe); fikk plass, "
      "mistet plass; utfall gode/dårlige blant dem som ble plassert\n");
  for (const GroupRow& row : r.rows) {
    s << "  " << row.group << ": " << row.candidates << "; " << pct(row.placed_hand, row.candidates)
      << " (" << fixed(row.impact_hand, 2) << ") -> " << pct(row.placed_learned, row.candidates)
      << " (" << fixed(row.impact_learned, 2) << ")"
      << (row.flagged ? t(" FLAGGED", " FLAGGET") : "") << "; +" << row.gained << ", -" << row.lost
      << "; " << row.good << "/" << row.bad << "\n";
  }
  if (!nb) {
    for (const std::string& n : r.notes) {
      s << "  " << n << "\n";
    }
    return s.str();
  }
  for (const GroupRow& row : r.rows) {
    const auto rate = [&](Index k) {
      return fixed(100.0 * static_cast<double>(k) / static_cast<double>(row.candidates), 0);
    };
    if (row.flagged) {
      s << "  gruppe " << quoted(row.group) << ": de lærte vektene ville plassert "
        << rate(row.placed_learned) << " % av kandidatene mot " << rate(row.placed_hand)
        << " % med de manuelle, " << fixed(row.impact_learned, 2)
        << " av den beste gruppens andel (under 0.8); se på hvorfor før de tas i bruk.\n";
    }
    if (row.small) {
      s << "  gruppe " << quoted(row.group) << " har " << row.candidates << " kandidat"
        << (row.candidates == 1 ? "" : "er")
        << ": for få til å trekke konklusjoner; les intervallene.\n";
    }
  }
  return s.str();
}

}  // namespace kobling
