#include "cli/commands.hpp"

#include "cli/args.hpp"

#include "cli/memory.hpp"
#include "common/read_file.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <new>
#include <optional>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "common/text.hpp"
#include "kobling/kobling.hpp"

namespace kobling::cli {

namespace {

constexpr const char* kUsage = R"(kobling - candidate-employer matchmaking with exact guarantees

Usage:
  kobling run FILE [--policy POLICY] [--proposer SIDE] [--tie-break RULE] [--seed N]
              [--improve] [--max-placed] [--price-bounds] [--lang LANG]
              [--out RESULT.json|PLACEMENTS.csv] [--folder DIR] [--summary] [--strict]
  kobling round FILE --previous RESULT.json [--policy POLICY] [--withdrawn IDS]
              [--pinned IDS | --pin-all]
              [--no-worse] [--tie-break RULE] [--seed N] [--improve] [--lang LANG]
              [--out RESULT.json|PLACEMENTS.csv] [--folder DIR] [--summary] [--strict]
  kobling interviews FILE [--cap-per-seat X] [--min N] [--start HH:MM] [--end HH:MM]
              [--slot-minutes N] [--travel-minutes N] [--out DIR] [--strict]
  kobling verdicts FILE VERDICTS.csv [--out KICKOFF.json]
  kobling fit INTAKE... [--out WEIGHTS.json] [--features F,..] [--protected F,..]
              [--free F,..] [--l2 X] [--horizon-days N] [--declined-is-bad] [--balance]
              [--folds K] [--seed N] [--group-by FEATURE [--bins 16,20,25,36]]
              [--lang LANG]
  kobling adopt FILE WEIGHTS.json [--out KICKOFF.json] [--companies IDS] [--force]
  kobling compare FILE [--strict]
  kobling explain FILE CANDIDATE COMPANY
  kobling recommend FILE CANDIDATE [--top K]
  kobling shortlist FILE COMPANY
  kobling errors
  kobling --help | --version

Commands:
  run        assign candidates to companies with one policy and print a report:
             placed / total, wishes honoured by rank, unplaced candidates, the
             ties that decided seats, each company's roster with its fill rate,
             and why: a reason per unplaced candidate and wish, why seats stayed
             empty, near misses and the second round's invitation list
  round      a later round on the kick-off as it is now (stable by default;
             max_placement and rank_maximal move as few candidates as possible)
             (late candidates, extra seats and new wishes edited into FILE):
             RESULT.json is the last round's result (--out of run or round);
             --withdrawn lists dropouts and declined offers, --pinned those who
             signed or started (kept where they are; --pin-all: everyone placed
             last time); the report adds who moved, who was newly placed and
             who lost a seat
  interviews plan the interview day: who interviews whom (each company at most
             its cap, every candidate at least --min interviews where the
             wishes allow, then wish rank, then score: exact) and when (no
             one in two rooms at once, windows, rooms and travel between
             sites; the fewest slots when nobody has windows); prints the
             plan and who stays below the minimum and why; --out DIR writes
             interviews.json, company_timetable.csv, candidate_timetable.csv
             and verdicts.csv (the template to fill in after the interviews)
  verdicts   read a filled verdicts.csv (verdict: 1, 2, ... = tiers, equal
             numbers tied; wanted/maybe; no = refused) into the companies'
             rankings and refusals; prints the kick-off with them, or writes it
             to --out, ready for the final 'run'
  fit        learn weights from past intakes' outcomes (INTAKE: an intake/1
             file or a CSV intake folder, data/README.md): cross-validation by
             intake against the hand weights, the decision to adopt or keep
             them and why, and with --group-by the placement rates by group
             under both; --out writes the weights (weights/1); exits 0 whether
             the decision is to adopt or to keep
  adopt      the kick-off FILE with the learned weights of WEIGHTS.json (a
             fit whose decision was to keep the hand weights only with --force)
  compare    run every policy and print one table (placed, 1st/2nd/3rd wishes,
             mean score, blocking pairs) and the candidates whose outcome differs
  explain    how CANDIDATE's fit score at COMPANY is made up, feature by
             feature (the contributions sum to the score), and why the pair is
             ineligible or needs review
  recommend  the K (default 5) best eligible companies for CANDIDATE, before
             wishes are made, with the main reasons
  shortlist  the candidates who listed COMPANY, in the company's preference
             order (interview ranking, then score), with reasons
  errors     the error catalogue: every error id kobling raises, its type and
             what it means (error messages start with the id in brackets)

Options:
  --policy POLICY    stable (default), max_placement or rank_maximal
                       stable         deferred acceptance: no blocking pair; the
                                      candidate-optimal stable assignment
                       max_placement  most candidates placed, then most utility
                                      (rank bonus 2/1/0 for wishes 1/2/3 + score)
                       rank_maximal   most 1st wishes, then most 2nd, ...; ties by score
  --proposer SIDE    stable only: candidates (default) or companies
                     (companies gives the company-optimal stable assignment)
  --tie-break RULE   how ties are decided (stable: a company's equal scores or
                     shared ranking place; max_placement, rank_maximal: equally
                     good matchings): lottery (one seeded order shared by all
                     companies), lottery_per_company or index (row order);
                     default: the kick-off file's, else lottery
  --seed N           the lottery's seed, 0 <= N < 2^64 (default: the file's,
                     else 0); the report and --out record the rule, the seed
                     and every tie that decided a seat
  --max-placed       stable only: the largest weakly stable matching (companies'
                     ties kept as ties; exact, kick-off scale) instead of
                     deferred acceptance with the tie rule
  --price-bounds     with cohort bounds in FILE (max_placement, rank_maximal):
                     re-solve without each bound and report what it costs
  --improve          stable only: stable improvement cycles after deferred
                     acceptance (no weakly stable assignment is better for
                     some candidate and worse for none)
  --previous FILE    round: the last round's result file (JSON)
  --withdrawn IDS    round: comma-separated candidate ids who withdrew
  --pinned IDS       round: comma-separated candidate ids kept at their company
  --pin-all          round: pin everyone the last round placed
  --no-worse         round: everyone placed last round keeps priority at that
                     company, so nobody placed ends worse off (even when late
                     candidates or new wishes compete for their seat)
  --lang LANG        run, round: the language of the report and the reasons: en
                     (English, default) or nb (Norwegian Bokmål)
  --out FILE         also write the result as JSON, or for a name ending in
                     .csv the placements table (candidate, name, company,
                     company_name, wish from 1, score); written only on
                     success; '-' writes the JSON to standard output instead
                     of the report; never the input; new files are private:
                     mode 0600
  --folder DIR       run, round: also write the files to hand out: result.json,
                     placements.csv, companies/<id>.txt (a roster per company)
                     and candidates/<id>.txt (a letter per candidate: the
                     placement, or each wish's reason and the companies with
                     free seats that would take them), in --lang
  --top K            recommend: how many companies (default 5)
  --summary          run, round: the report's totals only (placed, wishes,
                     reasons counted by kind), without the per-candidate and
                     per-company lists: for runs of thousands
  --strict           run, round, interviews, compare: the warnings (silent
                     choices: all-zero weights, listed companies without
                     seats, rankings naming non-applicants or candidates who
                     cannot be placed there, features nothing uses, candidates
                     without a possible wish) are errors: exit 2 before the
                     match; without it they go to standard error
  --encoding E       every command, when FILE is a folder of CSV files: the
                     files' encoding, utf-8 or windows-1252 (default: detected)
  --delimiter D      ... their separator: ",", ";" or tab (default: detected
                     from the header line)
  --decimal M        ... their decimal mark: "." or "," (default: "," in
                     ";"-separated files, else ".")
  -h, --help         show this help
  --version          show the version

