// src/cli/args.hpp (private) — the parsed command line the command files share.
#pragma once

#include <map>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "kobling/model.hpp"

namespace kobling::cli {

/// Bad usage: printed as "kobling: <message>", exit 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Parsed {
  std::string command;
  std::string file;
  std::vector<std::string> rest;  // positional arguments after FILE
  std::map<std::string, std::string> options;
};

/// The option's value, or `fallback` when not given.
inline std::string option(const Parsed& p, const std::string& key, const std::string& fallback) {
  const auto it = p.options.find(key);
  return it == p.options.end() ? fallback : it->second;
}

/// FILE: a kick-off JSON file, or a folder of CSV files read as --encoding,
/// --delimiter and --decimal say (commands.cpp).
Kickoff load_input(const Parsed& p);

/// fit.cpp: kobling fit INTAKE... and kobling adopt FILE WEIGHTS.json.
int cmd_fit(const Parsed& p, std::ostream& out, std::ostream& err);
int cmd_adopt(const Parsed& p, std::ostream& out, std::ostream& err);

}  // namespace kobling::cli
