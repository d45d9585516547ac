// src/cli/commands.hpp (private) — the kobling command-line program.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace kobling::cli {

/// Exit codes: 0 success, 2 bad usage or bad input (one-line message on
/// stderr), 1 unexpected internal error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitUsage = 2;

/// Runs the program with arguments (without argv[0]); writes to out / err.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace kobling::cli