FILE is a kick-off in the JSON format of data/schema/kickoff.schema.json, or a
folder with companies.csv, candidates.csv and optionally features.csv (the CSV
layout of data/README.md); CANDIDATE and COMPANY are ids from it.
Exit status: 0 success, 2 bad usage or invalid input (one line on stderr naming
the JSON path and the reason), 1 internal error.
)";

struct CommandSpec {
  std::vector<std::string> options;
  std::vector<std::string> positional;  // after FILE, e.g. {"CANDIDATE", "COMPANY"}
  std::vector<std::string> flags = {};  // options without a value
  bool more_files = false;              // any number of further files after FILE
};

Parsed parse(const std::vector<std::string>& args,
             const std::map<std::string, CommandSpec>& allowed) {
  Parsed p;
  if (args.empty()) {
    throw UsageError("missing command; try 'kobling --help'");
  }
  p.command = args[0];
  const auto spec = allowed.find(p.command);
  if (spec == allowed.end()) {
    throw UsageError("unknown command '" + p.command + "'; try 'kobling --help'");
  }
  for (std::size_t a = 1; a < args.size(); ++a) {
    const std::string& arg = args[a];
    if (arg.rfind("--", 0) == 0) {
      std::string key = arg.substr(2);
      std::string value;
      const auto eq = key.find('=');
      const auto& flags = spec->second.flags;
      const bool flag = std::find(flags.begin(), flags.end(), key) != flags.end();
      if (flag) {
        value = "yes";
      } else if (eq != std::string::npos) {
        value = key.substr(eq + 1);
        key = key.substr(0, eq);
      } else {
        if (a + 1 >= args.size()) {
          throw UsageError("option --" + key + " needs a value");
        }
        value = args[++a];
      }
      bool known = flag;
      for (const auto& k : spec->second.options) {
        known = known || k == key;
      }
      if (!known) {
        throw UsageError("unknown option --" + key + " for '" + p.command + "'");
      }
      if (p.options.count(key) != 0) {
        throw UsageError("option --" + key + " given twice");
      }
      p.options[key] = value;
    } else if (p.file.empty()) {
      p.file = arg;
    } else if (p.rest.size() < spec->second.positional.size() || spec->second.more_files) {
      p.rest.push_back(arg);
    } else {
      throw UsageError("unexpected argument '" + arg + "'");
    }
  }
  if (p.file.empty()) {
    throw UsageError("'" + p.command + "' needs " +
                     (spec->second.more_files ? "at least one INTAKE (an intake file or folder)"
                                              : "a kick-off FILE"));
  }
  if (p.rest.size() < spec->second.positional.size()) {
    throw UsageError("'" + p.command + "' needs " + spec->second.positional[p.rest.size()] +
                     " after FILE");
  }
  return p;
}

}  // namespace

