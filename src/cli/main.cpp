// src/cli/main.cpp — the kobling program: arguments in, exit code out.
#include <atomic>
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
//
// The first refusal also releases a reserve taken at start (address space,
// never touched): unwinding after std::bad_alloc runs destructors that
// allocate (nlohmann::json frees a deep document through a vector), and an
// allocation failing there, in a noexcept destructor, would end the program
// instead of the one-line error.
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#ifdef KOBLING_RECORD_ALLOCATIONS
namespace {
std::atomic<void*> reserve{nullptr};
constexpr std::size_t kReserveBytes = std::size_t{16} << 20;
}  // namespace

extern "C" void* __real_malloc(std::size_t size);
extern "C" void* __wrap_malloc(std::size_t size) {
  void* p = __real_malloc(size);
  if (p == nullptr && size != 0) {
    kobling::cli::record_failed_allocation(size);
    std::free(reserve.exchange(nullptr));
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
  // A kick-off file is parsed into millions of small blocks and freed at
  // once; glibc's fast bins then spend a fifth of a national load merging
  // them (malloc_consolidate). Without fast bins the load is 20% faster.
#if defined(__GLIBC__)
  mallopt(M_MXFAST, 0);
#endif
#ifdef KOBLING_RECORD_ALLOCATIONS
  reserve = std::malloc(kReserveBytes);
  if (reserve.load() == nullptr) {
    kobling::cli::record_missing_reserve(kReserveBytes);
  }
#endif
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::vector<std::string> args(argv + 1, argv + argc);
  return kobling::cli::run(args, std::cout, std::cerr);
}
