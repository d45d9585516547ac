// src/cli/main.cpp — the kobling program: arguments in, exit code out.
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/memory.hpp"
#include "kobling/output_file.hpp"

// The program's malloc is wrapped at link time (-Wl,--wrap=malloc,
// src/CMakeLists.txt) and operator new goes through it, so that a request the
// system refuses is recorded with its size: Eigen's matrices come from malloc,
// the rest from operator new. An out-of-memory error can then say how much
// was asked for.
#ifdef KOBLING_RECORD_ALLOCATIONS
extern "C" void* __real_malloc(std::size_t size);
extern "C" void* __wrap_malloc(std::size_t size) {
  void* p = __real_malloc(size);
  if (p == nullptr && size != 0) {
    kobling::cli::record_failed_allocation(size);
  }
  return p;
}

void* operator new(std::size_t size) {
  if (void* p = std::malloc(size == 0 ? 1 : size)) {
    return p;
  }
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return ::operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t /*size*/) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t /*size*/) noexcept { std::free(p); }
#endif

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