// FILE: a kick-off JSON file, or a folder of CSV files read as --encoding,
// --delimiter and --decimal say (detected when not given).
Kickoff load_input(const Parsed& p) {
  std::error_code ec;
  const bool folder = std::filesystem::is_directory(p.file, ec);
  const bool file = std::filesystem::is_regular_file(p.file, ec);  // (missing: the loader says)
  for (const char* key : {"encoding", "delimiter", "decimal"}) {
    if (p.options.count(key) != 0 && file) {
      throw UsageError(std::string("--") + key + " applies to a folder of CSV files, not " +
                       p.file);
    }
  }
  if (folder) {
    CsvFormat format;
    try {
      format = parse_csv_format(option(p, "encoding", ""), option(p, "delimiter", ""),
                                option(p, "decimal", ""));
    } catch (const InvalidArgument& e) {
      throw UsageError("--" + e.place() + ": " + e.reason());
    }
    return load_kickoff_csv(p.file, format);
  }
  return load_kickoff(p.file);
}

namespace {

std::uint64_t parse_seed(const std::string& text) {
  std::uint64_t seed = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    throw UsageError("--seed must be an integer in [0, 2^64), got '" + text + "'");
  }
  return seed;
}

// --out FILE (the placements table for a .csv name, else the result JSON;
// "-": the JSON on standard output after the files are written, and true is
// returned: nothing else may be printed) and --folder DIR (handouts.hpp:
// result, placements, a roster per company, a letter per candidate).
// Everything is computed before the first file is written; no file is ever
// one of `inputs`.
bool write_outputs(const Parsed& p, const Kickoff& k, const ScoreTable& table, const Assignment& a,
                   const ResultReasons& reasons, Policy policy, const std::string& label, Lang lang,
                   std::ostream& out, const std::vector<std::filesystem::path>& inputs) {
  std::vector<std::pair<std::filesystem::path, std::string>> files;
  std::optional<std::string> to_stdout;
  if (p.options.count("out") != 0) {
    const std::string& target = p.options.at("out");
    const bool csv = std::filesystem::path(target).extension() == ".csv";
    std::string text = csv ? placements_csv(k, table, a)
                           : result_to_json(k, a, label, &reasons, lang).dump(2) + "\n";
    if (target == "-") {
      to_stdout = std::move(text);
    } else {
      files.emplace_back(target, std::move(text));
    }
  }
  if (p.options.count("folder") != 0) {
    const std::filesystem::path dir = p.options.at("folder");
    for (auto& [name, text] : handout_files(k, table, a, reasons, policy, label, lang)) {
      files.emplace_back(dir / name, std::move(text));
    }
  }
  for (const auto& [path, text] : files) {
    std::error_code ec;
    if (path.has_parent_path()) {
      std::filesystem::create_directories(path.parent_path(), ec);
      if (ec) {
        throw FileError("kobling.io.write", path.parent_path().string(),
                        "cannot create the folder (" + ec.message() + ")");
      }
    }
    write_output_file(path, text, OutputOptions{inputs});
  }
  if (to_stdout) {
    out << *to_stdout;
    return true;
  }
  return false;
}

