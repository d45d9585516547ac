// src/cli/main.cpp — the kobling program: arguments in, exit code out.
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "kobling/output_file.hpp"

namespace {

// An interrupted run removes the temporary file of a result it was writing,
// then ends as the signal would have ended it.
extern "C" void on_signal(int sig) {
  kobling::remove_pending_output_files();
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::vector<std::string> args(argv + 1, argv + argc);
  return kobling::cli::run(args, std::cout, std::cerr);
}
