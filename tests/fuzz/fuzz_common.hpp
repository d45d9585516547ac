// tests/fuzz/fuzz_common.hpp — shared checks for the libFuzzer targets.
//
// A target must never crash, hang, or throw anything but a kobling error for
// bad input; and when a call succeeds its result is verified, so a wrong
// answer aborts (libFuzzer reports it as a crash with the input).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "kobling/errors.hpp"

namespace kobling::fuzz {

[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "kobling fuzz: %s\n", what.c_str());
  std::abort();
}

inline void check(bool ok, const std::string& what) {
  if (!ok) {
    fail(what);
  }
}

/// Runs f; kobling errors are expected outcomes of bad input, anything else
/// (a std::bad_alloc, an escaped library exception) is a bug. Returns true
/// when f succeeded.
template <class F>
bool expect_success_or_kobling_error(F&& f) {
  try {
    f();
    return true;
  } catch (const kobling::Error&) {
    return false;
  } catch (const std::exception& e) {
    fail(std::string("non-kobling exception: ") + e.what());
  }
}

}  // namespace kobling::fuzz