// The kick-off's warnings on standard error, one line each (at most
// kWarningLines per id, then how many more); with --strict they are errors:
// the same lines as errors, and the command stops (StrictWarnings).
struct StrictWarnings {};

void warn(const Parsed& p, const Kickoff& k, const ScoreTable& table, std::ostream& err) {
  const std::vector<Warning> warnings = kickoff_warnings(k, table);
  const bool strict = p.options.count("strict") != 0;
  const char* prefix = strict ? "kobling: error: " : "kobling: warning: ";
  std::size_t shown = 0;
  for (std::size_t w = 0; w < warnings.size(); ++w) {
    const bool first = w == 0 || warnings[w].id != warnings[w - 1].id;
    shown = first ? 0 : shown;
    if (shown++ < kWarningLines) {
      err << prefix << warnings[w].message() << "\n";
    }
    const bool last = w + 1 == warnings.size() || warnings[w + 1].id != warnings[w].id;
    if (last && shown > kWarningLines) {
      err << prefix << "[" << warnings[w].id << "] and " << shown - kWarningLines
          << " more like it\n";
    }
  }
  if (strict && !warnings.empty()) {
    throw StrictWarnings{};
  }
}

int cmd_run(const Parsed& p, std::ostream& out, std::ostream& err) {
  MatchOptions options;
  options.policy = parse_policy(option(p, "policy", "stable"));
  options.proposer = parse_proposer(option(p, "proposer", "candidates"));
  for (const char* only_stable : {"proposer", "improve", "max-placed"}) {
    if (p.options.count(only_stable) != 0 && options.policy != Policy::stable) {
      throw UsageError(std::string("--") + only_stable + " applies to --policy stable only");
    }
  }
  if (p.options.count("tie-break") != 0) {
    options.tie_break = parse_tie_break(p.options.at("tie-break"));
  }
  if (p.options.count("seed") != 0) {
    options.seed = parse_seed(p.options.at("seed"));
  }
  options.improve = p.options.count("improve") != 0;
  options.price_bounds = p.options.count("price-bounds") != 0;
  options.max_placed = p.options.count("max-placed") != 0;
  const Kickoff kickoff = load_input(p);
  const ScoreTable table = score_listed(kickoff);  // the listed pairs: what a policy reads
  const Lang lang = parse_lang(option(p, "lang", "en"));
  warn(p, kickoff, table, err);
  const Assignment result = match(kickoff, table, options);
  const std::string label = describe(options);
  const ResultReasons reasons = explain_result(kickoff, table, result, options.policy);
  if (write_outputs(p, kickoff, table, result, reasons, options.policy, label, lang, out,
                    {p.file})) {
    return kExitOk;  // standard output holds the JSON alone
  }
  // One write, last: a failure to write leaves its errno for the caller.
  const bool summary = p.options.count("summary") != 0;
  out << format_report(kickoff, table, result, label, lang, summary) +
             format_reasons(kickoff, reasons, options.policy, lang, summary);
  return kExitOk;
}

