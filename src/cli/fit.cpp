// src/cli/fit.cpp — kobling fit (weights from past intakes' outcomes) and
// kobling adopt (a kick-off with learned weights).
#include <charconv>
#include <cmath>
#include <filesystem>
#include <ostream>
#include <sstream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "common/text.hpp"
#include "kobling/kobling.hpp"

namespace kobling::cli {

namespace {

std::vector<std::string> names(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, ',')) {
    item = detail::trim(item);
    if (!item.empty()) {
      out.push_back(item);
    }
  }
  return out;
}

double number_option(const std::string& key, const std::string& text) {
  double x = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() || !std::isfinite(x)) {
    throw UsageError("--" + key + " must be a number, got '" + text + "'");
  }
  return x;
}

long long integer_option(const std::string& key, const std::string& text, long long least) {
  long long x = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() || x < least) {
    throw UsageError("--" + key + " must be an integer >= " + std::to_string(least) + ", got '" +
                     text + "'");
  }
  return x;
}

Intake load_any_intake(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_directory(path, ec) ? load_intake_csv(path) : load_intake(path);
}

}  // namespace

int cmd_fit(const Parsed& p, std::ostream& out, std::ostream& err) {
  std::vector<std::string> paths{p.file};
  paths.insert(paths.end(), p.rest.begin(), p.rest.end());
  FitOptions o;
  o.features = names(option(p, "features", ""));
  o.protected_features = names(option(p, "protected", ""));
  for (const std::string& f : names(option(p, "free", ""))) {
    o.monotone.emplace_back(f, Monotone::free);
  }
  if (p.options.count("l2") != 0) {
    o.l2 = number_option("l2", p.options.at("l2"));
  }
  if (p.options.count("horizon-days") != 0) {
    const long long days = integer_option("horizon-days", p.options.at("horizon-days"), 0);
    if (days > 100 * 366) {
      throw UsageError("--horizon-days must be at most 36600 (a hundred years), got " +
                       p.options.at("horizon-days"));
    }
    o.label.horizon_days = static_cast<std::int32_t>(days);
  }
  o.label.declined_is_bad = p.options.count("declined-is-bad") != 0;
  o.balance_intakes = p.options.count("balance") != 0;
  if (p.options.count("folds") != 0) {
    o.folds = static_cast<Index>(integer_option("folds", p.options.at("folds"), 2));
  }
  if (p.options.count("seed") != 0) {
    o.seed = static_cast<std::uint64_t>(integer_option("seed", p.options.at("seed"), 0));
  }
  GroupSpec groups;
  if (p.options.count("group-by") != 0) {
    groups.feature = p.options.at("group-by");
    for (const std::string& b : names(option(p, "bins", ""))) {
      groups.bins.push_back(number_option("bins", b));
    }
  } else if (p.options.count("bins") != 0) {
    throw UsageError("--bins needs --group-by FEATURE");
  }
  const Lang lang = parse_lang(option(p, "lang", "en"));
  std::vector<Intake> intakes;
  for (const std::string& path : paths) {
    intakes.push_back(load_any_intake(path));
  }
  if (!groups.feature.empty()) {  // before the fit: a bad option fails fast, and --out is not lost
    std::vector<const Kickoff*> kickoffs;
    for (const Intake& t : intakes) {
      kickoffs.push_back(&t.kickoff());
    }
    check_group_spec(kickoffs, groups);
  }
  const FitResult fit = fit_weights(intakes, o);
  for (const Warning& w : fit.warnings) {
    err << "kobling: warning: " << w.message() << "\n";
  }
  std::string text = format_fit(fit, lang);
  if (!groups.feature.empty()) {
    text += "\n";
    if (fit.profile.usable) {
      text += format_group_report(group_report(intakes, fit.profile, groups, o.label), lang);
    } else {
      text += lang == Lang::nb ? "Grupper: de lærte koeffisientene kan ikke brukes som vekter, så "
                                 "det er ingenting å sammenligne.\n"
                               : "Groups: the learned coefficients cannot be weights, so there "
                                 "is nothing to compare.\n";
    }
  }
  if (p.options.count("out") != 0) {
    std::vector<std::filesystem::path> inputs(paths.begin(), paths.end());
    write_output_file(p.options.at("out"), weights_to_json(fit).dump(2) + "\n",
                      OutputOptions{inputs});
    text += (lang == Lang::nb ? "\nVektene er skrevet til " : "\nWeights written to ") +
            p.options.at("out") + "\n";
  }
  out << text;
  return kExitOk;
}

int cmd_adopt(const Parsed& p, std::ostream& out, std::ostream& err) {
  const Kickoff kickoff = load_input(p);
  const std::string& path = p.rest.at(0);
  const SavedWeights saved = load_weights(path);
  WithWeightsOptions o;
  o.companies = names(option(p, "companies", ""));
  o.force = p.options.count("force") != 0;
  std::vector<Warning> warnings;
  const Kickoff adopted = with_weights(kickoff, saved.profile, saved.validated, o, &warnings);
  for (const Warning& w : warnings) {
    err << "kobling: warning: " << w.message() << "\n";
  }
  const std::string text = kickoff_to_json(adopted).dump(2) + "\n";
  if (p.options.count("out") != 0 && p.options.at("out") != "-") {
    write_output_file(p.options.at("out"), text, OutputOptions{{p.file, path}});
    out << "Adopted     the learned weights of " << path << " at "
        << (o.companies.empty() ? adopted.num_companies() : static_cast<Index>(o.companies.size()))
        << " of " << adopted.num_companies() << " companies; written to " << p.options.at("out")
        << "\n";
    return kExitOk;
  }
  out << text;
  return kExitOk;
}

}  // namespace kobling::cli