// Comma-separated candidate ids of an option, as indices ("" gives none).
std::vector<Index> candidate_ids(const Kickoff& k, const Parsed& p, const std::string& key) {
  std::vector<Index> out;
  const std::string text = option(p, key, "");
  std::size_t at = 0;
  while (at <= text.size() && !text.empty()) {
    const std::size_t comma = std::min(text.find(',', at), text.size());
    const std::string id = detail::trim(text.substr(at, comma - at));
    if (!id.empty()) {
      const std::optional<Index> i = k.find_candidate(id);
      if (!i) {
        throw OutOfRange("kobling.round.unknown_candidate", "--" + key,
                         "unknown candidate id " + detail::quoted(id));
      }
      out.push_back(*i);
    }
    at = comma + 1;
  }
  return out;
}

int cmd_round(const Parsed& p, std::ostream& out, std::ostream& err) {
  if (p.options.count("previous") == 0) {
    throw UsageError("'round' needs --previous RESULT.json, the last round's result");
  }
  if (p.options.count("pinned") != 0 && p.options.count("pin-all") != 0) {
    throw UsageError("give --pinned or --pin-all, not both");
  }
  MatchOptions options;
  options.policy = parse_policy(option(p, "policy", "stable"));
  for (const char* only_stable : {"improve"}) {
    if (p.options.count(only_stable) != 0 && options.policy != Policy::stable) {
      throw UsageError(std::string("--") + only_stable + " applies to --policy stable only");
    }
  }
  if (p.options.count("tie-break") != 0) {
    options.tie_break = parse_tie_break(p.options.at("tie-break"));
  }
  if (p.options.count("seed") != 0) {
    options.seed = parse_seed(p.options.at("seed"));
  }
  options.improve = p.options.count("improve") != 0;
  options.no_worse = p.options.count("no-worse") != 0;
  const Lang lang = parse_lang(option(p, "lang", "en"));
  const Kickoff kickoff = load_input(p);
  options.previous = load_previous_result(kickoff, p.options.at("previous"));
  options.withdrawn = candidate_ids(kickoff, p, "withdrawn");
  if (p.options.count("pin-all") != 0) {
    const std::vector<Index>& gone = options.withdrawn;
    for (Index i = 0; i < kickoff.num_candidates(); ++i) {
      if (options.previous[i] != kNone && std::find(gone.begin(), gone.end(), i) == gone.end()) {
        options.pinned.push_back(i);
      }
    }
  } else {
    options.pinned = candidate_ids(kickoff, p, "pinned");
  }
  const ScoreTable table = score_listed(kickoff);
  warn(p, kickoff, table, err);
  const Assignment result = match(kickoff, table, options);
  const std::string label = describe(options) + ", round";
  const ResultReasons reasons = explain_result(kickoff, table, result, options.policy);
  if (write_outputs(p, kickoff, table, result, reasons, options.policy, label, lang, out,
                    {p.file, p.options.at("previous")})) {
    return kExitOk;
  }
  const bool summary = p.options.count("summary") != 0;
  out << format_report(kickoff, table, result, label, lang, summary) +
             format_reasons(kickoff, reasons, options.policy, lang, summary);
  return kExitOk;
}

Index int_option(const Parsed& p, const std::string& key, Index fallback, Index least) {
  const auto it = p.options.find(key);
  if (it == p.options.end()) {
    return fallback;
  }
  Index v = 0;
  const std::string& text = it->second;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < least) {
    throw UsageError("--" + key + " must be an integer >= " + std::to_string(least) + ", got '" +
                     text + "'");
  }
  return v;
}

int cmd_interviews(const Parsed& p, std::ostream& out, std::ostream& err) {
  InterviewDayOptions o;
  if (p.options.count("cap-per-seat") != 0) {
    const std::string& text = p.options.at("cap-per-seat");
    char* end = nullptr;
    o.cap_per_seat = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !(o.cap_per_seat >= 0.0)) {
      throw UsageError("--cap-per-seat must be a number >= 0, got '" + text + "'");
    }
  }
  o.min_per_candidate = int_option(p, "min", 1, 0);
  o.slot_minutes = int_option(p, "slot-minutes", 20, 1);
  o.travel_minutes = int_option(p, "travel-minutes", 0, 0);
  o.start = parse_clock(option(p, "start", "09:00"), "--start");
  o.end = parse_clock(option(p, "end", "16:00"), "--end");
  const Kickoff kickoff = load_input(p);
  const ScoreTable table = score_listed(kickoff);
  warn(p, kickoff, table, err);
  const InterviewDay day = plan_interview_day(kickoff, table, o);
  if (p.options.count("out") != 0) {
    // Everything is computed before the first file is written.
    const std::filesystem::path dir = p.options.at("out");
    const std::vector<std::pair<std::string, std::string>> files{
        {"interviews.json", interview_day_json(kickoff, table, day) + "\n"},
        {"company_timetable.csv", company_timetable_csv(kickoff, day)},
        {"candidate_timetable.csv", candidate_timetable_csv(kickoff, day)},
        {"verdicts.csv", verdict_template_csv(kickoff, table, day)}};
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      throw FileError("kobling.io.write", dir.string(),
                      "cannot create the folder (" + ec.message() + ")");
    }
    for (const auto& [name, text] : files) {
      write_output_file(dir / name, text, OutputOptions{{p.file}});
    }
  }
  const InterviewPlan& plan = day.plan;
  const InterviewSchedule& s = day.schedule;
  std::ostringstream text;
  text << "Interviews  " << plan.pairs.rows() << " for " << kickoff.num_candidates()
       << " candidates at " << kickoff.num_companies() << " companies (caps: "
       << (p.options.count("cap-per-seat") != 0 ? p.options.at("cap-per-seat") : "3")
       << " per seat unless a company sets its own)\n";
  text << "Covered     " << kickoff.num_candidates() - static_cast<Index>(plan.uncovered.size())
       << " of " << kickoff.num_candidates() << " candidates have at least " << o.min_per_candidate
       << " interview(s)\n";
  text << "Timetable   " << day.slot_time(0) << "-" << day.slot_time(s.slots_used) << ": "
       << s.slots_used << " slot(s) of " << o.slot_minutes << " min; lower bound " << s.lower_bound
       << (s.exact ? " (reached: the fewest possible)" : "") << "; " << s.idle_gaps
       << " idle gap(s)";
  if (s.unscheduled > 0) {
    text << "; " << s.unscheduled << " interview(s) found no slot before "
         << day.slot_time(day.n_slots);
  }
  text << "\n";
  if (!plan.uncovered.empty()) {
    text << "Below the minimum (" << plan.uncovered.size() << "):\n";
    for (std::size_t u = 0; u < plan.uncovered.size(); ++u) {
      const std::string& why = plan.uncovered_reason[u];
      text << "  " << kickoff.candidate(plan.uncovered[u]).id << ": "
           << (why == "no_acceptable_wish" ? "no eligible wish"
               : why == "too_few_wishes"   ? "fewer eligible wishes than the minimum"
                                           : "every wish's interviews went to candidates ranked "
                                             "higher by the plan (earlier wishes, better scores)")
           << "\n";
    }
  }
  text << "Companies:\n";
  for (Index j = 0; j < kickoff.num_companies(); ++j) {
    text << "  " << kickoff.company(j).id << ": " << plan.per_company[j] << " of cap "
         << day.caps[j] << "\n";
  }
  out << text.str();
  return kExitOk;
}

int cmd_verdicts(const Parsed& p, std::ostream& out) {
  const Kickoff kickoff = load_input(p);
  const std::string& path = p.rest.at(0);
  const Kickoff decided = apply_verdicts(kickoff, detail::read_file(path, "the verdicts file"),
                                         std::filesystem::path(path).filename().string());
  const std::string text = kickoff_to_json(decided).dump(2) + "\n";
  if (p.options.count("out") != 0 && p.options.at("out") != "-") {
    write_output_file(p.options.at("out"), text, OutputOptions{{p.file, path}});
    Index ranked = 0;
    for (const Company& c : decided.companies()) {
      ranked += c.ranking.empty() ? 0 : 1;
    }
    out << "Verdicts    " << ranked << " of " << decided.num_companies()
        << " companies have an interview ranking; written to " << p.options.at("out") << "\n";
    return kExitOk;
  }
  out << text;
  return kExitOk;
}

int cmd_compare(const Parsed& p, std::ostream& out, std::ostream& err) {
  const Kickoff kickoff = load_input(p);
  const ScoreTable table = score_listed(kickoff);
  warn(p, kickoff, table, err);
  const PolicyComparison c = compare_policies(kickoff, table);
  out << (kickoff.name().empty() ? std::string("kick-off") : kickoff.name()) << ": "
      << kickoff.num_candidates() << " candidates, " << kickoff.num_companies() << " companies\n\n";
  out << format_comparison(kickoff, c);
  return kExitOk;
}

int cmd_explain(const Parsed& p, std::ostream& out) {
  const Kickoff kickoff = load_input(p);
  const Index i = kickoff.candidate_index(p.rest[0]);
  const Index j = kickoff.company_index(p.rest[1]);
  out << format_explanation(kickoff, explain(kickoff, i, j));
  return kExitOk;
}

int cmd_recommend(const Parsed& p, std::ostream& out) {
  const std::string top = option(p, "top", "5");
  Index k = 0;
  try {
    std::size_t used = 0;
    const long v = std::stol(top, &used);
    if (used != top.size() || v < 1 || v > 1000000) {
      throw std::invalid_argument(top);
    }
    k = static_cast<Index>(v);
  } catch (const std::logic_error&) {
    throw UsageError("--top must be a positive integer, got '" + top + "'");
  }
  const Kickoff kickoff = load_input(p);
  const Index i = kickoff.candidate_index(p.rest[0]);
  out << format_recommendations(kickoff, recommend(kickoff, i, k));  // one row, not the table
  return kExitOk;
}

// The catalogue as a table: id, kind, meaning (the examples are in
// kobling.error_catalogue() and src/common/catalogue.cpp).
int cmd_errors(std::ostream& out) {
  std::size_t id_width = 2;
  std::size_t kind_width = 4;
  for (const CatalogueEntry& e : error_catalogue()) {
    id_width = std::max(id_width, e.id.size());
    kind_width = std::max(kind_width, e.kind.size());
  }
  const auto row = [&](std::string_view id, std::string_view kind, std::string_view meaning) {
    out << id << std::string(id_width + 2 - id.size(), ' ') << kind
        << std::string(kind_width + 2 - kind.size(), ' ') << meaning << "\n";
  };
  row("id", "kind", "meaning");
  for (const CatalogueEntry& e : error_catalogue()) {
    row(e.id, e.kind, e.meaning);
  }
  return kExitOk;
}

int cmd_shortlist(const Parsed& p, std::ostream& out) {
  const Kickoff kickoff = load_input(p);
  const Index j = kickoff.company_index(p.rest[0]);
  out << format_shortlist(kickoff, j, shortlist(kickoff, score_listed(kickoff), j));
  return kExitOk;
}

int dispatch(const Parsed& p, std::ostream& out, std::ostream& err) {
  if (p.command == "run") {
    return cmd_run(p, out, err);
  }
  if (p.command == "round") {
    return cmd_round(p, out, err);
  }
  if (p.command == "explain") {
    return cmd_explain(p, out);
  }
  if (p.command == "recommend") {
    return cmd_recommend(p, out);
  }
  if (p.command == "shortlist") {
    return cmd_shortlist(p, out);
  }
  if (p.command == "interviews") {
    return cmd_interviews(p, out, err);
  }
  if (p.command == "verdicts") {
    return cmd_verdicts(p, out);
  }
  if (p.command == "fit") {
    return cmd_fit(p, out, err);
  }
  if (p.command == "adopt") {
    return cmd_adopt(p, out, err);
  }
  return cmd_compare(p, out, err);
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  record_failed_allocation(0);  // a size from an earlier, handled failure is not this one's
  try {
    if (!args.empty() && (args[0] == "-h" || args[0] == "--help" || args[0] == "help")) {
      out << kUsage;
      return kExitOk;
    }
    if (const std::size_t reserve = missing_reserve(); reserve != 0) {
      record_failed_allocation(reserve);  // too little memory to fail safely later
      throw std::bad_alloc();
    }
    if (!args.empty() && args[0] == "--version") {
      out << "kobling " << kVersion << "\n";
      return kExitOk;
    }
    for (const auto& a : args) {
      if (a == "-h" || a == "--help") {
        out << kUsage;
        return kExitOk;
      }
    }
    if (!args.empty() && args[0] == "errors") {
      if (args.size() > 1) {
        throw UsageError("unexpected argument '" + args[1] + "'; 'errors' takes none");
      }
      return cmd_errors(out);
    }
    std::map<std::string, CommandSpec> commands{
        {"run",
         {{"policy", "proposer", "tie-break", "seed", "lang", "out", "folder"},
          {},
          {"improve", "price-bounds", "max-placed", "summary", "strict"}}},
        {"round",
         {{"previous", "policy", "withdrawn", "pinned", "tie-break", "seed", "lang", "out",
           "folder"},
          {},
          {"improve", "no-worse", "pin-all", "summary", "strict"}}},
        {"interviews",
         {{"cap-per-seat", "min", "start", "end", "slot-minutes", "travel-minutes", "out"},
          {},
          {"strict"}}},
        {"verdicts", {{"out"}, {"VERDICTS.csv"}}},
        {"fit",
         {{"out", "features", "protected", "free", "l2", "horizon-days", "folds", "seed",
           "group-by", "bins", "lang"},
          {},
          {"balance", "declined-is-bad"},
          true}},
        {"adopt", {{"out", "companies"}, {"WEIGHTS.json"}, {"force"}}},
        {"compare", {{}, {}, {"strict"}}},
        {"explain", {{}, {"CANDIDATE", "COMPANY"}}},
        {"recommend", {{"top"}, {"CANDIDATE"}}},
        {"shortlist", {{}, {"COMPANY"}}}};
    for (auto& [name, spec] : commands) {  // how a folder of CSV files is written
      spec.options.insert(spec.options.end(), {"encoding", "delimiter", "decimal"});
    }
    const Parsed p = parse(args, commands);
    const int code = dispatch(p, out, err);
    // A report that did not reach its reader is a failure (a full disk, a
    // closed standard output), not a success. A write that failed during the
    // command (a long report) was its last step and left errno set.
    if (out) {
      errno = 0;
      out.flush();
    }
    if (!out) {
      throw FileError("kobling.io.write", "standard output",
                      std::string("cannot write the output") +
                          (errno != 0 ? std::string(" (") + std::strerror(errno) + ")" : ""));
    }
    return code;
  } catch (const StrictWarnings&) {
    return kExitUsage;  // (the warnings were printed as errors)
  } catch (const UsageError& e) {
    err << "kobling: " << e.what() << "\n";
    return kExitUsage;
  } catch (const kobling::Error& e) {
    err << "kobling: error: " << dynamic_cast<const std::exception&>(e).what() << "\n";
    return kExitUsage;
  } catch (const std::bad_alloc&) {
    // The input is larger than this machine can hold. Memory is short: the size
    // is formatted on the stack, and a message that cannot be built either
    // gives way to a fixed line.
    char size[32] = "a request";
    if (const std::size_t bytes = failed_allocation(); bytes >= (std::size_t{1} << 30)) {
      std::snprintf(size, sizeof size, "a request for %.1f GiB",
                    static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0));
    } else if (bytes >= (std::size_t{1} << 20)) {
      std::snprintf(size, sizeof size, "a request for %.1f MiB",
                    static_cast<double>(bytes) / (1024.0 * 1024.0));
    } else if (bytes > 0) {
      std::snprintf(size, sizeof size, "a request for %zu bytes", bytes);
    }
    try {
      err << "kobling: error: "
          << ResourceLimit(
                 "kobling.resource.memory", args.empty() ? std::string("kobling") : args[0],
                 std::string("out of memory: ") + size +
                     " could not be allocated; use a machine with more memory or a smaller input")
                 .what()
          << "\n";
    } catch (const std::bad_alloc&) {  // not even the message fits: a fixed line
      err << "kobling: error: [kobling.resource.memory] out of memory\n";
    }
    return kExitUsage;
  } catch (const std::exception& e) {
    err << "kobling: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
}

}  // namespace kobling::cli
